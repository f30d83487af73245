# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The in-process tests of the cmdb inventory plugin (cmdb_inventory_cases.py), in a Python of their own.

Importing ansible-core's controller code, as the plugin does (ansible.errors, ansible.plugins.inventory),
switches ansible-core 2.19 and later to controller mode for the whole process
(ansible.module_utils._internal.is_controller, and the serialization it chooses): the module tests
sharing the process would then run as the controller, not as modules, and some of them fail. So
the cases run in a pytest of their own, and each of their failures fails this test with its output.
"""

from __future__ import annotations

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
CASES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cmdb_inventory_cases.py")


def test_the_in_process_cases_pass():
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", CASES], cwd=ROOT,
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout[-12000:] + done.stderr[-3000:]
    assert " passed" in done.stdout and " failed" not in done.stdout

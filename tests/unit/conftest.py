# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Make the checkout importable as ansible_collections.clusterops.platforms.

`pytest tests/unit` runs on the checkout itself: build/collections/ansible_collections/
clusterops/platforms is a symlink to it (the same one `make demo` uses), and
build/collections goes first on sys.path. The repository root is on sys.path too, for
`tests.emulator`, and `emulator_process` runs one emulator for the session.
"""

from __future__ import annotations

import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTIONS = os.path.join(ROOT, 'build', 'collections')
LINK = os.path.join(COLLECTIONS, 'ansible_collections', 'clusterops', 'platforms')

if not os.path.lexists(LINK):
    os.makedirs(os.path.dirname(LINK), exist_ok=True)
    os.symlink(os.path.join('..', '..', '..', '..'), LINK)

if 'ansible_collections.clusterops.platforms' not in sys.modules and COLLECTIONS not in sys.path:
    sys.path.insert(0, COLLECTIONS)

if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from tests.emulator.testing import EmulatorClient, running_emulator  # noqa: E402  pylint: disable=wrong-import-position


@pytest.fixture(scope="session")
def emulator_process(tmp_path_factory):
    """(connection vars, process) of one emulator for the whole session."""
    with running_emulator(tmp_path_factory.mktemp("emulator")) as (variables, process):
        yield variables, process
    assert process.returncode == 0, "the emulator did not exit 0 on SIGTERM"


@pytest.fixture
def emulator(emulator_process):
    """A client of the session's emulator, reset to its seeded state."""
    client = EmulatorClient(emulator_process[0])
    client.control("POST", "/reset")
    yield client
    client.session.close()

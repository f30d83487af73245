# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The platform emulator: a real HTTP(S) server that speaks the platforms' APIs, for tests and demos.

Run it from the repository root (see __main__.py):

    python -m tests.emulator --port 8765 --tls-port 8766 --tls-dir build/emulator/tls \\
        --vars-file build/emulator/vars.yml [--state build/emulator/state.json]

Layout: core.py (what a platform plugs in; request log and faults), control.py (/__emulator__/ API),
state.py (state and its file), faults.py, tls.py (certificates), esb.py (BlueKing's gateway),
testing.py (start and stop it from tests), and one module per platform (blueking.py, ...);
BlueKing CMDB's modules and hosts are in cmdb_hosts.py, what its components share in cmdb_common.py.

Adding a platform is adding a module here that defines PLATFORM = core.Platform(...): its routes
(and test hooks under /__emulator__/<name>/), its seed data, how to name a request's operation and
whether it writes, its credentials and its connection options.
"""

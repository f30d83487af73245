# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The provisioning playbook end to end against the emulator: create, repeat, tear down, repeat.

Each run is a real ansible-playbook process; what it did is read from the emulator's request
log, so "changed=0" is checked against the writes the server saw, not only against the recap.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
COLLECTIONS = os.path.join(ROOT, 'build', 'collections')
ANSIBLE_PLAYBOOK = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
PLAYBOOK = os.path.join(ROOT, 'playbooks', 'provision_database_service.yml')

CREATED = ['cc.create_set', 'cc.create_set', 'codearts.create_host_group', 'dbmind.bind_cluster',
           'dbmind.register_cluster', 'dbmind.switch_llm', 'monitor_v3.metadata_create_cluster_info',
           'ocp.create_cluster']
DELETED = ['cc.delete_set', 'cc.delete_set', 'codearts.delete_host_group',
           'monitor_v3.metadata_delete_cluster_info', 'ocp.delete_cluster']


@pytest.fixture
def playbook(emulator, tmp_path):
    """Run the playbook for the payments service; returns (recap's changed count, writes seen)."""
    vars_file = tmp_path / 'emulator.yml'
    vars_file.write_text(yaml.safe_dump(emulator.vars), encoding='utf-8')
    emulator.control('POST', '/ocp/speed', json={'subtask_seconds': 0.02})
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0')

    def run(state):
        emulator.control('DELETE', '/requests')
        command = [ANSIBLE_PLAYBOOK, PLAYBOOK, '-i', os.path.join(ROOT, 'playbooks', 'inventories', 'emulator'),
                   '-e', '@' + str(vars_file), '-e', '@' + os.path.join(ROOT, 'playbooks', 'services', 'payments.yml'),
                   '-e', 'service_state=%s' % state]
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
        assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
        changed = re.search(r'^localhost\s+: ok=\d+\s+changed=(\d+)', result.stdout, re.M)
        assert changed, result.stdout[-2000:]
        writes = sorted(entry['operation'] for entry in emulator.log() if entry['mutating'])
        return int(changed.group(1)), writes

    return run


def test_the_service_is_created_then_torn_down_and_each_repeat_writes_nothing(playbook):
    changed, writes = playbook('present')
    assert changed > 0
    assert writes == CREATED

    assert playbook('present') == (0, [])

    changed, writes = playbook('absent')
    assert changed > 0
    assert writes == DELETED, 'GaussMaster has no unregister API: DBMind must be left alone'

    assert playbook('absent') == (0, [])

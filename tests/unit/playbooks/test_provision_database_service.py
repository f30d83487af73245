# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The provisioning playbook end to end against the emulator: create, repeat, tear down, repeat.

Each run is a real ansible-playbook process; what it did is read from the emulator's request
log, so "changed=0" is checked against the writes the server saw, not only against the recap.
"""

from __future__ import annotations

import collections
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


Run = collections.namedtuple('Run', 'changed writes changed_tasks')


@pytest.fixture
def playbook(emulator, tmp_path):
    """Run the playbook for the payments service (with --check when asked); returns a Run: the
    recap's changed count, the writes the emulator saw, and the names of the tasks that changed."""
    vars_file = tmp_path / 'emulator.yml'
    vars_file.write_text(yaml.safe_dump(emulator.vars), encoding='utf-8')
    emulator.control('POST', '/ocp/speed', json={'subtask_seconds': 0.02})
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0')

    def run(state, check=False):
        emulator.control('DELETE', '/requests')
        command = [ANSIBLE_PLAYBOOK, PLAYBOOK, '-i', os.path.join(ROOT, 'playbooks', 'inventories', 'emulator'),
                   '-e', '@' + str(vars_file), '-e', '@' + os.path.join(ROOT, 'playbooks', 'services', 'payments.yml'),
                   '-e', 'service_state=%s' % state] + (['--check'] if check else [])
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
        assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
        changed = re.search(r'^localhost\s+: ok=\d+\s+changed=(\d+)', result.stdout, re.M)
        assert changed, result.stdout[-2000:]
        writes = sorted(entry['operation'] for entry in emulator.log() if entry['mutating'])
        return Run(int(changed.group(1)), writes, changed_tasks(result.stdout))

    return run


def changed_tasks(stdout):
    """The names of the tasks that reported a change, in order, from the default callback's output."""
    names, task = [], None
    for line in stdout.splitlines():
        header = re.match(r'TASK \[(.*)\] \*+$', line)
        if header:
            task = header.group(1)
        elif line.startswith('changed: [localhost]'):
            names.append(task)
    return names


def test_the_service_is_created_then_torn_down_and_each_repeat_writes_nothing(playbook):
    run = playbook('present')
    assert run.changed > 0
    assert run.writes == CREATED

    assert playbook('present')[:2] == (0, [])

    run = playbook('absent')
    assert run.changed > 0
    assert run.writes == DELETED, 'GaussMaster has no unregister API: DBMind must be left alone'

    assert playbook('absent')[:2] == (0, [])


def test_check_mode_predicts_exactly_the_changes_the_real_run_makes(playbook):
    """The same tasks report a change with --check as without it, creating and tearing down, and
    --check writes nothing (the role that waits for OCP reads the cluster again after starting)."""
    for state, writes in (('present', CREATED), ('absent', DELETED)):
        check = playbook(state, check=True)
        assert check.writes == [], '--check must send no write'
        real = playbook(state)
        assert real.writes == writes
        assert real.changed == len(real.changed_tasks) > 0
        assert check.changed_tasks == real.changed_tasks, state
        assert check.changed == real.changed, state

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The provisioning playbook end to end against the emulator: create, repeat, tear down, repeat;
--check against the real run; and its OCP role finding a cluster that is still being created.

Each run is a real ansible-playbook process; what it did is read from the emulator's request
log, so "changed=0" is checked against the writes the server saw, not only against the recap.
"""

from __future__ import annotations

import collections
import os
import re
import subprocess
import sys
import time

import pytest
import yaml

from tests.unit.playbooks.service_writes import CREATED, DELETED, ROTATED

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
COLLECTIONS = os.path.join(ROOT, 'build', 'collections')
ANSIBLE_PLAYBOOK = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
PLAYBOOK = os.path.join(ROOT, 'playbooks', 'provision_database_service.yml')


Run = collections.namedtuple('Run', 'changed writes changed_tasks')


@pytest.fixture
def playbook(emulator, tmp_path):
    """Run the playbook for the payments service (with --check when asked); returns a Run: the
    recap's changed count, the writes the emulator saw, and the names of the tasks that changed."""
    vars_file = tmp_path / 'emulator.yml'
    vars_file.write_text(yaml.safe_dump(emulator.vars), encoding='utf-8')
    emulator.control('POST', '/ocp/speed', json={'subtask_seconds': 0.02})
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0')

    def run(state, check=False, update_password='on_create'):
        emulator.control('DELETE', '/requests')
        command = [ANSIBLE_PLAYBOOK, PLAYBOOK, '-i', os.path.join(ROOT, 'playbooks', 'inventories', 'emulator'),
                   '-e', '@' + str(vars_file), '-e', '@' + os.path.join(ROOT, 'playbooks', 'services', 'payments.yml'),
                   '-e', 'service_state=%s' % state, '-e', 'service_update_password=%s' % update_password]
        command += ['--check'] if check else []
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


def test_the_service_is_created_rotated_then_torn_down_and_each_repeat_writes_nothing(playbook):
    run = playbook('present')
    assert run.changed > 0
    assert run.writes == CREATED

    assert playbook('present')[:2] == (0, [])

    run = playbook('present', update_password='always')
    assert run.writes == ROTATED, 'only the passwords the platforms keep are sent again'
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


ROLE_PLAY = """
- name: The ocp_ob_cluster role, or only the start of a creation
  hosts: localhost
  connection: local
  gather_facts: false
  module_defaults:
    group/clusterops.platforms.ocp:
      ocp_url: "{{ ocp_url }}"
      ocp_access_key_id: "{{ ocp_access_key_id }}"
      ocp_access_key_secret: "{{ ocp_access_key_secret }}"
  vars:
    ocp_ob_cluster_name: held_ob
    ocp_ob_cluster_rpm_name: oceanbase-4.2.1.0-100000102023092807.el7.x86_64.rpm
    ocp_ob_cluster_root_password: Held-Root-Pass-1
    ocp_ob_cluster_zones: [{name: zone1, idc_name: hz1, servers: [192.0.2.11]}]
    ocp_ob_cluster_poll_delay: 1
    ocp_ob_cluster_wait_timeout: 120
  tasks:
    - name: Start the creation only
      clusterops.platforms.ocp_ob_cluster:
        name: "{{ ocp_ob_cluster_name }}"
        rpm_name: "{{ ocp_ob_cluster_rpm_name }}"
        root_password: "{{ ocp_ob_cluster_root_password }}"
        zones: "{{ ocp_ob_cluster_zones }}"
        wait: false
      when: start_only | default(false) | bool

    - name: Run the role
      ansible.builtin.include_role:
        name: clusterops.platforms.ocp_ob_cluster
      when: not start_only | default(false) | bool
"""


def test_the_ocp_role_finishes_a_creation_it_finds_under_way_and_check_mode_predicts_that(emulator, tmp_path):
    """A creation started earlier (say by a run that timed out) is held before its last subtask:
    the role's first task finds it under way and starts nothing, so its final read must wait for it,
    and --check must predict that one change and wait for nothing."""
    play = tmp_path / 'role.yml'
    play.write_text(ROLE_PLAY, encoding='utf-8')
    vars_file = tmp_path / 'emulator.yml'
    vars_file.write_text(yaml.safe_dump(emulator.vars), encoding='utf-8')
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0')
    command = [ANSIBLE_PLAYBOOK, str(play), '-i', os.path.join(ROOT, 'playbooks', 'inventories', 'emulator'),
               '-e', '@' + str(vars_file)]
    emulator.control('POST', '/ocp/speed', json={'subtask_seconds': 0.02})
    emulator.control('POST', '/ocp/hold', json={'cluster': 'held_ob', 'kind': 'create'})

    def finished(process):
        stdout, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stdout[-4000:] + stderr[-2000:]
        writes = [entry['operation'] for entry in emulator.log() if entry['mutating']]
        return stdout, writes

    started = subprocess.Popen(command + ['-e', 'start_only=true'], env=env, cwd=ROOT, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert finished(started)[1] == ['ocp.create_cluster']
    [held] = emulator.control('GET', '/ocp/holds')['held']

    emulator.control('DELETE', '/requests')
    check = subprocess.Popen(command + ['--check'], env=env, cwd=ROOT, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    check_out, check_writes = finished(check)
    assert check_writes == []
    assert changed_tasks(check_out) == ['clusterops.platforms.ocp_ob_cluster : Read the finished cluster']

    emulator.control('DELETE', '/requests')
    real = subprocess.Popen(command, env=env, cwd=ROOT, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120  # release the task once the role reads it (it then waits on it)
    while real.poll() is None and time.monotonic() < deadline and not any(
            entry['operation'] == 'ocp.get_task' and entry['path'].endswith('/%d' % held['task_id'])
            for entry in emulator.log()):
        time.sleep(0.2)
    emulator.control('POST', '/ocp/release', json={})
    real_out, real_writes = finished(real)
    assert real_writes == [], 'the creation under way was started again'
    assert re.search(r'Cluster held_ob \(id \d+\) is RUNNING', real_out), real_out[-3000:]
    assert changed_tasks(real_out) == changed_tasks(check_out)

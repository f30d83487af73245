# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""No role task passes a connection option to a module.

Ansible merges module_defaults under a task's own options before it drops the ones templated to
omit, so `bk_url: "{{ role_var | default(omit) }}"` hides the caller's module_defaults instead of
falling back to them. The roles leave the connection to module_defaults and environment variables.
"""

from __future__ import annotations

import glob
import importlib.util
import os

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTION = 'clusterops.platforms.'


PLATFORM_FRAGMENTS = ('blueking', 'codearts', 'ocp', 'dbmind')


def connection_options():
    """Return the option names of the platforms' connection doc fragments."""
    names = set()
    for path in [os.path.join(ROOT, 'plugins', 'doc_fragments', name + '.py') for name in PLATFORM_FRAGMENTS]:
        spec = importlib.util.spec_from_file_location('fragment_' + os.path.basename(path)[:-3], path)
        fragment = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(fragment)
        names |= set(yaml.safe_load(fragment.ModuleDocFragment.DOCUMENTATION)['options'])
    return names


def module_tasks(tasks):
    """Yield (module, args) for every collection module call in a task list, blocks included."""
    for task in tasks or []:
        for key in ('block', 'rescue', 'always'):
            yield from module_tasks(task.get(key))
        for key, value in task.items():
            if key.startswith(COLLECTION):
                yield key, value or {}


def role_task_files():
    return sorted(glob.glob(os.path.join(ROOT, 'roles', '*', 'tasks', '*.yml')))


def test_the_fragments_name_the_connection_options():
    assert {'bk_url', 'bk_app_secret', 'hw_secret_key', 'ocp_url', 'dbmind_client_key', 'ca_path'} <= connection_options()
    assert 'purge' not in connection_options(), "the list form's options are the task's own"


def test_module_tasks_finds_calls_inside_blocks():
    tasks = [{'block': [{'name': 'x', COLLECTION + 'ocp_task_info': {'ocp_url': 'u'}}]}]
    assert list(module_tasks(tasks)) == [(COLLECTION + 'ocp_task_info', {'ocp_url': 'u'})]


def test_no_role_task_passes_a_connection_option():
    options = connection_options()
    found = []
    calls = 0
    for path in role_task_files():
        with open(path, encoding='utf-8') as stream:
            for module, args in module_tasks(yaml.safe_load(stream)):
                calls += 1
                found += ['%s: %s %s' % (os.path.relpath(path, ROOT), module, key) for key in sorted(set(args) & options)]
    assert calls >= 5, 'expected the roles to call the collection modules'
    assert not found, 'leave these to module_defaults and environment variables: %s' % found

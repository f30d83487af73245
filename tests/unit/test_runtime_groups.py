# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every module is in its platform's action group in meta/runtime.yml, and nothing else is."""

from __future__ import annotations

import os

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Module name prefix -> action group.
PLATFORM_PREFIXES = {
    'bk_': 'blueking',
    'cmdb_': 'blueking',
    'codearts_': 'codearts',
    'ocp_': 'ocp',
    'dbmind_': 'dbmind',
}


def platform_of(module):
    """Return the action group a module belongs to, or None if its prefix is unknown."""
    for prefix, group in PLATFORM_PREFIXES.items():
        if module.startswith(prefix):
            return group
    return None


def module_names():
    """Return the names of the modules in plugins/modules/."""
    directory = os.path.join(ROOT, 'plugins', 'modules')
    if not os.path.isdir(directory):
        return []
    return sorted(name[:-3] for name in os.listdir(directory) if name.endswith('.py') and name != '__init__.py')


def action_groups():
    """Return meta/runtime.yml's action groups as {group: [entries]}."""
    with open(os.path.join(ROOT, 'meta', 'runtime.yml'), encoding='utf-8') as runtime:
        return yaml.safe_load(runtime).get('action_groups') or {}


def group_modules(entries):
    """Return the module names in a group, leaving out a metadata entry (extend_group)."""
    return [entry.rsplit('.', 1)[-1] for entry in entries or [] if isinstance(entry, str)]


def test_every_module_has_a_known_platform_prefix():
    unknown = [name for name in module_names() if platform_of(name) is None]
    assert not unknown, 'modules whose name starts with none of %s: %s' % (sorted(PLATFORM_PREFIXES), unknown)


def test_every_module_is_in_its_action_group():
    groups = action_groups()
    missing = []
    for name in module_names():
        group = platform_of(name)
        if group is not None and name not in group_modules(groups.get(group)):
            missing.append('%s (add it to action_groups.%s in meta/runtime.yml)' % (name, group))
    assert not missing, 'modules missing from their action group: %s' % ', '.join(missing)


def test_every_group_entry_is_a_module_of_that_platform():
    modules = set(module_names())
    wrong = []
    for group, entries in action_groups().items():
        for name in group_modules(entries):
            if name not in modules:
                wrong.append('%s.%s (no plugins/modules/%s.py)' % (group, name, name))
            elif platform_of(name) != group:
                wrong.append('%s.%s (belongs to group %s)' % (group, name, platform_of(name)))
    assert not wrong, 'action group entries without a matching module: %s' % ', '.join(wrong)


def test_platform_groups_exist():
    assert set(PLATFORM_PREFIXES.values()) <= set(action_groups())

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The modules' docs as ansible-doc renders them (fragments merged) are complete.

Every module and role has version_added; every module has the attributes check_mode, diff_mode,
action_group (its group in meta/runtime.yml) and platform, its requirements (no third-party
library), a seealso naming the other modules of its platform, and a `contains` for every dict or
list-of-dicts return value. antsibull-docs (make lint) checks references and markup; this checks
what it does not.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys

import pytest
import yaml

from tests.unit.test_runtime_groups import ROOT, action_groups, group_modules, module_names

COLLECTION = 'clusterops.platforms'
VERSION = '1.0.0'

# Return values whose keys are data, not a schema: the rows of a GaussMaster answer table are
# keyed by its column names.
DYNAMIC_KEYS = {('dbmind_interaction', 'tables.records')}


@pytest.fixture(scope='module')
def docs():
    """{module: doc and return docs} as `ansible-doc --json` gives them, for all modules at once."""
    ansible_doc = os.path.join(os.path.dirname(sys.executable), 'ansible-doc')
    if not os.path.exists(ansible_doc):
        ansible_doc = shutil.which('ansible-doc')
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, 'build', 'collections'))
    names = ['%s.%s' % (COLLECTION, name) for name in module_names()]
    output = subprocess.run([ansible_doc, '--json', '-t', 'module'] + names, env=env, check=True,
                            capture_output=True, text=True).stdout
    return {name.rsplit('.', 1)[-1]: value for name, value in json.loads(output).items()}


def group_of(module):
    return [group for group, entries in action_groups().items() if module in group_modules(entries)][0]


def undocumented_contains(returns, prefix=''):
    """Paths of the dict and list-of-dict return values that do not say what they contain."""
    missing = []
    for key, value in (returns or {}).items():
        path = prefix + key
        holds_dicts = value.get('type') == 'dict' or (value.get('type') == 'list' and value.get('elements') == 'dict')
        if holds_dicts and not value.get('contains'):
            missing.append(path)
        missing += undocumented_contains(value.get('contains'), path + '.')
    return missing


def test_every_module_is_documented(docs):
    assert sorted(docs) == module_names()


@pytest.mark.parametrize('module', module_names())
def test_module_header(docs, module):
    doc = docs[module]['doc']
    assert doc['version_added'] == VERSION
    requirements = ' '.join(doc.get('requirements') or [])
    assert 'Python 3.11' in requirements
    assert 'requests' not in requirements  # HTTP is the standard library's (module_utils/_http.py)


@pytest.mark.parametrize('module', module_names())
def test_module_attributes(docs, module):
    attributes = docs[module]['doc']['attributes']
    assert sorted(attributes) == ['action_group', 'check_mode', 'diff_mode', 'platform']
    assert attributes['action_group']['membership'] == ['%s.%s' % (COLLECTION, group_of(module))]
    assert attributes['platform']['platforms']
    if module.endswith('_info'):
        assert attributes['check_mode']['support'] == 'full'
        assert attributes['diff_mode']['support'] == 'N/A'


@pytest.mark.parametrize('module', module_names())
def test_module_seealso_names_its_platform(docs, module):
    seealso = docs[module]['doc']['seealso']
    named = {entry['module'] for entry in seealso if 'module' in entry}
    siblings = {'%s.%s' % (COLLECTION, name) for name in group_modules(action_groups()[group_of(module)])}
    assert named == siblings - {'%s.%s' % (COLLECTION, module)}
    assert [entry for entry in seealso if entry.get('link', '').startswith('https://')]


@pytest.mark.parametrize('module', module_names())
def test_every_dict_return_value_documents_its_keys(docs, module):
    missing = [path for path in undocumented_contains(docs[module]['return']) if (module, path) not in DYNAMIC_KEYS]
    assert not missing, 'return values without contains: %s' % missing


def test_every_role_entry_point_has_version_added():
    specs = sorted(glob.glob(os.path.join(ROOT, 'roles', '*', 'meta', 'argument_specs.yml')))
    assert specs
    for path in specs:
        with open(path, encoding='utf-8') as handle:
            entry_points = yaml.safe_load(handle)['argument_specs']
        for name, entry_point in entry_points.items():
            assert str(entry_point.get('version_added')) == VERSION, '%s: %s' % (path, name)


def inventory_names():
    directory = os.path.join(ROOT, 'plugins', 'inventory')
    return sorted(name[:-3] for name in os.listdir(directory) if name.endswith('.py') and not name.startswith('_'))


@pytest.mark.parametrize('name', inventory_names())
def test_inventory_plugin_header_and_examples(name):
    """As for the modules: version_added, requirements, a seealso link; and EXAMPLES that are inventory files of it."""
    ansible_doc = os.path.join(os.path.dirname(sys.executable), 'ansible-doc')
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, 'build', 'collections'))
    fqcn = '%s.%s' % (COLLECTION, name)
    found = json.loads(subprocess.run([ansible_doc, '--json', '-t', 'inventory', fqcn], env=env, check=True,
                                      capture_output=True, text=True).stdout)[fqcn]
    doc = found['doc']
    assert doc['version_added'] == VERSION
    assert 'Python 3.11' in ' '.join(doc.get('requirements') or [])
    assert [entry for entry in doc['seealso'] if entry.get('link', '').startswith('https://')]
    examples = list(yaml.safe_load_all(found['examples']))
    assert examples and all(example['plugin'] == fqcn for example in examples)
    assert all(set(example) <= set(doc['options']) for example in examples), 'an example uses an unknown option'

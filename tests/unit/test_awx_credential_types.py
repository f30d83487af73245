# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The AWX/AAP credential types in extensions/awx/credential_types/, rendered the way AWX renders them.

What AWX does with a custom credential type, from its source (ansible/awx at e21dd0a, 2024-10-23:
CredentialType.inject_credential in awx/main/models/credential.py, and CredentialTypeInputField /
CredentialTypeInjectorField in awx/main/fields.py; the same code as the older
awx/main/models/credential/__init__.py):
https://github.com/ansible/awx/blob/e21dd0a0933fd544d1fe2513c54fe41203775eb5/awx/main/models/credential.py

- The template namespace holds each input the credential has with a non-empty value (booleans
  always; a boolean field not set is False), plus `tower`. A field left empty, or never set, is not
  in it, and jinja2's default Undefined renders it as "": every `env` injector is always set,
  to "" for an empty field.
- Templates render in jinja2.sandbox.ImmutableSandboxedEnvironment().
- Each `file` injector is rendered, written to a tempfile.mkstemp() file under
  <private_data_dir>/env with mode 0600 (0660 in older releases), and its path (inside the
  execution environment's container) becomes `tower.filename` for the single key `template`, or
  `tower.filename.<name>` for the keys `template.<name>`. Files are written before the `env`
  injectors render, so these can name them.
- Env var names match ^[a-zA-Z_]+[a-zA-Z0-9_]*$, their templates are ASCII; ANSIBLE_* and a
  blocklist (PATH, PYTHONPATH, JOB_ID, ...) are refused. File keys match
  ^template(\\.[a-zA-Z_]+[a-zA-Z0-9_]*)?$, `template` alone excludes any other. When a type is
  saved, every template must render with StrictUndefined given every field ("EXAMPLE") and the
  declared file names. Input fields take only id, label, type (string or boolean), format,
  choices, help_text, multiline, secret, ask_at_runtime and default; `tower` is reserved. The API
  takes custom types of kind cloud or net only (awx/api/serializers.py).
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import tempfile
from types import SimpleNamespace

import pytest
import yaml
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ansible_collections.clusterops.platforms.plugins.module_utils._blueking import BLUEKING_SPEC
from ansible_collections.clusterops.platforms.plugins.module_utils._codearts import CODEARTS_SPEC
from ansible_collections.clusterops.platforms.plugins.module_utils._dbmind import DBMIND_SPEC
from ansible_collections.clusterops.platforms.plugins.module_utils._ocp import OCP_SPEC
from tests.unit.playbooks.service_writes import CREATED

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TYPES = os.path.join(ROOT, 'extensions', 'awx', 'credential_types')
SPECS = {'blueking': BLUEKING_SPEC, 'huaweicloud': CODEARTS_SPEC, 'ocp': OCP_SPEC, 'gaussmaster': DBMIND_SPEC}
ANSIBLE_PLAYBOOK = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
FIELD_KEYS = {'id', 'label', 'type', 'format', 'choices', 'help_text', 'multiline', 'secret', 'ask_at_runtime', 'default'}
ENV_BLOCKLIST = {'VIRTUAL_ENV', 'PATH', 'PYTHONPATH', 'JOB_ID', 'INVENTORY_ID', 'INVENTORY_SOURCE_ID',
                 'INVENTORY_UPDATE_ID', 'AD_HOC_COMMAND_ID', 'REST_API_URL', 'REST_API_TOKEN'}


def load(family):
    with open(os.path.join(TYPES, family + '.yml'), encoding='utf-8') as handle:
        return yaml.safe_load(handle)


def env_options(spec):
    """{environment variable: (option, its spec)} of the options that fall back to one."""
    return {env: (name, option) for name, option in spec.items() if 'fallback' in option
            for env in option['fallback'][1]}


def inject(credential_type, inputs, private_data_dir):
    """The environment AWX gives a job for a credential of this type with these inputs (see above)."""
    namespace = {key: value for key, value in inputs.items() if isinstance(value, bool) or len(value)}
    for field in credential_type['inputs'].get('fields', []):
        if field.get('type') == 'boolean' and field['id'] not in inputs:
            namespace[field['id']] = False
    tower = namespace['tower'] = SimpleNamespace()
    sandbox = ImmutableSandboxedEnvironment()
    os.makedirs(os.path.join(private_data_dir, 'env'), exist_ok=True)
    for label, template in credential_type['injectors'].get('file', {}).items():
        handle, path = tempfile.mkstemp(dir=os.path.join(private_data_dir, 'env'))
        with os.fdopen(handle, 'w') as file:
            file.write(sandbox.from_string(template).render(**namespace))
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
        if '.' not in label:
            tower.filename = path
        else:
            tower.filename = getattr(tower, 'filename', None) or SimpleNamespace()
            setattr(tower.filename, label.split('.')[1], path)
    return {name: sandbox.from_string(template).render(**namespace)
            for name, template in credential_type['injectors'].get('env', {}).items()}


@pytest.mark.parametrize('family', sorted(SPECS))
def test_the_definition_is_one_awx_accepts(family):
    definition = load(family)
    assert set(definition) == {'name', 'description', 'kind', 'inputs', 'injectors'}
    assert definition['kind'] in ('cloud', 'net')
    fields = definition['inputs']['fields']
    ids = [field['id'] for field in fields]
    assert len(set(ids)) == len(ids) and 'tower' not in ids
    for field in fields:
        assert set(field) <= FIELD_KEYS and {'id', 'label'} <= set(field)
        assert re.match(r'^[a-zA-Z_]+[a-zA-Z0-9_]*$', field['id']) and field.get('type') in ('string', 'boolean')
    assert set(definition['inputs'].get('required', [])) <= set(ids)
    injectors = definition['injectors']
    assert set(injectors) <= {'env', 'file', 'extra_vars'}
    files = list(injectors.get('file', {}))
    assert all(re.match(r'^template(\.[a-zA-Z_]+[a-zA-Z0-9_]*)?$', name) for name in files)
    assert 'template' not in files or len(files) == 1
    for name, template in injectors['env'].items():
        assert re.match(r'^[a-zA-Z_]+[a-zA-Z0-9_]*$', name) and template.isascii()
        assert not name.startswith('ANSIBLE_') and name not in ENV_BLOCKLIST
    # AWX's check when the type is saved: every template renders with every field and file defined.
    valid = dict({field_id: 'EXAMPLE' for field_id in ids},
                 tower=SimpleNamespace(filename=SimpleNamespace(**{name[len('template.'):]: 'EXAMPLE_FILENAME'
                                                                   for name in files})))
    strict = ImmutableSandboxedEnvironment(undefined=StrictUndefined)
    for template in list(injectors['env'].values()) + list(injectors.get('file', {}).values()):
        strict.from_string(template).render(valid)


@pytest.mark.parametrize('family', sorted(SPECS))
def test_it_sets_variables_the_modules_read_and_marks_their_secrets(family):
    definition = load(family)
    options = env_options(SPECS[family])
    fields = {field['id']: field for field in definition['inputs']['fields']}
    file_fields = {template.strip('{} ') for template in definition['injectors']['file'].values()}
    for name, template in definition['injectors']['env'].items():
        assert name in options, '%s is read by no %s module' % (name, family)
        used = set(re.findall(r'\{\{ (\w+) \}\}', template)) - {'tower'}
        assert used <= set(fields)
        for field_id in used:
            assert bool(fields[field_id].get('secret')) == bool(options[name][1].get('no_log')), field_id
    assert set(fields) == {field_id for template in definition['injectors']['env'].values()
                           for field_id in re.findall(r'\{\{ (\w+) \}\}', template) if field_id != 'tower'} | file_fields
    # Key material is a secret too, though the module gets only its path.
    assert {f for f in file_fields if 'key' in f} <= {f for f in fields if fields[f].get('secret')}
    # Every credential a module can use comes from the credential type.
    secrets = {name for name, option in SPECS[family].items() if option.get('no_log')}
    assert secrets <= {options[env][0] for env in definition['injectors']['env']}


def test_unset_fields_are_injected_as_empty_strings_and_files_as_paths(tmp_path):
    env = inject(load('gaussmaster'), dict(dbmind_url='https://gm:8443', client_cert='CERT', client_key='KEY',
                                           client_key_password=''), str(tmp_path))
    assert env['DBMIND_URL'] == 'https://gm:8443'
    assert env['DBMIND_CLIENT_KEY_PASSWORD'] == '' and env['DBMIND_CA_PATH'] == ''
    for name, text in (('DBMIND_CLIENT_CERT', 'CERT'), ('DBMIND_CLIENT_KEY', 'KEY')):
        assert os.path.dirname(env[name]) == str(tmp_path / 'env')
        assert open(env[name], encoding='utf-8').read() == text
        assert stat.S_IMODE(os.stat(env[name]).st_mode) == 0o600
    assert inject(load('blueking'), dict(bk_url='u', ca_cert='CA'), str(tmp_path))['BK_CA_PATH'].startswith(str(tmp_path))


STUB_MODULE = '''#!/usr/bin/python
import json, os
from ansible.module_utils.basic import AnsibleModule
module = AnsibleModule(argument_spec=dict(name=dict(), description=dict(), kind=dict(), inputs=dict(type="dict"),
                                          injectors=dict(type="dict"), state=dict()))
with open(os.environ["STUB_LOG"], "a") as log:
    log.write(json.dumps(module.params) + "\\n")
module.exit_json(changed=True)
'''


def test_the_playbook_hands_each_definition_to_awx_untouched(tmp_path):
    """awx.awx is not installed here: a stand-in credential_type module records what it is given."""
    modules = tmp_path / 'ansible_collections' / 'awx' / 'awx' / 'plugins' / 'modules'
    modules.mkdir(parents=True)
    (modules / 'credential_type.py').write_text(STUB_MODULE, encoding='utf-8')
    log = tmp_path / 'calls.jsonl'
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(tmp_path), STUB_LOG=str(log), ANSIBLE_NOCOLOR='1')
    result = subprocess.run([ANSIBLE_PLAYBOOK, os.path.join(ROOT, 'playbooks', 'awx_credential_types.yml')],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    calls = [json.loads(line) for line in log.read_text(encoding='utf-8').splitlines()]
    assert calls == [dict(load(family), state='present') for family in sorted(SPECS)]


CONNECTION_VARS = [name for spec in SPECS.values() for name in env_options(spec)]


def test_the_provisioning_playbook_runs_on_the_injected_credentials_alone(emulator, tmp_path):
    """Only what AWX would inject (env vars and files) connects the modules; no connection var is given."""
    emulator.control('POST', '/ocp/speed', json={'subtask_seconds': 0.02})
    v = emulator.vars

    def pem(path):
        with open(path, encoding='utf-8') as handle:
            return handle.read()

    # Fields left empty are given as "" (the modules must take them as unset): the CodeArts modules
    # get an IAM user, not the token or access keys; OCP a user, not an access key.
    credentials = {
        'blueking': {k: v[k] for k in ('bk_url', 'bk_app_code', 'bk_app_secret', 'bk_username', 'bk_token')},
        'huaweicloud': dict({k: v[k] for k in ('hw_region', 'codearts_url', 'iam_url', 'hw_user_name', 'hw_password',
                                               'hw_domain_name')}, hw_auth_token='', hw_access_key='', hw_secret_key=''),
        'ocp': dict(ocp_url=v['ocp_url'], ocp_username=v['ocp_username'], ocp_password=v['ocp_password'],
                    ocp_access_key_id='', ocp_access_key_secret=''),
        'gaussmaster': dict(dbmind_url=v['dbmind_url'], client_cert=pem(v['dbmind_client_cert']),
                            client_key=pem(v['dbmind_client_key']),
                            client_key_password=v['dbmind_client_key_password'], ca_cert=pem(v['ca_path'])),
    }
    env = {k: val for k, val in os.environ.items() if k not in CONNECTION_VARS}
    for family, inputs in credentials.items():
        env.update(inject(load(family), inputs, str(tmp_path)))
    assert env['HW_AUTH_TOKEN'] == '' and env['OCP_ACCESS_KEY_ID'] == ''
    assert env['DBMIND_CA_PATH'].startswith(str(tmp_path)) and env['DBMIND_CLIENT_KEY'].startswith(str(tmp_path))
    # ansible-core 2.20+ returns the modules' arguments (invocation) only when asked; older ones always do.
    env.update(ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, 'build', 'collections'), ANSIBLE_NOCOLOR='1',
               ANSIBLE_FORCE_COLOR='0', ANSIBLE_INJECT_INVOCATION='true')
    emulator.control('DELETE', '/requests')
    # codearts_project_id is where the service's host groups go, part of the service, not a connection option.
    command = [ANSIBLE_PLAYBOOK, os.path.join(ROOT, 'playbooks', 'provision_database_service.yml'), '-vvv',
               '-i', os.path.join(ROOT, 'playbooks', 'inventories', 'emulator'),
               '-e', '@' + os.path.join(ROOT, 'playbooks', 'services', 'payments.yml'),
               '-e', 'codearts_project_id=%s' % v['codearts_project_id']]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    writes = sorted(entry['operation'] for entry in emulator.log() if entry['mutating'])
    assert writes == CREATED
    assert '"ocp_url": "%s"' % v['ocp_url'] in output  # -vvv shows the modules' arguments, from the environment
    key_body = credentials['gaussmaster']['client_key'].splitlines()[2]
    for secret in ('bk_app_secret', 'bk_token', 'hw_password', 'ocp_password', 'dbmind_client_key_password'):
        assert v[secret] not in output, secret
    assert key_body not in output

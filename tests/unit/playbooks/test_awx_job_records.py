# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""No secret in what AWX keeps of a job.

AWX runs a playbook with ansible-runner and stores every event its callback records (the task
results, loop items and `invocation` included, at any verbosity). Here the provisioning playbook
runs the same way, ansible_runner.run(), against the emulator: it creates the payments service,
then tears it down, at normal verbosity and at -vvv. Every file under the run's artifacts/ and every
event the run returned is searched for each secret the run used, the IAM token the emulator issued
to the CodeArts modules during the run included.
"""

from __future__ import annotations

import json
import os
import secrets
import sys

import ansible_runner
import pytest
from tests.unit.playbooks.service_writes import CREATED, DELETED

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
COLLECTIONS = os.path.join(ROOT, 'build', 'collections')
PLAYBOOK = os.path.join(ROOT, 'playbooks', 'provision_database_service.yml')
INVENTORY = os.path.join(ROOT, 'playbooks', 'inventories', 'emulator')
SERVICE = os.path.join(ROOT, 'playbooks', 'services', 'payments.yml')

# The emulator's connection options that are secrets. The CodeArts modules get neither
# hw_auth_token nor an access key, so they ask IAM for a token with hw_password.
CONNECTION_SECRETS = ('bk_app_secret', 'bk_token', 'ocp_password', 'ocp_access_key_secret', 'hw_password',
                      'dbmind_client_key_password')
NOT_GIVEN = ('hw_auth_token', 'hw_access_key', 'hw_secret_key')
GAUSS_PASSWORD = 'Stage@Gauss2024'  # the emulator's GaussMaster knows the payments cluster by this password

WRITES = {'present': CREATED, 'absent': DELETED}


def leaks(texts, values):
    """(where, secret name) for each secret value found in each (where, text), as is or JSON-escaped."""
    found = []
    for where, text in texts:
        for name, value in values.items():
            if value in text or json.dumps(value)[1:-1] in text:
                found.append((where, name))
    return found


def artifact_texts(private_data_dir):
    """(relative path, text) of every file under artifacts/."""
    top = os.path.join(private_data_dir, 'artifacts')
    for folder, dirs, files in os.walk(top):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            with open(path, 'rb') as handle:
                text = handle.read().decode('utf-8', errors='replace')
            where = os.path.relpath(path, top)
            if os.path.basename(folder) == 'job_events':
                event = json.loads(text)
                where += ' (%s, task %r)' % (event.get('event'), event.get('event_data', {}).get('task'))
            yield where, text


@pytest.mark.parametrize('verbosity', [0, 3])
def test_no_secret_the_playbook_uses_is_in_the_job_records(emulator, tmp_path, verbosity):
    emulator.control('POST', '/ocp/speed', json={'subtask_seconds': 0.02})
    service = dict(payments_influx_password='Influx-%s' % secrets.token_hex(6),
                   payments_ob_root_password='Root-%s' % secrets.token_hex(6),
                   payments_tenant_root_password='Tenant-%s' % secrets.token_hex(6),
                   payments_app_host_password='Host-%s' % secrets.token_hex(6))
    extravars = {k: v for k, v in emulator.vars.items() if k not in NOT_GIVEN}
    extravars.update(service)
    values = {name: emulator.vars[name] for name in CONNECTION_SECRETS}
    values.update(service, gauss_password=GAUSS_PASSWORD)
    env = dict(ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_NOCOLOR='1',
               PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get('PATH', ''))

    found = []
    for state in ('present', 'absent'):
        emulator.control('DELETE', '/requests')
        private = tmp_path / state
        private.mkdir()
        run = ansible_runner.run(private_data_dir=str(private), project_dir=ROOT, playbook=PLAYBOOK, inventory=INVENTORY,
                                 extravars=dict(extravars, service_state=state), cmdline='-e @' + SERVICE,
                                 envvars=env, verbosity=verbosity, quiet=True)
        assert (run.status, run.rc) == ('successful', 0), run.stdout.read()[-4000:]
        assert sorted(e['operation'] for e in emulator.log() if e['mutating']) == WRITES[state]
        issued = emulator.control('GET', '/codearts/tokens')['tokens']
        assert issued, 'the CodeArts modules were to authenticate with an IAM token of their own'
        used = dict(values, **{'IAM token %d' % number: token for number, token in enumerate(issued)})

        records = list(artifact_texts(private))
        records += [('returned events', json.dumps(list(run.events))), ('returned stdout', run.stdout.read())]
        found += [(state, where, name) for where, name in leaks(records, used)]
    assert not found, 'secrets in the job records at verbosity %d: %s' % (verbosity, found)

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""README.md and README.zh_CN.md: their commands work, and they list the same content.

Every shell command in a README code block (```console```) is either run here or checked here;
COMMANDS says which, and why. A command the README gains fails the test until it is classified.

How the run works: a fresh copy of the checkout (the tracked and untracked-but-not-ignored files,
what a clone of the committed work holds; no build/), with a ready `.venv` (pip's download of the
requirements is the one step of `make venv` not exercised: it needs PyPI). `make emulator` runs
in the background, as the README's first terminal. Each code block's run commands then go, in
README order, to a bash script of their own (`set -e`), with a PATH without the virtualenv and
an empty HOME of their own: a block works on its own, not because an earlier block installed the
collection into ~/.ansible. A block that does not activate `.venv` itself starts with
`. .venv/bin/activate`, as the README's text asks ("with `.venv` activated").
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest
import yaml

from tests.emulator.testing import free_ports

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
READMES = {'en': os.path.join(ROOT, 'README.md'), 'zh_CN': os.path.join(ROOT, 'README.zh_CN.md')}

RUN = 'run'
BACKGROUND = 'run in the background'
TARGET = 'checked: a Makefile target'
GALAXY = 'checked: installs from Galaxy'

PROVISION = ('ANSIBLE_COLLECTIONS_PATH=build/collections ansible-playbook -i playbooks/inventories/emulator '
             'playbooks/provision_database_service.yml -e @build/emulator/vars.yml -e @playbooks/services/payments.yml')

# command -> (how the test treats it, why)
COMMANDS = {
    'make help': (RUN, 'cheap'),
    'make venv': (RUN, 'a no-op here: the copy gets a ready .venv (its pip install needs PyPI)'),
    '. .venv/bin/activate': (RUN, 'the later commands need what it puts on PATH'),
    'ansible-galaxy collection build': (RUN, 'a few seconds'),
    'ansible-galaxy collection install clusterops-platforms-*.tar.gz': (RUN, 'into the empty HOME'),
    'ansible-doc clusterops.platforms.cmdb_set': (RUN, 'finds the collection just installed'),
    'make emulator': (BACKGROUND, 'runs until stopped; the README runs it in its own terminal'),
    'make link': (RUN, 'cheap'),
    PROVISION: (RUN, 'the command the issue found broken on a fresh checkout'),
    PROVISION + ' -e service_state=absent': (RUN, 'the teardown'),
    'ANSIBLE_COLLECTIONS_PATH=build/collections ansible-playbook playbooks/cmdb_demo.yml -e @build/emulator/vars.yml':
        (RUN, 'a few seconds'),
    'make demo': (TARGET, 'minutes; tests/unit/playbooks/test_provision_database_service.py runs its playbook'),
    'make test': (TARGET, 'the whole suite, this test included'),
    'make chaos': (TARGET, 'minutes of injected faults; tests/unit/playbooks/test_faults.py runs it smaller'),
    'make bench BENCH_ARGS=--quick': (TARGET, 'minutes; tests/unit/test_bench.py covers scripts/bench'),
    'ansible-galaxy collection install clusterops.platforms': (GALAXY, 'needs the network and a published release'),
    'ansible-galaxy collection install -r requirements.yml': (GALAXY, 'needs the network and a published release'),
    'ansible-galaxy collection install clusterops.platforms --upgrade': (GALAXY, 'needs the network'),
}


def read(name):
    with open(READMES[name], encoding='utf-8') as handle:
        return handle.read()


def code_blocks(text, language):
    return [body for lang, body in re.findall(r'^```(\w*)\n(.*?)^```', text, re.M | re.S) if lang == language]


def blocks_of_commands(text):
    """The shell commands of each ```console``` block, comments dropped, continued lines joined."""
    blocks = []
    for block in code_blocks(text, 'console'):
        lines = (' '.join(re.sub(r'(^|\s)#.*$', '', line).split())
                 for line in block.replace('\\\n', ' ').splitlines())
        blocks.append([line for line in lines if line])
    return blocks


def commands(text):
    return [command for block in blocks_of_commands(text) for command in block]


def table_links(text, pattern):
    """Names linked from table rows to files that match `pattern`, in order."""
    rows = [line for line in text.splitlines() if line.startswith('|')]
    return [name for row in rows for name in re.findall(r'\]\(' + pattern + r'\)', row)]


def test_every_readme_command_is_run_or_checked():
    found = commands(read('en'))
    assert found, 'no console block found in README.md'
    unknown = [command for command in found if command not in COMMANDS]
    assert not unknown, 'classify these README commands in COMMANDS: %s' % unknown
    stale = sorted(set(COMMANDS) - set(found))
    assert not stale, 'no longer in README.md, drop them from COMMANDS: %s' % stale


def test_the_chinese_readme_has_the_same_commands_and_yaml():
    english, chinese = read('en'), read('zh_CN')
    assert commands(chinese) == commands(english)
    assert ([yaml.safe_load(block) for block in code_blocks(chinese, 'yaml')]
            == [yaml.safe_load(block) for block in code_blocks(english, 'yaml')])


def test_the_readmes_link_each_other():
    assert '](README.zh_CN.md)' in read('en')
    assert '](README.md)' in read('zh_CN')


@pytest.mark.parametrize('language', sorted(READMES))
def test_included_content_lists_exactly_the_modules_roles_and_inventory_plugins(language):
    text = read(language)
    modules = sorted(name[:-3] for name in os.listdir(os.path.join(ROOT, 'plugins', 'modules'))
                     if name.endswith('.py') and not name.startswith('_'))
    roles = sorted(os.listdir(os.path.join(ROOT, 'roles')))
    assert modules and roles
    inventories = sorted(name[:-3] for name in os.listdir(os.path.join(ROOT, 'plugins', 'inventory'))
                         if name.endswith('.py') and not name.startswith('_'))
    listed_modules = table_links(text, r'plugins/modules/(\w+)\.py')
    listed_roles = table_links(text, r'roles/(\w+)/README\.md')
    assert listed_modules == modules
    assert listed_roles == roles
    assert table_links(text, r'plugins/inventory/(\w+)\.py') == inventories
    for name in modules + roles + inventories:
        assert '[clusterops.platforms.%s](' % name in text


def test_the_two_readmes_list_the_same_modules_and_roles():
    english, chinese = read('en'), read('zh_CN')
    for pattern in (r'plugins/modules/(\w+)\.py', r'roles/(\w+)/README\.md', r'plugins/inventory/(\w+)\.py'):
        assert table_links(chinese, pattern) == table_links(english, pattern)


def test_the_checked_commands_exist():
    with open(os.path.join(ROOT, 'Makefile'), encoding='utf-8') as handle:
        targets = set(re.findall(r'^([\w-]+):', handle.read(), re.M))
    with open(os.path.join(ROOT, 'galaxy.yml'), encoding='utf-8') as handle:
        galaxy = yaml.safe_load(handle)
    name = '%s.%s' % (galaxy['namespace'], galaxy['name'])
    for command, (how, _why) in COMMANDS.items():
        if how == TARGET:
            assert command.split()[1] in targets, command
        elif how == GALAXY:
            assert name in command or '-r requirements.yml' in command, command
    text = read('en')
    requirements = [yaml.safe_load(block) for block in code_blocks(text, 'yaml') if 'collections:' in block]
    assert requirements and all(doc == {'collections': [{'name': name}]} for doc in requirements)


def fresh_copy(destination):
    """The files of the checkout a clone would have, and a ready .venv (with its own make stamp)."""
    listed = subprocess.run(['git', 'ls-files', '-z', '-co', '--exclude-standard'], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split('\0')
    for path in filter(None, listed):
        source = os.path.join(ROOT, path)
        if os.path.isfile(source):
            os.makedirs(os.path.dirname(os.path.join(destination, path)), exist_ok=True)
            shutil.copy2(source, os.path.join(destination, path), follow_symlinks=False)
    venv = os.path.join(destination, '.venv')
    os.mkdir(venv)
    for entry in os.listdir(sys.prefix):
        if entry != '.installed':
            os.symlink(os.path.join(sys.prefix, entry), os.path.join(venv, entry))
    with open(os.path.join(venv, '.installed'), 'w', encoding='utf-8'):
        pass


def test_the_readme_commands_work_on_a_fresh_checkout(tmp_path):
    assert sys.prefix != sys.base_prefix, 'run the tests from a virtualenv (make units does)'
    copy, home = tmp_path / 'checkout', None
    copy.mkdir()
    fresh_copy(str(copy))
    port, tls_port = free_ports(2)
    env = {'HOME': str(tmp_path), 'PATH': '/usr/local/bin:/usr/bin:/bin', 'LANG': 'C.UTF-8',
           'ANSIBLE_NOCOLOR': '1', 'EMULATOR_PORT': str(port), 'EMULATOR_TLS_PORT': str(tls_port)}
    ordered = commands(read('en'))
    scripts = []
    for block in blocks_of_commands(read('en')):
        run = [command for command in block if COMMANDS[command][0] == RUN]
        if run:
            script = ['set -euo pipefail']
            if '. .venv/bin/activate' not in run:
                script.append('. .venv/bin/activate')
            for command in run:
                script += ['echo "+ %s"' % command.replace('"', r'\"'), command]
            scripts.append('\n'.join(script))

    log = open(tmp_path / 'emulator.log', 'wb')  # pylint: disable=consider-using-with
    emulator = subprocess.Popen(['make', 'emulator'], cwd=copy, env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        vars_file = copy / 'build' / 'emulator' / 'vars.yml'
        deadline = time.monotonic() + 60
        while not vars_file.exists():
            assert emulator.poll() is None, (tmp_path / 'emulator.log').read_text(errors='replace')
            assert time.monotonic() < deadline, 'make emulator wrote no vars file'
            time.sleep(0.1)
        output = ''
        for number, script in enumerate(scripts):
            block_home = tmp_path / ('home%d' % number)
            block_home.mkdir()
            result = subprocess.run(['bash', '-c', script], cwd=copy, env=dict(env, HOME=str(block_home)),
                                    capture_output=True, text=True, timeout=900, check=False)
            output += result.stdout + result.stderr
            assert result.returncode == 0, script + '\n' + (result.stdout + result.stderr)[-6000:]
            if 'ansible-galaxy collection install' in script:
                home = block_home

        assert home, 'no README block installs the collection'

        # The README's AWX project: its playbook imports the collection's playbook, found (like
        # AWX does after installing collections/requirements.yml) in the collections of HOME.
        project = tmp_path / 'project'
        project.mkdir()
        [site] = [block for block in code_blocks(read('en'), 'yaml') if 'import_playbook' in block]
        (project / 'provision.yml').write_text(site, encoding='utf-8')
        awx = subprocess.run(['bash', '-c', '. .venv/bin/activate && ansible-playbook %s/provision.yml '
                              '-e @build/emulator/vars.yml -e @playbooks/services/payments.yml' % project],
                             cwd=copy, env=dict(env, HOME=str(home)), capture_output=True, text=True,
                             timeout=600, check=False)
        assert awx.returncode == 0, (awx.stdout + awx.stderr)[-6000:]
    finally:
        os.killpg(emulator.pid, signal.SIGTERM)
        emulator.wait(30)
        log.close()

    for command in ordered:
        if COMMANDS[command][0] == RUN:
            assert '+ ' + command in output, command
    installed = home / '.ansible' / 'collections' / 'ansible_collections' / 'clusterops' / 'platforms'
    assert (installed / 'MANIFEST.json').is_file(), 'the tarball was not installed into HOME'
    assert 'bk_biz_name' in output, 'ansible-doc printed no cmdb_set documentation'
    recaps = re.findall(r'^localhost\s+: ok=\d+\s+changed=(\d+)', output, re.M)
    assert len(recaps) == 3 and int(recaps[0]) > 0 and int(recaps[1]) > 0, recaps
    assert re.search(r'^localhost\s+: ok=\d+\s+changed=[1-9]', awx.stdout, re.M), \
        'the AWX project playbook did not provision the service again after the teardown'

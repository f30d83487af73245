"""Offline stand-in for the get-pip.py script that ansible-test downloads.

ansible-test bootstraps pip into each virtual environment it makes by running
~/.ansible/test/cache/get_pip_<version>.py with pip-install arguments. When that file is
missing it downloads it from a host this machine can't reach, and the sanity run fails with
"does not have pip available".

    python scripts/get_pip_standin.py --install-cache

puts this file at that path (unless a file is already there). Run by ansible-test, it
installs the bundled pip with ensurepip, then lets that pip install what ansible-test asked
for (normally pip==<version>) from the usual index, with the machine's pip configuration.
"""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess
import sys

# Options of the real get-pip.py that pip install itself does not know.
GET_PIP_ONLY = {'--no-setuptools', '--no-wheel'}


def cache_path() -> pathlib.Path:
    """Return where the installed ansible-test looks for its cached get-pip script."""
    import ansible_test  # pylint: disable=import-outside-toplevel

    source = pathlib.Path(ansible_test.__file__).parent / '_internal' / 'python_requirements.py'
    match = re.search(r"\bpip='([0-9.]+)'", source.read_text(encoding='utf-8'))
    if not match:
        raise SystemExit(f'cannot find the pip version ansible-test bootstraps in {source}')
    version = match.group(1).replace('.', '_')
    return pathlib.Path.home() / '.ansible' / 'test' / 'cache' / f'get_pip_{version}.py'


def install_cache() -> int:
    """Copy this file to ansible-test's cache unless a script is already there."""
    target = cache_path()
    if target.exists():
        print(f'{target} already exists')
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(__file__, target)
        print(f'installed pip bootstrap stand-in as {target}')
    return 0


def bootstrap(args: list[str]) -> int:
    """Install pip, then run pip install with the given arguments."""
    args = [arg for arg in args if arg not in GET_PIP_ONLY]

    # ensurepip runs its bundled pip with PIP_CONFIG_FILE=/dev/null set in its own process;
    # run it as a child and make sure the variable is not passed on, so the pip below still
    # reads the machine's pip configuration (index, find-links, certificates).
    env = dict(os.environ)
    if env.get('PIP_CONFIG_FILE') == os.devnull:
        del env['PIP_CONFIG_FILE']

    subprocess.run([sys.executable, '-m', 'ensurepip', '--default-pip'], env=env, check=True, stdout=subprocess.DEVNULL)

    if not args:
        return 0

    return subprocess.run([sys.executable, '-m', 'pip', 'install'] + args, env=env, check=False).returncode


def main() -> int:
    """Dispatch between installing the stand-in and acting as get-pip.py."""
    if sys.argv[1:] == ['--install-cache']:
        return install_cache()
    return bootstrap(sys.argv[1:])


if __name__ == '__main__':
    sys.exit(main())

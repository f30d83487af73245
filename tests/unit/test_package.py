# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Galaxy tarball ships what users run (the AWX credential types and their lint settings) and
leaves out the test harness, which needs the emulator (see build_ignore in galaxy.yml)."""

from __future__ import annotations

import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GALAXY = Path(sys.executable).parent / "ansible-galaxy"


def test_the_tarball_ships_the_credential_types_and_not_the_emulator(tmp_path):
    subprocess.run([str(GALAXY), "collection", "build", str(ROOT), "--output-path", str(tmp_path)],
                   check=True, capture_output=True)
    (tarball,) = tmp_path.glob("clusterops-platforms-*.tar.gz")
    with tarfile.open(tarball) as archive:
        names = set(archive.getnames())
    types = {p.relative_to(ROOT).as_posix() for p in (ROOT / "extensions" / "awx" / "credential_types").glob("*.yml")}
    assert len(types) == 4 and types <= names
    # galaxy-importer lints the playbook that creates them with these settings (awx.awx is mocked).
    assert {"playbooks/awx_credential_types.yml", "docs/awx.md", ".ansible-lint", "CHANGELOG.rst"} <= names
    assert not any(name.startswith(("tests/emulator", "tests/unit", "extensions/molecule", ".venv", "build/"))
                   for name in names)

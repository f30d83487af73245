# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ansible-core versions `make test` runs on (the Makefile's MATRIX, pinned by
tests/matrix/<version>.txt) and what meta/runtime.yml claims must agree: the oldest version
allowed is tested in full, and so is the newest release."""

from __future__ import annotations

import os
import re

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def makefile_variable(name):
    with open(os.path.join(ROOT, "Makefile"), encoding="utf-8") as handle:
        match = re.search(r"^%s := (.*)$" % re.escape(name), handle.read(), re.MULTILINE)
    assert match, "the Makefile does not set %s" % name
    return match.group(1).split()


def constraint(version):
    with open(os.path.join(ROOT, "tests", "matrix", version + ".txt"), encoding="utf-8") as handle:
        lines = [line.strip() for line in handle if line.strip() and not line.startswith("#")]
    return [line for line in lines if line.startswith("ansible-core")]


def test_every_version_has_its_constraint_and_python():
    for version in makefile_variable("MATRIX"):
        assert len(constraint(version)) == 1, "tests/matrix/%s.txt must constrain ansible-core once" % version
        python = makefile_variable("MATRIX_PYTHON_" + version)
        assert len(python) == 1 and tuple(map(int, python[0].split("."))) >= (3, 11), python


def test_the_oldest_version_is_what_requires_ansible_allows():
    with open(os.path.join(ROOT, "meta", "runtime.yml"), encoding="utf-8") as handle:
        requires = yaml.safe_load(handle)["requires_ansible"]
    oldest = makefile_variable("MATRIX")[0]
    assert requires == ">=%s.0" % oldest
    assert constraint(oldest) == ["ansible-core>=%s,<%s.%d" % (oldest, oldest.split(".")[0], int(oldest.split(".")[1]) + 1)]


def test_integration_and_molecule_run_on_the_oldest_and_the_newest():
    matrix = makefile_variable("MATRIX")
    ends = makefile_variable("MATRIX_ENDS")
    assert matrix[-1] == "latest" and ends[0] == matrix[0] and ends[-1] == "latest"
    assert "<" not in constraint("latest")[0], "the newest release must not be capped"

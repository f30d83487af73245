# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cmdb inventory plugin takes the modules' connection options, and they cannot drift apart.

The options come from the doc fragment clusterops.platforms.blueking (CONNECTION and INVENTORY);
the modules' from BLUEKING_SPEC. Same names, types, defaults, choices, required ones and
environment variables, as ansible-doc renders the plugin.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from ansible_collections.clusterops.platforms.plugins.module_utils._blueking import BLUEKING_SPEC

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))


@pytest.fixture(scope="module")
def documented():
    ansible_doc = os.path.join(os.path.dirname(sys.executable), "ansible-doc")
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, "build", "collections"))
    output = subprocess.run([ansible_doc, "--json", "-t", "inventory", "clusterops.platforms.cmdb"], env=env,
                            check=True, capture_output=True, text=True).stdout
    return json.loads(output)["clusterops.platforms.cmdb"]["doc"]


def test_the_plugin_documents_every_connection_option(documented):
    assert set(BLUEKING_SPEC) <= set(documented["options"])


@pytest.mark.parametrize("name", sorted(BLUEKING_SPEC))
def test_each_connection_option_matches_the_modules(documented, name):
    spec, doc = BLUEKING_SPEC[name], documented["options"][name]
    assert doc.get("type", "str") == spec.get("type", "str")
    assert doc.get("default") == spec.get("default")
    assert bool(doc.get("required")) == bool(spec.get("required"))
    assert doc.get("choices") == spec.get("choices")
    assert [entry["name"] for entry in doc.get("env") or []] == list(spec["fallback"][1])
    for variable in spec["fallback"][1]:
        assert "E(%s)" % variable in " ".join(doc["description"])  # the description names it too


def test_the_notes_are_the_inventorys_not_the_modules(documented):
    notes = " ".join(documented["notes"])
    assert "empty string counts as unset" in notes and "reads parameters only" in notes
    assert "module_defaults" not in notes and "refused rather than turned into text" not in notes

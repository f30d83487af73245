# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection under a flaky gateway's faults, judged from the server's state and request log.

59 objects across the five platforms are created, converged again and torn down, one task each with
the modules' default options, while the emulator drops, fails (503, 429) and delays its requests
(tests/chaos). `make chaos` runs the same at full size and prints the figures.
"""

from __future__ import annotations

import pytest

from tests import chaos

SIZES = dict(sets=30, storage_clusters=8, host_groups=8, ob_clusters=2, dbmind=True)
# sets, storage clusters, host groups and a host in each, OB clusters and a tenant in each, DBMind
# (and one DBMind question, which changes nothing)
OBJECT_TASKS = 30 + 8 + 8 * 2 + 2 * 2 + 1


def expected_warnings(outcome):
    """(fewest, most) warnings. A write whose answer was lost is reported with a warning, except an OB
    cluster's create or delete: that is found running, and its task waited on. A tenant's creation, a
    short task, may be found running (no warning) or done already (a warning)."""
    lost = [entry["operation"] for entry in outcome.lost_answers]
    certain = [op for op in lost if op not in ("ocp.create_cluster", "ocp.delete_cluster", "ocp.create_tenant")]
    return len(certain), len(certain) + lost.count("ocp.create_tenant")


@pytest.fixture
def converge(emulator, tmp_path):
    def run(state):
        return chaos.converge(emulator.vars, tmp_path, state=state, **SIZES)
    return run


def test_a_topology_converges_through_faults_with_no_write_applied_twice(converge):
    created = converge("present")
    assert len(created.faults) > 20, "the fault mix was not applied"
    assert created.failed == []
    assert created.duplicates() == [] and created.missing() == []
    assert created.repeated_writes() == []
    # Every object was created by its own task; a lost answer is the only reason to warn.
    objects = [t["name"] for t in created.tasks if t["module"] != "dbmind_interaction"]
    assert sorted(t["name"] for t in created.changed) == sorted(objects)
    assert len(created.changed) == OBJECT_TASKS
    fewest, most = expected_warnings(created)
    assert fewest <= created.lost_answer_warnings <= most

    repeated = converge("present")
    assert repeated.failed == [] and repeated.changed == []
    assert repeated.writes == [], "a converged topology was written to"
    assert repeated.lost_answer_warnings == 0
    assert repeated.duplicates() == [] and repeated.missing() == []

    removed = converge("absent")
    assert removed.failed == []
    assert len(removed.changed) == OBJECT_TASKS - 1  # GaussMaster cannot unregister a cluster
    assert removed.missing() == [], "objects left on the server"
    assert removed.repeated_writes() == []
    fewest, most = expected_warnings(removed)
    assert fewest <= removed.lost_answer_warnings <= most


def test_concurrent_writers_leave_one_object_and_only_its_creator_reports_a_change(emulator, tmp_path):
    results, state, log, output = chaos.race(emulator.vars, tmp_path, writers=10)
    assert len(results) == 10
    for module in ("cmdb_set", "codearts_host_group"):
        assert [host for host, result in results.items() if result[module].get("failed")] == []
        assert sum(bool(result[module]["changed"]) for result in results.values()) == 1, module
    assert [s["bk_set_name"] for s in state["blueking"]["sets"]].count("raced-set") == 1
    assert [g["name"] for g in state["codearts"]["groups"]].count("raced-hg") == 1
    assert chaos.LOST_ANSWER not in output
    landed_creates = [e for e in log if e["operation"] in ("cc.create_set", "codearts.create_host_group")
                      and e["handled"] and e["status"] == 200]
    assert len(landed_creates) >= 2

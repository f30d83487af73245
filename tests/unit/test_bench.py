# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""scripts/bench (make bench) must not rot: its verdicts, its checks of a run, and a tiny real run.

No timing is asserted: the figures depend on the machine.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load():
    loader = importlib.machinery.SourceFileLoader("bench_script", str(ROOT / "scripts" / "bench"))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
    sys.modules[loader.name] = module  # dataclasses look their module up
    loader.exec_module(module)
    return module


bench = _load()
SETS = bench.KINDS[0]


def run(objects, ms, requests=1, writes=0, rss_mb=None):
    return bench.Run(objects, ms * objects / 1000, requests, writes, rss_mb)


def results(list_ms=1.0, unchanged_requests=6, single_ms=120.0):
    found = {"available": True,
             ("list", "create"): run(1000, list_ms, 1006, 1000, 40), ("list", "unchanged"): run(1000, 0.5, unchanged_requests),
             ("uri", "create"): run(100, 370, 200, 100), ("uri", "unchanged"): run(100, 180, 100),
             ("single", "unchanged"): run(100, single_ms, 100), ("ping", ""): run(100, 100, 0),
             ("big", "create"): run(10000, 2, 10051, 10000, 150), ("big", "unchanged"): run(10000, 1, 51, 0, 120)}
    return {"sets": found}


def test_the_summary_says_which_goal_is_met():
    lines = bench.summary(results(), [SETS])
    assert "1000 sets, create: 1.00 ms/set vs uri 370 ms/set = 370x faster: goal >= 100x met" in lines
    assert "1000 sets, unchanged: 0.50 ms/set vs uri 180 ms/set = 360x faster: goal >= 100x met" in lines
    assert any(line.startswith("1000 sets, unchanged: requests 6, writes 0") and line.endswith(" met") for line in lines)
    assert ("single cmdb_set task, unchanged: 120 ms/task vs ping 100 ms/task = 1.20x (requests 100, writes 0): "
            "goal <= 1.2x met") in lines
    assert any("10000 sets in one task" in line and "150 MB: goal < 200 MB met" in line for line in lines)
    assert not any("NOT met" in line for line in lines)


def test_the_summary_says_which_goal_is_not_met():
    lines = bench.summary(results(list_ms=10, unchanged_requests=7, single_ms=200), [SETS])
    assert "1000 sets, create: 10.00 ms/set vs uri 370 ms/set = 37x faster: goal >= 100x NOT met" in lines
    assert any(line.startswith("1000 sets, unchanged: requests 7") and line.endswith("NOT met") for line in lines)
    assert any(line.startswith("single cmdb_set task") and line.endswith("NOT met") for line in lines)


def test_the_summary_gives_the_ceiling_of_one_task():
    found = results()
    found["sets"]["alone", ""] = run(1, 250)
    lines = bench.summary(found, [SETS])
    assert ("1000 sets, unchanged: 0.50 ms/set vs uri 180 ms/set = 360x faster: goal >= 100x met "
            "(ceiling of any one task: 720x, as a ping task alone takes 250 ms)") in lines


def test_a_kind_without_its_list_form_is_reported_not_available():
    found = results()
    found["groups"] = {"available": False, ("uri", "create"): run(100, 300, 200, 100),
                       ("uri", "unchanged"): run(100, 150, 100), ("ping", ""): run(100, 100, 0)}
    groups = bench.KINDS[1]
    text = bench.report(found, [SETS, groups], bench.FULL)
    assert "list (host_groups:): not available" in text
    assert "CodeArts host groups, list form: not available" in text


def test_a_run_that_did_not_do_its_work_is_an_error():
    good = {"create": run(5, 1, 7, 5), "unchanged": run(5, 1, 1)}
    bench.check(SETS, "list", 5, 5, good)
    with pytest.raises(bench.BenchError, match="no request"):
        bench.check(SETS, "list", 5, 5, dict(good, unchanged=run(5, 1, 0)))
    with pytest.raises(bench.BenchError, match="holds 0"):
        bench.check(SETS, "list", 5, 0, good)


def test_the_module_options_are_read_from_the_documentation():
    assert bench.has_option("cmdb_set", "sets")
    assert not bench.has_option("cmdb_set", "no_such_option")


def test_a_tiny_run_of_the_list_form_and_the_uri_loop(emulator_process, tmp_path):
    """The playbooks run with the driver's interpreter and tags, and the log shows their requests."""
    driver = bench.Bench(emulator_process[0], tmp_path)
    listed = driver.converge(SETS, "list", 3, rss=True)
    assert (listed["create"].writes, listed["unchanged"].writes) == (3, 0)
    assert listed["unchanged"].requests == 1
    assert listed["create"].rss_mb > 0 and listed["create"].seconds > 0
    looped = driver.converge(SETS, "uri", 3)
    assert (looped["create"].requests, looped["create"].writes) == (6, 3)
    assert (looped["unchanged"].requests, looped["unchanged"].writes) == (3, 0)


def test_a_tiny_run_of_the_codearts_hosts_both_ways(emulator_process, tmp_path):
    """The hosts' playbook makes its group, then the hosts: the list form with one read of the group's
    hosts, the uri loop with one look-up per host."""
    hosts = next(kind for kind in bench.KINDS if kind.key == "hosts")
    driver = bench.Bench(emulator_process[0], tmp_path)
    listed = driver.converge(hosts, "list", 3)
    assert (listed["create"].writes, listed["unchanged"].writes) == (4, 0)  # the group and 3 hosts
    looped = driver.converge(hosts, "uri", 3)
    assert (looped["create"].writes, looped["unchanged"].writes) == (4, 0)


def test_the_inventory_summary_says_whether_its_goals_are_met():
    fast = bench.inventory_lines(bench.Inventory(10000, 1000, 10, 3.2, 21, 1.5, 2.9))
    assert ("  10000 hosts in 1000 modules (10 sets): ansible-inventory --list 3.2 s, 21 requests (0.002 req/host); "
            "--graph 1.5 s") in fast
    assert ("  the same hosts, groups and variables from an inventory script (no CMDB, no plugin): ansible-inventory "
            "--list 2.9 s, ansible-core's own floor for this output") in fast
    assert fast[-1].endswith("goal a few seconds (<= 5 s) met; requests 21: goal <= ceil(10000/500)+1 = 21 met")
    slow = bench.inventory_lines(bench.Inventory(10000, 1000, 10, 9.0, 1021, 3.0, 2.9))
    assert slow[-1].count("NOT met") == 2


def test_a_tiny_inventory_run(emulator_process, tmp_path):
    """The hosts are laid out, ansible-inventory lists them all, and the log counts its requests."""
    found = bench.measure_inventory(bench.Bench(emulator_process[0], tmp_path), (2, 3, 4))
    assert (found.hosts, found.modules, found.sets) == (24, 6, 2)
    assert found.requests == 2 and found.seconds > 0 and found.graph_seconds > 0  # search_business, one page
    assert found.script_seconds > 0

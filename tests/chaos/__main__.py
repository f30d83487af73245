# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""make chaos: a topology created, converged again and torn down under a flaky gateway's faults.

    scripts/with-emulator -- python -m tests.chaos [--sets 200] [--storage-clusters 20] ...

Prints per run the tasks, failures, changes, requests and faults, and what the server holds; exits
1 when a task failed, an object is duplicated or lost, or a write was sent again after it landed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

import yaml

from tests import chaos


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", type=int, default=200)
    parser.add_argument("--storage-clusters", type=int, default=20)
    parser.add_argument("--host-groups", type=int, default=20)
    parser.add_argument("--ob-clusters", type=int, default=3, help="at most 3: the emulator has 3 free hosts in hz1")
    parser.add_argument("--shards", type=int, default=4, help="hosts that share out the objects and run at once")
    parser.add_argument("--writers", type=int, default=50, help="concurrent writers of one set and one host group")
    args = parser.parse_args()
    with open(os.environ["EMULATOR_VARS"], encoding="utf-8") as handle:
        variables = yaml.safe_load(handle)
    print("fault mix on every platform request: %s" % ", ".join(
        "%g%% %s" % (100 * share, " ".join("%s=%s" % item for item in fault.items())) for share, fault in chaos.FAULT_MIX))
    bad = 0
    with tempfile.TemporaryDirectory() as workdir:
        for label, state in (("create", "present"), ("repeat (unchanged)", "present"), ("teardown", "absent")):
            outcome = chaos.converge(variables, workdir, state=state, sets=args.sets,
                                     storage_clusters=args.storage_clusters, host_groups=args.host_groups,
                                     ob_clusters=args.ob_clusters, shards=args.shards)
            print(outcome.summary(label), flush=True)
            for task in outcome.failed:
                print("    failed: %s %s: %s" % (task["module"], task["name"], task["msg"]))
            problems = (len(outcome.failed) + len(outcome.duplicates()) + len(outcome.missing())
                        + len(outcome.repeated_writes()))
            bad += problems + (len(outcome.writes) if label.startswith("repeat") else 0)
        results, state, log, output = chaos.race(variables, workdir, writers=args.writers)
        for module, name, objects in (("cmdb_set", "raced-set", state["blueking"]["sets"]),
                                      ("codearts_host_group", "raced-hg", state["codearts"]["groups"])):
            held = sum(o.get("bk_set_name", o.get("name")) == name for o in objects)
            changed = sum(bool(r[module].get("changed")) for r in results.values())
            failed = sum(bool(r[module].get("failed")) for r in results.values())
            print("race: %d writers of one %s: %d held by the server, %d reported changed, %d failed, %d warned"
                  % (len(results), module, held, changed, failed, output.count(chaos.LOST_ANSWER)))
            bad += (held != 1) + (changed != 1) + failed
    print("chaos: %s" % ("no failed task, duplicate, lost object or repeated write" if not bad
                         else "%d problems" % bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

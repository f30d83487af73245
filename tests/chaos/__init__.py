# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run the collection against the emulator while it injects a flaky gateway's faults, and judge what
came of it from the server's state and request log, not from what the modules say.

`converge()` runs converge.yml (one task per object on every platform, default module options: a CMDB
set, a storage cluster, a CodeArts host group and its host, an OB cluster and its tenant, DBMind) and
returns an Outcome; `race()` runs race.yml, many hosts writing the same objects at once.
"""

from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tests.emulator.testing import EmulatorClient

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
COLLECTIONS = ROOT / "build" / "collections"
ANSIBLE_PLAYBOOK = Path(sys.executable).parent / "ansible-playbook"

# What a flaky gateway does to every platform request, as shares of all requests.
FAULT_MIX = (
    (0.025, dict(drop=True)),  # the connection drops before the platform sees the request
    (0.025, dict(drop=True, after=True)),  # the platform handles it, then the answer is lost
    (0.20, dict(status=503)),
    (0.05, dict(status=429, retry_after=1)),
    (0.10, dict(latency=0.5)),
    (0.05, dict(latency=2.0)),
)
PLATFORM_PATHS = r"^/(api|v1|v3)/"
LOST_ANSWER = "re-reading shows the change was applied"
SECRETS = dict(chaos_influx_password="Chaos-Influx-Pass-1", chaos_root_password="Chaos-Root-Pass-1",
               chaos_gauss_password="Stage@Gauss2024", chaos_host_password="Chaos-Host-Pass-1",
               chaos_tenant_password="Chaos-Tenant-Pass-1")
# What each module's objects are called, and where the emulator keeps them.
NAMES = dict(cmdb_set="chaos-set-%d", bk_storage_cluster="chaos_influx_%d", codearts_host_group="chaos-hg-%d",
             ocp_ob_cluster="chaos_ob_%d", codearts_host="10.9.%d.1", ocp_ob_tenant="chaos_tenant_%d")


def inject(client, mix=FAULT_MIX, paths=PLATFORM_PATHS):
    """Add `mix` as emulator faults. The emulator tries faults in order, so each rate is the share
    of the requests that the faults before it left."""
    left = 1.0
    for share, fault in mix:
        client.add_fault(path=paths, rate=min(share / left, 1.0), **fault)
        left -= share


@dataclass
class Outcome:
    """What one run did: per task, on the server, and in the request log."""

    state: str
    seconds: float
    tasks: list = field(default_factory=list)  # dicts: module, name, failed, changed, msg
    lost_answer_warnings: int = 0  # warnings that a write landed although its answer was lost
    objects: dict = field(default_factory=dict)  # (module, name) -> how many the server holds
    requests: list = field(default_factory=list)  # the emulator's log of the run

    @property
    def failed(self):
        return [t for t in self.tasks if t["failed"]]

    @property
    def changed(self):
        return [t for t in self.tasks if t["changed"]]

    @property
    def writes(self):
        return [entry for entry in self.requests if entry["mutating"]]

    @property
    def landed_writes(self):
        return [entry for entry in self.writes if entry["handled"]]

    @property
    def lost_answers(self):
        """Writes the platform handled whose answer the client did not get."""
        return [entry for entry in self.landed_writes if entry["status"] is None or entry["status"] in (429, 503)]

    @property
    def faults(self):
        return [entry for entry in self.requests if entry["status"] in (None, 429, 503)]

    def duplicates(self):
        return sorted(key for key, number in self.objects.items() if number > 1)

    def missing(self):
        """Objects the run should have left on the server that are not there (present), or the
        other way round (absent)."""
        return sorted(key for key, number in self.objects.items() if (number == 0) == (self.state == "present"))

    def repeated_writes(self):
        """(operation, object) of each write sent again after one like it had landed."""
        landed, repeated = set(), []
        for entry in self.writes:
            key = (entry["operation"], write_target(entry))
            if key in landed:
                repeated.append(key)
            if entry["handled"]:
                landed.add(key)
        return repeated

    def summary(self, label):
        count = len(self.tasks)
        return ("%-22s %4d tasks in %6.1fs (%4.0f ms each): %d failed, %d changed, %d warned; %d requests, "
                "%d faults, %d writes landed, %d answers lost, %d sent again after landing; "
                "%d duplicates, %d %s"
                % (label, count, self.seconds, 1000 * self.seconds / max(count, 1), len(self.failed),
                   len(self.changed), self.lost_answer_warnings, len(self.requests), len(self.faults),
                   len(self.landed_writes), len(self.lost_answers), len(self.repeated_writes()),
                   len(self.duplicates()), len(self.missing()), "lost" if self.state == "present" else "left"))


def write_target(entry):
    """The object a logged write was for: the name or id in its body, else its path."""
    try:
        body = json.loads(entry.get("body") or "{}")
    except ValueError:
        body = {}
    body = body if isinstance(body, dict) else {}
    data = body.get("data") if isinstance(body.get("data"), dict) else {}
    for key in ("bk_set_name", "cluster_name", "name", "bk_set_id", "cluster_id"):
        for source in (data, body):
            if key in source:
                return "%s=%s" % (key, source[key])
    return entry["path"]


def counts_on_server(state, sizes):
    """(module, name) -> how many objects of that name the emulator holds."""
    held = dict(
        cmdb_set=[s["bk_set_name"] for s in state["blueking"]["sets"] if s["bk_biz_id"] == 2],
        bk_storage_cluster=[c["cluster_name"] for c in state["monitor"]["clusters"]],
        codearts_host_group=[g["name"] for g in state["codearts"]["groups"]],
        ocp_ob_cluster=[c["name"] for c in state["ocp"]["clusters"]],
        codearts_host=[h["ip"] for h in state["codearts"]["hosts"]],
        ocp_ob_tenant=[t["name"] for t in state["ocp"]["tenants"]],
    )
    found = {}
    for module, pattern in NAMES.items():
        names = collections.Counter(held[module])
        found.update(((module, pattern % number), names[pattern % number]) for number in range(sizes[module]))
    if sizes.get("dbmind"):
        rows = state["dbmind"]["registered"]  # one per instance: count the clusters a name is on
        registered = collections.Counter(name for cluster in state["dbmind"]["clusters"]
                                         for name in {rows[i]["cluster_name"] for i in cluster["instances"] if i in rows})
        found[("dbmind_cluster", "chaos_gauss")] = registered["chaos_gauss"]
    return found


def _tasks(report):
    tasks = []
    for module, results in report.items():
        for result in results:
            item = result.get("item")
            name = NAMES[module] % item if module in NAMES else module
            tasks.append(dict(module=module, name=name, failed=bool(result.get("failed")),
                              changed=bool(result.get("changed")), msg=result.get("msg")))
    return tasks


def _playbook(name, variables, workdir, inventory="localhost,", extra=()):
    vars_file = Path(workdir) / "vars.yml"
    vars_file.write_text(yaml.safe_dump(variables), encoding="utf-8")
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS), ANSIBLE_NOCOLOR="1",
               ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_LOCALHOST_WARNING="0")
    command = [str(ANSIBLE_PLAYBOOK), str(HERE / name), "-i", inventory, "-e", "@%s" % vars_file, *extra]
    start = time.monotonic()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600, check=False)
    if done.returncode != 0:
        raise RuntimeError("%s failed (rc %d):\n%s\n%s" % (name, done.returncode, done.stdout[-4000:],
                                                           done.stderr[-2000:]))
    return time.monotonic() - start, done.stdout + done.stderr


def _inventory(workdir, name, hosts, **variables):
    """A YAML inventory of local hosts; `hosts` maps each name to its own variables."""
    path = Path(workdir) / name
    inventory = {"all": {"hosts": hosts, "vars": dict(variables, ansible_connection="local")}}
    path.write_text(yaml.safe_dump(inventory), encoding="utf-8")
    return str(path)


def converge(emulator_vars, workdir, state="present", faults=True, sets=10, storage_clusters=2, host_groups=2,
             ob_clusters=1, dbmind=True, shards=4):
    """Run converge.yml once (under the fault mix unless faults=False) and return its Outcome.

    The objects are shared out among `shards` hosts that run at the same time."""
    client = EmulatorClient(emulator_vars)
    client.control("DELETE", "/faults")
    client.control("DELETE", "/requests")
    client.control("POST", "/ocp/speed", json={"subtask_seconds": 0.02})
    if faults:
        inject(client)
    reports = Path(workdir) / ("reports-%s" % time.monotonic_ns())
    reports.mkdir(parents=True)
    sizes = dict(cmdb_set=sets, bk_storage_cluster=storage_clusters, codearts_host_group=host_groups,
                 ocp_ob_cluster=ob_clusters, codearts_host=host_groups, ocp_ob_tenant=ob_clusters,
                 dbmind=dbmind and state == "present")
    variables = dict(emulator_vars, chaos_state=state, chaos_sets=sets, chaos_storage_clusters=storage_clusters,
                     chaos_host_groups=host_groups, chaos_ob_clusters=ob_clusters, chaos_dbmind=dbmind,
                     chaos_reports=str(reports), chaos_shards=shards, **SECRETS)
    inventory = _inventory(workdir, "shards.yml", {"shard%d" % n: {"chaos_shard": n} for n in range(shards)})
    try:
        seconds, output = _playbook("converge.yml", variables, workdir, inventory, ["--forks", str(shards)])
    finally:
        client.control("DELETE", "/faults")
    tasks = [task for path in sorted(reports.glob("*.json"))
             for task in _tasks(json.loads(path.read_text(encoding="utf-8")))]
    # A registered loop result keeps no warnings: count them in the output, where lines may wrap.
    outcome = Outcome(state, seconds, tasks, lost_answer_warnings=" ".join(output.split()).count(LOST_ANSWER))
    outcome.objects = counts_on_server(client.control("GET", "/state")["data"], sizes)
    outcome.requests = client.log()
    return outcome


def race(emulator_vars, workdir, writers=20):
    """`writers` hosts create the same CMDB set and the same CodeArts host group at the same time.

    Returns (per-host results, the emulator's state, its request log, the run's output on one line)."""
    client = EmulatorClient(emulator_vars)
    client.control("DELETE", "/requests")
    results = Path(workdir) / "race"
    results.mkdir(parents=True, exist_ok=True)
    inventory = _inventory(workdir, "writers.yml", {"writer%02d" % number: {} for number in range(writers)})
    output = _playbook("race.yml", dict(emulator_vars, race_results=str(results)), workdir, inventory,
                       ["--forks", str(writers)])[1]
    outcome = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in results.glob("*.json")}
    return outcome, client.control("GET", "/state")["data"], client.log(), " ".join(output.split())

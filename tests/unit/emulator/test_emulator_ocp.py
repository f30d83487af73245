# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""OCP /api/v2: Basic and AK/SK auth, envelopes, hosts, clusters, and tasks that progress in the background."""

from __future__ import annotations

import base64
import datetime
import email.utils
import hashlib
import hmac
import ipaddress
import json
import time
from urllib.parse import quote, urlparse

import pytest
import requests

from tests.emulator.ocp import CREATE_STEPS
from tests.emulator.testing import EmulatorClient, running_emulator

HOSTS = "/api/v2/compute/hosts"
CLUSTERS = "/api/v2/ob/clusters"
TASKS = "/api/v2/tasks/instances"
RPM = "oceanbase-4.3.3.0-100000142024073011.el7.x86_64.rpm"
FAST = 0.05
ORIGIN = "clusterops-test"


# --- helpers

def call(emulator, method, path, auth=None, **kwargs):
    """A request with Basic auth (the vars' user and password unless `auth` is given; False for none)."""
    if auth is None:
        auth = (emulator.vars["ocp_username"], emulator.vars["ocp_password"])
    return emulator.session.request(method, emulator.vars["ocp_url"] + path, auth=auth or None, timeout=10, **kwargs)


def signed_headers(emulator, method, path, params=None, body=b"", secret=None, date=None, content_type="application/json"):
    """The OCP-ACCESS-KEY-HMACSHA1 headers for a request, signed as the OCP MCP server signs."""
    target = path
    if params:
        target += "?" + "&".join("%s=%s" % (quote(key, safe=""), quote(value, safe="")) for key, value in sorted(params.items()))
    text = "\n".join([method, hashlib.md5(body).hexdigest().upper() if body else "", content_type,
                      date or email.utils.formatdate(usegmt=True), urlparse(emulator.vars["ocp_url"]).netloc,
                      "x-ocp-origin:" + ORIGIN, target])
    key = (secret or emulator.vars["ocp_access_key_secret"]).encode()
    signature = base64.b64encode(hmac.new(key, text.encode(), hashlib.sha1).digest()).decode()
    return {"Authorization": "OCP-ACCESS-KEY-HMACSHA1 %s:%s" % (emulator.vars["ocp_access_key_id"], signature),
            "Date": date or email.utils.formatdate(usegmt=True), "x-ocp-origin": ORIGIN, "Content-Type": content_type}


def ok(response):
    """The data of a successful answer, after checking its envelope."""
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"data", "successful", "timestamp", "duration", "status", "traceId", "server"}, body
    assert body["successful"] is True and body["status"] == 200 and int(body["traceId"], 16) >= 0
    assert datetime.datetime.fromisoformat(body["timestamp"]).tzinfo is not None
    return body["data"]


def error(response, status, code):
    """The `error` of a failed answer, after checking its envelope."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"successful", "status", "timestamp", "duration", "traceId", "server", "error"}, body
    assert body["successful"] is False and body["status"] == status and body["error"]["code"] == code, body
    assert body["error"]["message"] and isinstance(body["error"]["subErrors"], list)
    return body["error"]


def cluster_body(name="ob_test", **changes):
    body = {"name": name, "rpmName": RPM, "type": "PRIMARY", "password": "S3cret!pass", "primaryZone": "zone1",
            "zones": [{"name": "zone1", "idcName": "hz1", "servers": [1]}, {"name": "zone2", "idcName": "hz2", "servers": [5]}]}
    body.update(changes)
    return body


def create(emulator, name="ob_test", **changes):
    return ok(call(emulator, "POST", CLUSTERS, json=cluster_body(name, **changes)))


def get_task(emulator, task_id):
    return ok(call(emulator, "GET", "%s/%d" % (TASKS, task_id)))


def wait_task(emulator, task_id, timeout=10):
    """The task once it is no longer RUNNING."""
    deadline = time.monotonic() + timeout
    while True:
        task = get_task(emulator, task_id)
        if task["status"] != "RUNNING" or time.monotonic() > deadline:
            return task
        time.sleep(0.05)


def hold(emulator, **rule):
    """Hold the OCP tasks that match `rule` (cluster, kind, subtask); the hook's answer."""
    return emulator.control("POST", "/ocp/hold", json=rule)


def release(emulator, task_id=None):
    """Release one held task, or all of them; the ids released."""
    return emulator.control("POST", "/ocp/release", json={} if task_id is None else {"task_id": task_id})["released"]


def held(emulator):
    """{task id: its entry in GET /ocp/holds}"""
    return {entry["task_id"]: entry for entry in emulator.control("GET", "/ocp/holds")["held"]}


def wait_stopped(emulator, task_id, timeout=10):
    """The task once it has reached its hold: RUNNING, with nothing of it running."""
    deadline = time.monotonic() + timeout
    while not held(emulator)[task_id]["stopped"]:
        assert time.monotonic() < deadline, "task %d did not reach its hold" % task_id
        time.sleep(0.02)
    task = get_task(emulator, task_id)
    assert task["status"] == "RUNNING" and "RUNNING" not in statuses(task), task
    return task


def clusters(emulator, **params):
    return ok(call(emulator, "GET", CLUSTERS, params=params))


def statuses(task):
    return [subtask["status"] for subtask in task["subtasks"]]


def parse(stamp):
    return datetime.datetime.fromisoformat(stamp)


def check_dependency_order(task):
    """Every started subtask started after all its upstreams succeeded."""
    by_id = {subtask["id"]: subtask for subtask in task["subtasks"]}
    for subtask in task["subtasks"]:
        ups = [by_id[up] for up in subtask["upstreams"]]
        if subtask["status"] != "PENDING":
            assert all(up["status"] == "SUCCESSFUL" and parse(up["finishTime"]) <= parse(subtask["startTime"]) for up in ups)
        for up in ups:
            assert subtask["id"] in up["downstreams"]


@pytest.fixture
def fast(emulator):
    emulator.control("POST", "/ocp/speed", json={"subtask_seconds": FAST})
    return emulator


# --- auth and envelope

def test_status_and_time_need_no_auth(emulator):
    response = call(emulator, "GET", "/api/status", auth=False)
    assert response.status_code == 200 and response.text == "okay"
    response = call(emulator, "GET", "/api/v2/time", auth=False)
    assert response.status_code == 200
    assert abs(parse(response.text).timestamp() - time.time()) < 60


def test_basic_auth(emulator):
    assert ok(call(emulator, "GET", HOSTS))["page"]["totalElements"] == 8
    assert emulator.vars["ocp_username"] == "admin" and len(emulator.vars["ocp_password"]) >= 16
    for auth in (("admin", "wrong"), ("nobody", emulator.vars["ocp_password"]), False):
        failure = error(call(emulator, "GET", HOSTS, auth=auth), 401, 30000)
        assert "not logged on" in failure["message"]
    error(call(emulator, "GET", CLUSTERS, auth=False, headers={"Authorization": "Basic !!"}), 401, 30000)


def test_signed_requests_are_accepted(emulator):
    params = {"status": "RUNNING,CREATING", "name": "LEGACY", "sort": "name,asc", "withRemote": "NONE a/b"}
    headers = signed_headers(emulator, "GET", CLUSTERS, params)
    # The query is signed sorted and encoded; on the wire its order and encoding may differ.
    response = emulator.session.get(emulator.vars["ocp_url"] + CLUSTERS, params=dict(reversed(params.items())),
                                    headers=headers, timeout=10)
    assert [c["name"] for c in ok(response)["contents"]] == ["ob_legacy"]
    body = json.dumps(cluster_body()).encode()
    headers = signed_headers(emulator, "POST", CLUSTERS, body=body)
    task = ok(emulator.session.post(emulator.vars["ocp_url"] + CLUSTERS, data=body, headers=headers, timeout=10))
    assert task["name"] == "Create primary OB cluster"
    headers = signed_headers(emulator, "GET", HOSTS + "/1", content_type="")
    del headers["Content-Type"]
    assert ok(emulator.session.get(emulator.vars["ocp_url"] + HOSTS + "/1", headers=headers, timeout=10))["id"] == 1


@pytest.mark.parametrize("tamper", ["secret", "stale", "future", "path", "body", "query", "key", "origin", "date"])
def test_bad_signatures_are_rejected(emulator, tamper):
    body, path, params = json.dumps(cluster_body()).encode(), CLUSTERS, {"name": "ob"}
    date = None
    if tamper in ("stale", "future"):
        date = email.utils.formatdate(time.time() + (-1 if tamper == "stale" else 1) * 16 * 60, usegmt=True)
    headers = signed_headers(emulator, "POST", path, params, body, secret="wrong" if tamper == "secret" else None, date=date)
    if tamper == "path":
        path = TASKS + "/1001/retry"
    elif tamper == "body":
        body = body.replace(b"ob_test", b"ob_evil")
    elif tamper == "query":
        params = {"name": "obx"}
    elif tamper == "key":
        headers["Authorization"] = headers["Authorization"].replace(emulator.vars["ocp_access_key_id"], "0" * 24)
    elif tamper == "origin":
        del headers["x-ocp-origin"]
    elif tamper == "date":
        headers["Date"] = "yesterday"
    response = emulator.session.post(emulator.vars["ocp_url"] + path, params=params, data=body, headers=headers, timeout=10)
    assert error(response, 401, 30000)["debugMessage"]
    assert clusters(emulator)["page"]["totalElements"] == 1


def test_a_date_within_15_minutes_is_accepted(emulator):
    date = email.utils.formatdate(time.time() - 14 * 60, usegmt=True)
    headers = signed_headers(emulator, "GET", HOSTS, date=date)
    assert ok(emulator.session.get(emulator.vars["ocp_url"] + HOSTS, headers=headers, timeout=10))["contents"]


# --- hosts

def test_hosts_are_listed_in_pages(emulator):
    data = ok(call(emulator, "GET", HOSTS, params={"size": 3, "page": 3}))
    assert data["page"] == {"totalElements": 8, "totalPages": 3, "number": 3, "size": 3}
    assert [host["id"] for host in data["contents"]] == [7, 8]
    hosts = ok(call(emulator, "GET", HOSTS, params={"size": 100}))["contents"]
    for host in hosts:
        assert ipaddress.ip_address(host["innerIpAddress"]) in ipaddress.ip_network("192.0.2.0/24")
        assert {"id", "innerIpAddress", "status", "idc", "sshPort", "kind", "serviceType"} <= set(host)
    assert {host["idc"]["name"] for host in hosts} == {"hz1", "hz2"}
    assert [host["id"] for host in hosts if host["serviceType"] == ["OB_CLUSTER"]] == [4, 7]
    assert [host["id"] for host in hosts if host["status"] != "ONLINE"] == [8]
    assert ok(call(emulator, "GET", HOSTS))["page"] == {"totalElements": 8, "totalPages": 1, "number": 1, "size": 10}
    assert [h["id"] for h in ok(call(emulator, "GET", HOSTS, params={"keyword": "192.0.2.15"}))["contents"]] == [5]
    assert [h["id"] for h in ok(call(emulator, "GET", HOSTS, params={"status": "OFFLINE"}))["contents"]] == [8]
    assert ok(call(emulator, "GET", HOSTS + "/2")) == hosts[1]
    error(call(emulator, "GET", HOSTS + "/99"), 404, 10002)
    error(call(emulator, "GET", HOSTS + "/abc"), 400, 10001)
    error(call(emulator, "GET", HOSTS, params={"size": 2001}), 400, 10001)


# --- clusters

def test_clusters_list_get_filters_and_sort(emulator):
    legacy = ok(call(emulator, "GET", CLUSTERS + "/1"))
    assert legacy["name"] == "ob_legacy" and legacy["status"] == "RUNNING" and "password" not in legacy
    assert [[s["ip"] for s in zone["servers"]] for zone in legacy["zones"]] == [["192.0.2.14"], ["192.0.2.17"]]
    hold(emulator)  # the new clusters stay CREATING
    create(emulator, "Ob_Orders", zones=[{"name": "z1", "idcName": "hz1", "servers": [2]}], primaryZone="")
    create(emulator, "payments")
    assert [c["name"] for c in clusters(emulator)["contents"]] == ["ob_legacy", "Ob_Orders", "payments"]
    assert [c["name"] for c in clusters(emulator, name="OB_")["contents"]] == ["ob_legacy", "Ob_Orders"]
    assert [c["name"] for c in clusters(emulator, name="MEN")["contents"]] == ["payments"]
    assert [c["name"] for c in clusters(emulator, status="CREATING")["contents"]] == ["Ob_Orders", "payments"]
    assert len(clusters(emulator, status="RUNNING,CREATING")["contents"]) == 3
    assert [c["name"] for c in clusters(emulator, sort="name,desc")["contents"]] == ["payments", "ob_legacy", "Ob_Orders"]
    data = clusters(emulator, size=2, page=2)
    assert [c["name"] for c in data["contents"]] == ["payments"]
    assert data["page"] == {"totalElements": 3, "totalPages": 2, "number": 2, "size": 2}
    assert clusters(emulator, size=2000)["page"]["size"] == 2000
    for params in ({"size": 2001}, {"size": 0}, {"page": 0}, {"sort": "password,asc"}):
        error(call(emulator, "GET", CLUSTERS, params=params), 400, 10001)
    error(call(emulator, "GET", CLUSTERS + "/99"), 404, 10002)


def test_a_new_cluster_is_creating_with_its_fields(emulator):
    hold(emulator)
    task = create(emulator, startupParameters=[{"name": "memory_limit", "value": "8G"}], obClusterId=7,
                  type="STANDBY")
    assert task["name"] == "Create standby OB cluster" and task["status"] == "RUNNING"
    assert task["cluster"] == {"id": 2, "name": "ob_test", "obClusterId": 7, "type": "STANDBY"}
    assert task["clusterId"] == 2 and task["creator"] == {"id": 100, "name": "admin"}
    cluster = ok(call(emulator, "GET", CLUSTERS + "/2"))
    assert cluster["status"] == "CREATING" and cluster["obVersion"] == "4.3.3.0"
    assert cluster["fullVersion"] == "4.3.3.0-100000142024073011" and cluster["rpmName"] == RPM
    assert cluster["parameters"] == [{"name": "memory_limit", "value": "8G"}] and cluster["primaryZone"] == "zone1"
    assert [(z["name"], z["idcName"], [s["ip"] for s in z["servers"]]) for z in cluster["zones"]] == [
        ("zone1", "hz1", ["192.0.2.11"]), ("zone2", "hz2", ["192.0.2.15"])]
    assert "password" not in json.dumps(cluster)
    assert ok(call(emulator, "GET", HOSTS + "/5"))["serviceType"] == ["OB_CLUSTER"]
    again = ok(call(emulator, "POST", CLUSTERS, json=cluster_body("other", fullVersion="4.3.3.1-1", primaryZone=None,
                                                                  zones=[{"name": "z", "idcName": "hz2", "servers": [6]}])))
    assert ok(call(emulator, "GET", CLUSTERS + "/3"))["fullVersion"] == "4.3.3.1-1"
    assert again["cluster"]["obClusterId"] == 8


ZONE = {"name": "zone1", "idcName": "hz1", "servers": [1]}


@pytest.mark.parametrize("changes, field", [
    ({"name": None}, "name"),
    ({"name": ""}, "name"),
    ({"name": "9lives"}, "name"),
    ({"rpmName": None}, "rpmName"),
    ({"rpmName": "mysql-8.0.rpm"}, "rpmName"),
    ({"type": "SECONDARY"}, "type"),
    ({"type": None}, "type"),
    ({"password": ""}, "password"),
    ({"password": None}, "password"),
    ({"zones": []}, "zones"),
    ({"zones": None}, "zones"),
    ({"zones": ["zone1"]}, "zones[0]"),
    ({"zones": [dict(ZONE, name="")]}, "zones[0].name"),
    ({"zones": [ZONE, dict(ZONE, servers=[2])]}, "zones[1].name"),
    ({"zones": [dict(ZONE, idcName="sh1")]}, "zones[0].idcName"),
    ({"zones": [dict(ZONE, servers=[])]}, "zones[0].servers"),
    ({"zones": [dict(ZONE, servers=["1"])]}, "zones[0].servers"),
    ({"zones": [dict(ZONE, servers=[99])]}, "zones[0].servers"),      # no such host
    ({"zones": [dict(ZONE, idcName="hz2", servers=[8])]}, "zones[0].servers"),  # OFFLINE
    ({"zones": [dict(ZONE, servers=[5])]}, "zones[0].servers"),       # in hz2
    ({"zones": [dict(ZONE, servers=[4])]}, "zones[0].servers"),       # used by ob_legacy
    ({"zones": [dict(ZONE, servers=[1, 1])]}, "zones[0].servers"),
    ({"primaryZone": "zone9"}, "primaryZone"),
    ({"startupParameters": [{"name": "", "value": "1"}]}, "startupParameters[0]"),
    ({"startupParameters": "memory_limit=8G"}, "startupParameters"),
    ({"obClusterId": 0}, "obClusterId"),
    ({"obClusterId": "7"}, "obClusterId"),
    ({"fullVersion": "latest"}, "fullVersion"),
])
def test_create_validation(emulator, changes, field):
    body = cluster_body(primaryZone="", zones=[ZONE])
    body.update(changes)
    failure = error(call(emulator, "POST", CLUSTERS, json=body), 400, 10001)
    assert [sub["field"] for sub in failure["subErrors"]] == [field], failure
    assert set(failure["subErrors"][0]) >= {"field", "rejectedValue", "message"} and field in failure["message"]
    assert clusters(emulator)["page"]["totalElements"] == 1


def test_create_reports_every_bad_field_and_a_bad_body(emulator):
    failure = error(call(emulator, "POST", CLUSTERS, json={"name": "ok_name"}), 400, 10001)
    assert [sub["field"] for sub in failure["subErrors"]] == ["rpmName", "password", "type", "zones"]
    error(call(emulator, "POST", CLUSTERS, data="[1]", headers={"Content-Type": "application/json"}), 400, 10001)
    error(call(emulator, "POST", CLUSTERS, data="{", headers={"Content-Type": "application/json"}), 400, 10001)


def test_a_duplicate_name_is_a_conflict(emulator):
    failure = error(call(emulator, "POST", CLUSTERS, json=cluster_body("ob_legacy")), 409, 50005)
    assert "ob_legacy" in failure["message"]
    create(emulator)
    error(call(emulator, "POST", CLUSTERS, json=cluster_body(zones=[dict(ZONE, servers=[2])])), 409, 50005)


# --- tasks

def test_a_create_runs_its_subtasks_in_order_until_the_cluster_runs(fast):
    emulator = fast
    assert hold(emulator, subtask="Bootstrap ob")["holds"] == [{"cluster": None, "kind": None, "subtask": "Bootstrap ob"}]
    task = create(emulator)
    assert [s["name"] for s in task["subtasks"]] == list(CREATE_STEPS) and task["tasks"] == task["subtasks"]
    assert statuses(task) == ["RUNNING"] + ["PENDING"] * (len(CREATE_STEPS) - 1)
    first = task["subtasks"][0]
    assert first["upstreams"] == [] and first["downstreams"] == [task["subtasks"][1]["id"]] and first["parallelIdx"] == -1
    error(call(emulator, "POST", CLUSTERS, json=cluster_body("other")), 400, 10001)  # its hosts are taken
    error(call(emulator, "DELETE", CLUSTERS + "/2"), 409, 50002)
    bootstrap = CREATE_STEPS.index("Bootstrap ob")
    task = wait_stopped(emulator, task["id"])
    assert statuses(task) == ["SUCCESSFUL"] * bootstrap + ["PENDING"] * (len(CREATE_STEPS) - bootstrap)
    check_dependency_order(task)
    assert ok(call(emulator, "GET", CLUSTERS + "/2"))["status"] == "CREATING"
    released_at = time.time()
    assert release(emulator) == [task["id"]]
    task = wait_task(emulator, task["id"])
    assert task["status"] == "SUCCESSFUL" and task["finishTime"]
    assert statuses(task) == ["SUCCESSFUL"] * len(CREATE_STEPS)
    check_dependency_order(task)
    assert parse(task["subtasks"][bootstrap]["startTime"]).timestamp() >= released_at - 0.002
    assert ok(call(emulator, "GET", CLUSTERS + "/2"))["status"] == "RUNNING"
    assert all(s["status"] == "RUNNING" for zone in clusters(emulator, name="ob_test")["contents"][0]["zones"]
               for s in zone["servers"])
    log = ok(call(emulator, "GET", "%s/%d/subtasks/%d/log" % (TASKS, task["id"], task["subtasks"][3]["id"])))["log"]
    assert "Install rpm" in log and "succeeded" in log and len(log.splitlines()) == 3


def test_an_injected_failure_stops_the_task_and_a_retry_finishes_it(fast):
    emulator = fast
    assert emulator.control("POST", "/ocp/fail", json={"subtask": "Install rpm"}) == {"failures": {"Install rpm": 1}}
    task = wait_task(emulator, create(emulator)["id"])
    assert task["status"] == "FAILED"
    failed = task["subtasks"][3]
    assert statuses(task) == ["SUCCESSFUL"] * 3 + ["FAILED"] + ["PENDING"] * (len(CREATE_STEPS) - 4)
    log = ok(call(emulator, "GET", "%s/%d/subtasks/%d/log" % (TASKS, task["id"], failed["id"])))["log"]
    assert "ERROR" in log and "failure injected by the emulator" in log
    assert ok(call(emulator, "GET", "%s/%d/subtasks/%d/log" % (TASKS, task["id"], task["subtasks"][4]["id"])))["log"] == ""
    time.sleep(FAST * 2)
    assert get_task(emulator, task["id"])["status"] == "FAILED"
    assert ok(call(emulator, "GET", CLUSTERS + "/2"))["status"] == "CREATING"

    retried = ok(call(emulator, "POST", "%s/%d/retry" % (TASKS, task["id"])))
    assert retried["status"] == "RUNNING" and retried["subtasks"][3]["status"] == "RUNNING"
    assert retried["subtasks"][3]["operation"] == "RETRY" and retried["subtasks"][3]["runTime"] == 2
    error(call(emulator, "POST", "%s/%d/retry" % (TASKS, task["id"])), 409, 20003)
    task = wait_task(emulator, task["id"])
    assert task["status"] == "SUCCESSFUL" and statuses(task) == ["SUCCESSFUL"] * len(CREATE_STEPS)
    assert ok(call(emulator, "GET", CLUSTERS + "/2"))["status"] == "RUNNING"
    check_dependency_order(task)


def test_a_delete_cleans_hosts_in_parallel_and_frees_them(fast):
    emulator = fast
    hold(emulator, kind="delete")
    task = ok(call(emulator, "DELETE", CLUSTERS + "/1"))
    assert task["name"] == "Delete primary OB cluster" and task["cluster"]["name"] == "ob_legacy"
    assert [(s["name"], s["parallelIdx"]) for s in task["subtasks"]] == [
        ("Stop OB cluster", -1), ("Clean OB data", 0), ("Clean OB data", 1), ("Release hosts", -1),
        ("Delete OB cluster metadata", -1)]
    assert [s["description"] for s in task["subtasks"][1:3]] == ["Clean OB data on 192.0.2.14", "Clean OB data on 192.0.2.17"]
    assert ok(call(emulator, "GET", CLUSTERS + "/1"))["status"] == "DELETING"
    error(call(emulator, "DELETE", CLUSTERS + "/1"), 409, 50002)
    assert statuses(wait_stopped(emulator, task["id"])) == ["SUCCESSFUL"] * 4 + ["PENDING"]
    release(emulator)
    task = wait_task(emulator, task["id"])
    assert task["status"] == "SUCCESSFUL"
    check_dependency_order(task)
    clean = task["subtasks"][1:3]
    assert clean[0]["startTime"] == clean[1]["startTime"]
    assert task["subtasks"][3]["upstreams"] == [clean[0]["id"], clean[1]["id"]]
    error(call(emulator, "GET", CLUSTERS + "/1"), 404, 10002)
    error(call(emulator, "DELETE", CLUSTERS + "/1"), 404, 10002)
    assert clusters(emulator)["contents"] == []
    assert ok(call(emulator, "GET", HOSTS + "/4"))["serviceType"] == []
    create(emulator, zones=[dict(ZONE, servers=[4])], primaryZone="")


def test_a_failed_delete_keeps_the_cluster_until_a_retry(fast):
    emulator = fast
    emulator.control("POST", "/ocp/fail", json={"subtask": "Clean OB data", "count": 1})
    task = wait_task(emulator, ok(call(emulator, "DELETE", CLUSTERS + "/1"))["id"])
    assert task["status"] == "FAILED" and sorted(statuses(task)[1:3]) == ["FAILED", "SUCCESSFUL"]
    assert statuses(task)[3:] == ["PENDING", "PENDING"]
    assert ok(call(emulator, "GET", CLUSTERS + "/1"))["status"] == "DELETING"
    ok(call(emulator, "POST", "%s/%d/retry" % (TASKS, task["id"])))
    assert wait_task(emulator, task["id"])["status"] == "SUCCESSFUL"
    error(call(emulator, "GET", CLUSTERS + "/1"), 404, 10002)


def test_tasks_are_listed_and_missing_ones_are_404(fast):
    emulator = fast
    hold(emulator)
    created = create(emulator)
    deleted = ok(call(emulator, "DELETE", CLUSTERS + "/1"))
    listed = ok(call(emulator, "GET", TASKS))
    assert [t["id"] for t in listed["contents"]] == [deleted["id"], created["id"]] and listed["page"]["totalElements"] == 2
    assert "subtasks" not in listed["contents"][0] and listed["contents"][0]["clusterId"] == 1
    assert [t["id"] for t in ok(call(emulator, "GET", TASKS, params={"clusterId": 2}))["contents"]] == [created["id"]]
    assert [t["id"] for t in ok(call(emulator, "GET", TASKS, params={"name": "delete"}))["contents"]] == [deleted["id"]]
    assert len(ok(call(emulator, "GET", TASKS, params={"status": "RUNNING", "sort": "id,asc"}))["contents"]) == 2
    release(emulator, deleted["id"])
    assert wait_task(emulator, deleted["id"])["status"] == "SUCCESSFUL"
    params = {"status": "FAILED,SUCCESSFUL", "clusterId": 1}
    assert [t["id"] for t in ok(call(emulator, "GET", TASKS, params=params))["contents"]] == [deleted["id"]]
    error(call(emulator, "GET", TASKS + "/99999"), 404, 20000)
    error(call(emulator, "POST", TASKS + "/99999/retry"), 404, 20000)
    error(call(emulator, "GET", "%s/%d/subtasks/1/log" % (TASKS, created["id"])), 404, 10002)


def test_hooks_are_checked_and_a_reset_restores_speed_failures_and_holds(emulator):
    for path, body in (("/ocp/fail", {"subtask": "Format disks"}), ("/ocp/speed", {"subtask_seconds": -1}),
                       ("/ocp/hold", {"subtask": "Format disks"}), ("/ocp/hold", {"kind": "move"}),
                       ("/ocp/hold", {"kind": "create", "subtask": "Clean OB data"}),
                       ("/ocp/release", {"task_id": 99999})):
        with pytest.raises(requests.HTTPError):
            emulator.control("POST", path, json=body)
    emulator.control("POST", "/ocp/fail", json={"subtask": "Prepare install cluster", "count": 2})
    emulator.control("POST", "/ocp/speed", json={"subtask_seconds": 0.01})
    hold(emulator, kind="create")
    held_task = create(emulator, "ob_held")
    assert list(held(emulator)) == [held_task["id"]]
    emulator.control("POST", "/reset")
    assert emulator.control("GET", "/ocp/holds") == {"holds": [], "held": []}
    hold(emulator, subtask="Pre check for install OB")
    task = wait_stopped(emulator, create(emulator)["id"])
    first = task["subtasks"][0]
    assert statuses(task)[:2] == ["SUCCESSFUL", "PENDING"]  # the injected failures are gone
    assert abs(parse(first["finishTime"]).timestamp() - parse(first["startTime"]).timestamp() - 0.3) < 0.002  # 0.3 s again


def test_a_held_deletion_stays_deleting_until_released(fast):
    emulator = fast
    assert hold(emulator, kind="delete") == {"holds": [{"cluster": None, "kind": "delete", "subtask": None}], "held": []}
    task = ok(call(emulator, "DELETE", CLUSTERS + "/1"))
    assert held(emulator)[task["id"]]["subtask"] == "Delete OB cluster metadata"
    task = wait_stopped(emulator, task["id"])
    assert statuses(task) == ["SUCCESSFUL"] * 4 + ["PENDING"] and task["finishTime"] is None
    assert held(emulator)[task["id"]] == dict(task_id=task["id"], cluster="ob_legacy", kind="delete",
                                              subtask="Delete OB cluster metadata", status="RUNNING", stopped=True)
    time.sleep(FAST * 5)  # longer than the whole deletion takes at this speed
    assert get_task(emulator, task["id"]) == task
    assert ok(call(emulator, "GET", CLUSTERS + "/1"))["status"] == "DELETING"
    error(call(emulator, "DELETE", CLUSTERS + "/1"), 409, 50002)

    released_at = time.time()
    assert release(emulator, task["id"]) == [task["id"]]
    task = wait_task(emulator, task["id"])
    assert task["status"] == "SUCCESSFUL"
    check_dependency_order(task)
    last, before = task["subtasks"][-1], task["subtasks"][-2]
    # held time did not count: the last subtask started at the release and ran its usual time
    assert parse(last["startTime"]).timestamp() >= released_at - 0.002
    assert parse(last["startTime"]) - parse(before["finishTime"]) >= datetime.timedelta(seconds=FAST * 5)
    assert abs((parse(last["finishTime"]) - parse(last["startTime"])).total_seconds() - FAST) < 0.002
    error(call(emulator, "GET", CLUSTERS + "/1"), 404, 10002)
    # a release by task id keeps the rule
    assert emulator.control("GET", "/ocp/holds") == {"holds": [{"cluster": None, "kind": "delete", "subtask": None}],
                                                     "held": []}
    assert release(emulator) == []


def test_a_hold_by_cluster_name_holds_only_that_cluster(fast):
    emulator = fast
    hold(emulator, cluster="ob_test")
    mine = create(emulator)
    other = create(emulator, "other", zones=[dict(ZONE, servers=[2])], primaryZone="")
    assert wait_task(emulator, other["id"])["status"] == "SUCCESSFUL"
    deleted = ok(call(emulator, "DELETE", CLUSTERS + "/1"))
    assert wait_task(emulator, deleted["id"])["status"] == "SUCCESSFUL"
    task = wait_stopped(emulator, mine["id"])
    assert statuses(task) == ["SUCCESSFUL"] * (len(CREATE_STEPS) - 1) + ["PENDING"]
    assert list(held(emulator)) == [mine["id"]]
    assert ok(call(emulator, "GET", CLUSTERS + "/%d" % mine["clusterId"]))["status"] == "CREATING"

    assert release(emulator) == [mine["id"]]
    assert emulator.control("GET", "/ocp/holds") == {"holds": [], "held": []}
    assert wait_task(emulator, mine["id"])["status"] == "SUCCESSFUL"
    assert ok(call(emulator, "GET", CLUSTERS + "/%d" % mine["clusterId"]))["status"] == "RUNNING"
    deleted = ok(call(emulator, "DELETE", CLUSTERS + "/%d" % mine["clusterId"]))  # the rule went with the release
    assert wait_task(emulator, deleted["id"])["status"] == "SUCCESSFUL"


def test_a_hold_stops_running_tasks_that_have_not_reached_it_and_retried_ones(emulator):
    emulator.control("POST", "/ocp/speed", json={"subtask_seconds": 600})  # the first subtask runs throughout
    task = create(emulator)
    assert hold(emulator, subtask="Prepare install cluster")["held"] == []  # it started already
    answer = hold(emulator, kind="create", subtask="Install rpm")
    assert [(entry["task_id"], entry["subtask"], entry["stopped"]) for entry in answer["held"]] == [
        (task["id"], "Install rpm", False)]
    assert [rule["subtask"] for rule in answer["holds"]] == ["Prepare install cluster", "Install rpm"]
    emulator.control("POST", "/reset")

    emulator.control("POST", "/ocp/speed", json={"subtask_seconds": FAST})
    emulator.control("POST", "/ocp/fail", json={"subtask": "Install rpm"})
    task = wait_task(emulator, create(emulator)["id"])
    assert task["status"] == "FAILED"
    hold(emulator, subtask="Bootstrap ob")
    ok(call(emulator, "POST", "%s/%d/retry" % (TASKS, task["id"])))
    task = wait_stopped(emulator, task["id"])
    bootstrap = CREATE_STEPS.index("Bootstrap ob")
    assert statuses(task) == ["SUCCESSFUL"] * bootstrap + ["PENDING"] * (len(CREATE_STEPS) - bootstrap)
    release(emulator)
    assert wait_task(emulator, task["id"])["status"] == "SUCCESSFUL"


def test_the_request_log_names_operations(fast):
    emulator = fast
    emulator.control("DELETE", "/requests")
    task = create(emulator)
    cluster_id = task["clusterId"]
    calls = [("GET", HOSTS), ("GET", HOSTS + "/1"), ("GET", CLUSTERS), ("GET", "%s/%d" % (CLUSTERS, cluster_id)),
             ("GET", TASKS), ("GET", "%s/%d" % (TASKS, task["id"])),
             ("GET", "%s/%d/subtasks/%d/log" % (TASKS, task["id"], task["subtasks"][0]["id"])),
             ("POST", "%s/%d/retry" % (TASKS, task["id"])), ("DELETE", CLUSTERS + "/1")]
    for method, path in calls:
        call(emulator, method, path)
    call(emulator, "GET", "/api/status", auth=False)
    logged = [(r["operation"], r["mutating"], r["status"]) for r in emulator.log()]
    assert logged == [
        ("ocp.create_cluster", True, 200), ("ocp.list_hosts", False, 200), ("ocp.get_host", False, 200),
        ("ocp.list_clusters", False, 200), ("ocp.get_cluster", False, 200), ("ocp.list_tasks", False, 200),
        ("ocp.get_task", False, 200), ("ocp.get_subtask_log", False, 200), ("ocp.retry_task", True, 409),
        ("ocp.delete_cluster", True, 200), ("ocp.get_status", False, 200)]
    assert all(r["platform"] == "ocp" and len(r["request_id"]) == 16 for r in emulator.log()[:-1])


def test_progress_survives_a_restart(tmp_path):
    state = tmp_path / "state.json"
    with running_emulator(tmp_path / "first", state=state) as started:
        first = EmulatorClient(started[0])
        first.control("POST", "/ocp/speed", json={"subtask_seconds": 0.1})
        hold(first, subtask="Bootstrap ob")
        task = create(first)
    saved = json.loads(state.read_text())
    assert saved["credentials"]["ocp"]["ocp_access_key_secret"] == first.vars["ocp_access_key_secret"]
    assert saved["data"]["ocp"]["tasks"][0]["status"] == "RUNNING"
    with running_emulator(tmp_path / "second", state=state, tls_dir=tmp_path / "first" / "tls") as started:
        second = EmulatorClient(started[0])
        assert second.vars["ocp_access_key_secret"] == first.vars["ocp_access_key_secret"]
        headers = signed_headers(second, "GET", "%s/%d" % (TASKS, task["id"]))
        resumed = ok(second.session.get(second.vars["ocp_url"] + "%s/%d" % (TASKS, task["id"]), headers=headers, timeout=10))
        assert statuses(resumed).count("SUCCESSFUL") > 0
        held_task = wait_stopped(second, task["id"])  # the hold survived the restart
        assert statuses(held_task).count("SUCCESSFUL") == CREATE_STEPS.index("Bootstrap ob")
        assert release(second) == [task["id"]]
        done = wait_task(second, task["id"])
        assert done["status"] == "SUCCESSFUL"
        check_dependency_order(done)
        assert ok(call(second, "GET", CLUSTERS + "/2"))["status"] == "RUNNING"

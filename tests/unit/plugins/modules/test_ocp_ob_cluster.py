# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from urllib.parse import urlsplit

import pytest
import requests
import responses

from ansible_collections.clusterops.platforms.plugins.module_utils import _ocp
from ansible_collections.clusterops.platforms.plugins.modules import ocp_ob_cluster, ocp_ob_cluster_info, ocp_task_info

OCP = "http://ocp.example.com:8080"
AUTH = dict(ocp_url=OCP, ocp_username="admin", ocp_password="ocp-pass-41d")
CLUSTER = dict(AUTH, name="payments", rpm_name="oceanbase-4.2.1.0.rpm", root_password="root-pass-99a",
               zones=[dict(name="zone1", idc_name="hz1", servers=["192.0.2.11", "3"])],
               wait_interval=0.5, wait_timeout=60)
STORED = dict(id=22, name="payments", type="PRIMARY", status="RUNNING", rpmName="oceanbase-4.2.1.0.rpm",
              zones=[dict(name="zone1", idcName="hz1", servers=[dict(id=3, ip="192.0.2.13"), dict(id=11, ip="192.0.2.11")])])


def envelope(data, status=200):
    return dict(data=data, successful=status < 400, status=status, traceId="trace-1", server="10")


def page(*items):
    return envelope(dict(contents=list(items), page=dict(totalElements=len(items), totalPages=1, number=1, size=500)))


def task(status, *subtasks, task_id=7):
    return dict(id=task_id, name="Create primary OB cluster", status=status, cluster=dict(id=22, name="payments"),
                subtasks=[dict(id=100 + i, name=name, status=state) for i, (name, state) in enumerate(subtasks)])


def get(path, *bodies, status=200):
    for body in bodies:
        responses.add(responses.GET, OCP + path, json=body, status=status)


def calls():
    return [(c.request.method, urlsplit(c.request.url).path) for c in responses.calls]


@pytest.fixture(autouse=True)
def no_sleeping(monkeypatch):
    monkeypatch.setattr(_ocp.time, "sleep", lambda seconds: None)


def test_signature_follows_the_documented_string_to_sign():
    body = b'{"name": "x"}'
    expected_text = "\n".join(["POST", hashlib.md5(body).hexdigest().upper(), "application/json",
                               "Mon, 23 Nov 2026 08:00:00 GMT", "ocp:8080", "x-ocp-origin:clusterops.platforms",
                               "/api/v2/ob/clusters?a=1&b=%2C"])
    expected = base64.b64encode(hmac.new(b"sk", expected_text.encode(), hashlib.sha1).digest()).decode()
    assert _ocp.sign("POST", "/api/v2/ob/clusters?a=1&b=%2C", body, "application/json",
                     "Mon, 23 Nov 2026 08:00:00 GMT", "ocp:8080", "sk") == expected
    assert _ocp.sign("GET", "/api/v2/ob/clusters", None, "application/json", "Mon, 23 Nov 2026 08:00:00 GMT",
                     "ocp:8080", "sk") == "ggZDvVaVu+GPVda+1Br7n/aoYHM="


@responses.activate
def test_create_resolves_ips_sends_the_cluster_and_waits_for_the_task(run_module):
    get("/api/v2/ob/clusters", page())
    get("/api/v2/compute/hosts", page(dict(id=11, innerIpAddress="192.0.2.11")))
    responses.add(responses.POST, OCP + "/api/v2/ob/clusters",
                  json=envelope(task("RUNNING", ("Install rpm", "RUNNING"), ("Start observer", "PENDING"))))
    get("/api/v2/tasks/instances/7", envelope(task("RUNNING", ("Install rpm", "SUCCESSFUL"), ("Start observer", "RUNNING"))),
        envelope(task("SUCCESSFUL", ("Install rpm", "SUCCESSFUL"), ("Start observer", "SUCCESSFUL"))))
    get("/api/v2/ob/clusters", page(STORED))
    result, failed = run_module(ocp_ob_cluster, CLUSTER, diff=True)
    assert not failed and result["changed"]
    sent = json.loads(responses.calls[2].request.body)
    assert sent == dict(name="payments", type="PRIMARY", rpmName="oceanbase-4.2.1.0.rpm", password="root-pass-99a",
                        zones=[dict(name="zone1", idcName="hz1", servers=[3, 11])])
    assert responses.calls[2].request.headers["Authorization"].startswith("Basic ")
    assert result["task"] == dict(id=7, name="Create primary OB cluster", status="SUCCESSFUL", subtasks_done=2,
                                  subtasks_total=2, failed_subtasks=[])
    assert result["cluster"]["id"] == 22 and "root-pass-99a" not in repr(result)
    assert [c for c in calls() if c[0] == "POST"] == [("POST", "/api/v2/ob/clusters")]


@responses.activate
def test_access_keys_sign_the_request(run_module):
    get("/api/v2/ob/clusters", page(STORED))
    auth = dict(ocp_url=OCP, ocp_access_key_id="AK1", ocp_access_key_secret="sk-secret-7")
    result, failed = run_module(ocp_ob_cluster_info, dict(auth, name="payments"))
    request = responses.calls[0].request
    assert request.headers["Authorization"].startswith("OCP-ACCESS-KEY-HMACSHA1 AK1:")
    assert request.headers["x-ocp-origin"] == "clusterops.platforms" and request.headers["Date"].endswith("GMT")
    assert urlsplit(request.url).query == "name=payments&page=1&size=500"
    assert result["clusters"] == [STORED] and "sk-secret-7" not in repr(result)


@responses.activate
def test_existing_cluster_is_unchanged_without_a_write(run_module):
    get("/api/v2/ob/clusters", page(dict(STORED, name="payments-2"), STORED))
    get("/api/v2/compute/hosts", page(dict(id=11, innerIpAddress="192.0.2.11")))
    result, failed = run_module(ocp_ob_cluster, CLUSTER)
    assert not failed and result["changed"] is False and result["task"] is None


@pytest.mark.parametrize("change, field", [
    (dict(rpm_name="oceanbase-4.3.rpm"), "rpmName"),
    (dict(type="STANDBY"), "type"),
    (dict(zones=[dict(name="zone1", idc_name="hz1", servers=["3"])]), "zones"),
])
@responses.activate
def test_changes_ocp_cannot_make_are_errors_naming_the_field(run_module, change, field):
    get("/api/v2/ob/clusters", page(STORED))
    get("/api/v2/compute/hosts", page(dict(id=11, innerIpAddress="192.0.2.11")))
    result, failed = run_module(ocp_ob_cluster, dict(CLUSTER, **change))
    assert failed and field in result["msg"]
    assert [c for c in calls() if c[0] != "GET"] == []


@responses.activate
def test_a_rerun_while_creating_waits_on_the_running_task_instead_of_creating(run_module):
    get("/api/v2/ob/clusters", page(dict(STORED, status="CREATING")))
    get("/api/v2/compute/hosts", page(dict(id=11, innerIpAddress="192.0.2.11")))
    get("/api/v2/tasks/instances", page(dict(id=5, status="SUCCESSFUL"), dict(id=7, status="RUNNING")))
    get("/api/v2/tasks/instances/7", envelope(task("RUNNING", ("Install rpm", "RUNNING"))),
        envelope(task("SUCCESSFUL", ("Install rpm", "SUCCESSFUL"))))
    get("/api/v2/ob/clusters", page(STORED))
    result, failed = run_module(ocp_ob_cluster, CLUSTER)
    assert not failed and result["changed"] and result["task"]["id"] == 7
    assert result["cluster"]["status"] == "RUNNING"
    assert "clusterId=22" in responses.calls[2].request.url
    assert [c for c in calls() if c[0] != "GET"] == []


@responses.activate
def test_a_create_whose_answer_is_lost_finds_the_cluster_and_waits_on_its_task(run_module, monkeypatch):
    from ansible_collections.clusterops.platforms.plugins.module_utils import _resource
    monkeypatch.setattr(_resource.time, "sleep", lambda seconds: None)
    get("/api/v2/ob/clusters", page())
    get("/api/v2/compute/hosts", page(dict(id=11, innerIpAddress="192.0.2.11")))
    responses.add(responses.POST, OCP + "/api/v2/ob/clusters", body=requests.exceptions.ConnectionError("reset"))
    get("/api/v2/ob/clusters", page(dict(STORED, status="CREATING")))  # the re-read
    get("/api/v2/tasks/instances", page(dict(id=7, status="RUNNING")))
    get("/api/v2/tasks/instances/7", envelope(task("RUNNING", ("Install rpm", "RUNNING"))),
        envelope(task("SUCCESSFUL", ("Install rpm", "SUCCESSFUL"))))
    get("/api/v2/ob/clusters", page(STORED))
    result, failed = run_module(ocp_ob_cluster, CLUSTER)
    assert not failed and result["changed"] and result["task"]["id"] == 7
    assert result["cluster"]["status"] == "RUNNING"
    assert [c for c in calls() if c[0] != "GET"] == [("POST", "/api/v2/ob/clusters")]


@responses.activate
def test_a_failed_task_names_its_subtasks_and_their_logs(run_module):
    get("/api/v2/ob/clusters", page())
    get("/api/v2/compute/hosts", page(dict(id=11, innerIpAddress="192.0.2.11")))
    responses.add(responses.POST, OCP + "/api/v2/ob/clusters", json=envelope(task("RUNNING", ("Install rpm", "RUNNING"))))
    get("/api/v2/tasks/instances/7", envelope(task("FAILED", ("Install rpm", "FAILED"), ("Start observer", "PENDING"))))
    get("/api/v2/tasks/instances/7/subtasks/100/log", envelope(dict(log="line 1\nline 2\nrpm not found in repository")))
    get("/api/v2/ob/clusters", page(dict(STORED, status="CREATING")))
    result, failed = run_module(ocp_ob_cluster, CLUSTER)
    assert failed and "failed at Install rpm" in result["msg"] and "rpm not found in repository" in result["msg"]
    assert result["task"]["failed_subtasks"] == ["Install rpm"]
    assert result["cluster"]["id"] == 22 and result["cluster"]["status"] == "CREATING"
    assert result["changed"] is True


@responses.activate
def test_a_timeout_reports_progress_and_keeps_the_cluster(run_module, monkeypatch):
    clock = iter(range(0, 1000, 30))
    monkeypatch.setattr(_ocp.time, "monotonic", lambda: next(clock))
    get("/api/v2/ob/clusters", page())
    get("/api/v2/compute/hosts", page(dict(id=11, innerIpAddress="192.0.2.11")))
    responses.add(responses.POST, OCP + "/api/v2/ob/clusters",
                  json=envelope(task("RUNNING", ("Install rpm", "SUCCESSFUL"), ("Start observer", "RUNNING"))))
    get("/api/v2/tasks/instances/7", envelope(task("RUNNING", ("Install rpm", "SUCCESSFUL"), ("Start observer", "RUNNING"))))
    get("/api/v2/ob/clusters", page(dict(STORED, status="CREATING")))
    result, failed = run_module(ocp_ob_cluster, CLUSTER)
    assert failed and "did not end within 60s (1 of 2 subtasks done)" in result["msg"]
    assert result["error"]["task"]["id"] == 7 and result["cluster"]["id"] == 22


@responses.activate
def test_without_waiting_a_creating_cluster_counts_as_created(run_module):
    get("/api/v2/ob/clusters", page(dict(STORED, status="CREATING")))
    get("/api/v2/compute/hosts", page(dict(id=11, innerIpAddress="192.0.2.11")))
    result, failed = run_module(ocp_ob_cluster, dict(CLUSTER, wait=False))
    assert not failed and result["changed"] is False


@responses.activate
def test_check_mode_neither_creates_nor_waits(run_module):
    get("/api/v2/ob/clusters", page())
    get("/api/v2/compute/hosts", page(dict(id=11, innerIpAddress="192.0.2.11")))
    result, failed = run_module(ocp_ob_cluster, CLUSTER, check_mode=True, diff=True)
    assert result["changed"] and result["cluster"]["id"] is None
    assert result["diff"]["after"]["password"] == "********"
    assert {method for method, path in calls()} == {"GET"}


@responses.activate
def test_delete_waits_and_a_rerun_while_deleting_waits_again(run_module):
    get("/api/v2/ob/clusters", page(STORED))
    responses.add(responses.DELETE, OCP + "/api/v2/ob/clusters/22", json=envelope(task("RUNNING", ("Stop", "RUNNING"))))
    get("/api/v2/tasks/instances/7", envelope(task("SUCCESSFUL", ("Stop", "SUCCESSFUL"))))
    get("/api/v2/ob/clusters", page())
    result, failed = run_module(ocp_ob_cluster, dict(AUTH, name="payments", state="absent", wait_interval=0.1))
    assert not failed and result["changed"] and result["cluster"] is None
    responses.calls.reset()
    responses.replace(responses.GET, OCP + "/api/v2/ob/clusters", json=page(dict(STORED, status="DELETING")))
    get("/api/v2/ob/clusters", page())
    get("/api/v2/tasks/instances", page(dict(id=7, status="RUNNING")))
    result, failed = run_module(ocp_ob_cluster, dict(AUTH, name="payments", state="absent", wait_interval=0.1))
    assert not failed and result["changed"]
    assert [c for c in calls() if c[0] == "DELETE"] == []


@pytest.mark.parametrize("change, words", [
    (dict(zones=[dict(name="zone1", idc_name="hz1", servers=["not-an-ip"])]), "zones[0].servers: 'not-an-ip' is neither"),
    (dict(primary_zone="zone9"), "primary_zone 'zone9' is not one of the zones"),
])
@responses.activate
def test_bad_input_fails_before_any_request(run_module, change, words):
    result, failed = run_module(ocp_ob_cluster, dict(CLUSTER, **change))
    assert failed and words in result["msg"] and calls() == []


@responses.activate
def test_an_unknown_host_address_is_named(run_module):
    get("/api/v2/compute/hosts", page(dict(id=11, innerIpAddress="192.0.2.11")))
    result, failed = run_module(ocp_ob_cluster, dict(CLUSTER, zones=[dict(name="z", idc_name="hz1", servers=["192.0.2.99"])]))
    assert failed and "zones[0].servers: no OCP host has the address '192.0.2.99'" in result["msg"]


@responses.activate
def test_ocp_errors_carry_code_sub_errors_and_trace_id(run_module):
    get("/api/v2/ob/clusters", dict(successful=False, status=403, traceId="abc", error=dict(
        code=30014, message="operation not permitted", subErrors=[dict(field="name", message="bad")])), status=403)
    result, failed = run_module(ocp_ob_cluster_info, AUTH)
    assert failed and "HTTP 403, code 30014: operation not permitted (name: bad) (request id abc)" in result["msg"]


@responses.activate
def test_task_info_waits_until_the_task_ends(run_module):
    get("/api/v2/tasks/instances/7", envelope(task("RUNNING", ("a", "RUNNING"))), envelope(task("SUCCESSFUL", ("a", "SUCCESSFUL"))))
    result, failed = run_module(ocp_task_info, dict(AUTH, id=7, wait=True, wait_interval=0.1))
    assert not failed and result["summary"]["status"] == "SUCCESSFUL" and result["task"]["status"] == "SUCCESSFUL"


@responses.activate
def test_check_mode_reports_what_a_new_cluster_lacks(run_module):
    get("/api/v2/ob/clusters", page())
    result, failed = run_module(ocp_ob_cluster, dict(AUTH, name="payments", root_password="x"), check_mode=True)
    assert failed and "rpm_name and zones are required to create cluster 'payments'" in result["msg"]


@responses.activate
def test_the_hosts_are_listed_once_for_every_zone(run_module):
    get("/api/v2/ob/clusters", page(STORED))
    get("/api/v2/compute/hosts", page(dict(id=11, innerIpAddress="192.0.2.11"), dict(id=12, innerIpAddress="192.0.2.12")))
    zones = [dict(name="zone1", idc_name="hz1", servers=["192.0.2.11", "3"]),
             dict(name="zone2", idc_name="hz2", servers=["192.0.2.12"])]
    run_module(ocp_ob_cluster, dict(CLUSTER, zones=zones), check_mode=True)
    assert [c for c in calls() if c[1] == "/api/v2/compute/hosts"] == [("GET", "/api/v2/compute/hosts")]

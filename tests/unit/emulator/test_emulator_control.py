# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The /__emulator__/ control API: health, request log, reset, faults."""

from __future__ import annotations

import json
import time

import pytest
import requests

SET_DATA = {"bk_biz_id": 2, "data": {"bk_parent_id": 2, "bk_set_name": "ctl"}}


def _names(client):
    return [s["bk_set_name"] for s in client.sets(2)]


def test_health(emulator):
    assert emulator.control("GET", "/health") == {"ok": True}


def test_the_log_lists_platform_requests_in_order_with_their_operation_and_write_flag(emulator):
    created = emulator.esb("create_set", SET_DATA)
    emulator.ok("search_set", {"bk_biz_id": 2})
    emulator.ok("update_set", {"bk_biz_id": 2, "bk_set_id": created["data"]["bk_set_id"], "data": {"bk_capacity": 3}})
    emulator.ok("delete_set", {"bk_biz_id": 2, "bk_set_id": created["data"]["bk_set_id"]})
    emulator.ok("search_business", {})
    emulator.control("GET", "/health")

    log = emulator.log()
    assert [(e["operation"], e["mutating"]) for e in log] == [
        ("cc.create_set", True), ("cc.search_set", False), ("cc.update_set", True), ("cc.delete_set", True),
        ("cc.search_business", False)]
    assert [e["seq"] for e in log] == sorted(e["seq"] for e in log)
    assert len({e["seq"] for e in log}) == 5
    first = log[0]
    assert first["method"] == "POST"
    assert first["path"] == "/api/c/compapi/v2/cc/create_set/"
    assert first["platform"] == "blueking"
    assert first["status"] == 200
    assert first["request_id"] == created["request_id"]

    since = emulator.control("GET", "/requests", params={"since": log[2]["seq"]})["requests"]
    assert [e["operation"] for e in since] == ["cc.delete_set", "cc.search_business"]


def test_the_log_has_failed_auth_unknown_components_and_unknown_paths(emulator):
    emulator.error("create_set", SET_DATA, auth=emulator.credentials(bk_app_secret="wrong"))
    emulator.error("no_such_thing", {})
    assert emulator.session.get(emulator.url + "/nowhere").status_code == 404
    log = emulator.log()
    assert [(e["platform"], e["operation"], e["mutating"], e["status"]) for e in log] == [
        ("blueking", "cc.create_set", True, 200), ("blueking", "cc.no_such_thing", False, 200),
        (None, None, False, 404)]
    assert _names(emulator) == ["空闲机池"]


def test_clearing_the_log(emulator):
    emulator.ok("search_business", {})
    last = emulator.log()[-1]["seq"]
    assert emulator.control("DELETE", "/requests") == {"ok": True}
    assert emulator.log() == []
    emulator.ok("search_business", {})
    assert [e["seq"] for e in emulator.log()] == [last + 1]


def test_reset_restores_the_seed_and_clears_the_log_and_the_faults(emulator):
    emulator.ok("create_set", SET_DATA)
    emulator.add_fault(path="/nowhere", status=500)
    assert _names(emulator) == ["空闲机池", "ctl"]
    assert emulator.control("POST", "/reset") == {"ok": True}
    assert emulator.log() == []
    assert emulator.control("GET", "/faults") == {"faults": []}
    assert _names(emulator) == ["空闲机池"]
    assert emulator.ok("create_set", SET_DATA)["bk_set_id"] == 6


def test_a_status_fault_applies_count_times_before_the_handler_then_goes(emulator):
    fault = emulator.add_fault(path="/api/c/compapi/v2/cc/create_set/", status=503, count=2, retry_after=7)
    assert fault["id"] and fault["count"] == 2
    url = emulator.vars["bk_url"] + "/api/c/compapi/v2/cc/create_set/"
    body = dict(SET_DATA, **emulator.credentials())
    for attempt in range(2):
        response = emulator.session.post(url, json=body)
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "7"
        assert response.json()["result"] is False
    assert _names(emulator) == ["空闲机池"]  # the faulted writes were not applied
    assert emulator.control("GET", "/faults") == {"faults": []}
    assert emulator.session.post(url, json=body).json()["result"] is True
    log = emulator.log()
    assert [(e["operation"], e["status"], e["request_id"] is None) for e in log if e["mutating"]] == [
        ("cc.create_set", 503, True), ("cc.create_set", 503, True), ("cc.create_set", 200, False)]


def test_a_fault_matches_a_regex_and_a_method(emulator):
    emulator.add_fault(path="^/api/c/compapi/v2/cc/(create|update)_set", status=500, method="post")
    emulator.add_fault(path="^/api/c/compapi/v2/cc/search_set", status=502, method="GET")
    assert emulator.session.post(emulator.vars["bk_url"] + "/api/c/compapi/v2/cc/create_set").status_code == 500
    assert emulator.session.post(emulator.vars["bk_url"] + "/api/c/compapi/v2/cc/update_set/").status_code == 500
    assert emulator.ok("search_set", {"bk_biz_id": 2})["count"] == 1  # POST: the GET fault does not apply
    assert emulator.session.get(emulator.vars["bk_url"] + "/api/c/compapi/v2/cc/search_set/").status_code == 502
    assert len(emulator.control("GET", "/faults")["faults"]) == 2


def test_a_drop_fault_closes_the_connection_without_applying_the_write(emulator):
    emulator.add_fault(path="/api/c/compapi/v2/cc/create_set/", drop=True, count=1)
    with pytest.raises(requests.exceptions.ConnectionError):
        emulator.esb("create_set", SET_DATA)
    assert _names(emulator) == ["空闲机池"]
    entry = [e for e in emulator.log() if e["operation"] == "cc.create_set"]
    assert [(e["status"], e["mutating"], e["handled"]) for e in entry] == [(None, True, False)]
    assert json.loads(entry[0]["body"])["data"]["bk_set_name"] == "ctl", "an unhandled write's body is logged"
    emulator.ok("create_set", SET_DATA)
    assert _names(emulator) == ["空闲机池", "ctl"]


@pytest.mark.parametrize("fault", [{"drop": True}, {"status": 504}])
def test_an_after_fault_applies_the_write_and_loses_the_answer(emulator, fault):
    emulator.add_fault(path="/api/c/compapi/v2/cc/create_set/", after=True, count=1, **fault)
    url = emulator.vars["bk_url"] + "/api/c/compapi/v2/cc/create_set/"
    body = dict(SET_DATA, **emulator.credentials())
    if fault.get("drop"):
        with pytest.raises(requests.exceptions.ConnectionError):
            emulator.session.post(url, json=body)
    else:
        response = emulator.session.post(url, json=body)
        assert response.status_code == 504
        assert "bk_set_id" not in response.text
    assert _names(emulator) == ["空闲机池", "ctl"]
    entry = [e for e in emulator.log() if e["operation"] == "cc.create_set"][0]
    assert entry["status"] == fault.get("status")
    assert entry["request_id"] and entry["handled"]  # the handler ran
    assert json.loads(entry["body"])["data"]["bk_set_name"] == "ctl"
    assert emulator.error("create_set", SET_DATA)[0] == 1101108


def test_the_log_keeps_the_body_of_writes_only_and_says_whether_the_platform_handled_them(emulator):
    emulator.add_fault(path="/api/c/compapi/v2/cc/create_set/", status=503, count=1)
    url = emulator.vars["bk_url"] + "/api/c/compapi/v2/cc/create_set/"
    assert emulator.session.post(url, json=dict(SET_DATA, **emulator.credentials())).status_code == 503
    emulator.ok("create_set", SET_DATA)
    emulator.ok("search_set", {"bk_biz_id": 2})
    log = [(e["operation"], e["status"], e["handled"], e["body"] and json.loads(e["body"])["data"]["bk_set_name"])
           for e in emulator.log()]
    assert log == [("cc.create_set", 503, False, "ctl"), ("cc.create_set", 200, True, "ctl"),
                   ("cc.search_set", 200, True, None)]


def test_state_shows_every_platforms_data_without_credentials(emulator):
    created = emulator.ok("create_set", SET_DATA)
    state = emulator.control("GET", "/state")
    assert sorted(state) == ["data"]
    assert sorted(state["data"]) == ["blueking", "codearts", "dbmind", "monitor", "ocp"]
    assert created["bk_set_id"] in [s["bk_set_id"] for s in state["data"]["blueking"]["sets"]]
    assert emulator.vars["bk_app_secret"] not in json.dumps(state)


def test_a_latency_fault_delays_the_answer(emulator):
    emulator.add_fault(path="/api/c/compapi/v2/cc/search_business/", latency=0.6, count=1)
    started = time.monotonic()
    assert emulator.ok("search_business", {})["count"] == 4
    assert time.monotonic() - started >= 0.6
    started = time.monotonic()
    emulator.ok("search_business", {})
    assert time.monotonic() - started < 0.5


def test_a_fault_with_rate_0_never_fires_and_stays(emulator):
    emulator.add_fault(path="/api/c/compapi/v2/cc/search_business/", status=500, rate=0, count=1)
    for attempt in range(5):
        emulator.ok("search_business", {})
    assert len(emulator.control("GET", "/faults")["faults"]) == 1
    assert emulator.control("DELETE", "/faults") == {"ok": True}
    assert emulator.control("GET", "/faults") == {"faults": []}


def test_faults_never_apply_to_the_control_api(emulator):
    emulator.add_fault(path="^/", status=500)
    assert emulator.control("GET", "/health") == {"ok": True}


@pytest.mark.parametrize("spec", [
    {"path": "/x"},                               # no effect
    {"path": "^(", "status": 500},                # bad regex
    {"path": "/x", "status": 503, "drop": True},  # both
    {"path": "/x", "status": 503, "rate": 2},
    {"path": "/x", "status": 503, "count": 0},
    {"path": "/x", "status": 503, "colour": "red"},
])
def test_an_invalid_fault_is_refused(emulator, spec):
    response = emulator.session.post(emulator.url + "/__emulator__/faults", json=spec)
    assert response.status_code == 422
    assert emulator.control("GET", "/faults") == {"faults": []}


def test_hosts_hook_needs_an_existing_business_and_module_of_it(emulator):
    hook = emulator.url + "/__emulator__/blueking/cmdb/hosts"
    host = {"bk_host_innerip": "192.0.2.1"}
    assert emulator.session.post(hook, json={"bk_biz_id": 99, "hosts": [host]}).status_code == 404
    # module 1 is the resource pool's idle module, not one of business 2
    assert emulator.session.post(hook, json={"bk_biz_id": 2, "bk_module_id": 1, "hosts": [host]}).status_code == 404
    assert emulator.session.post(hook, json={"hosts": [{"colour": "red"}]}).status_code == 422
    assert emulator.session.post(hook, json={"hosts": [{"bk_host_innerip": "10.0.0.1"}]}).status_code == 422
    assert emulator.ok("list_hosts_without_biz", {"page": {"start": 0, "limit": 500}})["count"] == 12

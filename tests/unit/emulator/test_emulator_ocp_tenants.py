# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""OCP tenants in the emulator: the create task, the rules OCP enforces, in-place changes, delete."""

from __future__ import annotations

import json

import pytest

from tests.emulator.ocp_tenants import CREATE_STEPS, MODIFY_STEPS
from tests.unit.emulator.test_emulator_ocp import call, create, error, held, hold, ok, release, wait_stopped

TENANTS = "/api/v2/ob/clusters/1/tenants"  # of the seeded cluster ob_legacy: zone1 and zone2, one server each


def tenant_body(name="payments", **changes):
    body = {"name": name, "mode": "MYSQL", "charset": "utf8mb4", "primaryZone": "zone1;zone2", "whitelist": "10.0.0.5",
            "rootPassword": "T3nant!pass", "description": "the payments service",
            "zones": [{"name": zone, "replicaType": "FULL",
                       "resourcePool": {"unitSpec": {"cpuCore": 2, "memorySize": 8}, "unitCount": 1}}
                      for zone in ("zone1", "zone2")]}
    body.update(changes)
    return body


@pytest.fixture
def instant(emulator):
    """Subtasks that take no time: a task has ended by the next request."""
    emulator.control("POST", "/ocp/speed", json={"subtask_seconds": 0})
    return emulator


def tenants(emulator, path=TENANTS, **params):
    return {t["name"]: t for t in ok(call(emulator, "GET", path, params=params))["contents"]}


def test_a_tenant_is_created_by_a_task_and_listed_while_it_runs(emulator):
    assert list(tenants(emulator)) == ["sys"]
    hold(emulator, kind="create_tenant", tenant="payments")
    task = ok(call(emulator, "POST", TENANTS + "/createTenant", json=tenant_body()))
    assert task["name"] == "Create tenant" and task["tenant"]["name"] == "payments"
    assert [s["name"] for s in task["subtasks"]] == list(CREATE_STEPS)
    assert held(emulator)[task["id"]]["tenant"] == "payments"
    wait_stopped(emulator, task["id"])
    tenant = tenants(emulator)["payments"]
    assert tenant["status"] == "CREATING" and task["tenant"]["id"] == tenant["id"]
    assert [t["id"] for t in ok(call(emulator, "GET", "/api/v2/tasks/instances", params={"tenantId": tenant["id"]}))[
        "contents"]] == [task["id"]]

    emulator.control("POST", "/ocp/speed", json={"subtask_seconds": 0})
    assert release(emulator) == [task["id"]]
    tenant = ok(call(emulator, "GET", "%s/%d" % (TENANTS, tenant["id"])))
    assert tenant["status"] == "NORMAL" and tenant["whitelist"] == "10.0.0.5" and "rootPassword" not in tenant
    assert tenant["locality"] == "FULL{1}@zone1, FULL{1}@zone2" and tenant["clusterName"] == "ob_legacy"
    pool = tenant["zones"][0]["resourcePool"]
    assert pool["unitCount"] == 1 and pool["unitConfig"]["maxCpuCoreCount"] == 2 and pool["unitConfig"]["maxMemorySize"] == 8
    assert pool["unitConfig"]["maxMemoryByte"] == 8 * 1024 ** 3
    assert list(tenants(emulator, "/api/v2/ob/tenants", name="pay")) == ["payments"]
    log = [e["operation"] for e in emulator.log() if e["platform"] == "ocp" and e["mutating"]]
    assert log == ["ocp.create_tenant"]


def test_a_named_unit_spec_and_no_whitelist_skip_that_subtask(instant):
    zones = [{"name": "zone1", "replicaType": "FULL", "resourcePool": {"unitSpecName": "S2", "unitCount": 1}}]
    body = tenant_body(whitelist=None, primaryZone="zone1", zones=zones)
    task = ok(call(instant, "POST", TENANTS + "/createTenant", json=body))
    assert "Set whitelist" not in [s["name"] for s in task["subtasks"]]
    assert tenants(instant)["payments"]["zones"][0]["resourcePool"]["unitConfig"]["name"] == "S2"


@pytest.mark.parametrize("changes, status, code, words", [
    (dict(name="1bad"), 400, 10001, "name"),
    (dict(mode="DB2"), 400, 10001, "mode"),
    (dict(rootPassword=""), 400, 10001, "rootPassword"),
    (dict(zones=[]), 400, 10001, "zones"),
    (dict(zones=[{"name": "zone9", "replicaType": "FULL", "resourcePool": {"unitSpecName": "S1", "unitCount": 1}}]),
     400, 10001, "zones[0].name"),
    (dict(zones=[{"name": "zone1", "replicaType": "FULL", "resourcePool": {"unitSpecName": "XL", "unitCount": 1}}]),
     400, 10001, "unitSpecName"),
    (dict(zones=[{"name": "zone1", "replicaType": "FULL", "resourcePool": {"unitSpecName": "S1", "unitCount": 2}}]),
     400, 60011, "active servers"),
    (dict(zones=[{"name": "zone1", "replicaType": "FULL",
                  "resourcePool": {"unitSpec": {"cpuCore": 16, "memorySize": 8}, "unitCount": 1}}]),
     400, 10001, "zones[0].resourcePool"),
    (dict(primaryZone="zone3"), 404, 60008, "zone3"),
])
def test_create_rules(instant, changes, status, code, words):
    changes.setdefault("primaryZone", "zone1" if "zones" in changes else "zone1;zone2")
    failure = error(call(instant, "POST", TENANTS + "/createTenant", json=tenant_body(**changes)), status, code)
    assert words in failure["message"] + str(failure["subErrors"])
    assert list(tenants(instant)) == ["sys"]


def test_names_are_unique_per_cluster_and_the_cluster_must_be_running(instant):
    ok(call(instant, "POST", TENANTS + "/createTenant", json=tenant_body()))
    failure = error(call(instant, "POST", TENANTS + "/createTenant", json=tenant_body()), 400, 60000)
    assert failure["message"] == "The payments tenant already exists in Cluster ob_legacy."
    hold(instant, kind="create")
    cluster = create(instant, zones=[{"name": "zone1", "idcName": "hz1", "servers": [1]}], primaryZone="zone1")
    path = "/api/v2/ob/clusters/%d/tenants/createTenant" % cluster["clusterId"]
    error(call(instant, "POST", path, json=tenant_body(zones=tenant_body()["zones"][:1], primaryZone="zone1")), 409, 50002)
    release(instant)
    assert list(tenants(instant, "/api/v2/ob/clusters/%d/tenants" % cluster["clusterId"])) == ["sys"]
    ok(call(instant, "POST", path, json=tenant_body(zones=tenant_body()["zones"][:1], primaryZone="zone1")))
    found = ok(call(instant, "GET", "/api/v2/ob/tenants", params={"name": "payments"}))["contents"]
    assert sorted(t["clusterName"] for t in found) == ["ob_legacy", "ob_test"]


def test_whitelist_description_and_primary_zone_change_at_once(instant):
    ok(call(instant, "POST", TENANTS + "/createTenant", json=tenant_body()))
    path = "%s/%d" % (TENANTS, tenants(instant)["payments"]["id"])
    for action, key, value in (("modifyWhitelist", "whitelist", "10.0.0.5,10.0.0.6"),
                               ("modifyDescription", "description", "payments v2"),
                               ("modifyPrimaryZone", "primaryZone", "zone2;zone1")):
        assert ok(call(instant, "POST", path + "/" + action, json={key: value})) is None
        assert ok(call(instant, "GET", path))[key] == value
    error(call(instant, "POST", path + "/modifyPrimaryZone", json={"primaryZone": "zone7"}), 404, 60008)
    error(call(instant, "POST", path + "/modifyWhitelist", json={"whitelist": ""}), 400, 10001)


def test_change_password_keeps_the_new_password_and_never_shows_it(instant):
    ok(call(instant, "POST", TENANTS + "/createTenant", json=tenant_body()))
    path = "%s/%d" % (TENANTS, tenants(instant)["payments"]["id"])
    assert ok(call(instant, "POST", path + "/changePassword", json={"newPassword": "N3w-root-pass"})) is None
    [tenant] = [t for t in instant.control("GET", "/state")["data"]["ocp"]["tenants"] if t["name"] == "payments"]
    assert tenant["_rootPassword"] == "N3w-root-pass"
    assert "N3w-root-pass" not in json.dumps(ok(call(instant, "GET", path)))
    error(call(instant, "POST", path + "/changePassword", json={"newPassword": ""}), 400, 10001)
    assert [e["operation"] for e in instant.log() if e["mutating"]][-2:] == ["ocp.change_tenant_password"] * 2


def test_unit_count_and_spec_change_by_a_task_with_ocps_rules(emulator):
    emulator.control("POST", "/ocp/speed", json={"subtask_seconds": 0})
    ok(call(emulator, "POST", TENANTS + "/createTenant", json=tenant_body()))
    path = "%s/%d" % (TENANTS, tenants(emulator)["payments"]["id"])
    error(call(emulator, "POST", path + "/modifyReplica", json=[{"zoneName": "zone1", "resourcePool": {"unitCount": 1}}]),
          400, 60013)
    error(call(emulator, "POST", path + "/modifyReplica", json=[{"zoneName": "zone9", "resourcePool": {"unitCount": 1}}]),
          400, 60007)
    error(call(emulator, "POST", path + "/modifyReplica", json=[{"zoneName": "zone1", "resourcePool": {"unitCount": 0}},
                                                                {"zoneName": "zone2", "resourcePool": {"unitCount": 0}}]),
          400, 60010)
    hold(emulator, kind="modify_tenant")
    spec = {"unitSpec": {"cpuCore": 4, "memorySize": 16}}
    both = [{"zoneName": "zone1", "resourcePool": spec}, {"zoneName": "zone2", "resourcePool": spec}]
    task = ok(call(emulator, "POST", path + "/modifyReplica", json=both))
    assert task["name"] == "Modify tenant replica"
    assert [s["name"] for s in task["subtasks"]] == [s for s in MODIFY_STEPS if s != "Alter tenant unit count"]
    assert ok(call(emulator, "GET", path))["status"] == "MODIFYING"
    error(call(emulator, "POST", path + "/modifyWhitelist", json={"whitelist": "%"}), 500, 60003)
    error(call(emulator, "DELETE", path), 500, 60003)
    release(emulator)
    tenant = ok(call(emulator, "GET", path))
    assert tenant["status"] == "NORMAL"
    assert [z["resourcePool"]["unitConfig"]["maxCpuCoreCount"] for z in tenant["zones"]] == [4, 4]


def test_delete_is_synchronous_and_the_sys_tenant_stays(instant):
    ok(call(instant, "POST", TENANTS + "/createTenant", json=tenant_body()))
    found = tenants(instant)
    failure = error(call(instant, "DELETE", "%s/%d" % (TENANTS, found["sys"]["id"])), 400, 60004)
    assert failure["message"] == "The sys tenant cannot be deleted."
    assert ok(call(instant, "DELETE", "%s/%d" % (TENANTS, found["payments"]["id"]))) is None
    assert list(tenants(instant)) == ["sys"]
    error(call(instant, "GET", "%s/%d" % (TENANTS, found["payments"]["id"])), 404, 60002)
    log = [e["operation"] for e in instant.log() if e["mutating"]]
    assert log == ["ocp.create_tenant", "ocp.delete_tenant", "ocp.delete_tenant"]  # the refused one is logged too


def test_a_deleted_cluster_takes_its_tenants_and_a_new_one_has_sys(instant):
    ok(call(instant, "POST", TENANTS + "/createTenant", json=tenant_body()))
    ok(call(instant, "DELETE", "/api/v2/ob/clusters/1"))
    call(instant, "GET", "/api/v2/tasks/instances")  # the deletion ends
    assert ok(call(instant, "GET", "/api/v2/ob/tenants"))["contents"] == []
    cluster = create(instant)
    call(instant, "GET", "/api/v2/tasks/instances")
    assert list(tenants(instant, "/api/v2/ob/clusters/%d/tenants" % cluster["clusterId"])) == ["sys"]

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ocp_ob_tenant and ocp_ob_tenant_info against the real emulator: its state and its request log."""

from __future__ import annotations

import json

import pytest

from ansible_collections.clusterops.platforms.plugins.modules import ocp_ob_tenant, ocp_ob_tenant_info

PASSWORD = "T3nant-root-pass"


def ocp(emulator, **extra):
    keys = ("ocp_url", "ocp_username", "ocp_password")
    return dict({k: emulator.vars[k] for k in keys}, **extra)


def tenant_args(emulator, **changes):
    """The payments tenant in the seeded cluster ob_legacy (zone1 and zone2, one server each)."""
    args = ocp(emulator, wait_interval=0.05, cluster="ob_legacy", name="payments", mode="MYSQL", charset="utf8mb4", primary_zone="zone1;zone2",
               zones=[dict(name="zone1", cpu=2, memory_gb=8, unit_count=1), dict(name="zone2", cpu=2, memory_gb=8, unit_count=1)],
               whitelist=["10.0.0.5", "10.0.0.6"], description="payments", root_password=PASSWORD)
    args.update(changes)
    return args


def writes(emulator):
    """The mutating OCP operations since the last call, and clear the log."""
    done = [e["operation"] for e in emulator.log() if e["mutating"]]
    emulator.control("DELETE", "/requests")
    return done


def stored(emulator, name="payments"):
    """The tenant as the emulator lists it, or None."""
    response = emulator.session.get(emulator.vars["ocp_url"] + "/api/v2/ob/clusters/1/tenants", timeout=10,
                                    auth=(emulator.vars["ocp_username"], emulator.vars["ocp_password"]))
    found = [t for t in response.json()["data"]["contents"] if t["name"] == name]
    return found[0] if found else None


@pytest.fixture
def instant(emulator):
    emulator.control("POST", "/ocp/speed", json={"subtask_seconds": 0})
    emulator.control("DELETE", "/requests")
    return emulator


def test_create_check_mode_then_real_then_unchanged_without_a_write(run_module, instant):
    result, failed = run_module(ocp_ob_tenant, tenant_args(instant), check_mode=True, diff=True)
    assert not failed and result["changed"] and writes(instant) == [] and stored(instant) is None
    assert result["tenant"]["id"] is None and result["diff"]["before"] == {}
    assert result["tenant"]["rootPassword"] == "********" and PASSWORD not in json.dumps(result)

    result, failed = run_module(ocp_ob_tenant, tenant_args(instant), diff=True)
    assert not failed and result["changed"], result
    assert writes(instant) == ["ocp.create_tenant"]
    tenant = stored(instant)
    assert tenant["status"] == "NORMAL" and tenant["whitelist"] == "10.0.0.5,10.0.0.6"
    assert tenant["locality"] == "FULL{1}@zone1, FULL{1}@zone2"
    assert result["tenant"]["id"] == tenant["id"] and result["tenant"]["status"] == "NORMAL"
    assert result["task"]["name"] == "Create tenant" and result["task"]["status"] == "SUCCESSFUL"
    assert result["task"]["subtasks_done"] == result["task"]["subtasks_total"] == 8
    assert PASSWORD not in json.dumps(result)

    result, failed = run_module(ocp_ob_tenant, tenant_args(instant, whitelist=["10.0.0.6", "10.0.0.5"]), diff=True)
    assert not failed and result["changed"] is False and writes(instant) == []
    assert result["task"] is None and result["diff"]["before"] == result["diff"]["after"]

    result, failed = run_module(ocp_ob_tenant_info, ocp(instant, cluster="ob_legacy", name="payments"))
    assert not failed and [t["id"] for t in result["tenants"]] == [tenant["id"]]
    result, failed = run_module(ocp_ob_tenant_info, ocp(instant, cluster="ob_legacy"))
    assert sorted(t["name"] for t in result["tenants"]) == ["payments", "sys"]
    result, failed = run_module(ocp_ob_tenant_info, ocp(instant, cluster="nowhere"))
    assert not failed and result["tenants"] == []
    assert writes(instant) == []


def test_in_place_changes_and_units_by_a_waited_task(run_module, instant):
    run_module(ocp_ob_tenant, tenant_args(instant))
    writes(instant)
    changed = dict(whitelist=["%"], description="payments v2", primary_zone="zone2;zone1")
    result, failed = run_module(ocp_ob_tenant, tenant_args(instant, **changed), check_mode=True, diff=True)
    assert not failed and result["changed"] and writes(instant) == []
    assert result["diff"]["before"]["whitelist"] == "10.0.0.5,10.0.0.6" and result["diff"]["after"]["whitelist"] == "%"
    assert stored(instant)["description"] == "payments"

    result, failed = run_module(ocp_ob_tenant, tenant_args(instant, **changed))
    assert not failed and result["changed"]
    assert writes(instant) == ["ocp.modify_tenant_description", "ocp.modify_tenant_whitelist",
                               "ocp.modify_tenant_primary_zone"]
    tenant = stored(instant)
    assert (tenant["whitelist"], tenant["description"], tenant["primaryZone"]) == ("%", "payments v2", "zone2;zone1")

    bigger = [dict(name="zone1", unit_spec="S4", unit_count=1), dict(name="zone2", unit_spec="S4", unit_count=1)]
    result, failed = run_module(ocp_ob_tenant, tenant_args(instant, zones=bigger, **changed))
    assert not failed and result["changed"] and result["task"]["name"] == "Modify tenant replica"
    assert result["task"]["status"] == "SUCCESSFUL"
    assert writes(instant) == ["ocp.modify_tenant_replica"]
    units = [z["resourcePool"]["unitConfig"] for z in stored(instant)["zones"]]
    assert [(u["name"], u["maxCpuCoreCount"], u["maxMemorySize"]) for u in units] == [("S4", 4, 16)] * 2
    result, failed = run_module(ocp_ob_tenant, tenant_args(instant, zones=bigger, **changed))
    assert not failed and result["changed"] is False and writes(instant) == []


@pytest.mark.parametrize("changes, words", [
    (dict(mode="ORACLE"), "cannot change mode of an existing tenant"),
    (dict(charset="gbk"), "cannot change charset"),
    (dict(zones=[dict(name="zone1", cpu=2, memory_gb=8, unit_count=1)], primary_zone="zone1"), "cannot change the zones of tenant 'payments'"),
    (dict(zones=[dict(name="zone1", cpu=2, memory_gb=8, replica_type="READONLY"), dict(name="zone2", cpu=2, memory_gb=8)]),
     "cannot change zones[0].replica_type"),
])
def test_what_ocp_cannot_change_in_place_is_refused_naming_it(run_module, instant, changes, words):
    run_module(ocp_ob_tenant, tenant_args(instant))
    writes(instant)
    for check_mode in (True, False):
        result, failed = run_module(ocp_ob_tenant, tenant_args(instant, **changes), check_mode=check_mode)
        assert failed and words in result["msg"] and "exception" not in result
    assert writes(instant) == []


@pytest.mark.parametrize("changes, words", [
    (dict(name="1payments"), "name '1payments' must start with a letter"),
    (dict(zones=[dict(name="zone1", unit_spec="S1", cpu=2, memory_gb=8)]), "zones[0]: give unit_spec or cpu and memory_gb"),
    (dict(zones=[dict(name="zone1", cpu=2)]), "zones[0]: cpu and memory_gb go together"),
    (dict(zones=[dict(name="zone1", cpu=0.1, memory_gb=8)]), "zones[0].cpu must be between 0.5 and 999"),
    (dict(zones=[dict(name="zone1", unit_spec="S1", unit_count=0)]), "zones[0].unit_count must be 1 or more"),
    (dict(primary_zone="zone3"), "primary_zone: 'zone3' is not one of the zones"),
    (dict(whitelist=["10.0.0.5,10.0.0.6"]), "whitelist must list one or more addresses"),
    (dict(root_password=""), "root_password must not be empty"),
    (dict(cluster=None), "one of the following is required"),
])
def test_bad_input_fails_before_any_request(run_module, instant, changes, words):
    result, failed = run_module(ocp_ob_tenant, tenant_args(instant, **changes))
    assert failed and words in result["msg"] and "exception" not in result
    assert instant.log() == []


def test_ocp_errors_name_platform_operation_code_and_request_id(run_module, instant):
    zones = [dict(name="zone1", unit_spec="S1", unit_count=2)]
    result, failed = run_module(ocp_ob_tenant, tenant_args(instant, zones=zones, primary_zone="zone1"))
    assert failed and "exception" not in result
    error = result["error"]
    assert (error["platform"], error["operation"], error["status"], error["code"]) == ("OCP", "ocp.create_tenant", 400, 60011)
    assert "active servers" in error["message"] and error["request_id"]
    assert stored(instant) is None


def test_a_failed_task_names_its_subtask_and_keeps_the_tenant(run_module, instant):
    instant.control("POST", "/ocp/fail", json={"subtask": "Create ob tenant"})
    result, failed = run_module(ocp_ob_tenant, tenant_args(instant))
    assert failed and "failed at Create ob tenant" in result["msg"]
    assert result["error"]["task"]["failed_subtasks"] == ["Create ob tenant"]
    assert stored(instant)["status"] == "CREATING"
    result, failed = run_module(ocp_ob_tenant, tenant_args(instant))  # the task is still FAILED: said again
    assert failed and "failed at Create ob tenant" in result["msg"]
    assert writes(instant) == ["ocp.create_tenant"]


def test_a_timeout_keeps_the_tenant_and_a_rerun_resumes_its_task(run_module, emulator):
    emulator.control("POST", "/ocp/hold", json={"kind": "create_tenant", "subtask": "Prepare create tenant"})
    result, failed = run_module(ocp_ob_tenant, tenant_args(emulator, wait_timeout=0))
    assert failed and "did not end within 0s" in result["msg"]
    task_id = result["error"]["task"]["id"]
    assert stored(emulator)["status"] == "CREATING"

    result, failed = run_module(ocp_ob_tenant, tenant_args(emulator, wait=False))  # created, as far as not waiting goes
    assert not failed and result["changed"] is False

    emulator.control("POST", "/ocp/release", json={"task_id": task_id})  # its 8 subtasks now take 0.3 s each
    result, failed = run_module(ocp_ob_tenant, tenant_args(emulator))
    assert not failed and result["changed"] and result["task"]["id"] == task_id
    assert result["task"]["status"] == "SUCCESSFUL" and result["tenant"]["status"] == "NORMAL"
    assert writes(emulator) == ["ocp.create_tenant"]


def test_a_create_whose_answer_is_lost_is_not_sent_again(module_output, instant):
    instant.add_fault(path="/api/v2/ob/clusters/1/tenants/createTenant", method="POST", status=503, count=1, after=True)
    result = module_output(ocp_ob_tenant, tenant_args(instant))
    assert not result.get("failed") and result["changed"] and result["tenant"]["status"] == "NORMAL"
    assert "re-reading shows the change was applied" in json.dumps(result["warnings"])
    assert writes(instant) == ["ocp.create_tenant"]


def test_a_change_whose_answer_is_lost_is_not_sent_again_and_one_that_did_not_land_is(module_output, instant):
    module_output(ocp_ob_tenant, tenant_args(instant))
    writes(instant)
    instant.add_fault(path="^.*/modifyWhitelist$", method="POST", status=503, count=1, after=True)
    instant.add_fault(path="^.*/modifyDescription$", method="POST", status=503, count=1)
    result = module_output(ocp_ob_tenant, tenant_args(instant, whitelist=["%"], description="payments v2"))
    assert not result.get("failed") and result["changed"]
    assert writes(instant) == ["ocp.modify_tenant_description", "ocp.modify_tenant_description",
                               "ocp.modify_tenant_whitelist"]
    assert "re-reading shows the change was applied" in json.dumps(result["warnings"])
    assert (stored(instant)["whitelist"], stored(instant)["description"]) == ("%", "payments v2")


def test_update_password_always_rotates_the_root_password_on_every_run(run_module, instant):
    def kept():
        return next(t for t in instant.control("GET", "/state")["data"]["ocp"]["tenants"]
                    if t["name"] == "payments")["_rootPassword"]

    run_module(ocp_ob_tenant, tenant_args(instant))
    writes(instant)
    result, failed = run_module(ocp_ob_tenant, tenant_args(instant, root_password="N3w-root-pass"))
    assert not failed and not result["changed"] and writes(instant) == [] and kept() == PASSWORD

    rotate = tenant_args(instant, root_password="N3w-root-pass", update_password="always")
    result, failed = run_module(ocp_ob_tenant, rotate, check_mode=True, diff=True)
    assert not failed and result["changed"] and writes(instant) == [] and kept() == PASSWORD
    assert result["diff"]["after"]["rootPassword"] == "********" and "N3w-root-pass" not in repr(result)
    result, failed = run_module(ocp_ob_tenant, rotate)
    assert not failed and result["changed"] and writes(instant) == ["ocp.change_tenant_password"]
    assert kept() == "N3w-root-pass" and "N3w-root-pass" not in repr(result)
    result, failed = run_module(ocp_ob_tenant, tenant_args(instant, root_password="N3w-root-pass"))
    assert not failed and not result["changed"] and writes(instant) == []


def test_delete_then_delete_again_and_the_sys_tenant_is_refused(run_module, instant):
    run_module(ocp_ob_tenant, tenant_args(instant))
    writes(instant)
    absent = ocp(instant, wait_interval=0.05, cluster="ob_legacy", name="payments", state="absent")
    result, failed = run_module(ocp_ob_tenant, absent, check_mode=True)
    assert not failed and result["changed"] and writes(instant) == [] and stored(instant)
    result, failed = run_module(ocp_ob_tenant, absent, diff=True)
    assert not failed and result["changed"] and result["tenant"] is None and result["diff"]["after"] == {}
    assert writes(instant) == ["ocp.delete_tenant"] and stored(instant) is None
    result, failed = run_module(ocp_ob_tenant, absent)
    assert not failed and result["changed"] is False and writes(instant) == []
    result, failed = run_module(ocp_ob_tenant, dict(absent, name="sys"))
    assert failed and result["error"]["code"] == 60004 and "The sys tenant cannot be deleted." in result["msg"]


def test_a_cluster_that_does_not_exist(run_module, instant):
    result, failed = run_module(ocp_ob_tenant, tenant_args(instant, cluster="ob_new"), check_mode=True)
    assert not failed and result["changed"] and result["tenant"]["id"] is None
    result, failed = run_module(ocp_ob_tenant, tenant_args(instant, cluster="ob_new"))
    assert failed and result["msg"] == "cluster: OCP has no cluster named 'ob_new'"
    result, failed = run_module(ocp_ob_tenant, dict(tenant_args(instant, cluster="ob_new"), state="absent"))
    assert not failed and result["changed"] is False and result["tenant"] is None
    assert writes(instant) == []

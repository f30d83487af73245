# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""cmdb_host and cmdb_host_info against the real emulator: its state and its request log."""

from __future__ import annotations

import json

import pytest

from ansible_collections.clusterops.platforms.plugins.modules import cmdb_host, cmdb_host_info

DEMO, PAYMENTS = 2, 3
HOSTS_HOOK = "/blueking/cmdb/hosts"


def blueking(emulator, **extra):
    keys = ("bk_url", "bk_app_code", "bk_app_secret", "bk_username")
    return dict({k: emulator.vars[k] for k in keys}, retries=0, **extra)


def writes(emulator):
    """The mutating operations since the last call, and clear the log."""
    done = [e["operation"] for e in emulator.log() if e["mutating"]]
    emulator.control("DELETE", "/requests")
    return done


def placement(emulator, host_ids):
    """{host id: (business, sorted module ids)} as the emulator holds it."""
    found, host_ids = {}, sorted(host_ids)
    for start in range(0, len(host_ids), 500):
        for relation in emulator.ok("find_host_biz_relations", dict(bk_host_id=host_ids[start:start + 500])):
            biz, modules = found.get(relation["bk_host_id"], (relation["bk_biz_id"], []))
            found[relation["bk_host_id"]] = biz, sorted(modules + [relation["bk_module_id"]])
    return found


def pool_host_id(emulator, ip):
    hosts = emulator.ok("list_hosts_without_biz", dict(page=dict(start=0, limit=500), host_property_filter=dict(
        condition="AND", rules=[dict(field="bk_host_innerip", operator="equal", value=ip)])))["info"]
    assert len(hosts) == 1, hosts
    return hosts[0]["bk_host_id"]


@pytest.fixture
def topology(emulator):
    """A set `db` of the demo business with modules mysql and backup: {name: module id}, and the idle module."""
    biz_set = emulator.ok("create_set", dict(bk_biz_id=DEMO, data=dict(bk_parent_id=DEMO, bk_set_name="db")))
    modules = {}
    for name in ("mysql", "backup"):
        module = emulator.ok("create_module", dict(bk_biz_id=DEMO, bk_set_id=biz_set["bk_set_id"], data=dict(
            bk_parent_id=biz_set["bk_set_id"], bk_module_name=name)))
        modules[name] = module["bk_module_id"]
    internal = emulator.ok("get_biz_internal_module", dict(bk_biz_id=DEMO))
    modules["idle"] = [m["bk_module_id"] for m in internal["module"] if m["default"] == 1][0]
    emulator.control("DELETE", "/requests")
    return modules


def test_a_host_from_the_pool_to_a_module_to_idle_and_back_to_the_pool(run_module, emulator, topology):
    host = pool_host_id(emulator, "10.0.0.1")
    pool_biz = placement(emulator, [host])[host][0]
    mysql = [dict(bk_set_name="db", bk_module_name="mysql")]
    args = blueking(emulator, bk_biz_name="demo", bk_host_innerip="10.0.0.1")

    result, failed = run_module(cmdb_host, dict(args, modules=mysql), check_mode=True, diff=True)
    assert not failed and result["changed"] and writes(emulator) == []
    assert placement(emulator, [host])[host][0] == pool_biz
    assert result["diff"] == dict(before={"10.0.0.1": "resource pool"}, after={"10.0.0.1": ["db/mysql"]})

    result, failed = run_module(cmdb_host, dict(args, modules=mysql), diff=True)
    assert not failed and result["changed"]
    assert writes(emulator) == ["cc.transfer_resourcehost_to_idlemodule", "cc.transfer_host_module"]
    assert placement(emulator, [host])[host] == (DEMO, [topology["mysql"]])
    assert result["host"]["modules"] == [dict(bk_set_id=result["host"]["modules"][0]["bk_set_id"], bk_set_name="db",
                                              bk_module_id=topology["mysql"], bk_module_name="mysql")]

    result, failed = run_module(cmdb_host, dict(args, modules=[dict(bk_module_id=topology["mysql"])]))
    assert not failed and result["changed"] is False and writes(emulator) == []

    result, failed = run_module(cmdb_host, dict(args, modules=[dict(bk_set_name="db", bk_module_name="backup")],
                                                append=True))
    assert not failed and result["changed"] and writes(emulator) == ["cc.transfer_host_module"]
    assert placement(emulator, [host])[host] == (DEMO, sorted([topology["mysql"], topology["backup"]]))

    result, failed = run_module(cmdb_host, dict(args, modules=[dict(bk_set_name="db", bk_module_name="backup")]))
    assert not failed and result["changed"] and placement(emulator, [host])[host] == (DEMO, [topology["backup"]])
    writes(emulator)

    result, failed = run_module(cmdb_host, dict(args, state="idle"), diff=True)
    assert not failed and result["changed"] and writes(emulator) == ["cc.transfer_host_to_idlemodule"]
    assert placement(emulator, [host])[host] == (DEMO, [topology["idle"]])
    assert result["diff"]["before"] == {"10.0.0.1": ["db/backup"]}

    result, failed = run_module(cmdb_host, dict(args, state="resource_pool"))
    assert not failed and result["changed"] and writes(emulator) == ["cc.transfer_host_to_resourcemodule"]
    assert placement(emulator, [host])[host][0] == pool_biz and result["host"]["resource_pool"] is True

    result, failed = run_module(cmdb_host, dict(args, state="resource_pool"))
    assert not failed and result["changed"] is False and writes(emulator) == []


def test_many_hosts_in_one_task_with_few_requests(run_module, emulator, topology):
    ips = ["10.20.%d.%d" % (i // 200, i % 200 + 1) for i in range(1100)]
    emulator.control("POST", HOSTS_HOOK, json=dict(bk_biz_id=None, bk_module_id=None, hosts=[
        dict(bk_host_innerip=ip, bk_cloud_id=0) for ip in ips]))
    emulator.control("DELETE", "/requests")
    hosts = [dict(bk_host_innerip=ip) for ip in ips[:1000]] + [
        dict(bk_host_innerip=ip, modules=[dict(bk_module_id=topology["backup"])]) for ip in ips[1000:]]
    args = blueking(emulator, bk_biz_id=DEMO, modules=[dict(bk_set_name="db", bk_module_name="mysql")], hosts=hosts)

    result, failed = run_module(cmdb_host, args, check_mode=True)
    assert not failed and result["changed"] and writes(emulator) == []

    result, failed = run_module(cmdb_host, args)
    assert not failed, result["msg"]
    log = emulator.log()
    assert [e["operation"] for e in log if e["mutating"]] == ["cc.transfer_resourcehost_to_idlemodule"] * 3 + [
        "cc.transfer_host_module"] * 3
    # sets, idle set, modules, pool business; 3 host searches and 3 + 3 relation reads of 500: 19 for 1,100 hosts
    assert len(log) <= 19, [e["operation"] for e in log]
    emulator.control("DELETE", "/requests")
    ids = [h["host"]["bk_host_id"] for h in result["hosts"]]
    stored = placement(emulator, ids)
    assert all(stored[i] == (DEMO, [topology["mysql"]]) for i in ids[:1000])
    assert all(stored[i] == (DEMO, [topology["backup"]]) for i in ids[1000:])

    result, failed = run_module(cmdb_host, args)
    assert not failed and result["changed"] is False and writes(emulator) == []

    listed, failed = run_module(cmdb_host_info, blueking(emulator, bk_biz_id=DEMO, bk_module_names=["backup"]))
    assert not failed and sorted(h["bk_host_innerip"] for h in listed["hosts"]) == sorted(ips[1000:])
    assert all(h["modules"] == [dict(bk_set_id=h["modules"][0]["bk_set_id"], bk_set_name="db",
                                     bk_module_id=topology["backup"], bk_module_name="backup")] for h in listed["hosts"])
    listed, failed = run_module(cmdb_host_info, blueking(emulator, bk_biz_id=DEMO, bk_set_names=["db"]))
    assert not failed and len(listed["hosts"]) == 1100
    assert [e["operation"] for e in emulator.log()].count("cc.list_biz_hosts_topo") == 1 + 3


def test_a_host_of_another_business_and_an_unknown_host_are_refused_without_a_write(run_module, emulator, topology):
    emulator.control("POST", HOSTS_HOOK, json=dict(bk_biz_id=PAYMENTS, bk_module_id=None, hosts=[
        dict(bk_host_innerip="10.30.0.1", bk_cloud_id=0)]))
    emulator.control("DELETE", "/requests")
    mysql = [dict(bk_module_id=topology["mysql"])]
    result, failed = run_module(cmdb_host, blueking(emulator, bk_biz_id=DEMO, bk_host_innerip="10.30.0.1", modules=mysql))
    assert failed and "belongs to business 'payments' (bk_biz_id 3), not to business 2" in result["msg"]
    result, failed = run_module(cmdb_host, blueking(emulator, bk_biz_id=DEMO, hosts=[
        dict(bk_host_innerip="10.0.0.2"), dict(bk_host_innerip="10.99.0.1")], modules=mysql))
    assert failed and "not in CMDB: 10.99.0.1" in result["msg"]
    assert writes(emulator) == []

    result, failed = run_module(cmdb_host, blueking(emulator, bk_biz_id=DEMO, bk_host_innerip="10.30.0.1",
                                                    modules=mysql, take_from_other_business=True))
    assert not failed and result["changed"]
    assert writes(emulator) == ["cc.transfer_host_across_biz", "cc.transfer_host_module"]
    assert result["host"]["bk_biz_id"] == DEMO and result["host"]["modules"][0]["bk_module_id"] == topology["mysql"]


def test_a_lost_answer_is_not_sent_again_and_a_refusal_reports_the_true_placement(run_module, emulator, topology):
    host = pool_host_id(emulator, "10.0.0.3")
    emulator.add_fault(path="/api/c/compapi/v2/cc/transfer_host_module/", status=503, after=True, count=1)
    args = blueking(emulator, bk_biz_id=DEMO, bk_host_id=host, modules=[dict(bk_module_id=topology["mysql"])])
    result, failed = run_module(cmdb_host, dict(args, retries=2))
    assert not failed and result["changed"]
    assert writes(emulator) == ["cc.transfer_resourcehost_to_idlemodule", "cc.transfer_host_module"]
    assert placement(emulator, [host])[host] == (DEMO, [topology["mysql"]])

    emulator.add_fault(path="/api/c/compapi/v2/cc/transfer_host_module/", status=500, count=1)
    result, failed = run_module(cmdb_host, dict(args, modules=[dict(bk_module_id=topology["backup"])]))
    assert failed and result["error"]["operation"] == "cc.transfer_host_module" and result["error"]["status"] == 500
    assert result["changed"] is False and result["host"]["modules"][0]["bk_module_id"] == topology["mysql"]
    assert emulator.vars["bk_app_secret"] not in repr(result)


def test_check_mode_takes_a_module_not_there_yet_as_created_by_an_earlier_task(module_output, emulator, topology):
    """A play checked before anything exists: cmdb_module would create the module, so cmdb_host predicts
    the host in it, with a warning; outside check mode the same module is an error."""
    args = blueking(emulator, bk_biz_id=DEMO, bk_host_innerip="10.0.0.7",
                    modules=[dict(bk_set_name="ob", bk_module_name="observer")])
    result = module_output(cmdb_host, args, check_mode=True, diff=True)
    assert not result.get("failed") and result["changed"] and writes(emulator) == []
    assert result["host"]["modules"] == [dict(bk_set_id=None, bk_set_name="ob", bk_module_id=None,
                                              bk_module_name="observer")]
    assert result["diff"]["after"] == {"10.0.0.7": ["ob/observer"]}
    assert "module 'observer' of set 'ob' does not exist yet" in json.dumps(result["warnings"])  # 2.19+ nests it
    result = module_output(cmdb_host, args)
    assert result["failed"] and "has no module 'observer' in a set 'ob'" in result["msg"]
    assert writes(emulator) == []

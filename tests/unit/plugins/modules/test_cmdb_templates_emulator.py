# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""cmdb_set and cmdb_module with set and service templates, against the real emulator: its state and request log."""

from __future__ import annotations

from ansible_collections.clusterops.platforms.plugins.modules import cmdb_module, cmdb_set
from tests.unit.plugins.modules.test_cmdb_host_emulator import blueking, writes

PAYMENTS = 3
OBPROXY, MYSQL, OB_STANDARD = 1, 2, 3  # the emulator's seeded templates of payments


def modules_of(emulator, set_id):
    found = emulator.ok("search_module", dict(bk_biz_id=PAYMENTS, bk_set_id=set_id, fields=[
        "bk_module_name", "service_template_id", "set_template_id"], page=dict(start=0, limit=200)))
    return found["info"]


def set_named(emulator, name):
    return [s for s in emulator.sets(PAYMENTS) if s["bk_set_name"] == name]


def test_a_set_from_a_template_by_name_gets_its_modules_and_a_second_run_writes_nothing(emulator, run_module):
    args = blueking(emulator, bk_biz_name="payments", name="ob-a", set_template="ob_standard")
    result, failed = run_module(cmdb_set, args, check_mode=True, diff=True)
    assert not failed and result["changed"], result
    assert result["set"]["bk_set_id"] is None and result["set"]["set_template_id"] == OB_STANDARD
    assert writes(emulator) == [] and set_named(emulator, "ob-a") == []

    result, failed = run_module(cmdb_set, args)
    assert not failed and result["changed"] and result["set"]["set_template_id"] == OB_STANDARD, result
    assert writes(emulator) == ["cc.create_set"]
    assert modules_of(emulator, result["set"]["bk_set_id"]) == [
        dict(bk_module_name="obproxy", service_template_id=OBPROXY, set_template_id=OB_STANDARD),
        dict(bk_module_name="mysql", service_template_id=MYSQL, set_template_id=OB_STANDARD)]

    for check_mode in (True, False):
        again, failed = run_module(cmdb_set, args, check_mode=check_mode)
        assert not failed and not again["changed"] and again["set"] == result["set"], again
    by_id, failed = run_module(cmdb_set, dict(args, set_template=None, set_template_id=OB_STANDARD))
    assert not failed and not by_id["changed"]
    assert writes(emulator) == []


def test_the_template_of_an_existing_set_cannot_change(emulator, run_module):
    args = blueking(emulator, bk_biz_id=PAYMENTS, name="plain")
    assert not run_module(cmdb_set, args)[1]
    writes(emulator)
    result, failed = run_module(cmdb_set, dict(args, set_template="ob_standard"))
    assert failed and "cannot change set_template_id of an existing set (current 0, requested 3)" in result["msg"]
    assert writes(emulator) == [] and set_named(emulator, "plain")[0]["set_template_id"] == 0


def test_template_names_that_match_nothing_and_both_forms_are_refused(emulator, run_module):
    result, failed = run_module(cmdb_set, blueking(emulator, bk_biz_id=PAYMENTS, name="x", set_template="nope"))
    assert failed and result["msg"] == "set_template 'nope' matches no set template of business 3"
    result, failed = run_module(cmdb_set, blueking(emulator, bk_biz_id=PAYMENTS, name="x", set_template="ob_standard",
                                                   set_template_id=OB_STANDARD))
    assert failed and result["msg"] == "give one of set_template and set_template_id, not both"
    result, failed = run_module(cmdb_module, blueking(emulator, bk_biz_id=PAYMENTS, bk_set_name="x", name="m",
                                                      service_template="my"))  # no substring match
    assert failed and "service_template 'my' matches no service template of business 3" in result["msg"]
    assert writes(emulator) == []


def test_a_list_of_sets_from_templates_reads_the_templates_once(emulator, run_module):
    args = blueking(emulator, bk_biz_id=PAYMENTS, sets=[
        dict(name="ob-1", set_template="ob_standard"), dict(name="ob-2", set_template="ob_standard"), dict(name="plain")])
    result, failed = run_module(cmdb_set, args)
    assert not failed and result["changed"], result
    operations = [e["operation"] for e in emulator.log()]
    assert operations.count("cc.list_set_template") == 1 and operations.count("cc.create_set") == 3
    made = {s["bk_set_name"]: s["set_template_id"] for s in emulator.sets(PAYMENTS)}  # written several at a time
    assert made == {"空闲机池": 0, "ob-1": OB_STANDARD, "ob-2": OB_STANDARD, "plain": 0}
    writes(emulator)
    assert not run_module(cmdb_set, args)[0]["changed"]
    assert writes(emulator) == []


def test_a_module_from_a_service_template_by_name(emulator, run_module):
    set_id = emulator.ok("create_set", dict(bk_biz_id=PAYMENTS, data=dict(bk_parent_id=PAYMENTS,
                                                                          bk_set_name="db")))["bk_set_id"]
    writes(emulator)
    args = blueking(emulator, bk_biz_id=PAYMENTS, bk_set_name="db", name="mysql-2", service_template="mysql")
    result, failed = run_module(cmdb_module, args, check_mode=True)
    assert not failed and result["changed"] and result["module"]["service_template_id"] == MYSQL, result
    assert writes(emulator) == []
    result, failed = run_module(cmdb_module, args)
    assert not failed and result["changed"], result
    assert (result["module"]["service_template_id"], result["module"]["service_category_id"]) == (MYSQL, 4)
    assert writes(emulator) == ["cc.create_module"]
    assert modules_of(emulator, set_id) == [dict(bk_module_name="mysql-2", service_template_id=MYSQL,
                                                 set_template_id=0)]
    again, failed = run_module(cmdb_module, args)
    assert not failed and not again["changed"]
    assert writes(emulator) == []


def test_a_module_of_a_templated_set_is_found_and_another_is_refused_by_cmdb(emulator, run_module):
    set_id = emulator.ok("create_set", dict(bk_biz_id=PAYMENTS, data=dict(
        bk_parent_id=PAYMENTS, bk_set_name="ob-a", set_template_id=OB_STANDARD)))["bk_set_id"]
    writes(emulator)
    args = blueking(emulator, bk_biz_id=PAYMENTS, bk_set_id=set_id, name="mysql", service_template="mysql")
    result, failed = run_module(cmdb_module, args)
    assert not failed and not result["changed"], result
    result, failed = run_module(cmdb_module, dict(args, name="extra", service_template=None))
    assert failed and result["error"]["code"] == 1101097, result
    assert "change its modules through the template" in result["msg"]
    result, failed = run_module(cmdb_module, dict(args, name="mysql", service_template=None, state="absent"))
    assert failed and result["error"]["code"] == 1101097
    assert writes(emulator) == ["cc.create_module", "cc.delete_module"]
    assert [m["bk_module_name"] for m in modules_of(emulator, set_id)] == ["obproxy", "mysql"]


def test_a_set_template_id_cmdb_cannot_find_fails_with_its_code_and_a_hint(emulator, run_module):
    result, failed = run_module(cmdb_set, blueking(emulator, bk_biz_id=PAYMENTS, name="x", set_template_id=99))
    assert failed and result["error"]["code"] == 1199019 and result["error"]["operation"] == "cc.create_set"
    assert "the set template of set_template_id" in result["msg"]
    assert writes(emulator) == ["cc.create_set"] and set_named(emulator, "x") == []

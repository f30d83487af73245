# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""cmdb_module and cmdb_module_info with CMDB's answers mocked: what is sent, and when."""

from __future__ import annotations

import pytest
import responses

from ansible_collections.clusterops.platforms.plugins.modules import cmdb_module, cmdb_module_info, cmdb_set
from tests.unit.plugins.modules.mocked_esb import BK, components, error, ok, sent

SECRET = "app-secret-7c1e"
CONNECTION = dict(bk_url=BK, bk_app_code="clusterops", bk_app_secret=SECRET, bk_username="admin")
SET = dict(bk_set_id=11, bk_set_name="db", bk_biz_id=3, bk_parent_id=3, default=0)
IDLE_SET = dict(bk_set_id=4, bk_set_name="空闲机池", bk_biz_id=3, bk_parent_id=3, default=1)
MODULE = dict(bk_module_id=21, bk_module_name="mysql", bk_biz_id=3, bk_set_id=11, bk_parent_id=11,
              bk_module_type="1", operator="alice", bk_bak_operator="", service_category_id=2,
              service_template_id=0, set_template_id=0, default=0, region="east")
IDLE = dict(MODULE, bk_module_id=5, bk_module_name="空闲机", bk_set_id=4, bk_parent_id=4, default=1)


def page(*records):
    return dict(count=len(records), info=list(records))


@responses.activate
def test_create_resolves_business_and_set_by_name_and_sends_the_mapped_values(run_module):
    ok("search_business", page(dict(bk_biz_id=3, bk_biz_name="payments")))
    ok("search_set", page(SET))
    ok("search_module", page())
    ok("create_module", dict(MODULE, bk_module_type="2"))
    result, failed = run_module(cmdb_module, dict(
        CONNECTION, bk_biz_name="payments", bk_set_name="db", name="mysql", bk_module_type="database",
        operator="alice", service_category_id=2, attributes=dict(region="east", owner=None)), diff=True)
    assert not failed and result["changed"]
    assert components() == ["search_business", "search_set", "search_module", "create_module"]
    assert sent("search_set")[0]["filter"]["rules"] == [dict(field="bk_set_name", operator="equal", value="db")]
    search = sent("search_module")[0]
    assert (search["bk_biz_id"], search["bk_set_id"], search["condition"]) == (3, 11, dict(bk_module_name="mysql"))
    assert search["page"] == dict(start=0, limit=200)
    body = sent("create_module")[0]
    assert (body["bk_biz_id"], body["bk_set_id"]) == (3, 11)
    assert body["data"] == dict(bk_parent_id=11, bk_module_name="mysql", bk_module_type="2", operator="alice",
                                service_category_id=2, region="east")
    assert result["module"]["bk_module_id"] == 21
    assert result["diff"]["before"] == {} and result["diff"]["after"]["bk_module_type"] == "2"


@responses.activate
def test_a_set_given_by_id_is_not_looked_up_and_a_module_of_another_set_is_not_ours(run_module):
    ok("search_module", page(dict(MODULE, bk_set_id=12)))
    ok("create_module", MODULE)
    result, failed = run_module(cmdb_module, dict(CONNECTION, bk_biz_id=3, bk_set_id=11, name="mysql"))
    assert not failed and result["changed"]
    assert components() == ["search_module", "create_module"]


@responses.activate
def test_unchanged_module_sends_no_write(run_module):
    ok("search_module", page(MODULE))
    result, failed = run_module(cmdb_module, dict(
        CONNECTION, bk_biz_id=3, bk_set_id=11, name="mysql", bk_module_type="common", operator="alice",
        service_category_id="2", service_template_id=0, attributes=dict(region="east")))
    assert not failed and result["changed"] is False
    assert components() == ["search_module"]


@responses.activate
def test_update_sends_only_the_changed_keys_and_reads_back(run_module):
    ok("search_module", page(MODULE))
    ok("update_module", None)
    ok("search_module", page(dict(MODULE, bk_module_type="2", bk_bak_operator="bob")))
    result, failed = run_module(cmdb_module, dict(
        CONNECTION, bk_biz_id=3, bk_set_id=11, name="mysql", bk_module_type="2", operator="alice",
        bk_bak_operator="bob"), diff=True)
    assert not failed and result["changed"]
    body = sent("update_module")[0]
    assert (body["bk_biz_id"], body["bk_set_id"], body["bk_module_id"]) == (3, 11, 21)
    assert body["data"] == dict(bk_module_type="2", bk_bak_operator="bob")
    assert result["diff"]["before"]["bk_module_type"] == "1"
    assert result["diff"]["after"]["bk_module_type"] == "2"


@responses.activate
def test_check_mode_sends_no_write_and_predicts(run_module):
    ok("search_module", page(MODULE))
    result, failed = run_module(cmdb_module, dict(CONNECTION, bk_biz_id=3, bk_set_id=11, name="mysql",
                                                  operator="carol"), check_mode=True, diff=True)
    assert not failed and result["changed"] and result["module"]["operator"] == "carol"
    assert result["diff"]["before"]["operator"] == "alice"
    assert components() == ["search_module"]


@responses.activate
def test_check_mode_in_a_set_an_earlier_task_would_create_predicts_a_new_module(run_module):
    ok("search_set", page())
    result, failed = run_module(cmdb_module, dict(CONNECTION, bk_biz_id=3, bk_set_name="new", name="mysql"),
                                check_mode=True)
    assert not failed and result["changed"]
    assert result["module"] == dict(bk_module_id=None, bk_biz_id=3, bk_set_id=None, bk_parent_id=None,
                                    bk_module_name="mysql")
    assert components() == ["search_set"]


@responses.activate
def test_a_set_name_that_matches_no_set_fails_without_a_write(run_module):
    ok("search_set", page())
    result, failed = run_module(cmdb_module, dict(CONNECTION, bk_biz_id=3, bk_set_name="new", name="mysql"))
    assert failed and result["msg"] == "bk_set_name 'new' matches no set of business 3"
    assert components() == ["search_set"]


@responses.activate
def test_a_set_name_that_matches_two_sets_asks_for_the_id(run_module):
    ok("search_set", page(SET, dict(SET, bk_set_id=15, bk_parent_id=40)))
    result, failed = run_module(cmdb_module, dict(CONNECTION, bk_biz_id=3, bk_set_name="db", name="mysql"))
    assert failed and "matches sets [11, 15] of business 3" in result["msg"] and "give bk_set_id" in result["msg"]
    assert components() == ["search_set"]


@pytest.mark.parametrize("code, message, words", [
    (1101030, "Having hosts under the target, deleting forbidden", "the module still has hosts"),
    (1101098, "forbidden remove or update built in set or module", "built-in modules"),
    (1101097, "forbidden to operate module on set initialized by template", "through the template"),
])
@responses.activate
def test_a_refused_delete_fails_with_the_hint_and_the_true_state(run_module, code, message, words):
    ok("search_module", page(MODULE))
    error("delete_module", code, message)
    ok("search_module", page(MODULE))
    result, failed = run_module(cmdb_module, dict(CONNECTION, bk_biz_id=3, bk_set_id=11, name="mysql",
                                                  state="absent"))
    assert failed and "code %d" % code in result["msg"] and words in result["msg"]
    assert result["error"]["operation"] == "cc.delete_module" and result["error"]["code"] == code
    assert result["module"]["bk_module_id"] == 21 and result["changed"] is False
    assert sent("delete_module")[0] == dict(bk_biz_id=3, bk_set_id=11, bk_module_id=21)
    assert components() == ["search_module", "delete_module", "search_module"]


@responses.activate
def test_a_duplicate_name_is_refused_with_the_hint(run_module):
    ok("search_module", page())
    error("create_module", 1199014, "duplicated instances exist, fields [bk_module_name] duplicated")
    ok("search_module", page())
    result, failed = run_module(cmdb_module, dict(CONNECTION, bk_biz_id=3, bk_set_id=11, name="mysql"))
    assert failed and "another module with this name already exists in the set" in result["msg"]


@responses.activate
def test_absent_module_is_ok_without_a_write(run_module):
    ok("search_module", page())
    result, failed = run_module(cmdb_module, dict(CONNECTION, bk_biz_id=3, bk_set_id=11, name="mysql",
                                                  state="absent"))
    assert not failed and result["changed"] is False and result["module"] is None


@responses.activate
def test_template_change_of_an_existing_module_is_refused(run_module):
    ok("search_module", page(MODULE))
    result, failed = run_module(cmdb_module, dict(CONNECTION, bk_biz_id=3, bk_set_id=11, name="mysql",
                                                  service_template_id=8))
    assert failed and "cannot change service_template_id of an existing module" in result["msg"]
    assert components() == ["search_module"]


@responses.activate
def test_platform_error_never_shows_the_secret(run_module):
    error("search_module", 1306403, "app code %s is not valid" % SECRET)
    result, failed = run_module(cmdb_module, dict(CONNECTION, bk_biz_id=3, bk_set_id=11, name="mysql"))
    assert failed and SECRET not in repr(result)
    assert result["error"]["platform"] == "BlueKing" and result["error"]["operation"] == "cc.search_module"


@pytest.mark.parametrize("args, words", [
    (dict(name="x" * 257), "name must be 1 to 256 characters long"),
    (dict(bk_set_id=None, bk_set_name="s" * 257), "bk_set_name must be 1 to 256 characters long"),
    (dict(bk_set_id=None), "give one of bk_set_id and bk_set_name to name the module's set"),
    (dict(bk_set_id=None, state="absent"), "give one of bk_set_id and bk_set_name"),
    (dict(attributes=dict(bk_module_type="2")), "attributes: bk_module_type cannot be set"),
    (dict(attributes=dict(default=1)), "attributes: default cannot be set"),
    (dict(attributes=dict(operator="x")), "attributes: operator cannot be set"),
    (dict(bk_set_name="db"), "parameters are mutually exclusive: bk_set_id|bk_set_name"),
    (dict(bk_module_type="web"), "value of bk_module_type must be one of"),
])
@responses.activate
def test_bad_input_fails_before_any_request(run_module, args, words):
    args = dict(dict(bk_biz_name="payments", bk_set_id=11, name="mysql"), **args)
    result, failed = run_module(cmdb_module, dict(CONNECTION, **{k: v for k, v in args.items() if v is not None}))
    assert failed and words in result["msg"]
    assert len(responses.calls) == 0


def test_name_and_modules_are_mutually_exclusive_and_one_is_required(run_module):
    result, failed = run_module(cmdb_module, dict(CONNECTION, bk_biz_id=3, bk_set_id=11, name="a",
                                                  modules=[dict(name="x")]))
    assert failed and "mutually exclusive" in result["msg"]
    result, failed = run_module(cmdb_module, dict(CONNECTION, bk_biz_id=3, bk_set_id=11))
    assert failed and "name, modules" in result["msg"]


@responses.activate
def test_the_list_form_reads_sets_and_modules_once_and_writes_only_what_differs(run_module):
    other_set = dict(SET, bk_set_id=12, bk_set_name="cache")
    ok("search_business", page(dict(bk_biz_id=3, bk_biz_name="payments")))
    ok("search_set", page(IDLE_SET, SET, other_set))
    redis = dict(MODULE, bk_module_id=22, bk_module_name="redis", bk_set_id=12, bk_parent_id=12)
    ok("search_module", page(IDLE, MODULE, redis))
    ok("create_module", dict(MODULE, bk_module_id=23, bk_module_name="proxy"))
    ok("update_module", None)
    ok("search_module", page(IDLE, MODULE, dict(redis, operator="bob"),
                             dict(MODULE, bk_module_id=23, bk_module_name="proxy")))
    result, failed = run_module(cmdb_module, dict(CONNECTION, bk_biz_name="payments", operator="alice", modules=[
        dict(name="mysql", bk_set_name="db"), dict(name="proxy", bk_set_name="db"),
        dict(name="redis", bk_set_id=12, operator="bob")]))
    assert not failed and result["changed"]
    calls = components()  # the two writes run in parallel, in either order
    assert calls[:3] == ["search_business", "search_set", "search_module"] and calls[5:] == ["search_module"]
    assert sorted(calls[3:5]) == ["create_module", "update_module"]
    assert "bk_set_id" not in sent("search_module")[0] and sent("search_module")[0]["condition"] == {}
    assert sent("create_module")[0]["data"] == dict(bk_module_name="proxy", operator="alice", bk_parent_id=11)
    assert sent("update_module")[0] == dict(bk_biz_id=3, bk_set_id=12, bk_module_id=22, data=dict(operator="bob"))
    assert [(m["name"], m["changed"]) for m in result["modules"]] == [("mysql", False), ("proxy", True), ("redis", True)]
    assert result["modules"][2]["module"]["operator"] == "bob"
    assert "module" not in result


@responses.activate
def test_the_list_form_purges_user_modules_only_and_in_the_named_set_only(run_module):
    other = dict(MODULE, bk_module_id=30, bk_module_name="old", bk_set_id=12, bk_parent_id=12)
    stale = dict(MODULE, bk_module_id=31, bk_module_name="stale")
    ok("search_set", page(IDLE_SET, SET, dict(SET, bk_set_id=12, bk_set_name="cache")))
    ok("search_module", page(IDLE, MODULE, stale, other))
    result, failed = run_module(cmdb_module, dict(CONNECTION, bk_biz_id=3, bk_set_name="db", purge=True,
                                                  modules=[dict(name="mysql")]), check_mode=True, diff=True)
    assert not failed and result["changed"]
    outcome = [(m["name"], m["changed"], m["purged"]) for m in result["modules"]]
    assert outcome == [("mysql", False, False), ("stale", True, True)]
    assert components() == ["search_set", "search_module"]
    assert "stale" in result["diff"]["before"] and "stale" not in result["diff"]["after"]
    # without a set at the top level, the whole business is the scope; built-in modules stay
    responses.calls.reset()
    result, failed = run_module(cmdb_module, dict(CONNECTION, bk_biz_id=3, purge=True, modules=[]), check_mode=True)
    assert sorted(m["name"] for m in result["modules"]) == ["mysql", "old", "stale"]


@responses.activate
def test_the_list_form_fails_one_item_whose_set_does_not_exist_and_makes_the_others(run_module):
    ok("search_set", page(SET))
    ok("search_module", page())
    ok("create_module", MODULE)
    ok("search_module", page(MODULE))
    result, failed = run_module(cmdb_module, dict(CONNECTION, bk_biz_id=3, modules=[
        dict(name="mysql", bk_set_name="db"), dict(name="mysql", bk_set_name="nope")]))
    assert failed and "1 of 2 modules failed" in result["msg"]
    assert "bk_set_name 'nope' matches no set of business 3" in result["modules"][1]["msg"]
    assert [m["changed"] for m in result["modules"]] == [True, False]
    assert components() == ["search_set", "search_module", "create_module", "search_module"]


@pytest.mark.parametrize("modules, words", [
    ([dict(name="a")], "modules[0] ('a'): give one of bk_set_id and bk_set_name"),
    ([dict(name="a", state="absent")], "modules[0] ('a'): give one of bk_set_id and bk_set_name"),
    ([dict(name="a", bk_set_id=1, bk_set_name="db")], "modules[0] ('a'): give one of bk_set_id and bk_set_name"),
    ([dict(name="a", bk_set_id=1), dict(name="a", bk_set_id=1)], "modules[0] and modules[1] both describe 'a'"),
    ([dict(name="a", bk_set_id=1, attributes=dict(default=0))], "modules[0] ('a'): attributes: default cannot"),
])
@responses.activate
def test_the_list_form_validates_every_item_before_any_request(run_module, modules, words):
    result, failed = run_module(cmdb_module, dict(CONNECTION, bk_biz_id=3, modules=modules))
    assert failed and words in result["msg"]
    assert len(responses.calls) == 0


@responses.activate
def test_info_reads_every_page_of_the_business(run_module):
    modules = [dict(MODULE, bk_module_id=i, bk_module_name="m%d" % i) for i in range(450)]
    for start in (0, 200, 400):
        ok("search_module", dict(count=450, info=modules[start:start + 200]))
    result, failed = run_module(cmdb_module_info, dict(CONNECTION, bk_biz_id=3))
    assert not failed and len(result["modules"]) == 450 and result["changed"] is False
    assert [b["page"]["start"] for b in sent("search_module")] == [0, 200, 400]
    assert all("bk_set_id" not in b and b["condition"] == {} for b in sent("search_module"))
    assert (result["bk_biz_id"], result["bk_set_id"]) == (3, None)


@responses.activate
def test_info_filters_by_set_name_and_module_name(run_module):
    ok("search_business", page(dict(bk_biz_id=3, bk_biz_name="payments")))
    ok("search_set", page(SET))
    ok("search_module", page(MODULE, dict(MODULE, bk_module_id=40, bk_set_id=12)))
    result, failed = run_module(cmdb_module_info, dict(CONNECTION, bk_biz_name="payments", bk_set_name="db",
                                                       name="mysql"))
    assert not failed and [m["bk_module_id"] for m in result["modules"]] == [21]
    assert (result["bk_biz_id"], result["bk_set_id"]) == (3, 11)
    assert sent("search_module")[0]["bk_set_id"] == 11
    assert sent("search_module")[0]["condition"] == dict(bk_module_name="mysql")


@responses.activate
def test_info_of_a_set_name_that_matches_no_set_is_empty(run_module):
    ok("search_set", page())
    result, failed = run_module(cmdb_module_info, dict(CONNECTION, bk_biz_id=3, bk_set_name="nope"))
    assert not failed and result["modules"] == [] and result["bk_set_id"] is None
    assert components() == ["search_set"]


# Against the emulator: the server's state and request log, not only what the module says.

def blueking(emulator, **extra):
    keys = ("bk_url", "bk_app_code", "bk_app_secret", "bk_username")
    return dict({k: emulator.vars[k] for k in keys}, retries=0, **extra)


def held(emulator, biz_id):
    """{(set id, module name): module} of a business, as the emulator holds them."""
    modules = emulator.control("GET", "/state")["data"]["blueking"]["modules"].values()
    return {(m["bk_set_id"], m["bk_module_name"]): m for m in modules if m["bk_biz_id"] == biz_id}


def logged(emulator):
    """(reads, writes): the operations logged since the last call; clears the log."""
    log = emulator.log()
    emulator.control("DELETE", "/requests")
    return [e["operation"] for e in log if not e["mutating"]], [e["operation"] for e in log if e["mutating"]]


def test_the_emulator_sees_one_write_per_change_and_none_in_check_mode(run_module, emulator):
    result, failed = run_module(cmdb_set, blueking(emulator, bk_biz_id=2, name="emu-set"))
    set_id = result["set"]["bk_set_id"]
    emulator.control("DELETE", "/requests")
    args = blueking(emulator, bk_biz_name="demo", bk_set_name="emu-set", name="emu-mysql")
    result, failed = run_module(cmdb_module, dict(args, bk_module_type="database", operator="alice"))
    assert not failed and result["changed"], result
    stored = held(emulator, 2)[set_id, "emu-mysql"]
    assert (stored["bk_module_type"], stored["operator"], stored["bk_parent_id"]) == ("2", "alice", set_id)
    assert logged(emulator)[1] == ["cc.create_module"]

    result, failed = run_module(cmdb_module, dict(args, bk_module_type="2", operator="alice"))
    assert not failed and not result["changed"]
    assert logged(emulator)[1] == []

    result, failed = run_module(cmdb_module, dict(args, operator="bob"), check_mode=True, diff=True)
    assert result["changed"] and result["diff"]["after"]["operator"] == "bob"
    assert logged(emulator)[1] == [] and held(emulator, 2)[set_id, "emu-mysql"]["operator"] == "alice"

    result, failed = run_module(cmdb_module, dict(args, operator="bob"))
    assert result["changed"] and held(emulator, 2)[set_id, "emu-mysql"]["operator"] == "bob"
    assert logged(emulator)[1] == ["cc.update_module"]

    emulator.control("POST", "/blueking/cmdb/hosts", json=dict(
        bk_biz_id=2, bk_module_id=stored["bk_module_id"], hosts=[dict(bk_host_innerip="10.30.0.1", bk_cloud_id=0)]))
    result, failed = run_module(cmdb_module, dict(args, state="absent"))
    assert failed and result["error"]["code"] == 1101030 and "the module still has hosts" in result["msg"]
    assert (set_id, "emu-mysql") in held(emulator, 2)


def test_the_emulator_refuses_a_change_of_a_built_in_module(run_module, emulator):
    result, failed = run_module(cmdb_module, blueking(emulator, bk_biz_id=3, bk_set_name="空闲机池", name="空闲机",
                                                      operator="mallory"))
    assert failed and result["error"]["code"] == 1101098 and "built-in modules" in result["msg"]
    assert all(m["operator"] != "mallory" for m in held(emulator, 3).values())


def test_the_list_form_on_the_emulator_reads_once_and_purges_only_user_modules(run_module, emulator):
    run_module(cmdb_set, blueking(emulator, bk_biz_id=3, sets=[dict(name="emu-a"), dict(name="emu-b")]))
    emulator.control("DELETE", "/requests")
    items = [dict(name="m%03d" % i, bk_set_name="emu-a" if i % 2 else "emu-b") for i in range(240)]
    result, failed = run_module(cmdb_module, blueking(emulator, bk_biz_id=3, modules=items))
    assert not failed and sum(m["changed"] for m in result["modules"]) == 240
    assert logged(emulator)[0] == ["cc.search_set"] + ["cc.search_module"] * 3
    assert len(held(emulator, 3)) == 240 + 3

    result, failed = run_module(cmdb_module, blueking(emulator, bk_biz_id=3, modules=items))
    assert not failed and not result["changed"]
    assert logged(emulator) == (["cc.search_set", "cc.search_module", "cc.search_module"], [])

    result, failed = run_module(cmdb_module, blueking(emulator, bk_biz_id=3, modules=items[:10], purge=True))
    assert not failed and sum(m["purged"] for m in result["modules"]) == 230
    left = held(emulator, 3)
    assert len(left) == 10 + 3 and sorted(m["default"] for m in left.values())[-3:] == [1, 2, 3]

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json

import pytest
import responses

from ansible_collections.clusterops.platforms.plugins.modules import cmdb_set, cmdb_set_info
from tests.unit.plugins.modules.mocked_esb import BK, components, error, ok, sent, url

SECRET = "app-secret-3f9a"
CONNECTION = dict(bk_url=BK, bk_app_code="clusterops", bk_app_secret=SECRET, bk_username="admin")
SET = dict(bk_set_id=11, bk_set_name="db", bk_biz_id=3, bk_parent_id=3, bk_set_env="3",
           bk_service_status="1", bk_capacity=10, bk_set_desc="", description="", default=0,
           set_template_id=0, region="east")


@responses.activate
def test_create_resolves_the_business_and_sends_the_mapped_values(run_module):
    ok("search_business", dict(count=1, info=[dict(bk_biz_id=3, bk_biz_name="payments")]))
    ok("search_set", dict(count=0, info=[]))
    ok("create_set", dict(SET, bk_set_env="1"))
    result, failed = run_module(cmdb_set, dict(
        CONNECTION, bk_biz_name="payments", name="db", bk_set_env="test", bk_service_status="open",
        bk_capacity=10, attributes=dict(region="east")), diff=True)
    assert not failed and result["changed"]
    assert components() == ["search_business", "search_set", "create_set"]
    body = sent("create_set")[0]
    assert body["bk_biz_id"] == 3
    assert body["data"] == dict(bk_parent_id=3, bk_set_name="db", bk_set_env="1",
                                bk_service_status="1", bk_capacity=10, region="east")
    # credentials in the header only (the default bk_credentials_in)
    assert not {"bk_app_code", "bk_app_secret", "bk_username"} & set(body)
    header = json.loads(responses.calls[-1].request.headers["X-Bkapi-Authorization"])
    assert header == dict(bk_app_code="clusterops", bk_app_secret=SECRET, bk_username="admin")
    assert result["set"]["bk_set_id"] == 11
    assert result["diff"]["before"] == {}


@responses.activate
def test_search_looks_up_by_exact_name_and_parent_with_the_page_cap(run_module):
    ok("search_set", dict(count=1, info=[dict(SET, bk_set_name="db", bk_parent_id=99)]))
    ok("create_set", SET)
    run_module(cmdb_set, dict(CONNECTION, bk_biz_id=3, name="db"))
    search = sent("search_set")[0]
    assert search["filter"]["rules"] == [dict(field="bk_set_name", operator="equal", value="db"),
                                         dict(field="bk_parent_id", operator="equal", value=3)]
    assert search["page"] == dict(start=0, limit=200)
    # a set of that name under another parent is not ours: create
    assert components() == ["search_set", "create_set"]


@responses.activate
def test_unchanged_set_sends_no_write(run_module):
    ok("search_set", dict(count=1, info=[SET]))
    result, failed = run_module(cmdb_set, dict(
        CONNECTION, bk_biz_id=3, name="db", bk_set_env="formal", bk_capacity="10",
        attributes=dict(region="east")))
    assert not failed and result["changed"] is False
    assert components() == ["search_set"]


@responses.activate
def test_update_sends_only_the_changed_keys(run_module):
    ok("search_set", dict(count=1, info=[SET]))
    ok("update_set", None)
    ok("search_set", dict(count=1, info=[dict(SET, bk_capacity=20, region="west")]))
    result, failed = run_module(cmdb_set, dict(
        CONNECTION, bk_biz_id=3, name="db", bk_capacity=20, bk_set_env="3",
        attributes=dict(region="west", owner=None)), diff=True)
    assert not failed and result["changed"]
    assert sent("update_set")[0]["data"] == dict(bk_capacity=20, region="west")
    assert sent("update_set")[0]["bk_set_id"] == 11
    assert result["diff"]["before"]["bk_capacity"] == 10
    assert result["diff"]["after"]["bk_capacity"] == 20


@responses.activate
def test_check_mode_sends_no_write_and_predicts(run_module):
    ok("search_set", dict(count=0, info=[]))
    result, failed = run_module(cmdb_set, dict(CONNECTION, bk_biz_id=3, name="new"), check_mode=True)
    assert result["changed"] and result["set"]["bk_set_id"] is None
    assert result["set"]["bk_parent_id"] == 3
    assert components() == ["search_set"]


@responses.activate
def test_delete_of_a_set_with_hosts_fails_with_the_hint_and_true_state(run_module):
    ok("search_set", dict(count=1, info=[SET]))
    error("delete_set", 1101030, "Having hosts under the target, deleting forbidden")
    result, failed = run_module(cmdb_set, dict(CONNECTION, bk_biz_id=3, name="db", state="absent"))
    assert failed
    assert "code 1101030" in result["msg"] and "move them out" in result["msg"]
    assert "rid-err" in result["msg"]
    assert result["set"]["bk_set_id"] == 11 and result["changed"] is False
    assert components() == ["search_set", "delete_set", "search_set"]


@responses.activate
def test_absent_set_is_ok_without_a_write(run_module):
    ok("search_set", dict(count=0, info=[]))
    result, failed = run_module(cmdb_set, dict(CONNECTION, bk_biz_id=3, name="db", state="absent"))
    assert not failed and result["changed"] is False and result["set"] is None


@responses.activate
def test_platform_error_never_shows_the_secret(run_module):
    error("search_set", 1306403, "app code %s is not valid" % SECRET)
    result, failed = run_module(cmdb_set, dict(CONNECTION, bk_biz_id=3, name="db"))
    assert failed and SECRET not in repr(result)
    assert result["error"]["platform"] == "BlueKing" and result["error"]["operation"] == "cc.search_set"


@pytest.mark.parametrize("found, words", [
    ([], "matches no business"),
    ([dict(bk_biz_id=5, bk_biz_name="pay"), dict(bk_biz_id=4, bk_biz_name="pay")], "businesses [4, 5]"),
])
@responses.activate
def test_business_name_must_match_exactly_one(run_module, found, words):
    ok("search_business", dict(count=len(found), info=found))
    result, failed = run_module(cmdb_set, dict(CONNECTION, bk_biz_name="pay", name="db"))
    assert failed and words in result["msg"]
    assert components() == ["search_business"]


@pytest.mark.parametrize("args, words", [
    (dict(bk_capacity=0), "bk_capacity must be between 1 and 999999999"),
    (dict(name="x" * 257), "name must be 1 to 256 characters long"),
    (dict(description="d" * 2001), "description must be 0 to 2000 characters long"),
    (dict(attributes=dict(bk_capacity=3)), "attributes: bk_capacity cannot be set"),
    (dict(attributes=dict(default=1)), "attributes: default cannot be set"),
])
@responses.activate
def test_bad_input_fails_before_any_request(run_module, args, words):
    result, failed = run_module(cmdb_set, dict(CONNECTION, bk_biz_id=3, **dict(dict(name="db"), **args)))
    assert failed and words in result["msg"]
    assert len(responses.calls) == 0


@responses.activate
def test_template_change_of_an_existing_set_is_refused(run_module):
    ok("search_set", dict(count=1, info=[SET]))
    result, failed = run_module(cmdb_set, dict(CONNECTION, bk_biz_id=3, name="db", set_template_id=8))
    assert failed and "set_template_id" in result["msg"]
    assert components() == ["search_set"]


def test_a_user_identity_is_required(run_module):
    args = dict(CONNECTION, bk_biz_id=3, name="db")
    del args["bk_username"]
    result, failed = run_module(cmdb_set, args)
    assert failed and "bk_username, bk_token" in result["msg"]


@responses.activate
def test_connection_options_fall_back_to_the_environment(run_module, monkeypatch):
    for key, value in CONNECTION.items():
        monkeypatch.setenv(key.upper(), value)
    monkeypatch.setenv("BK_RETRIES", "0")
    responses.add(responses.POST, url("search_set"), status=503)
    result, failed = run_module(cmdb_set, dict(bk_biz_id=3, name="db"))
    assert failed and "HTTP 503" in result["msg"]
    assert len(responses.calls) == 1  # BK_RETRIES=0 was honoured
    assert SECRET not in repr(result)


@responses.activate
def test_info_reads_every_page(run_module):
    sets = [dict(SET, bk_set_id=i, bk_set_name="s%d" % i) for i in range(450)]
    for start in (0, 200, 400):
        ok("search_set", dict(count=450, info=sets[start:start + 200]))
    result, failed = run_module(cmdb_set_info, dict(CONNECTION, bk_biz_id=3))
    assert not failed and len(result["sets"]) == 450
    assert [b["page"]["start"] for b in sent("search_set")] == [0, 200, 400]
    assert all(b["page"]["limit"] == 200 for b in sent("search_set"))
    assert "filter" not in sent("search_set")[0]


@responses.activate
def test_info_filters_exactly_by_name_and_parent(run_module):
    ok("search_business", dict(count=1, info=[dict(bk_biz_id=3, bk_biz_name="payments")]))
    ok("search_set", dict(count=2, info=[SET, dict(SET, bk_set_id=12, bk_parent_id=7)]))
    result, failed = run_module(cmdb_set_info, dict(CONNECTION, bk_biz_name="payments", name="db",
                                                    bk_parent_id=3))
    assert [s["bk_set_id"] for s in result["sets"]] == [11]
    assert result["bk_biz_id"] == 3 and result["changed"] is False


def test_unreadable_ca_file_is_a_clean_error(run_module, tmp_path):
    result, failed = run_module(cmdb_set, dict(CONNECTION, bk_biz_id=3, name="db",
                                               ca_path=str(tmp_path / "missing.pem")))
    assert failed and result["msg"].startswith("BlueKing: cannot load the TLS files")


@responses.activate
def test_the_list_form_resolves_the_business_once_and_reads_its_sets_once(run_module):
    ok("search_business", dict(count=1, info=[dict(bk_biz_id=3, bk_biz_name="payments")]))
    ok("search_set", dict(count=2, info=[SET, dict(SET, bk_set_id=12, bk_set_name="cache", bk_capacity=5)]))
    ok("create_set", dict(SET, bk_set_id=13, bk_set_name="new"))
    ok("search_set", dict(count=3, info=[SET, dict(SET, bk_set_id=12, bk_set_name="cache", bk_capacity=5),
                                         dict(SET, bk_set_id=13, bk_set_name="new")]))
    result, failed = run_module(cmdb_set, dict(CONNECTION, bk_biz_name="payments", bk_capacity=10, sets=[
        dict(name="db"), dict(name="cache", bk_capacity=5), dict(name="new")]))
    assert not failed and result["changed"]
    assert components() == ["search_business", "search_set", "create_set", "search_set"]
    assert sent("create_set")[0]["data"] == dict(bk_set_name="new", bk_capacity=10, bk_parent_id=3)
    assert [(s["name"], s["changed"]) for s in result["sets"]] == [("db", False), ("cache", False), ("new", True)]
    assert "set" not in result


@responses.activate
def test_the_list_form_never_purges_a_built_in_set(run_module):
    idle = dict(SET, bk_set_id=2, bk_set_name="idle pool", default=1)
    ok("search_set", dict(count=2, info=[idle, SET]))
    result, failed = run_module(cmdb_set, dict(CONNECTION, bk_biz_id=3, sets=[], purge=True), check_mode=True)
    assert not failed and [(s["name"], s["purged"]) for s in result["sets"]] == [("db", True)]
    assert components() == ["search_set"]


def test_name_and_sets_are_mutually_exclusive_and_one_is_required(run_module):
    result, failed = run_module(cmdb_set, dict(CONNECTION, bk_biz_id=3, name="db", sets=[dict(name="x")]))
    assert failed and "mutually exclusive" in result["msg"]
    result, failed = run_module(cmdb_set, dict(CONNECTION, bk_biz_id=3))
    assert failed and "name, sets" in result["msg"]

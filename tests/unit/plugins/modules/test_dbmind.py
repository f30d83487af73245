# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
import responses
from ansible.module_utils import basic

from ansible_collections.clusterops.platforms.plugins.modules import (
    dbmind_cluster, dbmind_cluster_info, dbmind_interaction, dbmind_llm,
)

GM = "https://gaussmaster.example.com:8443"
PROD = {"192.0.2.30:5432": dict(cluster_name="gauss_prod", intances=["192.0.2.30:5432", "192.0.2.31:5432"], managed=True)}
NEW = {"192.0.2.40:5432": dict(cluster_name="gauss_new", intances=["192.0.2.40:5432", "192.0.2.41:5432"], managed=True)}


@pytest.fixture
def connection(emulator_process):
    """Real TLS files (the client loads them); the HTTP itself is mocked."""
    variables = emulator_process[0]
    return dict(dbmind_url=GM, dbmind_client_cert=variables["dbmind_client_cert"], dbmind_client_key=variables["dbmind_client_key"],
                dbmind_client_key_password=variables["dbmind_client_key_password"], ca_path=variables["ca_path"])


def clusters(*found):
    for data in found:
        responses.add(responses.GET, GM + "/v1/api/clusters", json=dict(data=data, success=True))


def register_answer(status, msg="x"):
    responses.add(responses.POST, GM + "/v1/api/clusters/register", json=dict(data=dict(status=status, msg=msg), success=True))


def calls():
    return [(c.request.method, urlsplit(c.request.url).path) for c in responses.calls]


def cluster_args(connection, **extra):
    args = dict(connection, cluster_name="gauss_new", host="192.0.2.41", port=5432, username="monitor", password="db-pass-31c")
    return dict(args, **extra)


@responses.activate
def test_register_then_bind_the_session(run_module, connection):
    clusters(dict(PROD, **{"192.0.2.40:5432": dict(NEW["192.0.2.40:5432"], managed=False)}), dict(PROD, **NEW))
    register_answer(0, "注册成功")
    responses.add(responses.PUT, GM + "/v1/api/clusters", json=dict(data=True, success=True))
    result, failed = run_module(dbmind_cluster, cluster_args(connection, active=True, user_id="ops_1", session_id="s_1"))
    assert not failed and result["changed"] and result["active"]
    sent = json.loads(responses.calls[1].request.body)
    assert sent == dict(cluster_name="gauss_new", host="192.0.2.41", port=5432, username="monitor", password="db-pass-31c")
    bind = parse_qs(urlsplit(responses.calls[3].request.url).query)
    assert bind == dict(instance=["192.0.2.40:5432"], user_id=["ops_1"], session_id=["s_1"])
    assert result["cluster"]["instances"] == ["192.0.2.40:5432", "192.0.2.41:5432"]
    assert "db-pass-31c" not in repr(result)


@responses.activate
def test_a_registered_cluster_is_left_alone(run_module, connection):
    clusters(dict(PROD, **NEW))
    result, failed = run_module(dbmind_cluster, cluster_args(connection))
    assert not failed and result["changed"] is False and calls() == [("GET", "/v1/api/clusters")]


@responses.activate
def test_binding_a_registered_cluster_is_sent_and_reported_as_a_change(run_module, connection):
    clusters(dict(PROD, **NEW))
    responses.add(responses.PUT, GM + "/v1/api/clusters", json=dict(data=True, success=True))
    result, failed = run_module(dbmind_cluster, cluster_args(connection, active=True, user_id="ops_1", session_id="s_1"))
    assert not failed and result["changed"] is True
    assert calls() == [("GET", "/v1/api/clusters"), ("PUT", "/v1/api/clusters")]


@responses.activate
def test_a_registered_name_for_another_instance_is_an_error(run_module, connection):
    clusters(dict(PROD, **NEW))
    result, failed = run_module(dbmind_cluster, cluster_args(connection, host="192.0.2.99"))
    assert failed and "registered for 192.0.2.40:5432, 192.0.2.41:5432, not 192.0.2.99:5432" in result["msg"]


@pytest.mark.parametrize("status, after, words", [
    (503, PROD, "cannot connect to the cluster with these credentials"),
    (1001, PROD, "not managed by DBMind"),
    (1002, dict(PROD, **{"192.0.2.60:5432": dict(cluster_name="gauss_new", intances=["192.0.2.60:5432"])}), "name is taken"),
])
@responses.activate
def test_register_refusals(run_module, connection, status, after, words):
    clusters(PROD, after)
    register_answer(status)
    result, failed = run_module(dbmind_cluster, cluster_args(connection))
    assert failed and words in result["msg"] and result["error"]["code"] == status


@responses.activate
def test_name_taken_by_this_very_instance_is_ok(run_module, connection):
    clusters(PROD, dict(PROD, **NEW))
    register_answer(1002)
    result, failed = run_module(dbmind_cluster, cluster_args(connection))
    assert not failed and result["changed"] is False


@responses.activate
def test_absent_cannot_unregister(run_module, connection):
    clusters(PROD)
    result, failed = run_module(dbmind_cluster, dict(connection, cluster_name="gauss_prod", state="absent"))
    assert failed and "no API to unregister" in result["msg"]
    result, failed = run_module(dbmind_cluster, dict(connection, cluster_name="never_there", state="absent"))
    assert not failed and result["changed"] is False


@responses.activate
def test_check_mode_registers_and_binds_nothing(run_module, connection):
    clusters(PROD)
    result, failed = run_module(dbmind_cluster, cluster_args(connection, active=True, user_id="ops_1", session_id="s_1"),
                                check_mode=True)
    assert result["changed"] and calls() == [("GET", "/v1/api/clusters")]


def test_bad_session_ids_fail_before_any_request(run_module, connection):
    result, failed = run_module(dbmind_cluster, cluster_args(connection, active=True, user_id="x", session_id="s_1"))
    assert failed and "user_id must be at least 2" in result["msg"]


@responses.activate
def test_info_lists_clusters_keyed_and_listed(run_module, connection):
    clusters(dict(PROD, **NEW))
    result, failed = run_module(dbmind_cluster_info, connection)
    assert result["clusters"]["192.0.2.30:5432"]["instances"] == ["192.0.2.30:5432", "192.0.2.31:5432"]
    assert result["clusters"]["192.0.2.30:5432"]["intances"] == ["192.0.2.30:5432", "192.0.2.31:5432"]
    assert [c["address"] for c in result["cluster_list"]] == ["192.0.2.30:5432", "192.0.2.40:5432"]


@responses.activate
def test_llm_switch_and_unknown_name(run_module, connection):
    models = dict(local=["qwen2-7b-local"], online=["Llama3-8B-Chinese-Chat"])
    responses.add(responses.GET, GM + "/v1/api/llms", json=dict(data=models, success=True))
    responses.add(responses.PUT, GM + "/v1/api/llms", json=dict(data=True, success=True))
    session = dict(user_id="ops_1", session_id="s_1")
    result, failed = run_module(dbmind_llm, dict(connection, name="qwen2-7b-local", **session))
    assert not failed and result["switched"] and result["changed"] and result["models"] == models
    result, failed = run_module(dbmind_llm, dict(connection, name="gpt-x", **session))
    assert failed and "valid names: qwen2-7b-local, Llama3-8B-Chinese-Chat" in result["msg"]
    assert [m for m, path in calls()].count("PUT") == 1


@responses.activate
def test_llm_switch_in_check_mode_is_predicted_and_not_sent(run_module, connection):
    responses.add(responses.GET, GM + "/v1/api/llms", json=dict(data=dict(local=["m1"], online=[]), success=True))
    result, failed = run_module(dbmind_llm, dict(connection, name="m1", user_id="ops_1", session_id="s_1"), check_mode=True)
    assert not failed and result["changed"] and not result["switched"] and calls() == [("GET", "/v1/api/llms")]


@responses.activate
def test_llm_listing_changes_nothing(run_module, connection):
    responses.add(responses.GET, GM + "/v1/api/llms", json=dict(data=dict(local=["m1"], online=[]), success=True))
    result, failed = run_module(dbmind_llm, connection)
    assert not failed and result["changed"] is False and calls() == [("GET", "/v1/api/llms")]


@responses.activate
def test_llm_switch_answered_false_is_a_failure(run_module, connection):
    responses.add(responses.GET, GM + "/v1/api/llms", json=dict(data=dict(local=[], online=["m1"]), success=True))
    responses.add(responses.PUT, GM + "/v1/api/llms", json=dict(data=False, success=True))
    result, failed = run_module(dbmind_llm, dict(connection, name="m1", user_id="ops_1", session_id="s_1"))
    assert failed and "could not switch session s_1 of user ops_1 to model m1" in result["msg"]


STREAM = ('data:{"data":[{"content":"查询故障树...","type":"progress"}],"success":true}\n\n'
          'data:{"data":[{"color":"black","content":"\'cluster_feature\'","type":"str"}],"success":true}\n\n'
          'data:{"data":[{"content":"DONE","type":"progress"}],"success":true}\n\n')


@responses.activate
def test_interaction_sends_the_alarm_as_json_and_reads_the_stream(run_module, connection):
    responses.add(responses.POST, GM + "/v1/api/app/intelligent-interaction", body=STREAM, content_type="text/event-stream")
    alarm = dict(history_alarm_id="c_1", metric_name="gaussdb_cluster_state", status=0)
    args = dict(connection, alarm=alarm, mode="fault_diagnostic", user_id="ops_1", session_id="s_1")
    result, failed = run_module(dbmind_interaction, args)
    assert not failed and result["done"] and result["messages"] == ["'cluster_feature'"]
    assert result["progress"] == ["查询故障树..."]
    sent = json.loads(responses.calls[0].request.body)
    assert json.loads(sent["query"]) == alarm and sent["history_len"] == 1


@responses.activate
def test_a_stream_that_ends_before_done_fails(run_module, connection):
    responses.add(responses.POST, GM + "/v1/api/app/intelligent-interaction", body=STREAM.rsplit("data:", 1)[0],
                  content_type="text/event-stream")
    result, failed = run_module(dbmind_interaction, dict(connection, query="q", user_id="ops_1", session_id="s_1"))
    assert failed and "ended before DONE (1 progress steps, 1 messages)" in result["msg"]


@responses.activate
def test_validation_answers_are_errors(run_module, connection):
    responses.add(responses.POST, GM + "/v1/api/app/intelligent-interaction", status=422,
                  json=dict(success=False, msg="mode is invalid"))
    result, failed = run_module(dbmind_interaction, dict(connection, query="q", user_id="ops_1", session_id="s_1"))
    assert failed and "HTTP 422" in result["msg"] and "mode is invalid" in result["msg"]


def test_interaction_sends_nothing_in_check_mode_and_checks_history(run_module, connection):
    result, failed = run_module(dbmind_interaction, dict(connection, query="q", user_id="ops_1", session_id="s_1"),
                                check_mode=True)
    assert not failed and result["skipped"] and result["done"] is False
    args = dict(connection, query="q", user_id="ops_1", session_id="s_1", history_len=4)
    result, failed = run_module(dbmind_interaction, args)
    assert failed and "history_len must be 1, 2 or 3" in result["msg"]


@pytest.fixture
def no_backoff(monkeypatch):
    from ansible_collections.clusterops.platforms.plugins.module_utils import _resource
    monkeypatch.setattr(_resource.time, "sleep", lambda seconds: None)


@pytest.fixture
def warnings(monkeypatch):
    """What the module warned."""
    said = []
    monkeypatch.setattr(basic.AnsibleModule, "warn", lambda self, text: said.append(text))
    return said


@responses.activate
def test_a_register_that_did_not_land_is_sent_again_after_a_re_read(run_module, connection, no_backoff, warnings):
    unmanaged = dict(PROD, **{"192.0.2.40:5432": dict(NEW["192.0.2.40:5432"], managed=False)})
    clusters(unmanaged, unmanaged, dict(PROD, **NEW))
    responses.add(responses.POST, GM + "/v1/api/clusters/register", status=503, json=dict(success=False, msg="busy"))
    register_answer(0, "注册成功")
    result, failed = run_module(dbmind_cluster, cluster_args(connection))
    assert not failed and result["changed"] and result["cluster"]["cluster_name"] == "gauss_new"
    assert calls() == [("GET", "/v1/api/clusters"), ("POST", "/v1/api/clusters/register"),
                       ("GET", "/v1/api/clusters"), ("POST", "/v1/api/clusters/register"), ("GET", "/v1/api/clusters")]
    assert warnings == []


@responses.activate
def test_a_register_that_landed_unanswered_is_not_sent_again(run_module, connection, no_backoff, warnings):
    unmanaged = dict(PROD, **{"192.0.2.40:5432": dict(NEW["192.0.2.40:5432"], managed=False)})
    clusters(unmanaged, dict(PROD, **NEW))
    responses.add(responses.POST, GM + "/v1/api/clusters/register", status=502)
    result, failed = run_module(dbmind_cluster, cluster_args(connection))
    assert not failed and result["changed"]
    assert calls() == [("GET", "/v1/api/clusters"), ("POST", "/v1/api/clusters/register"), ("GET", "/v1/api/clusters")]
    assert len(warnings) == 1 and "re-reading shows the change was applied" in warnings[0]
    assert "db-pass-31c" not in repr(result)


@responses.activate
def test_a_question_is_asked_again_after_a_transient_fault(run_module, connection, monkeypatch):
    from ansible_collections.clusterops.platforms.plugins.module_utils import _client
    monkeypatch.setattr(_client.time, "sleep", lambda seconds: None)
    responses.add(responses.POST, GM + "/v1/api/app/intelligent-interaction", status=503)
    responses.add(responses.POST, GM + "/v1/api/app/intelligent-interaction", content_type="text/event-stream",
                  body='data: {"success": true, "data": [{"type": "text", "content": "fine"}]}\n\n'
                       'data: {"success": true, "data": [{"type": "progress", "content": "DONE"}]}\n\n')
    result, failed = run_module(dbmind_interaction, dict(connection, query="health?", user_id="ops_1", session_id="s_1"))
    assert not failed and result["messages"] == ["fine"] and result["done"]
    assert len(responses.calls) == 2

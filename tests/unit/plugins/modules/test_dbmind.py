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
PROD = {"192.0.2.30:5432": dict(cluster_name="gauss_prod", instances=["192.0.2.30:5432", "192.0.2.31:5432"], managed=True)}
NEW = {"192.0.2.40:5432": dict(cluster_name="gauss_new", instances=["192.0.2.40:5432", "192.0.2.41:5432"], managed=True)}
UNREGISTERED = dict(PROD, **{"192.0.2.40:5432": dict(NEW["192.0.2.40:5432"], cluster_name="", managed=False)})
RENAMED = dict(PROD, **{"192.0.2.40:5432": dict(NEW["192.0.2.40:5432"], cluster_name="gauss_old")})


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
    args = dict(connection, cluster_name="gauss_new", host="192.0.2.40", port=5432, username="monitor", password="db-pass-31c")
    return dict(args, **extra)


@responses.activate
def test_register_then_bind_the_session(run_module, connection):
    clusters(UNREGISTERED, dict(PROD, **NEW))
    register_answer(0, "注册成功")
    responses.add(responses.PUT, GM + "/v1/api/clusters", json=dict(data=True, success=True))
    result, failed = run_module(dbmind_cluster, cluster_args(connection, active=True, user_id="ops_1", session_id="s_1"))
    assert not failed and result["changed"] and result["active"] and result["credentials_sent"]
    sent = json.loads(responses.calls[1].request.body)
    assert sent == dict(cluster_name="gauss_new", host="192.0.2.40", port=5432, username="monitor", password="db-pass-31c")
    bind = parse_qs(urlsplit(responses.calls[3].request.url).query)
    assert bind == dict(instance=["192.0.2.40:5432"], user_id=["ops_1"], session_id=["s_1"])
    assert result["cluster"] == dict(NEW["192.0.2.40:5432"], address="192.0.2.40:5432")
    assert "db-pass-31c" not in repr(result)


@responses.activate
def test_a_registered_cluster_is_left_alone(run_module, connection):
    clusters(dict(PROD, **NEW))
    result, failed = run_module(dbmind_cluster, cluster_args(connection), diff=True)
    assert not failed and result["changed"] is False and calls() == [("GET", "/v1/api/clusters")]
    assert result["diff"]["before"] == result["diff"]["after"] == result["cluster"]


@responses.activate
def test_update_password_always_registers_again_with_the_credentials(run_module, connection):
    clusters(dict(PROD, **NEW), dict(PROD, **NEW))
    register_answer(0, "注册成功")
    args = cluster_args(connection, host=None, port=None, password="rotated-7f2", update_password="always")
    result, failed = run_module(dbmind_cluster, args, diff=True)
    assert not failed and result["changed"] and result["credentials_sent"]
    assert json.loads(responses.calls[1].request.body) == dict(cluster_name="gauss_new", host="192.0.2.40", port=5432,
                                                               username="monitor", password="rotated-7f2")
    assert result["diff"]["after"] == dict(result["diff"]["before"], username="monitor", password="********")
    assert "rotated-7f2" not in repr(result)


@responses.activate
def test_update_password_always_in_check_mode_sends_nothing(run_module, connection):
    clusters(dict(PROD, **NEW))
    result, failed = run_module(dbmind_cluster, cluster_args(connection, update_password="always"), check_mode=True)
    assert not failed and result["changed"] and calls() == [("GET", "/v1/api/clusters")]


@responses.activate
def test_update_password_always_needs_the_credentials(run_module, connection):
    clusters(dict(PROD, **NEW))
    result, failed = run_module(dbmind_cluster, cluster_args(connection, password=None, update_password="always"))
    assert failed and "password is required to update the credentials of (update_password=always)" in result["msg"]
    assert calls() == [("GET", "/v1/api/clusters")]


@responses.activate
def test_a_new_name_renames_the_registration(run_module, connection):
    clusters(RENAMED, dict(PROD, **NEW))
    register_answer(0, "注册成功")
    result, failed = run_module(dbmind_cluster, cluster_args(connection), diff=True)
    assert not failed and result["changed"]
    assert result["diff"]["before"]["cluster_name"] == "gauss_old" and result["diff"]["after"]["cluster_name"] == "gauss_new"


@responses.activate
def test_binding_a_registered_cluster_is_sent_and_reported_as_a_change(run_module, connection):
    clusters(dict(PROD, **NEW))
    responses.add(responses.PUT, GM + "/v1/api/clusters", json=dict(data=True, success=True))
    result, failed = run_module(dbmind_cluster, cluster_args(connection, active=True, user_id="ops_1", session_id="s_1"))
    assert not failed and result["changed"] is True and result["credentials_sent"] is False
    assert calls() == [("GET", "/v1/api/clusters"), ("PUT", "/v1/api/clusters")]


@pytest.mark.parametrize("host, words", [
    ("192.0.2.41", "192.0.2.41:5432 is not the primary address of a cluster DBMind lists, and GaussMaster registers a cluster by "
                   "its primary only (status 1001); it is an instance of the cluster whose primary is 192.0.2.40:5432"),
    ("192.0.2.99", "(status 1001); DBMind lists: 192.0.2.30:5432, 192.0.2.40:5432"),
    ("192.0.2.30", "cluster name 'gauss_new' is registered for the cluster whose primary is 192.0.2.40:5432, not 192.0.2.30:5432"),
])
@responses.activate
def test_what_gaussmaster_would_refuse_is_refused_before_registering(run_module, connection, host, words):
    clusters(dict(PROD, **NEW))
    result, failed = run_module(dbmind_cluster, cluster_args(connection, host=host))
    assert failed and words in result["msg"] and calls() == [("GET", "/v1/api/clusters")]


@pytest.mark.parametrize("status, words", [
    (503, "DBMind refuses these credentials for the cluster"),
    (1001, "DBMind lists no cluster whose primary is this address"),
    (1002, "the name is another cluster's"),
])
@responses.activate
def test_register_refusals(run_module, connection, status, words):
    clusters(UNREGISTERED)
    register_answer(status)
    result, failed = run_module(dbmind_cluster, cluster_args(connection))
    assert failed and words in result["msg"] and result["error"]["code"] == status
    assert result["error"]["operation"] == "dbmind.register_cluster"


@responses.activate
def test_absent_cannot_unregister(run_module, connection):
    clusters(PROD)
    result, failed = run_module(dbmind_cluster, dict(connection, cluster_name="gauss_prod", state="absent"))
    assert failed and "no API to unregister" in result["msg"]
    result, failed = run_module(dbmind_cluster, dict(connection, cluster_name="never_there", state="absent"))
    assert not failed and result["changed"] is False


@responses.activate
def test_check_mode_registers_and_binds_nothing(run_module, connection):
    clusters(UNREGISTERED)
    result, failed = run_module(dbmind_cluster, cluster_args(connection, active=True, user_id="ops_1", session_id="s_1"),
                                check_mode=True)
    assert result["changed"] and calls() == [("GET", "/v1/api/clusters")]
    assert result["cluster"] == dict(NEW["192.0.2.40:5432"], address="192.0.2.40:5432")


@pytest.mark.parametrize("extra, words", [
    (dict(active=True, user_id="x", session_id="s_1"), "user_id must be 2 to 120 letters, digits or '_' (GaussMaster's rule)"),
    (dict(active=True, user_id="u" * 121, session_id="s_1"), "user_id must be 2 to 120"),
    (dict(host="db1.example.com"), "host must be an IP address (GaussMaster's rule: a host name is refused), got 'db1.example.com'"),
    (dict(port=0), "port must be between 1 and 65535, got 0"),
    (dict(port=80, active=True, user_id="ops_1", session_id="s_1"),
     "port must be between 1024 and 65535 to bind the session (active=true: GaussMaster's rule for an instance address), got 80"),
    (dict(cluster_name="n" * 121), "cluster_name must be 1 to 120 characters (GaussMaster's column), got 121"),
    (dict(password=""), "password must be 1 to 10240 characters (GaussMaster's rule)"),
    (dict(port=None), "parameters are required together: host, port"),
])
def test_bad_input_fails_before_any_request(run_module, connection, extra, words):
    with responses.RequestsMock() as mocked:
        result, failed = run_module(dbmind_cluster, cluster_args(connection, **extra))
        assert failed and words in result["msg"] and not mocked.calls


@responses.activate
def test_info_lists_clusters_keyed_and_listed(run_module, connection):
    clusters(dict(UNREGISTERED, **{"192.0.2.50:5432": dict(cluster_name="", intances=["192.0.2.50:5432"], managed=False)}))
    result, failed = run_module(dbmind_cluster_info, connection)
    assert result["clusters"]["192.0.2.30:5432"] == PROD["192.0.2.30:5432"]
    assert result["clusters"]["192.0.2.40:5432"] == dict(cluster_name="", instances=["192.0.2.40:5432", "192.0.2.41:5432"],
                                                         managed=False)
    assert result["clusters"]["192.0.2.50:5432"]["instances"] == ["192.0.2.50:5432"]  # the docs' spelling is read too
    assert [c["address"] for c in result["cluster_list"]] == ["192.0.2.30:5432", "192.0.2.40:5432", "192.0.2.50:5432"]
    result, failed = run_module(dbmind_cluster_info, dict(connection, cluster_name=""))
    assert result["cluster_list"] == []


@pytest.mark.parametrize("answer, words", [
    (dict(status=200, json=dict(success=False, msg="Internal server error.")),
     "GaussMaster dbmind.list_clusters failed, HTTP 200: Internal server error. (GaussMaster answers so when it refuses a parameter"),
    (dict(status=422, json=dict(detail=[dict(loc=["query", "user_id"], msg="Field required", type="missing")])),
     "GaussMaster dbmind.list_clusters failed, HTTP 422: query.user_id: Field required (missing)"),
])
@responses.activate
def test_refusals_name_the_operation(run_module, connection, answer, words):
    responses.add(responses.GET, GM + "/v1/api/clusters", **answer)
    result, failed = run_module(dbmind_cluster_info, connection)
    assert failed and words in result["msg"] and result["error"]["operation"] == "dbmind.list_clusters"


@responses.activate
def test_llm_switch_and_unknown_name(run_module, connection):
    models = dict(local=[], online=["pangu_cloud_sigma_unify_plugin_38b", "Llama3-8B-Chinese-Chat"])
    responses.add(responses.GET, GM + "/v1/api/llms", json=dict(data=models, success=True))
    responses.add(responses.PUT, GM + "/v1/api/llms", json=dict(data=True, success=True))
    session = dict(user_id="ops_1", session_id="s_1")
    result, failed = run_module(dbmind_llm, dict(connection, name="Llama3-8B-Chinese-Chat", **session))
    assert not failed and result["switched"] and result["changed"] and result["models"] == models
    result, failed = run_module(dbmind_llm, dict(connection, name="gpt-x", **session))
    assert failed and "valid names: pangu_cloud_sigma_unify_plugin_38b, Llama3-8B-Chinese-Chat" in result["msg"]
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


@pytest.mark.parametrize("answer, words", [
    (dict(status=422, json=dict(detail=[dict(loc=["body", "mode"], msg="Field required", type="missing", input={})])),
     "HTTP 422: body.mode: Field required (missing)"),
    (dict(status=200, body='data:{"msg":"Internal server error.","success":false}\n\n', content_type="text/event-stream"),
     "GaussMaster dbmind.interaction failed: Internal server error."),
    (dict(status=200, json="You must set the instance for user_id: ops_1 and session_id: s_1 first."),
     "HTTP 200: You must set the instance for user_id: ops_1 and session_id: s_1 first."),
])
@responses.activate
def test_refused_questions_are_errors(run_module, connection, answer, words):
    responses.add(responses.POST, GM + "/v1/api/app/intelligent-interaction", **answer)
    result, failed = run_module(dbmind_interaction, dict(connection, query="q", user_id="ops_1", session_id="s_1"))
    assert failed and words in result["msg"] and result["error"]["operation"] == "dbmind.interaction"


@pytest.mark.parametrize("extra, words", [(dict(query="q" * 10241), "query must be 1 to 10240 characters (GaussMaster's rule), got 10241"),
                                          (dict(session_id="s" * 121), "session_id must be 2 to 120 letters")])
def test_questions_gaussmaster_would_refuse_are_not_sent(run_module, connection, extra, words):
    with responses.RequestsMock() as mocked:
        args = dict(dict(connection, query="q", user_id="ops_1", session_id="s_1"), **extra)
        result, failed = run_module(dbmind_interaction, args)
        assert failed and words in result["msg"] and not mocked.calls


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


def busy_then_register():
    responses.add(responses.POST, GM + "/v1/api/clusters/register", status=503, json=dict(success=False, msg="busy"))
    register_answer(0, "注册成功")


@responses.activate
def test_a_register_that_did_not_land_is_sent_again(run_module, connection, no_backoff, warnings):
    clusters(UNREGISTERED, UNREGISTERED, dict(PROD, **NEW))
    busy_then_register()
    result, failed = run_module(dbmind_cluster, cluster_args(connection))
    assert not failed and result["changed"] and result["cluster"]["cluster_name"] == "gauss_new"
    assert calls() == [("GET", "/v1/api/clusters"), ("POST", "/v1/api/clusters/register"), ("GET", "/v1/api/clusters"),
                       ("POST", "/v1/api/clusters/register"), ("GET", "/v1/api/clusters")]
    assert warnings == [] and "db-pass-31c" not in repr(result)


@responses.activate
@pytest.mark.parametrize("before", [UNREGISTERED, RENAMED], ids=["register", "rename"])
def test_a_register_whose_answer_was_lost_is_not_sent_again(run_module, connection, no_backoff, warnings, before):
    """The re-read shows the registration (or the new name): the write landed, so it is not repeated."""
    clusters(before, dict(PROD, **NEW))
    busy_then_register()
    result, failed = run_module(dbmind_cluster, cluster_args(connection))
    assert not failed and result["changed"] and result["cluster"]["cluster_name"] == "gauss_new"
    assert calls() == [("GET", "/v1/api/clusters"), ("POST", "/v1/api/clusters/register"), ("GET", "/v1/api/clusters")]
    assert len(warnings) == 1 and "re-reading shows the change was applied" in warnings[0]


@responses.activate
def test_a_rotation_whose_answer_was_lost_is_sent_again(run_module, connection, no_backoff, warnings):
    """New credentials cannot be read back; the same account sent again leaves the same rows."""
    clusters(dict(PROD, **NEW), dict(PROD, **NEW), dict(PROD, **NEW))
    busy_then_register()
    result, failed = run_module(dbmind_cluster, cluster_args(connection, update_password="always"))
    assert not failed and result["changed"] and result["credentials_sent"]
    assert [c for c in calls() if c[0] == "POST"] == [("POST", "/v1/api/clusters/register")] * 2
    assert warnings == []


@responses.activate
def test_a_register_answered_but_not_listed_is_an_error(run_module, connection):
    clusters(UNREGISTERED, UNREGISTERED)
    register_answer(0, "注册成功")
    result, failed = run_module(dbmind_cluster, cluster_args(connection))
    assert failed and "answered status 0 but lists '' for 192.0.2.40:5432" in result["msg"]


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

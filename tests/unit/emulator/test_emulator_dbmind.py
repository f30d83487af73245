# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""GaussMaster (DBMind intelligent O&M) on the mutual-TLS port: LLMs, clusters, registration and the SSE stream."""

from __future__ import annotations

import json
import ssl
import subprocess

import pytest
import requests
from requests.adapters import HTTPAdapter

INTERACTION = "/v1/api/app/intelligent-interaction"
# The doc's example request bodies, as curl sends them.
TOOL_TEXT = ('''{
"query":"数据库test_db中有条sql语句select* from t1 where id = 10000;请帮我进行一下索引推荐",
     "mode":"tool_interaction",
     "user_id":"user123",
     "session_id":"session123",
     "history_len":1
}''')
ALARM_BODY = (
    r'''{"query":"{\"history_alarm_id\": \"c_190471\", \"metric_name\": \"gaussdb_cluster_state\", \"instance\": \"10.90.56.xx\", '''
    r'''\"alarm_type\": \"ALARM\", \"alarm_level\": 20, \"start_time\": \"2024-09-05 15:28:56\", \"alarm_content\": \"10.90.56.xx(dn   ): '''
    r'''{\\\"ping\\\": 0, \\\"dn_status\\\": 1, \\\"bind_ip_failed\\\": 0, \\\"dn_ping_standby\\\": 0, \\\"ffic_updated\\\": 0, '''
    r'''\\\"cms_phonydead_restart\\\": 0, \\\"cms_restart_pending\\\": 0, \\\"dn_read_only\\\": 0, \\\"dn_manual_stop\\\": 0, '''
    r'''\\\"dn_disk_damage\\\": 0, \\\"dn_nic_down\\\": 0, \\\"dn_port_conflict\\\": 0, \\\"dn_writable\\\": 0} Unknown\", '''
    r'''\"source\": \"dbmind\", \"status\": 0}", "mode":"fault_diagnostic", "model_name":"pangu", "user_id":"user123", "session_id":"session123"}''')
TOOL_BODY = json.loads(TOOL_TEXT)
ALARM = json.loads(json.loads(ALARM_BODY)["query"])
DONE = 'data:{"data":[{"content":"DONE","type":"progress"}],"success":true}'
# The doc's example streams, event by event.
TOOL_EVENTS = [
    'data:{"data":[{"content":"工具匹配中...","type":"progress"}],"success":true}',
    'data:{"data":[{"content":"提取参数中...","type":"progress"}],"success":true}',
    'data:{"data":[{"content":"工具调用中...","type":"progress"}],"success":true}',
    'data:{"data":[{"color":"black","content":"推荐的索引如下表所示：","type":"str"},{"content":{"headers":["索引描述","预计占用","预计提升"],'
    '"rows":[["CREATEINDEX idx_t1_id ON public.t1(id);","2.49MB","99.91%"]]},"type":"table"}],"success":true}',
    DONE]
ALARM_EVENTS = [
    'data:{"data":[{"content":"查询故障树...","type":"progress"}],"success":true}',
    'data:{"data":[{"content":"异常告警信息识别中...","type":"progress"}],"success":true}',
    'data:{"data":[{"content":"参数识别中...","type":"progress"}],"success":true}',
    'data:{"data":[{"color":"black","content":"\'cluster_feature\'","type":"str"}],"success":true}',
    DONE]
ONLINE = ["pangu_cloud_sigma_unify_plugin_38b", "Llama3-8B-Chinese-Chat"]
PROD = {"cluster_name": "gauss_prod", "instances": ["192.0.2.30:5432", "192.0.2.31:5432"], "managed": True}
STAGE = ["192.0.2.40:5432", "192.0.2.41:5432"]
API = [("GET", "/v1/api/llms"), ("PUT", "/v1/api/llms"), ("GET", "/v1/api/clusters"), ("PUT", "/v1/api/clusters"),
       ("POST", "/v1/api/clusters/register"), ("POST", INTERACTION)]


class _TlsAdapter(HTTPAdapter):
    def __init__(self, context):
        self.context = context
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, ssl_context=self.context, **kwargs)


class GaussMaster:
    """requests with the client certificate (encrypted key) against dbmind_url."""

    def __init__(self, emulator):
        self.emulator = emulator
        variables = emulator.vars
        self.url = variables["dbmind_url"]
        context = ssl.create_default_context(cafile=variables["ca_path"])
        context.load_cert_chain(variables["dbmind_client_cert"], variables["dbmind_client_key"],
                                password=variables["dbmind_client_key_password"])
        self.session = requests.Session()
        self.session.verify = variables["ca_path"]
        self.session.mount("https://", _TlsAdapter(context))

    def call(self, method, path, **kwargs):
        return self.session.request(method, self.url + path, timeout=10, **kwargs)

    def ok(self, method, path, **kwargs):
        response = self.call(method, path, **kwargs)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["success"] is True and set(body) == {"success", "data"}, body
        return body["data"]

    def refused(self, method, path, **kwargs):
        """A rule violation: HTTP 200 {"msg": "Internal server error.", "success": false}."""
        response = self.call(method, path, **kwargs)
        assert (response.status_code, response.text) == (200, '{"msg":"Internal server error.","success":false}')

    def invalid(self, method, path, **kwargs):
        """A missing or mistyped parameter: FastAPI's own 422 {"detail": [{"loc", "msg", "type", ...}]}."""
        response = self.call(method, path, **kwargs)
        assert response.status_code == 422, response.text
        detail = response.json()["detail"]
        assert detail and all({"loc", "msg", "type"} <= set(error) for error in detail), detail
        return [error["loc"] for error in detail]

    def events(self, body):
        """The lines of a stream (blank separators dropped), after checking its framing."""
        response = self.call("POST", INTERACTION, json=body)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/event-stream")
        text = response.content.decode()
        assert text.endswith("\n\n") and all(event.startswith("data:{") for event in text[:-2].split("\n\n")), text
        return text[:-2].split("\n\n")

    def hook(self, method, path, **kwargs):
        return self.emulator.control(method, "/dbmind" + path, **kwargs)


@pytest.fixture
def gauss(emulator):
    client = GaussMaster(emulator)
    client.hook("POST", "/stream", json={"delay": 0})
    yield client
    client.session.close()


def _stage_account(gauss):
    cluster = next(c for c in gauss.hook("GET", "/instances")["clusters"] if c["instances"] == STAGE)
    return {"username": cluster["username"], "password": cluster["password"]}


# --- transport

def test_without_a_client_certificate_the_server_refuses(gauss):
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(gauss.url + "/v1/api/llms", verify=gauss.emulator.vars["ca_path"], timeout=10)


@pytest.mark.parametrize("method, path", API)
def test_the_http_port_does_not_serve_the_api(gauss, method, path):
    response = gauss.emulator.session.request(method, gauss.emulator.url + path, timeout=10)
    assert (response.status_code, response.json()) == (404, {"detail": "Not Found"})
    assert [(e["platform"], e["operation"], e["status"]) for e in gauss.emulator.log()] == [(None, None, 404)]


def test_answers_are_compact_json_with_sorted_keys(gauss):
    response = gauss.call("GET", "/v1/api/llms")
    assert response.headers["content-type"] == "application/json"
    assert response.text == '{"data":{"local":[],"online":%s},"success":true}' % json.dumps(ONLINE, separators=(",", ":"))


# --- LLMs

def test_switching_the_llm_binds_the_session(gauss):
    assert gauss.ok("GET", "/v1/api/llms") == {"local": [], "online": ONLINE}
    assert gauss.hook("GET", "/bindings") == {"bindings": [], "last_cluster": None}
    assert gauss.ok("PUT", "/v1/api/llms", params={"name": ONLINE[1], "user_id": "u1", "session_id": "s1"}) is True
    assert gauss.ok("PUT", "/v1/api/llms", params={"name": ONLINE[0], "user_id": "u1", "session_id": "s2"}) is True
    assert gauss.ok("PUT", "/v1/api/llms", params={"name": "gpt-9", "user_id": "u1", "session_id": "s1"}) is False
    assert gauss.hook("GET", "/bindings")["bindings"] == [
        {"user_id": "u1", "session_id": "s1", "llm": ONLINE[1], "cluster": None},
        {"user_id": "u1", "session_id": "s2", "llm": ONLINE[0], "cluster": None}]


@pytest.mark.parametrize("params", [{"name": "", "user_id": "u1", "session_id": "s1"}, {"name": ONLINE[0], "user_id": "u", "session_id": "s1"},
                                    {"name": ONLINE[0], "user_id": "u1", "session_id": "s-1"},
                                    {"name": ONLINE[0], "user_id": "u" * 121, "session_id": "s1"}])
def test_switching_the_llm_checks_its_parameters(gauss, params):
    gauss.refused("PUT", "/v1/api/llms", params=params)
    assert gauss.ok("PUT", "/v1/api/llms", params=dict(params, name=ONLINE[0], user_id="u" * 120, session_id="s1")) is True
    assert gauss.hook("GET", "/bindings")["bindings"] == [{"user_id": "u" * 120, "session_id": "s1", "llm": ONLINE[0], "cluster": None}]


def test_switching_the_llm_needs_its_parameters(gauss):
    assert gauss.invalid("PUT", "/v1/api/llms", params={"user_id": "u1"}) == [["query", "name"], ["query", "session_id"]]
    assert gauss.hook("GET", "/bindings")["bindings"] == []


# --- clusters

def test_the_clusters_dbmind_monitors_are_listed_by_primary_instance(gauss):
    assert gauss.ok("GET", "/v1/api/clusters") == {
        "192.0.2.30:5432": PROD, "192.0.2.40:5432": {"cluster_name": "", "instances": STAGE, "managed": False},
        "192.0.2.50:5432": {"cluster_name": "", "instances": ["192.0.2.50:5432"], "managed": False}}
    clusters = gauss.hook("GET", "/instances")["clusters"]
    assert [(c["instances"][0], c["registered_as"]) for c in clusters] == [
        ("192.0.2.30:5432", "gauss_prod"), ("192.0.2.40:5432", None), ("192.0.2.50:5432", None)]
    assert all(c["username"] and c["password"] for c in clusters)
    gauss.hook("DELETE", "/instances")
    assert gauss.ok("GET", "/v1/api/clusters") == {}


def test_binding_a_cluster(gauss):
    ids = {"user_id": "user_1", "session_id": "session_1"}
    assert gauss.ok("PUT", "/v1/api/clusters", params=dict(ids, instance="192.0.2.31:5432")) is True  # a standby
    for unbound in ("192.0.2.40:5432", "192.0.2.99:5432"):  # not registered, unknown
        assert gauss.ok("PUT", "/v1/api/clusters", params=dict(ids, instance=unbound)) is False
    # The session is bound to the address as given.
    assert gauss.hook("GET", "/bindings") == {
        "bindings": [dict(ids, llm=None, cluster="192.0.2.31:5432")], "last_cluster": "192.0.2.31:5432"}
    for bad in ("gauss_prod", "192.0.2.30", "192.0.2.30:80", "192.0.2.30:65536", "host.example.com:5432"):
        gauss.refused("PUT", "/v1/api/clusters", params=dict(ids, instance=bad))
    gauss.refused("PUT", "/v1/api/clusters", params=dict(ids, instance="192.0.2.30:5432", session_id="s"))
    assert gauss.invalid("PUT", "/v1/api/clusters", params=ids) == [["query", "instance"]]
    assert gauss.hook("GET", "/bindings")["bindings"] == [dict(ids, llm=None, cluster="192.0.2.31:5432")]


def _register(gauss, **changes):
    body = dict(_stage_account(gauss), cluster_name="stage", host="192.0.2.40", port=5432)
    return gauss.ok("POST", "/v1/api/clusters/register", json=dict(body, **changes))


def _rows(gauss):
    return gauss.hook("GET", "/registered")["registered"]


def test_registering_a_cluster_by_its_primary(gauss):
    account = _stage_account(gauss)
    assert _register(gauss, port="5432") == {"status": 0, "msg": "注册成功"}
    assert gauss.ok("GET", "/v1/api/clusters")["192.0.2.40:5432"] == {"cluster_name": "stage", "instances": STAGE, "managed": True}
    assert {key: _rows(gauss)[key] for key in STAGE} == {key: dict(account, cluster_name="stage") for key in STAGE}
    assert gauss.ok("PUT", "/v1/api/clusters", params={"instance": "192.0.2.41:5432", "user_id": "u1", "session_id": "s1"}) is True


def test_registering_again_under_the_name_updates_the_account(gauss):
    _register(gauss)
    gauss.hook("POST", "/accounts", json={"cluster": "gauss_stage", "username": "gm_rotated", "password": "New@Pass-2"})
    assert _register(gauss, username="gm_rotated", password="New@Pass-2") == {"status": 0, "msg": "注册成功"}
    assert [_rows(gauss)[key] for key in STAGE] == [{"cluster_name": "stage", "username": "gm_rotated", "password": "New@Pass-2"}] * 2


def test_registering_under_a_free_name_renames(gauss):
    _register(gauss)
    assert _register(gauss, cluster_name="stage_2") == {"status": 0, "msg": "注册成功"}
    assert gauss.ok("GET", "/v1/api/clusters")["192.0.2.40:5432"]["cluster_name"] == "stage_2"
    assert "stage" not in {row["cluster_name"] for row in _rows(gauss).values()}


@pytest.mark.parametrize("changes, outcome", [
    ({"host": "192.0.2.41"}, {"status": 1001, "msg": "dbmind没有纳管此集群，无法注册"}),  # a standby
    ({"host": "192.0.2.99", "password": "wrong"}, {"status": 1001, "msg": "dbmind没有纳管此集群，无法注册"}),  # 1001 first
    ({"port": 5433}, {"status": 1001, "msg": "dbmind没有纳管此集群，无法注册"}),
    ({"password": "wrong"}, {"status": 503, "msg": "无法连接到此集群"}),
    ({"username": "postgres", "cluster_name": "gauss_prod"}, {"status": 503, "msg": "无法连接到此集群"}),  # 503 before 1002
    ({"cluster_name": "gauss_prod"}, {"status": 1002, "msg": "该集群名已被占用"}),
])
def test_registration_failures_are_in_the_data(gauss, changes, outcome):
    before = _rows(gauss)
    assert _register(gauss, **changes) == outcome
    assert not gauss.ok("GET", "/v1/api/clusters")["192.0.2.40:5432"]["managed"]
    assert _rows(gauss) == before


@pytest.mark.parametrize("change", [{"host": ""}, {"host": "db.example.com"}, {"host": "192.0.2.400"}, {"port": 0},
                                    {"port": 70000}, {"cluster_name": ""}, {"username": ""}, {"password": "x" * 10241}])
def test_registration_rules_are_internal_errors(gauss, change):
    body = dict(_stage_account(gauss), cluster_name="s", host="192.0.2.40", port=5432)
    gauss.refused("POST", "/v1/api/clusters/register", json=dict(body, **change))
    assert [c["managed"] for c in gauss.ok("GET", "/v1/api/clusters").values()] == [True, False, False]


@pytest.mark.parametrize("change, loc", [({"cluster_name": None}, ["body", "cluster_name"]), ({"port": "x"}, ["body", "port"]),
                                         ({"username": 1}, ["body", "username"]), ({"password": None}, ["body", "password"])])
def test_registration_body_fields_are_validated_by_fastapi(gauss, change, loc):
    body = dict(_stage_account(gauss), cluster_name="s", host="192.0.2.40", port=5432)
    body.update(change)
    body = {key: value for key, value in body.items() if value is not None}
    assert gauss.invalid("POST", "/v1/api/clusters/register", json=body) == [loc]
    assert gauss.invalid("POST", "/v1/api/clusters/register", data="[]", headers={"Content-Type": "application/json"}) == [["body"]]
    assert [c["managed"] for c in gauss.ok("GET", "/v1/api/clusters").values()] == [True, False, False]


def test_an_internal_error_changes_nothing(gauss):
    gauss.hook("POST", "/internal_errors", json={"count": 2})
    for method, path, kwargs in [("PUT", "/v1/api/llms", {"params": {"name": ONLINE[0], "user_id": "u1", "session_id": "s1"}}),
                                 ("GET", "/v1/api/clusters", {})]:
        response = gauss.call(method, path, **kwargs)
        assert (response.status_code, response.text) == (200, '{"msg":"Internal server error.","success":false}')
    assert gauss.hook("GET", "/bindings")["bindings"] == []
    assert "192.0.2.30:5432" in gauss.ok("GET", "/v1/api/clusters")


# --- the interaction stream

def test_example_1_tool_interaction(gauss):
    assert gauss.events(TOOL_BODY) == TOOL_EVENTS


def test_example_2_fault_diagnostic(gauss):
    assert gauss.events(json.loads(ALARM_BODY)) == ALARM_EVENTS


def test_the_answer_names_the_sessions_cluster(gauss):
    gauss.ok("PUT", "/v1/api/clusters", params={"instance": "192.0.2.30:5432", "user_id": "user123", "session_id": "session123"})
    answer = json.loads(gauss.events(TOOL_BODY)[3][len("data:"):])
    assert answer["data"][0]["content"] == "集群gauss_prod中推荐的索引如下表所示："
    # Another session uses the last bound cluster.
    assert gauss.events(dict(TOOL_BODY, session_id="other"))[3] == gauss.events(TOOL_BODY)[3]


@pytest.mark.parametrize("query", ["not json", json.dumps(["a"]), json.dumps({key: value for key, value in ALARM.items() if key != "instance"})])
def test_a_query_that_is_not_an_alarm_record_gets_a_tool_error(gauss, query):
    body = dict(json.loads(ALARM_BODY), query=query)
    assert gauss.events(body) == ALARM_EVENTS[:2] + ['data:{"data":[{"content":"工具执行异常","type":"str"}],"success":true}', DONE]


@pytest.mark.parametrize("change", [{"query": ""}, {"user_id": "u"}, {"user_id": "user-1"}, {"user_id": "u" * 121},
                                    {"session_id": "会话"}, {"mode": "chat"}, {"history_len": 0}, {"history_len": 4}])
def test_the_interaction_rules_answer_one_error_event(gauss, change):
    assert gauss.events(dict(TOOL_BODY, **change)) == ['data:{"msg":"Internal server error.","success":false}']


@pytest.mark.parametrize("change, loc", [({"query": None}, ["body", "query"]), ({"query": 1}, ["body", "query"]),
                                         ({"session_id": None}, ["body", "session_id"]), ({"mode": None}, ["body", "mode"]),
                                         ({"history_len": "two"}, ["body", "history_len"])])
def test_the_interaction_body_fields_are_validated_by_fastapi(gauss, change, loc):
    body = {key: value for key, value in dict(TOOL_BODY, **change).items() if value is not None}
    assert gauss.invalid("POST", INTERACTION, json=body) == [loc]


def test_history_len_is_optional(gauss):
    body = {key: value for key, value in TOOL_BODY.items() if key != "history_len"}
    assert gauss.events(dict(body, history_len=3)) == gauss.events(body) == TOOL_EVENTS


def test_events_arrive_one_by_one(gauss):
    """The first event is readable while the next ones are 10 seconds apart: were the events not
    flushed one by one, reading it would outlast the client's 3-second read timeout."""
    gauss.hook("POST", "/stream", json={"delay": 10})
    with gauss.session.post(gauss.url + INTERACTION, json=TOOL_BODY, stream=True, timeout=(10, 3)) as response:
        first = next(line for line in response.iter_lines() if line)
    assert first.decode() == TOOL_EVENTS[0]


@pytest.mark.parametrize("mode, outcome, expected", [
    ("tool_interaction", "tool_error", TOOL_EVENTS[:3] + ['data:{"data":[{"content":"工具执行异常","type":"str"}],"success":true}', DONE]),
    ("fault_diagnostic", "tool_error", ALARM_EVENTS[:3] + ['data:{"data":[{"content":"工具执行异常","type":"str"}],"success":true}', DONE]),
    ("tool_interaction", "llm_error", TOOL_EVENTS[:1] + ['data:{"data":[{"content":"大模型服务异常","type":"str"}],"success":true}', DONE]),
    ("fault_diagnostic", "kb_error", ALARM_EVENTS[:1] + ['data:{"data":[{"content":"运维知识库异常","type":"str"}],"success":true}', DONE]),
    ("tool_interaction", "internal_error", TOOL_EVENTS[:1] + ['data:{"msg":"Internal server error.","success":false}']),
])
def test_the_next_stream_fails_as_told(gauss, mode, outcome, expected):
    gauss.hook("POST", "/next_stream", json={"outcome": outcome})
    gauss.events(dict(TOOL_BODY, mode="chat"))  # refused before the answer: the outcome is kept
    body = TOOL_BODY if mode == "tool_interaction" else json.loads(ALARM_BODY)
    assert gauss.events(body) == expected
    assert gauss.events(body)[-1] == DONE  # only the next one


def test_a_cut_stream_ends_without_its_last_chunk(gauss):
    gauss.hook("POST", "/next_stream", json={"outcome": "cut"})
    lines = []
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        with gauss.call("POST", INTERACTION, json=TOOL_BODY, stream=True) as response:
            lines.extend(line.decode() for line in response.iter_lines() if line)
    assert lines == TOOL_EVENTS[:2]
    assert gauss.events(TOOL_BODY) == TOOL_EVENTS


# --- the request log

def test_the_request_log_names_operations_and_writes(gauss):
    ids = {"user_id": "u1", "session_id": "s1"}
    gauss.ok("GET", "/v1/api/llms")
    gauss.ok("PUT", "/v1/api/llms", params=dict(ids, name=ONLINE[0]))
    gauss.ok("GET", "/v1/api/clusters")
    gauss.ok("PUT", "/v1/api/clusters", params=dict(ids, instance="192.0.2.30:5432"))
    gauss.ok("POST", "/v1/api/clusters/register", json={"cluster_name": "x", "host": "192.0.2.99", "port": 1, "username": "a", "password": "b"})
    gauss.events(TOOL_BODY)
    assert [(e["platform"], e["operation"], e["mutating"], e["status"]) for e in gauss.emulator.log()] == [
        ("dbmind", "dbmind.list_llms", False, 200), ("dbmind", "dbmind.switch_llm", True, 200),
        ("dbmind", "dbmind.list_clusters", False, 200), ("dbmind", "dbmind.bind_cluster", True, 200),
        ("dbmind", "dbmind.register_cluster", True, 200), ("dbmind", "dbmind.interaction", False, 200)]


# --- the doc's curl examples, with the generated certificates

@pytest.mark.parametrize("body, expected", [(TOOL_TEXT, TOOL_EVENTS), (ALARM_BODY, ALARM_EVENTS)],
                         ids=["tool_interaction", "fault_diagnostic"])
def test_the_curl_examples(gauss, body, expected):
    variables = gauss.emulator.vars
    command = ["curl", "-sS", "-X", "POST", gauss.url + INTERACTION, "-H", "accept: application/json", "-H", "Content-Type: application/json",
               "-d", body, "--cacert", variables["ca_path"], "--key", variables["dbmind_client_key"],
               "--cert", variables["dbmind_client_cert"], "--pass", variables["dbmind_client_key_password"]]
    result = subprocess.run(command, capture_output=True, timeout=20, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().split("\n\n") == expected + [""]

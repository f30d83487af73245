# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""GaussMaster, openGauss DBMind's intelligent O&M service (/v1/api/...), as its server code answers.

Sources: GaussMaster's server code, read in the public mirror study0518xxx/openGauss-GaussMaster (paths
below are under GaussMaster/), and platform-apis.md section 5 (the openGauss docs). Where the docs and
the code disagree, the code wins; the disagreements are marked (code over docs).

Transport: no token; clients get in with a client certificate (mutual TLS: common/http/_service_impl.py
start_listen, ssl_cert_reqs=CERT_REQUIRED). So it is served on the emulator's HTTPS port only; on the
HTTP port its paths are unknown (404).

Envelope (common/http/_service_impl.py): {"success": true, "data": ...} as compact JSON with sorted keys
(standardized_api_output); any exception of a handler, a rule violation included, is HTTP 200
{"success": false, "msg": "Internal server error."} (the internal_errors hook makes the next calls fail
so); an HTTPException is {"success": false, "msg": "<detail>"} with its status. A missing or mistyped
query parameter or body field never reaches the handler: FastAPI answers its own 422
{"detail": [{"loc", "msg", "type", ...}]} (no handler for RequestValidationError is installed).

Rules (common/utils/checking.py, ParameterChecker as controllers/core.py applies it; a violation
raises ValueError, so HTTP 200 "Internal server error."):
  user_id, session_id   NAME: ^[a-zA-Z0-9_]{2,120}$
  name (PUT llms)       STRING: a non-empty str of at most 10240 characters
  instance (PUT clusters) IP_WITH_PORT: an IPv4 or [IPv6] address, ':', a port 1024-65535
  register body         CLUSTER_MODEL: cluster_name, username, password STRING; host an IP address
                        (INSTANCE_PATTERN: IPv4 optionally with :port, bare IPv6, [IPv6]:port); port
                        an int 1-65535 (pydantic model Cluster: all five fields required, port int)
  interaction body      QUERY_MODEL: query, user_id, session_id, mode STRING; user_id and session_id
                        NAME; mode tool_interaction or fault_diagnostic; history_len an int 1-3
                        (pydantic model PlanModel: history_len defaults to 1). A violation is one event
                        data:{"msg":"Internal server error.","success":false} in an HTTP 200 event stream
                        (standardized_event_stream_output).

Clusters: DBMind's agents map (multiagents/tools/dbmind_interface.py get_cluster_list: GET <dbmind>/agents)
is {primary address: [all instance addresses]}; here the seeded `clusters`, the first instance the
primary (the instances hook tells their DB accounts). GaussMaster's table tb_managed_cluster
(common/metadatabase/schema/clusters.py) has one row per instance, unique on (host, port): here
`registered`, {"host:port": {cluster_name, username, password}} (the password is encrypted there, kept
in clear here so that tests can read it).
GET /v1/api/clusters (dbmind_interface.py retrieve_cluster_status): {primary: {"cluster_name",
"instances", "managed"}} for every cluster of the agents map; managed is true when any instance has a
row, cluster_name is then the name of the last such row, else "" (code over docs: the docs spell the key
`intances` and show a name for unmanaged clusters). No clusters: {}.
POST /v1/api/clusters/register (server/web/data_transformer.py register_cluster): host:port must be a key
of the agents map, a primary (else status 1001: a standby is refused too); then the account must log
in to DBMind (POST <dbmind>/token with scope host:port; no token: status 503); then
(common/metadatabase/dao/clusters.py update_managed_cluster) every instance of the cluster is upserted
(ON DUPLICATE KEY UPDATE cluster_name, username, password). When some row already has the name, an
instance without a row of that name is status 1002 (the rows upserted before it stay); when no row has
the name, nothing is checked. So registering the cluster again under its name succeeds and updates the
username and password, registering it under a free name renames it, and a name another cluster holds is
1002. Order: 1001, 503, 1002. There is no route to unregister (controllers/core.py has none).
PUT /v1/api/clusters (data_transformer.py update_session_cluster): data true when `instance` (any
instance) has a row; the session is then bound to that address as given, else data false.

Models: GET /v1/api/llms (data_transformer.py get_all_models) is {"local": [], "online": [the enabled
online models that answer]}: local is always empty (code over docs). PUT /v1/api/llms (switch_llm):
data true when `name` is an enabled online model, else false.

Bindings: PUT llms and PUT clusters bind (user_id, session_id); a session without a cluster uses the last
bound one. The tool_interaction answer names the session's cluster when there is one. (GaussMaster keeps
the last bound cluster per user and answers a user that never bound one with a JSON string instead of a
stream: server/web/context_manager.py; the emulator keeps one last cluster and streams regardless.)

The interaction stream: `data:<compact JSON, sorted keys>\\n\\n` events, `delay` seconds apart (the stream
hook), ending with a progress "DONE". Its progress steps are STEPS[mode]; then the answer (the doc's
examples), then DONE. A fault_diagnostic query that is not a JSON alarm record with ALARM_KEYS gets the
str item "工具执行异常" after the second step. The next_stream hook makes the next stream:
  tool_error      all steps, str "工具执行异常", DONE
  llm_error       first step, str "大模型服务异常", DONE
  kb_error        first step, str "运维知识库异常", DONE
  internal_error  first step, {"msg": "Internal server error.", "success": false}, no DONE
  cut             two steps, then the connection closes with the chunked body unfinished
DONE after an in-band error is the emulator's choice (the doc shows the error items alone).
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import re
from typing import Literal

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel, Field

from .core import CONTROL_PREFIX, Operation, Platform, current

NAME = "dbmind"
ID = re.compile(r"[A-Za-z0-9_]{2,120}")
MAX_STRING = 10240
MODES = ("tool_interaction", "fault_diagnostic")
ALARM_KEYS = ("history_alarm_id", "metric_name", "instance", "alarm_type", "alarm_level", "start_time", "alarm_content",
              "source", "status")
STEPS = {"tool_interaction": ("工具匹配中...", "提取参数中...", "工具调用中..."),
         "fault_diagnostic": ("查询故障树...", "异常告警信息识别中...", "参数识别中...")}
IN_BAND_ERRORS = {"tool_error": "工具执行异常", "llm_error": "大模型服务异常", "kb_error": "运维知识库异常"}
INTERNAL_ERROR = {"msg": "Internal server error.", "success": False}
REGISTERED = {"status": 0, "msg": "注册成功"}
CANNOT_CONNECT = {"status": 503, "msg": "无法连接到此集群"}
NOT_MONITORED = {"status": 1001, "msg": "dbmind没有纳管此集群，无法注册"}
NAME_TAKEN = {"status": 1002, "msg": "该集群名已被占用"}
INDEX_TABLE = {"headers": ["索引描述", "预计占用", "预计提升"], "rows": [["CREATEINDEX idx_t1_id ON public.t1(id);", "2.49MB", "99.91%"]]}


class RuleViolation(ValueError):
    """A parameter GaussMaster's ParameterChecker refuses: HTTP 200 "Internal server error."."""


class Cluster(BaseModel):
    """The register body (controllers/core.py Cluster)."""

    cluster_name: str
    host: str
    port: int
    username: str
    password: str


class PlanModel(BaseModel):
    """The interaction body (controllers/core.py PlanModel)."""

    query: str
    user_id: str
    session_id: str
    mode: str
    history_len: int = 1


def seed():
    def cluster(name, instances, username, password):
        return {"name": name, "instances": instances, "username": username, "password": password}

    prod = {"cluster_name": "gauss_prod", "username": "dbmind_monitor", "password": "Prod@Gauss2024"}
    return {
        "llms": {"local": [], "online": ["pangu_cloud_sigma_unify_plugin_38b", "Llama3-8B-Chinese-Chat"]},
        # DBMind's agents map: the clusters it monitors; the first instance is the primary.
        "clusters": [cluster("gauss_prod", ["192.0.2.30:5432", "192.0.2.31:5432"], "dbmind_monitor", "Prod@Gauss2024"),
                     cluster("gauss_stage", ["192.0.2.40:5432", "192.0.2.41:5432"], "gm_admin", "Stage@Gauss2024"),
                     cluster("gauss_dev", ["192.0.2.50:5432"], "gm_admin", "Dev@Gauss2024")],
        # GaussMaster's tb_managed_cluster: one row per instance.
        "registered": {"192.0.2.30:5432": dict(prod), "192.0.2.31:5432": dict(prod)},
        "bindings": {},  # "user_id/session_id": {user_id, session_id, llm, cluster}
        "last_cluster": None,
        "stream": {"delay": 0.05, "next": None},
        "internal_errors": 0,
    }


# --- JSON endpoints

def _json(content, status=200):
    body = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Response(body.encode(), status, media_type="application/json")


def _check(valid, key):
    if not valid:
        raise RuleViolation("Incorrect value for parameter %s." % key)


def _text(params, *keys):
    for key in keys:
        value = params[key]
        _check(isinstance(value, str) and 0 < len(value) <= MAX_STRING, key)


def _session(params):
    """The binding key of the user_id and session_id in `params`."""
    for key in ("user_id", "session_id"):
        _check(ID.fullmatch(params[key]), key)
    return "%s/%s" % (params["user_id"], params["session_id"])


def _ip(text):
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _ip_with_port(text):
    """IP_WITH_PORT: IPv4:port or [IPv6]:port, the port 1024-65535."""
    host, _sep, port = text.rpartition(":")
    address = _ip(host[1:-1] if host.startswith("[") and host.endswith("]") else host)
    return (address is not None and (address.version == 6) == host.startswith("[") and port.isascii() and port.isdigit()
            and 1024 <= int(port) <= 65535)


def _instance_host(text):
    """INSTANCE_PATTERN, as register applies it to `host`: an IPv4 address (a port allowed), a bare IPv6
    address, or [IPv6]:port."""
    return _ip(text) is not None or _ip_with_port(text)


def _binding(data, params):
    return data["bindings"].setdefault(_session(params), {"user_id": params["user_id"], "session_id": params["session_id"],
                                                          "llm": None, "cluster": None})


def list_llms(data, params):
    return data["llms"]


def switch_llm(data, params):
    _text(params, "name")
    _session(params)
    if params["name"] not in data["llms"]["online"]:
        return False
    _binding(data, params)["llm"] = params["name"]
    return True


def _agents(data):
    """DBMind's agents map: {primary: [all instances]}."""
    return {cluster["instances"][0]: cluster["instances"] for cluster in data["clusters"]}


def list_clusters(data, params):
    found = {}
    for primary, instances in _agents(data).items():
        rows = [data["registered"][instance] for instance in instances if instance in data["registered"]]
        found[primary] = {"cluster_name": rows[-1]["cluster_name"] if rows else "", "instances": instances,
                          "managed": bool(rows)}
    return found


def bind_cluster(data, params):
    _session(params)
    _check(_ip_with_port(params["instance"]), "instance")
    if params["instance"] not in data["registered"]:
        return False
    _binding(data, params)["cluster"] = data["last_cluster"] = params["instance"]
    return True


def register_cluster(data, params):
    _text(params, "cluster_name", "username", "password")
    _check(_instance_host(params["host"]), "host")
    _check(1 <= params["port"] <= 65535, "port")
    name = params["cluster_name"]
    instances = _agents(data).get("%s:%d" % (params["host"], params["port"]))
    if instances is None:
        return NOT_MONITORED
    cluster = next(c for c in data["clusters"] if c["instances"] == instances)
    if (params["username"], params["password"]) != (cluster["username"], cluster["password"]):
        return CANNOT_CONNECT
    named = {instance for instance, row in data["registered"].items() if row["cluster_name"] == name}
    for instance in instances:
        if named and instance not in named:
            return NAME_TAKEN
        data["registered"][instance] = {"cluster_name": name, "username": params["username"], "password": params["password"]}
    return REGISTERED


async def _serve(request, handler, params):
    """Run handler(data, params) and wrap what it returns, as standardized_api_output does."""
    data = current(request).store.data[NAME]
    try:
        if data["internal_errors"]:
            data["internal_errors"] -= 1
            raise RuntimeError("injected by the internal_errors hook")
        return _json({"success": True, "data": handler(data, params)})
    except Exception:  # pylint: disable=broad-exception-caught  # as GaussMaster's standardized_api_output does
        return _json(INTERNAL_ERROR)


# --- the interaction stream

class _EventStream(StreamingResponse):
    """Server-sent events, each flushed on its own, `delay` seconds apart; `cut` leaves the body unfinished."""

    def __init__(self, events, delay, cut=False):
        super().__init__(iter(()), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})
        self.events, self.delay, self.cut = events, delay, cut

    async def __call__(self, scope, receive, send):
        await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
        for number, event in enumerate(self.events):
            if number:
                await asyncio.sleep(self.delay)
            text = "data:%s\n\n" % json.dumps(event, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            await send({"type": "http.response.body", "body": text.encode(), "more_body": True})
        if not self.cut:
            await send({"type": "http.response.body", "body": b""})
        # Otherwise the app returns with the response incomplete, and uvicorn closes the connection
        # without the last chunk: the client sees the stream end early.


def _items(*items):
    return {"data": list(items), "success": True}


def _progress(text):
    return _items({"content": text, "type": "progress"})


def _answer(text, table=None):
    items = [{"color": "black", "content": text, "type": "str"}]
    if table:
        items.append({"content": table, "type": "table"})
    return _items(*items)


def _in_band_error(text):
    return _items({"content": text, "type": "str"})


def _is_alarm(query):
    try:
        alarm = json.loads(query)
    except ValueError:
        return False
    return isinstance(alarm, dict) and all(key in alarm for key in ALARM_KEYS)


def _events(data, params, outcome):
    """The events of a stream, and whether it is cut."""
    mode = params["mode"]
    steps = [_progress(text) for text in STEPS[mode]]
    done = _progress("DONE")
    if outcome == "tool_error":
        return steps + [_in_band_error(IN_BAND_ERRORS[outcome]), done], False
    if outcome in IN_BAND_ERRORS:
        return steps[:1] + [_in_band_error(IN_BAND_ERRORS[outcome]), done], False
    if outcome == "internal_error":
        return steps[:1] + [INTERNAL_ERROR], False
    if outcome == "cut":
        return steps[:2], True
    if mode == "fault_diagnostic":
        if not _is_alarm(params["query"]):
            return steps[:2] + [_in_band_error(IN_BAND_ERRORS["tool_error"]), done], False
        return steps + [_answer("'cluster_feature'"), done], False
    binding = data["bindings"].get(_session(params), {})
    registered = data["registered"].get(binding.get("cluster") or data["last_cluster"])
    text = "推荐的索引如下表所示："
    if registered:
        text = "集群%s中%s" % (registered["cluster_name"], text)
    return steps + [_answer(text, INDEX_TABLE), done], False


def _checked_interaction(params):
    """QUERY_MODEL (common/utils/checking.py check_query_model)."""
    _text(params, "query", "user_id", "session_id", "mode")
    _session(params)
    _check(params["mode"] in MODES, "mode")
    _check(0 < params["history_len"] <= 3, "history_len")


# --- routes

router = APIRouter()


@router.get("/v1/api/llms")
async def list_llms_route(request: Request):
    return await _serve(request, list_llms, {})


@router.put("/v1/api/llms")
async def switch_llm_route(request: Request, name: str, user_id: str, session_id: str):
    return await _serve(request, switch_llm, {"name": name, "user_id": user_id, "session_id": session_id})


@router.get("/v1/api/clusters")
async def list_clusters_route(request: Request):
    return await _serve(request, list_clusters, {})


@router.put("/v1/api/clusters")
async def bind_cluster_route(request: Request, user_id: str, session_id: str, instance: str):
    return await _serve(request, bind_cluster, {"user_id": user_id, "session_id": session_id, "instance": instance})


@router.post("/v1/api/clusters/register")
async def register_cluster_route(request: Request, cluster: Cluster):
    return await _serve(request, register_cluster, cluster.model_dump())


@router.post("/v1/api/app/intelligent-interaction")
async def interaction_route(request: Request, plan: PlanModel):
    data = current(request).store.data[NAME]
    params = plan.model_dump()
    try:
        _checked_interaction(params)
    except RuleViolation:
        return _EventStream([INTERNAL_ERROR], 0)
    outcome, data["stream"]["next"] = data["stream"]["next"], None
    events, cut = _events(data, params, outcome)
    return _EventStream(events, data["stream"]["delay"], cut)


OPERATIONS = {
    ("GET", "/v1/api/llms"): ("dbmind.list_llms", False),
    ("PUT", "/v1/api/llms"): ("dbmind.switch_llm", True),
    ("GET", "/v1/api/clusters"): ("dbmind.list_clusters", False),
    ("PUT", "/v1/api/clusters"): ("dbmind.bind_cluster", True),
    ("POST", "/v1/api/clusters/register"): ("dbmind.register_cluster", True),
    ("POST", "/v1/api/app/intelligent-interaction"): ("dbmind.interaction", False),
}


def operation(method, path):
    found = OPERATIONS.get((method, path.rstrip("/")))
    return Operation(NAME, *found) if found else None


# --- test hooks

class StreamSettings(BaseModel):
    delay: float = Field(ge=0, le=10)


class NextStream(BaseModel):
    outcome: Literal["tool_error", "llm_error", "kb_error", "internal_error", "cut"]


class Account(BaseModel):
    cluster: str = Field(description="the name DBMind knows the cluster by (gauss_prod, gauss_stage, gauss_dev)")
    username: str
    password: str


class Count(BaseModel):
    count: int = Field(ge=0)


hooks = APIRouter(prefix=CONTROL_PREFIX + "/" + NAME)


def _data(request):
    return current(request).store.data[NAME]


@hooks.get("/bindings")
async def list_bindings(request: Request):
    """The (user_id, session_id) bindings, and the last bound cluster (new sessions use it)."""
    data = _data(request)
    return {"bindings": list(data["bindings"].values()), "last_cluster": data["last_cluster"]}


@hooks.get("/instances")
async def list_instances(request: Request):
    """The clusters DBMind monitors, with the DB account register accepts and the name they are registered as."""
    data = _data(request)
    return {"clusters": [dict(cluster, registered_as=(data["registered"].get(cluster["instances"][0]) or {}).get("cluster_name"))
                         for cluster in data["clusters"]]}


@hooks.get("/registered")
async def list_registered(request: Request):
    """GaussMaster's tb_managed_cluster: one row per instance, with the username and password stored."""
    return {"registered": _data(request)["registered"]}


@hooks.post("/accounts")
async def set_account(request: Request, body: Account):
    """Change the DB account of a cluster DBMind monitors (a password rotated in the database): register
    takes the new one only; the rows registered before keep what they hold."""
    cluster = next((c for c in _data(request)["clusters"] if c["name"] == body.cluster), None)
    if cluster is None:
        raise HTTPException(404, "no cluster %s" % body.cluster)
    cluster.update(username=body.username, password=body.password)
    current(request).store.save()
    return {"cluster": body.cluster, "username": body.username}


@hooks.delete("/instances")
async def forget_instances(request: Request):
    """DBMind monitors nothing any more (and nothing is registered): GET /v1/api/clusters answers {}."""
    data = _data(request)
    data["clusters"], data["registered"], data["last_cluster"] = [], {}, None
    current(request).store.save()
    return {"ok": True}


@hooks.post("/stream")
async def set_stream(request: Request, body: StreamSettings):
    """The delay between two events of a stream (a reset restores 0.05 s)."""
    _data(request)["stream"]["delay"] = body.delay
    current(request).store.save()
    return {"delay": body.delay}


@hooks.post("/next_stream")
async def set_next_stream(request: Request, body: NextStream):
    """How the next interaction stream (one that passes validation) goes wrong."""
    _data(request)["stream"]["next"] = body.outcome
    current(request).store.save()
    return {"outcome": body.outcome}


@hooks.post("/internal_errors")
async def set_internal_errors(request: Request, body: Count):
    """The next `count` JSON API calls answer {"msg": "Internal server error.", "success": false} and change nothing."""
    _data(request)["internal_errors"] = body.count
    current(request).store.save()
    return {"count": body.count}


router.include_router(hooks)

PLATFORM = Platform(name=NAME, router=router, seed=seed, operation=operation, tls_only=True)

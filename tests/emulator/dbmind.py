# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""GaussMaster, openGauss DBMind's intelligent O&M service (/v1/api/...), per platform-apis.md section 5.

GaussMaster takes no token: clients get in with a client certificate (mutual TLS). So it is served on
the emulator's HTTPS port only; on the HTTP port its paths are unknown (404).

Envelope (DBMind's HttpService, which GaussMaster reuses): {"success": true, "data": ...} as compact JSON
with sorted keys; an HTTP error {"success": false, "msg": "<detail>"} with its status; an unexpected error
HTTP 200 {"success": false, "msg": "Internal server error."} (the internal_errors hook makes the next
calls fail so). Missing or invalid parameters get 422 {"success": false, "msg"}: the emulator's choice,
DBMind leaves FastAPI's own validation answer ({"detail": [...]}) alone.

Clusters: DBMind monitors the seeded database clusters (the instances hook tells their DB accounts).
GET /v1/api/clusters lists them by primary instance; `managed` is true once registered in GaussMaster,
and cluster_name is then the registered name (else DBMind's). Register checks, in this order: the name
is not a registered cluster's, the cluster itself included (1002); host:port is an instance of a
DBMind-monitored cluster (1001); the account is that cluster's (503). Registering a registered cluster
under a free name renames it (the emulator's choice: the API has no update or delete).

Bindings: PUT llms and PUT clusters bind (user_id, session_id); a session without a cluster uses the last
bound one. The tool_interaction answer names the session's cluster when there is one.

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
import json
import re
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel, Field

from .core import CONTROL_PREFIX, Operation, Platform, current

NAME = "dbmind"
ID = re.compile(r"[A-Za-z0-9_]{2,}")
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


class Failure(Exception):
    """An HTTP error: {"success": false, "msg"} with `status`."""

    def __init__(self, status, msg):
        super().__init__(msg)
        self.status = status
        self.msg = msg


def invalid(msg):
    return Failure(422, msg)


def seed():
    def cluster(name, instances, username, password):
        return {"name": name, "instances": instances, "username": username, "password": password}

    return {
        "llms": {"local": ["qwen2-7b-local"], "online": ["pangu_cloud_sigma_unify_plugin_38b", "Llama3-8B-Chinese-Chat"]},
        # The clusters DBMind monitors; the first instance is the primary.
        "clusters": [cluster("gauss_prod", ["192.0.2.30:5432", "192.0.2.31:5432"], "dbmind_monitor", "Prod@Gauss2024"),
                     cluster("gauss_stage", ["192.0.2.40:5432", "192.0.2.41:5432"], "gm_admin", "Stage@Gauss2024"),
                     cluster("gauss_dev", ["192.0.2.50:5432"], "gm_admin", "Dev@Gauss2024")],
        # GaussMaster's tb_managed_cluster, by primary instance.
        "registered": {"192.0.2.30:5432": {"cluster_name": "gauss_prod", "host": "192.0.2.30", "port": 5432,
                                           "username": "dbmind_monitor"}},
        "bindings": {},  # "user_id/session_id": {user_id, session_id, llm, cluster}
        "last_cluster": None,
        "stream": {"delay": 0.05, "next": None},
        "internal_errors": 0,
    }


# --- JSON endpoints

def _json(content, status=200):
    body = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Response(body.encode(), status, media_type="application/json")


def _text(params, key):
    value = params.get(key)
    if not isinstance(value, str) or not value:
        raise invalid("%s is required and must be a non-empty string" % key)
    return value


def _session(params):
    """The binding key of the user_id and session_id in `params`."""
    for key in ("user_id", "session_id"):
        if not ID.fullmatch(_text(params, key)):
            raise invalid("%s must be at least 2 letters, digits or underscores" % key)
    return "%s/%s" % (params["user_id"], params["session_id"])


def _binding(data, params):
    return data["bindings"].setdefault(_session(params), {"user_id": params["user_id"], "session_id": params["session_id"],
                                                          "llm": None, "cluster": None})


def list_llms(data, params):
    return data["llms"]


def switch_llm(data, params):
    name = _text(params, "name")
    _session(params)
    if name not in data["llms"]["local"] + data["llms"]["online"]:
        return False
    _binding(data, params)["llm"] = name
    return True


def list_clusters(data, params):
    return {cluster["instances"][0]: _view(data, cluster) for cluster in data["clusters"]}


def _view(data, cluster):
    registered = data["registered"].get(cluster["instances"][0])
    return {"cluster_name": registered["cluster_name"] if registered else cluster["name"], "intances": cluster["instances"],
            "managed": registered is not None}


def _cluster_of(data, instance):
    return next((cluster for cluster in data["clusters"] if instance in cluster["instances"]), None)


def bind_cluster(data, params):
    instance = _text(params, "instance")
    _session(params)
    cluster = _cluster_of(data, instance)
    if cluster is None or cluster["instances"][0] not in data["registered"]:
        return False
    _binding(data, params)["cluster"] = data["last_cluster"] = cluster["instances"][0]
    return True


def register_cluster(data, params):
    name, host, username, password = (_text(params, key) for key in ("cluster_name", "host", "username", "password"))
    port = params.get("port")
    if isinstance(port, str) and port.isascii() and port.isdigit():
        port = int(port)
    if not isinstance(port, int) or isinstance(port, bool) or not 0 < port < 65536:
        raise invalid("port is required and must be an integer from 1 to 65535")
    if any(record["cluster_name"] == name for record in data["registered"].values()):
        return NAME_TAKEN
    cluster = _cluster_of(data, "%s:%d" % (host, port))
    if cluster is None:
        return NOT_MONITORED
    if (username, password) != (cluster["username"], cluster["password"]):
        return CANNOT_CONNECT
    data["registered"][cluster["instances"][0]] = {"cluster_name": name, "host": host, "port": port, "username": username}
    return REGISTERED


async def _serve(request, handler):
    """Run handler(data, params) on the query (GET, PUT) or JSON body (POST) and wrap what it returns."""
    data = current(request).store.data[NAME]
    try:
        if data["internal_errors"]:
            data["internal_errors"] -= 1
            raise RuntimeError("injected by the internal_errors hook")
        if request.method == "POST":
            params = _json_object(await request.body())
        else:
            params = dict(request.query_params)
        return _json({"success": True, "data": handler(data, params)})
    except Failure as failure:
        return _json({"success": False, "msg": failure.msg}, failure.status)
    except Exception:  # pylint: disable=broad-exception-caught  # as DBMind's standardized_api_output does
        return _json(INTERNAL_ERROR)


def _json_object(body):
    try:
        params = json.loads(body or b"null")
    except ValueError:
        params = None
    if not isinstance(params, dict):
        raise invalid("the body must be a JSON object")
    return params


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
    _text(params, "query")
    _session(params)
    if params.get("mode") not in MODES:
        raise invalid("mode must be one of %s" % ", ".join(MODES))
    history_len = params.setdefault("history_len", 1)
    if isinstance(history_len, bool) or not isinstance(history_len, int) or not 1 <= history_len <= 3:
        raise invalid("history_len must be 1, 2 or 3")


# --- routes

router = APIRouter()


@router.get("/v1/api/llms")
async def list_llms_route(request: Request):
    return await _serve(request, list_llms)


@router.put("/v1/api/llms")
async def switch_llm_route(request: Request):
    return await _serve(request, switch_llm)


@router.get("/v1/api/clusters")
async def list_clusters_route(request: Request):
    return await _serve(request, list_clusters)


@router.put("/v1/api/clusters")
async def bind_cluster_route(request: Request):
    return await _serve(request, bind_cluster)


@router.post("/v1/api/clusters/register")
async def register_cluster_route(request: Request):
    return await _serve(request, register_cluster)


@router.post("/v1/api/app/intelligent-interaction")
async def interaction_route(request: Request):
    data = current(request).store.data[NAME]
    try:
        params = _json_object(await request.body())
        _checked_interaction(params)
    except Failure as failure:
        return _json({"success": False, "msg": failure.msg}, failure.status)
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

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""OceanBase Cloud Platform (OCP) /api/v2: hosts, OB clusters and their async tasks, per platform-apis.md section 4.
Tenants are in ocp_tenants.py (with their facts and sources); they run on the task machinery here.

Auth is HTTP Basic, or the AK/SK signature OCP-ACCESS-KEY-HMACSHA1 of oceanbase/mcp-oceanbase
(src/ocp_mcp_server/server.py): see string_to_sign(). GET /api/status and GET /api/v2/time need none.

Errors are OCP Express's envelope and codes (core/.../i18n/ErrorCodes.java, messages_en_US.properties),
as real OCP's are not public: 10001, 10002, 20000, 20003, 30000 and 50002 are Express codes; 50005
(DUPLICATE_NAME) is the emulator's choice.

Tasks progress by wall clock, lazily: each request first brings every running task up to now
(_advance), replaying what happened since from the subtasks' timestamps. So a task goes on across a
save and a restart, and nothing runs in the background. A subtask starts once all its upstreams have
succeeded and takes `subtask_seconds`; the test hooks change that speed and inject failures.

Test hooks, under /__emulator__/ocp/ (no auth; a reset undoes them all):
- POST speed {subtask_seconds}: how long each subtask that starts from now on runs (default 0.3).
- POST fail {subtask, count=1}: the next `count` subtasks of that name to start fail.
- POST hold {cluster?, tenant?, kind?, subtask?} (no body: {}): tasks of cluster `cluster` (by name; any
  if unset), of tenant `tenant` (by name; any if unset) and kind `kind` ("create" or "delete", or
  "create_tenant" or "modify_tenant"; any if unset) stop before the next subtask
  named `subtask` starts (before their last subtask if unset: "Link obproxy", "Delete OB cluster
  metadata", "Update tenant status"), and wait there, RUNNING with that subtask PENDING, their cluster CREATING or
  DELETING, however long it takes. The hold is a rule: it stops the matching tasks running now
  that have not started that subtask yet, and those started or retried while it is in place. A
  task that does not have the subtask is not held. The answer is GET holds'.
- GET holds: {holds: the rules, held: [{task_id, cluster, kind, subtask, status, stopped}]}, where
  `stopped` is true once the task has reached its hold (nothing of it runs any more).
- POST release {task_id?} (no body: {}): without a task id, drops every rule and lets every held
  task go on; with one, lets that task go on and keeps the rules. A released task continues from
  where it stopped: the subtask it waited for starts at the release and takes `subtask_seconds`,
  as do those after it. Held time does not count. The answer lists the released task ids.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import email.utils
import hashlib
import hmac
import json
import math
import re
import secrets
import time
from operator import itemgetter
from typing import Literal
from urllib.parse import parse_qsl, quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel, Field

from .core import CONTROL_PREFIX, Operation, Platform, current

NAME = "ocp"
API = "/api/v2"
HOSTS = API + "/compute/hosts"
CLUSTERS = API + "/ob/clusters"
TASKS = API + "/tasks/instances"
USERNAME = "admin"
CREATOR = {"id": 100, "name": USERNAME}
SIGNATURE = "OCP-ACCESS-KEY-HMACSHA1"
MAX_CLOCK_SKEW = 15 * 60
MAX_PAGE_SIZE = 2000
SUBTASK_SECONDS = 0.3
REGION = {"id": 1, "name": "hangzhou"}
IDCS = {"hz1": 1, "hz2": 2}

ILLEGAL_ARGUMENT = 10001
NOT_FOUND = 10002
TASK_NOT_EXISTS = 20000
TASK_STATE_INVALID = 20003
NOT_AUTHENTICATED = 30000
OPS_NOT_ALLOWED = 50002
DUPLICATE_NAME = 50005  # chosen, see above

CLUSTER_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{1,47}$")
ZONE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,127}$")
RPM_NAME = re.compile(r"^oceanbase(?:-ce)?-(\d+(?:\.\d+){2,3})-(\d+)\.[\w.]+\.rpm$")
FULL_VERSION = re.compile(r"^\d+(?:\.\d+){2,3}-\d+$")

# The subtasks of "Create primary OB cluster" in OCP's documented example, a chain in this order.
CREATE_STEPS = ("Prepare install cluster", "Pre check for install OB", "Wait node", "Install rpm", "Wait node",
                "Make dir for ob", "Wait node", "Do io bench", "Bootstrap ob", "Restart observer process",
                "Wait observer accessible", "Set sys password", "Create default user", "Set sys primary zone",
                "Wait cluster accessible", "Refresh ocp agent config", "Wait node", "Start ocp agent service",
                "Sync cluster info", "Sync all tenant information", "Update OB cluster status", "Trigger compaction",
                "Link obproxy")
# The emulator's delete: "Clean OB data" runs on every host in parallel.
DELETE_STEPS = ("Stop OB cluster", "Clean OB data", "Release hosts", "Delete OB cluster metadata")
# The subtask names of each kind of task, for the test hooks (ocp_tenants adds the tenants' kinds).
STEPS = {"create": CREATE_STEPS, "delete": DELETE_STEPS}


class Failure(Exception):
    """An error answer: the HTTP status and OCP's `error` object."""

    def __init__(self, status, code, message, debug_message=None, sub_errors=()):
        super().__init__(message)
        self.status = status
        self.error = {"code": code, "message": message, "debugMessage": debug_message, "target": None,
                      "subErrors": list(sub_errors)}


def invalid(fields, sub_errors=()):
    return Failure(400, ILLEGAL_ARGUMENT, "The input parameter %s is empty or invalid. Please check and try again."
                   % fields, sub_errors=sub_errors)


def not_found(kind, key):
    return Failure(404, NOT_FOUND, "No records of the %s type found based on the %s parameter. Please check and try "
                                   "again." % (kind, key))


def unauthenticated(why):
    return Failure(401, NOT_AUTHENTICATED, "The current user has not logged on or a logon error has occurred. Please "
                                           "log on and try again.", debug_message=why)


# --- credentials and seed

def new_credentials():
    return {"ocp_username": USERNAME, "ocp_password": secrets.token_urlsafe(16),
            "ocp_access_key_id": secrets.token_hex(12), "ocp_access_key_secret": secrets.token_urlsafe(24)}


def connection_vars(credentials, endpoints):
    return dict(ocp_url=endpoints.http_url, **credentials)


def _iso(epoch):
    return datetime.datetime.fromtimestamp(epoch).astimezone().isoformat(timespec="milliseconds")


def _host(host_id, idc, status="ONLINE"):
    return {"id": host_id, "alias": "ob-host-%02d" % host_id, "innerIpAddress": "192.0.2.%d" % (10 + host_id),
            "sshPort": 22, "kind": "DEDICATED_PHYSICAL_MACHINE", "status": status, "architecture": "x86_64",
            "operatingSystem": "CentOS Linux 7", "idc": {"id": IDCS[idc], "name": idc}, "region": REGION,
            "typeName": "ob-standard", "description": "", "createTime": "2024-01-08T10:00:00.000+08:00"}


def seed():
    hosts = [_host(number, "hz1" if number <= 4 else "hz2") for number in range(1, 8)] + [_host(8, "hz2", "OFFLINE")]
    rpm = "oceanbase-4.2.1.0-100000102023092807.el7.x86_64.rpm"
    legacy = {"id": 1, "name": "ob_legacy", "obClusterId": 1, "type": "PRIMARY", "status": "RUNNING",
              "obVersion": "4.2.1.0", "fullVersion": "4.2.1.0-100000102023092807", "rpmName": rpm, "primaryZone": "zone1",
              "zones": [{"name": "zone1", "idcName": "hz1", "servers": [{"id": 1, "hostId": 4}]},
                        {"name": "zone2", "idcName": "hz2", "servers": [{"id": 2, "hostId": 7}]}],
              "parameters": [], "createTime": "2024-01-09T15:30:00.000+08:00"}
    return {"hosts": hosts, "clusters": [legacy], "tenants": [sys_tenant(legacy, 1001)], "tasks": [],
            "subtask_seconds": SUBTASK_SECONDS, "failures": {}, "holds": [],
            "next_ids": {"cluster": 2, "server": 3, "task": 1001, "subtask": 20001, "tenant": 1002}}


def sys_tenant(cluster, tenant_id):
    """The sys tenant OceanBase has in every cluster: 1 CPU and 4 GB in each zone (the emulator's size)."""
    return {"id": tenant_id, "name": "sys", "obTenantId": 1, "mode": "MYSQL", "clusterId": cluster["id"],
            "status": "NORMAL", "primaryZone": cluster["primaryZone"] or "RANDOM", "charset": "utf8mb4",
            "collation": "utf8mb4_general_ci", "description": "system tenant", "whitelist": "%", "locked": False,
            "readonly": False, "createTime": cluster.get("createTime") or _iso(time.time()),
            "zones": [{"name": zone["name"], "replicaType": "FULL", "unitCount": 1, "cpu": 1.0, "memory": 4,
                       "spec": "sys_unit_config"} for zone in cluster["zones"]]}


def _next_id(data, kind):
    data["next_ids"][kind] += 1
    return data["next_ids"][kind] - 1


# --- authentication

def _authenticate(request, body, credentials):
    scheme, value = (request.headers.get("authorization", "").strip().split(" ", 1) + [""])[:2]
    if scheme.lower() == "basic":
        try:
            user, password = base64.b64decode(value, validate=True).decode("utf-8").split(":", 1)
        except (binascii.Error, UnicodeDecodeError, ValueError):
            raise unauthenticated("malformed Basic credentials") from None
        if not (hmac.compare_digest(user, credentials["ocp_username"])
                and hmac.compare_digest(password, credentials["ocp_password"])):
            raise unauthenticated("bad username or password")
    elif scheme == SIGNATURE:
        _verify_signature(request, body, value.strip(), credentials)
    else:
        raise unauthenticated("no Basic or %s authorization" % SIGNATURE)


def _verify_signature(request, body, value, credentials):
    access_key, found, signature = value.partition(":")
    if not found or "x-ocp-origin" not in request.headers:
        raise unauthenticated("the authorization must be '%s AK:signature', with an x-ocp-origin header" % SIGNATURE)
    try:
        signed_at = email.utils.parsedate_to_datetime(request.headers.get("date", ""))
    except (TypeError, ValueError):
        raise unauthenticated("no valid RFC 1123 Date header") from None
    if signed_at.tzinfo is None:
        signed_at = signed_at.replace(tzinfo=datetime.timezone.utc)
    if abs(time.time() - signed_at.timestamp()) > MAX_CLOCK_SKEW:
        raise unauthenticated("the Date is more than %d minutes off the server's clock" % (MAX_CLOCK_SKEW // 60))
    if not hmac.compare_digest(access_key, credentials["ocp_access_key_id"]):
        raise unauthenticated("unknown access key")
    digest = hmac.new(credentials["ocp_access_key_secret"].encode(), string_to_sign(request, body).encode(), hashlib.sha1)
    if not hmac.compare_digest(base64.b64encode(digest.digest()).decode(), signature):
        raise unauthenticated("signature mismatch")


def string_to_sign(request, body):
    """METHOD, MD5 of the body, Content-Type, Date, Host, x-ocp-origin:<v>, path?query (keys sorted), one a line."""
    path = request.scope["path"]
    pairs = sorted(parse_qsl(request.scope["query_string"].decode("latin-1"), keep_blank_values=True))
    if pairs:
        path += "?" + "&".join("%s=%s" % (quote(key, safe=""), quote(value, safe="")) for key, value in pairs)
    headers = request.headers
    md5 = hashlib.md5(body, usedforsecurity=False).hexdigest().upper() if body else ""
    return "\n".join((request.method, md5, headers.get("content-type", ""), headers.get("date", ""),
                      headers.get("host", ""), "x-ocp-origin:" + headers["x-ocp-origin"], path))


# --- tasks: subtasks keep their timing in "_" keys, which views leave out

def _new_task(data, name, kind, cluster, steps, tenant=None):
    """A RUNNING task of `steps`, (name, description, upstream positions, parallelIdx) each, started now;
    a task of a tenant names it."""
    now = time.time()
    ids = [_next_id(data, "subtask") for step in steps]
    subtasks = [{"id": ids[number], "seriesId": number + 1, "name": step, "description": description,
                 "className": "com.oceanbase.ocp.ob.%s.task.%s" % (
                     "tenant" if tenant else "cluster", step.title().replace(" ", "")), "timeout": 1800,
                 "status": "PENDING", "operation": "EXECUTE", "runTime": 0, "nodeType": "JAVA_TASK",
                 "parallelIdx": parallel, "upstreams": [ids[up] for up in ups], "downstreams": [],
                 "prohibitRollback": False, "createTime": _iso(now), "startTime": None, "finishTime": None, "_log": []}
                for number, (step, description, ups, parallel) in enumerate(steps)]
    for subtask in subtasks:
        for up in subtask["upstreams"]:
            subtasks[ids.index(up)]["downstreams"].append(subtask["id"])
    task = {"id": _next_id(data, "task"), "name": name, "taskDefinitionId": 11 + list(STEPS).index(kind),
            "cluster": {key: cluster[key] for key in ("id", "name", "obClusterId", "type")}, "clusterId": cluster["id"],
            "tenant": tenant and {"id": tenant["id"], "name": tenant["name"]}, "tenantId": tenant and tenant["id"],
            "creator": CREATOR, "status": "RUNNING", "type": "MANUAL", "operation": "EXECUTE",
            "prohibitRollback": False, "createTime": _iso(now), "startTime": _iso(now), "finishTime": None,
            "subtasks": subtasks, "_kind": kind, "_since": now, "_hold": None}
    data["tasks"].append(task)
    _apply_holds(data, task)
    _advance_task(data, task, now)
    return task


def _advance(data, now):
    for task in data["tasks"]:
        if task["status"] == "RUNNING":
            _advance_task(data, task, now)


def _advance_task(data, task, now):
    """Replay the task up to `now`: finish subtasks in the order they end, start those whose upstreams all succeeded
    (but not the subtask the task is held before)."""
    by_id = {subtask["id"]: subtask for subtask in task["subtasks"]}
    while True:
        failed = any(subtask["status"] == "FAILED" for subtask in task["subtasks"])
        if not failed:  # a failure stops new starts
            for subtask in task["subtasks"]:
                ups = [by_id[up] for up in subtask["upstreams"]]
                if (subtask["status"] == "PENDING" and subtask["name"] != task.get("_hold")
                        and all(up["status"] == "SUCCESSFUL" for up in ups)):
                    _start(data, subtask, max([task["_since"]] + [up["_end"] for up in ups]))
        running = [subtask for subtask in task["subtasks"] if subtask["status"] == "RUNNING"]
        if not running or min(subtask["_end"] for subtask in running) > now:
            break
        _finish(min(running, key=itemgetter("_end")))
    if running or (not failed and any(subtask["status"] == "PENDING" for subtask in task["subtasks"])):
        return  # still running, or stopped at its hold
    task["finishTime"] = _iso(max(subtask.get("_end", 0) for subtask in task["subtasks"]))
    if failed:
        task["status"] = "FAILED"
        return
    task["status"] = "SUCCESSFUL"
    ON_SUCCESS[task["_kind"]](data, task)


def _cluster_created(data, task):
    cluster = _find_cluster(data, task["clusterId"])
    cluster["status"] = "RUNNING"
    data.setdefault("tenants", []).append(sys_tenant(cluster, _next_id(data, "tenant")))


def _cluster_deleted(data, task):
    data["clusters"].remove(_find_cluster(data, task["clusterId"]))
    data["tenants"] = [tenant for tenant in data.get("tenants", []) if tenant["clusterId"] != task["clusterId"]]


# What a task's success does, by kind (ocp_tenants adds the tenants' kinds).
ON_SUCCESS = {"create": _cluster_created, "delete": _cluster_deleted}


def _hold_matches(hold, task):
    return (hold["cluster"] in (None, task["cluster"]["name"]) and hold["kind"] in (None, task["_kind"])
            and hold.get("tenant") in (None, (task["tenant"] or {}).get("name")))


def _apply_holds(data, task):
    """Hold a task that has not started yet the subtask of the first hold rule that matches it."""
    for hold in data.get("holds", []):
        if _hold_matches(hold, task):
            subtask = hold["subtask"] or task["subtasks"][-1]["name"]
            if any(s["name"] == subtask and s["status"] == "PENDING" for s in task["subtasks"]):
                task["_hold"] = subtask
                return


def _release(data, task, now):
    """Let a held task, brought up to `now` already, go on from where it is: what it waited for starts now."""
    task["_hold"] = None
    if task["status"] == "RUNNING":
        task["_since"] = now
        _advance_task(data, task, now)


def _start(data, subtask, at):
    failures, name = data["failures"], subtask["name"]
    fail = failures.get(name, 0) > 0
    if fail:
        failures[name] -= 1
        if not failures[name]:
            del failures[name]
    subtask.update(status="RUNNING", startTime=_iso(at), finishTime=None, runTime=subtask["runTime"] + 1,
                   _end=at + data["subtask_seconds"], _fail=fail)
    _log(subtask, at, "INFO", "Start subtask %d '%s', operation %s, run %d"
         % (subtask["id"], name, subtask["operation"], subtask["runTime"]))
    _log(subtask, at, "INFO", subtask["description"])


def _finish(subtask):
    at = subtask["_end"]
    subtask.update(status="FAILED" if subtask["_fail"] else "SUCCESSFUL", finishTime=_iso(at))
    if subtask["_fail"]:
        _log(subtask, at, "ERROR", "Subtask '%s' failed: failure injected by the emulator (POST %s/%s/fail)"
             % (subtask["name"], CONTROL_PREFIX, NAME))
    else:
        _log(subtask, at, "INFO", "Subtask '%s' succeeded" % subtask["name"])


def _log(subtask, at, level, text):
    stamp = datetime.datetime.fromtimestamp(at).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]
    subtask["_log"].append("%s %-5s %s" % (stamp, level, text))


def _public(record):
    return {key: value for key, value in record.items() if not key.startswith("_")}


def _task_view(task, full=True):
    view = _public(task)
    if full:
        view["subtasks"] = view["tasks"] = [_public(subtask) for subtask in task["subtasks"]]
    else:
        del view["subtasks"]
    return view


def _find_task(data, task_id):
    task = next((task for task in data["tasks"] if task["id"] == _int_id(task_id, "taskInstanceId")), None)
    if task is None:
        raise Failure(404, TASK_NOT_EXISTS, "The %s task does not exist." % task_id)
    return task


def get_task(data, params, task_id):
    return _task_view(_find_task(data, task_id))


def list_tasks(data, params):
    tasks = data["tasks"]
    if params.get("clusterId"):
        cluster_id = _int_id(params["clusterId"], "clusterId")
        tasks = [task for task in tasks if task["clusterId"] == cluster_id]
    if params.get("tenantId"):
        tenant_id = _int_id(params["tenantId"], "tenantId")
        tasks = [task for task in tasks if task.get("tenantId") == tenant_id]
    keyword = (params.get("name") or "").lower()
    statuses = _statuses(params)
    tasks = [task for task in tasks if keyword in task["name"].lower() and (not statuses or task["status"] in statuses)]
    tasks = _sorted(sorted(tasks, key=itemgetter("id"), reverse=True), params, ("id", "name", "status", "createTime"))
    return _page([_task_view(task, full=False) for task in tasks], params)


def get_subtask_log(data, params, task_id, subtask_id):
    subtask_id = _int_id(subtask_id, "subtaskInstanceId")
    subtask = next((sub for sub in _find_task(data, task_id)["subtasks"] if sub["id"] == subtask_id), None)
    if subtask is None:
        raise not_found("subtask", "subtaskInstanceId")
    return {"log": "\n".join(subtask["_log"])}


def retry_task(data, params, task_id):
    task = _find_task(data, task_id)
    if task["status"] != "FAILED":
        raise Failure(409, TASK_STATE_INVALID, "This operation is not supported for the %d task in the %s state."
                      % (task["id"], task["status"]))
    now = time.time()
    for subtask in task["subtasks"]:
        if subtask["status"] == "FAILED":
            subtask.update(status="PENDING", operation="RETRY")
    task.update(status="RUNNING", operation="RETRY", finishTime=None, _since=now)
    _apply_holds(data, task)
    _advance_task(data, task, now)
    return _task_view(task)


# --- hosts and clusters

def _int_id(text, name):
    if not re.fullmatch(r"\d{1,18}", str(text)):
        raise invalid(name)
    return int(text)


def _find_host(data, host_id):
    return next((host for host in data["hosts"] if host["id"] == host_id), None)


def _find_cluster(data, cluster_id):
    return next((cluster for cluster in data["clusters"] if cluster["id"] == cluster_id), None)


def _used_hosts(data):
    """{host id: the name of the cluster that uses it}"""
    return {server["hostId"]: cluster["name"] for cluster in data["clusters"] for zone in cluster["zones"]
            for server in zone["servers"]}


def _host_view(data, host):
    return dict(host, serviceType=["OB_CLUSTER"] if host["id"] in _used_hosts(data) else [])


def list_hosts(data, params):
    keyword = (params.get("keyword") or "").lower()
    statuses = _statuses(params)
    hosts = [host for host in data["hosts"] if (keyword in host["innerIpAddress"] or keyword in host["alias"].lower())
             and (not statuses or host["status"] in statuses)]
    hosts = _sorted(hosts, params, ("id", "innerIpAddress", "alias", "status"))
    return _page([_host_view(data, host) for host in hosts], params)


def get_host(data, params, host_id):
    host = _find_host(data, _int_id(host_id, "hostId"))
    if host is None:
        raise not_found("host", "hostId")
    return _host_view(data, host)


def _cluster_view(data, cluster):
    view = dict(cluster, zones=[])
    server_status = cluster["status"] if cluster["status"] in ("CREATING", "DELETING") else "RUNNING"
    for zone in cluster["zones"]:
        servers = [{"id": server["id"], "hostId": server["hostId"], "ip": _find_host(data, server["hostId"])["innerIpAddress"],
                    "port": 2882, "sqlPort": 2881, "status": server_status} for server in zone["servers"]]
        view["zones"].append(dict(zone, servers=servers))
    return view


def list_clusters(data, params):
    keyword = (params.get("name") or "").lower()
    statuses = _statuses(params)
    clusters = [cluster for cluster in data["clusters"] if keyword in cluster["name"].lower()
                and (not statuses or cluster["status"] in statuses)]
    clusters = _sorted(clusters, params, ("id", "name", "obClusterId", "type", "status", "createTime"))
    return _page([_cluster_view(data, cluster) for cluster in clusters], params)


def get_cluster(data, params, cluster_id):
    cluster = _find_cluster(data, _int_id(cluster_id, "id"))
    if cluster is None:
        raise not_found("cluster", "id")
    return _cluster_view(data, cluster)


class _Checker:
    """Collects the field errors of a request body (OCP answers all of them at once)."""

    def __init__(self, name="createClusterParam"):
        self.name = name
        self.errors = []

    def check(self, ok, field, value, message):
        if not ok:
            self.errors.append({"object": self.name, "field": field, "rejectedValue": value, "message": message})
        return ok

    def text(self, body, key, pattern=None, required=True, field=None):
        """body[key], checked to be a non-empty string that matches `pattern`; errors name `field` (else key)."""
        value, field = body.get(key), field or key
        if value is None and not required:
            return None
        if self.check(isinstance(value, str) and value.strip(), field, value, "must not be empty"):
            self.check(pattern is None or pattern.match(value), field, value, "must match %s" % (pattern and pattern.pattern))
        return value


def _check_create(data, body):
    """The cluster a valid create body describes (without id), or Failure 400 with every field error."""
    checker = _Checker()
    name = checker.text(body, "name", CLUSTER_NAME)
    rpm_name = checker.text(body, "rpmName", RPM_NAME)
    checker.text(body, "password")
    cluster_type = body.get("type")
    checker.check(cluster_type in ("PRIMARY", "STANDBY"), "type", cluster_type, "must be PRIMARY or STANDBY")
    full_version = checker.text(body, "fullVersion", FULL_VERSION, required=False)
    ob_cluster_id = body.get("obClusterId")
    if ob_cluster_id is not None:
        checker.check(isinstance(ob_cluster_id, int) and not isinstance(ob_cluster_id, bool)
                      and 1 <= ob_cluster_id <= 4294967295, "obClusterId", ob_cluster_id, "must be an integer from 1 to 4294967295")
    zones = _check_zones(data, body.get("zones"), checker)
    primary_zone = body.get("primaryZone") or ""
    if checker.check(isinstance(primary_zone, str), "primaryZone", primary_zone, "must be a string"):
        for zone in filter(None, re.split(r"[,;]", primary_zone)):
            checker.check(zone in [z["name"] for z in zones], "primaryZone", primary_zone, "zone %s is not a zone of the cluster" % zone)
    parameters = body.get("startupParameters") or []
    if checker.check(isinstance(parameters, list), "startupParameters", parameters, "must be a list"):
        for number, parameter in enumerate(parameters):
            checker.check(isinstance(parameter, dict) and isinstance(parameter.get("name"), str) and parameter["name"]
                          and isinstance(parameter.get("value"), (str, int, float)), "startupParameters[%d]" % number,
                          parameter, "must be {name, value}")
    if checker.errors:
        raise invalid(", ".join(dict.fromkeys(error["field"] for error in checker.errors)), checker.errors)
    version = RPM_NAME.match(rpm_name)
    return {"name": name, "obClusterId": ob_cluster_id or max([c["obClusterId"] for c in data["clusters"]] + [0]) + 1,
            "type": cluster_type, "status": "CREATING", "obVersion": version.group(1),
            "fullVersion": full_version or "%s-%s" % version.groups(), "rpmName": rpm_name, "primaryZone": primary_zone,
            "zones": zones, "parameters": [{"name": p["name"], "value": str(p["value"])} for p in parameters]}


def _check_zones(data, zones, checker):
    """The zones with their servers [{hostId}], checked into `checker`."""
    if not checker.check(isinstance(zones, list) and zones, "zones", zones, "must be a non-empty list"):
        return []
    used, taken, result = _used_hosts(data), set(), []
    for number, zone in enumerate(zones):
        field = "zones[%d]" % number
        if not checker.check(isinstance(zone, dict), field, zone, "must be {name, idcName, servers}"):
            continue
        zone_name = checker.text(zone, "name", ZONE_NAME, field=field + ".name")
        checker.check(zone_name not in [z["name"] for z in result], field + ".name", zone_name, "zone names must be unique")
        idc = zone.get("idcName")
        checker.check(idc in IDCS, field + ".idcName", idc, "unknown IDC, known: %s" % ", ".join(IDCS))
        servers = zone.get("servers")
        if not checker.check(isinstance(servers, list) and servers and all(isinstance(s, int) and not isinstance(s, bool)
                             for s in servers), field + ".servers", servers, "must be a non-empty list of host ids"):
            continue
        for host_id in servers:
            problem = _host_problem(_find_host(data, host_id), host_id, idc, used, taken)
            checker.check(problem is None, field + ".servers", host_id, problem)
            taken.add(host_id)
        result.append({"name": zone_name, "idcName": idc, "servers": [{"hostId": host_id} for host_id in servers]})
    return result


def _host_problem(host, host_id, idc, used, taken):
    """Why the host cannot serve in a new zone of IDC `idc`, or None."""
    if host is None:
        return "host %d does not exist" % host_id
    if host["status"] != "ONLINE":
        return "host %d is %s, not ONLINE" % (host_id, host["status"])
    if idc in IDCS and host["idc"]["name"] != idc:  # an unknown IDC is an error of its own
        return "host %d is in IDC %s, not %s" % (host_id, host["idc"]["name"], idc)
    if host_id in used:
        return "host %d is used by OB cluster %s" % (host_id, used[host_id])
    if host_id in taken:
        return "host %d is given twice" % host_id
    return None


def create_cluster(data, body):
    cluster = _check_create(data, body)
    if any(other["name"] == cluster["name"] for other in data["clusters"]):
        raise Failure(409, DUPLICATE_NAME, "OB cluster %s already exists." % cluster["name"])
    cluster = dict(id=_next_id(data, "cluster"), **cluster, createTime=_iso(time.time()))
    for zone in cluster["zones"]:
        for server in zone["servers"]:
            server["id"] = _next_id(data, "server")
    data["clusters"].append(cluster)
    steps = [(step, step, [number - 1] if number else [], -1) for number, step in enumerate(CREATE_STEPS)]
    return _task_view(_new_task(data, "Create %s OB cluster" % cluster["type"].lower(), "create", cluster, steps))


def delete_cluster(data, params, cluster_id):
    cluster = _find_cluster(data, _int_id(cluster_id, "id"))
    if cluster is None:
        raise not_found("cluster", "id")
    if cluster["status"] in ("CREATING", "DELETING"):
        raise Failure(409, OPS_NOT_ALLOWED, "Operation not allowed in cluster %s." % cluster["name"],
                      debug_message="the cluster is %s" % cluster["status"])
    cluster["status"] = "DELETING"
    ips = [_find_host(data, server["hostId"])["innerIpAddress"] for zone in cluster["zones"] for server in zone["servers"]]
    cleans = [(DELETE_STEPS[1], "%s on %s" % (DELETE_STEPS[1], ip), [0], number) for number, ip in enumerate(ips)]
    steps = [(DELETE_STEPS[0], DELETE_STEPS[0], [], -1)] + cleans + [
        (DELETE_STEPS[2], DELETE_STEPS[2], list(range(1, len(ips) + 1)), -1),
        (DELETE_STEPS[3], DELETE_STEPS[3], [len(ips) + 1], -1)]
    return _task_view(_new_task(data, "Delete %s OB cluster" % cluster["type"].lower(), "delete", cluster, steps))


# --- query parameters

def _statuses(params):
    return {status for value in params.getlist("status") for status in value.split(",") if status}


def _int_param(params, key, default, high):
    value = params.get(key)
    if value is None or value == "":
        return default
    if not re.fullmatch(r"\d{1,10}", value) or not 1 <= int(value) <= high:
        raise invalid(key)
    return int(value)


def _sorted(records, params, keys):
    """`sort` is "field" or "field,asc|desc", repeatable; the first one sorts first."""
    for spec in reversed(params.getlist("sort")):
        field, direction = (spec.split(",", 1) + ["asc"])[:2]
        if field not in keys or direction.lower() not in ("asc", "desc"):
            raise invalid("sort")
        records = sorted(records, key=itemgetter(field), reverse=direction.lower() == "desc")
    return records


def _page(records, params):
    number = _int_param(params, "page", 1, 2 ** 31 - 1)
    size = _int_param(params, "size", 10, MAX_PAGE_SIZE)
    return {"contents": records[(number - 1) * size:number * size],
            "page": {"totalElements": len(records), "totalPages": math.ceil(len(records) / size), "number": number,
                     "size": size}}


# --- routes

async def _serve(request, handler, *args, json_body=False):
    """Authenticate, bring the tasks up to now, run handler(data, params, *args) and answer in OCP's envelope."""
    started = time.time()
    emulator = current(request)
    request.state.request_id = secrets.token_hex(8)
    data = emulator.store.data[NAME]
    body = await request.body()
    try:
        _authenticate(request, body, emulator.store.credentials[NAME])
        _advance(data, started)
        params = request.query_params
        if json_body:
            try:
                params = json.loads(body or b"null")
            except ValueError:
                params = None
            if not isinstance(params, list if json_body == "list" else dict):
                raise invalid("body")
        status, result = 200, {"data": handler(data, params, *args), "successful": True}
    except Failure as failure:
        status, result = failure.status, {"successful": False, "error": failure.error}
    result.update(timestamp=_iso(time.time()), duration=int((time.time() - started) * 1000), status=status,
                  traceId=request.state.request_id, server=request.scope["server"][0])
    return JSONResponse(result, status)


router = APIRouter()


@router.get("/api/status", response_class=PlainTextResponse)
async def get_status():
    return "okay"


@router.get(API + "/time", response_class=PlainTextResponse)
async def get_time():
    return _iso(time.time())


@router.get(HOSTS)
async def list_hosts_route(request: Request):
    return await _serve(request, list_hosts)


@router.get(HOSTS + "/{host_id}")
async def get_host_route(request: Request, host_id: str):
    return await _serve(request, get_host, host_id)


@router.get(CLUSTERS)
async def list_clusters_route(request: Request):
    return await _serve(request, list_clusters)


@router.post(CLUSTERS)
async def create_cluster_route(request: Request):
    return await _serve(request, create_cluster, json_body=True)


@router.get(CLUSTERS + "/{cluster_id}")
async def get_cluster_route(request: Request, cluster_id: str):
    return await _serve(request, get_cluster, cluster_id)


@router.delete(CLUSTERS + "/{cluster_id}")
async def delete_cluster_route(request: Request, cluster_id: str):
    return await _serve(request, delete_cluster, cluster_id)


@router.get(TASKS)
async def list_tasks_route(request: Request):
    return await _serve(request, list_tasks)


@router.get(TASKS + "/{task_id}")
async def get_task_route(request: Request, task_id: str):
    return await _serve(request, get_task, task_id)


@router.post(TASKS + "/{task_id}/retry")
async def retry_task_route(request: Request, task_id: str):
    return await _serve(request, retry_task, task_id)


@router.get(TASKS + "/{task_id}/subtasks/{subtask_id}/log")
async def get_subtask_log_route(request: Request, task_id: str, subtask_id: str):
    return await _serve(request, get_subtask_log, task_id, subtask_id)


# (method, path with * for an id) -> (operation, mutating)
OPERATIONS = {
    ("GET", "/api/status"): ("get_status", False),
    ("GET", API + "/time"): ("get_time", False),
    ("GET", HOSTS): ("list_hosts", False),
    ("GET", HOSTS + "/*"): ("get_host", False),
    ("GET", CLUSTERS): ("list_clusters", False),
    ("POST", CLUSTERS): ("create_cluster", True),
    ("GET", CLUSTERS + "/*"): ("get_cluster", False),
    ("DELETE", CLUSTERS + "/*"): ("delete_cluster", True),
    ("GET", TASKS): ("list_tasks", False),
    ("GET", TASKS + "/*"): ("get_task", False),
    ("POST", TASKS + "/*/retry"): ("retry_task", True),
    ("GET", TASKS + "/*/subtasks/*/log"): ("get_subtask_log", False),
}


def operation(method, path):
    pattern = re.sub(r"^(%s|%s|%s)/[^/]+" % (HOSTS, CLUSTERS, TASKS), r"\1/*", path.rstrip("/"))
    pattern = re.sub(r"/subtasks/[^/]+/log$", "/subtasks/*/log", pattern)
    pattern = re.sub(r"/tenants/\d+", "/tenants/*", pattern)
    found = OPERATIONS.get((method, pattern))
    return Operation(NAME, "%s.%s" % (NAME, found[0]), found[1]) if found else None


# --- test hooks

class Speed(BaseModel):
    subtask_seconds: float = Field(ge=0, le=3600)


class InjectedFailure(BaseModel):
    subtask: str
    count: int = Field(1, ge=1)


class Hold(BaseModel):
    cluster: str | None = None
    tenant: str | None = None
    kind: Literal["create", "delete", "create_tenant", "modify_tenant"] | None = None
    subtask: str | None = None


class Release(BaseModel):
    task_id: int | None = None


hooks = APIRouter(prefix=CONTROL_PREFIX + "/" + NAME)


@hooks.post("/speed")
async def set_speed(request: Request, body: Speed):
    """How long each subtask that starts from now on runs (a reset restores SUBTASK_SECONDS)."""
    emulator = current(request)
    data = emulator.store.data[NAME]
    _advance(data, time.time())  # what ran so far ran at the old speed
    data["subtask_seconds"] = body.subtask_seconds
    emulator.store.save()
    return {"subtask_seconds": body.subtask_seconds}


@hooks.post("/fail")
async def inject_failure(request: Request, body: InjectedFailure):
    """The next `count` subtasks named `subtask` to start fail (a reset clears this)."""
    known = {step for steps in STEPS.values() for step in steps}
    if body.subtask not in known:
        raise HTTPException(400, "no subtask is named %r; known: %s" % (body.subtask, ", ".join(sorted(known))))
    emulator = current(request)
    data = emulator.store.data[NAME]
    _advance(data, time.time())  # subtasks that started already are not affected
    data["failures"][body.subtask] = data["failures"].get(body.subtask, 0) + body.count
    emulator.store.save()
    return {"failures": data["failures"]}


def _holds_view(data):
    held = [dict({"task_id": task["id"], "cluster": task["cluster"]["name"], "kind": task["_kind"],
                  "subtask": task["_hold"], "status": task["status"],
                  "stopped": task["status"] == "RUNNING" and not any(s["status"] == "RUNNING" for s in task["subtasks"])},
                 **({"tenant": task["tenant"]["name"]} if task["tenant"] else {}))
            for task in data["tasks"] if task.get("_hold")]
    return {"holds": data.get("holds", []), "held": held}


@hooks.post("/hold")
async def hold(request: Request, body: Hold | None = None):
    """Tasks that match stop before a subtask until released (see the module's docstring)."""
    body = body or Hold()
    steps = STEPS[body.kind] if body.kind else sum(STEPS.values(), ())
    if body.subtask is not None and body.subtask not in steps:
        raise HTTPException(400, "no %s subtask is named %r; known: %s" % (body.kind or "", body.subtask,
                                                                           ", ".join(sorted(set(steps)))))
    emulator = current(request)
    data = emulator.store.data[NAME]
    now = time.time()
    _advance(data, now)  # what ran so far was not held
    rule = body.model_dump()
    if rule["tenant"] is None:  # a cluster's rule reads as it did before tenants
        del rule["tenant"]
    data.setdefault("holds", []).append(rule)
    for task in data["tasks"]:
        if task["status"] == "RUNNING" and not task.get("_hold"):
            _apply_holds(data, task)
    emulator.store.save()
    return _holds_view(data)


@hooks.get("/holds")
async def list_holds(request: Request):
    data = current(request).store.data[NAME]
    _advance(data, time.time())
    return _holds_view(data)


@hooks.post("/release")
async def release(request: Request, body: Release | None = None):
    """Let one held task (`task_id`), or all of them and drop every hold rule, go on from where they are."""
    emulator = current(request)
    data = emulator.store.data[NAME]
    now = time.time()
    _advance(data, now)
    if body is not None and body.task_id is not None:
        tasks = [_task_or_404(data, body.task_id)]
    else:
        data["holds"] = []
        tasks = data["tasks"]
    released = []
    for task in tasks:
        if task.get("_hold"):
            _release(data, task, now)
            released.append(task["id"])
    emulator.store.save()
    return {"released": released}


def _task_or_404(data, task_id):
    task = next((task for task in data["tasks"] if task["id"] == task_id), None)
    if task is None:
        raise HTTPException(404, "no task %d" % task_id)
    return task


router.include_router(hooks)

# The tenants' routes and task kinds, which build on what is above.
from . import ocp_tenants  # noqa: E402,F401 pylint: disable=wrong-import-position,unused-import,cyclic-import

PLATFORM = Platform(name=NAME, router=router, seed=seed, operation=operation, new_credentials=new_credentials,
                    connection_vars=connection_vars)

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""OceanBase Cloud Platform dialect (Basic auth, HMAC-SHA1 signing), task waiting, and the OB cluster."""

from __future__ import annotations

import base64
import email.utils
import hashlib
import hmac
import ipaddress
import json
import math
import time
from urllib.parse import quote, urlsplit

from ansible_collections.clusterops.platforms.plugins.module_utils._arguments import env_fallback
from ansible_collections.clusterops.platforms.plugins.module_utils._client import (
    ApiError, connect, header_problem, transport_spec,
)
from ansible_collections.clusterops.platforms.plugins.module_utils._resource import Resource, UserError

PLATFORM = "OCP"
ORIGIN = "clusterops.platforms"
PAGE_SIZE = 500
DONE, FAILED = "SUCCESSFUL", "FAILED"

OCP_SPEC = dict(
    ocp_url=dict(type="str", required=True, fallback=(env_fallback, ["OCP_URL"])),
    ocp_username=dict(type="str", fallback=(env_fallback, ["OCP_USERNAME"])),
    ocp_password=dict(type="str", no_log=True, fallback=(env_fallback, ["OCP_PASSWORD"])),
    ocp_access_key_id=dict(type="str", no_log=False, fallback=(env_fallback, ["OCP_ACCESS_KEY_ID"])),
    ocp_access_key_secret=dict(type="str", no_log=True, fallback=(env_fallback, ["OCP_ACCESS_KEY_SECRET"])),
    **transport_spec("OCP"),
)
OCP_REQUIRED_ONE_OF = [("ocp_username", "ocp_access_key_id")]
OCP_REQUIRED_TOGETHER = [("ocp_username", "ocp_password"), ("ocp_access_key_id", "ocp_access_key_secret")]
WAIT_SPEC = dict(
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=3600),
    wait_interval=dict(type="float", default=10.0),
)
MAX_WAIT_TIMEOUT = 7 * 86400  # seconds
MAX_WAIT_INTERVAL = 3600


def sign(method, path_with_query, body, content_type, date, host, secret):
    """The OCP-ACCESS-KEY-HMACSHA1 signature of one request."""
    md5 = hashlib.md5(body).hexdigest().upper() if body else ""
    to_sign = "\n".join([method, md5, content_type, date, host, "x-ocp-origin:" + ORIGIN, path_with_query])
    return base64.b64encode(hmac.new(secret.encode(), to_sign.encode(), hashlib.sha1).digest()).decode()


class TaskError(ApiError):
    """An OCP task that failed or did not end in time; carries the task's summary."""

    def __init__(self, message, task):
        self.task = task
        super().__init__(PLATFORM, "ocp.wait_task", message)

    def as_dict(self):
        return dict(super().as_dict(), task=self.task)


def task_summary(task):
    subtasks = task.get("subtasks") or task.get("tasks") or []
    return dict(id=task.get("id"), name=task.get("name"), status=task.get("status"),
                subtasks_done=sum(s.get("status") == DONE for s in subtasks), subtasks_total=len(subtasks),
                failed_subtasks=[s.get("name") for s in subtasks if s.get("status") == FAILED])


def wait_problem(params):
    """Why wait_timeout or wait_interval (when the module has them) cannot be waited with."""
    if "wait_timeout" in params and not 0 <= params["wait_timeout"] <= MAX_WAIT_TIMEOUT:
        return "wait_timeout must be between 0 and %d seconds, got %d" % (MAX_WAIT_TIMEOUT, params["wait_timeout"])
    interval = params.get("wait_interval", 1.0)
    if not (math.isfinite(interval) and 0 < interval <= MAX_WAIT_INTERVAL):
        return ("wait_interval must be a number of seconds greater than 0 and at most %d, got %s"
                % (MAX_WAIT_INTERVAL, interval))
    return None


class Ocp:
    """Calls the OCP API; every answer is the `data` of OCP's envelope, or an ApiError."""

    def __init__(self, module):
        params = self.params = module.params
        problem = header_problem(params, ("ocp_access_key_id",)) or wait_problem(params)
        if problem:
            module.fail_json(msg=problem)
        self._hosts = None  # inner IP address -> host id, read when first needed
        self.client = connect(module, PLATFORM, params["ocp_url"],
                              secrets=[params["ocp_password"], params["ocp_access_key_secret"]])

    def call(self, method, path, operation, safe, query=None, body=None):
        data = json.dumps(body).encode() if body is not None else None
        if query:
            path += "?" + "&".join("%s=%s" % (quote(str(k), safe=""), quote(str(v), safe=""))
                                   for k, v in sorted(query.items()))
        headers = {"Content-Type": "application/json"}
        auth = None
        if self.params["ocp_access_key_id"]:
            date = email.utils.formatdate(usegmt=True)
            host = urlsplit(self.client.base_url).netloc
            signature = sign(method, urlsplit(self.client.base_url).path.rstrip("/") + path, data,
                             headers["Content-Type"], date, host, self.params["ocp_access_key_secret"])
            headers.update({"Date": date, "x-ocp-origin": ORIGIN,
                            "Authorization": "OCP-ACCESS-KEY-HMACSHA1 %s:%s" % (self.params["ocp_access_key_id"],
                                                                                signature)})
        else:
            # RFC 7617's only charset, and what OCP (Spring Security) decodes Basic credentials with.
            auth = (self.params["ocp_username"].encode(), self.params["ocp_password"].encode())
        response = self.client.request(method, path, operation, safe, data=data, headers=headers, auth=auth)
        try:
            envelope = response.json()
        except ValueError:
            envelope = None
        if not response.ok or not isinstance(envelope, dict) or not envelope.get("successful"):
            envelope = envelope if isinstance(envelope, dict) else {}
            error = envelope.get("error") if isinstance(envelope.get("error"), dict) else {}
            message = error.get("message") or response.text[:200] or response.reason
            details = ["%s: %s" % (e.get("field") or e.get("object"), e.get("message")) for e in error.get("subErrors") or []]
            if details:
                message += " (%s)" % "; ".join(details)
            raise ApiError(PLATFORM, operation, self.client.scrub(message), status=response.status_code,
                           code=error.get("code"), request_id=envelope.get("traceId"))
        return envelope.get("data")

    def all_pages(self, path, operation, query=None):
        records, page = [], 1
        while True:
            data = self.call("GET", path, operation, True, dict(query or {}, page=page, size=PAGE_SIZE)) or {}
            records.extend(data.get("contents") or [])
            if page >= (data.get("page") or {}).get("totalPages", 0):
                return records
            page += 1

    def clusters(self, name=None):
        """Every cluster, or those named exactly `name` (the API's name filter is a keyword)."""
        found = self.all_pages("/api/v2/ob/clusters", "ocp.list_clusters", {"name": name} if name else None)
        return [c for c in found if name is None or c.get("name") == name]

    def cluster(self, cluster_id):
        return self.call("GET", "/api/v2/ob/clusters/%d" % cluster_id, "ocp.get_cluster", True)

    def task(self, task_id):
        return self.call("GET", "/api/v2/tasks/instances/%d" % task_id, "ocp.get_task", True)

    def latest_task(self, query):
        """The newest task of a cluster ({"clusterId": id}) or a tenant ({"tenantId": id}), with its subtasks
        (the list shows tasks without them)."""
        tasks = self.all_pages("/api/v2/tasks/instances", "ocp.list_tasks", query)
        return self.task(max(t["id"] for t in tasks)) if tasks else None

    def wait(self, task, timeout, interval):
        """Poll `task` until it ends; a failure or a timeout raises TaskError with its progress."""
        deadline = time.monotonic() + timeout
        while task.get("status") not in (DONE, FAILED):
            if time.monotonic() >= deadline:
                summary = task_summary(task)
                raise TaskError("task %s %r did not end within %ss (%d of %d subtasks done); what it works "
                                "on is left as it is: run the task again to wait for it"
                                % (summary["id"], summary["name"], timeout, summary["subtasks_done"],
                                   summary["subtasks_total"]), summary)
            time.sleep(interval)
            task = self.task(task["id"])
        if task["status"] == FAILED:
            raise self.failure(task)
        return task_summary(task)

    def failure(self, task):
        """TaskError naming the failed subtasks of `task`, with the last lines of their logs."""
        summary = task_summary(task)
        failed = [s for s in task.get("subtasks") or task.get("tasks") or [] if s.get("status") == FAILED]
        logs = []
        for subtask in failed:
            try:
                log = self.call("GET", "/api/v2/tasks/instances/%d/subtasks/%d/log" % (task["id"], subtask["id"]),
                                "ocp.get_subtask_log", True) or {}
            except ApiError:
                log = {}
            tail = (log.get("log") or "").strip().splitlines()[-5:]
            logs.append("%s%s" % (subtask.get("name"), (": " + " / ".join(tail)) if tail else ""))
        return TaskError("task %s %r failed at %s" % (task.get("id"), task.get("name"), "; ".join(logs) or "an unknown subtask"),
                         summary)

    def host_ids(self, servers, where):
        """Host ids for a list of host ids or inner IP addresses."""
        addresses = [s for s in servers if not str(s).isdigit()]
        if addresses and self._hosts is None:  # one listing serves every zone of the run
            self._hosts = {h.get("innerIpAddress"): h.get("id")
                           for h in self.all_pages("/api/v2/compute/hosts", "ocp.list_hosts")}
        known = self._hosts or {}
        ids = []
        for server in servers:
            if str(server).isdigit():
                ids.append(int(server))
            elif server in known:
                ids.append(known[server])
            else:
                raise UserError("%s: no OCP host has the address %r" % (where, server))
        return sorted(ids)


def _zones(zones):
    """Zones as they are compared: name, IDC and sorted host ids, sorted by name."""
    def host_id(server):
        return server.get("hostId", server.get("id")) if isinstance(server, dict) else server
    return sorted((dict(name=z.get("name"), idcName=z.get("idcName"),
                        servers=sorted(host_id(s) for s in z.get("servers") or []))
                   for z in zones or []), key=lambda z: z["name"] or "")


class TaskResource(Resource):
    """An OCP object some changes of which are OCP tasks: waits for them (unless `wait` is false),
    and resumes the running task of the object instead of starting another."""

    task_query = "clusterId"  # how the task list names the object's tasks

    def __init__(self, module, client):
        super().__init__(module, client)
        self.task = None

    def _wait(self, task):
        self.task = task_summary(task)
        if self.params["wait"]:
            try:
                self.task = self.client.wait(task, self.params["wait_timeout"], self.params["wait_interval"])
            except TaskError as exc:
                self.task = exc.task
                raise

    def _resume(self, current):
        task = self.client.latest_task({self.task_query: current["id"]})
        if task is None:
            raise UserError("%s %r is %s but OCP shows no task for it"
                            % (self.return_key, current["name"], current["status"]))
        self.task = task_summary(task)
        if task.get("status") == FAILED:
            raise self.client.failure(task)
        self._wait(task)

    def extra_results(self, obj):
        return {"task": self.task}


class ObCluster(TaskResource):
    """An OceanBase cluster in OCP, identified by name. Creating and deleting are OCP tasks."""

    return_key = "cluster"
    create_only = ("type", "rpmName", "zones", "primaryZone")
    write_only = ("password", "startupParameters")
    create_requires = (("rpm_name", "rpmName"), ("root_password", "password"), ("zones", "zones"))
    secret_keys = frozenset({"password"})

    def __init__(self, module, client):
        super().__init__(module, client)
        pending = ("DELETING",) if not self.params["wait"] else ("CREATING", "DELETING")
        # `status` stands for "created": any state but a pending one counts (without waiting,
        # a cluster still being created does too).
        self.normalizers = dict(zones=_zones, status=lambda v: v if v in pending else "RUNNING")

    def desired(self):
        params = self.params
        zones = []
        for index, zone in enumerate(params["zones"] or []):
            where = "zones[%d].servers" % index
            for server in zone["servers"]:
                if not str(server).isdigit():
                    try:
                        ipaddress.ip_address(server)
                    except ValueError:
                        raise UserError("%s: %r is neither an OCP host id nor an IP address" % (where, server))
            zones.append(dict(name=zone["name"], idcName=zone["idc_name"], servers=zone["servers"], where=where))
        if zones and params["primary_zone"] and params["primary_zone"] not in [z["name"] for z in zones]:
            raise UserError("primary_zone %r is not one of the zones" % params["primary_zone"])
        wanted = dict(name=params["name"], status="RUNNING")
        for option, key in (("type", "type"), ("rpm_name", "rpmName"), ("primary_zone", "primaryZone"),
                            ("root_password", "password")):
            if params[option] is not None:
                wanted[key] = params[option]
        for key, value in (params["parameters"] or {}).items():
            if isinstance(value, (dict, list)) or value is None:
                raise UserError("parameters.%s must be text, a number or a boolean" % key)
        if params["parameters"]:
            wanted["startupParameters"] = [dict(name=k, value=str(v)) for k, v in sorted(params["parameters"].items())]
        if zones:
            wanted["zones"] = [dict(name=z["name"], idcName=z["idcName"],
                                    servers=self.client.host_ids(z["servers"], z["where"])) for z in zones]
        return wanted

    def find(self):
        found = self.client.clusters(self.params["name"])
        return found[0] if found else None

    def create(self, desired):
        body = {k: v for k, v in desired.items() if k != "status"}
        body.setdefault("type", "PRIMARY")
        task = self.client.call("POST", "/api/v2/ob/clusters", "ocp.create_cluster", False, body=body)
        self._wait(task)
        return self.find()

    def update(self, current, changes):
        """Only `status` can differ here: the cluster is still being created; wait for that task."""
        if current.get("status") != "CREATING":
            raise UserError("cluster %r is %s; run the task again once OCP has finished that"
                            % (current.get("name"), current.get("status")))
        self._resume(current)

    def delete(self, current):
        if current.get("status") == "DELETING":
            self._resume(current)
            return
        task = self.client.call("DELETE", "/api/v2/ob/clusters/%d" % current["id"], "ocp.delete_cluster", False)
        self._wait(task)

    def predict(self, desired, current=None):
        if current is None:
            current = dict(id=None, status="CREATING" if not self.params["wait"] else "RUNNING")
        return dict(current, **desired)

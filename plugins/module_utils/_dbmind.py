# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""openGauss GaussMaster dialect: mutual TLS, the {success, data} envelope, and server-sent events."""

from __future__ import annotations

import codecs
import ipaddress
import json
import re
import time

from ansible_collections.clusterops.platforms.plugins.module_utils._arguments import env_fallback
from ansible_collections.clusterops.platforms.plugins.module_utils._client import (
    ApiError, connect, transport_spec,
)
from ansible_collections.clusterops.platforms.plugins.module_utils._http import TransportError
from ansible_collections.clusterops.platforms.plugins.module_utils._masking import MASK
from ansible_collections.clusterops.platforms.plugins.module_utils._resource import (
    Unconverged, UserError, fail, lost_write, write_verified,
)

PLATFORM = "GaussMaster"
# GaussMaster's parameter rules (GaussMaster/common/utils/checking.py): NAME, STRING, and the
# length of tb_managed_cluster.cluster_name (GaussMaster/common/metadatabase/schema/clusters.py).
SESSION_ID = re.compile(r"^[A-Za-z0-9_]{2,120}$")
MAX_TEXT = 10240
MAX_CLUSTER_NAME = 120
MAX_KEY_PASSWORD = 1024  # bytes: OpenSSL's limit for a key passphrase
IN_BAND_ERRORS = ("工具执行异常", "大模型服务异常", "运维知识库异常")

DBMIND_SPEC = dict(
    dbmind_url=dict(type="str", required=True, fallback=(env_fallback, ["DBMIND_URL"])),
    dbmind_client_cert=dict(type="path", required=True, fallback=(env_fallback, ["DBMIND_CLIENT_CERT"])),
    dbmind_client_key=dict(type="path", required=True, no_log=False, fallback=(env_fallback, ["DBMIND_CLIENT_KEY"])),
    dbmind_client_key_password=dict(type="str", no_log=True, fallback=(env_fallback, ["DBMIND_CLIENT_KEY_PASSWORD"])),
    **transport_spec("DBMIND"),
)
SESSION_SPEC = dict(user_id=dict(type="str"), session_id=dict(type="str"))


def check_session(params, required=False):
    """user_id and session_id: both or neither (unless required), each 2 to 120 letters, digits or '_'."""
    given = [k for k in ("user_id", "session_id") if params.get(k) is not None]
    if (required or given) and len(given) != 2:
        raise UserError("user_id and session_id are required together")
    for key in given:
        if not SESSION_ID.match(params[key]):
            raise UserError("%s must be 2 to 120 letters, digits or '_' (GaussMaster's rule), got %r" % (key, params[key]))


def refusal(response):
    """What a GaussMaster answer that is not a success says: its `msg`, FastAPI's 422 `detail` list
    (each error as loc: msg (type)), or a JSON string GaussMaster answers instead of a stream."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and isinstance(body.get("detail"), list):
        return "; ".join("%s: %s (%s)" % (".".join(str(part) for part in error.get("loc") or []), error.get("msg"),
                                          error.get("type")) if isinstance(error, dict) else str(error)
                         for error in body["detail"])
    if isinstance(body, dict) and body.get("msg"):
        message = body["msg"]
        if message == "Internal server error." and response.status_code == 200:
            message += " (GaussMaster answers so when it refuses a parameter, or fails; its log tells which)"
        return message
    if isinstance(body, str):
        return body
    return response.text[:200] or response.reason


def sse_events(chunks):
    """The `data` of each server-sent event in a stream of byte chunks, as soon as it is complete.

    Chunks may split an event, a line or a UTF-8 character anywhere.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    buffer, data = "", []
    for chunk in chunks:
        buffer += decoder.decode(chunk)
        *lines, buffer = re.split(r"\r\n|\r|\n", buffer)
        for line in lines:
            if not line:
                if data:
                    yield "\n".join(data)
                data = []
            elif line.startswith("data:"):
                data.append(line[5:].lstrip(" "))
    buffer += decoder.decode(b"", final=True)
    if buffer.startswith("data:"):
        data.append(buffer[5:].lstrip(" "))
    if data:
        yield "\n".join(data)


class Interaction:
    """What a GaussMaster answer stream said: progress texts, messages, tables, and whether it ended."""

    def __init__(self):
        self.progress, self.messages, self.tables, self.done = [], [], [], False

    def add(self, payload):
        try:
            event = json.loads(payload)
        except ValueError:
            raise ApiError(PLATFORM, "dbmind.interaction", "the stream sent an event that is not JSON: %r" % payload[:200])
        if not event.get("success"):
            raise ApiError(PLATFORM, "dbmind.interaction", event.get("msg") or "the stream reported a failure")
        for item in event.get("data") or []:
            kind, content = item.get("type"), item.get("content")
            if kind == "progress" and content == "DONE":
                self.done = True
            elif kind == "progress":
                self.progress.append(content)
            elif kind == "table":
                headers, rows = content.get("headers") or [], content.get("rows") or []
                self.tables.append(dict(headers=headers, rows=rows, records=[dict(zip(headers, row)) for row in rows]))
            elif content in IN_BAND_ERRORS:
                raise ApiError(PLATFORM, "dbmind.interaction", content)
            else:
                self.messages.append(content if isinstance(content, str) else json.dumps(content, ensure_ascii=False))

    def result(self):
        return dict(progress=self.progress, messages=self.messages, tables=self.tables, done=self.done)


class GaussMaster:
    """Calls GaussMaster over mutual TLS."""

    def __init__(self, module):
        params = module.params
        password = params["dbmind_client_key_password"] or ""
        if len(password.encode("utf-8", "surrogatepass")) > MAX_KEY_PASSWORD:
            module.fail_json(msg="dbmind_client_key_password must be at most %d bytes long (OpenSSL's limit for a key "
                                 "passphrase)" % MAX_KEY_PASSWORD)
        self.client = connect(module, PLATFORM, params["dbmind_url"], secrets=[params["dbmind_client_key_password"]],
                              client_cert=params["dbmind_client_cert"], client_key=params["dbmind_client_key"],
                              client_key_password=params["dbmind_client_key_password"])

    def call(self, method, path, operation, safe, query=None, body=None):
        response = self.client.request(method, path, operation, safe, params=query, json=body)
        try:
            envelope = response.json()
        except ValueError:
            envelope = None
        if not response.ok or not isinstance(envelope, dict) or not envelope.get("success"):
            raise ApiError(PLATFORM, operation, self.client.scrub(refusal(response)), status=response.status_code)
        return envelope.get("data")

    def clusters(self):
        """The clusters DBMind monitors, keyed by their primary `address`, with `cluster_name` ("" when not
        registered), `instances` and `managed` (registered in GaussMaster)."""
        found = self.call("GET", "/v1/api/clusters", "dbmind.list_clusters", True) or {}
        # The openGauss docs spell the list `intances`; GaussMaster's code answers `instances`.
        return [dict(address=address, cluster_name=info.get("cluster_name") or "", managed=bool(info.get("managed")),
                     instances=info.get("instances", info.get("intances")) or [])
                for address, info in sorted(found.items())]

    def models(self):
        return self.call("GET", "/v1/api/llms", "dbmind.list_llms", True) or {}

    def bind(self, path, operation, what, **query):
        """PUT a session binding; GaussMaster answers data: false when it could not make it."""
        if not self.call("PUT", path, operation, True, query=query):
            raise ApiError(PLATFORM, operation, "GaussMaster could not switch session %s of user %s to %s (see the "
                                                "GaussMaster log)" % (query["session_id"], query["user_id"], what))

    def interact(self, body, timeout):
        """Send a query and read its whole answer stream, failing after `timeout` seconds overall."""
        deadline = time.monotonic() + timeout
        # A question changes nothing in GaussMaster, so it is sent again after a transient fault.
        response = self.client.request("POST", "/v1/api/app/intelligent-interaction", "dbmind.interaction", True,
                                       json=body, stream=True, headers={"Accept": "text/event-stream"})
        with response:
            if not response.ok or "event-stream" not in response.headers.get("Content-Type", ""):
                raise ApiError(PLATFORM, "dbmind.interaction", self.client.scrub(refusal(response)),
                               status=response.status_code)
            answer = Interaction()
            try:
                for payload in sse_events(response.iter_content(chunk_size=None)):
                    answer.add(payload)
                    if time.monotonic() > deadline:
                        raise ApiError(PLATFORM, "dbmind.interaction", "no complete answer within %ss" % timeout)
            except TransportError as exc:
                raise ApiError(PLATFORM, "dbmind.interaction", self.client.scrub("the answer stream broke off: %s" % exc))
        if not answer.done:
            raise ApiError(PLATFORM, "dbmind.interaction", "the answer stream ended before DONE (%d progress steps, "
                                                           "%d messages)" % (len(answer.progress), len(answer.messages)))
        return answer.result()


REGISTER_OUTCOMES = {
    503: "DBMind refuses these credentials for the cluster (GaussMaster logs in to DBMind with them)",
    1001: "DBMind lists no cluster whose primary is this address (GaussMaster registers a cluster by its primary)",
    1002: "the name is another cluster's",
}


def check_registration(params):
    """Refuse, before any request, what GaussMaster's rules refuse (GaussMaster/common/utils/checking.py)."""
    check_session(params, required=params["active"])
    if not 0 < len(params["cluster_name"]) <= MAX_CLUSTER_NAME:
        raise UserError("cluster_name must be 1 to %d characters (GaussMaster's column), got %d"
                        % (MAX_CLUSTER_NAME, len(params["cluster_name"])))
    for key in ("username", "password"):
        if params[key] is not None and not 0 < len(params[key]) <= MAX_TEXT:
            raise UserError("%s must be 1 to %d characters (GaussMaster's rule)" % (key, MAX_TEXT))
    if params["host"] is not None:
        try:
            ipaddress.ip_address(params["host"])
        except ValueError:
            raise UserError("host must be an IP address (GaussMaster's rule: a host name is refused), got %r"
                            % params["host"]) from None
    low = 1024 if params["active"] else 1
    if params["port"] is not None and not low <= params["port"] <= 65535:
        raise UserError("port must be between %d and 65535%s, got %d" % (
            low, " to bind the session (active=true: GaussMaster's rule for an instance address)" if params["active"] else "",
            params["port"]))


def ensure_registered(module, gaussmaster):
    """Register a cluster by its primary, re-register it to rotate its credentials, or rename it; bind it.

    GaussMaster (GaussMaster/server/web/data_transformer.py register_cluster) takes only a primary
    address of DBMind's agents map (1001), logs in to DBMind with the account (503), then upserts a
    row per instance (1002 when the name is another cluster's): registering again under the same name
    replaces the username and password, under a free name renames. It has no route to unregister.
    """
    params = module.params
    try:
        check_registration(params)
        clusters = gaussmaster.clusters()
        current = next((c for c in clusters if c["managed"] and c["cluster_name"] == params["cluster_name"]), None)
        if params["state"] == "absent":
            if current:
                raise UserError("cluster %r is registered, and GaussMaster has no API to unregister a cluster: "
                                "remove it in GaussMaster itself" % params["cluster_name"])
            module.exit_json(changed=False, cluster=None, active=False, credentials_sent=False)
        before = current
        if params["host"] is not None:
            target = _target(clusters, "%s:%d" % (params["host"], params["port"]), current, params["cluster_name"])
            before = current or (target if target["managed"] else None)
        elif current is None:
            raise UserError("host, port, username and password are required to register cluster %r"
                            % params["cluster_name"])
        else:
            target = current
        rotate = params["update_password"] == "always"
        changed = current is None or rotate
        if changed:
            missing = [k for k in ("username", "password") if params[k] is None]
            if missing:
                raise UserError("%s required to %s cluster %r" % (
                    " and ".join(missing) + (" is" if len(missing) == 1 else " are"),
                    "register" if current is None else "update the credentials of (update_password=always)",
                    params["cluster_name"]))
        after = dict(target, cluster_name=params["cluster_name"], managed=True)
        if changed and not module.check_mode:
            after = _register(module, gaussmaster, target["address"], renames=current is None)
        # A binding cannot be read back, so sending one is always a change (the fact sheet's advice).
        if params["active"] and not module.check_mode:
            gaussmaster.bind("/v1/api/clusters", "dbmind.bind_cluster", "cluster %s" % after["address"],
                             instance=after["address"], user_id=params["user_id"], session_id=params["session_id"])
    except (ApiError, UserError) as exc:
        fail(module, exc)
    result = dict(changed=changed or bool(params["active"]), cluster=after, active=bool(params["active"]),
                  credentials_sent=changed)
    if module._diff:
        sent = dict(username=params["username"], password=MASK) if changed else {}
        result["diff"] = dict(before=before or {}, after=dict(after, **sent))
    module.exit_json(**result)


def _target(clusters, address, current, name):
    """The cluster DBMind lists with primary `address`; refuses what GaussMaster would refuse."""
    target = next((c for c in clusters if c["address"] == address), None)
    if target is None:
        primary = next((c["address"] for c in clusters if address in c["instances"]), None)
        hint = ("; it is an instance of the cluster whose primary is %s: register that address" % primary if primary
                else "; DBMind lists: %s" % (", ".join(c["address"] for c in clusters) or "none"))
        raise UserError("%s is not the primary address of a cluster DBMind lists, and GaussMaster registers a cluster "
                        "by its primary only (status 1001)%s" % (address, hint))
    if current is not None and current["address"] != address:
        raise UserError("cluster name %r is registered for the cluster whose primary is %s, not %s; GaussMaster "
                        "refuses a name another cluster holds (status 1002)" % (name, current["address"], address))
    return target


def _register(module, gaussmaster, address, renames):
    """POST the registration and return the cluster as GaussMaster then lists it.

    After a transient fault the cluster is read again: a registration or rename that shows is not
    sent again (`renames`). New credentials under the same name cannot be read back, and sending the
    same account again leaves the same rows (an upsert), so a rotation is sent again.
    """
    params = module.params
    host, port = address.rsplit(":", 1)
    body = dict(cluster_name=params["cluster_name"], host=host, port=int(port),
                username=params["username"], password=params["password"])

    def listed():
        return next((c for c in gaussmaster.clusters() if c["address"] == address), None)

    def landed(cluster):
        return renames and cluster is not None and cluster["managed"] and cluster["cluster_name"] == params["cluster_name"]

    try:
        outcome, registered, fault = write_verified(
            lambda current: gaussmaster.call("POST", "/v1/api/clusters/register", "dbmind.register_cluster", False,
                                             body=body) or {},
            listed, landed, params["retries"], None)
    except Unconverged as exc:
        raise exc.error from None
    if fault is not None:
        lost_write(module, fault, "cluster %r" % params["cluster_name"])
        return registered
    status = outcome.get("status")
    if status != 0:
        reason = REGISTER_OUTCOMES.get(status, "unexpected answer")
        raise ApiError(PLATFORM, "dbmind.register_cluster", "%s (%s)" % (reason, outcome.get("msg")), code=status)
    registered = listed()
    if registered is None or registered["cluster_name"] != params["cluster_name"]:
        raise ApiError(PLATFORM, "dbmind.register_cluster", "GaussMaster answered status 0 but lists %r for %s"
                       % (registered and registered["cluster_name"], address))
    return registered

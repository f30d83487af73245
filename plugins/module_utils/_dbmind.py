# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""openGauss GaussMaster dialect: mutual TLS, the {success, data} envelope, and server-sent events."""

from __future__ import annotations

import codecs
import json
import re
import time

from ansible_collections.clusterops.platforms.plugins.module_utils._arguments import env_fallback
from ansible_collections.clusterops.platforms.plugins.module_utils._client import (
    ApiError, connect, transport_spec,
)
from ansible_collections.clusterops.platforms.plugins.module_utils._http import TransportError
from ansible_collections.clusterops.platforms.plugins.module_utils._resource import (
    Unconverged, UserError, fail, lost_write, write_verified,
)

PLATFORM = "GaussMaster"
SESSION_ID = re.compile(r"^[A-Za-z0-9_]{2,}$")
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
    """user_id and session_id: both or neither (unless required), each 2+ letters, digits or '_'."""
    given = [k for k in ("user_id", "session_id") if params.get(k) is not None]
    if (required or given) and len(given) != 2:
        raise UserError("user_id and session_id are required together")
    for key in given:
        if not SESSION_ID.match(params[key]):
            raise UserError("%s must be at least 2 letters, digits or '_', got %r" % (key, params[key]))


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
            message = (envelope or {}).get("msg") if isinstance(envelope, dict) else None
            raise ApiError(PLATFORM, operation, self.client.scrub(message or response.text[:200] or response.reason),
                           status=response.status_code)
        return envelope.get("data")

    def clusters(self):
        """The clusters GaussMaster knows, as a list with their address and `instances`."""
        found = self.call("GET", "/v1/api/clusters", "dbmind.list_clusters", True) or {}
        return [dict(info, address=address, instances=info.get("intances", info.get("instances", [])))
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
                try:
                    message = response.json().get("msg")
                except (ValueError, AttributeError):
                    message = None
                raise ApiError(PLATFORM, "dbmind.interaction", message or response.text[:200] or response.reason,
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
    503: "cannot connect to the cluster with these credentials",
    1001: "the cluster is not managed by DBMind, so GaussMaster cannot register it",
}


def ensure_registered(module, gaussmaster):
    """Register a cluster once (GaussMaster can neither update nor unregister one), then bind it."""
    params = module.params
    try:
        check_session(params, required=params["active"])
        if params["port"] is not None and not 0 < params["port"] < 65536:
            raise UserError("port must be between 1 and 65535, got %d" % params["port"])
        current = _registered(gaussmaster, params["cluster_name"])
        if params["state"] == "absent":
            if current:
                raise UserError("cluster %r is registered, and GaussMaster offers no API to unregister a cluster "
                                "(none is documented): remove it in GaussMaster itself" % params["cluster_name"])
            module.exit_json(changed=False, cluster=None)
        missing = [k for k in ("host", "port", "username", "password") if params[k] is None]
        instance = "%s:%s" % (params["host"], params["port"])
        if current is None and missing:
            raise UserError("%s required to register cluster %r" % (", ".join(missing), params["cluster_name"]))
        changed = current is None
        if changed and not module.check_mode:
            current, changed = _register(module, gaussmaster, instance)
        elif changed:
            current = dict(cluster_name=params["cluster_name"], address=instance, instances=[instance], managed=True)
        elif params["host"] and instance not in current["instances"]:
            raise UserError("cluster name %r is registered for %s, not %s; GaussMaster cannot change a registration"
                            % (params["cluster_name"], ", ".join(current["instances"]), instance))
        # A binding cannot be read back, so sending one is always a change (the fact sheet's advice).
        if params["active"] and not module.check_mode:
            gaussmaster.bind("/v1/api/clusters", "dbmind.bind_cluster", "cluster %s" % current["address"],
                             instance=current["address"], user_id=params["user_id"], session_id=params["session_id"])
    except (ApiError, UserError) as exc:
        fail(module, exc)
    result = dict(changed=changed or bool(params["active"]), cluster=current, active=bool(params["active"]))
    if module._diff:
        result["diff"] = dict(before={} if changed else current, after=current)
    module.exit_json(**result)


def _registered(gaussmaster, name):
    """The cluster registered under `name`; GaussMaster also lists unregistered ones (managed: false)."""
    matches = [c for c in gaussmaster.clusters() if c.get("cluster_name") == name and c.get("managed")]
    return matches[0] if matches else None


def _register(module, gaussmaster, instance):
    """(the registered cluster, whether this call registered it); 1002 for this very instance is no error.

    A register whose answer is lost is sent again only when the re-read shows it did not land.
    """
    params = module.params
    body = {k: params[k] for k in ("cluster_name", "host", "port", "username", "password")}

    def registered():
        return _registered(gaussmaster, params["cluster_name"])

    try:
        outcome, current, fault = write_verified(
            lambda current: gaussmaster.call("POST", "/v1/api/clusters/register", "dbmind.register_cluster", False,
                                             body=body) or {},
            registered, lambda current: current is not None and instance in current["instances"],
            params["retries"], None)
    except Unconverged as exc:
        raise exc.error from None
    if fault is not None:
        return current, lost_write(module, fault, "cluster %r" % params["cluster_name"])
    status = outcome.get("status")
    if status in REGISTER_OUTCOMES:
        raise ApiError(PLATFORM, "dbmind.register_cluster", "%s (%s)" % (REGISTER_OUTCOMES[status], outcome.get("msg")),
                       code=status)
    current = registered()
    if status == 1002 and not (current and instance in current["instances"]):
        raise ApiError(PLATFORM, "dbmind.register_cluster", "the cluster name is taken by another cluster (%s)"
                       % outcome.get("msg"), code=status)
    if status not in (0, 1002) or current is None:
        raise ApiError(PLATFORM, "dbmind.register_cluster", "unexpected answer %r" % outcome, code=status)
    return current, status == 0

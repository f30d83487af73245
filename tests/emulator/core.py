# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulator's frame: what a platform plugs in, and the ASGI layer that logs and faults its requests."""

from __future__ import annotations

import asyncio
import importlib
import itertools
import json
import pkgutil
from dataclasses import dataclass, field
from typing import Any, Callable

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from .faults import Faults

CONTROL_PREFIX = "/__emulator__"
BODY_LOG_LIMIT = 4096


@dataclass(frozen=True)
class Operation:
    """What a platform request targets; `mutating` is True for writes (create/update/delete)."""

    platform: str
    name: str
    mutating: bool


@dataclass(frozen=True)
class Endpoints:
    """Where the running emulator is reached."""

    http_url: str
    https_url: str
    tls: Any  # tls.TlsFiles


@dataclass(frozen=True)
class Platform:
    """One emulated platform. A module of this package that defines PLATFORM = Platform(...) is served.

    router: its API routes, plus any test hooks under /__emulator__/<name>/.
    seed(): its initial data (JSON-serialisable), restored by a reset.
    operation(method, path): the Operation a request targets, or None if the path is not the platform's.
    new_credentials(): its random credentials; made once per fresh state and kept across resets.
    connection_vars(credentials, endpoints): its module connection options for the vars file.
    tls_only: served on the HTTPS port only; on the HTTP port its paths are unknown (404).
    """

    name: str
    router: APIRouter
    seed: Callable[[], dict]
    operation: Callable[[str, str], Operation | None]
    new_credentials: Callable[[], dict] = dict
    connection_vars: Callable[[dict, Endpoints], dict] = field(default=lambda credentials, endpoints: {})
    tls_only: bool = False


def discover_platforms():
    """The PLATFORM of every module in this package that has one, in module name order."""
    package = importlib.import_module(__package__)
    platforms = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda info: info.name):
        if info.name.startswith("_"):
            continue
        platform = getattr(importlib.import_module("%s.%s" % (__package__, info.name)), "PLATFORM", None)
        if isinstance(platform, Platform):
            platforms.append(platform)
    return platforms


def current(request: Request) -> Emulator:
    """The Emulator serving `request` (for handlers)."""
    return request.app.state.emulator


class Emulator:
    """ASGI wrapper around the FastAPI app: logs each platform request and applies injected faults.

    Control requests (/__emulator__/...) pass straight through. A platform handler may set
    `request.state.request_id` to have it logged.
    """

    def __init__(self, app, platforms, store):
        self.app = app
        self.platforms = platforms
        self.tls_only = {platform.name for platform in platforms if platform.tls_only}
        self.store = store
        self.faults = Faults()
        self.requests = []
        self.seq = itertools.count(1)
        app.state.emulator = self

    def reset(self):
        self.store.reset()
        self.requests.clear()
        self.faults.clear()

    def operation(self, method, path):
        for platform in self.platforms:
            found = platform.operation(method, path)
            if found:
                return found
        return None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"].startswith(CONTROL_PREFIX):
            await self.app(scope, receive, send)
            return
        method, path = scope["method"], scope["path"]
        query = scope.get("query_string", b"").decode("latin-1")
        operation = self.operation(method, path)
        if operation and operation.platform in self.tls_only and scope.get("scheme") != "https":
            # Answered and logged as any unknown path is; a fault meant for the HTTPS request is not used up.
            exchange = _Exchange(self, method, path, query, None, scope.setdefault("state", {}))
            await JSONResponse({"detail": "Not Found"}, 404)(scope, receive, exchange.relay(send))
            return
        exchange = _Exchange(self, method, path, query, operation, scope.setdefault("state", {}))
        receive = exchange.keep_body(receive)
        fault = self.faults.take(method, path)
        if fault:
            await asyncio.sleep(fault.latency)
        if not (fault and fault.answers):
            try:
                await self.app(scope, receive, exchange.relay(send))
            finally:
                exchange.finish(exchange.status, handled=True)
            return
        if fault.after:
            try:
                await self.app(scope, receive, _discard)
            finally:
                exchange.finish(fault.status, handled=True)
        else:
            await exchange.read_body(receive)
            exchange.finish(fault.status, handled=False)
        await _answer_fault(fault, send)


class _Exchange:
    """One platform request. It is logged, and the state saved after a write, before the client has the
    answer: a client that reads the log or the state file right after its call finds the call there.

    A log entry says whether the platform `handled` the request (an injected fault may answer in its
    place), and keeps the `body` of a write (its first BODY_LOG_LIMIT characters), so that a test can
    tell which object each write was for.
    """

    def __init__(self, emulator, method, path, query, operation, state):
        self.emulator = emulator
        self.method = method
        self.path = path
        self.query = query
        self.operation = operation
        self.state = state
        self.status = None
        self.finished = False
        self.body = bytearray()

    def keep_body(self, receive):
        """The receive() for the app: keeps what it reads of a write's body."""
        async def keep():
            message = await receive()
            if message["type"] == "http.request" and len(self.body) < BODY_LOG_LIMIT:
                self.body += message.get("body", b"")
            return message
        return keep

    async def read_body(self, receive):
        """Read the whole body of a request the platform does not handle, to log it."""
        more = True
        while more:
            message = await receive()
            more = message["type"] == "http.request" and message.get("more_body", False)

    def relay(self, send):
        """The send() for the app: notes the status, and finishes before the last part of the answer."""
        async def relay(message):
            if message["type"] == "http.response.start":
                self.status = message["status"]
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                self.finish(self.status, handled=True)
            await send(message)
        return relay

    def finish(self, status, handled):
        if self.finished:
            return
        self.finished = True
        operation = self.operation
        self.emulator.requests.append(dict(
            seq=next(self.emulator.seq), method=self.method, path=self.path, query=self.query,
            platform=operation.platform if operation else None, operation=operation.name if operation else None,
            mutating=bool(operation and operation.mutating), status=status, request_id=self.state.get("request_id"),
            handled=handled,
            body=self.body[:BODY_LOG_LIMIT].decode("utf-8", "replace") if operation and operation.mutating else None))
        if handled and operation and operation.mutating:
            self.emulator.store.save()


async def _discard(message):
    """A send() that drops the app's answer (the client gets the fault's instead)."""


async def _answer_fault(fault, send):
    """Answer with the fault's status, or drop the connection; returns the status the client sees (None)."""
    if fault.drop:
        await _hang_up(send)
        return None
    body = json.dumps({"result": False, "code": fault.status, "data": None,
                       "message": "emulator fault: HTTP %d" % fault.status}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if fault.retry_after is not None:
        headers.append((b"retry-after", str(fault.retry_after).encode()))
    await send({"type": "http.response.start", "status": fault.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
    return fault.status


async def _hang_up(send):
    # ASGI has no message for "close without answering". uvicorn's send() is a method of its
    # request cycle, which holds the connection's transport: abort that.
    send.__self__.transport.abort()
    # Let uvicorn notice the disconnect, so it does not try to answer 500 when the app returns.
    await asyncio.sleep(0.05)

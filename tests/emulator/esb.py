# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""BlueKing ESB, the gateway in front of CMDB (and Monitor): credentials, auth, envelope, dispatch.

A BlueKing platform module builds a System ("cc", "monitor_v3") from its components and uses its
router and operation(). Every system authenticates against the blueking platform's credentials,
as all BlueKing components sit behind one ESB.

The auth order and messages are legacy ESB's (paas-ce esb/bkauth/validators.py, common/errors.py):
validation failures are CommonAPIError, code 1306000, in an HTTP 200 envelope.

Where the credentials are read from depends on what serves the calls; the control hook
POST /__emulator__/blueking/esb/auth {"mode": MODE} picks it (a reset restores the default):

- "header_first" (default), the ESB of BlueKing's current releases: the X-Bkapi-Authorization header
  when the request has it (even one without a secret), the query string (GET) or JSON body (POST)
  only when it has not. Sources: TencentBlueKing/blueking-apigateway src/esb/esb/esb/channel/base.py
  (RequestHandler.get_request_authorization) @ 4d1cba1, legacy-bk-paas paas2/esb/esb/channel/base.py
  @ 1d8fa13; the validators then read request.g.authorization (bkapp/validators.py). BlueKing's own
  client library, bkapi-client-core 1.2.0 (auth.py, BKApiAuthorization), sends the header only.
- "header_only", the BlueKing API gateway for a gateway with allow_auth_from_params: false, as the
  bk-cmdb and bk-monitor gateways declare (bk-cmdb docs/apidoc/apigw/definition.yaml, bk-monitor
  bkmonitor/support-files/apigw/definition.yaml): credentials in parameters are not read at all.
  Source: blueking-apigateway-apisix src/apisix/plugins/bk-auth-verify.lua (get_auth_params_from_request).
  The emulator answers with ESB's envelope and messages, not the gateway's.
- "params_only", the legacy ESB of the PaaS community edition (legacy-bk-paas paas-ce/paas/esb @
  8ba9371/29756e6, Python 2): only the parameters; the header is dropped unread
  (BaseChannel.IGNORE_HEADERS) and AppSecretValidator reads request.g.kwargs.
"""

from __future__ import annotations

import json
import re
import secrets
import uuid
from dataclasses import dataclass
from typing import Any, Callable

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from .core import CONTROL_PREFIX, Operation, current

CREDENTIALS_OWNER = "blueking"
APP_CODE = "clusterops"
USERNAME = "admin"
BASE_PATH = "/api/c/compapi/v2"
AUTH_KEYS = ("bk_app_code", "bk_app_secret", "app_code", "app_secret", "bk_token", "bk_username", "username")
AUTH_MODES = ("header_first", "header_only", "params_only")

COMMON_ERROR = 1306000
COMPONENT_NOT_FOUND = 1306404
ARGUMENT_ERROR = 1306406


class ApiError(Exception):
    """An error envelope: ESB's own codes, or the platform's (ESB passes CMDB's bk_error_code as code)."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Component:
    """handler(data, params, user) works on the platform's data and returns the envelope's data."""

    handler: Callable[[dict, dict, str], Any]
    mutating: bool


def new_credentials():
    return {"bk_app_code": APP_CODE, "bk_app_secret": secrets.token_hex(16),
            "bk_username": USERNAME, "bk_token": secrets.token_hex(16)}


def connection_vars(credentials, endpoints):
    return dict(bk_url=endpoints.http_url, **credentials)


class System:
    """One ESB system: its components, served at POST or GET /api/c/compapi/v2/<system>/<component>/.

    `platform` names it in the request log; its handlers work on the store's data of `data_key`
    (default: `platform`). ESB's own errors always have ESB's envelope; a system whose backend answers
    in another envelope, or whose handlers need the calling app, overrides call(), success() and failure().
    """

    def __init__(self, name, platform, components, data_key=None):
        self.name = name
        self.platform = platform
        self.components = components
        self.data_key = data_key or platform
        self._path = re.compile(r"^%s/%s/(\w+)/?$" % (BASE_PATH, re.escape(name)))

    def operation(self, method, path):
        found = self._path.match(path)
        if not found:
            return None
        component = self.components.get(found.group(1))
        return Operation(self.platform, "%s.%s" % (self.name, found.group(1)), bool(component and component.mutating))

    def router(self):
        router = APIRouter()
        for path in ("%s/%s/{component}" % (BASE_PATH, self.name), "%s/%s/{component}/" % (BASE_PATH, self.name)):
            router.add_api_route(path, self._handle, methods=["GET", "POST"], include_in_schema=False)
        return router

    async def _handle(self, request: Request, component: str):
        emulator = current(request)
        request_id = request.state.request_id = uuid.uuid4().hex
        try:
            found = self.components.get(component)
            if found is None:
                raise ApiError(COMPONENT_NOT_FOUND, "Not found, component class not found")
            mode = emulator.store.data[CREDENTIALS_OWNER].get("esb_auth", AUTH_MODES[0])
            authorization = None if mode == "params_only" else _authorization(request)
            params = await _params(request)
            if authorization is None:
                from_params = mode != "header_only"
                authorization = {key: params[key] for key in AUTH_KEYS if key in params and from_params}
            credentials = emulator.store.credentials[CREDENTIALS_OWNER]
            user = _authenticate(authorization, credentials)
        except ApiError as error:
            return _respond(request_id, _esb_failure(error))
        try:
            data = self.call(found, emulator.store.data[self.data_key], params, user, credentials["bk_app_code"])
        except ApiError as error:
            return _respond(request_id, self.failure(error))
        return _respond(request_id, self.success(data))

    def call(self, component, data, params, user, app_code):
        """Run `component` for the user of the app `app_code`; returns the envelope's data."""
        return component.handler(data, params, user)

    def success(self, data):
        """The envelope of a call that returned `data` (ESB adds the request_id)."""
        return {"result": True, "code": 0, "message": "", "data": data, "permission": None}

    def failure(self, error):
        """The envelope of a call that raised ApiError `error`: as ESB passes CMDB's codes."""
        return _esb_failure(error)


def _esb_failure(error):
    return {"result": False, "code": error.code, "message": error.message, "data": None, "permission": None}


def _respond(request_id, envelope):
    return JSONResponse(dict(envelope, request_id=request_id))


def _authorization(request):
    """The X-Bkapi-Authorization header as a dict, or None without the header."""
    header = request.headers.get("x-bkapi-authorization")
    if header is None:
        return None
    try:
        authorization = json.loads(header)
    except ValueError:
        authorization = None
    if not isinstance(authorization, dict):
        raise ApiError(ARGUMENT_ERROR, "Parameters error, request header X-Bkapi-Authorization is not a valid "
                                       "JSON format string")
    return authorization


async def _params(request):
    if request.method == "GET":
        return dict(request.query_params)
    body = await request.body()
    if not body.strip():
        return {}
    try:
        params = json.loads(body)
    except ValueError:
        params = None
    if not isinstance(params, dict):
        raise ApiError(ARGUMENT_ERROR, "Parameters error, the request body is not a JSON object")
    return params


def _authenticate(authorization, credentials):
    """The user the request acts as, or ApiError. App first, then user, as legacy ESB validates."""
    app_code = authorization.get("bk_app_code") or authorization.get("app_code")
    app_secret = authorization.get("bk_app_secret") or authorization.get("app_secret")
    if not app_secret:
        raise ApiError(COMMON_ERROR, "Signature [bk_signature] and APP Secret [bk_app_secret] cannot be empty "
                                     "at the same time")
    if not app_code:
        raise ApiError(COMMON_ERROR, "APP Code [bk_app_code] cannot be empty")
    if app_code != credentials["bk_app_code"]:
        raise ApiError(COMMON_ERROR, "Invalid APP Code [bk_app_code=%s], please confirm if the APP Code has been "
                                     "registered" % app_code)
    if app_secret != credentials["bk_app_secret"]:
        # Real ESB's wording, typo included; like ESB, it names the app code but never the secret.
        raise ApiError(COMMON_ERROR, "APP Secret verification failed, pelase confirm if the APP Secret and "
                                     "APP Code [bk_app_code=%s] match" % app_code)

    bk_token = authorization.get("bk_token")
    if bk_token:
        if bk_token != credentials["bk_token"]:
            raise ApiError(COMMON_ERROR, "User authentication failed, please check if the bk_token is valid")
        return credentials["bk_username"]
    # The emulator's app is on the whitelist that may name its user without a login token.
    username = authorization.get("bk_username") or authorization.get("username")
    if username:
        return username
    raise ApiError(COMMON_ERROR, "User authentication failed, please provide a valid user identity, such as "
                                 "bk_token, bk_username")


# --- test hook: where the credentials are read from (the seed of the "blueking" platform has "esb_auth")

class AuthMode(BaseModel):
    mode: str


hooks = APIRouter(prefix=CONTROL_PREFIX + "/blueking/esb")


@hooks.post("/auth")
async def set_auth_mode(request: Request, body: AuthMode):
    """Read the credentials as `mode` says (one of AUTH_MODES) until the next reset."""
    if body.mode not in AUTH_MODES:
        return JSONResponse({"detail": "mode must be one of %s" % ", ".join(AUTH_MODES)}, 422)
    emulator = current(request)
    emulator.store.data[CREDENTIALS_OWNER]["esb_auth"] = body.mode
    emulator.store.save()
    return {"mode": body.mode}

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""BlueKing Monitor behind the ESB (`monitor_v3` components): storage cluster configs.

Rules, codes and messages are bk-monitor's (metadata/resources/cluster.py, metadata/models/storage.py),
per platform-apis.md section 1. Parameters are checked as its DRF serializers check them: a bad one is
code 400 with DRF's field errors in `detail`; the ValueErrors of the resources are code 500; both come in
an HTTP 200 envelope. The tenant is always "system". Monitor sits behind the same ESB and credentials as
CMDB, so its requests are logged as the blueking platform's; its data is this module's platform's.
"""

from __future__ import annotations

import base64
import json
import random
import re
import string
import time
from typing import Any, Literal, NamedTuple

from fastapi import APIRouter, Body, HTTPException, Request
from pydantic import BaseModel

from . import esb
from .core import CONTROL_PREFIX, Platform, current
from .esb import ApiError

DATA_KEY = "monitor"
TENANT = "system"
DEFAULT_SYSTEM = "_default"
CREATABLE_TYPES = ("influxdb", "elasticsearch", "kafka", "redis", "argus")
CLUSTER_NAME = re.compile(r"^[_A-Za-z0-9][_A-Za-z0-9-]{0,49}$")
KAFKA_SASL = {"sasl_mechanisms": "SCRAM-SHA-512", "security_protocol": "SASL_PLAINTEXT"}
CERTIFICATES = ("ssl_certificate_authorities", "ssl_certificate", "ssl_certificate_key")

INVALID_PARAMS = 400  # a DRF ValidationError
VALUE_ERROR = 500
NAME_TAKEN = "集群名【{}】与已有集群冲突，请确认后重试"
TYPE_UNSUPPORTED = "存储集群【{}】暂不支持，请确认后重试"
SAME_CONFIG = "存在同样配置集群，请确认后重试"
NO_ID_OR_NAME = "需要至少提供集群ID或集群名"
NOT_FOUND = "找不到指定的集群配置，请确认后重试"
AMBIGUOUS = "找到多个符合条件的集群配置，可能是不同类型的集群名相同，请提供集群类型后重试"
AMBIGUOUS_DELETE = "get() returned more than one ClusterInfo -- it returned {}!"  # delete does not catch it
DEFAULT_CLUSTER = "默认集群不能删除"
OPEN_RESULT_TABLES = "存在未关闭的结果表 {}"


class MonitorError(ApiError):
    """An error of bk-monitor: `detail` holds the field errors of a validation error (code 400)."""

    def __init__(self, code, message, detail=None):
        super().__init__(code, message)
        self.detail = detail


class MonitorSystem(esb.System):
    """The monitor_v3 components: handler(data, params, app_code), in bk-monitor's own envelope."""

    def call(self, component, data, params, user, app_code):
        return component.handler(data, params, app_code)

    def success(self, data):
        return {"result": True, "code": 200, "message": "OK", "data": data}

    def failure(self, error):
        envelope = {"result": False, "code": error.code, "name": None, "message": error.message, "data": {},
                    "error_details": {"exc_type": None, "exc_code": None, "overview": error.message,
                                      "detail": error.message, "popup_message": "warn"}}
        if getattr(error, "detail", None) is not None:
            envelope["detail"] = error.detail
        return envelope


# --- the cluster model

# A stored cluster has these keys, plus cluster_id, cluster_name, cluster_type, domain_name, port, create_time,
# last_modify_time, and result_tables (the ids of the enabled result tables stored in it, a test hook's).
MODEL_DEFAULTS = {
    "bk_tenant_id": TENANT, "display_name": "", "extranet_domain_name": "", "extranet_port": 0, "description": "",
    "is_default_cluster": False, "username": "", "password": "", "version": None, "custom_option": "",
    "schema": None, "is_ssl_verify": False, "ssl_verification_mode": "none", "ssl_certificate_authorities": "",
    "ssl_certificate": "", "ssl_certificate_key": "", "ssl_insecure_skip_verify": False,
    "registered_system": DEFAULT_SYSTEM, "label": "", "default_settings": {}, "creator": "system",
    "last_modify_user": "system",
}
MODEL_REQUIRED = ("cluster_name", "cluster_type", "domain_name", "port")
CONFIG_KEYS = ("domain_name", "port", "extranet_domain_name", "extranet_port", "schema", "is_ssl_verify",
               "ssl_verification_mode", "ssl_insecure_skip_verify")
CONFIG_TAIL_KEYS = ("cluster_id", "cluster_name", "display_name", "version", "custom_option", "registered_system",
                    "creator", "create_time", "last_modify_user", "last_modify_time", "is_default_cluster")


def _new_cluster(data, values):
    now = int(time.time())
    record = dict(MODEL_DEFAULTS, cluster_id=data["next_cluster_id"], create_time=now, last_modify_time=now,
                  result_tables=[])
    record.update(values)
    data["next_cluster_id"] += 1
    data["clusters"].append(record)
    return record


def seed():
    data = {"clusters": [], "next_cluster_id": 1, "create_response": "int"}
    _new_cluster(data, {"cluster_name": "default_influx", "display_name": "default_influx", "cluster_type": "influxdb",
                        "domain_name": "influxdb-proxy.service.consul", "port": 10203, "is_default_cluster": True,
                        "description": "default influxdb cluster", "version": "", "schema": ""})
    _new_cluster(data, {"cluster_name": "other_app_kafka", "display_name": "other_app_kafka", "cluster_type": "kafka",
                        "domain_name": "kafka.bk-other-app.local", "port": 9092, "username": "other",
                        "password": "other-app-secret", "registered_system": "bk_other_app", "version": "2.4",
                        "schema": "", "creator": "admin", "last_modify_user": "admin"})
    return data


def _encoded(prefix, text):
    """bk-monitor's base64 of a text, with `prefix`; an empty text (or None) stays as it is."""
    return prefix + base64.b64encode(text.encode()).decode() if text else text


def _config(record, plain_text):
    """The cluster as metadata_get_cluster_info shows it (ClusterInfo.consul_config)."""
    config = {key: record[key] for key in CONFIG_KEYS}
    config.update({key: _encoded("base64://", record[key]) for key in CERTIFICATES})
    config.update({"raw_" + key: record[key] if plain_text else _encoded("", record[key]) for key in CERTIFICATES})
    config.update({key: record[key] for key in CONFIG_TAIL_KEYS})
    auth_info = {"password": record["password"], "username": record["username"]}
    if record["cluster_type"] == "kafka" and record["username"] and record["password"]:
        auth_info.update(KAFKA_SASL)
    return {"cluster_config": config, "cluster_type": record["cluster_type"],
            "auth_info": auth_info if plain_text else _encoded("", json.dumps(auth_info))}


# --- parameters, checked as bk-monitor's DRF serializers check them

class Field(NamedTuple):
    kind: str  # "str", "int", "bool" or "json"
    default: Any = ...  # Ellipsis: required
    blank: bool = False
    max_length: int = 0
    pattern: re.Pattern | None = None


# DRF's BooleanField values (1 and 0 stand for True and False too, which are equal to them)
TRUE_VALUES = {"t", "y", "yes", "true", "on", "1", 1}
FALSE_VALUES = {"f", "n", "no", "false", "off", "0", 0}

CREATE = {
    "cluster_name": Field("str", "", blank=True, pattern=CLUSTER_NAME), "display_name": Field("str", None, max_length=128),
    "cluster_type": Field("str"), "domain_name": Field("str"), "port": Field("int"),
    "description": Field("str", "", blank=True), "auth_info": Field("json", {}), "version": Field("str", ""),
    "custom_option": Field("str", ""), "schema": Field("str", ""), "is_ssl_verify": Field("bool", False),
    "ssl_verification_mode": Field("str", ""), "ssl_certificate_authorities": Field("str", ""),
    "ssl_certificate": Field("str", ""), "ssl_certificate_key": Field("str", ""),
    "ssl_insecure_skip_verify": Field("bool", False), "extranet_domain_name": Field("str", ""),
    "extranet_port": Field("int", 0), "operator": Field("str"),
}
MODIFY = {
    "cluster_id": Field("int", None), "cluster_name": Field("str", None, pattern=CLUSTER_NAME),
    "cluster_type": Field("str", None), "display_name": Field("str", None, max_length=128),
    "description": Field("str", None, blank=True), "auth_info": Field("json", {}), "custom_option": Field("str", None),
    "schema": Field("str", None), "is_ssl_verify": Field("bool", None), "ssl_verification_mode": Field("str", None),
    "ssl_certificate_authorities": Field("str", None), "ssl_certificate": Field("str", None),
    "ssl_certificate_key": Field("str", None), "ssl_insecure_skip_verify": Field("bool", None),
    "extranet_domain_name": Field("str", None), "extranet_port": Field("int", None), "operator": Field("str"),
}
MODIFIABLE = [key for key in MODIFY if key not in ("cluster_id", "cluster_name", "cluster_type", "auth_info", "operator")]
DELETE = {"cluster_id": Field("int", None), "cluster_name": Field("str", None)}
GET = {"cluster_id": Field("int", None), "cluster_name": Field("str", None), "cluster_type": Field("str", None),
       "is_plain_text": Field("bool", False)}


class _Invalid(Exception):
    """(DRF's message, its code) for one field."""


def _value(field, value):
    if value is None:
        raise _Invalid("This field may not be null.", "null")
    if field.kind == "json":
        return value
    if field.kind == "bool":
        key = value.lower() if isinstance(value, str) else value
        if isinstance(key, (str, int, float)) and key in TRUE_VALUES | FALSE_VALUES:
            return key in TRUE_VALUES
        raise _Invalid("Must be a valid boolean.", "invalid")
    if field.kind == "int":
        try:
            return int(re.sub(r"\.0*\s*$", "", str(value)))
        except ValueError:
            raise _Invalid("A valid integer is required.", "invalid") from None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _Invalid("Not a valid string.", "invalid")
    text = str(value).strip()
    if not text and not field.blank:
        raise _Invalid("This field may not be blank.", "blank")
    if field.max_length and len(text) > field.max_length:
        raise _Invalid("Ensure this field has no more than %d characters." % field.max_length, "max_length")
    if text and field.pattern and not field.pattern.match(text):
        raise _Invalid("This value does not match the required pattern.", "invalid")
    return text


def _validated(fields, params):
    """The values of `fields` in `params`, or MonitorError 400 rendered as bk-monitor renders a ValidationError."""
    values, errors = {}, {}
    for name, field in fields.items():
        try:
            if name in params:
                values[name] = _value(field, params[name])
            elif field.default is ...:
                raise _Invalid("This field is required.", "required")
            else:
                values[name] = field.default
        except _Invalid as problem:
            errors[name] = problem.args
    if errors:
        message = "{%s}" % ", ".join("%r: [ErrorDetail(string=%r, code=%r)]" % (name, text, code)
                                     for name, (text, code) in errors.items())
        raise MonitorError(INVALID_PARAMS, message, {name: [text] for name, (text, code) in errors.items()})
    return values


def _credentials(auth_info):
    """(username, password) of `auth_info`; a key left out is "", as bk-monitor sets both."""
    if not isinstance(auth_info, dict):  # bk-monitor calls auth_info.get() on whatever JSON it was given
        raise MonitorError(VALUE_ERROR, "'%s' object has no attribute 'get'" % type(auth_info).__name__)
    return auth_info.get("username", ""), auth_info.get("password", "")


def _find(data, values, allowed, ambiguous):
    """The one cluster that `allowed` lets the caller reach, by cluster_id, else by cluster_name (and cluster_type)."""
    if values["cluster_id"] is None and values["cluster_name"] is None:
        raise MonitorError(VALUE_ERROR, NO_ID_OR_NAME)
    if values["cluster_id"] is not None:
        query = {"cluster_id": values["cluster_id"]}
    else:
        query = {"cluster_name": values["cluster_name"]}
        if values.get("cluster_type") is not None:
            query["cluster_type"] = values["cluster_type"]
    found = [c for c in data["clusters"] if allowed(c) and all(c[key] == value for key, value in query.items())]
    if not found:
        raise MonitorError(VALUE_ERROR, NOT_FOUND)
    if len(found) > 1:
        raise MonitorError(VALUE_ERROR, ambiguous.format(len(found)))
    return found[0]


# --- the components

def create_cluster_info(data, params, app_code):
    values = _validated(CREATE, params)
    username, password = _credentials(values.pop("auth_info"))
    operator = values.pop("operator")
    name = values["cluster_name"] or "auto_cluster_name_" + "".join(random.choices(string.ascii_letters + string.digits, k=16))
    if any(c["cluster_name"] == name for c in data["clusters"]):
        raise MonitorError(VALUE_ERROR, NAME_TAKEN.format(name))
    if values["cluster_type"] not in CREATABLE_TYPES:
        raise MonitorError(VALUE_ERROR, TYPE_UNSUPPORTED.format(values["cluster_type"]))
    if any((c["domain_name"], c["port"], c["username"]) == (values["domain_name"], values["port"], username)
           for c in data["clusters"]):
        raise MonitorError(VALUE_ERROR, SAME_CONFIG)
    record = _new_cluster(data, dict(values, cluster_name=name, display_name=values["display_name"] or name,
                                     username=username, password=password, registered_system=app_code,
                                     is_default_cluster=False, creator=operator, last_modify_user=operator))
    return record["cluster_id"] if data["create_response"] == "int" else {"cluster_id": record["cluster_id"]}


def get_cluster_info(data, params, app_code):
    values = _validated(GET, params)
    query = {}
    if values["cluster_id"] is not None:
        query["cluster_id"] = values["cluster_id"]
    elif values["cluster_name"] is not None:
        query["cluster_name"] = values["cluster_name"]
    if values["cluster_type"] is not None:
        query["cluster_type"] = values["cluster_type"]
    return [_config(c, values["is_plain_text"]) for c in data["clusters"]
            if all(c[key] == value for key, value in query.items())]


def modify_cluster_info(data, params, app_code):
    values = _validated(MODIFY, params)
    record = _find(data, values, lambda c: c["registered_system"] in (app_code, DEFAULT_SYSTEM) or c["cluster_type"] == "doris",
                   AMBIGUOUS)
    # A cluster stored with a name that breaks the rule is renamed on the way (bk-monitor does so).
    record["display_name"] = record["display_name"] or record["cluster_name"]
    if not CLUSTER_NAME.match(record["cluster_name"]):
        record["cluster_name"] = "auto_cluster_name_%d" % record["cluster_id"]
    # auth_info defaults to {}: a modify without it blanks both the username and the password.
    username, password = _credentials(values["auth_info"])
    record.update({key: values[key] for key in MODIFIABLE if values[key] is not None})
    record.update(username=username, password=password, last_modify_user=values["operator"],
                  last_modify_time=int(time.time()))
    return _config(record, plain_text=True)


def delete_cluster_info(data, params, app_code):
    record = _find(data, _validated(DELETE, params), lambda c: c["registered_system"] == app_code, AMBIGUOUS_DELETE)
    if record["is_default_cluster"]:
        raise MonitorError(VALUE_ERROR, DEFAULT_CLUSTER)
    if record["result_tables"]:
        raise MonitorError(VALUE_ERROR, OPEN_RESULT_TABLES.format(",".join(str(table) for table in record["result_tables"])))
    data["clusters"].remove(record)
    return None


MONITOR_V3 = MonitorSystem("monitor_v3", "blueking", {
    "metadata_create_cluster_info": esb.Component(create_cluster_info, mutating=True),
    "metadata_get_cluster_info": esb.Component(get_cluster_info, mutating=False),
    "metadata_modify_cluster_info": esb.Component(modify_cluster_info, mutating=True),
    "metadata_delete_cluster_info": esb.Component(delete_cluster_info, mutating=True),
}, data_key=DATA_KEY)


# --- test hooks

class ResultTables(BaseModel):
    ids: list[int | str]


class CreateResponse(BaseModel):
    shape: Literal["int", "dict"]


hooks = APIRouter(prefix=CONTROL_PREFIX + "/blueking/monitor")


def _saved(request, change):
    """Apply change(data) to the monitor data, save the state, and return what it returned."""
    emulator = current(request)
    result = change(emulator.store.data[DATA_KEY])
    emulator.store.save()
    return result


@hooks.post("/clusters/{cluster_id}/result_tables")
async def set_result_tables(request: Request, cluster_id: int, body: ResultTables):
    """Pretend these enabled result tables store data in the cluster ([] for none): bk-monitor will not delete it."""
    def change(data):
        record = next((c for c in data["clusters"] if c["cluster_id"] == cluster_id), None)
        if record is None:
            raise HTTPException(404, "no cluster %d" % cluster_id)
        record["result_tables"] = body.ids
        return {"cluster_id": cluster_id, "ids": body.ids}
    return _saved(request, change)


@hooks.post("/clusters")
async def add_cluster(request: Request, body: dict[str, Any] = Body(...)):
    """Add a cluster as an operator would, without the API's rules: another app's, a default, a doris cluster..."""
    missing = [key for key in MODEL_REQUIRED if key not in body]
    unknown = sorted(set(body) - set(MODEL_REQUIRED) - set(MODEL_DEFAULTS))
    if missing or unknown:
        raise HTTPException(422, "missing keys %s, unknown keys %s" % (missing, unknown))
    return _saved(request, lambda data: _new_cluster(data, body))


@hooks.post("/create_response")
async def set_create_response(request: Request, body: CreateResponse):
    """How create answers: "int", the bare cluster_id as bk-monitor's code does (the default, restored by a reset),
    or "dict", {"cluster_id": id} as the ESB document shows."""
    def change(data):
        data["create_response"] = body.shape
        return {"shape": body.shape}
    return _saved(request, change)


router = APIRouter()
router.include_router(MONITOR_V3.router())
router.include_router(hooks)

PLATFORM = Platform(name=DATA_KEY, router=router, seed=seed, operation=MONITOR_V3.operation)

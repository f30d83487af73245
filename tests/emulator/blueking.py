# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""BlueKing CMDB behind the ESB (`cc` components): businesses and their sets.

Codes and rules are CMDB's, per platform-apis.md section 2. The emulator has no custom mainline
levels, so a set's parent is always its business.
"""

from __future__ import annotations

import datetime
from functools import partial
from typing import Any, Callable, NamedTuple

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field

from . import esb
from .core import CONTROL_PREFIX, Platform, current
from .esb import ApiError

SUPPLIER_ACCOUNT = "0"
IDLE_SET_NAME = "空闲机池"
PAGE_LIMIT = 200
MAX_FILTER_RULES = 20
MAX_FILTER_DEPTH = 3
MAX_FILTER_VALUES = 500

PARAMS_INVALID = 1199006      # a value fails its attribute's check
PARAM_NOT_INT = 1199009
PARAM_MISSING = 1199010
PARAM_BAD_REFERENCE = 1199011  # invalid or nonexistent; also condition and filter together
NOT_FOUND = 1199019
PAGE_LIMIT_EXCEEDED = 1199059
HAS_HOSTS = 1101030
BUILT_IN = 1101098
DUPLICATE_NAME = 1101108


# --- the set model: attribute checks return an error text, or None if the value is fine

class Attribute(NamedTuple):
    check: Callable[[Any], str | None]
    default: Any


def _string(limit, value):
    if not isinstance(value, str):
        return "must be a string"
    return "must be at most %d characters" % limit if len(value) > limit else None


def _integer(low, high, value):
    if not isinstance(value, int) or isinstance(value, bool):
        return "must be an integer"
    return "must be between %d and %d" % (low, high) if not low <= value <= high else None


def _enum(allowed, value):
    return None if value in allowed else "must be one of %s" % ", ".join('"%s"' % item for item in allowed)


def _name(value):
    if isinstance(value, str) and not value:
        return "must not be empty"
    return _string(256, value)


# The set model. None is accepted for every attribute but the name.
SET_ATTRIBUTES = {
    "bk_set_name": Attribute(_name, None),
    "bk_set_desc": Attribute(partial(_string, 256), ""),
    "description": Attribute(partial(_string, 2000), ""),
    "bk_capacity": Attribute(partial(_integer, 1, 999_999_999), None),
    "bk_set_env": Attribute(partial(_enum, ("1", "2", "3")), "3"),
    "bk_service_status": Attribute(partial(_enum, ("1", "2")), "1"),
    "set_template_id": Attribute(partial(_integer, 0, 2 ** 63 - 1), 0),
    "default": Attribute(partial(_integer, 0, 1), 0),
    # custom attributes of the emulated model
    "region": Attribute(partial(_string, 256), ""),
    "owner_team": Attribute(partial(_string, 256), ""),
}
# Keys the server owns: accepted in `data` and ignored.
SERVER_KEYS = {"bk_biz_id", "bk_set_id", "bk_parent_id", "bk_supplier_account", "metadata", "create_time",
               "last_time", "bk_created_at", "bk_updated_at", "bk_created_by", "bk_updated_by",
               "set_template_version", "bk_data_status"}
NOT_UPDATABLE = {"set_template_id", "default"}


def _now():
    return datetime.datetime.now().astimezone().isoformat(timespec="milliseconds")


def _business(biz_id, name, default=0, status="enable"):
    now = _now()
    return {"bk_biz_id": biz_id, "bk_biz_name": name, "bk_biz_maintainer": "admin", "bk_biz_productor": "admin",
            "bk_biz_developer": "admin", "bk_biz_tester": "admin", "time_zone": "Asia/Shanghai", "language": "1",
            "default": default, "life_cycle": "2", "operator": "admin", "bk_supplier_account": SUPPLIER_ACCOUNT,
            "bk_data_status": status, "create_time": now, "last_time": now}


def _new_set(set_id, biz_id, values, user):
    now = _now()
    record = {"bk_set_id": set_id, "bk_biz_id": biz_id, "bk_parent_id": biz_id,
              "bk_supplier_account": SUPPLIER_ACCOUNT, "set_template_version": None,
              "create_time": now, "last_time": now, "bk_created_at": now, "bk_updated_at": now,
              "bk_created_by": user, "bk_updated_by": user}
    record.update({key: attribute.default for key, attribute in SET_ATTRIBUTES.items()})
    record.update(values)
    return record


def seed():
    businesses = [_business(1, "资源池", default=1), _business(2, "demo"), _business(3, "payments"),
                  _business(4, "legacy", status="disabled")]
    sets = [_new_set(biz["bk_biz_id"] + 1, biz["bk_biz_id"], {"bk_set_name": IDLE_SET_NAME, "default": 1}, "admin")
            for biz in businesses]
    return {"businesses": businesses, "sets": sets, "next_set_id": len(sets) + 2, "hosts": {},
            "esb_auth": esb.AUTH_MODES[0]}


# --- parameters

def _int_param(params, key):
    value = params.get(key)
    if value is None:
        raise ApiError(PARAM_MISSING, "'%s' is not assigned" % key)
    if isinstance(value, str) and value.isdecimal():
        return int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ApiError(PARAM_NOT_INT, "the '%s' parameter must be an integer" % key)
    return value


def _data_param(params):
    data = params.get("data")
    if not isinstance(data, dict):
        raise ApiError(PARAMS_INVALID, "params verification failed: data must be an object")
    return data


def _checked_values(data, ignored):
    """The attribute values of `data`, trimmed as CMDB trims strings, or ApiError for a bad or unknown key."""
    values = {}
    for key, value in data.items():
        if key in ignored:
            continue
        if key not in SET_ATTRIBUTES:
            raise ApiError(PARAMS_INVALID, "params verification failed: unknown attribute '%s'" % key)
        if isinstance(value, str):
            value = value.strip()
        problem = SET_ATTRIBUTES[key].check(value) if value is not None or key == "bk_set_name" else None
        if problem:
            raise ApiError(PARAMS_INVALID, "params verification failed: %s %s" % (key, problem))
        values[key] = value
    return values


def _find_business(data, biz_id):
    return next((biz for biz in data["businesses"] if biz["bk_biz_id"] == biz_id), None)


def _find_set(data, biz_id, set_id):
    return next((s for s in data["sets"] if s["bk_set_id"] == set_id and s["bk_biz_id"] == biz_id), None)


def _check_unique_name(data, parent_id, name, set_id=None):
    for other in data["sets"]:
        if other["bk_parent_id"] == parent_id and other["bk_set_name"] == name and other["bk_set_id"] != set_id:
            raise ApiError(DUPLICATE_NAME, "the same set name exist")


# --- searching: legacy `condition`, QueryBuilder `filter`, fields and page

OPERATORS = {
    "equal": lambda actual, value: actual == value,
    "not_equal": lambda actual, value: actual != value,
    "in": lambda actual, value: actual in value,
    "not_in": lambda actual, value: actual not in value,
    "less": lambda actual, value: actual < value,
    "less_or_equal": lambda actual, value: actual <= value,
    "greater": lambda actual, value: actual > value,
    "greater_or_equal": lambda actual, value: actual >= value,
    "between": lambda actual, value: value[0] <= actual <= value[1],
    "not_between": lambda actual, value: not value[0] <= actual <= value[1],
}
LIST_OPERATORS = {"in", "not_in", "between", "not_between"}
MONGO_OPERATORS = {"$eq": "equal", "$ne": "not_equal", "$in": "in", "$nin": "not_in", "$lt": "less",
                   "$lte": "less_or_equal", "$gt": "greater", "$gte": "greater_or_equal"}


def _invalid_filter(problem):
    return ApiError(PARAMS_INVALID, "params verification failed: filter %s" % problem)


def _rule_predicate(rule):
    field, operator, value = rule.get("field"), rule.get("operator"), rule.get("value")
    if not isinstance(field, str) or not field:
        raise _invalid_filter("rule needs a field")
    if operator not in OPERATORS:
        raise _invalid_filter("operator '%s' is not supported" % operator)
    if operator in LIST_OPERATORS:
        if not isinstance(value, list) or len(value) > MAX_FILTER_VALUES:
            raise _invalid_filter("%s needs a list of at most %d values" % (operator, MAX_FILTER_VALUES))
        if "between" in operator and len(value) != 2:
            raise _invalid_filter("%s needs two values" % operator)
    compare = OPERATORS[operator]

    def predicate(record):
        try:
            return compare(record.get(field), value)
        except TypeError:  # an ordering between a missing or differently typed value and the operand
            return False
    return predicate


def _compile_filter(spec, depth=1):
    """(predicate, number of rules) for a QueryBuilder filter: a rule, or {condition, rules} nested."""
    if not isinstance(spec, dict):
        raise _invalid_filter("must be an object")
    if "rules" not in spec:
        return _rule_predicate(spec), 1
    if depth > MAX_FILTER_DEPTH:
        raise _invalid_filter("nests deeper than %d levels" % MAX_FILTER_DEPTH)
    condition, rules = spec.get("condition"), spec.get("rules")
    if condition not in ("AND", "OR") or not isinstance(rules, list) or not rules:
        raise _invalid_filter("needs condition AND or OR and a list of rules")
    predicates, counts = zip(*(_compile_filter(rule, depth + 1) for rule in rules))
    if sum(counts) > MAX_FILTER_RULES:
        raise _invalid_filter("has more than %d rules" % MAX_FILTER_RULES)
    combine = all if condition == "AND" else any
    return (lambda record: combine(predicate(record) for predicate in predicates)), sum(counts)


def _condition_filter(condition):
    """The legacy Mongo-style condition {field: value | {"$op": value}} as a QueryBuilder filter."""
    if not isinstance(condition, dict):
        raise ApiError(PARAMS_INVALID, "params verification failed: condition must be an object")
    rules = []
    for field, value in condition.items():
        if isinstance(value, dict):
            for mongo_operator, operand in value.items():
                if mongo_operator not in MONGO_OPERATORS:
                    raise ApiError(PARAMS_INVALID, "params verification failed: condition operator '%s' is not "
                                                   "supported" % mongo_operator)
                rules.append({"field": field, "operator": MONGO_OPERATORS[mongo_operator], "value": operand})
        else:
            rules.append({"field": field, "operator": "equal", "value": value})
    return {"condition": "AND", "rules": rules} if rules else None


def _search(records, params, filter_key):
    """CMDB search: `condition` or the QueryBuilder `filter_key`, then `fields` and `page`; {count, info}."""
    if params.get("condition") is not None and params.get(filter_key) is not None:
        raise ApiError(PARAM_BAD_REFERENCE, "condition and %s can not be set at the same time" % filter_key)
    query = params.get(filter_key)
    if params.get("condition") is not None:
        query = _condition_filter(params["condition"])
    if query is not None:
        predicate = _compile_filter(query)[0]
        records = [record for record in records if predicate(record)]

    page = params.get("page") or {}
    if not isinstance(page, dict) or not isinstance(page.get("sort") or "", str):
        raise ApiError(PARAMS_INVALID, "params verification failed: page must be {start, limit, sort}")
    start, limit, sort = page.get("start", 0), page.get("limit", 0), page.get("sort") or ""
    for key, number in (("start", start), ("limit", limit)):
        if not isinstance(number, int) or isinstance(number, bool) or number < 0:
            raise ApiError(PARAMS_INVALID, "params verification failed: page.%s must be an integer >= 0" % key)
    if limit > PAGE_LIMIT:
        raise ApiError(PAGE_LIMIT_EXCEEDED, "page limit is exceeded. suggestion %d" % PAGE_LIMIT)
    records = _sorted(records, sort)
    selected = records[start:start + limit] if limit else records[start:]

    fields = params.get("fields") or []
    if not isinstance(fields, list) or not all(isinstance(field, str) for field in fields):
        raise ApiError(PARAMS_INVALID, "params verification failed: fields must be a list of names")
    if fields:
        selected = [{key: record[key] for key in fields if key in record} for record in selected]
    return {"count": len(records), "info": selected}


def _sorted(records, sort):
    """`sort` is comma-separated keys, "field" ascending or "-field" descending."""
    for key in reversed([key for key in sort.split(",") if key.strip("-")]):
        records = sorted(records, key=partial(_sort_key, key.lstrip("-")), reverse=key.startswith("-"))
    return records


def _sort_key(field, record):
    value = record.get(field)
    return value is not None, value  # null sorts first, as in MongoDB


# --- the components

def search_business(data, params, user):
    return _search(data["businesses"], params, "biz_property_filter")


def search_set(data, params, user):
    biz_id = _int_param(params, "bk_biz_id")
    return _search([s for s in data["sets"] if s["bk_biz_id"] == biz_id], params, "filter")


def create_set(data, params, user):
    biz_id = _int_param(params, "bk_biz_id")
    if _find_business(data, biz_id) is None:
        raise ApiError(PARAM_BAD_REFERENCE, "the 'bk_biz_id' parameter is invalid or does not exist")
    fields = _data_param(params)
    for key in ("bk_parent_id", "bk_set_name"):
        if key not in fields:
            raise ApiError(PARAM_MISSING, "'%s' is not assigned" % key)
    parent_id = _int_param(fields, "bk_parent_id")
    values = _checked_values(fields, SERVER_KEYS)
    if parent_id != biz_id:
        raise ApiError(PARAM_BAD_REFERENCE, "the 'bk_parent_id' parameter is invalid or does not exist")
    if values.get("set_template_id"):
        raise ApiError(PARAM_BAD_REFERENCE, "the 'set_template_id' parameter is invalid or does not exist")
    _check_unique_name(data, parent_id, values["bk_set_name"])

    record = _new_set(data["next_set_id"], biz_id, values, user)
    data["next_set_id"] += 1
    data["sets"].append(record)
    return record


def update_set(data, params, user):
    record = _find_set(data, _int_param(params, "bk_biz_id"), _int_param(params, "bk_set_id"))
    if record is None:
        raise ApiError(NOT_FOUND, "No relevant data found")
    if record["default"] != 0:
        raise ApiError(BUILT_IN, "forbidden remove or update built in set or module")
    values = _checked_values(_data_param(params), SERVER_KEYS | NOT_UPDATABLE)
    if "bk_set_name" in values:
        _check_unique_name(data, record["bk_parent_id"], values["bk_set_name"], record["bk_set_id"])

    now = _now()
    record.update(values, last_time=now, bk_updated_at=now, bk_updated_by=user)
    return None


def delete_set(data, params, user):
    set_id = _int_param(params, "bk_set_id")
    record = _find_set(data, _int_param(params, "bk_biz_id"), set_id)
    if record is None:  # CMDB deletes nothing and reports success
        return None
    if record["default"] != 0:
        raise ApiError(BUILT_IN, "forbidden remove or update built in set or module")
    if data["hosts"].get(str(set_id)):
        raise ApiError(HAS_HOSTS, "Having hosts under the target, deleting forbidden")
    data["sets"].remove(record)
    data["hosts"].pop(str(set_id), None)
    return None


CC = esb.System("cc", "blueking", {
    "search_business": esb.Component(search_business, mutating=False),
    "search_set": esb.Component(search_set, mutating=False),
    "create_set": esb.Component(create_set, mutating=True),
    "update_set": esb.Component(update_set, mutating=True),
    "delete_set": esb.Component(delete_set, mutating=True),
})


# --- test hooks

class HostCount(BaseModel):
    count: int = Field(ge=0)


hooks = APIRouter(prefix=CONTROL_PREFIX + "/blueking/cmdb")


@hooks.post("/sets/{bk_set_id}/hosts")
async def set_host_count(request: Request, bk_set_id: int, body: HostCount):
    """Pretend the set holds `count` hosts (CMDB refuses to delete a set with hosts)."""
    emulator = current(request)
    data = emulator.store.data["blueking"]
    if not any(s["bk_set_id"] == bk_set_id for s in data["sets"]):
        raise HTTPException(404, "no set %d" % bk_set_id)
    data["hosts"][str(bk_set_id)] = body.count
    emulator.store.save()
    return {"bk_set_id": bk_set_id, "count": body.count}


router = APIRouter()
router.include_router(CC.router())
router.include_router(hooks)
router.include_router(esb.hooks)

PLATFORM = Platform(name="blueking", router=router, seed=seed, operation=CC.operation,
                    new_credentials=esb.new_credentials, connection_vars=esb.connection_vars)

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What CMDB's components share: error codes, attribute checks, parameters, searching and paging.

Codes and messages are CMDB's (bk-cmdb src/common/errInfo.go, resources/errors/english/en/*.json),
as ESB passes them on (platform-apis.md section 2.1).
"""

from __future__ import annotations

import datetime
from functools import partial
from typing import Any, Callable, NamedTuple

from .esb import ApiError

SUPPLIER_ACCOUNT = "0"
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
EXCEEDS_LIMIT = 1199035


# --- attribute checks return an error text, or None if the value is fine

class Attribute(NamedTuple):
    check: Callable[[Any], str | None]
    default: Any


def string(limit, value):
    if not isinstance(value, str):
        return "must be a string"
    return "must be at most %d characters" % limit if len(value) > limit else None


def integer(low, high, value):
    if not isinstance(value, int) or isinstance(value, bool):
        return "must be an integer"
    return "must be between %d and %d" % (low, high) if not low <= value <= high else None


def enum(allowed, value):
    return None if value in allowed else "must be one of %s" % ", ".join('"%s"' % item for item in allowed)


def name_check(value):
    if isinstance(value, str) and not value:
        return "must not be empty"
    return string(256, value)


def now():
    return datetime.datetime.now().astimezone().isoformat(timespec="milliseconds")


# --- parameters

def int_param(params, key):
    value = params.get(key)
    if value is None:
        raise ApiError(PARAM_MISSING, "'%s' is not assigned" % key)
    if isinstance(value, str) and value.isdecimal():
        return int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ApiError(PARAM_NOT_INT, "the '%s' parameter must be an integer" % key)
    return value


def data_param(params):
    data = params.get("data")
    if not isinstance(data, dict):
        raise ApiError(PARAMS_INVALID, "params verification failed: data must be an object")
    return data


def checked_values(attributes, data, ignored, required=()):
    """The values of `data` for `attributes` (name: Attribute), trimmed as CMDB trims strings, or ApiError
    for a bad or unknown key. Keys in `ignored` are dropped; None passes for all but the `required` keys."""
    values = {}
    for key, value in data.items():
        if key in ignored:
            continue
        if key not in attributes:
            raise ApiError(PARAMS_INVALID, "params verification failed: unknown attribute '%s'" % key)
        if isinstance(value, str):
            value = value.strip()
        problem = attributes[key].check(value) if value is not None or key in required else None
        if problem:
            raise ApiError(PARAMS_INVALID, "params verification failed: %s %s" % (key, problem))
        values[key] = value
    return values


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


def compile_filter(spec, depth=1):
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
    predicates, counts = zip(*(compile_filter(rule, depth + 1) for rule in rules))
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


def search(records, params, filter_key):
    """CMDB search: `condition` or the QueryBuilder `filter_key`, then `fields` and `page`; {count, info}."""
    if params.get("condition") is not None and params.get(filter_key) is not None:
        raise ApiError(PARAM_BAD_REFERENCE, "condition and %s can not be set at the same time" % filter_key)
    query = params.get(filter_key)
    if params.get("condition") is not None:
        query = _condition_filter(params["condition"])
    records = select(records, query)
    start, limit, sort = page_param(params)
    if limit > PAGE_LIMIT:
        raise ApiError(PAGE_LIMIT_EXCEEDED, "page limit is exceeded. suggestion %d" % PAGE_LIMIT)
    records = sort_records(records, sort)
    selected = records[start:start + limit] if limit else records[start:]
    return {"count": len(records), "info": project(selected, params)}


def select(records, query):
    """The records that match the QueryBuilder filter `query` (all when it is None)."""
    if query is None:
        return records
    predicate = compile_filter(query)[0]
    return [record for record in records if predicate(record)]


def page_param(params):
    """(start, limit, sort) of params["page"], checked for type only: each caller checks its limit."""
    page = params.get("page") or {}
    if not isinstance(page, dict) or not isinstance(page.get("sort") or "", str):
        raise ApiError(PARAMS_INVALID, "params verification failed: page must be {start, limit, sort}")
    start, limit, sort = page.get("start", 0), page.get("limit", 0), page.get("sort") or ""
    for key, number in (("start", start), ("limit", limit)):
        if not isinstance(number, int) or isinstance(number, bool) or number < 0:
            raise ApiError(PARAMS_INVALID, "params verification failed: page.%s must be an integer >= 0" % key)
    return start, limit, sort


def project(records, params):
    """The records with only params["fields"] (all their keys when it is empty)."""
    fields = params.get("fields") or []
    if not isinstance(fields, list) or not all(isinstance(field, str) for field in fields):
        raise ApiError(PARAMS_INVALID, "params verification failed: fields must be a list of names")
    if not fields:
        return records
    return [{key: record[key] for key in fields if key in record} for record in records]


def sort_records(records, sort):
    """`sort` is comma-separated keys, "field" ascending or "-field" descending."""
    for key in reversed([key for key in sort.split(",") if key.strip("-")]):
        records = sorted(records, key=partial(_sort_key, key.lstrip("-")), reverse=key.startswith("-"))
    return records


def _sort_key(field, record):
    value = record.get(field)
    return value is not None, value  # null sorts first, as in MongoDB

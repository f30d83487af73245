# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""BlueKing CMDB behind the ESB (`cc` components): businesses and their sets.

Codes and rules are CMDB's, per platform-apis.md section 2. The emulator has no custom mainline
levels, so a set's parent is always its business. Modules, hosts and their transfers are in
cmdb_hosts.py; set and service templates in cmdb_templates.py (create_set with a set_template_id
creates the template's modules, as described there); what the components share (codes, checks,
searching) in cmdb_common.py.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel

from . import cmdb_hosts, cmdb_templates, esb
from .cmdb_common import (BUILT_IN, HAS_HOSTS, NOT_FOUND, PARAM_BAD_REFERENCE, PARAM_MISSING, SUPPLIER_ACCOUNT,
                          Attribute, checked_values, data_param, enum, int_param, integer, name_check, now, search,
                          string)
from .core import CONTROL_PREFIX, Platform, current
from .esb import ApiError

IDLE_SET_NAME = "空闲机池"
TOPOLOGY_VERSION = 1  # data["topology"]: ensure_topology() has given every business its idle set and modules
DUPLICATE_NAME = 1101108

# The set model. None is accepted for every attribute but the name.
SET_ATTRIBUTES = {
    "bk_set_name": Attribute(name_check, None),
    "bk_set_desc": Attribute(partial(string, 256), ""),
    "description": Attribute(partial(string, 2000), ""),
    "bk_capacity": Attribute(partial(integer, 1, 999_999_999), None),
    "bk_set_env": Attribute(partial(enum, ("1", "2", "3")), "3"),
    "bk_service_status": Attribute(partial(enum, ("1", "2")), "1"),
    "set_template_id": Attribute(partial(integer, 0, 2 ** 63 - 1), 0),
    "default": Attribute(partial(integer, 0, 1), 0),
    # custom attributes of the emulated model
    "region": Attribute(partial(string, 256), ""),
    "owner_team": Attribute(partial(string, 256), ""),
}
# Keys the server owns: accepted in `data` and ignored.
SERVER_KEYS = {"bk_biz_id", "bk_set_id", "bk_parent_id", "bk_supplier_account", "metadata", "create_time",
               "last_time", "bk_created_at", "bk_updated_at", "bk_created_by", "bk_updated_by",
               "set_template_version", "bk_data_status"}
NOT_UPDATABLE = {"set_template_id", "default"}


def _business(biz_id, name, default=0, status="enable"):
    stamp = now()
    return {"bk_biz_id": biz_id, "bk_biz_name": name, "bk_biz_maintainer": "admin", "bk_biz_productor": "admin",
            "bk_biz_developer": "admin", "bk_biz_tester": "admin", "time_zone": "Asia/Shanghai", "language": "1",
            "default": default, "life_cycle": "2", "operator": "admin", "bk_supplier_account": SUPPLIER_ACCOUNT,
            "bk_data_status": status, "create_time": stamp, "last_time": stamp}


def _new_set(set_id, biz_id, values, user):
    stamp = now()
    record = {"bk_set_id": set_id, "bk_biz_id": biz_id, "bk_parent_id": biz_id,
              "bk_supplier_account": SUPPLIER_ACCOUNT, "set_template_version": None,
              "create_time": stamp, "last_time": stamp, "bk_created_at": stamp, "bk_updated_at": stamp,
              "bk_created_by": user, "bk_updated_by": user}
    record.update({key: attribute.default for key, attribute in SET_ATTRIBUTES.items()})
    record.update(values)
    return record


def seed():
    """The businesses, each with its idle set (and in it the built-in modules), and the pool's hosts."""
    businesses = [_business(1, "资源池", default=1), _business(2, "demo"), _business(3, "payments"),
                  _business(4, "legacy", status="disabled")]
    data = {"businesses": businesses, "sets": [], "next_set_id": 2, "esb_auth": esb.AUTH_MODES[0]}
    ensure_topology(data)
    cmdb_hosts.seed_pool_hosts(data)
    return data


def ensure_topology(data):
    """Every business has its idle set with the built-in modules in it: made at seed, and made for the
    businesses of a state saved before the emulator had them (then `data` gets them on its first use)."""
    cmdb_templates.ensure_templates(data)
    if data.get("topology") == TOPOLOGY_VERSION:
        return
    cmdb_hosts.ensure_model(data)
    for biz in data["businesses"]:
        if not any(s["bk_biz_id"] == biz["bk_biz_id"] and s["default"] == 1 for s in data["sets"]):
            data["sets"].append(_new_set(data["next_set_id"], biz["bk_biz_id"],
                                         {"bk_set_name": IDLE_SET_NAME, "default": 1}, "admin"))
            data["next_set_id"] += 1
    for idle_set in [s for s in data["sets"] if s["default"] == 1]:
        cmdb_hosts.ensure_built_in_modules(data, idle_set)
    data["topology"] = TOPOLOGY_VERSION


def _find_business(data, biz_id):
    return next((biz for biz in data["businesses"] if biz["bk_biz_id"] == biz_id), None)


def _find_set(data, biz_id, set_id):
    return next((s for s in data["sets"] if s["bk_set_id"] == set_id and s["bk_biz_id"] == biz_id), None)


def _check_unique_name(data, parent_id, name, set_id=None):
    for other in data["sets"]:
        if other["bk_parent_id"] == parent_id and other["bk_set_name"] == name and other["bk_set_id"] != set_id:
            raise ApiError(DUPLICATE_NAME, "the same set name exist")


# --- the components

def search_business(data, params, user):
    return search(data["businesses"], params, "biz_property_filter")


def search_set(data, params, user):
    biz_id = int_param(params, "bk_biz_id")
    return search([s for s in data["sets"] if s["bk_biz_id"] == biz_id], params, "filter")


def create_set(data, params, user):
    biz_id = int_param(params, "bk_biz_id")
    if _find_business(data, biz_id) is None:
        raise ApiError(PARAM_BAD_REFERENCE, "the 'bk_biz_id' parameter is invalid or does not exist")
    fields = data_param(params)
    for key in ("bk_parent_id", "bk_set_name"):
        if key not in fields:
            raise ApiError(PARAM_MISSING, "'%s' is not assigned" % key)
    parent_id = int_param(fields, "bk_parent_id")
    values = checked_values(SET_ATTRIBUTES, fields, SERVER_KEYS, required={"bk_set_name"})
    if parent_id != biz_id:
        raise ApiError(PARAM_BAD_REFERENCE, "the 'bk_parent_id' parameter is invalid or does not exist")
    template = None
    if values.get("set_template_id") and not values.get("default"):
        template = cmdb_templates.set_template(data, biz_id, values["set_template_id"])
    else:
        values["set_template_id"] = 0
    _check_unique_name(data, parent_id, values["bk_set_name"])

    record = _new_set(data["next_set_id"], biz_id, values, user)
    data["next_set_id"] += 1
    data["sets"].append(record)
    if template is not None:
        for service in cmdb_templates.set_template_services(data, template):
            cmdb_hosts.add_template_module(data, record, service, user)
    return record


def update_set(data, params, user):
    record = _find_set(data, int_param(params, "bk_biz_id"), int_param(params, "bk_set_id"))
    if record is None:
        raise ApiError(NOT_FOUND, "No relevant data found")
    if record["default"] != 0:
        raise ApiError(BUILT_IN, "forbidden remove or update built in set or module")
    values = checked_values(SET_ATTRIBUTES, data_param(params), SERVER_KEYS | NOT_UPDATABLE,
                            required={"bk_set_name"})
    if "bk_set_name" in values:
        _check_unique_name(data, record["bk_parent_id"], values["bk_set_name"], record["bk_set_id"])

    stamp = now()
    record.update(values, last_time=stamp, bk_updated_at=stamp, bk_updated_by=user)
    return None


def delete_set(data, params, user):
    set_id = int_param(params, "bk_set_id")
    record = _find_set(data, int_param(params, "bk_biz_id"), set_id)
    if record is None:  # CMDB deletes nothing and reports success
        return None
    if record["default"] != 0:
        raise ApiError(BUILT_IN, "forbidden remove or update built in set or module")
    if cmdb_hosts.set_has_hosts(data, set_id):
        raise ApiError(HAS_HOSTS, "Having hosts under the target, deleting forbidden")
    cmdb_hosts.delete_set_modules(data, set_id)
    data["sets"].remove(record)
    return None


class CmdbSystem(esb.System):
    """The `cc` components, on data that has its topology (ensure_topology)."""

    def call(self, component, data, params, user, app_code):
        ensure_topology(data)
        return super().call(component, data, params, user, app_code)


CC = CmdbSystem("cc", "blueking", {
    "search_business": esb.Component(search_business, mutating=False),
    "search_set": esb.Component(search_set, mutating=False),
    "create_set": esb.Component(create_set, mutating=True),
    "update_set": esb.Component(update_set, mutating=True),
    "delete_set": esb.Component(delete_set, mutating=True),
    **{handler.__name__: esb.Component(handler, mutating=False) for handler in cmdb_templates.READS},
    **cmdb_hosts.COMPONENTS,
})


# --- test hook: hosts in bulk

class HostBatch(BaseModel):
    bk_biz_id: int | None = None
    bk_module_id: int | None = None
    hosts: list[dict[str, Any]]


hooks = APIRouter(prefix=CONTROL_PREFIX + "/blueking/cmdb")


@hooks.post("/hosts")
async def add_hosts(request: Request, body: HostBatch):
    """Create `hosts` (CMDB host attributes, bk_host_innerip required) in module `bk_module_id` of business
    `bk_biz_id`: the resource pool when the business is null, the business's idle module when the module
    is null. Answers {"bk_host_ids": [...]}; 404 for an unknown business or module, 422 for bad hosts."""
    emulator = current(request)
    data = emulator.store.data["blueking"]
    ensure_topology(data)
    try:
        ids = cmdb_hosts.add_hosts_in_bulk(data, body.bk_biz_id, body.bk_module_id, body.hosts)
    except LookupError as error:
        raise HTTPException(404, str(error)) from None
    except ValueError as error:
        raise HTTPException(422, str(error)) from None
    emulator.store.save()
    return {"bk_host_ids": ids}


class Templates(BaseModel):
    bk_biz_id: int
    service_templates: dict[str, int] = {}
    set_templates: dict[str, list[str]] = {}


@hooks.post("/templates")
async def add_templates(request: Request, body: Templates):
    """Add `service_templates` ({name: service category id}) and `set_templates` ({name: [service template
    names]}) to business `bk_biz_id`. Answers {"service_templates": [...], "set_templates": [...]}, the
    business's templates (a set template with its service_template_ids); 404 for an unknown business, 422 for a name it has or a member it lacks."""
    emulator = current(request)
    data = emulator.store.data["blueking"]
    ensure_topology(data)
    if _find_business(data, body.bk_biz_id) is None:
        raise HTTPException(404, "no business %d" % body.bk_biz_id)
    try:
        cmdb_templates.add_templates(data, body.bk_biz_id, body.service_templates, body.set_templates, "admin")
    except ValueError as error:
        raise HTTPException(422, str(error)) from None
    emulator.store.save()
    return {key: [t for t in data[key] if t["bk_biz_id"] == body.bk_biz_id]
            for key in ("service_templates", "set_templates")}


router = APIRouter()
router.include_router(CC.router())
router.include_router(hooks)
router.include_router(esb.hooks)

PLATFORM = Platform(name="blueking", router=router, seed=seed, operation=CC.operation,
                    new_credentials=esb.new_credentials, connection_vars=esb.connection_vars)

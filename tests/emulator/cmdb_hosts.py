# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""BlueKing CMDB behind the ESB (`cc` components): the modules of sets, hosts, and where hosts are.

Every component is POST /api/c/compapi/v2/cc/<component>/ with ESB's envelope, errors in HTTP 200
with result false and CMDB's code and message (platform-apis.md section 2.1). Paths below are bk-cmdb's
at 111e7ac (2026-05-28); "docs" is docs/apidoc/esb-cc/en/<component>.md or docs/apidoc/cc/en/<component>.md,
"errors" is resources/errors/english/en/*.json, codes are named in src/common/errInfo.go.

The model (src/common/definitions.go, src/source_controller/coreservice/core/host/transfer/):
- Each business has one idle set (空闲机池, default 1) holding the built-in modules 空闲机 (idle,
  default 1), 故障机 (fault, 2) and 待回收 (recycle, 3): blueking.ensure_topology() makes them at seed,
  and for every business of a state file saved before the emulator had modules. The resource pool is the business whose
  default is 1 (资源池); its idle module holds the hosts no business has.
- A host belongs to exactly one business: all its host-module relations are in that business. It can
  be in several normal modules (default 0) of its business, but a built-in module excludes all others
  (transfer.go validParameterModule: "translate host to multiple module not contain inner module").
- The emulator keeps the relations twice, by host and by module, so that lookups either way do not scan
  every host: "host_modules" {host id: [module ids]} and "module_hosts" {module id: {host id: null}}.

Modules (topo_server/service/inst_module.go, topo_server/logics/inst/module.go):
- create_module {bk_biz_id, bk_set_id, data: {bk_module_name, bk_parent_id (= bk_set_id when given),
  bk_module_type "1" common (default) | "2" database, operator, bk_bak_operator, service_category_id,
  service_template_id, custom attributes}} -> the module. The set must be the business's, else 1199011
  "'bk_biz_id/bk_set_id' the parameter is invalid or does not exist" (validBizSetID); a bk_parent_id other
  than the set gives 1199006. With neither service_category_id nor service_template_id the module gets the
  default service category (GetDefaultServiceCategory: "Default", id 2 as in the docs' example) and
  service_template_id 0; a service_category_id that does not exist gives 1199006 "'service_category_id'
  data parameter verification does not pass". A non-zero service_template_id makes CMDB take the
  template's category and attributes (checkServiceTemplateParam, initModuleWithSvcTemp): the template
  rules, and those of sets made from set templates, are in cmdb_templates.py. The module also gets
  host_apply_enabled false and set_template_id 0.
  Names are unique within a set: the unique index idx_unique_bizID_setID_moduleName (admin_server
  upgrader y3.9.202011021415/create_unique_index.go) refuses a duplicate with 1199014 "duplicated
  instances exist, fields [%s] duplicated" (coreservice instances/instance_crud.go: the bracket holds
  the index's duplicate key); 1101099 "the same module name exist" is defined but not used.
- update_module {bk_biz_id, bk_set_id, bk_module_id, data} -> null. The ids and server-owned keys in data
  are dropped (logics UpdateModule; the emulator drops default too); a set_template_id or
  service_template_id other than the module's gives 1199083 "modify field %s forbidden"
  (validUpdateModuleData). A built-in module (default other than 0 and 4, the resource
  pool's own directories) gives 1101098 "forbidden remove or update built in set or module"
  (inst_module.go checkIsBuiltInModule); a module that is not in the set gives 1199019.
- delete_module {bk_biz_id, bk_set_id, bk_module_id} -> null: 1101098 for a built-in module (checked
  first), 1101030 "Having hosts under the target, deleting forbidden" when hosts are in it, success when
  it does not exist. Deleting a set deletes its modules; a set with hosts gives 1101030 (blueking.py).
- search_module {bk_biz_id, bk_set_id (optional: every set of the business), fields, condition, page
  (limit at most 200, 1199059)} -> {count, info}.
- get_biz_internal_module {bk_biz_id} -> {bk_set_id, bk_set_name, module: [{bk_module_id, bk_module_name,
  default, host_apply_enabled}]} (logics/inst/module.go GetInternalModule); for a business that does not
  exist CMDB finds no idle set and answers success with {bk_set_id: 0, bk_set_name: "", module: null}.

Hosts (host_server/service/{findhost.go,module.go,host.go}, host_server/logics/{module.go,host.go}):
- list_biz_hosts {bk_biz_id, page {start, limit, sort}, bk_set_ids (<= 200) or set_cond, bk_module_ids
  (<= 500) or module_cond ([{field, operator "$eq" "$in" ..., value}]: both of a pair give 1199006),
  host_property_filter, fields} -> {count, info: [host]}, sorted by bk_host_id unless page.sort says
  otherwise. The docs say limit <= 500; the source refuses limit <= 0 and > 1000 (BasePage.IsIllegal,
  BKMaxPageSize) with 1199006 "'page.limit' data parameter verification does not pass", and too many
  ids with 1199006 naming the key (ListHostsParameter.Validate). The emulator does as the source.
- list_biz_hosts_topo {bk_biz_id, page {start, limit}, set_property_filter, module_property_filter,
  host_property_filter, fields} -> {count, info: [{host, topo: [{bk_set_id, bk_set_name, module:
  [{bk_module_id, bk_module_name}]}]}]}: page.limit 0 gives 1199010 "'page.limit' unassigned", over 500
  1199035 " page.limit exceed the limit 500" (ListBizHostsTopoParameter.Validate, BKMaxInstanceLimit).
  The filters choose the hosts; a host's topo lists all its sets and modules in the business
  (rearrangeBizHostTopo), and its host record always has bk_host_id. bk_biz_id 0 gives 1199006.
- list_hosts_without_biz {page, host_property_filter, fields} -> {count, info}: every host, whichever
  business (or the pool) has it; limit over 1000 gives 1199006 (BasePage.Validate). CMDB reads limit 0
  as no limit; the emulator refuses it as list_biz_hosts does, so that clients page.
- find_host_biz_relations {bk_host_id: [1..500 ids], bk_biz_id (optional)} -> [{bk_biz_id, bk_host_id,
  bk_set_id, bk_module_id, bk_supplier_account}], one per host-module relation; an empty or longer list
  gives 1199089 "the length of array bk_host_id is wrong, the length must be in range 1~500"
  (HostModuleRelationParameter.Validate).
- find_host_topo_relation {bk_biz_id, bk_set_ids (<= 200), bk_module_ids (<= 500), bk_host_ids (<= 500),
  page {start, limit 1..1000}} -> {count, page, data: [relations]}: a bad page gives 1199059 "page limit
  is exceeded. suggestion 200", too many ids 1199035 (logics/host.go GetHostModuleRelation).
- transfer_host_module {bk_biz_id, bk_host_id: [...], bk_module_id: [...], is_increment} -> null. Each
  module must be the business's, else 1101080 "topo module not found" (service/module.go). The rest is
  checked by the core service (transfer.go ValidParameter, validHosts) and host_server wraps its error as
  1199002 "HTTP request failed" with the core's message appended the way Go's fmt prints an extra
  argument ("HTTP request failed%!(EXTRA string=...)"): no module (1199010), an archived business
  (1110031), a built-in module among several or with is_increment (1113005), a host that does not exist
  (1199011) and a host of another business (1113002 "hostID [%#v] does not belong of  businessID [%d]"):
  moving hosts between businesses is not a module transfer. is_increment false replaces the host's
  modules; true adds to them (and drops a built-in module the host was in).
- transfer_host_to_idlemodule {bk_biz_id, bk_host_id} -> null: to the business's idle module; the core's
  errors unwrapped (1113002 for a host of another business, 1110031 archived).
- transfer_resourcehost_to_idlemodule {bk_biz_id, bk_host_id} -> null: pool hosts to the business's idle
  module (logics/module.go AssignHostToApp). A host not in the pool's idle module gives 1110056
  "Operation failed, the following host does not belong to the target module: <inner IPs>"; an unknown
  business 1199019; the pool itself is a no-op; an archived business 1110031.
- transfer_host_to_resourcemodule {bk_biz_id, bk_host_id} -> null: hosts in the business's idle set
  (any built-in module) go to the pool's idle module (MoveHostToResourcePool). Others give 1110056 with
  at most two IPs and " ..." (util.PrettyIPStr); bk_biz_id 0 gives 1110051, the pool itself 1110052
  "The host is already in the resource pool".
- transfer_host_across_biz {src_bk_biz_id, bk_host_id: [...], dst_bk_biz_id, bk_module_id} -> null: the
  module must be a built-in module of the destination (else 1199006 for 'bk_module_id'), the hosts in the
  source's idle set (else 1110056) (logics TransferHostAcrossBusiness).
- add_host_to_business_idle {bk_biz_id, bk_host_list: [host] (1..200)} -> {bk_host_ids}: new hosts in
  the business's idle module (service/host.go AddHostToBusinessIdle, HostListParam.Validate: 1199010 for
  an empty list or no business, 1199035 " bk_host_list exceed the limit 200"; 1101033 "query business
  failed" when the business has no idle module, logics GetResourcePoolModuleID). Each host needs
  bk_host_innerip; an inner IP already in the same cloud area gives 1199014 (logics/import.go AddHosts:
  CMDB's message is the core's err_msg, the emulator's names the fields).

Host records carry CMDB's host model (HOST_ATTRIBUTES); hosts are made by add_host_to_business_idle,
the seed (10.0.0.1-10.0.0.12 in the pool) and the test hook POST /__emulator__/blueking/cmdb/hosts
(blueking.py, add_hosts_in_bulk here), which makes 10,000 in one call in a few tens of milliseconds.
"""

from __future__ import annotations

from functools import partial

from . import cmdb_templates, esb
from .cmdb_common import (BUILT_IN, EXCEEDS_LIMIT, HAS_HOSTS, MONGO_OPERATORS, NOT_FOUND, PAGE_LIMIT, PAGE_LIMIT_EXCEEDED,
                          PARAM_BAD_REFERENCE, PARAM_MISSING, PARAMS_INVALID, SUPPLIER_ACCOUNT, Attribute,
                          checked_values, data_param, enum, int_param, integer, name_check, now, page_param,
                          project, search, select, sort_records, string)
from .esb import ApiError

HTTP_FAILED = 1199002
DUPLICATE_ITEM = 1199014
WRONG_ARRAY_LENGTH = 1199089
FIELD_FORBIDDEN = 1199083
MODULE_NOT_FOUND = 1101080
BUSINESS_QUERY_FAILED = 1101033
ARCHIVED = 1110031
NOT_IN_MODULE = 1110056
NO_RESOURCE_POOL = 1110051
ALREADY_IN_POOL = 1110052
MODULE_MISSING = 1110054
ADD_TO_MODULE_FAILED = 1110030
HOST_NOT_IN_BUSINESS = 1113002
BUSINESS_NOT_EXIST = 1113006
INNER_MODULE_AMONG_OTHERS = 1113005
TEMPLATED_SET = 1101097
TEMPLATE_CATEGORY_FORBIDDEN = 1101090
TEMPLATE_NAME_FORBIDDEN = 1101091

MAX_PAGE_SIZE = 1000      # common.BKMaxPageSize
MAX_INSTANCE_LIMIT = 500  # common.BKMaxInstanceLimit
MAX_WRITE = 200           # common.BKMaxWriteOpLimit

IDLE, FAULT, RECYCLE, POOL_DIRECTORY = 1, 2, 3, 4
BUILT_IN_MODULES = ((IDLE, "空闲机"), (FAULT, "故障机"), (RECYCLE, "待回收"))
# The emulator's service categories: CMDB's default one (id 2, under its parent 1) and one more pair.
SERVICE_CATEGORIES = {1: ("Default", 0), 2: ("Default", 1), 3: ("Database", 0), 4: ("MySQL", 3)}
DEFAULT_SERVICE_CATEGORY = 2

MODULE_ATTRIBUTES = {
    "bk_module_name": Attribute(name_check, None),
    "bk_module_type": Attribute(partial(enum, ("1", "2")), "1"),
    "operator": Attribute(partial(string, 2000), ""),
    "bk_bak_operator": Attribute(partial(string, 2000), ""),
    "service_category_id": Attribute(partial(integer, 0, 2 ** 63 - 1), DEFAULT_SERVICE_CATEGORY),
    "service_template_id": Attribute(partial(integer, 0, 2 ** 63 - 1), 0),
    # a custom attribute of the emulated model
    "owner_team": Attribute(partial(string, 256), ""),
}
MODULE_SERVER_KEYS = {"bk_module_id", "bk_biz_id", "bk_set_id", "bk_parent_id", "bk_supplier_account", "metadata",
                      "default", "set_template_id", "host_apply_enabled", "create_time", "last_time",
                      "bk_created_at", "bk_updated_at", "bk_created_by", "bk_updated_by"}

HOST_ATTRIBUTES = {
    "bk_host_innerip": "", "bk_host_outerip": "", "bk_host_innerip_v6": "", "bk_host_outerip_v6": "",
    "bk_host_name": "", "bk_cloud_id": 0, "bk_addressing": "static", "bk_os_type": None, "bk_os_name": "",
    "bk_os_version": "", "bk_os_bit": "", "bk_cpu": None, "bk_cpu_module": "", "bk_mem": None, "bk_disk": None,
    "bk_mac": "", "bk_sn": "", "bk_agent_id": "", "bk_isp_name": None, "bk_province_name": None,
    "bk_state_name": None, "bk_state": None, "operator": "", "bk_bak_operator": "", "bk_comment": "",
}


# --- the model

def ensure_model(data):
    """Give `data` the modules, hosts and relations, empty, if it has none: a fresh seed, or a state saved
    before the emulator had them (its fake host counts per set, under "hosts", are dropped)."""
    if "host_modules" not in data:
        data.update(modules={}, next_module_id=1, hosts={}, next_host_id=1, host_modules={}, module_hosts={})


def ensure_built_in_modules(data, idle_set):
    """Give the idle set `idle_set` the built-in modules it lacks."""
    present = {module["default"] for module in _set_modules(data, idle_set["bk_set_id"])}
    for flag, name in BUILT_IN_MODULES:
        if flag not in present:
            _add_module(data, idle_set, {"bk_module_name": name, "default": flag}, "admin")


def seed_pool_hosts(data):
    """Hosts 10.0.0.1-10.0.0.12 in the resource pool's idle module."""
    pool_idle = _inner_module(data, _pool(data)["bk_biz_id"], IDLE)
    create_hosts(data, [{"bk_host_innerip": "10.0.0.%d" % number, "bk_host_name": "pool-%02d" % number,
                         "bk_os_type": "1", "bk_os_name": "linux centos", "bk_cpu": 8, "bk_mem": 16384}
                        for number in range(1, 13)], pool_idle["bk_module_id"], "admin")


def _add_module(data, parent_set, values, user):
    stamp = now()
    module_id = data["next_module_id"]
    data["next_module_id"] += 1
    record = {"bk_module_id": module_id, "bk_biz_id": parent_set["bk_biz_id"], "bk_set_id": parent_set["bk_set_id"],
              "bk_parent_id": parent_set["bk_set_id"], "bk_supplier_account": SUPPLIER_ACCOUNT, "default": 0,
              "host_apply_enabled": False, "set_template_id": 0, "create_time": stamp, "last_time": stamp,
              "bk_created_at": stamp, "bk_updated_at": stamp, "bk_created_by": user, "bk_updated_by": user}
    record.update({key: attribute.default for key, attribute in MODULE_ATTRIBUTES.items()})
    record.update(values)
    data["modules"][str(module_id)] = record
    data["module_hosts"][str(module_id)] = {}
    return record


def create_hosts(data, hosts, module_id, user):
    """Make `hosts` (dicts of HOST_ATTRIBUTES) in module `module_id`; their ids. Checks nothing."""
    stamp = now()
    ids = []
    for attributes in hosts:
        host_id = data["next_host_id"]
        data["next_host_id"] += 1
        record = dict(HOST_ATTRIBUTES, bk_host_id=host_id, bk_supplier_account=SUPPLIER_ACCOUNT, create_time=stamp,
                      last_time=stamp, bk_created_at=stamp, bk_updated_at=stamp, bk_created_by=user,
                      bk_updated_by=user)
        record.update(attributes)
        data["hosts"][str(host_id)] = record
        ids.append(host_id)
    _place(data, ids, [module_id])
    return ids


def host_problem(data, hosts):
    """Why `hosts` cannot be created (unknown keys, no inner IP, an inner IP taken in its cloud), or None."""
    taken = {(host["bk_host_innerip"], host["bk_cloud_id"]) for host in data["hosts"].values()}
    for attributes in hosts:
        if not isinstance(attributes, dict):
            return "a host must be an object"
        unknown = set(attributes) - set(HOST_ATTRIBUTES)
        if unknown:
            return "unknown host attribute '%s'" % sorted(unknown)[0]
        address = (attributes.get("bk_host_innerip"), attributes.get("bk_cloud_id", 0))
        if not isinstance(address[0], str) or not address[0] or not isinstance(address[1], int):
            return "a host needs bk_host_innerip (a string) and an integer bk_cloud_id"
        if address in taken:
            return "duplicated instances exist, fields [bk_host_innerip,bk_cloud_id] duplicated"
        taken.add(address)
    return None


def _place(data, host_ids, module_ids):
    """Put each host in exactly `module_ids`, out of the modules it was in."""
    for host_id in host_ids:
        key = str(host_id)
        for old in data["host_modules"].get(key, ()):
            data["module_hosts"][str(old)].pop(key, None)
        data["host_modules"][key] = list(module_ids)
        for module_id in module_ids:
            data["module_hosts"][str(module_id)][key] = None


def set_has_hosts(data, set_id):
    return any(data["module_hosts"][str(module["bk_module_id"])] for module in _set_modules(data, set_id))


def delete_set_modules(data, set_id):
    for module in _set_modules(data, set_id):
        del data["modules"][str(module["bk_module_id"])]
        del data["module_hosts"][str(module["bk_module_id"])]


def _set_modules(data, set_id):
    return [module for module in data["modules"].values() if module["bk_set_id"] == set_id]


def _biz_modules(data, biz_id):
    return [module for module in data["modules"].values() if module["bk_biz_id"] == biz_id]


def _business(data, biz_id):
    return next((biz for biz in data["businesses"] if biz["bk_biz_id"] == biz_id), None)


def _pool(data):
    return next(biz for biz in data["businesses"] if biz["default"] == 1)


def _inner_module(data, biz_id, flag):
    return next((module for module in _biz_modules(data, biz_id) if module["default"] == flag), None)


def _module(data, module_id):
    return data["modules"].get(str(module_id))


def _host_biz(data, host_id):
    """The business of a host, or None for a host that does not exist."""
    modules = data["host_modules"].get(str(host_id))
    return _module(data, modules[0])["bk_biz_id"] if modules else None


def _hosts_in(data, modules):
    """The ids of the hosts in any of `modules`, ascending."""
    ids = set()
    for module in modules:
        ids.update(data["module_hosts"][str(module["bk_module_id"])])
    return sorted(int(host_id) for host_id in ids)


def _relations(data, host_id, biz_id=None):
    relations = []
    for module_id in data["host_modules"].get(str(host_id), ()):
        module = _module(data, module_id)
        if biz_id is None or module["bk_biz_id"] == biz_id:
            relations.append({"bk_biz_id": module["bk_biz_id"], "bk_host_id": host_id,
                              "bk_module_id": module_id, "bk_set_id": module["bk_set_id"],
                              "bk_supplier_account": SUPPLIER_ACCOUNT})
    return relations


def _ips(data, host_ids):
    """Inner IPs of the hosts, or the id of a host that does not exist (logics convertHostIDToHostIP)."""
    return [data["hosts"][str(host_id)]["bk_host_innerip"] if str(host_id) in data["hosts"] else str(host_id)
            for host_id in host_ids]


def _pretty_ips(ips):
    return "%s ..." % ",".join(ips[:2]) if len(ips) > 2 else ",".join(ips)


def _go_ints(values):
    """A list of ids as Go's %#v prints an []int64."""
    return "[]int64{%s}" % ", ".join(str(value) for value in values)


def _core_error(code, message, wrapped):
    """An error of the core service: as it is, or `wrapped` as host_server passes some on
    (Errorf(CCErrCommHTTPDoRequestFailed, err): Go's fmt appends the extra argument)."""
    if wrapped:
        return ApiError(HTTP_FAILED, "HTTP request failed%%!(EXTRA string=%s)" % message)
    return ApiError(code, message)


# --- parameters

def _ids_param(params, key):
    """A list of integer ids; an absent one is []."""
    value = params.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, int) and not isinstance(item, bool)
                                              for item in value):
        raise _invalid(key)
    return value


def _check_length(ids, key, limit):
    if len(ids) > limit:
        raise ApiError(EXCEEDS_LIMIT, " %s exceed the limit %d" % (key, limit))


def _invalid(key):
    return ApiError(PARAMS_INVALID, "'%s' data parameter verification does not pass" % key)


def _optional_filter(params, key):
    query = params.get(key)
    if query is not None and not isinstance(query, dict):
        raise _invalid(key)
    return query


# --- modules

def search_module(data, params, user):
    biz_id = int_param(params, "bk_biz_id")
    # Like every id parameter, a decimal string counts as its number (ansible-core before 2.19 templates one so).
    set_id = None if params.get("bk_set_id") is None else int_param(params, "bk_set_id")
    modules = [module for module in _biz_modules(data, biz_id) if set_id in (None, module["bk_set_id"])]
    return search(modules, params, "filter")


def create_module(data, params, user):
    biz_id, set_id = int_param(params, "bk_biz_id"), int_param(params, "bk_set_id")
    _check_not_templated(data, set_id)
    parent = next((s for s in data["sets"] if s["bk_set_id"] == set_id and s["bk_biz_id"] == biz_id), None)
    if parent is None:
        raise ApiError(PARAM_BAD_REFERENCE, "'bk_biz_id/bk_set_id' the parameter is invalid or does not exist")
    fields = data_param(params)
    if fields.get("default", 0) != 0:
        raise _invalid("default")
    if "bk_parent_id" in fields and fields["bk_parent_id"] != set_id:
        raise _invalid("bk_parent_id")
    if "bk_module_name" not in fields:
        raise ApiError(PARAM_MISSING, "'bk_module_name' unassigned")
    values = checked_values(MODULE_ATTRIBUTES, fields, MODULE_SERVER_KEYS, required={"bk_module_name"})
    if values.get("service_template_id"):
        template = cmdb_templates.service_template(data, biz_id, values["service_template_id"])
        if template is None:
            raise _invalid("service_template_id")
        if values.setdefault("service_category_id", template["service_category_id"]) != template["service_category_id"]:
            raise ApiError(cmdb_templates.TEMPLATE_CATEGORY_MISMATCH, "service category and template not conincide")
    if not values.get("service_category_id"):
        values["service_category_id"] = DEFAULT_SERVICE_CATEGORY
    _check_category(values["service_category_id"])
    _check_unique_module_name(data, parent["bk_set_id"], values["bk_module_name"])
    return _add_module(data, parent, values, user)


def add_template_module(data, parent_set, service, user):
    """The module create_set makes in `parent_set` for the service template `service` of its set template."""
    return _add_module(data, parent_set, {
        "bk_module_name": service["name"], "service_template_id": service["id"],
        "service_category_id": service["service_category_id"], "set_template_id": parent_set["set_template_id"]}, user)


def _check_not_templated(data, set_id):
    """1101097 for a set made from a set template: its modules follow the template."""
    if any(s["bk_set_id"] == set_id and s.get("set_template_id") for s in data["sets"]):
        raise ApiError(TEMPLATED_SET, "forbidden add/remove module on set initialized by set template")


def _check_category(category_id):
    if category_id not in SERVICE_CATEGORIES or SERVICE_CATEGORIES[category_id][1] == 0:
        raise _invalid("service_category_id")


def _check_unique_module_name(data, set_id, name, module_id=None):
    for other in _set_modules(data, set_id):
        if other["bk_module_name"] == name and other["bk_module_id"] != module_id:
            raise ApiError(DUPLICATE_ITEM, "duplicated instances exist, fields [bk_biz_id,bk_set_id,bk_module_name] "
                                           "duplicated")


def _find_module(data, params):
    biz_id, set_id = int_param(params, "bk_biz_id"), int_param(params, "bk_set_id")
    module = _module(data, int_param(params, "bk_module_id"))
    if module is None or (module["bk_biz_id"], module["bk_set_id"]) != (biz_id, set_id):
        return None
    return module


def _check_not_built_in(module):
    if module is not None and module["default"] not in (0, POOL_DIRECTORY):
        raise ApiError(BUILT_IN, "forbidden remove or update built in set or module")


def update_module(data, params, user):
    module = _find_module(data, params)
    _check_not_built_in(module)
    if module is None:
        raise ApiError(NOT_FOUND, "No relevant data found")
    fields = data_param(params)
    for key in ("set_template_id", "service_template_id"):
        if key in fields and fields[key] != module[key]:
            raise ApiError(FIELD_FORBIDDEN, "modify field %s forbidden" % key)
    values = checked_values(MODULE_ATTRIBUTES, fields, MODULE_SERVER_KEYS | {"service_template_id"},
                            required={"bk_module_name"})
    if module["service_template_id"]:
        if values.get("service_category_id", module["service_category_id"]) != module["service_category_id"]:
            raise ApiError(TEMPLATE_CATEGORY_FORBIDDEN, "update service category on module create by template forbidden")
        if values.get("bk_module_name", module["bk_module_name"]) != module["bk_module_name"]:
            raise ApiError(TEMPLATE_NAME_FORBIDDEN, "update name field on module create by template forbidden")
    if "service_category_id" in values:
        _check_category(values["service_category_id"])
    if "bk_module_name" in values:
        _check_unique_module_name(data, module["bk_set_id"], values["bk_module_name"], module["bk_module_id"])
    stamp = now()
    module.update(values, last_time=stamp, bk_updated_at=stamp, bk_updated_by=user)
    return None


def delete_module(data, params, user):
    _check_not_templated(data, int_param(params, "bk_set_id"))
    module = _find_module(data, params)
    _check_not_built_in(module)
    if module is None:  # CMDB deletes nothing and reports success
        return None
    if data["module_hosts"][str(module["bk_module_id"])]:
        raise ApiError(HAS_HOSTS, "Having hosts under the target, deleting forbidden")
    del data["modules"][str(module["bk_module_id"])]
    del data["module_hosts"][str(module["bk_module_id"])]
    return None


def get_biz_internal_module(data, params, user):
    biz_id = int_param(params, "bk_biz_id")
    idle_set = next((s for s in data["sets"] if s["bk_biz_id"] == biz_id and s["default"] == 1), None)
    if idle_set is None:  # CMDB finds nothing and answers with the empty structure
        return {"bk_set_id": 0, "bk_set_name": "", "module": None}
    modules = [{"bk_module_id": module["bk_module_id"], "bk_module_name": module["bk_module_name"],
                "default": module["default"], "host_apply_enabled": module["host_apply_enabled"]}
               for module in _set_modules(data, idle_set["bk_set_id"])]
    return {"bk_set_id": idle_set["bk_set_id"], "bk_set_name": idle_set["bk_set_name"], "module": modules}


# --- reading hosts

def _hosts_page(data, host_ids, params, max_limit):
    """{count, info} of the hosts `host_ids` that match host_property_filter, paged and projected."""
    start, limit, sort = page_param(params)
    if limit <= 0 or limit > max_limit:
        raise _invalid("page.limit")
    hosts = select([data["hosts"][str(host_id)] for host_id in host_ids],
                   _optional_filter(params, "host_property_filter"))
    if sort and sort != "bk_host_id":
        hosts = sort_records(hosts, sort)
    return {"count": len(hosts), "info": project(hosts[start:start + limit], params)}


def list_biz_hosts(data, params, user):
    biz_id = int_param(params, "bk_biz_id")
    if biz_id == 0:
        raise _invalid("bk_biz_id")
    set_ids, module_ids = _ids_param(params, "bk_set_ids"), _ids_param(params, "bk_module_ids")
    if len(set_ids) > 200:
        raise _invalid("bk_set_ids")
    if len(module_ids) > 500:
        raise _invalid("bk_module_ids")
    set_cond, module_cond = _cond_param(params, "set_cond"), _cond_param(params, "module_cond")
    for ids, cond, names in ((set_ids, set_cond, "bk_set_ids and set_cond"),
                             (module_ids, module_cond, "bk_module_ids and module_cond")):
        if ids and cond:
            raise _invalid("%s can't both be set" % names)
    if set_cond:
        set_ids = [s["bk_set_id"] for s in select([s for s in data["sets"] if s["bk_biz_id"] == biz_id], set_cond)]
    chosen_sets, chosen_modules = set(set_ids), set(module_ids)
    modules = [module for module in select(_biz_modules(data, biz_id), module_cond)
               if (not (set_ids or set_cond) or module["bk_set_id"] in chosen_sets)
               and (not module_ids or module["bk_module_id"] in chosen_modules)]
    return _hosts_page(data, _hosts_in(data, modules), params, MAX_PAGE_SIZE)


def _cond_param(params, key):
    """A ConditionItem list [{field, operator ("$eq", "$in", ...), value}] as a QueryBuilder filter, or None."""
    items = params.get(key)
    if not items:
        return None
    if not isinstance(items, list) or not all(isinstance(item, dict) and item.get("operator") in MONGO_OPERATORS
                                              for item in items):
        raise _invalid(key)
    return {"condition": "AND", "rules": [{"field": item.get("field"), "operator": MONGO_OPERATORS[item["operator"]],
                                           "value": item.get("value")} for item in items]}


def list_hosts_without_biz(data, params, user):
    return _hosts_page(data, sorted(int(host_id) for host_id in data["hosts"]), params, MAX_PAGE_SIZE)


def list_biz_hosts_topo(data, params, user):
    biz_id = int_param(params, "bk_biz_id")
    if biz_id == 0:
        raise _invalid("bk_biz_id")
    start, limit, sort = page_param(params)
    if limit == 0:
        raise ApiError(PARAM_MISSING, "'page.limit' unassigned")
    if limit > MAX_INSTANCE_LIMIT:
        raise ApiError(EXCEEDS_LIMIT, " page.limit exceed the limit %d" % MAX_INSTANCE_LIMIT)
    biz_sets = [s for s in data["sets"] if s["bk_biz_id"] == biz_id]
    set_ids = {s["bk_set_id"] for s in select(biz_sets, _optional_filter(params, "set_property_filter"))}
    modules = [module for module in select(_biz_modules(data, biz_id),
                                           _optional_filter(params, "module_property_filter"))
               if module["bk_set_id"] in set_ids]
    hosts = select([data["hosts"][str(host_id)] for host_id in _hosts_in(data, modules)],
                   _optional_filter(params, "host_property_filter"))
    if sort and sort != "bk_host_id":
        hosts = sort_records(hosts, sort)
    fields = params.get("fields")
    shown = {"fields": fields + ["bk_host_id"]} if isinstance(fields, list) and fields else params
    set_names = {s["bk_set_id"]: s["bk_set_name"] for s in biz_sets}
    info = []
    for host in hosts[start:start + limit]:
        topo = {}
        for relation in _relations(data, host["bk_host_id"], biz_id):
            module = _module(data, relation["bk_module_id"])
            entry = topo.setdefault(module["bk_set_id"], {"bk_set_id": module["bk_set_id"],
                                                          "bk_set_name": set_names[module["bk_set_id"]],
                                                          "module": []})
            entry["module"].append({"bk_module_id": module["bk_module_id"],
                                    "bk_module_name": module["bk_module_name"]})
        info.append({"host": project([host], shown)[0], "topo": list(topo.values())})
    return {"count": len(hosts), "info": info}


def find_host_biz_relations(data, params, user):
    host_ids = params.get("bk_host_id")
    if (not isinstance(host_ids, list) or not 1 <= len(host_ids) <= MAX_INSTANCE_LIMIT
            or not all(isinstance(item, int) and not isinstance(item, bool) for item in host_ids)):
        raise ApiError(WRONG_ARRAY_LENGTH, "the length of array bk_host_id is wrong, the length must be in range "
                                           "1~%d" % MAX_INSTANCE_LIMIT)
    biz_id = int_param(params, "bk_biz_id") if params.get("bk_biz_id") else None
    return [relation for host_id in host_ids for relation in _relations(data, host_id, biz_id)]


def find_host_topo_relation(data, params, user):
    biz_id = int_param(params, "bk_biz_id")
    set_ids, module_ids = _ids_param(params, "bk_set_ids"), _ids_param(params, "bk_module_ids")
    host_ids = _ids_param(params, "bk_host_ids")
    start, limit, sort = page_param(params)
    if limit <= 0 or limit > MAX_PAGE_SIZE:
        raise ApiError(PAGE_LIMIT_EXCEEDED, "page limit is exceeded. suggestion %d" % PAGE_LIMIT)
    _check_length(set_ids, "bk_set_ids", 200)
    _check_length(module_ids, "bk_module_ids", 500)
    _check_length(host_ids, "bk_host_ids", 500)
    modules = [module for module in _biz_modules(data, biz_id)
               if (not set_ids or module["bk_set_id"] in set_ids)
               and (not module_ids or module["bk_module_id"] in module_ids)]
    candidates = _hosts_in(data, modules)
    if host_ids:
        chosen = set(host_ids)
        candidates = [host_id for host_id in candidates if host_id in chosen]
    wanted = {module["bk_module_id"] for module in modules}
    relations = [relation for host_id in candidates for relation in _relations(data, host_id, biz_id)
                 if relation["bk_module_id"] in wanted]
    return {"count": len(relations), "page": {"start": start, "limit": limit},
            "data": relations[start:start + limit]}


# --- moving hosts

def _check_hosts_exist(data, host_ids, wrap):
    if any(str(host_id) not in data["hosts"] for host_id in host_ids):
        raise _core_error(PARAM_BAD_REFERENCE, "'bk_host_id' the parameter is invalid or does not exist", wrap)


def _check_hosts_in(data, host_ids, biz_id, wrap):
    """transfer.go validHostsBelongBiz: every host is in business `biz_id`."""
    others = [host_id for host_id in host_ids if _host_biz(data, host_id) != biz_id]
    if others:
        message = "hostID [%s] does not belong of  businessID [[%d]]" % (_go_ints(host_ids), biz_id)
        raise _core_error(HOST_NOT_IN_BUSINESS, message, wrap)


def _check_not_archived(biz, wrap=False):
    if biz["bk_data_status"] == "disabled":
        raise _core_error(ARCHIVED, "Failed to transfer host to biz, biz has been archived", wrap)


def _check_hosts_in_modules(data, host_ids, modules, pretty):
    """logics notExistAppModuleHost: every host is in one of `modules`, else 1110056 naming the others."""
    inside = set(_hosts_in(data, modules))
    outside = [host_id for host_id in host_ids if host_id not in inside]
    if outside:
        ips = _ips(data, outside)
        raise ApiError(NOT_IN_MODULE, "Operation failed, the following host does not belong to the target "
                                      "module: %s" % (_pretty_ips(ips) if pretty else ",".join(ips)))


def transfer_host_module(data, params, user):
    biz_id = int_param(params, "bk_biz_id")
    host_ids, module_ids = _ids_param(params, "bk_host_id"), _ids_param(params, "bk_module_id")
    increment = params.get("is_increment", False)
    if not isinstance(increment, bool):
        raise _invalid("is_increment")
    modules = []
    for module_id in module_ids:
        module = _module(data, module_id)
        if module is None or module["bk_biz_id"] != biz_id:
            raise ApiError(MODULE_NOT_FOUND, "topo module not found")
        modules.append(module)
    biz = _business(data, biz_id)
    if biz is None:
        raise _core_error(BUSINESS_NOT_EXIST, "Business [%s] does not exist" % _go_ints([biz_id]), True)
    if not modules:
        raise _core_error(PARAM_MISSING, "'bk_module_id' unassigned", True)
    module_ids = list(dict.fromkeys(module_ids))
    if (len(module_ids) != 1 or increment) and any(module["default"] != 0 for module in modules):
        raise _core_error(INNER_MODULE_AMONG_OTHERS, "translate host to multiple module not contain inner module",
                          True)
    _check_not_archived(biz, wrap=True)
    _check_hosts_exist(data, host_ids, wrap=True)
    _check_hosts_in(data, host_ids, biz_id, wrap=True)
    for host_id in host_ids:
        kept = []
        if increment:
            kept = [old for old in data["host_modules"][str(host_id)] if _module(data, old)["default"] == 0]
        _place(data, [host_id], list(dict.fromkeys(kept + module_ids)))
    return None


def transfer_host_to_idlemodule(data, params, user):
    biz_id = int_param(params, "bk_biz_id")
    host_ids = _ids_param(params, "bk_host_id")
    idle = _inner_module(data, biz_id, IDLE)
    if idle is None:
        raise ApiError(ADD_TO_MODULE_FAILED, "Failed to add host to module, error:module not found")
    _check_not_archived(_business(data, biz_id))
    _check_hosts_exist(data, host_ids, wrap=False)
    _check_hosts_in(data, host_ids, biz_id, wrap=False)
    _place(data, host_ids, [idle["bk_module_id"]])
    return None


def transfer_resourcehost_to_idlemodule(data, params, user):
    biz_id = int_param(params, "bk_biz_id")
    host_ids = _ids_param(params, "bk_host_id")
    biz = _business(data, biz_id)
    if biz is None:
        raise ApiError(NOT_FOUND, "No relevant data found")
    pool = _pool(data)
    if biz_id == pool["bk_biz_id"]:
        return None
    pool_modules = [module for module in _biz_modules(data, pool["bk_biz_id"])
                    if module["default"] in (IDLE, POOL_DIRECTORY)]
    _check_hosts_in_modules(data, host_ids, pool_modules, pretty=False)
    idle = _inner_module(data, biz_id, IDLE)
    if idle is None:
        raise ApiError(MODULE_MISSING, "空闲机 module not found")
    _check_not_archived(biz)
    _place(data, host_ids, [idle["bk_module_id"]])
    return None


def transfer_host_to_resourcemodule(data, params, user):
    biz_id = int_param(params, "bk_biz_id")
    host_ids = _ids_param(params, "bk_host_id")
    if not host_ids:
        return None
    pool = _pool(data)
    if biz_id == 0:
        raise ApiError(NO_RESOURCE_POOL, "The resource pool was not found")
    if biz_id == pool["bk_biz_id"]:
        raise ApiError(ALREADY_IN_POOL, "The host is already in the resource pool")
    idle_set = [module for module in _biz_modules(data, biz_id) if module["default"] != 0]
    if not idle_set:
        raise ApiError(MODULE_MISSING, "idle pool module not found")
    _check_hosts_in_modules(data, host_ids, idle_set, pretty=True)
    _place(data, host_ids, [_inner_module(data, pool["bk_biz_id"], IDLE)["bk_module_id"]])
    return None


def transfer_host_across_biz(data, params, user):
    src_id, dst_id = int_param(params, "src_bk_biz_id"), int_param(params, "dst_bk_biz_id")
    module_id = int_param(params, "bk_module_id")
    host_ids = _ids_param(params, "bk_host_id")
    target = _module(data, module_id)
    if target is None or target["bk_biz_id"] != dst_id or target["default"] == 0:
        raise _invalid("bk_module_id")
    source_idle_set = [module for module in _biz_modules(data, src_id) if module["default"] != 0]
    _check_hosts_in_modules(data, host_ids, source_idle_set, pretty=True)
    _check_not_archived(_business(data, dst_id))
    _place(data, host_ids, [module_id])
    return None


def add_host_to_business_idle(data, params, user):
    hosts = params.get("bk_host_list")
    if not isinstance(hosts, list) or not hosts:
        raise ApiError(PARAM_MISSING, "'bk_host_list' unassigned")
    if len(hosts) > MAX_WRITE:
        raise ApiError(EXCEEDS_LIMIT, " bk_host_list exceed the limit %d" % MAX_WRITE)
    if not params.get("bk_biz_id"):
        raise ApiError(PARAM_MISSING, "'bk_biz_id' unassigned")
    biz_id = int_param(params, "bk_biz_id")
    idle = _inner_module(data, biz_id, IDLE)
    if idle is None:  # logics GetResourcePoolModuleID finds no idle module
        raise ApiError(BUSINESS_QUERY_FAILED, "query business failed")
    problem = host_problem(data, hosts)
    if problem:
        code = DUPLICATE_ITEM if problem.startswith("duplicated") else PARAMS_INVALID
        raise ApiError(code, problem if code == DUPLICATE_ITEM else "params verification failed: %s" % problem)
    return {"bk_host_ids": create_hosts(data, hosts, idle["bk_module_id"], user)}


COMPONENTS = {handler.__name__: esb.Component(handler, mutating=False) for handler in (
    search_module, get_biz_internal_module, list_biz_hosts, list_biz_hosts_topo, list_hosts_without_biz,
    find_host_biz_relations, find_host_topo_relation)}
COMPONENTS.update({handler.__name__: esb.Component(handler, mutating=True) for handler in (
    create_module, update_module, delete_module, transfer_host_module, transfer_host_to_idlemodule,
    transfer_resourcehost_to_idlemodule, transfer_host_to_resourcemodule, transfer_host_across_biz,
    add_host_to_business_idle)})


def add_hosts_in_bulk(data, biz_id, module_id, hosts):
    """For the test hook: create `hosts` in module `module_id` of business `biz_id` (the resource pool when
    `biz_id` is None, the business's idle module when `module_id` is None); their ids. LookupError for a
    business or module that is not there, ValueError for hosts that cannot be created."""
    biz_id = _pool(data)["bk_biz_id"] if biz_id is None else biz_id
    if _business(data, biz_id) is None:
        raise LookupError("no business %d" % biz_id)
    module = _inner_module(data, biz_id, IDLE) if module_id is None else _module(data, module_id)
    if module is None or module["bk_biz_id"] != biz_id:
        raise LookupError("no module %s in business %d" % (module_id, biz_id))
    problem = host_problem(data, hosts)
    if problem:
        raise ValueError(problem)
    return create_hosts(data, hosts, module["bk_module_id"], "admin")

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""BlueKing CMDB behind the ESB (`cc` components): set templates and service templates of a business.

Paths are bk-cmdb's at 111e7ac (2026-05-28); "docs" is docs/apidoc/cc/en/<component>.md, codes are named
in src/common/errInfo.go, messages from resources/errors/english/en/*.json. Where the docs and the source
disagree the emulator follows the source, and says so below.

Reads (docs/apidoc/cc/cc.yaml maps each ESB component to CMDB):
- list_set_template {bk_biz_id, set_template_ids, page {start, limit, sort}} -> {count, info: [{id, name,
  bk_biz_id, creator, modifier, create_time, last_time, bk_supplier_account}]} (POST /api/v3/findmany/topo/
  set_template/bk_biz_id/{bk_biz_id}; topo_server/service/set_template.go ListSetTemplate, coreservice
  core/settemplate/set_template.go ListSetTemplate). There is no name filter: a client finds a template
  by name in the list. limit 0 means 20 (common.BKDefaultLimit); a limit over 1000 (BKMaxPageSize) or a
  negative start gives 1199059 (BasePage.IsIllegal); the docs say "maximum 1000" too. The docs type
  `name` as an array; it is a string (src/common/metadata/set_template.go SetTemplate, process.go ServiceTemplate).
- list_service_template {bk_biz_id, service_category_id, search, is_exact, service_template_ids, page}
  -> {count, info: [{id, name, bk_biz_id, service_category_id, creator, modifier, create_time, last_time,
  bk_supplier_account, host_apply_enabled}]} (POST /api/v3/findmany/proc/service_template; proc_server/
  service/servicetemplate.go ListServiceTemplates, coreservice core/process/service_template.go). `search`
  with is_exact true matches the name exactly, without it case-insensitively as a substring; sorted by
  "-id" unless page.sort says otherwise. The docs say limit at most 500; the source refuses only limit
  <= 0 or > 1000 (BasePage.IsIllegal) with 1199059: the emulator does as the source.
  service_category_id also matches the category's children; the emulator matches the id itself.
- list_set_template_related_service_template {bk_biz_id, set_template_id} -> [service template] (GET
  /api/v3/findmany/topo/set_template/{set_template_id}/bk_biz_id/{bk_biz_id}/service_templates, suggest_method
  GET in cc.yaml; coreservice ListSetTplRelatedSvcTpl). An unknown template has no relations and answers [].

Writes that use templates (topo_server/logics/inst/{set.go,module.go}, topo_server/service/inst_module.go):
- create_set with data.set_template_id other than 0 (and default 0): the template is read with
  (bk_biz_id, id) (GetSetTemplate); one that does not exist in the business, or belongs to another,
  gives 1199019 "No relevant data found". The set gets set_template_id, the template's attribute values
  (the emulator's templates have none), and, in the same transaction, one module per service template of
  the set template: bk_module_name = the service template's name, service_template_id, set_template_id,
  service_category_id = the template's, bk_parent_id = the set (logics/inst/set.go CreateSet).
  With default other than 0 the template is ignored and set_template_id is 0.
- create_module / delete_module in a set with set_template_id > 0 give 1101097 "forbidden add/remove
  module on set initialized by set template", checked before anything else (isSetInitializedByTemplate).
- create_module with service_template_id other than 0: the template must be the business's, else 1199006
  "'service_template_id' data parameter verification does not pass"; a service_category_id given and not
  the template's gives 1108036 "service category and template not conincide"; without one the module
  takes the template's (checkModuleServiceTemplate, checkServiceTemplateParam). The name is the caller's
  bk_module_name: CMDB does not take it from the template on this path.
- update_module of a module with service_template_id other than 0: another service_category_id gives
  1101090 "update service category on module create by template forbidden", another non-empty
  bk_module_name 1101091 "update name field on module create by template forbidden" (an empty one is
  dropped) (validUpdateModuleData).

The emulator seeds, in business 3 (payments), the service templates obproxy (category 2, Default) and
mysql (category 4, MySQL) and the set template ob_standard made of both; the test hook
POST /__emulator__/blueking/cmdb/templates (blueking.py) adds more.
"""

from __future__ import annotations

from .cmdb_common import (NOT_FOUND, PAGE_LIMIT_EXCEEDED, PARAMS_INVALID, SUPPLIER_ACCOUNT, int_param, now,
                          page_param, sort_records)
from .esb import ApiError

MAX_PAGE_SIZE = 1000  # common.BKMaxPageSize
DEFAULT_LIMIT = 20  # common.BKDefaultLimit
TEMPLATE_CATEGORY_MISMATCH = 1108036
SEED = {3: {"service_templates": [("obproxy", 2), ("mysql", 4)], "set_templates": {"ob_standard": ["obproxy", "mysql"]}}}


def ensure_templates(data):
    """Give `data` its template tables, seeded, if it has none (a fresh seed or an older state file)."""
    if "set_templates" in data:
        return
    data.update(service_templates=[], set_templates=[], next_template_id=1)
    for biz_id, templates in SEED.items():
        add_templates(data, biz_id, dict(templates["service_templates"]), templates["set_templates"], "admin")


def add_templates(data, biz_id, service_templates, set_templates, user):
    """Add service templates {name: category id} and set templates {name: [service template names]} to
    business `biz_id`; ValueError for a name the business has already or a service template it lacks."""
    stamp = now()
    common = {"bk_biz_id": biz_id, "creator": user, "modifier": user, "create_time": stamp, "last_time": stamp,
              "bk_supplier_account": SUPPLIER_ACCOUNT}
    for name, category_id in service_templates.items():
        if _named(data["service_templates"], biz_id, name):
            raise ValueError("business %d has a service template %r" % (biz_id, name))
        data["service_templates"].append(dict(common, id=_next_id(data), name=name,
                                              service_category_id=category_id, host_apply_enabled=False))
    for name, members in set_templates.items():
        if _named(data["set_templates"], biz_id, name):
            raise ValueError("business %d has a set template %r" % (biz_id, name))
        ids = []
        for member in members:
            found = _named(data["service_templates"], biz_id, member)
            if not found:
                raise ValueError("business %d has no service template %r" % (biz_id, member))
            ids.append(found[0]["id"])
        data["set_templates"].append(dict(common, id=_next_id(data), name=name, service_template_ids=ids))


def _next_id(data):
    data["next_template_id"] += 1
    return data["next_template_id"] - 1


def _named(records, biz_id, name):
    return [r for r in records if r["bk_biz_id"] == biz_id and r["name"] == name]


def set_template(data, biz_id, template_id):
    """The set template (GetSetTemplate: by business and id), else 1199019."""
    found = [t for t in data["set_templates"] if t["bk_biz_id"] == biz_id and t["id"] == template_id]
    if not found:
        raise ApiError(NOT_FOUND, "No relevant data found")
    return found[0]


def service_template(data, biz_id, template_id):
    """The business's service template `template_id`, or None."""
    return next((t for t in data["service_templates"] if t["bk_biz_id"] == biz_id and t["id"] == template_id), None)


def set_template_services(data, template):
    """The service templates of a set template, in the order they were added to it."""
    return [t for t in data["service_templates"] if t["id"] in template["service_template_ids"]]


def _page(records, params, default_sort="", default_limit=DEFAULT_LIMIT):
    start, limit, sort = page_param(params)
    limit = limit or default_limit
    if not 0 < limit <= MAX_PAGE_SIZE:
        raise ApiError(PAGE_LIMIT_EXCEEDED, "page limit is exceeded. suggestion 200")
    records = sort_records(records, sort or default_sort)
    return {"count": len(records), "info": records[start:start + limit]}


def _ids(params, key):
    ids = params.get(key)
    if ids is not None and (not isinstance(ids, list) or not all(isinstance(i, int) for i in ids)):
        raise ApiError(PARAMS_INVALID, "'%s' data parameter verification does not pass" % key)
    return ids


def public(template):
    return {k: v for k, v in template.items() if k != "service_template_ids"}


# --- the components

def list_set_template(data, params, user):
    biz_id = int_param(params, "bk_biz_id")
    ids = _ids(params, "set_template_ids")
    found = [public(t) for t in data["set_templates"] if t["bk_biz_id"] == biz_id and (ids is None or t["id"] in ids)]
    return _page(found, params)


def list_service_template(data, params, user):
    biz_id = int_param(params, "bk_biz_id")
    ids = _ids(params, "service_template_ids") or None
    search, category = params.get("search") or "", params.get("service_category_id") or 0
    if not isinstance(search, str):
        raise ApiError(PARAMS_INVALID, "'search' data parameter verification does not pass")
    found = [t for t in data["service_templates"] if t["bk_biz_id"] == biz_id
             and (ids is None or t["id"] in ids) and (not category or t["service_category_id"] == category)
             and (not search or (t["name"] == search if params.get("is_exact") else search.lower() in t["name"].lower()))]
    return _page(found, params, "-id", default_limit=0)  # no default: limit 0 is refused


def list_set_template_related_service_template(data, params, user):
    biz_id, template_id = int_param(params, "bk_biz_id"), int_param(params, "set_template_id")
    template = next((t for t in data["set_templates"] if t["bk_biz_id"] == biz_id and t["id"] == template_id), None)
    return [] if template is None else set_template_services(data, template)


READS = (list_set_template, list_service_template, list_set_template_related_service_template)

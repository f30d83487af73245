# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""BlueKing's ESB dialect: credentials, envelopes, errors, paging, and the CMDB lookups it shares."""

from __future__ import annotations

import json

from ansible_collections.clusterops.platforms.plugins.module_utils._arguments import env_fallback
from ansible_collections.clusterops.platforms.plugins.module_utils._client import (
    ApiError, connect, transport_spec,
)
from ansible_collections.clusterops.platforms.plugins.module_utils._resource import UserError

PLATFORM = "BlueKing"
PAGE_LIMIT = 200  # CMDB's documented maximum page size
HOST_PAGE_LIMIT = 500  # of the host lists (list_biz_hosts, list_biz_hosts_topo): common.BKMaxInstanceLimit
CREDENTIAL_KEYS = ("bk_app_code", "bk_app_secret", "bk_username", "bk_token")

BLUEKING_SPEC = dict(
    bk_url=dict(type="str", required=True, fallback=(env_fallback, ["BK_URL"])),
    bk_app_code=dict(type="str", required=True, fallback=(env_fallback, ["BK_APP_CODE"])),
    bk_app_secret=dict(type="str", required=True, no_log=True,
                       fallback=(env_fallback, ["BK_APP_SECRET"])),
    bk_username=dict(type="str", fallback=(env_fallback, ["BK_USERNAME"])),
    bk_token=dict(type="str", no_log=True, fallback=(env_fallback, ["BK_TOKEN"])),
    bk_credentials_in=dict(type="str", choices=["header", "header_and_params"], default="header",
                           fallback=(env_fallback, ["BK_CREDENTIALS_IN"])),
    **transport_spec("BK"),
)
BLUEKING_REQUIRED_ONE_OF = [("bk_username", "bk_token")]

# Hints for the CMDB codes a user can run into, appended to the platform's own message.
CMDB_HINTS = {
    1101030: "the set still has hosts; move them out of it before deleting it",
    1101098: "built-in sets (such as the idle host pool) cannot be changed or deleted",
    1101108: "another set with this name already exists under the same parent",
    1199059: "CMDB accepts at most %d records per page" % PAGE_LIMIT,
    1199019: "CMDB found no such object in the business: the set, or the set template of set_template_id",
}
# The same for modules (codes from bk-cmdb's src/common/errInfo.go; a duplicate module name is
# refused by the unique-key check, 1199014, not by the unused 1101099).
MODULE_HINTS = {
    **CMDB_HINTS,
    1101030: "the module still has hosts; move them out of it (to the idle pool, for example) before deleting it",
    1101098: "built-in modules (idle, fault and recycle hosts of the idle host pool) cannot be changed or deleted",
    1199014: "another module with this name already exists in the set",
    1199019: "CMDB found no such module in the set",
    1101097: "the set was created from a set template; change its modules through the template",
    1101091: "a module created from a service template keeps the template's name",
    1101090: "a module created from a service template keeps the template's service category",
    1108036: "a module created from a service template takes the template's service category; leave "
             "service_category_id out or give that one",
}


class Esb:
    """Calls ESB components, with the credentials in the X-Bkapi-Authorization header, and in the
    params too when bk_credentials_in says so (for the legacy ESB, which reads only params)."""

    def __init__(self, module):
        params = module.params
        self.credentials = {k: params[k] for k in CREDENTIAL_KEYS if params[k]}
        self.param_credentials = self.credentials if params["bk_credentials_in"] == "header_and_params" else {}
        self.client = connect(module, PLATFORM, params["bk_url"],
                              secrets=[params["bk_app_secret"], params["bk_token"]])
        self.headers = {"X-Bkapi-Authorization": json.dumps(self.credentials)}
        self._businesses = {}
        self._sets = {}
        self._templates = {}

    def call(self, component, body, safe, hints=None, method="POST"):
        """Call `component` (e.g. "cc/create_set") and return the envelope's data.

        GET components take their params in the query string.
        """
        operation = component.replace("/", ".")
        params = dict(body, **self.param_credentials)
        payload = dict(params=params) if method == "GET" else dict(json=params)
        response = self.client.request(method, "/api/c/compapi/v2/%s/" % component, operation, safe,
                                       headers=self.headers, **payload)
        try:
            envelope = response.json()
        except ValueError:
            envelope = None
        if not isinstance(envelope, dict) or not response.ok or not envelope.get("result"):
            raise self._error(operation, response, envelope or {}, hints or {})
        return envelope.get("data")

    def _error(self, operation, response, envelope, hints):
        """An ApiError; `hints` maps a code, or a text the message contains, to advice."""
        code = envelope.get("code")
        message = envelope.get("message") or response.text[:200] or response.reason
        if envelope.get("detail"):
            message = "%s: %s" % (message, json.dumps(envelope["detail"], ensure_ascii=False, sort_keys=True))
        advice = [hint for key, hint in hints.items()
                  if key == code or (isinstance(key, str) and key in message)]
        if advice:
            message = "%s (%s)" % (message, "; ".join(advice))
        return ApiError(PLATFORM, operation, self.client.scrub(message), status=response.status_code,
                        code=code, request_id=envelope.get("request_id"))

    def search_all(self, component, body, hints=None, limit=PAGE_LIMIT):
        """Every record of a paged CMDB search, read `limit` at a time (the component's maximum)."""
        records = []
        while True:
            page = dict(start=len(records), limit=limit)
            data = self.call(component, dict(body, page=page), safe=True, hints=hints) or {}
            batch = data.get("info") or []
            records.extend(batch)
            if not batch or len(records) >= data.get("count", 0):
                return records

    def business_id(self, params):
        """`bk_biz_id`, or the id of the one business named `bk_biz_name` (looked up once per run)."""
        if params.get("bk_biz_id") is not None:
            return params["bk_biz_id"]
        name = params["bk_biz_name"]
        if name not in self._businesses:
            self._businesses[name] = self._business_named(name, params)
        return self._businesses[name]

    def search_businesses(self, params, rules):
        """The businesses (bk_biz_id, bk_biz_name, default) that match every QueryBuilder rule of `rules`."""
        return self.search_all("cc/search_business", dict(
            fields=["bk_biz_id", "bk_biz_name", "default"], biz_property_filter=dict(condition="AND", rules=rules),
            **supplier(params)))

    def _business_named(self, name, params):
        found = self.search_businesses(params, [dict(field="bk_biz_name", operator="equal", value=name)])
        matches = sorted(b["bk_biz_id"] for b in found if b.get("bk_biz_name") == name)
        if len(matches) != 1:
            raise ApiError(PLATFORM, "cc.search_business",
                           "bk_biz_name %r matches %s; give bk_biz_id instead" % (
                               name, "no business" if not matches else "businesses %s" % matches))
        return matches[0]

    def search_sets(self, params, biz_id, name=None, parent_id=None):
        rules = [dict(field=f, operator="equal", value=v)
                 for f, v in (("bk_set_name", name), ("bk_parent_id", parent_id)) if v is not None]
        body = dict(bk_biz_id=biz_id, fields=[], **supplier(params))
        if rules:
            body["filter"] = dict(condition="AND", rules=rules)
        return [s for s in self.search_all("cc/search_set", body, CMDB_HINTS)
                if (name is None or s.get("bk_set_name") == name)
                and (parent_id is None or s.get("bk_parent_id") == parent_id)]

    def business_sets(self, params, biz_id):
        """Every set of the business, read once per run; set_named() then looks in them."""
        if biz_id not in self._sets:
            self._sets[biz_id] = self.search_sets(params, biz_id)
        return self._sets[biz_id]

    def set_named(self, params, biz_id, name):
        """The id of the one set of the business named `name`, or None when there is none."""
        sets = self._sets[biz_id] if biz_id in self._sets else self.search_sets(params, biz_id, name)
        matches = sorted(s["bk_set_id"] for s in sets if s.get("bk_set_name") == name)
        if len(matches) > 1:
            raise UserError("bk_set_name %r matches sets %s of business %d (under different parents); "
                            "give bk_set_id instead" % (name, matches, biz_id))
        return matches[0] if matches else None

    def template_id(self, params, biz_id, option):
        """The id of the one set template (`option` "set_template") or service template ("service_template")
        of the business named params[option], looked up once per run: list_set_template has no name
        filter, list_service_template finds the exact name (search, is_exact)."""
        name = params[option]
        key = option, biz_id, name
        if key not in self._templates:
            body = dict(bk_biz_id=biz_id, **supplier(params))
            if option == "service_template":
                body.update(search=name, is_exact=True)
            matches = sorted(t["id"] for t in self.search_all("cc/list_" + option, body, CMDB_HINTS)
                             if t.get("name") == name)
            if len(matches) != 1:
                raise UserError("%s %r matches %s of business %d" % (
                    option, name, "templates %s" % matches if matches else "no %s" % option.replace("_", " "), biz_id))
            self._templates[key] = matches[0]
        return self._templates[key]

    def search_modules(self, params, biz_id, set_id=None, name=None):
        """The modules of a business, or of one of its sets, with exactly this name if given."""
        body = dict(bk_biz_id=biz_id, fields=[], condition={} if name is None else dict(bk_module_name=name),
                    **supplier(params))
        if set_id is not None:
            body["bk_set_id"] = set_id
        return [m for m in self.search_all("cc/search_module", body, MODULE_HINTS)
                if (name is None or m.get("bk_module_name") == name)
                and (set_id is None or m.get("bk_set_id") == set_id)]


def supplier(params):
    account = params.get("bk_supplier_account")
    return {"bk_supplier_account": account} if account else {}


def check_lengths(params, limits):
    for option, (low, high) in limits.items():
        value = params.get(option)
        if value is not None and not low <= len(value) <= high:
            raise UserError("%s must be %d to %d characters long, got %d"
                            % (option, low, high, len(value)))

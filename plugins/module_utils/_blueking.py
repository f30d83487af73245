# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""BlueKing ESB dialect, and the CMDB set and Monitor storage cluster resources."""

from __future__ import annotations

import json
import re
from functools import cached_property

from ansible.module_utils.basic import env_fallback
from ansible_collections.clusterops.platforms.plugins.module_utils._arguments import json_problem
from ansible_collections.clusterops.platforms.plugins.module_utils._client import (
    ApiError, connect, transport_spec,
)
from ansible_collections.clusterops.platforms.plugins.module_utils._resource import Resource, UserError, masked

PLATFORM = "BlueKing"
PAGE_LIMIT = 200  # CMDB's documented maximum page size
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

    def search_all(self, component, body, hints=None):
        """Every record of a paged CMDB search, read PAGE_LIMIT at a time."""
        records = []
        while True:
            page = dict(start=len(records), limit=PAGE_LIMIT)
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

    def _business_named(self, name, params):
        rule = dict(field="bk_biz_name", operator="equal", value=name)
        found = self.search_all("cc/search_business", dict(
            fields=["bk_biz_id", "bk_biz_name"], biz_property_filter=dict(condition="AND", rules=[rule]),
            **_supplier(params)))
        matches = sorted(b["bk_biz_id"] for b in found if b.get("bk_biz_name") == name)
        if len(matches) != 1:
            raise ApiError(PLATFORM, "cc.search_business",
                           "bk_biz_name %r matches %s; give bk_biz_id instead" % (
                               name, "no business" if not matches else "businesses %s" % matches))
        return matches[0]

    def search_sets(self, params, biz_id, name=None, parent_id=None):
        rules = [dict(field=f, operator="equal", value=v)
                 for f, v in (("bk_set_name", name), ("bk_parent_id", parent_id)) if v is not None]
        body = dict(bk_biz_id=biz_id, fields=[], **_supplier(params))
        if rules:
            body["filter"] = dict(condition="AND", rules=rules)
        return [s for s in self.search_all("cc/search_set", body, CMDB_HINTS)
                if (name is None or s.get("bk_set_name") == name)
                and (parent_id is None or s.get("bk_parent_id") == parent_id)]


def _supplier(params):
    account = params.get("bk_supplier_account")
    return {"bk_supplier_account": account} if account else {}


SET_ENV = {"test": "1", "experience": "2", "formal": "3"}
SERVICE_STATUS = {"open": "1", "closed": "2"}
SET_FIELDS = ("bk_set_desc", "description", "bk_capacity", "set_template_id")
SET_LIMITS = dict(name=(1, 256), bk_set_desc=(0, 256), description=(0, 2000))
SET_RESERVED = {"bk_set_name", "bk_set_id", "bk_biz_id", "bk_parent_id", "default",
                "set_template_version", "bk_supplier_account"}


class CmdbSet(Resource):
    """A CMDB set, identified by (business, parent, name)."""

    return_key = "set"
    name_key = "bk_set_name"
    create_only = ("set_template_id",)

    @cached_property
    def biz_id(self):
        return self.client.business_id(self.params)

    @property
    def parent_id(self):
        return self.params["bk_parent_id"] or self.biz_id

    def desired(self):
        params = self.params
        _check_lengths(params, SET_LIMITS)
        if params["bk_capacity"] is not None and not 1 <= params["bk_capacity"] <= 999999999:
            raise UserError("bk_capacity must be between 1 and 999999999, got %d" % params["bk_capacity"])
        attributes = {k: v for k, v in (params["attributes"] or {}).items() if v is not None}
        problem = json_problem("attributes", attributes)
        if problem:
            raise UserError(problem)
        clash = sorted(set(attributes) & (set(params) | SET_RESERVED))
        if clash:
            raise UserError("attributes: %s cannot be set as custom attributes; use the module's "
                            "options for them" % ", ".join(clash))
        wanted = {k: params[k] for k in SET_FIELDS if params[k] is not None}
        wanted["bk_set_name"] = params["name"]
        if params["bk_set_env"]:
            wanted["bk_set_env"] = SET_ENV.get(params["bk_set_env"], params["bk_set_env"])
        if params["bk_service_status"]:
            wanted["bk_service_status"] = SERVICE_STATUS.get(params["bk_service_status"],
                                                             params["bk_service_status"])
        wanted.update(attributes)
        return wanted

    def find(self):
        found = self.client.search_sets(self.params, self.biz_id, self.params["name"], self.parent_id)
        return found[0] if found else None

    def read_scope(self):
        return self.client.search_sets(self.params, self.biz_id)

    def identity(self):
        return self.params["name"], self.params["bk_parent_id"]

    def identifies(self, obj):
        return obj.get("bk_set_name") == self.params["name"] and obj.get("bk_parent_id") == self.parent_id

    def options_naming(self, obj):
        return dict(name=obj.get("bk_set_name"), bk_parent_id=obj.get("bk_parent_id"))

    def purgeable(self, obj):
        """A set the user made (not a built-in one), under the task's bk_parent_id if it has one."""
        parent = self.module.params.get("bk_parent_id")
        return not obj.get("default") and (parent is None or obj.get("bk_parent_id") == parent)

    def _call(self, component, **body):
        return self.client.call(component, dict(body, bk_biz_id=self.biz_id, **_supplier(self.params)),
                                safe=False, hints=CMDB_HINTS)

    def create(self, desired):
        return self._call("cc/create_set", data=dict(desired, bk_parent_id=self.parent_id))

    def update(self, current, changes):
        self._call("cc/update_set", bk_set_id=current["bk_set_id"], data=changes)

    def delete(self, current):
        self._call("cc/delete_set", bk_set_id=current["bk_set_id"])

    def predict(self, desired, current=None):
        if current is None:
            current = dict(bk_set_id=None, bk_biz_id=self.biz_id, bk_parent_id=self.parent_id)
        return dict(current, **desired)


def _check_lengths(params, limits):
    for option, (low, high) in limits.items():
        value = params.get(option)
        if value is not None and not low <= len(value) <= high:
            raise UserError("%s must be %d to %d characters long, got %d"
                            % (option, low, high, len(value)))


STORAGE_TYPES = ("influxdb", "kafka", "redis", "elasticsearch")
STORAGE_NAME = re.compile(r"^[_A-Za-z0-9][_A-Za-z0-9-]{0,49}$")
STORAGE_FIELDS = ("display_name", "description", "domain_name", "port", "version", "custom_option",
                  "schema", "is_ssl_verify", "ssl_verification_mode", "ssl_certificate_authorities",
                  "ssl_certificate", "ssl_certificate_key", "ssl_insecure_skip_verify",
                  "extranet_domain_name", "extranet_port")
STORAGE_CERTIFICATES = ("ssl_certificate_authorities", "ssl_certificate", "ssl_certificate_key")
STORAGE_LIMITS = dict(display_name=(0, 128), description=(0, 256), domain_name=(1, 128),
                      extranet_domain_name=(0, 128))
MONITOR_HINTS = {
    "与已有集群冲突": "the name is taken by another storage cluster of any type in this tenant",
    "存在同样配置集群": "another cluster has the same domain_name, port and username",
    "存在未关闭的结果表": "result tables still store data in this cluster; disable them first",
    "默认集群不能删除": "the default cluster cannot be deleted",
}


def _auth(value):
    """auth_info as it is compared and sent: both keys, since a modify sets both."""
    value = value or {}
    return {"username": value.get("username") or "", "password": value.get("password") or ""}


def storage_record(item):
    """One `metadata_get_cluster_info` entry (plain text) as a flat object.

    The certificate fields are read back from their raw_* twins, the form they are written in.
    """
    record = dict(item.get("cluster_config") or {}, cluster_type=item.get("cluster_type"))
    for field in STORAGE_CERTIFICATES:
        record[field] = record.pop("raw_" + field, record.get(field))
    if isinstance(item.get("auth_info"), dict):
        record["auth_info"] = dict(item["auth_info"])
    return record


class StorageCluster(Resource):
    """A BlueKing Monitor storage cluster config, identified by name (and type)."""

    return_key = "storage_cluster"
    create_only = ("cluster_type", "domain_name", "port", "version")
    write_only = ("description",)  # metadata_get_cluster_info does not return it
    create_requires = (("cluster_type", "cluster_type"), ("domain_name", "domain_name"), ("port", "port"))
    name_key = "cluster_name"
    option_key = "cluster_name"
    secret_keys = frozenset({"password", "ssl_certificate_key"})
    normalizers = {"auth_info": _auth, "cluster_type": lambda v: v and v.lower()}

    @property
    def operator(self):
        operator = self.params["operator"] or self.params["bk_username"]
        if not operator:
            raise UserError("operator is required when bk_username is not set")
        return operator

    def desired(self):
        params = self.params
        if not STORAGE_NAME.match(params["cluster_name"]):
            raise UserError("cluster_name must be 1 to 50 letters, digits, '_' or '-', not starting "
                            "with '-', got %r" % params["cluster_name"])
        _check_lengths(params, STORAGE_LIMITS)
        for option in ("port", "extranet_port"):
            if params[option] is not None and not 0 < params[option] < 65536:
                raise UserError("%s must be between 1 and 65535, got %d" % (option, params[option]))
        wanted = {k: params[k] for k in STORAGE_FIELDS if params[k] is not None}
        wanted["cluster_name"] = params["cluster_name"]
        if params["cluster_type"]:
            wanted["cluster_type"] = params["cluster_type"].lower()
            if wanted["cluster_type"] not in STORAGE_TYPES:
                raise UserError("cluster_type must be one of %s (in any case), got %r"
                                % (", ".join(STORAGE_TYPES), params["cluster_type"]))
        if params["auth_info"] is not None:
            wanted["auth_info"] = _auth(params["auth_info"])
        return wanted

    def read_scope(self):
        found = self.client.call("monitor_v3/metadata_get_cluster_info", dict(is_plain_text="true"), safe=True,
                                 method="GET")
        return [storage_record(item) for item in found or []]

    def identifies(self, obj):
        """The cluster of this name and, when the options give it, of this type (as find() reads it)."""
        kind = self.params["cluster_type"]
        return obj.get("cluster_name") == self.params["cluster_name"] and (
            not kind or obj.get("cluster_type") == kind.lower())

    def options_naming(self, obj):
        return dict(cluster_name=obj.get("cluster_name"), cluster_type=obj.get("cluster_type"))

    def purgeable(self, obj):
        """A cluster this app registered, not Monitor's default one, of the task's cluster_type if it has one."""
        kind = self.params["cluster_type"]
        return (obj.get("registered_system") == self.params["bk_app_code"] and not obj.get("is_default_cluster")
                and (not kind or obj.get("cluster_type") == kind.lower()))

    def find(self):
        query = dict(cluster_name=self.params["cluster_name"])
        if self.params["cluster_type"]:
            query["cluster_type"] = self.params["cluster_type"].lower()
        return self._read(query)

    def _read(self, query):
        found = self.client.call("monitor_v3/metadata_get_cluster_info", dict(query, is_plain_text="true"),
                                 safe=True, method="GET")
        matches = [storage_record(item) for item in found or []]
        matches = [m for m in matches if m.get("cluster_name") == self.params["cluster_name"]]
        return matches[0] if matches else None

    def _write(self, component, body):
        return self.client.call("monitor_v3/" + component, dict(body, operator=self.operator),
                                safe=False, hints=MONITOR_HINTS)

    def create(self, desired):
        data = self._write("metadata_create_cluster_info", desired)
        # The code answers the bare id; the ESB document shows {"cluster_id": id}.
        cluster_id = data.get("cluster_id") if isinstance(data, dict) else data
        if not self.read_back:
            return self.predict(desired, dict(cluster_id=cluster_id))
        return self._read(dict(cluster_id=cluster_id))

    def update(self, current, changes):
        self._check_owner(current, ("_default",))
        # A modify without auth_info may blank the stored credentials: always send the ones to keep.
        changes = dict(changes, auth_info=changes.get("auth_info", _auth(current.get("auth_info"))))
        self._write("metadata_modify_cluster_info", dict(changes, cluster_id=current["cluster_id"]))

    def delete(self, current):
        if current.get("is_default_cluster"):
            raise UserError("storage cluster %r is BlueKing Monitor's default cluster, which cannot be "
                            "deleted" % current["cluster_name"])
        self._check_owner(current, ())
        self._write("metadata_delete_cluster_info", dict(cluster_id=current["cluster_id"]))

    def _check_owner(self, current, also_allowed):
        owner = current.get("registered_system")
        if owner and owner != self.params["bk_app_code"] and owner not in also_allowed:
            raise UserError("storage cluster %r was registered by the BlueKing app %r; only that app "
                            "can change or delete it" % (current["cluster_name"], owner))

    def predict(self, desired, current=None):
        if current is None:
            current = dict(cluster_id=None)
        return dict(current, **desired)

    def extra_results(self, obj):
        return {"cluster_id": (obj or {}).get("cluster_id")}


def storage_clusters(esb, cluster_id=None, cluster_name=None, cluster_type=None):
    """The storage cluster configs that match, as flat objects with their secrets masked."""
    query = dict(cluster_id=cluster_id, cluster_name=cluster_name,
                 cluster_type=cluster_type and cluster_type.lower(), is_plain_text="true")
    found = esb.call("monitor_v3/metadata_get_cluster_info",
                     {k: v for k, v in query.items() if v is not None}, safe=True, method="GET")
    return [masked(storage_record(item), StorageCluster.secret_keys) for item in found or []]

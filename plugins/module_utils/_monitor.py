# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The BlueKing Monitor storage cluster resource."""

from __future__ import annotations

import re

from ansible_collections.clusterops.platforms.plugins.module_utils._blueking import check_lengths
from ansible_collections.clusterops.platforms.plugins.module_utils._resource import Resource, UserError, masked

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
        check_lengths(params, STORAGE_LIMITS)
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

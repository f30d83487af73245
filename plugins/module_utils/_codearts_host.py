# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The hosts of a CodeArts Deploy host group (v1 /v1/resources/host-groups/{id}/hosts)."""

from __future__ import annotations

import ipaddress
from urllib.parse import quote

from ansible_collections.clusterops.platforms.plugins.module_utils._codearts import ALNUM32, GROUP_NAME
from ansible_collections.clusterops.platforms.plugins.module_utils._resource import Resource, UserError

HOST_PAGE_SIZE = 200  # the most hosts a host group holds: one page is the whole group
SECRETS = ("password", "private_key")

GROUP_SPEC = dict(
    project_id=dict(type="str"),
    host_group=dict(type="str"),
    host_group_id=dict(type="str"),
)
GROUP_REQUIRED_ONE_OF = [("host_group", "host_group_id")]
GROUP_MUTUALLY_EXCLUSIVE = [("host_group", "host_group_id")]
GROUP_REQUIRED_TOGETHER = [("host_group", "project_id")]


def flat(host):
    """A host of the API in the form the modules return and compare: `id`, `username`, `proxy_host` (its IP)."""
    view = {k: v for k, v in host.items() if k not in ("uuid", "host_id", "authorization", "proxy_host", "permission")}
    authorization = host.get("authorization") or {}
    view.update(id=host.get("uuid") or host.get("host_id"), username=authorization.get("username"),
                trusted_type=authorization.get("trusted_type"),
                proxy_host=(host.get("proxy_host") or {}).get("ip"))
    return view


class Group:
    """The host group a task works in, resolved once by id or by (project, name), and its hosts."""

    def __init__(self, module, client, must_exist):
        self.module = module
        self.client = client
        self.must_exist = must_exist
        params = module.params
        for option, pattern, rule in (("project_id", ALNUM32, "32 letters or digits"),
                                      ("host_group_id", ALNUM32, "32 letters or digits"),
                                      ("host_group", GROUP_NAME, "a host group name, 3 to 128 letters, digits, "
                                                                 "Chinese characters, '-', '_' or '.'")):
            if params.get(option) is not None and not pattern.match(params[option]):
                raise UserError("%s must be %s, got %r" % (option, rule, params[option]))
        self._record = self._hosts = None
        self.scope_read = False

    def record(self):
        """The host group (its id, os, is_proxy_mode), or None when it does not exist."""
        if self._record is None:
            params = self.module.params
            if params.get("host_group_id"):
                self._record = self.client.host_group(params["host_group_id"]) or {}
            else:
                self._record = next((g for g in self.client.host_groups(params["project_id"], params["host_group"])
                                     if g.get("name") == params["host_group"]), {})
        return self._record or None

    def describe(self):
        params = self.module.params
        return "host group %r" % (params.get("host_group") or params.get("host_group_id"))

    def hosts(self, fresh=False):
        """Every host of the group, flattened; [] for a group that does not exist, unless `must_exist`
        (a previous task would create it in check mode; a missing group has nothing to remove or list)."""
        if self._hosts is None or fresh:
            group = self.record()
            if group is None:
                if self.must_exist:
                    raise UserError("%s not found" % self.describe())
                return []
            hosts, path = [], "/v1/resources/host-groups/%s/hosts" % quote(group["id"], safe="")
            while True:
                query = dict(page_index=len(hosts) // HOST_PAGE_SIZE + 1, page_size=HOST_PAGE_SIZE)
                page = self.client.call("GET", path, "codearts.list_hosts", True, query)
                batch = page.get("result") or []
                hosts.extend(flat(h) for h in batch)
                if len(batch) < HOST_PAGE_SIZE or len(hosts) >= page.get("total", 0):
                    break
            self._hosts = hosts
        return self._hosts


class Host(Resource):
    """A host of a CodeArts host group, identified by its IP within the group."""

    return_key = "host"
    name_key = "ip"
    option_key = "ip"
    create_only = ("as_proxy",)
    secret_keys = frozenset(SECRETS)
    normalizers = {"ip": lambda v: v and str(ipaddress.ip_address(v)), "as_proxy": bool,
                   "proxy_host_id": lambda v: v or None}

    def __init__(self, module, client, group, params=None):
        super().__init__(module, client, params)
        self.group = group
        # The API never returns the password or key: compared never (on_create) or always different.
        self.write_only = SECRETS if self.params["update_password"] == "on_create" else ()

    def identity(self):
        return self.normalize("ip", self.params["ip"])

    def identifies(self, obj):
        return self.normalize("ip", obj.get("ip")) == self.identity()

    def desired(self):
        params = self.params
        try:
            ip = str(ipaddress.ip_address(params["ip"]))
        except ValueError:
            raise UserError("ip must be an IPv4 or IPv6 address, got %r" % params["ip"]) from None
        if params["host_name"] is not None and not GROUP_NAME.match(params["host_name"]):
            raise UserError("host_name must be 3 to 128 letters, digits, Chinese characters, '-', '_' or '.', "
                            "got %r" % params["host_name"])
        if params["port"] is not None and not 0 <= params["port"] <= 65535:
            raise UserError("port must be 0 to 65535, got %d" % params["port"])
        if not params["username"]:
            raise UserError("username is required for a host that should be present")
        if bool(params["password"]) == bool(params["private_key"]):
            raise UserError("exactly one of password and private_key is required for a host that should be present")
        wanted = dict(ip=ip, username=params["username"], trusted_type=0 if params["password"] else 1,
                      **{k: params[k] for k in ("host_name", "port", "as_proxy", *SECRETS) if params[k] is not None})
        wanted.update(self._proxy(wanted.get("as_proxy")))
        return wanted

    def _proxy(self, as_proxy):
        """proxy_host_id of the option proxy_host (an IP), checked against the group's connection mode."""
        proxy_ip, group = self.params["proxy_host"], self.group.record()
        if group is None:  # created by a previous task (check mode): nothing to check against
            return {"proxy_host_id": None} if proxy_ip else {}
        if not group.get("is_proxy_mode"):
            if as_proxy or proxy_ip:
                raise UserError("%s connects to its hosts directly (is_proxy_mode 0): it takes no as_proxy or "
                                "proxy_host" % self.group.describe())
            return {}
        if as_proxy:
            if proxy_ip:
                raise UserError("a proxy host (as_proxy) takes no proxy_host")
            return {}
        if not proxy_ip:
            raise UserError("%s is in proxy mode: proxy_host, the IP of one of its proxy hosts (as_proxy), is "
                            "required" % self.group.describe())
        proxy = next((h for h in self.group.hosts() if h.get("as_proxy") and h.get("ip") == proxy_ip), None)
        if proxy is None:
            raise UserError("proxy_host %r is not a proxy host of %s; add it first with as_proxy=true"
                            % (proxy_ip, self.group.describe()))
        return {"proxy_host_id": proxy["id"]}

    def find(self):
        return next((h for h in self.group.hosts(fresh=True) if self.identifies(h)), None)

    def read_scope(self):
        # The first read of the list form may reuse the read desired() made; the read back may not.
        fresh, self.group.scope_read = self.group.scope_read, True
        return self.group.hosts(fresh)

    def _body(self, values):
        secret = "password" if values["trusted_type"] == 0 else "private_key"
        body = {k: values.get(k) for k in ("host_name", "ip", "port", "as_proxy", "proxy_host_id")}
        body["as_proxy"] = bool(body["as_proxy"])
        body["authorization"] = dict(username=values["username"], trusted_type=values["trusted_type"],
                                     **{secret: values[secret]})
        return body

    def _path(self, host_id=None):
        path = "/v1/resources/host-groups/%s/hosts" % quote(self.group.record()["id"], safe="")
        return path + ("/%s" % quote(host_id, safe="") if host_id else "")

    def create(self, desired):
        values = dict(dict(host_name=desired["ip"], port=22), **desired)
        body = dict(self._body(values), os=self.group.record()["os"])
        created = self.client.call("POST", self._path(), "codearts.create_host", False, body=body)
        if not self.read_back:
            return self.predict(desired, dict(id=created.get("id")))
        return self.find()

    def update(self, current, changes):
        # The PUT takes the whole host, its login included.
        values = dict(current, **{k: self.params[k] for k in SECRETS if self.params[k]})
        values.update(changes)
        self.client.call("PUT", self._path(current["id"]), "codearts.update_host", False, body=self._body(values))

    def delete(self, current):
        self.client.call("DELETE", self._path(current["id"]), "codearts.delete_host", False)

    def predict(self, desired, current=None):
        group = self.group.record() or {}
        new = dict(id=None, host_name=desired.get("ip"), port=22, as_proxy=False, proxy_host_id=None,
                   os=group.get("os"), group_id=group.get("id"))
        predicted = dict(current or new, **{k: v for k, v in desired.items() if k not in SECRETS})
        if "proxy_host_id" in desired:
            predicted["proxy_host"] = self.params["proxy_host"]
        return predicted

    def extra_results(self, obj):
        return {"id": (obj or {}).get("id")}

    def options_naming(self, obj):
        return {"ip": obj.get("ip")}

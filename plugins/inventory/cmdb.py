# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: cmdb
short_description: The hosts of BlueKing CMDB businesses, grouped by business, set and module
version_added: 1.0.0
description:
  - Reads the hosts of one or more BlueKing CMDB businesses, with their topology, and makes an
    inventory of them. Each business, set and module is a group (see O(group_prefix)), nested
    business > set > module, each host in the groups of its modules; the original names and
    ids are group variables.
  - Each host gets its CMDB attributes (O(host_fields)) as host variables, C(ansible_host) (see
    O(ansible_host_attributes)) and C(cmdb_modules) (one entry per module it is in, with the
    ids and names of the module and its set); it inherits C(cmdb_business) (the id and name of
    its business) from its business's group.
  - The inventory file name must end in C(cmdb.yml) or C(cmdb.yaml).
  - The calls are C(search_business) (one, for the names of the businesses) and, per business,
    C(list_biz_hosts_topo) in pages of 500 hosts (the most CMDB gives at once); the set, module
    and host filters are applied by CMDB. 10,000 hosts cost about 21 requests, whatever the
    number of sets and modules.
author:
  - clusterops.platforms contributors (@clusterops)
requirements:
  - Python 3.11 or later on the controller.
extends_documentation_fragment:
  - ansible.builtin.constructed
  - ansible.builtin.inventory_cache
  - clusterops.platforms.blueking
  - clusterops.platforms.blueking.inventory
options:
  plugin:
    description: The name of this plugin; it makes this file an inventory source of it.
    type: str
    required: true
    choices: [clusterops.platforms.cmdb]
  bk_biz_ids:
    description:
      - The ids of the businesses whose hosts are listed.
      - With neither O(bk_biz_ids) nor O(bk_biz_names), every business that is not archived,
        but the resource pool (the business that holds the hosts no business has; name it to
        list its hosts).
    type: list
    elements: int
    default: []
  bk_biz_names:
    description:
      - The names of the businesses whose hosts are listed (with those of O(bk_biz_ids)). Each
        must match exactly one business that is not archived.
    type: list
    elements: str
    default: []
  bk_supplier_account:
    description: The supplier account; CMDB uses C(0) when it is not set.
    type: str
  set_filter:
    description:
      - Only the hosts in the sets that match, as C(list_biz_hosts_topo)'s C(set_property_filter).
      - Either a mapping of set attributes to a value (equal) or a list of values (any of them),
        all of which must match (see the examples); or a CMDB QueryBuilder filter, a mapping with
        the keys C(condition) (C(AND) or C(OR)) and C(rules) (a list of mappings with the keys
        C(field), C(operator) and C(value), or nested filters), sent as it is.
      - A host that matches is listed with all the modules it is in.
    type: dict
  module_filter:
    description:
      - Only the hosts in the modules that match, as C(list_biz_hosts_topo)'s
        C(module_property_filter); the same two forms as O(set_filter), with module attributes
        (such as C(bk_module_name) or C(bk_module_type)).
    type: dict
  host_filter:
    description:
      - Only the hosts that match, as C(list_biz_hosts_topo)'s C(host_property_filter); the same
        two forms as O(set_filter), with host attributes (such as C(bk_os_type) or
        C(bk_host_innerip)).
    type: dict
  host_fields:
    description:
      - The host attributes read from CMDB, each a host variable of the same name (after
        O(vars_prefix)). Give others (such as C(bk_os_version), C(bk_disk), C(bk_sn),
        C(bk_comment), C(bk_host_innerip_v6)) and the custom attributes of your host model here
        too; this list replaces the default one. Each attribute costs time in
        C(ansible-inventory --list) of many hosts.
      - The attributes O(hostnames) and O(ansible_host_attributes) name, and C(bk_host_id), are
        always read.
    type: list
    elements: str
    default: [bk_host_id, bk_host_name, bk_host_innerip, bk_host_outerip, bk_cloud_id, bk_os_type,
              bk_os_name, bk_cpu, bk_mem, operator, bk_bak_operator]
  vars_prefix:
    description: Put in front of the name of every host variable made of a CMDB attribute.
    type: str
    default: ""
  hostnames:
    description:
      - The host attributes that name a host in the inventory, in order of preference; the first
        one the host has (not empty) is used, and of a list of addresses (CMDB keeps several
        addresses as C(a,b)) the first one.
      - A host with none of them is named by its C(bk_host_id).
      - Names must be unique. When two hosts would get the same name (the same inner IP in two
        cloud areas, the same C(bk_host_name)), each of them is named C(<name>_<bk_host_id>)
        instead, with a warning.
    type: list
    elements: str
    default: [bk_host_innerip]
  ansible_host_attributes:
    description:
      - The host attributes C(ansible_host) is taken from, in order of preference; the first one
        the host has (not empty) is used, and of a list of addresses the first one, such as
        V([bk_host_outerip, bk_host_innerip]) for the outer IP where there is one.
      - With none of them, the host gets no C(ansible_host). O(compose) can set it too.
    type: list
    elements: str
    default: [bk_host_innerip]
  group_prefix:
    description: Put in front of the name of every business, set and module group.
    type: str
    default: ""
  group_separator:
    description: Joins the names of a business, a set and a module in the names of their groups.
    type: str
    default: "_"
  ascii_group_names:
    description:
      - Whether group names keep only ASCII letters, digits and C(_). By default they keep every
        character Ansible allows in a group name, Chinese ones included (a set called
        C(空闲机池) of the business C(payments) is the group C(payments_空闲机池)).
      - A business, set or module whose name then keeps no letter or digit is named by its id
        (C(biz_1), C(set_5), C(module_9)).
    type: bool
    default: false
notes:
  - Group names follow Ansible's rules (C(ansible.builtin.constructed)'s too), every other
    character becomes C(_); the business C(payments) is the group C(payments), its set C(ob) the
    group C(payments_ob), and that set's module C(observer) the group C(payments_ob_observer).
    A business, set or module whose name has no letter or digit left is named by its id, as
    with O(ascii_group_names). When two businesses, sets or modules would get the same group
    name, each of them gets its kind and id appended (C(payments_db_1_set12)).
  - The group variables are C(cmdb_business) (C(bk_biz_id), C(bk_biz_name)) on a business
    group, C(cmdb_set) (C(bk_set_id), C(bk_set_name)) on a set group and C(cmdb_module)
    (C(bk_module_id), C(bk_module_name)) on a module group. Groups are made for the sets and
    modules that hold a listed host. A host in several modules inherits the C(cmdb_set) and
    C(cmdb_module) of one of them only; its C(cmdb_modules) host variable lists them all.
  - With the cache on (O(cache)), the inventory is built from the cache without any request
    until O(cache_timeout) passes or C(ansible-inventory --flush-cache) is run. The cache holds
    the hosts CMDB returned, never a credential; its key is made of this file's path and the
    options that choose the hosts, without the secrets.
seealso:
  - module: clusterops.platforms.cmdb_set
  - module: clusterops.platforms.cmdb_set_info
  - name: BlueKing CMDB source
    description: C(list_biz_hosts_topo) and C(search_business) are described under C(docs/apidoc/).
    link: https://github.com/TencentBlueKing/bk-cmdb
"""

EXAMPLES = r"""
# The smallest file, payments.cmdb.yml: the hosts of the payments business, with the credentials
# from the environment (BK_URL, BK_APP_CODE, BK_APP_SECRET, BK_USERNAME):
#   plugin: clusterops.platforms.cmdb
#   bk_biz_names: [payments]
# and then:
#   ansible-inventory -i payments.cmdb.yml --graph
#   ansible payments_ob -i payments.cmdb.yml -m ansible.builtin.ping

# db.cmdb.yml: the Linux hosts of the production sets of two businesses, reached on their outer
# IP where they have one, grouped by OS name and operator too, cached for an hour. The secret
# comes from BK_APP_SECRET.
plugin: clusterops.platforms.cmdb
bk_url: https://paas.example.com
bk_app_code: clusterops
bk_username: admin
bk_biz_ids: [3, 7]
set_filter:
  bk_set_env: "3"
  bk_set_name: [db, web]
host_filter:
  condition: OR
  rules:
    - {field: bk_os_type, operator: equal, value: "1"}
    - {field: bk_os_name, operator: in, value: [linux centos, rocky]}
ansible_host_attributes: [bk_host_outerip, bk_host_innerip]
keyed_groups:
  - key: bk_os_name
    prefix: os
  - key: operator
    prefix: operator
groups:
  big_memory: bk_mem is defined and bk_mem >= 65536
compose:
  module_names: cmdb_modules | map(attribute='bk_module_name') | list
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/ansible-cmdb
cache_timeout: 3600
"""

import contextlib
import hashlib
import json
import os
import re
from collections import Counter

from ansible.errors import AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable, to_safe_group_name
from ansible.release import __version__ as ansible_version
from ansible.utils.display import Display
from ansible.utils.unsafe_proxy import wrap_var

from ansible_collections.clusterops.platforms.plugins.module_utils._blueking import (
    BLUEKING_REQUIRED_ONE_OF, BLUEKING_SPEC, HOST_PAGE_LIMIT, PLATFORM, Esb, supplier,
)
from ansible_collections.clusterops.platforms.plugins.module_utils._client import (
    ApiError, OptionsError, PluginOptions,
)

display = Display()

# CMDB's data is never templated (a host's comment may hold "{{ ... }}"). ansible-core 2.19 and later
# mark what an inventory plugin sets as untrusted themselves; before, the plugin marks it unsafe.
if tuple(int(part) for part in ansible_version.split(".")[:2]) >= (2, 19):
    def untrusted(value):
        return value
else:
    untrusted = wrap_var

# The options that choose what is read: with the URL and the user, the cache key (no secret).
READ_OPTIONS = ("bk_biz_ids", "bk_biz_names", "bk_supplier_account", "set_filter", "module_filter",
                "host_filter", "host_fields", "hostnames", "ansible_host_attributes")
NON_ASCII = re.compile(r"[^A-Za-z0-9_]")


def env_names(spec):
    """The environment variables of each option of a module spec, from its fallback."""
    return {name: list(option["fallback"][1]) for name, option in spec.items() if option.get("fallback")}


@contextlib.contextmanager
def empty_env_unset(names):
    """As for the modules, an environment variable set to "" counts as unset while options are read."""
    empty = {name: os.environ.pop(name) for name in names if os.environ.get(name) == ""}
    try:
        yield
    finally:
        os.environ.update(empty)


def property_filter(option, value):
    """A CMDB QueryBuilder filter from an option: a filter as it is, or {attribute: value | [values]}."""
    if value is None:
        return None
    if "rules" in value:
        return value
    if not value:
        raise AnsibleParserError("%s must name at least one attribute" % option)
    rules = [dict(field=field, operator="in" if isinstance(wanted, list) else "equal", value=wanted)
             for field, wanted in sorted(value.items())]
    return dict(condition="AND", rules=rules)


def first_value(record, attributes):
    """The first of `attributes` that `record` has, not empty; of "a,b" (several addresses) "a"."""
    for attribute in attributes:
        value = record.get(attribute)
        if value not in (None, ""):
            return str(value).split(",", maxsplit=1)[0].strip()
    return None


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):

    NAME = "clusterops.platforms.cmdb"

    def verify_file(self, path):
        return super().verify_file(path) and path.endswith(("cmdb.yml", "cmdb.yaml"))

    def parse(self, inventory, loader, path, cache=True):
        super().parse(inventory, loader, path, cache)
        with empty_env_unset([name for names in env_names(BLUEKING_SPEC).values() for name in names]):
            self._read_config_data(path)
        params = self._connection_params()
        key = self._data_key(path, params)
        data = None
        if self.get_option("cache") and cache:
            data = self._cache.get(key)
        if data is None:
            data = self._read(params)
            if self.get_option("cache"):
                self._cache[key] = data
        self._populate(data)

    # --- reading

    def _connection_params(self):
        params = {name: self.get_option(name) for name in BLUEKING_SPEC}
        params = {name: None if value == "" else value for name, value in params.items()}
        for group in BLUEKING_REQUIRED_ONE_OF:
            if all(params[name] is None for name in group):
                raise AnsibleParserError("one of %s is required (or the environment variable %s)" % (
                    ", ".join(group), ", ".join(env_names(BLUEKING_SPEC)[name][0] for name in group)))
        params["bk_supplier_account"] = self.get_option("bk_supplier_account")
        return params

    def _data_key(self, path, params):
        """The cache key: this file's path and what chooses the hosts; never a secret."""
        chosen = {name: self.get_option(name) for name in READ_OPTIONS}
        chosen.update(bk_url=params["bk_url"], bk_username=params["bk_username"])
        digest = hashlib.sha256(json.dumps(chosen, sort_keys=True, default=str).encode()).hexdigest()[:16]
        return "%s_%s" % (self.get_cache_key(path), digest)

    def _read(self, params):
        """[{bk_biz_id, bk_biz_name, hosts: [{host, topo}]}] of the chosen businesses."""
        try:
            esb = Esb(PluginOptions(params))
            businesses = self._businesses(esb, params)
            fields = sorted(set(self.get_option("host_fields") + self.get_option("hostnames")
                                + self.get_option("ansible_host_attributes") + ["bk_host_id"]))
            body = dict(fields=fields, **supplier(params))
            for option, key in (("set_filter", "set_property_filter"), ("module_filter", "module_property_filter"),
                                ("host_filter", "host_property_filter")):
                query = property_filter(option, self.get_option(option))
                if query:
                    body[key] = query
            for business in businesses:
                business["hosts"] = esb.search_all("cc/list_biz_hosts_topo", dict(body, bk_biz_id=business["bk_biz_id"]),
                                                   limit=HOST_PAGE_LIMIT)
                display.vvv("clusterops.platforms.cmdb: %d hosts in business %d"
                            % (len(business["hosts"]), business["bk_biz_id"]))
        except (ApiError, OptionsError) as exc:
            raise AnsibleParserError(str(exc)) from None
        return businesses

    def _businesses(self, esb, params):
        """The chosen businesses (id and name), read with one search_business."""
        ids, names = self.get_option("bk_biz_ids"), self.get_option("bk_biz_names")
        rules = [dict(field="bk_data_status", operator="not_equal", value="disabled")]
        chosen = [dict(field=field, operator="in", value=values)
                  for field, values in (("bk_biz_id", ids), ("bk_biz_name", names)) if values]
        if chosen:
            rules.append(dict(condition="OR", rules=chosen) if len(chosen) > 1 else chosen[0])
        found = esb.search_businesses(params, rules)
        if not chosen:
            found = [business for business in found if not business.get("default")]
        for option, key, values in (("bk_biz_ids", "bk_biz_id", ids), ("bk_biz_names", "bk_biz_name", names)):
            for value in values:
                matches = [business for business in found if business.get(key) == value]
                if len(matches) != 1:
                    raise ApiError(PLATFORM, "cc.search_business", "%s: %r matches %s" % (
                        option, value, "no business that is not archived" if not matches
                        else "businesses %s; give bk_biz_ids instead" % sorted(b["bk_biz_id"] for b in matches)))
        unique = {business["bk_biz_id"]: business for business in found}
        return [dict(bk_biz_id=biz_id, bk_biz_name=unique[biz_id].get("bk_biz_name") or "")
                for biz_id in sorted(unique)]

    # --- the inventory

    def _populate(self, businesses):
        groups = self._group_names(businesses)
        names = self._host_names(businesses)
        for business in businesses:
            biz = dict(bk_biz_id=business["bk_biz_id"], bk_biz_name=business["bk_biz_name"])
            biz_group = self.inventory.add_group(groups["biz", biz["bk_biz_id"]])
            self.inventory.set_variable(biz_group, "cmdb_business", untrusted(biz))
            for record in business["hosts"]:
                self._add_host(names[record["host"]["bk_host_id"]], record, biz, biz_group, groups)

    def _add_host(self, name, record, biz, biz_group, groups):
        host = record["host"]
        modules = []
        for topo in record.get("topo") or []:
            cmdb_set = dict(bk_set_id=topo["bk_set_id"], bk_set_name=topo.get("bk_set_name"))
            set_group = self._child_group(biz_group, groups["set", topo["bk_set_id"]], "cmdb_set", cmdb_set)
            for module in topo.get("module") or []:
                cmdb_module = dict(bk_module_id=module["bk_module_id"], bk_module_name=module.get("bk_module_name"))
                module_group = self._child_group(set_group, groups["module", module["bk_module_id"]], "cmdb_module",
                                                 cmdb_module)
                self.inventory.add_host(name, group=module_group)
                modules.append(dict(cmdb_set, **cmdb_module))
        if not modules:
            self.inventory.add_host(name, group=biz_group)
        prefix = self.get_option("vars_prefix")
        variables = {prefix + key: value for key, value in host.items()}
        variables["cmdb_modules"] = modules
        address = first_value(host, self.get_option("ansible_host_attributes"))
        if address:
            variables["ansible_host"] = address
        variables = untrusted(variables)
        for key, value in variables.items():
            self.inventory.set_variable(name, key, value)
        # The host inherits cmdb_business from its business's group; the expressions see it too.
        variables = dict(variables, cmdb_business=untrusted(biz))
        strict = self.get_option("strict")
        self._set_composite_vars(self.get_option("compose"), variables, name, strict=strict)
        self._add_host_to_composed_groups(self.get_option("groups"), variables, name, strict=strict)
        self._add_host_to_keyed_groups(self.get_option("keyed_groups"), variables, name, strict=strict)

    def _child_group(self, parent, name, key, value):
        if name not in self.inventory.groups:
            self.inventory.add_group(name)
            self.inventory.add_child(parent, name)
            self.inventory.set_variable(name, key, untrusted(value))
        return name

    def _safe(self, name):
        safe = to_safe_group_name(name)
        return NON_ASCII.sub("_", safe) if self.get_option("ascii_group_names") else safe

    def _part(self, kind, object_id, name):
        """A business's, set's or module's part of a group name: its name, or its id if none of it is left."""
        kept = [ch for ch in self._safe(name or "") if ch.isalnum()]
        return name if kept else "%s_%d" % (kind, object_id)

    def _group_names(self, businesses):
        """{(kind, id): group name} of every business, set and module: nested, safe and unique."""
        sep = self.get_option("group_separator")
        taken = set()
        biz = self._unique({("biz", b["bk_biz_id"]): self._safe(self.get_option("group_prefix") + self._part(
            "biz", b["bk_biz_id"], b["bk_biz_name"])) for b in businesses}, taken)
        sets, modules = {}, {}
        for business in businesses:
            for record in business["hosts"]:
                for topo in record.get("topo") or []:
                    parent = biz["biz", business["bk_biz_id"]]
                    sets["set", topo["bk_set_id"]] = (parent, self._part("set", topo["bk_set_id"], topo.get("bk_set_name")))
                    for module in topo.get("module") or []:
                        modules["module", module["bk_module_id"]] = (topo["bk_set_id"], self._part(
                            "module", module["bk_module_id"], module.get("bk_module_name")))
        sets = self._unique({key: self._safe(parent + sep + part) for key, (parent, part) in sets.items()}, taken)
        modules = self._unique({key: self._safe(sets["set", set_id] + sep + part)
                                for key, (set_id, part) in modules.items()}, taken)
        return {**biz, **sets, **modules}

    def _unique(self, claims, taken):
        """`claims` ({(kind, id): name}) with each name claimed twice, or taken before, made `<name>_<kind><id>`."""
        counts = Counter(claims.values())
        unique = {(kind, object_id): name if counts[name] == 1 and name not in taken
                  else self._safe("%s%s%s%d" % (name, self.get_option("group_separator"), kind, object_id))
                  for (kind, object_id), name in claims.items()}
        taken.update(unique.values())
        return unique

    def _host_names(self, businesses):
        """{bk_host_id: inventory name}: the first of `hostnames` a host has, or its id; shared ones made unique."""
        wanted = {}
        for business in businesses:
            for record in business["hosts"]:
                host = record["host"]
                wanted[host["bk_host_id"]] = first_value(host, self.get_option("hostnames")) or str(host["bk_host_id"])
        counts = Counter(wanted.values())
        shared = sorted(name for name, count in counts.items() if count > 1)
        if shared:
            names = ", ".join(shared[:10]) + (" ..." if len(shared) > 10 else "")
            display.warning("clusterops.platforms.cmdb: several hosts would be named %s; each of them is named "
                            "<name>_<bk_host_id> instead" % names)
        return {host_id: name if counts[name] == 1 else "%s_%d" % (name, host_id) for host_id, name in wanted.items()}

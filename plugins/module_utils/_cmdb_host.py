# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Hosts of a CMDB business and their placement in modules: read, plan, transfer in groups, verify.

CMDB facts used here (bk-cmdb's API docs, docs/apidoc/cc/en/, and src/scene_server/host_server):
- a host belongs to one business: the resource pool business (`default` 1) or another one; in a
  business it sits in one or more modules, or in one of the built-in modules of the idle set
  (idle, fault, recycle: module `default` 1, 2, 3);
- list_hosts_without_biz, list_biz_hosts_topo and find_host_biz_relations take at most 500 hosts
  a request; a QueryBuilder `in` rule takes at most 500 values;
- transfer_resourcehost_to_idlemodule takes resource pool hosts into the business's idle module;
  transfer_host_module places hosts of the business (is_increment false replaces their modules;
  true adds to them and drops the built-in ones: src/source_controller/coreservice/core/host/
  transfer/transfer.go, delHostModuleRelation);
  transfer_host_to_idlemodule returns them to the idle module; transfer_host_to_resourcemodule
  gives hosts of the idle set back to the resource pool;
- moving a host between two businesses is none of these: transfer_host_across_biz (CMDB 3.10.27+,
  docs/apidoc/cc/en/transfer_host_across_biz.md) moves hosts of the source business's idle set to
  a module of the destination's idle set. This module does it only when the task opts in
  (take_from_other_business), after returning the hosts to the source's idle module.
"""

from __future__ import annotations

import ipaddress

from ansible_collections.clusterops.platforms.plugins.module_utils._blueking import HOST_PAGE_LIMIT, PLATFORM, supplier
from ansible_collections.clusterops.platforms.plugins.module_utils._client import ApiError
from ansible_collections.clusterops.platforms.plugins.module_utils._resource import (
    Unconverged, UserError, fail, lost_write, write_verified,
)

IDLE_MODULE = 1  # `default` of the idle module; fault is 2, recycle 3 (all in the idle set)
HOST_FIELDS = ["bk_host_id", "bk_host_innerip", "bk_cloud_id", "bk_host_name"]
HOST_HINTS = {1199059: "CMDB accepts at most %d hosts per request" % HOST_PAGE_LIMIT}
STATES = ("present", "idle", "resource_pool")
# The steps of a host's journey, in the order they run, and the component of each.
COMPONENTS = dict(leave="transfer_host_to_idlemodule", across="transfer_host_across_biz",
                  take="transfer_resourcehost_to_idlemodule", idle="transfer_host_to_idlemodule",
                  transfer="transfer_host_module", release="transfer_host_to_resourcemodule")


def chunks(items, size=HOST_PAGE_LIMIT):
    items = list(items)
    return [items[start:start + size] for start in range(0, len(items), size)]


def host_label(params):
    """How a host is named in messages, results and the diff."""
    if params.get("bk_host_id") is not None:
        return "host %d" % params["bk_host_id"]
    cloud = params.get("bk_cloud_id") or 0
    return params["bk_host_innerip"] if cloud == 0 else "%s (cloud %d)" % (params["bk_host_innerip"], cloud)


def _check_modules(modules, where):
    if not modules:
        raise UserError("%smodules must name at least one module with state=present" % where)
    for index, entry in enumerate(modules):
        named = entry.get("bk_set_name") is not None or entry.get("bk_module_name") is not None
        if (entry.get("bk_module_id") is None) == (not named) or (
                named and None in (entry.get("bk_set_name"), entry.get("bk_module_name"))):
            raise UserError("%smodules[%d] must give either bk_module_id, or bk_set_name and bk_module_name"
                            % (where, index))


class HostRequest:
    """One host of the task: who it is, and where it should be."""

    def __init__(self, params, where=""):
        self.where = where
        if (params.get("bk_host_innerip") is None) == (params.get("bk_host_id") is None):
            raise UserError("%sexactly one of bk_host_innerip and bk_host_id is required" % where)
        self.host_id = params.get("bk_host_id")
        self.ip = params.get("bk_host_innerip")
        self.cloud = params.get("bk_cloud_id") or 0
        if self.ip is not None:
            try:
                ipaddress.ip_address(self.ip)
            except ValueError:
                raise UserError("%sbk_host_innerip must be one IPv4 or IPv6 address, got %r" % (where, self.ip)) from None
        if self.cloud < 0 or (self.host_id is not None and self.host_id < 1):
            raise UserError("%sbk_cloud_id must be 0 or more and bk_host_id 1 or more" % where)
        self.state = params.get("state") or "present"
        self.append = bool(params.get("append"))
        self.modules = params.get("modules")
        if self.state == "present":
            _check_modules(self.modules, where)
        elif self.modules or self.append:
            raise UserError("%smodules and append are for state=present, not state=%s" % (where, self.state))
        self.label = host_label(params)
        self.record = None  # the host as CMDB lists it
        self.targets = frozenset()  # module ids asked for
        self.before = self.after = None  # (business id, frozenset of module ids)
        self.steps = []
        self.source = None  # the other business a host is taken from (take_from_other_business)
        self.changed = self.failed = False
        self.error = None

    @property
    def key(self):
        return ("id", self.host_id) if self.host_id is not None else ("ip", self.ip, self.cloud)


class HostPlacement:
    """Places the hosts of one task in modules of one business (see the module docstring)."""

    def __init__(self, module, esb, requests):
        self.module = module
        self.esb = esb
        self.params = module.params
        self.requests = requests
        self.biz_id = None
        self.modules = {}  # module id: module record of the business, with its set's name
        self.idle_id = None
        self._businesses = {}
        self._internal = {}

    # reads

    def _query(self, component, body):
        return self.esb.search_all("cc/" + component, dict(body, **supplier(self.params)), HOST_HINTS, HOST_PAGE_LIMIT)

    def internal_modules(self, biz_id):
        """(the idle set with its modules, the idle module's id, the ids of the idle set's modules) of a
        business, from get_biz_internal_module, read once."""
        if biz_id not in self._internal:
            internal = self.esb.call("cc/get_biz_internal_module", dict(bk_biz_id=biz_id, **supplier(self.params)),
                                     safe=True, hints=HOST_HINTS) or {}
            modules = internal.get("module") or []
            self._internal[biz_id] = internal, next(
                (m["bk_module_id"] for m in modules if m.get("default") == IDLE_MODULE), None), frozenset(
                m["bk_module_id"] for m in modules)
        return self._internal[biz_id]

    def read_topology(self):
        """The business's modules with their set names (search_set, search_module) and its idle module."""
        sets = {s["bk_set_id"]: s.get("bk_set_name") for s in self.esb.business_sets(self.params, self.biz_id)}
        internal, self.idle_id = self.internal_modules(self.biz_id)[:2]
        sets[internal.get("bk_set_id")] = internal.get("bk_set_name")
        for record in self.esb.search_modules(self.params, self.biz_id):
            self.modules[record["bk_module_id"]] = dict(record, bk_set_name=sets.get(record.get("bk_set_id")))
        for record in internal.get("module") or ():
            self.modules.setdefault(record["bk_module_id"], dict(
                record, bk_set_id=internal.get("bk_set_id"), bk_set_name=internal.get("bk_set_name")))

    def find_hosts(self):
        """Every asked host's record, by IP and by id, 500 a request (list_hosts_without_biz)."""
        found = {}
        ips = sorted({r.ip for r in self.requests if r.ip is not None})
        ids = sorted({r.host_id for r in self.requests if r.host_id is not None})
        for field, values in (("bk_host_innerip", ips), ("bk_host_id", ids)):
            for batch in chunks(values):
                rule = dict(field=field, operator="in", value=batch)
                for host in self._query("list_hosts_without_biz", dict(
                        fields=HOST_FIELDS, host_property_filter=dict(condition="AND", rules=[rule]))):
                    found[("id", host["bk_host_id"])] = host
                    found[("ip", host.get("bk_host_innerip"), host.get("bk_cloud_id") or 0)] = host
        missing = [r.label for r in self.requests if r.key not in found]
        if missing:
            raise UserError("not in CMDB: %s; this module places hosts that CMDB knows (registered by the "
                            "GSE agent, a cloud sync or add_host_to_business_idle), it does not register them"
                            % ", ".join(missing))
        named = {}
        for request in self.requests:
            request.record = found[request.key]
            other = named.setdefault(request.record["bk_host_id"], request)
            if other is not request:
                raise UserError("%s and %s are the same host (bk_host_id %d)"
                                % (other.label, request.label, request.record["bk_host_id"]))

    def placements(self, host_ids):
        """{host id: (business id, frozenset of its module ids)}, 500 hosts a request (find_host_biz_relations)."""
        result = {}
        for batch in chunks(sorted(set(host_ids))):
            relations = self.esb.call("cc/find_host_biz_relations", dict(bk_host_id=batch, **supplier(self.params)),
                                      safe=True, hints=HOST_HINTS) or []
            for relation in relations:
                biz, modules = result.get(relation["bk_host_id"], (relation["bk_biz_id"], frozenset()))
                result[relation["bk_host_id"]] = biz, modules | {relation["bk_module_id"]}
        return result

    def business(self, biz_id):
        """The business record (bk_biz_name, default) of `biz_id`, read once."""
        if biz_id not in self._businesses:
            found = self.esb.search_businesses(self.params, [dict(field="bk_biz_id", operator="equal", value=biz_id)])
            self._businesses[biz_id] = found[0] if found else dict(bk_biz_id=biz_id, bk_biz_name=None, default=0)
        return self._businesses[biz_id]

    def pool_id(self):
        """The id of the resource pool business, read once."""
        pool = [b for b in self._businesses.values() if b.get("default") == 1]
        if not pool:
            pool = self.esb.search_businesses(self.params, [dict(field="default", operator="equal", value=1)])
            if not pool:
                raise ApiError(PLATFORM, "cc.search_business", "CMDB lists no resource pool business (default 1)")
            self._businesses[pool[0]["bk_biz_id"]] = pool[0]
        return pool[0]["bk_biz_id"]

    def in_pool(self, placement, read=True):
        """Whether a host placed so is in the resource pool; without `read`, from the businesses read so far."""
        if placement is None or placement[0] == self.biz_id:
            return False
        record = self.business(placement[0]) if read else self._businesses.get(placement[0], {})
        return record.get("default") == 1

    # planning

    def resolve_modules(self, request):
        ids = set()
        for index, entry in enumerate(request.modules):
            where = "%smodules[%d]" % (request.where, index)
            if entry.get("bk_module_id") is not None:
                record = self.modules.get(entry["bk_module_id"])
                if record is None:
                    raise UserError("%s: business %d has no module with bk_module_id %d"
                                    % (where, self.biz_id, entry["bk_module_id"]))
            else:
                matches = [m for m in self.modules.values() if m.get("bk_set_name") == entry["bk_set_name"]
                           and m.get("bk_module_name") == entry["bk_module_name"]]
                if not matches and self.module.check_mode:
                    matches = [self.planned_module(entry["bk_set_name"], entry["bk_module_name"])]
                if len(matches) != 1:
                    raise UserError("%s: business %d has %s module %r in a set %r%s" % (
                        where, self.biz_id, "no" if not matches else "more than one", entry["bk_module_name"],
                        entry["bk_set_name"], "" if not matches else "; give bk_module_id instead"))
                record = matches[0]
            if record.get("default"):
                raise UserError("%s: %s/%s is a built-in module of the idle set; use state=idle to return a host "
                                "to the idle module" % (where, record.get("bk_set_name"), record.get("bk_module_name")))
            ids.add(record["bk_module_id"] if record["bk_module_id"] is not None else
                    ("planned", record["bk_set_name"], record["bk_module_name"]))
        return frozenset(ids)

    def planned_module(self, set_name, module_name):
        """In check mode, a module that is not there yet stands for the one an earlier task would create
        (as cmdb_module predicts it), so that a whole play can be checked before anything exists."""
        key = ("planned", set_name, module_name)
        if key not in self.modules:
            self.module.warn("module %r of set %r does not exist yet; check mode takes it to be created by an "
                             "earlier task" % (module_name, set_name))
            self.modules[key] = dict(bk_module_id=None, bk_module_name=module_name, bk_set_id=None,
                                     bk_set_name=set_name, default=0)
        return self.modules[key]

    def internal(self, module_ids):
        return {m for m in module_ids if self.modules.get(m, {}).get("default")}

    def plan(self, request):
        """The steps that take the host from `before` to where it is asked to be, and the predicted `after`."""
        biz, current = request.before
        pool = self.in_pool(request.before)
        foreign = biz != self.biz_id and not pool
        if foreign and (request.state == "resource_pool" or not self.params.get("take_from_other_business")):
            name = self.business(biz).get("bk_biz_name")
            raise UserError("%s%s belongs to business %r (bk_biz_id %d), not to business %d; moving a host between "
                            "businesses is not a module transfer: return it to the resource pool from its business "
                            "first (state=resource_pool with bk_biz_id %d)%s"
                            % (request.where, request.label, name, biz, self.biz_id, biz,
                               "" if request.state == "resource_pool" else ", or set take_from_other_business"))
        if request.state == "resource_pool":
            if pool:
                return [], request.before
            steps = ["release"] if current <= self.internal(current) else ["idle", "release"]
            return steps, (self.pool_id(), frozenset())
        if foreign:
            request.source = biz
            steps = ["across"] if current <= self.internal_modules(biz)[2] else ["leave", "across"]
        else:
            steps = ["take"] if pool else []
        if pool or foreign:
            current = frozenset([self.idle_id])
        if request.state == "idle":
            if current != {self.idle_id}:
                steps.append("idle")
            return steps, (self.biz_id, frozenset([self.idle_id]))
        wanted = (current - self.internal(current)) | request.targets if request.append else request.targets
        if current != wanted:
            steps.append("transfer")
        return steps, (self.biz_id, wanted)

    def done(self, request, step, placement):
        """Whether the host, placed so, is past `step`."""
        if placement is None:
            return False
        biz, modules = placement
        if step == "leave":
            return biz == request.source and modules == {self.internal_modules(biz)[1]}
        if step in ("across", "take"):
            return biz == self.biz_id
        if step == "idle":
            return biz == self.biz_id and modules == {self.idle_id}
        if step == "transfer":
            return biz == self.biz_id and (request.targets <= modules if request.append else modules == request.targets)
        return self.in_pool(placement)

    # writes

    def write(self, step, group, key):
        """One transfer of up to 500 hosts; after a failure, re-read them (write_verified)."""
        host_ids = [r.record["bk_host_id"] for r in group]
        component = COMPONENTS[step]
        if step == "leave":
            body = dict(bk_biz_id=key)
        elif step == "across":
            body = dict(src_bk_biz_id=key, dst_bk_biz_id=self.biz_id, bk_module_id=self.idle_id)
        elif step == "transfer":
            body = dict(bk_biz_id=self.biz_id, bk_module_id=sorted(key[0]), is_increment=key[1])
        else:
            body = dict(bk_biz_id=self.biz_id)
        body = dict(body, bk_host_id=host_ids, **supplier(self.params))
        try:
            fault = write_verified(
                lambda current: self.esb.call("cc/" + component, body, safe=False, hints=HOST_HINTS),
                lambda: self.placements(host_ids),
                lambda placed: all(self.done(r, step, placed.get(r.record["bk_host_id"])) for r in group),
                self.params.get("retries") or 0, None)[2]
            hosts = ", ".join(r.label for r in group) if len(group) <= 3 else "%d hosts from %s" % (len(group), group[0].label)
            lost_write(self.module, fault, "%s of %s" % (component, hosts))
        except (Unconverged, ApiError) as exc:
            error = exc.error if isinstance(exc, Unconverged) else exc
            for request in group:
                request.failed, request.error = True, error

    def run_steps(self):
        for step in COMPONENTS:
            groups = {}
            for request in self.requests:
                if step in request.steps and not request.failed:
                    key = (request.targets, request.append) if step == "transfer" else request.source
                    groups.setdefault(key, []).append(request)
            for key, members in groups.items():
                for group in chunks(members):
                    self.write(step, group, key)

    # the whole run

    def converge(self):
        """Read, plan every host, write in groups (none in check mode), read back; exits the module."""
        try:
            self.biz_id = self.esb.business_id(self.params)
            self.read_topology()
            self.find_hosts()
            before = self.placements(r.record["bk_host_id"] for r in self.requests)
            for request in self.requests:
                request.before = before.get(request.record["bk_host_id"])
                if request.before is None:
                    raise UserError("%s%s belongs to no business in CMDB" % (request.where, request.label))
                if request.state == "present":
                    request.targets = self.resolve_modules(request)
                request.steps, request.after = self.plan(request)
                request.changed = bool(request.steps)
            if self.idle_id is None and any(s in ("across", "take", "idle") for r in self.requests for s in r.steps):
                raise UserError("business %d has no idle module (get_biz_internal_module)" % self.biz_id)
        except (ApiError, UserError) as exc:
            fail(self.module, exc)
        if not self.module.check_mode and any(r.steps for r in self.requests):
            self.run_steps()
            try:
                after = self.placements(r.record["bk_host_id"] for r in self.requests)
                for request in self.requests:
                    request.after = after.get(request.record["bk_host_id"])
                    request.changed = request.after != request.before
                    self.in_pool(request.after)  # the business a host ended in, for the results
            except ApiError as exc:
                self.module.warn("could not read the hosts back: %s" % exc)
        return self.requests

    # results

    def describe(self, request, placement):
        """The host with its business and its modules by set and module name."""
        biz, modules = placement if placement is not None else (None, frozenset())
        pool = self.in_pool(placement, read=False)
        record = request.record or {}
        return dict(
            bk_host_id=record.get("bk_host_id"), bk_host_innerip=record.get("bk_host_innerip"),
            bk_cloud_id=record.get("bk_cloud_id"), bk_host_name=record.get("bk_host_name"),
            bk_biz_id=biz, resource_pool=pool,
            modules=[] if pool else sorted(
                (dict(bk_set_id=self.modules.get(m, {}).get("bk_set_id"),
                      bk_set_name=self.modules.get(m, {}).get("bk_set_name"),
                      bk_module_id=self.modules.get(m, {}).get("bk_module_id", m),
                      bk_module_name=self.modules.get(m, {}).get("bk_module_name")) for m in modules),
                key=lambda m: (str(m["bk_set_name"]), str(m["bk_module_name"]), m["bk_module_id"])))

    def summary(self, placement):
        """A host's placement in the diff: its modules as "set/module", or where else it is."""
        if placement is None:
            return None
        if self.in_pool(placement, read=False):
            return "resource pool"
        return sorted("%s/%s" % (self.modules.get(m, {}).get("bk_set_name"), self.modules.get(m, {}).get("bk_module_name"))
                      for m in placement[1])


def place_hosts(module, esb, list_key):
    """Run cmdb_host: one host from the task's options, or the list in `list_key`; exits the module."""
    params = module.params
    try:
        if params[list_key] is None:
            requests = [HostRequest(params)]
        else:
            requests = []
            for index, item in enumerate(params[list_key]):
                where = "%s[%d]: " % (list_key, index)
                inherited = {k: params[k] for k in ("bk_cloud_id", "state", "modules", "append")}
                if (item.get("state") or params["state"]) != "present":
                    inherited.update(modules=None, append=False)
                requests.append(HostRequest(dict(inherited, **{k: v for k, v in item.items() if v is not None}), where))
            seen = {}
            for index, request in enumerate(requests):
                if request.key in seen:
                    raise UserError("%s[%d] and %s[%d] both name %s"
                                    % (list_key, seen[request.key], list_key, index, request.label))
                seen[request.key] = index
    except UserError as exc:
        fail(module, exc)
    placement = HostPlacement(module, esb, requests)
    placement.converge()
    results = [dict(name=r.label, state=r.state, changed=r.changed, failed=r.failed,
                    host=placement.describe(r, r.after)) for r in requests]
    for result, request in zip(results, requests):
        if request.error is not None:
            result["msg"] = "%s: %s" % (request.label, request.error)
            result["error"] = request.error.as_dict()
    outcome = dict(changed=any(r.changed for r in requests))
    if params[list_key] is None:
        outcome.update(host=results[0]["host"])
        if requests[0].error is not None:
            outcome["error"] = results[0]["error"]
    else:
        outcome[list_key] = results
    if module._diff:
        outcome["diff"] = dict(before={r.label: placement.summary(r.before) for r in requests},
                               after={r.label: placement.summary(r.after) for r in requests})
    failed = [r for r in results if r["failed"]]
    if failed:
        module.fail_json(msg="; ".join(r["msg"] for r in failed), **outcome)
    module.exit_json(**outcome)


def hosts_with_topology(esb, params, biz_id):
    """The business's hosts with their modules (list_biz_hosts_topo, 500 a page), filtered by the
    names of their sets and modules and by their inner IPs."""
    if any(params[option] == [] for option in ("bk_set_names", "bk_module_names", "bk_host_innerips")):
        return []  # an empty list of names matches no host
    body = dict(bk_biz_id=biz_id, **supplier(params))
    for key, field, option in (("set_property_filter", "bk_set_name", "bk_set_names"),
                               ("module_property_filter", "bk_module_name", "bk_module_names")):
        if params[option]:
            body[key] = dict(condition="AND", rules=[dict(field=field, operator="in", value=params[option])])
    batches = chunks(sorted(set(params["bk_host_innerips"]))) if params["bk_host_innerips"] else [None]
    hosts = []
    for batch in batches:
        query = dict(body)
        if batch is not None:
            query["host_property_filter"] = dict(condition="AND", rules=[
                dict(field="bk_host_innerip", operator="in", value=batch)])
        for record in esb.search_all("cc/list_biz_hosts_topo", query, HOST_HINTS, HOST_PAGE_LIMIT):
            modules = [dict(bk_set_id=topo.get("bk_set_id"), bk_set_name=topo.get("bk_set_name"),
                            bk_module_id=m.get("bk_module_id"), bk_module_name=m.get("bk_module_name"))
                       for topo in record.get("topo") or () for m in topo.get("module") or ()]
            hosts.append(dict(record.get("host") or {}, bk_biz_id=biz_id, modules=modules))
    return hosts

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The OceanBase tenant in OCP (tests/emulator/ocp_tenants.py records the API's facts and sources)."""

from __future__ import annotations

import re

from ansible_collections.clusterops.platforms.plugins.module_utils._ocp import TaskResource
from ansible_collections.clusterops.platforms.plugins.module_utils._resource import UserError, plan

TENANT_NAME = re.compile(r"^[a-zA-Z][a-zA-Z_0-9]{1,63}$")  # OCP's CreateTenantParam
GIB = 1024 ** 3
CLUSTER_SPEC = dict(cluster=dict(type="str"), cluster_id=dict(type="int"))
CLUSTER_EXCLUSIVE = [("cluster", "cluster_id")]
ZONE_SPEC = dict(
    name=dict(type="str", required=True),
    replica_type=dict(type="str", choices=["FULL", "READONLY"]),
    unit_spec=dict(type="str"),
    cpu=dict(type="float"),
    memory_gb=dict(type="int"),
    unit_count=dict(type="int"),
)


def tenants_path(cluster_id):
    return "/api/v2/ob/clusters/%d/tenants" % cluster_id


def cluster_id(client, params, missing_ok):
    """The OCP id of the cluster the options name; None for a cluster that does not exist when
    `missing_ok` (in check mode an earlier task of the play would have created it; a tenant of a
    cluster that is gone is absent)."""
    if params["cluster_id"] is not None:
        return params["cluster_id"]
    found = client.clusters(params["cluster"])
    if found:
        return found[0]["id"]
    if missing_ok:
        return None
    raise UserError("cluster: OCP has no cluster named %r" % params["cluster"])


def list_tenants(client, cluster, name=None):
    """The tenants of a cluster (every cluster's when `cluster` is None), or those named exactly `name`."""
    path = "/api/v2/ob/tenants" if cluster is None else tenants_path(cluster)
    found = client.all_pages(path, "ocp.list_tenants", {"name": name} if name else None)
    return [t for t in found if name is None or t.get("name") == name]


def flat_zone(zone):
    """A zone as the module compares it: name, replicaType, unitCount, spec, cpu, memory (GB)."""
    if "resourcePool" not in zone:
        return zone
    pool = zone.get("resourcePool") or {}
    unit = pool.get("unitConfig") or {}
    memory = unit.get("maxMemorySize")
    if memory is None and unit.get("maxMemoryByte") is not None:
        memory = unit["maxMemoryByte"] // GIB
    return dict(name=zone.get("name"), replicaType=zone.get("replicaType"), unitCount=pool.get("unitCount"),
                spec=unit.get("name"), cpu=unit.get("maxCpuCoreCount"), memory=memory)


class ObTenant(TaskResource):
    """A tenant of an OB cluster in OCP, identified by cluster and name. Creating it and changing its
    units are OCP tasks; whitelist, description and primary zone change at once; deleting is one call."""

    return_key = "tenant"
    task_query = "tenantId"
    create_only = ("mode", "charset", "collation")
    write_only = ("rootPassword",)
    create_requires = (("root_password", "rootPassword"), ("zones", "zones"))
    secret_keys = frozenset({"rootPassword"})

    def __init__(self, module, client):
        super().__init__(module, client)
        # OCP never returns the password: compared never (on_create) or always different.
        self.rotate = self.params["update_password"] == "always"
        self.write_only = () if self.rotate else ("rootPassword",)
        self.cluster_id = None
        self.wanted = {}
        self.zone_keys = {}
        pending = ("DELETING",) if not self.params["wait"] else ("CREATING", "MODIFYING", "DELETING")
        self.normalizers = dict(status=lambda v: v if v in pending else "NORMAL", zones=self._zones,
                                whitelist=lambda v: sorted(filter(None, (v or "").replace(" ", "").split(","))))

    def _zones(self, zones):
        """Zones by name, each with only what the task sets, numbers in one form."""
        result = []
        for zone in zones or []:
            zone = flat_zone(zone)
            keys = self.zone_keys.get(zone["name"], zone.keys())
            result.append({k: (float(v) if k == "cpu" and v is not None else v) for k, v in zone.items() if k in keys})
        return sorted(result, key=lambda z: z["name"] or "")

    def desired(self):
        params = self.params
        if not TENANT_NAME.match(params["name"]):
            raise UserError("name %r must start with a letter and have 2 to 64 letters, digits or underscores"
                            % params["name"])
        wanted = dict(name=params["name"], status="NORMAL")
        for option, key in (("mode", "mode"), ("charset", "charset"), ("collation", "collation"),
                            ("primary_zone", "primaryZone"), ("description", "description"),
                            ("root_password", "rootPassword")):
            if params[option] is not None:
                wanted[key] = params[option]
        if params["description"] is not None and len(params["description"]) > 1024:
            raise UserError("description must be at most 1024 characters, got %d" % len(params["description"]))
        if params["root_password"] == "":
            raise UserError("root_password must not be empty")
        if params["whitelist"] is not None:
            if not params["whitelist"] or any(not item.strip() or "," in item for item in params["whitelist"]):
                raise UserError("whitelist must list one or more addresses (IP, CIDR or %%), none empty or with a "
                                "comma, got %r" % params["whitelist"])
            wanted["whitelist"] = ",".join(item.strip() for item in params["whitelist"])
        if params["zones"] is not None:
            wanted["zones"] = self._desired_zones(params["zones"])
        if params["primary_zone"] and params["zones"]:
            names = [z["name"] for z in params["zones"]]
            for zone in filter(None, re.split(r"[,;]", params["primary_zone"])):
                if zone != "RANDOM" and zone not in names:
                    raise UserError("primary_zone: %r is not one of the zones" % zone)
        self.wanted = wanted
        return wanted

    def _desired_zones(self, zones):
        if not zones:
            raise UserError("zones must list at least one zone")
        result = []
        for index, zone in enumerate(zones):
            where = "zones[%d]" % index
            if zone["name"] in [z["name"] for z in result]:
                raise UserError("%s.name: zone %r is given twice" % (where, zone["name"]))
            if zone["unit_spec"] is not None and (zone["cpu"] is not None or zone["memory_gb"] is not None):
                raise UserError("%s: give unit_spec or cpu and memory_gb, not both" % where)
            if (zone["cpu"] is None) != (zone["memory_gb"] is None):
                raise UserError("%s: cpu and memory_gb go together" % where)
            if zone["cpu"] is not None and not 0.5 <= zone["cpu"] <= 999:
                raise UserError("%s.cpu must be between 0.5 and 999 cores, got %s" % (where, zone["cpu"]))
            if zone["memory_gb"] is not None and not 1 <= zone["memory_gb"] <= 10000:
                raise UserError("%s.memory_gb must be between 1 and 10000, got %d" % (where, zone["memory_gb"]))
            if zone["unit_count"] is not None and zone["unit_count"] < 1:
                raise UserError("%s.unit_count must be 1 or more, got %d" % (where, zone["unit_count"]))
            flat = dict(name=zone["name"], replicaType=zone["replica_type"], unitCount=zone["unit_count"],
                        spec=zone["unit_spec"], cpu=zone["cpu"], memory=zone["memory_gb"])
            flat = {k: v for k, v in flat.items() if v is not None}
            self.zone_keys[zone["name"]] = set(flat)
            result.append(flat)
        return result

    def find(self):
        if self.cluster_id is None:
            self.cluster_id = cluster_id(self.client, self.params,
                                         self.module.check_mode or self.params["state"] == "absent")
            if self.cluster_id is None:
                return None
        found = list_tenants(self.client, self.cluster_id, self.params["name"])
        return found[0] if found else None

    def _path(self, current, action=""):
        return "%s/%d%s" % (tenants_path(self.cluster_id), current["id"], action)

    def create(self, desired):
        body = {k: v for k, v in desired.items() if k not in ("status", "zones")}
        body["zones"] = [dict(name=z["name"], replicaType=z.get("replicaType", "FULL"),
                              resourcePool=dict(self._unit(z), unitCount=z.get("unitCount", 1)))
                         for z in desired["zones"]]
        task = self.client.call("POST", tenants_path(self.cluster_id) + "/createTenant", "ocp.create_tenant", False,
                                body=body)
        self._wait(task)
        return self.find()

    @staticmethod
    def _unit(zone):
        if "spec" in zone:
            return dict(unitSpecName=zone["spec"])
        if "cpu" in zone:
            return dict(unitSpec=dict(cpuCore=zone["cpu"], memorySize=zone["memory"]))
        return {}

    def refuse(self, current, changes):
        if "zones" not in changes:
            return
        now = {z["name"]: z for z in self._zones(current.get("zones"))}
        wanted = changes["zones"]
        if sorted(now) != sorted(z["name"] for z in wanted):
            raise UserError("cannot change the zones of tenant %r in place (current %s, requested %s): OCP adds and "
                            "removes replicas with operations of their own, which this module does not make"
                            % (current.get("name"), ", ".join(sorted(now)), ", ".join(z["name"] for z in wanted)))
        for index, zone in enumerate(wanted):
            if "replicaType" in zone and zone["replicaType"] != now[zone["name"]].get("replicaType"):
                raise UserError("cannot change zones[%d].replica_type of tenant %r in place (current %r, requested %r)"
                                % (index, current.get("name"), now[zone["name"]].get("replicaType"),
                                   zone["replicaType"]))

    def update(self, current, changes):
        if current.get("status") in ("CREATING", "MODIFYING"):
            self._resume(current)
            current = self.find()
            changes = plan(self, self.wanted, current)
        if "status" in changes:
            raise UserError("tenant %r is %s; run the task again once OCP has finished that"
                            % (current.get("name"), current.get("status")))
        for key, action, operation in (("description", "/modifyDescription", "ocp.modify_tenant_description"),
                                       ("whitelist", "/modifyWhitelist", "ocp.modify_tenant_whitelist"),
                                       ("primaryZone", "/modifyPrimaryZone", "ocp.modify_tenant_primary_zone")):
            if key in changes:
                self.client.call("POST", self._path(current, action), operation, False, body={key: changes[key]})
        if "zones" in changes:
            self._modify_units(current, changes["zones"])
        if self.rotate and "rootPassword" in changes:
            self.client.call("POST", self._path(current, "/changePassword"), "ocp.change_tenant_password", False,
                             body={"newPassword": changes["rootPassword"]})

    def _modify_units(self, current, wanted):
        now = {z["name"]: z for z in self._zones(current.get("zones"))}
        counts = any(z.get("unitCount", now[z["name"]].get("unitCount")) != now[z["name"]].get("unitCount")
                     for z in wanted)
        body = []
        for zone in wanted:
            pool = {}
            if any(zone.get(k) != now[zone["name"]].get(k) for k in ("spec", "cpu", "memory") if k in zone):
                pool.update(self._unit(zone))
            if counts:
                pool["unitCount"] = zone.get("unitCount", now[zone["name"]].get("unitCount"))
            if pool:
                body.append(dict(zoneName=zone["name"], resourcePool=pool))
        task = self.client.call("POST", self._path(current, "/modifyReplica"), "ocp.modify_tenant_replica", False,
                                body=body)
        self._wait(task)

    def delete(self, current):
        if current.get("status") == "DELETING":
            self._resume(current)
            return
        answer = self.client.call("DELETE", self._path(current), "ocp.delete_tenant", False)
        if isinstance(answer, dict) and answer.get("status"):  # an OCP that deletes by a task
            self._wait(answer)

    def predict(self, desired, current=None):
        if current is None:
            current = dict(id=None, clusterId=self.cluster_id,
                           status="CREATING" if not self.params["wait"] else "NORMAL")
        return dict(current, **desired)

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""OCP tenants: create (a task), list, get, modify whitelist, description, primary zone, unit spec and
count (a task), delete. They run on the task machinery of ocp.py (holds, failures, progress).

Facts, and where they come from:

- Paths (full OCP, /api/v2; oceanbase/mcp-oceanbase src/ocp_mcp_server/ocp-doc-min/4.tenant-information.md,
  the OCP API pages condensed): POST /api/v2/ob/clusters/{id}/tenants/createTenant (async, answers a task),
  GET /api/v2/ob/clusters/{clusterId}/tenants, GET /api/v2/ob/clusters/{clusterId}/tenants/{tenantId},
  GET /api/v2/ob/tenants (every cluster's), POST .../tenants/{tenantId}/modifyWhitelist,
  .../modifyPrimaryZone, .../modifyReplica (also addReplica, deleteReplica, changePassword, lock, unlock),
  DELETE /api/v2/ob/clusters/{id}/tenants/{tenantId} ("返回结果：基础成功状态结构": no task).
  POST .../modifyDescription is in OCP Express only (server/src/main/java/com/oceanbase/ocp/controller/
  ObTenantController.java, /api/v1/ob/tenants/{tenantId}/modifyDescription, the cluster implicit); the path
  here is that one under the full OCP's tenant path, which no OCP page shows.
- Create body (4.tenant-information.md): name, mode, primaryZone ("zone1,zone2;zone3"), charset, collation,
  description, whitelist, rootPassword, saveToCredential, zones[{name, replicaType, resourcePool{unitSpecName,
  unitCount}}]. OCP Express's CreateTenantParam.java (obops/obops-facade/.../tenant/param/) gives the unit
  as resourcePool{unitSpec{cpuCore, memorySize (GB)}, unitCount} instead; both are accepted here. Express's
  rules, taken here: name ^[a-zA-Z][a-zA-Z_0-9]{1,63}$, mode MYSQL (default) or ORACLE, primaryZone at most
  128 characters, description at most 1024, whitelist at most 65535, rootPassword and zones required;
  replicaType FULL or READONLY (ReplicaType.java; the OCP doc adds LOGONLY, accepted too); UnitSpecParam:
  cpuCore 0.5 to 999, memorySize 1 to 10000. The OCP doc's unit spec names (S1...) are a table OCP keeps
  that was not found: UNIT_SPECS below is the emulator's.
- Create task (TenantOperationServiceImpl.submitCreateTenantTask, task/*.java getName()): "Create tenant",
  subtasks "Prepare create tenant", "Create ob tenant", "Sync tenant information", "Set super user
  password" (with a root password), "Set whitelist" (with a whitelist), "Set system variables", "Set ob
  tenant parameters", "Update tenant status", a chain. The tenant is saved with status CREATING before the
  task starts (saveTenantInfo), so it is listed at once. Statuses (TenantStatus.java): NORMAL, UNAVAILABLE,
  CREATING, MODIFYING, RESTORING, DELETING; modes (TenantMode.java) MYSQL (super user root), ORACLE (SYS).
- modifyReplica (TenantReplicaServiceImpl.modifyReplica): body [{zoneName, replicaType?, resourcePool{unitSpec?,
  unitCount?}}]; task "Modify tenant replica": "Prepare alter tenant", "Prepare resource pool", "Alter
  resource pool unit spec" (when a spec is given), "Alter tenant unit count" (when every item has a count),
  "Wait alter unit count", "Sync tenant information", "Update tenant status". Rules: the tenant NORMAL
  (60003); unit count > 0 (60010) and at most the zone's active servers (60011); the same count in every
  zone (60012) and given for all zones of the tenant or none (60013); each zone one of the tenant's (60007).
  The unit spec name is accepted here too (resourcePool.unitSpecName), as at creation.
- POST .../tenants/{tenantId}/changePassword {newPassword} (4.tenant-information.md "修改密码"; OCP Express
  ObTenantController.changePasswordForTenant and TenantChangePasswordParam: newPassword @NotEmpty;
  TenantOperationServiceImpl.changePassword sets the super user's password, root or SYS by mode, and
  refuses OCP's metadb tenant). Synchronous (NoDataResponse). The password is kept (`_rootPassword`, as
  the one given at creation) and never shown, so tests can tell it changed.
- Whitelist, description, primary zone and delete are synchronous in OCP Express (NoDataResponse); so here.
  modifyPrimaryZone checks each zone is one of the tenant's (60008 "Zone {0} is not found."); RANDOM is
  allowed. deleteTenant refuses a tenant that is not NORMAL (60003) and the sys tenant (60004).
- Tenant view (Tenant.java, TenantInfo.java, TenantZone.java, ResourcePool.java, UnitConfig.java): id, name,
  obTenantId, mode, clusterName, obClusterId, obVersion, createTime, primaryZone, zoneList, locality, status,
  locked, readonly, description, charset, collation, whitelist, zones[{name, replicaType, resourcePool{id,
  name, unitCount, unitConfig{maxCpuCoreCount, minCpuCoreCount, maxMemoryByte, minMemoryByte, name}}}]; the
  OCP doc's example adds clusterId and unitConfig.maxMemorySize (GB): both are given here too.
- Error codes (core/.../i18n/ErrorCodes.java, server/src/main/resources/i18n/error/messages_en_US.properties),
  HTTP 400 unless said: 60000 "The {1} tenant already exists in Cluster {0}.", 60002 tenant id not found
  (404 here, as 10002 is), 60003 "The {0} tenant does not support this operation in the current status."
  (Kind UNEXPECTED: 500), 60004 "The {0} tenant cannot be deleted.", 60007 "Zone {0} is invalid.", 60008
  "Zone {0} is not found." (Kind NOT_FOUND: 404), 60010..60013 as above, 50002 cluster operation not
  allowed (used here when the cluster is not RUNNING; the emulator's choice, as in ocp.py).
- Capacity, the emulator's model: each OBServer offers 16 CPU cores and 64 GB to units; in each zone the
  units of all tenants (CPU x unit count, memory x unit count) must fit the zone's servers, else 400
  10001 naming zones[i].resourcePool. Real OCP checks this in its task ("Create ob tenant" fails).
"""

from __future__ import annotations

import re
import time

from fastapi import Request

from . import ocp
from .ocp import API, CLUSTERS, Failure, _Checker, _find_cluster, _int_id, _iso, _new_task, _next_id, _page, _serve, invalid

TENANTS = API + "/ob/tenants"
TENANT_NAME = re.compile(r"^[a-zA-Z][a-zA-Z_0-9]{1,63}$")
MODES = ("MYSQL", "ORACLE")
REPLICA_TYPES = ("FULL", "READONLY", "LOGONLY")
UNIT_SPECS = {"S1": (1.0, 4), "S2": (2.0, 8), "S4": (4.0, 16), "S8": (8.0, 32)}  # name: (CPU cores, memory GB)
SERVER_CPU, SERVER_MEMORY = 16.0, 64
GIB = 1024 ** 3

NAME_EXIST = 60000
STATUS_NOT_NORMAL = 60003
DELETE_NOT_ALLOWED = 60004
ZONE_NOT_VALID = 60007
ZONE_NOT_FOUND = 60008
UNIT_COUNT_NOT_VALID = 60010
UNIT_COUNT_EXCEED_ACTIVE_SERVER = 60011
UNIT_COUNT_NOT_SAME = 60012
UNIT_COUNT_PARTIAL = 60013

CREATE_STEPS = ("Prepare create tenant", "Create ob tenant", "Sync tenant information", "Set super user password",
                "Set whitelist", "Set system variables", "Set ob tenant parameters", "Update tenant status")
MODIFY_STEPS = ("Prepare alter tenant", "Prepare resource pool", "Alter resource pool unit spec",
                "Alter tenant unit count", "Wait alter unit count", "Sync tenant information", "Update tenant status")


def _chain(names):
    return [(name, name, [number - 1] if number else [], -1) for number, name in enumerate(names)]


# --- views

def _zone_view(tenant, zone):
    memory = zone["memory"] * GIB
    return {"name": zone["name"], "replicaType": zone["replicaType"],
            "resourcePool": {"id": tenant["id"] * 10 + tenant["zones"].index(zone), "unitCount": zone["unitCount"],
                             "name": "pool_%s_%s" % (tenant["name"], zone["name"]), "zoneList": [zone["name"]],
                             "unitConfig": {"name": zone["spec"], "maxCpuCoreCount": zone["cpu"],
                                            "minCpuCoreCount": zone["cpu"], "maxMemoryByte": memory,
                                            "minMemoryByte": memory, "maxMemorySize": zone["memory"]}}}


def _view(data, tenant):
    cluster = _find_cluster(data, tenant["clusterId"])
    view = {key: value for key, value in tenant.items() if not key.startswith("_")}
    view.update(clusterName=cluster["name"], obClusterId=cluster["obClusterId"], obVersion=cluster["obVersion"],
                zoneList=",".join(zone["name"] for zone in tenant["zones"]),
                locality=", ".join("%s{%d}@%s" % (z["replicaType"], z["unitCount"], z["name"]) for z in tenant["zones"]),
                zones=[_zone_view(tenant, zone) for zone in tenant["zones"]])
    return view


# --- lookups and rules

def _running_cluster(data, cluster_id):
    cluster = _find_cluster(data, _int_id(cluster_id, "id"))
    if cluster is None:
        raise ocp.not_found("cluster", "id")
    if cluster["status"] != "RUNNING":
        raise Failure(409, ocp.OPS_NOT_ALLOWED, "Operation not allowed in cluster %s." % cluster["name"],
                      debug_message="the cluster is %s" % cluster["status"])
    return cluster


def _tenant(data, cluster_id, tenant_id):
    cluster = _find_cluster(data, _int_id(cluster_id, "id"))
    if cluster is None:
        raise ocp.not_found("cluster", "id")
    tenant_id = _int_id(tenant_id, "tenantId")
    tenant = next((t for t in data["tenants"] if t["id"] == tenant_id and t["clusterId"] == cluster["id"]), None)
    if tenant is None:
        raise Failure(404, 60002, "The tenant with the ID of %d is not found." % tenant_id)
    return tenant


def _normal(tenant):
    if tenant["status"] != "NORMAL":
        raise Failure(500, STATUS_NOT_NORMAL, "The %s tenant does not support this operation in the current status."
                      % tenant["name"], debug_message="the tenant is %s" % tenant["status"])


def _servers(cluster, zone_name):
    return sum(len(zone["servers"]) for zone in cluster["zones"] if zone["name"] == zone_name)


def _unit(pool, checker, field):
    """(cpu, memory GB, spec name) of a resourcePool's unitSpecName or unitSpec{cpuCore, memorySize}."""
    if pool.get("unitSpecName") is not None:
        spec = UNIT_SPECS.get(pool["unitSpecName"])
        checker.check(spec is not None, field + ".unitSpecName", pool["unitSpecName"],
                      "unknown unit spec, known: %s" % ", ".join(UNIT_SPECS))
        return spec + (pool["unitSpecName"],) if spec else None
    spec = pool.get("unitSpec")
    if not checker.check(isinstance(spec, dict), field + ".unitSpec", spec, "a unitSpec or a unitSpecName is required"):
        return None
    cpu, memory = spec.get("cpuCore"), spec.get("memorySize")
    ok = checker.check(isinstance(cpu, (int, float)) and not isinstance(cpu, bool) and 0.5 <= cpu <= 999,
                       field + ".unitSpec.cpuCore", cpu, "must be between 0.5 and 999")
    ok &= checker.check(isinstance(memory, int) and not isinstance(memory, bool) and 1 <= memory <= 10000,
                        field + ".unitSpec.memorySize", memory, "must be between 1 and 10000")
    return (float(cpu), memory, None) if ok else None


def _count_problem(cluster, zone_name, count):
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        return Failure(400, UNIT_COUNT_NOT_VALID, "The number of units is invalid.")
    if count > _servers(cluster, zone_name):
        return Failure(400, UNIT_COUNT_EXCEED_ACTIVE_SERVER, "The number of units must be less than or equal to the "
                                                             "number of active servers in the zone.")
    return None


def _check_capacity(data, cluster, tenant_id, zones, field="zones"):
    """Whether the units of every tenant of the cluster fit, with `zones` for tenant `tenant_id`."""
    for number, zone in enumerate(zones):
        cpu = memory = 0
        for other in data["tenants"]:
            if other["clusterId"] == cluster["id"] and other["id"] != tenant_id:
                for used in other["zones"]:
                    if used["name"] == zone["name"]:
                        cpu += used["cpu"] * used["unitCount"]
                        memory += used["memory"] * used["unitCount"]
        servers = _servers(cluster, zone["name"])
        free_cpu, free_memory = SERVER_CPU * servers - cpu, SERVER_MEMORY * servers - memory
        if zone["cpu"] * zone["unitCount"] > free_cpu or zone["memory"] * zone["unitCount"] > free_memory:
            where = "%s[%d].resourcePool" % (field, number)
            raise invalid(where, [{"object": "createTenantParam", "field": where, "rejectedValue": zone["name"],
                                   "message": "zone %s has %g CPU cores and %d GB free for units"
                                              % (zone["name"], free_cpu, free_memory)}])


def _primary_zone_problem(primary_zone, zone_names):
    if primary_zone in ("", "RANDOM"):
        return None
    for zone in re.split(r"[,;]", primary_zone):
        if zone not in zone_names:
            return Failure(404, ZONE_NOT_FOUND, "Zone %s is not found." % zone)
    return None


# --- handlers

def list_tenants(data, params, cluster_id=None):
    tenants = data.get("tenants", [])
    if cluster_id is not None:
        cluster = _find_cluster(data, _int_id(cluster_id, "id"))
        if cluster is None:
            raise ocp.not_found("cluster", "id")
        tenants = [t for t in tenants if t["clusterId"] == cluster["id"]]
    keyword = (params.get("name") or "").lower()
    statuses = ocp._statuses(params)
    tenants = [t for t in tenants if keyword in t["name"].lower() and (not statuses or t["status"] in statuses)]
    tenants = ocp._sorted(tenants, params, ("id", "name", "status", "createTime"))
    return _page([_view(data, t) for t in tenants], params)


def get_tenant(data, params, cluster_id, tenant_id):
    return _view(data, _tenant(data, cluster_id, tenant_id))


def create_tenant(data, body, cluster_id):
    cluster = _running_cluster(data, cluster_id)
    checker = _Checker("createTenantParam")
    name = checker.text(body, "name", TENANT_NAME)
    mode = body.get("mode") or "MYSQL"
    checker.check(mode in MODES, "mode", mode, "must be MYSQL or ORACLE")
    checker.text(body, "rootPassword")
    for key, limit in (("primaryZone", 128), ("description", 1024), ("whitelist", 65535), ("charset", 128),
                       ("collation", 128)):
        value = body.get(key)
        checker.check(value is None or (isinstance(value, str) and len(value) <= limit), key, value,
                      "must be text of at most %d characters" % limit)
    zones, cluster_zones = [], [z["name"] for z in cluster["zones"]]
    given = body.get("zones")
    if checker.check(isinstance(given, list) and given, "zones", given, "must be a non-empty list"):
        for number, zone in enumerate(given):
            field = "zones[%d]" % number
            if not checker.check(isinstance(zone, dict) and isinstance(zone.get("resourcePool"), dict), field, zone,
                                 "must be {name, replicaType, resourcePool}"):
                continue
            checker.check(zone.get("replicaType") in REPLICA_TYPES, field + ".replicaType", zone.get("replicaType"),
                          "must be one of %s" % ", ".join(REPLICA_TYPES))
            unit = _unit(zone["resourcePool"], checker, field + ".resourcePool")
            if unit and checker.check(zone.get("name") in cluster_zones, field + ".name", zone.get("name"),
                                      "not a zone of cluster %s" % cluster["name"]):
                zones.append({"name": zone["name"], "replicaType": zone["replicaType"],
                              "unitCount": zone["resourcePool"].get("unitCount"), "cpu": unit[0], "memory": unit[1],
                              "spec": unit[2] or "unit_%s_%s" % (name, zone["name"])})
    if checker.errors:
        raise invalid(", ".join(dict.fromkeys(error["field"] for error in checker.errors)), checker.errors)
    if any(t["name"] == name and t["clusterId"] == cluster["id"] for t in data["tenants"]):
        raise Failure(400, NAME_EXIST, "The %s tenant already exists in Cluster %s." % (name, cluster["name"]))
    for zone in zones:
        problem = _count_problem(cluster, zone["name"], zone["unitCount"])
        if problem:
            raise problem
    problem = _primary_zone_problem(body.get("primaryZone") or "", [z["name"] for z in zones])
    if problem:
        raise problem
    _check_capacity(data, cluster, None, zones)
    tenant = {"id": _next_id(data, "tenant"), "name": name, "obTenantId": None, "mode": mode, "clusterId": cluster["id"],
              "status": "CREATING", "primaryZone": body.get("primaryZone") or "RANDOM",
              "charset": body.get("charset") or "utf8mb4", "collation": body.get("collation") or "utf8mb4_general_ci",
              "description": body.get("description") or "", "whitelist": body.get("whitelist") or "",
              "locked": False, "readonly": False, "createTime": _iso(time.time()), "zones": zones,
              "_rootPassword": body["rootPassword"]}
    data["tenants"].append(tenant)
    steps = [s for s in CREATE_STEPS if (s != "Set whitelist" or tenant["whitelist"])]
    return ocp._task_view(_new_task(data, "Create tenant", "create_tenant", cluster, _chain(steps), tenant))


def _tenant_created(data, task):
    tenant = _by_id(data, task["tenantId"])
    tenant.update(status="NORMAL", obTenantId=max([t["obTenantId"] or 1 for t in data["tenants"]
                                                   if t["clusterId"] == tenant["clusterId"]]) + 1)


def _tenant_modified(data, task):
    tenant = _by_id(data, task["tenantId"])
    tenant.update(status="NORMAL", zones=tenant.pop("_zones"))


def _by_id(data, tenant_id):
    return next(t for t in data["tenants"] if t["id"] == tenant_id)


def modify_replica(data, body, cluster_id, tenant_id):
    """body is the list of ModifyReplicaParam (the route reads it)."""
    tenant = _tenant(data, cluster_id, tenant_id)
    _normal(tenant)
    cluster = _running_cluster(data, cluster_id)
    checker = _Checker("modifyReplicaParam")
    if not checker.check(isinstance(body, list) and body and all(isinstance(i, dict) for i in body), "body", body,
                         "must be a non-empty list of {zoneName, resourcePool}"):
        raise invalid("body", checker.errors)
    zones = {zone["name"]: dict(zone) for zone in tenant["zones"]}
    counts = []
    for number, item in enumerate(body):
        if item.get("zoneName") not in zones:
            raise Failure(400, ZONE_NOT_VALID, "Zone %s is invalid." % item.get("zoneName"))
        pool = item.get("resourcePool") or {}
        zone = zones[item["zoneName"]]
        if pool.get("unitSpec") is not None or pool.get("unitSpecName") is not None:
            unit = _unit(pool, checker, "[%d].resourcePool" % number)
            if unit:
                zone.update(cpu=unit[0], memory=unit[1], spec=unit[2] or zone["spec"])
        if pool.get("unitCount") is not None:
            problem = _count_problem(cluster, zone["name"], pool["unitCount"])
            if problem:
                raise problem
            counts.append(pool["unitCount"])
            zone["unitCount"] = pool["unitCount"]
        elif pool.get("unitSpec") is None and pool.get("unitSpecName") is None:
            checker.check(False, "[%d].resourcePool" % number, pool, "a unit spec or a unit count is required")
    if checker.errors:
        raise invalid(", ".join(dict.fromkeys(error["field"] for error in checker.errors)), checker.errors)
    if len(set(counts)) > 1:
        raise Failure(400, UNIT_COUNT_NOT_SAME, "The number of units must be the same in every zone of the tenant.")
    if counts and len(counts) != len(zones):
        raise Failure(400, UNIT_COUNT_PARTIAL, "The number of units must be modified in all zones of the tenant.")
    new_zones = [zones[zone["name"]] for zone in tenant["zones"]]
    _check_capacity(data, cluster, tenant["id"], new_zones, field="body")
    steps = [s for s in MODIFY_STEPS if (s != "Alter resource pool unit spec" or any(
        "unitSpec" in (i.get("resourcePool") or {}) or "unitSpecName" in (i.get("resourcePool") or {}) for i in body))
        and (s != "Alter tenant unit count" or counts)]
    tenant.update(status="MODIFYING", _zones=new_zones)
    return ocp._task_view(_new_task(data, "Modify tenant replica", "modify_tenant", cluster, _chain(steps), tenant))


def _modify(key, limit, check_zones=False):
    def handler(data, body, cluster_id, tenant_id):
        tenant = _tenant(data, cluster_id, tenant_id)
        value = body.get(key)
        if not isinstance(value, str) or len(value) > limit or (key == "whitelist" and not value):
            raise invalid(key, [{"object": "modify%s%sParam" % (key[0].upper(), key[1:]), "field": key,
                                 "rejectedValue": value, "message": "must be text of at most %d characters" % limit}])
        _normal(tenant)
        if check_zones:
            problem = _primary_zone_problem(value, [z["name"] for z in tenant["zones"]])
            if problem:
                raise problem
        tenant[key] = value or ("RANDOM" if key == "primaryZone" else "")
        return None
    return handler


def change_password(data, body, cluster_id, tenant_id):
    tenant = _tenant(data, cluster_id, tenant_id)
    value = body.get("newPassword")
    if not isinstance(value, str) or not value:
        raise invalid("newPassword", [{"object": "tenantChangePasswordParam", "field": "newPassword",
                                       "rejectedValue": None, "message": "must not be empty"}])
    tenant["_rootPassword"] = value
    return None


def delete_tenant(data, params, cluster_id, tenant_id):
    tenant = _tenant(data, cluster_id, tenant_id)
    _normal(tenant)
    if tenant["name"] == "sys":
        raise Failure(400, DELETE_NOT_ALLOWED, "The %s tenant cannot be deleted." % tenant["name"])
    data["tenants"].remove(tenant)
    return None


# --- routes

router = ocp.router
TENANT = CLUSTERS + "/{cluster_id}/tenants/{tenant_id}"


@router.get(TENANTS)
async def list_all_tenants_route(request: Request):
    return await _serve(request, list_tenants)


@router.get(CLUSTERS + "/{cluster_id}/tenants")
async def list_tenants_route(request: Request, cluster_id: str):
    return await _serve(request, list_tenants, cluster_id)


@router.post(CLUSTERS + "/{cluster_id}/tenants/createTenant")
async def create_tenant_route(request: Request, cluster_id: str):
    return await _serve(request, create_tenant, cluster_id, json_body=True)


@router.get(TENANT)
async def get_tenant_route(request: Request, cluster_id: str, tenant_id: str):
    return await _serve(request, get_tenant, cluster_id, tenant_id)


@router.delete(TENANT)
async def delete_tenant_route(request: Request, cluster_id: str, tenant_id: str):
    return await _serve(request, delete_tenant, cluster_id, tenant_id)


@router.post(TENANT + "/modifyWhitelist")
async def modify_whitelist_route(request: Request, cluster_id: str, tenant_id: str):
    return await _serve(request, _modify("whitelist", 65535), cluster_id, tenant_id, json_body=True)


@router.post(TENANT + "/modifyDescription")
async def modify_description_route(request: Request, cluster_id: str, tenant_id: str):
    return await _serve(request, _modify("description", 1024), cluster_id, tenant_id, json_body=True)


@router.post(TENANT + "/modifyPrimaryZone")
async def modify_primary_zone_route(request: Request, cluster_id: str, tenant_id: str):
    return await _serve(request, _modify("primaryZone", 128, check_zones=True), cluster_id, tenant_id, json_body=True)


@router.post(TENANT + "/changePassword")
async def change_password_route(request: Request, cluster_id: str, tenant_id: str):
    return await _serve(request, change_password, cluster_id, tenant_id, json_body=True)


@router.post(TENANT + "/modifyReplica")
async def modify_replica_route(request: Request, cluster_id: str, tenant_id: str):
    return await _serve(request, modify_replica, cluster_id, tenant_id, json_body="list")


ocp.STEPS.update(create_tenant=CREATE_STEPS, modify_tenant=MODIFY_STEPS)
ocp.ON_SUCCESS.update(create_tenant=_tenant_created, modify_tenant=_tenant_modified)
TENANT_PATH = CLUSTERS + "/*/tenants/*"
ocp.OPERATIONS.update({
    ("GET", TENANTS): ("list_all_tenants", False),
    ("GET", CLUSTERS + "/*/tenants"): ("list_tenants", False),
    ("POST", CLUSTERS + "/*/tenants/createTenant"): ("create_tenant", True),
    ("GET", TENANT_PATH): ("get_tenant", False),
    ("DELETE", TENANT_PATH): ("delete_tenant", True),
    ("POST", TENANT_PATH + "/modifyWhitelist"): ("modify_tenant_whitelist", True),
    ("POST", TENANT_PATH + "/modifyDescription"): ("modify_tenant_description", True),
    ("POST", TENANT_PATH + "/modifyPrimaryZone"): ("modify_tenant_primary_zone", True),
    ("POST", TENANT_PATH + "/modifyReplica"): ("modify_tenant_replica", True),
    ("POST", TENANT_PATH + "/changePassword"): ("change_tenant_password", True),
})

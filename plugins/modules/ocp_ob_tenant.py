#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ocp_ob_tenant
short_description: Create, change and delete tenants of OceanBase clusters through OceanBase Cloud Platform (OCP)
version_added: 1.0.0
description:
  - Create a tenant in an OB cluster with OCP (C(POST /api/v2/ob/clusters/{id}/tenants/createTenant)), which
    starts an OCP task; the module waits for it by default and reports its progress.
  - A tenant is identified by its cluster (O(cluster) or O(cluster_id)) and O(name). The tenant's OCP id is
    known as soon as the task starts, so a timeout or a failure never loses it; running the module again
    while the tenant is being created or changed waits on the running task instead of starting another.
  - Changes in place what OCP can change in place. O(whitelist), O(description) and O(primary_zone) change at
    once; the unit spec and unit count of the zones change by an OCP task (C(modifyReplica)), which the module
    waits for. OCP wants the same unit count in every zone of a tenant when it changes.
  - A different O(mode), O(charset) or O(collation), other zones, or another replica type is an error naming
    the field; the root password is used only at creation (OCP does not return it).
  - Deleting a tenant is one call (C(DELETE /api/v2/ob/clusters/{id}/tenants/{tenantId})); OCP refuses to
    delete the C(sys) tenant.
author:
  - clusterops.platforms contributors (@clusterops)
extends_documentation_fragment:
  - clusterops.platforms.ocp
  - clusterops.platforms.ocp.WAIT
  - clusterops.platforms.attributes
  - clusterops.platforms.attributes.OCP
attributes:
  check_mode:
    support: full
    description: Nothing is written and nothing is waited for; the tenant that would result is returned.
  diff_mode:
    support: full
    description: The tenant before and after, the root password masked.
options:
  cluster:
    description:
      - The name of the OB cluster the tenant is in. One of O(cluster) and O(cluster_id) is required.
      - In check mode, a cluster that does not exist yet (an earlier task would create it) holds no tenant.
    type: str
  cluster_id:
    description: The OCP id of the OB cluster the tenant is in, instead of O(cluster).
    type: int
  name:
    description: The name of the tenant, a letter then 1 to 63 letters, digits or underscores.
    type: str
    required: true
  mode:
    description: The compatibility mode; OCP creates a V(MYSQL) tenant when it is not given. Set only at creation.
    type: str
    choices: [MYSQL, ORACLE]
  charset:
    description: The character set, for example V(utf8mb4). Set only at creation.
    type: str
  collation:
    description: The collation, for example V(utf8mb4_general_ci). Set only at creation.
    type: str
  primary_zone:
    description:
      - The zone priority, for example V(zone1;zone2) (a semicolon between priorities, a comma between zones of
        one priority), or V(RANDOM). Changed in place.
    type: str
  zones:
    description:
      - The zones the tenant has replicas in, each with its resource units. Required to create a tenant.
      - The unit spec and unit count of each zone change in place; the zones themselves and their replica types
        are set at creation.
    type: list
    elements: dict
    suboptions:
      name:
        description: The zone's name, one of the cluster's zones.
        type: str
        required: true
      replica_type:
        description: The replica type in the zone; OCP creates V(FULL) replicas when it is not given.
        type: str
        choices: [FULL, READONLY]
      unit_spec:
        description: The name of a unit spec OCP knows, such as V(S1), instead of O(zones[].cpu) and O(zones[].memory_gb).
        type: str
      cpu:
        description: CPU cores of each unit, 0.5 to 999; with O(zones[].memory_gb).
        type: float
      memory_gb:
        description: Memory of each unit in GB, 1 to 10000; with O(zones[].cpu).
        type: int
      unit_count:
        description: How many units the tenant has in the zone, at most the zone's servers; 1 when a tenant is created without it.
        type: int
  whitelist:
    description:
      - The client addresses allowed to connect (IP addresses, CIDR blocks, V(%) for any). Compared as a set.
        Changed in place.
    type: list
    elements: str
  description:
    description: A description of the tenant, at most 1024 characters. Changed in place.
    type: str
  root_password:
    description:
      - The password of the tenant's administrator (C(root) in MySQL mode, C(SYS) in Oracle mode). Required to
        create a tenant. OCP never returns it, so it is set again only with O(update_password=always).
    type: str
  update_password:
    description:
      - V(on_create) sets O(root_password) only when the tenant is created, so a repeat changes nothing.
      - V(always) also sets it on an existing tenant (OCP's C(changePassword)), on every run, which then
        reports a change. Use it once to rotate the password.
    type: str
    choices: [always, on_create]
    default: on_create
    version_added: 1.0.0
  state:
    description: Whether the tenant should exist.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: clusterops.platforms.ocp_ob_cluster
  - module: clusterops.platforms.ocp_ob_cluster_info
  - module: clusterops.platforms.ocp_ob_tenant_info
  - module: clusterops.platforms.ocp_task_info
  - name: OCP API, tenants
    description: The tenant calls of OCP, condensed in OceanBase's MCP server.
    link: https://github.com/oceanbase/mcp-oceanbase/blob/main/src/ocp_mcp_server/ocp-doc-min/4.tenant-information.md
"""

EXAMPLES = r"""
- name: Create the payments tenant in two zones and wait for it
  clusterops.platforms.ocp_ob_tenant:
    ocp_url: http://ocp.example.com:8080
    ocp_username: admin
    ocp_password: "{{ vault_ocp_password }}"
    cluster: payments
    name: payments
    mode: MYSQL
    charset: utf8mb4
    primary_zone: zone1;zone2
    zones:
      - {name: zone1, cpu: 2, memory_gb: 8, unit_count: 1}
      - {name: zone2, cpu: 2, memory_gb: 8, unit_count: 1}
    whitelist: [10.0.0.5, 10.0.0.6]
    root_password: "{{ vault_payments_tenant_password }}"
  register: tenant

- name: Give it bigger units (an OCP task, waited for)
  clusterops.platforms.ocp_ob_tenant:
    ocp_url: http://ocp.example.com:8080
    ocp_username: admin
    ocp_password: "{{ vault_ocp_password }}"
    cluster: payments
    name: payments
    zones:
      - {name: zone1, unit_spec: S4}
      - {name: zone2, unit_spec: S4}

- name: Rotate the administrator's password
  clusterops.platforms.ocp_ob_tenant:
    ocp_url: http://ocp.example.com:8080
    ocp_username: admin
    ocp_password: "{{ vault_ocp_password }}"
    cluster: payments
    name: payments
    root_password: "{{ vault_payments_tenant_new_password }}"
    update_password: always

- name: Delete it
  clusterops.platforms.ocp_ob_tenant:
    ocp_url: http://ocp.example.com:8080
    ocp_username: admin
    ocp_password: "{{ vault_ocp_password }}"
    cluster_id: 22
    name: payments
    state: absent
"""

RETURN = r"""
tenant:
  description:
    - The tenant as OCP lists it after the run (with its C(id) and C(status)), or null when it is absent.
    - In check mode, the tenant that would result; a tenant that would be created has C(id) null.
  returned: always
  type: dict
  contains:
    id:
      description: The OCP id of the tenant; null for one that would be created in check mode.
      type: int
      sample: 1003
    name:
      description: The name of the tenant.
      type: str
      sample: payments
    clusterName:
      description: The name of its cluster.
      type: str
      sample: payments
    mode:
      description: C(MYSQL) or C(ORACLE).
      type: str
      sample: MYSQL
    status:
      description: The state of the tenant, such as C(NORMAL), C(CREATING), C(MODIFYING) or C(DELETING).
      type: str
      sample: NORMAL
    primaryZone:
      description: The zone priority.
      type: str
      sample: zone1;zone2
    whitelist:
      description: The allowed client addresses, comma-separated.
      type: str
      sample: 10.0.0.5,10.0.0.6
    zones:
      description: The zones of the tenant with their resource pools.
      type: list
      elements: dict
      contains:
        name:
          description: The name of the zone.
          type: str
          sample: zone1
        replicaType:
          description: The replica type, C(FULL) or C(READONLY).
          type: str
          sample: FULL
        resourcePool:
          description: The tenant's resource pool in the zone.
          type: dict
          contains:
            unitCount:
              description: How many units the tenant has in the zone.
              type: int
              sample: 1
            unitConfig:
              description: The unit spec of the pool.
              type: dict
              contains:
                name:
                  description: The name of the unit spec.
                  type: str
                  sample: S2
                maxCpuCoreCount:
                  description: CPU cores of each unit.
                  type: float
                  sample: 2
                maxMemorySize:
                  description: Memory of each unit in GB (OCP; OCP Express gives C(maxMemoryByte) only).
                  type: int
                  sample: 8
                maxMemoryByte:
                  description: Memory of each unit in bytes.
                  type: int
                  sample: 8589934592
  sample:
    id: 1003
    name: payments
    clusterName: payments
    mode: MYSQL
    status: NORMAL
    primaryZone: zone1;zone2
    whitelist: 10.0.0.5,10.0.0.6
    zones:
      - {name: zone1, replicaType: FULL, resourcePool: {unitCount: 1, unitConfig: {maxCpuCoreCount: 2, maxMemorySize: 8}}}
task:
  description: The OCP task this run started or waited for, or null when there was none.
  returned: always
  type: dict
  contains:
    id:
      description: The id of the OCP task.
      type: int
      sample: 108090
    name:
      description: The name of the task.
      type: str
      sample: Create tenant
    status:
      description: The state of the task, C(RUNNING), C(FAILED) or C(SUCCESSFUL).
      type: str
      sample: SUCCESSFUL
    subtasks_done:
      description: How many subtasks have ended successfully.
      type: int
      sample: 8
    subtasks_total:
      description: How many subtasks the task has.
      type: int
      sample: 8
    failed_subtasks:
      description: The names of the subtasks that failed.
      type: list
      elements: str
      sample: []
  sample:
    id: 108090
    name: Create tenant
    status: SUCCESSFUL
    subtasks_done: 8
    subtasks_total: 8
    failed_subtasks: []
error:
  description: The platform error or the task failure that failed the module, without secrets.
  returned: on failure
  type: dict
  contains:
    platform:
      description: The platform that answered, such as C(BlueKing), C(Huawei Cloud CodeArts), C(OCP) or C(GaussMaster).
      type: str
    operation:
      description: The call that failed, such as C(cc.delete_set).
      type: str
    status:
      description: The HTTP status of the answer; null when no answer came (a connection error or a timeout).
      type: int
    code:
      description: The platform's error code, or null when it gave none. BlueKing and OCP codes are numbers,
        Huawei codes are text such as C(Deploy.00021422).
      type: raw
    message:
      description: The platform's message (BlueKing and GaussMaster often answer in Chinese), without secrets.
      type: str
    request_id:
      description: The platform's request or trace id, to quote to its support; null when it gave none.
      type: str

    task:
      description: The progress of the OCP task that failed or did not end in time, as RV(task) has it.
      type: dict
      returned: when an OCP task failed or did not end in time
      contains:
        id:
          description: The id of the OCP task.
          type: int
          sample: 108090
        name:
          description: The name of the task.
          type: str
          sample: Create tenant
        status:
          description: The state of the task, C(RUNNING), C(FAILED) or C(SUCCESSFUL).
          type: str
          sample: SUCCESSFUL
        subtasks_done:
          description: How many subtasks have ended successfully.
          type: int
          sample: 21
        subtasks_total:
          description: How many subtasks the task has.
          type: int
          sample: 21
        failed_subtasks:
          description: The names of the subtasks that failed.
          type: list
          elements: str
          sample: []
  sample:
    platform: OCP
    operation: ocp.wait_task
    message: "task 108090 'Create tenant' failed at Create ob tenant: resource not enough"
    task: {id: 108090, status: FAILED, subtasks_done: 1, subtasks_total: 8, failed_subtasks: [Create ob tenant]}
"""

from ansible_collections.clusterops.platforms.plugins.module_utils._arguments import UPDATE_PASSWORD, StrictModule
from ansible_collections.clusterops.platforms.plugins.module_utils._ocp import (
    OCP_REQUIRED_ONE_OF, OCP_REQUIRED_TOGETHER, OCP_SPEC, WAIT_SPEC, Ocp,
)
from ansible_collections.clusterops.platforms.plugins.module_utils._ocp_tenant import (
    CLUSTER_EXCLUSIVE, CLUSTER_SPEC, ZONE_SPEC, ObTenant,
)
from ansible_collections.clusterops.platforms.plugins.module_utils._resource import ensure


def main():
    module = StrictModule(
        argument_spec=dict(
            OCP_SPEC,
            **CLUSTER_SPEC,
            name=dict(type="str", required=True),
            mode=dict(type="str", choices=["MYSQL", "ORACLE"]),
            charset=dict(type="str"),
            collation=dict(type="str"),
            primary_zone=dict(type="str"),
            zones=dict(type="list", elements="dict", options=ZONE_SPEC),
            whitelist=dict(type="list", elements="str"),
            description=dict(type="str"),
            root_password=dict(type="str", no_log=True),
            update_password=UPDATE_PASSWORD,
            state=dict(type="str", choices=["present", "absent"], default="present"),
            **WAIT_SPEC,
        ),
        required_one_of=OCP_REQUIRED_ONE_OF + [("cluster", "cluster_id")],
        required_together=OCP_REQUIRED_TOGETHER,
        mutually_exclusive=CLUSTER_EXCLUSIVE,
        supports_check_mode=True,
    )
    ensure(ObTenant(module, Ocp(module)), module.params["state"])


if __name__ == "__main__":
    main()

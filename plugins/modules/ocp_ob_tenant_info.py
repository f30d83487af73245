#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ocp_ob_tenant_info
short_description: List the tenants of OceanBase clusters known to OceanBase Cloud Platform (OCP)
version_added: 1.0.0
description:
  - Lists the tenants of one OB cluster (C(GET /api/v2/ob/clusters/{id}/tenants)), or of every cluster
    (C(GET /api/v2/ob/tenants)), reading every page; or only the tenant with an exact name.
  - A cluster named by O(cluster) that does not exist has no tenants.
author:
  - clusterops.platforms contributors (@clusterops)
extends_documentation_fragment:
  - clusterops.platforms.ocp
  - clusterops.platforms.attributes.INFO_MODULE
  - clusterops.platforms.attributes.OCP
options:
  cluster:
    description: Only the tenants of the cluster with exactly this name.
    type: str
  cluster_id:
    description: Only the tenants of the cluster with this OCP id.
    type: int
  name:
    description: Only the tenants with exactly this name.
    type: str
seealso:
  - module: clusterops.platforms.ocp_ob_cluster
  - module: clusterops.platforms.ocp_ob_cluster_info
  - module: clusterops.platforms.ocp_ob_tenant
  - module: clusterops.platforms.ocp_task_info
  - name: OCP API, tenants
    description: The tenant calls of OCP, condensed in OceanBase's MCP server.
    link: https://github.com/oceanbase/mcp-oceanbase/blob/main/src/ocp_mcp_server/ocp-doc-min/4.tenant-information.md
"""

EXAMPLES = r"""
- name: Read the payments tenant
  clusterops.platforms.ocp_ob_tenant_info:
    ocp_url: http://ocp.example.com:8080
    ocp_username: admin
    ocp_password: "{{ vault_ocp_password }}"
    cluster: payments
    name: payments
  register: found

- name: Show its state and units
  ansible.builtin.debug:
    msg: "{{ found.tenants[0].status }} {{ found.tenants[0].locality }}"
"""

RETURN = r"""
tenants:
  description: The tenants, as OCP lists them.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The OCP id of the tenant.
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
    locality:
      description: The replicas, such as C(FULL{1}@zone1, FULL{1}@zone2).
      type: str
    whitelist:
      description: The allowed client addresses, comma-separated.
      type: str
    zones:
      description: The zones of the tenant with their resource pools (C(resourcePool.unitCount), C(resourcePool.unitConfig)).
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
    - id: 1003
      name: payments
      clusterName: payments
      mode: MYSQL
      status: NORMAL
error:
  description: The platform error that failed the task, without secrets.
  returned: on a platform error
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
"""

from ansible_collections.clusterops.platforms.plugins.module_utils._arguments import StrictModule
from ansible_collections.clusterops.platforms.plugins.module_utils._client import ApiError
from ansible_collections.clusterops.platforms.plugins.module_utils._ocp import (
    OCP_REQUIRED_ONE_OF, OCP_REQUIRED_TOGETHER, OCP_SPEC, Ocp,
)
from ansible_collections.clusterops.platforms.plugins.module_utils._ocp_tenant import (
    CLUSTER_EXCLUSIVE, CLUSTER_SPEC, cluster_id, list_tenants,
)
from ansible_collections.clusterops.platforms.plugins.module_utils._resource import fail


def main():
    module = StrictModule(
        argument_spec=dict(OCP_SPEC, **CLUSTER_SPEC, name=dict(type="str")),
        required_one_of=OCP_REQUIRED_ONE_OF,
        required_together=OCP_REQUIRED_TOGETHER,
        mutually_exclusive=CLUSTER_EXCLUSIVE,
        supports_check_mode=True,
    )
    ocp = Ocp(module)
    params = module.params
    tenants = []
    try:
        cluster = None
        if params["cluster"] is not None or params["cluster_id"] is not None:
            cluster = cluster_id(ocp, params, missing_ok=True)
        if cluster is not None or params["cluster"] is None:
            tenants = list_tenants(ocp, cluster, params["name"])
    except ApiError as exc:
        if exc.status != 404:
            fail(module, exc)
    module.exit_json(changed=False, tenants=tenants)


if __name__ == "__main__":
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ocp_ob_cluster_info
short_description: List OceanBase clusters known to OceanBase Cloud Platform (OCP)
version_added: 1.0.0
description:
  - Lists the OceanBase clusters of OCP, reading every page; or one cluster by exact name or by id.
author:
  - clusterops.platforms contributors (@clusterops)
extends_documentation_fragment:
  - clusterops.platforms.ocp
  - clusterops.platforms.attributes.INFO_MODULE
  - clusterops.platforms.attributes.OCP
options:
  name:
    description: Only the cluster with exactly this name.
    type: str
  id:
    description: Only the cluster with this OCP id.
    type: int
seealso:
  - module: clusterops.platforms.ocp_ob_cluster
  - module: clusterops.platforms.ocp_ob_tenant
  - module: clusterops.platforms.ocp_ob_tenant_info
  - module: clusterops.platforms.ocp_task_info
  - name: OCP API, create a cluster
    description: The request that starts the creation task.
    link: https://en.oceanbase.com/docs/common-ocp-10000000002169677
  - name: OCP API, list clusters
    description: The list and the cluster status values.
    link: https://en.oceanbase.com/docs/common-ocp-10000000002169689
  - name: OCP API, delete a cluster
    description: The request that starts the deletion task.
    link: https://en.oceanbase.com/docs/common-ocp-10000000002169656
"""

EXAMPLES = r"""
- name: List every OceanBase cluster
  clusterops.platforms.ocp_ob_cluster_info:
    ocp_url: http://ocp.example.com:8080
    ocp_username: admin
    ocp_password: "{{ vault_ocp_password }}"
  register: ob

- name: Show their states
  ansible.builtin.debug:
    msg: "{{ ob.clusters | items2dict(key_name='name', value_name='status') }}"
"""

RETURN = r"""
clusters:
  description: The matching clusters as OCP reports them; empty when none matches.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The OCP id of the cluster; null for one that would be created in check mode.
      type: int
      sample: 22
    name:
      description: The name of the cluster.
      type: str
      sample: payments
    obClusterId:
      description: The cluster id inside OceanBase.
      type: int
      sample: 1
    type:
      description: C(PRIMARY) or C(STANDBY).
      type: str
      sample: PRIMARY
    status:
      description: The state of the cluster, such as C(RUNNING), C(CREATING), C(DELETING) or C(STOPPED).
      type: str
      sample: RUNNING
    zones:
      description: The zones of the cluster.
      type: list
      elements: dict
      contains:
        name:
          description: The name of the zone.
          type: str
          sample: zone1
        idcName:
          description: The IDC (data center) of the zone.
          type: str
          sample: hz1
        servers:
          description: The OBServers of the zone.
          type: list
          elements: dict
          contains:
            id:
              description: The OCP id of the OBServer.
              type: int
              sample: 11
            hostId:
              description: The OCP id of the host it runs on.
              type: int
              sample: 4
            ip:
              description: The address of the host.
              type: str
              sample: 192.0.2.11
            port:
              description: The RPC port of the OBServer.
              type: int
              sample: 2882
            sqlPort:
              description: The SQL port of the OBServer.
              type: int
              sample: 2881
            status:
              description: The state of the OBServer, such as C(RUNNING).
              type: str
              sample: RUNNING
    obVersion:
      description: The OceanBase version, when OCP gives it.
      type: str
  sample:
    - id: 22
      name: payments
      type: PRIMARY
      status: RUNNING
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
from ansible_collections.clusterops.platforms.plugins.module_utils._resource import fail
from ansible_collections.clusterops.platforms.plugins.module_utils._ocp import (
    OCP_REQUIRED_ONE_OF, OCP_REQUIRED_TOGETHER, OCP_SPEC, Ocp,
)


def main():
    module = StrictModule(
        argument_spec=dict(OCP_SPEC, name=dict(type="str"), id=dict(type="int")),
        required_one_of=OCP_REQUIRED_ONE_OF,
        required_together=OCP_REQUIRED_TOGETHER,
        mutually_exclusive=[("name", "id")],
        supports_check_mode=True,
    )
    ocp = Ocp(module)
    try:
        if module.params["id"] is not None:
            clusters = [ocp.cluster(module.params["id"])]
        else:
            clusters = ocp.clusters(module.params["name"])
    except ApiError as exc:
        if exc.status != 404:
            fail(module, exc)
        clusters = []
    module.exit_json(changed=False, clusters=clusters)


if __name__ == "__main__":
    main()

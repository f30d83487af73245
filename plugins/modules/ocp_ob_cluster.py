#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ocp_ob_cluster
short_description: Create and delete OceanBase clusters through OceanBase Cloud Platform (OCP)
version_added: 1.0.0
description:
  - Create and delete an OceanBase cluster with OCP (C(POST /api/v2/ob/clusters),
    C(DELETE /api/v2/ob/clusters/{id})). Both start an OCP task that runs for a long time; the
    module waits for it by default and reports its progress.
  - A cluster is identified by O(name); the OCP list's name filter is a keyword, so the module
    reads every page and matches the name exactly.
  - The cluster's OCP id is known as soon as the task starts, so a timeout or a failure never
    loses it. Running the module again while the cluster is being created or deleted waits on
    the running task instead of starting another.
  - OCP has no generic update, so a different O(type), O(rpm_name), O(zones) or O(primary_zone)
    for an existing cluster is an error naming the field.
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
    description: Nothing is written and nothing is waited for; the cluster that would result is returned.
  diff_mode:
    support: full
    description: The cluster before and after the task, the root password masked.
options:
  name:
    description: The name of the cluster.
    type: str
    required: true
  type:
    description: The cluster type; OCP creates a V(PRIMARY) cluster when it is not given. Set only at creation.
    type: str
    choices: [PRIMARY, STANDBY]
  rpm_name:
    description:
      - The OceanBase RPM package to install, as OCP knows it, for example
        V(oceanbase-4.2.1.0-100000102023092807.el7.x86_64.rpm). Required to create a cluster.
    type: str
  root_password:
    description:
      - The password of the root user of the sys tenant. Required to create a cluster; used only
        then (OCP does not return it).
    type: str
  zones:
    description:
      - The zones of the cluster. Required to create a cluster; set only at creation.
    type: list
    elements: dict
    suboptions:
      name:
        description: The zone's name.
        type: str
        required: true
      idc_name:
        description: The IDC the zone's hosts are in.
        type: str
        required: true
      servers:
        description:
          - The zone's hosts, each an OCP host id or the host's inner IP address (looked up with
            C(GET /api/v2/compute/hosts)).
        type: list
        elements: str
        required: true
  primary_zone:
    description: The primary zone; set only at creation.
    type: str
  parameters:
    description:
      - OceanBase startup parameters, by name. Used only when the cluster is created.
      - Each value is text, a number or a boolean; it is sent as text.
    type: dict
  state:
    description: Whether the cluster should exist.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: clusterops.platforms.ocp_ob_cluster_info
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
- name: Create a three-zone OceanBase cluster and wait for it
  clusterops.platforms.ocp_ob_cluster:
    ocp_url: http://ocp.example.com:8080
    ocp_access_key_id: "{{ vault_ocp_ak }}"
    ocp_access_key_secret: "{{ vault_ocp_sk }}"
    name: payments
    rpm_name: oceanbase-4.2.1.0-100000102023092807.el7.x86_64.rpm
    root_password: "{{ vault_ob_root_password }}"
    zones:
      - {name: zone1, idc_name: hz1, servers: [192.0.2.11]}
      - {name: zone2, idc_name: hz1, servers: [192.0.2.12]}
      - {name: zone3, idc_name: hz2, servers: [192.0.2.13]}
    primary_zone: zone1
    parameters:
      memory_limit: 64G
    wait_timeout: 7200
  register: payments

- name: Start the creation and come back for it later
  clusterops.platforms.ocp_ob_cluster:
    ocp_url: http://ocp.example.com:8080
    ocp_username: admin
    ocp_password: "{{ vault_ocp_password }}"
    name: reporting
    rpm_name: oceanbase-4.2.1.0-100000102023092807.el7.x86_64.rpm
    root_password: "{{ vault_ob_root_password }}"
    zones:
      - {name: zone1, idc_name: hz1, servers: [7]}
    wait: false
"""

RETURN = r"""
cluster:
  description:
    - The cluster as OCP lists it after the task (with its C(id) and C(status)), or null when it is absent.
    - In check mode, the cluster that would result; a cluster that would be created has C(id) null.
  returned: always
  type: dict
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
    id: 22
    name: payments
    obClusterId: 1
    type: PRIMARY
    status: RUNNING
    zones:
      - {name: zone1, idcName: hz1, servers: [{id: 11, ip: 192.0.2.11, status: RUNNING}]}
task:
  description: The OCP task this run started or waited for, or null when there was none.
  returned: always
  type: dict
  contains:
    id:
      description: The id of the OCP task.
      type: int
      sample: 108088
    name:
      description: The name of the task.
      type: str
      sample: Create primary OB cluster
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
    id: 108088
    name: Create primary OB cluster
    status: SUCCESSFUL
    subtasks_done: 21
    subtasks_total: 21
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
          sample: 108088
        name:
          description: The name of the task.
          type: str
          sample: Create primary OB cluster
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
    message: "task 108088 'Create primary OB cluster' failed at Install rpm: rpm not found"
    task: {id: 108088, status: FAILED, subtasks_done: 4, subtasks_total: 21, failed_subtasks: [Install rpm]}
"""

from ansible_collections.clusterops.platforms.plugins.module_utils._arguments import StrictModule
from ansible_collections.clusterops.platforms.plugins.module_utils._ocp import (
    OCP_REQUIRED_ONE_OF, OCP_REQUIRED_TOGETHER, OCP_SPEC, WAIT_SPEC, ObCluster, Ocp,
)
from ansible_collections.clusterops.platforms.plugins.module_utils._resource import ensure


def main():
    module = StrictModule(
        argument_spec=dict(
            OCP_SPEC,
            name=dict(type="str", required=True),
            type=dict(type="str", choices=["PRIMARY", "STANDBY"]),
            rpm_name=dict(type="str"),
            root_password=dict(type="str", no_log=True),
            zones=dict(type="list", elements="dict", options=dict(
                name=dict(type="str", required=True),
                idc_name=dict(type="str", required=True),
                servers=dict(type="list", elements="str", required=True),
            )),
            primary_zone=dict(type="str"),
            parameters=dict(type="dict"),
            state=dict(type="str", choices=["present", "absent"], default="present"),
            **WAIT_SPEC,
        ),
        required_one_of=OCP_REQUIRED_ONE_OF,
        required_together=OCP_REQUIRED_TOGETHER,
        supports_check_mode=True,
    )
    ensure(ObCluster(module, Ocp(module)), module.params["state"])


if __name__ == "__main__":
    main()

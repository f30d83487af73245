#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ocp_task_info
short_description: Show an OceanBase Cloud Platform (OCP) task and its subtasks, optionally waiting for it
version_added: 1.0.0
description:
  - Reads one OCP task (C(GET /api/v2/tasks/instances/{id})) with the state of each subtask, and
    a summary of its progress.
  - With O(wait), polls the task until it ends; a task that fails fails the module with its
    failed subtasks and the last lines of their logs.
author:
  - clusterops.platforms contributors (@clusterops)
extends_documentation_fragment:
  - clusterops.platforms.ocp
  - clusterops.platforms.ocp.WAIT
  - clusterops.platforms.attributes.INFO_MODULE
  - clusterops.platforms.attributes.OCP
attributes:
  check_mode:
    support: full
    description: The module only reads, so it runs the same in check mode, waiting included.
options:
  id:
    description: The id of the task, for example the RV(clusterops.platforms.ocp_ob_cluster#module:task.id) of a creation.
    type: int
    required: true
  wait:
    description: Whether to poll the task until it ends.
    type: bool
    default: false
seealso:
  - module: clusterops.platforms.ocp_ob_cluster
  - module: clusterops.platforms.ocp_ob_cluster_info
  - module: clusterops.platforms.ocp_ob_tenant
  - module: clusterops.platforms.ocp_ob_tenant_info
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
- name: See where a cluster creation stands
  clusterops.platforms.ocp_task_info:
    ocp_url: http://ocp.example.com:8080
    ocp_username: admin
    ocp_password: "{{ vault_ocp_password }}"
    id: "{{ created.task.id }}"
  register: progress

- name: Report it
  ansible.builtin.debug:
    msg: "{{ progress.summary.subtasks_done }} of {{ progress.summary.subtasks_total }} steps done"
"""

RETURN = r"""
task:
  description: The task as OCP reports it, with its C(subtasks) (also given as C(tasks) by some OCP versions).
  returned: always
  type: dict
  contains:
    id:
      description: The id of the task.
      type: int
      sample: 108088
    name:
      description: The name of the task.
      type: str
      sample: Create primary OB cluster
    status:
      description: C(RUNNING), C(FAILED) or C(SUCCESSFUL).
      type: str
      sample: RUNNING
    cluster:
      description: The cluster the task works on.
      type: dict
      contains:
        id:
          description: The OCP id of the cluster.
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
    creator:
      description: Who started the task (a dict with C(id) and C(name), or a name in some OCP versions).
      type: raw
    createTime:
      description: When the task was started.
      type: str
    subtasks:
      description: The subtasks of the task.
      type: list
      elements: dict
      contains:
        id:
          description: The id of the subtask, for its log.
          type: int
          sample: 129848
        name:
          description: The name of the subtask.
          type: str
          sample: Trigger compaction
        status:
          description: C(PENDING), C(READY), C(RUNNING), C(CANCELING), C(FAILED) or C(SUCCESSFUL).
          type: str
          sample: PENDING
        upstreams:
          description: The ids of the subtasks that must end before this one.
          type: list
          elements: int
        downstreams:
          description: The ids of the subtasks that wait for this one.
          type: list
          elements: int
  sample:
    id: 108088
    name: Create primary OB cluster
    status: RUNNING
    subtasks:
      - {id: 129848, name: Trigger compaction, status: PENDING, upstreams: [129859], downstreams: [129864]}
summary:
  description: The task's progress.
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
  sample: {id: 108088, name: Create primary OB cluster, status: RUNNING, subtasks_done: 12, subtasks_total: 21,
           failed_subtasks: []}
error:
  description: The platform error, or the task failure while waiting, that failed the module, without secrets.
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
"""

from ansible_collections.clusterops.platforms.plugins.module_utils._arguments import StrictModule
from ansible_collections.clusterops.platforms.plugins.module_utils._client import ApiError
from ansible_collections.clusterops.platforms.plugins.module_utils._resource import fail
from ansible_collections.clusterops.platforms.plugins.module_utils._ocp import (
    OCP_REQUIRED_ONE_OF, OCP_REQUIRED_TOGETHER, OCP_SPEC, WAIT_SPEC, Ocp, task_summary,
)


def main():
    module = StrictModule(
        argument_spec=dict(OCP_SPEC, id=dict(type="int", required=True), **dict(WAIT_SPEC, wait=dict(type="bool", default=False))),
        required_one_of=OCP_REQUIRED_ONE_OF,
        required_together=OCP_REQUIRED_TOGETHER,
        supports_check_mode=True,
    )
    ocp = Ocp(module)
    params = module.params
    try:
        task = ocp.task(params["id"])
        if params["wait"]:
            ocp.wait(task, params["wait_timeout"], params["wait_interval"])
            task = ocp.task(params["id"])
    except ApiError as exc:
        fail(module, exc)
    module.exit_json(changed=False, task=task, summary=task_summary(task))


if __name__ == "__main__":
    main()

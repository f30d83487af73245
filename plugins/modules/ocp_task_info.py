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
  sample: {id: 108088, name: Create primary OB cluster, status: RUNNING, subtasks_done: 12, subtasks_total: 21,
           failed_subtasks: []}
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

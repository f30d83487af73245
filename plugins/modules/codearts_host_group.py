#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: codearts_host_group
short_description: Manage Huawei Cloud CodeArts Deploy host clusters (host groups)
version_added: 1.0.0
description:
  - Create, update, rename and delete a host cluster of a CodeArts project through the CodeArts
    Deploy v1 API (C(/v1/resources/host-groups)).
  - A host cluster is identified by its project and its name. The list API's name filter is a
    fuzzy keyword, so the module reads every page and matches the name exactly.
  - Only the options you set are compared, and only those that differ are sent.
  - One task converges one host cluster (O(name)), or a whole list of host clusters of one
    project (O(host_groups)). The list form reads the project's host clusters once (1000 a page)
    and writes only those that differ, several at a time.
author:
  - clusterops.platforms contributors (@clusterops)
extends_documentation_fragment:
  - clusterops.platforms.codearts
  - clusterops.platforms.batch
  - clusterops.platforms.attributes
  - clusterops.platforms.attributes.CODEARTS
attributes:
  check_mode:
    support: full
    description: Nothing is written; the host cluster that would result is returned.
  diff_mode:
    support: full
    description: >-
      The host cluster before and after the task. With O(host_groups), one diff of all the host
      clusters, by name.
options:
  project_id:
    description: The id of the CodeArts project (32 letters or digits), not the IAM project id.
    type: str
    required: true
  name:
    description:
      - The name of the host cluster, 3 to 128 letters, digits, Chinese characters, V(-), V(_)
        or V(.), unique in the project.
      - Exactly one of O(name) and O(host_groups) is required.
    type: str
  host_groups:
    description:
      - The host clusters of the project to converge in one task, each with its own O(state).
      - An option that an item does not set takes the task's value of the same option, so
        O(os), O(slave_cluster_id) or O(state) given at the top level apply to every item.
      - A rename (O(new_name)) is done one host cluster at a time, with O(name).
      - With O(purge=true), the project's other host clusters are deleted.
    type: list
    elements: dict
    suboptions:
      name:
        description: The name of the host cluster, as O(name).
        type: str
        required: true
      os:
        description: As O(os).
        type: str
        choices: [linux, windows]
      is_proxy_mode:
        description: As O(is_proxy_mode).
        type: int
        choices: [0, 1]
      slave_cluster_id:
        description: As O(slave_cluster_id).
        type: str
      slave_resource_type:
        description: As O(slave_resource_type).
        type: str
        choices: [self-hosted, exclusive]
      ansible_type:
        description: As O(ansible_type).
        type: int
        choices: [0, 1]
      description:
        description: As O(description).
        type: str
      state:
        description: Whether the host cluster should exist; the task's O(state) when not set.
        type: str
        choices: [present, absent]
  new_name:
    description:
      - Rename the host cluster O(name) to this. When O(name) is not found but O(new_name) is,
        the rename is taken as done.
    type: str
  os:
    description:
      - The operating system of the hosts. Required to create a host cluster; set only at creation.
    type: str
    choices: [linux, windows]
  is_proxy_mode:
    description:
      - Whether hosts are reached through a proxy (V(1)) or directly (V(0)). CodeArts uses
        V(1) when it is not given. Set only at creation.
    type: int
    choices: [0, 1]
  slave_cluster_id:
    description:
      - The id of the self-hosted resource pool (32 letters or digits). An empty string means
        the official, default resource pool.
    type: str
  slave_resource_type:
    description:
      - The kind of resource pool O(slave_cluster_id) names, V(self-hosted) (your own hosts
        as executors) or V(exclusive) (a pool of CodeArts reserved for you).
      - CodeArts takes it when a host cluster is created or updated but does not show it, so a
        change of it alone is not seen; it is sent at creation and with any other change.
    type: str
    choices: [self-hosted, exclusive]
    version_added: 1.0.0
  ansible_type:
    description:
      - V(1) has CodeArts deploy to the host cluster with its new, Ansible-based deployment
        system, V(0) with the former one.
      - Like O(slave_resource_type), sent at creation and with any other change, since CodeArts
        does not show it.
    type: int
    choices: [0, 1]
    version_added: 1.0.0
  description:
    description: A description of the host cluster, up to 500 characters.
    type: str
  state:
    description: Whether the host cluster should exist.
    type: str
    choices: [present, absent]
    default: present
notes:
  - With O(host_groups), one host cluster's failure does not stop the others; the task fails after
    all are tried, naming each host cluster that failed with CodeArts' error.
  - CodeArts refuses to delete a host cluster that an application uses; the module fails with
    CodeArts' code and message.
seealso:
  - module: clusterops.platforms.codearts_host
  - module: clusterops.platforms.codearts_host_info
  - module: clusterops.platforms.codearts_host_group_info
  - name: CodeArts Deploy API
    description: Creating a host cluster, and from there the other host cluster APIs.
    link: https://support.huaweicloud.com/intl/en-us/api-deployman/CreateHostCluster.html
  - name: Huawei Cloud IAM API
    description: Obtaining a token with a password, as the module does with O(hw_user_name) and O(hw_password).
    link: https://support.huaweicloud.com/intl/en-us/api-iam/iam_30_0001.html
"""

EXAMPLES = r"""
- name: A host cluster for the payments application, with AK/SK authentication
  clusterops.platforms.codearts_host_group:
    hw_region: cn-north-4
    hw_access_key: "{{ vault_hw_access_key }}"
    hw_secret_key: "{{ vault_hw_secret_key }}"
    project_id: 0123456789abcdef0123456789abcdef
    name: payments-db
    os: linux
    description: Database hosts of the payments service

- name: Rename it, authenticating as an IAM user
  clusterops.platforms.codearts_host_group:
    hw_region: cn-north-4
    hw_user_name: deployer
    hw_password: "{{ vault_hw_password }}"
    hw_domain_name: example-account
    project_id: 0123456789abcdef0123456789abcdef
    name: payments-db
    new_name: payments-mysql

- name: The host clusters of the payments project, and no other
  clusterops.platforms.codearts_host_group:
    hw_region: cn-north-4
    hw_access_key: "{{ vault_hw_access_key }}"
    hw_secret_key: "{{ vault_hw_secret_key }}"
    project_id: 0123456789abcdef0123456789abcdef
    os: linux
    host_groups:
      - name: payments-mysql
        description: Database hosts of the payments service
      - name: payments-web
      - name: payments-windows-jobs
        os: windows
        is_proxy_mode: 0
      - name: payments-legacy
        state: absent
    purge: true
  register: groups
"""

RETURN = r"""
host_group:
  description:
    - The host cluster as the CodeArts list shows it after the task, or null when it is absent.
    - In check mode, the host cluster that would result.
  returned: with O(name)
  type: dict
  contains:
    id:
      description: The id of the host cluster; null for one that would be created in check mode.
      type: str
      sample: 8c2a9bd0a4f24f6d9cbb3b4b1b9bce6f
    name:
      description: The name of the host cluster, unique in its project.
      type: str
      sample: payments-db
    project_id:
      description: The id of the CodeArts project; the detail view of one host cluster by id lacks it.
      type: str
      sample: 0123456789abcdef0123456789abcdef
    os:
      description: The operating system of the hosts, C(linux) or C(windows).
      type: str
      sample: linux
    is_proxy_mode:
      description: 1 when the hosts are reached through a proxy, else 0.
      type: int
      sample: 1
    slave_cluster_id:
      description: The id of the self-hosted resource pool; empty or null for the official pool.
      type: str
      sample: ""
    description:
      description: The description of the host cluster.
      type: str
    host_count:
      description: How many hosts the host cluster has (list view).
      type: int
      sample: 0
    env_count:
      description: How many environments use the host cluster (list view).
      type: int
      sample: 0
    nick_name:
      description: The nickname of the user who created it.
      type: str
    created_by:
      description: Who created it (a user id in the list view, a dict with C(user_id) and C(user_name) in the detail view).
      type: raw
    permission:
      description: What the caller may do with the host cluster (C(can_view), C(can_edit), C(can_delete), C(can_add_host), C(can_manage)).
      type: raw
  sample:
    id: 8c2a9bd0a4f24f6d9cbb3b4b1b9bce6f
    name: payments-db
    project_id: 0123456789abcdef0123456789abcdef
    os: linux
    is_proxy_mode: 1
    slave_cluster_id: ""
    description: Database hosts of the payments service
    host_count: 0
    env_count: 0
id:
  description: The id of the host cluster; null when it is absent or would be created.
  returned: with O(name)
  type: str
  sample: 8c2a9bd0a4f24f6d9cbb3b4b1b9bce6f
host_groups:
  description:
    - With O(host_groups), one result per host cluster in the order of the list, then one per
      host cluster that O(purge) deleted.
  returned: with O(host_groups)
  type: list
  elements: dict
  contains:
    name:
      description: The host cluster's name.
      type: str
    state:
      description: The state asked for (C(absent) for a purged host cluster).
      type: str
    changed:
      description: Whether the task changed this host cluster.
      type: bool
    failed:
      description: Whether converging this host cluster failed.
      type: bool
    purged:
      description: Whether the host cluster was deleted because the list does not name it.
      type: bool
    id:
      description: The id of the host cluster; null when it is absent or would be created.
      type: str
    host_group:
      description: The host cluster as CodeArts lists it after the task (predicted in check mode), or null.
      type: dict
      contains:
        id:
          description: The id of the host cluster; null for one that would be created in check mode.
          type: str
          sample: 8c2a9bd0a4f24f6d9cbb3b4b1b9bce6f
        name:
          description: The name of the host cluster, unique in its project.
          type: str
          sample: payments-db
        project_id:
          description: The id of the CodeArts project; the detail view of one host cluster by id lacks it.
          type: str
          sample: 0123456789abcdef0123456789abcdef
        os:
          description: The operating system of the hosts, C(linux) or C(windows).
          type: str
          sample: linux
        is_proxy_mode:
          description: 1 when the hosts are reached through a proxy, else 0.
          type: int
          sample: 1
        slave_cluster_id:
          description: The id of the self-hosted resource pool; empty or null for the official pool.
          type: str
          sample: ""
        description:
          description: The description of the host cluster.
          type: str
        host_count:
          description: How many hosts the host cluster has (list view).
          type: int
          sample: 0
        env_count:
          description: How many environments use the host cluster (list view).
          type: int
          sample: 0
        nick_name:
          description: The nickname of the user who created it.
          type: str
        created_by:
          description: Who created it (a user id in the list view, a dict with C(user_id) and C(user_name) in the detail view).
          type: raw
        permission:
          description: What the caller may do with the host cluster (C(can_view), C(can_edit), C(can_delete), C(can_add_host), C(can_manage)).
          type: raw
    msg:
      description: Why this host cluster failed.
      type: str
      returned: when it failed
    error:
      description: The platform error of this host cluster, as the top-level RV(error).
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
      returned: when a platform error failed it
  sample:
    - name: payments-mysql
      state: present
      changed: true
      failed: false
      purged: false
      id: 8c2a9bd0a4f24f6d9cbb3b4b1b9bce6f
      host_group: {id: 8c2a9bd0a4f24f6d9cbb3b4b1b9bce6f, name: payments-mysql, os: linux, is_proxy_mode: 1}
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
  sample:
    platform: Huawei Cloud CodeArts
    operation: codearts.create_host_group
    status: 400
    code: Deploy.00021422
    message: The host cluster name already exists.
    request_id: 2f0a0c2e1f4b4a7f9b1f0f0c2e1f4b4a
"""

from ansible_collections.clusterops.platforms.plugins.module_utils._arguments import StrictModule
from ansible_collections.clusterops.platforms.plugins.module_utils._batch import (
    BATCH_SPEC, ensure_one_or_list, list_option,
)
from ansible_collections.clusterops.platforms.plugins.module_utils._codearts import (
    CODEARTS_REQUIRED_ONE_OF, CODEARTS_REQUIRED_TOGETHER, CODEARTS_SPEC, CodeArts, HostGroup,
)

GROUP_SPEC = dict(
    project_id=dict(type="str", required=True),
    name=dict(type="str"),
    new_name=dict(type="str"),
    os=dict(type="str", choices=["linux", "windows"]),
    is_proxy_mode=dict(type="int", choices=[0, 1]),
    slave_cluster_id=dict(type="str"),
    slave_resource_type=dict(type="str", choices=["self-hosted", "exclusive"]),
    ansible_type=dict(type="int", choices=[0, 1]),
    description=dict(type="str"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
)
ITEM_OPTIONS = ("name", "os", "is_proxy_mode", "slave_cluster_id", "slave_resource_type", "ansible_type", "description",
                "state")


def main():
    module = StrictModule(
        argument_spec=dict(CODEARTS_SPEC, **GROUP_SPEC, **BATCH_SPEC,
                           host_groups=list_option(GROUP_SPEC, ITEM_OPTIONS, "name")),
        required_one_of=CODEARTS_REQUIRED_ONE_OF + [("name", "host_groups")],
        required_together=CODEARTS_REQUIRED_TOGETHER,
        mutually_exclusive=[("name", "host_groups"), ("new_name", "host_groups")],
        supports_check_mode=True,
    )
    codearts = CodeArts(module)
    ensure_one_or_list(module, "host_groups", lambda params: HostGroup(module, codearts, params))


if __name__ == "__main__":
    main()

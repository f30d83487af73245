#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: codearts_host_group_info
short_description: List Huawei Cloud CodeArts Deploy host clusters
version_added: 1.0.0
description:
  - Lists the host clusters of a CodeArts project, reading every page, optionally only those
    with a given name or operating system; or gets one host cluster by id.
author:
  - clusterops.platforms contributors (@clusterops)
extends_documentation_fragment:
  - clusterops.platforms.codearts
  - clusterops.platforms.attributes.INFO_MODULE
  - clusterops.platforms.attributes.CODEARTS
options:
  project_id:
    description:
      - The id of the CodeArts project whose host clusters to list.
      - One of O(project_id) and O(id) is required.
    type: str
  id:
    description: Get only the host cluster with this id (its detail view).
    type: str
  name:
    description: Only the host cluster with exactly this name.
    type: str
  os:
    description: Only host clusters of this operating system.
    type: str
    choices: [linux, windows]
seealso:
  - module: clusterops.platforms.codearts_host
  - module: clusterops.platforms.codearts_host_info
  - module: clusterops.platforms.codearts_host_group
  - name: CodeArts Deploy API
    description: Creating a host cluster, and from there the other host cluster APIs.
    link: https://support.huaweicloud.com/intl/en-us/api-deployman/CreateHostCluster.html
  - name: Huawei Cloud IAM API
    description: Obtaining a token with a password, as the module does with O(hw_user_name) and O(hw_password).
    link: https://support.huaweicloud.com/intl/en-us/api-iam/iam_30_0001.html
"""

EXAMPLES = r"""
- name: List the Linux host clusters of a project
  clusterops.platforms.codearts_host_group_info:
    hw_region: cn-north-4
    hw_auth_token: "{{ iam_token }}"
    project_id: 0123456789abcdef0123456789abcdef
    os: linux
  register: linux_groups

- name: Show their names
  ansible.builtin.debug:
    msg: "{{ linux_groups.host_groups | map(attribute='name') | list }}"
"""

RETURN = r"""
host_groups:
  description: The matching host clusters; with O(id), its detail view, or an empty list when it does not exist.
  returned: always
  type: list
  elements: dict
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
    - id: 8c2a9bd0a4f24f6d9cbb3b4b1b9bce6f
      name: payments-db
      os: linux
      is_proxy_mode: 1
      host_count: 3
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
from ansible_collections.clusterops.platforms.plugins.module_utils._codearts import (
    CODEARTS_REQUIRED_ONE_OF, CODEARTS_REQUIRED_TOGETHER, CODEARTS_SPEC, CodeArts,
)


def main():
    module = StrictModule(
        argument_spec=dict(
            CODEARTS_SPEC,
            project_id=dict(type="str"),
            id=dict(type="str"),
            name=dict(type="str"),
            os=dict(type="str", choices=["linux", "windows"]),
        ),
        required_one_of=CODEARTS_REQUIRED_ONE_OF + [("project_id", "id")],
        required_together=CODEARTS_REQUIRED_TOGETHER,
        supports_check_mode=True,
    )
    params = module.params
    codearts = CodeArts(module)
    try:
        if params["id"]:
            groups = [codearts.host_group(params["id"])]
        else:
            groups = [g for g in codearts.host_groups(params["project_id"], params["name"], params["os"])
                      if params["name"] in (None, g.get("name"))]
    except ApiError as exc:
        if params["id"] and exc.status == 404:
            groups = []
        else:
            fail(module, exc)
    module.exit_json(changed=False, host_groups=groups)


if __name__ == "__main__":
    main()

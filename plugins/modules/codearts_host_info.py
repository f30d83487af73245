#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: codearts_host_info
short_description: List the hosts of a Huawei Cloud CodeArts Deploy host cluster
version_added: 1.0.0
description:
  - Lists the hosts of a CodeArts Deploy host cluster (host group), reading every page, or only
    the host with a given IP address. Passwords and private keys are never returned, as CodeArts
    does not show them.
author:
  - clusterops.platforms contributors (@clusterops)
extends_documentation_fragment:
  - clusterops.platforms.codearts
  - clusterops.platforms.attributes.INFO_MODULE
  - clusterops.platforms.attributes.CODEARTS
options:
  project_id:
    description:
      - The id of the CodeArts project (32 letters or digits) of O(host_group).
      - Required with O(host_group).
    type: str
  host_group:
    description:
      - The name of the host cluster.
      - Exactly one of O(host_group) and O(host_group_id) is required.
    type: str
  host_group_id:
    description: The id of the host cluster (32 letters or digits).
    type: str
  ip:
    description: Only the host with this IP address.
    type: str
notes:
  - A host cluster that does not exist has no hosts; the module returns an empty list.
seealso:
  - module: clusterops.platforms.codearts_host
  - module: clusterops.platforms.codearts_host_group
  - module: clusterops.platforms.codearts_host_group_info
  - name: CodeArts Deploy API
    description: Listing the hosts of a host cluster.
    link: https://support.huaweicloud.com/intl/en-us/api-deployman/ListNewHosts.html
"""

EXAMPLES = r"""
- name: The hosts of the payments application's host cluster
  clusterops.platforms.codearts_host_info:
    hw_region: cn-north-4
    hw_auth_token: "{{ iam_token }}"
    project_id: 0123456789abcdef0123456789abcdef
    host_group: payments-app
  register: app_hosts

- name: Show their addresses
  ansible.builtin.debug:
    msg: "{{ app_hosts.hosts | map(attribute='ip') | list }}"
"""

RETURN = r"""
hosts:
  description: The hosts of the host cluster, as CodeArts lists them, without passwords or keys.
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: The id of the host.
      type: str
      sample: 5b4d8e1fa0c24b7e9f3d2c1b0a998877
    ip:
      description: The IP address of the host.
      type: str
      sample: 10.0.0.5
    host_name:
      description: The name of the host.
      type: str
    port:
      description: The SSH (or WinRM) port.
      type: int
    os:
      description: The operating system, that of the host cluster.
      type: str
    username:
      description: The login user.
      type: str
    trusted_type:
      description: How CodeArts logs in, C(0) with a password, C(1) with a private key.
      type: int
    as_proxy:
      description: Whether the host is a proxy host.
      type: bool
    proxy_host_id:
      description: The id of the proxy host through which CodeArts reaches the host, or null.
      type: str
    proxy_host:
      description: The IP address of that proxy host, or null.
      type: str
    group_id:
      description: The id of the host cluster.
      type: str
    connection_status:
      description: The result of CodeArts' last connectivity check of the host.
      type: str
  sample:
    - id: 5b4d8e1fa0c24b7e9f3d2c1b0a998877
      ip: 10.0.0.5
      host_name: 10.0.0.5
      port: 22
      os: linux
      username: deploy
      trusted_type: 0
      as_proxy: false
      proxy_host: 192.0.2.10
host_group_id:
  description: The id of the host cluster; null when it does not exist.
  returned: success
  type: str
  sample: 8c2a9bd0a4f24f6d9cbb3b4b1b9bce6f
error:
  description: The platform error that failed the task, without secrets.
  returned: on a platform error
  type: dict
  contains:
    platform:
      description: The platform that answered, such as C(BlueKing), C(Huawei Cloud CodeArts), C(OCP) or C(GaussMaster).
      type: str
    operation:
      description: The call that failed, such as C(codearts.list_hosts).
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
from ansible_collections.clusterops.platforms.plugins.module_utils._codearts import (
    CODEARTS_REQUIRED_ONE_OF, CODEARTS_REQUIRED_TOGETHER, CODEARTS_SPEC, CodeArts,
)
from ansible_collections.clusterops.platforms.plugins.module_utils._codearts_host import (
    GROUP_MUTUALLY_EXCLUSIVE, GROUP_REQUIRED_ONE_OF, GROUP_REQUIRED_TOGETHER, GROUP_SPEC, Group,
)
from ansible_collections.clusterops.platforms.plugins.module_utils._resource import UserError, fail


def main():
    module = StrictModule(
        argument_spec=dict(CODEARTS_SPEC, **GROUP_SPEC, ip=dict(type="str")),
        required_one_of=CODEARTS_REQUIRED_ONE_OF + GROUP_REQUIRED_ONE_OF,
        required_together=CODEARTS_REQUIRED_TOGETHER + GROUP_REQUIRED_TOGETHER,
        mutually_exclusive=GROUP_MUTUALLY_EXCLUSIVE,
        supports_check_mode=True,
    )
    codearts = CodeArts(module)
    try:
        group = Group(module, codearts, must_exist=False)
        record = group.record()
        hosts = [h for h in group.hosts() if module.params["ip"] in (None, h.get("ip"))]
    except ApiError as exc:
        if exc.status != 404 or not module.params["host_group_id"]:
            fail(module, exc)
        record, hosts = None, []
    except UserError as exc:
        fail(module, exc)
    module.exit_json(changed=False, hosts=hosts, host_group_id=(record or {}).get("id"))


if __name__ == "__main__":
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: codearts_host
short_description: Manage the hosts of Huawei Cloud CodeArts Deploy host clusters
version_added: 1.0.0
description:
  - Add, update and remove the hosts of a CodeArts Deploy host cluster (host group) through the
    v1 API (C(/v1/resources/host-groups/{group_id}/hosts)).
  - A host is identified by its IP address within its host cluster. The host cluster is named by
    O(project_id) and O(host_group), or by O(host_group_id).
  - Only the options you set are compared, and only a host that differs is written. CodeArts
    takes the whole host, its login included, on every update.
  - CodeArts never returns a host's password or private key. With O(update_password=on_create)
    (the default) they are sent when the host is added and with any other change of the host;
    with O(update_password=always) they are sent on every run, which then reports a change.
  - One task converges one host (O(ip)), or a whole list of hosts of one host cluster
    (O(hosts)). The list form reads the host cluster's hosts once (a host cluster holds at most
    200) and writes only those that differ, several at a time.
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
    description: Nothing is written; the host that would result is returned, without its password or key.
  diff_mode:
    support: full
    description: >-
      The host before and after the task, secrets masked. With O(hosts), one diff of all the hosts,
      by IP.
options:
  project_id:
    description:
      - The id of the CodeArts project (32 letters or digits) of O(host_group).
      - Required with O(host_group).
    type: str
  host_group:
    description:
      - The name of the host cluster, as O(clusterops.platforms.codearts_host_group#module:name).
      - Exactly one of O(host_group) and O(host_group_id) is required.
    type: str
  host_group_id:
    description: The id of the host cluster (32 letters or digits).
    type: str
  ip:
    description:
      - The IP address of the host, unique within the host cluster.
      - Exactly one of O(ip) and O(hosts) is required.
    type: str
  hosts:
    description:
      - The hosts of the host cluster to converge in one task, each with its own O(state).
      - An option that an item does not set takes the task's value of the same option, so
        O(username), O(password), O(port) or O(proxy_host) given at the top level apply to every item.
      - A proxy host that O(proxy_host) names must exist before the task; add proxy hosts in an
        earlier task.
      - With O(purge=true), the host cluster's other hosts are removed.
    type: list
    elements: dict
    suboptions:
      ip:
        description: The IP address of the host, as O(ip).
        type: str
        required: true
      host_name:
        description: As O(host_name).
        type: str
      port:
        description: As O(port).
        type: int
      username:
        description: As O(username).
        type: str
      password:
        description: As O(password).
        type: str
      private_key:
        description: As O(private_key).
        type: str
      update_password:
        description: As O(update_password).
        type: str
        choices: [always, on_create]
      as_proxy:
        description: As O(as_proxy).
        type: bool
      proxy_host:
        description: As O(proxy_host).
        type: str
      state:
        description: Whether the host should be in the host cluster; the task's O(state) when not set.
        type: str
        choices: [present, absent]
  host_name:
    description:
      - The name CodeArts shows for the host, 3 to 128 letters, digits, Chinese characters, V(-),
        V(_) or V(.). A new host is named after its IP address when this is not set.
    type: str
  port:
    description:
      - The SSH port (WinRM for a Windows host cluster), 0 to 65535. A new host gets V(22) when
        this is not set.
    type: int
  username:
    description: The login user on the host. Required when O(state=present).
    type: str
  password:
    description:
      - The login password. Exactly one of O(password) and O(private_key) is required when
        O(state=present).
    type: str
  private_key:
    description: The login private key (the text of the key, not a path).
    type: str
  update_password:
    description:
      - V(on_create) sends O(password) or O(private_key) when the host is added and with any
        other change of it; a run that changes nothing else sends nothing.
      - V(always) sends them on every run, and reports a change, since CodeArts cannot show
        whether they differ.
    type: str
    choices: [always, on_create]
    default: on_create
  as_proxy:
    description:
      - Whether the host is a proxy host, through which CodeArts reaches the other hosts of a
        host cluster in proxy mode. Only a host cluster in proxy mode takes proxy hosts. Set
        only when the host is added.
    type: bool
  proxy_host:
    description:
      - The IP address of the proxy host, in the same host cluster, through which CodeArts
        reaches this host. Required for a host that is not a proxy host in a host cluster in
        proxy mode (O(clusterops.platforms.codearts_host_group#module:is_proxy_mode=1)); not
        allowed in a host cluster that connects directly.
    type: str
  state:
    description: Whether the host should be in the host cluster.
    type: str
    choices: [present, absent]
    default: present
notes:
  - The operating system of a host is that of its host cluster; CodeArts refuses any other.
  - CodeArts refuses to remove a proxy host that other hosts use; remove those hosts first.
  - With O(hosts), one host's failure does not stop the others; the task fails after all are
    tried, naming each host that failed with CodeArts' error.
seealso:
  - module: clusterops.platforms.codearts_host_info
  - module: clusterops.platforms.codearts_host_group
  - module: clusterops.platforms.codearts_host_group_info
  - name: CodeArts Deploy API
    description: Adding a host to a host cluster, and from there the other host APIs.
    link: https://support.huaweicloud.com/intl/en-us/api-deployman/CreateHost.html
"""

EXAMPLES = r"""
- name: The proxy host of the payments application's host cluster
  clusterops.platforms.codearts_host:
    hw_region: cn-north-4
    hw_access_key: "{{ vault_hw_access_key }}"
    hw_secret_key: "{{ vault_hw_secret_key }}"
    project_id: 0123456789abcdef0123456789abcdef
    host_group: payments-app
    ip: 192.0.2.10
    as_proxy: true
    username: deploy
    private_key: "{{ vault_deploy_private_key }}"

- name: The application hosts, reached through it
  clusterops.platforms.codearts_host:
    hw_region: cn-north-4
    hw_access_key: "{{ vault_hw_access_key }}"
    hw_secret_key: "{{ vault_hw_secret_key }}"
    project_id: 0123456789abcdef0123456789abcdef
    host_group: payments-app
    username: deploy
    password: "{{ vault_deploy_password }}"
    proxy_host: 192.0.2.10
    hosts:
      - ip: 10.0.0.5
      - ip: 10.0.0.6
        host_name: payments-app-2
      - ip: 10.0.0.7
        state: absent

- name: Send a rotated password to a host
  clusterops.platforms.codearts_host:
    hw_region: cn-north-4
    hw_auth_token: "{{ iam_token }}"
    host_group_id: 8c2a9bd0a4f24f6d9cbb3b4b1b9bce6f
    ip: 10.0.0.5
    username: deploy
    password: "{{ vault_new_deploy_password }}"
    proxy_host: 192.0.2.10
    update_password: always
"""

RETURN = r"""
host:
  description:
    - The host as CodeArts lists it after the task, or null when it is absent; never its password or key.
    - In check mode, the host that would result.
  returned: with O(ip)
  type: dict
  contains:
    id:
      description: The id of the host; null for one that would be added in check mode.
      type: str
      sample: 5b4d8e1fa0c24b7e9f3d2c1b0a998877
    ip:
      description: The IP address of the host.
      type: str
      sample: 10.0.0.5
    host_name:
      description: The name of the host.
      type: str
      sample: 10.0.0.5
    port:
      description: The SSH (or WinRM) port.
      type: int
      sample: 22
    os:
      description: The operating system, that of the host cluster.
      type: str
      sample: linux
    username:
      description: The login user.
      type: str
      sample: deploy
    trusted_type:
      description: How CodeArts logs in, C(0) with a password, C(1) with a private key.
      type: int
      sample: 0
    as_proxy:
      description: Whether the host is a proxy host.
      type: bool
      sample: false
    proxy_host_id:
      description: The id of the proxy host through which CodeArts reaches the host, or null.
      type: str
    proxy_host:
      description: The IP address of that proxy host, or null.
      type: str
      sample: 192.0.2.10
    group_id:
      description: The id of the host cluster.
      type: str
    connection_status:
      description: The result of CodeArts' last connectivity check of the host.
      type: str
  sample:
    id: 5b4d8e1fa0c24b7e9f3d2c1b0a998877
    ip: 10.0.0.5
    host_name: 10.0.0.5
    port: 22
    os: linux
    username: deploy
    trusted_type: 0
    as_proxy: false
    proxy_host: 192.0.2.10
id:
  description: The id of the host; null when it is absent or would be added.
  returned: with O(ip)
  type: str
  sample: 5b4d8e1fa0c24b7e9f3d2c1b0a998877
hosts:
  description:
    - With O(hosts), one result per host in the order of the list, then one per host that
      O(purge) removed.
  returned: with O(hosts)
  type: list
  elements: dict
  contains:
    name:
      description: The IP address of the host, as the item gave it.
      type: str
    state:
      description: The state asked for (C(absent) for a purged host).
      type: str
    changed:
      description: Whether the task changed this host.
      type: bool
    failed:
      description: Whether converging this host failed.
      type: bool
    purged:
      description: Whether the host was removed because the list does not name it.
      type: bool
    id:
      description: The id of the host; null when it is absent or would be added.
      type: str
    host:
      description: The host as RV(host) shows it, or null.
      type: dict
      contains:
        id:
          description: The id of the host; null for one that would be added in check mode.
          type: str
          sample: 5b4d8e1fa0c24b7e9f3d2c1b0a998877
        ip:
          description: The IP address of the host.
          type: str
          sample: 10.0.0.5
        host_name:
          description: The name of the host.
          type: str
          sample: 10.0.0.5
        port:
          description: The SSH (or WinRM) port.
          type: int
          sample: 22
        os:
          description: The operating system, that of the host cluster.
          type: str
          sample: linux
        username:
          description: The login user.
          type: str
          sample: deploy
        trusted_type:
          description: How CodeArts logs in, C(0) with a password, C(1) with a private key.
          type: int
          sample: 0
        as_proxy:
          description: Whether the host is a proxy host.
          type: bool
          sample: false
        proxy_host_id:
          description: The id of the proxy host through which CodeArts reaches the host, or null.
          type: str
        proxy_host:
          description: The IP address of that proxy host, or null.
          type: str
          sample: 192.0.2.10
        group_id:
          description: The id of the host cluster.
          type: str
        connection_status:
          description: The result of CodeArts' last connectivity check of the host.
          type: str
    msg:
      description: Why this host failed.
      type: str
      returned: when it failed
    error:
      description: The platform error of this host, as the top-level RV(error).
      type: dict
      returned: when a platform error failed it
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
    - name: 10.0.0.5
      state: present
      changed: true
      failed: false
      purged: false
      id: 5b4d8e1fa0c24b7e9f3d2c1b0a998877
      host: {id: 5b4d8e1fa0c24b7e9f3d2c1b0a998877, ip: 10.0.0.5, port: 22, username: deploy}
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

from ansible_collections.clusterops.platforms.plugins.module_utils._arguments import UPDATE_PASSWORD, StrictModule
from ansible_collections.clusterops.platforms.plugins.module_utils._batch import (
    BATCH_SPEC, ensure_one_or_list, list_option,
)
from ansible_collections.clusterops.platforms.plugins.module_utils._codearts import (
    CODEARTS_REQUIRED_ONE_OF, CODEARTS_REQUIRED_TOGETHER, CODEARTS_SPEC, CodeArts,
)
from ansible_collections.clusterops.platforms.plugins.module_utils._codearts_host import (
    GROUP_MUTUALLY_EXCLUSIVE, GROUP_REQUIRED_ONE_OF, GROUP_REQUIRED_TOGETHER, GROUP_SPEC, Group, Host,
)
from ansible_collections.clusterops.platforms.plugins.module_utils._resource import UserError, fail

HOST_SPEC = dict(
    ip=dict(type="str"),
    host_name=dict(type="str"),
    port=dict(type="int"),
    username=dict(type="str"),
    password=dict(type="str", no_log=True),
    private_key=dict(type="str", no_log=True),
    update_password=UPDATE_PASSWORD,
    as_proxy=dict(type="bool"),
    proxy_host=dict(type="str"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
)
ITEM_OPTIONS = ("ip", "host_name", "port", "username", "password", "private_key", "update_password", "as_proxy",
                "proxy_host", "state")


def main():
    module = StrictModule(
        argument_spec=dict(CODEARTS_SPEC, **GROUP_SPEC, **HOST_SPEC, **BATCH_SPEC,
                           hosts=list_option(HOST_SPEC, ITEM_OPTIONS, "ip")),
        required_one_of=CODEARTS_REQUIRED_ONE_OF + GROUP_REQUIRED_ONE_OF + [("ip", "hosts")],
        required_together=CODEARTS_REQUIRED_TOGETHER + GROUP_REQUIRED_TOGETHER,
        mutually_exclusive=GROUP_MUTUALLY_EXCLUSIVE + [("ip", "hosts"), ("password", "private_key")],
        supports_check_mode=True,
    )
    codearts = CodeArts(module)
    try:
        group = Group(module, codearts, must_exist=module.params["state"] == "present" and not module.check_mode)
    except UserError as exc:
        fail(module, exc)
    ensure_one_or_list(module, "hosts", lambda params: Host(module, codearts, group, params))


if __name__ == "__main__":
    main()

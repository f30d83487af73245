#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: cmdb_host
short_description: Place hosts of a BlueKing CMDB business in its modules
version_added: 1.0.0
description:
  - Places hosts that BlueKing CMDB already knows in modules of a business, moves them between
    modules, returns them to the business's idle module, or gives them back to the resource pool,
    through the ESB component API.
  - A host is found by its inner IP (O(bk_host_innerip) with O(bk_cloud_id)) or by its id
    (O(bk_host_id)). A host of the resource pool is first taken into the business
    (C(transfer_resourcehost_to_idlemodule)), then placed.
  - With O(state=present) the host ends up in exactly the modules listed in O(modules)
    (C(transfer_host_module) with C(is_increment) false); with O(append=true) it is only added to
    them and keeps its other modules.
  - One task places one host, or a whole list of hosts (O(hosts)). The list form reads all of
    them in a bounded number of requests (C(list_hosts_without_biz) and
    C(find_host_biz_relations), 500 hosts a request), and sends one transfer for each group of
    up to 500 hosts with the same target modules; hosts already placed as asked are not written.
  - Idempotent. The placement is compared as a set of modules, so their order does not matter.
author:
  - clusterops.platforms contributors (@clusterops)
extends_documentation_fragment:
  - clusterops.platforms.blueking
  - clusterops.platforms.attributes
  - clusterops.platforms.attributes.BLUEKING
attributes:
  check_mode:
    support: full
    description: >-
      Nothing is written; the placement that would result is returned. A module named by set and
      module name that does not exist yet is taken to be created by an earlier task of the play
      (with a warning, and C(bk_module_id) null), so that a whole play can be checked first.
  diff_mode:
    support: full
    description: >-
      The placement of each host before and after the task, by its label (its inner IP, with the
      cloud area when it is not 0, or C(host <id>)): a sorted list of C(set/module) names, or
      C(resource pool).
options:
  bk_biz_id:
    description:
      - The id of the business the hosts are placed in.
      - Exactly one of O(bk_biz_id) and O(bk_biz_name) is required.
    type: int
  bk_biz_name:
    description: The name of the business; it must match exactly one business.
    type: str
  bk_host_innerip:
    description:
      - The inner IP address of the host (one IPv4 or IPv6 address).
      - Exactly one of O(bk_host_innerip), O(bk_host_id) and O(hosts) is required.
    type: str
  bk_cloud_id:
    description:
      - The cloud area of O(bk_host_innerip); an inner IP is unique only within its cloud area.
      - With O(hosts), the cloud area of every host that does not set its own.
    type: int
    default: 0
  bk_host_id:
    description: The id of the host in CMDB.
    type: int
  hosts:
    description:
      - Many hosts to place in one task. An option that an item does not set takes the task's
        value of the same option (O(bk_cloud_id), O(modules), O(append), O(state)).
      - Each host is named by O(hosts[].bk_host_innerip) or O(hosts[].bk_host_id), once.
    type: list
    elements: dict
    suboptions:
      bk_host_innerip:
        description: The inner IP address of the host.
        type: str
      bk_cloud_id:
        description: The cloud area of the inner IP; the task's O(bk_cloud_id) when not set.
        type: int
      bk_host_id:
        description: The id of the host in CMDB.
        type: int
      modules:
        description: The modules of the host, as O(modules); the task's O(modules) when not set.
        type: list
        elements: dict
        suboptions:
          bk_set_name:
            description: The name of the set of the module.
            type: str
          bk_module_name:
            description: The name of the module in that set.
            type: str
          bk_module_id:
            description: The id of the module.
            type: int
      append:
        description: As O(append); the task's O(append) when not set.
        type: bool
      state:
        description: As O(state); the task's O(state) when not set.
        type: str
        choices: [present, idle, resource_pool]
  modules:
    description:
      - The modules the host should be in, with O(state=present). Each is named by
        O(modules[].bk_module_id), or by O(modules[].bk_set_name) and O(modules[].bk_module_name).
      - The built-in modules of the idle set (idle, fault, recycle) cannot be listed; use
        O(state=idle) to return a host to the idle module.
    type: list
    elements: dict
    suboptions:
      bk_set_name:
        description: The name of the set of the module.
        type: str
      bk_module_name:
        description: The name of the module in that set.
        type: str
      bk_module_id:
        description: The id of the module.
        type: int
  append:
    description:
      - With O(state=present), only add the host to O(modules) (C(is_increment) true); it keeps the
        other modules it is in. A host in the idle module leaves it, as CMDB does.
      - When false, the host ends up in exactly O(modules) and leaves every other module.
    type: bool
    default: false
  state:
    description:
      - V(present) places the host in O(modules).
      - V(idle) returns the host to the business's idle module (C(transfer_host_to_idlemodule)),
        for example before its service is rebuilt.
      - V(resource_pool) gives the host back to the resource pool, when the business no longer
        needs it; a host not in the idle set goes to the idle module first, as CMDB returns only
        hosts of the idle set (C(transfer_host_to_resourcemodule)).
    type: str
    choices: [present, idle, resource_pool]
    default: present
  take_from_other_business:
    description:
      - Take hosts that belong to another business into this one, instead of failing.
      - Such a host is first returned to the idle module of its business if it is in other
        modules there (C(transfer_host_to_idlemodule)), then moved to this business's idle module
        (C(transfer_host_across_biz), CMDB 3.10.27 and later), then placed. This takes hosts out
        of another business's modules, perhaps from under its services; use it on purpose.
      - Never applies to O(state=resource_pool), which returns only hosts of this business.
    type: bool
    default: false
  bk_supplier_account:
    description: The supplier account; CMDB uses C(0) when it is not set.
    type: str
notes:
  - A host that CMDB does not know is an error. This module places hosts, it does not register
    them; CMDB learns hosts from the GSE agent, a cloud sync or its own import.
  - A host of another business is an error naming that business, unless
    O(take_from_other_business=true). Moving a host between businesses is not a module transfer;
    without the option, return it to the resource pool from its business first
    (O(state=resource_pool) with that business).
  - Every host, module and business is checked before anything is written; one unknown name
    fails the task with no write.
  - A write that fails is followed by a re-read of its hosts; the task then reports where each
    host really is. A transient fault (connection error, HTTP 429, 502, 503 or 504) leads to a
    second send only when the re-read shows the transfer did not land.
seealso:
  - module: clusterops.platforms.cmdb_host_info
  - module: clusterops.platforms.cmdb_module
  - module: clusterops.platforms.cmdb_module_info
  - module: clusterops.platforms.cmdb_set
  - module: clusterops.platforms.cmdb_set_info
  - module: clusterops.platforms.bk_storage_cluster
  - module: clusterops.platforms.bk_storage_cluster_info
  - name: BlueKing CMDB source
    description: The host transfer components (C(transfer_host_module), C(transfer_host_to_idlemodule), ...) are described under C(docs/apidoc/cc/).
    link: https://github.com/TencentBlueKing/bk-cmdb
"""

EXAMPLES = r"""
- name: Put a host of the resource pool in the MySQL module of the payments business
  clusterops.platforms.cmdb_host:
    bk_url: https://paas.example.com
    bk_app_code: clusterops
    bk_app_secret: "{{ vault_bk_app_secret }}"
    bk_username: admin
    bk_biz_name: payments
    bk_host_innerip: 10.0.0.5
    modules:
      - bk_set_name: mysql-primary
        bk_module_name: mysql
  register: result

- name: Place hosts of a business in one task
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/clusterops.platforms.blueking:
      bk_url: https://paas.example.com
      bk_app_code: clusterops
      bk_app_secret: "{{ vault_bk_app_secret }}"
      bk_username: admin
  tasks:
    - name: Database hosts in the mysql module, one of them also in the backup module
      clusterops.platforms.cmdb_host:
        bk_biz_id: 3
        modules:
          - bk_set_name: mysql-primary
            bk_module_name: mysql
        hosts:
          - bk_host_innerip: 10.0.0.5
          - bk_host_innerip: 10.0.0.6
          - bk_host_innerip: 10.0.0.7
            modules:
              - bk_set_name: mysql-primary
                bk_module_name: mysql
              - bk_module_id: 58
          - bk_host_id: 1042
            state: idle

    - name: Give a host back to the resource pool
      clusterops.platforms.cmdb_host:
        bk_biz_id: 3
        bk_host_innerip: 10.0.0.9
        state: resource_pool
"""

RETURN = r"""
host:
  description:
    - The host and where it is after the task (in check mode, where it would be).
  returned: with O(bk_host_innerip) or O(bk_host_id)
  type: dict
  contains:
    bk_host_id:
      description: The id of the host.
      type: int
      sample: 7
    bk_host_innerip:
      description: The inner IP address of the host.
      type: str
      sample: 10.0.0.5
    bk_cloud_id:
      description: The cloud area of the host.
      type: int
      sample: 0
    bk_host_name:
      description: The host name CMDB holds.
      type: str
    bk_biz_id:
      description: The id of the business the host belongs to (the resource pool business's when it is in the pool).
      type: int
      sample: 3
    resource_pool:
      description: Whether the host is in the resource pool.
      type: bool
      sample: false
    modules:
      description: The modules of the business the host is in, sorted by set and module name; empty in the resource pool.
      type: list
      elements: dict
      contains:
        bk_set_id:
          description: The id of the set of the module.
          type: int
        bk_set_name:
          description: The name of the set of the module.
          type: str
        bk_module_id:
          description: The id of the module.
          type: int
        bk_module_name:
          description: The name of the module.
          type: str
  sample:
    bk_host_id: 7
    bk_host_innerip: 10.0.0.5
    bk_cloud_id: 0
    bk_host_name: db-1
    bk_biz_id: 3
    resource_pool: false
    modules:
      - {bk_set_id: 12, bk_set_name: mysql-primary, bk_module_id: 57, bk_module_name: mysql}
hosts:
  description: With O(hosts), one result per host, in the order of the list.
  returned: with O(hosts)
  type: list
  elements: dict
  contains:
    name:
      description: The label of the host, its inner IP (with C((cloud N)) outside cloud area 0) or C(host <id>).
      type: str
    state:
      description: The state asked for.
      type: str
    changed:
      description: Whether the task moved this host.
      type: bool
    failed:
      description: Whether placing this host failed.
      type: bool
    host:
      description: The host and where it is after the task, as RV(host).
      type: dict
      contains:
        bk_host_id:
          description: The id of the host.
          type: int
          sample: 7
        bk_host_innerip:
          description: The inner IP address of the host.
          type: str
          sample: 10.0.0.5
        bk_cloud_id:
          description: The cloud area of the host.
          type: int
          sample: 0
        bk_host_name:
          description: The host name CMDB holds.
          type: str
        bk_biz_id:
          description: The id of the business the host belongs to (the resource pool business's when it is in the pool).
          type: int
          sample: 3
        resource_pool:
          description: Whether the host is in the resource pool.
          type: bool
          sample: false
        modules:
          description: The modules of the business the host is in, sorted by set and module name; empty in the resource pool.
          type: list
          elements: dict
          contains:
            bk_set_id:
              description: The id of the set of the module.
              type: int
            bk_set_name:
              description: The name of the set of the module.
              type: str
            bk_module_id:
              description: The id of the module.
              type: int
            bk_module_name:
              description: The name of the module.
              type: str
    msg:
      description: Why this host failed.
      type: str
      returned: when it failed
    error:
      description: The platform error of this host, as the top-level RV(error).
      type: dict
      contains:
        platform:
          description: The platform that answered, such as C(BlueKing), C(Huawei Cloud CodeArts), C(OCP) or C(GaussMaster).
          type: str
        operation:
          description: The call that failed, such as C(cc.transfer_host_module).
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
    - name: 10.0.0.5
      state: present
      changed: true
      failed: false
      host: {bk_host_id: 7, bk_host_innerip: 10.0.0.5, bk_cloud_id: 0, bk_biz_id: 3, resource_pool: false,
             modules: [{bk_set_id: 12, bk_set_name: mysql-primary, bk_module_id: 57, bk_module_name: mysql}]}
error:
  description: The platform error that failed the task, without secrets.
  returned: on a platform error
  type: dict
  contains:
    platform:
      description: The platform that answered, such as C(BlueKing), C(Huawei Cloud CodeArts), C(OCP) or C(GaussMaster).
      type: str
    operation:
      description: The call that failed, such as C(cc.transfer_host_module).
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
from ansible_collections.clusterops.platforms.plugins.module_utils._blueking import BLUEKING_REQUIRED_ONE_OF, BLUEKING_SPEC, Esb
from ansible_collections.clusterops.platforms.plugins.module_utils._cmdb_host import STATES, place_hosts

MODULE_SPEC = dict(bk_set_name=dict(type="str"), bk_module_name=dict(type="str"), bk_module_id=dict(type="int"))
MODULES = dict(type="list", elements="dict", options=MODULE_SPEC)


def main():
    module = StrictModule(
        argument_spec=dict(
            BLUEKING_SPEC,
            bk_biz_id=dict(type="int"),
            bk_biz_name=dict(type="str"),
            bk_host_innerip=dict(type="str"),
            bk_cloud_id=dict(type="int", default=0),
            bk_host_id=dict(type="int"),
            hosts=dict(type="list", elements="dict", options=dict(
                bk_host_innerip=dict(type="str"), bk_cloud_id=dict(type="int"), bk_host_id=dict(type="int"),
                modules=MODULES, append=dict(type="bool"), state=dict(type="str", choices=list(STATES)))),
            modules=MODULES,
            append=dict(type="bool", default=False),
            state=dict(type="str", choices=list(STATES), default="present"),
            take_from_other_business=dict(type="bool", default=False),
            bk_supplier_account=dict(type="str"),
        ),
        required_one_of=BLUEKING_REQUIRED_ONE_OF + [("bk_biz_id", "bk_biz_name"),
                                                    ("bk_host_innerip", "bk_host_id", "hosts")],
        mutually_exclusive=[("bk_biz_id", "bk_biz_name"), ("bk_host_innerip", "bk_host_id", "hosts")],
        supports_check_mode=True,
    )
    place_hosts(module, Esb(module), "hosts")


if __name__ == "__main__":
    main()

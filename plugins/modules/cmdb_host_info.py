#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: cmdb_host_info
short_description: List the hosts of a BlueKing CMDB business with their sets and modules
version_added: 1.0.0
description:
  - Lists the hosts of a BlueKing CMDB business, each with the sets and modules it is in, with
    C(list_biz_hosts_topo), reading every page (500 hosts a page).
  - Optionally only the hosts in sets or modules of given names, or with given inner IPs.
author:
  - clusterops.platforms contributors (@clusterops)
extends_documentation_fragment:
  - clusterops.platforms.blueking
  - clusterops.platforms.attributes.INFO_MODULE
  - clusterops.platforms.attributes.BLUEKING
options:
  bk_biz_id:
    description:
      - The id of the business.
      - Exactly one of O(bk_biz_id) and O(bk_biz_name) is required.
    type: int
  bk_biz_name:
    description: The name of the business; it must match exactly one business.
    type: str
  bk_set_names:
    description: Only the hosts in a set with one of these names (at most 500 names).
    type: list
    elements: str
  bk_module_names:
    description: Only the hosts in a module with one of these names (at most 500 names).
    type: list
    elements: str
  bk_host_innerips:
    description: Only the hosts with one of these inner IP addresses (any number, read 500 at a time).
    type: list
    elements: str
  bk_supplier_account:
    description: The supplier account; CMDB uses C(0) when it is not set.
    type: str
seealso:
  - module: clusterops.platforms.cmdb_host
  - module: clusterops.platforms.cmdb_module
  - module: clusterops.platforms.cmdb_module_info
  - module: clusterops.platforms.cmdb_set
  - module: clusterops.platforms.cmdb_set_info
  - module: clusterops.platforms.bk_storage_cluster
  - module: clusterops.platforms.bk_storage_cluster_info
  - name: BlueKing CMDB source
    description: C(list_biz_hosts_topo) is described under C(docs/apidoc/cc/).
    link: https://github.com/TencentBlueKing/bk-cmdb
"""

EXAMPLES = r"""
- name: The hosts of the mysql module of the payments business
  clusterops.platforms.cmdb_host_info:
    bk_url: https://paas.example.com
    bk_app_code: clusterops
    bk_app_secret: "{{ vault_bk_app_secret }}"
    bk_username: admin
    bk_biz_name: payments
    bk_module_names: [mysql]
  register: mysql

- name: Show their inner IPs
  ansible.builtin.debug:
    msg: "{{ mysql.hosts | map(attribute='bk_host_innerip') | list }}"
"""

RETURN = r"""
hosts:
  description:
    - The matching hosts, each with its CMDB attributes (C(bk_host_id), C(bk_host_innerip),
      C(bk_cloud_id), C(bk_host_name), C(bk_os_type), C(operator), ...) and where it is.
  returned: always
  type: list
  elements: dict
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
    bk_biz_id:
      description: The id of the business.
      type: int
      sample: 3
    modules:
      description: The modules the host is in, with their sets.
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
    - bk_host_id: 7
      bk_host_innerip: 10.0.0.5
      bk_cloud_id: 0
      bk_host_name: db-1
      bk_biz_id: 3
      modules:
        - {bk_set_id: 12, bk_set_name: mysql-primary, bk_module_id: 57, bk_module_name: mysql}
bk_biz_id:
  description: The id of the business the hosts were read from.
  returned: always
  type: int
  sample: 3
error:
  description: The platform error that failed the task, without secrets.
  returned: on a platform error
  type: dict
  contains:
    platform:
      description: The platform that answered, such as C(BlueKing), C(Huawei Cloud CodeArts), C(OCP) or C(GaussMaster).
      type: str
    operation:
      description: The call that failed, such as C(cc.list_biz_hosts_topo).
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
from ansible_collections.clusterops.platforms.plugins.module_utils._blueking import (
    BLUEKING_REQUIRED_ONE_OF, BLUEKING_SPEC, HOST_PAGE_LIMIT, Esb,
)
from ansible_collections.clusterops.platforms.plugins.module_utils._client import ApiError
from ansible_collections.clusterops.platforms.plugins.module_utils._cmdb_host import hosts_with_topology
from ansible_collections.clusterops.platforms.plugins.module_utils._resource import fail


def main():
    module = StrictModule(
        argument_spec=dict(
            BLUEKING_SPEC,
            bk_biz_id=dict(type="int"),
            bk_biz_name=dict(type="str"),
            bk_set_names=dict(type="list", elements="str"),
            bk_module_names=dict(type="list", elements="str"),
            bk_host_innerips=dict(type="list", elements="str"),
            bk_supplier_account=dict(type="str"),
        ),
        required_one_of=BLUEKING_REQUIRED_ONE_OF + [("bk_biz_id", "bk_biz_name")],
        mutually_exclusive=[("bk_biz_id", "bk_biz_name")],
        supports_check_mode=True,
    )
    params = module.params
    for option in ("bk_set_names", "bk_module_names"):
        if params[option] is not None and len(params[option]) > HOST_PAGE_LIMIT:
            module.fail_json(msg="%s takes at most %d names, got %d" % (option, HOST_PAGE_LIMIT, len(params[option])))
    esb = Esb(module)
    try:
        biz_id = esb.business_id(params)
        hosts = hosts_with_topology(esb, params, biz_id)
    except ApiError as exc:
        fail(module, exc)
    module.exit_json(changed=False, hosts=hosts, bk_biz_id=biz_id)


if __name__ == "__main__":
    main()

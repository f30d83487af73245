#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: cmdb_set_info
short_description: List the sets of a BlueKing CMDB business
version_added: 1.0.0
description:
  - Lists the sets (topology clusters) of a BlueKing CMDB business with C(search_set), reading
    every page, optionally only those with a given name or parent.
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
  name:
    description: Only the sets with exactly this name.
    type: str
    aliases: [bk_set_name]
  bk_parent_id:
    description: Only the sets directly under this parent node.
    type: int
  bk_supplier_account:
    description: The supplier account; CMDB uses C(0) when it is not set.
    type: str
seealso:
  - module: clusterops.platforms.cmdb_set
  - module: clusterops.platforms.cmdb_module
  - module: clusterops.platforms.cmdb_module_info
  - module: clusterops.platforms.bk_storage_cluster
  - module: clusterops.platforms.bk_storage_cluster_info
  - module: clusterops.platforms.cmdb_host
  - module: clusterops.platforms.cmdb_host_info
  - name: BlueKing CMDB source
    description: The ESB API of sets (C(create_set), C(search_set), C(update_set), C(delete_set)) is described under C(docs/apidoc/esb-cc/).
    link: https://github.com/TencentBlueKing/bk-cmdb
"""

EXAMPLES = r"""
- name: List every set of the payments business
  clusterops.platforms.cmdb_set_info:
    bk_url: https://paas.example.com
    bk_app_code: clusterops
    bk_app_secret: "{{ vault_bk_app_secret }}"
    bk_username: admin
    bk_biz_name: payments
  register: payments

- name: Show the set names
  ansible.builtin.debug:
    msg: "{{ payments.sets | map(attribute='bk_set_name') | list }}"
"""

RETURN = r"""
sets:
  description: The matching sets, as CMDB returns them.
  returned: always
  type: list
  elements: dict
  contains:
    bk_set_id:
      description: The id of the set; null for a set that would be created in check mode.
      type: int
      sample: 4780
    bk_set_name:
      description: The name of the set, unique under its parent.
      type: str
      sample: mysql-primary
    bk_biz_id:
      description: The id of the business of the set.
      type: int
      sample: 3
    bk_parent_id:
      description: The id of the parent node, the business itself when there is no custom topology level.
      type: int
      sample: 3
    bk_set_desc:
      description: The description of the set.
      type: str
    description:
      description: The remark of the set.
      type: str
    bk_capacity:
      description: The design capacity of the set, or null.
      type: int
      sample: 100
    bk_set_env:
      description: The environment of the set, C("1") test, C("2") experience or C("3") production.
      type: str
      sample: "3"
    bk_service_status:
      description: The service status of the set, C("1") open or C("2") closed.
      type: str
      sample: "1"
    default:
      description: 0 for a set of the user, another number for a built-in set such as the idle host pool.
      type: int
      sample: 0
    set_template_id:
      description: The id of the set template the set was made from, 0 when none.
      type: int
      sample: 0
    bk_supplier_account:
      description: The supplier account (tenant) of the set.
      type: str
      sample: "0"
    create_time:
      description: When the set was created (RFC 3339 with offset).
      type: str
    last_time:
      description: When the set was changed last (RFC 3339 with offset).
      type: str
  sample:
    - bk_set_id: 4780
      bk_set_name: mysql-primary
      bk_biz_id: 3
      bk_parent_id: 3
      bk_set_env: "3"
      bk_service_status: "1"
      default: 0
bk_biz_id:
  description: The id of the business the sets were read from.
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
from ansible_collections.clusterops.platforms.plugins.module_utils._blueking import (
    BLUEKING_REQUIRED_ONE_OF, BLUEKING_SPEC, Esb,
)
from ansible_collections.clusterops.platforms.plugins.module_utils._client import ApiError
from ansible_collections.clusterops.platforms.plugins.module_utils._resource import fail


def main():
    module = StrictModule(
        argument_spec=dict(
            BLUEKING_SPEC,
            bk_biz_id=dict(type="int"),
            bk_biz_name=dict(type="str"),
            name=dict(type="str", aliases=["bk_set_name"]),
            bk_parent_id=dict(type="int"),
            bk_supplier_account=dict(type="str"),
        ),
        required_one_of=BLUEKING_REQUIRED_ONE_OF + [("bk_biz_id", "bk_biz_name")],
        mutually_exclusive=[("bk_biz_id", "bk_biz_name")],
        supports_check_mode=True,
    )
    esb = Esb(module)
    params = module.params
    try:
        biz_id = esb.business_id(params)
        sets = esb.search_sets(params, biz_id, params["name"], params["bk_parent_id"])
    except ApiError as exc:
        fail(module, exc)
    module.exit_json(changed=False, sets=sets, bk_biz_id=biz_id)


if __name__ == "__main__":
    main()

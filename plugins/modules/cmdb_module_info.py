#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: cmdb_module_info
short_description: List the modules of a BlueKing CMDB business
version_added: 1.0.0
description:
  - Lists the modules of a BlueKing CMDB business with C(search_module), reading every page,
    optionally only those of one set or with a given name.
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
  bk_set_id:
    description: Only the modules of the set with this id.
    type: int
  bk_set_name:
    description:
      - Only the modules of the set with this name, looked up with C(search_set). It must match
        at most one set of the business; when it matches none, no module is returned.
    type: str
  name:
    description: Only the modules with exactly this name.
    type: str
    aliases: [bk_module_name]
  bk_supplier_account:
    description: The supplier account; CMDB uses C(0) when it is not set.
    type: str
seealso:
  - module: clusterops.platforms.cmdb_module
  - module: clusterops.platforms.cmdb_host
  - module: clusterops.platforms.cmdb_host_info
  - module: clusterops.platforms.cmdb_set
  - module: clusterops.platforms.cmdb_set_info
  - module: clusterops.platforms.bk_storage_cluster
  - module: clusterops.platforms.bk_storage_cluster_info
  - name: BlueKing CMDB source
    description: The ESB API of modules (C(create_module), C(search_module), C(update_module), C(delete_module)) is described under C(docs/apidoc/esb-cc/).
    link: https://github.com/TencentBlueKing/bk-cmdb
"""

EXAMPLES = r"""
- name: List the modules of the mysql-primary set of the payments business
  clusterops.platforms.cmdb_module_info:
    bk_url: https://paas.example.com
    bk_app_code: clusterops
    bk_app_secret: "{{ vault_bk_app_secret }}"
    bk_username: admin
    bk_biz_name: payments
    bk_set_name: mysql-primary
  register: payments

- name: Show the module names
  ansible.builtin.debug:
    msg: "{{ payments.modules | map(attribute='bk_module_name') | list }}"
"""

RETURN = r"""
modules:
  description: The matching modules, as CMDB returns them.
  returned: always
  type: list
  elements: dict
  contains:
    bk_module_id:
      description: The id of the module; null for a module that would be created in check mode.
      type: int
      sample: 52
    bk_module_name:
      description: The name of the module, unique in its set.
      type: str
      sample: mysql
    bk_biz_id:
      description: The id of the business of the module.
      type: int
      sample: 3
    bk_set_id:
      description: The id of the set of the module; null in check mode when the set does not exist yet.
      type: int
      sample: 4780
    bk_parent_id:
      description: The id of the module's parent node, its set.
      type: int
      sample: 4780
    bk_module_type:
      description: The module type, C("1") common or C("2") database.
      type: str
      sample: "1"
    operator:
      description: The main maintainers of the module (user names, comma-separated).
      type: str
      sample: alice
    bk_bak_operator:
      description: The backup maintainers of the module (user names, comma-separated).
      type: str
      sample: bob
    service_category_id:
      description: The id of the module's service category.
      type: int
      sample: 2
    service_template_id:
      description: The id of the service template the module was made from, 0 when none.
      type: int
      sample: 0
    set_template_id:
      description: The id of the set template the module's set was made from, 0 when none.
      type: int
      sample: 0
    default:
      description: 0 for a module of the user; 1, 2 and 3 for the built-in idle, fault and recycle modules.
      type: int
      sample: 0
    bk_supplier_account:
      description: The supplier account (tenant) of the module.
      type: str
      sample: "0"
    create_time:
      description: When the module was created (RFC 3339 with offset).
      type: str
    last_time:
      description: When the module was changed last (RFC 3339 with offset).
      type: str
  sample:
    - bk_module_id: 52
      bk_module_name: mysql
      bk_biz_id: 3
      bk_set_id: 4780
      bk_module_type: "2"
      default: 0
bk_biz_id:
  description: The id of the business the modules were read from.
  returned: always
  type: int
  sample: 3
bk_set_id:
  description: The id of the set the modules were read from; null when no set was named, or when O(bk_set_name) matches no set.
  returned: always
  type: int
  sample: 4780
error:
  description: The platform error that failed the task, without secrets.
  returned: on a platform error
  type: dict
  contains:
    platform:
      description: The platform that answered, such as C(BlueKing), C(Huawei Cloud CodeArts), C(OCP) or C(GaussMaster).
      type: str
    operation:
      description: The call that failed, such as C(cc.search_module).
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
from ansible_collections.clusterops.platforms.plugins.module_utils._resource import UserError, fail


def main():
    module = StrictModule(
        argument_spec=dict(
            BLUEKING_SPEC,
            bk_biz_id=dict(type="int"),
            bk_biz_name=dict(type="str"),
            bk_set_id=dict(type="int"),
            bk_set_name=dict(type="str"),
            name=dict(type="str", aliases=["bk_module_name"]),
            bk_supplier_account=dict(type="str"),
        ),
        required_one_of=BLUEKING_REQUIRED_ONE_OF + [("bk_biz_id", "bk_biz_name")],
        mutually_exclusive=[("bk_biz_id", "bk_biz_name"), ("bk_set_id", "bk_set_name")],
        supports_check_mode=True,
    )
    esb = Esb(module)
    params = module.params
    try:
        biz_id = esb.business_id(params)
        set_id = params["bk_set_id"]
        if params["bk_set_name"] is not None:
            set_id = esb.set_named(params, biz_id, params["bk_set_name"])
            if set_id is None:
                module.exit_json(changed=False, modules=[], bk_biz_id=biz_id, bk_set_id=None)
        modules = esb.search_modules(params, biz_id, set_id, params["name"])
    except (ApiError, UserError) as exc:
        fail(module, exc)
    module.exit_json(changed=False, modules=modules, bk_biz_id=biz_id, bk_set_id=set_id)


if __name__ == "__main__":
    main()

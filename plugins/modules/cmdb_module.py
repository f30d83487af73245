#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: cmdb_module
short_description: Manage modules of the sets of a BlueKing CMDB business
version_added: 1.0.0
description:
  - Create, update and delete a module of a set of a BlueKing CMDB business through the ESB
    component API (C(create_module), C(search_module), C(update_module), C(delete_module)).
  - A module is identified by its business, its set and its name. Only the options you set are
    compared with the module in CMDB, after normalisation, and only those that differ are sent.
  - One task converges one module (O(name)), or a whole list of modules of one business
    (O(modules)); the list form reads the business's sets and modules once (C(search_set) and
    C(search_module), 200 a page) and writes only the modules that differ, several at a time.
author:
  - clusterops.platforms contributors (@clusterops)
extends_documentation_fragment:
  - clusterops.platforms.blueking
  - clusterops.platforms.batch
  - clusterops.platforms.attributes
  - clusterops.platforms.attributes.BLUEKING
attributes:
  check_mode:
    support: full
    description: >-
      Nothing is written; the modules that would result are returned. A module of a set that
      does not exist yet (that an earlier task would create) is predicted with C(bk_set_id) null.
  diff_mode:
    support: full
    description: >-
      The module before and after the task; in check mode, the predicted module after it. With
      O(modules), one diff of all the modules, by name.
options:
  bk_biz_id:
    description:
      - The id of the business the module belongs to.
      - Exactly one of O(bk_biz_id) and O(bk_biz_name) is required.
    type: int
  bk_biz_name:
    description:
      - The name of the business the module belongs to, looked up with C(search_business). It
        must match exactly one business.
    type: str
  bk_set_id:
    description:
      - The id of the set the module belongs to.
      - One of O(bk_set_id) and O(bk_set_name) is required, at the top level or in each item of
        O(modules).
    type: int
  bk_set_name:
    description:
      - The name of the set the module belongs to, looked up with C(search_set). It must match
        exactly one set of the business.
    type: str
  name:
    description:
      - The name of the module (C(bk_module_name)), unique in its set.
      - Exactly one of O(name) and O(modules) is required.
    type: str
    aliases: [bk_module_name]
  modules:
    description:
      - The modules of the business to converge in one task, each with its own O(state).
      - An option that an item does not set takes the task's value of the same option, so
        O(bk_set_name), O(operator) or O(state) given at the top level apply to every item.
        An item that names its set gives one of O(modules[].bk_set_id) and
        O(modules[].bk_set_name), and the task then gives neither.
      - With O(purge=true), the business's other modules are deleted (only those of the set
        the task names at the top level, when it names one); built-in modules, such as the
        idle, fault and recycle modules of the idle host pool, never are.
    type: list
    elements: dict
    suboptions:
      name:
        description: The name of the module.
        type: str
        required: true
        aliases: [bk_module_name]
      bk_set_id:
        description: The id of the module's set, as O(bk_set_id).
        type: int
      bk_set_name:
        description: The name of the module's set, as O(bk_set_name).
        type: str
      bk_module_type:
        description: As O(bk_module_type).
        type: str
        choices: [common, database, '1', '2']
      operator:
        description: As O(operator).
        type: str
      bk_bak_operator:
        description: As O(bk_bak_operator).
        type: str
      service_category_id:
        description: As O(service_category_id).
        type: int
      service_template_id:
        description: As O(service_template_id).
        type: int
      service_template:
        description: As O(service_template).
        type: str
        version_added: 1.0.0
      attributes:
        description: As O(attributes).
        type: dict
      state:
        description: Whether the module should exist; the task's O(state) when not set.
        type: str
        choices: [present, absent]
  bk_module_type:
    description:
      - The module type. C(common) and C(database) are CMDB's C(1) and C(2).
      - CMDB gives a new module C(common) when this is not set.
    type: str
    choices: [common, database, '1', '2']
  operator:
    description: The main maintainers of the module, user names separated by commas.
    type: str
  bk_bak_operator:
    description: The backup maintainers of the module, user names separated by commas.
    type: str
  service_category_id:
    description:
      - The id of the module's service category.
      - CMDB gives a new module the business's default category, or its service template's one,
        when this is not set. A module made from a service template keeps the template's
        category.
    type: int
  service_template_id:
    description:
      - The id of the service template to create the module from. The module takes the
        template's service category (give no other O(service_category_id)) and, once made,
        keeps its name and category.
      - Used only when the module is created; a different value for an existing module is an
        error.
      - At most one of O(service_template_id) and O(service_template).
      - The modules of a set made from a set template come from that template; CMDB refuses to
        add or remove modules in such a set.
    type: int
  service_template:
    description:
      - The name of the service template to create the module from, looked up in the business with
        C(list_service_template); it must match exactly one. Otherwise as O(service_template_id).
    type: str
    version_added: 1.0.0
  attributes:
    description:
      - Custom attributes of the module model, by attribute id. Each key given is compared on its
        own; attributes not given are left as they are. A null value is ignored.
      - Values are sent as JSON, so a number must be finite (no NaN or infinity).
    type: dict
  bk_supplier_account:
    description: The supplier account; CMDB uses C(0) when it is not set.
    type: str
  state:
    description: Whether the module should exist.
    type: str
    choices: [present, absent]
    default: present
notes:
  - With O(modules), one module's failure does not stop the others; the task fails after all are
    tried, naming each module that failed with CMDB's error.
  - CMDB refuses to delete a module that still has hosts (code 1101030), to change or delete the
    built-in modules of the idle host pool (1101098), a second module of the same name in a set
    (1199014), and to add or delete modules of a set made from a set template (1101097); the
    module fails with CMDB's code and message, and a hint.
seealso:
  - module: clusterops.platforms.cmdb_module_info
  - module: clusterops.platforms.cmdb_host
  - module: clusterops.platforms.cmdb_host_info
  - module: clusterops.platforms.cmdb_set
  - module: clusterops.platforms.cmdb_set_info
  - module: clusterops.platforms.bk_storage_cluster
  - module: clusterops.platforms.bk_storage_cluster_info
  - name: BlueKing CMDB source
    description: The ESB API of modules (C(create_module), C(search_module), C(update_module), C(delete_module)) is described under
      C(docs/apidoc/esb-cc/), that of service templates (C(list_service_template)) under C(docs/apidoc/cc/).
    link: https://github.com/TencentBlueKing/bk-cmdb
"""

EXAMPLES = r"""
- name: Make sure the mysql module exists in the database set of the payments business
  clusterops.platforms.cmdb_module:
    bk_url: https://paas.example.com
    bk_app_code: clusterops
    bk_app_secret: "{{ vault_bk_app_secret }}"
    bk_username: admin
    bk_biz_name: payments
    bk_set_name: mysql-primary
    name: mysql
    bk_module_type: database
    operator: alice
    bk_bak_operator: bob
  register: result

- name: Connection options for every BlueKing task of a play
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/clusterops.platforms.blueking:
      bk_url: https://paas.example.com
      bk_app_code: clusterops
      bk_app_secret: "{{ vault_bk_app_secret }}"
      bk_username: admin
  tasks:
    - name: Remove a module that was drained of hosts
      clusterops.platforms.cmdb_module:
        bk_biz_id: 3
        bk_set_name: mysql-primary
        name: mysql-legacy
        state: absent

    - name: A module made from the mysql service template (its service category comes with it)
      clusterops.platforms.cmdb_module:
        bk_biz_name: payments
        bk_set_name: mysql-primary
        name: mysql-2
        service_template: mysql

    - name: The modules of the payments business, and no other module
      clusterops.platforms.cmdb_module:
        bk_biz_name: payments
        operator: alice
        modules:
          - {bk_set_name: mysql-primary, name: mysql, bk_module_type: database}
          - {bk_set_name: mysql-primary, name: proxy}
          - {bk_set_name: redis, name: redis, operator: bob}
          - {bk_set_name: redis, name: sentinel, state: absent}
        purge: true
"""

RETURN = r"""
module:
  description:
    - The module as CMDB holds it after the task, or null when it is absent.
    - In check mode, the module that would result; a module that would be created has
      C(bk_module_id) null.
  returned: with O(name)
  type: dict
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
    bk_module_id: 52
    bk_module_name: mysql
    bk_biz_id: 3
    bk_set_id: 4780
    bk_parent_id: 4780
    bk_module_type: "2"
    operator: alice
    bk_bak_operator: bob
    service_category_id: 2
    service_template_id: 0
    set_template_id: 0
    default: 0
    bk_supplier_account: "0"
    create_time: "2026-11-23T10:00:00.000+08:00"
    last_time: "2026-11-23T10:00:00.000+08:00"
modules:
  description:
    - With O(modules), one result per module in the order of the list, then one per module that
      O(purge) deleted.
  returned: with O(modules)
  type: list
  elements: dict
  contains:
    name:
      description: The module's name.
      type: str
    state:
      description: The state asked for (C(absent) for a purged module).
      type: str
    changed:
      description: Whether the task changed this module.
      type: bool
    failed:
      description: Whether converging this module failed.
      type: bool
    purged:
      description: Whether the module was deleted because the list does not name it.
      type: bool
    module:
      description: The module as CMDB holds it after the task (predicted in check mode), or null.
      type: dict
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
    msg:
      description: Why this module failed.
      type: str
      returned: when it failed
    error:
      description: The platform error of this module, as the top-level RV(error).
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
    - name: mysql
      state: present
      changed: true
      failed: false
      purged: false
      module: {bk_module_id: 52, bk_module_name: mysql, bk_biz_id: 3, bk_set_id: 4780, bk_module_type: "2"}
error:
  description: The platform error that failed the task, without secrets.
  returned: on a platform error
  type: dict
  contains:
    platform:
      description: The platform that answered, such as C(BlueKing), C(Huawei Cloud CodeArts), C(OCP) or C(GaussMaster).
      type: str
    operation:
      description: The call that failed, such as C(cc.delete_module).
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
    platform: BlueKing
    operation: cc.delete_module
    status: 200
    code: 1101030
    message: Having hosts under the target, deleting forbidden
    request_id: e43da4ef221746868dc4c837d36f3807
"""

from ansible_collections.clusterops.platforms.plugins.module_utils._arguments import StrictModule
from ansible_collections.clusterops.platforms.plugins.module_utils._batch import (
    BATCH_SPEC, ensure_one_or_list, list_option,
)
from ansible_collections.clusterops.platforms.plugins.module_utils._blueking import BLUEKING_REQUIRED_ONE_OF, BLUEKING_SPEC, Esb
from ansible_collections.clusterops.platforms.plugins.module_utils._cmdb import CmdbModule

MODULE_SPEC = dict(
    bk_biz_id=dict(type="int"),
    bk_biz_name=dict(type="str"),
    bk_set_id=dict(type="int"),
    bk_set_name=dict(type="str"),
    name=dict(type="str", aliases=["bk_module_name"]),
    bk_module_type=dict(type="str", choices=["common", "database", "1", "2"]),
    operator=dict(type="str"),
    bk_bak_operator=dict(type="str"),
    service_category_id=dict(type="int"),
    service_template_id=dict(type="int"),
    service_template=dict(type="str"),
    attributes=dict(type="dict"),
    bk_supplier_account=dict(type="str"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
)
ITEM_OPTIONS = ("name", "bk_set_id", "bk_set_name", "bk_module_type", "operator", "bk_bak_operator",
                "service_category_id", "service_template_id", "service_template", "attributes", "state")


def main():
    module = StrictModule(
        argument_spec=dict(BLUEKING_SPEC, **MODULE_SPEC, **BATCH_SPEC,
                           modules=list_option(MODULE_SPEC, ITEM_OPTIONS, "name")),
        required_one_of=BLUEKING_REQUIRED_ONE_OF + [("bk_biz_id", "bk_biz_name"), ("name", "modules")],
        mutually_exclusive=[("bk_biz_id", "bk_biz_name"), ("bk_set_id", "bk_set_name"), ("name", "modules")],
        supports_check_mode=True,
    )
    esb = Esb(module)
    ensure_one_or_list(module, "modules", lambda params: CmdbModule(module, esb, params))


if __name__ == "__main__":
    main()

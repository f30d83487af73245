#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: cmdb_set
short_description: Manage sets (topology clusters) of a BlueKing CMDB business
version_added: 1.0.0
description:
  - Create, update and delete a set of a BlueKing CMDB business through the ESB component API
    (C(create_set), C(search_set), C(update_set), C(delete_set)).
  - A set is identified by its business, its parent node and its name. Only the options you set
    are compared with the set in CMDB, after normalisation, and only those that differ are sent.
  - One task converges one set (O(name)), or a whole list of sets of one business (O(sets)); the
    list form reads the business's sets once (C(search_set), 200 a page) and writes only the sets
    that differ, several at a time.
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
    description: Nothing is written; the sets that would result are returned.
  diff_mode:
    support: full
    description: >-
      The set before and after the task; in check mode, the predicted set after it. With O(sets),
      one diff of all the sets, by name.
options:
  bk_biz_id:
    description:
      - The id of the business the set belongs to.
      - Exactly one of O(bk_biz_id) and O(bk_biz_name) is required.
    type: int
  bk_biz_name:
    description:
      - The name of the business the set belongs to, looked up with C(search_business). It must
        match exactly one business.
    type: str
  bk_parent_id:
    description:
      - The id of the set's parent node. This is the business id unless the business has custom
        topology levels above sets, in which case it is the C(bk_inst_id) of that level.
      - Defaults to the business id.
    type: int
  name:
    description:
      - The name of the set (C(bk_set_name)), unique under its parent.
      - Exactly one of O(name) and O(sets) is required.
    type: str
    aliases: [bk_set_name]
  sets:
    description:
      - The sets of the business to converge in one task, each with its own O(state).
      - An option that an item does not set takes the task's value of the same option, so
        O(bk_set_env), O(bk_parent_id) or O(state) given at the top level apply to every item.
      - With O(purge=true), the business's other sets are deleted (those under O(bk_parent_id)
        when it is given at the top level); built-in sets such as the idle host pool never are.
    type: list
    elements: dict
    suboptions:
      name:
        description: The name of the set.
        type: str
        required: true
        aliases: [bk_set_name]
      bk_parent_id:
        description: The id of the set's parent node, as O(bk_parent_id).
        type: int
      bk_set_desc:
        description: As O(bk_set_desc).
        type: str
      description:
        description: As O(description).
        type: str
      bk_capacity:
        description: As O(bk_capacity).
        type: int
      bk_set_env:
        description: As O(bk_set_env).
        type: str
        choices: [test, experience, formal, '1', '2', '3']
      bk_service_status:
        description: As O(bk_service_status).
        type: str
        choices: [open, closed, '1', '2']
      set_template_id:
        description: As O(set_template_id).
        type: int
      set_template:
        description: As O(set_template).
        type: str
        version_added: 1.0.0
      attributes:
        description: As O(attributes).
        type: dict
      state:
        description: Whether the set should exist; the task's O(state) when not set.
        type: str
        choices: [present, absent]
  bk_set_desc:
    description: The set's description.
    type: str
  description:
    description: The set's data description (up to 2000 characters).
    type: str
  bk_capacity:
    description: The set's design capacity, from 1 to 999999999.
    type: int
  bk_set_env:
    description:
      - The environment type. C(test), C(experience) and C(formal) are CMDB's C(1), C(2) and C(3).
      - CMDB gives a new set C(formal) when this is not set.
    type: str
    choices: [test, experience, formal, '1', '2', '3']
  bk_service_status:
    description:
      - The service status. C(open) and C(closed) are CMDB's C(1) and C(2).
      - CMDB gives a new set C(open) when this is not set.
    type: str
    choices: [open, closed, '1', '2']
  set_template_id:
    description:
      - The id of the set template to create the set from. CMDB then creates, with the set, one
        module per service template of the set template, named as the service template; the
        modules of such a set are added and removed only through the template (CMDB refuses
        C(create_module) and C(delete_module) in it).
      - Used only when the set is created; a different value for an existing set is an error
        (CMDB cannot move a set to another template).
      - At most one of O(set_template_id) and O(set_template).
    type: int
  set_template:
    description:
      - The name of the set template to create the set from, looked up in the business with
        C(list_set_template); it must match exactly one. Otherwise as O(set_template_id).
    type: str
    version_added: 1.0.0
  attributes:
    description:
      - Custom attributes of the set model, by attribute id. Each key given is compared on its
        own; attributes not given are left as they are. A null value is ignored.
      - Values are sent as JSON, so a number must be finite (no NaN or infinity).
    type: dict
  bk_supplier_account:
    description: The supplier account; CMDB uses C(0) when it is not set.
    type: str
  state:
    description: Whether the set should exist.
    type: str
    choices: [present, absent]
    default: present
notes:
  - With O(sets), one set's failure does not stop the others; the task fails after all are tried,
    naming each set that failed with CMDB's error.
  - CMDB refuses to delete a set that still has hosts, and to change or delete built-in sets such
    as the idle host pool; the module fails with CMDB's code and message in both cases.
seealso:
  - module: clusterops.platforms.cmdb_set_info
  - module: clusterops.platforms.cmdb_module
  - module: clusterops.platforms.cmdb_module_info
  - module: clusterops.platforms.bk_storage_cluster
  - module: clusterops.platforms.bk_storage_cluster_info
  - module: clusterops.platforms.cmdb_host
  - module: clusterops.platforms.cmdb_host_info
  - name: BlueKing CMDB source
    description: The ESB API of sets (C(create_set), C(search_set), C(update_set), C(delete_set)) is described under
      C(docs/apidoc/esb-cc/), that of set templates (C(list_set_template)) under C(docs/apidoc/cc/).
    link: https://github.com/TencentBlueKing/bk-cmdb
"""

EXAMPLES = r"""
- name: Make sure the database set exists in the payments business
  clusterops.platforms.cmdb_set:
    bk_url: https://paas.example.com
    bk_app_code: clusterops
    bk_app_secret: "{{ vault_bk_app_secret }}"
    bk_username: admin
    bk_biz_name: payments
    name: mysql-primary
    bk_set_desc: MySQL primary hosts
    bk_capacity: 100
    bk_set_env: formal
    bk_service_status: open
    attributes:
      region: cn-east
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
    - name: Remove a set that was drained of hosts
      clusterops.platforms.cmdb_set:
        bk_biz_id: 3
        name: mysql-legacy
        state: absent

    - name: A set made from the ob_standard set template, with the template's modules
      clusterops.platforms.cmdb_set:
        bk_biz_name: payments
        name: ob-cluster-2
        set_template: ob_standard

    - name: The whole topology of the payments business, and no other set
      clusterops.platforms.cmdb_set:
        bk_biz_name: payments
        bk_set_env: formal
        sets:
          - name: mysql-primary
            bk_capacity: 100
          - name: mysql-replica
            bk_capacity: 100
          - name: redis
            bk_set_env: test
          - name: mysql-legacy
            state: absent
        purge: true
"""

RETURN = r"""
set:
  description:
    - The set as CMDB holds it after the task, or null when it is absent.
    - In check mode, the set that would result; a set that would be created has C(bk_set_id) null.
  returned: with O(name)
  type: dict
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
    bk_set_id: 4780
    bk_set_name: mysql-primary
    bk_biz_id: 3
    bk_parent_id: 3
    bk_set_desc: MySQL primary hosts
    bk_capacity: 100
    bk_set_env: "3"
    bk_service_status: "1"
    default: 0
    set_template_id: 0
    description: ""
    bk_supplier_account: "0"
    create_time: "2026-11-23T10:00:00.000+08:00"
    last_time: "2026-11-23T10:00:00.000+08:00"
sets:
  description:
    - With O(sets), one result per set in the order of the list, then one per set that
      O(purge) deleted.
  returned: with O(sets)
  type: list
  elements: dict
  contains:
    name:
      description: The set's name.
      type: str
    state:
      description: The state asked for (C(absent) for a purged set).
      type: str
    changed:
      description: Whether the task changed this set.
      type: bool
    failed:
      description: Whether converging this set failed.
      type: bool
    purged:
      description: Whether the set was deleted because the list does not name it.
      type: bool
    set:
      description: The set as CMDB holds it after the task (predicted in check mode), or null.
      type: dict
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
    msg:
      description: Why this set failed.
      type: str
      returned: when it failed
    error:
      description: The platform error of this set, as the top-level RV(error).
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
    - name: mysql-primary
      state: present
      changed: true
      failed: false
      purged: false
      set: {bk_set_id: 4780, bk_set_name: mysql-primary, bk_biz_id: 3, bk_parent_id: 3, bk_capacity: 100}
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
    platform: BlueKing
    operation: cc.delete_set
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
from ansible_collections.clusterops.platforms.plugins.module_utils._cmdb import CmdbSet

SET_SPEC = dict(
    bk_biz_id=dict(type="int"),
    bk_biz_name=dict(type="str"),
    bk_parent_id=dict(type="int"),
    name=dict(type="str", aliases=["bk_set_name"]),
    bk_set_desc=dict(type="str"),
    description=dict(type="str"),
    bk_capacity=dict(type="int"),
    bk_set_env=dict(type="str", choices=["test", "experience", "formal", "1", "2", "3"]),
    bk_service_status=dict(type="str", choices=["open", "closed", "1", "2"]),
    set_template_id=dict(type="int"),
    set_template=dict(type="str"),
    attributes=dict(type="dict"),
    bk_supplier_account=dict(type="str"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
)
ITEM_OPTIONS = ("name", "bk_parent_id", "bk_set_desc", "description", "bk_capacity", "bk_set_env",
                "bk_service_status", "set_template_id", "set_template", "attributes", "state")


def main():
    module = StrictModule(
        argument_spec=dict(BLUEKING_SPEC, **SET_SPEC, **BATCH_SPEC, sets=list_option(SET_SPEC, ITEM_OPTIONS, "name")),
        required_one_of=BLUEKING_REQUIRED_ONE_OF + [("bk_biz_id", "bk_biz_name"), ("name", "sets")],
        mutually_exclusive=[("bk_biz_id", "bk_biz_name"), ("name", "sets")],
        supports_check_mode=True,
    )
    esb = Esb(module)
    ensure_one_or_list(module, "sets", lambda params: CmdbSet(module, esb, params))


if __name__ == "__main__":
    main()

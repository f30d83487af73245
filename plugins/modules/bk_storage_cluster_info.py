#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: bk_storage_cluster_info
short_description: List BlueKing Monitor storage cluster configs
version_added: 1.0.0
description:
  - Lists the storage cluster configs of BlueKing Monitor with C(metadata_get_cluster_info), one
    by id or by name, those of a type, or all of them.
  - Secrets (passwords and certificate keys) are never returned; they are masked.
author:
  - clusterops.platforms contributors (@clusterops)
extends_documentation_fragment:
  - clusterops.platforms.blueking
  - clusterops.platforms.attributes.INFO_MODULE
  - clusterops.platforms.attributes.BLUEKING
options:
  cluster_id:
    description: Only the cluster with this id. Takes precedence over O(cluster_name).
    type: int
  cluster_name:
    description: Only the cluster with this name.
    type: str
  cluster_type:
    description: Only clusters of this type (V(influxdb), V(kafka), V(redis), V(elasticsearch), ...), in any case.
    type: str
seealso:
  - module: clusterops.platforms.bk_storage_cluster
  - module: clusterops.platforms.cmdb_set
  - module: clusterops.platforms.cmdb_set_info
  - name: BlueKing Monitor source
    description: The C(metadata_*_cluster_info) API is described under C(bkmonitor/docs/api/) and C(bkmonitor/support-files/apigw/docs/).
    link: https://github.com/TencentBlueKing/bk-monitor
"""

EXAMPLES = r"""
- name: List the Kafka clusters BlueKing Monitor knows
  clusterops.platforms.bk_storage_cluster_info:
    bk_url: https://paas.example.com
    bk_app_code: clusterops
    bk_app_secret: "{{ vault_bk_app_secret }}"
    bk_username: admin
    cluster_type: kafka
  register: kafka

- name: Show their addresses
  ansible.builtin.debug:
    msg: "{{ kafka.storage_clusters | map(attribute='domain_name') | list }}"
"""

RETURN = r"""
storage_clusters:
  description: The matching cluster configs, with secrets masked.
  returned: always
  type: list
  elements: dict
  sample:
    - cluster_id: 12
      cluster_name: influx_main
      cluster_type: influxdb
      domain_name: influxdb.service.consul
      port: 8086
      is_default_cluster: false
      auth_info:
        username: monitor
        password: "********"
"""

from ansible_collections.clusterops.platforms.plugins.module_utils._arguments import StrictModule
from ansible_collections.clusterops.platforms.plugins.module_utils._blueking import BLUEKING_REQUIRED_ONE_OF, BLUEKING_SPEC, Esb
from ansible_collections.clusterops.platforms.plugins.module_utils._monitor import storage_clusters
from ansible_collections.clusterops.platforms.plugins.module_utils._client import ApiError
from ansible_collections.clusterops.platforms.plugins.module_utils._resource import fail


def main():
    module = StrictModule(
        argument_spec=dict(
            BLUEKING_SPEC,
            cluster_id=dict(type="int"),
            cluster_name=dict(type="str"),
            cluster_type=dict(type="str"),
        ),
        required_one_of=BLUEKING_REQUIRED_ONE_OF,
        supports_check_mode=True,
    )
    params = module.params
    try:
        found = storage_clusters(Esb(module), params["cluster_id"], params["cluster_name"], params["cluster_type"])
    except ApiError as exc:
        fail(module, exc)
    module.exit_json(changed=False, storage_clusters=found)


if __name__ == "__main__":
    main()

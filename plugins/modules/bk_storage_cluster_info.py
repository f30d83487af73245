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
  - module: clusterops.platforms.cmdb_module
  - module: clusterops.platforms.cmdb_module_info
  - module: clusterops.platforms.cmdb_set
  - module: clusterops.platforms.cmdb_set_info
  - module: clusterops.platforms.cmdb_host
  - module: clusterops.platforms.cmdb_host_info
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
  contains:
    cluster_id:
      description: The id of the cluster config; null for one that would be created in check mode.
      type: int
      sample: 12
    cluster_name:
      description: The name of the cluster config, unique in the tenant.
      type: str
      sample: influx_main
    cluster_type:
      description: The type of the cluster, such as C(influxdb), C(kafka), C(redis) or C(elasticsearch).
      type: str
      sample: influxdb
    display_name:
      description: The name BlueKing Monitor shows.
      type: str
      sample: Main InfluxDB
    domain_name:
      description: The domain name or address of the cluster.
      type: str
      sample: influxdb.service.consul
    port:
      description: The port of the cluster.
      type: int
      sample: 8086
    extranet_domain_name:
      description: The domain name of the cluster outside the BlueKing network, or empty.
      type: str
    extranet_port:
      description: The port of the cluster outside the BlueKing network.
      type: int
    version:
      description: The version of the storage software.
      type: str
      sample: "1.8"
    schema:
      description: The URL scheme of the cluster, such as C(http) or C(https), or empty.
      type: str
    is_ssl_verify:
      description: Whether BlueKing Monitor verifies the cluster's TLS certificate.
      type: bool
    ssl_verification_mode:
      description: The TLS verification mode of the cluster, such as C(full), C(partial) or C(none).
      type: str
    ssl_insecure_skip_verify:
      description: Whether BlueKing Monitor skips the check of the cluster's TLS certificate.
      type: bool
    ssl_certificate_authorities:
      description: The CA certificates (PEM) BlueKing Monitor verifies the cluster with.
      type: str
    ssl_certificate:
      description: The client certificate (PEM) BlueKing Monitor presents to the cluster.
      type: str
    ssl_certificate_key:
      description: The key of the client certificate, always masked.
      type: str
    custom_option:
      description: Free text settings of the cluster, as they were given.
      type: str
    registered_system:
      description: The BlueKing app that registered the cluster config (its C(bk_app_code)); only that app
        can delete it.
      type: str
      sample: clusterops
    is_default_cluster:
      description: Whether this is the default cluster of its type; a default cluster cannot be deleted.
      type: bool
      sample: false
    auth_info:
      description: The credentials BlueKing Monitor uses with the cluster.
      type: dict
      contains:
        username:
          description: The user name.
          type: str
          sample: monitor
        password:
          description: The password, always masked.
          type: str
          sample: "********"
    creator:
      description: The user who registered the cluster config.
      type: str
    create_time:
      description: When the cluster config was registered.
      type: raw
    last_modify_user:
      description: The user who changed the cluster config last.
      type: str
    last_modify_time:
      description: When the cluster config was changed last.
      type: raw
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

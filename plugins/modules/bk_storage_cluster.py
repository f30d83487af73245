#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: bk_storage_cluster
short_description: Manage BlueKing Monitor storage cluster configs
version_added: 0.1.0
description:
  - Register, update and remove the InfluxDB, Kafka, Redis and Elasticsearch clusters that
    BlueKing Monitor stores its data in, through the ESB C(monitor_v3) component API
    (C(metadata_get_cluster_info), C(metadata_create_cluster_info),
    C(metadata_modify_cluster_info), C(metadata_delete_cluster_info)).
  - A cluster is identified by O(cluster_name) (unique in the tenant across types) and, when
    given, O(cluster_type). Only the options you set are compared, and only those that differ
    are sent.
  - The password is read back in plain text, so a changed password is detected and applied like
    any other option. It is masked in the output, the diff and the return values.
author:
  - clusterops.platforms contributors (@clusterops)
extends_documentation_fragment:
  - clusterops.platforms.blueking
attributes:
  check_mode:
    support: full
    description: Nothing is written; the cluster that would result is returned.
  diff_mode:
    support: full
    description: The cluster before and after the task, secrets masked.
options:
  cluster_name:
    description:
      - The cluster's name, 1 to 50 letters, digits, V(_) or V(-), not starting with V(-).
    type: str
    required: true
  cluster_type:
    description:
      - The storage type, one of V(influxdb), V(kafka), V(redis) and V(elasticsearch), in any
        case. The BlueKing document writes V(influxDB) while the server only accepts lower case,
        which is what the module sends.
      - Required to create a cluster; set only at creation.
    type: str
  domain_name:
    description:
      - The domain name or IP address of the cluster (up to 128 characters).
      - Required to create a cluster; set only at creation.
    type: str
  port:
    description:
      - The cluster's port.
      - Required to create a cluster; set only at creation.
    type: int
  version:
    description: The cluster's version; set only at creation.
    type: str
  operator:
    description:
      - The user recorded as the creator or last modifier.
      - Defaults to O(bk_username).
    type: str
  display_name:
    description: The name shown in the BlueKing Monitor UI (up to 128 characters).
    type: str
  description:
    description:
      - A description of the cluster (up to 256 characters).
      - BlueKing Monitor does not return the description when the cluster is read, so it cannot
        be compared. It is sent when the cluster is created and with any other change, but a
        change of the description alone is not detected.
    type: str
  auth_info:
    description:
      - The credentials BlueKing Monitor uses to reach the cluster.
      - BlueKing sets the user name and the password together, so a key that is not given is
        set to an empty string.
    type: dict
    suboptions:
      username:
        description: The user name.
        type: str
      password:
        description: The password.
        type: str
  custom_option:
    description: Custom options of the cluster, as text.
    type: str
    aliases: [custom_label]
  schema:
    description: The URL scheme to reach the cluster with, for example V(https).
    type: str
  is_ssl_verify:
    description: Whether BlueKing Monitor verifies the cluster's TLS certificate.
    type: bool
  ssl_verification_mode:
    description: The TLS verification mode, for example V(full), V(certificate) or V(none).
    type: str
  ssl_certificate_authorities:
    description: The CA certificates (PEM) to verify the cluster with.
    type: str
  ssl_certificate:
    description: The client certificate (PEM) to present to the cluster.
    type: str
  ssl_certificate_key:
    description: The key (PEM) of O(ssl_certificate). It is masked in the output.
    type: str
  ssl_insecure_skip_verify:
    description: Whether to skip verifying the cluster's certificate.
    type: bool
  extranet_domain_name:
    description: The domain name to reach the cluster from outside its network.
    type: str
  extranet_port:
    description: The port to reach the cluster from outside its network.
    type: int
  state:
    description: Whether the cluster config should exist.
    type: str
    choices: [present, absent]
    default: present
notes:
  - Deleting a cluster that is not there is an error in BlueKing; the module checks first, so
    V(absent) on a missing cluster is simply C(ok).
  - The default cluster, a cluster whose result tables are still enabled, and a cluster another
    BlueKing app registered cannot be deleted; the module fails with the reason.
seealso:
  - module: clusterops.platforms.bk_storage_cluster_info
"""

EXAMPLES = r"""
- name: Register the InfluxDB cluster of the monitoring platform
  clusterops.platforms.bk_storage_cluster:
    bk_url: https://paas.example.com
    bk_app_code: clusterops
    bk_app_secret: "{{ vault_bk_app_secret }}"
    bk_username: admin
    cluster_name: influx_main
    cluster_type: influxDB
    domain_name: influxdb.service.consul
    port: 8086
    display_name: Main InfluxDB
    auth_info:
      username: monitor
      password: "{{ vault_influx_password }}"

- name: Remove a Kafka cluster config
  clusterops.platforms.bk_storage_cluster:
    bk_url: https://paas.example.com
    bk_app_code: clusterops
    bk_app_secret: "{{ vault_bk_app_secret }}"
    bk_username: admin
    cluster_name: kafka_old
    state: absent
"""

RETURN = r"""
storage_cluster:
  description:
    - The cluster config as BlueKing Monitor holds it after the task, or null when it is absent;
      the password and the certificate key are masked.
    - In check mode, the cluster that would result.
  returned: always
  type: dict
  sample:
    cluster_id: 12
    cluster_name: influx_main
    cluster_type: influxdb
    display_name: Main InfluxDB
    domain_name: influxdb.service.consul
    port: 8086
    registered_system: clusterops
    is_default_cluster: false
    auth_info:
      username: monitor
      password: "********"
cluster_id:
  description: The id of the cluster config; null when it is absent or would be created.
  returned: always
  type: int
  sample: 12
error:
  description: The platform error that failed the task, without secrets.
  returned: on a platform error
  type: dict
  sample:
    platform: BlueKing
    operation: monitor_v3.metadata_delete_cluster_info
    status: 200
    code: 500
    message: 存在未关闭的结果表 [1001] (result tables still store data in this cluster; disable them first)
    request_id: 408233306947415bb1772a86b9536867
"""

from ansible_collections.clusterops.platforms.plugins.module_utils._arguments import StrictModule
from ansible_collections.clusterops.platforms.plugins.module_utils._blueking import (
    BLUEKING_REQUIRED_ONE_OF, BLUEKING_SPEC, Esb, StorageCluster,
)
from ansible_collections.clusterops.platforms.plugins.module_utils._resource import ensure


def main():
    module = StrictModule(
        argument_spec=dict(
            BLUEKING_SPEC,
            cluster_name=dict(type="str", required=True),
            cluster_type=dict(type="str"),
            domain_name=dict(type="str"),
            port=dict(type="int"),
            version=dict(type="str"),
            operator=dict(type="str"),
            display_name=dict(type="str"),
            description=dict(type="str"),
            auth_info=dict(type="dict", options=dict(
                username=dict(type="str"),
                password=dict(type="str", no_log=True),
            )),
            custom_option=dict(type="str", aliases=["custom_label"]),
            schema=dict(type="str"),
            is_ssl_verify=dict(type="bool"),
            ssl_verification_mode=dict(type="str"),
            ssl_certificate_authorities=dict(type="str"),
            ssl_certificate=dict(type="str"),
            ssl_certificate_key=dict(type="str", no_log=True),
            ssl_insecure_skip_verify=dict(type="bool"),
            extranet_domain_name=dict(type="str"),
            extranet_port=dict(type="int"),
            state=dict(type="str", choices=["present", "absent"], default="present"),
        ),
        required_one_of=BLUEKING_REQUIRED_ONE_OF,
        supports_check_mode=True,
    )
    ensure(StorageCluster(module, Esb(module)), module.params["state"])


if __name__ == "__main__":
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: bk_storage_cluster
short_description: Manage BlueKing Monitor storage cluster configs
version_added: 1.0.0
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
  - One task converges one cluster (O(cluster_name)), or a whole list of clusters
    (O(clusters)). The list form reads every cluster config once and writes only the clusters
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
    description: Nothing is written; the cluster that would result is returned.
  diff_mode:
    support: full
    description: >-
      The cluster before and after the task, secrets masked. With O(clusters), one diff of all the
      clusters, by name.
options:
  cluster_name:
    description:
      - The cluster's name, 1 to 50 letters, digits, V(_) or V(-), not starting with V(-).
      - Exactly one of O(cluster_name) and O(clusters) is required.
    type: str
  clusters:
    description:
      - The cluster configs to converge in one task, each with its own O(state).
      - An option that an item does not set takes the task's value of the same option, so
        O(cluster_type), O(operator) or O(state) given at the top level apply to every item.
      - With O(purge=true), the other clusters that this BlueKing app (O(bk_app_code)) registered
        are deleted (only those of O(cluster_type) when it is given at the top level). The
        default cluster and the clusters of other apps never are.
    type: list
    elements: dict
    suboptions:
      cluster_name:
        description: The cluster's name, as O(cluster_name).
        type: str
        required: true
      cluster_type:
        description: As O(cluster_type).
        type: str
      domain_name:
        description: As O(domain_name).
        type: str
      port:
        description: As O(port).
        type: int
      version:
        description: As O(version).
        type: str
      operator:
        description: As O(operator).
        type: str
      display_name:
        description: As O(display_name).
        type: str
      description:
        description: As O(description).
        type: str
      auth_info:
        description: As O(auth_info).
        type: dict
        suboptions:
          username:
            description: The user name.
            type: str
          password:
            description: The password.
            type: str
      custom_option:
        description: As O(custom_option).
        type: str
        aliases: [custom_label]
      schema:
        description: As O(schema).
        type: str
      is_ssl_verify:
        description: As O(is_ssl_verify).
        type: bool
      ssl_verification_mode:
        description: As O(ssl_verification_mode).
        type: str
      ssl_certificate_authorities:
        description: As O(ssl_certificate_authorities).
        type: str
      ssl_certificate:
        description: As O(ssl_certificate).
        type: str
      ssl_certificate_key:
        description: As O(ssl_certificate_key). It is masked in the output.
        type: str
      ssl_insecure_skip_verify:
        description: As O(ssl_insecure_skip_verify).
        type: bool
      extranet_domain_name:
        description: As O(extranet_domain_name).
        type: str
      extranet_port:
        description: As O(extranet_port).
        type: int
      state:
        description: Whether the cluster config should exist; the task's O(state) when not set.
        type: str
        choices: [present, absent]
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
  - With O(clusters), one cluster's failure does not stop the others; the task fails after all
    are tried, naming each cluster that failed with BlueKing's error.
  - Deleting a cluster that is not there is an error in BlueKing; the module checks first, so
    V(absent) on a missing cluster is simply C(ok).
  - The default cluster, a cluster whose result tables are still enabled, and a cluster another
    BlueKing app registered cannot be deleted; the module fails with the reason.
seealso:
  - module: clusterops.platforms.bk_storage_cluster_info
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

- name: Every storage cluster this app registers, and no other
  clusterops.platforms.bk_storage_cluster:
    bk_url: https://paas.example.com
    bk_app_code: clusterops
    bk_app_secret: "{{ vault_bk_app_secret }}"
    bk_username: admin
    clusters:
      - cluster_name: influx_main
        cluster_type: influxdb
        domain_name: influxdb.service.consul
        port: 8086
        auth_info:
          username: monitor
          password: "{{ vault_influx_password }}"
      - cluster_name: kafka_main
        cluster_type: kafka
        domain_name: kafka.service.consul
        port: 9092
      - cluster_name: kafka_old
        state: absent
    purge: true
  register: clusters
"""

RETURN = r"""
storage_cluster:
  description:
    - The cluster config as BlueKing Monitor holds it after the task, or null when it is absent;
      the password and the certificate key are masked.
    - In check mode, the cluster that would result.
  returned: with O(cluster_name)
  type: dict
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
  returned: with O(cluster_name)
  type: int
  sample: 12
clusters:
  description:
    - With O(clusters), one result per cluster in the order of the list, then one per cluster
      that O(purge) deleted.
  returned: with O(clusters)
  type: list
  elements: dict
  contains:
    name:
      description: The cluster's name.
      type: str
    state:
      description: The state asked for (C(absent) for a purged cluster).
      type: str
    changed:
      description: Whether the task changed this cluster.
      type: bool
    failed:
      description: Whether converging this cluster failed.
      type: bool
    purged:
      description: Whether the cluster was deleted because the list does not name it.
      type: bool
    cluster_id:
      description: The id of the cluster config; null when it is absent or would be created.
      type: int
    storage_cluster:
      description:
        - The cluster config as BlueKing Monitor holds it after the task (predicted in check
          mode), or null; the password and the certificate key are masked.
      type: dict
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
    msg:
      description: Why this cluster failed.
      type: str
      returned: when it failed
    error:
      description: The platform error of this cluster, as the top-level RV(error).
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
    - name: influx_main
      state: present
      changed: true
      failed: false
      purged: false
      cluster_id: 12
      storage_cluster: {cluster_id: 12, cluster_name: influx_main, cluster_type: influxdb, port: 8086,
                        auth_info: {username: monitor, password: "********"}}
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
    operation: monitor_v3.metadata_delete_cluster_info
    status: 200
    code: 500
    message: 存在未关闭的结果表 [1001] (result tables still store data in this cluster; disable them first)
    request_id: 408233306947415bb1772a86b9536867
"""

from ansible_collections.clusterops.platforms.plugins.module_utils._arguments import StrictModule
from ansible_collections.clusterops.platforms.plugins.module_utils._batch import (
    BATCH_SPEC, ensure_one_or_list, list_option,
)
from ansible_collections.clusterops.platforms.plugins.module_utils._blueking import BLUEKING_REQUIRED_ONE_OF, BLUEKING_SPEC, Esb
from ansible_collections.clusterops.platforms.plugins.module_utils._monitor import StorageCluster

CLUSTER_SPEC = dict(
    cluster_name=dict(type="str"),
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
)


def main():
    module = StrictModule(
        argument_spec=dict(BLUEKING_SPEC, **CLUSTER_SPEC, **BATCH_SPEC,
                           clusters=list_option(CLUSTER_SPEC, CLUSTER_SPEC, "cluster_name")),
        required_one_of=BLUEKING_REQUIRED_ONE_OF + [("cluster_name", "clusters")],
        mutually_exclusive=[("cluster_name", "clusters")],
        supports_check_mode=True,
    )
    esb = Esb(module)
    ensure_one_or_list(module, "clusters", lambda params: StorageCluster(module, esb, params))


if __name__ == "__main__":
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: dbmind_cluster
short_description: Register an openGauss cluster in GaussMaster (DBMind intelligent O&M)
version_added: 1.0.0
description:
  - Registers a DBMind-managed openGauss cluster in GaussMaster (C(POST /v1/api/clusters/register)),
    and optionally makes it the active cluster of a user's session (C(PUT /v1/api/clusters)).
  - GaussMaster registers a cluster by the address of its primary instance, as DBMind lists it in
    C(GET /v1/api/clusters); any other address is refused before anything is sent, naming the
    primary when the address is a standby's.
  - A cluster registered already under O(cluster_name) is left as it is, unless
    O(update_password=always) registers it again with O(username) and O(password) (GaussMaster
    then replaces the stored credentials).
  - Registering a registered cluster under a new O(cluster_name) renames it (GaussMaster stores
    the name per instance and replaces it). A name another cluster holds is refused.
  - GaussMaster has no API to unregister a cluster, so O(state=absent) fails for a registered one.
author:
  - clusterops.platforms contributors (@clusterops)
extends_documentation_fragment:
  - clusterops.platforms.dbmind
  - clusterops.platforms.dbmind.SESSION
  - clusterops.platforms.attributes
  - clusterops.platforms.attributes.DBMIND
attributes:
  check_mode:
    support: full
    description: Nothing is registered or bound; the cluster as it would be registered is returned.
  diff_mode:
    support: full
    description: The registration before and after the task; the credentials, when sent, with the password masked.
options:
  cluster_name:
    description: The name to register the cluster under, 1 to 120 characters.
    type: str
    required: true
  host:
    description:
      - The IP address of the cluster's primary instance (a host name is refused), as DBMind lists
        it. Required with O(port) to register.
    type: str
  port:
    description:
      - The database port of the primary instance, 1 to 65535 (1024 to 65535 with O(active=true),
        since GaussMaster binds a session only to such an address). Required to register.
    type: int
  username:
    description:
      - The database account GaussMaster logs in to DBMind with. Required to register, and with
        O(update_password=always).
      - GaussMaster never returns it, so a change is sent only with O(update_password=always).
    type: str
  password:
    description:
      - The password of O(username). Required to register, and with O(update_password=always).
    type: str
  update_password:
    description:
      - V(on_create) sends O(username) and O(password) only to register the cluster. GaussMaster
        never returns them, so a registered cluster is left as it is and repeat runs are unchanged.
      - V(always) registers the cluster again with them on every run, which replaces the stored
        credentials (to rotate them), and reports a change each time.
    type: str
    choices: [always, on_create]
    default: on_create
    version_added: 1.0.0
  active:
    description:
      - Bind the cluster to O(user_id) and O(session_id), so that their questions are about it.
      - GaussMaster cannot tell which cluster a session is bound to, so with V(true) the binding
        is sent, and reported as a change, on every run (check mode only predicts it). Bind when
        it is needed, for example only when the cluster is registered, to keep repeat runs
        unchanged; M(clusterops.platforms.dbmind_cluster_info) tells whether it is.
    type: bool
    default: false
  state:
    description:
      - Whether the cluster should be registered. V(absent) fails for a registered cluster,
        since GaussMaster has no API to unregister one.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: clusterops.platforms.dbmind_cluster_info
  - module: clusterops.platforms.dbmind_interaction
  - module: clusterops.platforms.dbmind_llm
  - name: openGauss documentation
    description: GaussMaster and its API are described under C(content/zh/docs/AIFeatureGuide/) (in Chinese).
    link: https://github.com/opengauss-mirror/docs
  - name: openGauss DBMind source
    description: The DBMind service that GaussMaster works with.
    link: https://github.com/opengauss-mirror/openGauss-DBMind
"""

EXAMPLES = r"""
- name: Register the production cluster and make it the session's cluster
  clusterops.platforms.dbmind_cluster:
    dbmind_url: https://gaussmaster.example.com:8080
    dbmind_client_cert: /etc/gaussmaster/client.crt
    dbmind_client_key: /etc/gaussmaster/client.key
    dbmind_client_key_password: "{{ vault_gm_key_password }}"
    ca_path: /etc/gaussmaster/ca.crt
    cluster_name: gauss_prod
    host: 192.0.2.30
    port: 5432
    username: dbmind_monitor
    password: "{{ vault_gauss_password }}"
    active: true
    user_id: ops_team
    session_id: oncall_1

- name: Rotate the credentials GaussMaster logs in to DBMind with
  clusterops.platforms.dbmind_cluster:
    cluster_name: gauss_prod
    host: 192.0.2.30
    port: 5432
    username: dbmind_monitor
    password: "{{ vault_gauss_new_password }}"
    update_password: always
"""

RETURN = r"""
cluster:
  description: The registration as GaussMaster lists it, or null when absent.
  returned: always
  type: dict
  contains:
    cluster_name:
      description: The name of the cluster.
      type: str
      sample: gauss_prod
    address:
      description: The address (C(host:port)) of the cluster's primary instance, which GaussMaster keys the cluster by.
      type: str
      sample: 192.0.2.30:5432
    instances:
      description: The addresses of the cluster's instances.
      type: list
      elements: str
      sample: [192.0.2.30:5432]
    managed:
      description: Whether the cluster is registered in GaussMaster.
      type: bool
      sample: true
  sample:
    cluster_name: gauss_prod
    address: 192.0.2.30:5432
    instances: [192.0.2.30:5432, 192.0.2.31:5432]
    managed: true
credentials_sent:
  description: Whether O(username) and O(password) were sent (to register, or with O(update_password=always)); in check mode, whether they would be.
  returned: always
  type: bool
  sample: false
active:
  description: Whether the cluster was bound to the session.
  returned: always
  type: bool
  sample: true
error:
  description: The platform error that failed the task.
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
  sample: {platform: GaussMaster, operation: dbmind.register_cluster, code: 503,
           message: "DBMind refuses these credentials for the cluster (GaussMaster logs in to DBMind with them) (无法连接到此集群)"}
"""

from ansible_collections.clusterops.platforms.plugins.module_utils._arguments import UPDATE_PASSWORD, StrictModule
from ansible_collections.clusterops.platforms.plugins.module_utils._dbmind import (
    DBMIND_SPEC, SESSION_SPEC, GaussMaster, ensure_registered,
)


def main():
    module = StrictModule(
        argument_spec=dict(
            DBMIND_SPEC,
            cluster_name=dict(type="str", required=True),
            host=dict(type="str"),
            port=dict(type="int"),
            username=dict(type="str"),
            password=dict(type="str", no_log=True),
            update_password=UPDATE_PASSWORD,
            active=dict(type="bool", default=False),
            state=dict(type="str", choices=["present", "absent"], default="present"),
            **SESSION_SPEC,
        ),
        required_together=[("host", "port")],
        supports_check_mode=True,
    )
    ensure_registered(module, GaussMaster(module))


if __name__ == "__main__":
    main()

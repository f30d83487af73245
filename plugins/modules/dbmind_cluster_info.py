#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: dbmind_cluster_info
short_description: List the clusters GaussMaster (DBMind intelligent O&M) knows
version_added: 1.0.0
description:
  - Lists the clusters of C(GET /v1/api/clusters), keyed by the address of their primary instance
    and as a list. These are the clusters DBMind monitors, registered in GaussMaster or not.
author:
  - clusterops.platforms contributors (@clusterops)
extends_documentation_fragment:
  - clusterops.platforms.dbmind
  - clusterops.platforms.attributes.INFO_MODULE
  - clusterops.platforms.attributes.DBMIND
options:
  cluster_name:
    description: Only the cluster registered under this name.
    type: str
seealso:
  - module: clusterops.platforms.dbmind_cluster
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
- name: List GaussMaster's clusters
  clusterops.platforms.dbmind_cluster_info:
    dbmind_url: https://gaussmaster.example.com:8080
    dbmind_client_cert: /etc/gaussmaster/client.crt
    dbmind_client_key: /etc/gaussmaster/client.key
    dbmind_client_key_password: "{{ vault_gm_key_password }}"
  register: gm

- name: Show the managed ones
  ansible.builtin.debug:
    msg: "{{ gm.cluster_list | selectattr('managed') | map(attribute='cluster_name') | list }}"
"""

RETURN = r"""
clusters:
  description:
    - The clusters keyed by the address of their primary instance, as GaussMaster returns them.
  returned: always
  type: dict
  contains:
    ADDRESS:
      description:
        - One entry per cluster, keyed by its primary's address (C(host:port)); the key here is a placeholder.
      type: dict
      contains:
        cluster_name:
          description: The name the cluster is registered under; empty when it is not registered.
          type: str
          sample: gauss_prod
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
    "192.0.2.30:5432": {cluster_name: gauss_prod, instances: ["192.0.2.30:5432"], managed: true}
cluster_list:
  description: The same clusters as a list, each with its C(address).
  returned: always
  type: list
  elements: dict
  contains:
    cluster_name:
      description: The name the cluster is registered under; empty when it is not registered.
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
    - {address: "192.0.2.30:5432", cluster_name: gauss_prod, instances: ["192.0.2.30:5432"], managed: true}
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
from ansible_collections.clusterops.platforms.plugins.module_utils._client import ApiError
from ansible_collections.clusterops.platforms.plugins.module_utils._resource import fail
from ansible_collections.clusterops.platforms.plugins.module_utils._dbmind import DBMIND_SPEC, GaussMaster


def main():
    module = StrictModule(argument_spec=dict(DBMIND_SPEC, cluster_name=dict(type="str")), supports_check_mode=True)
    try:
        found = GaussMaster(module).clusters()
    except ApiError as exc:
        fail(module, exc)
    name = module.params["cluster_name"]
    found = [c for c in found if name is None or (c["managed"] and c["cluster_name"] == name)]
    module.exit_json(changed=False, cluster_list=found,
                     clusters={c["address"]: {k: v for k, v in c.items() if k != "address"} for c in found})


if __name__ == "__main__":
    main()

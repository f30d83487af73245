#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: dbmind_llm
short_description: List GaussMaster's language models and choose one for a session
version_added: 1.0.0
description:
  - Lists the large language models GaussMaster offers (C(GET /v1/api/llms)), which are the online models
    that are enabled and answer. GaussMaster's list of local models is always empty.
  - With O(name), switches the model of O(user_id) and O(session_id) to it (C(PUT /v1/api/llms)).
    An unknown name fails with the list of valid names, before anything is switched.
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
    description: The models are listed and the name checked; nothing is switched.
  diff_mode:
    support: none
    description: GaussMaster cannot show a session's model, so there is nothing to diff.
options:
  name:
    description:
      - The model to use for the session. Requires O(user_id) and O(session_id).
      - GaussMaster cannot tell which model a session uses, so the switch is sent, and reported
        as a change, on every run (check mode only predicts it). Switch when it is needed, to keep
        repeat runs unchanged.
    type: str
seealso:
  - module: clusterops.platforms.dbmind_cluster
  - module: clusterops.platforms.dbmind_cluster_info
  - module: clusterops.platforms.dbmind_interaction
  - name: openGauss documentation
    description: GaussMaster and its API are described under C(content/zh/docs/AIFeatureGuide/) (in Chinese).
    link: https://github.com/opengauss-mirror/docs
  - name: openGauss DBMind source
    description: The DBMind service that GaussMaster works with.
    link: https://github.com/opengauss-mirror/openGauss-DBMind
"""

EXAMPLES = r"""
- name: Use the Llama 3 model for the on-call session
  clusterops.platforms.dbmind_llm:
    dbmind_url: https://gaussmaster.example.com:8080
    dbmind_client_cert: /etc/gaussmaster/client.crt
    dbmind_client_key: /etc/gaussmaster/client.key
    dbmind_client_key_password: "{{ vault_gm_key_password }}"
    name: Llama3-8B-Chinese-Chat
    user_id: ops_team
    session_id: oncall_1
"""

RETURN = r"""
models:
  description: The models GaussMaster offers.
  returned: always
  type: dict
  contains:
    local:
      description: The models that run next to GaussMaster; GaussMaster always answers an empty list.
      type: list
      elements: str
      sample: []
    online:
      description: The models GaussMaster reaches online.
      type: list
      elements: str
      sample: [pangu_cloud_sigma_unify_plugin_38b, Llama3-8B-Chinese-Chat]
  sample: {local: [], online: [pangu_cloud_sigma_unify_plugin_38b, Llama3-8B-Chinese-Chat]}
switched:
  description: Whether the session was switched to O(name).
  returned: always
  type: bool
  sample: true
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
from ansible_collections.clusterops.platforms.plugins.module_utils._dbmind import (
    DBMIND_SPEC, SESSION_SPEC, GaussMaster, check_session,
)
from ansible_collections.clusterops.platforms.plugins.module_utils._resource import UserError, fail


def main():
    module = StrictModule(argument_spec=dict(DBMIND_SPEC, name=dict(type="str"), **SESSION_SPEC),
                          supports_check_mode=True)
    params = module.params
    switched = False
    try:
        check_session(params, required=bool(params["name"]))
        gaussmaster = GaussMaster(module)
        models = gaussmaster.models()
        if params["name"]:
            valid = [m for kind in ("local", "online") for m in (models.get(kind) or [])]
            if params["name"] not in valid:
                raise UserError("name %r is not a model GaussMaster offers; valid names: %s"
                                % (params["name"], ", ".join(valid) or "none"))
            if not module.check_mode:
                gaussmaster.bind("/v1/api/llms", "dbmind.switch_llm", "model %s" % params["name"], name=params["name"],
                                 user_id=params["user_id"], session_id=params["session_id"])
                switched = True
    except (ApiError, UserError) as exc:
        fail(module, exc)
    module.exit_json(changed=bool(params["name"]), models=models, switched=switched)


if __name__ == "__main__":
    main()

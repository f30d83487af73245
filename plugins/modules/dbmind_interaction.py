#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: dbmind_interaction
short_description: Ask GaussMaster an O&M question or have it diagnose an alarm
version_added: 1.0.0
description:
  - Sends a question (C(tool_interaction)) or an alarm (C(fault_diagnostic)) to GaussMaster's
    intelligent O&M (C(POST /v1/api/app/intelligent-interaction)) and reads the whole answer,
    a stream of server-sent events, returning its progress steps, messages and tables.
  - An answer stream that reports a failure (C(success) false), an in-band failure of a tool, of
    the language model or of the O&M knowledge base, or that breaks off before it is done, fails
    the task with what GaussMaster said.
author:
  - clusterops.platforms contributors (@clusterops)
extends_documentation_fragment:
  - clusterops.platforms.dbmind
  - clusterops.platforms.attributes
  - clusterops.platforms.attributes.DBMIND
attributes:
  check_mode:
    support: partial
    description: Check mode sends nothing.
    details:
      - In check mode nothing is sent, since the tools GaussMaster picks for a question may act
        on the database; the module reports that it was skipped.
      - The options are checked and the TLS files loaded all the same, so check mode fails where
        a real run would fail before sending.
  diff_mode:
    support: none
    description: The module has no state to diff.
options:
  query:
    description:
      - The question, 1 to 10240 characters. For O(mode=fault_diagnostic), the alarm record as a
        JSON string; or give O(alarm) instead.
    type: str
  alarm:
    description:
      - For O(mode=fault_diagnostic), the alarm record (C(history_alarm_id), C(metric_name),
        C(instance), C(alarm_type), C(alarm_level), C(start_time), C(alarm_content), C(source),
        C(status)) as a dict; it is sent as the JSON string GaussMaster expects.
    type: dict
  mode:
    description: How GaussMaster treats the query.
    type: str
    choices: [tool_interaction, fault_diagnostic]
    default: tool_interaction
  user_id:
    description: The GaussMaster user, 2 to 120 letters, digits or V(_).
    type: str
    required: true
  session_id:
    description: The user's session, 2 to 120 letters, digits or V(_).
    type: str
    required: true
  history_len:
    description: How many earlier rounds of the conversation GaussMaster takes into account (1 to 3).
    type: int
    default: 1
  timeout:
    description: Seconds the whole answer may take, greater than 0 and at most 86400 (a day).
    type: float
    default: 300
seealso:
  - module: clusterops.platforms.dbmind_cluster
  - module: clusterops.platforms.dbmind_cluster_info
  - module: clusterops.platforms.dbmind_llm
  - name: openGauss documentation
    description: GaussMaster and its API are described under C(content/zh/docs/AIFeatureGuide/) (in Chinese).
    link: https://github.com/opengauss-mirror/docs
  - name: openGauss DBMind source
    description: The DBMind service that GaussMaster works with.
    link: https://github.com/opengauss-mirror/openGauss-DBMind
"""

EXAMPLES = r"""
- name: Ask for an index recommendation
  clusterops.platforms.dbmind_interaction:
    dbmind_url: https://gaussmaster.example.com:8080
    dbmind_client_cert: /etc/gaussmaster/client.crt
    dbmind_client_key: /etc/gaussmaster/client.key
    dbmind_client_key_password: "{{ vault_gm_key_password }}"
    user_id: ops_team
    session_id: oncall_1
    query: "数据库test_db中有条sql语句select * from t1 where id = 10000;请帮我进行一下索引推荐"
  register: answer

- name: Show the recommended indexes
  ansible.builtin.debug:
    msg: "{{ answer.tables[0].records }}"
"""

RETURN = r"""
progress:
  description: The progress texts of the answer, in order (without the final C(DONE)).
  returned: success
  type: list
  elements: str
  sample: ["工具匹配中...", "提取参数中...", "工具调用中..."]
messages:
  description: The text parts of the answer.
  returned: success
  type: list
  elements: str
  sample: ["推荐的索引如下表所示："]
tables:
  description: The tables of the answer, each with C(headers), C(rows) and C(records) (the rows as dicts).
  returned: success
  type: list
  elements: dict
  contains:
    headers:
      description: The column names.
      type: list
      elements: str
      sample: [索引描述, 预计占用, 预计提升]
    rows:
      description: The rows, each a list of cells in the order of RV(tables[].headers).
      type: list
      elements: list
    records:
      description: The same rows, each a dict keyed by the column names.
      type: list
      elements: dict
  sample:
    - headers: [索引描述, 预计占用, 预计提升]
      rows: [["CREATE INDEX idx_t1_id ON public.t1(id);", 2.49MB, 99.91%]]
      records: [{索引描述: "CREATE INDEX idx_t1_id ON public.t1(id);", 预计占用: 2.49MB, 预计提升: 99.91%}]
done:
  description: Whether the answer ended with GaussMaster's C(DONE); false only in check mode.
  returned: success
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

import json
import math

from ansible_collections.clusterops.platforms.plugins.module_utils._arguments import StrictModule, json_problem
from ansible_collections.clusterops.platforms.plugins.module_utils._client import ApiError
from ansible_collections.clusterops.platforms.plugins.module_utils._dbmind import (
    DBMIND_SPEC, MAX_TEXT, GaussMaster, check_session,
)
from ansible_collections.clusterops.platforms.plugins.module_utils._resource import UserError, fail

MAX_TIMEOUT = 86400  # seconds


def main():
    module = StrictModule(
        argument_spec=dict(
            DBMIND_SPEC,
            query=dict(type="str"),
            alarm=dict(type="dict"),
            mode=dict(type="str", choices=["tool_interaction", "fault_diagnostic"], default="tool_interaction"),
            user_id=dict(type="str", required=True),
            session_id=dict(type="str", required=True),
            history_len=dict(type="int", default=1),
            timeout=dict(type="float", default=300),
        ),
        required_one_of=[("query", "alarm")],
        mutually_exclusive=[("query", "alarm")],
        supports_check_mode=True,
    )
    params = module.params
    try:
        check_session(params, required=True)
        if not 1 <= params["history_len"] <= 3:
            raise UserError("history_len must be 1, 2 or 3, got %d" % params["history_len"])
        if not (math.isfinite(params["timeout"]) and 0 < params["timeout"] <= MAX_TIMEOUT):
            raise UserError("timeout must be a number of seconds greater than 0 and at most %d, got %s"
                            % (MAX_TIMEOUT, params["timeout"]))
        if params["alarm"] is not None and params["mode"] != "fault_diagnostic":
            raise UserError("alarm is for mode=fault_diagnostic")
        problem = json_problem("alarm", params["alarm"])
        if problem:
            raise UserError(problem)
        query = params["query"] if params["alarm"] is None else json.dumps(params["alarm"], ensure_ascii=False)
        if not 0 < len(query) <= MAX_TEXT:
            raise UserError("%s must be 1 to %d characters (GaussMaster's rule), got %d"
                            % ("query" if params["alarm"] is None else "alarm, as JSON,", MAX_TEXT, len(query)))
        gaussmaster = GaussMaster(module)  # in check mode too: its options and TLS files are checked
        if module.check_mode:
            module.exit_json(changed=False, skipped=True, msg="not sent in check mode", progress=[], messages=[],
                             tables=[], done=False)
        body = dict(query=query, mode=params["mode"], user_id=params["user_id"], session_id=params["session_id"],
                    history_len=params["history_len"])
        answer = gaussmaster.interact(body, params["timeout"])
    except (ApiError, UserError) as exc:
        fail(module, exc)
    module.exit_json(changed=False, **answer)


if __name__ == "__main__":
    main()

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a module prints, through ansible-core's own no_log masking: secrets masked as values and
tokens, words left whole. `invocation` is in the module's output at any verbosity up to ansible-core
2.19, and from 2.20 when INJECT_INVOCATION asks for it (the controller shows it at -vvv; AWX keeps
it)."""

from __future__ import annotations

import json
import os

import pytest
import responses

from ansible_collections.clusterops.platforms.plugins.modules import codearts_host_group_info, dbmind_cluster

GM = "https://gaussmaster.example.com:8443"
PROD = {"192.0.2.30:5432": dict(cluster_name="gauss_prod", instances=["192.0.2.30:5432"], managed=True),
        "192.0.2.40:5432": dict(cluster_name="", instances=["192.0.2.40:5432", "192.0.2.41:5432"], managed=False)}
NO_LOG_MASK = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"


@pytest.fixture
def connection(emulator_process):
    variables = emulator_process[0]
    return dict(dbmind_url=GM, dbmind_client_cert=variables["dbmind_client_cert"], dbmind_client_key=variables["dbmind_client_key"],
                dbmind_client_key_password=variables["dbmind_client_key_password"], ca_path=variables["ca_path"])


def refuse_registration(status, msg):
    responses.add(responses.GET, GM + "/v1/api/clusters", json=dict(data=PROD, success=True))
    responses.add(responses.POST, GM + "/v1/api/clusters/register", json=dict(data=dict(status=status, msg=msg), success=True))
    responses.add(responses.GET, GM + "/v1/api/clusters", json=dict(data=PROD, success=True))


def register(module_output, connection, password):
    args = dict(connection, cluster_name="gauss_new", host="192.0.2.40", port=5432, username="monitor", password=password)
    return module_output(dbmind_cluster, args)


def strings(value):
    """Every string and number in a result, keys excluded."""
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return [str(value)]


@responses.activate
def test_a_one_letter_password_leaves_the_words_of_the_message_whole(module_output, connection):
    refuse_registration(1001, "dbmind没有纳管此集群，无法注册")
    result = register(module_output, connection, "y")
    assert result["failed"]
    assert "DBMind lists no cluster whose primary is this address" in result["msg"]
    assert result["error"]["message"].startswith("DBMind lists no cluster whose primary")
    assert "*" not in json.dumps(result)
    assert result["invocation"]["module_args"]["password"] == NO_LOG_MASK
    assert "y" not in strings(result)


@pytest.mark.parametrize("echo", ["cannot log in as monitor/hunter2", "密码hunter2错误", "password=hunter2;", "xhunter2"])
@responses.activate
def test_a_password_the_platform_echoes_is_masked_glued_or_not(module_output, connection, echo):
    refuse_registration(503, echo)
    result = register(module_output, connection, "hunter2")
    assert result["failed"] and "DBMind refuses these credentials for the cluster" in result["msg"]
    assert "hunter2" not in json.dumps(result, ensure_ascii=False)
    assert "********" in result["msg"] and "********" in result["error"]["message"]
    assert result["invocation"]["module_args"]["password"] == NO_LOG_MASK


@responses.activate
def test_a_letters_only_password_is_masked_as_a_word_and_kept_inside_words(module_output, connection):
    refuse_registration(503, "user monitor, password Secret: Secretly refused")
    result = register(module_output, connection, "Secret")
    assert "password ********: Secretly refused" in result["msg"]
    assert result["invocation"]["module_args"]["password"] == NO_LOG_MASK


@responses.activate
def test_the_iam_token_a_module_obtains_is_masked(module_output):
    token = "MIItoken-5e0c1d"
    responses.add(responses.POST, "https://iam.example.com/v3/auth/tokens", status=201, json={}, headers={"X-Subject-Token": token})
    responses.add(responses.GET, "https://codearts.example.com/v1/resources/host-groups", status=401,
                  json=dict(error_code="APIGW.0307", error_msg="The token %s must be updated." % token))
    result = module_output(codearts_host_group_info, dict(
        hw_region="cn-north-4", codearts_url="https://codearts.example.com", iam_url="https://iam.example.com",
        hw_user_name="ops", hw_password="hw-pass-81d", hw_domain_name="example", project_id="p" * 32))
    assert responses.calls[1].request.headers["X-Auth-Token"] == token
    assert result["failed"] and "The token ******** must be updated." in result["msg"]
    assert token not in json.dumps(result)


DOWN = "http://127.0.0.1:9/gateway"  # nothing listens: every platform call fails at once
BLUEKING = dict(bk_url=DOWN, bk_app_code="clusterops", bk_app_secret="y", bk_username="admin", retries=0)
CODEARTS = dict(hw_region="cn-north-4", codearts_url=DOWN, hw_auth_token="y", retries=0, project_id="p" * 32)
OCP = dict(ocp_url=DOWN, ocp_username="admin", ocp_password="y", retries=0)
MODULES = {
    "bk_storage_cluster": dict(BLUEKING, cluster_name="influx_main"),
    "bk_storage_cluster_info": BLUEKING,
    "cmdb_host": dict(BLUEKING, bk_biz_id=2, bk_host_innerip="10.0.0.1", state="idle"),
    "cmdb_host_info": dict(BLUEKING, bk_biz_id=2),
    "cmdb_module": dict(BLUEKING, bk_biz_id=2, bk_set_name="payments", name="mysql"),
    "cmdb_module_info": dict(BLUEKING, bk_biz_id=2),
    "cmdb_set": dict(BLUEKING, bk_biz_id=2, name="payments"),
    "cmdb_set_info": dict(BLUEKING, bk_biz_id=2),
    "codearts_host": dict(CODEARTS, host_group="payments-app", ip="10.0.0.5", username="deploy", password="y"),
    "codearts_host_group": dict(CODEARTS, name="payments-app"),
    "codearts_host_group_info": CODEARTS,
    "codearts_host_info": dict(CODEARTS, host_group="payments-app"),
    "ocp_ob_cluster": dict(OCP, name="payments_ob"),
    "ocp_ob_cluster_info": OCP,
    "ocp_ob_tenant": dict(OCP, cluster="payments_ob", name="payments"),
    "ocp_ob_tenant_info": dict(OCP, cluster="payments_ob"),
    "ocp_task_info": dict(OCP, id=7),
    "dbmind_cluster": dict(cluster_name="gauss_new"),
    "dbmind_cluster_info": {},
    "dbmind_interaction": dict(query="health?", user_id="ops_1", session_id="s_1"),
    "dbmind_llm": {},
}


def test_the_table_covers_every_module():
    folder = os.path.dirname(codearts_host_group_info.__file__)
    assert set(MODULES) == {f[:-3] for f in os.listdir(folder) if f.endswith(".py") and f != "__init__.py"}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_module_masks_a_one_letter_secret_only_where_it_stands_alone(module_output, emulator_process, name):
    module = __import__("ansible_collections.clusterops.platforms.plugins.modules." + name, fromlist=["main"])
    args = MODULES[name]
    if name.startswith("dbmind"):  # a wrong key passphrase: the TLS files cannot be loaded
        variables = emulator_process[0]
        args = dict(args, dbmind_url=GM, dbmind_client_cert=variables["dbmind_client_cert"],
                    dbmind_client_key=variables["dbmind_client_key"], dbmind_client_key_password="y")
    result = module_output(module, args)
    assert result["failed"]
    words = "key passphrase" if name.startswith("dbmind") else "http://127.0.0.1:9/gateway/"
    assert words in result["msg"], result["msg"]
    assert "y" not in strings(result["invocation"]["module_args"])
    assert NO_LOG_MASK in strings(result["invocation"]["module_args"])

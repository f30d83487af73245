# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Each input that once crashed a module or wrote a wrong value: refused by name and rule, with no request sent."""

from __future__ import annotations

import base64
import json
import math

import pytest
import responses

from ansible_collections.clusterops.platforms.plugins.module_utils import _client
from ansible_collections.clusterops.platforms.plugins.modules import (
    bk_storage_cluster, cmdb_module, cmdb_module_info, cmdb_set, cmdb_set_info, codearts_host, codearts_host_group_info,
    codearts_host_info, dbmind_cluster, dbmind_interaction, dbmind_llm, ocp_ob_cluster, ocp_ob_cluster_info, ocp_ob_tenant,
    ocp_task_info,
)
from tests.emulator.tls import ensure_files

BK = dict(bk_url="https://paas.example.com", bk_app_code="clusterops", bk_app_secret="app-secret-3f9a",
          bk_username="admin")
SET = dict(BK, bk_biz_id=3, name="db")
MODULE = dict(BK, bk_biz_id=3, bk_set_id=11, name="mysql")
STORAGE = dict(BK, cluster_name="influx_main")
HW = dict(hw_region="cn-north-4", project_id="0123456789abcdef0123456789abcdef")
HW_AKSK = dict(HW, hw_access_key="AKEXAMPLE0123", hw_secret_key="sk-example-99")
OCP = dict(ocp_url="http://ocp.example.com:8080", ocp_username="admin", ocp_password="ocp-pass-41d")
OCP_AK = dict(ocp_url="http://ocp.example.com:8080", ocp_access_key_id="ak-1", ocp_access_key_secret="ocp-secret")
# The refusals come before the TLS files are read, so these need not exist.
GM = dict(dbmind_url="https://gaussmaster.example.com:8443", dbmind_client_cert="/etc/gm/client.pem",
          dbmind_client_key="/etc/gm/client-key.pem", dbmind_client_key_password="key-pass-1")
ASK = dict(GM, query="slow queries?", user_id="ops_1", session_id="s_1")


@pytest.fixture(autouse=True)
def no_retries(monkeypatch):
    """Nothing here should be sent, let alone retried: fail at once instead of sleeping."""
    def backoff(*args, **kwargs):
        raise AssertionError("a request was retried")
    monkeypatch.setattr(_client, "backoff_delay", backoff)


@responses.activate
def refused(run_module, module, args, check_mode=False):
    """The message of a module run that failed without sending anything (responses knows no URL)."""
    result, failed = run_module(module, args, check_mode=check_mode)
    assert failed, result
    assert not responses.calls, "a request was sent: %s" % responses.calls[0].request.url
    assert "exception" not in result
    return result["msg"]


@pytest.mark.parametrize("timeout", [0, -1, math.nan, math.inf, 3601, "nan", "1e400"])
def test_request_timeout_out_of_range(run_module, timeout):
    msg = refused(run_module, cmdb_set_info, dict(SET, request_timeout=timeout))
    assert msg.startswith("request_timeout must be a number of seconds greater than 0 and at most 3600, got ")


@pytest.mark.parametrize("retries", [-1, 101, 10 ** 9])
def test_retries_out_of_range(run_module, retries):
    assert refused(run_module, ocp_ob_cluster_info, dict(OCP, retries=retries)) == \
        "retries must be between 0 and 100, got %d" % retries


def test_transport_options_are_checked_in_check_mode_too(run_module):
    msg = refused(run_module, dbmind_interaction, dict(ASK, request_timeout=0), check_mode=True)
    assert msg.startswith("request_timeout must be")


@pytest.mark.parametrize("module, args, null", [
    (codearts_host_group_info, dict(HW_AKSK, hw_secret_key=None), "hw_secret_key"),
    (codearts_host_group_info, dict(HW_AKSK, hw_access_key=None), "hw_access_key"),
    (codearts_host_info, dict(HW_AKSK, host_group="app-hosts", hw_secret_key=None), "hw_secret_key"),
    (codearts_host, dict(HW_AKSK, host_group="app-hosts", ip="10.0.0.5", hw_access_key=None), "hw_access_key"),
    (ocp_ob_cluster_info, dict(OCP_AK, ocp_access_key_secret=None), "ocp_access_key_secret"),
    (ocp_ob_cluster_info, dict(OCP, ocp_password=None), "ocp_password"),
])
def test_an_explicit_null_does_not_satisfy_required_together(run_module, module, args, null):
    msg = refused(run_module, module, args)
    assert msg.startswith("parameters are required together: ") and msg.endswith("; %s cannot be null or empty" % null)


def test_an_explicit_null_does_not_satisfy_required_one_of(run_module):
    assert refused(run_module, cmdb_set_info, dict(SET, bk_username=None)) == \
        "one of the following is required and cannot be null or empty: bk_username, bk_token"


def test_an_explicit_null_does_not_satisfy_required(run_module):
    assert refused(run_module, bk_storage_cluster, dict(STORAGE, bk_url=None)) == \
        "bk_url is required and cannot be null"
    # cluster_name is required unless the task has the list form (clusters)
    assert refused(run_module, bk_storage_cluster, dict(STORAGE, cluster_name=None)) == \
        "one of the following is required and cannot be null or empty: cluster_name, clusters"


@pytest.mark.parametrize("option", ["ca_path", "dbmind_client_cert", "dbmind_client_key"])
def test_a_nul_byte_in_a_path(run_module, option):
    assert refused(run_module, dbmind_llm, dict(GM, **{option: "/etc/gm/a\x00b.pem"})) == \
        "%s must be a file path, which cannot contain a NUL character" % option


def test_a_key_passphrase_longer_than_openssl_takes(run_module):
    assert refused(run_module, dbmind_llm, dict(GM, dbmind_client_key_password="é" * 513)) == \
        "dbmind_client_key_password must be at most 1024 bytes long (OpenSSL's limit for a key passphrase)"


@pytest.mark.parametrize("module, args, option", [
    (codearts_host_group_info, dict(HW_AKSK, hw_access_key="ÄKEXAMPLE"), "hw_access_key"),
    (codearts_host_group_info, dict(HW_AKSK, hw_project_id="0123 4567"), "hw_project_id"),
    (codearts_host_group_info, dict(HW, hw_auth_token="token\r\nX-Injected: 1"), "hw_auth_token"),
    (codearts_host, dict(HW, hw_auth_token="token\r\nX-Injected: 1", host_group="app-hosts", ip="10.0.0.5"),
     "hw_auth_token"),
    (ocp_ob_cluster_info, dict(OCP_AK, ocp_access_key_id="中文"), "ocp_access_key_id"),
])
def test_a_header_value_that_is_not_printable_ascii(run_module, module, args, option):
    msg = refused(run_module, module, args)
    assert msg == "%s must be printable ASCII without spaces (it is sent in an HTTP header)" % option
    assert args[option] not in msg


@responses.activate
def test_basic_credentials_are_sent_utf8_encoded(run_module):
    responses.add(responses.GET, OCP["ocp_url"] + "/api/v2/ob/clusters", json=dict(
        successful=True, data=dict(contents=[], page=dict(totalPages=1))))
    result, failed = run_module(ocp_ob_cluster_info, dict(OCP, ocp_username="管理员", ocp_password="密码-ü"))
    assert not failed, result
    sent = responses.calls[0].request.headers["Authorization"]
    assert base64.b64decode(sent.split()[1]).decode("utf-8") == "管理员:密码-ü"


@pytest.mark.parametrize("module, args, message", [
    (cmdb_set_info, dict(SET, bk_url="foo"), "bk_url must be an http:// or https:// URL with a host name, got 'foo'"),
    (cmdb_set_info, dict(SET, bk_url=""), "bk_url must be an http:// or https:// URL with a host name, got ''"),
    (ocp_task_info, dict(OCP, id=7, ocp_url="ftp://ocp.example.com"), "ocp_url must be an http:// or https:// URL"),
    (codearts_host_group_info, dict(HW, hw_auth_token="t", codearts_url="https://"), "codearts_url must be an http"),
    (codearts_host_group_info, dict(HW, hw_user_name="u", hw_password="p", hw_domain_name="d", iam_url="http://a b"),
     "iam_url must not contain spaces or control characters"),
    (dbmind_llm, dict(GM, dbmind_url="https://[::1"), "dbmind_url is not a valid URL: "),
    (codearts_host_group_info, dict(HW, hw_auth_token="t", hw_region="cn north 4"),
     "hw_region must be a region name of lower-case letters, digits and '-', such as cn-north-4, got 'cn north 4'"),
])
def test_urls_that_requests_cannot_send_to(run_module, module, args, message):
    assert refused(run_module, module, args).startswith(message)


@pytest.mark.parametrize("value, kind", [(5, "a number"), ([1], "a list"), (True, "a boolean")])
def test_auth_info_that_is_not_a_dictionary(run_module, value, kind):
    # ansible-core itself crashed on these (set_fallbacks on a non-dict).
    assert refused(run_module, bk_storage_cluster, dict(STORAGE, auth_info=value)) == \
        "auth_info must be a dictionary, got %s" % kind


def test_a_suboption_is_checked_like_an_option(run_module):
    msg = refused(run_module, bk_storage_cluster, dict(STORAGE, auth_info=dict(username="u", password=["p4ss"])))
    assert msg == "auth_info.password must be text, got a list"


@pytest.mark.parametrize("zones, message", [
    ([dict(name=dict(a=1), idc_name="hz1", servers=["3"])], "zones[0].name must be text, got a dictionary"),
    ([dict(name="z1", idc_name="hz1", servers=["3", True])], "zones[0].servers[1] must be text, got a boolean"),
])
def test_list_elements_and_their_suboptions(run_module, zones, message):
    assert refused(run_module, ocp_ob_cluster, dict(OCP, name="payments", zones=zones)).startswith(message)


@pytest.mark.parametrize("args, message", [
    (dict(zones=[dict(name="zone1", cpu="two", memory_gb=8)]), "unable to convert to float"),
    (dict(zones=[dict(name="zone1", unit_count=True)]), "zones[0].unit_count must be a number, got a boolean"),
    (dict(whitelist=[True]), "whitelist[0] must be text, got a boolean"),
    (dict(cluster_id=3), "parameters are mutually exclusive: cluster|cluster_id"),
])
def test_tenant_options_are_checked_like_the_others(run_module, args, message):
    assert message in refused(run_module, ocp_ob_tenant, dict(OCP, cluster="payments", name="payments", **args))


@pytest.mark.parametrize("option, value", [("bk_set_env", True), ("bk_set_env", False), ("bk_service_status", True)])
def test_a_boolean_is_not_mapped_onto_a_boolean_looking_choice(run_module, option, value):
    # ansible-core turned bk_set_env: true into "1", which is CMDB's test environment.
    assert refused(run_module, cmdb_set, dict(SET, **{option: value})) == (
        "%s must be text, got a boolean (quote it: YAML reads an unquoted yes, no, true, false, on or off as "
        "a boolean)" % option)


@pytest.mark.parametrize("args, message", [
    (dict(MODULE, bk_module_type=True), "bk_module_type must be text, got a boolean (quote it"),
    (dict(MODULE, attributes=dict(weight=math.inf)), "attributes.weight must be a finite number, got inf"),
    (dict(MODULE, name=None, modules=[dict(name="a", bk_module_type=False)]), "modules[0].bk_module_type must be text"),
    (dict(MODULE, name=None, modules=[dict(name=["a"])]), "modules[0].name must be text, got a list"),
    (dict(MODULE, bk_set_id=None, name=None, modules=[dict(name="a", bk_set_id="eleven")]), "argument 'bk_set_id' is of type"),  # 2.16 says <class 'str'>
])
def test_module_options_are_checked_before_any_request(run_module, args, message):
    args = {k: v for k, v in args.items() if v is not None}
    assert refused(run_module, cmdb_module, args).startswith(message)


@pytest.mark.parametrize("module, args, message", [
    (cmdb_set, dict(SET, set_template="ob_standard", set_template_id=3), "give one of set_template and set_template_id"),
    (cmdb_set, dict(BK, bk_biz_name="payments", sets=[dict(name="a", set_template="ob", set_template_id=3)]),
     "sets[0] ('a'): give one of set_template and set_template_id"),
    (cmdb_module, dict(MODULE, service_template="mysql", service_template_id=2),
     "give one of service_template and service_template_id"),
    (cmdb_set, dict(SET, set_template=["ob"]), "set_template must be text, got a list"),
])
def test_a_template_by_name_and_by_id_at_once_is_refused_before_any_request(run_module, module, args, message):
    assert refused(run_module, module, args).startswith(message)


def test_module_info_options_are_checked_before_any_request(run_module):
    assert refused(run_module, cmdb_module_info, dict(BK, bk_biz_id=3, bk_set_id=11, bk_set_name="db")) == \
        "parameters are mutually exclusive: bk_set_id|bk_set_name"


def test_a_boolean_is_not_a_number(run_module):
    assert refused(run_module, codearts_host_group_info, dict(HW, hw_auth_token="t", request_timeout=True)) == \
        "request_timeout must be a number, got a boolean"


@pytest.mark.parametrize("value, kind", [
    (dict(a=1), "a dictionary"), (["a"], "a list"), (7.1, "a decimal number (quote it: YAML reads an unquoted 7.10 "
                                                          "as the number 7.1)")])
def test_text_options_refuse_values_ansible_would_write_as_python_text(run_module, value, kind):
    assert refused(run_module, bk_storage_cluster, dict(STORAGE, version=value)) == "version must be text, got %s" % kind


def test_a_refusal_before_validation_echoes_no_argument(run_module):
    result, failed = run_module(bk_storage_cluster, dict(STORAGE, bk_app_secret=["app-secret-3f9a"]))
    assert failed and result["msg"] == "bk_app_secret must be text, got a list"
    assert result["invocation"] == dict(module_args={})
    assert "app-secret-3f9a" not in repr(result)


@pytest.mark.parametrize("value", [math.inf, -math.inf, "inf", "-Infinity"])
def test_an_infinite_whole_number(run_module, value):
    # ansible-core's int check raised OverflowError on these.
    assert refused(run_module, cmdb_set_info, dict(SET, bk_biz_id=value)) == \
        "bk_biz_id must be a whole number, got an infinite one"


def test_a_number_too_large_for_a_float_option(run_module):
    assert refused(run_module, cmdb_set_info, dict(SET, request_timeout=10 ** 400)).startswith(
        "request_timeout must be a number of at most 1.79769e+308, got a 401-digit number")


def test_text_with_a_lone_surrogate(run_module):
    assert refused(run_module, cmdb_set_info, dict(SET, bk_username="adm\ud800in")).startswith(
        "bk_username must be valid Unicode text: it holds a lone surrogate")


@pytest.mark.parametrize("args, message", [
    (dict(wait_timeout=-1), "wait_timeout must be between 0 and 604800 seconds, got -1"),
    (dict(wait_timeout=10 ** 30), "wait_timeout must be between 0 and 604800 seconds, got 10"),
    (dict(wait_interval=0), "wait_interval must be a number of seconds greater than 0 and at most 3600, got 0"),
    (dict(wait_interval=math.nan), "wait_interval must be a number of seconds greater than 0 and at most 3600, got nan"),
])
def test_wait_options_out_of_range(run_module, args, message):
    assert refused(run_module, ocp_task_info, dict(OCP, id=7, wait=True, **args)).startswith(message)


@pytest.mark.parametrize("timeout", [0, -5, math.nan, math.inf, 86401])
def test_interaction_timeout_out_of_range(run_module, timeout):
    assert refused(run_module, dbmind_interaction, dict(ASK, timeout=timeout)).startswith(
        "timeout must be a number of seconds greater than 0 and at most 86400, got ")


def test_database_port_out_of_range(run_module, tmp_path):
    files = ensure_files(tmp_path)  # the client loads them before it checks the port
    tls = dict(GM, dbmind_client_cert=str(files.client_cert), dbmind_client_key=str(files.client_key),
               dbmind_client_key_password=files.client_key_password)
    assert refused(run_module, dbmind_cluster, dict(tls, cluster_name="gauss_new", host="192.0.2.41", port=70000,
                                                    username="monitor", password="pw")) == \
        "port must be between 1 and 65535, got 70000"


def test_free_form_json_cannot_carry_nan(run_module):
    assert refused(run_module, cmdb_set, dict(SET, attributes=dict(weight=math.nan))) == \
        "attributes.weight must be a finite number, got nan (JSON has no NaN or infinity)"
    alarm = dict(GM, user_id="ops_1", session_id="s_1", mode="fault_diagnostic", alarm=dict(values=[1, math.inf]))
    assert refused(run_module, dbmind_interaction, alarm) == \
        "alarm.values[1] must be a finite number, got inf (JSON has no NaN or infinity)"


def test_startup_parameters_are_scalars(run_module):
    assert refused(run_module, ocp_ob_cluster, dict(OCP, name="payments", parameters=dict(memory_limit=dict(a=1)))) == \
        "parameters.memory_limit must be text, a number or a boolean"


def test_an_alias_is_checked_under_its_own_name(run_module):
    assert refused(run_module, cmdb_set, dict(BK, bk_biz_id=3, bk_set_name=["db"])) == "bk_set_name must be text, got a list"


@responses.activate
@pytest.mark.parametrize("env", ["1", 1, "test"])
def test_a_number_or_text_still_selects_a_choice(run_module, env):
    esb = BK["bk_url"] + "/api/c/compapi/v2/cc/%s/"
    responses.add(responses.POST, esb % "search_set", json=dict(result=True, data=dict(count=0, info=[])))
    responses.add(responses.POST, esb % "create_set", json=dict(result=True, data=dict(bk_set_id=11)))
    result, failed = run_module(cmdb_set, dict(SET, bk_set_env=env))
    assert not failed, result
    assert json.loads(responses.calls[-1].request.body)["data"]["bk_set_env"] == "1"


@pytest.mark.parametrize("args, message", [
    (dict(HW, hw_auth_token="t", ip="10.0.0.5"), "parameters are required together: host_group, project_id"),
    (dict(hw_region="cn-north-4", hw_auth_token="t", ip="10.0.0.5"),
     "one of the following is required: host_group, host_group_id"),
    (dict(HW, hw_auth_token="t", host_group="app-hosts", host_group_id="p" * 32, ip="10.0.0.5"), "mutually exclusive"),
    (dict(HW, hw_auth_token="t", host_group="app-hosts", ip="10.0.0.5", password="p", private_key="k"),
     "mutually exclusive: password|private_key"),
    (dict(HW, hw_auth_token="t", project_id=None, host_group="app-hosts", ip="10.0.0.5"), "host_group"),
    (dict(HW, hw_auth_token="t", host_group="a b", ip="10.0.0.5"), "host_group must be a host group name"),
    (dict(HW, hw_auth_token="t", host_group="app-hosts", ip="10.0.0.5", update_password="sometimes"), "update_password"),
])
def test_codearts_host_refuses_bad_group_and_login_options(run_module, args, message):
    assert message in refused(run_module, codearts_host, args)

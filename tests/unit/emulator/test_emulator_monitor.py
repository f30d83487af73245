# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""BlueKing Monitor's storage cluster configs behind the ESB: rules, codes, messages, envelope, hooks."""

from __future__ import annotations

import base64
import json
import re
import time

import pytest
from bkapi_component.open.client import Client

PATH = "/api/c/compapi/v2/monitor_v3/"
HOOKS = "/blueking/monitor"
INFLUX = {"cluster_name": "t_influx", "cluster_type": "influxdb", "domain_name": "influxdb.test.local", "port": 8086,
          "operator": "alice", "auth_info": {"username": "monitor", "password": "influx-pass"}}
DEFAULT_ID, OTHER_APP_ID = 1, 2
NOT_FOUND = "找不到指定的集群配置，请确认后重试"
REQUIRED = ["This field is required."]


def _url(emulator, component, slash=True):
    return emulator.vars["bk_url"] + PATH + component + ("/" if slash else "")


def _post(emulator, component, body=None, auth=None, slash=True):
    headers = {"X-Bkapi-Authorization": json.dumps(emulator.credentials() if auth is None else auth)}
    response = emulator.session.post(_url(emulator, component, slash), json=body or {}, headers=headers, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def _ok(envelope):
    assert (envelope["result"], envelope["code"], envelope["message"]) == (True, 200, "OK"), envelope
    return envelope["data"]


def _failed(envelope, code=500):
    """The message of a bk-monitor error envelope with `code`."""
    assert (envelope["result"], envelope["code"], envelope["name"], envelope["data"]) == (False, code, None, {}), envelope
    message = envelope["message"]
    assert envelope["error_details"] == {"exc_type": None, "exc_code": None, "overview": message, "detail": message,
                                         "popup_message": "warn"}
    assert ("detail" in envelope) == (code == 400)
    return message


def call(emulator, component, body=None, **kwargs):
    return _ok(_post(emulator, "metadata_%s_cluster_info" % component, body, **kwargs))


def error(emulator, component, body=None, code=500):
    return _failed(_post(emulator, "metadata_%s_cluster_info" % component, body), code)


def invalid(emulator, component, body):
    """The `detail` of a validation error (code 400)."""
    envelope = _post(emulator, "metadata_%s_cluster_info" % component, body)
    _failed(envelope, 400)
    return envelope["detail"]


def get(emulator, **params):
    """metadata_get_cluster_info as it is called: GET, with the credentials in the query string."""
    response = emulator.session.get(_url(emulator, "metadata_get_cluster_info"), params=dict(emulator.credentials(), **params),
                                    timeout=10)
    assert response.status_code == 200, response.text
    return _ok(response.json())


def plain(emulator, name):
    (found,) = get(emulator, cluster_name=name, is_plain_text="true")
    return found


def create(emulator, **changes):
    return call(emulator, "create", dict(INFLUX, **changes))


def add_cluster(emulator, **fields):
    return emulator.control("POST", HOOKS + "/clusters", json=fields)


def decoded(text):
    return base64.b64decode(text).decode()


# --- envelope, ESB and the request log

def test_a_create_answers_the_bare_id_in_monitors_envelope(emulator):
    envelope = _post(emulator, "metadata_create_cluster_info", INFLUX)
    assert set(envelope) == {"result", "code", "message", "data", "request_id"}
    assert (envelope["result"], envelope["code"], envelope["message"]) == (True, 200, "OK")
    assert isinstance(envelope["data"], int) and not isinstance(envelope["data"], bool)
    assert plain(emulator, "t_influx")["cluster_config"]["cluster_id"] == envelope["data"]


def test_the_trailing_slash_is_optional(emulator):
    cluster_id = _ok(_post(emulator, "metadata_create_cluster_info", INFLUX, slash=False))
    response = emulator.session.get(_url(emulator, "metadata_get_cluster_info", slash=False),
                                    params=dict(emulator.credentials(), cluster_id=cluster_id), timeout=10)
    assert [c["cluster_config"]["cluster_name"] for c in _ok(response.json())] == ["t_influx"]


def test_esb_errors_keep_esbs_envelope(emulator):
    refused = _post(emulator, "metadata_create_cluster_info", INFLUX, auth=emulator.credentials(bk_app_secret="wrong"))
    assert (refused["result"], refused["code"], refused["data"], refused["permission"]) == (False, 1306000, None, None)
    unknown = _post(emulator, "metadata_query_cluster_info", {})
    assert (unknown["result"], unknown["code"], unknown["message"]) == (False, 1306404, "Not found, component class not found")
    assert get(emulator, cluster_name="t_influx") == []


def test_get_reads_the_credentials_from_the_query_string(emulator):
    params = dict(emulator.credentials(), cluster_id="1")
    response = emulator.session.get(_url(emulator, "metadata_get_cluster_info"), params=params, timeout=10)
    assert [c["cluster_config"]["cluster_name"] for c in _ok(response.json())] == ["default_influx"]
    params["bk_app_secret"] = "wrong"
    refused = emulator.session.get(_url(emulator, "metadata_get_cluster_info"), params=params, timeout=10).json()
    assert (refused["result"], refused["code"]) == (False, 1306000)


def test_the_log_names_the_operations_and_flags_the_writes(emulator):
    cluster_id = create(emulator)
    get(emulator, cluster_id=cluster_id)
    call(emulator, "modify", {"cluster_id": cluster_id, "operator": "bob", "description": "x"})
    call(emulator, "delete", {"cluster_id": cluster_id})
    error(emulator, "delete", {"cluster_id": cluster_id})
    log = emulator.log()
    assert [(e["platform"], e["operation"], e["mutating"], e["method"]) for e in log] == [
        ("blueking", "monitor_v3.metadata_create_cluster_info", True, "POST"),
        ("blueking", "monitor_v3.metadata_get_cluster_info", False, "GET"),
        ("blueking", "monitor_v3.metadata_modify_cluster_info", True, "POST"),
        ("blueking", "monitor_v3.metadata_delete_cluster_info", True, "POST"),
        ("blueking", "monitor_v3.metadata_delete_cluster_info", True, "POST")]
    assert all(e["status"] == 200 and e["request_id"] for e in log)


# --- create

def test_create_stores_the_defaults_and_the_callers_app(emulator):
    before = int(time.time())
    cluster_id = create(emulator, custom_label="retention=7d", cluster_name="  t_influx ")
    found = plain(emulator, "t_influx")
    config = found["cluster_config"]
    assert found["cluster_type"] == "influxdb"
    assert found["auth_info"] == {"password": "influx-pass", "username": "monitor"}
    assert config["cluster_id"] == cluster_id
    assert (config["display_name"], config["registered_system"], config["is_default_cluster"]) == ("t_influx", "clusterops", False)
    assert (config["creator"], config["last_modify_user"]) == ("alice", "alice")
    assert (config["version"], config["custom_option"], config["schema"], config["is_ssl_verify"]) == ("", "", "", False)
    assert (config["extranet_domain_name"], config["extranet_port"], config["ssl_verification_mode"]) == ("", 0, "")
    assert before <= config["create_time"] == config["last_modify_time"] <= int(time.time())
    assert "custom_label" not in json.dumps(found)


@pytest.mark.parametrize("name", [None, ""])
def test_create_without_a_name_makes_one_up(emulator, name):
    body = dict(INFLUX, cluster_name=name)
    if name is None:
        del body["cluster_name"]
    cluster_id = call(emulator, "create", body)
    (found,) = get(emulator, cluster_id=cluster_id)
    config = found["cluster_config"]
    assert re.fullmatch(r"auto_cluster_name_[A-Za-z0-9]{16}", config["cluster_name"])
    assert config["display_name"] == config["cluster_name"]


def test_create_checks_its_parameters_as_drf_does(emulator):
    envelope = _post(emulator, "metadata_create_cluster_info", {"cluster_name": "t_x", "custom_label": "ignored"})
    assert _failed(envelope, 400) == (
        "{'cluster_type': [ErrorDetail(string='This field is required.', code='required')], "
        "'domain_name': [ErrorDetail(string='This field is required.', code='required')], "
        "'port': [ErrorDetail(string='This field is required.', code='required')], "
        "'operator': [ErrorDetail(string='This field is required.', code='required')]}")
    assert envelope["detail"] == {"cluster_type": REQUIRED, "domain_name": REQUIRED, "port": REQUIRED, "operator": REQUIRED}
    assert get(emulator, cluster_name="t_x") == []


@pytest.mark.parametrize("field, value, message", [
    ("port", "http", "A valid integer is required."),
    ("port", True, "A valid integer is required."),
    ("port", 80.5, "A valid integer is required."),
    ("cluster_name", "-starts-with-a-dash", "This value does not match the required pattern."),
    ("cluster_name", "n" * 51, "This value does not match the required pattern."),
    ("cluster_name", "has space", "This value does not match the required pattern."),
    ("display_name", "d" * 129, "Ensure this field has no more than 128 characters."),
    ("display_name", "", "This field may not be blank."),
    ("operator", "  ", "This field may not be blank."),
    ("custom_option", "", "This field may not be blank."),
    ("domain_name", None, "This field may not be null."),
    ("domain_name", {"host": "x"}, "Not a valid string."),
    ("auth_info", None, "This field may not be null."),
    ("is_ssl_verify", "maybe", "Must be a valid boolean."),
])
def test_create_refuses_a_bad_value(emulator, field, value, message):
    assert invalid(emulator, "create", dict(INFLUX, **{field: value})) == {field: [message]}


def test_create_converts_as_drf_does(emulator):
    cluster_id = create(emulator, port="8086", is_ssl_verify="true", extranet_port=9.0, version=2)
    config = get(emulator, cluster_id=cluster_id)[0]["cluster_config"]
    assert (config["port"], config["is_ssl_verify"], config["extranet_port"], config["version"]) == (8086, True, 9, "2")


def test_a_name_is_taken_whatever_the_type(emulator):
    message = error(emulator, "create", dict(INFLUX, cluster_name="other_app_kafka"))
    assert message == "集群名【other_app_kafka】与已有集群冲突，请确认后重试"


@pytest.mark.parametrize("cluster_type", ["influxDB", "Kafka", "doris", "victoria_metrics"])
def test_create_takes_only_five_lower_case_types(emulator, cluster_type):
    assert error(emulator, "create", dict(INFLUX, cluster_type=cluster_type)) == "存储集群【%s】暂不支持，请确认后重试" % cluster_type


@pytest.mark.parametrize("cluster_type", ["influxdb", "elasticsearch", "kafka", "redis", "argus"])
def test_create_takes_the_five_types(emulator, cluster_type):
    assert get(emulator, cluster_id=create(emulator, cluster_type=cluster_type))[0]["cluster_type"] == cluster_type


def test_the_same_address_and_user_is_one_cluster(emulator):
    create(emulator)
    same = dict(INFLUX, cluster_name="t_again", cluster_type="redis", auth_info={"username": "monitor", "password": "other"})
    assert error(emulator, "create", same) == "存在同样配置集群，请确认后重试"
    create(emulator, cluster_name="t_other_user", auth_info={"username": "reader"})
    create(emulator, cluster_name="t_other_port", port=8087)


def test_auth_info_that_is_not_an_object_is_an_error(emulator):
    assert error(emulator, "create", dict(INFLUX, auth_info="monitor:pass")) == "'str' object has no attribute 'get'"


def test_the_create_response_switch(emulator):
    assert emulator.control("POST", HOOKS + "/create_response", json={"shape": "dict"}) == {"shape": "dict"}
    data = create(emulator)
    assert set(data) == {"cluster_id"} and isinstance(data["cluster_id"], int)
    assert get(emulator, cluster_id=data["cluster_id"])[0]["cluster_config"]["cluster_name"] == "t_influx"
    emulator.control("POST", HOOKS + "/create_response", json={"shape": "int"})
    assert isinstance(create(emulator, cluster_name="t_int", port=1), int)
    emulator.control("POST", HOOKS + "/create_response", json={"shape": "dict"})
    emulator.control("POST", "/reset")
    assert isinstance(create(emulator), int)


# --- get

def test_get_hides_the_credentials_in_base64_unless_plain_text(emulator):
    cluster_id = create(emulator, ssl_certificate="CERT", ssl_certificate_key="KEY")
    (hidden,) = get(emulator, cluster_id=cluster_id)
    (shown,) = get(emulator, cluster_id=cluster_id, is_plain_text="true")
    assert json.loads(decoded(hidden["auth_info"])) == shown["auth_info"] == {"password": "influx-pass", "username": "monitor"}
    assert decoded(hidden["auth_info"]) == '{"password": "influx-pass", "username": "monitor"}'
    for config in (hidden["cluster_config"], shown["cluster_config"]):
        assert config["ssl_certificate"] == "base64://" + base64.b64encode(b"CERT").decode()
        assert config["ssl_certificate_key"] == "base64://" + base64.b64encode(b"KEY").decode()
        assert config["ssl_certificate_authorities"] == config["raw_ssl_certificate_authorities"] == ""
    assert (decoded(hidden["cluster_config"]["raw_ssl_certificate"]), shown["cluster_config"]["raw_ssl_certificate"]) == ("CERT", "CERT")
    assert (decoded(hidden["cluster_config"]["raw_ssl_certificate_key"]), shown["cluster_config"]["raw_ssl_certificate_key"]) == ("KEY", "KEY")
    assert get(emulator, cluster_id=cluster_id, is_plain_text="false") == [hidden]
    assert get(emulator, cluster_id=cluster_id, is_plain_text="1") == [shown]


def test_get_shows_every_key_of_the_config(emulator):
    (found,) = get(emulator, cluster_id=DEFAULT_ID)
    assert set(found) == {"cluster_config", "cluster_type", "auth_info"}
    assert list(found["cluster_config"]) == [
        "domain_name", "port", "extranet_domain_name", "extranet_port", "schema", "is_ssl_verify", "ssl_verification_mode",
        "ssl_insecure_skip_verify", "ssl_certificate_authorities", "ssl_certificate", "ssl_certificate_key",
        "raw_ssl_certificate_authorities", "raw_ssl_certificate", "raw_ssl_certificate_key", "cluster_id", "cluster_name",
        "display_name", "version", "custom_option", "registered_system", "creator", "create_time", "last_modify_user",
        "last_modify_time", "is_default_cluster"]
    assert (found["cluster_config"]["is_default_cluster"], found["cluster_config"]["registered_system"]) == (True, "_default")


def test_kafka_credentials_come_with_sasl_settings(emulator):
    sasl = {"sasl_mechanisms": "SCRAM-SHA-512", "security_protocol": "SASL_PLAINTEXT"}
    assert plain(emulator, "other_app_kafka")["auth_info"] == dict(sasl, password="other-app-secret", username="other")
    (hidden,) = get(emulator, cluster_name="other_app_kafka")
    assert json.loads(decoded(hidden["auth_info"]))["sasl_mechanisms"] == "SCRAM-SHA-512"
    create(emulator, cluster_name="t_kafka", cluster_type="kafka", auth_info={"username": "only-a-user"})
    assert plain(emulator, "t_kafka")["auth_info"] == {"password": "", "username": "only-a-user"}


def test_get_filters_by_id_else_name_and_by_type(emulator):
    create(emulator)

    def names(**params):
        return [c["cluster_config"]["cluster_name"] for c in get(emulator, **params)]
    assert names() == ["default_influx", "other_app_kafka", "t_influx"]
    assert names(cluster_type="influxdb") == ["default_influx", "t_influx"]
    assert names(cluster_name="t_influx", cluster_type="influxdb") == ["t_influx"]
    assert names(cluster_name="t_influx", cluster_type="kafka") == []
    assert names(cluster_id=OTHER_APP_ID, cluster_name="t_influx") == ["other_app_kafka"]
    assert names(cluster_id="99") == [] and names(cluster_name="nothing") == [] and names(cluster_type="InfluxDB") == []


def test_get_checks_its_parameters(emulator):
    params = dict(emulator.credentials(), cluster_id="one", is_plain_text="perhaps")
    envelope = emulator.session.get(_url(emulator, "metadata_get_cluster_info"), params=params, timeout=10).json()
    _failed(envelope, 400)
    assert envelope["detail"] == {"cluster_id": ["A valid integer is required."], "is_plain_text": ["Must be a valid boolean."]}


# --- modify

def test_modify_changes_what_it_is_given_and_answers_the_plain_config(emulator):
    cluster_id = create(emulator)
    data = call(emulator, "modify", {"cluster_name": "t_influx", "operator": "bob", "display_name": "Main", "description": "",
                                     "custom_option": "opt", "schema": "https", "is_ssl_verify": True, "extranet_port": 18086,
                                     "auth_info": {"username": "monitor", "password": "new-pass"}})
    assert set(data) == {"cluster_config", "cluster_type", "auth_info"}
    assert data["auth_info"] == {"password": "new-pass", "username": "monitor"}
    assert data == plain(emulator, "t_influx")
    config = data["cluster_config"]
    assert (config["cluster_id"], config["display_name"], config["custom_option"], config["schema"]) == (cluster_id, "Main", "opt", "https")
    assert (config["is_ssl_verify"], config["extranet_port"], config["last_modify_user"], config["creator"]) == (True, 18086, "bob", "alice")


def test_modify_ignores_what_cannot_change(emulator):
    cluster_id = create(emulator, version="1.8")
    before = plain(emulator, "t_influx")["cluster_config"]
    call(emulator, "modify", {"cluster_id": cluster_id, "operator": "bob", "auth_info": INFLUX["auth_info"], "cluster_name": "t_renamed",
                              "cluster_type": "redis", "domain_name": "elsewhere", "port": 1, "version": "2.0", "registered_system": "x"})
    after = plain(emulator, "t_influx")
    assert after["cluster_type"] == "influxdb"
    for key in ("cluster_name", "domain_name", "port", "version", "registered_system", "display_name"):
        assert after["cluster_config"][key] == before[key]


def test_modify_sets_both_username_and_password(emulator):
    cluster_id = create(emulator)
    call(emulator, "modify", {"cluster_id": cluster_id, "operator": "bob", "auth_info": {"password": "p2"}})
    assert plain(emulator, "t_influx")["auth_info"] == {"password": "p2", "username": ""}
    call(emulator, "modify", {"cluster_id": cluster_id, "operator": "bob", "auth_info": {"username": "u3"}})
    assert plain(emulator, "t_influx")["auth_info"] == {"password": "", "username": "u3"}
    # auth_info defaults to {}: a modify that leaves it out blanks both
    call(emulator, "modify", {"cluster_id": cluster_id, "operator": "bob", "auth_info": {"username": "u4", "password": "p4"}})
    call(emulator, "modify", {"cluster_id": cluster_id, "operator": "bob", "description": "only this"})
    assert plain(emulator, "t_influx")["auth_info"] == {"password": "", "username": ""}


@pytest.mark.parametrize("body, detail", [
    ({"cluster_id": 1}, {"operator": REQUIRED}),
    ({"cluster_id": 1, "operator": "bob", "description": None}, {"description": ["This field may not be null."]}),
    ({"cluster_id": 1, "operator": "bob", "auth_info": None}, {"auth_info": ["This field may not be null."]}),
    ({"cluster_name": "", "operator": "bob"}, {"cluster_name": ["This field may not be blank."]}),
    ({"cluster_name": "bad name", "operator": "bob"}, {"cluster_name": ["This value does not match the required pattern."]}),
    ({"cluster_id": "x", "operator": "bob", "is_ssl_verify": "sure"},
     {"cluster_id": ["A valid integer is required."], "is_ssl_verify": ["Must be a valid boolean."]}),
])
def test_modify_checks_its_parameters(emulator, body, detail):
    assert invalid(emulator, "modify", body) == detail


def test_modify_finds_one_cluster_it_may_change(emulator):
    assert error(emulator, "modify", {"operator": "bob"}) == "需要至少提供集群ID或集群名"
    assert error(emulator, "modify", {"cluster_id": 99, "operator": "bob"}) == NOT_FOUND
    assert error(emulator, "modify", {"cluster_name": "t_none", "operator": "bob"}) == NOT_FOUND
    # another app's cluster is out of reach; a _default one and any doris one are not
    assert error(emulator, "modify", {"cluster_id": OTHER_APP_ID, "operator": "bob", "description": "x"}) == NOT_FOUND
    assert plain(emulator, "other_app_kafka")["auth_info"]["password"] == "other-app-secret"
    call(emulator, "modify", {"cluster_name": "default_influx", "operator": "bob", "display_name": "Default"})
    assert plain(emulator, "default_influx")["cluster_config"]["display_name"] == "Default"
    add_cluster(emulator, cluster_name="t_doris", cluster_type="doris", domain_name="doris.local", port=9030, registered_system="bkdata")
    call(emulator, "modify", {"cluster_name": "t_doris", "operator": "bob", "custom_option": "c"})
    assert plain(emulator, "t_doris")["cluster_config"]["custom_option"] == "c"


def test_modify_by_a_name_of_two_types_needs_the_type(emulator):
    for cluster_type in ("redis", "elasticsearch"):
        add_cluster(emulator, cluster_name="t_twice", cluster_type=cluster_type, domain_name="h", port=1)
    message = error(emulator, "modify", {"cluster_name": "t_twice", "operator": "bob"})
    assert message == "找到多个符合条件的集群配置，可能是不同类型的集群名相同，请提供集群类型后重试"
    data = call(emulator, "modify", {"cluster_name": "t_twice", "cluster_type": "redis", "operator": "bob", "description": "r"})
    assert data["cluster_type"] == "redis"


def test_modify_renames_a_cluster_whose_name_breaks_the_rule(emulator):
    cluster_id = add_cluster(emulator, cluster_name="old name!", cluster_type="redis", domain_name="h", port=1)["cluster_id"]
    data = call(emulator, "modify", {"cluster_id": cluster_id, "operator": "bob"})
    assert data["cluster_config"]["cluster_name"] == "auto_cluster_name_%d" % cluster_id
    assert data["cluster_config"]["display_name"] == "old name!"


# --- delete

def test_delete_removes_the_cluster_and_a_second_delete_is_an_error(emulator):
    cluster_id = create(emulator)
    envelope = _post(emulator, "metadata_delete_cluster_info", {"cluster_name": "t_influx"})
    assert _ok(envelope) is None and "data" in envelope
    assert get(emulator, cluster_id=cluster_id) == []
    assert error(emulator, "delete", {"cluster_name": "t_influx"}) == NOT_FOUND
    assert error(emulator, "delete", {"cluster_id": cluster_id}) == NOT_FOUND
    assert error(emulator, "delete", {}) == "需要至少提供集群ID或集群名"
    assert invalid(emulator, "delete", {"cluster_id": "x"}) == {"cluster_id": ["A valid integer is required."]}


@pytest.mark.parametrize("body", [{"cluster_id": DEFAULT_ID}, {"cluster_name": "default_influx"}, {"cluster_id": OTHER_APP_ID},
                                  {"cluster_name": "other_app_kafka"}])
def test_delete_reaches_only_the_callers_own_clusters(emulator, body):
    assert error(emulator, "delete", body) == NOT_FOUND
    assert len(get(emulator)) == 2


def test_the_default_cluster_cannot_be_deleted(emulator):
    add_cluster(emulator, cluster_name="t_default_es", cluster_type="elasticsearch", domain_name="es.local", port=9200,
                is_default_cluster=True, registered_system=emulator.vars["bk_app_code"])
    assert error(emulator, "delete", {"cluster_name": "t_default_es"}) == "默认集群不能删除"
    assert len(get(emulator, cluster_name="t_default_es")) == 1


def test_a_cluster_with_enabled_result_tables_cannot_be_deleted(emulator):
    cluster_id = create(emulator)
    hook = HOOKS + "/clusters/%d/result_tables" % cluster_id
    assert emulator.control("POST", hook, json={"ids": [1001, "2_system.cpu"]}) == {"cluster_id": cluster_id, "ids": [1001, "2_system.cpu"]}
    assert error(emulator, "delete", {"cluster_id": cluster_id}) == "存在未关闭的结果表 1001,2_system.cpu"
    emulator.control("POST", hook, json={"ids": []})
    assert call(emulator, "delete", {"cluster_id": cluster_id}) is None


# --- hooks and the published client

def test_the_hooks_check_what_they_are_given(emulator):
    for path, body, status in [(HOOKS + "/clusters/99/result_tables", {"ids": []}, 404),
                               (HOOKS + "/create_response", {"shape": "list"}, 422),
                               (HOOKS + "/clusters", {"cluster_name": "x"}, 422),
                               (HOOKS + "/clusters", {"cluster_name": "x", "cluster_type": "redis", "domain_name": "h", "port": 1, "colour": 1}, 422)]:
        response = emulator.session.post(emulator.url + "/__emulator__" + path, json=body, timeout=10)
        assert response.status_code == status, (path, body, response.text)


def test_bkapi_client_creates_and_modifies(emulator):
    client = Client(endpoint=emulator.vars["bk_url"], bk_api_ver="v2")
    client.update_bkapi_authorization(bk_app_code=emulator.vars["bk_app_code"], bk_app_secret=emulator.vars["bk_app_secret"],
                                      bk_username=emulator.vars["bk_username"])
    created = client.monitor_v3.metadata_create_cluster_info(INFLUX)
    assert (created["result"], created["code"], created["message"]) == (True, 200, "OK")
    modified = client.monitor_v3.metadata_modify_cluster_info({"cluster_id": created["data"], "operator": "sdk", "description": "d",
                                                               "auth_info": {"username": "monitor", "password": "sdk-pass"}})
    assert modified["result"] is True and modified["data"]["auth_info"]["password"] == "sdk-pass"
    refused = client.monitor_v3.metadata_modify_cluster_info({"cluster_id": OTHER_APP_ID, "operator": "sdk"})
    assert (refused["result"], refused["code"], refused["message"]) == (False, 500, NOT_FOUND)
    # the published client has no get or delete component for storage clusters
    assert not hasattr(client.monitor_v3, "metadata_get_cluster_info")
    assert not hasattr(client.monitor_v3, "metadata_delete_cluster_info")
    assert [(e["operation"], e["mutating"]) for e in emulator.log()] == [
        ("monitor_v3.metadata_create_cluster_info", True), ("monitor_v3.metadata_modify_cluster_info", True),
        ("monitor_v3.metadata_modify_cluster_info", True)]

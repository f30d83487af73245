# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from ansible_collections.clusterops.platforms.plugins.modules import bk_storage_cluster, bk_storage_cluster_info

BK = "https://paas.example.com"
SECRET = "app-secret-3f9a"
PASSWORD = "influx-pass-77c1"
CONNECTION = dict(bk_url=BK, bk_app_code="clusterops", bk_app_secret=SECRET, bk_username="admin")
CLUSTER = dict(CONNECTION, cluster_name="influx_main", cluster_type="influxDB", domain_name="influx.local",
               port=8086, auth_info=dict(username="monitor", password=PASSWORD))


def url(component):
    return "%s/api/c/compapi/v2/monitor_v3/%s/" % (BK, component)


def stored(**config):
    """A metadata_get_cluster_info entry (plain text) for the cluster above."""
    cluster_config = dict(cluster_id=12, cluster_name="influx_main", display_name="influx_main",
                          domain_name="influx.local", port=8086, version="", description="", schema="",
                          is_ssl_verify=False, registered_system="clusterops", is_default_cluster=False,
                          ssl_certificate="base64://Q0VSVA==", raw_ssl_certificate="CERT")
    cluster_config.update(config)
    return dict(cluster_config=cluster_config, cluster_type="influxdb",
                auth_info=dict(username="monitor", password=PASSWORD))


def reply(component, data, method=responses.POST):
    responses.add(method, url(component),
                  json=dict(result=True, code=200, message="OK", data=data, request_id="rid-ok"))


def read(*entries):
    reply("metadata_get_cluster_info", list(entries), method=responses.GET)


def failure(component, message, code=500):
    responses.add(responses.POST, url(component),
                  json=dict(result=False, code=code, name=None, message=message, data={}, request_id="rid-err"))


def calls():
    return [(c.request.method, c.request.url.split("/monitor_v3/")[1].split("/")[0]) for c in responses.calls]


def body(index):
    return json.loads(responses.calls[index].request.body)


def query(index):
    return {k: v[0] for k, v in parse_qs(urlsplit(responses.calls[index].request.url).query).items()}


@pytest.mark.parametrize("created", [12, {"cluster_id": 12}])
@responses.activate
def test_create_lowercases_the_type_and_reads_back_by_id(run_module, created):
    read()
    reply("metadata_create_cluster_info", created)
    read(stored())
    result, failed = run_module(bk_storage_cluster, CLUSTER, diff=True)
    assert not failed and result["changed"]
    assert calls() == [("GET", "metadata_get_cluster_info"), ("POST", "metadata_create_cluster_info"),
                       ("GET", "metadata_get_cluster_info")]
    assert query(0)["cluster_name"] == "influx_main" and query(0)["cluster_type"] == "influxdb"
    assert query(0)["is_plain_text"] == "true" and "bk_app_secret" not in query(0)
    sent = body(1)
    assert sent["cluster_type"] == "influxdb" and sent["operator"] == "admin"
    assert sent["auth_info"] == dict(username="monitor", password=PASSWORD)
    assert query(2)["cluster_id"] == "12"
    assert result["cluster_id"] == 12
    assert result["storage_cluster"]["ssl_certificate"] == "CERT"
    assert PASSWORD not in repr(result)
    assert result["diff"]["after"]["auth_info"]["password"] == "********"


@responses.activate
def test_unchanged_cluster_sends_no_write(run_module):
    read(stored())
    result, failed = run_module(bk_storage_cluster, dict(CLUSTER, ssl_certificate="CERT"))
    assert not failed and result["changed"] is False
    assert calls() == [("GET", "metadata_get_cluster_info")]


@responses.activate
def test_a_password_change_alone_is_detected_and_sent_with_the_user_name(run_module):
    read(stored())
    reply("metadata_modify_cluster_info", {})
    read(stored())
    new_auth = dict(username="monitor", password="new-pass-1")
    result, failed = run_module(bk_storage_cluster, dict(CLUSTER, auth_info=new_auth))
    assert not failed and result["changed"]
    assert body(1) == dict(cluster_id=12, operator="admin",
                           auth_info=dict(username="monitor", password="new-pass-1"))
    assert "new-pass-1" not in repr(result)


@responses.activate
def test_a_modify_always_keeps_the_stored_credentials(run_module):
    read(stored())
    reply("metadata_modify_cluster_info", {})
    read(stored(display_name="Main"))
    args = dict(CLUSTER, display_name="Main", description="new")
    del args["auth_info"]
    result, failed = run_module(bk_storage_cluster, args)
    assert not failed and result["changed"]
    assert body(1)["display_name"] == "Main"
    assert body(1)["description"] == "new"  # unreadable, so it rides along with the change
    assert body(1)["auth_info"] == dict(username="monitor", password=PASSWORD)


@responses.activate
def test_the_unreadable_description_alone_is_not_a_change(run_module):
    read(stored())
    result, failed = run_module(bk_storage_cluster, dict(CLUSTER, description="anything"))
    assert not failed and result["changed"] is False
    assert calls() == [("GET", "metadata_get_cluster_info")]


@pytest.mark.parametrize("change", [dict(port=9999), dict(domain_name="other.local"), dict(cluster_type="kafka"),
                                    dict(version="2.0")])
@responses.activate
def test_create_only_changes_are_errors_naming_the_field(run_module, change):
    read(stored())
    result, failed = run_module(bk_storage_cluster, dict(CLUSTER, **change))
    assert failed and list(change)[0] in result["msg"]
    assert [c for c in calls() if c[0] == "POST"] == []


@pytest.mark.parametrize("change, words", [
    (dict(cluster_name="-bad"), "cluster_name must be 1 to 50 letters"),
    (dict(cluster_name="x" * 51), "cluster_name must be 1 to 50 letters"),
    (dict(cluster_type="mysql"), "cluster_type must be one of influxdb, kafka, redis, elasticsearch"),
    (dict(port=70000), "port must be between 1 and 65535"),
    (dict(description="d" * 257), "description must be 0 to 256 characters long"),
])
@responses.activate
def test_bad_input_fails_before_any_request(run_module, change, words):
    result, failed = run_module(bk_storage_cluster, dict(CLUSTER, **change))
    assert failed and words in result["msg"]
    assert calls() == []


@responses.activate
def test_create_needs_the_address(run_module):
    read()
    args = dict(CLUSTER)
    del args["port"]
    result, failed = run_module(bk_storage_cluster, args, check_mode=True)
    assert failed and "port is required to create storage cluster 'influx_main'" in result["msg"]
    assert calls() == [("GET", "metadata_get_cluster_info")]


@responses.activate
def test_operator_is_needed_without_a_user_name(run_module):
    read()
    args = dict(CLUSTER, bk_token="tok-123")
    del args["bk_username"]
    result, failed = run_module(bk_storage_cluster, args)
    assert failed and "operator is required" in result["msg"]
    assert [c for c in calls() if c[0] == "POST"] == []


@responses.activate
def test_check_mode_predicts_a_password_change_without_writing(run_module):
    read(stored())
    result, failed = run_module(bk_storage_cluster, dict(CLUSTER, auth_info=dict(username="monitor", password="x2")),
                                check_mode=True, diff=True)
    assert result["changed"] and calls() == [("GET", "metadata_get_cluster_info")]
    assert result["diff"]["before"]["auth_info"]["password"] == "********"
    assert "x2" not in json.dumps(result)


@responses.activate
def test_absent_when_missing_sends_no_delete(run_module):
    read()
    result, failed = run_module(bk_storage_cluster, dict(CONNECTION, cluster_name="gone", state="absent"))
    assert not failed and result["changed"] is False and result["cluster_id"] is None


@pytest.mark.parametrize("config, words", [
    (dict(is_default_cluster=True), "default cluster"),
    (dict(registered_system="bk_other_app"), "registered by the BlueKing app 'bk_other_app'"),
])
@responses.activate
def test_undeletable_clusters_fail_before_the_delete(run_module, config, words):
    read(stored(**config))
    result, failed = run_module(bk_storage_cluster, dict(CONNECTION, cluster_name="influx_main", state="absent"))
    assert failed and words in result["msg"]
    assert calls() == [("GET", "metadata_get_cluster_info")]


@responses.activate
def test_result_tables_block_the_delete_with_an_explanation(run_module):
    read(stored())
    failure("metadata_delete_cluster_info", "存在未关闭的结果表 [1001]")
    read(stored())
    result, failed = run_module(bk_storage_cluster, dict(CONNECTION, cluster_name="influx_main", state="absent"))
    assert failed and "disable them first" in result["msg"] and "rid-err" in result["msg"]
    assert result["storage_cluster"]["cluster_id"] == 12 and result["changed"] is False
    assert PASSWORD not in repr(result)


@responses.activate
def test_validation_errors_show_the_field_details(run_module):
    read()
    responses.add(responses.POST, url("metadata_create_cluster_info"), json=dict(
        result=False, code=400, message="参数校验失败", detail={"operator": ["该字段是必填项。"]}, request_id="r4"))
    read()
    result, failed = run_module(bk_storage_cluster, CLUSTER)
    assert failed and "operator" in result["msg"] and "code 400" in result["msg"]


@responses.activate
def test_info_masks_every_secret(run_module):
    read(stored(raw_ssl_certificate_key="KEY-PEM", ssl_certificate_key="base64://S0VZ"))
    result, failed = run_module(bk_storage_cluster_info, dict(CONNECTION, cluster_type="InfluxDB"))
    assert not failed
    assert query(0)["cluster_type"] == "influxdb" and "cluster_name" not in query(0)
    cluster = result["storage_clusters"][0]
    assert cluster["auth_info"] == dict(username="monitor", password="********")
    assert cluster["ssl_certificate_key"] == "********"
    assert PASSWORD not in repr(result) and "KEY-PEM" not in repr(result)

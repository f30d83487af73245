# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json
import threading
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


# The list form (clusters): against an in-memory BlueKing Monitor that answers as the ESB does.

class Monitor:
    """Cluster configs behind `responses`, flat as bk-monitor stores them; creating a name in `refuse`
    is refused as a cluster with the same address and user would be."""

    def __init__(self, *clusters):
        self.clusters = [dict(c) for c in clusters]
        self.refuse = set()
        self.lock = threading.Lock()
        responses.add_callback(responses.GET, url("metadata_get_cluster_info"), self.get)
        for component in ("metadata_create_cluster_info", "metadata_modify_cluster_info", "metadata_delete_cluster_info"):
            responses.add_callback(responses.POST, url(component), self.write)

    def names(self):
        return {c["cluster_name"]: c for c in self.clusters}

    def get(self, request):
        ask = {k: v[0] for k, v in parse_qs(urlsplit(request.url).query).items()}
        assert ask.pop("is_plain_text") == "true"
        found = [c for c in self.clusters if all(str(c[k]) == v for k, v in ask.items())]
        return envelope([dict(cluster_type=c["cluster_type"], auth_info=dict(username=c["username"], password=c["password"]),
                              cluster_config=dict({k: v for k, v in c.items() if k not in ("cluster_type", "username", "password")},
                                                  raw_ssl_certificate_key=c.get("ssl_certificate_key", "")))
                         for c in found])

    def write(self, request):
        component = request.url.split("/monitor_v3/")[1].strip("/")
        sent = json.loads(request.body)
        auth = sent.pop("auth_info", {})
        with self.lock:
            if component == "metadata_create_cluster_info":
                if sent["cluster_name"] in self.refuse:
                    return 200, {}, json.dumps(dict(result=False, code=500, message="存在同样配置集群，请确认后重试",
                                                    data=None, request_id="rid-refused"))
                self.clusters.append(dict(sent, cluster_id=len(self.clusters) + 100, registered_system="clusterops",
                                          is_default_cluster=False, **auth))
                return envelope(self.clusters[-1]["cluster_id"])
            found = next(c for c in self.clusters if c["cluster_id"] == sent["cluster_id"])
            if component == "metadata_delete_cluster_info":
                self.clusters.remove(found)
            else:
                found.update(sent, username=auth.get("username", ""), password=auth.get("password", ""))
            return envelope({})


def envelope(data):
    return 200, {}, json.dumps(dict(result=True, code=200, message="OK", data=data, request_id="rid-ok"))


def cluster(cluster_id, name, cluster_type="influxdb", **fields):
    return dict(dict(cluster_id=cluster_id, cluster_name=name, cluster_type=cluster_type, domain_name=name + ".local",
                     port=8086, display_name=name, username="monitor", password=PASSWORD, registered_system="clusterops",
                     is_default_cluster=False), **fields)


SEEDED = (cluster(1, "default_influx", registered_system="_default", is_default_cluster=True),
          cluster(2, "other_app_kafka", "kafka", registered_system="bk_other_app"))


def writes():
    """(component, cluster name or id) of each write, sorted."""
    return sorted((c.request.url.split("/monitor_v3/")[1].strip("/").split("_")[1],
                   json.loads(c.request.body).get("cluster_name") or json.loads(c.request.body)["cluster_id"])
                  for c in responses.calls if c.request.method == "POST")


def run_list(run_module, items, check_mode=False, **args):
    return run_module(bk_storage_cluster, dict(CONNECTION, clusters=items, **args), check_mode=check_mode, diff=True)


def item(name, **fields):
    return dict(dict(cluster_name=name, cluster_type="influxdb", domain_name=name + ".local", port=8086,
                     auth_info=dict(username="monitor", password=PASSWORD)), **fields)


@responses.activate
def test_an_unchanged_list_is_one_read_and_no_write(run_module):
    Monitor(*SEEDED, cluster(10, "influx_a"), cluster(11, "kafka_b", "kafka"))
    result, failed = run_list(run_module, [item("influx_a"), item("kafka_b", cluster_type="Kafka"),
                                           dict(cluster_name="gone", state="absent")])
    assert not failed and result["changed"] is False
    assert calls() == [("GET", "metadata_get_cluster_info")] and query(0) == dict(is_plain_text="true")
    assert [(r["name"], r["changed"], r["cluster_id"]) for r in result["clusters"]] == [
        ("influx_a", False, 10), ("kafka_b", False, 11), ("gone", False, None)]


@responses.activate
def test_a_list_writes_only_the_clusters_that_differ(run_module):
    monitor = Monitor(*SEEDED, cluster(10, "keep"), cluster(11, "edit"), cluster(12, "drop"))
    result, failed = run_list(run_module, [item("keep"), item("edit", display_name="Edited"), dict(cluster_name="drop", state="absent"),
                                           item("fresh", cluster_type="REDIS", port=6379)])
    assert not failed and result["changed"]
    assert writes() == [("create", "fresh"), ("delete", 12), ("modify", 11)]
    # the scope before and after: the new cluster is not read on its own
    assert [c for c in calls() if c[0] == "GET"] == [("GET", "metadata_get_cluster_info")] * 2
    stored = monitor.names()
    assert sorted(stored) == ["default_influx", "edit", "fresh", "keep", "other_app_kafka"]
    assert stored["edit"]["display_name"] == "Edited" and stored["edit"]["password"] == PASSWORD
    assert stored["fresh"]["cluster_type"] == "redis" and stored["fresh"]["operator"] == "admin"
    assert [(r["name"], r["state"], r["changed"]) for r in result["clusters"]] == [
        ("keep", "present", False), ("edit", "present", True), ("drop", "absent", True), ("fresh", "present", True)]
    assert result["clusters"][1]["storage_cluster"]["display_name"] == "Edited"
    assert result["clusters"][2]["storage_cluster"] is None and result["clusters"][3]["cluster_id"] == stored["fresh"]["cluster_id"]


@responses.activate
def test_the_type_of_an_item_or_of_the_task_tells_clusters_of_the_same_name_apart(run_module):
    monitor = Monitor(*SEEDED, cluster(10, "shared", "kafka"))
    result, failed = run_list(run_module, [dict(cluster_name="shared", state="absent")], cluster_type="redis")
    assert not failed and result["changed"] is False and writes() == []
    assert result["clusters"][0]["storage_cluster"] is None and "shared" in monitor.names()


@responses.activate
def test_check_mode_predicts_the_list_and_the_purge_and_writes_nothing(run_module):
    monitor = Monitor(*SEEDED, cluster(10, "edit"), cluster(11, "stray"))
    result, failed = run_list(run_module, [item("edit", display_name="Edited"), item("fresh")], check_mode=True, purge=True)
    assert not failed and result["changed"]
    assert calls() == [("GET", "metadata_get_cluster_info")]
    assert sorted(monitor.names()) == ["default_influx", "edit", "other_app_kafka", "stray"]
    assert monitor.names()["edit"]["display_name"] == "edit"
    assert [(r["name"], r["changed"], r["purged"]) for r in result["clusters"]] == [
        ("edit", True, False), ("fresh", True, False), ("stray", True, True)]
    assert result["clusters"][1]["cluster_id"] is None and result["clusters"][1]["storage_cluster"]["port"] == 8086
    assert result["diff"]["after"]["edit"]["display_name"] == "Edited" and "stray" not in result["diff"]["after"]


@responses.activate
def test_purge_deletes_only_the_clusters_this_app_registered(run_module):
    monitor = Monitor(*SEEDED, cluster(10, "keep"), cluster(11, "stray"), cluster(12, "stray_kafka", "kafka"))
    result, failed = run_list(run_module, [item("keep")], purge=True)
    assert not failed and result["changed"]
    assert writes() == [("delete", 11), ("delete", 12)]
    assert sorted(monitor.names()) == ["default_influx", "keep", "other_app_kafka"]
    assert [(r["name"], r["purged"]) for r in result["clusters"]] == [("keep", False), ("stray", True), ("stray_kafka", True)]


@responses.activate
def test_purge_with_a_type_deletes_only_the_clusters_of_that_type(run_module):
    monitor = Monitor(*SEEDED, cluster(10, "keep", "kafka"), cluster(11, "stray_kafka", "kafka"), cluster(12, "influx"))
    result, failed = run_list(run_module, [item("keep", cluster_type=None)], cluster_type="Kafka", purge=True)
    assert not failed and writes() == [("delete", 11)]
    assert sorted(monitor.names()) == ["default_influx", "influx", "keep", "other_app_kafka"]


@responses.activate
def test_one_refused_cluster_fails_the_task_by_name_and_the_others_are_done(run_module):
    monitor = Monitor(*SEEDED, cluster(10, "edit"), cluster(11, "drop"))
    monitor.refuse = {"twin"}
    result, failed = run_list(run_module, [item("edit", display_name="Edited"), item("twin", domain_name="edit.local"),
                                           dict(cluster_name="drop", state="absent"), item("fresh")])
    assert failed and result["changed"]
    assert result["msg"].startswith("1 of 4 clusters failed: 'twin': BlueKing monitor_v3.metadata_create_cluster_info "
                                    "failed, HTTP 200, code 500: 存在同样配置集群")
    assert "another cluster has the same domain_name, port and username" in result["msg"]
    assert writes() == [("create", "fresh"), ("create", "twin"), ("delete", 11), ("modify", 10)]
    assert sorted(monitor.names()) == ["default_influx", "edit", "fresh", "other_app_kafka"]
    twin = result["clusters"][1]
    assert twin["failed"] and twin["changed"] is False and twin["storage_cluster"] is None
    assert twin["error"]["request_id"] == "rid-refused"
    assert [r["failed"] for r in result["clusters"]] == [False, True, False, False]


@responses.activate
def test_secrets_are_masked_in_the_results_and_the_diff(run_module):
    Monitor(*SEEDED, cluster(10, "edit", ssl_certificate_key="OLD-KEY-PEM"))
    new_auth = dict(username="monitor", password="new-pass-6b2")
    result, failed = run_list(run_module, [item("edit", auth_info=new_auth, ssl_certificate_key="NEW-KEY-PEM"),
                                           item("fresh", ssl_certificate_key="FRESH-KEY-PEM")])
    assert not failed and result["changed"]
    text = json.dumps(result)
    for secret in (PASSWORD, "new-pass-6b2", "OLD-KEY-PEM", "NEW-KEY-PEM", "FRESH-KEY-PEM", "other-app"):
        assert secret not in text
    assert result["diff"]["before"]["edit"]["auth_info"]["password"] == "********"
    assert result["diff"]["after"]["fresh"]["ssl_certificate_key"] == "********"
    assert result["clusters"][0]["storage_cluster"]["auth_info"] == dict(username="monitor", password="********")


@responses.activate
def test_the_secrets_of_the_items_are_no_log_values(module_output):
    Monitor(*SEEDED)
    result = module_output(bk_storage_cluster, dict(CONNECTION, clusters=[item("fresh", ssl_certificate_key="FRESH-KEY-PEM")]))
    assert not result.get("failed") and result["changed"]
    args = result["invocation"]["module_args"]["clusters"][0]
    assert args["auth_info"]["password"] == args["ssl_certificate_key"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
    assert PASSWORD not in json.dumps(result) and "FRESH-KEY-PEM" not in json.dumps(result)


@responses.activate
def test_a_bad_item_fails_before_any_request_naming_it(run_module):
    result, failed = run_list(run_module, [item("ok"), item("fine", port=70000)])
    assert failed and result["msg"] == "clusters[1] ('fine'): port must be between 1 and 65535, got 70000"
    assert calls() == []


@responses.activate
def test_the_same_cluster_twice_is_refused(run_module):
    result, failed = run_list(run_module, [item("twice"), item("twice", cluster_type="kafka")])
    assert failed and result["msg"] == "clusters[0] and clusters[1] both describe 'twice'"
    assert calls() == []

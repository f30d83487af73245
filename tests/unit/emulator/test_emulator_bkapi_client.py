# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""BlueKing's own Python client (bkapi-component-open) works against the emulator."""

from __future__ import annotations

import pytest
from bkapi_component.open.client import Client


@pytest.fixture
def client(emulator):
    bk = Client(endpoint=emulator.vars["bk_url"], bk_api_ver="v2")
    bk.update_bkapi_authorization(bk_app_code=emulator.vars["bk_app_code"],
                                  bk_app_secret=emulator.vars["bk_app_secret"],
                                  bk_username=emulator.vars["bk_username"])
    return bk


def test_the_five_cc_calls(emulator, client):
    businesses = client.cc.search_business({"fields": ["bk_biz_id", "bk_biz_name"],
                                            "condition": {"bk_biz_name": "demo"}})
    assert businesses["result"] is True
    assert businesses["data"]["info"] == [{"bk_biz_id": 2, "bk_biz_name": "demo"}]

    created = client.cc.create_set({"bk_biz_id": 2, "data": {"bk_parent_id": 2, "bk_set_name": "sdk",
                                                             "bk_capacity": 5}})
    assert created["result"] is True and created["code"] == 0
    set_id = created["data"]["bk_set_id"]

    found = client.cc.search_set({"bk_biz_id": 2, "fields": ["bk_set_id", "bk_capacity"],
                                  "filter": {"condition": "AND", "rules": [
                                      {"field": "bk_set_name", "operator": "equal", "value": "sdk"}]}})
    assert found["data"] == {"count": 1, "info": [{"bk_set_id": set_id, "bk_capacity": 5}]}

    updated = client.cc.update_set({"bk_biz_id": 2, "bk_set_id": set_id, "data": {"bk_capacity": 6}})
    assert (updated["result"], updated["data"]) == (True, None)
    assert [s["bk_capacity"] for s in emulator.sets(2) if s["bk_set_id"] == set_id] == [6]

    deleted = client.cc.delete_set({"bk_biz_id": 2, "bk_set_id": set_id})
    assert deleted["result"] is True
    assert [s["bk_set_id"] for s in emulator.sets(2)] == [3]

    log = [e for e in emulator.log() if e["operation"] != "cc.search_set" or e["request_id"] == found["request_id"]]
    assert [(e["operation"], e["mutating"]) for e in log] == [
        ("cc.search_business", False), ("cc.create_set", True), ("cc.search_set", False), ("cc.update_set", True),
        ("cc.delete_set", True)]


def test_the_client_sees_an_auth_error_envelope(emulator, client):
    client.update_bkapi_authorization(bk_app_secret="wrong")
    answer = client.cc.search_set({"bk_biz_id": 2})
    assert (answer["result"], answer["code"]) == (False, 1306000)


def _data(answer):
    assert (answer["result"], answer["code"]) == (True, 0), answer
    return answer["data"]


def test_the_module_and_host_calls(emulator, client):
    internal = _data(client.cc.get_biz_internal_module({"bk_biz_id": 2}))  # a GET: the id goes as text
    assert [m["default"] for m in internal["module"]] == [1, 2, 3]
    idle_module = internal["module"][0]["bk_module_id"]
    set_id = _data(client.cc.create_set({"bk_biz_id": 2, "data": {"bk_parent_id": 2, "bk_set_name": "sdk"}}))[
        "bk_set_id"]
    module = _data(client.cc.create_module({"bk_biz_id": 2, "bk_set_id": set_id, "data": {
        "bk_parent_id": set_id, "bk_module_name": "sdk-db", "bk_module_type": "2", "operator": "admin"}}))
    module_id = module["bk_module_id"]
    assert _data(client.cc.update_module({"bk_biz_id": 2, "bk_set_id": set_id, "bk_module_id": module_id,
                                          "data": {"bk_bak_operator": "ops"}})) is None
    found = _data(client.cc.search_module({"bk_biz_id": 2, "bk_set_id": set_id, "fields": ["bk_bak_operator"],
                                           "condition": {"bk_module_name": "sdk-db"},
                                           "page": {"start": 0, "limit": 10}}))
    assert found == {"count": 1, "info": [{"bk_bak_operator": "ops"}]}

    hosts = _data(client.cc.add_host_to_business_idle({"bk_biz_id": 2, "bk_host_list": [
        {"bk_host_innerip": "192.0.2.31", "bk_cloud_id": 0}]}))["bk_host_ids"]
    assert _data(client.cc.transfer_resourcehost_to_idlemodule({"bk_biz_id": 2, "bk_host_id": [1]})) is None
    hosts.append(1)
    assert _data(client.cc.transfer_host_module({"bk_biz_id": 2, "bk_host_id": hosts, "bk_module_id": [module_id],
                                                 "is_increment": False})) is None
    listed = _data(client.cc.list_biz_hosts({"bk_biz_id": 2, "bk_module_ids": [module_id],
                                             "page": {"start": 0, "limit": 500}, "fields": ["bk_host_id"]}))
    assert listed == {"count": 2, "info": [{"bk_host_id": 1}, {"bk_host_id": hosts[0]}]}
    topo = _data(client.cc.list_biz_hosts_topo({"bk_biz_id": 2, "page": {"start": 0, "limit": 500},
                                                "fields": ["bk_host_id"]}))
    assert topo["info"][0]["topo"] == [{"bk_set_id": set_id, "bk_set_name": "sdk", "module": [
        {"bk_module_id": module_id, "bk_module_name": "sdk-db"}]}]
    relations = _data(client.cc.find_host_biz_relations({"bk_host_id": [1]}))
    assert [(r["bk_biz_id"], r["bk_module_id"]) for r in relations] == [(2, module_id)]
    paged = _data(client.cc.find_host_topo_relation({"bk_biz_id": 2, "bk_module_ids": [module_id],
                                                     "page": {"start": 0, "limit": 10}}))
    assert paged["count"] == 2 and paged["page"] == {"start": 0, "limit": 10}
    everyone = _data(client.cc.list_hosts_without_biz({"page": {"start": 0, "limit": 500}}))
    assert everyone["count"] == 13

    refused = client.cc.delete_module({"bk_biz_id": 2, "bk_set_id": set_id, "bk_module_id": module_id})
    assert (refused["result"], refused["code"]) == (False, 1101030)
    assert _data(client.cc.transfer_host_to_idlemodule({"bk_biz_id": 2, "bk_host_id": hosts})) is None
    assert _data(client.cc.transfer_host_across_biz({"src_bk_biz_id": 2, "dst_bk_biz_id": 3, "bk_host_id": [1],
                                                     "bk_module_id": 7})) is None
    assert _data(client.cc.transfer_host_to_resourcemodule({"bk_biz_id": 3, "bk_host_id": [1]})) is None
    assert _data(client.cc.delete_module({"bk_biz_id": 2, "bk_set_id": set_id, "bk_module_id": module_id})) is None
    assert _data(client.cc.find_host_biz_relations({"bk_host_id": [1]}))[0]["bk_biz_id"] == 1

    writes = [e["operation"] for e in emulator.log() if e["mutating"]]
    assert writes == ["cc.create_set", "cc.create_module", "cc.update_module", "cc.add_host_to_business_idle",
                      "cc.transfer_resourcehost_to_idlemodule", "cc.transfer_host_module", "cc.delete_module",
                      "cc.transfer_host_to_idlemodule", "cc.transfer_host_across_biz",
                      "cc.transfer_host_to_resourcemodule", "cc.delete_module"]


def test_the_template_calls(emulator, client):
    set_templates = _data(client.cc.list_set_template({"bk_biz_id": 3, "page": {"start": 0, "limit": 10}}))
    assert [(t["id"], t["name"]) for t in set_templates["info"]] == [(3, "ob_standard")]
    services = _data(client.cc.list_service_template({"bk_biz_id": 3, "search": "mysql", "is_exact": True,
                                                      "page": {"start": 0, "limit": 10}}))
    assert [(t["id"], t["service_category_id"]) for t in services["info"]] == [(2, 4)]
    related = _data(client.cc.list_set_template_related_service_template(  # a GET: the ids go as text
        {"bk_biz_id": 3, "set_template_id": 3}))
    assert [t["name"] for t in related] == ["obproxy", "mysql"]
    created = _data(client.cc.create_set({"bk_biz_id": 3, "data": {"bk_parent_id": 3, "bk_set_name": "sdk-ob",
                                                                   "set_template_id": 3}}))
    assert created["set_template_id"] == 3
    modules = _data(client.cc.search_module({"bk_biz_id": 3, "bk_set_id": created["bk_set_id"],
                                             "fields": ["bk_module_name", "service_template_id"],
                                             "page": {"start": 0, "limit": 10}}))
    assert modules["info"] == [{"bk_module_name": "obproxy", "service_template_id": 1},
                               {"bk_module_name": "mysql", "service_template_id": 2}]
    refused = client.cc.create_module({"bk_biz_id": 3, "bk_set_id": created["bk_set_id"], "data": {
        "bk_parent_id": created["bk_set_id"], "bk_module_name": "extra"}})
    assert (refused["result"], refused["code"]) == (False, 1101097)

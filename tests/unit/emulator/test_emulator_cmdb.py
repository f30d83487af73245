# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""CMDB behind the ESB: search_business and the set CRUD, with CMDB's rules and error codes."""

from __future__ import annotations

import datetime

import pytest

SET_FIELDS = {"bk_set_id", "bk_biz_id", "bk_parent_id", "bk_set_name", "bk_set_env", "bk_service_status",
              "bk_capacity", "bk_set_desc", "description", "default", "set_template_id", "set_template_version",
              "bk_supplier_account", "create_time", "last_time", "bk_created_at", "bk_updated_at", "bk_created_by",
              "bk_updated_by", "region", "owner_team"}


def create(emulator, name, biz_id=2, **data):
    return emulator.ok("create_set", {"bk_biz_id": biz_id, "data": dict(bk_parent_id=biz_id, bk_set_name=name, **data)})


def create_error(emulator, biz_id=2, **data):
    return emulator.error("create_set", {"bk_biz_id": biz_id, "data": dict(bk_parent_id=biz_id, **data)})


def by_id(emulator, biz_id, set_id):
    return [s for s in emulator.sets(biz_id) if s["bk_set_id"] == set_id]


def rule(field, operator, value):
    return {"field": field, "operator": operator, "value": value}


# --- search_business

def test_search_business_returns_the_seeded_businesses(emulator):
    data = emulator.ok("search_business", {})
    assert data["count"] == 4
    by_name = {biz["bk_biz_name"]: biz for biz in data["info"]}
    assert list(by_name) == ["资源池", "demo", "payments", "legacy"]
    assert by_name["资源池"]["default"] == 1 and by_name["demo"]["default"] == 0
    assert by_name["legacy"]["bk_data_status"] == "disabled"
    assert {biz["bk_supplier_account"] for biz in data["info"]} == {"0"}
    for key in ("bk_biz_id", "bk_biz_maintainer", "bk_biz_productor", "bk_biz_developer", "bk_biz_tester",
                "time_zone", "language", "life_cycle", "operator", "create_time", "last_time"):
        assert key in by_name["demo"], key


@pytest.mark.parametrize("query, names", [
    ({"condition": {"bk_biz_name": "demo"}}, ["demo"]),
    ({"condition": {"bk_biz_id": 3}}, ["payments"]),
    ({"condition": {"bk_biz_id": {"$in": [1, 4]}}}, ["资源池", "legacy"]),
    ({"biz_property_filter": {"condition": "AND", "rules": [rule("bk_biz_name", "equal", "payments")]}}, ["payments"]),
    ({"biz_property_filter": {"condition": "OR", "rules": [rule("bk_biz_name", "equal", "demo"),
                                                           rule("bk_biz_id", "in", [3, 4])]}},
     ["demo", "payments", "legacy"]),
    ({"biz_property_filter": {"condition": "AND", "rules": [rule("bk_biz_id", "not_in", [1]),
                                                            rule("bk_data_status", "not_equal", "disabled")]}},
     ["demo", "payments"]),
    ({"biz_property_filter": {"condition": "AND", "rules": [rule("bk_biz_name", "equal", "nope")]}}, []),
])
def test_search_business_filters(emulator, query, names):
    data = emulator.ok("search_business", dict(query, fields=["bk_biz_name"]))
    assert [biz["bk_biz_name"] for biz in data["info"]] == names
    assert data["count"] == len(names)
    assert all(list(biz) == ["bk_biz_name"] for biz in data["info"])


def test_search_business_pages_and_sorts(emulator):
    page = {"start": 1, "limit": 2, "sort": "-bk_biz_id"}
    data = emulator.ok("search_business", {"fields": ["bk_biz_id"], "page": page})
    assert data == {"count": 4, "info": [{"bk_biz_id": 3}, {"bk_biz_id": 2}]}


@pytest.mark.parametrize("component, body", [("search_business", {}), ("search_set", {"bk_biz_id": 2})])
def test_a_page_limit_over_200_is_refused(emulator, component, body):
    assert emulator.ok(component, dict(body, page={"start": 0, "limit": 200}))["count"] >= 1
    code, message = emulator.error(component, dict(body, page={"start": 0, "limit": 201}))
    assert code == 1199059
    assert "page limit is exceeded" in message


# --- create_set

def test_create_set_returns_the_full_set_with_defaults(emulator):
    created = create(emulator, "db-1")
    assert set(created) == SET_FIELDS
    assert created["bk_set_id"] == 6
    assert (created["bk_biz_id"], created["bk_parent_id"]) == (2, 2)
    assert created["bk_set_env"] == "3" and created["bk_service_status"] == "1"
    assert created["bk_capacity"] is None and created["set_template_id"] == 0 and created["default"] == 0
    assert created["description"] == "" and created["bk_set_desc"] == ""
    assert created["set_template_version"] is None and created["bk_supplier_account"] == "0"
    assert created["bk_created_by"] == created["bk_updated_by"] == emulator.vars["bk_username"]
    stamp = datetime.datetime.fromisoformat(created["create_time"])
    assert stamp.utcoffset() is not None
    assert abs((datetime.datetime.now(datetime.timezone.utc) - stamp).total_seconds()) < 60
    assert by_id(emulator, 2, 6) == [created]
    assert create(emulator, "db-2")["bk_set_id"] == 7


def test_create_set_stores_the_given_values_and_custom_attributes(emulator):
    created = create(emulator, "  db  ", bk_set_env="1", bk_service_status="2", bk_capacity=999999999,
                     bk_set_desc="d" * 256, description="x" * 2000, region="east", owner_team="dba",
                     bk_created_by="mallory", bk_supplier_account="0")
    assert created["bk_set_name"] == "db"  # CMDB trims strings
    assert (created["bk_set_env"], created["bk_service_status"], created["bk_capacity"]) == ("1", "2", 999999999)
    assert (created["region"], created["owner_team"]) == ("east", "dba")
    assert created["bk_created_by"] == "admin"  # server-owned fields are not taken from the request


def test_the_same_set_name_is_refused_under_the_same_parent_only(emulator):
    create(emulator, "dup")
    assert create_error(emulator, bk_set_name="dup") == (1101108, "the same set name exist")
    assert create_error(emulator, bk_set_name="空闲机池")[0] == 1101108
    assert create(emulator, "dup", biz_id=3)["bk_parent_id"] == 3
    assert [s["bk_set_name"] for s in emulator.sets(2)] == ["空闲机池", "dup"]


@pytest.mark.parametrize("data, code", [
    ({"bk_set_name": "x", "bk_capacity": 0}, 1199006),
    ({"bk_set_name": "x", "bk_capacity": 1000000000}, 1199006),
    ({"bk_set_name": "x", "bk_capacity": "10"}, 1199006),
    ({"bk_set_name": "x", "bk_capacity": True}, 1199006),
    ({"bk_set_name": "x", "bk_set_env": "4"}, 1199006),
    ({"bk_set_name": "x", "bk_set_env": 1}, 1199006),
    ({"bk_set_name": "x", "bk_service_status": "3"}, 1199006),
    ({"bk_set_name": "n" * 257}, 1199006),
    ({"bk_set_name": "   "}, 1199006),
    ({"bk_set_name": None}, 1199006),
    ({"bk_set_name": "x", "bk_set_desc": "d" * 257}, 1199006),
    ({"bk_set_name": "x", "description": "d" * 2001}, 1199006),
    ({"bk_set_name": "x", "region": 5}, 1199006),
    ({"bk_set_name": "x", "colour": "red"}, 1199006),
    ({}, 1199010),
    ({"bk_set_name": "x", "set_template_id": 5}, 1199019),  # no such set template (cmdb_templates.py)
])
def test_create_set_validates_the_data(emulator, data, code):
    assert create_error(emulator, **data)[0] == code
    assert [s["bk_set_name"] for s in emulator.sets(2)] == ["空闲机池"]


def test_create_set_needs_an_existing_business_and_the_business_as_parent(emulator):
    assert emulator.error("create_set", {"bk_biz_id": 99, "data": {"bk_parent_id": 99, "bk_set_name": "x"}})[0] \
        == 1199011
    assert emulator.error("create_set", {"bk_biz_id": 2, "data": {"bk_parent_id": 3, "bk_set_name": "x"}})[0] \
        == 1199011
    assert emulator.error("create_set", {"bk_biz_id": 2, "data": {"bk_set_name": "x"}})[0] == 1199010
    assert emulator.error("create_set", {"data": {"bk_parent_id": 2, "bk_set_name": "x"}})[0] == 1199010
    assert emulator.error("create_set", {"bk_biz_id": "two", "data": {"bk_parent_id": 2, "bk_set_name": "x"}})[0] \
        == 1199009
    assert emulator.error("create_set", {"bk_biz_id": 2, "data": "x"})[0] == 1199006
    assert emulator.ok("search_set", {"bk_biz_id": 3})["count"] == 1


# --- search_set

@pytest.fixture
def three_sets(emulator):
    return [create(emulator, "alpha", bk_capacity=10, region="east"),
            create(emulator, "beta", bk_capacity=20, region="west", bk_set_env="1"),
            create(emulator, "gamma", bk_capacity=30, region="east")]


def _search_names(emulator, **body):
    data = emulator.ok("search_set", dict(body, bk_biz_id=2, fields=["bk_set_name"]))
    return [s["bk_set_name"] for s in data["info"]]


@pytest.mark.parametrize("query, names", [
    ({}, ["空闲机池", "alpha", "beta", "gamma"]),
    ({"condition": {"bk_set_name": "beta"}}, ["beta"]),
    ({"condition": {"region": "east", "default": 0}}, ["alpha", "gamma"]),
    ({"condition": {"bk_capacity": {"$gte": 20}}}, ["beta", "gamma"]),
    ({"filter": rule("bk_set_name", "equal", "alpha")}, ["alpha"]),
    ({"filter": {"condition": "AND", "rules": [rule("region", "equal", "east"), rule("bk_capacity", "greater", 10)]}},
     ["gamma"]),
    ({"filter": {"condition": "OR", "rules": [rule("bk_set_name", "in", ["alpha", "beta"]),
                                              rule("bk_set_env", "not_equal", "3")]}}, ["alpha", "beta"]),
    ({"filter": {"condition": "AND", "rules": [rule("bk_set_name", "not_in", ["alpha"]),
                                               rule("default", "equal", 0)]}}, ["beta", "gamma"]),
    ({"filter": {"condition": "AND", "rules": [rule("bk_capacity", "between", [15, 30]),
                                               {"condition": "OR", "rules": [rule("region", "equal", "west"),
                                                                             rule("bk_set_name", "equal", "gamma")]}]}},
     ["beta", "gamma"]),
    ({"filter": {"condition": "AND", "rules": [rule("bk_capacity", "less_or_equal", 20)]}}, ["alpha", "beta"]),
])
def test_search_set_filters(emulator, three_sets, query, names):
    assert _search_names(emulator, **query) == names


def test_search_set_counts_all_matches_and_pages_them(emulator, three_sets):
    data = emulator.ok("search_set", {"bk_biz_id": 2, "fields": ["bk_set_id"], "page": {"start": 1, "limit": 2}})
    assert data["count"] == 4
    assert data["info"] == [{"bk_set_id": s["bk_set_id"]} for s in three_sets[:2]]
    data = emulator.ok("search_set", {"bk_biz_id": 2, "page": {"start": 0, "limit": 1, "sort": "-bk_capacity"}})
    assert data["count"] == 4 and data["info"] == [three_sets[2]]


def test_search_set_stays_in_its_business(emulator, three_sets):
    create(emulator, "alpha", biz_id=3)
    assert _search_names(emulator, filter=rule("bk_set_name", "equal", "alpha")) == ["alpha"]
    assert emulator.ok("search_set", {"bk_biz_id": 3})["count"] == 2
    assert emulator.ok("search_set", {"bk_biz_id": 99}) == {"count": 0, "info": []}


def test_search_set_refuses_condition_and_filter_together(emulator):
    body = {"bk_biz_id": 2, "condition": {"bk_set_name": "a"}, "filter": rule("bk_set_name", "equal", "a")}
    assert emulator.error("search_set", body)[0] == 1199011


@pytest.mark.parametrize("query", [
    {"condition": "AND", "rules": [rule("bk_set_id", "equal", n) for n in range(21)]},
    {"condition": "AND", "rules": [rule("bk_set_name", "like", "a")]},
    {"condition": "XOR", "rules": [rule("bk_set_name", "equal", "a")]},
    {"condition": "AND", "rules": []},
    {"condition": "AND", "rules": [rule("bk_set_id", "in", 3)]},
    {"condition": "AND", "rules": [rule("bk_set_id", "between", [1])]},
    {"condition": "AND", "rules": [{"condition": "AND", "rules": [{"condition": "AND", "rules": [
        {"condition": "AND", "rules": [rule("bk_set_id", "equal", 1)]}]}]}]},
])
def test_search_set_refuses_an_invalid_filter(emulator, query):
    assert emulator.error("search_set", {"bk_biz_id": 2, "filter": query})[0] == 1199006


def test_search_set_accepts_20_rules(emulator):
    query = {"condition": "OR", "rules": [rule("bk_set_id", "equal", n) for n in range(20)]}
    assert emulator.ok("search_set", {"bk_biz_id": 2, "filter": query})["count"] == 1


# --- update_set

def test_update_set_changes_the_given_fields_and_drops_the_server_owned_ones(emulator):
    created = create(emulator, "upd", bk_capacity=10, region="east")
    data = {"bk_capacity": 20, "bk_service_status": "2", "owner_team": "dba", "bk_set_name": "upd2",
            "bk_biz_id": 3, "bk_set_id": 999, "set_template_id": 7, "metadata": {"label": {}}}
    envelope = emulator.esb("update_set", {"bk_biz_id": 2, "bk_set_id": created["bk_set_id"], "data": data})
    assert (envelope["result"], envelope["data"]) == (True, None)
    (stored,) = by_id(emulator, 2, created["bk_set_id"])
    assert (stored["bk_capacity"], stored["bk_service_status"], stored["owner_team"]) == (20, "2", "dba")
    assert (stored["bk_set_name"], stored["region"], stored["bk_set_id"]) == ("upd2", "east", created["bk_set_id"])
    assert (stored["bk_biz_id"], stored["set_template_id"]) == (2, 0)
    assert stored["create_time"] == created["create_time"]
    assert stored["last_time"] >= created["last_time"]


def test_update_set_errors(emulator):
    first, second = create(emulator, "one"), create(emulator, "two")
    update = {"bk_biz_id": 2, "bk_set_id": second["bk_set_id"]}
    assert emulator.error("update_set", dict(update, data={"bk_set_name": "one"})) == (
        1101108, "the same set name exist")
    assert emulator.error("update_set", dict(update, data={"bk_capacity": 0}))[0] == 1199006
    assert emulator.error("update_set", dict(update, data={"colour": "red"}))[0] == 1199006
    assert emulator.error("update_set", dict(update, bk_biz_id=3, data={"bk_capacity": 5})) == (
        1199019, "No relevant data found")
    assert emulator.error("update_set", dict(update, bk_set_id=999, data={"bk_capacity": 5}))[0] == 1199019
    assert emulator.error("update_set", {"bk_biz_id": 2, "bk_set_id": 3, "data": {"bk_set_desc": "x"}}) == (
        1101098, "forbidden remove or update built in set or module")
    assert by_id(emulator, 2, second["bk_set_id"]) == [second]
    assert by_id(emulator, 2, first["bk_set_id"]) == [first]
    # renaming a set to its own name is no conflict
    assert emulator.esb("update_set", dict(update, data={"bk_set_name": "two"}))["result"] is True


# --- delete_set

def test_delete_set_removes_it_and_a_missing_set_is_success(emulator):
    created = create(emulator, "gone")
    body = {"bk_biz_id": 2, "bk_set_id": created["bk_set_id"]}
    assert emulator.esb("delete_set", body)["data"] is None
    assert by_id(emulator, 2, created["bk_set_id"]) == []
    again = emulator.esb("delete_set", body)
    assert (again["result"], again["code"], again["data"]) == (True, 0, None)


def test_delete_set_refuses_a_set_with_hosts_and_a_built_in_set(emulator):
    created = create(emulator, "busy")
    body = {"bk_biz_id": 2, "bk_set_id": created["bk_set_id"]}
    module = emulator.ok("create_module", {"bk_biz_id": 2, "bk_set_id": created["bk_set_id"],
                                           "data": {"bk_parent_id": created["bk_set_id"], "bk_module_name": "m"}})
    hosts = emulator.control("POST", "/blueking/cmdb/hosts", json={
        "bk_biz_id": 2, "bk_module_id": module["bk_module_id"],
        "hosts": [{"bk_host_innerip": "192.0.2.1"}, {"bk_host_innerip": "192.0.2.2"}]})["bk_host_ids"]
    assert emulator.error("delete_set", body) == (1101030, "Having hosts under the target, deleting forbidden")
    assert by_id(emulator, 2, created["bk_set_id"]) == [created]
    emulator.ok("transfer_host_to_idlemodule", {"bk_biz_id": 2, "bk_host_id": hosts})
    assert emulator.esb("delete_set", body)["result"] is True
    # its modules went with it
    assert emulator.ok("search_module", {"bk_biz_id": 2, "bk_set_id": created["bk_set_id"]})["count"] == 0
    assert emulator.error("delete_set", {"bk_biz_id": 2, "bk_set_id": 3})[0] == 1101098
    assert [s["bk_set_id"] for s in emulator.sets(2)] == [3]


def test_delete_set_in_another_business_deletes_nothing(emulator):
    created = create(emulator, "mine")
    assert emulator.esb("delete_set", {"bk_biz_id": 3, "bk_set_id": created["bk_set_id"]})["result"] is True
    assert by_id(emulator, 2, created["bk_set_id"]) == [created]

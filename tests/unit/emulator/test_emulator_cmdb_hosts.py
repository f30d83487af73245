# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""CMDB behind the ESB: modules, hosts and their transfers, with CMDB's rules and error codes."""

from __future__ import annotations

import pytest

POOL, DEMO, PAYMENTS, LEGACY = 1, 2, 3, 4
# The seeded idle sets (business id + 1) and built-in modules (three per business, in business order).
IDLE_SET = {biz: biz + 1 for biz in (POOL, DEMO, PAYMENTS, LEGACY)}
POOL_IDLE = 1
DEMO_IDLE, DEMO_FAULT, DEMO_RECYCLE = 4, 5, 6
PAYMENTS_IDLE = 7
LEGACY_IDLE = 10
MODULE_FIELDS = {"bk_module_id", "bk_module_name", "bk_module_type", "bk_biz_id", "bk_set_id", "bk_parent_id",
                 "bk_supplier_account", "default", "host_apply_enabled", "operator", "bk_bak_operator",
                 "service_category_id", "service_template_id", "set_template_id", "create_time", "last_time",
                 "bk_created_at", "bk_updated_at", "bk_created_by", "bk_updated_by", "owner_team"}
PAGE = {"start": 0, "limit": 500}


def rule(field, operator, value):
    return {"field": field, "operator": operator, "value": value}


def new_set(emulator, name, biz_id=DEMO):
    data = {"bk_parent_id": biz_id, "bk_set_name": name}
    return emulator.ok("create_set", {"bk_biz_id": biz_id, "data": data})["bk_set_id"]


def new_module(emulator, set_id, name, biz_id=DEMO, **data):
    return emulator.ok("create_module", {"bk_biz_id": biz_id, "bk_set_id": set_id,
                                         "data": dict(bk_parent_id=set_id, bk_module_name=name, **data)})


def add_hosts(emulator, ips, biz_id=None, module_id=None, **attributes):
    body = {"bk_biz_id": biz_id, "bk_module_id": module_id,
            "hosts": [dict(attributes, bk_host_innerip=ip) for ip in ips]}
    return emulator.control("POST", "/blueking/cmdb/hosts", json=body)["bk_host_ids"]


def modules_of(emulator, host_id):
    """{module id: biz id} of the host, from find_host_biz_relations."""
    relations = emulator.ok("find_host_biz_relations", {"bk_host_id": [host_id]})
    return {relation["bk_module_id"]: relation["bk_biz_id"] for relation in relations}


def biz_host_ids(emulator, biz_id, **body):
    data = emulator.ok("list_biz_hosts", dict(body, bk_biz_id=biz_id, page=PAGE, fields=["bk_host_id"]))
    return [host["bk_host_id"] for host in data["info"]]


@pytest.fixture
def topo(emulator):
    """Business demo with set "db" (modules mysql, redis) and set "web" (module nginx), and hosts:
    two in mysql, one in mysql and redis, one in nginx, one in demo's idle module."""
    db, web = new_set(emulator, "db"), new_set(emulator, "web")
    mysql, redis = new_module(emulator, db, "mysql"), new_module(emulator, db, "redis")
    nginx = new_module(emulator, web, "nginx")
    in_mysql = add_hosts(emulator, ["192.0.2.1", "192.0.2.2"], DEMO, mysql["bk_module_id"], bk_os_type="1")
    both = add_hosts(emulator, ["192.0.2.3"], DEMO, mysql["bk_module_id"])
    emulator.ok("transfer_host_module", {"bk_biz_id": DEMO, "bk_host_id": both,
                                         "bk_module_id": [redis["bk_module_id"]], "is_increment": True})
    in_nginx = add_hosts(emulator, ["192.0.2.4"], DEMO, nginx["bk_module_id"], bk_os_type="2")
    idle = add_hosts(emulator, ["192.0.2.5"], DEMO)
    return dict(db=db, web=web, mysql=mysql["bk_module_id"], redis=redis["bk_module_id"],
                nginx=nginx["bk_module_id"], in_mysql=in_mysql, both=both[0], in_nginx=in_nginx[0], idle=idle[0])


# --- the seed

@pytest.mark.parametrize("biz_id", [POOL, DEMO, PAYMENTS, LEGACY])
def test_every_business_has_an_idle_set_with_the_three_built_in_modules(emulator, biz_id):
    internal = emulator.ok("get_biz_internal_module", {"bk_biz_id": biz_id})
    first = 3 * (biz_id - 1) + 1
    assert internal == {"bk_set_id": IDLE_SET[biz_id], "bk_set_name": "空闲机池", "module": [
        {"bk_module_id": first, "bk_module_name": "空闲机", "default": 1, "host_apply_enabled": False},
        {"bk_module_id": first + 1, "bk_module_name": "故障机", "default": 2, "host_apply_enabled": False},
        {"bk_module_id": first + 2, "bk_module_name": "待回收", "default": 3, "host_apply_enabled": False}]}


def test_get_biz_internal_module_of_an_unknown_business_is_empty(emulator):
    assert emulator.ok("get_biz_internal_module", {"bk_biz_id": 99}) == {"bk_set_id": 0, "bk_set_name": "",
                                                                         "module": None}


def test_the_resource_pool_holds_twelve_seeded_hosts_in_its_idle_module(emulator):
    data = emulator.ok("list_biz_hosts", {"bk_biz_id": POOL, "page": PAGE})
    assert data["count"] == 12
    assert [host["bk_host_innerip"] for host in data["info"]] == ["10.0.0.%d" % n for n in range(1, 13)]
    host = data["info"][0]
    for key in ("bk_host_id", "bk_host_outerip", "bk_host_name", "bk_cloud_id", "bk_os_type", "bk_os_name", "bk_cpu",
                "bk_mem", "operator", "bk_bak_operator", "bk_comment", "bk_supplier_account", "create_time"):
        assert key in host, key
    assert host["bk_cloud_id"] == 0
    assert modules_of(emulator, host["bk_host_id"]) == {POOL_IDLE: POOL}
    assert emulator.ok("list_biz_hosts", {"bk_biz_id": DEMO, "page": PAGE}) == {"count": 0, "info": []}


# --- the bulk hook

def test_the_hook_creates_hosts_in_the_pool_the_idle_module_or_a_given_module(emulator):
    set_id = new_set(emulator, "db")
    module = new_module(emulator, set_id, "mysql")["bk_module_id"]
    pooled = add_hosts(emulator, ["192.0.2.1"])
    idle = add_hosts(emulator, ["192.0.2.2"], DEMO)
    placed = add_hosts(emulator, ["192.0.2.3", "192.0.2.4"], DEMO, module, bk_os_name="linux", bk_cpu=4)
    assert pooled == [13] and idle == [14] and placed == [15, 16]
    assert modules_of(emulator, 13) == {POOL_IDLE: POOL}
    assert modules_of(emulator, 14) == {DEMO_IDLE: DEMO}
    assert modules_of(emulator, 16) == {module: DEMO}
    (host,) = emulator.ok("list_biz_hosts", {"bk_biz_id": DEMO, "page": PAGE, "bk_module_ids": [module],
                                             "host_property_filter": rule("bk_host_innerip", "equal", "192.0.2.4")}
                          )["info"]
    assert (host["bk_os_name"], host["bk_cpu"], host["bk_cloud_id"], host["bk_host_outerip"]) == ("linux", 4, 0, "")


def test_the_hook_creates_10000_hosts_in_one_call(emulator):
    """(Its speed is measured by `make bench`'s inventory row, which lays out 10,000 hosts with it.)"""
    hosts = [{"bk_host_innerip": "172.16.%d.%d" % (n // 256, n % 256)} for n in range(10_000)]
    ids = emulator.control("POST", "/blueking/cmdb/hosts", json={"bk_biz_id": PAYMENTS, "hosts": hosts})["bk_host_ids"]
    assert len(ids) == 10_000 and ids[0] == 13
    assert emulator.ok("list_biz_hosts", {"bk_biz_id": PAYMENTS, "page": {"start": 9_999, "limit": 10},
                                          "fields": ["bk_host_id"]}) == {"count": 10_000,
                                                                         "info": [{"bk_host_id": ids[-1]}]}


# --- modules

def test_create_module_returns_the_module_with_cmdb_defaults(emulator):
    set_id = new_set(emulator, "db")
    module = new_module(emulator, set_id, "  mysql  ")
    assert set(module) == MODULE_FIELDS
    assert module["bk_module_id"] == 13 and module["bk_module_name"] == "mysql"
    assert (module["bk_biz_id"], module["bk_set_id"], module["bk_parent_id"]) == (DEMO, set_id, set_id)
    assert (module["bk_module_type"], module["default"], module["host_apply_enabled"]) == ("1", 0, False)
    assert (module["service_category_id"], module["service_template_id"], module["set_template_id"]) == (2, 0, 0)
    assert module["bk_created_by"] == emulator.vars["bk_username"]
    found = emulator.ok("search_module", {"bk_biz_id": DEMO, "bk_set_id": set_id})
    assert found == {"count": 1, "info": [module]}


def test_search_module_takes_the_set_id_as_a_number_or_its_decimal_string(emulator):
    """As create_module does: ansible-core before 2.19 templates "{{ id }}" in a uri body as a string."""
    set_id = new_set(emulator, "db")
    module = new_module(emulator, set_id, "mysql")
    assert emulator.ok("search_module", {"bk_biz_id": DEMO, "bk_set_id": str(set_id)})["info"] == [module]
    assert emulator.error("search_module", {"bk_biz_id": DEMO, "bk_set_id": "db"})[0] == 1199009  # not an integer


def test_create_module_stores_the_given_attributes(emulator):
    set_id = new_set(emulator, "db")
    module = new_module(emulator, set_id, "mysql", bk_module_type="2", operator="alice", bk_bak_operator="bob",
                        service_category_id=4, owner_team="dba", bk_created_by="mallory", default=0)
    assert (module["bk_module_type"], module["operator"], module["bk_bak_operator"]) == ("2", "alice", "bob")
    assert (module["service_category_id"], module["owner_team"], module["bk_created_by"]) == (4, "dba", "admin")
    # parent id is optional: the module goes in the set of the call
    assert emulator.ok("create_module", {"bk_biz_id": DEMO, "bk_set_id": set_id,
                                         "data": {"bk_module_name": "redis"}})["bk_parent_id"] == set_id


@pytest.mark.parametrize("data, code", [
    ({}, 1199010),
    ({"bk_module_name": ""}, 1199006),
    ({"bk_module_name": "n" * 257}, 1199006),
    ({"bk_module_name": "x", "bk_module_type": "3"}, 1199006),
    ({"bk_module_name": "x", "bk_module_type": 1}, 1199006),
    ({"bk_module_name": "x", "colour": "red"}, 1199006),
    ({"bk_module_name": "x", "bk_parent_id": 2}, 1199006),
    ({"bk_module_name": "x", "default": 1}, 1199006),
    ({"bk_module_name": "x", "service_template_id": 5}, 1199006),
    ({"bk_module_name": "x", "service_category_id": 99}, 1199006),
    ({"bk_module_name": "x", "service_category_id": 1}, 1199006),  # a top-level category
    ({"bk_module_name": "x", "service_category_id": "2"}, 1199006),
])
def test_create_module_validates_the_data(emulator, data, code):
    set_id = new_set(emulator, "db")
    assert emulator.error("create_module", {"bk_biz_id": DEMO, "bk_set_id": set_id, "data": data})[0] == code
    assert emulator.ok("search_module", {"bk_biz_id": DEMO, "bk_set_id": set_id})["count"] == 0


def test_create_module_needs_a_set_of_the_business(emulator):
    set_id = new_set(emulator, "db")
    data = {"bk_module_name": "x"}
    assert emulator.error("create_module", {"bk_biz_id": PAYMENTS, "bk_set_id": set_id, "data": data}) == (
        1199011, "'bk_biz_id/bk_set_id' the parameter is invalid or does not exist")
    assert emulator.error("create_module", {"bk_biz_id": DEMO, "bk_set_id": 999, "data": data})[0] == 1199011
    assert emulator.error("create_module", {"bk_biz_id": DEMO, "data": data})[0] == 1199010
    assert emulator.error("create_module", {"bk_biz_id": DEMO, "bk_set_id": set_id, "data": "x"})[0] == 1199006


def test_module_names_are_unique_within_a_set_only(emulator):
    db, web = new_set(emulator, "db"), new_set(emulator, "web")
    new_module(emulator, db, "app")
    code, message = emulator.error("create_module", {"bk_biz_id": DEMO, "bk_set_id": db,
                                                     "data": {"bk_module_name": "app"}})
    assert code == 1199014
    assert message.startswith("duplicated instances exist, fields [") and "bk_module_name" in message
    assert new_module(emulator, web, "app")["bk_set_id"] == web
    assert emulator.error("create_module", {"bk_biz_id": DEMO, "bk_set_id": IDLE_SET[DEMO],
                                            "data": {"bk_module_name": "空闲机"}})[0] == 1199014


def test_update_module_changes_the_given_fields_and_drops_the_server_owned_ones(emulator):
    set_id = new_set(emulator, "db")
    module = new_module(emulator, set_id, "mysql")
    target = {"bk_biz_id": DEMO, "bk_set_id": set_id, "bk_module_id": module["bk_module_id"]}
    data = {"bk_module_name": "mysql-2", "operator": "carol", "bk_module_type": "2", "service_category_id": 4,
            "bk_module_id": 999, "bk_set_id": 1, "bk_parent_id": 1, "default": 1, "service_template_id": 0,
            "set_template_id": 0}
    assert emulator.esb("update_module", dict(target, data=data))["data"] is None
    (stored,) = emulator.ok("search_module", {"bk_biz_id": DEMO, "bk_set_id": set_id})["info"]
    assert (stored["bk_module_name"], stored["operator"], stored["bk_module_type"]) == ("mysql-2", "carol", "2")
    assert (stored["bk_module_id"], stored["bk_set_id"], stored["default"]) == (module["bk_module_id"], set_id, 0)
    assert (stored["service_category_id"], stored["service_template_id"]) == (4, 0)
    assert stored["create_time"] == module["create_time"]


def test_update_module_errors(emulator):
    set_id = new_set(emulator, "db")
    first, second = new_module(emulator, set_id, "one"), new_module(emulator, set_id, "two")
    target = {"bk_biz_id": DEMO, "bk_set_id": set_id, "bk_module_id": second["bk_module_id"]}
    assert emulator.error("update_module", dict(target, data={"bk_module_name": "one"}))[0] == 1199014
    assert emulator.error("update_module", dict(target, data={"bk_module_type": "9"}))[0] == 1199006
    assert emulator.error("update_module", dict(target, data={"service_category_id": 99}))[0] == 1199006
    assert emulator.error("update_module", dict(target, data={"service_template_id": 7})) == (
        1199083, "modify field service_template_id forbidden")
    assert emulator.error("update_module", dict(target, data={"set_template_id": 3}))[0] == 1199083
    assert emulator.error("update_module", dict(target, bk_set_id=IDLE_SET[DEMO], data={"operator": "x"})) == (
        1199019, "No relevant data found")
    assert emulator.error("update_module", {"bk_biz_id": DEMO, "bk_set_id": IDLE_SET[DEMO], "bk_module_id": DEMO_FAULT,
                                            "data": {"bk_module_name": "broken"}}) == (
        1101098, "forbidden remove or update built in set or module")
    found = emulator.ok("search_module", {"bk_biz_id": DEMO, "bk_set_id": set_id})["info"]
    assert found == [first, second]
    assert emulator.esb("update_module", dict(target, data={"bk_module_name": "two"}))["result"] is True


def test_delete_module_refuses_hosts_and_built_in_modules_and_forgets_a_missing_one(emulator):
    set_id = new_set(emulator, "db")
    module = new_module(emulator, set_id, "mysql")["bk_module_id"]
    target = {"bk_biz_id": DEMO, "bk_set_id": set_id, "bk_module_id": module}
    (host,) = add_hosts(emulator, ["192.0.2.1"], DEMO, module)
    assert emulator.error("delete_module", target) == (1101030, "Having hosts under the target, deleting forbidden")
    emulator.ok("transfer_host_to_idlemodule", {"bk_biz_id": DEMO, "bk_host_id": [host]})
    assert emulator.esb("delete_module", target)["data"] is None
    assert emulator.ok("search_module", {"bk_biz_id": DEMO, "bk_set_id": set_id})["count"] == 0
    again = emulator.esb("delete_module", target)
    assert (again["result"], again["code"], again["data"]) == (True, 0, None)
    for built_in in (DEMO_IDLE, DEMO_FAULT, DEMO_RECYCLE):
        assert emulator.error("delete_module", {"bk_biz_id": DEMO, "bk_set_id": IDLE_SET[DEMO],
                                                "bk_module_id": built_in})[0] == 1101098
    assert len(emulator.ok("get_biz_internal_module", {"bk_biz_id": DEMO})["module"]) == 3


def test_search_module_by_set_business_condition_and_page(emulator, topo):
    def names(**body):
        found = emulator.ok("search_module", dict(body, bk_biz_id=DEMO, fields=["bk_module_name"]))
        return [module["bk_module_name"] for module in found["info"]]
    assert names(bk_set_id=topo["db"]) == ["mysql", "redis"]
    assert names() == ["空闲机", "故障机", "待回收", "mysql", "redis", "nginx"]
    assert names(condition={"bk_module_name": "nginx"}) == ["nginx"]
    assert names(condition={"default": {"$ne": 0}}) == ["空闲机", "故障机", "待回收"]
    assert emulator.ok("search_module", {"bk_biz_id": PAYMENTS, "bk_set_id": topo["db"]})["count"] == 0
    assert emulator.ok("search_module", {"bk_biz_id": DEMO, "page": {"start": 4, "limit": 200}})["count"] == 6
    assert emulator.error("search_module", {"bk_biz_id": DEMO, "page": {"start": 0, "limit": 201}})[0] == 1199059


# --- reading hosts

def test_list_biz_hosts_filters_by_set_module_and_host_attributes(emulator, topo):
    everything = sorted(topo["in_mysql"] + [topo["both"], topo["in_nginx"], topo["idle"]])
    assert biz_host_ids(emulator, DEMO) == everything
    assert biz_host_ids(emulator, DEMO, bk_set_ids=[topo["db"]]) == topo["in_mysql"] + [topo["both"]]
    in_redis_or_nginx = [topo["both"], topo["in_nginx"]]
    assert biz_host_ids(emulator, DEMO, bk_module_ids=[topo["redis"], topo["nginx"]]) == in_redis_or_nginx
    assert biz_host_ids(emulator, DEMO, host_property_filter={"condition": "AND", "rules": [
        rule("bk_os_type", "equal", "1")]}) == topo["in_mysql"]
    assert biz_host_ids(emulator, PAYMENTS) == []


def test_list_biz_hosts_takes_set_and_module_conditions(emulator, topo):
    by_set = [{"field": "bk_set_name", "operator": "$eq", "value": "web"}]
    assert biz_host_ids(emulator, DEMO, set_cond=by_set) == [topo["in_nginx"]]
    by_module = [{"field": "bk_module_name", "operator": "$in", "value": ["redis", "空闲机"]}]
    assert biz_host_ids(emulator, DEMO, module_cond=by_module) == [topo["both"], topo["idle"]]
    assert biz_host_ids(emulator, DEMO, set_cond=[{"field": "bk_set_name", "operator": "$eq", "value": "x"}]) == []
    code, message = emulator.error("list_biz_hosts", {"bk_biz_id": DEMO, "page": PAGE, "set_cond": by_set,
                                                      "bk_set_ids": [topo["web"]]})
    assert (code, message) == (1199006, "'bk_set_ids and set_cond can't both be set' data parameter verification "
                                        "does not pass")
    assert emulator.error("list_biz_hosts", {"bk_biz_id": DEMO, "page": PAGE, "module_cond": by_module,
                                             "bk_module_ids": [topo["redis"]]})[0] == 1199006
    assert emulator.error("list_biz_hosts", {"bk_biz_id": DEMO, "page": PAGE,
                                             "module_cond": [{"field": "x", "operator": "like", "value": 1}]})[0] \
        == 1199006


def test_list_biz_hosts_pages_sorts_and_projects(emulator):
    data = emulator.ok("list_biz_hosts", {"bk_biz_id": POOL, "page": {"start": 10, "limit": 5},
                                          "fields": ["bk_host_id", "bk_host_innerip"]})
    assert data == {"count": 12, "info": [{"bk_host_id": 11, "bk_host_innerip": "10.0.0.11"},
                                          {"bk_host_id": 12, "bk_host_innerip": "10.0.0.12"}]}
    data = emulator.ok("list_biz_hosts", {"bk_biz_id": POOL, "page": {"start": 0, "limit": 2, "sort": "-bk_host_id"},
                                          "fields": ["bk_host_id"]})
    assert data["info"] == [{"bk_host_id": 12}, {"bk_host_id": 11}]


@pytest.mark.parametrize("body, code, message", [
    ({"page": {"start": 0, "limit": 0}}, 1199006, "'page.limit' data parameter verification does not pass"),
    ({"page": {"start": 0, "limit": 1001}}, 1199006, "'page.limit' data parameter verification does not pass"),
    ({"page": PAGE, "bk_set_ids": list(range(201))}, 1199006, "'bk_set_ids' data parameter verification does "
                                                              "not pass"),
    ({"page": PAGE, "bk_module_ids": list(range(501))}, 1199006, "'bk_module_ids' data parameter verification "
                                                                 "does not pass"),
    ({"page": PAGE, "bk_biz_id": 0}, 1199006, "'bk_biz_id' data parameter verification does not pass"),
    ({"page": PAGE, "host_property_filter": {"condition": "AND", "rules": [rule("x", "like", 1)]}}, 1199006, None),
])
def test_list_biz_hosts_limits(emulator, body, code, message):
    assert emulator.error("list_biz_hosts", dict({"bk_biz_id": POOL}, **body))[0] == code
    if message:
        assert emulator.error("list_biz_hosts", dict({"bk_biz_id": POOL}, **body))[1] == message


def test_list_biz_hosts_accepts_the_limits(emulator):
    body = {"bk_biz_id": POOL, "page": {"start": 0, "limit": 1000}, "bk_set_ids": list(range(1, 201)),
            "bk_module_ids": list(range(1, 501))}
    assert emulator.ok("list_biz_hosts", body)["count"] == 12


def test_list_biz_hosts_topo_gives_each_host_its_sets_and_modules(emulator, topo):
    data = emulator.ok("list_biz_hosts_topo", {"bk_biz_id": DEMO, "page": PAGE, "fields": ["bk_host_innerip"]})
    assert data["count"] == 5
    by_ip = {item["host"]["bk_host_innerip"]: item for item in data["info"]}
    assert by_ip["192.0.2.3"] == {"host": {"bk_host_id": topo["both"], "bk_host_innerip": "192.0.2.3"}, "topo": [
        {"bk_set_id": topo["db"], "bk_set_name": "db", "module": [
            {"bk_module_id": topo["mysql"], "bk_module_name": "mysql"},
            {"bk_module_id": topo["redis"], "bk_module_name": "redis"}]}]}
    assert by_ip["192.0.2.5"]["topo"] == [{"bk_set_id": IDLE_SET[DEMO], "bk_set_name": "空闲机池", "module": [
        {"bk_module_id": DEMO_IDLE, "bk_module_name": "空闲机"}]}]


def test_list_biz_hosts_topo_filters_sets_modules_and_hosts(emulator, topo):
    def hosts(**filters):
        data = emulator.ok("list_biz_hosts_topo", dict(filters, bk_biz_id=DEMO, page=PAGE))
        return {item["host"]["bk_host_id"]: [m["bk_module_name"] for t in item["topo"] for m in t["module"]]
                for item in data["info"]}
    assert hosts(set_property_filter=rule("bk_set_name", "equal", "web")) == {topo["in_nginx"]: ["nginx"]}
    # the filters choose the hosts; each host's topo has all its modules
    assert hosts(module_property_filter=rule("bk_module_name", "equal", "redis")) == {topo["both"]: ["mysql",
                                                                                                     "redis"]}
    assert hosts(set_property_filter=rule("bk_set_name", "equal", "nope")) == {}
    assert hosts(host_property_filter=rule("bk_os_type", "equal", "2")) == {topo["in_nginx"]: ["nginx"]}


def test_list_biz_hosts_topo_limits(emulator):
    assert emulator.error("list_biz_hosts_topo", {"bk_biz_id": POOL, "page": {"start": 0}}) == (
        1199010, "'page.limit' unassigned")
    assert emulator.error("list_biz_hosts_topo", {"bk_biz_id": POOL, "page": {"start": 0, "limit": 501}}) == (
        1199035, " page.limit exceed the limit 500")
    assert emulator.ok("list_biz_hosts_topo", {"bk_biz_id": POOL, "page": {"start": 0, "limit": 500}})["count"] == 12
    assert emulator.error("list_biz_hosts_topo", {"bk_biz_id": 0, "page": PAGE})[0] == 1199006


def test_list_hosts_without_biz_lists_every_business_and_the_pool(emulator, topo):
    data = emulator.ok("list_hosts_without_biz", {"page": PAGE, "fields": ["bk_host_id"]})
    assert data["count"] == 17
    assert [host["bk_host_id"] for host in data["info"]] == list(range(1, 18))
    found = emulator.ok("list_hosts_without_biz", {"page": PAGE, "host_property_filter": rule(
        "bk_host_innerip", "in", ["10.0.0.3", "192.0.2.4"])})
    assert [host["bk_host_innerip"] for host in found["info"]] == ["10.0.0.3", "192.0.2.4"]
    assert emulator.error("list_hosts_without_biz", {"page": {"start": 0, "limit": 1001}})[0] == 1199006


def test_find_host_biz_relations(emulator, topo):
    relations = emulator.ok("find_host_biz_relations", {"bk_host_id": [topo["both"], 1, 999]})
    assert relations == [
        {"bk_biz_id": DEMO, "bk_host_id": topo["both"], "bk_set_id": topo["db"], "bk_module_id": topo["mysql"],
         "bk_supplier_account": "0"},
        {"bk_biz_id": DEMO, "bk_host_id": topo["both"], "bk_set_id": topo["db"], "bk_module_id": topo["redis"],
         "bk_supplier_account": "0"},
        {"bk_biz_id": POOL, "bk_host_id": 1, "bk_set_id": IDLE_SET[POOL], "bk_module_id": POOL_IDLE,
         "bk_supplier_account": "0"}]
    assert emulator.ok("find_host_biz_relations", {"bk_host_id": [topo["both"], 1], "bk_biz_id": POOL}) == \
        relations[2:]
    message = "the length of array bk_host_id is wrong, the length must be in range 1~500"
    assert emulator.error("find_host_biz_relations", {"bk_host_id": []}) == (1199089, message)
    assert emulator.error("find_host_biz_relations", {"bk_host_id": list(range(501))}) == (1199089, message)
    assert len(emulator.ok("find_host_biz_relations", {"bk_host_id": list(range(1, 501))})) == 18  # 17 hosts


def test_find_host_topo_relation(emulator, topo):
    data = emulator.ok("find_host_topo_relation", {"bk_biz_id": DEMO, "bk_set_ids": [topo["db"]],
                                                   "page": {"start": 0, "limit": 2}})
    assert data["count"] == 4 and data["page"] == {"start": 0, "limit": 2}
    assert [(r["bk_host_id"], r["bk_module_id"]) for r in data["data"]] == [
        (topo["in_mysql"][0], topo["mysql"]), (topo["in_mysql"][1], topo["mysql"])]
    data = emulator.ok("find_host_topo_relation", {"bk_biz_id": DEMO, "bk_host_ids": [topo["both"]],
                                                   "bk_module_ids": [topo["redis"]], "page": PAGE})
    assert data["data"] == [{"bk_biz_id": DEMO, "bk_host_id": topo["both"], "bk_set_id": topo["db"],
                             "bk_module_id": topo["redis"], "bk_supplier_account": "0"}]
    assert emulator.error("find_host_topo_relation", {"bk_biz_id": DEMO, "page": {"start": 0, "limit": 0}}) == (
        1199059, "page limit is exceeded. suggestion 200")
    assert emulator.error("find_host_topo_relation", {"bk_biz_id": DEMO, "page": {"start": 0, "limit": 1001}})[0] \
        == 1199059
    assert emulator.error("find_host_topo_relation", {"bk_biz_id": DEMO, "page": PAGE,
                                                      "bk_set_ids": list(range(201))}) == (
        1199035, " bk_set_ids exceed the limit 200")
    assert emulator.error("find_host_topo_relation", {"bk_biz_id": DEMO, "page": PAGE,
                                                      "bk_host_ids": list(range(501))})[0] == 1199035


# --- transfers

def test_transfer_host_module_replaces_or_adds_modules(emulator, topo):
    host = topo["in_mysql"][0]
    body = {"bk_biz_id": DEMO, "bk_host_id": [host]}
    assert emulator.esb("transfer_host_module", dict(body, bk_module_id=[topo["nginx"]], is_increment=False)
                        )["data"] is None
    assert modules_of(emulator, host) == {topo["nginx"]: DEMO}
    emulator.ok("transfer_host_module", dict(body, bk_module_id=[topo["redis"]], is_increment=True))
    assert modules_of(emulator, host) == {topo["nginx"]: DEMO, topo["redis"]: DEMO}
    # a built-in module on its own replaces all
    emulator.ok("transfer_host_module", dict(body, bk_module_id=[DEMO_FAULT]))
    assert modules_of(emulator, host) == {DEMO_FAULT: DEMO}
    # adding a normal module takes the host out of the built-in one
    emulator.ok("transfer_host_module", dict(body, bk_module_id=[topo["mysql"]], is_increment=True))
    assert modules_of(emulator, host) == {topo["mysql"]: DEMO}
    assert biz_host_ids(emulator, DEMO, bk_module_ids=[DEMO_FAULT]) == []


def test_transfer_host_module_is_no_move_between_businesses(emulator, topo):
    pool_host = 3
    code, message = emulator.error("transfer_host_module", {"bk_biz_id": DEMO, "bk_host_id": [pool_host],
                                                            "bk_module_id": [topo["mysql"]]})
    assert code == 1199002
    assert message == ("HTTP request failed%!(EXTRA string=hostID [[]int64{3}] does not belong of  "
                       "businessID [[2]])")
    assert modules_of(emulator, pool_host) == {POOL_IDLE: POOL}
    # nor is naming another business's module
    assert emulator.error("transfer_host_module", {"bk_biz_id": DEMO, "bk_host_id": [topo["idle"]],
                                                   "bk_module_id": [PAYMENTS_IDLE]}) == (1101080,
                                                                                         "topo module not found")
    assert modules_of(emulator, topo["idle"]) == {DEMO_IDLE: DEMO}


@pytest.mark.parametrize("change, fragment", [
    ({"bk_module_id": "none"}, "'bk_module_id' unassigned"),
    ({"bk_module_id": "mysql+idle"}, "translate host to multiple module not contain inner module"),
    ({"bk_module_id": "idle", "is_increment": True}, "translate host to multiple module not contain inner module"),
    ({"bk_host_id": [999]}, "'bk_host_id' the parameter is invalid or does not exist"),
])
def test_transfer_host_module_refusals_from_the_core_service(emulator, topo, change, fragment):
    modules = {"mysql": [topo["mysql"]], "mysql+idle": [topo["mysql"], DEMO_IDLE], "idle": [DEMO_IDLE], "none": []}
    body = {"bk_biz_id": DEMO, "bk_host_id": [topo["idle"]], "bk_module_id": "mysql"}
    body.update(change)
    body["bk_module_id"] = modules[body["bk_module_id"]]
    code, message = emulator.error("transfer_host_module", body)
    assert code == 1199002
    assert message == "HTTP request failed%%!(EXTRA string=%s)" % fragment
    assert modules_of(emulator, topo["idle"]) == {DEMO_IDLE: DEMO}


def test_transfer_host_module_in_an_archived_business(emulator):
    (host,) = add_hosts(emulator, ["192.0.2.9"], LEGACY)
    code, message = emulator.error("transfer_host_module", {"bk_biz_id": LEGACY, "bk_host_id": [host],
                                                            "bk_module_id": [LEGACY_IDLE + 1]})
    assert code == 1199002 and "biz has been archived" in message


def test_transfer_host_to_idlemodule(emulator, topo):
    assert emulator.esb("transfer_host_to_idlemodule", {"bk_biz_id": DEMO, "bk_host_id": [topo["both"]]}
                        )["data"] is None
    assert modules_of(emulator, topo["both"]) == {DEMO_IDLE: DEMO}
    assert emulator.error("transfer_host_to_idlemodule", {"bk_biz_id": DEMO, "bk_host_id": [1]}) == (
        1113002, "hostID [[]int64{1}] does not belong of  businessID [[2]]")
    assert emulator.error("transfer_host_to_idlemodule", {"bk_biz_id": 99, "bk_host_id": [1]}) == (
        1110030, "Failed to add host to module, error:module not found")
    assert modules_of(emulator, 1) == {POOL_IDLE: POOL}


def test_transfer_host_to_idlemodule_passes_the_core_errors_on_unwrapped(emulator):
    (host,) = add_hosts(emulator, ["192.0.2.9"], LEGACY, LEGACY_IDLE + 1)
    assert emulator.error("transfer_host_to_idlemodule", {"bk_biz_id": LEGACY, "bk_host_id": [host]}) == (
        1110031, "Failed to transfer host to biz, biz has been archived")
    assert emulator.error("transfer_host_to_idlemodule", {"bk_biz_id": DEMO, "bk_host_id": [999]}) == (
        1199011, "'bk_host_id' the parameter is invalid or does not exist")
    assert modules_of(emulator, host) == {LEGACY_IDLE + 1: LEGACY}


def test_transfer_host_module_in_an_unknown_business(emulator):
    assert emulator.error("transfer_host_module", {"bk_biz_id": 99, "bk_host_id": [1], "bk_module_id": [1]}) == (
        1101080, "topo module not found")
    assert emulator.error("transfer_host_module", {"bk_biz_id": 99, "bk_host_id": [1], "bk_module_id": []}) == (
        1199002, "HTTP request failed%!(EXTRA string=Business [[]int64{99}] does not exist)")


def test_transfer_resourcehost_to_idlemodule(emulator, topo):
    assert emulator.esb("transfer_resourcehost_to_idlemodule", {"bk_biz_id": PAYMENTS, "bk_host_id": [1, 2]}
                        )["data"] is None
    assert modules_of(emulator, 1) == {PAYMENTS_IDLE: PAYMENTS}
    assert biz_host_ids(emulator, PAYMENTS) == [1, 2]
    # hosts of a business are not the pool's
    assert emulator.error("transfer_resourcehost_to_idlemodule", {"bk_biz_id": DEMO, "bk_host_id": [1, 3]}) == (
        1110056, "Operation failed, the following host does not belong to the target module: 10.0.0.1")
    assert modules_of(emulator, 3) == {POOL_IDLE: POOL}
    assert emulator.error("transfer_resourcehost_to_idlemodule", {"bk_biz_id": 99, "bk_host_id": [3]})[0] == 1199019
    assert emulator.error("transfer_resourcehost_to_idlemodule", {"bk_biz_id": LEGACY, "bk_host_id": [3]}) == (
        1110031, "Failed to transfer host to biz, biz has been archived")
    assert emulator.ok("transfer_resourcehost_to_idlemodule", {"bk_biz_id": POOL, "bk_host_id": [3]}) is None
    assert modules_of(emulator, 3) == {POOL_IDLE: POOL}


def test_transfer_host_to_resourcemodule_only_from_the_idle_set(emulator, topo):
    emulator.ok("transfer_host_module", {"bk_biz_id": DEMO, "bk_host_id": [topo["in_nginx"]],
                                         "bk_module_id": [DEMO_RECYCLE]})
    assert emulator.esb("transfer_host_to_resourcemodule", {"bk_biz_id": DEMO,
                                                            "bk_host_id": [topo["idle"], topo["in_nginx"]]}
                        )["data"] is None
    assert modules_of(emulator, topo["idle"]) == {POOL_IDLE: POOL}
    assert modules_of(emulator, topo["in_nginx"]) == {POOL_IDLE: POOL}
    refused = {"bk_biz_id": DEMO, "bk_host_id": topo["in_mysql"] + [topo["both"]]}
    assert emulator.error("transfer_host_to_resourcemodule", refused) == (
        1110056, "Operation failed, the following host does not belong to the target module: "
                 "192.0.2.1,192.0.2.2 ...")
    assert biz_host_ids(emulator, DEMO) == topo["in_mysql"] + [topo["both"]]
    assert emulator.error("transfer_host_to_resourcemodule", {"bk_biz_id": POOL, "bk_host_id": [1]}) == (
        1110052, "The host is already in the resource pool")
    assert emulator.error("transfer_host_to_resourcemodule", {"bk_biz_id": 0, "bk_host_id": [1]}) == (
        1110051, "The resource pool was not found")


def test_transfer_host_across_biz_between_idle_sets(emulator, topo):
    body = {"src_bk_biz_id": DEMO, "bk_host_id": [topo["idle"]], "dst_bk_biz_id": PAYMENTS,
            "bk_module_id": PAYMENTS_IDLE}
    assert emulator.esb("transfer_host_across_biz", body)["data"] is None
    assert modules_of(emulator, topo["idle"]) == {PAYMENTS_IDLE: PAYMENTS}
    # the host must sit in the source's idle set, the target be a built-in module of the destination
    assert emulator.error("transfer_host_across_biz", dict(body, bk_host_id=[topo["both"]])) == (
        1110056, "Operation failed, the following host does not belong to the target module: 192.0.2.3")
    payments_set = new_set(emulator, "db", PAYMENTS)
    normal = new_module(emulator, payments_set, "mysql", PAYMENTS)["bk_module_id"]
    assert emulator.error("transfer_host_across_biz", dict(body, src_bk_biz_id=PAYMENTS, dst_bk_biz_id=DEMO,
                                                           bk_module_id=normal)) == (
        1199006, "'bk_module_id' data parameter verification does not pass")
    assert modules_of(emulator, topo["idle"]) == {PAYMENTS_IDLE: PAYMENTS}


def test_add_host_to_business_idle(emulator):
    answer = emulator.ok("add_host_to_business_idle", {"bk_biz_id": DEMO, "bk_host_list": [
        {"bk_host_innerip": "192.0.2.1", "bk_cloud_id": 0, "bk_addressing": "static", "bk_host_name": "a"},
        {"bk_host_innerip": "192.0.2.2"}]})
    assert answer == {"bk_host_ids": [13, 14]}
    assert modules_of(emulator, 13) == {DEMO_IDLE: DEMO}
    (host,) = emulator.ok("list_biz_hosts", {"bk_biz_id": DEMO, "page": {"start": 0, "limit": 1}})["info"]
    assert (host["bk_host_innerip"], host["bk_host_name"]) == ("192.0.2.1", "a")


@pytest.mark.parametrize("body, code", [
    ({"bk_biz_id": DEMO, "bk_host_list": []}, 1199010),
    ({"bk_biz_id": DEMO}, 1199010),
    ({"bk_host_list": [{"bk_host_innerip": "192.0.2.1"}]}, 1199010),
    ({"bk_biz_id": DEMO, "bk_host_list": [{"bk_host_innerip": "192.0.2.%d" % n} for n in range(201)]}, 1199035),
    ({"bk_biz_id": DEMO, "bk_host_list": [{"bk_host_innerip": "10.0.0.1"}]}, 1199014),
    ({"bk_biz_id": DEMO, "bk_host_list": [{"bk_host_innerip": "192.0.2.1"}, {"bk_host_innerip": "192.0.2.1"}]},
     1199014),
    ({"bk_biz_id": DEMO, "bk_host_list": [{"bk_host_name": "no-ip"}]}, 1199006),
    ({"bk_biz_id": 99, "bk_host_list": [{"bk_host_innerip": "192.0.2.1"}]}, 1101033),
])
def test_add_host_to_business_idle_refusals(emulator, body, code):
    assert emulator.error("add_host_to_business_idle", body)[0] == code
    assert emulator.ok("list_hosts_without_biz", {"page": PAGE})["count"] == 12


def test_add_host_to_business_idle_takes_200(emulator):
    hosts = [{"bk_host_innerip": "192.0.2.%d" % n} for n in range(200)]
    assert len(emulator.ok("add_host_to_business_idle", {"bk_biz_id": DEMO, "bk_host_list": hosts})["bk_host_ids"]) \
        == 200


def test_writes_are_logged_as_mutating(emulator, topo):
    emulator.control("DELETE", "/requests")
    emulator.ok("list_biz_hosts", {"bk_biz_id": DEMO, "page": PAGE})
    emulator.ok("transfer_host_to_idlemodule", {"bk_biz_id": DEMO, "bk_host_id": [topo["both"]]})
    emulator.ok("delete_module", {"bk_biz_id": DEMO, "bk_set_id": topo["db"], "bk_module_id": topo["redis"]})
    assert [(e["operation"], e["mutating"]) for e in emulator.log()] == [
        ("cc.list_biz_hosts", False), ("cc.transfer_host_to_idlemodule", True), ("cc.delete_module", True)]


# --- scale

def test_10000_hosts_in_1000_modules_are_listed_500_a_page(emulator):
    """(How fast is measured by `make bench`'s inventory row, not here.)"""
    set_ids = [new_set(emulator, "set-%d" % n) for n in range(10)]
    modules = [new_module(emulator, set_ids[n // 100], "m-%d" % n)["bk_module_id"] for n in range(1000)]
    for number, module in enumerate(modules):
        add_hosts(emulator, ["10.%d.%d.%d" % (1 + number // 256, number % 256, n) for n in range(10)], DEMO, module)
    pages, seen = 0, set()
    while True:
        data = emulator.ok("list_biz_hosts_topo", {"bk_biz_id": DEMO, "page": {"start": len(seen), "limit": 500}})
        pages += 1
        seen.update(item["host"]["bk_host_id"] for item in data["info"])
        if len(seen) >= data["count"]:
            break
    assert (len(seen), pages) == (10_000, 20)

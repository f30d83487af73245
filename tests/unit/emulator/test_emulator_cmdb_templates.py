# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""CMDB behind the ESB: set templates and service templates, and the sets and modules made from them."""

from __future__ import annotations

import pytest

DEMO, PAYMENTS = 2, 3
OBPROXY, MYSQL, OB_STANDARD = 1, 2, 3  # the seeded templates of payments


def new_set(emulator, name, biz_id=PAYMENTS, **data):
    return emulator.ok("create_set", {"bk_biz_id": biz_id, "data": dict(bk_parent_id=biz_id, bk_set_name=name, **data)})


def modules_of(emulator, set_id, biz_id=PAYMENTS):
    return emulator.ok("search_module", {"bk_biz_id": biz_id, "bk_set_id": set_id, "fields": [
        "bk_module_name", "service_template_id", "set_template_id", "service_category_id", "bk_parent_id"],
        "page": {"start": 0, "limit": 200}})["info"]


def add_templates(emulator, **body):
    return emulator.control("POST", "/blueking/cmdb/templates", json=body)


def test_the_seeded_templates_of_payments(emulator):
    sets = emulator.ok("list_set_template", {"bk_biz_id": PAYMENTS})
    assert sets["count"] == 1
    assert {k: sets["info"][0][k] for k in ("id", "name", "bk_biz_id", "bk_supplier_account")} == {
        "id": OB_STANDARD, "name": "ob_standard", "bk_biz_id": PAYMENTS, "bk_supplier_account": "0"}
    assert set(sets["info"][0]) == {"id", "name", "bk_biz_id", "creator", "modifier", "create_time", "last_time",
                                    "bk_supplier_account"}
    services = emulator.ok("list_service_template", {"bk_biz_id": PAYMENTS, "page": {"start": 0, "limit": 10}})
    assert [(t["id"], t["name"], t["service_category_id"]) for t in services["info"]] == [
        (MYSQL, "mysql", 4), (OBPROXY, "obproxy", 2)]  # sorted by -id
    assert emulator.ok("list_set_template", {"bk_biz_id": DEMO}) == {"count": 0, "info": []}
    related = "list_set_template_related_service_template"
    assert [t["name"] for t in emulator.ok(related, {"bk_biz_id": PAYMENTS, "set_template_id": OB_STANDARD})] == [
        "obproxy", "mysql"]
    assert emulator.ok(related, {"bk_biz_id": DEMO, "set_template_id": OB_STANDARD}) == []


@pytest.mark.parametrize("body, names", [
    ({"search": "mysql", "is_exact": True}, ["mysql"]),
    ({"search": "MYS"}, ["mysql"]),
    ({"search": "MYS", "is_exact": True}, []),
    ({"search": "o"}, ["obproxy"]),
    ({"service_template_ids": [OBPROXY]}, ["obproxy"]),
    ({"service_category_id": 4}, ["mysql"]),
])
def test_list_service_template_filters(emulator, body, names):
    found = emulator.ok("list_service_template", dict(body, bk_biz_id=PAYMENTS, page={"start": 0, "limit": 10}))
    assert [t["name"] for t in found["info"]] == names and found["count"] == len(names)


@pytest.mark.parametrize("component, page", [
    ("list_service_template", {"start": 0, "limit": 0}),
    ("list_service_template", {"start": 0, "limit": 1001}),
    ("list_set_template", {"start": 0, "limit": 1001}),
])
def test_the_template_lists_refuse_a_page_limit_out_of_range(emulator, component, page):
    assert emulator.error(component, {"bk_biz_id": PAYMENTS, "page": page})[0] == 1199059


def test_list_set_template_by_ids_and_pages(emulator):
    add_templates(emulator, bk_biz_id=PAYMENTS, set_templates={"ob_small": ["obproxy"]})
    assert [t["name"] for t in emulator.ok("list_set_template", {"bk_biz_id": PAYMENTS, "set_template_ids": [4]})[
        "info"]] == ["ob_small"]
    paged = emulator.ok("list_set_template", {"bk_biz_id": PAYMENTS, "page": {"start": 1, "limit": 1}})
    assert paged["count"] == 2 and [t["name"] for t in paged["info"]] == ["ob_small"]


def test_create_set_from_a_set_template_creates_its_modules(emulator):
    created = new_set(emulator, "ob-a", set_template_id=OB_STANDARD)
    assert created["set_template_id"] == OB_STANDARD
    assert modules_of(emulator, created["bk_set_id"]) == [
        {"bk_module_name": "obproxy", "service_template_id": OBPROXY, "set_template_id": OB_STANDARD,
         "service_category_id": 2, "bk_parent_id": created["bk_set_id"]},
        {"bk_module_name": "mysql", "service_template_id": MYSQL, "set_template_id": OB_STANDARD,
         "service_category_id": 4, "bk_parent_id": created["bk_set_id"]}]
    assert [e["operation"] for e in emulator.log() if e["mutating"]] == ["cc.create_set"]


def test_create_set_refuses_a_set_template_it_cannot_find_in_the_business(emulator):
    assert emulator.error("create_set", {"bk_biz_id": DEMO, "data": {
        "bk_parent_id": DEMO, "bk_set_name": "x", "set_template_id": OB_STANDARD}}) == (1199019, "No relevant data found")
    assert emulator.error("create_set", {"bk_biz_id": PAYMENTS, "data": {
        "bk_parent_id": PAYMENTS, "bk_set_name": "x", "set_template_id": 99}})[0] == 1199019
    assert [s["bk_set_name"] for s in emulator.sets(DEMO) + emulator.sets(PAYMENTS)] == ["空闲机池", "空闲机池"]


def test_the_modules_of_a_templated_set_cannot_be_added_or_removed(emulator):
    set_id = new_set(emulator, "ob-a", set_template_id=OB_STANDARD)["bk_set_id"]
    assert emulator.error("create_module", {"bk_biz_id": PAYMENTS, "bk_set_id": set_id, "data": {
        "bk_parent_id": set_id, "bk_module_name": "extra"}}) == (
        1101097, "forbidden add/remove module on set initialized by set template")
    module_id = emulator.ok("search_module", {"bk_biz_id": PAYMENTS, "bk_set_id": set_id,
                                              "condition": {"bk_module_name": "mysql"}})["info"][0]["bk_module_id"]
    assert emulator.error("delete_module", {"bk_biz_id": PAYMENTS, "bk_set_id": set_id,
                                            "bk_module_id": module_id})[0] == 1101097
    assert len(modules_of(emulator, set_id)) == 2
    target = {"bk_biz_id": PAYMENTS, "bk_set_id": set_id, "bk_module_id": module_id}
    assert emulator.error("update_module", dict(target, data={"bk_module_name": "pg"}))[0] == 1101091
    assert emulator.error("update_module", dict(target, data={"service_category_id": 2}))[0] == 1101090
    assert emulator.ok("update_module", dict(target, data={"bk_module_name": "mysql", "operator": "dba"})) is None
    assert emulator.ok("delete_set", {"bk_biz_id": PAYMENTS, "bk_set_id": set_id}) is None
    assert modules_of(emulator, set_id) == []


def test_create_module_from_a_service_template(emulator):
    set_id = new_set(emulator, "plain")["bk_set_id"]
    module = emulator.ok("create_module", {"bk_biz_id": PAYMENTS, "bk_set_id": set_id, "data": {
        "bk_parent_id": set_id, "bk_module_name": "db", "service_template_id": MYSQL}})
    assert (module["bk_module_name"], module["service_template_id"], module["service_category_id"],
            module["set_template_id"]) == ("db", MYSQL, 4, 0)
    assert emulator.error("create_module", {"bk_biz_id": PAYMENTS, "bk_set_id": set_id, "data": {
        "bk_parent_id": set_id, "bk_module_name": "db2", "service_template_id": MYSQL, "service_category_id": 2}}) == (
        1108036, "service category and template not conincide")
    demo_set = new_set(emulator, "plain", biz_id=DEMO)["bk_set_id"]
    assert emulator.error("create_module", {"bk_biz_id": DEMO, "bk_set_id": demo_set, "data": {
        "bk_parent_id": demo_set, "bk_module_name": "db", "service_template_id": MYSQL}}) == (
        1199006, "'service_template_id' data parameter verification does not pass")
    assert [m["bk_module_name"] for m in modules_of(emulator, set_id)] == ["db"]


def test_the_hook_adds_templates_and_refuses_bad_ones(emulator):
    added = add_templates(emulator, bk_biz_id=DEMO, service_templates={"web": 2}, set_templates={"site": ["web"]})
    assert [t["name"] for t in added["service_templates"]] == ["web"]
    assert added["set_templates"][0]["service_template_ids"] == [added["service_templates"][0]["id"]]
    created = new_set(emulator, "site-a", biz_id=DEMO, set_template_id=added["set_templates"][0]["id"])
    assert [m["bk_module_name"] for m in modules_of(emulator, created["bk_set_id"], DEMO)] == ["web"]
    for body, status in (({"bk_biz_id": 99}, 404), ({"bk_biz_id": DEMO, "service_templates": {"web": 2}}, 422),
                         ({"bk_biz_id": DEMO, "set_templates": {"x": ["nope"]}}, 422)):
        response = emulator.session.post(emulator.url + "/__emulator__/blueking/cmdb/templates", json=body, timeout=10)
        assert response.status_code == status, response.text

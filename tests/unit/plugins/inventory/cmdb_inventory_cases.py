# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cmdb inventory plugin with HTTP mocked: the requests it sends, its groups, names and variables.

Run by test_cmdb_inventory.py in a Python of their own (see there why).

The plugin runs in-process on a real InventoryData; its options are the documented defaults plus
the test's (ansible-core's option loading itself is exercised by test_cmdb_inventory_emulator.py,
through ansible-inventory).
"""

from __future__ import annotations

import json

import pytest
import responses
import yaml

from ansible.errors import AnsibleParserError
from ansible.inventory.data import InventoryData
from ansible.inventory.helpers import get_group_vars
from ansible.parsing.dataloader import DataLoader

from ansible_collections.clusterops.platforms.plugins.inventory import cmdb

try:  # ansible-core 2.19 and later template only what comes from a trusted source, as the inventory file
    from ansible._internal._datatag._tags import TrustedAsTemplate
    trusted = TrustedAsTemplate().tag
except ImportError:
    def trusted(text):
        return text
from ansible_collections.clusterops.platforms.plugins.module_utils._blueking import BLUEKING_SPEC

BK = "https://paas.example.com"
SECRET = "app-secret-7c1e"
CONNECTION = dict(bk_url=BK, bk_app_code="clusterops", bk_app_secret=SECRET, bk_username="admin")
# ansible.builtin.constructed and inventory_cache defaults
CORE_DEFAULTS = dict(compose={}, groups={}, keyed_groups=[], strict=False, leading_separator=True,
                     use_extra_vars=False, cache=False, cache_plugin="memory", cache_timeout=3600,
                     cache_connection=None, cache_prefix="ansible_inventory_")


def url(component):
    return "%s/api/c/compapi/v2/cc/%s/" % (BK, component)


def ok(component, data):
    responses.add(responses.POST, url(component),
                  json=dict(result=True, code=0, message="", data=data, request_id="rid-ok"))


def sent(component):
    return [json.loads(c.request.body) for c in responses.calls if c.request.url == url(component)]


def components():
    return [c.request.url.split("/cc/")[1].rstrip("/") for c in responses.calls]


def host(host_id, ip, name="", **extra):
    return dict(dict(bk_host_id=host_id, bk_host_innerip=ip, bk_host_name=name, bk_cloud_id=0, bk_os_name="linux"),
                **extra)


def topo(set_id, set_name, *modules):
    return dict(bk_set_id=set_id, bk_set_name=set_name,
                module=[dict(bk_module_id=module_id, bk_module_name=name) for module_id, name in modules])


def options(**given):
    documented = {name: spec.get("default") for name, spec in yaml.safe_load(cmdb.DOCUMENTATION)["options"].items()}
    defaults = {name: spec.get("default") for name, spec in BLUEKING_SPEC.items()}
    merged = dict(CORE_DEFAULTS, **documented)
    merged.update(defaults)
    merged.update(CONNECTION)
    merged.update(given)
    return merged


def build(tmp_path, **given):
    """Parse an inventory with these options; returns the InventoryData."""
    path = tmp_path / "test.cmdb.yml"
    path.write_text("plugin: clusterops.platforms.cmdb\n", encoding="utf-8")
    plugin = cmdb.InventoryModule()
    inventory = InventoryData()

    def read_config(path):
        plugin._options = options(**given)
        if plugin.get_option("cache"):
            plugin.load_cache_plugin()

    plugin._read_config_data = read_config
    plugin.parse(inventory, DataLoader(), str(path))
    if plugin.get_option("cache"):
        plugin.update_cache_if_changed()  # as ansible-core's InventoryManager does after a parse
    return inventory


def hosts_of(inventory, group):
    return sorted(h.name for h in inventory.groups[group].get_hosts())


def children(inventory, group):
    return sorted(g.name for g in inventory.groups[group].child_groups)


PAYMENTS = [dict(host=host(1, "10.0.0.1", "ob1"), topo=[topo(10, "ob", (100, "observer"))]),
            dict(host=host(2, "10.0.0.2,10.0.1.2", "ob2", bk_host_outerip="1.2.3.4"),
                 topo=[topo(10, "ob", (100, "observer"), (101, "obproxy"))]),
            dict(host=host(3, "10.0.0.3", "idle"), topo=[topo(4, "空闲机池", (20, "空闲机"))])]


def payments(hosts=None):
    hosts = PAYMENTS if hosts is None else hosts
    ok("search_business", dict(count=1, info=[dict(bk_biz_id=3, bk_biz_name="payments", default=0)]))
    ok("list_biz_hosts_topo", dict(count=len(hosts), info=hosts))


@responses.activate
def test_groups_nest_business_set_and_module_with_names_and_ids(tmp_path):
    payments()
    inventory = build(tmp_path, bk_biz_names=["payments"])
    assert children(inventory, "payments") == ["payments_ob", "payments_空闲机池"]
    assert children(inventory, "payments_ob") == ["payments_ob_obproxy", "payments_ob_observer"]
    assert hosts_of(inventory, "payments_ob") == ["10.0.0.1", "10.0.0.2"]
    assert hosts_of(inventory, "payments_ob_obproxy") == ["10.0.0.2"]
    assert hosts_of(inventory, "payments_空闲机池_空闲机") == ["10.0.0.3"]
    assert inventory.groups["payments"].vars["cmdb_business"] == dict(bk_biz_id=3, bk_biz_name="payments")
    assert inventory.groups["payments_ob"].vars["cmdb_set"] == dict(bk_set_id=10, bk_set_name="ob")
    assert inventory.groups["payments_ob_obproxy"].vars["cmdb_module"] == dict(bk_module_id=101, bk_module_name="obproxy")


@responses.activate
def test_host_variables_are_the_cmdb_attributes_and_topology(tmp_path):
    payments()
    inventory = build(tmp_path, bk_biz_ids=[3])
    variables = inventory.get_host("10.0.0.2").vars
    assert variables["ansible_host"] == "10.0.0.2"  # the first of the inner IPs
    assert variables["bk_host_innerip"] == "10.0.0.2,10.0.1.2" and variables["bk_host_id"] == 2
    assert variables["bk_host_outerip"] == "1.2.3.4" and variables["bk_os_name"] == "linux"
    assert "cmdb_business" not in variables  # inherited from the business's group
    inherited = get_group_vars(inventory.get_host("10.0.0.2").get_groups())
    assert inherited["cmdb_business"] == dict(bk_biz_id=3, bk_biz_name="payments")
    assert variables["cmdb_modules"] == [
        dict(bk_set_id=10, bk_set_name="ob", bk_module_id=100, bk_module_name="observer"),
        dict(bk_set_id=10, bk_set_name="ob", bk_module_id=101, bk_module_name="obproxy")]
    assert SECRET not in json.dumps({h.name: h.vars for h in inventory.hosts.values()})


@responses.activate
def test_the_reads_are_one_search_business_and_pages_of_500(tmp_path):
    ok("search_business", dict(count=1, info=[dict(bk_biz_id=3, bk_biz_name="payments", default=0)]))
    pages = [[dict(host=host(n, "10.1.%d.%d" % divmod(n, 256)), topo=[topo(10, "ob", (100, "observer"))])
              for n in range(start, min(start + 500, 1203))] for start in (0, 500, 1000)]
    for page in pages:
        ok("list_biz_hosts_topo", dict(count=1203, info=page))
    inventory = build(tmp_path, bk_biz_ids=[3], set_filter=dict(bk_set_name=["ob", "db"]),
                      module_filter=dict(bk_module_type="1"),
                      host_filter=dict(condition="OR", rules=[dict(field="bk_os_type", operator="equal", value="1")]))
    assert components() == ["search_business"] + ["list_biz_hosts_topo"] * 3
    bodies = sent("list_biz_hosts_topo")
    assert [b["page"] for b in bodies] == [dict(start=0, limit=500), dict(start=500, limit=500),
                                           dict(start=1000, limit=500)]
    body = bodies[0]
    assert body["bk_biz_id"] == 3
    assert body["set_property_filter"] == dict(condition="AND", rules=[
        dict(field="bk_set_name", operator="in", value=["ob", "db"])])
    assert body["module_property_filter"] == dict(condition="AND", rules=[
        dict(field="bk_module_type", operator="equal", value="1")])
    assert body["host_property_filter"] == dict(condition="OR", rules=[
        dict(field="bk_os_type", operator="equal", value="1")])
    assert {"bk_host_id", "bk_host_innerip", "operator"} <= set(body["fields"])
    business = sent("search_business")[0]["biz_property_filter"]
    assert dict(field="bk_biz_id", operator="in", value=[3]) in business["rules"]
    assert len(inventory.hosts) == 1203
    # credentials in the header only, as for the modules
    assert not {"bk_app_code", "bk_app_secret", "bk_username"} & set(body)


@responses.activate
def test_without_businesses_it_lists_all_but_the_resource_pool(tmp_path):
    businesses = [dict(bk_biz_id=1, bk_biz_name="资源池", default=1), dict(bk_biz_id=2, bk_biz_name="demo", default=0),
                  dict(bk_biz_id=3, bk_biz_name="payments", default=0)]
    ok("search_business", dict(count=3, info=businesses))
    ok("list_biz_hosts_topo", dict(count=0, info=[]))
    ok("list_biz_hosts_topo", dict(count=0, info=[]))
    inventory = build(tmp_path)
    assert [b["bk_biz_id"] for b in sent("list_biz_hosts_topo")] == [2, 3]
    assert sent("search_business")[0]["biz_property_filter"]["rules"] == [
        dict(field="bk_data_status", operator="not_equal", value="disabled")]
    assert {"demo", "payments"} <= set(inventory.groups)


@responses.activate
@pytest.mark.parametrize("found, words", [
    ([], "no business"), ([dict(bk_biz_id=3, bk_biz_name="x"), dict(bk_biz_id=5, bk_biz_name="x")], "[3, 5]")])
def test_a_business_name_must_match_exactly_one(tmp_path, found, words):
    ok("search_business", dict(count=len(found), info=found))
    with pytest.raises(AnsibleParserError) as raised:
        build(tmp_path, bk_biz_names=["x"])
    assert "cc.search_business" in str(raised.value) and words in str(raised.value)
    assert components() == ["search_business"]


@responses.activate
def test_a_platform_error_names_the_call_and_code_without_the_secret(tmp_path):
    ok("search_business", dict(count=1, info=[dict(bk_biz_id=3, bk_biz_name="payments", default=0)]))
    responses.add(responses.POST, url("list_biz_hosts_topo"), json=dict(
        result=False, code=1199014, message="no permission, app secret %s rejected" % SECRET, data=None,
        request_id="rid-403"))
    with pytest.raises(AnsibleParserError) as raised:
        build(tmp_path, bk_biz_ids=[3])
    message = str(raised.value)
    assert "BlueKing cc.list_biz_hosts_topo failed" in message and "code 1199014" in message and "rid-403" in message
    assert SECRET not in message


def test_a_user_or_token_is_required(tmp_path):
    with pytest.raises(AnsibleParserError, match="bk_username, bk_token.*BK_USERNAME, BK_TOKEN"):
        build(tmp_path, bk_username=None)


def test_bad_transport_options_fail_cleanly_before_any_request(tmp_path):
    with pytest.raises(AnsibleParserError, match="request_timeout must be"):
        build(tmp_path, request_timeout=0.0)


@responses.activate
def test_names_that_lose_every_character_fall_back_to_ids(tmp_path):
    hosts = [dict(host=host(1, "10.0.0.1"), topo=[topo(4, "空闲机池", (20, "空闲机"), (21, "故障机"))]),
             dict(host=host(2, "10.0.0.2"), topo=[topo(7, "db-1", (30, "mysql"))]),
             dict(host=host(3, "10.0.0.3"), topo=[topo(8, "db_1", (31, "mysql"))])]
    payments(hosts=hosts)
    inventory = build(tmp_path, bk_biz_ids=[3], ascii_group_names=True, group_prefix="cmdb_")
    assert children(inventory, "cmdb_payments") == ["cmdb_payments_db_1_set7", "cmdb_payments_db_1_set8",
                                                    "cmdb_payments_set_4"]
    assert children(inventory, "cmdb_payments_set_4") == ["cmdb_payments_set_4_module_20",
                                                          "cmdb_payments_set_4_module_21"]
    assert hosts_of(inventory, "cmdb_payments_db_1_set8_mysql") == ["10.0.0.3"]
    assert inventory.groups["cmdb_payments_set_4"].vars["cmdb_set"]["bk_set_name"] == "空闲机池"


@responses.activate
def test_shared_host_names_are_made_unique_with_the_host_id(tmp_path):
    hosts = [dict(host=host(1, "10.0.0.1", "web"), topo=[topo(10, "ob", (100, "observer"))]),
             dict(host=host(2, "10.0.0.2", "web"), topo=[topo(10, "ob", (100, "observer"))]),
             dict(host=host(3, "10.0.0.3", ""), topo=[topo(10, "ob", (100, "observer"))])]
    payments(hosts=hosts)
    inventory = build(tmp_path, bk_biz_ids=[3], hostnames=["bk_host_name"])
    assert sorted(inventory.hosts) == ["3", "web_1", "web_2"]


@responses.activate
def test_hostnames_and_ansible_host_are_configurable(tmp_path):
    payments()
    inventory = build(tmp_path, bk_biz_ids=[3], hostnames=["bk_host_name", "bk_host_innerip"],
                      ansible_host_attributes=["bk_host_outerip", "bk_host_innerip"], vars_prefix="cmdb_")
    assert sorted(inventory.hosts) == ["idle", "ob1", "ob2"]
    assert inventory.get_host("ob2").vars["ansible_host"] == "1.2.3.4"
    assert inventory.get_host("ob1").vars["ansible_host"] == "10.0.0.1"
    assert inventory.get_host("ob1").vars["cmdb_bk_host_name"] == "ob1"
    assert "bk_host_name" not in inventory.get_host("ob1").vars
    assert "bk_host_name" in sent("list_biz_hosts_topo")[0]["fields"]


@responses.activate
def test_compose_groups_and_keyed_groups(tmp_path):
    payments()
    inventory = build(tmp_path, bk_biz_ids=[3], strict=True,
                      compose=dict(module_names=trusted("cmdb_modules | map(attribute='bk_module_name') | list")),
                      groups=dict(proxies=trusted("'obproxy' in module_names")),
                      keyed_groups=[dict(key=trusted("bk_host_name"), prefix="name")])
    assert inventory.get_host("10.0.0.2").vars["module_names"] == ["observer", "obproxy"]
    assert hosts_of(inventory, "proxies") == ["10.0.0.2"]
    assert hosts_of(inventory, "name_ob1") == ["10.0.0.1"]


def test_an_empty_filter_is_refused():
    with pytest.raises(AnsibleParserError, match="set_filter"):
        cmdb.property_filter("set_filter", {})


@responses.activate
def test_a_warm_cache_sends_no_request_and_its_key_and_data_hold_no_secret(tmp_path):
    cache = dict(cache=True, cache_plugin="jsonfile", cache_connection=str(tmp_path / "cache"), retries=0)
    payments()
    first = build(tmp_path, bk_biz_ids=[3], **cache)
    assert len(responses.calls) == 2
    responses.reset()  # nothing is mocked: any request would fail the build
    second = build(tmp_path, bk_biz_ids=[3], **cache)
    assert not responses.calls
    assert sorted(second.hosts) == sorted(first.hosts)
    assert second.get_host("10.0.0.2").vars == first.get_host("10.0.0.2").vars
    [entry] = list((tmp_path / "cache").iterdir())
    assert "10.0.0.2" in entry.read_text(encoding="utf-8")
    assert SECRET not in entry.read_text(encoding="utf-8") + entry.name
    payments()  # another choice of hosts is another entry
    build(tmp_path, bk_biz_ids=[3], host_filter=dict(bk_os_type="1"), **cache)
    assert len(responses.calls) == 2

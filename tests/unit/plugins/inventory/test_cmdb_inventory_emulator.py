# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cmdb inventory plugin as users run it: ansible-inventory against the emulator.

Each test lays out a topology in the emulator through CMDB's components (create_set,
create_module, transfer_host_module) and its host hook, runs the real `ansible-inventory` with
the collection from build/collections, and checks its output and the emulator's request log.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
ANSIBLE_INVENTORY = os.path.join(os.path.dirname(sys.executable), "ansible-inventory")
PAYMENTS = 3
CONNECTION = ("bk_url", "bk_app_code", "bk_app_secret", "bk_username")


def make_set(emulator, name, biz_id=PAYMENTS, **attributes):
    data = dict(attributes, bk_parent_id=biz_id, bk_set_name=name)
    return emulator.ok("create_set", dict(bk_biz_id=biz_id, data=data))["bk_set_id"]


def make_module(emulator, set_id, name, biz_id=PAYMENTS, **attributes):
    return emulator.ok("create_module", dict(bk_biz_id=biz_id, bk_set_id=set_id, data=dict(
        attributes, bk_parent_id=set_id, bk_module_name=name)))["bk_module_id"]


def make_hosts(emulator, module_id, *hosts, biz_id=PAYMENTS):
    return emulator.control("POST", "/blueking/cmdb/hosts", json=dict(
        bk_biz_id=biz_id, bk_module_id=module_id, hosts=[dict(dict(bk_cloud_id=0), **host) for host in hosts]))["bk_host_ids"]


@pytest.fixture
def payments(emulator):
    """payments: set ob (modules observer, obproxy; 10.1.0.2 in both), set db (module mysql, Linux and
    Windows hosts), a host in the idle module; returns the emulator."""
    ob, db = make_set(emulator, "ob"), make_set(emulator, "db")
    observer, obproxy, mysql = make_module(emulator, ob, "observer"), make_module(emulator, ob, "obproxy"), \
        make_module(emulator, db, "mysql")
    make_hosts(emulator, observer, dict(bk_host_innerip="10.1.0.1", bk_host_name="ob1", bk_os_type="1"))
    [both] = make_hosts(emulator, observer, dict(bk_host_innerip="10.1.0.2", bk_host_name="ob2", bk_os_type="1",
                                                 bk_host_outerip="203.0.113.2"))
    emulator.ok("transfer_host_module", dict(bk_biz_id=PAYMENTS, bk_host_id=[both], bk_module_id=[observer, obproxy],
                                             is_increment=False))
    make_hosts(emulator, mysql, dict(bk_host_innerip="10.1.1.1", bk_host_name="db1", bk_os_type="1", operator="dba"),
               dict(bk_host_innerip="10.1.1.2", bk_host_name="db2", bk_os_type="2", operator="dba"))
    make_hosts(emulator, None, dict(bk_host_innerip="10.1.2.1", bk_host_name="spare1", bk_os_type="1"))  # idle module
    emulator.control("DELETE", "/requests")
    return emulator


def run_inventory(emulator, tmp_path, config, *args, env=None, in_file=False, check=True):
    """ansible-inventory on a cmdb.yml of `config`; the connection in the environment (or the file)."""
    path = tmp_path / "test.cmdb.yml"
    connection = {key: emulator.vars[key] for key in CONNECTION}
    content = dict(plugin="clusterops.platforms.cmdb", **config)
    if in_file:
        content.update(connection)
    path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("BK_", "ANSIBLE_"))}
    environment.update(ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, "build", "collections"),
                       ANSIBLE_HOME=str(tmp_path / "ansible-home"), ANSIBLE_NOCOLOR="1",
                       ANSIBLE_INVENTORY_UNPARSED_FAILED="true", ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED="true")
    if not in_file:
        environment.update({key.upper(): value for key, value in connection.items()})
    environment.update(env or {})
    done = subprocess.run([ANSIBLE_INVENTORY, "-i", str(path)] + list(args or ["--list"]), env=environment,
                          capture_output=True, text=True, timeout=300, check=False)
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def plain(value):
    """`value` without the marks ansible-inventory puts on values not to be templated (all of CMDB's)."""
    if isinstance(value, dict):
        if set(value) == {"__ansible_unsafe"}:
            return value["__ansible_unsafe"]
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def listed(done):
    return plain(json.loads(done.stdout))


def hosts_in(inventory, group):
    return sorted(inventory.get(group, {}).get("hosts", []))


def esb_calls(emulator):
    return [entry["path"].rstrip("/").rsplit("/", 1)[-1] for entry in emulator.log() if "/compapi/" in entry["path"]]


def test_groups_nest_business_set_and_module_with_host_variables(payments, tmp_path):
    inventory = listed(run_inventory(payments, tmp_path, dict(bk_biz_names=["payments"])))
    assert sorted(inventory["payments"]["children"]) == ["payments_db", "payments_ob", "payments_空闲机池"]
    assert sorted(inventory["payments_ob"]["children"]) == ["payments_ob_obproxy", "payments_ob_observer"]
    assert hosts_in(inventory, "payments_ob_observer") == ["10.1.0.1", "10.1.0.2"]
    assert hosts_in(inventory, "payments_ob_obproxy") == ["10.1.0.2"]
    assert hosts_in(inventory, "payments_db_mysql") == ["10.1.1.1", "10.1.1.2"]
    assert hosts_in(inventory, "payments_空闲机池_空闲机") == ["10.1.2.1"]  # the idle set, by the name Ansible allows
    assert inventory["payments_空闲机池"]["children"] == ["payments_空闲机池_空闲机"]  # only modules with hosts
    hostvars = inventory["_meta"]["hostvars"]
    assert set(hostvars) == {"10.1.0.1", "10.1.0.2", "10.1.1.1", "10.1.1.2", "10.1.2.1"}  # none of another business
    host = hostvars["10.1.0.2"]
    assert host["ansible_host"] == "10.1.0.2" and host["bk_host_name"] == "ob2"
    assert host["bk_host_outerip"] == "203.0.113.2" and isinstance(host["bk_host_id"], int)
    assert host["cmdb_business"] == dict(bk_biz_id=PAYMENTS, bk_biz_name="payments")
    assert sorted(m["bk_module_name"] for m in host["cmdb_modules"]) == ["obproxy", "observer"]
    assert hostvars["10.1.1.1"]["operator"] == "dba"
    # one search_business, one page of list_biz_hosts_topo: no request per host, set or module
    assert esb_calls(payments) == ["search_business", "list_biz_hosts_topo"]
    graph = run_inventory(payments, tmp_path, dict(bk_biz_ids=[PAYMENTS]), "--graph", "payments_ob").stdout
    assert "@payments_ob_observer:" in graph and "10.1.0.1" in graph and "payments_db" not in graph


def test_a_playbook_targets_a_set_group(payments, tmp_path):
    run_inventory(payments, tmp_path, dict(bk_biz_ids=[PAYMENTS]), "--list")  # writes the file
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("BK_", "ANSIBLE_"))}
    environment.update({key.upper(): payments.vars[key] for key in CONNECTION},
                       ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, "build", "collections"), ANSIBLE_NOCOLOR="1",
                       ANSIBLE_HOME=str(tmp_path / "ansible-home"))
    done = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible"), "payments_ob", "-i",
                           str(tmp_path / "test.cmdb.yml"), "--list-hosts"], env=environment, capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(done.stdout.split()[2:]) == ["10.1.0.1", "10.1.0.2"]  # "hosts (2):" then the hosts


def test_filters_are_applied_by_cmdb(payments, tmp_path):
    inventory = listed(run_inventory(payments, tmp_path, dict(
        bk_biz_ids=[PAYMENTS], set_filter=dict(bk_set_name="db"), host_filter=dict(bk_os_type="1"))))
    assert sorted(inventory["_meta"]["hostvars"]) == ["10.1.1.1"]  # db's Linux host
    inventory = listed(run_inventory(payments, tmp_path, dict(
        bk_biz_ids=[PAYMENTS], module_filter=dict(condition="OR", rules=[
            dict(field="bk_module_name", operator="equal", value="obproxy")]))))
    assert sorted(inventory["_meta"]["hostvars"]) == ["10.1.0.2"]


def test_constructable_options(payments, tmp_path):
    inventory = listed(run_inventory(payments, tmp_path, dict(
        bk_biz_ids=[PAYMENTS], hostnames=["bk_host_name"], ansible_host_attributes=["bk_host_outerip", "bk_host_innerip"],
        compose=dict(module_names="cmdb_modules | map(attribute='bk_module_name') | sort | list"),
        groups=dict(proxies="'obproxy' in module_names"),
        keyed_groups=[dict(key="operator", prefix="operator"), dict(key="bk_os_type", prefix="os")])))
    hostvars = inventory["_meta"]["hostvars"]
    assert sorted(hostvars) == ["db1", "db2", "ob1", "ob2", "spare1"]
    assert hostvars["ob2"]["ansible_host"] == "203.0.113.2" and hostvars["ob1"]["ansible_host"] == "10.1.0.1"
    assert hostvars["ob2"]["module_names"] == ["obproxy", "observer"]
    assert hosts_in(inventory, "proxies") == ["ob2"]
    assert hosts_in(inventory, "operator_dba") == ["db1", "db2"]
    assert hosts_in(inventory, "os_2") == ["db2"]


def test_a_warm_cache_sends_no_request_and_holds_no_secret(payments, tmp_path):
    cache = tmp_path / "cache"
    config = dict(bk_biz_ids=[PAYMENTS], cache=True, cache_plugin="ansible.builtin.jsonfile",
                  cache_connection=str(cache))
    first = listed(run_inventory(payments, tmp_path, config))
    assert esb_calls(payments) == ["search_business", "list_biz_hosts_topo"]
    payments.control("DELETE", "/requests")
    second = listed(run_inventory(payments, tmp_path, config))
    assert payments.log() == [], "the warm cache sent requests"
    assert second == first
    files = list(cache.iterdir())
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert "10.1.0.1" in text
        assert payments.vars["bk_app_secret"] not in text
    # another business is another cache entry (ansible-core 2.16's ansible-inventory has no --flush-cache)
    run_inventory(payments, tmp_path, dict(config, bk_biz_ids=[2]))
    assert esb_calls(payments) == ["search_business", "list_biz_hosts_topo"]


def test_a_wrong_secret_is_a_clean_error_naming_the_call_and_code(payments, tmp_path):
    wrong = "wrong-secret-5d2f"
    done = run_inventory(payments, tmp_path, dict(bk_biz_ids=[PAYMENTS]), "--list", "-vvv",
                         env=dict(BK_APP_SECRET=wrong), check=False)
    output = " ".join((done.stdout + done.stderr).split())  # ansible-core 2.16 wraps warnings at 80 columns
    assert done.returncode != 0
    assert "BlueKing cc.search_business failed" in output and "code 1306000" in output, output
    assert "APP Secret verification failed" in output
    assert wrong not in output and payments.vars["bk_app_secret"] not in output
    assert esb_calls(payments) == ["search_business"]


def test_no_secret_in_the_output_even_at_vvv(payments, tmp_path):
    secret = payments.vars["bk_app_secret"]
    for in_file in (False, True):
        done = run_inventory(payments, tmp_path, dict(bk_biz_ids=[PAYMENTS]), "--list", "-vvv", in_file=in_file)
        assert "10.1.0.1" in done.stdout
        assert secret not in done.stdout + done.stderr


def test_empty_environment_variables_count_as_unset(payments, tmp_path):
    """As AWX injects "" for every credential field left empty: the file's options and the defaults apply."""
    done = run_inventory(payments, tmp_path, dict(bk_biz_ids=[PAYMENTS]), in_file=True, env=dict(
        BK_URL="", BK_TOKEN="", BK_CREDENTIALS_IN="", BK_CA_PATH="", BK_REQUEST_TIMEOUT=""))
    assert "10.1.1.1" in listed(done)["_meta"]["hostvars"]


def test_without_businesses_every_business_but_the_resource_pool(payments, tmp_path):
    make_hosts(payments, None, dict(bk_host_innerip="10.2.0.1"), biz_id=2)  # demo
    inventory = listed(run_inventory(payments, tmp_path, {}))
    assert "payments" in inventory and "demo" in inventory
    assert "资源池" not in inventory and "legacy" not in inventory  # the resource pool; an archived business
    assert not any(name.startswith("10.0.0.") for name in inventory["_meta"]["hostvars"])  # the pool's hosts
    pool = listed(run_inventory(payments, tmp_path, dict(bk_biz_ids=[1])))
    assert "10.0.0.1" in pool["_meta"]["hostvars"]

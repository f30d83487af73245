# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""codearts_host, codearts_host_info and the host group's pool options, against the real emulator."""

from __future__ import annotations

import json

import pytest

from ansible_collections.clusterops.platforms.plugins.modules import (
    codearts_host, codearts_host_group, codearts_host_info,
)

PASSWORD = "Host-Pass-1"
NEW_PASSWORD = "Host-Pass-2"
KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----"


def codearts(emulator, **extra):
    return dict(hw_region="cn-north-4", codearts_url=emulator.vars["codearts_url"],
                hw_auth_token=emulator.vars["hw_auth_token"], retries=0, **extra)


def writes(emulator):
    """The mutating operations since the last call, and clear the log."""
    done = [e["operation"] for e in emulator.log() if e["mutating"]]
    emulator.control("DELETE", "/requests")
    return done


def reads(emulator):
    done = [e["operation"] for e in emulator.log()]
    emulator.control("DELETE", "/requests")
    return done


def api(emulator, method, path, **kwargs):
    response = emulator.session.request(method, emulator.vars["codearts_url"] + path, timeout=10,
                                        headers={"X-Auth-Token": emulator.vars["hw_auth_token"]}, **kwargs)
    assert response.status_code == 200, response.text
    return response.json()


def stored(emulator, group_id):
    """{ip: host} as the emulator lists the group's hosts."""
    found = api(emulator, "GET", "/v1/resources/host-groups/%s/hosts" % group_id, params=dict(page_size=200))
    return {h["ip"]: h for h in found["result"]}


def new_group(run_module, emulator, name="payments-app", is_proxy_mode=0):
    result, failed = run_module(codearts_host_group, codearts(
        emulator, project_id=emulator.vars["codearts_project_id"], name=name, os="linux", is_proxy_mode=is_proxy_mode))
    assert not failed, result["msg"]
    emulator.control("DELETE", "/requests")
    return result["id"]


def host_args(emulator, **extra):
    args = codearts(emulator, project_id=emulator.vars["codearts_project_id"], host_group="payments-app",
                    username="deploy")
    args.update(extra)
    return {k: v for k, v in args.items() if v is not None}


def test_a_host_is_added_kept_changed_and_removed(run_module, emulator):
    group_id = new_group(run_module, emulator)
    args = host_args(emulator, ip="10.0.0.5", password=PASSWORD)

    result, failed = run_module(codearts_host, args, check_mode=True, diff=True)
    assert not failed and result["changed"] and writes(emulator) == [] and stored(emulator, group_id) == {}
    assert result["host"]["ip"] == "10.0.0.5" and result["host"]["id"] is None and "password" not in result["host"]
    emulator.control("DELETE", "/requests")

    result, failed = run_module(codearts_host, args, diff=True)
    assert not failed and result["changed"] and writes(emulator) == ["codearts.create_host"]
    host = stored(emulator, group_id)["10.0.0.5"]
    assert (host["port"], host["host_name"], host["os"], host["authorization"]) == (
        22, "10.0.0.5", "linux", dict(username="deploy", password=None, private_key=None, trusted_type=0))
    assert result["id"] == host["uuid"] and result["host"]["username"] == "deploy"
    assert result["diff"]["before"] == {} and result["diff"]["after"]["ip"] == "10.0.0.5"
    assert PASSWORD not in json.dumps(result) and not result.get("warnings")

    result, failed = run_module(codearts_host, args)
    assert not failed and result["changed"] is False and writes(emulator) == []

    result, failed = run_module(codearts_host, dict(args, port=2222, host_name="app-1"), check_mode=True, diff=True)
    assert not failed and result["changed"] and writes(emulator) == [] and stored(emulator, group_id)["10.0.0.5"]["port"] == 22
    assert (result["diff"]["before"]["port"], result["diff"]["after"]["port"]) == (22, 2222)
    emulator.control("DELETE", "/requests")

    result, failed = run_module(codearts_host, dict(args, port=2222, host_name="app-1"))
    assert not failed and result["changed"] and writes(emulator) == ["codearts.update_host"]
    assert (result["host"]["port"], result["host"]["host_name"]) == (2222, "app-1")

    result, failed = run_module(codearts_host, dict(args, state="absent"), check_mode=True)
    assert not failed and result["changed"] and writes(emulator) == [] and "10.0.0.5" in stored(emulator, group_id)
    emulator.control("DELETE", "/requests")
    result, failed = run_module(codearts_host, dict(args, state="absent"))
    assert not failed and result["changed"] and writes(emulator) == ["codearts.delete_host"]
    assert stored(emulator, group_id) == {} and result["host"] is None
    emulator.control("DELETE", "/requests")
    result, failed = run_module(codearts_host, dict(args, state="absent"))
    assert not failed and result["changed"] is False and writes(emulator) == []


def test_update_password_always_sends_the_secret_each_run_and_masks_it(run_module, emulator):
    group_id = new_group(run_module, emulator)
    args = host_args(emulator, project_id=None, host_group=None, host_group_id=group_id, ip="10.0.0.5",
                     password=PASSWORD)
    assert not run_module(codearts_host, args)[1]
    writes(emulator)
    result, failed = run_module(codearts_host, dict(args, password=NEW_PASSWORD))
    assert not failed and result["changed"] is False and writes(emulator) == []

    for check_mode, expected in ((True, []), (False, ["codearts.update_host"]), (False, ["codearts.update_host"])):
        result, failed = run_module(codearts_host, dict(args, password=NEW_PASSWORD, update_password="always"),
                                    check_mode=check_mode, diff=True)
        assert not failed and result["changed"] and writes(emulator) == expected
        assert NEW_PASSWORD not in json.dumps(result) and result["diff"]["after"].get("password") != NEW_PASSWORD

    # Switching to a key is a change of trusted_type, seen without update_password=always.
    keyed = {k: v for k, v in args.items() if k != "password"}
    result, failed = run_module(codearts_host, dict(keyed, private_key=KEY))
    assert not failed, result["msg"]
    assert result["changed"] and writes(emulator) == ["codearts.update_host"]
    assert stored(emulator, group_id)["10.0.0.5"]["authorization"]["trusted_type"] == 1
    assert "OPENSSH" not in json.dumps(result)


def test_a_proxy_mode_group_needs_a_proxy_host_of_its_own(run_module, emulator):
    group_id = new_group(run_module, emulator, is_proxy_mode=1)
    args = host_args(emulator, ip="10.0.0.5", password=PASSWORD)

    result, failed = run_module(codearts_host, args)
    assert failed and "proxy mode" in result["msg"] and "proxy_host" in result["msg"] and writes(emulator) == []

    result, failed = run_module(codearts_host, dict(args, proxy_host="192.0.2.10"))
    assert failed and "'192.0.2.10' is not a proxy host" in result["msg"] and writes(emulator) == []

    result, failed = run_module(codearts_host, dict(args, ip="192.0.2.10", as_proxy=True))
    assert not failed and result["changed"] and result["host"]["as_proxy"] is True
    proxy_id = result["id"]
    result, failed = run_module(codearts_host, dict(args, proxy_host="192.0.2.10"))
    assert not failed and result["changed"] and result["host"]["proxy_host"] == "192.0.2.10"
    assert stored(emulator, group_id)["10.0.0.5"]["proxy_host_id"] == proxy_id
    writes(emulator)

    result, failed = run_module(codearts_host, dict(args, proxy_host="192.0.2.10"))
    assert not failed and result["changed"] is False and writes(emulator) == []

    result, failed = run_module(codearts_host, dict(args, ip="192.0.2.10", as_proxy=False, proxy_host="192.0.2.10"))
    assert failed and "cannot change as_proxy" in result["msg"] and writes(emulator) == []

    # CodeArts refuses to remove a proxy host in use; the error names the platform and the call.
    result, failed = run_module(codearts_host, dict(args, ip="192.0.2.10", state="absent"))
    assert failed and result["error"]["operation"] == "codearts.delete_host" and result["error"]["code"]
    assert result["error"]["platform"] == "Huawei Cloud CodeArts" and result["error"]["request_id"]


def test_a_direct_group_refuses_proxies_before_any_write(run_module, emulator):
    new_group(run_module, emulator, is_proxy_mode=0)
    result, failed = run_module(codearts_host, host_args(emulator, ip="10.0.0.5", password=PASSWORD, as_proxy=True))
    assert failed and "connects to its hosts directly" in result["msg"] and writes(emulator) == []


@pytest.mark.parametrize("change, message", [
    (dict(ip="10.0.0.999"), "ip must be an IPv4 or IPv6 address"),
    (dict(port=70000), "port must be 0 to 65535"),
    (dict(host_name="ab"), "host_name must be 3 to 128"),
    (dict(password=""), "exactly one of password and private_key"),
    (dict(username=None), "username is required"),
    (dict(project_id="short"), "project_id must be 32 letters or digits"),
])
def test_bad_input_is_refused_naming_the_option_before_any_request(run_module, emulator, change, message):
    new_group(run_module, emulator)
    result, failed = run_module(codearts_host, dict(host_args(emulator, ip="10.0.0.5", password=PASSWORD), **change))
    assert failed and message in result["msg"]
    assert [e for e in emulator.log() if e["operation"] != "codearts.list_host_groups"
            and e["operation"] != "codearts.list_hosts"] == []


def test_a_missing_group_fails_but_check_mode_predicts_and_absent_is_done(run_module, emulator):
    args = host_args(emulator, ip="10.0.0.5", password=PASSWORD)
    result, failed = run_module(codearts_host, args)
    assert failed and "host group 'payments-app' not found" in result["msg"]
    result, failed = run_module(codearts_host, args, check_mode=True)
    assert not failed and result["changed"] and result["host"]["ip"] == "10.0.0.5"
    result, failed = run_module(codearts_host, dict(args, state="absent"))
    assert not failed and result["changed"] is False
    assert writes(emulator) == []


def test_many_hosts_in_one_task_with_one_read_and_purge(run_module, emulator):
    group_id = new_group(run_module, emulator)
    ips = ["10.1.0.%d" % i for i in range(1, 51)]
    args = host_args(emulator, password=PASSWORD, hosts=[dict(ip=ip) for ip in ips])

    result, failed = run_module(codearts_host, args, check_mode=True)
    assert not failed and result["changed"] and writes(emulator) == []

    result, failed = run_module(codearts_host, args)
    assert not failed, result["msg"]
    log = reads(emulator)
    assert log.count("codearts.create_host") == 50 and len(log) == 50 + 3  # group, hosts, hosts read back
    assert sorted(stored(emulator, group_id)) == sorted(ips)
    assert all(h["host"]["id"] for h in result["hosts"]) and PASSWORD not in json.dumps(result)
    emulator.control("DELETE", "/requests")

    result, failed = run_module(codearts_host, args)
    assert not failed and result["changed"] is False and reads(emulator) == ["codearts.list_host_groups", "codearts.list_hosts"]

    keep = dict(args, hosts=[dict(ip=ips[0], port=2200)], purge=True)
    result, failed = run_module(codearts_host, keep, diff=True)
    assert not failed and result["changed"]
    assert sorted(writes(emulator)) == ["codearts.delete_host"] * 49 + ["codearts.update_host"]
    assert list(stored(emulator, group_id)) == [ips[0]] and stored(emulator, group_id)[ips[0]]["port"] == 2200
    assert sorted(result["diff"]["before"]) == sorted(ips) and list(result["diff"]["after"]) == [ips[0]]


def test_the_info_module_lists_the_hosts_of_a_group(run_module, emulator):
    group_id = new_group(run_module, emulator)
    for ip in ("10.0.0.5", "10.0.0.6"):
        assert not run_module(codearts_host, host_args(emulator, ip=ip, private_key=KEY))[1]
    args = codearts(emulator, project_id=emulator.vars["codearts_project_id"], host_group="payments-app")
    result, failed = run_module(codearts_host_info, args)
    assert not failed and result["host_group_id"] == group_id
    assert sorted(h["ip"] for h in result["hosts"]) == ["10.0.0.5", "10.0.0.6"]
    assert all(h["username"] == "deploy" and h["trusted_type"] == 1 for h in result["hosts"])
    result, failed = run_module(codearts_host_info, dict(args, ip="10.0.0.6"))
    assert [h["ip"] for h in result["hosts"]] == ["10.0.0.6"]
    result, failed = run_module(codearts_host_info, dict(args, host_group="nothing-here"))
    assert not failed and result == dict(result, hosts=[], host_group_id=None)
    result, failed = run_module(codearts_host_info, codearts(emulator, host_group_id="f" * 32))
    assert not failed and result["hosts"] == []


def test_the_group_takes_the_pool_type_and_the_ansible_system_on_create_and_update(run_module, emulator):
    args = codearts(emulator, project_id=emulator.vars["codearts_project_id"], name="pool-hosts", os="linux",
                    slave_cluster_id="0123456789abcdefABCDEF0123456789", slave_resource_type="self-hosted",
                    ansible_type=1)
    result, failed = run_module(codearts_host_group, args)
    assert not failed and result["changed"]
    log = emulator.log()
    body = [e for e in log if e["operation"] == "codearts.create_host_group"][0]
    assert body["mutating"]
    group = [g for g in emulator.control("GET", "/state")["data"]["codearts"]["groups"] if g["name"] == "pool-hosts"][0]
    assert (group["slave_resource_type"], group["ansible_type"]) == ("self-hosted", 1)

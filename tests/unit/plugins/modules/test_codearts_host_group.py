# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import hashlib
import json
import re
import threading
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from ansible_collections.clusterops.platforms.plugins.module_utils import _codearts
from ansible_collections.clusterops.platforms.plugins.modules import codearts_host_group, codearts_host_group_info

URL = "https://codearts-deploy.cn-north-4.myhuaweicloud.com"
GROUPS = URL + "/v1/resources/host-groups"
PROJECT = "0123456789abcdef0123456789abcdef"
TOKEN = "token-abc-123"
TOKEN_AUTH = dict(hw_region="cn-north-4", hw_auth_token=TOKEN)
GROUP = dict(id="g" * 32, name="db-hosts", project_id=PROJECT, os="linux", is_proxy_mode=1,
             slave_cluster_id=None, description="db", host_count=0, env_count=0)


def listing(*groups, total=None):
    responses.add(responses.GET, GROUPS, json=dict(status="success", total=len(groups) if total is None else total,
                                                   result=list(groups)))


def calls():
    return [(c.request.method, urlsplit(c.request.url).path) for c in responses.calls]


def query(index):
    return {k: v[0] for k, v in parse_qs(urlsplit(responses.calls[index].request.url).query).items()}


def body(index):
    return json.loads(responses.calls[index].request.body)


def run(run_module, module=codearts_host_group, check_mode=False, auth=None, **args):
    args = dict(auth or TOKEN_AUTH, **dict(dict(project_id=PROJECT, name="db-hosts"), **args))
    return run_module(module, args, check_mode=check_mode, diff=True)


@responses.activate
def test_create_with_a_token_matches_the_fuzzy_list_exactly(run_module):
    listing(dict(GROUP, name="db-hosts-old"))
    responses.add(responses.POST, GROUPS, json=dict(id=GROUP["id"], status="success"))
    responses.add(responses.GET, GROUPS + "/" + GROUP["id"], json=dict(status="success", result=GROUP))
    result, failed = run(run_module, os="linux", description="db")
    assert not failed and result["changed"] and result["id"] == GROUP["id"]
    assert result["host_group"]["project_id"] == PROJECT
    # the new group is read by the id the create answered, not by listing the project again
    assert calls() == [("GET", "/v1/resources/host-groups"), ("POST", "/v1/resources/host-groups"),
                       ("GET", "/v1/resources/host-groups/" + GROUP["id"])]
    assert query(0) == dict(project_id=PROJECT, name="db-hosts", page_index="1", page_size="1000")
    assert body(1) == dict(name="db-hosts", os="linux", description="db", project_id=PROJECT)
    assert all(c.request.headers["X-Auth-Token"] == TOKEN for c in responses.calls)
    assert TOKEN not in repr(result)


@responses.activate
def test_every_page_is_read(run_module, monkeypatch):
    monkeypatch.setattr(_codearts, "PAGE_SIZE", 2)
    listing(dict(GROUP, name="db-hosts-1"), dict(GROUP, name="db-hosts-2"), total=5)
    listing(dict(GROUP, name="db-hosts-3"), dict(GROUP, name="db-hosts-4"), total=5)
    listing(GROUP, total=5)
    result, failed = run(run_module, os="linux")
    assert result["changed"] is False and result["host_group"]["name"] == "db-hosts"
    assert [query(i)["page_index"] for i in range(3)] == ["1", "2", "3"]


@responses.activate
def test_unchanged_group_sends_no_write_and_null_pool_equals_empty(run_module):
    listing(GROUP)
    result, failed = run(run_module, os="linux", is_proxy_mode=1, slave_cluster_id="", description="db")
    assert not failed and result["changed"] is False
    assert calls() == [("GET", "/v1/resources/host-groups")]


@responses.activate
def test_update_sends_every_mutable_field_with_the_name(run_module):
    listing(GROUP)
    responses.add(responses.PUT, GROUPS + "/" + GROUP["id"], json=dict(status="success", id=GROUP["id"]))
    listing(dict(GROUP, description="new"))
    result, failed = run(run_module, description="new")
    assert not failed and result["changed"]
    assert body(1) == dict(name="db-hosts", description="new", slave_cluster_id=None)
    assert result["diff"]["before"]["description"] == "db" and result["diff"]["after"]["description"] == "new"


@responses.activate
def test_rename_and_its_repeat(run_module):
    listing(GROUP)
    responses.add(responses.PUT, GROUPS + "/" + GROUP["id"], json=dict(status="success", id=GROUP["id"]))
    listing()
    listing(dict(GROUP, name="db-mysql"))
    result, failed = run(run_module, new_name="db-mysql")
    assert not failed and result["changed"] and body(1)["name"] == "db-mysql"
    assert result["host_group"]["name"] == "db-mysql"
    responses.calls.reset()
    responses.replace(responses.GET, GROUPS, json=dict(status="success", total=0, result=[]))
    responses.add(responses.GET, GROUPS, json=dict(status="success", total=1, result=[dict(GROUP, name="db-mysql")]))
    result, failed = run(run_module, new_name="db-mysql")
    assert not failed and result["changed"] is False
    assert [q["name"] for q in (query(0), query(1))] == ["db-hosts", "db-mysql"]


@pytest.mark.parametrize("change", [dict(os="windows"), dict(is_proxy_mode=0)])
@responses.activate
def test_create_only_fields_cannot_change(run_module, change):
    listing(GROUP)
    result, failed = run(run_module, **change)
    assert failed and list(change)[0] in result["msg"]
    assert calls() == [("GET", "/v1/resources/host-groups")]


@pytest.mark.parametrize("change, words", [
    (dict(name="ab"), "name must be 3 to 128 letters"),
    (dict(name="bad name!"), "name must be 3 to 128 letters"),
    (dict(new_name="x" * 129), "new_name must be 3 to 128"),
    (dict(project_id="short"), "project_id must be 32 letters or digits"),
    (dict(slave_cluster_id="pool-1"), "slave_cluster_id must be 32 letters or digits"),
    (dict(description="d" * 501), "description must be at most 500 characters"),
])
@responses.activate
def test_bad_input_fails_before_any_request(run_module, change, words):
    result, failed = run(run_module, os="linux", **change)
    assert failed and words in result["msg"]
    assert calls() == []


@responses.activate
def test_chinese_names_are_accepted(run_module):
    listing()
    result, failed = run(run_module, name="数据库主机", os="linux", check_mode=True)
    assert not failed and result["changed"] and result["host_group"]["name"] == "数据库主机"


@responses.activate
def test_create_needs_the_os(run_module):
    listing()
    result, failed = run(run_module, check_mode=True)
    assert failed and "os is required to create host group 'db-hosts'" in result["msg"]


@responses.activate
def test_password_auth_asks_iam_once_and_uses_the_token(run_module):
    responses.add(responses.POST, "https://iam.example.com/v3/auth/tokens", status=201,
                  headers={"X-Subject-Token": "iam-token-9"}, json=dict(token={}))
    listing(GROUP)
    listing(GROUP)
    auth = dict(hw_region="cn-north-4", iam_url="https://iam.example.com/v3", hw_user_name="u",
                hw_password="pw-secret-8", hw_domain_name="acct")
    result, failed = run(run_module, auth=auth, module=codearts_host_group_info)
    assert not failed
    assert calls()[0] == ("POST", "/v3/auth/tokens")
    identity = body(0)["auth"]
    assert identity["identity"]["password"]["user"] == dict(name="u", password="pw-secret-8", domain=dict(name="acct"))
    assert identity["scope"]["project"]["name"] == "cn-north-4"
    assert responses.calls[1].request.headers["X-Auth-Token"] == "iam-token-9"
    assert "pw-secret-8" not in repr(result)


@responses.activate
def test_wrong_iam_password_is_a_clean_error(run_module):
    responses.add(responses.POST, "https://iam.cn-north-4.myhuaweicloud.com/v3/auth/tokens", status=401,
                  json={"error": {"code": 401, "message": "The username or password is wrong.", "title": "Unauthorized"}})
    auth = dict(hw_region="cn-north-4", hw_user_name="u", hw_password="pw-secret-8", hw_domain_name="acct")
    result, failed = run(run_module, auth=auth, os="linux")
    assert failed and "Huawei Cloud IAM iam.create_token failed, HTTP 401" in result["msg"]
    assert "username or password is wrong" in result["msg"] and "pw-secret-8" not in repr(result)


@responses.activate
def test_access_keys_sign_every_request(run_module):
    listing()
    responses.add(responses.POST, GROUPS, json=dict(id=GROUP["id"], status="success"))
    responses.add(responses.GET, GROUPS + "/" + GROUP["id"], json=dict(status="success", result=GROUP))
    auth = dict(hw_region="cn-north-4", hw_access_key="AKEXAMPLE", hw_secret_key="sk-secret-5", hw_project_id="iamproj")
    result, failed = run(run_module, auth=auth, os="linux")
    assert not failed and result["changed"]
    assert [method for method, path in calls()] == ["GET", "POST", "GET"]
    for call in responses.calls:
        assert call.request.headers["Authorization"].startswith("SDK-HMAC-SHA256 Access=AKEXAMPLE, SignedHeaders=")
        assert call.request.headers["X-Project-Id"] == "iamproj" and "X-Sdk-Date" in call.request.headers
        assert "X-Auth-Token" not in call.request.headers
    assert "content-type;host;x-project-id;x-sdk-date" in responses.calls[1].request.headers["Authorization"]
    assert "sk-secret-5" not in repr(result)


@responses.activate
def test_an_error_code_in_http_200_is_an_error(run_module):
    responses.add(responses.GET, GROUPS, json=dict(error_code="Deploy.00011154", error_msg="no permission", status="failed"),
                  headers={"X-Request-Id": "req-7"})
    result, failed = run(run_module, os="linux")
    assert failed and result["error"]["code"] == "Deploy.00011154" and "req-7" in result["msg"]


@responses.activate
def test_a_group_in_use_is_not_deleted(run_module):
    listing(GROUP)
    responses.add(responses.DELETE, GROUPS + "/" + GROUP["id"], status=400,
                  json=dict(error_code="Deploy.00021424", error_msg="主机集群已关联应用", status="failed"))
    listing(GROUP)
    result, failed = run(run_module, state="absent")
    assert failed and "Deploy.00021424" in result["msg"] and result["host_group"]["id"] == GROUP["id"]


def test_the_region_is_needed_to_find_the_endpoints(run_module):
    result, failed = run(run_module, auth=dict(hw_auth_token=TOKEN), os="linux")
    assert failed and "hw_region is required" in result["msg"]


@responses.activate
def test_info_gets_one_by_id_and_an_unknown_id_is_empty(run_module):
    responses.add(responses.GET, GROUPS + "/" + GROUP["id"], json=dict(status="success", result=GROUP))
    responses.add(responses.GET, GROUPS + "/missing", status=404,
                  json=dict(error_code="Deploy.00021423", error_msg="not found", status="failed"))
    result, failed = run_module(codearts_host_group_info, dict(TOKEN_AUTH, id=GROUP["id"]))
    assert result["host_groups"] == [GROUP]
    result, failed = run_module(codearts_host_group_info, dict(TOKEN_AUTH, id="missing"))
    assert not failed and result["host_groups"] == []


@responses.activate
def test_info_filters_by_exact_name_and_os(run_module):
    listing(GROUP, dict(GROUP, name="db-hosts-2"))
    result, failed = run_module(codearts_host_group_info, dict(TOKEN_AUTH, project_id=PROJECT, name="db-hosts", os="linux"))
    assert [g["name"] for g in result["host_groups"]] == ["db-hosts"]
    assert query(0)["os"] == "linux"


# The list form (host_groups): against an in-memory project that answers as CodeArts does.

class Project:
    """The host groups of PROJECT behind `responses`; the writes to a name in `refuse` get a 400."""

    def __init__(self, *groups):
        self.groups = [dict(g) for g in groups]
        self.refuse = set()
        self.lock = threading.Lock()
        responses.add_callback(responses.GET, GROUPS, self.listing)
        responses.add_callback(responses.POST, GROUPS, self.create)
        for method in (responses.GET, responses.PUT, responses.DELETE):
            responses.add_callback(method, re.compile(re.escape(GROUPS) + "/[0-9a-f]{32}$"), self.one)

    def names(self):
        return {g["name"]: g for g in self.groups}

    def listing(self, request):
        ask = {k: v[0] for k, v in parse_qs(urlsplit(request.url).query).items()}
        assert ask["project_id"] == PROJECT
        found = [g for g in self.groups if ask.get("name", "") in g["name"]]
        start = (int(ask["page_index"]) - 1) * int(ask["page_size"])
        return answer(total=len(found), result=found[start:start + int(ask["page_size"])])

    def create(self, request):
        sent = json.loads(request.body)
        if sent["name"] in self.refuse:
            return refusal()
        with self.lock:
            self.groups.append(dict(GROUP, slave_cluster_id=None, description="", is_proxy_mode=1, **sent,
                                    id=group_id(sent["name"])))
        return answer(id=group_id(sent["name"]))

    def one(self, request):
        found = next(g for g in self.groups if g["id"] == urlsplit(request.url).path.rsplit("/", 1)[1])
        if request.method != "GET" and found["name"] in self.refuse:
            return refusal()
        with self.lock:
            if request.method == "PUT":
                found.update(json.loads(request.body))
            elif request.method == "DELETE":
                self.groups.remove(found)
        return answer(id=found["id"], result=found)


def answer(**data):
    return 200, {}, json.dumps(dict(status="success", **data))


def refusal():
    return 400, {}, json.dumps(dict(error_code="Deploy.00021424", error_msg="主机集群已关联应用", status="failed"))


def group_id(name):
    return hashlib.sha256(name.encode()).hexdigest()[:32]


def group(name, **fields):
    return dict(GROUP, id=group_id(name), name=name, **fields)


def writes():
    return sorted((c.request.method, urlsplit(c.request.url).path.rsplit("/", 1)[1]) for c in responses.calls
                  if c.request.method != "GET")


def run_list(run_module, items, check_mode=False, **args):
    """The list form: the task has host_groups and no name."""
    args = dict(TOKEN_AUTH, project_id=PROJECT, host_groups=items, **args)
    return run_module(codearts_host_group, args, check_mode=check_mode, diff=True)


@responses.activate
def test_an_unchanged_list_is_one_read_of_the_project_and_no_write(run_module):
    Project(group("db-a"), group("db-b", description="b"), group("web"))
    result, failed = run_list(run_module, [dict(name="db-a"), dict(name="db-b", description="b"), dict(name="gone", state="absent")],
                              os="linux", description="db")
    assert not failed and result["changed"] is False
    assert calls() == [("GET", "/v1/resources/host-groups")]
    assert query(0) == dict(project_id=PROJECT, page_index="1", page_size="1000")
    assert [(r["name"], r["changed"], r["id"]) for r in result["host_groups"]] == [
        ("db-a", False, group_id("db-a")), ("db-b", False, group_id("db-b")), ("gone", False, None)]


@responses.activate
def test_a_list_writes_only_the_groups_that_differ(run_module):
    project = Project(group("keep"), group("edit"), group("drop"), group("other"))
    result, failed = run_list(run_module, [dict(name="keep"), dict(name="edit", description="new"),
                                           dict(name="drop", state="absent"), dict(name="fresh", os="windows")])
    assert not failed and result["changed"]
    assert writes() == sorted([("DELETE", group_id("drop")), ("POST", "host-groups"), ("PUT", group_id("edit"))])
    assert [c for c in calls() if c == ("GET", "/v1/resources/host-groups")] == [("GET", "/v1/resources/host-groups")] * 2
    stored = project.names()
    assert sorted(stored) == ["edit", "fresh", "keep", "other"]
    assert stored["edit"]["description"] == "new" and stored["fresh"]["os"] == "windows"
    assert [(r["name"], r["state"], r["changed"]) for r in result["host_groups"]] == [
        ("keep", "present", False), ("edit", "present", True), ("drop", "absent", True), ("fresh", "present", True)]
    assert result["host_groups"][1]["host_group"]["description"] == "new"
    assert result["host_groups"][3]["id"] == group_id("fresh") and result["host_groups"][2]["host_group"] is None


@responses.activate
def test_check_mode_predicts_the_list_and_the_purge_and_writes_nothing(run_module):
    project = Project(group("edit"), group("stray"))
    result, failed = run_list(run_module, [dict(name="edit", description="new"), dict(name="fresh", os="linux")],
                              check_mode=True, purge=True)
    assert not failed and result["changed"]
    assert calls() == [("GET", "/v1/resources/host-groups")]
    assert sorted(project.names()) == ["edit", "stray"] and project.names()["edit"]["description"] == "db"
    assert [(r["name"], r["changed"], r["purged"]) for r in result["host_groups"]] == [
        ("edit", True, False), ("fresh", True, False), ("stray", True, True)]
    assert result["host_groups"][1]["host_group"] == dict(id=None, project_id=PROJECT, name="fresh", os="linux")
    assert result["diff"]["before"]["edit"]["description"] == "db" and result["diff"]["after"]["edit"]["description"] == "new"
    assert "stray" in result["diff"]["before"] and "stray" not in result["diff"]["after"]


@responses.activate
def test_purge_deletes_the_other_groups_of_the_project(run_module):
    project = Project(group("keep"), group("stray-1"), group("stray-2"))
    result, failed = run_list(run_module, [dict(name="keep"), dict(name="fresh", os="linux")], purge=True)
    assert not failed and result["changed"]
    assert writes() == sorted([("POST", "host-groups"), ("DELETE", group_id("stray-1")), ("DELETE", group_id("stray-2"))])
    assert sorted(project.names()) == ["fresh", "keep"]
    assert [(r["name"], r["state"], r["purged"]) for r in result["host_groups"][2:]] == [
        ("stray-1", "absent", True), ("stray-2", "absent", True)]


@responses.activate
def test_without_purge_the_unlisted_groups_stay(run_module):
    project = Project(group("keep"), group("stray"))
    result, failed = run_list(run_module, [dict(name="keep")])
    assert not failed and result["changed"] is False and writes() == []
    assert sorted(project.names()) == ["keep", "stray"] and len(result["host_groups"]) == 1


@responses.activate
def test_one_refused_group_fails_the_task_by_name_and_the_others_are_done(run_module):
    project = Project(group("busy"), group("edit"), group("drop"))
    project.refuse = {"busy"}
    result, failed = run_list(run_module, [dict(name="edit", description="new"), dict(name="busy", description="x"),
                                           dict(name="drop", state="absent"), dict(name="fresh", os="linux")])
    assert failed and result["changed"]
    assert result["msg"].startswith("1 of 4 host_groups failed: 'busy': Huawei Cloud CodeArts codearts.update_host_group "
                                    "failed, HTTP 400, code Deploy.00021424")
    assert writes() == sorted([("PUT", group_id("edit")), ("PUT", group_id("busy")), ("DELETE", group_id("drop")),
                               ("POST", "host-groups")])
    stored = project.names()
    assert sorted(stored) == ["busy", "edit", "fresh"]
    assert stored["edit"]["description"] == "new" and stored["busy"]["description"] == "db"
    busy = result["host_groups"][1]
    assert busy["failed"] and busy["changed"] is False and busy["error"]["code"] == "Deploy.00021424"
    assert busy["host_group"]["description"] == "db"
    assert [r["failed"] for r in result["host_groups"]] == [False, True, False, False]


@responses.activate
def test_a_bad_item_fails_before_any_request_naming_it(run_module):
    result, failed = run_list(run_module, [dict(name="db-a", os="linux"), dict(name="ab", os="linux")])
    assert failed and result["msg"] == ("host_groups[1] ('ab'): name must be 3 to 128 letters, digits, Chinese "
                                        "characters, '-', '_' or '.', got 'ab'")
    assert calls() == []


@pytest.mark.parametrize("args, words", [
    (dict(name="db-a", host_groups=[]), "mutually exclusive: name|host_groups"),
    (dict(new_name="db-b", host_groups=[dict(name="db-a")]), "mutually exclusive: new_name|host_groups"),
    (dict(host_groups=[dict(name="db-a", new_name="db-b")]), "host_groups.new_name"),
    (dict(host_groups=[dict(name="db-a", project_id=PROJECT)]), "host_groups.project_id"),
    ({}, "one of the following is required"),
])
@responses.activate
def test_the_list_form_takes_no_rename_and_no_name(run_module, args, words):
    result, failed = run_module(codearts_host_group, dict(TOKEN_AUTH, project_id=PROJECT, **args))
    assert failed and words in result["msg"]
    assert calls() == []


@responses.activate
def test_the_pool_type_and_ansible_type_are_sent_at_creation_and_with_other_changes_only(run_module):
    pool = dict(slave_cluster_id="s" * 32, slave_resource_type="self-hosted", ansible_type=1)
    listing(dict(GROUP, name="other"))
    responses.add(responses.POST, GROUPS, json=dict(id=GROUP["id"], status="success"))
    responses.add(responses.GET, GROUPS + "/" + GROUP["id"], json=dict(status="success", result=GROUP))
    result, failed = run(run_module, os="linux", **pool)
    assert not failed and body(1) == dict(name="db-hosts", os="linux", project_id=PROJECT, **pool)
    assert "ansible_type" not in result["diff"]["after"]

    # CodeArts does not show them: an otherwise unchanged group sends nothing ...
    responses.reset()
    listing(dict(GROUP, slave_cluster_id="s" * 32))
    result, failed = run(run_module, **pool)
    assert not failed and result["changed"] is False and calls() == [("GET", "/v1/resources/host-groups")]

    # ... and any other change sends them with it.
    responses.reset()
    listing(dict(GROUP, slave_cluster_id="s" * 32))
    responses.add(responses.PUT, GROUPS + "/" + GROUP["id"], json=dict(status="success", id=GROUP["id"]))
    listing(dict(GROUP, slave_cluster_id="s" * 32, description="new"))
    result, failed = run(run_module, description="new", **pool)
    assert not failed and result["changed"]
    assert body(1) == dict(name="db-hosts", description="new", **pool)


def test_the_pool_type_and_ansible_type_are_refused_outside_their_choices(run_module):
    for args in (dict(slave_resource_type="shared"), dict(ansible_type=2)):
        result, failed = run(run_module, **args)
        assert failed and list(args)[0] in result["msg"]

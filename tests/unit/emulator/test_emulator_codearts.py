# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Huawei IAM tokens, the API gateway's token and AK/SK auth, and CodeArts Deploy host groups (v1)."""

from __future__ import annotations

import datetime
import json
from urllib.parse import urlparse

import pytest
from huaweicloudsdkcodeartsdeploy.v2 import (BatchDeleteHostsRequest, CodeArtsDeployClient, CreateHostClusterRequest,
                                             CreateHostClusterRequestBody, CreateHostRequest, CreateHostRequestBody,
                                             DeleteHostClusterRequest, DeleteHostRequest, DeploymentHostAuthorizationBody,
                                             DeploymentHostListEntity, DeploymentHostRequestExternal, HostAuthorizationBody,
                                             HostClusterRequest, ListHostClustersRequest, ListNewHostsRequest,
                                             ShowHostClusterDetailRequest, ShowHostDetailRequest, UpdateHostClusterRequest,
                                             UpdateHostInfoRequest)
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer

GROUPS = "/v1/resources/host-groups"
OTHER_PROJECT_ID = "b2c64e1f0a9d4c7e8f3a5b6c7d8e9f01"
SLAVE_ID = "0123456789abcdefABCDEF0123456789"
DETAIL_KEYS = {"id", "name", "os", "slave_cluster_id", "created_by", "description", "permission", "nick_name",
               "is_proxy_mode", "created_time", "updated_time"}
LIST_KEYS = {"id", "name", "project_id", "os", "slave_cluster_id", "description", "host_count", "env_count",
             "created_by", "permission", "nick_name", "is_proxy_mode"}
PERMISSIONS = {"can_view", "can_edit", "can_delete", "can_add_host", "can_manage", "can_copy"}
BAD_AKSK = "Incorrect IAM authentication information: verify aksk signature fail"


# --- helpers

def token_body(emulator, **changes):
    values = {"name": emulator.vars["hw_user_name"], "password": emulator.vars["hw_password"],
              "domain": emulator.vars["hw_domain_name"], "region": emulator.vars["hw_region"]}
    values.update(changes)
    return {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": values["name"], "password": values["password"], "domain": {"name": values["domain"]}}}},
        "scope": {"project": {"name": values["region"]}}}}


def post_token(emulator, body):
    return emulator.session.post(emulator.vars["iam_url"] + "/v3/auth/tokens", json=body, timeout=10)


def new_token(emulator):
    response = post_token(emulator, token_body(emulator))
    assert response.status_code == 201, response.text
    return response.headers["X-Subject-Token"]


def call(emulator, method, path, token=None, headers=None, **kwargs):
    """A CodeArts request with X-Auth-Token (the seeded hw_auth_token unless given; "" for none)."""
    headers = dict(headers or {})
    token = emulator.vars["hw_auth_token"] if token is None else token
    if token:
        headers["X-Auth-Token"] = token
    return emulator.session.request(method, emulator.vars["codearts_url"] + path, headers=headers, timeout=10, **kwargs)


def ok(response):
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "success", body
    return body


def failed(response, status, code):
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error_code"] == code and body["status"] == "failed" and body["error_msg"], body
    return body["error_msg"]


def gateway_failed(response, code):
    """The message of an API gateway error (HTTP 401)."""
    assert response.status_code == 401, response.text
    body = response.json()
    assert set(body) == {"error_code", "error_msg", "request_id"} and body["error_code"] == code, body
    assert body["request_id"] == response.headers["X-Request-Id"]
    return body["error_msg"]


def create(emulator, name="web-hosts", **fields):
    body = {"name": name, "project_id": emulator.vars["codearts_project_id"], "os": "linux"}
    body.update(fields)
    return call(emulator, "POST", GROUPS, json=body)


def create_id(emulator, name="web-hosts", **fields):
    body = ok(create(emulator, name, **fields))
    assert set(body) == {"id", "status"} and len(body["id"]) == 32 and int(body["id"], 16) >= 0
    return body["id"]


def show(emulator, group_id):
    return ok(call(emulator, "GET", GROUPS + "/" + group_id))["result"]


def listing(emulator, project_id=None, **params):
    params.setdefault("project_id", project_id or emulator.vars["codearts_project_id"])
    return ok(call(emulator, "GET", GROUPS, params=params))


def names(body):
    return [group["name"] for group in body["result"]]


def sdk_client(emulator, access_key=None, secret_key=None):
    config = HttpConfig.get_default_config()
    config.ignore_ssl_verification = True
    credentials = BasicCredentials(access_key or emulator.vars["hw_access_key"], secret_key or emulator.vars["hw_secret_key"],
                                   emulator.vars["codearts_project_id"])
    return (CodeArtsDeployClient.new_builder().with_http_config(config).with_credentials(credentials)
            .with_endpoint(emulator.vars["codearts_url"]).build())


def signed_headers(emulator, method, path, query=(), body=b"", date=None, **headers):
    """The headers Huawei's own signer makes for a request (X-Sdk-Date `date`, else now)."""
    headers.setdefault("Content-Type", "application/json")
    if date:
        headers["X-Sdk-Date"] = date
    request = SdkRequest(method=method, schema="http", host=urlparse(emulator.vars["codearts_url"]).netloc,
                         resource_path=path, query_params=list(query), header_params=headers, body=body)
    Signer(BasicCredentials(emulator.vars["hw_access_key"], emulator.vars["hw_secret_key"])).sign(request)
    return request.header_params


def sdk_date(minutes_ago):
    moment = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=minutes_ago)
    return moment.strftime("%Y%m%dT%H%M%SZ")


# --- IAM

def test_a_password_token_is_issued_in_the_header_and_works(emulator):
    response = post_token(emulator, token_body(emulator))
    assert response.status_code == 201, response.text
    token = response.headers["X-Subject-Token"]
    body = response.json()["token"]
    assert body["methods"] == ["password"]
    assert body["user"]["name"] == emulator.vars["hw_user_name"]
    assert body["user"]["domain"]["name"] == emulator.vars["hw_domain_name"]
    assert body["project"]["name"] == "cn-north-4" and len(body["project"]["id"]) == 32
    issued, expires = (datetime.datetime.strptime(body[key], "%Y-%m-%dT%H:%M:%S.%fZ") for key in ("issued_at", "expires_at"))
    assert expires - issued == datetime.timedelta(hours=24)
    assert ok(call(emulator, "GET", GROUPS, token=token, params={"project_id": emulator.vars["codearts_project_id"]}))


@pytest.mark.parametrize("change", [{"name": "nobody"}, {"password": "wrong"}, {"domain": "other-domain"}])
def test_wrong_user_password_or_domain_is_401(emulator, change):
    response = post_token(emulator, token_body(emulator, **change))
    assert response.status_code == 401
    assert response.json() == {"error": {"code": 401, "message": "The username or password is wrong.", "title": "Unauthorized"}}
    assert "X-Subject-Token" not in response.headers


def test_an_unknown_region_is_401(emulator):
    response = post_token(emulator, token_body(emulator, region="mars-1"))
    assert response.status_code == 401 and response.json()["error"]["title"] == "Unauthorized"


@pytest.mark.parametrize("mangle", [
    lambda body: body["auth"].pop("scope"),
    lambda body: body["auth"]["identity"]["password"]["user"].pop("domain"),
    lambda body: body["auth"]["identity"].update(methods=["token"]),
    lambda body: body["auth"]["identity"]["password"]["user"].update(password=123),
    lambda body: body.clear(),
])
def test_a_malformed_token_body_is_400(emulator, mangle):
    body = token_body(emulator)
    mangle(body)
    response = post_token(emulator, body)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == 400 and response.json()["error"]["title"] == "Bad Request"


def test_a_token_body_that_is_not_json_is_400(emulator):
    response = emulator.session.post(emulator.vars["iam_url"] + "/v3/auth/tokens", data="auth", timeout=10)
    assert response.status_code == 400 and response.json()["error"]["code"] == 400


def test_the_expiry_hook_expires_every_token_until_a_reset(emulator):
    issued = new_token(emulator)
    project = {"project_id": emulator.vars["codearts_project_id"]}
    emulator.control("POST", "/codearts/tokens/expire")
    for token in (issued, emulator.vars["hw_auth_token"]):
        response = call(emulator, "GET", GROUPS, token=token, params=project)
        assert gateway_failed(response, "APIGW.0307") == "The token must be updated."
    ok(call(emulator, "GET", GROUPS, token=new_token(emulator), params=project))  # issued after the hook
    emulator.control("POST", "/reset")
    ok(call(emulator, "GET", GROUPS, params=project))


def test_the_tokens_hook_lists_the_issued_tokens_until_a_reset(emulator):
    assert emulator.control("GET", "/codearts/tokens") == {"tokens": []}
    issued = sorted([new_token(emulator), new_token(emulator)])
    assert emulator.control("GET", "/codearts/tokens") == {"tokens": issued}
    emulator.control("POST", "/reset")
    assert emulator.control("GET", "/codearts/tokens") == {"tokens": []}


# --- the gateway's auth

def test_a_request_without_credentials_or_with_an_unknown_token_is_refused(emulator):
    project = {"project_id": emulator.vars["codearts_project_id"]}
    message = gateway_failed(call(emulator, "GET", GROUPS, token="", params=project), "APIGW.0301")
    assert message == "Incorrect IAM authentication information: x-auth-token not found"
    message = gateway_failed(call(emulator, "GET", GROUPS, token="MIIforged", params=project), "APIGW.0301")
    assert message == "Incorrect IAM authentication information: decrypt token fail"
    gateway_failed(call(emulator, "POST", GROUPS, token="MIIforged", json={}), "APIGW.0301")
    assert [entry["status"] for entry in emulator.log()] == [401, 401, 401]


def test_a_wrong_secret_key_is_refused(emulator):
    with pytest.raises(ClientRequestException) as caught:
        sdk_client(emulator, secret_key="x" * 40).list_host_clusters(
            ListHostClustersRequest(project_id=emulator.vars["codearts_project_id"]))
    assert (caught.value.status_code, caught.value.error_code, caught.value.error_msg) == (401, "APIGW.0301", BAD_AKSK)


def test_an_unknown_access_key_is_refused(emulator):
    with pytest.raises(ClientRequestException) as caught:
        sdk_client(emulator, access_key="AKNOTKNOWN0000000000").show_host_cluster_detail(
            ShowHostClusterDetailRequest(group_id="0" * 32))
    assert caught.value.status_code == 401 and caught.value.error_code == "APIGW.0301"
    assert caught.value.error_msg == "Incorrect IAM authentication information: ak AKNOTKNOWN0000000000 not exist"


def test_a_signed_request_is_verified_with_query_path_and_body(emulator):
    project_id = emulator.vars["codearts_project_id"]
    body = json.dumps({"name": "签名-hosts", "project_id": project_id, "os": "linux"}).encode()
    headers = signed_headers(emulator, "POST", GROUPS, body=body, **{"X-Project-Id": project_id})
    group_id = ok(emulator.session.post(emulator.vars["codearts_url"] + GROUPS, data=body, headers=headers, timeout=10))["id"]
    assert show(emulator, group_id)["name"] == "签名-hosts"

    query = [("project_id", project_id), ("name", "签名 &=/"), ("page_size", "5")]
    headers = signed_headers(emulator, "GET", GROUPS, query=query)
    # The canonical query is sorted, so the order in the URL does not matter.
    url = emulator.vars["codearts_url"] + GROUPS + "?page_size=5&name=%E7%AD%BE%E5%90%8D%20%26%3D%2F&project_id=" + project_id
    assert ok(emulator.session.get(url, headers=headers, timeout=10))["total"] == 0

    path = GROUPS + "/" + group_id
    headers = signed_headers(emulator, "DELETE", path)
    ok(emulator.session.delete(emulator.vars["codearts_url"] + path, headers=headers, timeout=10))


def test_a_tampered_request_is_refused(emulator):
    project_id = emulator.vars["codearts_project_id"]
    url = emulator.vars["codearts_url"] + GROUPS
    body = json.dumps({"name": "signed", "project_id": project_id, "os": "linux"}).encode()
    headers = signed_headers(emulator, "POST", GROUPS, body=body, **{"X-Project-Id": project_id})
    tampered = body.replace(b"signed", b"forged")
    assert gateway_failed(emulator.session.post(url, data=tampered, headers=headers, timeout=10), "APIGW.0301") == BAD_AKSK
    changed = dict(headers, **{"X-Project-Id": OTHER_PROJECT_ID})
    assert gateway_failed(emulator.session.post(url, data=body, headers=changed, timeout=10), "APIGW.0301") == BAD_AKSK

    headers = signed_headers(emulator, "GET", GROUPS, query=[("project_id", project_id)])
    response = emulator.session.get(url, params={"project_id": OTHER_PROJECT_ID}, headers=headers, timeout=10)
    assert gateway_failed(response, "APIGW.0301") == BAD_AKSK
    bad = dict(headers, Authorization=headers["Authorization"].replace("SDK-HMAC-SHA256", "SDK-HMAC-SM3"))
    response = emulator.session.get(url, params={"project_id": project_id}, headers=bad, timeout=10)
    assert gateway_failed(response, "APIGW.0301") == BAD_AKSK
    assert listing(emulator)["total"] == 0


def test_a_stale_signature_date_is_refused(emulator):
    url = emulator.vars["codearts_url"] + GROUPS
    query = [("project_id", emulator.vars["codearts_project_id"])]
    for minutes, fresh in ((10, True), (-10, True), (20, False), (-20, False)):
        headers = signed_headers(emulator, "GET", GROUPS, query=query, date=sdk_date(minutes))
        response = emulator.session.get(url, params=dict(query), headers=headers, timeout=10)
        if fresh:
            ok(response)
        else:
            message = gateway_failed(response, "APIGW.0301")
            assert message.startswith("Incorrect IAM authentication information: signature expired, signature time:")


# --- host groups: create and show

def test_create_applies_the_defaults_and_show_has_no_project_id(emulator):
    group_id = create_id(emulator, description=None)
    result = show(emulator, group_id)
    assert set(result) == DETAIL_KEYS
    assert result["id"] == group_id and result["name"] == "web-hosts" and result["os"] == "linux"
    assert (result["is_proxy_mode"], result["slave_cluster_id"], result["description"]) == (1, None, "")
    assert result["created_by"]["user_name"] == emulator.vars["hw_user_name"] == result["nick_name"]
    assert set(result["permission"]) == PERMISSIONS and all(result["permission"].values())
    datetime.datetime.strptime(result["created_time"], "%Y-%m-%d %H:%M:%S")
    assert result["updated_time"] == result["created_time"]


@pytest.mark.parametrize("fields", [
    {"name": "abc"}, {"name": "a" * 128}, {"name": "主机集群"}, {"name": "a-b_c.d"},
    {"os": "windows", "is_proxy_mode": 0}, {"slave_cluster_id": SLAVE_ID}, {"slave_cluster_id": ""},
    {"description": "d" * 500}, {"unknown_field": 1},
])
def test_create_accepts_valid_values(emulator, fields):
    body = dict({"name": "web-hosts"}, **fields)
    result = show(emulator, create_id(emulator, **body))
    for key, value in fields.items():
        if key in result:
            assert result[key] == (None if value == "" else value)


@pytest.mark.parametrize("fields", [
    {"name": "ab"}, {"name": "a" * 129}, {"name": "a b"}, {"name": "a/b"}, {"name": None}, {"name": 123},
    {"project_id": "short"}, {"project_id": "6039d4480efc4dddb178abff9871991-"}, {"project_id": None},
    {"os": "Linux"}, {"os": "mac"}, {"os": None},
    {"slave_cluster_id": "abc"}, {"slave_cluster_id": SLAVE_ID + "0"}, {"slave_cluster_id": 5},
    {"description": "d" * 501}, {"description": 5},
    {"is_proxy_mode": 2}, {"is_proxy_mode": "1"}, {"is_proxy_mode": True},
])
def test_create_refuses_invalid_values(emulator, fields):
    body = dict({"name": "web-hosts", "project_id": emulator.vars["codearts_project_id"], "os": "linux"}, **fields)
    failed(call(emulator, "POST", GROUPS, json=body), 400, "Deploy.00015002")
    assert listing(emulator)["total"] == 0


@pytest.mark.parametrize("body", ["[]", "not json", ""])
def test_create_refuses_a_body_that_is_not_an_object(emulator, body):
    failed(call(emulator, "POST", GROUPS, data=body, headers={"Content-Type": "application/json"}), 400, "Deploy.00015002")


def test_an_unknown_project_is_forbidden(emulator):
    failed(create(emulator, project_id="0" * 32), 403, "Deploy.00011154")
    failed(call(emulator, "GET", GROUPS, params={"project_id": "0" * 32}), 403, "Deploy.00011154")


def test_a_name_is_unique_per_project(emulator):
    create_id(emulator, "web-hosts")
    assert failed(create(emulator, "web-hosts", os="windows"), 400, "Deploy.00021422") == "主机集群名称已存在"
    create_id(emulator, "WEB-hosts")
    create_id(emulator, "legacy-hosts")  # the seeded name of the other project
    assert names(listing(emulator, sort_field="name", sort_type="ASC")) == ["WEB-hosts", "legacy-hosts", "web-hosts"]


def test_an_unknown_group_is_404(emulator):
    for method, kwargs in (("GET", {}), ("PUT", {"json": {"name": "renamed"}}), ("DELETE", {})):
        message = failed(call(emulator, method, GROUPS + "/" + "f" * 32, **kwargs), 404, "Deploy.00021423")
        assert message == "主机集群不存在"


# --- update and delete

def test_update_changes_the_given_fields(emulator):
    group_id = create_id(emulator, description="first", slave_cluster_id=SLAVE_ID, is_proxy_mode=0)
    body = ok(call(emulator, "PUT", GROUPS + "/" + group_id, json={"name": "web-hosts-2", "os": "windows", "is_proxy_mode": 1}))
    assert body == {"status": "success", "id": group_id}
    result = show(emulator, group_id)
    assert (result["name"], result["description"], result["slave_cluster_id"]) == ("web-hosts-2", "first", SLAVE_ID)
    assert (result["os"], result["is_proxy_mode"]) == ("linux", 0)  # not updatable

    ok(call(emulator, "PUT", GROUPS + "/" + group_id, json={"name": "web-hosts-2", "description": "", "slave_cluster_id": ""}))
    result = show(emulator, group_id)
    assert (result["description"], result["slave_cluster_id"]) == ("", None)


@pytest.mark.parametrize("body", [{}, {"description": "x"}, {"name": "ab"}, {"name": "web", "description": "d" * 501},
                                  {"name": "web", "slave_cluster_id": "abc"}])
def test_update_validates_its_body(emulator, body):
    group_id = create_id(emulator)
    failed(call(emulator, "PUT", GROUPS + "/" + group_id, json=body), 400, "Deploy.00015002")
    assert show(emulator, group_id)["name"] == "web-hosts"


def test_update_refuses_the_name_of_another_group_in_the_project(emulator):
    group_id = create_id(emulator, "first")
    create_id(emulator, "second")
    failed(call(emulator, "PUT", GROUPS + "/" + group_id, json={"name": "second"}), 400, "Deploy.00021422")
    ok(call(emulator, "PUT", GROUPS + "/" + group_id, json={"name": "first"}))
    ok(call(emulator, "PUT", GROUPS + "/" + group_id, json={"name": "legacy-hosts"}))


def test_delete_is_refused_while_applications_use_the_group(emulator):
    group_id = create_id(emulator)
    assert emulator.control("POST", "/codearts/host-groups/%s/applications" % group_id, json={"count": 2}) == {
        "id": group_id, "count": 2}
    message = failed(call(emulator, "DELETE", GROUPS + "/" + group_id), 400, "Deploy.00021421")
    assert message == "主机集群已关联应用"
    emulator.control("POST", "/codearts/host-groups/%s/applications" % group_id, json={"count": 0})
    assert ok(call(emulator, "DELETE", GROUPS + "/" + group_id)) == {"status": "success", "id": group_id}
    failed(call(emulator, "GET", GROUPS + "/" + group_id), 404, "Deploy.00021423")


def test_the_applications_hook_needs_a_known_group(emulator):
    response = emulator.session.post(emulator.url + "/__emulator__/codearts/host-groups/%s/applications" % ("f" * 32),
                                     json={"count": 1}, timeout=10)
    assert response.status_code == 404


# --- list

@pytest.fixture
def five_groups(emulator):
    for name, fields in (("web-prod", {}), ("Web-test", {"os": "windows"}), ("db-prod", {"is_proxy_mode": 0}),
                         ("cache", {"slave_cluster_id": SLAVE_ID}), ("webhooks", {})):
        create_id(emulator, name, **fields)


def test_list_filters_by_name_fuzzily_and_counts_all_matches(emulator, five_groups):
    body = listing(emulator, name="WEB", sort_field="name", sort_type="ASC")
    assert body["total"] == 3 and names(body) == ["Web-test", "web-prod", "webhooks"]
    assert set(body["result"][0]) == LIST_KEYS
    assert body["result"][0]["project_id"] == emulator.vars["codearts_project_id"]
    assert (body["result"][0]["host_count"], body["result"][0]["env_count"]) == (0, 0)
    assert listing(emulator, name="prod")["total"] == 2
    assert listing(emulator, name="nothing") == {"status": "success", "total": 0, "result": []}


def test_list_pages_with_the_total_of_all_matches(emulator, five_groups):
    pages = [listing(emulator, page_size=2, page_index=index, sort_field="create_time", sort_type="ASC") for index in (1, 2, 3, 4)]
    assert [page["total"] for page in pages] == [5, 5, 5, 5]
    assert [names(page) for page in pages] == [["web-prod", "Web-test"], ["db-prod", "cache"], ["webhooks"], []]
    assert names(listing(emulator)) == ["webhooks", "cache", "db-prod", "Web-test", "web-prod"]  # newest first, up to 1000
    assert names(listing(emulator, sort_field="name")) == ["webhooks", "web-prod", "db-prod", "cache", "Web-test"]


@pytest.mark.parametrize("params, expected", [
    ({"os": "windows"}, ["Web-test"]),
    ({"is_proxy_mode": "0"}, ["db-prod"]),
    ({"slave_cluster_id": SLAVE_ID}, ["cache"]),
    ({"slave_cluster_id": "default", "os": "linux", "is_proxy_mode": "1"}, ["web-prod", "webhooks"]),
])
def test_list_filters(emulator, five_groups, params, expected):
    assert names(listing(emulator, sort_field="create_time", sort_type="ASC", **params)) == expected


def test_list_stays_in_its_project(emulator, five_groups):
    body = listing(emulator, project_id=OTHER_PROJECT_ID)
    assert names(body) == ["legacy-hosts"] and body["result"][0]["created_by"]["user_name"] == "devops_admin"


@pytest.mark.parametrize("params", [
    {"page_size": "0"}, {"page_size": "1001"}, {"page_size": "x"}, {"page_index": "0"}, {"page_index": "-1"},
    {"os": "mac"}, {"sort_field": "id"}, {"sort_type": "up"}, {"is_proxy_mode": "2"}, {"slave_cluster_id": "abc"},
    {"project_id": "short"},
])
def test_list_refuses_invalid_parameters(emulator, params):
    params = dict({"project_id": emulator.vars["codearts_project_id"]}, **params)
    failed(call(emulator, "GET", GROUPS, params=params), 400, "Deploy.00015002")


def test_list_needs_a_project_id(emulator):
    failed(call(emulator, "GET", GROUPS), 400, "Deploy.00015002")


def test_list_accepts_the_page_size_limits(emulator, five_groups):
    assert len(listing(emulator, page_size="1")["result"]) == 1
    assert len(listing(emulator, page_size="1000")["result"]) == 5


# --- request log and the SDK

def test_the_request_log_names_the_operations_and_their_writes(emulator):
    new_token(emulator)
    group_id = create_id(emulator)
    listing(emulator)
    show(emulator, group_id)
    ok(call(emulator, "PUT", GROUPS + "/" + group_id, json={"name": "renamed"}))
    ok(call(emulator, "DELETE", GROUPS + "/" + group_id))
    log = [(entry["platform"], entry["operation"], entry["mutating"], entry["status"]) for entry in emulator.log()]
    assert log == [("codearts", "iam.create_token", False, 201), ("codearts", "codearts.create_host_group", True, 200),
                   ("codearts", "codearts.list_host_groups", False, 200), ("codearts", "codearts.show_host_group", False, 200),
                   ("codearts", "codearts.update_host_group", True, 200), ("codearts", "codearts.delete_host_group", True, 200)]
    assert all(len(entry["request_id"]) == 32 for entry in emulator.log())


def test_the_sdk_creates_lists_shows_updates_and_deletes_a_group_with_aksk(emulator):
    client = sdk_client(emulator)
    project_id = emulator.vars["codearts_project_id"]
    created = client.create_host_cluster(CreateHostClusterRequest(body=CreateHostClusterRequestBody(
        name="sdk-hosts", project_id=project_id, os="linux", description="made by the SDK", is_proxy_mode=0)))
    assert created.status == "success" and len(created.id) == 32

    listed = client.list_host_clusters(ListHostClustersRequest(project_id=project_id, name="SDK", page_index=1, page_size=10))
    assert listed.total == 1 and [(group.id, group.name, group.is_proxy_mode) for group in listed.result] == [(created.id, "sdk-hosts", 0)]

    detail = client.show_host_cluster_detail(ShowHostClusterDetailRequest(group_id=created.id)).result
    assert (detail.name, detail.os, detail.description, detail.permission.can_delete) == ("sdk-hosts", "linux", "made by the SDK", True)

    updated = client.update_host_cluster(UpdateHostClusterRequest(group_id=created.id, body=HostClusterRequest(
        name="sdk-hosts-2", description="changed", slave_cluster_id=SLAVE_ID)))
    assert (updated.status, updated.id) == ("success", created.id)
    detail = client.show_host_cluster_detail(ShowHostClusterDetailRequest(group_id=created.id)).result
    assert (detail.name, detail.description, detail.slave_cluster_id) == ("sdk-hosts-2", "changed", SLAVE_ID)

    with pytest.raises(ClientRequestException) as caught:
        client.create_host_cluster(CreateHostClusterRequest(body=CreateHostClusterRequestBody(
            name="sdk-hosts-2", project_id=project_id, os="linux", is_proxy_mode=1)))
    assert (caught.value.status_code, caught.value.error_code) == (400, "Deploy.00021422")

    deleted = client.delete_host_cluster(DeleteHostClusterRequest(group_id=created.id))
    assert (deleted.status, deleted.id) == ("success", created.id)
    with pytest.raises(ClientRequestException) as caught:
        client.show_host_cluster_detail(ShowHostClusterDetailRequest(group_id=created.id))
    assert (caught.value.status_code, caught.value.error_code) == (404, "Deploy.00021423")


# --- host groups: the pool type and deployment system of the current SDK

def test_the_pool_type_and_ansible_type_are_stored_but_not_shown(emulator):
    group_id = create_id(emulator, slave_cluster_id=SLAVE_ID, slave_resource_type="exclusive", ansible_type=1)
    assert set(show(emulator, group_id)) == DETAIL_KEYS and set(listing(emulator)["result"][0]) == LIST_KEYS
    ok(call(emulator, "PUT", GROUPS + "/" + group_id, json={"name": "web-hosts", "slave_resource_type": "self-hosted"}))
    group = [g for g in emulator.control("GET", "/state")["data"]["codearts"]["groups"] if g["id"] == group_id][0]
    assert (group["slave_resource_type"], group["ansible_type"]) == ("self-hosted", 1)
    for body in ({"slave_resource_type": "shared"}, {"ansible_type": 2}, {"ansible_type": True}):
        failed(create(emulator, "other-hosts", **body), 400, "Deploy.00015002")
        failed(call(emulator, "PUT", GROUPS + "/" + group_id, json=dict(body, name="web-hosts")), 400, "Deploy.00015002")


# --- hosts

def host_body(ip="10.0.0.5", **changes):
    body = {"host_name": "app-" + ip.replace(".", "-"), "ip": ip, "port": 22, "os": "linux", "as_proxy": False,
            "authorization": {"username": "deploy", "password": "Host-Pass-1", "trusted_type": 0}}
    body.update(changes)
    return body


def hosts_path(group_id, *rest):
    return "/".join((GROUPS, group_id, "hosts") + rest)


def add_host(emulator, group_id, **changes):
    body = ok(call(emulator, "POST", hosts_path(group_id), json=host_body(**changes)))
    assert set(body) == {"status", "id"} and len(body["id"]) == 32
    return body["id"]


def hosts_of(emulator, group_id, **params):
    return ok(call(emulator, "GET", hosts_path(group_id), params=params))


def test_a_host_is_added_listed_shown_updated_and_deleted_without_its_secret(emulator):
    group_id = create_id(emulator, is_proxy_mode=0)
    host_id = add_host(emulator, group_id)
    listed = hosts_of(emulator, group_id)
    assert listed["total"] == 1 and listed["result"][0]["uuid"] == host_id
    assert listed["result"][0]["authorization"] == {"username": "deploy", "password": None, "private_key": None,
                                                    "trusted_type": 0}
    assert listing(emulator)["result"][0]["host_count"] == 1
    detail = ok(call(emulator, "GET", hosts_path(group_id, host_id)))["result"]
    assert (detail["host_id"], detail["ip"], detail["os"], detail["group_id"]) == (host_id, "10.0.0.5", "linux", group_id)
    assert "Host-Pass-1" not in json.dumps(detail) and "Host-Pass-1" not in json.dumps(listed)
    stored = emulator.control("GET", "/state")["data"]["codearts"]["hosts"][0]
    assert stored["secret"] == "Host-Pass-1"

    key = {"username": "root", "private_key": "KEY", "trusted_type": 1}
    assert ok(call(emulator, "PUT", hosts_path(group_id, host_id), json=host_body(port=2222, authorization=key))) == {
        "status": "success", "id": host_id}
    detail = ok(call(emulator, "GET", hosts_path(group_id, host_id)))["result"]
    assert (detail["port"], detail["authorization"]["username"], detail["authorization"]["trusted_type"]) == (2222, "root", 1)
    assert ok(call(emulator, "DELETE", hosts_path(group_id, host_id))) == {"status": "success", "id": host_id}
    assert hosts_of(emulator, group_id)["total"] == 0
    failed(call(emulator, "GET", hosts_path(group_id, host_id)), 404, "Deploy.00021431")
    failed(call(emulator, "DELETE", hosts_path(group_id, host_id)), 404, "Deploy.00021431")


def test_an_ip_is_unique_in_its_group_only(emulator):
    first, second = create_id(emulator, "one-hosts", is_proxy_mode=0), create_id(emulator, "two-hosts", is_proxy_mode=0)
    host_id = add_host(emulator, first)
    failed(call(emulator, "POST", hosts_path(first), json=host_body(host_name="again")), 400, "Deploy.00021430")
    add_host(emulator, second)
    other = add_host(emulator, first, ip="10.0.0.6")
    failed(call(emulator, "PUT", hosts_path(first, other), json=host_body()), 400, "Deploy.00021430")
    ok(call(emulator, "PUT", hosts_path(first, host_id), json=host_body(port=23)))  # its own IP is no conflict


@pytest.mark.parametrize("changes", [
    {"host_name": "ab"}, {"ip": "10.0.0.256"}, {"ip": "app.example.com"}, {"port": 65536}, {"port": "22"},
    {"os": "windows"}, {"os": None}, {"authorization": {"username": "deploy", "trusted_type": 0}},
    {"authorization": {"username": "deploy", "password": "p", "trusted_type": 1}},
    {"authorization": {"password": "p", "trusted_type": 0}}, {"authorization": {"username": "d", "password": "p", "trusted_type": 2}},
    {"as_proxy": "yes"},
])
def test_a_bad_host_body_is_refused(emulator, changes):
    group_id = create_id(emulator, is_proxy_mode=0)
    failed(call(emulator, "POST", hosts_path(group_id), json=host_body(**changes)), 400, "Deploy.00015002")
    assert hosts_of(emulator, group_id)["total"] == 0


def test_a_proxy_mode_group_needs_a_proxy_host_of_its_own(emulator):
    group_id, other = create_id(emulator), create_id(emulator, "other-hosts")
    failed(call(emulator, "POST", hosts_path(group_id), json=host_body()), 400, "Deploy.00021432")
    foreign = add_host(emulator, other, ip="192.0.2.9", as_proxy=True)
    failed(call(emulator, "POST", hosts_path(group_id), json=host_body(proxy_host_id=foreign)), 400, "Deploy.00021432")
    proxy = add_host(emulator, group_id, ip="192.0.2.10", as_proxy=True)
    target = add_host(emulator, group_id, proxy_host_id=proxy)
    failed(call(emulator, "POST", hosts_path(group_id), json=host_body(ip="10.0.0.7", proxy_host_id=target)),
           400, "Deploy.00021432")
    listed = {h["ip"]: h for h in hosts_of(emulator, group_id)["result"]}
    assert listed["10.0.0.5"]["proxy_host"]["uuid"] == proxy and listed["192.0.2.10"]["proxy_host"] is None
    assert [h["ip"] for h in hosts_of(emulator, group_id, as_proxy="true")["result"]] == ["192.0.2.10"]
    failed(call(emulator, "PUT", hosts_path(group_id, proxy), json=host_body(ip="192.0.2.10")), 400, "Deploy.00015002")
    failed(call(emulator, "DELETE", hosts_path(group_id, proxy)), 400, "Deploy.00021433")
    assert ok(call(emulator, "POST", hosts_path(group_id, "batch-delete"), json={"host_id_list": [proxy, target]}))[
        "result"] == [proxy, target]
    assert hosts_of(emulator, group_id)["total"] == 0


def test_a_direct_group_takes_no_proxies(emulator):
    group_id = create_id(emulator, is_proxy_mode=0)
    failed(call(emulator, "POST", hosts_path(group_id), json=host_body(as_proxy=True)), 400, "Deploy.00021432")


def test_the_host_list_pages_sorts_and_filters_names(emulator):
    group_id = create_id(emulator, is_proxy_mode=0)
    for number in range(1, 13):
        add_host(emulator, group_id, ip="10.0.1.%d" % number, host_name="app-%02d" % number)
    page = hosts_of(emulator, group_id)
    assert page["total"] == 12 and len(page["result"]) == 10  # the SDK's default page size
    page = hosts_of(emulator, group_id, page_index=2, page_size=5, sort_key="host_name", sort_dir="ASC")
    assert [h["host_name"] for h in page["result"]] == ["app-%02d" % n for n in range(6, 11)]
    assert hosts_of(emulator, group_id, key_field="APP-1")["total"] == 3
    failed(call(emulator, "GET", hosts_path(group_id), params={"page_size": 201}), 400, "Deploy.00015002")
    failed(call(emulator, "GET", hosts_path("f" * 32)), 404, "Deploy.00021423")


def test_deleting_a_group_deletes_its_hosts_and_the_log_names_the_host_calls(emulator):
    group_id = create_id(emulator, is_proxy_mode=0)
    host_id = add_host(emulator, group_id)
    hosts_of(emulator, group_id)
    ok(call(emulator, "GET", hosts_path(group_id, host_id)))
    ok(call(emulator, "PUT", hosts_path(group_id, host_id), json=host_body()))
    ok(call(emulator, "DELETE", GROUPS + "/" + group_id))
    assert emulator.control("GET", "/state")["data"]["codearts"]["hosts"] == []
    log = [(entry["operation"], entry["mutating"]) for entry in emulator.log()][1:]
    assert log == [("codearts.create_host", True), ("codearts.list_hosts", False), ("codearts.show_host", False),
                   ("codearts.update_host", True), ("codearts.delete_host_group", True)]


def test_the_sdk_adds_lists_shows_updates_and_deletes_hosts_with_aksk(emulator):
    client = sdk_client(emulator)
    project_id = emulator.vars["codearts_project_id"]
    group = client.create_host_cluster(CreateHostClusterRequest(body=CreateHostClusterRequestBody(
        name="sdk-hosts", project_id=project_id, os="linux", is_proxy_mode=1, slave_cluster_id=SLAVE_ID,
        slave_resource_type="self-hosted", ansible_type=1)))
    client.update_host_cluster(UpdateHostClusterRequest(group_id=group.id, body=HostClusterRequest(
        name="sdk-hosts", slave_resource_type="exclusive", ansible_type=0)))

    proxy = client.create_host(CreateHostRequest(group_id=group.id, body=CreateHostRequestBody(
        host_name="sdk-proxy", ip="192.0.2.10", port=22, os="linux", as_proxy=True,
        authorization=HostAuthorizationBody(username="root", private_key="KEY", trusted_type=1))))
    assert proxy.status == "success" and len(proxy.id) == 32
    target = client.create_host(CreateHostRequest(group_id=group.id, body=CreateHostRequestBody(
        host_name="sdk-target", ip="10.0.0.5", port=22, os="linux", as_proxy=False, proxy_host_id=proxy.id,
        authorization=HostAuthorizationBody(username="deploy", password="Host-Pass-1", trusted_type=0))))

    listed = client.list_new_hosts(ListNewHostsRequest(group_id=group.id, page_index=1, page_size=10, as_proxy=False))
    assert listed.total == 1 and [(h.uuid, h.ip, h.proxy_host_id, h.proxy_host.ip) for h in listed.result] == [
        (target.id, "10.0.0.5", proxy.id, "192.0.2.10")]
    assert listed.result[0].authorization.username == "deploy" and listed.result[0].authorization.password is None
    detail = client.show_host_detail(ShowHostDetailRequest(group_id=group.id, host_id=target.id)).result
    assert (detail.host_id, detail.host_name, detail.port, detail.permission.can_edit) == (target.id, "sdk-target", 22, True)

    updated = client.update_host_info(UpdateHostInfoRequest(group_id=group.id, host_id=target.id, body=DeploymentHostRequestExternal(
        host_name="sdk-target", ip="10.0.0.5", port=2222, as_proxy=False, proxy_host_id=proxy.id,
        authorization=DeploymentHostAuthorizationBody(username="deploy", password="Host-Pass-2", trusted_type=0))))
    assert (updated.status, updated.id) == ("success", target.id)
    assert client.show_host_detail(ShowHostDetailRequest(group_id=group.id, host_id=target.id)).result.port == 2222

    with pytest.raises(ClientRequestException) as caught:
        client.delete_host(DeleteHostRequest(group_id=group.id, host_id=proxy.id))
    assert (caught.value.status_code, caught.value.error_code) == (400, "Deploy.00021433")
    deleted = client.delete_host(DeleteHostRequest(group_id=group.id, host_id=target.id))
    assert (deleted.status, deleted.id) == ("success", target.id)
    batch = client.batch_delete_hosts(BatchDeleteHostsRequest(group_id=group.id, body=DeploymentHostListEntity(
        host_id_list=[proxy.id])))
    assert batch.result == [proxy.id]
    with pytest.raises(ClientRequestException) as caught:
        client.show_host_detail(ShowHostDetailRequest(group_id=group.id, host_id=proxy.id))
    assert (caught.value.status_code, caught.value.error_code) == (404, "Deploy.00021431")

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Huawei Cloud IAM tokens and CodeArts Deploy host clusters (v1 host-groups), per platform-apis.md section 3.

IAM: POST /v3/auth/tokens with a password body; the token comes back in X-Subject-Token (201). Tokens
live TOKEN_LIFETIME; the seeded hw_auth_token of the credentials is valid until the expiry hook runs.

The API gateway in front of CodeArts takes an IAM token (X-Auth-Token) or an AK/SK signature
(SDK-HMAC-SHA256, the canonical request of huaweicloudsdkcore's signer.py). Its errors are HTTP 401
{"error_code", "error_msg", "request_id"}; codes and messages seen from Huawei (FAQ pages, issues):
APIGW.0301 "...: x-auth-token not found", "...: decrypt token fail", "...: verify aksk signature fail",
"...: ak <AK> not exist", and APIGW.0307 "The token must be updated.". A stale X-Sdk-Date gets APIGW.0301
with the wording Huawei uses for app auth ("signature expired, ..."): the IAM variant is not verified.

CodeArts errors are {"error_code", "error_msg", "status": "failed"} with the codes of the error page.
HAS_APPLICATIONS is the emulator's choice: the real code for "主机集群已关联应用" was not found.

Host cluster bodies (Huawei's Python SDK huaweicloudsdkcodeartsdeploy 3.1.219, the version the tests
install; huaweicloud/huaweicloud-sdk-python-v3 huaweicloud-sdk-codeartsdeploy/huaweicloudsdkcodeartsdeploy/v2/model/
create_host_cluster_request_body.py and host_cluster_request.py): create and update also take
`slave_resource_type` (str, "资源池类型，self-hosted 自托管资源池，exclusive 独享资源池": the kind of pool
`slave_cluster_id` names) and `ansible_type` (int, "是否切换新系统支持，1：是 0：否": whether the group uses
the new, Ansible-based deployment system). Release 3.1.211 of the same repository did not have them. The
SDK's read models (host_cluster_info.py, host_cluster_info_detail.py) do not return either: the emulator
stores them and answers them on neither the list nor the show, as the SDK's models say.

Hosts of a host cluster (v1), from the same SDK (v2/codeartsdeploy_client.py: create_host,
list_new_hosts, show_host_detail, update_host_info, delete_host, batch_delete_hosts; models
create_host_request_body.py, host_authorization_body.py, create_host_response.py, list_new_hosts_request.py,
list_new_hosts_response.py, host_info.py, show_host_detail_response.py, host_info_detail.py,
deployment_host_request_external.py, update_host_info_response.py, delete_host_response.py,
deployment_host_list_entity.py, batch_delete_hosts_response.py), Huawei's API page
support.huaweicloud.com/intl/zh-cn/api-deployman/CreateHost.html and terraform-provider-huaweicloud
huaweicloud/services/codeartsdeploy/resource_huaweicloud_codearts_deploy_host.go:
- POST {HOST_GROUPS}/{group_id}/hosts {host_name, ip, port, os, as_proxy, proxy_host_id,
  authorization{username, password, private_key, trusted_type}, install_icagent} -> {"status", "id"}.
  host_name: 3-128 Chinese characters, letters, digits, '-', '_', '.' (API page); port 0-65535 (API
  page); os must be the group's ("需要和主机集群保持一致", SDK); trusted_type 0 = password (required
  then), 1 = private key (required then) (SDK). Terraform sends host_name, ip, port, os, username and
  exactly one of password and private_key on every create, so the emulator requires them.
- GET .../hosts?key_field&environment_id&page_index&page_size&sort_key(as_proxy|host_name|owner_name)
  &sort_dir&as_proxy -> {"total", "status", "result": [HostInfo]}; HostInfo's id key is `uuid`. The
  SDK says page_size defaults to 10; no maximum is documented there: the emulator caps it at 200, the
  most hosts a cluster holds (host_cluster_info.py: "一个主机集群内最多可添加200台主机"). key_field
  is a fuzzy filter of host names ("主机名模糊查询信息"), not of IPs.
- GET .../hosts/{host_id} -> {"status", "result": HostInfoDetail} (id key `host_id`).
- PUT .../hosts/{host_id} {host_name, ip, port, as_proxy, proxy_host_id, authorization, sync,
  install_icagent} -> {"status", "id"}; terraform sends the whole body, authorization included, on
  every update, and treats as_proxy (and the OS) as set only at creation: the emulator requires the
  whole body and refuses an as_proxy change.
- DELETE .../hosts/{host_id} -> {"status", "id"}; POST .../hosts/batch-delete {"host_id_list": [...]}
  -> {"status", "result": [ids]}.
- authorization comes back with `username` and `trusted_type` only (terraform reads
  authorization.username and never a password): passwords and keys are stored, never returned.
Proxy mode (user guide deployman_hlp_00025 / deployman_hlp_2001: in proxy mode the target hosts,
which have no public IP, are reached through a proxy host of the cluster): in a group with
is_proxy_mode 1 a host that is not a proxy needs proxy_host_id, the id of a proxy host of the same
group; a direct-connection group (0) takes no proxy hosts. Deleting a proxy host that other hosts use
is refused. The codes of these host rules, of a duplicate IP in a group (unique per group: the API
identifies a host by id and the console refuses a second host with the same IP) and of a missing
host are not published: HOST_EXISTS, HOST_NOT_FOUND, PROXY_REQUIRED, PROXY_IN_USE and TOO_MANY_HOSTS
are the emulator's choice, with INVALID_PARAMS for the other bad bodies.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import ipaddress
import json
import re
import secrets
import time
import uuid
from urllib.parse import parse_qsl, quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from .core import CONTROL_PREFIX, Operation, Platform, current

NAME = "codearts"
REGION = "cn-north-4"
REGIONS = ("cn-north-4", "cn-north-1", "cn-east-2", "cn-east-3", "cn-south-1", "ap-southeast-3", "la-north-2",
           "sa-brazil-1", "eu-west-101")
PROJECT_ID = "6039d4480efc4dddb178abff98719913"  # the id in Huawei's create example
OTHER_PROJECT_ID = "b2c64e1f0a9d4c7e8f3a5b6c7d8e9f01"
TOKEN_LIFETIME = 24 * 3600
MAX_CLOCK_SKEW = 15 * 60
ALGORITHM = "SDK-HMAC-SHA256"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
HOST_GROUPS = "/v1/resources/host-groups"

INVALID_PARAMS = "Deploy.00015002"
NO_PERMISSION = "Deploy.00011154"
DUPLICATE_NAME = "Deploy.00021422"
NOT_FOUND = "Deploy.00021423"
HAS_APPLICATIONS = "Deploy.00021421"  # chosen, see above
HOST_EXISTS = "Deploy.00021430"  # chosen, see above
HOST_NOT_FOUND = "Deploy.00021431"  # chosen
PROXY_REQUIRED = "Deploy.00021432"  # chosen
PROXY_IN_USE = "Deploy.00021433"  # chosen
TOO_MANY_HOSTS = "Deploy.00021434"  # chosen
MAX_HOSTS = 200
IAM_AUTH_FAILED = "APIGW.0301"
TOKEN_EXPIRED = "APIGW.0307"

GROUP_NAME = re.compile(r"^[A-Za-z0-9\-_.\u4e00-\u9fa5]{3,128}$")
HOST_NAME = GROUP_NAME
POOL_TYPES = ("self-hosted", "exclusive")
ID = re.compile(r"^[A-Za-z0-9]{32}$")
AUTHORIZATION = re.compile(r"^%s\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]+)$" % ALGORITHM)
SORT_KEYS = {"name": lambda g: g["name"], "nick_name": lambda g: g["nick_name"],
             "owner_name": lambda g: g["created_by"]["user_name"], "create_time": None}
ALL_PERMISSIONS = dict.fromkeys(("can_view", "can_edit", "can_delete", "can_add_host", "can_manage", "can_copy"), True)
LIST_KEYS = ("id", "name", "project_id", "os", "slave_cluster_id", "description", "host_count", "env_count",
             "created_by", "permission", "nick_name", "is_proxy_mode")
DETAIL_KEYS = ("id", "name", "os", "slave_cluster_id", "created_by", "description", "permission", "nick_name",
               "is_proxy_mode", "created_time", "updated_time")


class Failure(Exception):
    """An error answer: its HTTP status and JSON body."""

    def __init__(self, status, body):
        super().__init__(body)
        self.status = status
        self.body = body


def deploy_error(status, code, message):
    return Failure(status, {"error_code": code, "error_msg": message, "status": "failed"})


def invalid(message):
    return deploy_error(400, INVALID_PARAMS, "请求参数非法: %s" % message)


def iam_error(status, title, message):
    return Failure(status, {"error": {"code": status, "message": message, "title": title}})


def gateway_error(request, code, message):
    return Failure(401, {"error_code": code, "error_msg": message, "request_id": request.state.request_id})


# --- credentials and seed

def new_credentials():
    suffix = secrets.token_hex(3)
    return {"hw_user_name": "clusterops-" + suffix, "hw_password": secrets.token_urlsafe(16),
            "hw_domain_name": "clusterops-domain-" + suffix, "hw_user_id": uuid.uuid4().hex,
            "hw_domain_id": uuid.uuid4().hex, "hw_access_key": _random(20, upper=True), "hw_secret_key": _random(40),
            "hw_auth_token": _new_token()}


def connection_vars(credentials, endpoints):
    keys = ("hw_user_name", "hw_password", "hw_domain_name", "hw_access_key", "hw_secret_key", "hw_auth_token")
    return dict(hw_region=REGION, codearts_url=endpoints.http_url, iam_url=endpoints.http_url,
                codearts_project_id=PROJECT_ID, **{key: credentials[key] for key in keys})


def _random(length, upper=False):
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" + ("" if upper else "abcdefghijklmnopqrstuvwxyz")
    return "".join(secrets.choice(alphabet) for number in range(length))


def _new_token():
    return "MII" + secrets.token_urlsafe(96)


def _now():
    return datetime.datetime.now().strftime("%Y-%m-%d %H:%M:%S")


def _new_group(project_id, values, user):
    now = _now()
    record = {"id": uuid.uuid4().hex, "project_id": project_id, "slave_cluster_id": None, "description": "",
              "is_proxy_mode": 1, "created_by": user, "nick_name": user["user_name"], "created_time": now,
              "updated_time": now, "host_count": 0, "env_count": 0, "applications": 0}
    record.update(values)
    return record


def seed():
    owner = {"user_id": "4f1cd3a8e1e24c6f9b0a7d2e5c8b1f36", "user_name": "devops_admin"}
    return {"projects": {PROJECT_ID: "clusterops-demo", OTHER_PROJECT_ID: "legacy-apps"},
            "groups": [_new_group(OTHER_PROJECT_ID, {"name": "legacy-hosts", "os": "linux"}, owner)],
            "hosts": [], "tokens": {}}


# --- IAM

def _issue_token(data, credentials, body):
    try:
        auth = body["auth"]
        methods = auth["identity"]["methods"]
        user = auth["identity"]["password"]["user"]
        name, password, domain = user["name"], user["password"], user["domain"]["name"]
        region = auth["scope"]["project"]["name"]
    except (KeyError, TypeError):
        raise iam_error(400, "Bad Request", "The request body is invalid: auth.identity.password.user{name, password, "
                                            "domain.name} and auth.scope.project.name are required.") from None
    if methods != ["password"] or not all(isinstance(value, str) for value in (name, password, domain, region)):
        raise iam_error(400, "Bad Request", "The request body is invalid: methods must be [\"password\"].")
    if (name, password, domain) != (credentials["hw_user_name"], credentials["hw_password"], credentials["hw_domain_name"]):
        raise iam_error(401, "Unauthorized", "The username or password is wrong.")
    if region not in REGIONS:
        raise iam_error(401, "Unauthorized", "The request you have made requires authentication.")
    issued = time.time()
    token = _new_token()
    data["tokens"][token] = issued + TOKEN_LIFETIME
    owner = {"domain": {"id": credentials["hw_domain_id"], "name": domain}}
    return token, {"token": {
        "expires_at": _iso(issued + TOKEN_LIFETIME), "issued_at": _iso(issued), "methods": ["password"], "catalog": [],
        "user": dict(owner, id=credentials["hw_user_id"], name=name, password_expires_at=""),
        "project": dict(owner, id=hashlib.sha256(region.encode()).hexdigest()[:32], name=region)}}


def _iso(epoch):
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# --- the API gateway's authentication

def _authenticate(request, body, data, credentials):
    """The user {user_id, user_name} a CodeArts request acts as, or Failure."""
    token = request.headers.get("x-auth-token")
    if token is None and "authorization" in request.headers:
        _verify_signature(request, body, credentials)
    elif token is None:
        raise gateway_error(request, IAM_AUTH_FAILED, "Incorrect IAM authentication information: x-auth-token not found")
    else:
        expires = data["tokens"].get(token)
        if expires is None and token != credentials["hw_auth_token"]:
            raise gateway_error(request, IAM_AUTH_FAILED, "Incorrect IAM authentication information: decrypt token fail")
        if expires is not None and time.time() >= expires:
            raise gateway_error(request, TOKEN_EXPIRED, "The token must be updated.")
    return {"user_id": credentials["hw_user_id"], "user_name": credentials["hw_user_name"]}


def _verify_signature(request, body, credentials):
    found = AUTHORIZATION.match(request.headers["authorization"].strip())
    date = request.headers.get("x-sdk-date", "")
    bad_signature = gateway_error(request, IAM_AUTH_FAILED, "Incorrect IAM authentication information: verify aksk signature fail")
    if not found:
        raise bad_signature
    try:
        signed_at = datetime.datetime.strptime(date, DATE_FORMAT).replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        raise bad_signature from None
    access_key, signed_headers, signature = found.groups()
    server_time = datetime.datetime.now(datetime.timezone.utc)
    if abs((server_time - signed_at).total_seconds()) > MAX_CLOCK_SKEW:
        raise gateway_error(request, IAM_AUTH_FAILED, "Incorrect IAM authentication information: signature expired, signature "
                                                      "time:%s,server time:%s" % (date, server_time.strftime(DATE_FORMAT)))
    if access_key != credentials["hw_access_key"]:
        raise gateway_error(request, IAM_AUTH_FAILED, "Incorrect IAM authentication information: ak %s not exist" % access_key)
    canonical = canonical_request(request, body, signed_headers.split(";"))
    if canonical is None:
        raise bad_signature
    string_to_sign = "%s\n%s\n%s" % (ALGORITHM, date, hashlib.sha256(canonical.encode()).hexdigest())
    expected = hmac.new(credentials["hw_secret_key"].encode(), string_to_sign.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature.lower()):
        raise bad_signature


def canonical_request(request, body, signed_headers):
    """The canonical request of Huawei's signer, or None if a signed header is missing."""
    lines = [request.method.upper(), _canonical_uri(request.scope["path"]), _canonical_query(request.scope["query_string"])]
    for name in signed_headers:
        value = request.headers.get(name)
        if value is None:
            return None
        # HTTP headers arrive as latin-1; the signer signed the UTF-8 text.
        lines.append("%s:%s" % (name, value.encode("latin-1").decode("utf-8", "replace").strip()))
    lines.append("")  # the canonical headers end with a newline
    lines.append(";".join(signed_headers))
    if not body:
        payload_hash = hashlib.sha256(b"").hexdigest()
    else:
        payload_hash = request.headers.get("x-sdk-content-sha256") or hashlib.sha256(body).hexdigest()
    lines.append(payload_hash)
    return "\n".join(lines)


def _encode(text):
    return quote(text, safe="~")


def _canonical_uri(path):
    uri = "/".join(_encode(segment) for segment in path.split("/"))
    return uri if uri.endswith("/") else uri + "/"


def _canonical_query(query_string):
    pairs = sorted(parse_qsl(query_string.decode("latin-1"), keep_blank_values=True))
    return "&".join("%s=%s" % (_encode(key), _encode(value)) for key, value in pairs)


# --- host groups

def _checked_id(params, key, required=True):
    value = params.get(key)
    if value in (None, "") and not required:
        return None
    if not isinstance(value, str) or not ID.match(value):
        raise invalid("%s must be 32 letters or digits" % key)
    return value


def _checked_name(params):
    name = params.get("name")
    if not isinstance(name, str) or not GROUP_NAME.match(name):
        raise invalid("name must be 3-128 letters, digits, Chinese characters, '-', '_' or '.'")
    return name


def _checked_description(params):
    description = params.get("description")
    if description is None:
        return ""
    if not isinstance(description, str) or len(description) > 500:
        raise invalid("description must be a string of at most 500 characters")
    return description


def _checked_project(data, params):
    project_id = _checked_id(params, "project_id")
    if project_id not in data["projects"]:
        raise deploy_error(403, NO_PERMISSION, "无法完成该操作,当前用户权限不足或未获得相应授权,请确认您的权限配置,或申请获得更高权限/相应权限后重试")
    return project_id


def _find_group(data, group_id):
    record = next((g for g in data["groups"] if g["id"] == group_id), None)
    if record is None:
        raise deploy_error(404, NOT_FOUND, "主机集群不存在")
    return record


def _check_unique_name(data, project_id, name, group_id=None):
    if any(g["project_id"] == project_id and g["name"] == name and g["id"] != group_id for g in data["groups"]):
        raise deploy_error(400, DUPLICATE_NAME, "主机集群名称已存在")


def _view(record, keys, data=None):
    view = {key: ALL_PERMISSIONS if key == "permission" else record[key] for key in keys}
    if "host_count" in view and data is not None:
        view["host_count"] = sum(1 for h in _hosts(data) if h["group_id"] == record["id"])
    return view


def _checked_pool(params):
    """slave_resource_type and ansible_type, where given (they are stored, and never answered)."""
    values = {}
    if params.get("slave_resource_type") is not None:
        if params["slave_resource_type"] not in POOL_TYPES:
            raise invalid("slave_resource_type must be self-hosted or exclusive")
        values["slave_resource_type"] = params["slave_resource_type"]
    if params.get("ansible_type") is not None:
        if params["ansible_type"] not in (0, 1) or isinstance(params["ansible_type"], bool):
            raise invalid("ansible_type must be 0 or 1")
        values["ansible_type"] = params["ansible_type"]
    return values


def create_host_group(data, user, params):
    name = _checked_name(params)
    project_id = _checked_project(data, params)
    if params.get("os") not in ("linux", "windows"):
        raise invalid("os must be linux or windows")
    is_proxy_mode = params.get("is_proxy_mode", 1)
    if is_proxy_mode not in (0, 1) or isinstance(is_proxy_mode, bool):
        raise invalid("is_proxy_mode must be 0 or 1")
    values = {"name": name, "os": params["os"], "is_proxy_mode": is_proxy_mode,
              "slave_cluster_id": _checked_id(params, "slave_cluster_id", required=False),
              "description": _checked_description(params), **_checked_pool(params)}
    _check_unique_name(data, project_id, name)
    record = _new_group(project_id, values, user)
    data["groups"].append(record)
    return {"id": record["id"], "status": "success"}


def show_host_group(data, user, params, group_id):
    return {"status": "success", "result": _view(_find_group(data, group_id), DETAIL_KEYS)}


def update_host_group(data, user, params, group_id):
    record = _find_group(data, group_id)
    values = {"name": _checked_name(params)}
    if params.get("description") is not None:
        values["description"] = _checked_description(params)
    if params.get("slave_cluster_id") is not None:
        values["slave_cluster_id"] = _checked_id(params, "slave_cluster_id", required=False)
    values.update(_checked_pool(params))
    _check_unique_name(data, record["project_id"], values["name"], group_id)
    record.update(values, updated_time=_now())
    return {"status": "success", "id": group_id}


def delete_host_group(data, user, params, group_id):
    record = _find_group(data, group_id)
    if record["applications"]:
        raise deploy_error(400, HAS_APPLICATIONS, "主机集群已关联应用")
    data["groups"].remove(record)
    data["hosts"] = [h for h in _hosts(data) if h["group_id"] != group_id]
    return {"status": "success", "id": group_id}


def _int_query(params, key, default, low, high):
    value = params.get(key)
    if value is None:
        return default
    if not re.fullmatch(r"\d{1,10}", value) or not low <= int(value) <= high:
        raise invalid("%s must be an integer from %d to %d" % (key, low, high))
    return int(value)


def list_host_groups(data, user, params):
    project_id = _checked_project(data, params)
    page_index = _int_query(params, "page_index", 1, 1, 2 ** 31 - 1)
    page_size = _int_query(params, "page_size", 1000, 1, 1000)  # the doc's default; the SDK's comment says 10
    is_proxy_mode = _int_query(params, "is_proxy_mode", None, 0, 1)
    os_name, sort_field, sort_type = params.get("os"), params.get("sort_field"), params.get("sort_type", "DESC")
    if os_name not in (None, "linux", "windows"):
        raise invalid("os must be linux or windows")
    if sort_field not in (None, *SORT_KEYS) or sort_type not in ("DESC", "ASC"):
        raise invalid("sort_field must be one of %s and sort_type DESC or ASC" % "|".join(SORT_KEYS))
    slave_cluster_id = params.get("slave_cluster_id")
    if slave_cluster_id not in (None, "default"):
        _checked_id(params, "slave_cluster_id")
    keyword = (params.get("name") or "").lower()

    found = [g for g in data["groups"] if g["project_id"] == project_id and keyword in g["name"].lower()
             and os_name in (None, g["os"]) and is_proxy_mode in (None, g["is_proxy_mode"])
             and (slave_cluster_id is None or g["slave_cluster_id"] == (None if slave_cluster_id == "default" else slave_cluster_id))]
    # Without a sort key (or by create_time) the groups are in creation order.
    if SORT_KEYS.get(sort_field):
        found.sort(key=SORT_KEYS[sort_field])
    if sort_type == "DESC":
        found.reverse()
    page = found[(page_index - 1) * page_size:page_index * page_size]
    return {"status": "success", "total": len(found), "result": [_view(g, LIST_KEYS, data) for g in page]}


# --- hosts of a host group

HOST_PERMISSIONS = dict.fromkeys(("can_view", "can_edit", "can_delete", "can_add_host", "can_copy"), True)
HOST_LIST_KEYS = ("ip", "os", "port", "host_name", "as_proxy", "group_id", "proxy_host_id", "owner_id", "owner_name",
                  "connection_status", "create_time", "lastest_connection_time", "connection_result", "nick_name",
                  "import_status", "env_count")
HOST_DETAIL_KEYS = ("ip", "os", "port", "group_id", "host_name", "as_proxy", "proxy_host_id", "owner_name",
                    "connection_status", "create_time", "update_time", "lastest_connection_time", "connection_result",
                    "install_icagent", "nick_name")
HOST_SORT_KEYS = {"as_proxy": lambda h: h["as_proxy"], "host_name": lambda h: h["host_name"],
                  "owner_name": lambda h: h["owner_name"]}


def _hosts(data):
    return data.setdefault("hosts", [])  # a state file from before hosts existed has none


def _host_view(data, record, detail=False):
    view = {key: record[key] for key in (HOST_DETAIL_KEYS if detail else HOST_LIST_KEYS)}
    view["host_id" if detail else "uuid"] = record["id"]
    view["permission"] = HOST_PERMISSIONS
    # Secrets are stored, never answered.
    view["authorization"] = {"username": record["username"], "password": None, "private_key": None,
                             "trusted_type": record["trusted_type"]}
    proxy = _host_by_id(data, record["proxy_host_id"]) if record["proxy_host_id"] else None
    view["proxy_host"] = _host_view(data, proxy, detail) if proxy else None
    return view


def _host_by_id(data, host_id):
    return next((h for h in _hosts(data) if h["id"] == host_id), None)


def _find_host(data, group_id, host_id):
    record = _host_by_id(data, host_id)
    if record is None or record["group_id"] != group_id:
        raise deploy_error(404, HOST_NOT_FOUND, "主机不存在")
    return record


def _checked_bool(params, key):
    value = params.get(key, False)
    if not isinstance(value, bool):
        raise invalid("%s must be true or false" % key)
    return value


def _checked_host(data, group, params, record=None):
    """The stored values of a host body (create, or update of `record`), or Failure."""
    name = params.get("host_name")
    if not isinstance(name, str) or not HOST_NAME.match(name):
        raise invalid("host_name must be 3-128 Chinese characters, letters, digits, '-', '_' or '.'")
    try:
        ip = str(ipaddress.ip_address(params.get("ip")))
    except ValueError:
        raise invalid("ip must be an IP address") from None
    port = params.get("port")
    if not isinstance(port, int) or isinstance(port, bool) or not 0 <= port <= 65535:
        raise invalid("port must be an integer from 0 to 65535")
    auth = params.get("authorization")
    if not isinstance(auth, dict) or not isinstance(auth.get("username"), str) or not auth["username"]:
        raise invalid("authorization.username is required")
    trusted_type = auth.get("trusted_type", 0)
    secret_key = {0: "password", 1: "private_key"}.get(trusted_type) if not isinstance(trusted_type, bool) else None
    if secret_key is None:
        raise invalid("authorization.trusted_type must be 0 (password) or 1 (private key)")
    if not isinstance(auth.get(secret_key), str) or not auth[secret_key]:
        raise invalid("authorization.%s is required when trusted_type is %d" % (secret_key, trusted_type))
    as_proxy = _checked_bool(params, "as_proxy")
    if record is not None and as_proxy != record["as_proxy"]:
        raise invalid("as_proxy cannot be changed; delete the host and add it again")
    proxy_host_id = params.get("proxy_host_id") or None
    if group["is_proxy_mode"] == 0 and (as_proxy or proxy_host_id):
        raise deploy_error(400, PROXY_REQUIRED, "直连模式的主机集群不支持代理机")
    if group["is_proxy_mode"] == 1 and not as_proxy:
        proxy = _host_by_id(data, proxy_host_id) if isinstance(proxy_host_id, str) else None
        if proxy is None or proxy["group_id"] != group["id"] or not proxy["as_proxy"]:
            raise deploy_error(400, PROXY_REQUIRED, "代理模式的主机集群中，目标主机需要选择本集群的代理机")
    if as_proxy:
        proxy_host_id = None
    if any(h["group_id"] == group["id"] and h["ip"] == ip and h is not record for h in _hosts(data)):
        raise deploy_error(400, HOST_EXISTS, "主机集群中已存在该IP的主机")
    return {"host_name": name, "ip": ip, "port": port, "as_proxy": as_proxy, "proxy_host_id": proxy_host_id,
            "username": auth["username"], "trusted_type": trusted_type, "secret": auth[secret_key],
            "install_icagent": _checked_bool(params, "install_icagent")}


def create_host(data, user, params, group_id):
    group = _find_group(data, group_id)
    if params.get("os") != group["os"]:
        raise invalid("os must be the host cluster's, %s" % group["os"])
    values = _checked_host(data, group, params)
    if sum(1 for h in _hosts(data) if h["group_id"] == group_id) >= MAX_HOSTS:
        raise deploy_error(400, TOO_MANY_HOSTS, "一个主机集群内最多可添加%d台主机" % MAX_HOSTS)
    now = _now()
    record = dict(values, id=uuid.uuid4().hex, group_id=group_id, os=group["os"], owner_id=user["user_id"],
                  owner_name=user["user_name"], nick_name=user["user_name"], create_time=now, update_time=now,
                  connection_status="success", lastest_connection_time=now, connection_result="连通性验证成功",
                  import_status="success", env_count=0)
    _hosts(data).append(record)
    return {"status": "success", "id": record["id"]}


def list_hosts(data, user, params, group_id):
    _find_group(data, group_id)
    page_index = _int_query(params, "page_index", 1, 1, 2 ** 31 - 1)
    page_size = _int_query(params, "page_size", 10, 1, MAX_HOSTS)
    sort_key, sort_dir = params.get("sort_key"), params.get("sort_dir", "DESC")
    if sort_key not in (None, *HOST_SORT_KEYS) or sort_dir not in ("DESC", "ASC"):
        raise invalid("sort_key must be one of %s and sort_dir DESC or ASC" % "|".join(HOST_SORT_KEYS))
    as_proxy = {None: None, "true": True, "false": False}.get(params.get("as_proxy"), "bad")
    if as_proxy == "bad":
        raise invalid("as_proxy must be true or false")
    keyword = (params.get("key_field") or "").lower()
    found = [h for h in _hosts(data) if h["group_id"] == group_id and keyword in h["host_name"].lower()
             and as_proxy in (None, h["as_proxy"])]
    if sort_key:
        found.sort(key=HOST_SORT_KEYS[sort_key])
    if sort_dir == "DESC":
        found.reverse()
    page = found[(page_index - 1) * page_size:page_index * page_size]
    return {"total": len(found), "status": "success", "result": [_host_view(data, h) for h in page]}


def show_host(data, user, params, group_id, host_id):
    _find_group(data, group_id)
    return {"status": "success", "result": _host_view(data, _find_host(data, group_id, host_id), detail=True)}


def update_host(data, user, params, group_id, host_id):
    group = _find_group(data, group_id)
    record = _find_host(data, group_id, host_id)
    values = _checked_host(data, group, params, record)
    if params.get("sync") not in (None, True, False):
        raise invalid("sync must be true or false")
    record.update(values, update_time=_now())
    return {"status": "success", "id": host_id}


def _check_deletable(data, records):
    doomed = {r["id"] for r in records}
    if any(h["proxy_host_id"] in doomed and h["id"] not in doomed for h in _hosts(data)):
        raise deploy_error(400, PROXY_IN_USE, "代理机正在被其他主机使用，无法删除")


def delete_host(data, user, params, group_id, host_id):
    _find_group(data, group_id)
    record = _find_host(data, group_id, host_id)
    _check_deletable(data, [record])
    _hosts(data).remove(record)
    return {"status": "success", "id": host_id}


def batch_delete_hosts(data, user, params, group_id):
    _find_group(data, group_id)
    ids = params.get("host_id_list")
    if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
        raise invalid("host_id_list must be a list of host ids")
    records = [_find_host(data, group_id, i) for i in dict.fromkeys(ids)]
    _check_deletable(data, records)
    data["hosts"] = [h for h in _hosts(data) if h not in records]
    return {"status": "success", "result": [r["id"] for r in records]}


# --- routes

async def _serve(request, handler, *args):
    """Authenticate the request, run handler(data, user, params, *args) and answer what it returned."""
    emulator = current(request)
    request.state.request_id = uuid.uuid4().hex
    data, credentials = emulator.store.data[NAME], emulator.store.credentials[NAME]
    body = await request.body()
    try:
        user = _authenticate(request, body, data, credentials)
        if request.method in ("POST", "PUT"):
            params = _json_object(body, invalid("the body must be a JSON object"))
        else:
            params = dict(request.query_params)
        status, result = 200, handler(data, user, params, *args)
    except Failure as failure:
        status, result = failure.status, failure.body
    return JSONResponse(result, status, headers={"X-Request-Id": request.state.request_id})


def _json_object(body, error):
    try:
        params = json.loads(body or b"null")
    except ValueError:
        params = None
    if not isinstance(params, dict):
        raise error
    return params


router = APIRouter()


@router.post("/v3/auth/tokens")
async def create_token(request: Request):
    emulator = current(request)
    request.state.request_id = uuid.uuid4().hex
    try:
        body = _json_object(await request.body(), iam_error(400, "Bad Request", "The request body is not a JSON object."))
        token, result = _issue_token(emulator.store.data[NAME], emulator.store.credentials[NAME], body)
    except Failure as failure:
        return JSONResponse(failure.body, failure.status)
    emulator.store.save()  # not a mutating operation, but the token should outlive a restart
    return JSONResponse(result, 201, headers={"X-Subject-Token": token, "X-Request-Id": request.state.request_id})


@router.post(HOST_GROUPS)
async def create_host_group_route(request: Request):
    return await _serve(request, create_host_group)


@router.get(HOST_GROUPS)
async def list_host_groups_route(request: Request):
    return await _serve(request, list_host_groups)


@router.get(HOST_GROUPS + "/{group_id}")
async def show_host_group_route(request: Request, group_id: str):
    return await _serve(request, show_host_group, group_id)


@router.put(HOST_GROUPS + "/{group_id}")
async def update_host_group_route(request: Request, group_id: str):
    return await _serve(request, update_host_group, group_id)


@router.delete(HOST_GROUPS + "/{group_id}")
async def delete_host_group_route(request: Request, group_id: str):
    return await _serve(request, delete_host_group, group_id)


HOSTS = HOST_GROUPS + "/{group_id}/hosts"


@router.post(HOSTS)
async def create_host_route(request: Request, group_id: str):
    return await _serve(request, create_host, group_id)


@router.get(HOSTS)
async def list_hosts_route(request: Request, group_id: str):
    return await _serve(request, list_hosts, group_id)


@router.post(HOSTS + "/batch-delete")
async def batch_delete_hosts_route(request: Request, group_id: str):
    return await _serve(request, batch_delete_hosts, group_id)


@router.get(HOSTS + "/{host_id}")
async def show_host_route(request: Request, group_id: str, host_id: str):
    return await _serve(request, show_host, group_id, host_id)


@router.put(HOSTS + "/{host_id}")
async def update_host_route(request: Request, group_id: str, host_id: str):
    return await _serve(request, update_host, group_id, host_id)


@router.delete(HOSTS + "/{host_id}")
async def delete_host_route(request: Request, group_id: str, host_id: str):
    return await _serve(request, delete_host, group_id, host_id)


OPERATIONS = {
    ("POST", "/v3/auth/tokens"): ("iam.create_token", False),
    ("POST", HOST_GROUPS): ("codearts.create_host_group", True),
    ("GET", HOST_GROUPS): ("codearts.list_host_groups", False),
    ("GET", HOST_GROUPS + "/*"): ("codearts.show_host_group", False),
    ("PUT", HOST_GROUPS + "/*"): ("codearts.update_host_group", True),
    ("DELETE", HOST_GROUPS + "/*"): ("codearts.delete_host_group", True),
    ("POST", HOST_GROUPS + "/*/hosts"): ("codearts.create_host", True),
    ("GET", HOST_GROUPS + "/*/hosts"): ("codearts.list_hosts", False),
    ("POST", HOST_GROUPS + "/*/hosts/batch-delete"): ("codearts.batch_delete_hosts", True),
    ("GET", HOST_GROUPS + "/*/hosts/*"): ("codearts.show_host", False),
    ("PUT", HOST_GROUPS + "/*/hosts/*"): ("codearts.update_host", True),
    ("DELETE", HOST_GROUPS + "/*/hosts/*"): ("codearts.delete_host", True),
}


def operation(method, path):
    path = path.rstrip("/")
    path = re.sub(r"^(%s)/[^/]+" % HOST_GROUPS, r"\1/*", path)
    if not path.endswith("/batch-delete"):
        path = re.sub(r"^(%s/\*/hosts)/[^/]+$" % HOST_GROUPS, r"\1/*", path)
    found = OPERATIONS.get((method, path))
    return Operation(NAME, *found) if found else None


# --- test hooks

class ApplicationCount(BaseModel):
    count: int = Field(ge=0)


hooks = APIRouter(prefix=CONTROL_PREFIX + "/" + NAME)


@hooks.get("/tokens")
async def list_tokens(request: Request):
    """The IAM tokens issued so far (not the seeded hw_auth_token), for tests that look for them in output."""
    return {"tokens": sorted(current(request).store.data[NAME]["tokens"])}


@hooks.post("/tokens/expire")
async def expire_tokens(request: Request):
    """Make every token issued so far expired, the seeded hw_auth_token too (a reset makes that one valid again)."""
    emulator = current(request)
    tokens, now = emulator.store.data[NAME]["tokens"], time.time()
    tokens.update({token: min(expires, now) for token, expires in tokens.items()})
    tokens[emulator.store.credentials[NAME]["hw_auth_token"]] = now
    emulator.store.save()
    return {"expired": len(tokens)}


@hooks.post("/host-groups/{group_id}/applications")
async def set_application_count(request: Request, group_id: str, body: ApplicationCount):
    """Pretend `count` applications use the host group (CodeArts will not delete it then)."""
    emulator = current(request)
    record = next((g for g in emulator.store.data[NAME]["groups"] if g["id"] == group_id), None)
    if record is None:
        raise HTTPException(404, "no host group %s" % group_id)
    record["applications"] = body.count
    emulator.store.save()
    return {"id": group_id, "count": body.count}


router.include_router(hooks)

PLATFORM = Platform(name=NAME, router=router, seed=seed, operation=operation, new_credentials=new_credentials,
                    connection_vars=connection_vars)

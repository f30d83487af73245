# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Huawei Cloud dialect (IAM token, IAM password, AK/SK signing) and the CodeArts host group."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import re
from urllib.parse import quote, unquote, urlsplit

from ansible_collections.clusterops.platforms.plugins.module_utils._arguments import env_fallback
from ansible_collections.clusterops.platforms.plugins.module_utils._client import (
    ApiError, connect, header_problem, transport_spec,
)
from ansible_collections.clusterops.platforms.plugins.module_utils._resource import Resource, UserError

PLATFORM = "Huawei Cloud CodeArts"
SIGNING_ALGORITHM = "SDK-HMAC-SHA256"
PAGE_SIZE = 1000  # the documented maximum of the host group list
REGION = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
HEADER_OPTIONS = ("hw_auth_token", "hw_access_key", "hw_project_id")


def _env(*names):
    return (env_fallback, list(names))


CODEARTS_SPEC = dict(
    hw_region=dict(type="str", fallback=_env("HW_REGION_NAME")),
    codearts_url=dict(type="str", fallback=_env("HW_CODEARTS_URL")),
    iam_url=dict(type="str", fallback=_env("HW_AUTH_URL")),
    hw_auth_token=dict(type="str", no_log=True, fallback=_env("HW_AUTH_TOKEN")),
    hw_access_key=dict(type="str", no_log=True, fallback=_env("HW_ACCESS_KEY")),
    hw_secret_key=dict(type="str", no_log=True, fallback=_env("HW_SECRET_KEY")),
    hw_project_id=dict(type="str", fallback=_env("HW_PROJECT_ID")),
    hw_user_name=dict(type="str", fallback=_env("HW_USER_NAME")),
    hw_password=dict(type="str", no_log=True, fallback=_env("HW_USER_PASSWORD")),
    hw_domain_name=dict(type="str", fallback=_env("HW_DOMAIN_NAME")),
    **transport_spec("HW"),
)
CODEARTS_REQUIRED_TOGETHER = [("hw_access_key", "hw_secret_key"),
                              ("hw_user_name", "hw_password", "hw_domain_name")]
CODEARTS_REQUIRED_ONE_OF = [("hw_auth_token", "hw_access_key", "hw_user_name")]


def sign(method, url, headers, body, access_key, secret_key, now=None):
    """Headers that sign a request with Huawei's SDK-HMAC-SHA256 scheme.

    `headers` are the ones to sign (Content-Type, X-Project-Id, ...); Host and X-Sdk-Date are
    added. `url` carries the query string; `body` is the exact bytes sent.
    """
    parts = urlsplit(url)
    date = (now or datetime.datetime.now(datetime.timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    signed = {k.lower(): str(v).strip() for k, v in dict(headers, Host=parts.netloc).items()}
    signed["x-sdk-date"] = date
    names = sorted(signed)
    path = "/".join(quote(segment, safe="~") for segment in unquote(parts.path).split("/"))
    query = sorted(tuple(pair.partition("=")[::2]) for pair in parts.query.split("&") if pair)
    canonical = "\n".join([
        method.upper(),
        path if path.endswith("/") else path + "/",
        "&".join("%s=%s" % (quote(unquote(k), safe="~"), quote(unquote(v), safe="~")) for k, v in query),
        "".join("%s:%s\n" % (name, signed[name]) for name in names),
        ";".join(names),
        hashlib.sha256(body or b"").hexdigest(),
    ])
    to_sign = "%s\n%s\n%s" % (SIGNING_ALGORITHM, date, hashlib.sha256(canonical.encode()).hexdigest())
    signature = hmac.new(secret_key.encode(), to_sign.encode(), hashlib.sha256).hexdigest()
    return dict(headers, Host=parts.netloc, **{
        "X-Sdk-Date": date,
        "Authorization": "%s Access=%s, SignedHeaders=%s, Signature=%s"
                         % (SIGNING_ALGORITHM, access_key, ";".join(names), signature),
    })


def _error(platform, operation, response):
    try:
        body = response.json()
    except ValueError:
        body = {}
    body = body if isinstance(body, dict) else {}
    nested = body.get("error") if isinstance(body.get("error"), dict) else {}
    return ApiError(platform, operation,
                    body.get("error_msg") or nested.get("message") or response.text[:200] or response.reason,
                    status=response.status_code, code=body.get("error_code") or nested.get("code"),
                    request_id=response.headers.get("X-Request-Id") or body.get("request_id"))


class CodeArts:
    """Calls the CodeArts Deploy API with a token, an IAM password or an AK/SK signature."""

    def __init__(self, module):
        self.module = module
        params = self.params = module.params
        region = params["hw_region"]
        uses_iam = not params["hw_auth_token"] and not params["hw_access_key"]
        if not region and (uses_iam or not params["codearts_url"]):
            module.fail_json(msg="hw_region is required, unless codearts_url is given and the task "
                                 "authenticates with hw_auth_token or hw_access_key")
        if region and not REGION.match(region):
            module.fail_json(msg="hw_region must be a region name of lower-case letters, digits and '-', such as "
                                 "cn-north-4, got %r" % region)
        problem = header_problem(params, HEADER_OPTIONS)
        if problem:
            module.fail_json(msg=problem)
        secrets = [params[k] for k in ("hw_auth_token", "hw_secret_key", "hw_password")]
        self.client = connect(module, PLATFORM, params["codearts_url"] or
                              "https://codearts-deploy.%s.myhuaweicloud.com" % region, secrets)
        self._token = params["hw_auth_token"]
        self._iam = None
        if uses_iam:
            iam_url = params["iam_url"] or "https://iam.%s.myhuaweicloud.com" % region
            # Terraform's HW_AUTH_URL ends in /v3; accept it as it is.
            self._iam = connect(module, "Huawei Cloud IAM", re.sub(r"/v3/?$", "", iam_url.rstrip("/")), secrets)

    def token(self):
        """The IAM token of the user/password, asked for once per run."""
        if not self._token:
            params = self.params
            user = dict(name=params["hw_user_name"], password=params["hw_password"],
                        domain=dict(name=params["hw_domain_name"]))
            body = dict(auth=dict(identity=dict(methods=["password"], password=dict(user=user)),
                                  scope=dict(project=dict(name=params["hw_region"]))))
            response = self._iam.request("POST", "/v3/auth/tokens", "iam.create_token", safe=True, json=body)
            self._token = response.headers.get("X-Subject-Token")
            if self._token:
                # A secret like the password it was made from: masked in the output and in errors.
                self.module.no_log_values.add(self._token)
                self.client.secrets.append(self._token)
            if not response.ok or not self._token:
                raise _error("Huawei Cloud IAM", "iam.create_token", response)
        return self._token

    def call(self, method, path, operation, safe, query=None, body=None):
        """Send one request and return its JSON body; `error_code` even in HTTP 200 is an error."""
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json;charset=UTF-8"} if data else {}
        if self.params["hw_access_key"] and not self.params["hw_auth_token"]:
            if self.params["hw_project_id"]:
                headers["X-Project-Id"] = self.params["hw_project_id"]
            url = self.client.base_url + path
            if query:
                url += "?" + "&".join("%s=%s" % (k, quote(str(v), safe="~")) for k, v in query.items())
            headers = sign(method, url, headers, data, self.params["hw_access_key"], self.params["hw_secret_key"])
            path, query = url[len(self.client.base_url):], None
        else:
            headers["X-Auth-Token"] = self.token()
        response = self.client.request(method, path, operation, safe, params=query, data=data, headers=headers)
        try:
            result = response.json()
        except ValueError:
            result = None
        if not response.ok or not isinstance(result, dict) or result.get("error_code"):
            raise _error(PLATFORM, operation, response)
        return result

    def host_groups(self, project_id, name=None, os_type=None):
        """Every host group of a project whose name contains `name` (the API's fuzzy filter)."""
        groups = []
        while True:
            query = dict(project_id=project_id, page_index=len(groups) // PAGE_SIZE + 1, page_size=PAGE_SIZE)
            query.update((k, v) for k, v in (("name", name), ("os", os_type)) if v)
            page = self.call("GET", "/v1/resources/host-groups", "codearts.list_host_groups", True, query)
            batch = page.get("result") or []
            groups.extend(batch)
            if len(batch) < PAGE_SIZE or len(groups) >= page.get("total", 0):
                return groups

    def host_group(self, group_id):
        found = self.call("GET", "/v1/resources/host-groups/%s" % quote(group_id, safe=""),
                          "codearts.show_host_group", True)
        return found.get("result")


GROUP_NAME = re.compile(r"^[A-Za-z0-9_.\-\u4e00-\u9fa5]{3,128}$")
ALNUM32 = re.compile(r"^[A-Za-z0-9]{32}$")


class HostGroup(Resource):
    """A CodeArts Deploy host cluster, identified by (project, name)."""

    return_key = "host_group"
    create_only = ("os", "is_proxy_mode")
    create_requires = (("os", "os"),)
    # CodeArts takes these on create and update but shows them in neither the list nor the detail.
    write_only = ("slave_resource_type", "ansible_type")
    normalizers = {"slave_cluster_id": lambda v: v or ""}

    def desired(self):
        params = self.params
        checks = [("project_id", ALNUM32, "32 letters or digits"),
                  ("name", GROUP_NAME, "3 to 128 letters, digits, Chinese characters, '-', '_' or '.'"),
                  ("new_name", GROUP_NAME, "3 to 128 letters, digits, Chinese characters, '-', '_' or '.'")]
        for option, pattern, rule in checks:
            if params[option] is not None and not pattern.match(params[option]):
                raise UserError("%s must be %s, got %r" % (option, rule, params[option]))
        if params["slave_cluster_id"] and not ALNUM32.match(params["slave_cluster_id"]):
            raise UserError("slave_cluster_id must be 32 letters or digits, or empty for the default "
                            "resource pool, got %r" % params["slave_cluster_id"])
        if params["description"] is not None and len(params["description"]) > 500:
            raise UserError("description must be at most 500 characters long, got %d" % len(params["description"]))
        wanted = {k: params[k] for k in ("os", "is_proxy_mode", "slave_cluster_id", "description",
                                         "slave_resource_type", "ansible_type") if params[k] is not None}
        wanted["name"] = params["new_name"] or params["name"]
        return wanted

    def _named(self, name):
        matches = [g for g in self.client.host_groups(self.params["project_id"], name) if g.get("name") == name]
        return matches[0] if matches else None

    def find(self):
        return self._named(self.params["name"]) or (self.params["new_name"] and self._named(self.params["new_name"]))

    def read_scope(self):
        return self.client.host_groups(self.params["project_id"])

    def create(self, desired):
        body = dict(desired, project_id=self.params["project_id"])
        created = self.client.call("POST", "/v1/resources/host-groups", "codearts.create_host_group", False, body=body)
        # The answer has the new id: show that group instead of listing the project again.
        if created.get("id") and not self.read_back:
            return self.predict(desired, dict(id=created["id"], project_id=self.params["project_id"]))
        if created.get("id"):
            return dict(self.client.host_group(created["id"]) or {}, project_id=self.params["project_id"])
        return self._named(desired["name"])

    def update(self, current, changes):
        # The PUT requires the name; send every mutable field so none falls back to a default.
        body = {k: current.get(k) for k in ("name", "description", "slave_cluster_id")}
        body.update((k, v) for k, v in ((k, self.params[k]) for k in self.write_only) if v is not None)
        body.update(changes)
        self.client.call("PUT", "/v1/resources/host-groups/%s" % current["id"], "codearts.update_host_group",
                         False, body=body)

    def delete(self, current):
        self.client.call("DELETE", "/v1/resources/host-groups/%s" % current["id"], "codearts.delete_host_group", False)

    def predict(self, desired, current=None):
        if current is None:
            current = dict(id=None, project_id=self.params["project_id"])
        return dict(current, **{k: v for k, v in desired.items() if k not in self.write_only})

    def extra_results(self, obj):
        return {"id": (obj or {}).get("id")}

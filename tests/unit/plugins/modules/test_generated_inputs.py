# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Generated inputs for every module: no traceback, and no request for input the docs call invalid.

Arguments come from each module's own argument_spec: up to 4 options, each given a value of its
own type (or one of its choices) or of any type at all (null, booleans, integers up to 10**400,
NaN and infinities, text with NUL bytes, a lone surrogate, non-ASCII or 5000 characters, lists,
dicts), on top of a valid task for each way the module can authenticate. The HTTP layer is
mocked and answers every request, either with a platform error or with an empty successful
answer to reads. So, besides "no traceback": when every request is refused, a module that fails
without a platform error must not have sent anything, and "cannot reach the server" means
requests could not even build the request; and input the documentation makes invalid (see
must_refuse) must fail without a request.

The examples are derandomized: CI runs the same 100 per module every time.
"""

from __future__ import annotations

import json
import math
import re
from unittest import mock

import pytest
import responses
from hypothesis import HealthCheck, given, settings, strategies as st

from ansible.module_utils import basic
from ansible_collections.clusterops.platforms.plugins.module_utils import _client, _ocp
from ansible_collections.clusterops.platforms.plugins.modules import (
    bk_storage_cluster, bk_storage_cluster_info, cmdb_host, cmdb_host_info, cmdb_module, cmdb_module_info,
    cmdb_set, cmdb_set_info, codearts_host, codearts_host_group, codearts_host_group_info, codearts_host_info,
    dbmind_cluster, dbmind_cluster_info,
    dbmind_interaction, dbmind_llm,
    ocp_ob_cluster, ocp_ob_cluster_info, ocp_ob_tenant, ocp_ob_tenant_info, ocp_task_info,
)
from tests.emulator.tls import ensure_files

BK = dict(bk_url="https://paas.example.com", bk_app_code="clusterops", bk_app_secret="app-secret-1",
          bk_username="admin")
# Each way to authenticate, so that generated options meet each of them.
HW = [dict(hw_region="cn-north-4", hw_auth_token="token-abc-123"),
      dict(hw_region="cn-north-4", hw_access_key="AKEXAMPLE0123", hw_secret_key="sk-example-99",
           hw_project_id="0123456789abcdef0123456789abcdef"),
      dict(hw_region="cn-north-4", hw_user_name="deployer", hw_password="hw-pass-7", hw_domain_name="acme")]
OCP = [dict(ocp_url="http://ocp.example.com:8080", ocp_username="admin", ocp_password="ocp-pass-41d"),
       dict(ocp_url="http://ocp.example.com:8080", ocp_access_key_id="ak-ocp-1", ocp_access_key_secret="ocp-secret")]
PROJECT = "0123456789abcdef0123456789abcdef"

# Each module with the arguments of valid tasks; generated options are added to or replace them.
MODULES = {
    bk_storage_cluster: [dict(BK, cluster_name="influx_main")],
    bk_storage_cluster_info: [BK],
    cmdb_host: [dict(BK, bk_biz_id=3, bk_host_innerip="10.0.0.1", modules=[dict(bk_set_name="db", bk_module_name="mysql")]),
                dict(BK, bk_biz_name="payments", hosts=[dict(bk_host_id=7), dict(bk_host_innerip="10.0.0.2")],
                     state="idle")],
    cmdb_host_info: [dict(BK, bk_biz_id=3)],
    cmdb_module: [dict(BK, bk_biz_id=3, bk_set_id=11, name="mysql"), dict(BK, bk_biz_id=3, bk_set_name="db", name="mysql")],
    cmdb_module_info: [dict(BK, bk_biz_id=3)],
    cmdb_set: [dict(BK, bk_biz_id=3, name="db")],
    cmdb_set_info: [dict(BK, bk_biz_id=3)],
    codearts_host_group: [dict(auth, project_id=PROJECT, name="db-hosts") for auth in HW],
    codearts_host_group_info: [dict(auth, project_id=PROJECT) for auth in HW],
    codearts_host: [dict(auth, project_id=PROJECT, host_group="app-hosts", ip="10.0.0.5", username="deploy",
                         password="host-pass-3") for auth in HW]
    + [dict(HW[0], host_group_id=PROJECT, username="deploy", private_key="KEY", hosts=[dict(ip="10.0.0.6")])],
    codearts_host_info: [dict(auth, project_id=PROJECT, host_group="app-hosts") for auth in HW],
    dbmind_cluster: [dict(cluster_name="gauss_new")],
    dbmind_cluster_info: [{}],
    dbmind_interaction: [dict(query="slow queries?", user_id="ops_1", session_id="s_1")],
    dbmind_llm: [{}],
    ocp_ob_cluster: [dict(auth, name="payments") for auth in OCP],
    ocp_ob_cluster_info: OCP,
    ocp_ob_tenant: [dict(auth, cluster="payments", name="payments") for auth in OCP],
    ocp_ob_tenant_info: OCP,
    ocp_task_info: [dict(auth, id=7) for auth in OCP],
}

MAX_TIMEOUT, MAX_RETRIES = 3600, 100  # request_timeout and retries, as the doc fragments state

TEXTS = ["", " ", "\x00", "a\x00b", "é", "中文", "a\r\nb", "x" * 5000, "foo", "http://", "https://[::1",
         "ftp://example.com", "\ud800x", "-1", "0", "1", "nan", "inf", "1e400", "yes", "true", "{}", "[]", "a=1"]
NUMBERS = [0, -1, 1, 3, 65535, 65536, 2 ** 31, 2 ** 63, -(2 ** 63), 10 ** 400,
           0.0, -0.0, -1.5, 0.5, 1e308, math.nan, math.inf, -math.inf]

text = st.one_of(st.sampled_from(TEXTS), st.text(max_size=20))
integers = st.one_of(st.sampled_from([n for n in NUMBERS if isinstance(n, int)]), st.integers())
floats = st.one_of(st.sampled_from(NUMBERS), st.floats())
scalars = st.one_of(st.none(), st.booleans(), integers, floats, text)
anything = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                         st.dictionaries(text, inner, max_size=3)), max_leaves=6)


def of_type(option):
    """Values of an option's own type (and choices), or of any type at all."""
    kind = option.get("type", "str")
    if option.get("choices"):
        typed = st.sampled_from(option["choices"])
    elif kind == "dict" and option.get("options"):
        typed = suboptions(option["options"])
    elif kind == "list" and option.get("options"):
        typed = st.lists(suboptions(option["options"]), max_size=3)
    elif kind == "list":
        typed = st.lists(text, max_size=3)
    else:
        typed = dict(int=integers, float=floats, bool=st.one_of(st.booleans(), st.sampled_from(["yes", "no", 1, 0])),
                     dict=st.dictionaries(text, anything, max_size=3)).get(kind, text)
    return st.one_of(typed, scalars, anything)


def suboptions(spec):
    return st.fixed_dictionaries({}, optional={name: of_type(option) for name, option in spec.items()})


class Captured(Exception):
    pass


def argument_spec(module):
    """The argument_spec a module gives AnsibleModule."""
    seen = {}

    def init(self, argument_spec, **kwargs):
        seen.update(argument_spec)
        raise Captured()

    with mock.patch.object(basic.AnsibleModule, "__init__", init), pytest.raises(Captured):
        module.main()
    return seen


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def must_refuse(spec, args):
    """Why the module's documentation makes `args` invalid (for the rules of issue 11), or None."""
    for name, value in args.items():
        option = spec.get(name, {})
        kind = option.get("type", "str")
        if kind in ("str", "path") and isinstance(value, (bool, float, dict, list)):
            return "text option %s got %r" % (name, value)
        if kind in ("int", "float") and isinstance(value, bool):
            return "number option %s got %r" % (name, value)
        if kind == "dict" and option.get("options") and value is not None:
            if not isinstance(value, (dict, str)):
                return "dict option %s got %r" % (name, value)
            if isinstance(value, dict):
                reason = must_refuse(option["options"], {k: v for k, v in value.items() if k in option["options"]})
                if reason:
                    return "%s: %s" % (name, reason)
    timeout, retries = args.get("request_timeout"), args.get("retries")
    if is_number(timeout) and not (timeout > 0 and timeout <= MAX_TIMEOUT):
        return "request_timeout %r" % timeout
    if is_number(retries) and not 0 <= retries <= MAX_RETRIES:
        return "retries %r" % retries
    for name, value in args.items():
        if name.endswith("_url") and isinstance(value, str) and not re.match(r"https?://[^/?#\s]", value):
            return "%s %r is not an http(s) URL" % (name, value)
    return None


def answer(refuse):
    """A responses callback: a platform error for everything, or an empty successful answer to reads."""
    def callback(request):
        for value in request.headers.values():
            if isinstance(value, str):
                value.encode("latin-1")  # what http.client does with a header, raising UnicodeEncodeError
        path, method = request.path_url.split("?")[0], request.method
        read = method == "GET" or re.search(r"/(search|get)_[a-z_]+/$", path)
        if refuse or not read and "/v3/auth/tokens" not in path:
            return 500, {}, json.dumps(dict(message="refused by the test", error_msg="refused by the test"))
        if "/compapi/" in path:
            data = [] if "metadata_get_cluster_info" in path else dict(count=0, info=[])
            return 200, {}, json.dumps(dict(result=True, code=0, message="", data=data, request_id="r"))
        if "/v3/auth/tokens" in path:
            return 201, {"X-Subject-Token": "token-from-iam"}, json.dumps({})
        if "/v1/resources/" in path:
            return 200, {}, json.dumps(dict(total=0, result=[]))
        if "/v1/api/llms" in path:
            return 200, {}, json.dumps(dict(success=True, data=dict(local=["qwen"], online=[])))
        if "/v1/api/" in path:
            return 200, {}, json.dumps(dict(success=True, data={}))
        data = dict(contents=[], page=dict(totalPages=1), id=7, status="SUCCESSFUL", subtasks=[])
        return 200, {}, json.dumps(dict(successful=True, data=data))
    return callback


class TooManyRetries(Exception):
    pass


@pytest.fixture(scope="module")
def gaussmaster(tmp_path_factory):
    files = ensure_files(tmp_path_factory.mktemp("tls"))
    return dict(dbmind_url="https://gaussmaster.example.com:8443", dbmind_client_cert=str(files.client_cert),
                dbmind_client_key=str(files.client_key), dbmind_client_key_password=files.client_key_password,
                ca_path=str(files.ca))


@pytest.fixture
def quick(monkeypatch):
    """No sleeping; more than 200 retries in one run is a bug of its own."""
    backoffs = []

    def backoff(*args, **kwargs):
        backoffs.append(args)
        if len(backoffs) > 200:
            raise TooManyRetries()
        return 0

    monkeypatch.setattr(_client, "backoff_delay", backoff)
    monkeypatch.setattr(_ocp.time, "sleep", lambda seconds: None)
    return backoffs


def problems(run_module, module, spec, args, check_mode, refuse):
    """What went wrong when `module` ran with `args`: an empty list when nothing did."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mocked:
        for method in ("GET", "POST", "PUT", "DELETE"):
            mocked.add_callback(method, re.compile(r".*"), callback=answer(refuse))
        result, failed = run_module(module, args, check_mode=check_mode)
        sent = len(mocked.calls)
    found = []
    if "exception" in result:
        found.append("failed with a traceback: %s" % result["exception"])
    reason = must_refuse(spec, args)
    if reason and (sent or not failed):
        found.append("%s, yet %s" % (reason, "%d requests were sent" % sent if sent else "the module succeeded"))
    if refuse and failed and "error" not in result and sent:
        found.append("failed without a platform error after %d requests: %s" % (sent, result["msg"]))
    if refuse and failed and "cannot reach the server" in result["msg"]:
        found.append("requests could not build the request: %s" % result["msg"])
    return found


@st.composite
def task(draw, spec, bases, extra):
    """(args, check mode, refuse every request): up to 4 generated options over a valid task."""
    base = dict(draw(st.sampled_from(bases)), **extra)
    names = draw(st.lists(st.sampled_from(sorted(spec)), max_size=4, unique=True))
    args = dict(base, **{name: draw(of_type(spec[name]), label=name) for name in names})
    return args, draw(st.booleans(), label="check_mode"), draw(st.booleans(), label="refuse")


@pytest.mark.parametrize("module", list(MODULES), ids=lambda m: m.__name__.rsplit(".", 1)[-1])
@settings(max_examples=100, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large, HealthCheck.filter_too_much])
@given(data=st.data())
def test_generated_input_ends_in_exit_or_fail_without_traceback(run_module, quick, gaussmaster, module, data):
    spec = argument_spec(module)
    extra = gaussmaster if "dbmind" in module.__name__ else {}
    args, check_mode, refuse = data.draw(task(spec, MODULES[module], extra))
    quick.clear()
    assert problems(run_module, module, spec, args, check_mode, refuse) == []

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An empty connection environment variable counts as unset.

AWX injects every env injector of a credential type, rendering a field left empty as "" (see
tests/unit/test_awx_credential_types.py). ansible-core's env_fallback would take "" as given: a
required option would pass as set, `required_one_of` would see it, and "" would be converted to
the option's type (an int or a bool option then fails). _arguments.env_fallback skips it.
"""

from __future__ import annotations

import pytest
import responses
from ansible.module_utils.basic import AnsibleFallbackNotFound

from ansible_collections.clusterops.platforms.plugins.module_utils._arguments import env_fallback
from ansible_collections.clusterops.platforms.plugins.module_utils._blueking import BLUEKING_SPEC
from ansible_collections.clusterops.platforms.plugins.module_utils._codearts import CODEARTS_SPEC
from ansible_collections.clusterops.platforms.plugins.module_utils._dbmind import DBMIND_SPEC
from ansible_collections.clusterops.platforms.plugins.module_utils._ocp import OCP_SPEC
from ansible_collections.clusterops.platforms.plugins.modules import (
    cmdb_set_info, codearts_host_group_info, codearts_host_info, dbmind_cluster_info, ocp_ob_cluster_info,
    ocp_ob_tenant_info,
)

BK = "https://paas.example.com"
PLATFORMS = [(cmdb_set_info, BLUEKING_SPEC, dict(bk_biz_id=3)),
             (codearts_host_group_info, CODEARTS_SPEC, dict(project_id="p1")),
             (codearts_host_info, CODEARTS_SPEC, dict(host_group_id="p1")),
             (ocp_ob_cluster_info, OCP_SPEC, {}),
             (ocp_ob_tenant_info, OCP_SPEC, dict(cluster="payments")),
             (dbmind_cluster_info, DBMIND_SPEC, {})]


def env_names(spec):
    return sorted(name for option in spec.values() if "fallback" in option for name in option["fallback"][1])


def test_env_fallback_takes_the_first_variable_that_is_set_and_not_empty(monkeypatch):
    monkeypatch.setenv("A_FIRST", "")
    monkeypatch.setenv("A_SECOND", "two")
    monkeypatch.setenv("A_THIRD", "three")
    assert env_fallback("A_FIRST", "A_SECOND", "A_THIRD") == "two"
    monkeypatch.setenv("A_SECOND", "")
    monkeypatch.delenv("A_THIRD")
    with pytest.raises(AnsibleFallbackNotFound):
        env_fallback("A_FIRST", "A_SECOND", "A_THIRD")


@pytest.mark.parametrize("module, spec, args", PLATFORMS, ids=[p[0].__name__.rsplit(".", 1)[1] for p in PLATFORMS])
def test_every_connection_variable_set_empty_behaves_as_if_unset(run_module, monkeypatch, module, spec, args):
    names = env_names(spec)
    assert len(names) >= 8
    for name in names:
        monkeypatch.delenv(name, raising=False)
    unset = run_module(module, args)
    for name in names:
        monkeypatch.setenv(name, "")
    assert run_module(module, args) == unset
    assert unset[1] and ("missing required arguments" in unset[0]["msg"] or "one of the following" in unset[0]["msg"])


def test_an_empty_bk_token_is_not_given(run_module, monkeypatch):
    monkeypatch.setenv("BK_USERNAME", "")
    monkeypatch.setenv("BK_TOKEN", "")
    result, failed = run_module(cmdb_set_info, dict(bk_url=BK, bk_app_code="c", bk_app_secret="s", bk_biz_id=3))
    assert failed
    assert result["msg"] == "one of the following is required: bk_username, bk_token"


@responses.activate
def test_empty_variables_leave_the_defaults_and_the_other_credentials_in_use(run_module, monkeypatch):
    for name in ("BK_TOKEN", "BK_RETRIES", "BK_VALIDATE_CERTS", "BK_REQUEST_TIMEOUT", "BK_CA_PATH", "BK_CREDENTIALS_IN"):
        monkeypatch.setenv(name, "")
    monkeypatch.setenv("BK_USERNAME", "admin")
    responses.add(responses.POST, BK + "/api/c/compapi/v2/cc/search_set/",
                  json=dict(result=True, code=0, message="", data=dict(count=0, info=[]), request_id="r"))
    result, failed = run_module(cmdb_set_info, dict(bk_url=BK, bk_app_code="c", bk_app_secret="s", bk_biz_id=3))
    assert not failed, result
    assert responses.calls[0].request.headers["X-Bkapi-Authorization"] == (
        '{"bk_app_code": "c", "bk_app_secret": "s", "bk_username": "admin"}')

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""bk_credentials_in: the BlueKing credentials in the X-Bkapi-Authorization header only (the
default), or in the request parameters too, for the legacy ESB that reads nothing else."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from ansible_collections.clusterops.platforms.plugins.modules import bk_storage_cluster_info, cmdb_set, cmdb_set_info

BK = "https://paas.example.com"
SECRET = "app-secret-6b1e"
TOKEN = "login-token-0c9d"
CONNECTION = dict(bk_url=BK, bk_app_code="clusterops", bk_app_secret=SECRET, bk_username="admin", bk_token=TOKEN)
CREDENTIALS = dict(bk_app_code="clusterops", bk_app_secret=SECRET, bk_username="admin", bk_token=TOKEN)


def esb_reply(method, component, data):
    responses.add(method, "%s/api/c/compapi/v2/%s/" % (BK, component),
                  json=dict(result=True, code=0, message="", data=data, request_id="rid"))


def sent():
    """(query, JSON body, X-Bkapi-Authorization) of each call."""
    return [({k: v[0] for k, v in parse_qs(urlsplit(c.request.url).query).items()},
             json.loads(c.request.body) if c.request.body else {},
             json.loads(c.request.headers["X-Bkapi-Authorization"])) for c in responses.calls]


def run_both(run_module, **connection):
    """A GET component (metadata_get_cluster_info) and POST components (search_set, create_set)."""
    esb_reply(responses.GET, "monitor_v3/metadata_get_cluster_info", [])
    esb_reply(responses.POST, "cc/search_set", dict(count=0, info=[]))
    esb_reply(responses.POST, "cc/create_set", dict(bk_set_id=11, bk_set_name="db", bk_biz_id=2, bk_parent_id=2))
    for module, args in ((bk_storage_cluster_info, {}), (cmdb_set, dict(bk_biz_id=2, name="db"))):
        result, failed = run_module(module, dict(CONNECTION, **dict(args, **connection)))
        assert not failed, result
    return sent()


@responses.activate
def test_by_default_the_credentials_are_in_the_header_only(run_module):
    calls = run_both(run_module)
    assert len(calls) == 3
    for query, body, header in calls:
        assert header == CREDENTIALS
        assert not set(CREDENTIALS) & (set(query) | set(body))
    for call in responses.calls:
        assert SECRET not in call.request.url and TOKEN not in call.request.url
        assert SECRET not in (call.request.body or b"").decode()


@responses.activate
def test_header_and_params_puts_them_in_the_query_of_a_get_and_the_body_of_a_post(run_module):
    (get_query, get_body, get_header), *posts = run_both(run_module, bk_credentials_in="header_and_params")
    assert get_header == CREDENTIALS and get_body == {}
    assert {k: get_query[k] for k in CREDENTIALS} == CREDENTIALS and get_query["is_plain_text"] == "true"
    for query, body, header in posts:
        assert header == CREDENTIALS and query == {}
        assert {k: body[k] for k in CREDENTIALS} == CREDENTIALS


@responses.activate
def test_the_environment_chooses_when_the_task_does_not(run_module, monkeypatch):
    monkeypatch.setenv("BK_CREDENTIALS_IN", "header_and_params")
    query = run_both(run_module)[0][0]
    assert query["bk_app_secret"] == SECRET


def test_an_unknown_place_is_refused(run_module):
    result, failed = run_module(cmdb_set_info, dict(CONNECTION, bk_biz_id=2, bk_credentials_in="cookie"))
    assert failed and "bk_credentials_in" in result["msg"]


# --- against the emulator: what each kind of ESB accepts, and what its request log saw

@pytest.fixture
def emulator_esb(emulator):
    """Set where the emulator's ESB reads credentials from; returns the emulator."""
    def read_from(mode):
        emulator.control("POST", "/blueking/esb/auth", json={"mode": mode})
        emulator.control("DELETE", "/requests")
        return emulator
    return read_from


def blueking(emulator, **extra):
    keys = ("bk_url", "bk_app_code", "bk_app_secret", "bk_username")
    return dict({k: emulator.vars[k] for k in keys}, retries=0, **extra)


def test_the_header_alone_passes_a_gateway_that_reads_nothing_else_and_no_url_has_the_secret(run_module, emulator_esb):
    emulator = emulator_esb("header_only")
    secret = emulator.vars["bk_app_secret"]
    result, failed = run_module(bk_storage_cluster_info, blueking(emulator, cluster_name="default_influx"))
    assert not failed, result
    assert [c["cluster_name"] for c in result["storage_clusters"]] == ["default_influx"]
    result, failed = run_module(cmdb_set, blueking(emulator, bk_biz_id=2, name="header-only"))
    assert not failed and result["set"]["bk_set_name"] == "header-only"
    assert "header-only" in [s["bk_set_name"] for s in emulator.sets(2)]
    log = emulator.log()
    assert [e["operation"] for e in log][:2] == ["monitor_v3.metadata_get_cluster_info", "cc.search_set"]
    assert all(secret not in e["query"] and "bk_app_secret" not in e["query"] for e in log)
    assert all(e["status"] == 200 for e in log)


def test_the_legacy_esb_needs_header_and_params(run_module, emulator_esb):
    emulator = emulator_esb("params_only")
    result, failed = run_module(bk_storage_cluster_info, blueking(emulator))
    assert failed and "APP Secret [bk_app_secret] cannot be empty" in result["msg"]
    result, failed = run_module(bk_storage_cluster_info, blueking(emulator, bk_credentials_in="header_and_params"))
    assert not failed and result["storage_clusters"]
    # and then the secret is in the URL, where access logs keep it
    assert emulator.vars["bk_app_secret"] in emulator.log()[-1]["query"]

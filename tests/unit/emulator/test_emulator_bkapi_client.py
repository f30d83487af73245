# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""BlueKing's own Python client (bkapi-component-open) works against the emulator."""

from __future__ import annotations

import pytest
from bkapi_component.open.client import Client


@pytest.fixture
def client(emulator):
    bk = Client(endpoint=emulator.vars["bk_url"], bk_api_ver="v2")
    bk.update_bkapi_authorization(bk_app_code=emulator.vars["bk_app_code"],
                                  bk_app_secret=emulator.vars["bk_app_secret"],
                                  bk_username=emulator.vars["bk_username"])
    return bk


def test_the_five_cc_calls(emulator, client):
    businesses = client.cc.search_business({"fields": ["bk_biz_id", "bk_biz_name"],
                                            "condition": {"bk_biz_name": "demo"}})
    assert businesses["result"] is True
    assert businesses["data"]["info"] == [{"bk_biz_id": 2, "bk_biz_name": "demo"}]

    created = client.cc.create_set({"bk_biz_id": 2, "data": {"bk_parent_id": 2, "bk_set_name": "sdk",
                                                             "bk_capacity": 5}})
    assert created["result"] is True and created["code"] == 0
    set_id = created["data"]["bk_set_id"]

    found = client.cc.search_set({"bk_biz_id": 2, "fields": ["bk_set_id", "bk_capacity"],
                                  "filter": {"condition": "AND", "rules": [
                                      {"field": "bk_set_name", "operator": "equal", "value": "sdk"}]}})
    assert found["data"] == {"count": 1, "info": [{"bk_set_id": set_id, "bk_capacity": 5}]}

    updated = client.cc.update_set({"bk_biz_id": 2, "bk_set_id": set_id, "data": {"bk_capacity": 6}})
    assert (updated["result"], updated["data"]) == (True, None)
    assert [s["bk_capacity"] for s in emulator.sets(2) if s["bk_set_id"] == set_id] == [6]

    deleted = client.cc.delete_set({"bk_biz_id": 2, "bk_set_id": set_id})
    assert deleted["result"] is True
    assert [s["bk_set_id"] for s in emulator.sets(2)] == [3]

    log = [e for e in emulator.log() if e["operation"] != "cc.search_set" or e["request_id"] == found["request_id"]]
    assert [(e["operation"], e["mutating"]) for e in log] == [
        ("cc.search_business", False), ("cc.create_set", True), ("cc.search_set", False), ("cc.update_set", True),
        ("cc.delete_set", True)]


def test_the_client_sees_an_auth_error_envelope(emulator, client):
    client.update_bkapi_authorization(bk_app_secret="wrong")
    answer = client.cc.search_set({"bk_biz_id": 2})
    assert (answer["result"], answer["code"]) == (False, 1306000)

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ESB in front of CMDB: where credentials are read, app and user auth, the envelope."""

from __future__ import annotations

import json
import re

import pytest

BODY = {"bk_biz_id": 2}
APP_FAILED = "APP Secret verification failed, pelase confirm if the APP Secret and APP Code [bk_app_code=%s] match"
NO_USER = "User authentication failed, please provide a valid user identity, such as bk_token, bk_username"


def _url(emulator, component, slash=True):
    return emulator.vars["bk_url"] + "/api/c/compapi/v2/cc/" + component + ("/" if slash else "")


def test_credentials_in_the_header(emulator):
    envelope = emulator.esb("search_set", BODY)
    assert envelope["result"] is True
    assert set(envelope) == {"result", "code", "message", "data", "permission", "request_id"}
    assert envelope["code"] == 0 and envelope["permission"] is None


@pytest.mark.parametrize("keys", [("bk_app_code", "bk_app_secret", "bk_username"), ("app_code", "app_secret", "username")])
def test_credentials_in_the_body(emulator, keys):
    values = (emulator.vars["bk_app_code"], emulator.vars["bk_app_secret"], "alice")
    auth = dict(zip(keys, values))
    assert emulator.esb("search_set", BODY, auth=auth, in_body=True)["result"] is True
    created = emulator.esb("create_set", {"bk_biz_id": 2, "data": {"bk_parent_id": 2, "bk_set_name": "x"}},
                           auth=auth, in_body=True)
    assert created["data"]["bk_created_by"] == "alice"


def test_credentials_in_the_query_of_a_get(emulator):
    params = dict(emulator.credentials(), bk_biz_id="2")
    response = emulator.session.get(_url(emulator, "search_set"), params=params)
    assert response.json()["result"] is True
    assert response.json()["data"]["count"] == 1
    params["bk_app_secret"] = "wrong"
    assert emulator.session.get(_url(emulator, "search_set"), params=params).json()["code"] == 1306000


def test_the_header_wins_over_the_body(emulator):
    wrong = {"X-Bkapi-Authorization": json.dumps(emulator.credentials(bk_app_secret="wrong"))}
    code = emulator.error("search_set", BODY, auth=emulator.credentials(), in_body=True, headers=wrong)[0]
    assert code == 1306000
    # and a good header is enough even when the body carries a wrong secret
    good = {"X-Bkapi-Authorization": json.dumps(emulator.credentials())}
    assert emulator.esb("search_set", BODY, auth=emulator.credentials(bk_app_secret="wrong"), in_body=True,
                        headers=good)["result"] is True


@pytest.mark.parametrize("header", ["{not json", "[1, 2]", '"text"'])
def test_a_header_that_is_not_a_json_object_is_an_argument_error(emulator, header):
    code, message = emulator.error("search_set", BODY, headers={"X-Bkapi-Authorization": header})
    assert code == 1306406
    assert "X-Bkapi-Authorization" in message


def test_a_wrong_secret_is_refused_without_echoing_it(emulator):
    envelope = emulator.esb("create_set", {"bk_biz_id": 2, "data": {"bk_parent_id": 2, "bk_set_name": "no"}},
                            auth=emulator.credentials(bk_app_secret="s3cr3t-guess-81f"))
    assert (envelope["result"], envelope["code"], envelope["data"]) == (False, 1306000, None)
    assert envelope["message"] == APP_FAILED % "clusterops"
    assert "s3cr3t-guess-81f" not in json.dumps(envelope)
    assert emulator.vars["bk_app_secret"] not in json.dumps(envelope)
    assert [s["bk_set_name"] for s in emulator.sets(2)] == ["空闲机池"]


@pytest.mark.parametrize("overrides, message", [
    ({"bk_app_secret": None}, "Signature [bk_signature] and APP Secret [bk_app_secret] cannot be empty at the same time"),
    ({"bk_app_code": None}, "APP Code [bk_app_code] cannot be empty"),
    ({"bk_app_code": "other-app"}, "Invalid APP Code [bk_app_code=other-app], please confirm if the APP Code has "
                                   "been registered"),
    ({"bk_username": None}, NO_USER),
    ({"bk_username": ""}, NO_USER),
    ({"bk_token": "not-the-token"}, "User authentication failed, please check if the bk_token is valid"),
])
def test_app_and_user_auth_failures(emulator, overrides, message):
    assert emulator.error("search_set", BODY, auth=emulator.credentials(**overrides)) == (1306000, message)


def test_a_bk_token_authenticates_as_its_user(emulator):
    auth = emulator.credentials(bk_username=None, bk_token=emulator.vars["bk_token"])
    created = emulator.esb("create_set", {"bk_biz_id": 2, "data": {"bk_parent_id": 2, "bk_set_name": "t"}}, auth=auth)
    assert created["data"]["bk_created_by"] == "admin"
    # the token is checked first: a valid username does not rescue a wrong token
    auth = emulator.credentials(bk_token="wrong")
    assert emulator.error("search_set", BODY, auth=auth)[0] == 1306000


def test_every_answer_has_a_fresh_uuid4_request_id(emulator):
    envelopes = [emulator.esb("search_set", BODY), emulator.esb("search_set", BODY),
                 emulator.esb("search_set", BODY, auth=emulator.credentials(bk_app_secret="x")),
                 emulator.esb("nope", {})]
    ids = [envelope["request_id"] for envelope in envelopes]
    assert all(re.fullmatch(r"[0-9a-f]{32}", request_id) and request_id[12] == "4" for request_id in ids)
    assert len(set(ids)) == 4
    assert [e["request_id"] for e in emulator.log()] == ids


def test_an_unknown_component_is_not_found_before_auth(emulator):
    envelope = emulator.esb("create_business_set_x", {}, auth={})
    assert (envelope["result"], envelope["code"]) == (False, 1306404)


def test_the_path_without_a_trailing_slash_works(emulator):
    response = emulator.session.post(_url(emulator, "search_business", slash=False),
                                     json=dict(emulator.credentials(), fields=["bk_biz_id"]))
    assert response.status_code == 200
    assert response.json()["data"]["info"] == [{"bk_biz_id": 1}, {"bk_biz_id": 2}, {"bk_biz_id": 3}, {"bk_biz_id": 4}]


def test_a_body_that_is_not_a_json_object_is_an_argument_error(emulator):
    headers = {"X-Bkapi-Authorization": json.dumps(emulator.credentials()), "Content-Type": "application/json"}
    response = emulator.session.post(_url(emulator, "search_set"), data="[1]", headers=headers)
    assert response.json()["code"] == 1306406


# --- where the credentials are read from (the auth hook)

def _set_auth(emulator, mode):
    return emulator.control("POST", "/blueking/esb/auth", json={"mode": mode})


def test_header_only_reads_no_credentials_from_the_body_or_query(emulator):
    _set_auth(emulator, "header_only")
    assert emulator.esb("search_set", BODY)["result"] is True
    empty = {"X-Bkapi-Authorization": "{}"}
    assert emulator.error("search_set", BODY, auth=emulator.credentials(), in_body=True, headers=empty)[0] == 1306000
    params = dict(emulator.credentials(), bk_biz_id="2")
    assert emulator.session.get(_url(emulator, "search_set"), params=params).json()["code"] == 1306000


def test_params_only_ignores_the_header(emulator):
    _set_auth(emulator, "params_only")
    assert emulator.error("search_set", BODY)[0] == 1306000
    assert emulator.esb("search_set", BODY, auth=emulator.credentials(), in_body=True)["result"] is True
    wrong = {"X-Bkapi-Authorization": "{not json"}  # not even parsed
    assert emulator.esb("search_set", BODY, auth=emulator.credentials(), in_body=True, headers=wrong)["result"] is True


def test_a_reset_restores_header_first_and_an_unknown_mode_is_refused(emulator):
    _set_auth(emulator, "params_only")
    emulator.control("POST", "/reset")
    assert emulator.esb("search_set", BODY)["result"] is True
    response = emulator.session.post(emulator.url + "/__emulator__/blueking/esb/auth", json={"mode": "cookies"})
    assert response.status_code == 422


def test_the_request_log_keeps_the_query_string(emulator):
    emulator.session.get(_url(emulator, "search_set"), params={"bk_biz_id": "2", "fields": "x y"})
    emulator.esb("search_set", BODY)
    assert [(e["method"], e["query"]) for e in emulator.log()] == [("GET", "bk_biz_id=2&fields=x+y"), ("POST", "")]

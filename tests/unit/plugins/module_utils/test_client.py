# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import ssl
import time

import pytest
import requests
import responses

from ansible_collections.clusterops.platforms.plugins.module_utils import _client
from ansible_collections.clusterops.platforms.plugins.module_utils._client import (
    ApiError, Client, backoff_delay, tls_context, transport_spec,
)

URL = "https://platform.example.com"


def make_client(**kwargs):
    sleeps = []
    kwargs.setdefault("retries", 3)
    client = Client("Demo", URL, sleep=sleeps.append, **kwargs)
    return client, sleeps


@responses.activate
def test_safe_call_retries_on_retryable_statuses_then_succeeds():
    for status in (502, 503, 504):
        responses.add(responses.GET, URL + "/x", status=status)
    responses.add(responses.GET, URL + "/x", json={"ok": True})
    client, sleeps = make_client()
    assert client.request("GET", "/x", "demo.read", safe=True).json() == {"ok": True}
    assert len(responses.calls) == 4
    assert len(sleeps) == 3


@responses.activate
def test_safe_call_gives_up_after_retries_with_a_transient_error():
    responses.add(responses.GET, URL + "/x", status=503, body="gateway  busy", headers={"X-Request-Id": "r9"})
    client, sleeps = make_client(retries=2)
    with pytest.raises(ApiError) as raised:
        client.request("GET", "/x", "demo.read", safe=True)
    assert len(responses.calls) == 3 and len(sleeps) == 2
    error = raised.value
    assert error.transient and error.status == 503 and error.request_id == "r9"
    assert str(error) == "Demo demo.read failed, HTTP 503: gateway busy (request id r9)"


@pytest.mark.parametrize("body, message", [
    ({"result": False, "code": 503, "message": "component busy"}, "component busy"),  # BlueKing
    ({"error_code": "DEV.00000001", "error_msg": "system busy"}, "system busy"),  # Huawei
    ({"successful": False, "error": {"message": "try later"}}, "try later"),  # OCP
    ({"success": False, "msg": "overloaded"}, "overloaded"),  # GaussMaster
])
@responses.activate
def test_a_transient_error_gives_the_message_of_the_answer(body, message):
    responses.add(responses.POST, URL + "/x", status=503, json=body)
    with pytest.raises(ApiError) as raised:
        make_client()[0].request("POST", "/x", "demo.create", safe=False)
    assert raised.value.message == message


@pytest.mark.parametrize("status", [429, 502, 503, 504])
@responses.activate
def test_unsafe_call_is_sent_once_and_a_transient_answer_raises_for_the_caller_to_verify(status):
    responses.add(responses.POST, URL + "/x", status=status, headers={"Retry-After": "7"})
    client, sleeps = make_client()
    with pytest.raises(ApiError) as raised:
        client.request("POST", "/x", "demo.create", safe=False)
    assert len(responses.calls) == 1 and sleeps == []
    assert raised.value.transient and raised.value.status == status
    assert raised.value.retry_after == "7"


@pytest.mark.parametrize("status", [400, 404, 409, 500])
@responses.activate
def test_other_answers_are_returned_to_the_dialect_unretried(status):
    responses.add(responses.POST, URL + "/x", status=status)
    responses.add(responses.GET, URL + "/x", status=status)
    client, sleeps = make_client()
    assert client.request("POST", "/x", "demo.create", safe=False).status_code == status
    assert client.request("GET", "/x", "demo.read", safe=True).status_code == status
    assert len(responses.calls) == 2 and sleeps == []


@responses.activate
def test_unsafe_call_is_not_repeated_after_a_connection_error():
    responses.add(responses.POST, URL + "/x", body=requests.exceptions.ConnectionError("reset"))
    client, sleeps = make_client()
    with pytest.raises(ApiError, match="cannot reach the server") as raised:
        client.request("POST", "/x", "demo.create", safe=False)
    assert len(responses.calls) == 1
    assert raised.value.transient


@responses.activate
def test_safe_call_honours_retry_after():
    responses.add(responses.GET, URL + "/x", status=429, headers={"Retry-After": "7"})
    responses.add(responses.GET, URL + "/x", json={})
    client, sleeps = make_client()
    assert client.request("GET", "/x", "demo.read", safe=True).status_code == 200
    assert len(sleeps) == 1 and 6.9 <= sleeps[0] <= 7.5


@responses.activate
def test_safe_call_retries_connection_errors_then_raises_scrubbed_error():
    secret = "s3cr3t-value"
    responses.add(responses.GET, URL + "/x",
                  body=requests.exceptions.ConnectionError("refused for /x?bk_app_secret=" + secret))
    client, sleeps = make_client(retries=1, secrets=[secret])
    with pytest.raises(ApiError) as raised:
        client.request("GET", "/x", "demo.read", safe=True)
    assert len(responses.calls) == 2
    assert secret not in str(raised.value)
    assert "********" in str(raised.value)


@responses.activate
def test_zero_retries_sends_once():
    responses.add(responses.GET, URL + "/x", status=502)
    client, sleeps = make_client(retries=0)
    with pytest.raises(ApiError):
        client.request("GET", "/x", "demo.read", safe=True)
    assert len(responses.calls) == 1


@responses.activate
def test_one_session_is_reused_across_calls():
    responses.add(responses.GET, URL + "/x", json={})
    client = make_client()[0]
    session = client.session
    client.request("GET", "/x", "demo.read", safe=True)
    client.request("GET", "/x", "demo.read", safe=True)
    assert client.session is session
    assert len(responses.calls) == 2


@responses.activate
def test_timeout_is_passed_on_every_request(monkeypatch):
    seen = []
    original = requests.Session.request

    def spy(self, method, url, **kwargs):
        seen.append(kwargs.get("timeout"))
        return original(self, method, url, **kwargs)

    monkeypatch.setattr(requests.Session, "request", spy)
    responses.add(responses.GET, URL + "/x", json={})
    client = make_client(request_timeout=4.5)[0]
    client.request("GET", "/x", "demo.read", safe=True)
    assert seen == [4.5]


def test_backoff_honours_numeric_retry_after_with_a_cap_and_a_little_jitter():
    for asked, low in (("2", 2.0), ("100000", _client.MAX_RETRY_AFTER), ("-5", 0.0), ("1.5", 1.5)):
        delays = {backoff_delay(1, asked) for number in range(50)}
        assert all(low <= d <= low + 0.5 for d in delays) and len(delays) > 1
    # not a finite number: our own backoff
    for asked in ("nan", "inf", None):
        assert 0 <= backoff_delay(1, asked) <= 0.5


def test_backoff_is_jittered_and_grows_with_attempts():
    for attempt, ceiling in ((1, 0.5), (2, 1.0), (3, 2.0), (10, 8.0)):
        delays = list(map(backoff_delay, [attempt] * 200))
        assert all(0 <= d <= ceiling for d in delays)
        assert len(set(delays)) > 1
    # an HTTP-date Retry-After falls back to our own backoff
    assert 0 <= backoff_delay(1, "Wed, 21 Oct 2026 07:28:00 GMT") <= 0.5


def test_api_error_names_everything_the_operator_needs():
    error = ApiError("BlueKing", "cc.create_set", "the same set name exist", status=200,
                     code=1101108, request_id="abc123")
    assert str(error) == ("BlueKing cc.create_set failed, HTTP 200, code 1101108: "
                          "the same set name exist (request id abc123)")
    assert error.as_dict()["code"] == 1101108


def test_tls_verification_is_on_by_default():
    context = tls_context()
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname
    client = make_client()[0]
    assert client.session.tls.verify_mode == ssl.CERT_REQUIRED


def test_validate_certs_false_turns_verification_off():
    context = tls_context(validate_certs=False)
    assert context.verify_mode == ssl.CERT_NONE
    assert not context.check_hostname
    client = make_client(validate_certs=False)[0]
    assert client.session.tls.verify_mode == ssl.CERT_NONE


def test_plain_http_builds_no_tls_context():
    assert Client("Demo", "http://platform.example.com").session.tls is None


def tls_options(variables, **overrides):
    """Client options that reach the emulator's mutual-TLS port."""
    options = dict(ca_path=variables["ca_path"], client_cert=variables["dbmind_client_cert"],
                   client_key=variables["dbmind_client_key"],
                   client_key_password=variables["dbmind_client_key_password"])
    options.update(overrides)
    return {k: v for k, v in options.items() if v is not None}


def tls_call(variables, retries=0, sleep=None, **overrides):
    client = Client("Demo", variables["dbmind_url"], retries=retries, sleep=sleep or time.sleep,
                    **tls_options(variables, **overrides))
    return client.request("GET", "/__emulator__/health", "demo.health", safe=True)


def test_mutual_tls_with_an_encrypted_client_key(emulator_process):
    assert tls_call(emulator_process[0]).json() == {"ok": True}


def test_server_certificate_is_verified_against_the_system_cas_by_default(emulator_process):
    sleeps = []
    with pytest.raises(ApiError, match="CERTIFICATE_VERIFY_FAILED") as raised:
        tls_call(emulator_process[0], ca_path=None, retries=3, sleep=sleeps.append)
    assert not raised.value.transient and sleeps == []  # trying again cannot mend it: no retry


def test_validate_certs_false_accepts_an_unknown_server_certificate(emulator_process, monkeypatch):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")  # must not win
    assert tls_call(emulator_process[0], ca_path=None, validate_certs=False).status_code == 200


def test_missing_client_certificate_is_refused_by_the_server(emulator_process):
    with pytest.raises(ApiError, match="cannot reach the server"):
        tls_call(emulator_process[0], client_cert=None, client_key=None, client_key_password=None)


def test_wrong_key_passphrase_is_an_error(emulator_process):
    with pytest.raises(ssl.SSLError):
        tls_call(emulator_process[0], client_key_password="wrong")


def test_transport_spec_names_env_fallbacks_per_platform():
    spec = transport_spec("BK")
    assert spec["validate_certs"]["default"] is True
    assert spec["ca_path"]["fallback"][1] == ["BK_CA_PATH"]
    assert "default" not in spec["ca_path"]
    assert spec["retries"]["fallback"][1] == ["BK_RETRIES"]


@responses.activate
def test_a_429_pauses_every_request_of_the_run_not_only_the_refused_one():
    responses.add(responses.POST, URL + "/x", status=429, headers={"Retry-After": "3"})
    responses.add(responses.GET, URL + "/y", json={})
    client, sleeps = make_client()
    with pytest.raises(ApiError):
        client.request("POST", "/x", "demo.create", safe=False)
    assert sleeps == []
    client.request("GET", "/y", "demo.read", safe=True)  # another worker's request
    assert len(sleeps) == 1 and 2.5 <= sleeps[0] <= 3.5


def test_a_tls_context_is_built_only_for_https(monkeypatch):
    built = []
    monkeypatch.setattr(_client, "tls_context", lambda *args: built.append(args) or ssl.create_default_context())
    Client("Demo", "http://platform.example.com")
    assert built == []
    Client("Demo", URL)
    assert len(built) == 1

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The modules' own HTTP transport, against a real local HTTP/1.1 server (no mock)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ansible_collections.clusterops.platforms.plugins.module_utils._client import ApiError, Client
from ansible_collections.clusterops.platforms.plugins.module_utils._http import Session, TransportError


class Recorder(BaseHTTPRequestHandler):
    """Answers every request with what it received, as JSON, and records it with its connection."""

    protocol_version = "HTTP/1.1"
    seen = []

    def handle_one(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode()
        record = dict(target=self.path, method=self.command, body=body, connection=self.client_address[1],
                      headers={k.lower(): v for k, v in self.headers.items()})
        self.seen.append(record)
        if self.path.endswith("/stream"):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for part in (b"data: one\n\n", b"data: two\n\n"):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")
            return
        if self.path.endswith("/moved"):
            self.send_response(301)
            self.send_header("Location", "https://elsewhere.example.com/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        answer = json.dumps(record).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)
        # /drop: the server closes the connection once answered, without saying so beforehand.
        self.close_connection = self.path.endswith("/drop")

    do_GET = do_POST = do_PUT = handle_one

    def log_message(self, *args):
        pass


class Server(ThreadingHTTPServer):
    def __init__(self, *args):
        super().__init__(*args)
        self.closed = threading.Semaphore(0)  # released each time the server has closed a connection

    def shutdown_request(self, request):
        super().shutdown_request(request)
        self.closed.release()


@pytest.fixture
def server():
    Recorder.seen = []
    httpd = Server(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Recorder.server = httpd
    yield "http://127.0.0.1:%d" % httpd.server_address[1], Recorder.seen
    httpd.shutdown()
    httpd.server_close()


def test_query_json_body_auth_and_headers_are_sent_as_given(server):
    url, seen = server
    answer = Session().request("POST", url + "/api/x?fixed=1", params=dict(a="b c", skip=None, many=[1, 2]),
                               json={"name": "payments"}, auth=(b"ops", b"p:w"), headers={"Accept": "text/plain"},
                               timeout=5).json()
    assert answer["target"] == "/api/x?fixed=1&a=b+c&many=1&many=2"
    assert json.loads(answer["body"]) == {"name": "payments"}
    headers = answer["headers"]
    assert headers["content-type"] == "application/json"
    assert headers["authorization"] == "Basic b3BzOnA6dw=="  # ops:p:w
    assert headers["accept"] == "text/plain" and headers["user-agent"] == "clusterops.platforms"


def test_one_connection_is_kept_alive_across_requests(server):
    url, seen = server
    session = Session()
    for attempt in range(3):
        assert session.request("GET", url + "/x", timeout=5).ok, attempt
    assert len({r["connection"] for r in seen}) == 1


def test_a_connection_the_server_closed_is_replaced_without_an_error(server):
    url, seen = server
    session = Session()
    session.request("GET", url + "/drop", timeout=5)
    assert Recorder.server.closed.acquire(timeout=5)
    assert session.request("GET", url + "/x", timeout=5).ok
    assert len({r["connection"] for r in seen}) == 2


def test_threads_share_the_pool_and_each_gets_its_answer(server):
    url, seen = server
    session, answers = Session(pool_size=4), {}

    def fetch(number):
        answers[number] = session.request("GET", url + "/n", params=dict(n=number), timeout=5).json()["target"]

    threads = [threading.Thread(target=fetch, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == {n: "/n?n=%d" % n for n in range(16)}


def test_a_stream_arrives_in_chunks_and_frees_nothing_half_read(server):
    url, seen = server
    with Session().request("POST", url + "/stream", json={}, stream=True, timeout=5) as response:
        assert response.headers.get("content-type") == "text/event-stream"
        assert b"".join(response.iter_content()) == b"data: one\n\ndata: two\n\n"


def test_an_unreachable_server_is_a_transient_error_without_the_query(server):
    with pytest.raises(TransportError) as raised:
        Session().request("GET", "http://127.0.0.1:9/api/x", params=dict(bk_app_secret="s3cret"), timeout=5)
    assert raised.value.transient
    assert str(raised.value).startswith("GET http://127.0.0.1:9/api/x: ")
    assert "s3cret" not in str(raised.value)


def test_the_environment_proxy_is_used_for_plain_http_and_no_proxy_bypasses_it(server, monkeypatch):
    url, seen = server
    for name in ("http_proxy", "https_proxy", "no_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv("HTTP_PROXY", "http://user:pa%40ss@" + url[len("http://"):])
    answer = Session().request("GET", "http://platform.example.com/api/x", params=dict(a=1), timeout=5).json()
    assert answer["target"] == "http://platform.example.com/api/x?a=1"
    assert answer["headers"]["proxy-authorization"] == "Basic dXNlcjpwYUBzcw=="  # user:pa@ss
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    assert Session().request("GET", url + "/direct", timeout=5).json()["target"] == "/direct"


def test_a_redirect_is_not_followed_and_names_where_it_leads(server):
    url, seen = server
    with pytest.raises(ApiError, match="redirects to https://elsewhere.example.com/") as raised:
        Client("Demo", url).request("POST", "/moved", "demo.create", safe=False, json={})
    assert raised.value.status == 301 and len(seen) == 1

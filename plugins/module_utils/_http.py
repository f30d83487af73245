# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""HTTP/1.1 on the standard library: kept-alive pooled connections, TLS, environment proxies.

The modules used requests; importing it cost about 45 ms of every task, a quarter of a whole
ansible.builtin.ping task and more than the rest of what a single-object task does. The interface
is the part of requests.Session that the platforms use, so a unit test can mock it with responses.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import select
import ssl
import threading
from urllib.parse import unquote, urlencode, urlsplit

USER_AGENT = "clusterops.platforms"


class TransportError(Exception):
    """No usable answer: the server was not reached, the connection broke or a timeout passed.

    `transient` is false for what trying again cannot mend (a certificate that fails verification).
    """

    def __init__(self, message, transient=True):
        super().__init__(message)
        self.transient = transient


class Response:
    """An answer; its body is read at once unless it was asked for as a stream."""

    def __init__(self, raw, release):
        self.status_code = raw.status
        self.reason = raw.reason
        self.headers = raw.headers  # case-insensitive get()
        self.ok = raw.status < 400
        self._raw, self._release, self._content = raw, release, None

    @property
    def content(self):
        if self._content is None:
            self._content = _read(self._raw.read)
            self.close()
        return self._content

    @property
    def text(self):
        return self.content.decode(self.headers.get_content_charset() or "utf-8", "replace")

    def json(self):
        return json.loads(self.content)  # a ValueError when the body is not JSON

    def iter_content(self, chunk_size=None):
        """The body as it arrives (for server-sent events)."""
        while True:
            chunk = _read(self._raw.read1, chunk_size or 65536)
            if not chunk:
                return
            yield chunk

    def close(self):
        if self._release:
            self._release(reusable=self._content is not None and not self._raw.will_close)
            self._release = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _read(read, *args):
    try:
        return read(*args)
    except (OSError, http.client.HTTPException) as exc:
        raise TransportError("the answer broke off: %s" % (exc or type(exc).__name__)) from None


class Session:
    """Connections kept alive per origin, at most `pool_size` of them idle, shared by threads."""

    def __init__(self, tls=None, pool_size=10):
        self.tls = tls  # an ssl.SSLContext for https
        self.pool_size = pool_size
        self._idle = {}
        self._lock = threading.Lock()

    def request(self, method, url, params=None, json=None, data=None, headers=None, auth=None,
                stream=False, timeout=None):
        parts = urlsplit(url)
        target = parts.path or "/"
        query = "&".join(q for q in (parts.query, encode_query(params)) if q)
        if query:
            target += "?" + query
        sent = {"User-Agent": USER_AGENT, "Accept": "*/*"}
        if json is not None:
            data = _json_body(json)
            sent["Content-Type"] = "application/json"
        if auth:
            sent["Authorization"] = "Basic " + base64.b64encode(_bytes(auth[0]) + b":" + _bytes(auth[1])).decode()
        sent.update(headers or {})
        origin = (parts.scheme.lower(), parts.hostname, parts.port)
        address = parts.netloc.rpartition("@")[2]  # host:port, without credentials in the URL
        connection = self._connection(origin, address, timeout)
        if connection.forward_proxy:  # plain http through a proxy: the whole URL, and its credentials
            target = "http://%s%s" % (address, target)
            sent.update(_proxy_headers(connection.forward_proxy) or {})
        try:
            connection.request(method, target, body=data, headers=sent)
            raw = connection.getresponse()
        except (OSError, http.client.HTTPException) as exc:
            connection.close()
            # The address without the query string, which may carry credentials.
            where = "%s %s://%s%s" % (method, parts.scheme, address, parts.path)
            raise TransportError("%s: %s" % (where, exc or type(exc).__name__),
                                 transient=not isinstance(exc, ssl.SSLCertVerificationError)) from None

        def release(reusable):
            if reusable:
                self._give_back(origin, connection)
            else:
                connection.close()

        response = Response(raw, release)
        if not stream:
            response.content  # pylint: disable=pointless-statement  # read it, and free the connection
        return response

    def _connection(self, origin, address, timeout):
        with self._lock:
            idle = self._idle.get(origin) or []
            while idle:
                connection = idle.pop()
                if _still_open(connection):
                    connection.sock.settimeout(timeout)
                    return connection
                connection.close()
        return self._connect(origin, address, timeout)

    def _connect(self, origin, address, timeout):
        scheme, host, port = origin
        if scheme not in ("http", "https") or not host:
            raise TransportError("cannot send to %r: not an http:// or https:// URL with a host" % ("%s://%s" % (scheme, address)),
                                 transient=False)
        proxy = _proxy_for(scheme, address)
        forward_proxy = None
        if scheme == "https":
            context = self.tls or ssl.create_default_context()
            if proxy:
                connection = http.client.HTTPSConnection(proxy.hostname, proxy.port or 80, timeout=timeout,
                                                         context=context)
                connection.set_tunnel(host, port or 443, headers=_proxy_headers(proxy))
            else:
                connection = http.client.HTTPSConnection(host, port, timeout=timeout, context=context)
        elif proxy:
            connection = http.client.HTTPConnection(proxy.hostname, proxy.port or 80, timeout=timeout)
            forward_proxy = proxy
        else:
            connection = http.client.HTTPConnection(host, port, timeout=timeout)
        connection.forward_proxy = forward_proxy
        return connection

    def _give_back(self, origin, connection):
        with self._lock:
            idle = self._idle.setdefault(origin, [])
            if len(idle) < self.pool_size:
                idle.append(connection)
                return
        connection.close()

    def close(self):
        with self._lock:
            for idle in self._idle.values():
                for connection in idle:
                    connection.close()
            self._idle.clear()


def encode_query(params):
    """A query string as requests makes it: None values left out, lists repeated."""
    if not params:
        return ""
    pairs = []
    for key, value in params.items():
        for item in value if isinstance(value, (list, tuple)) else [value]:
            if item is not None:
                pairs.append((key, item))
    return urlencode(pairs)


def _json_body(value):
    return json.dumps(value, allow_nan=False).encode()


def _bytes(text):
    return text if isinstance(text, bytes) else text.encode("latin-1")


def _still_open(connection):
    """False when the server closed a kept-alive connection (it reads as ready: end of file)."""
    if connection.sock is None:
        return False
    try:
        readable = select.select([connection.sock], [], [], 0)[0]
    except (OSError, ValueError):
        return False
    return not readable


def _proxy_for(scheme, address):
    """The proxy the environment names for this origin (HTTPS_PROXY, HTTP_PROXY, NO_PROXY), as
    requests and curl read it."""
    if not any(name.lower().endswith("_proxy") for name in os.environ):
        return None
    import urllib.request  # pylint: disable=import-outside-toplevel  # 2 ms of every task, only needed here
    proxy = urllib.request.getproxies_environment().get(scheme)
    if not proxy or urllib.request.proxy_bypass_environment(address):
        return None
    return urlsplit(proxy if "://" in proxy else "http://" + proxy)


def _proxy_headers(proxy):
    if proxy.username is None:
        return None
    credentials = "%s:%s" % (unquote(proxy.username), unquote(proxy.password or ""))
    return {"Proxy-Authorization": "Basic " + base64.b64encode(credentials.encode()).decode()}

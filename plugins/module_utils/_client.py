# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""HTTP transport shared by every platform: one session, TLS, timeouts, retries, errors."""

from __future__ import annotations

import math
import random
import re
import ssl
import threading
import time
from urllib.parse import urlsplit

from ansible_collections.clusterops.platforms.plugins.module_utils._arguments import env_fallback
from ansible_collections.clusterops.platforms.plugins.module_utils._http import Session, TransportError
from ansible_collections.clusterops.platforms.plugins.module_utils._masking import mask_text

RETRY_STATUSES = frozenset((429, 502, 503, 504))
MAX_RETRY_AFTER = 60.0
POOL_SIZE = 32  # the most writers a list form runs at once

# As amazon.aws's jittered backoff: a gateway that fails one request in three still converges.
DEFAULT_RETRIES = 10
TRANSPORT_OPTIONS = ("validate_certs", "ca_path", "request_timeout", "retries")
MAX_TIMEOUT = 3600  # seconds, for one HTTP request
MAX_RETRIES = 100
HEADER_TEXT = re.compile(r"^[\x21-\x7e]+$")


def transport_spec(env_prefix):
    """The TLS, timeout and retry options, each with a `<env_prefix>_<OPTION>` env fallback."""
    types = dict(validate_certs=("bool", True), ca_path=("path", None),
                 request_timeout=("float", 30.0), retries=("int", DEFAULT_RETRIES))
    spec = {}
    for name, (kind, default) in types.items():
        spec[name] = dict(type=kind, fallback=(env_fallback, ["%s_%s" % (env_prefix, name.upper())]))
        if default is not None:
            spec[name]["default"] = default
    return spec


def transport_options(params):
    return {name: params[name] for name in TRANSPORT_OPTIONS}


def transport_problem(params):
    """What makes the transport options, or a platform URL (every option named *_url), unusable."""
    timeout, retries = params["request_timeout"], params["retries"]
    if not (math.isfinite(timeout) and 0 < timeout <= MAX_TIMEOUT):
        return "request_timeout must be a number of seconds greater than 0 and at most %d, got %s" % (MAX_TIMEOUT, timeout)
    if not 0 <= retries <= MAX_RETRIES:
        return "retries must be between 0 and %d, got %d" % (MAX_RETRIES, retries)
    for option in sorted(params):
        if option.endswith("_url") and params[option] is not None:
            problem = url_problem(option, params[option])
            if problem:
                return problem
    return None


def url_problem(option, url):
    """Why `url` cannot be the base URL of a platform."""
    if not re.match(r"^https?://[^/?#]", url, re.IGNORECASE):
        return "%s must be an http:// or https:// URL with a host name, got %r" % (option, url)
    if re.search(r"[\x00-\x20\x7f]", url):
        return "%s must not contain spaces or control characters, got %r" % (option, url)
    try:
        parts = urlsplit(url)
        parts.port  # pylint: disable=pointless-statement  # raises ValueError for a port that is not one
        if not parts.hostname:
            raise ValueError("no host name")
        parts.hostname.encode("idna")
    except (ValueError, UnicodeError) as exc:
        return "%s is not a valid URL: %s" % (option, exc or type(exc).__name__)
    return None


def header_problem(params, options):
    """Why one of `options`, each sent in an HTTP header, cannot be sent; its value is never shown."""
    for option in options:
        if params.get(option) and not HEADER_TEXT.match(params[option]):
            return "%s must be printable ASCII without spaces (it is sent in an HTTP header)" % option
    return None


class ApiError(Exception):
    """A failed platform call, with everything an operator needs and no secret."""

    def __init__(self, platform, operation, message, status=None, code=None, request_id=None,
                 transient=False, retry_after=None):
        self.platform = platform
        self.operation = operation
        self.message = message
        self.status = status
        self.code = code
        self.request_id = request_id
        # A transient fault (no answer, or 429/502/503/504): a write's outcome is unknown.
        self.transient = transient
        self.retry_after = retry_after
        super().__init__(self.describe())

    def describe(self):
        parts = [f"{self.platform} {self.operation} failed"]
        if self.status is not None:
            parts.append(f"HTTP {self.status}")
        if self.code is not None:
            parts.append(f"code {self.code}")
        text = ", ".join(parts) + f": {self.message}"
        if self.request_id:
            text += f" (request id {self.request_id})"
        return text

    def as_dict(self):
        return dict(platform=self.platform, operation=self.operation, status=self.status,
                    code=self.code, message=self.message, request_id=self.request_id)


def tls_context(validate_certs=True, ca_path=None, client_cert=None, client_key=None,
                client_key_password=None):
    context = ssl.create_default_context(cafile=ca_path)
    if not validate_certs:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    if client_cert:
        context.load_cert_chain(client_cert, client_key, password=client_key_password)
    return context


def backoff_delay(attempt, retry_after=None, base=0.5, cap=8.0):
    """Seconds to wait before retry number `attempt` (1-based).

    The server's numeric Retry-After (capped) plus up to `base` seconds, so that clients told the
    same time do not all come back at once; otherwise jittered exponential backoff.
    """
    try:
        asked = float(retry_after)
    except (TypeError, ValueError):
        asked = None  # none given, or an HTTP date: our own backoff
    if asked is not None and math.isfinite(asked):
        return min(max(asked, 0.0), MAX_RETRY_AFTER) + random.uniform(0, base)
    return random.uniform(0, min(cap, base * 2 ** (attempt - 1)))


class OptionsError(Exception):
    """An option a plugin was given cannot be used (what fails a module through fail_json)."""


class PluginOptions:
    """What connect() and the dialects use of an AnsibleModule, for a controller plugin such as an
    inventory: its options as `params`, and fail_json() raising OptionsError instead of exiting."""

    def __init__(self, params):
        self.params = params

    def fail_json(self, msg, **result):
        raise OptionsError(msg)


def connect(module, platform, base_url, secrets=(), **tls):
    """A Client for a module (or a PluginOptions), failing it cleanly when it cannot be made."""
    problem = transport_problem(module.params)
    if problem:
        module.fail_json(msg=problem)
    try:
        return Client(platform, base_url, secrets=secrets, **tls, **transport_options(module.params))
    except (ssl.SSLError, OSError, ValueError) as exc:
        module.fail_json(msg="%s: cannot load the TLS files (ca_path, client certificate or key, "
                             "key passphrase): %s" % (platform, exc))


class Client:
    """One session per module run. `secrets` are scrubbed from every error it raises."""

    def __init__(self, platform, base_url, validate_certs=True, ca_path=None, request_timeout=30.0,
                 retries=DEFAULT_RETRIES, client_cert=None, client_key=None, client_key_password=None,
                 secrets=(), sleep=time.sleep):
        self.platform = platform
        self.base_url = base_url.rstrip("/")
        self.timeout = request_timeout
        self.retries = max(retries, 0)
        self.secrets = [s for s in secrets if s]
        self._sleep = sleep
        self._paused_until = 0.0  # after a 429, every thread of this run waits until then
        self._lock = threading.Lock()
        context = None
        if self.base_url.lower().startswith("https://"):  # building a TLS context costs ~20 ms: only when used
            context = tls_context(validate_certs, ca_path, client_cert, client_key, client_key_password)
        # As many kept-alive connections as a list form runs writers, so none is opened twice.
        self.session = Session(tls=context, pool_size=POOL_SIZE)

    def scrub(self, text):
        return mask_text(text, self.secrets)

    def request(self, method, path, operation, safe, **kwargs):
        """Send one call and return its answer; a transient fault raises a transient ApiError.

        Safe calls (reads, and writes the API makes idempotent) are retried first. An unsafe
        call is sent once: only the caller can re-read to learn whether it landed.
        """
        attempt = 0
        while True:
            attempt += 1
            self._wait_out_pause()
            try:
                response = self.session.request(method, self.base_url + path, timeout=self.timeout, **kwargs)
            except TransportError as exc:
                fault = ApiError(self.platform, operation, self.scrub(f"cannot reach the server: {exc}"),
                                 transient=exc.transient)
                if not exc.transient:
                    raise fault from None
            else:
                if 300 <= response.status_code < 400:
                    raise ApiError(self.platform, operation, "the server redirects to %s; use that URL (redirects "
                                   "are not followed, so credentials go nowhere else)"
                                   % response.headers.get("Location"), status=response.status_code)
                if response.status_code not in RETRY_STATUSES:
                    return response
                fault = self._fault(operation, response)
            delay = backoff_delay(attempt, fault.retry_after)
            if fault.status == 429:
                self._pause(delay)  # waited out before the next request of any thread
            if not safe or attempt > self.retries:
                raise fault
            if fault.status != 429:
                self._sleep(delay)

    def _pause(self, seconds):
        """A 429 slows every thread of this run down, not only the one that got it."""
        with self._lock:
            self._paused_until = max(self._paused_until, time.monotonic() + seconds)

    def _wait_out_pause(self):
        wait = self._paused_until - time.monotonic()
        if wait > 0:
            self._sleep(wait)

    def _fault(self, operation, response):
        """A transient ApiError for a 429/502/503/504 answer, with the message the answer gives."""
        try:
            body = response.json()
        except ValueError:
            body = None
        text = None
        if isinstance(body, dict):
            nested = body.get("error") if isinstance(body.get("error"), dict) else {}
            text = body.get("message") or body.get("msg") or body.get("error_msg") or nested.get("message")
        text = " ".join(str(text or response.text[:200]).split())
        return ApiError(self.platform, operation, self.scrub(text or response.reason or "no answer"),
                        status=response.status_code, transient=True,
                        retry_after=response.headers.get("Retry-After"),
                        request_id=response.headers.get("X-Request-Id"))

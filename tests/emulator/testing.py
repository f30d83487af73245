# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Start and stop the emulator as a real process, and talk to it, for tests."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests
import yaml

ROOT = Path(__file__).resolve().parents[2]
ESB = "/api/c/compapi/v2/cc/"
# Seconds the emulator may take to start; EMULATOR_READY_TIMEOUT, as for scripts/with-emulator (a busy machine needs more).
READY_TIMEOUT = float(os.environ.get("EMULATOR_READY_TIMEOUT") or 30)
STOP_TIMEOUT = 15


def free_ports(count):
    """`count` distinct free TCP ports on 127.0.0.1 (held open together while choosing)."""
    with contextlib.ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for number in range(count)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]


@contextlib.contextmanager
def running_emulator(tmp_path, state=None, tls_dir=None):
    """Run the emulator with its files under `tmp_path`; yields (vars dict, subprocess.Popen).

    On exit it is stopped with SIGTERM (killed if it does not stop in time); the caller can check
    process.returncode afterwards. `state` is a --state file, `tls_dir` a TLS directory to reuse.
    """
    tmp_path = Path(tmp_path)
    tmp_path.mkdir(parents=True, exist_ok=True)
    port, tls_port = free_ports(2)
    vars_file = tmp_path / "vars.yml"
    command = [sys.executable, "-m", "tests.emulator", "--port", str(port), "--tls-port", str(tls_port),
               "--tls-dir", str(tls_dir or tmp_path / "tls"), "--vars-file", str(vars_file)]
    if state:
        command += ["--state", str(state)]
    log_path = tmp_path / "emulator.log"
    with open(log_path, "ab") as log:
        process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield _wait_for_vars(process, vars_file, log_path), process
    finally:
        stop(process)


def stop(process):
    """SIGTERM, then SIGKILL after STOP_TIMEOUT; returns the exit status."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


def _wait_for_vars(process, vars_file, log_path):
    deadline = time.monotonic() + READY_TIMEOUT
    while not vars_file.exists():
        if process.poll() is not None:
            raise RuntimeError("the emulator exited with %s before it was ready:\n%s"
                               % (process.returncode, log_path.read_text(errors="replace")))
        if time.monotonic() > deadline:
            raise RuntimeError("the emulator was not ready within %gs:\n%s"
                               % (READY_TIMEOUT, log_path.read_text(errors="replace")))
        time.sleep(0.05)
    return yaml.safe_load(vars_file.read_text(encoding="utf-8"))


class EmulatorClient:
    """The running emulator as tests use it: ESB calls, the control API, and its connection options."""

    def __init__(self, variables):
        self.vars = variables
        self.url = variables["emulator_url"]
        self.session = requests.Session()

    def credentials(self, **overrides):
        auth = {key: self.vars[key] for key in ("bk_app_code", "bk_app_secret", "bk_username")}
        auth.update(overrides)
        return {key: value for key, value in auth.items() if value is not None}

    def esb(self, component, body=None, auth=None, in_body=False, headers=None):
        """POST a cc component; credentials in the X-Bkapi-Authorization header, or in the body."""
        auth = self.credentials() if auth is None else auth
        body = dict(body or {})
        headers = dict(headers or {})
        if in_body:
            body.update(auth)
        else:
            headers.setdefault("X-Bkapi-Authorization", json.dumps(auth))
        response = self.session.post(self.vars["bk_url"] + ESB + component + "/", json=body, headers=headers,
                                     timeout=10)
        assert response.status_code == 200, response.text
        return response.json()

    def ok(self, component, body=None):
        """The data of a successful call."""
        envelope = self.esb(component, body)
        assert envelope["result"] is True and envelope["code"] == 0, envelope
        return envelope["data"]

    def error(self, component, body=None, **kwargs):
        """(code, message) of a failed call."""
        envelope = self.esb(component, body, **kwargs)
        assert envelope["result"] is False and envelope["data"] is None, envelope
        return envelope["code"], envelope["message"]

    def control(self, method, path, **kwargs):
        response = self.session.request(method, self.url + "/__emulator__" + path, timeout=10, **kwargs)
        response.raise_for_status()
        return response.json()

    def log(self):
        return self.control("GET", "/requests")["requests"]

    def add_fault(self, **spec):
        return self.control("POST", "/faults", json=spec)

    def sets(self, biz_id):
        return self.ok("search_set", {"bk_biz_id": biz_id, "fields": []})["info"]

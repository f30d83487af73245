# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The process contract: the vars file, the TLS files, the state file across a restart, exit on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from tests.emulator import blueking
from tests.emulator.testing import ROOT, EmulatorClient, free_ports, running_emulator

VARS_KEYS = ["bk_url", "bk_app_code", "bk_app_secret", "bk_username", "bk_token", "hw_region", "codearts_url", "iam_url",
             "codearts_project_id", "hw_user_name", "hw_password", "hw_domain_name", "hw_access_key", "hw_secret_key",
             "hw_auth_token", "ocp_url", "ocp_username", "ocp_password", "ocp_access_key_id", "ocp_access_key_secret",
             "emulator_url", "dbmind_url", "dbmind_client_cert", "dbmind_client_key",
             "dbmind_client_key_password", "ca_path"]


def test_vars_file_has_the_connection_options(emulator_process, tmp_path_factory):
    variables, process = emulator_process
    assert list(variables) == VARS_KEYS
    port = int(variables["bk_url"].rsplit(":", 1)[1])
    tls_port = int(variables["dbmind_url"].rsplit(":", 1)[1])
    assert variables["bk_url"] == variables["emulator_url"] == "http://127.0.0.1:%d" % port
    assert variables["dbmind_url"] == "https://127.0.0.1:%d" % tls_port
    assert tls_port != port
    assert variables["bk_app_code"] == "clusterops"
    assert variables["bk_username"] == "admin"
    assert len(variables["bk_app_secret"]) >= 32 and len(variables["bk_token"]) >= 32
    assert variables["bk_app_secret"] != variables["bk_token"]
    for key in ("dbmind_client_cert", "dbmind_client_key", "ca_path"):
        assert os.path.isabs(variables[key]) and os.path.isfile(variables[key]), key
    assert process.poll() is None


def test_tls_files_are_generated_and_the_client_key_is_encrypted(emulator_process):
    variables = emulator_process[0]
    tls_dir = os.path.dirname(variables["ca_path"])
    assert sorted(os.listdir(tls_dir)) == ["ca.pem", "client-key.pass", "client-key.pem", "client.pem",
                                           "server-key.pem", "server.pem"]
    with open(os.path.join(tls_dir, "client-key.pass")) as stream:
        assert stream.read().strip() == variables["dbmind_client_key_password"]
    with open(variables["dbmind_client_key"], "rb") as stream:
        key_pem = stream.read()
    assert b"ENCRYPTED PRIVATE KEY" in key_pem
    with pytest.raises(TypeError):  # no password
        serialization.load_pem_private_key(key_pem, None)
    serialization.load_pem_private_key(key_pem, variables["dbmind_client_key_password"].encode())

    with open(os.path.join(tls_dir, "server.pem"), "rb") as stream:
        server = x509.load_pem_x509_certificate(stream.read())
    names = server.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.DNSName) == ["localhost"]
    assert sorted(str(ip) for ip in names.get_values_for_type(x509.IPAddress)) == ["127.0.0.1", "::1"]
    with open(variables["ca_path"], "rb") as stream:
        ca = x509.load_pem_x509_certificate(stream.read())
    server.verify_directly_issued_by(ca)


def test_state_file_keeps_credentials_and_data_across_a_restart(tmp_path):
    state = tmp_path / "state.json"
    with running_emulator(tmp_path / "first", state=state) as (first_vars, first):
        client = EmulatorClient(first_vars)
        created = client.ok("create_set", {"bk_biz_id": 2, "data": {"bk_parent_id": 2, "bk_set_name": "kept"}})
        # saved after each write, not only at shutdown
        assert created in json.loads(state.read_text())["data"]["blueking"]["sets"]
        module = client.ok("create_module", {"bk_biz_id": 2, "bk_set_id": created["bk_set_id"],
                                             "data": {"bk_module_name": "kept"}})
        (host_id,) = client.control("POST", "/blueking/cmdb/hosts", json={
            "bk_biz_id": 2, "bk_module_id": module["bk_module_id"],
            "hosts": [{"bk_host_innerip": "192.0.2.9"}]})["bk_host_ids"]
        saved = json.loads(state.read_text())["data"]["blueking"]
        assert saved["hosts"][str(host_id)]["bk_host_innerip"] == "192.0.2.9"
        assert saved["host_modules"][str(host_id)] == [module["bk_module_id"]]
    assert first.returncode == 0
    assert json.loads(state.read_text())["credentials"]["blueking"]["bk_app_secret"] == first_vars["bk_app_secret"]

    with running_emulator(tmp_path / "second", state=state, tls_dir=tmp_path / "first" / "tls") as started:
        second_vars = started[0]
        assert second_vars["bk_app_secret"] == first_vars["bk_app_secret"]
        assert second_vars["bk_token"] == first_vars["bk_token"]
        assert second_vars["dbmind_client_key_password"] == first_vars["dbmind_client_key_password"]
        client = EmulatorClient(second_vars)
        assert [s for s in client.sets(2) if s["bk_set_name"] == "kept"] == [created]
        assert client.error("delete_set", {"bk_biz_id": 2, "bk_set_id": created["bk_set_id"]})[0] == 1101030
        # A reset restores the seed but keeps the credentials the vars file holds.
        client.control("POST", "/reset")
        assert [s["bk_set_name"] for s in client.sets(2)] == ["空闲机池"]
        assert client.esb("search_set", {"bk_biz_id": 2})["result"] is True
        again = client.ok("create_set", {"bk_biz_id": 2, "data": {"bk_parent_id": 2, "bk_set_name": "new"}})
    saved = json.loads(state.read_text())["data"]["blueking"]
    assert [s["bk_set_name"] for s in saved["sets"] if s["bk_biz_id"] == 2] == ["空闲机池", "new"]
    assert again["bk_set_id"] == 6


def test_a_state_saved_before_modules_and_hosts_gets_the_built_in_topology(tmp_path):
    old = blueking.seed()
    for key in ("modules", "next_module_id", "host_modules", "module_hosts", "next_host_id", "topology"):
        del old[key]
    old["businesses"].append(dict(old["businesses"][1], bk_biz_id=5, bk_biz_name="late"))
    old["sets"].append(dict(old["sets"][1], bk_set_id=6, bk_set_name="busy", default=0))
    old["next_set_id"] = 7
    old["hosts"] = {"6": 2}  # the host count per set of the old hook
    state = tmp_path / "state.json"
    state.write_text(json.dumps({"data": {"blueking": old}}), encoding="utf-8")
    with running_emulator(tmp_path / "run", state=state) as started:
        client = EmulatorClient(started[0])
        internal = client.ok("get_biz_internal_module", {"bk_biz_id": 2})
        assert [(m["bk_module_name"], m["default"]) for m in internal["module"]] == [
            ("空闲机", 1), ("故障机", 2), ("待回收", 3)]
        late = client.ok("get_biz_internal_module", {"bk_biz_id": 5})
        assert (late["bk_set_id"], late["bk_set_name"], len(late["module"])) == (7, "空闲机池", 3)
        assert client.ok("list_hosts_without_biz", {"page": {"start": 0, "limit": 10}}) == {"count": 0, "info": []}
        assert client.esb("delete_set", {"bk_biz_id": 2, "bk_set_id": 6})["result"] is True
    saved = json.loads(state.read_text())["data"]["blueking"]
    assert saved["topology"] == 1 and len(saved["modules"]) == 15


def test_a_fresh_state_gets_fresh_credentials(tmp_path):
    with running_emulator(tmp_path / "a") as started:
        first = started[0]
    with running_emulator(tmp_path / "b") as started:
        second = started[0]
    assert first["bk_app_secret"] != second["bk_app_secret"]
    assert first["bk_token"] != second["bk_token"]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_the_process_exits_0_on_sigterm_and_sigint(tmp_path, sig):
    with running_emulator(tmp_path) as started:
        process = started[1]
        process.send_signal(sig)
        assert process.wait(15) == 0


def test_a_busy_port_is_a_startup_failure(tmp_path):
    (tls_port,) = free_ports(1)
    with running_emulator(tmp_path / "first") as started:
        busy = int(started[0]["bk_url"].rsplit(":", 1)[1])
        command = [sys.executable, "-m", "tests.emulator", "--port", str(busy), "--tls-port", str(tls_port),
                   "--tls-dir", str(tmp_path / "tls"), "--vars-file", str(tmp_path / "vars.yml")]
        result = subprocess.run(command, cwd=ROOT, capture_output=True, timeout=30, check=False)
    assert result.returncode != 0
    assert not (tmp_path / "vars.yml").exists()

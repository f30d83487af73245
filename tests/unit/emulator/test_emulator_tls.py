# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The HTTPS port: mutual TLS with the generated CA, server and (encrypted-key) client certificates."""

from __future__ import annotations

import datetime
import http.client
import json
import os
import socket
import ssl
from urllib.parse import urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.emulator import tls


def _context(variables, with_cert=True, maximum=None):
    context = ssl.create_default_context(cafile=variables["ca_path"])
    if with_cert:
        context.load_cert_chain(variables["dbmind_client_cert"], variables["dbmind_client_key"],
                                password=variables["dbmind_client_key_password"])
    if maximum:
        context.maximum_version = maximum
    return context


def _get(variables, context, path="/__emulator__/health", host=None):
    url = urlsplit(variables["dbmind_url"])
    connection = http.client.HTTPSConnection(host or url.hostname, url.port, context=context, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("maximum", [None, ssl.TLSVersion.TLSv1_2])
def test_the_client_certificate_with_its_encrypted_key_gets_in(emulator_process, maximum):
    variables = emulator_process[0]
    status, body = _get(variables, _context(variables, maximum=maximum))
    assert (status, json.loads(body)) == (200, {"ok": True})


def test_the_server_certificate_matches_localhost(emulator_process):
    variables = emulator_process[0]
    assert _get(variables, _context(variables), host="localhost")[0] == 200


@pytest.mark.parametrize("maximum", [None, ssl.TLSVersion.TLSv1_2])
def test_without_a_client_certificate_the_server_refuses(emulator_process, maximum):
    variables = emulator_process[0]
    with pytest.raises((ssl.SSLError, ConnectionError)):
        _get(variables, _context(variables, with_cert=False, maximum=maximum))


def test_a_certificate_from_another_ca_is_refused(emulator_process, tmp_path):
    variables = emulator_process[0]
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "stranger")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1)).sign(key, hashes.SHA256()))
    (tmp_path / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                         serialization.NoEncryption()))
    context = _context(variables, with_cert=False)
    context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    with pytest.raises((ssl.SSLError, ConnectionError)):
        _get(variables, context)


def test_the_client_key_needs_its_password(emulator_process):
    variables = emulator_process[0]
    context = ssl.create_default_context(cafile=variables["ca_path"])
    with pytest.raises(ssl.SSLError):
        context.load_cert_chain(variables["dbmind_client_cert"], variables["dbmind_client_key"], password="wrong")


def test_the_https_port_serves_the_same_app(emulator_process):
    variables = emulator_process[0]
    status, body = _get(variables, _context(variables), path="/__emulator__/requests?since=999999")
    assert (status, json.loads(body)) == (200, {"requests": []})


def test_the_server_context_requires_tls_1_2_and_a_client_certificate(emulator_process):
    variables = emulator_process[0]
    context = tls.server_context(tls.TlsFiles.in_directory(os.path.dirname(variables["ca_path"])))
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.minimum_version == ssl.TLSVersion.TLSv1_2


def test_plain_http_on_the_tls_port_gets_no_answer(emulator_process):
    variables = emulator_process[0]
    url = urlsplit(variables["dbmind_url"])
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        sock.sendall(b"GET /__emulator__/health HTTP/1.1\r\nHost: x\r\n\r\n")
        try:
            answer = sock.recv(1024)
        except ConnectionError:
            answer = b""
    assert b"200 OK" not in answer and b'"ok"' not in answer


def test_tls_files_are_reused(tmp_path):
    first = tls.ensure_files(tmp_path)
    before = {path: path.read_bytes() for path in first.paths()}
    second = tls.ensure_files(tmp_path)
    assert {path: path.read_bytes() for path in second.paths()} == before
    first.client_cert.unlink()
    third = tls.ensure_files(tmp_path)
    assert third.ca.read_bytes() != before[first.ca]

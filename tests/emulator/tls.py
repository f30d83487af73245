# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulator's private CA, its server certificate and a client certificate, and the TLS policy."""

from __future__ import annotations

import datetime
import ipaddress
import os
import secrets
import ssl
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

VALIDITY = datetime.timedelta(days=3650)


@dataclass(frozen=True)
class TlsFiles:
    ca: Path
    server_cert: Path
    server_key: Path
    client_cert: Path
    client_key: Path
    client_key_password_file: Path

    @classmethod
    def in_directory(cls, directory):
        directory = Path(directory).resolve()
        return cls(*(directory / name for name in (
            "ca.pem", "server.pem", "server-key.pem", "client.pem", "client-key.pem", "client-key.pass")))

    @property
    def client_key_password(self):
        return self.client_key_password_file.read_text().strip()

    def paths(self):
        return [self.ca, self.server_cert, self.server_key, self.client_cert, self.client_key,
                self.client_key_password_file]


def ensure_files(directory):
    """The TLS files in `directory`, generated unless all of them are already there."""
    files = TlsFiles.in_directory(directory)
    if not all(path.exists() for path in files.paths()):
        _generate(files)
    return files


def server_context(files):
    """TLS 1.2 or later, and a client certificate signed by the emulator's CA is required."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(files.server_cert, files.server_key)
    context.load_verify_locations(files.ca)
    context.verify_mode = ssl.CERT_REQUIRED
    return context


def _generate(files):
    files.ca.parent.mkdir(parents=True, exist_ok=True)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name("clusterops emulator CA")
    ca_cert = (
        _builder(ca_name, ca_name, ca_key.public_key())
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(cert_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    server_names = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                    x509.IPAddress(ipaddress.ip_address("::1"))]
    server_key, server_cert = _leaf(ca_key, ca_cert, "localhost", ExtendedKeyUsageOID.SERVER_AUTH, server_names)
    client_key, client_cert = _leaf(ca_key, ca_cert, "clusterops-client", ExtendedKeyUsageOID.CLIENT_AUTH)
    password = secrets.token_urlsafe(24)

    _write(files.ca, _pem(ca_cert))
    _write(files.server_cert, _pem(server_cert))
    _write(files.server_key, _key_pem(server_key, serialization.NoEncryption()), private=True)
    _write(files.client_cert, _pem(client_cert))
    _write(files.client_key, _key_pem(client_key, serialization.BestAvailableEncryption(password.encode())),
           private=True)
    _write(files.client_key_password_file, password.encode(), private=True)


def _leaf(ca_key, ca_cert, common_name, usage, alt_names=None):
    key = ec.generate_private_key(ec.SECP256R1())
    builder = (
        _builder(_name(common_name), ca_cert.subject, key.public_key())
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(), critical=True)
        .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
    )
    if alt_names:
        builder = builder.add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
    return key, builder.sign(ca_key, hashes.SHA256())


def _builder(subject, issuer, public_key):
    now = datetime.datetime.now(datetime.timezone.utc)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + VALIDITY)
    )


def _name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _key_usage(cert_sign=False):
    return x509.KeyUsage(
        digital_signature=True, content_commitment=False, key_encipherment=False, data_encipherment=False,
        key_agreement=False, key_cert_sign=cert_sign, crl_sign=cert_sign, encipher_only=False,
        decipher_only=False)


def _pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM)


def _key_pem(key, encryption):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)


def _write(path, content, private=False):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if private else 0o644)
    with os.fdopen(fd, "wb") as stream:
        stream.write(content)

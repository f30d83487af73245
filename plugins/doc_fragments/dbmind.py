# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:

    DOCUMENTATION = r"""
options:
  dbmind_url:
    description:
      - Base URL of GaussMaster, the openGauss DBMind intelligent O&M service, for example
        C(https://gaussmaster.example.com:8080). Calls go to C(<dbmind_url>/v1/api/...).
      - It must be an C(http://) or C(https://) URL with a host name.
      - If not set, the value of the E(DBMIND_URL) environment variable is used.
    type: str
    required: true
  dbmind_client_cert:
    description:
      - The client certificate (PEM) for GaussMaster's two-way TLS.
      - If not set, the value of the E(DBMIND_CLIENT_CERT) environment variable is used.
    type: path
    required: true
  dbmind_client_key:
    description:
      - The private key (PEM) of O(dbmind_client_cert), possibly encrypted.
      - If not set, the value of the E(DBMIND_CLIENT_KEY) environment variable is used.
    type: path
    required: true
  dbmind_client_key_password:
    description:
      - The passphrase of an encrypted O(dbmind_client_key), at most 1024 bytes (OpenSSL's limit).
      - If not set, the value of the E(DBMIND_CLIENT_KEY_PASSWORD) environment variable is used.
    type: str
  ca_path:
    description:
      - A PEM file of CA certificates to verify GaussMaster's certificate with, instead of the system's.
      - If not set, the value of the E(DBMIND_CA_PATH) environment variable is used.
    type: path
  validate_certs:
    description:
      - Whether to verify GaussMaster's certificate. Only turn this off for test systems.
      - If not set, the value of the E(DBMIND_VALIDATE_CERTS) environment variable is used.
    type: bool
    default: true
  request_timeout:
    description:
      - Seconds to wait for each HTTP request (for a stream, for each part of it), greater than 0
        and at most 3600.
      - If not set, the value of the E(DBMIND_REQUEST_TIMEOUT) environment variable is used.
    type: float
    default: 30
  retries:
    description:
      - How many times a request is sent again after a transient fault (a connection error, a
        timeout, a dropped answer, or an HTTP 429, 502, 503 or 504 answer). The waits between
        tries grow with jittered exponential backoff (up to 8 seconds) and honour C(Retry-After).
      - A read is simply sent again. A write (create, update, delete, register) is sent again
        only after a re-read shows that it did not land, so it is never applied twice; when the
        re-read shows it did land, the module reports the change with a warning.
      - A refusal by the platform (any other error) is never retried.
      - Between 0 and 100.
      - If not set, the value of the E(DBMIND_RETRIES) environment variable is used.
    type: int
    default: 10
notes:
  - Text options (type C(str)) take text only. A boolean, a decimal number, a list or a dict is
    refused rather than turned into text, so quote a value such as V(yes), V(on) or V(7.10) that
    is meant as text.
  - GaussMaster authenticates clients by their TLS certificate only; it has no login or token.
  - All options of this fragment can be given once for every DBMind module with the
    C(group/clusterops.platforms.dbmind) action group in C(module_defaults).
"""

    SESSION = r"""
options:
  user_id:
    description: The GaussMaster user, 2 to 120 letters, digits or V(_).
    type: str
  session_id:
    description: The user's session, 2 to 120 letters, digits or V(_).
    type: str
"""

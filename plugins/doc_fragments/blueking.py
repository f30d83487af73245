# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:

    # The connection options, of the modules and of the inventory plugin clusterops.platforms.cmdb.
    # (The notes only the modules need are in clusterops.platforms.attributes.BLUEKING.)
    DOCUMENTATION = r"""
options:
  bk_url:
    description:
      - Base URL of the BlueKing PaaS that serves the ESB component API, for example
        C(https://paas.example.com). Calls go to C(<bk_url>/api/c/compapi/v2/...).
      - It must be an C(http://) or C(https://) URL with a host name.
      - If not set, the value of the E(BK_URL) environment variable is used.
    type: str
    required: true
  bk_app_code:
    description:
      - The BlueKing application code (C(bk_app_code)) the calls are made as.
      - If not set, the value of the E(BK_APP_CODE) environment variable is used.
    type: str
    required: true
  bk_app_secret:
    description:
      - The secret of O(bk_app_code).
      - If not set, the value of the E(BK_APP_SECRET) environment variable is used.
    type: str
    required: true
  bk_username:
    description:
      - The user the calls are made for. The application must be allowed to skip user
        authentication (the ESB login-free whitelist).
      - One of O(bk_username) and O(bk_token) is required.
      - If not set, the value of the E(BK_USERNAME) environment variable is used.
    type: str
  bk_token:
    description:
      - A BlueKing login token (the C(bk_token) cookie of a signed-in user). Checked before
        O(bk_username) by the ESB.
      - If not set, the value of the E(BK_TOKEN) environment variable is used.
    type: str
  bk_credentials_in:
    description:
      - Where the credentials (O(bk_app_code), O(bk_app_secret), O(bk_username), O(bk_token)) are
        sent.
      - V(header) sends them only in the C(X-Bkapi-Authorization) header, as JSON. The ESB of
        current BlueKing releases (the one shipped with the BlueKing API gateway, and the PaaS 2
        C(paas2) ESB) reads that header first and reads no parameter when it is there; the BlueKing
        API gateway reads it too, and the C(bk-cmdb) and C(bk-monitor) gateways accept credentials
        nowhere else. BlueKing's own API client library (C(bkapi-client-core)) sends them this
        way. The secret stays out of URLs and request bodies, where web servers, proxies and the
        platform's own logs may keep it.
      - V(header_and_params) also puts them in the request parameters, the JSON body of a POST or
        the query string of a GET (such as C(metadata_get_cluster_info)). Only the legacy ESB of
        the BlueKing PaaS community edition (C(paas-ce), Python 2) needs this, as it reads
        parameters only and drops the header unread.
      - If not set, the value of the E(BK_CREDENTIALS_IN) environment variable is used.
    type: str
    choices: [header, header_and_params]
    default: header
  validate_certs:
    description:
      - Whether to verify the TLS certificate of O(bk_url). Only turn this off for test systems.
      - If not set, the value of the E(BK_VALIDATE_CERTS) environment variable is used.
    type: bool
    default: true
  ca_path:
    description:
      - A PEM file of CA certificates to verify O(bk_url) with, instead of the system's.
      - If not set, the value of the E(BK_CA_PATH) environment variable is used.
    type: path
  request_timeout:
    description:
      - Seconds to wait for each HTTP request, greater than 0 and at most 3600.
      - If not set, the value of the E(BK_REQUEST_TIMEOUT) environment variable is used.
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
      - If not set, the value of the E(BK_RETRIES) environment variable is used.
    type: int
    default: 10
notes:
  - With an ESB that reads parameters only, O(bk_credentials_in=header) fails every call with
    the ESB's own refusal, such as C(Signature [bk_signature] and APP Secret [bk_app_secret]
    cannot be empty at the same time); set O(bk_credentials_in=header_and_params) there.
"""

    # Where the inventory plugin also reads each connection option: the environment variable its
    # description names (tests/unit/plugins/inventory/test_cmdb_inventory_options.py keeps the two in step).
    INVENTORY = r"""
options:
  bk_url:
    env: [{name: BK_URL}]
  bk_app_code:
    env: [{name: BK_APP_CODE}]
  bk_app_secret:
    env: [{name: BK_APP_SECRET}]
  bk_username:
    env: [{name: BK_USERNAME}]
  bk_token:
    env: [{name: BK_TOKEN}]
  bk_credentials_in:
    env: [{name: BK_CREDENTIALS_IN}]
  validate_certs:
    env: [{name: BK_VALIDATE_CERTS}]
  ca_path:
    env: [{name: BK_CA_PATH}]
  request_timeout:
    env: [{name: BK_REQUEST_TIMEOUT}]
  retries:
    env: [{name: BK_RETRIES}]
notes:
  - An environment variable set to an empty string counts as unset, as AWX injects an empty
    string for every credential field left empty.
"""

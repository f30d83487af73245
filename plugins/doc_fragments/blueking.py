# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:

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
      - How many times a read is retried after a connection error or an HTTP 429, 502, 503 or
        504 answer, with jittered exponential backoff that honours C(Retry-After); 0 to 100.
      - Writes are retried only after HTTP 429, when the platform refused them unprocessed; after
        any other failure the module re-reads the object to learn whether the write happened.
      - If not set, the value of the E(BK_RETRIES) environment variable is used.
    type: int
    default: 3
notes:
  - Text options (type C(str)) take text only. A boolean, a decimal number, a list or a dict is
    refused rather than turned into text, so quote a value such as V(yes), V(on) or V(7.10) that
    is meant as text.
  - The credentials are sent both in the C(X-Bkapi-Authorization) header and in the request
    parameters, so the ESB of both old (PaaS 2.x) and new BlueKing releases accept them. For the
    few components that ESB serves with GET (such as C(metadata_get_cluster_info)) the parameters
    are the query string, which web servers and proxies may write to their access logs.
  - All options of this fragment can be given once for every module of the collection's
    BlueKing modules with the C(group/clusterops.platforms.blueking) action group in
    C(module_defaults).
"""

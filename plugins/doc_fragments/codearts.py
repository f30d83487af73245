# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:

    DOCUMENTATION = r"""
options:
  hw_region:
    description:
      - The Huawei Cloud region, for example V(cn-north-4), in lower-case letters, digits and V(-).
        It gives the default O(codearts_url) and O(iam_url), and scopes the token of O(hw_user_name).
      - If not set, the value of the E(HW_REGION_NAME) environment variable is used.
    type: str
  codearts_url:
    description:
      - The CodeArts Deploy endpoint. Defaults to C(https://codearts-deploy.<hw_region>.myhuaweicloud.com).
      - It must be an C(http://) or C(https://) URL with a host name, as must O(iam_url).
      - If not set, the value of the E(HW_CODEARTS_URL) environment variable is used.
    type: str
  iam_url:
    description:
      - The IAM endpoint that issues tokens for O(hw_user_name). Defaults to
        C(https://iam.<hw_region>.myhuaweicloud.com). A trailing C(/v3), as in Terraform's
        C(auth_url), is accepted.
      - If not set, the value of the E(HW_AUTH_URL) environment variable is used.
    type: str
  hw_auth_token:
    description:
      - A ready IAM token, sent as C(X-Auth-Token). Like O(hw_access_key) and O(hw_project_id),
        which are sent in headers too, it must be printable ASCII without spaces.
      - The first of O(hw_auth_token), O(hw_access_key) and O(hw_user_name) that is set decides
        how the module authenticates.
      - If not set, the value of the E(HW_AUTH_TOKEN) environment variable is used.
    type: str
  hw_access_key:
    description:
      - The access key (AK) to sign requests with, using Huawei's C(SDK-HMAC-SHA256) scheme.
        Requires O(hw_secret_key).
      - If not set, the value of the E(HW_ACCESS_KEY) environment variable is used.
    type: str
  hw_secret_key:
    description:
      - The secret key (SK) of O(hw_access_key).
      - If not set, the value of the E(HW_SECRET_KEY) environment variable is used.
    type: str
  hw_project_id:
    description:
      - The IAM project id of the region, sent as C(X-Project-Id) with signed requests.
      - If not set, the value of the E(HW_PROJECT_ID) environment variable is used.
    type: str
  hw_user_name:
    description:
      - An IAM user to get a token for, with O(hw_password) and O(hw_domain_name). The token is
        asked for once per task, from C(<iam_url>/v3/auth/tokens), scoped to O(hw_region).
      - If not set, the value of the E(HW_USER_NAME) environment variable is used.
    type: str
  hw_password:
    description:
      - The password of O(hw_user_name).
      - If not set, the value of the E(HW_USER_PASSWORD) environment variable is used.
    type: str
  hw_domain_name:
    description:
      - The account (domain) of O(hw_user_name).
      - If not set, the value of the E(HW_DOMAIN_NAME) environment variable is used.
    type: str
  validate_certs:
    description:
      - Whether to verify the TLS certificates of the endpoints. Only turn this off for test systems.
      - If not set, the value of the E(HW_VALIDATE_CERTS) environment variable is used.
    type: bool
    default: true
  ca_path:
    description:
      - A PEM file of CA certificates to verify the endpoints with, instead of the system's.
      - If not set, the value of the E(HW_CA_PATH) environment variable is used.
    type: path
  request_timeout:
    description:
      - Seconds to wait for each HTTP request, greater than 0 and at most 3600.
      - If not set, the value of the E(HW_REQUEST_TIMEOUT) environment variable is used.
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
      - If not set, the value of the E(HW_RETRIES) environment variable is used.
    type: int
    default: 10
notes:
  - Text options (type C(str)) take text only. A boolean, a decimal number, a list or a dict is
    refused rather than turned into text, so quote a value such as V(yes), V(on) or V(7.10) that
    is meant as text.
  - The environment variables are the ones the Terraform huaweicloud provider reads, so the same
    credentials serve both.
  - All options of this fragment can be given once for every CodeArts module with the
    C(group/clusterops.platforms.codearts) action group in C(module_defaults).
"""

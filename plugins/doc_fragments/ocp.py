# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:

    DOCUMENTATION = r"""
options:
  ocp_url:
    description:
      - Base URL of OceanBase Cloud Platform, for example C(http://ocp.example.com:8080).
      - It must be an C(http://) or C(https://) URL with a host name.
      - If not set, the value of the E(OCP_URL) environment variable is used.
    type: str
    required: true
  ocp_username:
    description:
      - An OCP user, for HTTP Basic authentication with O(ocp_password). The user and the
        password are sent UTF-8 encoded, as RFC 7617 and OCP have it.
      - One of O(ocp_username) and O(ocp_access_key_id) is required; the access key wins when both are set.
      - If not set, the value of the E(OCP_USERNAME) environment variable is used.
    type: str
  ocp_password:
    description:
      - The password of O(ocp_username).
      - If not set, the value of the E(OCP_PASSWORD) environment variable is used.
    type: str
  ocp_access_key_id:
    description:
      - An OCP access key id. Requests are then signed with the C(OCP-ACCESS-KEY-HMACSHA1) scheme
        (with C(Date) and C(x-ocp-origin) headers) using O(ocp_access_key_secret).
      - It is sent in a header, so it must be printable ASCII without spaces.
      - If not set, the value of the E(OCP_ACCESS_KEY_ID) environment variable is used.
    type: str
  ocp_access_key_secret:
    description:
      - The secret of O(ocp_access_key_id).
      - If not set, the value of the E(OCP_ACCESS_KEY_SECRET) environment variable is used.
    type: str
  validate_certs:
    description:
      - Whether to verify the TLS certificate of O(ocp_url). Only turn this off for test systems.
      - If not set, the value of the E(OCP_VALIDATE_CERTS) environment variable is used.
    type: bool
    default: true
  ca_path:
    description:
      - A PEM file of CA certificates to verify O(ocp_url) with, instead of the system's.
      - If not set, the value of the E(OCP_CA_PATH) environment variable is used.
    type: path
  request_timeout:
    description:
      - Seconds to wait for each HTTP request, greater than 0 and at most 3600.
      - If not set, the value of the E(OCP_REQUEST_TIMEOUT) environment variable is used.
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
      - If not set, the value of the E(OCP_RETRIES) environment variable is used.
    type: int
    default: 10
notes:
  - Text options (type C(str)) take text only. A boolean, a decimal number, a list or a dict is
    refused rather than turned into text, so quote a value such as V(yes), V(on) or V(7.10) that
    is meant as text.
  - All options of this fragment can be given once for every OCP module with the
    C(group/clusterops.platforms.ocp) action group in C(module_defaults).
"""

    WAIT = r"""
options:
  wait:
    description:
      - Whether to wait until the OCP task ends. Without waiting, the task is started and
        returned as it is.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait for the task, 0 to 604800 (a week). When they run out the module fails
        with the task's id and progress, and leaves the task running; run the module again to go
        on waiting.
    type: int
    default: 3600
  wait_interval:
    description: Seconds between two looks at the task, greater than 0 and at most 3600.
    type: float
    default: 10
"""

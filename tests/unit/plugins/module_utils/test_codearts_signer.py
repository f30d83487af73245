# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import datetime
from urllib.parse import parse_qsl, urlsplit

import pytest

from ansible_collections.clusterops.platforms.plugins.module_utils._codearts import sign

NOW = datetime.datetime(2026, 11, 23, 8, 30, 5, tzinfo=datetime.timezone.utc)
AK, SK = "HPUAEXAMPLEACCESSKEY", "secretKeyExample0123456789abcdefghijklmn"


def authorization(method, url, headers, body):
    return sign(method, url, headers, body, AK, SK, now=NOW)["Authorization"]


# Requests and their signatures, pinned; test_matches_huaweis_published_signer checks the same
# requests against Huawei's own SDK signer.
VECTORS = [
    ("GET", "https://codearts-deploy.cn-north-4.myhuaweicloud.com/v1/resources/host-groups"
            "?project_id=0123456789abcdef0123456789abcdef&page_index=1&page_size=1000&name=db%20hosts",
     {}, None),
    ("POST", "https://codearts-deploy.cn-north-4.myhuaweicloud.com/v1/resources/host-groups",
     {"Content-Type": "application/json;charset=UTF-8", "X-Project-Id": "p1"},
     b'{"name": "db-hosts", "os": "linux"}'),
    ("DELETE", "http://127.0.0.1:8765/v1/resources/host-groups/abc", {}, None),
]
SIGNATURES = [
    "03a85d5fc2ce54f3e0140e2f6dc7813d226991d8eb7ed37650dc90b806fe8ab2",
    "a3558cbdc526cb042926dbcb09898c3d7aeb013a38aec71df1e214922980071c",
    "8fc86a60529db7024fd39de11188707213afc1c8e5b6d084474b646398cd02e4",
]


@pytest.mark.parametrize("vector, signature", list(zip(VECTORS, SIGNATURES)))
def test_fixed_vectors(vector, signature):
    assert authorization(*vector).endswith("Signature=" + signature)


def test_sign_adds_the_date_host_and_authorization():
    headers = sign("GET", VECTORS[0][1], {}, None, AK, SK, now=NOW)
    assert headers["X-Sdk-Date"] == "20261123T083005Z"
    assert headers["Host"] == "codearts-deploy.cn-north-4.myhuaweicloud.com"
    assert headers["Authorization"].startswith("SDK-HMAC-SHA256 Access=%s, SignedHeaders=host;x-sdk-date, " % AK)


def test_signature_depends_on_every_part():
    method, url, headers, body = VECTORS[1]
    base = authorization(method, url, headers, body)
    assert authorization("PUT", url, headers, body) != base
    assert authorization(method, url + "x", headers, body) != base
    assert authorization(method, url, dict(headers, **{"X-Project-Id": "p2"}), body) != base
    assert authorization(method, url, headers, body + b" ") != base
    assert sign(method, url, headers, body, AK, SK + "x", now=NOW)["Authorization"] != base


def test_query_order_does_not_matter():
    first = authorization("GET", "https://h/v1/x?b=2&a=1", {}, None)
    assert first == authorization("GET", "https://h/v1/x?a=1&b=2", {}, None)


@pytest.mark.parametrize("method, url, headers, body", VECTORS)
def test_matches_huaweis_published_signer(method, url, headers, body):
    from huaweicloudsdkcore.sdk_request import SdkRequest  # pylint: disable=import-outside-toplevel
    from huaweicloudsdkcore.signer.signer import Signer  # pylint: disable=import-outside-toplevel

    class Credentials:
        ak, sk = AK, SK

    parts = urlsplit(url)
    request = SdkRequest(
        method=method, schema=parts.scheme, host=parts.netloc, resource_path=parts.path,
        query_params=parse_qsl(parts.query), header_params=dict(headers, **{"X-Sdk-Date": "20261123T083005Z"}),
        body=body or "")
    expected = Signer(Credentials()).sign(request).header_params["Authorization"]
    assert authorization(method, url, headers, body) == expected

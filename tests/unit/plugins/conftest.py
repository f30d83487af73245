# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""While a test mocks HTTP with `responses` (which patches requests), the modules send through
requests so that the mock answers; otherwise they send with their own transport (_http.Session).
"""

from __future__ import annotations

import pytest
import requests
from requests.adapters import HTTPAdapter

from ansible_collections.clusterops.platforms.plugins.module_utils import _client, _http

UNMOCKED_SEND = HTTPAdapter.send


class MockableSession(_http.Session):
    def request(self, method, url, **kwargs):  # pylint: disable=arguments-differ
        if HTTPAdapter.send is UNMOCKED_SEND:
            return super().request(method, url, **kwargs)
        try:
            return requests.Session().request(method, url, **kwargs)
        except requests.exceptions.RequestException as exc:
            raise _http.TransportError(str(exc)) from None


@pytest.fixture(autouse=True)
def mockable_transport(monkeypatch):
    monkeypatch.setattr(_client, "Session", MockableSession)

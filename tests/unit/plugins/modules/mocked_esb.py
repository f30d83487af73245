# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""CMDB's ESB components answered by `responses`, for the CMDB module tests that mock HTTP."""

from __future__ import annotations

import json

import responses

BK = "https://paas.example.com"


def url(component):
    return "%s/api/c/compapi/v2/cc/%s/" % (BK, component)


def ok(component, data):
    responses.add(responses.POST, url(component),
                  json=dict(result=True, code=0, message="", data=data, request_id="rid-ok"))


def error(component, code, message):
    responses.add(responses.POST, url(component),
                  json=dict(result=False, code=code, message=message, data=None, request_id="rid-err"))


def sent(component):
    """The bodies of the calls made to one component, in order."""
    return [json.loads(c.request.body) for c in responses.calls if c.request.url == url(component)]


def components():
    """The components called, in order."""
    return [c.request.url.split("/cc/")[1].rstrip("/") for c in responses.calls]

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The control API under /__emulator__/ (no auth): health, request log, reset, faults."""

from __future__ import annotations

from fastapi import APIRouter, Request

from .core import CONTROL_PREFIX, current
from .faults import FaultSpec

router = APIRouter(prefix=CONTROL_PREFIX)
OK = {"ok": True}


@router.get("/health")
async def health():
    return OK


@router.get("/requests")
async def list_requests(request: Request, since: int = 0):
    """The platform requests after sequence number `since`, oldest first."""
    return {"requests": [entry for entry in current(request).requests if entry["seq"] > since]}


@router.delete("/requests")
async def clear_requests(request: Request):
    current(request).requests.clear()
    return OK


@router.get("/state")
async def state(request: Request):
    """Every platform's data as the emulator holds it (credentials left out), for tests to check."""
    return {"data": current(request).store.data}


@router.post("/reset")
async def reset(request: Request):
    """Back to the seeded state (credentials are kept), with an empty request log and no faults."""
    current(request).reset()
    return OK


@router.get("/faults")
async def list_faults(request: Request):
    return {"faults": current(request).faults.list()}


@router.post("/faults")
async def add_fault(request: Request, spec: FaultSpec):
    return current(request).faults.add(spec)


@router.delete("/faults")
async def clear_faults(request: Request):
    current(request).faults.clear()
    return OK

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Injected faults: which platform requests get an error status, a delay or a dropped connection."""

from __future__ import annotations

import itertools
import random
import re

from pydantic import BaseModel, ConfigDict, Field, model_validator


class FaultSpec(BaseModel):
    """A fault as POSTed to /__emulator__/faults."""

    model_config = ConfigDict(extra="forbid")

    path: str = Field(description="the exact request path, or a regular expression if it starts with ^")
    method: str | None = None
    status: int | None = Field(None, ge=100, le=599)
    retry_after: int | str | None = None
    drop: bool = False
    latency: float = Field(0, ge=0, le=300)
    rate: float = Field(1.0, ge=0, le=1)
    count: int | None = Field(None, ge=1, description="apply this many times, then remove the fault")
    after: bool = Field(False, description="let the platform handle the request first, then apply the fault")

    @model_validator(mode="after")
    def _check(self):
        if self.path.startswith("^"):
            try:
                re.compile(self.path)
            except re.error as error:
                raise ValueError("path is not a valid regular expression: %s" % error) from None
        if self.status is None and not self.drop and not self.latency:
            raise ValueError("a fault needs a status, drop or latency")
        if self.status is not None and self.drop:
            raise ValueError("a fault either answers a status or drops the connection")
        return self

    @property
    def answers(self):
        """True if the client gets the fault's status or a dropped connection instead of the platform's answer."""
        return self.status is not None or self.drop

    def matches(self, method, path):
        if self.method and self.method.upper() != method:
            return False
        if self.path.startswith("^"):
            return re.match(self.path, path) is not None
        return self.path == path


class Faults:
    def __init__(self):
        self._faults = {}
        self._ids = itertools.count(1)

    def add(self, spec):
        fault_id = next(self._ids)
        self._faults[fault_id] = spec.model_copy()
        return self.describe(fault_id)

    def describe(self, fault_id):
        return dict(self._faults[fault_id].model_dump(), id=fault_id)

    def list(self):
        return [self.describe(fault_id) for fault_id in self._faults]

    def clear(self):
        self._faults.clear()

    def take(self, method, path):
        """The first fault that matches and fires (per its rate), counting it down; None if there is none."""
        for fault_id, fault in list(self._faults.items()):
            if not fault.matches(method, path) or random.random() >= fault.rate:
                continue
            if fault.count is not None:
                fault.count -= 1
                if fault.count == 0:
                    del self._faults[fault_id]
            return fault
        return None

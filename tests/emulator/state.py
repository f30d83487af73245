# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The platforms' state: in memory, and in a JSON file when one is given."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


def write_atomically(path, text):
    """Readers of `path` see the old content or the new one, never a part."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".%s." % path.name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temp, path)
    except BaseException:
        os.unlink(temp)
        raise


class Store:
    """Per platform: `credentials` (made once per fresh state, kept by a reset) and `data` (the seed)."""

    def __init__(self, platforms, path=None):
        self.platforms = {platform.name: platform for platform in platforms}
        self.path = Path(path) if path else None
        saved = json.loads(self.path.read_text(encoding="utf-8")) if self.path and self.path.exists() else {}
        self.credentials = saved.get("credentials", {})
        self.data = saved.get("data", {})
        for name, platform in self.platforms.items():
            if name not in self.credentials:
                self.credentials[name] = platform.new_credentials()
            if name not in self.data:
                self.data[name] = platform.seed()
        self.save()

    def reset(self):
        self.data = {name: platform.seed() for name, platform in self.platforms.items()}
        self.save()

    def save(self):
        if self.path:
            state = {"credentials": self.credentials, "data": self.data}
            write_atomically(self.path, json.dumps(state, ensure_ascii=False, indent=1))

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """The options of a module's list form: many objects converged by one task."""

    DOCUMENTATION = r"""
options:
  purge:
    description:
      - With the list form, also delete the objects of the scope that the list does not name.
        Built-in and default objects, and objects that other owners manage, are never deleted
        (each module says what its scope is and what it leaves alone).
      - Check mode predicts the deletions; the diff lists them.
    type: bool
    default: false
  max_concurrent_writes:
    description:
      - With the list form, how many writes run at the same time, from 1 to 32. The platform
        is read once for the whole list; only the objects that differ are written.
      - An HTTP 429 answer to any of them makes all of them wait as long as the platform asks.
      - Why 8. With 20 ms per write (a platform a few hops away), 1,000 CMDB creates took 22.5 s
        one at a time, 6.0 s with 4 at once, 3.1 s with 8, 1.6 s with 16 and 1.1 s with 32; on
        the emulator itself (2 ms) 4 or more all took about 1 s. 8 takes most of the gain while
        keeping no more than 8 requests in flight against one platform. Raise it for a distant
        platform, lower it for one that throttles hard.
    type: int
    default: 8
"""

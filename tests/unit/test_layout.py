# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ansible-test runs an integration target as a role of the same name, and a collection role of
that name wins: the target would silently run the role instead of its own tasks."""

from __future__ import annotations

import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_no_integration_target_is_named_like_a_role():
    roles = set(os.listdir(os.path.join(ROOT, "roles")))
    targets = set(os.listdir(os.path.join(ROOT, "tests", "integration", "targets")))
    assert roles, "the collection has no roles directory content to check against"
    assert not roles & targets, "rename these integration targets: %s" % sorted(roles & targets)

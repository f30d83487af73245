# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import re
import string

import pytest
from hypothesis import given, strategies as st

from ansible_collections.clusterops.platforms.plugins.module_utils._masking import (
    MASK, NO_LOG_MASK, mask_text, mask_values,
)


@pytest.mark.parametrize("secret, text, expected", [
    ("y", "not managed by DBMind", "not managed by DBMind"),
    ("y", "password y rejected", "password ******** rejected"),
    ("y", "y", MASK),
    ("y", "payments_y2", "payments_********2"),
    ("admin", "administrator admin", "administrator ********"),
    ("hunter2", "xhunter2y", "x********y"),
    ("hunter", "密码hunter错误", "密码********错误"),
    ("Stage@Gauss2024", "login Stage@Gauss2024x failed", "login ********x failed"),
    ("s3cr3t", "no secret here", "no secret here"),
])
def test_mask_text(secret, text, expected):
    assert mask_text(text, [secret]) == expected


def test_longer_secrets_are_masked_first_and_empty_ones_ignored():
    assert mask_text("a-b-c and b", ["b", "a-b-c", "", None]) == "%s and %s" % (MASK, MASK)


def test_mask_values_masks_whole_values_and_walks_containers():
    value = {"password": "y", "port": 8086, "id": 12, "ok": True, "none": None, "y": ["by y", ("y",)]}
    assert mask_values(value, {"y", "12"}) == {"password": NO_LOG_MASK, "port": 8086, "id": NO_LOG_MASK, "ok": True,
                                               "none": None, "y": ["by %s" % MASK, [NO_LOG_MASK]]}


SECRET_CHARS = st.characters(blacklist_characters="*", blacklist_categories=("Cs",))


@given(secret=st.text(SECRET_CHARS, min_size=1, max_size=12), text=st.text(max_size=40),
       before=st.text(max_size=5), after=st.text(max_size=5))
def test_a_secret_is_left_only_inside_a_longer_word_of_ascii_letters(secret, text, before, after):
    masked = mask_text(text + before + secret + after + text, [secret])
    for found in re.finditer(re.escape(secret), masked):
        start, end = found.start(), found.end()
        assert secret.isascii() and secret.isalpha()
        assert masked[start - 1:start] in set(string.ascii_letters) or masked[end:end + 1] in set(string.ascii_letters)


@given(secret=st.text(SECRET_CHARS, min_size=1, max_size=12), text=st.text(max_size=40))
def test_a_text_without_the_secret_is_unchanged(secret, text):
    if secret not in text:
        assert mask_text(text, [secret]) == text

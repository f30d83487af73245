# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Secrets out of a module's output: masked as values and tokens, never as letters of a word.

ansible-core masks each no_log value everywhere in a module's result, as a substring of every
string: with a database password `y`, "not managed by DBMind" comes back as
"not managed b******** DBMind", which garbles the message and tells the reader the password.
mask_output() makes a module mask its secrets itself, on every exit, and tells ansible-core to
leave alone the secrets whose only remaining occurrences are letters inside words.
"""

from __future__ import annotations

import functools
import re
from string import ascii_letters

MASK = "********"
NO_LOG_MASK = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"  # ansible-core's mask of a whole no_log value


def _inside_a_word(found):
    """Whether a match of letters is part of a longer word of ASCII letters ("y" in "by")."""
    text, start, end = found.string, found.start(), found.end()
    return (found.group(0).isascii() and found.group(0).isalpha()
            and ((start > 0 and text[start - 1] in ascii_letters) or (end < len(text) and text[end] in ascii_letters)))


def mask_text(text, secrets):
    """`text` with every occurrence of each secret masked, except inside a longer word of ASCII letters.

    A secret glued to digits, "_", punctuation or non-ASCII text (say, Chinese) is masked: only a
    secret made of letters, inside a word made of letters, is taken for prose and left as it is.
    """
    pattern = _pattern(frozenset(str(s) for s in secrets if s))
    text = str(text)
    return pattern.sub(lambda found: found.group(0) if _inside_a_word(found) else MASK, text) if pattern else text


@functools.lru_cache(maxsize=8)
def _pattern(secrets):
    """One regular expression for all `secrets`, the longest first: one pass over a text, however
    many secrets a list of objects brings."""
    if not secrets:
        return None
    return re.compile("|".join(re.escape(s) for s in sorted(secrets, key=lambda s: (-len(s), s))))


def mask_values(value, secrets):
    """A copy of JSON-like `value`: a string or number equal to a secret becomes NO_LOG_MASK (as in
    ansible-core), other strings go through mask_text(); dict keys and other objects are kept."""
    if isinstance(value, dict):
        return {k: mask_values(v, secrets) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [mask_values(v, secrets) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (str, int, float)):
        if str(value) in secrets:
            return NO_LOG_MASK
        return mask_text(value, secrets) if isinstance(value, str) else value
    return value


def _texts(value):
    """Every string and number in JSON-like `value`, as text."""
    if isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
        yield str(value)


def mask_output(module):
    """Make `module` mask its secrets in what it returns and warns, on every exit.

    The secrets are module.no_log_values at exit time (the no_log options, and what the module
    added, such as an IAM token it obtained). The result gets its `invocation` (shown at -vvv,
    kept by AWX) from here, each no_log option's value masked whole. A secret still found in the
    masked result is there only inside words or numbers, so it is taken off no_log_values, and
    ansible-core's own substring masking leaves those words alone.
    """
    exit_json, fail_json, warn = module.exit_json, module.fail_json, module.warn

    def masked(result):
        secrets = {str(s) for s in module.no_log_values if s}
        result.setdefault("invocation", dict(module_args=module.params))
        # One text of the whole result (NUL never occurs in one): most results hold no secret at
        # all, and a search of it is cheaper than a copy of a list of 100 objects.
        pattern = _pattern(frozenset(secrets))
        if pattern is None or not pattern.search("\0".join(_texts(result))):
            return result
        result = mask_values(result, secrets)
        everything = "\0".join(_texts(result))
        module.no_log_values.difference_update(s for s in secrets if s in everything)
        return result

    module.exit_json = lambda **result: exit_json(**masked(result))
    module.fail_json = lambda msg, **result: fail_json(**masked(dict(result, msg=msg)))
    module.warn = lambda warning, **kwargs: warn(mask_text(warning, module.no_log_values), **kwargs)
    return module

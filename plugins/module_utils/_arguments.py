# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The AnsibleModule of every module: it refuses the arguments ansible-core would silently change.

ansible-core converts a value to the option's type whatever it is: a dict, a list, a boolean or
a decimal number given to a text option becomes its Python text ("{'a': 1}", "True", "7.1" for
an unquoted 7.10), a boolean given to a number becomes 1 or 0, and a boolean given to an option
whose choices look boolean becomes that choice (`bk_set_env: true` is "1", the test
environment). It crashes on a dict option with suboptions given a number or a list, and on an
int option given an infinite number. It counts an explicit null as given in `required`,
`required_together` and `required_one_of`. StrictModule refuses all of these, naming the option.
"""

from __future__ import annotations

import decimal
import math
import os
import sys
from collections.abc import Mapping

from ansible.module_utils.basic import AnsibleFallbackNotFound, AnsibleModule
from ansible_collections.clusterops.platforms.plugins.module_utils._masking import mask_output

TEXT_TYPES = ("str", "path")
NUMBER_TYPES = ("int", "float")
# Platforms never return a password they keep: set it when the object is created, or on every run.
UPDATE_PASSWORD = dict(type="str", choices=["always", "on_create"], default="on_create", no_log=False)
HINTS = {"a boolean": " (quote it: YAML reads an unquoted yes, no, true, false, on or off as a boolean)",
         "a decimal number": " (quote it: YAML reads an unquoted 7.10 as the number 7.1)"}


def env_fallback(*names):
    """The first of the environment variables `names` that is set and not empty, for an option's
    `fallback`. Unlike ansible-core's env_fallback, an empty variable counts as unset: AWX injects
    "" for every credential field left empty, and that must not count as given (in `required`,
    `required_one_of`, ...) nor be converted to the option's type."""
    for name in names:
        if os.environ.get(name):
            return os.environ[name]
    raise AnsibleFallbackNotFound


def _kind(value):
    """What a value is, in a message; values themselves are never shown (they may be secrets)."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, Mapping):
        return "a dictionary"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, int):
        return "a number"
    return "text" if isinstance(value, str) else type(value).__name__


def _infinite(value):
    """Whether ansible-core would read `value` as an infinite number (its int check then crashes)."""
    if isinstance(value, float):
        return math.isinf(value)
    try:
        return isinstance(value, str) and decimal.Decimal(value).is_infinite()
    except decimal.DecimalException:
        return False


def _unencodable(value):
    """Whether `value` holds text with a lone surrogate, which no UTF-8 (log, header, body) can carry."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, Mapping):
        return any(_unencodable(k) or _unencodable(v) for k, v in value.items())
    return isinstance(value, (list, tuple)) and any(_unencodable(item) for item in value)


def _text_problem(name, kind, value):
    if isinstance(value, (bool, float, Mapping, list, tuple)):
        return "%s must be text, got %s%s" % (name, _kind(value), HINTS.get(_kind(value), ""))
    if kind == "path" and isinstance(value, str) and "\x00" in value:
        return "%s must be a file path, which cannot contain a NUL character" % name
    return None


def _option_problem(name, option, value):
    kind = option.get("type", "str")
    suboptions = option.get("options")
    if _unencodable(value):
        return "%s must be valid Unicode text: it holds a lone surrogate (an unpaired \\uD800-\\uDFFF)" % name
    if kind in TEXT_TYPES:
        return _text_problem(name, kind, value)
    if kind in NUMBER_TYPES and (isinstance(value, bool) or not isinstance(value, (int, float, str))):
        return "%s must be a number, got %s" % (name, _kind(value))
    if kind == "int" and _infinite(value):
        return "%s must be a whole number, got an infinite one" % name
    if kind == "float" and isinstance(value, int) and abs(value) > sys.float_info.max:
        return "%s must be a number of at most %g, got a %d-digit number" % (name, sys.float_info.max, len(str(abs(value))))
    if kind == "dict" and suboptions and not isinstance(value, (Mapping, str)):
        return "%s must be a dictionary, got %s" % (name, _kind(value))
    if kind == "dict" and suboptions and isinstance(value, Mapping):
        return argument_problem(suboptions, value, name + ".")
    if kind == "list" and isinstance(value, list):
        elements = option.get("elements")
        for index, item in enumerate(value):
            where = "%s[%d]" % (name, index)
            if elements in TEXT_TYPES and item is not None:
                problem = _text_problem(where, elements, item)
            elif elements == "dict" and suboptions and isinstance(item, Mapping):
                problem = argument_problem(suboptions, item, where + ".")
            else:
                problem = None
            if problem:
                return problem
    return None


def argument_problem(spec, params, prefix=""):
    """The first argument in `params`, as the task gave them, that ansible-core would change or crash on."""
    for name, option in spec.items():
        for given in [name] + list(option.get("aliases") or []):
            if given not in params:
                continue
            if params[given] is None:
                if option.get("required"):
                    return "%s%s is required and cannot be null" % (prefix, given)
                continue
            problem = _option_problem(prefix + given, option, params[given])
            if problem:
                return problem
    return None


def json_problem(name, value):
    """Why `value`, from a free-form dict or list option, cannot be sent as JSON: NaN and infinities cannot."""
    if isinstance(value, float) and not math.isfinite(value):
        return "%s must be a finite number, got %s (JSON has no NaN or infinity)" % (name, value)
    if isinstance(value, Mapping):
        inner = [("%s.%s" % (name, key), item) for key, item in value.items()]
    elif isinstance(value, (list, tuple)):
        inner = [("%s[%d]" % (name, index), item) for index, item in enumerate(value)]
    else:
        inner = []
    for where, item in inner:
        problem = json_problem(where, item)
        if problem:
            return problem
    return None


class StrictModule(AnsibleModule):
    """AnsibleModule that refuses what ansible-core would turn into another value (see above), and
    masks its secrets in all it returns (_masking.py)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mask_output(self)
        # ansible-core's checks passed, counting an explicit null (or "") as given: count it as missing.
        for group in self.required_together or ():
            missing = [name for name in group if self.params.get(name) in (None, "")]
            if missing and len(missing) < len(group):
                self.fail_json(msg="parameters are required together: %s; %s cannot be null or empty"
                                   % (", ".join(group), ", ".join(missing)))
        for group in self.required_one_of or ():
            if all(self.params.get(name) in (None, "") for name in group):
                self.fail_json(msg="one of the following is required and cannot be null or empty: %s"
                                   % ", ".join(group))

    def _load_params(self):
        """AnsibleModule.__init__ loads the arguments here, before it converts and validates them."""
        super()._load_params()
        problem = argument_problem(self.argument_spec, self.params)
        if problem:
            # ansible-core has not yet learnt which values are secret: echo none of them.
            self.fail_json(msg=problem, invocation=dict(module_args={}))

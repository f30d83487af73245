# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The reconcile engine: read, compare what the user set, plan, apply or predict, report."""

from __future__ import annotations

import time

from ansible_collections.clusterops.platforms.plugins.module_utils._client import ApiError, backoff_delay
from ansible_collections.clusterops.platforms.plugins.module_utils._masking import MASK


class UserError(Exception):
    """The task asks for something that cannot be done; the message says what to change."""


def as_text(value):
    """Default comparison form: scalars compare by their text, so "3" matches 3."""
    if value is None or isinstance(value, (bool, dict, list)):
        return value
    return str(value)


def fail(module, exc, /, **result):
    """Fail the module with an ApiError (its fields under `error`) or a UserError."""
    if isinstance(exc, ApiError):
        result["error"] = exc.as_dict()
    module.fail_json(msg=str(exc), **result)


def masked(obj, secret_keys):
    """A copy of `obj` with the value of every key named in `secret_keys` masked, at any depth."""
    if isinstance(obj, dict):
        return {k: (MASK if k in secret_keys and v not in (None, "") else masked(v, secret_keys))
                for k, v in obj.items()}
    if isinstance(obj, list):
        return [masked(item, secret_keys) for item in obj]
    return obj


class Resource:
    """What the engine needs to know about one kind of platform object.

    Subclasses set the class attributes and implement the operations. `desired()` validates the
    options (raising UserError) and returns only the API keys the user set, in the API's form.
    It runs first, so bad input fails before anything is read or written (lookups it needs,
    such as OCP host addresses, excepted).
    """

    return_key = "resource"
    create_only = ()
    write_only = ()  # keys the API never returns: sent at creation and with any other change
    create_requires = ()  # (option, API key) pairs a new object cannot do without
    name_key = "name"  # the API key that names the object in messages
    option_key = "name"  # the option that names it
    read_back = True  # whether create() reads the new object; the list form reads everything back at once
    secret_keys = frozenset()
    normalizers = {}

    def __init__(self, module, client, params=None):
        self.module = module
        self.client = client
        self.params = module.params if params is None else params

    def normalize(self, key, value):
        return self.normalizers.get(key, as_text)(value)

    def desired(self):
        raise NotImplementedError

    def find(self):
        """The current object, or None when it does not exist."""
        raise NotImplementedError

    def create(self, desired):
        """Create and return the new object."""
        raise NotImplementedError

    def update(self, current, changes):
        raise NotImplementedError

    def delete(self, current):
        raise NotImplementedError

    def refuse(self, current, changes):
        """Raise UserError for planned changes the platform cannot make in place (beyond create_only)."""

    def predict(self, desired, current=None):
        """The object check mode reports: the current one with the changes, or a new one."""
        return dict(current or {}, **desired)

    def extra_results(self, obj):
        """Top-level return values beside the object, such as its platform id."""
        return {}

    # What converge_all() (_batch.py) needs to converge many objects with one read.

    def read_scope(self):
        """Every object of the scope the list form converges (a business, a project, an app)."""
        raise NotImplementedError

    def identity(self):
        """What tells this object from the others of its scope, from the options."""
        return self.params[self.option_key]

    def identifies(self, obj):
        """Whether `obj`, read from the scope, is this object."""
        return obj.get(self.name_key) == self.identity()

    def purgeable(self, obj):
        """Whether purge may delete `obj` when the list does not name it (never built-in objects)."""
        return True

    def options_naming(self, obj):
        """The options that name `obj`, read from the scope, to delete it when it is purged."""
        return {self.option_key: obj.get(self.name_key)}


def plan(resource, desired, current):
    """The keys whose normalised desired value differs from the current one."""
    changes = {k: v for k, v in desired.items() if k not in resource.write_only
               and resource.normalize(k, v) != resource.normalize(k, current.get(k))}
    # A create-only key the platform does not return cannot be compared: leave it out.
    changes = {k: v for k, v in changes.items() if k not in resource.create_only or current.get(k) is not None}
    frozen = [k for k in resource.create_only if k in changes]
    if frozen:
        raise UserError(
            "cannot change %s of an existing %s (current %s, requested %s); these are set only "
            "at creation: recreate it (state=absent, then present) to change them"
            % (", ".join(frozen), resource.return_key,
               ", ".join(repr(current.get(k)) for k in frozen),
               ", ".join(repr(desired[k]) for k in frozen)))
    return changes


def _check_create(resource, desired):
    missing = [option for option, key in resource.create_requires if key not in desired]
    if missing:
        raise UserError("%s %s required to create %s %r" % (
            " and ".join(missing), "are" if len(missing) > 1 else "is", resource.return_key.replace("_", " "),
            desired.get(resource.name_key)))


def apply(resource, state, desired, current, check_mode, reread=True):
    """Returns (changed, after). Sends no write in check mode. Without `reread` an update returns
    the object as predicted, for a caller that reads everything back at once."""
    if state == "absent":
        if current is None:
            return False, None
        if not check_mode:
            resource.delete(current)
        return True, None
    if current is None:
        _check_create(resource, desired)
        return True, resource.predict(desired) if check_mode else resource.create(desired)
    changes = plan(resource, desired, current)
    if not changes:
        return False, current
    resource.refuse(current, changes)
    changes.update((k, desired[k]) for k in resource.write_only if k in desired)
    if check_mode:
        return True, resource.predict(changes, current)
    resource.update(current, changes)
    return True, resource.find() if reread else resource.predict(changes, current)


def converged(resource, state, desired, current):
    if state == "absent":
        return current is None
    return current is not None and not plan(resource, desired, current)


class Unconverged(Exception):
    """A write failed and the re-read shows the object not as asked."""

    def __init__(self, error, current):
        super().__init__(str(error))
        self.error = error
        self.current = current


def write_verified(write, read, done, retries, current):
    """Call `write(current)` until it returns; after it fails, `read()` tells what happened.

    Returns (what write returned, None, None), or (None, the re-read object, the fault) when a
    failed write shows `done(object)` anyway: a transient fault means the answer was lost, a
    refusal that another writer got there first. Only after a transient fault whose re-read shows
    the write did not land is it sent again (planned from what the re-read shows, `retries` times
    at most, with backoff): a write that landed is never sent twice. Otherwise raises Unconverged.
    """
    attempt = 0
    while True:
        attempt += 1
        try:
            return write(current), None, None
        except ApiError as exc:
            current = read()
            if done(current):
                return None, current, exc
            if not exc.transient or attempt > retries:
                raise Unconverged(exc, current) from None
            time.sleep(backoff_delay(attempt, exc.retry_after))


def converge_object(resource, state, desired, before, check_mode, reread=True):
    """(changed, after) of making one object as asked, from `before`, with verified writes (see
    write_verified; `reread` as in apply). Raises Unconverged when it cannot be made so."""
    outcome, after, fault = write_verified(
        lambda current: apply(resource, state, desired, current, check_mode, reread),
        resource.find, lambda current: converged(resource, state, desired, current),
        resource.params.get("retries") or 0, before)
    if fault is None:
        return outcome
    what = "%s %r" % (resource.return_key.replace("_", " "), resource.params.get(resource.option_key))
    return lost_write(resource.module, fault, what), after


def lost_write(module, fault, what):
    """Whether a fault that `write_verified` returned changed something: then it warns about `what`."""
    if fault is not None and fault.transient:
        # Naming the object keeps the warnings of a loop apart (Ansible shows a repeated text once).
        module.warn("%s: %s; re-reading shows the change was applied" % (what, fault))
        return True
    return False


def ensure(resource, state):
    """Reconcile and exit the module with `changed`, the object and its diff."""
    module = resource.module
    secret = resource.secret_keys
    try:
        desired = resource.desired() if state == "present" else {}
        before = resource.find()
        try:
            changed, after = converge_object(resource, state, desired, before, module.check_mode)
        except Unconverged as exc:
            fail(module, exc.error, changed=exc.current != before,
                 **dict(resource.extra_results(exc.current), **{resource.return_key: masked(exc.current, secret)}))
    except (ApiError, UserError) as exc:
        fail(module, exc)
    result = dict(resource.extra_results(after), changed=changed, **{resource.return_key: masked(after, secret)})
    if module._diff:
        result["diff"] = dict(before=masked(before, secret) or {}, after=masked(after, secret) or {})
    module.exit_json(**result)

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, clusterops.platforms contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Converge a list of objects in one module run: one read of the scope, writes only where they differ."""

from __future__ import annotations

from ansible_collections.clusterops.platforms.plugins.module_utils._client import POOL_SIZE, ApiError
from ansible_collections.clusterops.platforms.plugins.module_utils._resource import (
    Unconverged, UserError, converge_object, ensure, fail, masked,
)

BATCH_SPEC = dict(
    purge=dict(type="bool", default=False),
    max_concurrent_writes=dict(type="int", default=8),
)


class _Item:
    """One object of the list: its resource, what is asked, and what came of it."""

    def __init__(self, resource):
        self.resource = resource
        resource.read_back = False
        self.state = resource.params["state"]
        self.desired = {}
        self.name = resource.params[resource.option_key]
        self.before = self.after = None
        self.changed = self.failed = False
        self.error = None
        self.purged = False


def list_option(spec, options, name):
    """The spec of a list of objects: each item takes `options` of the single-object `spec`, with
    no defaults (an unset one falls back to the task's own), and `name` required."""
    items = {k: dict(spec[k], default=None) for k in options if k != name}
    return dict(type="list", elements="dict", options=dict(items, **{name: dict(spec[name], required=True)}))


def ensure_one_or_list(module, key, make_resource):
    """Converge the one object the task's options name, or the list in the option `key`; exit."""
    if module.params[key] is None:
        ensure(make_resource(module.params), module.params["state"])
    else:
        converge_list(module, key, make_resource)


def item_params(params, key, item):
    """The options of one list item: what it sets, else what the task sets at the top level."""
    return dict(params, **{key: None}, **{k: v for k, v in item.items() if v is not None})


def converge_list(module, key, make_resource):
    """Converge the objects listed in the option `key` and exit the module.

    `make_resource(params)` makes the Resource for a dict of options. Each item's options fall
    back to the task's top-level ones, its state included. Every item is validated before any
    request; the scope is read once (Resource.read_scope); writes run `max_concurrent_writes` at a
    time, each verified and retried as in ensure(); with purge, the objects of the scope that the
    list does not name and that Resource.purgeable() allows are deleted. Results come back per
    item under `key`, in order, purged objects last; one item's failure does not stop the others.
    """
    params = module.params
    scope = make_resource(dict(params, **{key: None}))
    items = [_Item(make_resource(item_params(params, key, item))) for item in params[key]]
    try:
        _validate(module, items, key)
        records = scope.read_scope()
    except (ApiError, UserError) as exc:
        fail(module, exc)
    _find_in(records, items)
    if params["purge"]:
        claimed = {id(i.before) for i in items if i.before is not None}
        for obj in records:
            if id(obj) not in claimed and scope.purgeable(obj):
                item = _Item(make_resource(dict(params, **{key: None}, state="absent", **scope.options_naming(obj))))
                item.before = item.after = obj
                item.purged = True
                items.append(item)
    from concurrent.futures import ThreadPoolExecutor  # pylint: disable=import-outside-toplevel  # only lists need it
    with ThreadPoolExecutor(params["max_concurrent_writes"]) as pool:
        list(pool.map(_converge, items, [module.check_mode] * len(items)))
    if not module.check_mode and any(i.changed or i.failed for i in items):
        try:  # the true state of everything written, in one read
            _find_in(scope.read_scope(), items, after_only=True)
        except ApiError as exc:
            module.warn("could not read the results back: %s" % exc)
    _exit(module, scope, items, key)


def _find_in(records, items, after_only=False):
    """Each item's object among `records`, looked for among the records of its name only."""
    by_name = {}
    for obj in records:
        by_name.setdefault(obj.get(items[0].resource.name_key) if items else None, []).append(obj)
    for item in items:
        item.after = next((o for o in by_name.get(item.name, ()) if item.resource.identifies(o)), None)
        if not after_only:
            item.before = item.after


def _validate(module, items, key):
    """Every item's desired state, or a UserError naming the first bad item; names must be unique."""
    if not 1 <= module.params["max_concurrent_writes"] <= POOL_SIZE:
        raise UserError("max_concurrent_writes must be 1 to %d, got %d" % (POOL_SIZE, module.params["max_concurrent_writes"]))
    seen = {}
    for index, item in enumerate(items):
        try:
            if item.state == "present":
                item.desired = item.resource.desired()
            identity = item.resource.identity()
        except UserError as exc:
            raise UserError("%s[%d] (%r): %s" % (key, index, item.name, exc)) from None
        if identity in seen:
            raise UserError("%s[%d] and %s[%d] both describe %r" % (key, seen[identity], key, index, item.name))
        seen[identity] = index


def _converge(item, check_mode):
    try:
        item.changed, item.after = converge_object(item.resource, item.state, item.desired, item.before, check_mode,
                                                   reread=False)
    except Unconverged as exc:
        item.failed, item.error, item.after = True, exc.error, exc.current
        item.changed = exc.current != item.before
    except (ApiError, UserError) as exc:
        item.failed, item.error = True, exc


def _exit(module, scope, items, key):
    secret = scope.secret_keys
    results = []
    for item in items:
        result = dict(name=item.name, state="absent" if item.purged else item.state, changed=item.changed,
                      failed=item.failed, purged=item.purged,
                      **dict(item.resource.extra_results(item.after),
                             **{item.resource.return_key: masked(item.after, secret)}))
        if item.error is not None:
            result["msg"] = str(item.error)
            if isinstance(item.error, ApiError):
                result["error"] = item.error.as_dict()
        results.append(result)
    outcome = {key: results, "changed": any(i.changed for i in items)}
    if module._diff:
        outcome["diff"] = dict(before={i.name: masked(i.before, secret) for i in items if i.before is not None},
                               after={i.name: masked(i.after, secret) for i in items if i.after is not None})
    failed = [i for i in items if i.failed]
    if failed:
        module.fail_json(msg="%d of %d %s failed: %s" % (len(failed), len(items), key, "; ".join(
            "%r: %s" % (i.name, i.error) for i in failed)), **outcome)
    module.exit_json(**outcome)

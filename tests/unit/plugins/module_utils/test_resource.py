# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.clusterops.platforms.plugins.module_utils import _resource
from ansible_collections.clusterops.platforms.plugins.module_utils._client import ApiError
from ansible_collections.clusterops.platforms.plugins.module_utils._resource import (
    Resource, UserError, ensure, masked, plan,
)


class Exit(Exception):
    def __init__(self, failed, result, module):
        super().__init__(result)
        self.failed = failed
        self.result = result
        self.module = module


class FakeModule:
    def __init__(self, params, check_mode=False, diff=False):
        self.params = params
        self.check_mode = check_mode
        self._diff = diff
        self.warnings = []

    def exit_json(self, **result):
        raise Exit(False, result, self)

    def fail_json(self, **result):
        raise Exit(True, result, self)

    def warn(self, text):
        self.warnings.append(text)


class Store:
    """An in-memory platform: one object or none, and a log of the writes it received."""

    def __init__(self, obj=None):
        self.obj = obj
        self.writes = []
        # (ApiError, effect) for the next writes, in order; effect: the write lands (True), does not
        # (False), or another writer leaves the object as this dict.
        self.failures = []
        self.other_writer = None  # what another writer makes of the object just before a write lands

    @property
    def fail_next(self):
        return self.failures[0] if self.failures else None

    @fail_next.setter
    def fail_next(self, failure):
        self.failures = [failure]


class Widget(Resource):
    return_key = "widget"
    create_only = ("kind",)
    secret_keys = frozenset({"password"})
    normalizers = {"kind": lambda v: v and str(v).lower()}

    def desired(self):
        if self.params.get("size", 0) and self.params["size"] < 0:
            raise UserError("size must not be negative")
        return {k: v for k, v in self.params.items() if v is not None and k not in ("state", "retries")}

    def find(self):
        return dict(self.client.obj) if self.client.obj else None

    def _write(self, op, apply):
        store = self.client
        store.writes.append(op)
        failure = store.failures.pop(0) if store.failures else None
        if store.other_writer is not None:
            store.obj, store.other_writer = store.other_writer, None
            raise ApiError("Demo", "demo." + str(op), "duplicate", code=1101108)
        if failure and isinstance(failure[1], dict):
            store.obj = dict(failure[1])
        if failure and failure[1] is not True:
            raise failure[0]
        apply()
        if failure:
            raise failure[0]

    def create(self, desired):
        self._write("create", lambda: setattr(self.client, "obj", dict(desired, id=7)))
        return dict(self.client.obj)

    def update(self, current, changes):
        self._write(("update", changes), lambda: self.client.obj.update(changes))

    def delete(self, current):
        self._write("delete", lambda: setattr(self.client, "obj", None))


def transient(operation="demo.write", retry_after=None):
    return ApiError("Demo", operation, "busy", status=503, transient=True, retry_after=retry_after)


@pytest.fixture(autouse=True)
def sleeps(monkeypatch):
    """The engine's backoff sleeps, recorded instead of slept."""
    slept = []
    monkeypatch.setattr(_resource.time, "sleep", slept.append)
    return slept


def run(store, check_mode=False, diff=True, **params):
    params.setdefault("state", "present")
    module = FakeModule(params, check_mode, diff)
    with pytest.raises(Exit) as done:
        ensure(Widget(module, store), params["state"])
    return done.value


def test_create_when_missing():
    store = Store()
    done = run(store, name="a", size=1)
    assert not done.failed and done.result["changed"]
    assert done.result["widget"] == {"name": "a", "size": 1, "id": 7}
    assert done.result["diff"] == {"before": {}, "after": {"name": "a", "size": 1, "id": 7}}
    assert store.writes == ["create"]


def test_unchanged_sends_no_write_and_compares_only_what_was_set():
    store = Store({"id": 7, "name": "a", "size": "1", "kind": "Big", "server_owned": "x"})
    done = run(store, name="a", size=1, kind="big")
    assert done.result["changed"] is False
    assert store.writes == []


def test_update_sends_only_changed_keys_and_returns_the_reread_object():
    store = Store({"id": 7, "name": "a", "size": 1, "colour": "red"})
    done = run(store, name="a", size=2, colour="red")
    assert store.writes == [("update", {"size": 2})]
    assert done.result["widget"]["size"] == 2
    assert done.result["diff"]["before"]["size"] == 1


def test_check_mode_predicts_update_without_writing():
    store = Store({"id": 7, "name": "a", "size": 1})
    done = run(store, check_mode=True, name="a", size=5)
    assert done.result["changed"] and done.result["widget"] == {"id": 7, "name": "a", "size": 5}
    assert store.writes == [] and store.obj["size"] == 1


def test_check_mode_predicts_create_and_delete_without_writing():
    store = Store()
    done = run(store, check_mode=True, name="a")
    assert done.result["changed"] and done.result["widget"] == {"name": "a"}
    store = Store({"id": 7, "name": "a"})
    done = run(store, check_mode=True, name="a", state="absent")
    assert done.result["changed"] and done.result["widget"] is None
    assert store.writes == [] and store.obj


def test_absent_when_missing_is_ok_and_when_present_deletes():
    store = Store()
    done = run(store, name="a", state="absent")
    assert done.result["changed"] is False and store.writes == []
    store = Store({"id": 7, "name": "a"})
    done = run(store, name="a", state="absent")
    assert done.result["changed"] and store.writes == ["delete"] and store.obj is None
    assert done.result["diff"] == {"before": {"id": 7, "name": "a"}, "after": {}}


def test_create_only_change_is_an_error_naming_the_field():
    store = Store({"id": 7, "name": "a", "kind": "small"})
    done = run(store, name="a", kind="big")
    assert done.failed
    assert "kind" in done.result["msg"] and "'small'" in done.result["msg"]
    assert store.writes == []


def test_create_only_field_is_normalised_before_comparing():
    store = Store({"id": 7, "name": "a", "kind": "BIG"})
    done = run(store, name="a", kind="big")
    assert not done.failed and done.result["changed"] is False


def test_user_error_is_reported_before_any_request():
    store = Store()
    done = run(store, name="a", size=-1)
    assert done.failed and done.result["msg"] == "size must not be negative"
    assert store.writes == []


def test_secrets_are_masked_in_result_and_diff():
    store = Store({"id": 7, "name": "a", "password": "old-secret"})
    done = run(store, name="a", password="new-secret")
    assert store.writes == [("update", {"password": "new-secret"})]
    assert "secret" not in repr(done.result)
    assert done.result["diff"]["before"]["password"] == "********"


def test_failed_write_that_did_not_happen_reports_the_true_state():
    store = Store({"id": 7, "name": "a", "size": 1})
    store.fail_next = (ApiError("Demo", "demo.update", "boom", code=42, request_id="r1"), False)
    done = run(store, name="a", size=2)
    assert done.failed and done.result["changed"] is False
    assert done.result["widget"]["size"] == 1
    assert done.result["error"]["code"] == 42 and "r1" in done.result["msg"]


def test_failed_create_that_happened_is_reported_as_done_with_a_warning():
    store = Store()
    store.fail_next = (ApiError("Demo", "demo.create", "connection reset", transient=True), True)
    done = run(store, name="a", size=1)
    assert not done.failed and done.result["changed"]
    assert done.result["widget"]["id"] == 7
    assert store.writes == ["create"]
    assert "re-reading shows" in done.module.warnings[0]


def test_failed_delete_reports_object_still_there():
    store = Store({"id": 7, "name": "a"})
    store.fail_next = (ApiError("Demo", "demo.delete", "has hosts", code=1101030), False)
    done = run(store, name="a", state="absent")
    assert done.failed and done.result["widget"] == {"id": 7, "name": "a"}
    assert done.result["changed"] is False


def test_diff_is_left_out_unless_asked():
    done = run(Store(), diff=False, name="a")
    assert "diff" not in done.result


def test_plan_normalises_text_and_numbers():
    widget = Widget(FakeModule({}), Store())
    assert plan(widget, {"size": 3, "name": "a"}, {"size": "3", "name": "a"}) == {}
    assert plan(widget, {"flag": False}, {"flag": None}) == {"flag": False}
    assert plan(widget, {"tags": ["a"]}, {"tags": ["a"]}) == {}


def test_masked_handles_nesting_and_leaves_empty_values():
    obj = {"auth": {"password": "x", "user": "u"}, "list": [{"password": ""}], "password": None}
    assert masked(obj, {"password"}) == {"auth": {"password": "********", "user": "u"},
                                         "list": [{"password": ""}], "password": None}


class Note(Widget):
    write_only = ("note",)


def test_write_only_keys_are_not_compared_but_ride_along_with_changes():
    store = Store({"id": 7, "name": "a", "size": 1})
    module = FakeModule(dict(name="a", size=1, note="n", state="present"))
    with pytest.raises(Exit) as done:
        ensure(Note(module, store), "present")
    assert done.value.result["changed"] is False and store.writes == []
    module = FakeModule(dict(name="a", size=2, note="n", state="present"))
    with pytest.raises(Exit) as done:
        ensure(Note(module, store), "present")
    assert store.writes == [("update", {"size": 2, "note": "n"})]


def test_a_create_only_key_the_platform_does_not_return_is_not_compared():
    store = Store({"id": 7, "name": "a"})
    done = run(store, name="a", kind="big")
    assert not done.failed and done.result["changed"] is False and store.writes == []


class Needy(Widget):
    create_requires = (("size_option", "size"), ("kind", "kind"))


def test_what_a_new_object_needs_is_checked_before_creating_or_predicting():
    for check_mode in (False, True):
        store = Store()
        module = FakeModule(dict(name="a", state="present"), check_mode=check_mode)
        with pytest.raises(Exit) as done:
            ensure(Needy(module, store), "present")
        assert done.value.failed and done.value.result["msg"] == "size_option and kind are required to create widget 'a'"
        assert store.writes == []


@pytest.mark.parametrize("state, obj, params, write", [
    ("present", None, dict(name="a", size=1), "create"),
    ("present", {"id": 7, "name": "a", "size": 1}, dict(name="a", size=2), ("update", {"size": 2})),
    ("absent", {"id": 7, "name": "a"}, dict(name="a"), "delete"),
])
def test_a_write_that_did_not_land_is_sent_again_after_a_re_read(sleeps, state, obj, params, write):
    store = Store(obj)
    store.failures = [(transient(retry_after="1"), False), (transient(), False)]
    done = run(store, retries=3, state=state, **params)
    assert not done.failed and done.result["changed"]
    assert store.writes == [write] * 3
    assert done.module.warnings == []
    assert len(sleeps) == 2 and 1.0 <= sleeps[0] <= 1.5  # Retry-After honoured
    assert (store.obj is None) == (state == "absent")


def test_a_write_that_landed_unanswered_is_never_sent_again(sleeps):
    store = Store({"id": 7, "name": "a", "size": 1})
    store.fail_next = (transient(), True)
    done = run(store, retries=3, name="a", size=2)
    assert not done.failed and done.result["changed"]
    assert store.writes == [("update", {"size": 2})] and sleeps == []
    assert done.module.warnings == ["widget 'a': Demo demo.write failed, HTTP 503: busy; re-reading shows "
                                    "the change was applied"]


def test_retries_run_out_and_the_true_state_is_reported(sleeps):
    store = Store()
    store.failures = [(transient(), False)] * 4
    done = run(store, retries=2, name="a", size=1)
    assert done.failed and done.result["changed"] is False and done.result["widget"] is None
    assert store.writes == ["create"] * 3 and len(sleeps) == 2
    assert done.result["error"]["status"] == 503


def test_a_refusal_is_never_retried(sleeps):
    store = Store({"id": 7, "name": "a", "size": 1})
    store.fail_next = (ApiError("Demo", "demo.update", "bad value", status=200, code=1199006), False)
    done = run(store, retries=5, name="a", size=2)
    assert done.failed and store.writes == [("update", {"size": 2})] and sleeps == []
    assert done.result["error"]["code"] == 1199006


def test_a_create_refused_because_another_writer_made_it_changes_nothing_and_warns_nothing():
    store = Store()
    store.other_writer = {"id": 9, "name": "a", "size": 1}
    done = run(store, retries=3, name="a", size=1)
    assert not done.failed and done.result["changed"] is False
    assert done.module.warnings == []
    assert done.result["widget"]["id"] == 9 and store.writes == ["create"]


def test_a_retry_is_planned_from_what_the_re_read_shows():
    """A create that did not land, while another writer made the object with another size: update it."""
    store = Store()
    store.fail_next = (transient(), {"id": 9, "name": "a", "size": 5})
    done = run(store, retries=3, name="a", size=1)
    assert not done.failed and done.result["changed"]
    assert store.writes == ["create", ("update", {"size": 1})]
    assert store.obj == {"id": 9, "name": "a", "size": 1}

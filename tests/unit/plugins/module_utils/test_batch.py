# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""converge_list(): many objects in one run, against an in-memory platform."""

from __future__ import annotations

import threading

import pytest

from ansible_collections.clusterops.platforms.plugins.module_utils import _resource
from ansible_collections.clusterops.platforms.plugins.module_utils._batch import converge_list
from ansible_collections.clusterops.platforms.plugins.module_utils._client import ApiError
from ansible_collections.clusterops.platforms.plugins.module_utils._resource import Resource, UserError


class Exit(Exception):
    def __init__(self, failed, result):
        super().__init__(result)
        self.failed = failed
        self.result = result


class FakeModule:
    def __init__(self, items, check_mode=False, diff=True, purge=False, workers=4):
        self.params = dict(widgets=items, purge=purge, max_concurrent_writes=workers, retries=2, state="present",
                           name=None, size=None, kind=None, password=None)
        self.check_mode = check_mode
        self._diff = diff
        self.warnings = []

    def exit_json(self, **result):
        raise Exit(False, result)

    def fail_json(self, **result):
        raise Exit(True, result)

    def warn(self, text):
        self.warnings.append(text)


class Platform:
    """Objects by name; counts reads and writes; can refuse or fail the writes of some names."""

    def __init__(self, *objects):
        self.objects = {o["name"]: dict(o) for o in objects}
        self.reads = 0
        self.writes = []
        self.refuse = set()
        self.lose = set()  # answers lost after the write lands, once per name
        self.lock = threading.Lock()
        self.next_id = 100

    def write(self, op, name, apply):
        with self.lock:
            self.writes.append((op, name))
            if name in self.refuse:
                raise ApiError("Demo", "demo." + op, "refused %s" % name, code=7)
            apply()
            if name in self.lose:
                self.lose.discard(name)
                raise ApiError("Demo", "demo." + op, "connection reset", transient=True)


class Widget(Resource):
    return_key = "widget"
    secret_keys = frozenset({"password"})
    create_only = ("kind",)

    def desired(self):
        if int(self.params.get("size") or 0) < 0:
            raise UserError("size must not be negative")
        return {k: self.params[k] for k in ("name", "size", "kind", "password") if self.params[k] is not None}

    def read_scope(self):
        self.client.reads += 1
        return [dict(o) for o in self.client.objects.values()]

    def find(self):
        self.client.reads += 1
        found = self.client.objects.get(self.params["name"])
        return dict(found) if found else None

    def create(self, desired):
        platform = self.client

        def make():
            platform.next_id += 1
            platform.objects[desired["name"]] = dict(desired, id=platform.next_id)
        platform.write("create", desired["name"], make)
        return dict(platform.objects[desired["name"]])

    def update(self, current, changes):
        self.client.write("update", current["name"], lambda: self.client.objects[current["name"]].update(changes))

    def delete(self, current):
        self.client.write("delete", current["name"], lambda: self.client.objects.pop(current["name"]))

    def purgeable(self, obj):
        return not obj.get("builtin")


def run(platform, items, **options):
    module = FakeModule(items, **options)
    with pytest.raises(Exit) as done:
        converge_list(module, "widgets", lambda params: Widget(module, platform, params))
    done.value.module = module
    return done.value


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch):
    monkeypatch.setattr(_resource.time, "sleep", lambda seconds: None)


def test_creates_updates_and_deletes_with_one_read_and_results_in_order():
    platform = Platform(dict(name="b", size=1, id=1), dict(name="c", size=1, id=2), dict(name="d", size=5, id=3))
    done = run(platform, [dict(name="a", size=1), dict(name="b", size=2), dict(name="c", state="absent"),
                          dict(name="d", size=5)])
    assert not done.failed and done.result["changed"]
    assert [(r["name"], r["state"], r["changed"]) for r in done.result["widgets"]] == [
        ("a", "present", True), ("b", "present", True), ("c", "absent", True), ("d", "present", False)]
    assert sorted(platform.writes) == [("create", "a"), ("delete", "c"), ("update", "b")]
    assert platform.reads == 2  # the scope before, and everything written read back once
    assert done.result["widgets"][1]["widget"] == dict(name="b", size=2, id=1)
    assert done.result["widgets"][2]["widget"] is None


def test_an_unchanged_list_is_one_read_and_no_write():
    platform = Platform(*(dict(name="w%d" % n, size=n, id=n) for n in range(50)))
    done = run(platform, [dict(name="w%d" % n, size=str(n)) for n in range(50)])
    assert not done.failed and done.result["changed"] is False
    assert platform.writes == [] and platform.reads == 1


def test_check_mode_predicts_every_item_and_writes_nothing():
    platform = Platform(dict(name="b", size=1, id=1), dict(name="x", id=9))
    done = run(platform, [dict(name="a", size=1), dict(name="b", size=2)], check_mode=True, purge=True)
    assert done.result["changed"] and platform.writes == [] and platform.reads == 1
    assert [(r["name"], r["changed"], r["widget"]) for r in done.result["widgets"]] == [
        ("a", True, dict(name="a", size=1)), ("b", True, dict(name="b", size=2, id=1)), ("x", True, None)]
    assert done.result["diff"]["before"] == {"b": dict(name="b", size=1, id=1), "x": dict(name="x", id=9)}
    assert done.result["diff"]["after"] == {"a": dict(name="a", size=1), "b": dict(name="b", size=2, id=1)}


def test_purge_deletes_what_the_list_does_not_name_but_never_a_builtin_object():
    platform = Platform(dict(name="keep", id=1), dict(name="stray", id=2), dict(name="idle", id=3, builtin=True))
    done = run(platform, [dict(name="keep")], purge=True)
    assert platform.writes == [("delete", "stray")]
    assert [(r["name"], r["state"], r["purged"], r["changed"]) for r in done.result["widgets"]] == [
        ("keep", "present", False, False), ("stray", "absent", True, True)]
    assert sorted(platform.objects) == ["idle", "keep"]


def test_without_purge_other_objects_are_left_alone():
    platform = Platform(dict(name="stray", id=2))
    done = run(platform, [dict(name="keep")])
    assert platform.writes == [("create", "keep")] and "stray" in platform.objects
    assert [r["name"] for r in done.result["widgets"]] == ["keep"]


def test_one_failing_item_does_not_stop_the_others_and_the_message_names_it():
    platform = Platform(dict(name="b", size=1, id=1))
    platform.refuse = {"b"}
    done = run(platform, [dict(name="a", size=1), dict(name="b", size=2), dict(name="c", size=3)])
    assert done.failed and done.result["changed"]
    assert sorted(platform.writes) == [("create", "a"), ("create", "c"), ("update", "b")]
    assert done.result["msg"] == "1 of 3 widgets failed: 'b': Demo demo.update failed, code 7: refused b"
    failed = done.result["widgets"][1]
    assert failed["failed"] and failed["error"]["code"] == 7 and failed["widget"]["size"] == 1
    assert [r["failed"] for r in done.result["widgets"]] == [False, True, False]


def test_a_lost_answer_is_not_written_twice_and_warns_naming_the_object():
    platform = Platform()
    platform.lose = {"a"}
    done = run(platform, [dict(name="a", size=1), dict(name="b", size=1)])
    assert not done.failed and sorted(platform.writes) == [("create", "a"), ("create", "b")]
    assert [r["changed"] for r in done.result["widgets"]] == [True, True]
    assert len(done.module.warnings) == 1 and done.module.warnings[0].startswith("widget 'a': ")


def test_bad_input_fails_before_any_request_naming_the_item():
    platform = Platform()
    done = run(platform, [dict(name="a", size=1), dict(name="b", size=-1)])
    assert done.failed and platform.reads == 0 and platform.writes == []
    assert done.result["msg"] == "widgets[1] ('b'): size must not be negative"


def test_the_same_object_twice_is_an_error():
    platform = Platform()
    done = run(platform, [dict(name="a"), dict(name="a", size=2)])
    assert done.failed and platform.reads == 0
    assert done.result["msg"] == "widgets[0] and widgets[1] both describe 'a'"


def test_secrets_are_masked_in_results_and_diff():
    platform = Platform(dict(name="a", password="old-secret", id=1))
    done = run(platform, [dict(name="a", password="new-secret")])
    text = repr(done.result)
    assert "old-secret" not in text and "new-secret" not in text
    assert done.result["diff"]["after"]["a"]["password"] == "********"


def test_writes_run_concurrently_up_to_the_limit():
    platform = Platform()
    running, peak = [0], [0]
    original = platform.write

    def slow_write(op, name, apply):
        with platform.lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        threading.Event().wait(0.05)
        try:
            return original(op, name, apply)
        finally:
            with platform.lock:
                running[0] -= 1
    platform.write = slow_write
    run(platform, [dict(name="w%d" % n) for n in range(12)], workers=3)
    assert len(platform.objects) == 12 and peak[0] == 3


def test_top_level_options_apply_to_every_item_that_does_not_set_them():
    platform = Platform(dict(name="gone", id=5))
    module = FakeModule([dict(name="a"), dict(name="b", size=9), dict(name="gone", state="absent")])
    module.params["size"] = 3
    with pytest.raises(Exit) as done:
        converge_list(module, "widgets", lambda params: Widget(module, platform, params))
    assert {name: obj["size"] for name, obj in platform.objects.items()} == {"a": 3, "b": 9}
    assert not done.value.failed


def test_purge_with_an_empty_list_deletes_every_purgeable_object():
    platform = Platform(dict(name="x", id=1), dict(name="idle", id=3, builtin=True))
    done = run(platform, [], purge=True)
    assert platform.writes == [("delete", "x")] and sorted(platform.objects) == ["idle"]
    assert [(r["name"], r["purged"]) for r in done.result["widgets"]] == [("x", True)]

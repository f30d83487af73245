# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""cmdb_host and cmdb_host_info with HTTP mocked: validation, request counts, grouping, faults.

A small in-test CMDB answers the components, so that faults and large numbers are cheap to set up
(test_cmdb_host_emulator.py runs the modules against the real emulator)."""

from __future__ import annotations

import json
import re

import pytest
import responses

from ansible_collections.clusterops.platforms.plugins.modules import cmdb_host, cmdb_host_info

BK = "https://paas.example.com"
SECRET = "app-secret-3f9a"
CONNECTION = dict(bk_url=BK, bk_app_code="clusterops", bk_app_secret=SECRET, bk_username="admin", retries=0)
POOL, BIZ, OTHER = 1, 3, 4
IDLE, FAULT, MYSQL, BACKUP, OTHER_IDLE = 5, 6, 11, 12, 45
MYSQL_BY_NAME = dict(bk_set_name="db", bk_module_name="mysql")


class FakeCmdb:
    """Hosts in businesses and modules, and the components cmdb_host calls."""

    def __init__(self, hosts=12):
        self.relations = {i: (POOL, {1}) for i in range(1, hosts + 1)}  # host id: (business, modules)
        self.calls = []
        self.fail = {}  # component: (code, message, lands) to answer once with an error

    def ip(self, host_id):
        return "10.0.%d.%d" % (host_id // 250, host_id % 250 + 1)

    def register(self, mock):
        mock.add_callback(responses.POST, re.compile(BK + "/api/c/compapi/v2/cc/.*"), callback=self.answer)

    def answer(self, request):
        component = request.url.split("/cc/")[1].rstrip("/")
        body = json.loads(request.body)
        self.calls.append((component, body))
        if component in self.fail:
            code, message, lands = self.fail.pop(component)
            if lands:
                getattr(self, component)(body)
            return 200, {}, json.dumps(dict(result=False, code=code, message=message, data=None, request_id="rid-f"))
        return 200, {}, json.dumps(dict(result=True, code=0, message="", data=getattr(self, component)(body),
                                        request_id="rid-ok"))

    @staticmethod
    def page(records, body, limit=200):
        page = body["page"]
        assert page["limit"] <= limit
        return dict(count=len(records), info=records[page["start"]:page["start"] + page["limit"]])

    def search_business(self, body):
        businesses = [dict(bk_biz_id=POOL, bk_biz_name="资源池", default=1), dict(bk_biz_id=BIZ, bk_biz_name="payments", default=0),
                      dict(bk_biz_id=OTHER, bk_biz_name="legacy", default=0)]
        rule = body["biz_property_filter"]["rules"][0]
        return self.page([b for b in businesses if b[rule["field"]] == rule["value"]], body)

    def search_set(self, body):
        return self.page([dict(bk_set_id=10, bk_set_name="db", bk_biz_id=BIZ, bk_parent_id=BIZ, default=0)], body)

    def search_module(self, body):
        assert body["bk_biz_id"] == BIZ and "bk_set_id" not in body
        return self.page([dict(bk_module_id=MYSQL, bk_module_name="mysql", bk_set_id=10, default=0),
                          dict(bk_module_id=BACKUP, bk_module_name="backup", bk_set_id=10, default=0)], body)

    def get_biz_internal_module(self, body):
        idle, fault = (IDLE, FAULT) if body["bk_biz_id"] == BIZ else (OTHER_IDLE, OTHER_IDLE + 1)
        return dict(bk_set_id=4, bk_set_name="空闲机池", module=[
            dict(bk_module_id=idle, bk_module_name="空闲机", default=1),
            dict(bk_module_id=fault, bk_module_name="故障机", default=2)])

    def list_hosts_without_biz(self, body):
        rule = body["host_property_filter"]["rules"][0]
        assert rule["operator"] == "in" and len(rule["value"]) <= 500
        hosts = [dict(bk_host_id=i, bk_host_innerip=self.ip(i), bk_cloud_id=0, bk_host_name="h%d" % i)
                 for i in sorted(self.relations)]
        return self.page([h for h in hosts if h[rule["field"]] in rule["value"]], body, 500)

    def find_host_biz_relations(self, body):
        assert len(body["bk_host_id"]) <= 500
        return [dict(bk_host_id=h, bk_biz_id=self.relations[h][0], bk_module_id=m, bk_set_id=0)
                for h in body["bk_host_id"] if h in self.relations for m in sorted(self.relations[h][1])]

    def _move(self, body, biz, modules):
        assert len(body["bk_host_id"]) <= 500
        for host in body["bk_host_id"]:
            self.relations[host] = (biz, set(modules))

    def transfer_resourcehost_to_idlemodule(self, body):
        assert all(self.relations[h][0] == POOL for h in body["bk_host_id"])
        self._move(body, body["bk_biz_id"], {IDLE})

    def transfer_host_to_idlemodule(self, body):
        assert all(self.relations[h][0] == body["bk_biz_id"] for h in body["bk_host_id"])
        self._move(body, body["bk_biz_id"], {IDLE if body["bk_biz_id"] == BIZ else OTHER_IDLE})

    def transfer_host_across_biz(self, body):
        assert all(self.relations[h] == (body["src_bk_biz_id"], {OTHER_IDLE}) for h in body["bk_host_id"])
        self._move(body, body["dst_bk_biz_id"], {body["bk_module_id"]})

    def transfer_host_to_resourcemodule(self, body):
        assert all(self.relations[h][1] <= {IDLE, FAULT} for h in body["bk_host_id"])
        self._move(body, POOL, {1})

    def transfer_host_module(self, body):
        assert all(self.relations[h][0] == body["bk_biz_id"] for h in body["bk_host_id"])
        for host in body["bk_host_id"]:
            current = self.relations[host][1] - {IDLE, FAULT} if body["is_increment"] else set()
            self.relations[host] = (body["bk_biz_id"], current | set(body["bk_module_id"]))

    def components(self):
        return [call[0] for call in self.calls]

    def writes(self):
        return [(c, b) for c, b in self.calls if c.startswith("transfer")]


@pytest.fixture
def cmdb():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        fake = FakeCmdb()
        fake.register(mock)
        yield fake


def test_one_pool_host_is_taken_into_the_business_then_placed(run_module, cmdb):
    result, failed = run_module(cmdb_host, dict(CONNECTION, bk_biz_id=BIZ, bk_host_innerip="10.0.0.3",
                                                modules=[MYSQL_BY_NAME]), diff=True)
    assert not failed and result["changed"]
    assert cmdb.relations[2] == (BIZ, {MYSQL})
    assert [call[0] for call in cmdb.writes()] == ["transfer_resourcehost_to_idlemodule", "transfer_host_module"]
    assert cmdb.writes()[1][1] == dict(bk_biz_id=BIZ, bk_host_id=[2], bk_module_id=[MYSQL], is_increment=False)
    assert result["host"]["modules"] == [dict(bk_set_id=10, bk_set_name="db", bk_module_id=MYSQL, bk_module_name="mysql")]
    assert result["host"]["resource_pool"] is False and result["host"]["bk_biz_id"] == BIZ
    assert result["diff"] == dict(before={"10.0.0.3": "resource pool"}, after={"10.0.0.3": ["db/mysql"]})

    cmdb.calls.clear()
    result, failed = run_module(cmdb_host, dict(CONNECTION, bk_biz_id=BIZ, bk_host_innerip="10.0.0.3",
                                                modules=[dict(bk_module_id=MYSQL)]))
    assert not failed and result["changed"] is False and cmdb.writes() == []


def test_check_mode_predicts_and_sends_no_write(run_module, cmdb):
    result, failed = run_module(cmdb_host, dict(CONNECTION, bk_biz_id=BIZ, bk_host_id=2, modules=[MYSQL_BY_NAME]),
                                check_mode=True, diff=True)
    assert not failed and result["changed"]
    assert cmdb.writes() == [] and cmdb.relations[2] == (POOL, {1})
    assert result["host"]["modules"][0]["bk_module_name"] == "mysql"
    assert result["diff"]["after"] == {"host 2": ["db/mysql"]}


def test_the_list_form_reads_and_writes_in_batches_of_500(run_module):
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        cmdb = FakeCmdb(hosts=1200)
        cmdb.register(mock)
        hosts = [dict(bk_host_innerip=cmdb.ip(i)) for i in range(1, 1101)]
        hosts += [dict(bk_host_id=i, modules=[dict(bk_module_id=BACKUP)]) for i in range(1101, 1201)]
        result, failed = run_module(cmdb_host, dict(CONNECTION, bk_biz_id=BIZ, modules=[MYSQL_BY_NAME], hosts=hosts))
        assert not failed, result["msg"]
        assert all(cmdb.relations[i] == (BIZ, {MYSQL}) for i in range(1, 1101))
        assert all(cmdb.relations[i] == (BIZ, {BACKUP}) for i in range(1101, 1201))
        writes = [(c, len(b["bk_host_id"]), b.get("bk_module_id")) for c, b in cmdb.writes()]
        assert writes == [("transfer_resourcehost_to_idlemodule", 500, None)] * 2 + [
            ("transfer_resourcehost_to_idlemodule", 200, None), ("transfer_host_module", 500, [MYSQL]),
            ("transfer_host_module", 500, [MYSQL]), ("transfer_host_module", 100, [MYSQL]),
            ("transfer_host_module", 100, [BACKUP])]
        reads = [c for c in cmdb.components() if not c.startswith("transfer")]
        # the business's sets, modules and idle set, the pool business; 3 + 1 host searches (by IP, by id);
        # 3 relation reads before and 3 after: no request per host
        assert sorted(reads) == sorted(["search_set", "get_biz_internal_module", "search_module", "search_business"]
                                       + ["list_hosts_without_biz"] * 4 + ["find_host_biz_relations"] * 6)
        assert len(result["hosts"]) == 1200 and all(h["changed"] for h in result["hosts"])

        cmdb.calls.clear()
        result, failed = run_module(cmdb_host, dict(CONNECTION, bk_biz_id=BIZ, modules=[MYSQL_BY_NAME], hosts=hosts))
        assert not failed and result["changed"] is False and cmdb.writes() == []
        assert len(cmdb.calls) <= 10


def test_idle_and_resource_pool_states(run_module, cmdb):
    cmdb.relations[2] = (BIZ, {MYSQL, BACKUP})
    cmdb.relations[3] = (BIZ, {FAULT})
    cmdb.relations[4] = (BIZ, {MYSQL})
    result, failed = run_module(cmdb_host, dict(CONNECTION, bk_biz_id=BIZ, hosts=[
        dict(bk_host_id=2, state="idle"), dict(bk_host_id=3, state="resource_pool"),
        dict(bk_host_id=4, state="resource_pool"), dict(bk_host_id=5, state="resource_pool")]), diff=True)
    assert not failed and [h["changed"] for h in result["hosts"]] == [True, True, True, False]
    assert cmdb.relations[2] == (BIZ, {IDLE})
    assert cmdb.relations[3][0] == cmdb.relations[4][0] == POOL
    assert [(c, b["bk_host_id"]) for c, b in cmdb.writes()] == [
        ("transfer_host_to_idlemodule", [2, 4]), ("transfer_host_to_resourcemodule", [3, 4])]
    assert result["diff"]["before"]["host 2"] == ["db/backup", "db/mysql"]
    assert result["diff"]["after"]["host 2"] == ["空闲机池/空闲机"]
    assert result["hosts"][1]["host"]["resource_pool"] is True
    assert cmdb.components().count("search_business") == 1  # the pool is looked up once, not once per host


def test_append_keeps_the_other_modules(run_module, cmdb):
    cmdb.relations[2] = (BIZ, {BACKUP})
    result, failed = run_module(cmdb_host, dict(CONNECTION, bk_biz_id=BIZ, bk_host_id=2, append=True,
                                                modules=[MYSQL_BY_NAME]))
    assert not failed and result["changed"] and cmdb.relations[2] == (BIZ, {BACKUP, MYSQL})
    assert cmdb.writes()[0][1]["is_increment"] is True
    cmdb.calls.clear()
    result, failed = run_module(cmdb_host, dict(CONNECTION, bk_biz_id=BIZ, bk_host_id=2, append=True,
                                                modules=[dict(bk_module_id=BACKUP)]))
    assert not failed and result["changed"] is False and cmdb.writes() == []


@pytest.mark.parametrize("args, words", [
    (dict(bk_host_innerip="10.0.0.300", modules=[MYSQL_BY_NAME]), "bk_host_innerip must be one IPv4 or IPv6 address"),
    (dict(bk_host_id=2), "modules must name at least one module with state=present"),
    (dict(bk_host_id=2, modules=[dict(bk_set_name="db")]), "modules[0] must give either bk_module_id, or bk_set_name"),
    (dict(bk_host_id=2, modules=[dict(bk_module_id=1, bk_set_name="db", bk_module_name="x")]), "modules[0] must give"),
    (dict(bk_host_id=2, state="idle", modules=[MYSQL_BY_NAME]), "modules and append are for state=present"),
    (dict(bk_host_innerip="10.0.0.1", bk_cloud_id=-1, state="idle"), "bk_cloud_id must be 0 or more"),
    (dict(hosts=[dict(bk_host_id=2), dict(bk_host_id=2)], state="idle"), "hosts[0] and hosts[1] both name host 2"),
    (dict(hosts=[dict(bk_host_id=2, bk_host_innerip="10.0.0.1")], state="idle"),
     "hosts[0]: exactly one of bk_host_innerip and bk_host_id"),
    (dict(hosts=[dict(bk_host_id=2, state="idle", modules=[MYSQL_BY_NAME])]), "hosts[0]: modules and append are for"),
])
def test_bad_input_fails_before_any_request(run_module, cmdb, args, words):
    result, failed = run_module(cmdb_host, dict(CONNECTION, bk_biz_id=BIZ, **args))
    assert failed and words in result["msg"], result["msg"]
    assert cmdb.calls == []


def test_an_item_inherits_the_task_modules_but_not_for_another_state(run_module, cmdb):
    result, failed = run_module(cmdb_host, dict(CONNECTION, bk_biz_id=BIZ, modules=[MYSQL_BY_NAME], hosts=[
        dict(bk_host_id=2), dict(bk_host_id=3, state="idle")]))
    assert not failed and cmdb.relations[2] == (BIZ, {MYSQL}) and cmdb.relations[3] == (BIZ, {IDLE})


@pytest.mark.parametrize("args, words", [
    (dict(bk_host_innerip="10.9.9.9", modules=[MYSQL_BY_NAME]), "not in CMDB: 10.9.9.9; this module places hosts"),
    (dict(bk_host_id=2, modules=[dict(bk_set_name="db", bk_module_name="nope")]),
     "modules[0]: business 3 has no module 'nope' in a set 'db'"),
    (dict(bk_host_id=2, modules=[dict(bk_module_id=99)]), "business 3 has no module with bk_module_id 99"),
    (dict(bk_host_id=2, modules=[dict(bk_module_id=FAULT)]), "is a built-in module of the idle set; use state=idle"),
    (dict(bk_host_id=7, modules=[MYSQL_BY_NAME]), "host 7 belongs to business 'legacy' (bk_biz_id 4), not to business 3"),
    (dict(hosts=[dict(bk_host_innerip="10.0.0.3"), dict(bk_host_id=2)], modules=[MYSQL_BY_NAME]),
     "10.0.0.3 and host 2 are the same host (bk_host_id 2)"),
])
def test_what_cannot_be_done_fails_before_any_write(run_module, cmdb, args, words):
    cmdb.relations[7] = (OTHER, {40})
    result, failed = run_module(cmdb_host, dict(CONNECTION, bk_biz_id=BIZ, **args))
    assert failed and words in result["msg"], result["msg"]
    assert cmdb.writes() == []


def test_a_refused_transfer_reports_the_error_and_the_true_placement(run_module, cmdb):
    cmdb.fail["transfer_host_module"] = (1199999, "no permission to edit service instance", False)
    result, failed = run_module(cmdb_host, dict(CONNECTION, bk_biz_id=BIZ, modules=[MYSQL_BY_NAME], hosts=[
        dict(bk_host_id=2), dict(bk_host_id=3, modules=[dict(bk_module_id=BACKUP)])]))
    assert failed and "host 2" in result["msg"] and "1199999" in result["msg"] and "rid-f" in result["msg"]
    first, second = result["hosts"]
    assert first["failed"] and first["error"]["operation"] == "cc.transfer_host_module"
    assert first["error"]["code"] == 1199999
    # taken from the pool, then refused: the host is in the business's idle module, and says so
    assert first["changed"] and first["host"]["modules"][0]["bk_module_id"] == IDLE
    assert not second["failed"] and second["host"]["modules"][0]["bk_module_id"] == BACKUP
    assert SECRET not in repr(result)


def test_a_transfer_whose_answer_is_lost_is_not_sent_again(run_module, cmdb):
    cmdb.relations[2] = (BIZ, {IDLE})
    cmdb.fail["transfer_host_module"] = (1199999, "gateway lost the answer", True)
    result, failed = run_module(cmdb_host, dict(CONNECTION, bk_biz_id=BIZ, bk_host_id=2, modules=[MYSQL_BY_NAME]))
    # a refusal whose re-read shows the transfer done anyway: converged, one transfer only
    assert not failed and result["changed"] and cmdb.relations[2] == (BIZ, {MYSQL})
    assert [call[0] for call in cmdb.writes()] == ["transfer_host_module"]


def test_info_lists_hosts_with_their_modules_by_pages_of_500(run_module):
    records = [dict(host=dict(bk_host_id=i, bk_host_innerip="10.1.0.%d" % i), topo=[
        dict(bk_set_id=10, bk_set_name="db", module=[dict(bk_module_id=MYSQL, bk_module_name="mysql")])])
        for i in range(1, 1001)]
    with responses.RequestsMock() as mock:
        for start in (0, 500):
            mock.add(responses.POST, BK + "/api/c/compapi/v2/cc/list_biz_hosts_topo/", json=dict(
                result=True, code=0, message="", data=dict(count=1000, info=records[start:start + 500])))
        result, failed = run_module(cmdb_host_info, dict(CONNECTION, bk_biz_id=BIZ, bk_module_names=["mysql"],
                                                         bk_host_innerips=["10.1.0.1", "10.1.0.2"]))
        bodies = [json.loads(c.request.body) for c in mock.calls]
    assert not failed and len(result["hosts"]) == 1000 and result["bk_biz_id"] == BIZ
    assert result["hosts"][0] == dict(bk_host_id=1, bk_host_innerip="10.1.0.1", bk_biz_id=BIZ, modules=[
        dict(bk_set_id=10, bk_set_name="db", bk_module_id=MYSQL, bk_module_name="mysql")])
    assert [b["page"] for b in bodies] == [dict(start=0, limit=500), dict(start=500, limit=500)]
    assert bodies[0]["module_property_filter"]["rules"] == [dict(field="bk_module_name", operator="in", value=["mysql"])]
    assert bodies[0]["host_property_filter"]["rules"][0]["value"] == ["10.1.0.1", "10.1.0.2"]
    assert "set_property_filter" not in bodies[0]


def test_info_with_an_empty_filter_list_matches_nothing_without_a_request(run_module):
    with responses.RequestsMock() as mock:
        result, failed = run_module(cmdb_host_info, dict(CONNECTION, bk_biz_id=BIZ, bk_set_names=[]))
        assert not failed and result["hosts"] == [] and len(mock.calls) == 0


def test_a_host_of_another_business_is_taken_only_on_purpose(run_module, cmdb):
    cmdb.relations.update({7: (OTHER, {40}), 8: (OTHER, {OTHER_IDLE}), 9: (OTHER, {41})})
    args = dict(CONNECTION, bk_biz_id=BIZ, modules=[MYSQL_BY_NAME], take_from_other_business=True,
                hosts=[dict(bk_host_id=7), dict(bk_host_id=8), dict(bk_host_id=9, state="idle")])
    result, failed = run_module(cmdb_host, args, check_mode=True, diff=True)
    assert not failed and result["changed"] and cmdb.writes() == []
    assert result["diff"]["after"] == {"host 7": ["db/mysql"], "host 8": ["db/mysql"], "host 9": ["空闲机池/空闲机"]}

    result, failed = run_module(cmdb_host, args)
    assert not failed and result["changed"]
    assert [(c, b.get("src_bk_biz_id", b.get("bk_biz_id")), b["bk_host_id"]) for c, b in cmdb.writes()] == [
        ("transfer_host_to_idlemodule", OTHER, [7, 9]), ("transfer_host_across_biz", OTHER, [7, 8, 9]),
        ("transfer_host_module", BIZ, [7, 8])]
    assert cmdb.writes()[1][1]["dst_bk_biz_id"] == BIZ and cmdb.writes()[1][1]["bk_module_id"] == IDLE
    assert cmdb.relations[7] == cmdb.relations[8] == (BIZ, {MYSQL}) and cmdb.relations[9] == (BIZ, {IDLE})

    cmdb.relations[10] = (OTHER, {40})
    result, failed = run_module(cmdb_host, dict(CONNECTION, bk_biz_id=BIZ, bk_host_id=10, state="resource_pool",
                                                take_from_other_business=True))
    assert failed and "host 10 belongs to business 'legacy'" in result["msg"]

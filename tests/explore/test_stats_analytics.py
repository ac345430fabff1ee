"""The analyses as pure functions over hand-written rows: every expected number below is worked out by hand
from the few rows written here."""

import pytest

from kg.explore.analytics import compare, lineage, network, places, report, tables, workload
from kg.explore.analytics.rows import (Agency, Basis, Due, Duty, Link, Mention, Plan, Rows, TaskTitle, number_key,
                                       only_plans)
from kg.explore.analytics.tables import plan_keys
from kg.explore.analytics.topics import topics_of

ID = "https://w3id.org/policy-kg/id/"
U = ID + "unit/"


def _agency(name: str, where: str = "甲市", function: str = "生态环境") -> Agency:
    return Agency(U + where + name, name, name, where, function, "x")


def _rows() -> Rows:
    """Plan A (甲市) has tasks 1-3, plan B (乙市) tasks 1-2; A.1 derives from B.1, A.2 from B.1 and B.2."""
    plans = (Plan(ID + "plan/A", "A", "甲市方案", "甲市", 2025, 3), Plan(ID + "plan/B", "B", "乙市方案", "乙市", 2024, 2))
    env, water, town = _agency("环境局"), _agency("水利局", function="水利水务"), _agency("各镇", function="地方")
    other = _agency("环境局", "乙市")
    duties = (
        Duty("A", "A1", "1", env.iri, "lead"), Duty("A", "A1", "1", water.iri, "participant"),
        Duty("A", "A1", "1", env.iri, "implementing"),  # the same unit in a second role: two obligations, one task
        Duty("A", "A2", "2", env.iri, "responsible"), Duty("A", "A2", "2", water.iri, "responsible"),
        Duty("A", "A2", "2", town.iri, "implementing"),
        Duty("A", "A3", "3", town.iri, "implementing"),
        Duty("B", "B1", "1", other.iri, "lead"),
    )
    mentions = (Mention("A", "A1", "river", "r/黄河", "黄河"), Mention("A", "A2", "river", "r/黄河", "黄河"),
                Mention("B", "B1", "river", "r/黄河", "黄河"), Mention("A", "A2", "section", "s/一", "一号断面"),
                Mention("A", "A2", "river", "r/沁河", "沁河"))
    dues = (Due("A", "A1", "1", "2025-06-30"), Due("A", "A1", "1", "2025-12-31"), Due("A", "A3", "3", "2025-12-31"),
            Due("B", "B2", "2", "2024-12-31"))
    titles = (TaskTitle("A", "A1", "1", "消除黑臭水体"), TaskTitle("A", "A2", "2", "加强饮用水水源保护"),
              TaskTitle("A", "A3", "3", "其他工作"), TaskTitle("B", "B1", "1", "治理黑臭水体"),
              TaskTitle("B", "B2", "2", "扬尘治理"))
    links = (Link("A", "1", "B", "1", 0.8), Link("A", "2", "B", "1", 0.4), Link("A", "2", "B", "2", 0.6))
    bases = (Basis("A", ID + "plan/B", "乙市方案", 0.67, "m"), Basis("A", ID + "doc/X", "某通知", 1.0, "cited"))
    return Rows(plans, (env, water, town, other), duties, mentions, dues, titles, links, bases)


def test_agency_load_counts_obligations_and_tasks():
    loads = {a.name + a.jurisdiction: a for a in workload.agency_load(_rows())}
    env = loads["环境局甲市"]
    assert (env.tasks, env.obligations) == (2, 3)
    assert env.by_role == {"lead": 1, "responsible": 1, "participant": 0, "implementing": 1}
    assert env.by_plan == {"A": 2}
    assert loads["各镇甲市"].by_role["implementing"] == 2
    # 2 tasks each; 环境局 holds 3 obligations to 各镇's 2, so it comes first
    assert [a.name for a in workload.agency_load(_rows())][:2] == ["环境局", "各镇"]


def test_function_and_plan_load():
    by_j = {(g.group, g.function): g for g in workload.function_load(_rows(), "jurisdiction")}
    assert by_j[("甲市", "生态环境")].obligations == 3 and by_j[("乙市", "生态环境")].obligations == 1
    assert by_j[("甲市", "水利水务")].by_role["responsible"] == 1
    by_p = {(g.group, g.function): g.tasks for g in workload.function_load(_rows(), "plan")}
    assert by_p[("A", "地方")] == 2
    a = workload.plan_load(_rows())[0]
    assert (a.tasks, a.tasks_with_duties, a.agencies, a.obligations) == (3, 3, 3, 7)


def test_network_pairs_degree_and_fixed_communities():
    rows = _rows()
    pairs = network.shared_tasks(rows)
    env, water, town = (U + "甲市" + n for n in ("环境局", "水利局", "各镇"))
    assert pairs[tuple(sorted((env, water)))] == 2  # tasks A1 and A2
    assert pairs[tuple(sorted((env, town)))] == 1 and pairs[tuple(sorted((water, town)))] == 1
    net = network.network(rows)
    nodes = {n.iri: n for n in net.nodes}
    assert nodes[env].degree == 2 and nodes[env].strength == 3
    assert nodes[U + "乙市环境局"].degree == 0  # always alone in its tasks, still a node
    assert net.components == 2
    again = network.network(rows)
    assert again.communities == net.communities  # the fixed seed makes Louvain reproducible


def test_places_and_calendar():
    rivers = places.places(_rows(), "river")
    assert [(p.label, p.tasks, p.plans) for p in rivers] == [("黄河", 3, ["A", "B"]), ("沁河", 1, ["A"])]
    months = [(m.plan, m.month, m.tasks, m.numbers) for m in places.calendar(_rows())]
    assert months == [("A", "2025-06", 1, ["1"]), ("A", "2025-12", 2, ["1", "3"]), ("B", "2024-12", 1, ["2"])]


def test_compare_functions_and_topics():
    profs = {p.plan: p for p in compare.profiles(_rows())}
    assert profs["A"].topics == {"black_odorous": 1, "drinking_water": 1} and profs["A"].untopical == ["3"]
    assert profs["B"].topics == {"black_odorous": 1, "dust": 1}
    diff = {(d.plan, d.other): d for d in compare.differences(list(profs.values()))}
    assert diff[("A", "B")].functions_only_here == ["地方", "水利水务"]
    assert diff[("A", "B")].topics_only_here == ["drinking_water"]
    assert diff[("B", "A")].topics_only_here == ["dust"] and diff[("B", "A")].functions_only_here == []


def test_lineage_pair_counts():
    (pair,) = lineage.pair_lineage(_rows())
    assert (pair.kept, pair.added, pair.dropped, pair.carried) == (2, 1, 0, 2)
    assert pair.added_tasks == ["3"] and pair.mean_score == pytest.approx(0.6)
    assert pair.plan_score == 0.67
    assert [c.label for c in lineage.cited_bases(_rows())] == ["某通知"]


def test_filter_keeps_the_directive_titles_lineage_needs():
    rows = only_plans(_rows(), {"A"})
    assert [p.stem for p in rows.plans] == ["A"] and all(d.plan == "A" for d in rows.duties)
    assert [a.name for a in rows.agencies if a.jurisdiction == "乙市"] == []
    (pair,) = lineage.pair_lineage(rows)
    assert pair.directive_tasks == 2 and pair.dropped == 0


def test_report_tables_and_keys():
    rep = report(_rows(), ["workload", "network", "places", "calendar", "compare", "lineage"])
    assert [p["plan"] for p in rep["plans"]] == ["A", "B"]
    titles = [t.title for t in tables(rep, top=5)]
    assert titles[0].startswith("plans") and any(t.startswith("lineage") for t in titles)
    assert all(len(row) == len(t.columns) for t in tables(rep) for row in t.rows)
    assert plan_keys(["000_5aa", "001_bb", "sub/x"]) == {"000_5aa": "000", "001_bb": "001", "sub/x": "sub"}
    assert plan_keys(["ab", "abc"]) == {"ab": "ab", "abc": "abc"}


def test_task_numbers_sort_as_read():
    assert sorted(["10", "9", "2"], key=number_key) == ["2", "9", "10"]
    assert sorted(["十一", "九", "十", "一"], key=number_key) == ["一", "九", "十", "十一"]


def test_topics_from_titles():
    assert topics_of("持续开展城市黑臭水体排查整治") == ["black_odorous"]
    assert topics_of("加强地下水污染风险管控") == ["soil_groundwater", "risk"]
    assert topics_of("补齐城镇环境基础设施建设短板") == ["sewage"]
    assert topics_of("其他工作") == []

"""The plan-level overview on the real seed build: what it draws, the weights of its aggregated edges, the
places on colliding agency names, and the tasks that wait in the page for a click. Every expectation is
asked of the store in SPARQL, independently of the view code."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest

import viz_synth
from kg.explore.query import run_local
from kg.graph.store import open_store
from kg.viz.draw import build_view, write_view

ID = "https://w3id.org/policy-kg/id/"
RANK = ["leadUnit", "responsibleUnit", "implementingUnit", "participantUnit"]


@pytest.fixture(scope="module")
def seed_store(seed_build):
    return open_store(seed_build)


@pytest.fixture(scope="module")
def view(seed_store):
    return build_view(seed_store, "overview")


def select(store, query: str) -> list[tuple]:
    return [tuple(None if t is None else t.value for t in row) for row in run_local(store, query).rows]


def test_draws_plans_sources_agencies_and_jurisdictions(seed_store, view):
    expected = {r[0] for r in select(seed_store, viz_synth.OVERVIEW_SPARQL)}
    assert set(view.nodes) == expected
    classes = Counter(n.cls for n in view.nodes.values())
    assert classes["Plan"] == 5 and classes["Jurisdiction"] == 5 and "Task" not in classes  # 孟州 焦作 河南 忻州 山西
    assert len(view.nodes) < 120  # the old overview drew 199 nodes and 664 edges


def test_one_edge_per_plan_and_agency_as_wide_as_its_tasks(seed_store, view):
    tasks: dict[tuple[str, str], set] = defaultdict(set)
    roles: dict[tuple[str, str], set] = defaultdict(set)
    for p, t, u, r in select(seed_store, f"""SELECT ?p ?t ?u ?r WHERE {{ ?p a pol:Plan ; pol:hasTask ?t . ?t ?r ?u
                                             VALUES ?r {{ {viz_synth.ROLES} }} ?u a pol:Unit }}"""):
        tasks[(p, u)].add(t)
        roles[(p, u)].add(r.rsplit("#", 1)[-1])
    drawn = {(e.source, e.target): e for e in view.edges if e.summarises}
    assert set(drawn) == set(tasks)
    for key, e in drawn.items():
        assert e.weight == len(tasks[key])
        assert e.rel == next(r for r in RANK if r in roles[key])  # coloured by the highest role
    assert max(e.weight for e in drawn.values()) > 5


def test_lineage_between_plans_carries_score_and_task_count(seed_store, view):
    city, county = f"{ID}plan/001_ad3ff90022bb8e8d", f"{ID}plan/000_5aa1b34ff7adb0c1"
    score = select(seed_store, f"""SELECT ?s WHERE {{ <{county}> prov:qualifiedDerivation ?q . ?q prov:entity <{city}> ;
                                     pol:score ?s }}""")[0][0]
    n = select(seed_store, f"""SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{ <{county}> pol:hasTask ?t .
                                 ?t prov:wasDerivedFrom ?s . <{city}> pol:hasTask ?s }}""")[0][0]
    edge = next(e for e in view.edges if e.rel == "wasDerivedFrom" and (e.source, e.target) == (city, county))
    assert edge.label == f"{float(score):.2f}" == "0.94" and edge.weight == int(n) == 15  # 15 tasks, 18 derivations


def test_colliding_agencies_are_named_with_their_place(seed_store, view):
    where = dict(select(seed_store, "SELECT ?u ?l WHERE { ?u a pol:Unit ; pol:jurisdiction ?j . ?j rdfs:label ?l }"))
    units = [n for n in view.nodes.values() if n.cls == "Unit"]
    by_label: dict[str, set] = defaultdict(set)
    for n in units:
        by_label[n.label].add(where.get(n.id))
    for n in units:
        if len(by_label[n.label]) > 1:
            assert n.place and where[n.id].startswith(n.place), n
        else:
            assert n.place is None, n
    assert {n.place for n in units if n.label == "市生态环境局"} == {"焦作", "忻州"}  # 孟州's is 市生态环境分局
    assert {n.place for n in units if n.label == "市水利局"} == {"焦作", "孟州"}


def test_a_plans_tasks_wait_for_a_click(seed_store, view):
    for plan, (nodes, edges) in view.expand.items():
        tasks = {r[0] for r in select(seed_store, f"SELECT ?t WHERE {{ <{plan}> pol:hasTask ?t }}")}
        assert {n.id for n in nodes} == tasks and all(n.cls == "Task" for n in nodes)
        bound = select(seed_store, f"""SELECT ?t ?u ?r WHERE {{ <{plan}> pol:hasTask ?t . ?t ?r ?u
                                        VALUES ?r {{ {viz_synth.ROLES} }} ?u a pol:Unit }}""")
        assert len([e for e in edges if e.rel in RANK]) == len(bound)
    assert set(view.expand) == {n.id for n in view.nodes.values() if n.cls == "Plan"}


def test_with_tasks_every_task_is_drawn(seed_store):
    g = build_view(seed_store, "overview", tasks=True)
    assert sum(n.cls == "Task" for n in g.nodes.values()) == 91 and not g.expand
    assert not any(e.summarises for e in g.edges)  # task → agency edges replace the plan → agency lines


def test_filters_know_every_plan(seed_store, view, tmp_path):
    facts = select(seed_store, "SELECT ?p ?t ?j ?y WHERE { ?p a pol:Plan ; dcterms:title ?t ; pol:year ?y ; pol:jurisdiction/rdfs:label ?j }")
    data = viz_synth.page_data(write_view(view, tmp_path / "o.html"))
    assert {(p["id"], p["l"], p["j"], p["y"]) for p in data["plans"]} == set(facts)
    plans = [p["id"] for p in data["plans"]]
    for n in viz_synth.every_node(data):
        node = view.nodes.get(n["id"])
        if node is not None and node.cls == "Plan":
            assert [plans[i] for i in n["p"]] == [n["id"]]

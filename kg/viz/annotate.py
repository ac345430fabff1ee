"""What every view's nodes get after the view is built: the plans they belong to (the page's plan,
jurisdiction and year filters) and, for agencies whose names collide, their place.

A node belongs to a plan when it is the plan, one of its tasks, or next to such a node in the drawn graph
(an agency next to a task, a river next to a task); a view may set `Node.plans` itself (the overview does).
"""

from __future__ import annotations

from typing import Iterable

import pyoxigraph as ox

from kg.viz.labels import place_prefixes
from kg.viz.model import Node, PlanFacet, ViewGraph
from kg.viz.sparql import batches, rows, values


def all_nodes(g: ViewGraph) -> Iterable[Node]:
    """The drawn nodes and those waiting in `expand`."""
    yield from g.nodes.values()
    for nodes, _ in g.expand.values():
        yield from nodes


def annotate(store: ox.Store, g: ViewGraph) -> None:
    """Plans of each node, the filters' facts about each plan, and places for colliding agency names."""
    if not any(n.plans for n in all_nodes(g)):
        infer_plans(store, g)
    plan_facets(store, g)
    unit_places(store, g)


def infer_plans(store: ox.Store, g: ViewGraph) -> None:
    """Plans: a plan is its own, a task its plan's; other nodes take their neighbours' (two rounds)."""
    ids = [n.id for n in g.nodes.values() if not n.id.startswith("_:")]
    for chunk in batches(ids):
        q = f"""SELECT ?x ?p WHERE {{ {values('x', chunk)}
                {{ ?x a pol:Plan BIND(?x AS ?p) }} UNION {{ ?p a pol:Plan ; pol:hasTask ?x }} }}"""
        for r in rows(store, q):
            g.nodes[r["x"]].plans.add(r["p"])
    for _ in range(2):
        known = {n.id: set(n.plans) for n in g.nodes.values() if n.plans}
        for e in g.edges:
            for a, b in ((e.source, e.target), (e.target, e.source)):
                if a in g.nodes and b in known and a not in known:
                    g.nodes[a].plans |= known[b]


def plan_facets(store: ox.Store, g: ViewGraph) -> None:
    """Label, jurisdiction and year of every plan a node belongs to."""
    plans = sorted(set().union(*(n.plans for n in all_nodes(g))))
    facets: dict[str, dict[str, str]] = {p: {} for p in plans}
    for chunk in batches(plans):
        q = f"""SELECT ?p ?l ?j ?jl ?y WHERE {{ {values('p', chunk)}
                OPTIONAL {{ ?p dcterms:title ?l }} OPTIONAL {{ ?p pol:year ?y }}
                OPTIONAL {{ ?p pol:jurisdiction ?j OPTIONAL {{ ?j rdfs:label ?jl }} }} }}"""
        for r in rows(store, q):
            for k, v in r.items():
                facets[r["p"]].setdefault(k, v)
    g.facets = {p: PlanFacet(f.get("l") or _label(g, p), f.get("jl"), f.get("j"), f.get("y")) for p, f in facets.items()}


def _label(g: ViewGraph, ident: str) -> str:
    node = g.nodes.get(ident)
    return node.label if node and node.label else ident.rsplit("/", 1)[-1]


def unit_places(store: ox.Store, g: ViewGraph) -> None:
    """Set `place` on each drawn agency whose name another drawn agency of another place shares."""
    units = {n.id: n for n in all_nodes(g) if n.cls == "Unit"}
    labels: dict[str, int] = {}
    for n in units.values():
        labels[n.label] = labels.get(n.label, 0) + 1
    shared = [i for i, n in units.items() if labels[n.label] > 1 and not i.startswith("_:")]
    place: dict[str, str] = {}
    for chunk in batches(shared):
        q = f"SELECT ?u ?l WHERE {{ {values('u', chunk)} ?u pol:jurisdiction ?j . ?j rdfs:label ?l }}"
        for r in rows(store, q):
            place.setdefault(r["u"], r["l"])
    for ident, prefix in place_prefixes({i: (units[i].label, place.get(i)) for i in shared}).items():
        units[ident].place = prefix

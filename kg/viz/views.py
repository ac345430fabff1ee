"""The fixed views agencies and river, and what other views share: each view is a SPARQL question over the
contract's terms, answered into a ViewGraph (overview, lineage, ego and --query live in their own modules)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict

import pyoxigraph as ox

from kg.viz.model import Edge, ViewGraph
from kg.viz.sparql import POL, describe, ensure, rows
from kg.viz.style import ROLE_RELS, rel_key

ROLE_OF = {f"{POL}Lead": "leadUnit", f"{POL}Responsible": "responsibleUnit",
           f"{POL}Participant": "participantUnit", f"{POL}Implementer": "implementingUnit"}
ROLE_PREDICATES = " ".join(f"pol:{r}" for r in ROLE_RELS)
#: in the dense views task labels appear only when zoomed in (hover or search shows them at any zoom)
QUIET_TASKS = {"Task": 8}


def add_relation(graph: ViewGraph, s: str, p: str, o: str, label: str | None = None) -> Edge:
    """An edge for the triple (s p o); derivations are drawn source → derived so lineage reads downwards."""
    key = rel_key(p)
    edge = Edge(o, s, key, label) if key == "wasDerivedFrom" else Edge(s, o, key, label)
    graph.add_edge(edge)
    return edge


def class_subgraph(store: ox.Store, graph: ViewGraph, classes: list[str], predicates: list[str],
                   isolated: bool = True) -> None:
    """All instances of `classes` (if `isolated`, else only those with an edge) and every `predicates`
    triple between two of them."""
    cls_values = " ".join(classes)
    if isolated:
        for r in rows(store, f"SELECT DISTINCT ?s ?c WHERE {{ ?s a ?c VALUES ?c {{ {cls_values} }} FILTER(isIRI(?s)) }}"):
            ensure(graph, r["s"])
    q = f"""SELECT DISTINCT ?s ?p ?o WHERE {{
        VALUES ?p {{ {' '.join(predicates)} }}
        ?s ?p ?o .
        ?s a ?cs . VALUES ?cs {{ {cls_values} }}
        ?o a ?co . VALUES ?co {{ {cls_values} }}
    }}"""
    for r in rows(store, q):
        ensure(graph, r["s"])
        ensure(graph, r["o"])
        add_relation(graph, r["s"], r["p"], r["o"])
    graph.dedupe_edges()


def role_evidence(store: ox.Store, graph: ViewGraph) -> None:
    """Attach each task→unit role edge's obligation quote and file (the evidence for that role)."""
    q = """SELECT ?t ?u ?role ?q ?f WHERE {
        ?ob a pol:Obligation ; pol:task ?t ; pol:unit ?u ; pol:role ?role .
        OPTIONAL { ?ob pol:quote ?q } OPTIONAL { ?ob pol:sourceFile ?f } }"""
    found: dict[tuple[str, str, str], tuple[list[str], str | None]] = {}
    for r in rows(store, q):
        rel = ROLE_OF.get(r["role"])
        if not rel:
            continue
        quotes, f = found.setdefault((r["t"], r["u"], rel), ([], r.get("f")))
        if r.get("q") and r["q"] not in quotes:
            quotes.append(r["q"])
    for e in graph.edges:
        hit = found.get((e.source, e.target, e.rel))
        if hit:
            e.quote = " / ".join(hit[0]) or None
            e.file = hit[1]


def agencies(store: ox.Store) -> ViewGraph:
    g = ViewGraph("agencies", "责任单位 Agencies: units and their tasks by role", fonts=QUIET_TASKS)
    class_subgraph(store, g, ["pol:Task", "pol:Unit"], ROLE_PREDICATES.split(), isolated=False)
    describe(store, g)
    role_evidence(store, g)
    load: Counter[str] = Counter()
    by_role: dict[str, Counter[str]] = defaultdict(Counter)
    for e in g.edges:
        load[e.target] += 1
        load[e.source] += 1
        by_role[e.target][e.rel] += 1
    names = {"leadUnit": "牵头", "responsibleUnit": "负责", "participantUnit": "参与", "implementingUnit": "落实"}
    for n in g.nodes.values():
        k = load[n.id]
        if n.cls == "Unit":
            n.size = round(8 + 5 * math.sqrt(k), 1)
            parts = "，".join(f"{names[r]} {c}" for r, c in by_role[n.id].items())
            n.info.append(("任务数 load", f"{k}（{parts}）"))
        else:
            n.size = round(5 + 2 * math.sqrt(k), 1)
            n.info.append(("单位数 units", str(k)))
    return g


def river(store: ox.Store) -> ViewGraph:
    g = ViewGraph("river", "河流 Rivers: sections, the tasks and targets on them")
    q = """SELECT DISTINCT ?s ?p ?o WHERE {
        { ?s a pol:River BIND(?s AS ?o) BIND(rdf:type AS ?p) }
        UNION { ?s a pol:Section BIND(?s AS ?o) BIND(rdf:type AS ?p) }
        UNION { ?s pol:onRiver ?o BIND(pol:onRiver AS ?p) }
        UNION { ?s a pol:Task ; pol:mentions ?o . { ?o a pol:River } UNION { ?o a pol:Section } BIND(pol:mentions AS ?p) }
        UNION { ?s a pol:Target ; pol:targetSection ?o BIND(pol:targetSection AS ?p) }
    }"""
    for r in rows(store, q):
        ensure(g, r["s"])
        if r["p"].endswith("#type"):
            continue
        ensure(g, r["o"])
        add_relation(g, r["s"], r["p"], r["o"])
    # targets held by the plans or tasks already drawn, and the tasks' targets on drawn sections
    for r in rows(store, "SELECT ?h ?t WHERE { ?h pol:hasTarget ?t . ?t pol:targetSection ?sec }"):
        if r["t"] in g.nodes:
            ensure(g, r["h"])
            g.add_edge(Edge(r["h"], r["t"], "hasTarget"))
    g.dedupe_edges()
    describe(store, g)
    return g

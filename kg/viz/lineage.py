"""The lineage view: directive → task → derived task, edges labelled with the derivation score, laid out
top-down by the government level (pol:level of the document's pol:jurisdiction: province, city, county).

Levels: each government level g gets three rows — its documents, their tasks, and tasks derived from a
task of the same level — so a county plan's tasks sit below the city directive's tasks they carry down.
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from kg.viz.model import Edge, ViewGraph
from kg.viz.sparql import describe, ensure, rows, values
from kg.viz.views import add_relation

GOV_LEVELS = {"national": 0, "国家": 0, "中央": 0, "province": 1, "省": 1, "省级": 1, "city": 2, "市": 2, "市级": 2,
              "county": 3, "县": 3, "县级": 3, "township": 4, "乡": 4, "乡镇": 4}
GOV_NAMES = ["国家 national", "省级 province", "市级 city", "县级 county", "乡镇 township"]
#: issuers whose documents are national even though no pol:Jurisdiction names them
NATIONAL_ISSUERS = ("中共中央", "国务院", "中华人民共和国")


PAIRS = "SELECT ?d ?s WHERE { ?d prov:wasDerivedFrom ?s FILTER(isIRI(?d) && isIRI(?s)) }"
QUALIFIED = """SELECT ?d ?s ?score ?ev ?method WHERE { ?d prov:qualifiedDerivation ?q . ?q prov:entity ?s .
    OPTIONAL { ?q pol:score ?score } OPTIONAL { ?q pol:evidence ?ev } OPTIONAL { ?q pol:method ?method } }"""


def derivation_edges(store: ox.Store, keep: set[str] | None = None) -> list[dict[str, str]]:
    """Every asserted derivation (derived ?d, source ?s) with its best score, evidence and method.

    Two flat queries joined here, not one with the qualified derivation in an OPTIONAL: Oxigraph evaluates
    that OPTIONAL (itself holding OPTIONALs) row by row, 46 s of a 5,000-plan overview against 24 s."""
    qualified: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for r in rows(store, QUALIFIED):
        qualified[(r["d"], r["s"])].append(r)
    best: dict[tuple[str, str], dict[str, str]] = {}
    for pair in rows(store, PAIRS):
        key = (pair["d"], pair["s"])
        if keep is not None and (key[0] not in keep or key[1] not in keep):
            continue
        for r in qualified.get(key) or [pair]:
            if key not in best or _score(r) > _score(best[key]):
                best[key] = r
    return list(best.values())


def _score(r: dict[str, str]) -> float:
    try:
        return float(r.get("score", "-1"))
    except ValueError:
        return -1.0


def annotate_derivations(store: ox.Store, graph: ViewGraph) -> None:
    """Label the view's derivation edges (drawn source → derived) with score and evidence."""
    if not any(e.rel == "wasDerivedFrom" for e in graph.edges):
        return
    found = {(r["s"], r["d"]): r for r in derivation_edges(store, set(graph.nodes))}
    for e in graph.edges:
        r = found.get((e.source, e.target)) if e.rel == "wasDerivedFrom" else None
        if r:
            decorate(e, r)


def decorate(e: Edge, r: dict[str, str]) -> None:
    if "score" in r:
        e.label = f"{float(r['score']):.2f}" if _score(r) >= 0 else r["score"]
        e.info.append(("score", r["score"]))
    if r.get("method"):
        e.info.append(("method", r["method"]))
    if r.get("ev"):
        e.quote = r["ev"]


def lineage(store: ox.Store, plan: str | None = None, task: str | None = None,
            plan_title: str = "", task_title: str = "") -> ViewGraph:
    if plan:
        title = f"派生 Lineage of {plan_title or plan}"
        seeds = [plan] + [r["t"] for r in rows(store, f"SELECT ?t WHERE {{ <{plan}> pol:hasTask ?t }}")]
    elif task:
        title = f"派生 Lineage of task {task_title or task}"
        seeds = [task]
    else:
        title = "派生 Lineage: directive → task → derived task"
        seeds = None
    g = ViewGraph("lineage", title, layout="layered")
    if seeds is not None:
        for s in seeds:
            ensure(g, s)
        q = f"""SELECT DISTINCT ?x WHERE {{ {values('seed', seeds)}
            {{ ?seed prov:wasDerivedFrom+ ?x }} UNION {{ ?x prov:wasDerivedFrom+ ?seed }} FILTER(isIRI(?x)) }}"""
        for r in rows(store, q):
            ensure(g, r["x"])
        derivs = derivation_edges(store, set(g.nodes))
    else:
        derivs = derivation_edges(store)
        for r in derivs:
            ensure(g, r["d"])
            ensure(g, r["s"])
    for r in derivs:
        e = add_relation(g, r["d"], "http://www.w3.org/ns/prov#wasDerivedFrom", r["s"])
        decorate(e, r)
    # each task's document, so a derivation reads directive → its task → derived task
    docs: dict[str, str] = {}
    for chunk in _chunks(list(g.nodes)):
        for r in rows(store, f"SELECT ?doc ?t WHERE {{ {values('t', chunk)} ?doc pol:hasTask ?t }}"):
            docs[r["t"]] = r["doc"]
            ensure(g, r["doc"])
            g.add_edge(Edge(r["doc"], r["t"], "hasTask"))
    g.dedupe_edges()
    describe(store, g)
    assign_levels(store, g, docs)
    return g


def _chunks(items: list[str], size: int = 400):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def gov_levels(store: ox.Store, ids: list[str]) -> tuple[dict[str, int], set[str]]:
    """Government level (0 national … 4 township) of documents: from their jurisdiction or their own
    pol:level; else from a title that begins with the name of a jurisdiction the graph knows (河南省…,
    焦作市…) or with a national issuer. Returns (levels, the ids whose level was read from the title)."""
    out: dict[str, int] = {}
    for chunk in _chunks(ids):
        q = f"""SELECT ?d ?lv WHERE {{ {values('d', chunk)}
            {{ ?d pol:jurisdiction/pol:level ?lv }} UNION {{ ?d pol:level ?lv }} }}"""
        for r in rows(store, q):
            lv = GOV_LEVELS.get(r["lv"].strip().lower())
            if lv is not None:
                out[r["d"]] = min(out.get(r["d"], lv), lv)
    places = {}
    for r in rows(store, "SELECT ?l ?lv WHERE { ?j a pol:Jurisdiction ; rdfs:label ?l ; pol:level ?lv }"):
        lv = GOV_LEVELS.get(r["lv"].strip().lower())
        if lv is not None and len(r["l"]) >= 2:
            places[r["l"]] = lv
    guessed: set[str] = set()
    todo = [d for d in ids if d not in out]
    for chunk in _chunks(todo):
        for r in rows(store, f"SELECT ?d ?t WHERE {{ {values('d', chunk)} ?d dcterms:title ?t }}"):
            if r["d"] in out:
                continue
            title = r["t"]
            if title.startswith(NATIONAL_ISSUERS):
                out[r["d"]] = GOV_LEVELS["national"]
            else:
                hits = [lv for name, lv in places.items() if title.startswith(name)]
                if not hits:
                    continue
                out[r["d"]] = max(hits)
            guessed.add(r["d"])
    return out, guessed


def assign_levels(store: ox.Store, g: ViewGraph, docs: dict[str, str]) -> None:
    """Set node.level (compact rows, top-down) and g.bands (one per government level)."""
    doc_ids = [n.id for n in g.nodes.values() if n.id not in docs]
    gov, from_title = gov_levels(store, doc_ids)
    # a task takes its document's level; an unplaced node takes one above what derives from it,
    # else the level of what it derives from
    node_gov: dict[str, int] = {}
    for n in g.nodes:
        d = docs.get(n, n)
        if d in gov:
            node_gov[n] = gov[d]
    derived_from = [(e.source, e.target) for e in g.edges if e.rel == "wasDerivedFrom"]
    for _ in range(3):
        for src, dst in derived_from:
            if src not in node_gov and dst in node_gov:
                node_gov[src] = max(node_gov[dst] - 1, 0)
            if dst not in node_gov and src in node_gov:
                node_gov[dst] = node_gov[src]
        for t, d in docs.items():
            if d not in node_gov and t in node_gov:
                node_gov[d] = node_gov[t]
            if t not in node_gov and d in node_gov:
                node_gov[t] = node_gov[d]
    for n in g.nodes:
        if n not in docs and n in from_title:
            g.nodes[n].info.append(("级别 level", f"{GOV_NAMES[node_gov[n]]}（据标题推断 inferred from the title）"))
        elif n not in docs and n not in gov and n in node_gov:
            g.nodes[n].info.append(("级别 level", f"{GOV_NAMES[node_gov[n]]}（推断：高于派生自它的文件 inferred: "
                                                 "one above what derives from it）"))
    raw: dict[str, int] = {}
    for n in g.nodes:
        gv = node_gov.get(n, 0)
        raw[n] = 3 * gv + (1 if n in docs else 0)
    for src, dst in derived_from:  # a task derived from a task of the same level goes one row down
        if dst in docs and raw[dst] <= raw[src] and raw[dst] // 3 == raw[src] // 3:
            raw[dst] = min(raw[src] + 1, 3 * (raw[dst] // 3) + 2)
    used = sorted(set(raw.values()))
    compact = {lv: i for i, lv in enumerate(used)}
    for n, lv in raw.items():
        g.nodes[n].level = compact[lv]
    rows_of: dict[int, list[int]] = {}
    for lv in used:  # one band per government level, over its rows
        rows_of.setdefault(lv // 3, []).append(compact[lv])
    g.bands = [(GOV_NAMES[min(gv, 4)], min(rs), max(rs)) for gv, rs in sorted(rows_of.items())]

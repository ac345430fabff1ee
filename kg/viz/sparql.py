"""SPARQL helpers shared by the views: run a SELECT into plain rows, and describe a set of nodes (label,
class, evidence, a few facts) in a handful of VALUES-batched queries instead of one query per node."""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

import pyoxigraph as ox

from kg.explore.query import run_local
from kg.viz.model import Node, ViewGraph
from kg.viz.style import class_key
from kg.graph.vocab import POL_NS, PREFIXES

RDFS = str(PREFIXES["rdfs"])
SKOS = str(PREFIXES["skos"])
DCT = str(PREFIXES["dcterms"])
POL = str(POL_NS)
BATCH = 400

#: literal facts shown in tooltips, in this order, with their legend name.
FACTS = [
    ("docNumber", "文号"),
    ("year", "年度"),
    ("level", "级别"),
    ("taskNumber", "任务编号"),
    ("deadline", "期限"),
    ("indicator", "指标"),
    ("comparator", "比较"),
    ("value", "目标值"),
    ("unitOfMeasure", "单位"),
    ("targetYear", "目标年"),
]
_FACT_NAME = {f"{POL}{k}": name for k, name in FACTS}
_FACT_ORDER = {f"{POL}{k}": i for i, (k, _) in enumerate(FACTS)}


def rows(store: ox.Store, query: str) -> list[dict[str, str]]:
    """A SELECT's rows as dicts var → value (unbound variables left out)."""
    res = run_local(store, query, "viz")
    return [{v: t.value for v, t in zip(res.variables, row) if t is not None} for row in res.rows]


def iri(value: str) -> str:
    return f"<{value}>"


def values(var: str, iris: Iterable[str]) -> str:
    return f"VALUES ?{var} {{ " + " ".join(iri(i) for i in iris) + " }"


def batches(items: list[str], size: int = BATCH):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def tail(iri_value: str) -> str:
    """A readable fallback label: the IRI's last path segment."""
    return iri_value.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or iri_value


def describe(store: ox.Store, graph: ViewGraph, ids: Iterable[str] | None = None) -> None:
    """Fill label, class, evidence and facts of the given (default: all) IRI nodes of `graph` in place."""
    todo = [i for i in (ids if ids is not None else list(graph.nodes)) if not i.startswith("_:")]
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    types: dict[str, set[str]] = defaultdict(set)
    facts: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    evidence: dict[str, dict[str, str]] = defaultdict(dict)
    for chunk in batches(todo):
        vals = values("s", chunk)
        facts_p = " ".join("pol:" + k for k, _ in FACTS)
        query = (
            "SELECT ?s ?p ?o WHERE { " + vals + "\n"
            "  { ?s rdf:type ?o BIND(rdf:type AS ?p) }\n"
            "  UNION { ?s ?p ?o VALUES ?p { rdfs:label skos:prefLabel dcterms:title } }\n"
            "  UNION { ?s ?p ?o VALUES ?p { pol:quote pol:sourceFile pol:charStart pol:charEnd } }\n"
            "  UNION { ?s ?p ?o VALUES ?p { " + facts_p + " } }\n"
            "}"
        )
        for r in rows(store, query):
            s, p, o = r["s"], r["p"], r.get("o", "")
            if p.endswith("#type"):
                types[s].add(o)
            elif p in (f"{RDFS}label", f"{SKOS}prefLabel", f"{DCT}title"):
                labels[s].setdefault(p, o)
            elif p in _FACT_NAME:
                facts[s].append((_FACT_ORDER[p], _FACT_NAME[p], o))
            else:
                evidence[s].setdefault(p[len(POL):], o)
    for s in todo:
        node = graph.nodes[s]
        if types.get(s):
            key = class_key(types[s])
            if node.cls == "Other" or key != "Other":
                node.cls = key
        lab = labels.get(s, {})
        best = lab.get(f"{RDFS}label") or lab.get(f"{SKOS}prefLabel") or lab.get(f"{DCT}title")
        if node.cls == "Target" and not lab.get(f"{RDFS}label"):
            best = target_label(facts.get(s, [])) or best
        if best and (not node.label or node.label == tail(s) or node.label == s):
            node.label = best
        if not node.label:
            node.label = tail(s)
        ev = evidence.get(s, {})
        node.quote = node.quote or ev.get("quote")
        node.file = node.file or ev.get("sourceFile")
        if node.span is None and "charStart" in ev and "charEnd" in ev:
            try:
                node.span = (int(ev["charStart"]), int(ev["charEnd"]))
            except ValueError:
                pass
        title = lab.get(f"{DCT}title")
        if title and title != node.label:
            node.info.append(("标题", title))
        for _, name, val in sorted(set(facts.get(s, []))):
            node.info.append((name, val))


def target_label(facts: list[tuple[int, str, str]]) -> str | None:
    f = {name: val for _, name, val in facts}
    if "指标" not in f:
        return None
    parts = [f["指标"], f.get("比较", ""), f.get("目标值", ""), f.get("单位", "")]
    return " ".join(p for p in parts if p).replace(" <=", " ≤").replace(" >=", " ≥")


def ensure(graph: ViewGraph, ident: str, cls: str = "Other") -> Node:
    """The node for `ident`, created (label to be filled by `describe`) when missing."""
    return graph.add_node(Node(ident, "", cls))

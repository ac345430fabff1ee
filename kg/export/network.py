"""Pure conversion to a networkx MultiDiGraph: the whole graph from its quads, or a `kg viz` view.

Whole graph: every IRI or blank node of the data graphs is a node; every triple whose object is a node is
an edge keyed by its compact predicate (`pol:leadUnit`), in the triple's direction; literals become node
attributes and rdf:type the node's `class`, never nodes or edges of their own, so Gephi shows agencies and
tasks rather than a star around `pol:Task` or a cloud of strings. The ontology graph is schema, not data: its
triples are not edges, but the labels it gives a node the data uses (the role `pol:Lead`) are kept. What a
build infers from the ontology (pol:involvesUnit and dcterms:relation beside every pol:leadUnit, eli:number
beside pol:taskNumber, prov:Entity beside pol:Task) is left out: it would double every edge and column.

Edges carry `relation` (the key kg viz styles by: leadUnit, hasTask, wasDerivedFrom), `predicate` (the full
IRI), `role` on the four task → unit predicates (lead, responsible, participant, implementing), the named
`graph` they come from (a document's stem, `entities` or `lineage`), and on prov:wasDerivedFrom the `score`
and `method` of the qualified derivation.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Mapping

import networkx as nx
import pyoxigraph as ox

from kg.explore.query import compact
from kg.export.attrs import (POL, PROV, RDF_TYPE, ROLES, SUB_OF, asserted, attribute_names, hierarchy,
                             local_name, node_attributes, python_value)
from kg.graph.iris import ONTOLOGY_GRAPH
from kg.viz.model import ViewGraph
from kg.viz.style import rel_key

Pairs = list[tuple[str, "ox.NamedNode | ox.Literal"]]  # (predicate IRI, rdf:type object or literal)
DERIVED = f"{PROV}wasDerivedFrom"


def term_id(term: ox.Term) -> str:
    """A node id: the IRI itself, or `_:label` for a blank node (as kg viz names them)."""
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def from_quads(quads: Iterable[ox.Quad], schema_graph: str = str(ONTOLOGY_GRAPH)) -> nx.MultiDiGraph:
    """The whole graph (every named graph but `schema_graph`) as a MultiDiGraph of IRI → IRI triples,
    without the copies a build infers from the ontology (`attrs.asserted`)."""
    facts: dict[str, set[tuple[str, ox.Term]]] = defaultdict(set)
    links: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    nodes: set[str] = set()
    statements: list[tuple[str, str]] = []  # rdfs:subPropertyOf / subClassOf, from any graph
    for q in quads:
        s, p, o = term_id(q.subject), q.predicate.value, q.object
        g = "" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
        if p in SUB_OF and isinstance(o, ox.NamedNode):
            statements.append((s, o.value))
        if isinstance(o, ox.Literal) or p == RDF_TYPE:
            facts[s].add((p, o))
        elif g != schema_graph:
            links[(s, p, term_id(o))].add(g)
        if g != schema_graph:
            nodes.add(s)
    nodes.update(o for _, _, o in links)
    supers = hierarchy(statements)
    kept = {n: asserted(sorted(facts.get(n, ()), key=_order), supers) for n in nodes}
    G = nx.MultiDiGraph(name="policy-kg graph")
    names = attribute_names(p for pairs in kept.values() for p, _ in pairs)
    for n in sorted(nodes):
        G.add_node(n, **node_attributes(n, kept[n], names))
    scores = derivation_scores(links, {n: set(pairs) for n, pairs in kept.items()})
    for s, p, o in sorted(_asserted_links(links, supers)):
        derivation = scores.get((s, o)) if p == DERIVED else None
        G.add_edge(s, o, key=compact(p), **edge_attributes(p, links[(s, p, o)], derivation))
    return G


def _asserted_links(links: Iterable[tuple[str, str, str]], supers) -> set[tuple[str, str, str]]:
    by_subject: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for s, p, o in links:
        by_subject[s].append((p, o))
    return {(s, p, o) for s, pairs in by_subject.items() for p, o in asserted(pairs, supers)}


def _order(pair: tuple[str, ox.Term]) -> tuple[str, str]:
    return pair[0], str(pair[1])


def edge_attributes(p: str, graphs: Iterable[str] = (), derivation: dict | None = None) -> dict:
    """relation, predicate, role, graph, and a derivation's score and method."""
    attrs: dict = {"relation": rel_key(p), "predicate": p}
    if p in ROLES:
        attrs["role"] = ROLES[p]
    found = sorted(graph_name(g) for g in graphs if g)
    if found:
        attrs["graph"] = " | ".join(found)
    attrs.update(derivation or {})
    return attrs


def graph_name(iri: str) -> str:
    """A named graph as a short column value: the document's stem (`000_5aa1b34ff7adb0c1`), `entities`,
    `lineage`; another graph keeps its IRI."""
    from kg.graph.iris import unslug
    from kg.graph.vocab import ID

    head = f"{ID}graph/"
    return unslug(iri[len(head):]) if iri.startswith(head) else iri


def derivation_scores(links: Mapping[tuple[str, str, str], object],
                      facts: Mapping[str, set[tuple[str, ox.Term]]]) -> dict[tuple[str, str], dict]:
    """(derived, source) → the best qualified derivation's score and method: task prov:qualifiedDerivation
    d, d prov:entity source, d pol:score x. The score is what lineage asserted, so it belongs on the edge."""
    qualified = [(s, o) for s, p, o in links if p == f"{PROV}qualifiedDerivation"]
    entity = {s: o for s, p, o in links if p == f"{PROV}entity"}
    best: dict[tuple[str, str], dict] = {}
    for derived, d in qualified:
        lits = {p: python_value(o) for p, o in facts.get(d, ()) if isinstance(o, ox.Literal)}
        score = lits.get(f"{POL}score")
        key = (derived, entity.get(d, ""))
        if isinstance(score, float) and score > best.get(key, {}).get("score", -1.0):
            best[key] = {"score": score} | ({"method": lits[f"{POL}method"]} if f"{POL}method" in lits else {})
    return best


def from_view(view: ViewGraph, facts: Mapping[str, Pairs]) -> nx.MultiDiGraph:
    """A kg viz view as a MultiDiGraph: its nodes and edges exactly, node attributes from `facts` (each
    node's literals and types in the store), the view's label and class, and for a query view the literal
    cells the query returned. Derivation edges, drawn source → derived in the views, point derived → source
    again here, as prov:wasDerivedFrom does (a query view draws triples as they are)."""
    names = attribute_names(p for pairs in facts.values() for p, _ in pairs)
    G = nx.MultiDiGraph(name=view.title, view=view.view)
    for nid, node in view.nodes.items():
        attrs = node_attributes(nid, facts.get(nid, ()), names)
        attrs["label"] = node.label or attrs["label"]
        if node.cls != "Other" or "types" not in attrs:
            attrs["class"] = node.cls
        if view.view == "query":
            _query_cells(attrs, node.info)
        G.add_node(nid, **attrs)
    for e in view.edges:
        s, t = (e.target, e.source) if e.rel == "wasDerivedFrom" and view.view != "query" else (e.source, e.target)
        if not G.has_edge(s, t, key=e.rel):
            G.add_edge(s, t, key=e.rel, **view_edge_attributes(e))
    return G


def _query_cells(attrs: dict, info: list[tuple[str, str]]) -> None:
    """Literal cells of a SELECT (`?n` → n) or literal triples of a CONSTRUCT (`pol:score` → score) the
    store did not already give this node."""
    cells: dict[str, list[str]] = defaultdict(list)
    for name, value in info:
        key = local_name(name) if ":" in name else name
        if attrs.get(key) != value:
            cells[key if key not in ("id", "label", "class", "types") else name].append(value)
    for key, values in cells.items():
        attrs[key] = values[0] if len(values) == 1 else " | ".join(sorted(set(values)))


def view_edge_attributes(e) -> dict:
    """relation, predicate and role of a view edge, its evidence, and a derivation's score and method."""
    pred = predicate_of(e.rel)
    attrs = edge_attributes(pred) if pred else {"relation": e.rel}
    attrs["relation"] = e.rel
    info = dict(e.info)
    if "score" in info:
        try:
            attrs["score"] = float(info["score"])
        except ValueError:
            attrs["score"] = info["score"]
    if "method" in info:
        attrs["method"] = info["method"]
    if e.quote:
        attrs["quote"] = e.quote
    if e.file:
        attrs["sourceFile"] = e.file
    return attrs


def predicate_of(rel: str) -> str | None:
    """The predicate IRI behind a view's relation key (`leadUnit` → pol:leadUnit, `skos:broader` → its IRI);
    None for a SELECT's `?a → ?b`, which links cells of one row, not a triple."""
    from kg.graph.vocab import ID, PREFIXES

    if rel.startswith("?") or " " in rel:
        return None
    if rel.startswith(("http://", "https://", "urn:")):
        return rel
    prefix, sep, local = rel.partition(":")
    if sep:
        ns = {p: str(n) for p, n in PREFIXES.items()} | {"id": str(ID)}
        return ns[prefix] + local if prefix in ns else None
    return (PROV if rel == "wasDerivedFrom" else POL) + rel

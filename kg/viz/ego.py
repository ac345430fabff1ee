"""The ego view: a node found by label or IRI and everything within N hops, over the instance graph.

Hops follow every IRI-to-IRI triple in both directions except rdf:type, skipping ontology terms and the
reified Obligation / Derivation / CandidateDerivation records (their content is already on the task→unit and derivation
edges, as tooltip evidence)."""

from __future__ import annotations

import pyoxigraph as ox

from kg.viz.lineage import annotate_derivations
from kg.viz.model import ViewGraph
from kg.viz.sparql import batches, describe, ensure, rows, values
from kg.viz.style import CLASSES
from kg.viz.views import add_relation, role_evidence
from kg.graph.vocab import PREFIXES

MAX_NODES = 3000
SKIP_CLASSES = "pol:Obligation prov:Derivation pol:CandidateDerivation"
_VOCAB = tuple(str(ns) for ns in PREFIXES.values())


def _is_instance(iri: str) -> bool:
    return not iri.startswith(_VOCAB)


def ego(store: ox.Store, center: str, depth: int = 1, center_label: str = "") -> ViewGraph:
    g = ViewGraph("ego", f"邻域 Ego network of {center_label or center} (depth {depth})")
    ensure(g, center)
    seen = {center}
    frontier = [center]
    for hop in range(depth + 1):
        last = hop == depth  # one more round, for the edges among the outermost ring
        found: list[tuple[str, str, str]] = []
        for chunk in batches(frontier):
            q = f"""SELECT DISTINCT ?s ?p ?o WHERE {{ {values('n', chunk)}
                {{ ?n ?p ?o BIND(?n AS ?s) }} UNION {{ ?s ?p ?n BIND(?n AS ?o) }}
                FILTER(isIRI(?s) && isIRI(?o) && ?p != rdf:type)
                FILTER NOT EXISTS {{ ?s ?narrower ?o . ?narrower rdfs:subPropertyOf+ ?p }}
                FILTER NOT EXISTS {{ ?s a ?c1 VALUES ?c1 {{ {SKIP_CLASSES} }} }}
                FILTER NOT EXISTS {{ ?o a ?c2 VALUES ?c2 {{ {SKIP_CLASSES} }} }} }}"""
            found += [(r["s"], r["p"], r["o"]) for r in rows(store, q)]
        nxt: list[str] = []
        for s, p, o in found:
            if not (_is_instance(s) and _is_instance(o)):
                continue
            for x in (s, o):
                if x not in seen and not last:
                    if len(seen) >= MAX_NODES:
                        break
                    seen.add(x)
                    nxt.append(x)
            if s in seen and o in seen:
                ensure(g, s)
                ensure(g, o)
                add_relation(g, s, p, o)
        if len(seen) >= MAX_NODES and not last:
            g.notes.append(f"已截断 truncated at {MAX_NODES} nodes (hop {hop + 1} of {depth})")
            break
        frontier = nxt
        if not frontier or last:
            break
    g.dedupe_edges()
    describe(store, g)
    c = g.nodes[center]
    c.size = CLASSES.get(c.cls, CLASSES["Other"])["size"] * 1.8  # the centre stands out
    c.info.insert(0, ("邻域中心", f"ego centre, depth {depth}"))
    role_evidence(store, g)
    annotate_derivations(store, g)
    return g

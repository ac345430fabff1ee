"""A view, or a CONSTRUCT's answer, as RDF triples for JSON-LD (the whole graph is dumped by the store).

A view's triples are what it draws: one triple per edge that stands for a predicate (in the predicate's
direction), and for every IRI node its rdf:type and literal triples from the store. A query's JSON-LD is its
CONSTRUCT answer as it is (a SELECT's rows link cells, not triples: `run` refuses it with a reason).
"""

from __future__ import annotations

from typing import Mapping

import pyoxigraph as ox

from kg.errors import InputError
from kg.export.network import Pairs, predicate_of
from kg.viz.model import ViewGraph


def term(node_id: str) -> ox.NamedNode | ox.BlankNode:
    """The RDF term for a view node id (`_:b0` is a blank node, anything else an IRI)."""
    return ox.BlankNode(node_id[2:]) if node_id.startswith("_:") else ox.NamedNode(node_id)


def view_triples(view: ViewGraph, facts: Mapping[str, Pairs]) -> list[ox.Triple]:
    """The distinct triples a view draws, in a stable order."""
    out: set[ox.Triple] = set()
    for e in view.edges:
        pred = predicate_of(e.rel)
        if pred is None:
            continue
        s, o = (e.target, e.source) if e.rel == "wasDerivedFrom" and view.view != "query" else (e.source, e.target)
        out.add(ox.Triple(term(s), ox.NamedNode(pred), term(o)))
    for nid in view.nodes:
        for p, o in facts.get(nid, ()):
            out.add(ox.Triple(term(nid), ox.NamedNode(p), o))
    return sorted(out, key=str)


def construct_triples(turtle: str, where: str) -> list[ox.Triple]:
    """A CONSTRUCT's answer (Turtle, as kg.explore.query returns it) as triples."""
    try:
        return list(ox.parse(turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE))
    except SyntaxError as exc:
        raise InputError(where, f"the query's answer could not be read back: {exc}") from None

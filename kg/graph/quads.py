"""The build's dataset: triples go straight into an Oxigraph store as quads, one named graph at a time.

The graph stage writes with rdflib's term classes (`POL` is an rdflib `DefinedNamespace`, so a misspelt term
fails at import), but no rdflib `Dataset` is built: `QuadSink.add` turns each triple into a `pyoxigraph.Quad`
and buffers it; `flush` hands the buffer to the store in one transaction (once per document). The handful of
look-ups the builder needs across documents (a node's label, which node carries a 文号) read the store, so
cross-document resolution never needs the corpus as Python objects. `kg.trig` is then dumped by Oxigraph.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

_IRIS: dict[str, ox.NamedNode] = {}


def to_ox(term: Node):
    """An rdflib term as the equal pyoxigraph term (IRIs cached: a build mints the same ones many times)."""
    if isinstance(term, URIRef):
        node = _IRIS.get(term)
        if node is None:
            node = _IRIS[term] = ox.NamedNode(str(term))
        return node
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=to_ox(term.datatype))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def from_ox(term) -> Node:
    """A pyoxigraph term back as rdflib's, for the few values the builder reads back."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    return BNode(term.value)


class QuadSink:
    """Buffered writes into an Oxigraph store; reads flush first, so they always see every write."""

    def __init__(self, store: ox.Store):
        self.store = store
        self._pending: list[ox.Quad] = []
        self.written = 0

    def graph(self, name: URIRef) -> GraphSink:
        return GraphSink(self, name)

    def add(self, s: Node, p: Node, o: Node, g: URIRef) -> None:
        self._pending.append(ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g)))

    def flush(self) -> None:
        if self._pending:
            self.store.extend(self._pending)
            self.written += len(self._pending)
            self._pending = []

    def quads(self, s=None, p=None, o=None, g=None) -> Iterator[ox.Quad]:
        self.flush()
        conv = [None if t is None else to_ox(t) for t in (s, p, o, g)]
        return self.store.quads_for_pattern(*conv)

    def subjects(self, p: Node, o: Node) -> Iterator[Node]:
        """Subjects with (p, o) in any graph, as rdflib terms (like rdflib's `Dataset.subjects`)."""
        seen = set()
        for q in self.quads(None, p, o):
            if q.subject not in seen:
                seen.add(q.subject)
                yield from_ox(q.subject)


class GraphSink:
    """One named graph of a `QuadSink`, with the small part of rdflib's `Graph` API the builder uses."""

    def __init__(self, sink: QuadSink, name: URIRef):
        self.sink, self.identifier = sink, name

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        s, p, o = triple
        self.sink.add(s, p, o, self.identifier)

    def value(self, s: Node, p: Node) -> Node | None:
        for q in self.sink.quads(s, p, None, self.identifier):
            return from_ox(q.object)
        return None

    def __contains__(self, triple: tuple) -> bool:
        s, p, o = triple
        return next(iter(self.sink.quads(s, p, o, self.identifier)), None) is not None

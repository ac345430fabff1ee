"""The build's dataset: triples go straight into an Oxigraph store as quads, one named graph at a time.

The graph stage writes with rdflib's term classes (`POL` is an rdflib `DefinedNamespace`, so a misspelt term
fails at import) or with pyoxigraph's own terms (kg/graph/terms.py: the hot paths, which skip building an
rdflib `Literal` per value), but no rdflib `Dataset` is built: `QuadSink.add` turns each triple into a
`pyoxigraph.Quad`, with the super-property and super-class quads the ontology implies (kg/graph/infer.py),
and buffers it. `commit` hands a full buffer (BULK quads) to Oxigraph's bulk loader, which writes sorted
files straight into the store (at 100 documents, 1.2 s against 4.0 s for one transaction per document), on a
writer thread: Oxigraph releases the GIL meanwhile, so the next batch is built while the last is written. The
bulk loader is not transactional, which costs nothing here: a build writes a staging folder that replaces
the old build only when complete (kg/graph/store.py). The handful of look-ups the builder needs across
documents (a node's label, which node carries a 文号) read the store after a `flush`, so cross-document
resolution never needs the corpus as Python objects. `kg.trig` is then dumped by Oxigraph.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

_IRIS: dict[str, ox.NamedNode] = {}
_OX = (ox.NamedNode, ox.Literal, ox.BlankNode, ox.DefaultGraph)
BULK = 100_000  # quads per bulk load; flushes for a read below SMALL quads go through a transaction instead
SMALL = 2_000
MAX_IRIS = 200_000


def to_ox(term: Node):
    """An rdflib term as the equal pyoxigraph term (IRIs cached: a build mints the same ones many times);
    a pyoxigraph term as it is."""
    if type(term) in _OX:
        return term
    if isinstance(term, URIRef):
        node = _IRIS.get(term)
        if node is None:
            if len(_IRIS) >= MAX_IRIS:  # bounded: a corpus mints millions of IRIs, most of them used a few times
                _IRIS.clear()
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

    def __init__(self, store: ox.Store, union: bool = False):
        self.store = store
        self.union = union  # also write each triple into the default graph (kg/graph/default.py)
        self._pending: list[ox.Quad] = []
        self.written = 0
        self.expand = None  # an infer.Expander, set by the builder once the ontology is loaded
        self._writer = _Writer(store)

    def graph(self, name: URIRef) -> GraphSink:
        return GraphSink(self, name)

    def add(self, s: Node, p: Node, o: Node, g: URIRef) -> None:
        q = ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g))
        more = self.expand(q) if self.expand is not None else None
        self.add_quads([q, *more] if more else (q,))

    def add_quads(self, quads) -> None:
        """Quads written as they are (the ontology graph, the implied ones), and into the default graph with
        `union`."""
        quads = list(quads)
        self._pending.extend(quads)
        if self.union:
            self._pending.extend(ox.Quad(x.subject, x.predicate, x.object) for x in quads)

    def commit(self) -> None:
        """Once the buffer holds BULK quads, hand it to the bulk loader on the writer thread and go on building
        the next one (called between documents)."""
        if len(self._pending) >= BULK:
            self.written += len(self._pending)
            self._writer.bulk(self._pending)
            self._pending = []

    def flush(self) -> None:
        """Write the buffer now, and wait until every write is in: a small buffer in a transaction, a large one
        through the bulk loader. Reads call it first."""
        if self._pending:
            self.written += len(self._pending)
            if len(self._pending) < SMALL:
                self._writer.wait()
                self.store.extend(self._pending)
            else:
                self._writer.bulk(self._pending)
            self._pending = []
        self._writer.wait()

    def abandon(self) -> None:
        """The build failed: drop the buffer and let a bulk load in flight finish (its error, if any, is moot),
        so nothing writes into the staging folder while it is removed."""
        self._pending = []
        try:
            self._writer.wait()
        except Exception:  # noqa: BLE001 - the build's own error is the one to report
            pass

    def quads(self, s=None, p=None, o=None, g=None) -> Iterator[ox.Quad]:
        self.flush()
        conv = [None if t is None else to_ox(t) for t in (s, p, o, g)]
        return self.store.quads_for_pattern(*conv)

    def subjects(self, p: Node, o: Node) -> Iterator[Node]:
        """Subjects with (p, o) in any graph, as rdflib terms (like rdflib's `Dataset.subjects`), each once."""
        seen = set()
        for q in self.quads(None, p, o):
            if q.subject not in seen:
                seen.add(q.subject)
                yield from_ox(q.subject)


class _Writer:
    """One bulk load at a time on a thread of its own: Oxigraph releases the GIL while it sorts and writes, so
    the next batch is built meanwhile. At most one batch waits in memory besides the one being built."""

    def __init__(self, store: ox.Store):
        self.store = store
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def bulk(self, quads: list[ox.Quad]) -> None:
        self.wait()
        self._thread = threading.Thread(target=self._run, args=(quads,), name="kg-bulk-load", daemon=True)
        self._thread.start()

    def _run(self, quads: list[ox.Quad]) -> None:
        try:
            self.store.bulk_extend(quads)
        except BaseException as exc:  # handed to the building thread by `wait`
            self._error = exc

    def wait(self) -> None:
        """Until the batch in flight is written; its error, if any, raised here."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._error is not None:
            error, self._error = self._error, None
            raise error


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

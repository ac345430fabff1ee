"""The store's default graph written as the union of the named graphs, and the view that shows it to SPARQL only.

Why: `kg query`, `kg serve` and every view answer over the union of all named graphs (one per document, plus
entities, lineage and the ontology). Asked with Oxigraph's `use_default_graph_as_union`, each triple pattern
reads the named-graph indexes (four-part keys) and the default-graph ones, and a triple held by two graphs
comes back twice (at 1,000 documents, 600 `rdf:type` triples of plans that are also cited directives). So a
build also writes every triple into its store's default graph as it writes it into its named graph
(`QuadSink(union=True)`, in the same bulk loads), `kg.trig` is written from the named graphs only
(kg/graph/trig.py, the contract's file), and BUILD.json says so (`default_graph`); SPARQL then reads that one
graph, each triple once. Measured in bench/README.md ("Canned queries at scale"): canned queries are 10-25%
faster on the copy than with the union flag at 1,000 documents; the union itself is not where most of their
time goes. Copying it after the build instead (bench/bench_query_scale.py `materialise`, which compares the
layouts) cost 63.6 s of a 211.5 s build at 1,000.

Nothing but SPARQL sees the copy: `UnionView` answers `len`, iteration, `quads_for_pattern` and `dump` from
the named graphs, so export, push and the tests count what the build wrote, and a `use_default_graph_as_union`
asked of it is answered from the copy (the same triples, each once). A build without the marker field (an older
policy-kg) opens as before and is queried with the union flag. The build also closes the store once more
read-write, so RocksDB drops the write-ahead logs the build left (2.5 GB of a 3.0 GB store at 1,000 documents).
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pyoxigraph as ox

from kg.graph.store import MARKER, OpenStore

MARK = "default_graph"  # BUILD.json: {"holds": HOLDS, "triples": N, "seconds": S}
HOLDS = "union of the named graphs"


def note(store: ox.Store) -> dict:
    """The BUILD.json note of a store whose default graph the build wrote as the union (`QuadSink(union=True)`)."""
    return {MARK: {"holds": HOLDS, "triples": default_triples(store)}}


def default_triples(store: ox.Store) -> int:
    """How many triples the store's default graph holds (counted by Oxigraph, not in Python)."""
    return int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value)


def drop_logs(store_dir: Path) -> None:
    """Open the closed store read-write once and close it: RocksDB then deletes the write-ahead logs a build
    leaves behind (flush and close alone keep them). A store still open elsewhere is left as it is."""
    try:
        ox.Store(str(store_dir))
    except OSError:
        pass


def union_triples(folder: Path) -> int | None:
    """How many triples the default graph of the build in `folder` holds as the union, or None if it holds none."""
    try:
        note = json.loads((folder / MARKER).read_text(encoding="utf-8")).get(MARK)
    except (OSError, ValueError, AttributeError):
        return None
    if isinstance(note, dict) and note.get("holds") == HOLDS and isinstance(note.get("triples"), int):
        return note["triples"]
    return None


def view(store: ox.Store, folder: Path, pin) -> OpenStore:
    """The opened store as callers see it: a `UnionView` if its build wrote the union, else as it is."""
    triples = union_triples(folder)
    return OpenStore(store, folder, pin) if triples is None else UnionView(store, folder, pin, triples)


class UnionView(OpenStore):
    """A build whose default graph is the union: SPARQL reads it; quads, counts and dumps are the named graphs."""

    def __init__(self, store: ox.Store, folder: Path, pin, triples: int):
        super().__init__(store, folder, pin)
        self.union_triples = triples

    def query(self, query, *, use_default_graph_as_union: bool = False, **options):
        """SPARQL over the store; the union flag is answered by the default graph, which holds that union."""
        return self._store.query(query, **options)

    def quads_for_pattern(self, subject=None, predicate=None, object=None, graph_name=None):  # noqa: A002
        """As `pyoxigraph.Store.quads_for_pattern` on the named graphs only (the default graph reads empty)."""
        if isinstance(graph_name, ox.DefaultGraph):
            return iter(())
        if graph_name is not None:
            return self._store.quads_for_pattern(subject, predicate, object, graph_name)
        if subject is None and predicate is None and object is None:  # a whole scan: graph by graph
            return itertools.chain.from_iterable(self._store.quads_for_pattern(None, None, None, g)
                                                 for g in self._store.named_graphs())
        return (q for q in self._store.quads_for_pattern(subject, predicate, object)
                if not isinstance(q.graph_name, ox.DefaultGraph))

    def __len__(self) -> int:
        return len(self._store) - self.union_triples

    def __iter__(self):
        return self.quads_for_pattern()

    def __contains__(self, quad) -> bool:
        return not isinstance(quad.graph_name, ox.DefaultGraph) and quad in self._store

    def dump(self, output=None, format=None, *, from_graph=None, **options):  # noqa: A002
        """As `pyoxigraph.Store.dump`; a whole-dataset dump writes the named graphs only, as kg.trig does."""
        if from_graph is None:
            return ox.serialize(self.quads_for_pattern(), output, format, **options)
        if isinstance(from_graph, ox.DefaultGraph):
            return ox.serialize([], output, format, **options)
        return self._store.dump(output, format, from_graph=from_graph, **options)

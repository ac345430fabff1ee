"""`kg build`: corpus folder → records → quads streamed into the embedded store → kg.trig, atomically."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from kg import __version__
from kg.errors import InputError
from kg.graph import store
from kg.ingest.read import read_source
from kg.records import Document


@dataclass(frozen=True)
class Summary:
    documents: int
    tasks: int
    units: int
    obligations: int
    triples: int
    seconds: float
    out: Path
    stages: tuple[tuple[str, float], ...] = ()  # seconds per stage: extract, graph, lineage, store


class _Clock:
    """Seconds spent per stage, summed over documents (extraction and graph writing interleave)."""

    def __init__(self):
        self.spent: dict[str, float] = {}
        self._t = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.spent[stage] = self.spent.get(stage, 0.0) + now - self._t
        self._t = now


def corpus_files(corpus: Path) -> list[Path]:
    if not corpus.is_dir():
        raise InputError(corpus, "is not a folder")
    files = sorted(p for p in corpus.iterdir() if p.is_file() and p.suffix.lower() == ".txt")
    if not files:
        raise InputError(corpus, "holds no .txt documents")
    return files


def iter_documents(corpus: Path, on_file: Callable[[Path], None] | None = None) -> Iterator[Document]:
    """Each corpus file as a `Document` record, in file order; a file without tasks is an input error."""
    from kg.extract.document import Extractor

    files = corpus_files(corpus)
    ex = Extractor(corpus)
    for path in files:
        if on_file:
            on_file(path)
        doc = ex.document(read_source(path))
        if not doc.tasks:
            raise InputError(path, "has no numbered tasks (expected items like `1.` or `（一）` under a task section)")
        yield doc


def extract_corpus(corpus: Path, on_file: Callable[[Path], None] | None = None) -> list[Document]:
    return list(iter_documents(corpus, on_file))


def build(corpus: Path, out: Path, on_file: Callable[[Path], None] | None = None) -> Summary:
    """Extract every document and stream its quads into a new store; corpus-wide steps; swap it in."""
    from kg.graph.builder import GraphBuilder
    from kg.graph.quads import QuadSink
    from kg.lineage import quads as rdf_lineage
    from kg.reference import UnitTable

    t0, clock = time.perf_counter(), _Clock()
    with store.staging(out) as tmp:
        ox_store = store.create_store(tmp)
        sink = QuadSink(ox_store)
        gb = GraphBuilder(UnitTable(corpus), sink)
        docs = []
        for doc in iter_documents(corpus, on_file):
            clock.lap("extract")
            gb.add(doc)
            sink.flush()
            docs.append(doc)
            clock.lap("graph")
        gb.resolve()
        clock.lap("graph")
        rdf_lineage.run(gb, docs, corpus)
        clock.lap("lineage")
        gb.finish()
        clock.lap("graph")
        store.write_trig(ox_store, tmp)
        clock.lap("store")
        summary = _summary(docs, ox_store, time.perf_counter() - t0, out, clock.spent)
        del ox_store, sink, gb
        store.write_marker(tmp, _marker(corpus, docs, summary))
    return summary


def _summary(docs: list[Document], ox_store, seconds: float, out: Path, stages: dict[str, float]) -> Summary:
    from kg.graph.vocab import POL

    units = sum(1 for _ in ox_store.query(f"SELECT DISTINCT ?u {{ GRAPH ?g {{ ?u a <{POL.Unit}> }} }}"))
    return Summary(
        documents=len(docs),
        tasks=sum(len(d.tasks) for d in docs),
        units=units,
        obligations=sum(len(t.obligations) for d in docs for t in d.tasks),
        triples=len(ox_store),
        seconds=round(seconds, 2),
        out=out,
        stages=tuple((k, round(v, 2)) for k, v in stages.items()),
    )


def _marker(corpus: Path, docs: list[Document], summary: Summary) -> dict:
    return {
        "policy_kg": __version__,
        "built": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "corpus": str(corpus.resolve()),
        "documents": [d.source_file for d in docs],
        "summary": {k: v for k, v in summary.__dict__.items() if k not in ("out", "stages")},
        "stage_seconds": dict(summary.stages),
    }

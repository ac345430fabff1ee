"""`kg build`: corpus folder → records → RDF → kg.trig + embedded store, atomically."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from kg import __version__
from kg.graph import store
from kg.errors import InputError
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


def corpus_files(corpus: Path) -> list[Path]:
    if not corpus.is_dir():
        raise InputError(corpus, "is not a folder")
    files = sorted(p for p in corpus.iterdir() if p.is_file() and p.suffix.lower() == ".txt")
    if not files:
        raise InputError(corpus, "holds no .txt documents")
    return files


def extract_corpus(corpus: Path, on_file: Callable[[Path], None] | None = None) -> list[Document]:
    from kg.extract.document import Extractor

    files = corpus_files(corpus)
    ex = Extractor(corpus)
    docs = []
    for path in files:
        if on_file:
            on_file(path)
        src = read_source(path)
        doc = ex.document(src)
        if not doc.tasks:
            raise InputError(path, "has no numbered tasks (expected items like `1.` or `（一）` under a task section)")
        docs.append(doc)
    return docs


def build(corpus: Path, out: Path, on_file: Callable[[Path], None] | None = None) -> Summary:
    from kg.lineage import quads as rdf_lineage
    from kg.graph.builder import GraphBuilder
    from kg.reference import UnitTable

    t0 = time.perf_counter()
    docs = extract_corpus(corpus, on_file)
    gb = GraphBuilder(UnitTable(corpus))
    for d in docs:
        gb.add(d)
    gb.resolve()
    rdf_lineage.run(gb, docs, corpus)
    ds = gb.finish()
    with store.staging(out) as tmp:
        trig = tmp / store.TRIG
        ds.serialize(destination=str(trig), format="trig", encoding="utf-8")
        ox_store = store.load_store(tmp, trig)
        triples = len(ox_store)
        del ox_store
        from rdflib import RDF

        from kg.graph.vocab import POL

        units = len(set(gb.entities.subjects(RDF.type, POL.Unit)))
        summary = Summary(
            documents=len(docs),
            tasks=sum(len(d.tasks) for d in docs),
            units=units,
            obligations=sum(len(t.obligations) for d in docs for t in d.tasks),
            triples=triples,
            seconds=round(time.perf_counter() - t0, 2),
            out=out,
        )
        store.write_marker(
            tmp,
            {
                "policy_kg": __version__,
                "built": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "corpus": str(corpus.resolve()),
                "documents": [d.source_file for d in docs],
                "summary": {k: v for k, v in summary.__dict__.items() if k != "out"},
            },
        )
    return summary

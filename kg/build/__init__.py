"""`kg build`: corpus folder → records → quads streamed into the embedded store → kg.trig, atomically."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from kg import __version__
from kg.errors import InputError
from kg.graph import store
from kg.build.cache import RecordCache, record_key
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


@dataclass
class Report:
    """What a build says besides the graph: files skipped (with --keep-going), warnings and notices."""

    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def corpus_files(corpus: Path) -> list[Path]:
    """Every document below `corpus`, recursively, in path order (hidden folders and reference/ left out)."""
    from kg.ingest import readers

    if not corpus.is_dir():
        raise InputError(corpus, "is not a folder")
    files = sorted(
        p for p in corpus.rglob("*")
        if p.is_file() and readers.is_document(p)
        and not any(part.startswith(".") or part == "reference" for part in p.relative_to(corpus).parts[:-1]))
    if not files:
        raise InputError(corpus, f"holds no documents ({', '.join(sorted(readers.SUFFIXES))})")
    return files


def identities(corpus: Path, files: list[Path]) -> dict[Path, tuple[str, str]]:
    """(source name, stem) per file: its path in the corpus, suffix dropped only where no stem is then shared."""
    from kg.graph import iris

    rel = {p: p.relative_to(corpus).as_posix() for p in files}
    stems = {p: r[: -len(p.suffix)] if p.suffix else r for p, r in rel.items()}
    while True:  # a shared stem falls back to the whole path (x.pdf, x.txt), until none is shared (x.txt.pdf)
        owners: dict[str, list[Path]] = {}
        for p, stem in stems.items():
            owners.setdefault(stem, []).append(p)
        shared = [p for ps in owners.values() if len(ps) > 1 for p in ps if stems[p] != rel[p]]
        if not shared:
            break
        stems.update({p: rel[p] for p in shared})
    by_iri: dict[str, Path] = {}
    for p in files:
        other = by_iri.setdefault(str(iris.plan(stems[p])), p)
        if other != p:
            raise InputError(p, f"would be the same plan as {rel[other]!r} ({iris.plan(stems[p])}); rename one of them")
    return {p: (rel[p], stems[p]) for p in files}


def iter_documents(corpus: Path, on_file: Callable[[Path], None] | None = None, *, keep_going: bool = False,
                   strict: bool = False, report: Report | None = None, workers: int = 1,
                   scheduler: str | None = None, cache: RecordCache | None = None) -> Iterator[Document]:
    """Each corpus file as a `Document` record, in path order. A bad file is an input error, or with
    `keep_going` a line in `report.skipped`; a file without tasks is kept with a warning (an error if strict).
    With `workers` > 1 or a Dask `scheduler`, extraction runs in other processes (kg.build.workers); the records
    and their order are the same."""
    report = report if report is not None else Report()
    files = corpus_files(corpus)
    ids = identities(corpus, files)
    seen: dict[int, str] = {}
    for path, doc in _extracted(corpus, files, ids, workers, scheduler, cache):
        if on_file:
            on_file(path)
        try:
            if isinstance(doc, InputError):
                raise doc
            _check_tasks(path, doc, strict, report)
        except InputError as exc:
            if not keep_going:
                raise
            report.skipped.append(str(exc))
            continue
        key = hash(doc.norm.text if doc.norm is not None else doc.source_file)
        if key in seen:
            report.notices.append(f"{doc.source_file}: same text as {seen[key]}; skipped as a duplicate")
            continue
        seen[key] = doc.source_file
        yield doc


def _extracted(corpus: Path, files: list[Path], ids: dict, workers: int, scheduler: str | None,
               cache: RecordCache | None) -> Iterator[tuple[Path, Document | InputError]]:
    """(file, its record or its input error) in path order: from the cache, or extracted through kg.build.workers
    (in this process, in worker processes, or on a Dask cluster); new records go into the cache."""
    from kg.build import workers as w

    bundle = w.bundle(corpus)
    keys: dict[Path, str] = {}

    def items():
        for p in files:
            try:
                job = w.job(p, *ids[p])
            except InputError as exc:
                yield exc
                continue
            if cache is None:
                yield job
                continue
            key = record_key(job.name, job.stem, job.data, job.sidecar, bundle.key)
            hit = cache.get(key)
            if hit is None:
                keys[p] = key  # extracted below, then cached
            yield hit if hit is not None else job

    n = workers if len(files) >= w.MIN_PARALLEL or scheduler else 1
    for path, res in zip(files, w.ordered_results(items(), bundle, n, scheduler)):
        if isinstance(res, w.Failed):
            res = res.error(path)
        elif cache is not None and path in keys:
            cache.put(keys.pop(path), res)
        yield path, res


def read_and_extract(ex, path: Path, name: str, stem: str) -> Document:
    """Read and extract one file; every failure becomes one InputError naming the file and the stage."""
    from kg.extract.document import StageError
    from kg.ingest import readers

    try:
        src = readers.read(path)
    except InputError:
        raise
    except Exception as exc:  # a reader's library failing on a malformed file
        raise InputError(path, f"cannot be read ({type(exc).__name__}: {exc})") from None
    try:
        return ex.document(src, name=name, stem=stem)
    except InputError:
        raise
    except StageError as exc:
        raise InputError(path, f"extraction failed in {exc.stage}: {exc.reason}") from None


def _check_tasks(path: Path, doc: Document, strict: bool, report: Report) -> None:
    """A document without tasks is kept with a warning, or refused with --strict."""
    if not doc.tasks:
        msg = "no numbered tasks found; kept as a document (title, 文号, date, citations, goals)"
        if strict:
            raise InputError(path, msg.split(";")[0] + " (--strict)")
        report.warnings.append(f"{doc.source_file}: {msg}")


def extract_corpus(corpus: Path, on_file: Callable[[Path], None] | None = None) -> list[Document]:
    return list(iter_documents(corpus, on_file))


def build(corpus: Path, out: Path, on_file: Callable[[Path], None] | None = None, *, keep_going: bool = False,
          strict: bool = False, report: Report | None = None, workers: int = 1,
          scheduler: str | None = None, use_cache: bool = True) -> Summary:
    """Extract every document (here, in `workers` processes, or on the Dask cluster at `scheduler`; unchanged
    documents from OUT/cache, kg.build.cache) and stream its quads into a new store; corpus-wide steps; swap it in."""
    from kg.graph import default, trig
    from kg.graph.builder import GraphBuilder
    from kg.graph.quads import QuadSink
    from kg.lineage import quads as rdf_lineage
    from kg.reference import UnitTable

    t0, clock = time.perf_counter(), _Clock()
    with store.staging(out) as tmp:
        ox_store = store.create_store(tmp)
        sink = QuadSink(ox_store, union=True)  # the default graph written as the union: kg/graph/default.py
        try:
            gb = GraphBuilder(UnitTable(corpus), sink)
            docs: list[Document] = []
            report = report if report is not None else Report()
            cache = RecordCache(out / store.CACHE) if use_cache else None
            for doc in iter_documents(corpus, on_file, keep_going=keep_going, strict=strict, report=report,
                                      workers=workers, scheduler=scheduler, cache=cache):
                clock.lap("extract")
                _keep_text(tmp, doc)
                gb.add(doc)
                sink.commit()
                docs.append(doc)
                clock.lap("graph")
            if not docs:
                raise InputError(corpus, "no document could be read; nothing to build")
            gb.resolve()
            clock.lap("graph")
            rdf_lineage.run(gb, docs, corpus)
            clock.lap("lineage")
            gb.finish()
            clock.lap("graph")
            trig.write_trig(ox_store, tmp)  # the named graphs; the default graph is their union
            union = default.note(ox_store)
            summary = _summary(docs, ox_store, time.perf_counter() - t0, out, clock.spent,
                               len(ox_store) - union[default.MARK]["triples"])
        except BaseException:
            sink.abandon()  # no bulk load may still be writing when the staging folder is removed
            raise
        del ox_store, sink, gb
        default.drop_logs(tmp / store.STORE)
        clock.lap("store")
        summary = replace(summary, seconds=round(time.perf_counter() - t0, 2),
                          stages=tuple((k, round(v, 2)) for k, v in clock.spent.items()))
        store.write_marker(tmp, _marker(corpus, docs, summary) | _cache_note(cache) | union)
    if cache is not None:
        cache.prune()
    return summary


def _cache_note(cache: RecordCache | None) -> dict:
    return {} if cache is None else {"cache": {"reused": cache.hits, "extracted": cache.misses}}


def _keep_text(folder: Path, doc: Document) -> None:
    """A PDF, Word or web page's text as read, saved in the build: evidence offsets refer to it."""
    if doc.source_format == "txt" or doc.norm is None:
        return
    rel = f"text/{doc.stem}.txt"
    target = folder / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(doc.norm.source, encoding="utf-8")
    doc.text_file = rel


def _summary(docs: list[Document], ox_store, seconds: float, out: Path, stages: dict[str, float],
             triples: int) -> Summary:
    from kg.graph.vocab import POL

    units = sum(1 for _ in ox_store.query(f"SELECT DISTINCT ?u {{ GRAPH ?g {{ ?u a <{POL.Unit}> }} }}"))
    return Summary(
        documents=len(docs),
        tasks=sum(len(d.tasks) for d in docs),
        units=units,
        obligations=sum(len(t.obligations) for d in docs for t in d.tasks),
        triples=triples,
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

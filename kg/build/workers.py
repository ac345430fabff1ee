"""Extraction away from the main process: one job function for local worker processes and a Dask cluster.

A job carries a document as bytes (and its `.meta.json` sidecar, if any), never a path, so a worker on another
machine needs only policy-kg installed, not the corpus folder. The corpus's own reference tables travel once as
a `Bundle`; each worker process keeps one `Extractor` per bundle, so the spaCy pipeline and jieba's dictionary
load once per process, not once per document. Results come back in corpus order through a bounded window of
jobs in flight, so memory holds a few documents per worker whatever the corpus size, and the graph is written
in the same order as a single-process build: the same quads.

`executor(workers, scheduler)` picks the engine: None for in-process (workers <= 1: the same job function, run
here), a `concurrent.futures.ProcessPoolExecutor`, or a `distributed.Client`. Both have `submit(fn, *args)`
returning a future with `.result()`, which is all `ordered_results` needs.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.records import Document

WINDOW_PER_WORKER = 4  # jobs in flight per worker: enough to hide the round trip, few enough to bound memory
CONNECT_SECONDS = 10
MIN_PARALLEL = 12  # fewer documents than this are extracted in-process: a worker's start-up (≈ 3 s) costs more


@dataclass(frozen=True)
class Bundle:
    """The corpus's `reference/` files (relative path → bytes) and a key naming their content."""

    key: str
    files: tuple[tuple[str, bytes], ...] = ()


@dataclass(frozen=True)
class Job:
    """One document to extract: where it sits in the corpus, and its bytes."""

    name: str  # path in the corpus (the record's source_file)
    stem: str
    filename: str  # the file's own name: the reader goes by its suffix, metadata inference by its stem
    data: bytes
    sidecar: bytes | None = None


@dataclass(frozen=True)
class Failed:
    """A job's input error, carried back as text: the main process names the original file (or its sidecar)."""

    reason: str
    in_sidecar: bool = False

    def error(self, path: Path) -> InputError:
        return InputError(path.with_name(path.stem + ".meta.json") if self.in_sidecar else path, self.reason)


def bundle(corpus: Path) -> Bundle:
    """The corpus's reference tables as bytes, keyed by their content."""
    folder = corpus / "reference"
    files = tuple(sorted((p.relative_to(folder).as_posix(), p.read_bytes())
                         for p in folder.rglob("*") if p.is_file())) if folder.is_dir() else ()
    h = hashlib.sha256()
    for name, data in files:
        h.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return Bundle(h.hexdigest()[:16], files)


def job(path: Path, name: str, stem: str) -> Job:
    """The job for one corpus file: its bytes and its sidecar's."""
    sidecar = path.with_name(path.stem + ".meta.json")
    try:
        data = path.read_bytes()
        side = sidecar.read_bytes() if sidecar.is_file() else None
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
    return Job(name, stem, path.name, data, side)


_EXTRACTORS: dict[str, object] = {}  # per worker process: bundle key → Extractor


def _extractor(b: Bundle):
    """This process's Extractor for the bundle, built on first use (the reference files in a temp corpus)."""
    from kg.extract.document import Extractor

    if b.key not in _EXTRACTORS:
        corpus = Path(tempfile.mkdtemp(prefix="kg-ref-"))
        for rel, data in b.files:
            target = corpus / "reference" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        _EXTRACTORS[b.key] = Extractor(corpus if b.files else None)
    return _EXTRACTORS[b.key]


def extract_job(j: Job, b: Bundle) -> Document | Failed:
    """Read and extract one document from its bytes; an input error comes back as `Failed`, never raised,
    so a bad file costs its job only."""
    from kg.build import read_and_extract

    ex = _extractor(b)
    with tempfile.TemporaryDirectory(prefix="kg-doc-") as tmp:
        path = Path(tmp) / j.filename
        path.write_bytes(j.data)
        if j.sidecar is not None:
            path.with_name(path.stem + ".meta.json").write_bytes(j.sidecar)
        try:
            return read_and_extract(ex, path, j.name, j.stem)
        except InputError as exc:
            return Failed(exc.reason, exc.where.endswith(".meta.json"))


def executor(workers: int, scheduler: str | None = None):
    """None (in-process), a process pool of `workers`, or a client of the Dask scheduler at `scheduler`."""
    if scheduler:
        return _dask_client(scheduler)
    if workers <= 1:
        return None
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))


def _dask_client(address: str):
    """A client of a running Dask scheduler; an unreachable one is an input error naming the address."""
    import logging

    try:
        from distributed import Client
    except ImportError:
        raise InputError("--scheduler", "needs Dask distributed: pip install distributed") from None
    logging.getLogger("distributed").setLevel(logging.CRITICAL)
    try:
        return Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        reason = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
        raise InputError(address, f"cannot reach the Dask scheduler ({reason})") from None


def capacity(pool) -> int:
    """How many jobs the engine runs at once: a pool's processes, a cluster's worker threads."""
    if hasattr(pool, "nthreads"):
        return max(1, sum(pool.nthreads().values()))
    return getattr(pool, "_max_workers", None) or os.cpu_count() or 1


class _Ready:
    """An outcome already at hand (a cached record, or one extracted in this process), shaped like a future."""

    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


def ordered_results(items: Iterable[Job | Document], b: Bundle, workers: int = 1,
                    scheduler: str | None = None) -> Iterator[Document | Failed]:
    """Each item's outcome in order: a Job is extracted (here, in a pool or on the cluster), anything else is
    passed through. The engine starts at the first Job — a rebuild whose records are all cached starts none —
    with at most WINDOW_PER_WORKER × capacity jobs in flight, and is stopped when the iteration ends."""
    pending: deque = deque()
    pool, started, window, bundle_arg = None, False, 1, b
    try:
        for item in items:
            if isinstance(item, Job) and not started:
                pool, started = executor(workers, scheduler), True
                window = WINDOW_PER_WORKER * capacity(pool) if pool is not None else 1
                if hasattr(pool, "scatter"):  # Dask: ship the reference tables to every worker once
                    bundle_arg = pool.scatter(b, broadcast=True)
            if not isinstance(item, Job):
                pending.append(_Ready(item))
            elif pool is None:
                pending.append(_Ready(extract_job(item, b)))
            else:
                pending.append(pool.submit(extract_job, item, bundle_arg, **_pure(pool)))
            while pending and (len(pending) >= window or isinstance(pending[0], _Ready)):
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        if pool is not None:
            close(pool)


def close(pool) -> None:
    """Stop a process pool (cancelling queued jobs) or disconnect from a Dask cluster."""
    if hasattr(pool, "scatter"):
        pool.close()
    else:
        pool.shutdown(wait=True, cancel_futures=True)


def _pure(pool) -> dict:
    """Dask dedupes identical tasks by key: two files with the same bytes must still be two jobs."""
    return {"pure": False} if hasattr(pool, "scatter") else {}

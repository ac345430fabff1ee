"""Each document's extracted records, cached by content in OUT/cache/, so a rebuild re-extracts only what changed.

A record is found by a key over everything that decides it: the file's bytes, its sidecar's, its name in the
corpus, the corpus's reference tables (`kg.build.workers.Bundle.key`) and the extraction code itself (the source of
the ingest and extract stages and the data they read, hashed once per process). Change any of them and the
key changes, so a stale record is never read; an edit to the lineage or graph code keeps every record.

Entries are written whole (temporary file, then rename), so a build killed mid-way leaves only complete
entries, and a build that fails still leaves valid ones behind for the next. After a successful build,
entries no document used are removed. The cache is a pickle of our own records in the user's own build
folder: like any pickle, do not read a cache folder from someone you do not trust (`--no-cache` ignores it).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from functools import lru_cache
from pathlib import Path

from kg import __version__
from kg.records import Document

FOLDER = "cache"
#: what extraction depends on, relative to the kg package: its code and its data
_CODE = ("ingest", "extract", "data", "records.py", "reference.py", "divisions.py", "keys.py", "numerals.py",
         "errors.py", "build")


@lru_cache(maxsize=1)
def code_key() -> str:
    """A hash of the extraction code and data as installed, and the package version."""
    root = Path(__file__).resolve().parent.parent  # the kg package
    h = hashlib.sha256(__version__.encode())
    for name in _CODE:
        base = root / name
        files = sorted(p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts) if base.is_dir() else [base]
        for p in files:
            if p.is_file():
                h.update(p.relative_to(root).as_posix().encode() + b"\0" + hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()[:16]


def record_key(name: str, stem: str, data: bytes, sidecar: bytes | None, bundle_key: str) -> str:
    """The key of one document's records."""
    h = hashlib.sha256(code_key().encode() + b"\0" + bundle_key.encode())
    for part in (name.encode(), stem.encode(), data, sidecar if sidecar is not None else b"\xff"):
        h.update(len(part).to_bytes(8, "big") + part)
    return h.hexdigest()


class RecordCache:
    """OUT/cache/<key[:2]>/<key>.pickle; counts hits and misses for the build summary."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.hits = self.misses = 0
        self.used: set[str] = set()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> Document | None:
        """The cached records, or None (absent, unreadable or not a Document: treated as absent)."""
        self.used.add(key)
        try:
            with self._path(key).open("rb") as fh:
                doc = pickle.load(fh)
        except Exception:  # noqa: BLE001 - a damaged entry is a miss, never an error
            doc = None
        if isinstance(doc, Document):
            self.hits += 1
            return doc
        self.misses += 1
        return None

    def put(self, key: str, doc: Document) -> None:
        """Store the records whole (temporary file + rename); a full disk only costs the cache entry."""
        path = self._path(key)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tmp.open("wb") as fh:
                pickle.dump(doc, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:
            tmp.unlink(missing_ok=True)

    def prune(self) -> int:
        """Remove the entries this build did not use (and leftover temporary files); how many went."""
        gone = 0
        if not self.folder.is_dir():
            return 0
        for p in self.folder.glob("*/*"):
            if p.name.startswith(".") or p.stem not in self.used:
                p.unlink(missing_ok=True)
                gone += 1
        return gone

"""The build folder: `kg.trig`, the embedded on-disk Oxigraph store, and a marker saying what built it.

Builds are atomic: everything is written to a sibling temporary folder and swapped in at the end, so a
failed build leaves the previous one untouched.
"""

from __future__ import annotations

import json
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError

MARKER = "BUILD.json"
TRIG = "kg.trig"
STORE = "store"


def is_build(path: Path) -> bool:
    return (path / MARKER).is_file()


@contextmanager
def staging(out: Path):
    """Yield a temporary folder next to `out`; on success swap it in, on failure remove it."""
    out = out.resolve()
    if out.exists() and not out.is_dir():
        raise InputError(out, "exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not is_build(out):
        raise InputError(out, f"is a non-empty folder that is not a policy-kg build (no {MARKER}); refusing to overwrite it")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        out.rename(old)
    tmp.rename(out)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def create_store(folder: Path) -> ox.Store:
    """A new, empty on-disk store inside a staging folder; the build streams its quads into it."""
    return ox.Store(str(folder / STORE))


def write_trig(store: ox.Store, folder: Path) -> Path:
    """Compact the store and dump it as `kg.trig` (written by Oxigraph, with the usual prefixes)."""
    from kg.graph.vocab import ID, PREFIXES

    store.flush()
    store.optimize()
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()} | {"id": str(ID)}
    trig = folder / TRIG
    store.dump(str(trig), format=ox.RdfFormat.TRIG, prefixes=prefixes)
    return trig


def open_store(build: Path) -> ox.Store:
    """Open a finished build's store read-only (several readers may share it)."""
    if not is_build(build):
        raise InputError(build, "is not a policy-kg build; run `kg build` first (or pass --build DIR)")
    try:
        return ox.Store.read_only(str(build / STORE))
    except OSError as exc:
        raise InputError(build / STORE, f"cannot be opened ({exc})") from None


def write_marker(folder: Path, info: dict) -> None:
    (folder / MARKER).write_text(json.dumps(info, ensure_ascii=False, indent=2), encoding="utf-8")


def read_marker(build: Path) -> dict:
    return json.loads((build / MARKER).read_text(encoding="utf-8"))


def rdflib_dataset(build: Path):
    """The build as an rdflib Dataset backed by Oxigraph (oxrdflib), for notebooks and rdflib users."""
    from rdflib import Dataset

    if not is_build(build):
        raise InputError(build, "is not a policy-kg build; run `kg build` first")
    ds = Dataset(store="Oxigraph")
    ds.open(str(build / STORE), create=False)
    return ds

"""The build folder: `kg.trig`, the embedded on-disk Oxigraph store, and a marker saying what built it.

A rebuild never loses data and a reader never sees half of two builds. Layout of OUT:

    OUT/.versions/<id>/                  one folder per build (BUILD.json, kg.trig, store/, text/), never
                                         changed once published
    OUT/current -> .versions/<id>        the pointer: a new build is published by ONE atomic rename of it
    OUT/BUILD.json, kg.trig, store, text symlinks to current/…: the contract's paths keep working
    OUT/.lock                            flock: one build at a time per OUT (the kernel drops it if a build dies)
    OUT/viz/                             `kg viz` pages; not versioned, never touched by a build
    OUT/cache/                           each document's records by content (kg.build.cache): what a rebuild reuses

Readers resolve `current` once and hold a shared flock on that version's marker while they use it; a build
deletes an old version only if it can take that lock exclusively, and always keeps the previous one too (for
readers that open OUT/store by path without the lock). Leftovers of killed builds are collected by the next.
A folder written by an older policy-kg (the same files, real, no `current`) is read as is and converted by
the next build. A folder that is not a build (anything else in it, or a marker that is not ours) is refused.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError

MARKER = "BUILD.json"
TRIG = "kg.trig"
STORE = "store"
TEXT = "text"
VIZ = "viz"
CACHE = "cache"  # OUT/cache: each document's records by content (kg.build.cache), not versioned
CURRENT = "current"
VERSIONS = ".versions"
LOCK = ".lock"
LINKED = (MARKER, TRIG, STORE, TEXT)  # OUT/<name> -> current/<name>
ALLOWED = frozenset({*LINKED, VIZ, CACHE, CURRENT, VERSIONS, LOCK})  # all a build folder may hold
MAX_MARKER = 64 << 20
NOT_BUILD = "is not a policy-kg build; run `kg build` first (or pass --build DIR)"
_ID = re.compile(r"\d{8}T\d{6}\.\d{6}Z-\d+\Z")


# --- reading -------------------------------------------------------------------------------------------------
def _current(build: Path) -> Path | None:
    """The folder that holds the build now: the version `current` names, or an older flat build itself."""
    try:
        target = os.readlink(build / CURRENT)
    except FileNotFoundError:
        marker = build / MARKER
        return build if marker.is_file() and not marker.is_symlink() else None
    except OSError:  # `current` is not a symlink, or `build` not a folder
        return None
    head, _, name = target.partition("/")
    return build / VERSIONS / name if head == VERSIONS and _ID.match(name) else None


def is_build(path: Path) -> bool:
    return (folder := _current(path)) is not None and (folder / MARKER).is_file()


def build_id(build: Path) -> str:
    """Which build `build` holds now; it changes with every successful build, so a server knows to reopen."""
    folder = _current(build)
    if folder is None or not (folder / MARKER).is_file():
        raise InputError(build, NOT_BUILD)
    if folder != build:
        return folder.name
    st = (build / MARKER).stat()
    return f"flat-{st.st_ino}-{st.st_mtime_ns}"


class _Pin:
    """A shared lock on a version's marker: while it is held, no build deletes that version."""

    def __init__(self, fd: int | None):
        self.fd = fd

    def close(self) -> None:
        fd, self.fd = self.fd, None
        if fd is not None:
            os.close(fd)

    __del__ = close


def _pinned(build: Path) -> tuple[Path, _Pin]:
    """The current version, pinned; if a build retires it between reading the pointer and locking, read again."""
    for _ in range(100):
        folder = _current(build)
        if folder is None:
            raise InputError(build, NOT_BUILD)
        if folder == build:  # a flat build from an older policy-kg: nothing ever deletes it under a reader
            return folder, _Pin(None)
        try:
            fd = os.open(folder / MARKER, os.O_RDONLY)
        except FileNotFoundError:
            if _current(build) == folder:
                raise InputError(build, f"{CURRENT} names {folder.name}, which is missing; run `kg build`") from None
            continue
        fcntl.flock(fd, fcntl.LOCK_SH)
        try:
            if os.path.samestat(os.fstat(fd), os.stat(folder / MARKER)):
                return folder, _Pin(fd)
        except FileNotFoundError:
            pass
        os.close(fd)
    raise InputError(build, "kept changing while being opened; try again")


class OpenStore:
    """A read-only `pyoxigraph.Store` pinned to its version while it lives; `folder` has that build's text/."""

    def __init__(self, store: ox.Store, folder: Path, pin: _Pin):
        self._store, self.folder, self._pin = store, folder, pin

    def __getattr__(self, name: str):
        if name in ("_store", "_pin"):
            raise AttributeError(name)
        return getattr(self._store, name)

    def __len__(self) -> int:
        return len(self._store)

    def __iter__(self):
        return iter(self._store)

    def __contains__(self, quad) -> bool:
        return quad in self._store

    def __repr__(self) -> str:
        return f"<OpenStore {self.folder}>"


def open_store(build: Path) -> OpenStore:
    """Open a finished build's store read-only (several readers may share it), from one version only."""
    folder, pin = _pinned(build)
    try:
        from kg.graph.default import view  # a default graph holding the union: shown to SPARQL only

        return view(ox.Store.read_only(str(folder / STORE)), folder, pin)
    except OSError as exc:
        pin.close()
        raise InputError(build / STORE, f"cannot be opened ({exc})") from None


def read_marker(build: Path) -> dict:
    folder, pin = _pinned(build)
    try:
        return json.loads((folder / MARKER).read_text(encoding="utf-8"))
    finally:
        pin.close()


def rdflib_dataset(build: Path):
    """The build as an rdflib Dataset on its store, read-only (a writable open would rewrite a published build)."""
    from oxrdflib import OxigraphStore
    from rdflib import Dataset

    store = open_store(build)
    ds = Dataset(store=OxigraphStore(store=store._store))
    ds.policy_kg_store = store  # the version stays pinned until the Dataset goes
    return ds


# --- writing -------------------------------------------------------------------------------------------------
def create_store(folder: Path) -> ox.Store:
    """A new, empty on-disk store inside a staging folder; the build streams its quads into it."""
    return ox.Store(str(folder / STORE))


def write_marker(folder: Path, info: dict) -> None:
    (folder / MARKER).write_text(json.dumps(info, ensure_ascii=False, indent=2), encoding="utf-8")


def marker_problem(path: Path) -> str | None:
    """Why `path` is not a policy-kg marker (None if it is): a stray BUILD.json must never make a folder ours."""
    try:
        if path.stat().st_size > MAX_MARKER:
            return f"{MARKER} is too large to be a policy-kg marker"
        info = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return f"{MARKER} is not a policy-kg marker (not readable JSON)"
    if not isinstance(info, dict) or not isinstance(info.get("policy_kg"), str) or not info["policy_kg"] \
            or not isinstance(info.get("documents"), list):
        return f"{MARKER} is not a policy-kg marker (no policy_kg version and documents list)"
    return None


def check_out(out: Path) -> None:
    """Refuse a folder a build may not write to: anything but what a build writes, or a marker not ours."""
    if not out.exists() and not out.is_symlink():
        return
    if not out.is_dir():
        raise InputError(out, "exists and is not a folder")
    names = sorted(p.name for p in out.iterdir())
    extra = [n for n in names if n not in ALLOWED]
    if extra:
        shown = ", ".join(extra[:3]) + (f" and {len(extra) - 3} more" if len(extra) > 3 else "")
        why = f"holds {shown}, which a build does not write"
    else:
        why = _layout_problem(out, names)
    if why:
        raise InputError(out, f"{why}; not a policy-kg build, refusing to overwrite it")


def _layout_problem(out: Path, names: list[str]) -> str | None:
    """Given only build names in `out`: is its marker (current or flat) ours, or is it data without one?"""
    if CURRENT in names:
        folder = _current(out)
        if folder is None:
            return f"{CURRENT} is not a link into {VERSIONS}"
        return marker_problem(folder / MARKER) if (folder / MARKER).exists() else None
    marker = out / MARKER
    if marker.exists() and not marker.is_symlink():
        return marker_problem(marker)
    real = [n for n in names if n in (*LINKED, VIZ) and not (out / n).is_symlink()]
    return f"holds {', '.join(real)} but no {MARKER}" if real else None


# --- publishing ----------------------------------------------------------------------------------------------
@contextmanager
def staging(out: Path):
    """Yield a new version folder in `out`; publish it with one atomic rename on success, else remove it."""
    out = out.resolve()
    check_out(out)
    created = not out.exists()
    with _build_lock(out):
        check_out(out)  # another build may have run while this one waited
        versions = out / VERSIONS
        versions.mkdir(exist_ok=True)
        _collect(out, keep={f.name for f in [_current(out)] if f is not None}, complete_too=False)
        _collect_flat_leftovers(out)
        folder = _new_version(versions)
        try:
            yield folder
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            if created:
                _remove_if_unused(out)
            raise
        _publish(out, folder)


@contextmanager
def _build_lock(out: Path):
    """An exclusive flock on OUT/.lock; retried if the file was removed while waiting (a failed first build)."""
    while True:
        out.mkdir(parents=True, exist_ok=True)
        fd = os.open(out / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            if os.path.samestat(os.fstat(fd), os.stat(out / LOCK)):
                break
        except FileNotFoundError:
            pass
        os.close(fd)
    try:
        yield
    finally:
        os.close(fd)


def _new_version(versions: Path) -> Path:
    """A fresh folder named by UTC time and process id: sortable, unique, and the build's `build_id`."""
    while True:
        ns = time.time_ns()
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(ns // 10**9))
        folder = versions / f"{stamp}.{ns // 1000 % 10**6:06d}Z-{os.getpid()}"
        try:
            folder.mkdir()
            return folder
        except FileExistsError:
            time.sleep(0.001)


def _publish(out: Path, folder: Path) -> None:
    """Links first (harmless while `current` still names the old build), the one atomic switch, then tidy up."""
    previous = _current(out)
    for name in LINKED:
        here = out / name
        if (folder / name).exists() and (here.is_symlink() or not here.exists()):
            _link(out, name, f"{CURRENT}/{name}")
    _link(out, CURRENT, f"{VERSIONS}/{folder.name}")  # the switch: readers see the old build or the new one
    fd = os.open(out, os.O_RDONLY)
    os.fsync(fd)
    os.close(fd)
    _retire_flat(out)
    for name in LINKED:
        if not (folder / name).exists() and (out / name).is_symlink():
            (out / name).unlink()
    keep = {folder.name} | ({previous.name} if previous is not None and previous != out else set())
    _collect(out, keep=keep, complete_too=True)


def _link(out: Path, name: str, target: str) -> None:
    """Point OUT/<name> at `target` by renaming a fresh symlink over it (atomic; never a moment without it)."""
    here = out / name
    if here.is_symlink() and os.readlink(here) == target:
        return
    tmp = out / VERSIONS / f".link-{os.getpid()}-{name}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(target, tmp)
    os.replace(tmp, here)


def _retire_flat(out: Path) -> None:
    """An older policy-kg's real files, superseded once `current` exists: moved aside, linked, deleted."""
    trash = out / VERSIONS / f".flat-{os.getpid()}"
    for name in LINKED:
        here = out / name
        if here.exists() and not here.is_symlink():
            trash.mkdir(exist_ok=True)
            os.rename(here, trash / name)
            _link(out, name, f"{CURRENT}/{name}")
    shutil.rmtree(trash, ignore_errors=True)


def _collect(out: Path, keep: set[str], complete_too: bool) -> None:
    """Delete killed builds' leftovers in OUT/.versions; with `complete_too`, old versions no reader pins."""
    for p in sorted((out / VERSIONS).iterdir()):
        if p.name in keep:
            continue
        if p.is_symlink() or not p.is_dir():
            p.unlink()
        elif not (_ID.match(p.name) and (p / MARKER).is_file()):
            shutil.rmtree(p, ignore_errors=True)
        elif complete_too and _retire(p):
            shutil.rmtree(p.with_name(f".gone-{p.name}"), ignore_errors=True)


def _retire(folder: Path) -> bool:
    """Rename a version out of readers' reach, if none holds it (an exclusive lock on its marker)."""
    fd = os.open(folder / MARKER, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return False
    try:
        os.rename(folder, folder.with_name(f".gone-{folder.name}"))
    finally:
        os.close(fd)
    return True


def _collect_flat_leftovers(out: Path) -> None:
    """Temporary folders an older policy-kg's killed build left beside OUT (`.OUT.tmp-PID`, `.OUT.old-PID`)."""
    if not is_build(out):
        return  # an .old- folder may then be the only copy of a build: leave it for a person
    for p in out.parent.iterdir():
        kind, _, pid = p.name[len(out.name) + 2:].partition("-")
        if not (p.name.startswith(f".{out.name}.") and kind in ("tmp", "old") and pid.isdigit()):
            continue
        if not _alive(int(pid)) and p.is_dir() and not p.is_symlink() and all(c.name in LINKED for c in p.iterdir()):
            shutil.rmtree(p, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def _remove_if_unused(out: Path) -> None:
    """After a failed first build, leave no trace: OUT goes if it holds only the empty versions, the lock and
    the records that build cached."""
    try:
        if {p.name for p in out.iterdir()} <= {VERSIONS, LOCK, CACHE} and not any((out / VERSIONS).iterdir()):
            shutil.rmtree(out / CACHE, ignore_errors=True)
            (out / VERSIONS).rmdir()
            (out / LOCK).unlink()
            out.rmdir()
    except OSError:  # another build got in meanwhile: then the folder is its
        pass

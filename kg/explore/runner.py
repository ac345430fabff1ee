"""The endpoint's query workers: a few processes the server can kill, so a query that runs too long, eats
memory or crashes the engine costs one worker process and never the server.

Each worker opens the build's store read-only and reopens it when the build is swapped underneath (a new
`build_id`). The server sends it a `Job` through a pipe and gathers the answer's pieces until the time limit;
past it, or when the client has gone, it kills the process (SIGKILL, so Oxigraph stops at once) and starts
a fresh one. A worker's memory is capped (`RLIMIT_DATA`): a query past it aborts that worker only; and
where Linux allows it a worker has no network at all (its own empty network namespace), behind the guard.
At most `workers` queries run and `queue` more wait (each at most QUEUE_WAIT × `timeout`); past that the
answer is 503 with Retry-After. Workers come from a fork server that has the modules loaded, so a new one
is ready in milliseconds.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import resource
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError
from kg.explore.results import Caps, Job, Response, collect, execute, text_response
from kg.graph import store as build_store

POLL = 0.1  # seconds between checks for the deadline, a departed client or a dead worker
QUEUE_WAIT = 3  # a query waits at most this many time limits for a worker, then 503 + Retry-After


@dataclass(frozen=True)
class Limits:
    """What one endpoint allows: worker processes, waiting queries, seconds, rows, bytes and MB per worker."""

    workers: int = 2
    queue: int = 64
    timeout: float = 10.0
    max_rows: int = 10_000
    max_bytes: int = 50 * 2**20
    max_memory_mb: int = 1024
    request_timeout: float = 10.0  # seconds a client has to send its whole request

    def check(self) -> None:
        """Refuse limits that make no sense, naming the flag."""
        for flag, value, least in (("--workers", self.workers, 1), ("--queue", self.queue, 0),
                                   ("--timeout", self.timeout, 0.001), ("--max-rows", self.max_rows, 1),
                                   ("--max-bytes", self.max_bytes, 1024), ("--max-memory", self.max_memory_mb, 0),
                                   ("request_timeout", self.request_timeout, 0.001)):
            if value < least:
                raise InputError(flag, f"must be at least {least}, not {value}")


def build_id(build: Path) -> str:
    """What identifies the build now: the store module's `build_id` when it has one, else BUILD.json's inode,
    mtime and size (a rebuild swaps in a new file, so one of them changes)."""
    fn = getattr(build_store, "build_id", None)
    if fn is not None:
        return str(fn(build))
    st = (build / build_store.MARKER).stat()
    return f"{st.st_ino}:{st.st_mtime_ns}:{st.st_size}"


class _StoreSource:
    """The worker's open store, reopened when the build changes; the old one serves while a swap is half done."""

    def __init__(self, build: Path):
        self.build, self.id, self.store = build, None, None

    def current(self) -> ox.Store:
        try:
            bid = build_id(self.build)
        except (OSError, InputError):
            bid = None
        if bid is not None and bid != self.id:
            try:
                self.store, self.id = build_store.open_store(self.build), bid
            except (InputError, OSError):
                pass  # mid-swap: keep the old store and look again at the next query
        if self.store is None:
            raise InputError(self.build, "no build to read just now (is it being rebuilt?)")
        return self.store


def _worker_main(build: str, conn, caps: Caps, max_memory_mb: int) -> None:
    """A worker process: ignore Ctrl-C (the server stops it), cap memory, answer jobs until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    _no_network()
    _limit_memory(max_memory_mb)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)  # an engine abort message is the server's business, not the terminal's
    source = _StoreSource(Path(build))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            store = source.current()
        except InputError as exc:
            conn.send(("error", 503, exc.reason))
            continue
        try:
            for msg in execute(store, job, caps):
                conn.send(msg)
        except OSError:
            return
        except Exception as exc:  # noqa: BLE001 - the server gets one line; this worker goes on
            conn.send(("error", 500, f"internal error while answering ({type(exc).__name__})"))


def _die_with_parent() -> None:
    """Linux: this process is killed when its parent dies, so no query outlives the server."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _no_network() -> bool:
    """Linux: move this process into an empty network namespace, so even a SERVICE the guard missed
    reaches no host (the store is a file and the pipe to the server is already open). Best effort."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        new_net, new_user = 0x40000000, 0x10000000  # CLONE_NEWNET, CLONE_NEWUSER
        return libc.unshare(new_net) == 0 or libc.unshare(new_user | new_net) == 0
    except (OSError, AttributeError):
        return False


def _limit_memory(mb: int) -> None:
    """Cap this process's heap, so a query that materialises too much aborts here, not the machine."""
    if mb <= 0:
        return
    limit = mb * 2**20
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_DATA)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    except (ValueError, OSError, AttributeError):
        pass


class _Stop(Exception):
    """Why a worker's answer was abandoned: timeout, gone (the client left) or died."""

    def __init__(self, why: str):
        super().__init__(why)
        self.why = why


class _Worker:
    """The server's end of one worker process: its pipe, and the means to kill it."""

    def __init__(self, ctx, build: Path, caps: Caps, max_memory_mb: int):
        self.conn, there = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_worker_main, args=(str(build), there, caps, max_memory_mb),
                                daemon=True, name="kg-serve-worker")
        self.proc.start()
        there.close()

    def messages(self, job: Job, deadline: float, cancelled: Callable[[], bool] | None) -> Iterator[tuple]:
        """Send `job`, then yield the worker's messages; raise _Stop past `deadline`, if the client left or
        the worker died."""
        try:
            self.conn.send(job)
        except OSError:
            raise _Stop("died") from None
        while True:
            wait = deadline - time.monotonic()
            if wait <= 0:
                raise _Stop("timeout")
            if not self.conn.poll(min(wait, POLL)):
                if cancelled is not None and cancelled():
                    raise _Stop("gone")
                if not self.proc.is_alive():
                    raise _Stop("died")
                continue
            try:
                msg = self.conn.recv()
            except (EOFError, OSError):
                raise _Stop("died") from None
            yield msg
            if msg[0] in ("end", "error"):
                return

    def exitcode(self) -> int | None:
        self.proc.join(0.2)
        return self.proc.exitcode

    def stop(self, kill: bool = False) -> None:
        """End the process: politely (it finishes its loop) or at once (SIGKILL)."""
        if not kill:
            try:
                self.conn.send(None)
            except OSError:
                pass
            self.proc.join(1.0)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(2.0)
        self.conn.close()


def _context():
    """A fork server with this module loaded (fast, clean workers), or spawn where there is none. The main
    module is preloaded too, as multiprocessing does by default: then it is set up once in the fork server,
    not again in every new worker."""
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["__main__", "kg.explore.runner"])
        return ctx
    return mp.get_context("spawn")


class Runner:
    """A pool of query worker processes with a bounded queue; `run` answers a Job or says in one line why not."""

    def __init__(self, build: Path, limits: Limits = Limits()):
        limits.check()
        self.build, self.limits = Path(build).absolute(), limits
        self.caps = Caps(limits.max_rows, limits.max_bytes)
        self._ctx = _context()
        self._admit = threading.BoundedSemaphore(limits.workers + limits.queue)
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._closed = threading.Event()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        for _ in range(limits.workers):
            self._idle.put(self._spawn())

    def _spawn(self) -> _Worker:
        worker = _Worker(self._ctx, self.build, self.caps, self.limits.max_memory_mb)
        with self._lock:
            self._all.add(worker)
        return worker

    def pids(self) -> list[int]:
        """The worker processes' ids, for monitoring and tests."""
        with self._lock:
            return [w.proc.pid for w in self._all]

    def run(self, job: Job, cancelled: Callable[[], bool] | None = None) -> Response:
        """The answer to `job` from a free worker, or 503 with Retry-After when all are busy too long."""
        lim = self.limits
        if self._closed.is_set():
            return text_response(503, "the server is stopping", {"Retry-After": "1"})
        if not self._admit.acquire(blocking=False):
            return text_response(503, f"busy: {lim.workers + lim.queue} queries are running or waiting "
                                      "(--workers, --queue); retry shortly", {"Retry-After": "1"})
        try:
            try:
                worker = self._idle.get(timeout=QUEUE_WAIT * lim.timeout)
            except queue.Empty:
                return text_response(503, f"busy: no query worker came free within {QUEUE_WAIT * lim.timeout:g} s; "
                                          "retry shortly", {"Retry-After": "2"})
            return self._ask(worker, job, cancelled)
        finally:
            self._admit.release()

    def _ask(self, worker: _Worker, job: Job, cancelled: Callable[[], bool] | None) -> Response:
        lim = self.limits
        try:
            resp = collect(worker.messages(job, time.monotonic() + lim.timeout, cancelled))
        except _Stop as stop:
            code = worker.exitcode() if stop.why == "died" else None
            self._replace(worker)
            if self._closed.is_set():
                return text_response(503, "query cancelled: the server is stopping")
            if stop.why == "timeout":
                return text_response(503, f"query cancelled: it ran past the {lim.timeout:g} s time limit (--timeout)")
            if stop.why == "gone":
                return text_response(503, "query cancelled: the client closed the connection")
            if code == -signal.SIGABRT:
                why = f"it needed more than {lim.max_memory_mb} MB (--max-memory)"
            else:
                how = f"signal {-code}" if code and code < 0 else f"exit {code}"
                why = f"it crashed the query engine ({how})"
            return text_response(500, f"query stopped: {why}; its worker process was replaced, the server goes on")
        if resp[0] == 503:
            resp.headers.setdefault("Retry-After", "1")
        self._release(worker)
        return resp

    def _release(self, worker: _Worker) -> None:
        if self._closed.is_set():
            self._end(worker, kill=True)
        else:
            self._idle.put(worker)

    def _end(self, worker: _Worker, kill: bool = False) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.stop(kill)

    def _replace(self, worker: _Worker) -> None:
        """Kill `worker` now and start its successor in the background."""
        self._end(worker, kill=True)
        threading.Thread(target=self._respawn, daemon=True, name="kg-serve-respawn").start()

    def _respawn(self) -> None:
        while not self._closed.is_set():
            try:
                self._release(self._spawn())
                return
            except (OSError, RuntimeError, ValueError) as exc:
                sys.stderr.write(f"kg serve: cannot start a query worker ({exc}); trying again\n")
                time.sleep(1.0)

    def close(self) -> None:
        """Stop the idle workers and kill the busy ones (their queries answer 500 at once)."""
        self._closed.set()
        while True:
            try:
                self._end(self._idle.get_nowait())
            except queue.Empty:
                break
        with self._lock:
            busy = list(self._all)
        for worker in busy:
            worker.proc.kill()

"""Bench: `kg serve` under 200 concurrent canned queries, alone and while a runaway query is being cancelled.

    .venv/bin/python bench/load_serve.py [--build DIR] [--requests 200] [--timeout 10] [--workers 2]

Loopback only and bounded: starts `kg serve` on a free 127.0.0.1 port over a build (the seeds, built into a
temporary folder, unless --build is given), fires --requests concurrent requests cycling through the canned
queries (`kg.explore.queries.canned_queries()`, parameters unbound), and prints p50/p90/p99/max latency and
the errors by status; then the same while one three-way product runs until the server cancels it at
--timeout, and what that query got. Every request has a 60 s client timeout; the whole run stops at 180 s.
Exit status 1 if any canned query failed.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.explore.queries import canned_queries  # noqa: E402

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CLIENT_TIMEOUT = 60.0
RUN_LIMIT = 180.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(build: Path, port: int, timeout: float, workers: int) -> subprocess.Popen:
    """`kg serve` in a child process, once it answers (or an error naming what it printed)."""
    cmd = [sys.executable, "-m", "kg", "serve", "--build", str(build), "--host", "127.0.0.1", "--port", str(port),
           "--timeout", str(timeout), "--workers", str(workers)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"kg serve exited: {proc.stderr.read().strip()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("kg serve did not answer within 60 s")


def one(url: str, query: str) -> tuple[float, int]:
    """(seconds, HTTP status; 0 when there was no answer) of one POSTed query."""
    data = urllib.parse.urlencode({"query": query}).encode()
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/x-www-form-urlencoded"})
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=CLIENT_TIMEOUT) as r:
            r.read()
            status = r.status
    except urllib.error.HTTPError as exc:
        exc.read()
        status = exc.code
    except OSError:
        status = 0
    return time.perf_counter() - t0, status


def burst(url: str, queries: list[str], n: int) -> tuple[list[tuple[float, int]], float]:
    """n requests released together (a barrier), cycling through `queries`; their results and the wall time."""
    gate = threading.Barrier(n)

    def fire(i: int) -> tuple[float, int]:
        gate.wait(timeout=30)
        return one(url, queries[i % len(queries)])

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=n) as pool:
        results = list(pool.map(fire, range(n)))
    return results, time.perf_counter() - t0


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def report(title: str, results: list[tuple[float, int]], wall: float) -> bool:
    """Print one table row set; True when every request answered 200."""
    lat = [t * 1000 for t, _ in results]
    statuses = Counter(s for _, s in results)
    errors = {s: c for s, c in statuses.items() if s != 200}
    print(f"\n{title}")
    print("| requests | ok | errors | p50 ms | p90 ms | p99 ms | max ms | mean ms | wall s | answers/s |")
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    err = ", ".join(f"{c}×{s or 'no answer'}" for s, c in sorted(errors.items())) or "0"
    print(f"| {len(results)} | {statuses.get(200, 0)} | {err} | {pct(lat, 50):.0f} | {pct(lat, 90):.0f} | "
          f"{pct(lat, 99):.0f} | {max(lat):.0f} | {statistics.mean(lat):.0f} | {wall:.2f} | "
          f"{statuses.get(200, 0) / wall:.0f} |")
    return not errors


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", type=Path)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--timeout", type=float, default=10.0, help="the server's --timeout")
    ap.add_argument("--workers", type=int, default=2, help="the server's --workers")
    args = ap.parse_args()
    if not 1 <= args.requests <= 1000:
        raise SystemExit("--requests must be 1..1000")
    limit = threading.Timer(RUN_LIMIT, lambda: (print("bench: over the run limit", file=sys.stderr), _exit(3)))
    limit.daemon = True
    limit.start()
    with tempfile.TemporaryDirectory(prefix="kg-load-") as tmp:
        build = args.build or seed_build(Path(tmp) / "build")
        port = free_port()
        server = start_server(build, port, args.timeout, args.workers)
        try:
            return run(f"http://127.0.0.1:{port}/sparql", args)
        finally:
            limit.cancel()
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()


def _exit(code: int) -> None:
    import os

    os._exit(code)


def seed_build(out: Path) -> Path:
    from kg.build import build

    t0 = time.perf_counter()
    build(ROOT / "corpus", out)
    print(f"seed build in {time.perf_counter() - t0:.1f} s: {out}")
    return out


def run(url: str, args) -> int:
    queries = [cq.text for cq in canned_queries()]
    print(f"kg serve at {url}: {args.workers} workers, --timeout {args.timeout:g}; "
          f"{args.requests} concurrent requests over {len(queries)} canned queries")
    for q in queries:  # warm both workers' stores and caches once, as a researcher's first queries would
        one(url, q)
    ok = report("canned queries, nothing else running", *burst(url, queries, args.requests))
    runaway: dict = {}

    def run_away() -> None:
        runaway["t"], runaway["status"] = one(url, RUNAWAY)

    t = threading.Thread(target=run_away)
    t.start()
    time.sleep(0.3)  # the runaway has a worker before the burst starts
    ok &= report("canned queries while a runaway query (a three-way product) holds a worker until cancelled",
                 *burst(url, queries, args.requests))
    t.join(args.timeout + 30)
    print(f"\nrunaway query: HTTP {runaway.get('status')} after {runaway.get('t', float('nan')):.2f} s "
          f"(the server's limit: {args.timeout:g} s)")
    after = one(url, queries[0])
    print(f"next query after the cancel: HTTP {after[1]} in {after[0] * 1000:.0f} ms")
    print(json.dumps({"ok": ok}))
    return 0 if ok and after[1] == 200 else 1


if __name__ == "__main__":
    sys.exit(main())

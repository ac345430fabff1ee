"""Every canned query on the embedded Oxigraph store vs rdflib's in-memory Dataset holding the same graph.

Why: `kg query`, `kg serve` and the notebooks answer from the embedded pyoxigraph store; rdflib's own SPARQL
engine is what a researcher gets by loading `kg.trig` into rdflib. Both run the same text (the canned query
with its example bindings as a VALUES block, the standard prefixes prepended for rdflib) on the same quads
(`kg.trig` parsed into `rdflib.Dataset(default_union=True)`, so the default graph is the union of the named
graphs, as in the store). Each query runs once to warm up, then N times; the table gives the median, the row
count each engine answered (they should agree) and the ratio rdflib / Oxigraph. A run past `--timeout`
seconds is stopped (rdflib's engine is pure Python, so an alarm interrupts it) and shown as "> T"; a query
whose warm-up alone takes N × timeout / 4 or more is timed once more instead of N times, and the table says so.

    .venv/bin/python bench/bench_queries.py [--copies K] [--runs N] [--timeout S] [--build DIR | --out DIR]

`--copies K` builds the five seeds plus K-1 moved copies of them (every place name of a copy replaced by
another real province, city and county: tests/viz_synth.py `moved_copies`), so the graph grows K-fold with
distinct places. `--build DIR` times an existing build instead of building one; `--out DIR` keeps the build
it makes there (to time it again with `--build`).
"""

from __future__ import annotations

import argparse
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from kg.explore.bind import parse_bindings, with_bindings  # noqa: E402
from kg.explore.queries import canned_queries  # noqa: E402
from kg.explore.query import prefixes  # noqa: E402
from kg.graph.vocab import sparql_prologue  # noqa: E402


def build_copies(k: int, tmp: Path) -> Path:
    """The seeds ×k (moved copies) built into tmp/build; prints how big the build is."""
    from kg.build import build
    from viz_synth import moved_copies

    corpus = ROOT / "corpus" if k == 1 else moved_copies(tmp / "corpus", plans=5 * k)
    t0 = time.perf_counter()
    s = build(corpus, tmp / "build")
    print(f"built {s.documents} documents, {s.tasks} tasks, {s.triples} triples in {time.perf_counter() - t0:.1f} s")
    return tmp / "build"


class Slow(Exception):
    """A run went past the time limit."""


def timed(fn, limit: float) -> tuple[float, int]:
    """(milliseconds, rows) of one call of fn, or Slow once `limit` seconds have passed."""
    def stop(signum, frame):
        raise Slow()

    old = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        t0 = time.perf_counter()
        rows = fn()
        return (time.perf_counter() - t0) * 1000, rows
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def median_ms(fn, runs: int, limit: float) -> tuple[float | None, int | None, int]:
    """(median ms of the timed runs after one warm-up, rows, how many runs were timed); None past the limit."""
    try:
        warm, rows = timed(fn, limit)
        if warm >= runs * limit * 1000 / 4:
            runs = 1
        times = [timed(fn, limit)[0] for _ in range(runs)]
    except Slow:
        return None, None, 0
    return statistics.median(times), rows, runs


def bench(build: Path, runs: int, limit: float) -> list[tuple]:
    """(query, rows Oxigraph, rows rdflib, ms Oxigraph, ms rdflib, runs of each) for every canned query."""
    from rdflib import Dataset

    from kg.graph.store import open_store

    store = open_store(build)
    t0 = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(build / "kg.trig", format="trig")
    print(f"rdflib: {len(ds)} quads parsed in {time.perf_counter() - t0:.1f} s")
    pre, prologue = prefixes(), sparql_prologue()
    out = []
    for cq in canned_queries():
        text = with_bindings(cq.text, parse_bindings(list(cq.example.bindings)) or None, cq.name)
        ox_ms, ox_rows, ox_runs = median_ms(
            lambda: len(list(store.query(text, prefixes=pre, use_default_graph_as_union=True))), runs, limit)
        rd_ms, rd_rows, rd_runs = median_ms(lambda: len(list(ds.query(prologue + text))), runs, limit)
        out.append((cq.name, ox_rows, rd_rows, ox_ms, rd_ms, (ox_runs, rd_runs)))
        print(f"  {cq.name}: oxigraph {ox_ms} ms, rdflib {rd_ms} ms", file=sys.stderr)
    return out


def _ms(ms: float | None, runs: int, wanted: int, limit: float) -> str:
    if ms is None:
        return f"> {limit * 1000:.0f}"
    return f"{ms:.1f}" + ("" if runs == wanted else f" ({runs} run)")


def table(results: list[tuple], title: str, runs: int, limit: float) -> str:
    """The results as a Markdown table, with the ratio rdflib / Oxigraph per query and its median."""
    lines = [f"{title}", "", "| canned query | rows (Oxigraph / rdflib) | Oxigraph ms | rdflib ms | rdflib / Oxigraph |",
             "| --- | --- | --- | --- | --- |"]
    ratios = []
    for name, ox_rows, rd_rows, ox_ms, rd_ms, (ox_runs, rd_runs) in results:
        rows = f"{ox_rows}" if ox_rows == rd_rows or rd_rows is None else f"{ox_rows} / {rd_rows} (differ)"
        ratio = ((rd_ms or limit * 1000) / ox_ms) if ox_ms else None
        ratios.append(ratio)
        shown = "" if ratio is None else (f"> {ratio:.0f}×" if rd_ms is None else f"{ratio:.1f}×")
        lines.append(f"| `{name}` | {rows} | {_ms(ox_ms, ox_runs, runs, limit)} | {_ms(rd_ms, rd_runs, runs, limit)} | {shown} |")
    known = [r for r in ratios if r is not None]
    bound = "≥ " if any(r[4] is None for r in results) else ""  # a stopped run makes its ratio a lower bound
    lines.append(f"| median of the ratios | | | | {bound}{statistics.median(known):.1f}× |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=1, help="the seeds ×K (moved copies); default 1")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per query and engine (median); default 5")
    ap.add_argument("--timeout", type=float, default=120, help="seconds one run may take; default 120")
    ap.add_argument("--build", type=Path, help="time this existing build instead of building one")
    ap.add_argument("--out", type=Path, help="build into this folder and keep it (default: a temporary folder)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        build = args.build or build_copies(args.copies, args.out or Path(tmp))
        results = bench(build, args.runs, args.timeout)
        what = f"existing build {args.build}" if args.build else f"seeds ×{args.copies}"
        print(table(results, f"{what}, median of {args.runs} runs", args.runs, args.timeout))


if __name__ == "__main__":
    main()

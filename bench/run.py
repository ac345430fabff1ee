"""The scale table: `python bench/run.py [N ...] [--workers W] [--work DIR]` (default N = 100 1000 5000).

For each N: a generated corpus with known lineage (bench/make_corpus.py, cached in DIR), then
- a full build in a child process (`kg.build.build`, W extraction workers, no cache): seconds, documents/s,
  triples/s, stage seconds, and peak RSS of the build process and of its largest worker;
- lineage against the generated truth, read from the built graph: top-1 (the first asserted candidate is a
  true source; a task with no true source is right when nothing is asserted) and MRR over ranked candidates;
- an incremental rebuild after one document changed (its records re-extracted, every other one from
  OUT/cache);
- every canned query's median latency on the embedded store (as `kg query` runs it) and, up to --rdflib-max
  documents, on rdflib's in-memory Dataset holding the same kg.trig, with the ratio;
- the overview view's build-and-write time (`kg viz overview`).
Prints one table per N; `--json FILE` keeps the numbers, and WORK/result-N.json each N's, so `--parts
queries` (say) measures again only the canned queries of the builds in WORK and shows the rest from the
earlier run. A canned query runs in a child process stopped after `--query-timeout` seconds. Machine: see
bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

BUILD_CHILD = """
import json, resource, sys, time
from pathlib import Path
from kg.build import build
if __name__ == "__main__":
    t0 = time.perf_counter()
    s = build(Path(sys.argv[1]), Path(sys.argv[2]), workers=int(sys.argv[3]), use_cache=sys.argv[4] == "1")
    seconds = time.perf_counter() - t0
    print(json.dumps({"docs": s.documents, "triples": s.triples, "seconds": seconds, "stages": dict(s.stages),
                      "rss_main": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "rss_worker": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""

LINEAGE = """SELECT ?plan ?num ?rank ?srcplan ?srcnum ?asserted WHERE {
  ?p pol:hasTask ?t . ?t pol:taskNumber ?num . BIND(STR(?p) AS ?plan)
  { ?t prov:qualifiedDerivation ?d . BIND(true AS ?asserted) } UNION { ?t pol:candidate ?d . BIND(false AS ?asserted) }
  ?d pol:rank ?rank ; prov:entity ?s . ?s pol:taskNumber ?srcnum . ?sp pol:hasTask ?s . BIND(STR(?sp) AS ?srcplan)
}"""


def corpus(n: int, work: Path) -> Path:
    folder = work / f"corpus-{n}"
    if not (folder / "truth.json").is_file():
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([PY, str(ROOT / "bench" / "make_corpus.py"), str(n), str(folder)], check=True)
    return folder


def child_build(c: Path, out: Path, workers: int, cache: bool) -> dict:
    r = subprocess.run([PY, "-c", BUILD_CHILD, str(c), str(out), str(workers), "1" if cache else "0"],
                       capture_output=True, text=True, cwd=ROOT)
    if r.returncode:
        raise SystemExit(f"build of {c} failed: {r.stderr.strip().splitlines()[-1:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def lineage_scores(build: Path, truth: dict) -> tuple[float, float, int]:
    """(top-1, MRR, tasks scored) of the built lineage against the generator's truth."""
    from kg.explore.query import run_local
    from kg.graph import iris
    from kg.graph.store import open_store

    ranked: dict[tuple[str, str], list[tuple[int, str, str, bool]]] = {}
    for plan, num, rank, sp, sn, asserted in run_local(open_store(build), LINEAGE).rows:
        ranked.setdefault((plan.value, num.value), []).append(
            (int(rank.value), sp.value, sn.value, asserted.value == "true"))
    top1 = rr = n = 0
    for rel, info in truth.items():
        plan, parent = str(iris.plan(rel[:-4])), str(iris.plan(info["parent"][:-4]))
        for num, sources in info["tasks"].items():
            cands = sorted(ranked.get((plan, num), []))
            first = next((c for c in cands if c[3]), None)
            true = {(parent, s) for s in sources}
            n += 1
            if not sources:
                top1 += first is None
                rr += first is None
                continue
            top1 += first is not None and (first[1], first[2]) in true
            rank = next((i for i, c in enumerate(cands, 1) if (c[1], c[2]) in true), None)
            rr += 1 / rank if rank else 0
    return (top1 / n, rr / n, n) if n else (0.0, 0.0, 0)


def incremental(c: Path, out: Path, workers: int) -> dict:
    """Change one document (a sentence appended), rebuild with the cache, then put it back."""
    doc = sorted(c.rglob("*.txt"))[len(list(c.rglob("*.txt"))) // 2]
    original = doc.read_bytes()
    doc.write_bytes(original + "\n本方案自印发之日起施行。\n".encode())
    try:
        return child_build(c, out, workers, cache=True)
    finally:
        doc.write_bytes(original)


def median_ms(fn, runs: int) -> tuple[float, object]:
    """(median milliseconds of `runs` calls after one warm-up call, the last answer)."""
    answer, times = fn(), []
    for _ in range(runs):
        t0 = time.perf_counter()
        answer = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), answer


QUERY_CHILD = """
import json, statistics, sys, time
from pathlib import Path
from kg.explore.bind import parse_bindings
from kg.explore.queries import canned_queries
from kg.explore.query import run_local
from kg.graph.store import open_store
build, name, runs = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
cq = next(q for q in canned_queries() if q.name == name)
binds = parse_bindings(list(cq.example.bindings)) or None
store = open_store(build)
rows = len(run_local(store, cq.text, cq.name, binds).rows)
times = []
for _ in range(runs):
    t0 = time.perf_counter()
    rows = len(run_local(store, cq.text, cq.name, binds).rows)
    times.append((time.perf_counter() - t0) * 1000)
print(json.dumps({"ms": statistics.median(times), "rows": rows}))
"""


def embedded_ms(build: Path, name: str, runs: int, timeout: float) -> float | None:
    """Median ms of one canned query on the embedded store, in a child process stopped after `timeout`
    seconds (warm-up and runs together): None when it was stopped."""
    try:
        r = subprocess.run([PY, "-c", QUERY_CHILD, str(build), name, str(runs)], capture_output=True, text=True,
                           cwd=ROOT, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    return json.loads(r.stdout.strip().splitlines()[-1])["ms"]


def query_latencies(build: Path, runs: int, with_rdflib: bool, timeout: float) -> list[tuple]:
    """(canned query, median ms embedded as kg query runs it or None if stopped, median ms rdflib or None)."""
    from kg.explore.bind import parse_bindings, with_bindings
    from kg.explore.queries import canned_queries
    from kg.graph.vocab import sparql_prologue

    ds = None
    if with_rdflib:
        from rdflib import Dataset

        ds = Dataset(default_union=True)
        ds.parse(build / "kg.trig", format="trig")
    out = []
    for cq in canned_queries():
        ox_ms = embedded_ms(build, cq.name, runs, timeout)
        rd_ms = None
        if ds is not None:
            binds = parse_bindings(list(cq.example.bindings)) or None
            text = sparql_prologue() + with_bindings(cq.text, binds, cq.name)
            rd_ms, _ = median_ms(lambda: len(list(ds.query(text))), 1)  # rdflib: one timed run after the warm-up
        out.append((cq.name, ox_ms, rd_ms))
        shown = f"{ox_ms:.1f} ms" if ox_ms is not None else f"stopped after {timeout:g} s"
        print(f"  {cq.name}: embedded {shown}" + (f", rdflib {rd_ms:.0f} ms" if rd_ms else ""), flush=True)
    return out


def viz_seconds(build: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run([str(Path(PY).parent / "kg"), "viz", "overview", "--build", str(build), "-o",
                    str(build.parent / "overview.html")], check=True, capture_output=True)
    return time.perf_counter() - t0


PARTS = ("build", "lineage", "incremental", "queries", "viz")


def one(n: int, args) -> dict:
    """Measure `args.parts` for N; the other parts' figures come from WORK/result-N.json (an earlier run)."""
    c = corpus(n, args.work)
    out = args.work / f"build-{n}"
    saved = args.work / f"result-{n}.json"
    res = json.loads(saved.read_text(encoding="utf-8")) if saved.is_file() else {}
    res["n"] = n
    if "build" in args.parts or not (out / "BUILD.json").exists():
        shutil.rmtree(out, ignore_errors=True)
        res["build"] = child_build(c, out, args.workers, cache=True)
        print(f"N={n}: built in {res['build']['seconds']:.1f} s", flush=True)
    if "lineage" in args.parts:
        truth = json.loads((c / "truth.json").read_text(encoding="utf-8"))
        res["lineage"] = dict(zip(("top1", "mrr", "tasks"), lineage_scores(out, truth)))
        print(f"N={n}: lineage top-1 {res['lineage']['top1']:.3f}", flush=True)
    if "incremental" in args.parts:
        res["incremental"] = incremental(c, out, args.workers)
    if "queries" in args.parts:
        res["queries"] = query_latencies(out, args.runs, n <= args.rdflib_max, args.query_timeout)
    if "viz" in args.parts:
        res["viz_seconds"] = viz_seconds(out)
    saved.write_text(json.dumps(res, ensure_ascii=False), encoding="utf-8")
    return res


def show(r: dict) -> None:
    b = r["build"]
    print(f"\n## N = {r['n']}  ({b['docs']} documents, {b['triples']:,} triples)")
    print(f"build {b['seconds']:.1f} s = {b['docs'] / b['seconds']:.1f} documents/s, {b['triples'] / b['seconds']:,.0f} "
          f"triples/s; stages {json.dumps({k: round(v, 1) for k, v in b['stages'].items()})}")
    print(f"peak RSS: build process {b['rss_main']:.0f} MiB, largest worker {b['rss_worker']:.0f} MiB")
    if "lineage" in r:
        lin = r["lineage"]
        print(f"lineage {b['stages'].get('lineage', 0):.1f} s; top-1 {lin['top1']:.3f}, MRR {lin['mrr']:.3f} over "
              f"{lin['tasks']} tasks with truth")
    if "incremental" in r:
        inc = r["incremental"]
        print(f"incremental rebuild after one change: {inc['seconds']:.1f} s (stages "
              f"{json.dumps({k: round(v, 1) for k, v in inc['stages'].items()})})")
    if "viz_seconds" in r:
        print(f"kg viz overview: {r['viz_seconds']:.1f} s")
    if "queries" in r:
        print("| canned query | embedded ms | rdflib ms | ratio |\n| --- | --- | --- | --- |")
        for name, ox_ms, rd_ms in r["queries"]:
            ratio = f"{rd_ms / ox_ms:.0f}×" if rd_ms and ox_ms else "—"
            shown = f"{ox_ms:.1f}" if ox_ms is not None else "stopped"
            print(f"| `{name}` | {shown} | {'' if rd_ms is None else f'{rd_ms:.0f}'} | {ratio} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, nargs="*", default=[100, 1000, 5000])
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--work", type=Path, default=Path("/tmp/kg-bench"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--rdflib-max", type=int, default=100, help="largest N also loaded into rdflib (slow: minutes)")
    ap.add_argument("--query-timeout", type=float, default=60,
                    help="seconds one canned query may take, warm-up and runs together (default 60)")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--parts", default=",".join(PARTS),
                    help="what to measure (default all: " + ",".join(PARTS) + "); the others are shown from "
                         "WORK/result-N.json, written by an earlier run")
    args = ap.parse_args()
    args.parts = set(args.parts.split(","))
    if args.parts - set(PARTS):
        ap.error(f"--parts: unknown {', '.join(sorted(args.parts - set(PARTS)))}")
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; workers {args.workers}")
    results = []
    for n in args.n:
        results.append(one(n, args))
        show(results[-1])
        if args.json:
            args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()

"""Build throughput and store speed, as ratios against baselines measured in the same run.

1. Scaling: build the seeds ×1 and ×K (copies renamed) and report seconds per document; the ratio shows
   whether per-document cost stays flat as the corpus grows (start-up is paid once).
2. Before/after: with `--baseline REV` the same builds run on the code of git revision REV too (exported to a
   temporary folder, same interpreter and packages), alternating, and the table shows both and their ratio.
3. Where the time goes: the current build's seconds per stage (extract, graph, lineage, store).
4. Store: the same 4-way join (agency → obligation → task → plan, grouped) on the embedded Oxigraph store vs
   rdflib's in-memory store holding the same triples.
5. Memory: peak RSS of each build process.

    .venv/bin/python bench/bench_build.py [K] [--baseline REV] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

JOIN = """SELECT ?agency (COUNT(DISTINCT ?p) AS ?plans) (COUNT(?o) AS ?n) WHERE {
  ?o pol:unit ?u ; pol:task ?t ; pol:role ?r . ?u rdfs:label ?agency . ?p pol:hasTask ?t . ?t pol:taskNumber ?num }
GROUP BY ?agency ORDER BY DESC(?n)"""

# Runs in a child process with the code under test first on sys.path; prints one JSON line.
CHILD = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from kg.build import build
t0 = time.perf_counter()
s = build(Path(sys.argv[2]), Path(sys.argv[3]))
print(json.dumps({"docs": s.documents, "triples": s.triples, "seconds": time.perf_counter() - t0,
                  "stages": dict(getattr(s, "stages", ()) or ()),
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def corpus_copies(dst: Path, k: int) -> Path:
    """k copies of the seeds, each a distinct text (a build skips an identical text as a duplicate)."""
    dst.mkdir(parents=True)
    for i in range(k):
        for p in (ROOT / "corpus").glob("*.txt"):
            text = p.read_text(encoding="utf-8") + ("" if i == 0 else f"\n（副本{i}）\n")
            (dst / f"{p.stem}_copy{i}.txt").write_text(text, encoding="utf-8")
    return dst


def export(rev: str, dst: Path) -> Path:
    """The package of revision `rev` as plain files (git archive), to import instead of the work tree."""
    dst.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dst)], input=archive, check=True)
    return dst


def run_build(code: Path, corpus: Path, out: Path) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    res = subprocess.run([sys.executable, "-c", CHILD, str(code), str(corpus), str(out)],
                         capture_output=True, text=True, cwd=tempfile.gettempdir())
    if res.returncode != 0:
        raise SystemExit(f"build with {code} failed:\n{res.stderr[-2000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def median_of(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def scaling(codes: dict[str, Path], tmp: Path, k: int, repeat: int) -> dict:
    corpora = {1: corpus_copies(tmp / "c1", 1), k: corpus_copies(tmp / f"c{k}", k)}
    runs: dict[tuple[str, int], list[dict]] = {}
    for _ in range(repeat):
        for size, corpus in corpora.items():
            for name, code in codes.items():  # alternate versions so drift hits both alike
                runs.setdefault((name, size), []).append(run_build(code, corpus, tmp / f"b-{name}-{size}"))
    print(f"| code | copies | documents | triples | seconds (median of {repeat}) | s/doc | peak RSS MiB |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for (name, size), rs in runs.items():
        secs = median_of(rs, "seconds")
        print(f"| {name} | ×{size} | {rs[0]['docs']} | {rs[0]['triples']} | {secs:.2f} | "
              f"{secs / rs[0]['docs']:.3f} | {median_of(rs, 'rss'):.0f} |")
    for name in codes:
        per1 = median_of(runs[(name, 1)], "seconds") / runs[(name, 1)][0]["docs"]
        perk = median_of(runs[(name, k)], "seconds") / runs[(name, k)][0]["docs"]
        print(f"{name}: per-document time ×{k} / ×1 = {perk / per1:.2f}")
    if "baseline" in codes:
        for size in (1, k):
            ratio = median_of(runs[("current", size)], "seconds") / median_of(runs[("baseline", size)], "seconds")
            print(f"current / baseline build time at ×{size}: {ratio:.2f}")
    stages = runs[("current", k)][-1]["stages"]
    print(f"current ×{k}, seconds per stage: " + ", ".join(f"{s} {v:.2f}" for s, v in stages.items()))
    return runs


def join_speed(build: Path) -> None:
    from rdflib import Dataset

    sys.path.insert(0, str(ROOT))
    from kg.explore.query import run_local
    from kg.graph.store import open_store
    from kg.graph.vocab import sparql_prologue

    store = open_store(build)
    t0 = time.perf_counter()
    for _ in range(3):
        run_local(store, JOIN)
    ox_s = (time.perf_counter() - t0) / 3
    ds = Dataset(default_union=True)
    ds.parse(build / "kg.trig", format="trig")
    t0 = time.perf_counter()
    list(ds.query(sparql_prologue() + JOIN))
    rd_s = time.perf_counter() - t0
    print(f"4-way join: oxigraph {ox_s * 1000:.1f} ms, rdflib memory {rd_s * 1000:.1f} ms → {rd_s / ox_s:.0f}× faster")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("k", nargs="?", type=int, default=8)
    ap.add_argument("--baseline", help="git revision to compare against (e.g. HEAD~3)")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        codes = {"current": ROOT}
        if args.baseline:
            codes = {"baseline": export(args.baseline, tmp / "baseline"), "current": ROOT}
        scaling(codes, tmp, args.k, args.repeat)
        join_speed(tmp / f"b-current-{args.k}")


if __name__ == "__main__":
    main()

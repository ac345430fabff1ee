"""Build throughput and store speed, as ratios against baselines measured in the same run.

1. Scaling: build the seeds ×1 and ×K (copies renamed) and report seconds per document; the ratio shows
   whether per-document cost stays flat as the corpus grows (start-up is paid once).
2. Store: the same 4-way join (agency → obligation → task → plan, grouped) on the embedded Oxigraph store vs
   rdflib's in-memory store holding the same triples.
3. Memory: peak RSS of the process after the largest build.

    .venv/bin/python bench/bench_build.py [K]
"""

from __future__ import annotations

import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.build import build  # noqa: E402

JOIN = """SELECT ?agency (COUNT(DISTINCT ?p) AS ?plans) (COUNT(?o) AS ?n) WHERE {
  ?o pol:unit ?u ; pol:task ?t ; pol:role ?r . ?u rdfs:label ?agency . ?p pol:hasTask ?t . ?t pol:taskNumber ?num }
GROUP BY ?agency ORDER BY DESC(?n)"""


def corpus_copies(dst: Path, k: int) -> Path:
    dst.mkdir(parents=True)
    for i in range(k):
        for p in (ROOT / "corpus").glob("*.txt"):
            shutil.copy(p, dst / f"{p.stem}_copy{i}.txt")
    return dst


def timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    k = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        small = build(corpus_copies(tmp / "c1", 1), tmp / "b1")
        large = build(corpus_copies(tmp / f"c{k}", k), tmp / f"b{k}")
        per1, perk = small.seconds / small.documents, large.seconds / large.documents
        print(f"build ×1: {small.documents} docs, {small.triples} triples, {small.seconds:.2f} s ({per1:.3f} s/doc)")
        print(f"build ×{k}: {large.documents} docs, {large.triples} triples, {large.seconds:.2f} s ({perk:.3f} s/doc)")
        print(f"per-document time ×{k} / ×1: {perk / per1:.2f}  (≤ 1 means start-up amortises, cost per doc flat)")

        from rdflib import Dataset

        from kg.explore.query import run_local
        from kg.graph.vocab import sparql_prologue
        from kg.graph.store import open_store

        store = open_store(tmp / f"b{k}")
        ox_s = timed(lambda: run_local(store, JOIN))
        ds = Dataset(default_union=True)
        ds.parse(tmp / f"b{k}" / "kg.trig", format="trig")
        rd_s = timed(lambda: list(ds.query(sparql_prologue() + JOIN)), repeat=1)
        print(f"4-way join on {large.triples} triples: oxigraph {ox_s * 1000:.1f} ms, rdflib memory {rd_s * 1000:.1f} ms "
              f"→ oxigraph {rd_s / ox_s:.0f}× faster")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {rss:.0f} MiB")


if __name__ == "__main__":
    main()

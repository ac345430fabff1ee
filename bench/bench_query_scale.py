"""Canned queries as the corpus grows: each one's median time before and after the default-graph layout, and
against rdflib's in-memory engine, at N documents.

Why: `kg query` and `kg serve` answer over the union of one named graph per document. The build now also writes
that union into the store's default graph (kg/graph/default.py) and queries read it directly; before, every
query ran with Oxigraph's `use_default_graph_as_union`. This bench measures both on the same data:

- corpus: `bench/make_corpus.py N` (generated province / city / county plans), built with `kg build --workers W`;
  both are kept in WORK (default /tmp/kg-qspeed: gen<N>/, g<N>/) and reused by the next run;
- after: the default graph, as `kg query` reads a build now (`open_store`);
- before: the named graphs only, asked with the union flag, as every build was before. A build made by this
  code is the "after" and its named graphs are bulk-loaded into WORK/g<N>-named/ for "before"; a build made
  before the change is the "before" and WORK/g<N>-union/ gets its quads plus the copy the build would write;
- rdflib: `kg.trig` parsed into `rdflib.Dataset(default_union=True)`, only up to `--rdflib-max` documents (it
  holds everything in Python objects: about 3 minutes to parse 0.5 M quads, far more beyond).

Each query runs with its example bindings (a VALUES block, as `kg query --bind` sends them), once to warm up,
then `--runs` times; the table shows the median in ms, by the wall clock or, with `--clock cpu`, by this
process's CPU time (steadier on a shared machine: the query runs in this thread). Rows must agree before and
after. A run past `--timeout` seconds is stopped and shown as "> T".

    .venv/bin/python bench/bench_query_scale.py [--sizes 100 1000] [--runs 5] [--clock wall|cpu] [--work DIR]
        [--workers 2] [--rdflib-max 100] [--timeout 120]
"""

from __future__ import annotations

import argparse
import json
import mmap
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import pyoxigraph as ox  # noqa: E402

from bench_queries import median_ms  # noqa: E402  (wall clock, stopped at the time limit: for rdflib)
from kg.explore.bind import parse_bindings, with_bindings  # noqa: E402
from kg.explore.queries import canned_queries  # noqa: E402
from kg.explore.query import prefixes  # noqa: E402
from kg.graph import default  # noqa: E402
from kg.graph.store import open_store  # noqa: E402
from kg.graph.vocab import sparql_prologue  # noqa: E402

CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}


def built(n: int, work: Path, workers: int) -> Path:
    """WORK/g<n>: n generated documents, built once (the corpus and the build are reused when present)."""
    corpus, out = work / f"gen{n}", work / f"g{n}"
    if not corpus.is_dir():
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_corpus.py"), str(n), str(corpus)], check=True,
                       stdout=subprocess.DEVNULL)
    if not (out / "BUILD.json").is_file():
        t0 = time.perf_counter()
        subprocess.run([str(Path(sys.executable).parent / "kg"), "build", "--corpus", str(corpus), "--out", str(out),
                        "--workers", str(workers)], check=True, stdout=subprocess.DEVNULL)
        print(f"built {n} documents in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return out


def materialise(store: ox.Store, scratch: Path) -> dict:
    """Copy every named-graph triple into the default graph of a store written without it; the BUILD.json note
    that says so (bench/bench_query_scale.py measures both layouts). The copy does not pass through Python:
    each named graph is dumped by Oxigraph as N-Triples into one file in `scratch` (N-Triples files
    concatenate), which the bulk loader reads into the default graph. The loader gives blank nodes new labels,
    so a graph whose dump holds `_:` (the ontology's lists) is copied quad by quad instead."""
    nt = scratch / "union.nt"
    by_quad: list[ox.Quad] = []
    try:
        with nt.open("w+b") as fh:
            for graph in list(store.named_graphs()):
                if not _dump_without_blank_nodes(store, graph, fh):
                    by_quad.extend(ox.Quad(q.subject, q.predicate, q.object)
                                   for q in store.quads_for_pattern(None, None, None, graph))
        store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
    finally:
        nt.unlink(missing_ok=True)
    store.extend(by_quad)
    store.flush()
    store.optimize()
    return default.note(store)


def _dump_without_blank_nodes(store: ox.Store, graph, fh) -> bool:
    """Append `graph` as N-Triples to `fh`; if the dump holds `_:` (a blank node, or a literal that reads
    like one), take it back out and say so."""
    start = fh.seek(0, os.SEEK_END)
    store.dump(fh, ox.RdfFormat.N_TRIPLES, from_graph=graph)
    fh.flush()
    end = fh.tell()
    if end == start:
        return True
    with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        clean = mm.find(b"_:", start, end) < 0
    if not clean:
        fh.truncate(start)
    return clean


def scratch(build: Path, work: Path, suffix: str, union: bool) -> Path:
    """WORK/<build>-<suffix>: the build's named graphs bulk-loaded into a new store, and with `union` also the
    default graph the build writes (`materialise`): the other layout of the same quads."""
    path = work / f"{build.name}-{suffix}"
    if not path.is_dir():
        src = open_store(build)  # quads of the named graphs only, whatever the layout
        tmp = path.with_name(path.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        dst = ox.Store(str(tmp))
        dst.bulk_extend(iter(src))
        dst.flush()
        dst.optimize()
        if union:
            materialise(dst, tmp)
        del dst, src
        default.drop_logs(tmp)  # as a build does
        tmp.rename(path)
    return path


def previous_without_copy(build: Path) -> Path | None:
    """The newest earlier version of `build` (OUT/.versions keeps the previous one) made from the same documents
    before the default-graph copy: the faithful "before", written the same way as the build is now."""
    now = json.loads((build / "BUILD.json").read_text(encoding="utf-8"))
    for version in sorted((build / ".versions").glob("2*"), reverse=True):
        try:
            marker = json.loads((version / "BUILD.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if "default_graph" not in marker and marker.get("documents") == now.get("documents"):
            return version
    return None


def layouts(build: Path, work: Path) -> tuple:
    """(store before, store after, their folders, where "before" came from). After: the build if it has the
    copy, else a scratch copy with it; before: the build's earlier version without the copy if there is one,
    else the build itself (made before the change), else a scratch copy of its named graphs."""
    from kg.graph.default import UnionView

    opened = open_store(build)
    if not isinstance(opened, UnionView):
        union = scratch(build, work, "union", union=True)
        return opened, ox.Store.read_only(str(union)), build / "store", union, "the build (made before the change)"
    old = previous_without_copy(build)
    if old is not None:
        return (ox.Store.read_only(str(old / "store")), opened, old / "store", build / "store",
                f"the build's previous version {old.name} (same documents, made before the change)")
    named = scratch(build, work, "named", union=False)
    return ox.Store.read_only(str(named)), opened, named, build / "store", "a scratch copy of the named graphs"


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.resolve().rglob("*") if p.is_file())


def oxigraph_ms(fn, runs: int, clock) -> tuple[float, int]:
    """(median ms of `runs` calls after one warm-up, by `clock`; rows of the last call)."""
    rows = fn()
    times = []
    for _ in range(runs):
        t0 = clock()
        rows = fn()
        times.append((clock() - t0) * 1000)
    return statistics.median(times), rows


def example_texts() -> list[tuple[str, str]]:
    """(name, text with the example bindings as a VALUES block) of every canned query."""
    out = []
    for cq in canned_queries():
        binds = parse_bindings(list(cq.example.bindings)) if cq.example and cq.example.bindings else None
        out.append((cq.name, with_bindings(cq.text, binds, cq.name)))
    return out


def rdflib_dataset(build: Path):
    from rdflib import Dataset

    t0 = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(build / "kg.trig", format="trig")
    print(f"rdflib: {len(ds)} quads parsed in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return ds


def measure(n: int, args) -> dict:
    """Every canned query at n documents: rows and ms before, after and (small n) in rdflib; and the sizes."""
    build = built(n, args.work, args.workers)
    before, after, before_dir, after_dir, origin = layouts(build, args.work)
    print(f"N={n}: before = {origin}", file=sys.stderr)
    marker = json.loads((build / "BUILD.json").read_text(encoding="utf-8"))
    ds = rdflib_dataset(build) if n <= args.rdflib_max else None
    pre, prologue, clock = prefixes(), sparql_prologue(), CLOCKS[args.clock]
    rows = []
    for name, text in example_texts():
        b_ms, b_rows = oxigraph_ms(lambda: sum(1 for _ in before.query(text, prefixes=pre,
                                                                        use_default_graph_as_union=True)),
                                   args.runs, clock)
        a_ms, a_rows = oxigraph_ms(lambda: sum(1 for _ in after.query(text, prefixes=pre)), args.runs, clock)
        r_ms = r_rows = None
        if ds is not None:
            r_ms, r_rows, _ = median_ms(lambda: len(list(ds.query(prologue + text))), args.runs, args.timeout)
        rows.append({"query": name, "rows": a_rows, "rows_before": b_rows, "rows_rdflib": r_rows,
                     "before": b_ms, "after": a_ms, "rdflib": r_ms})
        print(f"  N={n} {name}: before {b_ms:.1f} ms, after {a_ms:.1f} ms, rdflib {r_ms} ms", file=sys.stderr)
    return {"n": n, "quads": len(open_store(build)), "summary": marker.get("summary", {}),
            "stage_seconds": marker.get("stage_seconds", {}), "default_graph": marker.get("default_graph"),
            "before_bytes": du(before_dir), "after_bytes": du(after_dir), "before": origin,
            "before_seconds": _seconds(before_dir.parent), "after_seconds": _seconds(after_dir.parent),
            "queries": rows}


def _seconds(folder: Path):
    """The build seconds BUILD.json in `folder` records, if it is a build version."""
    try:
        return json.loads((folder / "BUILD.json").read_text(encoding="utf-8"))["summary"]["seconds"]
    except (OSError, ValueError, KeyError):
        return None


def _ms(ms: float | None, limit: float | None = None) -> str:
    if ms is None:
        return "—" if limit is None else f"> {limit * 1000:.0f}"
    return f"{ms:.0f}" if ms >= 100 else f"{ms:.1f}"


def table(results: list[dict], args) -> str:
    """One Markdown table: a row per canned query, per N the rows and ms before / after / rdflib."""
    sizes = [r["n"] for r in results]
    head = ["canned query"]
    for n in sizes:
        head += [f"rows N={n}", f"before ms N={n}", f"after ms N={n}", f"after/before N={n}"]
        if n <= args.rdflib_max:
            head += [f"rdflib ms N={n}", f"rdflib/after N={n}"]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for i, (name, _) in enumerate(example_texts()):
        cells = [f"`{name}`"]
        for r in results:
            q = r["queries"][i]
            rows = f"{q['rows']}" if q["rows"] == q["rows_before"] else f"{q['rows']} (before {q['rows_before']})"
            cells += [rows, _ms(q["before"]), _ms(q["after"]), f"{q['before'] / q['after']:.2f}×"]
            if r["n"] <= args.rdflib_max:
                ratio = f"{q['rdflib'] / q['after']:.0f}×" if q["rdflib"] else f"> {args.timeout * 1000 / q['after']:.0f}×"
                cells += [_ms(q["rdflib"], args.timeout), ratio]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def sizes_table(results: list[dict]) -> str:
    """Per N: quads, the build's seconds and the copy's, the store on disk with the copy and without it."""
    lines = ["| N | quads (named graphs) | build s before | build s after | of which the copy s | store MB before "
             "| store MB after | median after/before |", "|" + " --- |" * 8]
    for r in results:
        copy = (r["default_graph"] or {}).get("seconds")
        ratio = statistics.median(q["before"] / q["after"] for q in r["queries"])
        lines.append(f"| {r['n']} | {r['quads']} | {r['before_seconds'] or '—'} | {r['after_seconds'] or '—'} "
                     f"| {copy if copy is not None else '—'} | {r['before_bytes'] / 2**20:.0f} "
                     f"| {r['after_bytes'] / 2**20:.0f} | {ratio:.2f}× |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000], help="documents per corpus; default 100 1000")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per query (median); default 5")
    ap.add_argument("--clock", choices=sorted(CLOCKS), default="wall", help="wall (default) or this process's CPU time")
    ap.add_argument("--work", type=Path, default=Path("/tmp/kg-qspeed"), help="where corpora and builds are kept")
    ap.add_argument("--workers", type=int, default=2, help="kg build --workers; default 2")
    ap.add_argument("--rdflib-max", type=int, default=100, help="largest N also timed in rdflib; default 100")
    ap.add_argument("--timeout", type=float, default=120, help="seconds one rdflib run may take; default 120")
    ap.add_argument("--json", type=Path, help="also write the measurements here")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    results = [measure(n, args) for n in args.sizes]
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"median of {args.runs} runs, {args.clock} clock\n")
    print(table(results, args) + "\n\n" + sizes_table(results))


if __name__ == "__main__":
    main()

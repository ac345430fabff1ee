"""Bench: how long a large `kg viz` page takes to draw in headless Chromium, against a small baseline; and
`kg viz overview` of a corpus of N plans, before and after.

    .venv/bin/python bench/bench_viz.py [--nodes 5000] [--base 500] [--runs 3] [--keep DIR]
    .venv/bin/python bench/bench_viz.py --plans 100 [--baseline REV] [--runs 3] [--keep DIR]

With --plans: builds a corpus of N plans (the seeds, then copies moved to other places: every place name
replaced, tests/viz_synth.py `moved_copies`) once, then runs `kg viz overview` on it with the current code
and, with --baseline, with the code of git revision REV (exported, same interpreter), alternating, and
prints for each: seconds (median), page MB, nodes and edges drawn, and the time to draw in Chromium.

Builds two synthetic views shaped like the agencies/overview views (plans, tasks, units, rivers; about
four edges per node), lays them out and writes them with the same code as `kg viz`, then opens each from
disk in headless Chromium (network off) and measures the time from navigation until the page reports that
vis-network has drawn the whole network (`kgViz.ready`, set on the first full draw). Prints the layout and
write times, the median draw time per size, and the ratio. Target: the large view draws in < 5 s.
Exit status 1 when the target is missed, 2 when no browser is available.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.viz import browser as viz_browser, layout as viz_layout, render as viz_render  # noqa: E402
from kg.viz.model import Edge, Node, ViewGraph  # noqa: E402

TARGET_S = 5.0
VERBS = ["深入推进", "持续开展", "全面加强", "加快实施", "严格落实", "稳步推进"]
THINGS = ["黑臭水体整治", "饮用水水源保护", "工业园区污水治理", "入河排污口排查", "湿地生态修复", "农业面源污染防治",
          "城镇污水管网建设", "扬尘污染管控", "柴油货车治理", "秸秆禁烧"]
UNITS = ["生态环境局", "水利局", "住房和城乡建设局", "农业农村局", "自然资源和规划局", "发展和改革委员会", "工业和信息化局",
         "城市管理局", "交通运输局", "公安局", "财政局", "应急管理局"]
PLACES = ["焦作", "孟州", "沁阳", "修武", "博爱", "武陟", "温县", "忻州", "定襄", "五台"]


def synthetic(n: int, seed: int = 1) -> ViewGraph:
    """About n nodes and 4n edges: 1% plans, 8% units, 3% rivers and sections, the rest tasks."""
    rnd = random.Random(seed)
    g = ViewGraph("bench", f"bench: synthetic view of {n} nodes")
    n_plans, n_units, n_rivers = max(2, n // 100), max(5, n * 8 // 100), max(3, n * 3 // 100)
    n_tasks = n - n_plans - n_units - n_rivers
    for i in range(n_plans):
        g.add_node(Node(f"p{i}", f"{rnd.choice(PLACES)}市2025年碧水保卫战实施方案（{i}）", "Plan", file=f"{i:03d}.txt"))
    for i in range(n_units):
        g.add_node(Node(f"u{i}", f"{rnd.choice(PLACES)}市{UNITS[i % len(UNITS)]}{i}", "Unit"))
    for i in range(n_rivers):
        g.add_node(Node(f"r{i}", f"蟒河支流{i}号" if i % 3 else f"{i}号断面", "River" if i % 3 else "Section"))
    roles = ["leadUnit", "responsibleUnit", "participantUnit", "implementingUnit"]
    for i in range(n_tasks):
        plan = i % n_plans
        label = f"{i % 40 + 1}. {rnd.choice(VERBS)}{rnd.choice(THINGS)}"
        quote = label + "。" + "市生态环境局牵头，各乡镇办事处落实。" * 3
        g.add_node(Node(f"t{i}", label, "Task", quote=quote, file=f"{plan:03d}.txt", span=(i * 10, i * 10 + 80)))
        g.add_edge(Edge(f"p{plan}", f"t{i}", "hasTask"))
        # units cluster by plan, so the graph has structure like a real corpus
        base = (plan * 7) % n_units
        for k in range(rnd.choice([2, 3, 3, 4, 4, 5])):
            u = (base + rnd.randrange(12) + (rnd.randrange(n_units) if rnd.random() < 0.1 else 0)) % n_units
            g.add_edge(Edge(f"t{i}", f"u{u}", roles[k % 4] if k < 4 else "participantUnit", quote="市…牵头"))
        if rnd.random() < 0.25:
            g.add_edge(Edge(f"t{i}", f"r{rnd.randrange(n_rivers)}", "mentions"))
    g.dedupe_edges()
    return g


def prepare(n: int, folder: Path) -> tuple[Path, int, int, float, float]:
    g = synthetic(n)
    t0 = time.perf_counter()
    mode = viz_layout.apply(g)
    t_layout = time.perf_counter() - t0
    t0 = time.perf_counter()
    path = viz_render.write(g, mode, folder / f"bench-{n}.html")
    t_write = time.perf_counter() - t0
    return path, len(g.nodes), len(g.edges), t_layout, t_write


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--base", type=int, default=500)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="write the bench pages (and the --plans corpus and build) here")
    ap.add_argument("--plans", type=int, help="bench `kg viz overview` on a corpus of this many plans instead")
    ap.add_argument("--baseline", help="with --plans: also run the overview with the code of this git revision")
    args = ap.parse_args()
    why = viz_browser.missing()
    if why:
        print(f"bench skipped: {why}", file=sys.stderr)
        return 2
    bench = corpus_bench if args.plans else run
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        return bench(args, args.keep)
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        return bench(args, Path(tmp))


def run(args, folder: Path) -> int:
    results = {}
    for n in (args.base, args.nodes):
        path, nn, ne, t_layout, t_write = prepare(n, folder)
        size = path.stat().st_size / 1e6
        print(f"{nn:>6} nodes {ne:>6} edges: layout {t_layout:5.2f} s, write {t_write:4.2f} s, {size:4.1f} MB  {path}")
        results[n] = (path, nn)
    draws: dict[int, list[float]] = {n: [] for n in results}
    page: dict[int, list[float]] = {n: [] for n in results}
    phases: dict[int, list[tuple[float, float, float]]] = {n: [] for n in results}
    for _ in range(args.runs):
        for n, (path, nn) in results.items():
            with viz_browser.chromium() as driver:  # a fresh browser each time: no warm caches
                info = viz_browser.open_page(driver, path, timeout=120)
                if info["visible"] != nn:
                    print(f"error: {path} drew {info['visible']} nodes, expected {nn}", file=sys.stderr)
                    return 1
                if viz_browser.outside_requests(driver):
                    print(f"error: {path} made network requests", file=sys.stderr)
                    return 1
            draws[n].append(info["wall"])
            page[n].append(info["drawn_ms"] / 1000)
            m = info["marks"]
            phases[n].append((m["kg-start"] / 1000, (m["kg-network"] - m["kg-start"]) / 1000,
                              (m["kg-ready"] - m["kg-network"]) / 1000))
    print()
    print(f"{'nodes':>6} {'draw (median of ' + str(args.runs) + ')':>22} {'page-reported':>14} {'all runs':>24}")
    for n in results:
        print(f"{n:>6} {statistics.median(draws[n]):>20.2f} s {statistics.median(page[n]):>12.2f} s   "
              + ", ".join(f"{t:.2f}" for t in draws[n]))
    print("\nwhere the time goes (medians): page + vis-network script loaded / our script and vis.Network built / first draw")
    for n in results:
        a, b, c = (statistics.median(p[i] for p in phases[n]) for i in range(3))
        print(f"{n:>6} {a:6.2f} s {b:6.2f} s {c:6.2f} s")
    big, base = statistics.median(draws[args.nodes]), statistics.median(draws[args.base])
    print(f"\nratio {args.nodes}/{args.base}: {big / base:.1f}x; target: {args.nodes} nodes draw in < {TARGET_S:.0f} s: "
          + ("met" if big < TARGET_S else "MISSED"))
    return 0 if big < TARGET_S else 1


# ---- the overview of N plans, before and after ---------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
CHILD = """import sys, time
sys.path.insert(0, sys.argv[1])
sys.argv = ["kg", "viz", "overview", "--build", sys.argv[2], "-o", sys.argv[3]]
from kg.cli import main
t0 = time.perf_counter()
try:
    main()
except SystemExit as exc:
    if exc.code:
        raise
print(f"seconds {time.perf_counter() - t0:.3f}")
"""


def corpus_build(folder: Path, plans: int) -> Path:
    """The corpus of moved copies and its build, made once and kept in `folder`."""
    import subprocess

    sys.path.insert(0, str(ROOT / "tests"))
    import viz_synth

    corpus, build = folder / f"corpus{plans}", folder / f"build{plans}"
    if not (build / "BUILD.json").exists():
        viz_synth.moved_copies(corpus, plans)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "kg", "build", "--corpus", str(corpus), "--out", str(build)], check=True,
                       cwd=ROOT, stdout=subprocess.DEVNULL)
        print(f"built {plans} plans in {time.perf_counter() - t0:.0f} s: {build}")
    return build


def export(rev: str, dst: Path) -> Path:
    """The code of revision `rev` as plain files (git archive)."""
    import subprocess

    dst.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dst)], input=archive, check=True)
    return dst


def overview_once(code: Path, build: Path, page: Path) -> float:
    import subprocess

    done = subprocess.run([sys.executable, "-c", CHILD, str(code), str(build), str(page)], capture_output=True, text=True,
                          cwd=tempfile.gettempdir())
    if done.returncode != 0:
        raise SystemExit(f"kg viz overview with {code} failed:\n{done.stderr[-2000:]}")
    return float(done.stdout.split("seconds")[-1])


def corpus_bench(args, folder: Path) -> int:
    build = corpus_build(folder, args.plans)
    codes = {"current": ROOT}
    if args.baseline:
        codes[args.baseline] = export(args.baseline, folder / "baseline")
    seconds: dict[str, list[float]] = {name: [] for name in codes}
    draws: dict[str, list[dict]] = {name: [] for name in codes}
    for _ in range(args.runs):
        for name, code in codes.items():  # alternating, so a busy machine slows both alike
            page = folder / f"overview-{name}.html"
            seconds[name].append(overview_once(code, build, page))
            with viz_browser.chromium() as driver:  # a fresh browser each time: no warm caches
                draws[name].append(viz_browser.open_page(driver, page, timeout=180))
    print(f"\n`kg viz overview` of {args.plans} plans (medians of {args.runs}; draw: navigation to drawn and fitted)")
    print(f"{'code':>12} {'seconds':>8} {'page MB':>8} {'nodes':>6} {'edges':>6} {'draw s':>7}  all kg viz runs")
    for name in codes:
        page, info = folder / f"overview-{name}.html", draws[name][-1]
        print(f"{name:>12} {statistics.median(seconds[name]):>8.2f} {page.stat().st_size / 1e6:>8.2f} {info['nodes']:>6} "
              f"{info['edges']:>6} {statistics.median(d['wall'] for d in draws[name]):>7.2f}  "
              + ", ".join(f"{t:.1f}" for t in seconds[name]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

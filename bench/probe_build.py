"""Build-safety probe: tries to make `kg build` lose data or show readers half a build; prints case / held.

Cases: folders that are not builds (stray markers), an older flat build with viz pages, `kg build` killed
with SIGKILL at random moments, builds killed at random steps of the switch itself (file-system calls
slowed so the kill lands inside it), leftovers collected afterwards, two builds at once, a reader holding
a store across rebuilds, readers querying in a loop while the seeds are rebuilt, two file names that differ
only in case or a leading space. Loopback and temporary folders only; about two minutes.

    .venv/bin/python bench/probe_build.py [--seed N] [--kills N]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import pyoxigraph as ox  # noqa: E402

from kg.graph import store  # noqa: E402
from kg.graph.trig import write_trig  # noqa: E402

CORPUS = ROOT / "corpus"
SEEDS = sorted(p.name for p in CORPUS.glob("*.txt"))
KG = [sys.executable, "-m", "kg"]
TASKS = "SELECT (COUNT(?t) AS ?n) WHERE { ?p pol:hasTask ?t }"
ROWS: list[tuple[str, bool, str]] = []

# A build whose file-system calls sleep once the body is done, so a kill lands inside the switch.
SLOW_SWITCH = """
import os, sys, time
from pathlib import Path
import pyoxigraph as ox
from kg.graph import store
from kg.graph.trig import write_trig
armed = []
for name in ("rename", "replace", "symlink", "unlink", "rmdir", "mkdir"):
    real = getattr(os, name)
    def slow(*a, _real=real, **kw):
        if armed:
            time.sleep(0.02)
        return _real(*a, **kw)
    setattr(os, name, slow)
gen = int(sys.argv[2])
with store.staging(Path(sys.argv[1])) as folder:
    s = store.create_store(folder)
    for i in range(gen + 1):
        s.add(ox.Quad(ox.NamedNode(f"urn:p:{i}"), ox.NamedNode("urn:p"), ox.Literal(str(gen)), ox.NamedNode("urn:g")))
    write_trig(s, folder)
    del s
    store.write_marker(folder, {"policy_kg": "probe", "documents": [f"gen{gen}"]})
    armed.append(1)
    print("armed", flush=True)
"""

READER = """
import json, sys, time
from pathlib import Path
from kg.explore.query import run_local
from kg.graph.store import open_store
out, stop = Path(sys.argv[1]), Path(sys.argv[2])
answers, failures, seen = [], [], set()
while not stop.exists():
    try:
        s = open_store(out)
        seen.add(s.folder.name)
        answers.append(int(run_local(s, sys.argv[3]).rows[0][0].value))
    except Exception as exc:
        failures.append(f"{type(exc).__name__}: {exc}")
print(json.dumps({"answers": answers, "failures": failures[:3], "nfail": len(failures), "versions": len(seen)}))
"""


def case(name: str, held: bool, note: str = "") -> None:
    ROWS.append((name, bool(held), note))
    print(f"  {'held' if held else 'FAILED':6} {name}  {note}", flush=True)


def kg(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*KG, *args], capture_output=True, text=True, cwd=ROOT, **kw)


def whole_seed_build(out: Path) -> str | None:
    """Why OUT is not one complete build of the seeds (None if it is): marker, store and kg.trig agree."""
    from kg.explore.query import run_local

    try:
        if store.read_marker(out)["documents"] != SEEDS:
            return "marker names other documents"
        st = store.open_store(out)
        if int(run_local(st, TASKS).rows[0][0].value) != 91:
            return "task count is not 91"
        if len(list(ox.parse(path=str(st.folder / store.TRIG), format=ox.RdfFormat.TRIG))) != len(st):
            return "kg.trig and the store differ"
        if (out / store.TRIG).resolve() != (st.folder / store.TRIG).resolve():
            return "OUT/kg.trig is not the current version's"
    except Exception as exc:  # noqa: BLE001 - any failure to read is the finding
        return f"{type(exc).__name__}: {exc}"
    return None


def whole_fake_build(out: Path) -> int | None:
    """The generation OUT shows, if marker, store and OUT/kg.trig all show the same one."""
    try:
        gen = int(store.read_marker(out)["documents"][0][3:])
        quads = len(list(ox.parse(path=str(out / store.TRIG), format=ox.RdfFormat.TRIG)))
        return gen if len(store.open_store(out)) == gen + 1 == quads else None
    except Exception:  # noqa: BLE001
        return None


def stray_folders(tmp: Path) -> None:
    from test_build_safety import STRAYS, snapshot

    for label, files in STRAYS.items():
        out = tmp / f"stray{len(ROWS)}"
        for name, data in files.items():
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            (out / name).write_bytes(data)
        before = snapshot(out)
        res = kg("build", "--corpus", str(CORPUS), "--out", str(out))
        lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
        case(f"refuses {label}", res.returncode == 2 and len(lines) == 1 and snapshot(out) == before,
             lines[0][-70:] if lines else "")


def flat_build_converted(tmp: Path) -> None:
    from test_build_safety import fake_build

    out = tmp / "flat"
    out.mkdir()
    s = store.create_store(out)
    s.add(ox.Quad(ox.NamedNode("urn:p"), ox.NamedNode("urn:p"), ox.NamedNode("urn:p"), ox.NamedNode("urn:g")))
    write_trig(s, out)
    del s
    store.write_marker(out, {"policy_kg": "0.1", "documents": ["gen0"]})
    (out / "viz").mkdir()
    (out / "viz" / "page.html").write_text("<html>")
    fake_build(out, 1)
    case("older flat build converted, viz pages kept", whole_fake_build(out) == 1 and (out / "viz/page.html").exists())


def kill_real_builds(tmp: Path, rng: random.Random, kills: int) -> None:
    out = tmp / "seeds"
    t0 = time.perf_counter()
    assert kg("build", "--corpus", str(CORPUS), "--out", str(out)).returncode == 0
    span = time.perf_counter() - t0
    bad = []
    for _ in range(kills):
        proc = subprocess.Popen([*KG, "build", "--corpus", str(CORPUS), "--out", str(out)], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        at = rng.uniform(0.2, span * 1.1)
        time.sleep(at)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        why = whole_seed_build(out)
        if why:
            bad.append(f"{at:.2f}s: {why}")
    case(f"`kg build` SIGKILLed at {kills} random moments: always a whole build", not bad, "; ".join(bad)[:120])
    leftovers = [p for p in (out / store.VERSIONS).iterdir() if p.name != store.build_id(out)]
    res = kg("build", "--corpus", str(CORPUS), "--out", str(out))
    now = sorted(p.name for p in (out / store.VERSIONS).iterdir())
    case("leftovers of killed builds collected by the next build",
         res.returncode == 0 and len(now) <= 2 and not whole_seed_build(out),
         f"{len(leftovers)} besides the current before, {len(now)} folders after")


def kill_inside_switch(tmp: Path, rng: random.Random, kills: int) -> None:
    from test_build_safety import fake_build

    out = fake_build(tmp / "switch", 0)
    gens, bad, published = {0}, [], 0
    for gen in range(1, kills + 1):
        proc = subprocess.Popen([sys.executable, "-c", SLOW_SWITCH, str(out), str(gen)], cwd=ROOT,
                                stdout=subprocess.PIPE, text=True)
        proc.stdout.readline()
        time.sleep(rng.uniform(0, 0.25))  # links, the switch at ~0.1 s, then collecting the old version
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        got = whole_fake_build(out)
        if got is None or got not in (max(gens), gen):
            bad.append(f"gen {gen}: shows {got}")
        published += got == gen
        gens.add(got if got is not None else -1)
    case(f"build SIGKILLed inside the switch {kills} times: old or new, never a mix", not bad,
         f"new {published}, old {kills - published}; " + "; ".join(bad)[:80])
    fake_build(out, 99)
    names = [p.name for p in (out / store.VERSIONS).iterdir()]
    case("after those kills, one clean build leaves two versions", whole_fake_build(out) == 99 and len(names) == 2)


def builds_at_once(tmp: Path) -> None:
    out = tmp / "twice"
    procs = [subprocess.Popen([*KG, "build", "--corpus", str(CORPUS), "--out", str(out)], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    codes = [p.wait() for p in procs]
    why = whole_seed_build(out)
    case("two `kg build` at once: both succeed, one after the other", codes == [0, 0] and not why, why or "")


def reader_pinned(tmp: Path) -> None:
    from test_build_safety import fake_build

    out = fake_build(tmp / "pin", 1)
    held = store.open_store(out)
    ids = {store.build_id(out)}
    for gen in (2, 3):
        fake_build(out, gen)
        ids.add(store.build_id(out))
    ok = held.folder.is_dir() and len(held) == 2 and len(ids) == 3
    del held
    fake_build(out, 4)
    case("a held store survives two rebuilds; freed at the next one",
         ok and len(list((out / store.VERSIONS).iterdir())) == 2)


def readers_while_rebuilding(tmp: Path, n: int = 4, seconds: float = 15) -> None:
    from kg.build import build

    out, stop = tmp / "busy", tmp / "stop"
    build(CORPUS, out)
    readers = [subprocess.Popen([sys.executable, "-c", READER, str(out), str(stop), TASKS], cwd=ROOT,
                                stdout=subprocess.PIPE, text=True) for _ in range(n)]
    t0, rebuilds = time.time(), 0
    while rebuilds < 3 or time.time() < t0 + seconds:
        build(CORPUS, out)
        rebuilds += 1
    stop.touch()
    results = [json.loads(r.communicate(timeout=60)[0]) for r in readers]
    answers = [a for r in results for a in r["answers"]]
    nfail = sum(r["nfail"] for r in results)
    case(f"{n} readers querying during {rebuilds} rebuilds: no failure, every answer 91 tasks",
         nfail == 0 and answers and set(answers) == {91},
         f"{len(answers)} answers, {nfail} failures {[f for r in results for f in r['failures']][:1]}")


def identities(tmp: Path) -> None:
    from kg.build import build
    from kg.explore.query import run_local

    q = "SELECT DISTINCT ?p WHERE { ?p a pol:Plan }"
    for label, names in (("a.txt and a.TXT", ("a.txt", "a.TXT")), ("x.txt and ' x.txt'", ("x.txt", " x.txt"))):
        corpus = tmp / f"id{len(ROWS)}"
        corpus.mkdir()
        for name, seed in zip(names, SEEDS):
            shutil.copy(CORPUS / seed, corpus / name)
        try:
            build(corpus, corpus.with_suffix(".out"))
            plans = len(run_local(store.open_store(corpus.with_suffix(".out")), q).rows)
            case(f"{label} are two plans", plans == 2, f"{plans} plan(s)")
        except Exception as exc:  # noqa: BLE001
            case(f"{label} are two plans", False, f"{type(exc).__name__}: {exc}"[-90:])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--kills", type=int, default=6)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    tmp = Path(tempfile.mkdtemp(prefix="probe_build-"))
    print(f"probe in {tmp} (seed {args.seed})")
    try:
        stray_folders(tmp)
        flat_build_converted(tmp)
        kill_real_builds(tmp, rng, args.kills)
        kill_inside_switch(tmp, rng, args.kills * 2)
        builds_at_once(tmp)
        reader_pinned(tmp)
        readers_while_rebuilding(tmp)
        identities(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    width = max(len(r[0]) for r in ROWS)
    print(f"\n{'case':{width}}  held")
    for name, held, _ in ROWS:
        print(f"{name:{width}}  {'yes' if held else 'NO'}")
    print(f"\n{sum(h for _, h, _ in ROWS)}/{len(ROWS)} held")
    return 0 if all(h for _, h, _ in ROWS) else 1


if __name__ == "__main__":
    sys.exit(main())

"""A build never loses data: stray markers refused, one atomic switch, a lock, pinned readers, leftovers
collected, queries during rebuilds; and two files never become one plan."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from conftest import CORPUS, ROOT, SEEDS
from kg.build import build, identities
from kg.cli import app
from kg.errors import InputError
from kg.graph import iris, store
from kg.graph.store import open_store, read_marker
from kg.graph.trig import write_trig

P = ox.NamedNode("urn:test:p")


def fake_build(out: Path, gen: int, text: bool = False, after=None) -> Path:
    """A tiny build through the real staging: gen+1 quads, a marker naming the generation."""
    with store.staging(out) as folder:
        s = store.create_store(folder)
        for i in range(gen + 1):
            s.add(ox.Quad(ox.NamedNode(f"urn:test:{i}"), P, ox.Literal(str(gen)), ox.NamedNode("urn:test:g")))
        write_trig(s, folder)
        del s
        if text:
            (folder / "text").mkdir()
            (folder / "text" / "a.txt").write_text(str(gen), encoding="utf-8")
        store.write_marker(folder, {"policy_kg": "test", "documents": [f"gen{gen}"]})
        if after:
            after()
    return out


def generation(out: Path) -> int:
    """The one generation OUT shows, checked to agree across the marker, the store and OUT/kg.trig."""
    gen = int(read_marker(out)["documents"][0][3:])
    assert len(open_store(out)) == gen + 1
    assert len(list(ox.parse(path=str(out / store.TRIG), format=ox.RdfFormat.TRIG))) == gen + 1
    return gen


def snapshot(folder: Path) -> dict[str, bytes | None]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


# --- 1. a folder is replaced only if it is a build -------------------------------------------------------

STRAYS = {
    "thesis beside a valid-looking marker": {"thesis.docx": b"years of work",
                                             "BUILD.json": b'{"policy_kg": "0.1", "documents": []}'},
    "a marker that is not ours": {"BUILD.json": b'{"app": "something else"}'},
    "a broken marker and a kg.trig": {"BUILD.json": b"{not json", "kg.trig": b"<urn:a> <urn:b> <urn:c> ."},
    "a kg.trig and a store without marker": {"kg.trig": b"<urn:a> <urn:b> <urn:c> .", "store/CURRENT": b"x"},
}


@pytest.mark.parametrize("case", STRAYS)
def test_a_folder_that_is_not_a_build_is_refused_and_kept(tmp_path, case):
    out = tmp_path / "precious"
    for name, data in STRAYS[case].items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    before = snapshot(out)
    res = CliRunner().invoke(app, ["build", "--corpus", str(CORPUS), "--out", str(out)])
    assert res.exit_code == 2, res.output
    errors = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(errors) == 1 and str(out) in errors[0] and "refusing to overwrite" in errors[0], errors
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["precious"]


def test_an_older_flat_build_is_converted_and_its_viz_pages_kept(tmp_path):
    out = tmp_path / "b"
    out.mkdir()
    s = store.create_store(out)
    s.add(ox.Quad(P, P, P, ox.NamedNode("urn:test:g")))
    write_trig(s, out)
    del s
    (out / "text").mkdir()
    (out / "text" / "old.txt").write_text("old")
    store.write_marker(out, {"policy_kg": "0.1", "documents": ["gen0"]})
    (out / "viz").mkdir()
    (out / "viz" / "overview.html").write_text("<html>")
    assert generation(out) == 0
    fake_build(out, 1)
    assert generation(out) == 1
    assert (out / "viz" / "overview.html").read_text() == "<html>"
    assert not (out / "text").exists()
    assert all((out / n).is_symlink() for n in ("kg.trig", "store", "BUILD.json"))


# --- 2. one atomic switch, a lock, pinned readers, leftovers collected -------------------------------------

def test_build_id_changes_with_every_build_and_only_two_versions_stay(tmp_path):
    out = tmp_path / "b"
    ids = []
    for gen in range(4):
        fake_build(out, gen, text=gen % 2 == 0)
        ids.append(store.build_id(out))
        assert generation(out) == gen
        assert (out / "text" / "a.txt").exists() == (gen % 2 == 0)
    assert len(set(ids)) == 4
    assert sorted(p.name for p in (out / ".versions").iterdir()) == ids[-2:]


def test_a_failed_first_build_leaves_no_folder(tmp_path):
    def boom():
        raise InputError("corpus", "bad")

    with pytest.raises(InputError):
        fake_build(tmp_path / "b", 1, after=boom)
    assert list(tmp_path.iterdir()) == []


def test_a_reader_keeps_its_version_until_it_lets_go(tmp_path):
    out = fake_build(tmp_path / "b", 1)
    held = open_store(out)
    first = held.folder
    fake_build(out, 2)
    fake_build(out, 3)
    assert first.is_dir() and len(held) == 2  # two builds later, still there and still whole
    assert generation(out) == 3
    del held
    fake_build(out, 4)
    assert not first.exists()


class Crash(BaseException):
    """A build dying at one file-system step."""


@contextmanager
def crash_at_step(monkeypatch, k: int):
    """From `arm()` on, the k-th file-system change raises Crash instead of happening."""
    state = {"armed": False, "n": 0}
    with monkeypatch.context() as m:
        for name in ("rename", "replace", "symlink", "unlink", "rmdir", "mkdir"):
            real = getattr(os, name)

            def fake(*a, _real=real, **kw):
                if state["armed"]:
                    state["n"] += 1
                    if state["n"] == k:
                        raise Crash(k)
                return _real(*a, **kw)

            m.setattr(os, name, fake)
        yield lambda: state.update(armed=True)


@pytest.mark.parametrize("start", ["versioned", "flat"])
def test_a_build_dying_at_any_step_of_the_switch_leaves_a_whole_build(tmp_path, monkeypatch, start):
    out = tmp_path / "b"
    if start == "flat":
        out.mkdir()
        s = store.create_store(out)
        s.add(ox.Quad(P, P, P, ox.NamedNode("urn:test:g")))
        write_trig(s, out)
        del s
        store.write_marker(out, {"policy_kg": "0.1", "documents": ["gen0"]})
    else:
        fake_build(out, 0)
    gen, crashes = 0, 0
    for k in range(1, 60):
        try:
            with crash_at_step(monkeypatch, k) as arm:
                fake_build(out, k, after=arm)
        except Crash:
            crashes += 1
            got = generation(out) if start == "versioned" else int(read_marker(out)["documents"][0][3:])
            assert got in (gen, k), (k, got)
            assert len(open_store(out)) == got + 1
            gen = got
            continue
        assert generation(out) == k
        break
    else:
        pytest.fail("the switch never finished")
    assert crashes >= 2
    fake_build(out, 99)
    assert generation(out) == 99
    assert len(list((out / ".versions").iterdir())) == 2  # the leftovers of every crash collected


KILLED = """
import sys, time
from pathlib import Path
import pyoxigraph as ox
from kg.graph import iris, store
with store.staging(Path(sys.argv[1])) as folder:
    s = store.create_store(folder)
    s.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.NamedNode("urn:c")))
    s.flush()
    print(folder, flush=True)
    time.sleep(120)
"""


def test_builds_wait_for_each_other_and_a_killed_builds_folder_is_collected(tmp_path):
    out = fake_build(tmp_path / "b", 1)
    proc = subprocess.Popen([sys.executable, "-c", KILLED, str(out)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        leftover = Path(proc.stdout.readline().strip())
        assert leftover.is_dir()
        second = threading.Thread(target=fake_build, args=(out, 2))
        second.start()
        time.sleep(1.0)
        assert second.is_alive(), "a second build ran while the first held the lock"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    second.join(30)
    assert not second.is_alive()
    assert generation(out) == 2
    assert not leftover.exists()


QUERY = "SELECT (COUNT(?t) AS ?n) WHERE { ?p pol:hasTask ?t }"
READER = """
import json, sys, time
from pathlib import Path
from kg.explore.query import run_local
from kg.graph.store import open_store
out, stop, ready = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
answers, failures, seen = [], [], set()
deadline = time.time() + 90
while not stop.exists() and time.time() < deadline:
    try:
        s = open_store(out)
        seen.add(str(getattr(s, "folder", "")))
        answers.append(int(run_local(s, sys.argv[4]).rows[0][0].value))
    except Exception as exc:
        failures.append(f"{type(exc).__name__}: {exc}")
    ready.touch()
print(json.dumps({"answers": answers, "failures": failures, "versions": len(seen)}))
"""


def test_queries_while_rebuilding_never_fail_and_always_see_a_whole_build(tmp_path):
    out = tmp_path / "b"
    build(CORPUS, out)
    stop = tmp_path / "stop"
    readers = [subprocess.Popen([sys.executable, "-c", READER, str(out), str(stop), str(tmp_path / f"ready{i}"), QUERY],
                                stdout=subprocess.PIPE, text=True, cwd=ROOT) for i in range(4)]
    try:
        deadline = time.time() + 60
        while not all((tmp_path / f"ready{i}").exists() for i in range(4)) and time.time() < deadline:
            time.sleep(0.1)
        t0 = time.time()
        for _ in range(3):
            build(CORPUS, out)
        while time.time() < t0 + 10:  # readers keep going after the last switch too
            time.sleep(0.2)
    finally:
        stop.touch()
        results = [json.loads(r.communicate(timeout=60)[0]) for r in readers]
    answers = [a for r in results for a in r["answers"]]
    failures = [f for r in results for f in r["failures"]]
    assert not failures, failures[:3]
    assert len(answers) > 40 and set(answers) == {91}
    assert max(r["versions"] for r in results) >= 2  # the readers really did run across rebuilds


# --- 3. identity: two files are never one plan -----------------------------------------------------------

PLANS = """SELECT ?f ?p ?title (COUNT(?t) AS ?n) WHERE { ?p a pol:Plan; pol:sourceFile ?f; dcterms:title ?title;
           pol:hasTask ?t } GROUP BY ?f ?p ?title ORDER BY ?f"""


SLUG_STRIPS = iris.slug(" x") == iris.slug("x")  # until iris.slug keeps spaces the build refuses the pair


@pytest.mark.parametrize("names", [("a.txt", "a.TXT"), pytest.param(("x.txt", " x.txt"), marks=pytest.mark.xfail(
    SLUG_STRIPS, raises=InputError, strict=True, reason="iris.slug strips spaces"))], ids=["case", "space"])
def test_two_names_that_differ_only_in_case_or_a_space_are_two_plans(tmp_path, docs, names):
    from kg.explore.query import run_local

    corpus = tmp_path / "c"
    corpus.mkdir()
    for name, seed in zip(names, SEEDS):
        (corpus / name).write_bytes((CORPUS / seed).read_bytes())
    build(corpus, tmp_path / "out")
    rows = [tuple(t.value for t in r) for r in run_local(open_store(tmp_path / "out"), PLANS).rows]
    want = sorted((name, docs[seed[:-4]].meta.title, str(len(docs[seed[:-4]].tasks)))
                  for name, seed in zip(names, SEEDS))
    assert [(f, title, n) for f, _, title, n in rows] == want
    assert len({p for _, p, _, _ in rows}) == 2


def test_a_stem_shared_after_the_fallback_falls_back_again(tmp_path):
    files = [tmp_path / n for n in ("x.pdf", "x.txt", "x.txt.pdf", "y.txt")]
    stems = {n: s for n, s in identities(tmp_path, files).values()}
    assert stems == {"x.pdf": "x.pdf", "x.txt": "x.txt", "x.txt.pdf": "x.txt.pdf", "y.txt": "y"}


def test_an_identity_that_cannot_be_told_apart_is_an_error_naming_both_files(tmp_path, monkeypatch):
    monkeypatch.setattr(iris, "slug", lambda text: text.casefold())  # an encoding that folds case
    with pytest.raises(InputError) as exc:
        identities(tmp_path, [tmp_path / "Plan.txt", tmp_path / "plan.docx"])
    assert "Plan.txt" in str(exc.value) and "plan.docx" in str(exc.value)

"""Probe issue 13's input cases: every hostile input must end in one line on stderr and exit 2 (or a clean
build), never a traceback, a crash (139) or a silent wrong answer.

Each case runs `.venv/bin/kg` as a subprocess on small inputs generated in a temporary folder, at most 30 s,
and the table says what was expected, what happened (exit code and first stderr line) and whether it held.
Exit status 1 if any case did not hold.

    .venv/bin/python bench/probe.py [--only NAME ...]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
KG = ROOT / ".venv" / "bin" / "kg"
SEEDS = sorted((ROOT / "corpus").glob("*.txt"))
TIMEOUT = 30
MAX_DOC_CHARS = 1_000_000  # what the issue measured; the reader's limit must refuse a longer text


@dataclass
class Got:
    rc: int
    out: str
    err: str

    @property
    def first(self) -> str:
        lines = [x for x in self.err.splitlines() if x.strip()]
        return lines[0][:110] if lines else ""

    def one_line(self, rc: int = 2, *needles: str) -> bool:
        """Exit `rc`, exactly one non-empty stderr line starting 'error:', naming every needle, no traceback."""
        lines = [x for x in self.err.splitlines() if x.strip()]
        return (self.rc == rc and len(lines) == 1 and lines[0].startswith("error:") and "Traceback" not in self.err
                and all(n in lines[0] for n in needles))


@dataclass
class Case:
    name: str
    expected: str
    run: Callable[["Probe"], Got]
    held: Callable[[Got], bool]


class Probe:
    """The temporary folder, a small base build of two seeds, and a hostile HTTP endpoint."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.n = 0
        self.build = tmp / "base-build"
        self.endpoints: dict[str, str] = {}

    def kg(self, *args, cwd: Path | None = None) -> Got:
        """Run `kg ARGS` (str or bytes arguments), bounded by TIMEOUT."""
        try:
            p = subprocess.run([os.fsencode(str(KG)), *[a if isinstance(a, bytes) else os.fsencode(str(a)) for a in args]],
                               capture_output=True, timeout=TIMEOUT, cwd=cwd or self.tmp)
        except subprocess.TimeoutExpired:
            return Got(-9, "", f"timed out after {TIMEOUT} s")
        return Got(p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"))

    def corpus(self, files: dict[str | bytes, str | bytes]) -> Path:
        """A fresh corpus folder holding `files` (name → text or bytes; bytes names for non-UTF-8 names)."""
        self.n += 1
        folder = self.tmp / f"corpus{self.n}"
        folder.mkdir()
        for name, content in files.items():
            path = os.path.join(os.fsencode(folder), name) if isinstance(name, bytes) else folder / name
            if isinstance(path, Path):
                path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "wb") as fh:
                fh.write(content if isinstance(content, bytes) else content.encode("utf-8"))
        return folder

    def build_of(self, files: dict) -> Got:
        folder = self.corpus(files)
        return self.kg("build", "--corpus", folder, "--out", self.tmp / f"out{self.n}")

    def query_file(self, text: str, *extra: str) -> Got:
        self.n += 1
        f = self.tmp / f"q{self.n}.rq"
        f.write_text(text, encoding="utf-8")
        return self.kg("query", f, "--build", self.build, *extra)

    def task_iri(self) -> str:
        got = self.kg("query", "SELECT ?t WHERE { ?t a pol:Task } ORDER BY ?t LIMIT 1", "--format", "csv",
                      "--build", self.build)
        return got.out.splitlines()[-1].strip()

    def endpoint(self, body: bytes, ctype: str = "application/sparql-results+json") -> str:
        """The URL of a loopback server that answers every POST with `body`."""
        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the stdlib's name
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        server = HTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{server.server_port}/sparql"


def seed(i: int = 3) -> str:
    return SEEDS[i].read_text(encoding="utf-8")


def sidecar(fields: dict | str) -> dict:
    return {"a.txt": seed(), "a.meta.json": fields if isinstance(fields, str) else json.dumps(fields, ensure_ascii=False)}


def _long_doc() -> str:
    text = seed()
    return text * (MAX_DOC_CHARS // len(text) + 2)


ONE_LINE = "exit 2, one line"
BUILT = "exit 0 (built)"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def build_cases() -> list[Case]:
    built = lambda g: g.rc == 0 and "Traceback" not in g.err  # noqa: E731
    return [
        Case("doc > 1,000,000 chars", ONE_LINE + " naming the limit", lambda p: p.build_of({"a.txt": _long_doc()}),
             lambda g: g.one_line(2, "characters") and "limit" in g.first),
        Case("DEL in file name", BUILT, lambda p: p.build_of({"a\x7fb.txt": seed()}), built),
        Case("U+FFFE in file name", BUILT, lambda p: p.build_of({"a\ufffeb.txt": seed()}), built),
        Case("DEL in unit name", BUILT, lambda p: p.build_of({"a.txt": seed().replace("局", "\x7f局")}), built),
        Case("U+FFFE in unit name", BUILT, lambda p: p.build_of({"a.txt": seed().replace("局", "\ufffe局")}), built),
        Case("file name not UTF-8", ONE_LINE, lambda p: p.build_of({b"\xff\xfeplan.txt": seed()}),
             lambda g: g.one_line(2, "UTF-8")),
        Case("sidecar docNumber: 123", ONE_LINE, lambda p: p.build_of(sidecar({"docNumber": 123})),
             lambda g: g.one_line(2, "docNumber")),
        Case("sidecar jurisdiction: [...]", ONE_LINE, lambda p: p.build_of(sidecar({"jurisdiction": ["孟州市"]})),
             lambda g: g.one_line(2, "jurisdiction")),
        Case("sidecar issuer: {...}", ONE_LINE, lambda p: p.build_of(sidecar({"issuer": {"name": "x"}})),
             lambda g: g.one_line(2, "issuer")),
        Case("sidecar year: true", ONE_LINE, lambda p: p.build_of(sidecar({"year": True})),
             lambda g: g.one_line(2, "year")),
        Case("100,000-deep JSON sidecar", ONE_LINE, lambda p: p.build_of(sidecar("[" * 100_000 + "]" * 100_000)),
             lambda g: g.one_line(2, "meta.json")),
        Case("reference CSV not UTF-8", ONE_LINE,
             lambda p: p.build_of({"a.txt": seed(), "reference/unit_aliases.csv": "canonical,alias\n市水利局,水利局\n".encode("gbk")}),
             lambda g: g.one_line(2, "unit_aliases.csv")),
        Case("NUL after 4 KB", ONE_LINE + " (NUL)", lambda p: p.build_of({"a.txt": seed()[:3000] + "\x00" + seed()[3000:]}),
             lambda g: g.one_line(2, "NUL")),
    ]


def query_cases() -> list[Case]:
    bomb = lambda text: (lambda p: p.query_file(text))  # noqa: E731
    refused = lambda g: g.one_line(2, "query: ")  # noqa: E731 - the guard's one line, not a crash (139)
    return [
        Case("CLI argument not UTF-8", ONE_LINE, lambda p: p.kg("query", b"SELECT \xff"),
             lambda g: g.one_line(2, "argument 2 is not valid UTF-8")),
        Case("--bind agency=urn:x y", ONE_LINE, lambda p: p.kg("query", "--name", "agency_tasks_by_role", "--bind",
                                                              "agency=urn:x y", "--build", p.build),
             lambda g: g.one_line(2, "urn:x y")),
        Case("--bind variable injection", ONE_LINE + " naming it",
             lambda p: p.kg("query", COUNT, "--bind", "s} ?a ?b ?c {=1", "--build", p.build),
             lambda g: g.one_line(2, "not a SPARQL variable")),
        Case("--bind unused variable", ONE_LINE + " naming it", lambda p: p.kg("query", COUNT, "--bind", "nosuch=1", "--build", p.build),
             lambda g: g.one_line(2, "?nosuch")),
        Case("VALUES not into a comment", "exit 0, 1 row",
             lambda p: p.query_file("# bound here: WHERE { VALUES go first }\nSELECT DISTINCT ?f WHERE { ?d pol:sourceFile ?f }",
                                    "--bind", "f=a.txt", "--format", "csv"),
             lambda g: g.rc == 0 and g.out.split() == ["f", "a.txt"]),
        Case("--endpoint answers not JSON", ONE_LINE + " naming it",
             lambda p: p.kg("query", COUNT, "--endpoint", p.endpoint(b"<html>oops</html>")),
             lambda g: g.one_line(2, "127.0.0.1", "not JSON")),
        Case("--endpoint answers other JSON", ONE_LINE + " naming it",
             lambda p: p.kg("query", COUNT, "--endpoint", p.endpoint(b'{"head": {"vars": "n"}}')),
             lambda g: g.one_line(2, "127.0.0.1", "not SPARQL results")),
        Case("--endpoint answers deep JSON", ONE_LINE + " naming it",
             lambda p: p.kg("query", COUNT, "--endpoint", p.endpoint(b"[" * 100_000 + b"]" * 100_000)),
             lambda g: g.one_line(2, "127.0.0.1")),
        Case("--endpoint file:///etc/passwd", ONE_LINE + ", nothing of the file",
             lambda p: p.kg("query", COUNT, "--endpoint", "file:///etc/passwd"),
             lambda g: g.one_line(2, "http") and "root:" not in g.out + g.err),
        Case("kg trace IRI injection", ONE_LINE + " (invalid IRI)",
             lambda p: p.kg("trace", (t := p.task_iri()) + "> ?p ?o . <" + t, "--build", p.build),
             lambda g: g.one_line(2, "not a valid IRI")),
        Case("kg trace IRI not in build", ONE_LINE + " (not found)",
             lambda p: p.kg("trace", "https://w3id.org/policy-kg/id/plan/nope/task/1", "--build", p.build),
             lambda g: g.one_line(2, "not found")),
        Case("kg viz ego IRI with space", ONE_LINE + " (invalid IRI)",
             lambda p: p.kg("viz", "ego", "<http://x y>", "--build", p.build, "-o", p.tmp / "ego.html"),
             lambda g: g.one_line(2, "not a valid IRI")),
        Case("kg viz ego IRI not in build", ONE_LINE + " (not found)",
             lambda p: p.kg("viz", "ego", "id:nope", "--build", p.build, "-o", p.tmp / "ego.html"),
             lambda g: g.one_line(2, "not found")),
        Case("bomb: 3,000 nested {}", ONE_LINE, bomb("SELECT * WHERE " + "{" * 3000 + "}" * 3000), refused),
        Case("bomb: 50,000 nested (", ONE_LINE, bomb("SELECT * WHERE { FILTER(" + "(" * 50_000 + "1" + ")" * 50_000 + ") }"),
             refused),
        Case("bomb: 20,000 UNIONs", ONE_LINE, bomb("SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 20_000) + " }"),
             refused),
        Case("bomb: 6,000 UNIONs (< 100 KB)", ONE_LINE, bomb("SELECT*{" + "UNION".join(["{?s ?p ?o}"] * 6000) + "}"), refused),
        Case("bomb: 100,000-term sum", ONE_LINE, bomb("SELECT (" + " + ".join(["1"] * 100_000) + " AS ?x) WHERE {}"), refused),
        Case("bomb: 9,000-term sum (< 100 KB)", ONE_LINE, bomb("SELECT (" + "+".join(["1"] * 9000) + " AS ?x) {}"), refused),
        Case("bomb: 3,000 BINDs (< 100 KB)", ONE_LINE, bomb("SELECT*{" + "".join(f"BIND(1 AS ?v{i})" for i in range(3000)) + "}"),
             refused),
        Case("bomb: 5,000-item list", ONE_LINE, bomb("SELECT * WHERE { ?s pol:x (" + " 1" * 5000 + " ) }"), refused),
        Case("SERVICE via kg query", ONE_LINE,
             bomb("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"), lambda g: g.one_line(2, "SERVICE")),
    ]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", help="run the cases whose name contains one of these words")
    args = ap.parse_args()
    cases = [c for c in build_cases() + query_cases() if not args.only or any(w in c.name for w in args.only)]
    with tempfile.TemporaryDirectory(prefix="kg-probe-") as t:
        probe = Probe(Path(t))
        base = probe.corpus({"a.txt": seed(3), "b.txt": seed(0)})
        made = probe.kg("build", "--corpus", base, "--out", probe.build)
        if made.rc != 0:
            print(f"the base build failed: {made.first}", file=sys.stderr)
            return 1
        results = [(c, *_timed(c, probe)) for c in cases]
    return _table(results)


def _timed(case: Case, probe: Probe) -> tuple[Got, float, bool]:
    t0 = time.perf_counter()
    try:
        got = case.run(probe)
    except Exception as exc:  # noqa: BLE001 - a probe that cannot set up its case reports it
        got = Got(-1, "", f"probe error: {type(exc).__name__}: {exc}")
    return got, time.perf_counter() - t0, case.held(got)


def _table(results) -> int:
    w = max(len(c.name) for c, *_ in results)
    e = max(len(c.expected) for c, *_ in results)
    print(f"{'case':<{w}}  {'expected':<{e}}  {'held':<4}  {'s':>5}  got")
    for case, got, secs, held in results:
        print(f"{case.name:<{w}}  {case.expected:<{e}}  {'yes' if held else 'NO':<4}  {secs:5.1f}  exit {got.rc}: {got.first}")
    bad = sum(1 for *_, held in results if not held)
    print(f"\n{len(results) - bad} of {len(results)} held")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

"""Bench: the W3C SPARQL 1.1 Protocol query tests against `kg serve` and `oxigraph serve-read-only`, side by side.

    .venv/bin/python bench/w3c_protocol.py [--suite DIR] [--build DIR] [--only NAME ...]

The yardstick is the W3C suite itself (w3c/rdf-tests, sparql/sparql11/protocol/): this script reads
`manifest.ttl` from --suite (default /tmp/w3c/sparql/sparql11/protocol) and turns each test's HTTP exchanges
into requests and the assertions its text states (status class, result format, the boolean of an ASK). The
update_* tests are skipped: they expect an update to succeed (2xx), and both servers are read-only by
design. The bad_update_* tests stay: they expect 4xx, which a read-only endpoint must give too.
After the W3C tests come extra cases from the issue and the specs (`bench/protocol_cases.py`, named x_*).

Both servers read the same Oxigraph store directory. For the tests' data, data1/2/3.nt are loaded into one
store as the named graphs the manifest's `ut:graphData` labels give (http://kasei.us/2009/09/sparql/data/
dataN.rdf), beside a BUILD.json marker: `kg serve` reads that folder as a (flat) build, and
`oxigraph serve-read-only --location FOLDER/store` reads the same store. All three graphs are in the store for
every test; a server that honours the dataset of each request answers as if only the named ones were there.
The tests that need no data run again on the seed build (built into a temporary folder unless --build).
Oxigraph runs with `--cors` and `--timeout-s` (its own switches for what kg serve does by default) and without
`--union-default-graph`: every data test names its dataset. Loopback only; every request has a 30 s timeout.
"""

from __future__ import annotations

import argparse
import http.client
import json
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import pyoxigraph as ox  # noqa: E402

from protocol_cases import EXTRAS, SERVER_TIMEOUT, Case, Exchange, Reply, check_format, mime  # noqa: E402

SUITE = Path("/tmp/w3c/sparql/sparql11/protocol")
OXIGRAPH = ROOT / ".venv" / "bin" / "oxigraph"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
HT = "http://www.w3.org/2011/http#"
CNT = "http://www.w3.org/2011/content#"
UT = "http://www.w3.org/2009/sparql/tests/test-update#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKIP_UPDATE = "expects an update to succeed (2xx); both servers are read-only and refuse every update"


# --- the manifest ---------------------------------------------------------------------------------------------

def read_manifest(suite: Path) -> tuple[list[Case], list[tuple[str, str]]]:
    """The applicable query tests in manifest order, and the skipped ones with why."""
    from rdflib import Graph, URIRef
    from rdflib.collection import Collection

    g = Graph().parse(suite / "manifest.ttl", format="turtle")
    manifest = next(g.subjects(URIRef(MF + "entries"), None))
    cases, skipped = [], []
    for entry in Collection(g, g.value(manifest, URIRef(MF + "entries"))):
        name = str(entry).rsplit("#", 1)[1]
        if name.startswith("update_"):
            skipped.append((name, SKIP_UPDATE))
            continue
        graphs = tuple(sorted((str(g.value(d, URIRef(RDFS_LABEL))), Path(str(g.value(d, URIRef(UT + "graph")))).name)
                              for d in g.objects(entry, URIRef(UT + "graphData"))))
        action = g.value(entry, URIRef(MF + "action"))
        requests = Collection(g, g.value(action, URIRef(HT + "requests")))
        cases.append(Case(name, str(g.value(entry, URIRef(MF + "name"))),
                          tuple(_exchange(g, r) for r in requests), graphs))
    return cases, skipped


def _exchange(g, req) -> Exchange:
    from rdflib import URIRef
    from rdflib.collection import Collection

    def val(node, ns, local):
        return g.value(node, URIRef(ns + local))

    path = str(val(req, HT, "absolutePath"))
    assert path.startswith("/sparql/"), path
    head = val(req, HT, "headers")
    headers = tuple((str(val(h, HT, "fieldName")), str(val(h, HT, "fieldValue")))
                    for h in (Collection(g, head) if head is not None else []))
    body = None
    if (b := val(req, HT, "body")) is not None:
        body = str(val(b, CNT, "chars")).encode(str(val(b, CNT, "characterEncoding")).lower())  # UTF-16: with BOM
    resp = val(req, HT, "resp")
    codes = g.objects(resp, URIRef(MF + "expectedStatus"))  # hts:StatusCode2xx → 2
    classes = tuple(sorted(int(str(s).rsplit("StatusCode", 1)[1][0]) for s in codes))
    fmt, boolean = val(resp, MF, "expectedFormat"), val(resp, MF, "expectedBoolean")
    return Exchange(str(val(req, HT, "methodName")), path[len("/sparql/"):], headers, body, classes,
                    None if fmt is None else str(fmt), None if boolean is None else boolean.toPython())


# --- one exchange ---------------------------------------------------------------------------------------------

def send(port: int, endpoint: str, ex: Exchange) -> Reply:
    """Send the exchange's request exactly as written (no header added but Host and Content-Length)."""
    url = f"http://127.0.0.1:{port}{endpoint}"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    t0 = time.monotonic()
    try:
        conn.putrequest(ex.method, endpoint + ex.target, skip_accept_encoding=True)
        for name, value in ex.headers:
            conn.putheader(name, value)
        if ex.body is not None:
            conn.putheader("Content-Length", str(len(ex.body)))
        conn.endheaders(ex.body)
        resp = conn.getresponse()
        body = resp.read()
        headers: dict[str, str] = {}
        for k, v in resp.getheaders():
            headers[k.lower()] = f"{headers[k.lower()]}, {v}" if k.lower() in headers else v
        return Reply(resp.status, headers, body, url, seconds=time.monotonic() - t0)
    except (OSError, http.client.HTTPException) as exc:
        return Reply(None, url=url, error=f"{type(exc).__name__}: {exc}"[:120], seconds=time.monotonic() - t0)
    finally:
        conn.close()


def judge(ex: Exchange, r: Reply) -> str | None:
    """None if the reply is what the exchange asks for, else why not (one short line)."""
    if r.status is None:
        return f"no answer ({r.error})"
    exact = [s for s in ex.status if s >= 100]
    ok = r.status in exact if exact else r.status // 100 in ex.status
    if not ok:
        want = "/".join(str(s) if s >= 100 else f"{s}xx" for s in ex.status)
        return f"{r.status}, expected {want}: {r.body[:80].decode('utf-8', 'replace').strip()!r}"
    if ex.fmt:
        why = check_format(ex.fmt, ex.boolean, r)
        if why:
            return why
    try:
        return ex.check(r) if callable(ex.check) else None
    except (ValueError, KeyError, TypeError, IndexError, SyntaxError) as exc:  # ET.ParseError is a SyntaxError
        return f"{mime(r) or 'no Content-Type'}: {type(exc).__name__}: {exc}"[:160]


def run_case(port: int, endpoint: str, case: Case) -> str | None:
    for i, ex in enumerate(case.exchanges):
        why = judge(ex, send(port, endpoint, ex))
        if why:
            return why if len(case.exchanges) == 1 else f"request {i + 1}: {why}"
    return None


# --- the servers ----------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(kind: str, folder: Path, port: int) -> tuple[subprocess.Popen, str]:
    """`kg serve` or `oxigraph serve-read-only` on the folder, once it answers; (process, endpoint path)."""
    if kind == "kg":
        cmd = [sys.executable, "-m", "kg", "serve", "--build", str(folder), "--host", "127.0.0.1",
               "--port", str(port), "--timeout", str(SERVER_TIMEOUT)]
        endpoint = "/sparql"
    else:
        cmd = [str(OXIGRAPH), "serve-read-only", "--location", str((folder / "store").resolve()),
               "--bind", f"127.0.0.1:{port}", "--cors", "--timeout-s", str(int(SERVER_TIMEOUT))]
        endpoint = "/query"
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    probe = Exchange("GET", "?query=ASK%7B%7D")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{kind} exited: {proc.stderr.read().strip()[:300]}")
        if send(port, endpoint, probe).status is not None:
            return proc, endpoint
        time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"{kind} did not answer within 60 s")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


def run_all(kind: str, folder: Path, cases: list[Case]) -> dict[str, str | None]:
    port = free_port()
    proc, endpoint = start(kind, folder, port)
    try:
        return {c.name: run_case(port, endpoint, c) for c in cases}
    finally:
        stop(proc)


# --- the data -------------------------------------------------------------------------------------------------

def data_build(suite: Path, cases: list[Case], out: Path) -> Path:
    """A flat build folder whose store holds every graph the tests name, as its named graph."""
    out.mkdir(parents=True)
    store = ox.Store(str(out / "store"))
    for iri, name in sorted({g for c in cases for g in c.graphs}):
        store.load(path=str(suite / name), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri))
    store.flush()
    del store
    marker = {"policy_kg": "bench/w3c_protocol.py (the W3C protocol tests' data)", "documents": []}
    (out / "BUILD.json").write_text(json.dumps(marker), encoding="utf-8")
    return out


def seed_build(out: Path) -> Path:
    from kg.build import build

    build(ROOT / "corpus", out)
    return out


# --- the table ------------------------------------------------------------------------------------------------

def table(cases: list[Case], columns: dict[str, dict[str, str | None]]) -> list[str]:
    """Markdown: one row per case, one column per (server, data); totals last; then why each failure failed."""
    names = list(columns)
    lines = ["| test | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for c in cases:
        cells = ["—" if c.name not in col else "pass" if col[c.name] is None else "FAIL" for col in columns.values()]
        lines.append(f"| {c.name}{'' if c.w3c else ' (extra)'} | " + " | ".join(cells) + " |")
    for label, keep in (("W3C tests passed", True), ("extra cases passed", False)):
        subset = [c.name for c in cases if c.w3c == keep]
        totals = []
        for col in columns.values():
            ran = [n for n in subset if n in col]
            totals.append(f"{sum(col[n] is None for n in ran)} / {len(ran)}")
        lines.append(f"| **{label}** | " + " | ".join(totals) + " |")
    notes = [f"- {name}, {c}: {why}" for name, col in columns.items() for c, why in col.items() if why]
    return lines + ([""] + notes if notes else [])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--suite", type=Path, default=SUITE, help="the folder of the W3C protocol manifest.ttl")
    ap.add_argument("--build", type=Path, help="the seed build (default: build the seeds into a temporary folder)")
    ap.add_argument("--only", nargs="*", help="run only these tests")
    args = ap.parse_args()
    if not (args.suite / "manifest.ttl").is_file():
        raise SystemExit(f"{args.suite}: no manifest.ttl; extract the suite from a w3c/rdf-tests clone: git -C "
                         "CLONE archive HEAD sparql/sparql11/protocol | tar -x -C /tmp/w3c")
    if not OXIGRAPH.is_file():
        raise SystemExit(f"{OXIGRAPH}: missing; install the test extras (.venv/bin/pip install -e '.[test]')")
    cases, skipped = read_manifest(args.suite)
    cases += EXTRAS
    if args.only:
        cases = [c for c in cases if c.name in args.only]
    generic = [c for c in cases if not c.graphs]
    columns: dict[str, dict[str, str | None]] = {}
    with tempfile.TemporaryDirectory(prefix="kg-w3c-") as tmp:
        data = data_build(args.suite, cases, Path(tmp) / "w3c-data")
        seeds = args.build or seed_build(Path(tmp) / "seed")
        for kind in ("kg", "oxigraph"):
            columns[f"{kind} (W3C data)"] = run_all(kind, data, cases)
        for kind in ("kg", "oxigraph"):
            columns[f"{kind} (seed build)"] = run_all(kind, seeds, generic)
    print("\n".join(table(cases, columns)))
    print("\nskipped: " + "; ".join(f"{n}" for n, _ in skipped) + f" ({SKIP_UPDATE})")
    kg_failed = [n for col in ("kg (W3C data)", "kg (seed build)") for n, why in columns[col].items() if why]
    return 1 if kg_failed else 0


if __name__ == "__main__":
    sys.exit(main())

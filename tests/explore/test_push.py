"""`kg push` into a real Oxigraph server on loopback, and the same rows from every canned query there as on the
embedded store; the auth handshakes against a tiny in-process store; every failure one line and exit 2.

The helpers above the tests (`parity_cases`, `comparable`, `free_port`, `policy_triples`) are shared with
test_push_virtuoso.py, which runs the same comparison against Virtuoso.
"""

from __future__ import annotations

import base64
import collections
import hashlib
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal, InvalidOperation
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import InputError
from kg.explore.push import check_url, graph_url, graphs_of, push
from kg.explore.queries import canned_queries

OXIGRAPH = Path(sys.executable).parent / "oxigraph"  # the `oxigraph` wheel of the test extras
XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "short", "byte", "nonNegativeInteger",
                             "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedLong", "unsignedInt")}
OURS = "https://w3id.org/policy-kg/"
runner = CliRunner()


# ---- shared helpers -------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_answers(url: str, proc: subprocess.Popen | None = None, seconds: float = 30) -> None:
    """Poll a SPARQL endpoint with ASK {} until it answers; fail if the server process dies first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}: {proc.stderr.read() if proc.stderr else ''}")
        try:
            with urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def parity_cases() -> list:
    """One pytest param per canned query and binding set: the required params (default or example), the query's
    `# example-bind` bindings, and each param's own example; read from canned_queries() when tests are collected."""
    cases = []
    for cq in canned_queries():
        required = [(p.name, p.default or p.example) for p in cq.params if p.required]
        example = list(cq.example.bindings) if getattr(cq, "example", None) else []
        sets = [required, example + [b for b in required if b[0] not in {n for n, _ in example}]]
        sets += [[*(b for b in required if b[0] != p.name), (p.name, p.example)] for p in cq.params if p.example]
        seen = set()
        for binds in sets:
            key = tuple(sorted(binds))
            if key in seen:
                continue
            seen.add(key)
            label = ",".join(f"{k}={v}" for k, v in key)
            cases.append(pytest.param(cq, key, id=f"{cq.name}[{label}]" if label else cq.name))
    return cases


def _concat_separators(query: str) -> dict[str, str]:
    """Columns a query fills with GROUP_CONCAT, and their separators: SPARQL leaves the order of the parts open."""
    pattern = r'GROUP_CONCAT\s*\((?:[^;()]|\([^()]*\))*;\s*separator\s*=\s*"([^"]*)"\s*\)\s*AS\s*\?(\w+)'
    return {m[2]: m[1] for m in re.finditer(pattern, query, re.IGNORECASE)}


def _term_key(t, sep: str | None):
    """A term as compared across stores: numbers by value, blank nodes as one kind, GROUP_CONCAT parts as a multiset."""
    if t is None:
        return None
    if t.type == "bnode":
        return ("bnode",)  # labels are local to each answer
    if t.type == "uri":
        return ("uri", t.value)
    value = tuple(sorted(t.value.split(sep))) if sep else t.value
    if t.lang:
        return ("lang", value, t.lang.lower())
    if t.datatype in NUMERIC and not sep:
        try:
            number = Decimal(t.value)
            if number.is_finite():
                return ("number", number.normalize())
        except InvalidOperation:
            pass
    if t.datatype in (None, XSD + "string"):
        return ("string", value)
    return ("literal", value, t.datatype)


def comparable(res, query: str):
    """A query's answer as something two stores must agree on: (kind, variables, multiset of rows) or the boolean."""
    if res.kind == "ask":
        return ("ask", res.boolean)
    if res.kind == "graph":
        triples = ox.parse(res.turtle or "", ox.RdfFormat.TURTLE)
        keys = (tuple("_" if isinstance(x, ox.BlankNode) else str(x) for x in (t.subject, t.predicate, t.object))
                for t in triples)
        return ("graph", collections.Counter(keys))
    seps = _concat_separators(query)
    rows = collections.Counter(tuple(_term_key(t, seps.get(v)) for v, t in zip(res.variables, row)) for row in res.rows)
    return ("select", tuple(res.variables), rows)


def difference(local, remote) -> str:
    """A short account of where two `comparable` answers differ, for the assertion message."""
    if local[:2] != remote[:2] or local[0] != "select":
        return f"local {local[:2]} != remote {remote[:2]}"
    only_here, only_there = local[2] - remote[2], remote[2] - local[2]
    return (f"{sum(local[2].values())} rows locally, {sum(remote[2].values())} remotely; "
            f"only local: {list(only_here)[:2]}; only remote: {list(only_there)[:2]}")


def policy_triples(query_url: str) -> int:
    """Triples in the store's policy-kg graphs (a store may hold graphs of its own, as Virtuoso does)."""
    from kg.explore.query import run_remote

    res = run_remote(query_url, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                                f'FILTER(STRSTARTS(STR(?g), "{OURS}")) }}')
    return int(res.rows[0][0].value)


def assert_same_rows(store, query_url: str, cq, bindings) -> None:
    from kg.explore.query import parse_bindings, run_local, run_remote

    local = comparable(run_local(store, cq.text, cq.name, parse_bindings(list(bindings))), cq.text)
    remote = comparable(run_remote(query_url, cq.text, cq.name, parse_bindings(list(bindings))), cq.text)
    assert local == remote, f"{cq.name} {dict(bindings)}: {difference(local, remote)}"


def one_line_error(result, *needles: str) -> str:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    for needle in needles:
        assert needle in lines[0]
    return lines[0]


# ---- a real Oxigraph server --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    """`oxigraph serve` on a free loopback port, default graph = union of the named graphs (as the embedded store)."""
    if not OXIGRAPH.exists():
        pytest.skip(f"{OXIGRAPH} missing: install the test extras (pip install -e '.[test]')")
    port = free_port()
    proc = subprocess.Popen([str(OXIGRAPH), "serve", "--location", str(tmp_path_factory.mktemp("oxigraph")),
                             "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_until_answers(f"http://127.0.0.1:{port}/query", proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def pushed(oxigraph, store):
    return push(store, f"{oxigraph}/store")


def test_push_sends_every_graph_of_the_build(pushed, oxigraph, store):
    from kg.explore.query import run_remote

    named = {g.value for g in store.named_graphs()}
    assert pushed.graphs == len(named) >= 7 and pushed.triples == len(store)
    res = run_remote(f"{oxigraph}/query", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert {row[0].value for row in res.rows} == named
    assert policy_triples(f"{oxigraph}/query") == len(store)


def test_push_again_replaces_each_graph(pushed, oxigraph, store, seed_build):
    doc = next(g for g in graphs_of(store) if "/id/graph/0" in g.value)
    extra = b"<urn:x:stray> <urn:x:p> <urn:x:o> .\n"  # POST appends (Graph Store Protocol): the store now differs
    req = urllib.request.Request(graph_url(f"{oxigraph}/store", doc), data=extra, method="POST",
                                 headers={"Content-Type": "application/n-triples"})
    urllib.request.urlopen(req, timeout=10).close()
    assert policy_triples(f"{oxigraph}/query") == len(store) + 1
    r = runner.invoke(app, ["push", f"{oxigraph}/store", "--build", str(seed_build)])
    assert r.exit_code == 0, r.output
    assert re.search(rf"\b{pushed.graphs}\b.*\b{len(store)}\b", r.stdout), r.stdout  # the summary row
    assert policy_triples(f"{oxigraph}/query") == len(store)  # replaced, not appended: the stray triple is gone


@pytest.mark.parametrize("cq,bindings", parity_cases())
def test_canned_query_gives_the_same_rows_on_oxigraph_server(pushed, oxigraph, store, cq, bindings):
    assert_same_rows(store, f"{oxigraph}/query", cq, bindings)


def test_push_to_a_missing_path_is_one_line(oxigraph, seed_build):
    one_line_error(runner.invoke(app, ["push", f"{oxigraph}/nothere", "--build", str(seed_build)]),
                   f"{oxigraph}/nothere", "404")


# ---- failures before and around the network ------------------------------------------------------------------

def test_push_to_a_dead_port_is_one_line(seed_build):
    url = f"http://127.0.0.1:{free_port()}/store"
    one_line_error(runner.invoke(app, ["push", url, "--build", str(seed_build)]), url, "cannot be reached")


@pytest.mark.parametrize("url,needle", [("ftp://example.org/store", "http://"), ("store", "http://"),
                                        ("http://dba:dba@127.0.0.1:1/store", "--user")])
def test_push_refuses_a_bad_url(seed_build, url, needle):
    one_line_error(runner.invoke(app, ["push", url, "--build", str(seed_build)]), needle)


def test_push_needs_a_build(tmp_path):
    one_line_error(runner.invoke(app, ["push", "http://127.0.0.1:1/store", "--build", str(tmp_path)]), "kg build")


def test_graph_url_keeps_the_endpoint_query_and_encodes_the_iri():
    g = ox.NamedNode("https://w3id.org/policy-kg/id/graph/孟州&x#c")
    assert graph_url("http://h/store", g) == \
        "http://h/store?graph=https%3A%2F%2Fw3id.org%2Fpolicy-kg%2Fid%2Fgraph%2F%E5%AD%9F%E5%B7%9E%26x%23c"
    assert graph_url("http://h/crud?x=1", g).startswith("http://h/crud?x=1&graph=https%3A")
    assert graph_url("http://h/store", ox.DefaultGraph()) == "http://h/store?default"
    assert check_url("https://h:8890/x") == "https://h:8890/x"
    with pytest.raises(InputError, match="port|http"):
        check_url("http://h:99999/x")


# ---- auth: a tiny store that asks for basic or digest --------------------------------------------------------

class _Store(BaseHTTPRequestHandler):
    """Graph Store PUT behind basic or digest auth (RFC 7616, MD5, qop=auth), counting its 401s."""

    mode, login, nonce = "digest", ("kg", "s3cret"), "a1b2c3"
    graphs: dict
    refusals: list

    def log_message(self, *args):
        pass

    def do_PUT(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if not self._authorised():
            self.refusals.append(self.path)
            challenge = (f'Digest realm="kg", nonce="{self.nonce}", qop="auth", algorithm="MD5"'
                         if self.mode == "digest" else 'Basic realm="kg"')
            self.send_response(401)
            self.send_header("WWW-Authenticate", challenge)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        query = urllib.parse.urlsplit(self.path).query
        graph = "" if query == "default" else urllib.parse.parse_qs(query)["graph"][0]
        self.graphs[graph] = body
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _authorised(self) -> bool:
        auth = self.headers.get("Authorization", "")
        user, password = self.login
        if self.mode == "basic":
            return auth == "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        if not auth.startswith("Digest "):
            return False
        f = urllib.request.parse_keqv_list(urllib.request.parse_http_list(auth[len("Digest "):]))
        md5 = lambda s: hashlib.md5(s.encode()).hexdigest()  # noqa: E731
        ha1, ha2 = md5(f"{user}:kg:{password}"), md5(f"PUT:{f.get('uri')}")
        expected = md5(f"{ha1}:{f.get('nonce')}:{f.get('nc')}:{f.get('cnonce')}:auth:{ha2}")
        return f.get("username") == user and f.get("nonce") == self.nonce and f.get("uri") == self.path \
            and f.get("response") == expected


@pytest.fixture(params=["digest", "basic"])
def auth_store(request):
    handler = type("Handler", (_Store,), {"mode": request.param, "graphs": {}, "refusals": []})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}/store", handler
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_push_answers_the_challenge_once_then_signs_up_front(auth_store, store):
    url, handler = auth_store
    pushed = push(store, url, "kg", "s3cret")
    assert set(handler.graphs) == {g.value for g in store.named_graphs()}
    assert len(handler.refusals) == 1  # only the first graph went up twice
    triples = sum(len(list(ox.parse(body, ox.RdfFormat.N_TRIPLES))) for body in handler.graphs.values())
    assert triples == pushed.triples == len(store)


def test_push_sends_a_default_graph_only_when_it_has_triples(auth_store):
    url, handler = auth_store
    mem = ox.Store()
    p, o = ox.NamedNode("urn:x:p"), ox.Literal("孟州")
    mem.add(ox.Quad(ox.NamedNode("urn:x:a"), p, o, ox.NamedNode("urn:x:g")))
    assert push(mem, url, "kg", "s3cret").graphs == 1 and set(handler.graphs) == {"urn:x:g"}
    mem.add(ox.Quad(ox.NamedNode("urn:x:b"), p, o, ox.DefaultGraph()))
    assert push(mem, url, "kg", "s3cret").graphs == 2
    assert handler.graphs[""] == '<urn:x:b> <urn:x:p> "孟州" .\n'.encode()


def test_push_with_a_wrong_password_is_one_line(auth_store, seed_build):
    url, handler = auth_store
    line = one_line_error(runner.invoke(app, ["push", url, "--build", str(seed_build), "--user", "kg",
                                              "--password", "wrong"]), url, "401")
    assert "wrong --user or --password" in line and handler.graphs == {}


def test_push_without_a_login_says_which_auth_the_store_asks_for(auth_store, seed_build):
    url, handler = auth_store
    one_line_error(runner.invoke(app, ["push", url, "--build", str(seed_build)]),
                   "401", handler.mode.capitalize(), "--user")


def test_push_needs_both_user_and_password(seed_build):
    one_line_error(runner.invoke(app, ["push", "http://127.0.0.1:1/store", "--build", str(seed_build), "--user", "kg"]),
                   "--user/--password")

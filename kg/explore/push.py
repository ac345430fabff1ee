"""`kg push`: copy a build into a SPARQL 1.1 store through the Graph Store HTTP Protocol, one graph at a time.

Why the Graph Store Protocol: every store speaks it (Oxigraph server, Virtuoso, Fuseki, GraphDB, ...), and
`PUT URL?graph=IRI` replaces that graph in one request, so a second push of the same build leaves the store as
the first did instead of doubling it. Each graph is written by Oxigraph as N-Triples straight from the build's
store (no rdflib), and only one graph's text is in memory at a time. A store that wants a login says so in its
401; we answer digest (Virtuoso) or basic auth, whichever it asks for, and then sign the following requests up
front so that each graph's body goes over the wire once. Any failure is one `InputError` naming the URL.
"""

from __future__ import annotations

import base64
import http.client
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Callable

import pyoxigraph as ox

from kg.errors import InputError
from kg.explore.remote import _printable

CONTENT_TYPE = "application/n-triples"
TIMEOUT = 300  # seconds of silence allowed on one graph's request: a store indexes a large graph before it answers


@dataclass(frozen=True)
class GraphSent:
    """One graph the store accepted: its IRI ("" for the default graph), triples and the HTTP status."""

    graph: str
    triples: int
    status: int


@dataclass(frozen=True)
class Pushed:
    """What one push sent, for the summary line."""

    url: str
    graphs: int
    triples: int
    seconds: float


def check_url(url: str) -> str:
    """The URL if it is http:// or https:// with a host, no credentials in it; an input error otherwise."""
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InputError(_printable(repr(url), 100), "must be an http:// or https:// URL of a Graph Store "
                         "Protocol endpoint (Oxigraph server: http://HOST:PORT/store)")
    if parts.username or parts.password:
        raise InputError(_safe_url(url), "give the login as --user and --password, not inside the URL")
    return url


def graphs_of(store) -> list:
    """The build's graphs in a stable order: every named graph by IRI, then the default graph if it has triples."""
    named = sorted(store.named_graphs(), key=lambda g: g.value)
    has_default = next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None
    return named + ([ox.DefaultGraph()] if has_default else [])


def graph_url(url: str, graph) -> str:
    """The Graph Store Protocol address of one graph: `?graph=IRI`, or `?default`, after the endpoint's own query."""
    sep = "&" if urllib.parse.urlsplit(url).query else ("" if url.endswith("?") else "?")
    if isinstance(graph, ox.DefaultGraph):
        return f"{url}{sep}default"
    return f"{url}{sep}{urllib.parse.urlencode({'graph': graph.value})}"


def push(store, url: str, user: str | None = None, password: str | None = None,
         on_graph: Callable[[GraphSent], None] | None = None) -> Pushed:
    """PUT every graph of `store` to the Graph Store endpoint `url`, replacing each; stop at the first failure."""
    check_url(url)
    if (user is None) != (password is None):
        raise InputError("--user/--password", "give both, or neither")
    client = _Client(url, _Auth(user, password) if user is not None else None)
    t0, graphs, triples = time.perf_counter(), 0, 0
    for graph in graphs_of(store):
        sent = _put_graph(client, store, graph)
        graphs, triples = graphs + 1, triples + sent.triples
        if on_graph:
            on_graph(sent)
    return Pushed(url, graphs, triples, time.perf_counter() - t0)


def _put_graph(client: _Client, store, graph) -> GraphSent:
    """Serialise one graph as N-Triples (one triple a line) and PUT it; the text is dropped when this returns."""
    body = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
    name = "" if isinstance(graph, ox.DefaultGraph) else graph.value
    status = client.put(graph_url(client.url, graph), body, name or "the default graph")
    return GraphSent(name, body.count(b"\n"), status)


class _OneLogin(urllib.request.HTTPPasswordMgr):
    """The password manager urllib's digest arithmetic asks: the one login given, whatever the realm."""

    def __init__(self, user: str, password: str):
        super().__init__()
        self.login = (user, password)

    def find_user_password(self, realm, uri):
        return self.login


class _Auth:
    """Answers a store's 401 challenge, digest or basic, and then signs each next request up front."""

    def __init__(self, user: str, password: str):
        self._digest = urllib.request.HTTPDigestAuthHandler(_OneLogin(user, password))  # for its RFC 7616 arithmetic
        self._basic = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        self._challenge: dict | None = None  # the last digest challenge; None: basic, or nothing asked yet
        self.scheme: str | None = None

    def learn(self, headers) -> bool:
        """Take the scheme and challenge of a 401; False if it asks for a scheme we do not speak."""
        for value in headers.get_all("WWW-Authenticate") or []:
            scheme, _, rest = value.strip().partition(" ")
            if scheme.lower() == "digest":
                items = urllib.request.parse_http_list(rest)
                self.scheme, self._challenge = "digest", urllib.request.parse_keqv_list(filter(None, items))
                return True
            if scheme.lower() == "basic":
                self.scheme, self._challenge = "basic", None
                return True
        return False

    def sign(self, req: urllib.request.Request) -> None:
        """Add the Authorization header for the scheme learnt so far (none before the first 401)."""
        if self.scheme == "basic":
            req.add_unredirected_header("Authorization", self._basic)
        elif self.scheme == "digest":
            value = self._digest.get_authorization(req, self._challenge)
            if value:
                req.add_unredirected_header("Authorization", "Digest " + value)


class _Client:
    """PUT requests to one endpoint with one auth state; HTTP and network failures as one-line input errors."""

    def __init__(self, url: str, auth: _Auth | None):
        self.url, self.auth = url, auth
        self._opener = urllib.request.build_opener()

    def put(self, target: str, body: bytes, what: str) -> int:
        """The status of a successful PUT; a stale digest nonce is renewed once, any other failure raised."""
        for attempt in (1, 2):
            req = urllib.request.Request(target, data=body, method="PUT", headers={"Content-Type": CONTENT_TYPE})
            if self.auth:
                self.auth.sign(req)
            try:
                with self._opener.open(req, timeout=TIMEOUT) as resp:
                    resp.read(65536)
                    return resp.status
            except urllib.error.HTTPError as exc:
                if exc.code == 401 and attempt == 1 and self.auth and self.auth.learn(exc.headers):
                    continue
                raise self._refused(exc, what) from None
            except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
                reason = getattr(exc, "reason", None) or exc
                raise InputError(_safe_url(self.url), f"cannot be reached ({_printable(str(reason))})") from None
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    def _refused(self, exc: urllib.error.HTTPError, what: str) -> InputError:
        """The one line for an HTTP error status: 401 says what to do, others quote the store's first line."""
        where = _safe_url(self.url)
        if exc.code == 401 and not self.auth:
            asks = (exc.headers.get("WWW-Authenticate") or "a login").split(" ")[0]
            return InputError(where, f"answered 401 Unauthorized: the store asks for {_printable(asks, 20)} auth; "
                                     "give --user and --password")
        if exc.code == 401:
            return InputError(where, "answered 401 Unauthorized: wrong --user or --password, or that user may "
                                     "not write graphs")
        try:
            detail = exc.read(4096).decode("utf-8", "replace").strip().splitlines()
        except OSError:
            detail = []
        text = next((line for line in detail if line.strip() and not line.lstrip().startswith("<")), "")
        reason = f"{exc.code} {_printable(str(exc.reason), 60)}".strip()
        return InputError(where, f"answered {reason} to the PUT of {_printable(what, 120)}"
                                 + (f": {_printable(text, 200)}" if text else ""))


def _safe_url(url: str) -> str:
    """The URL to print: without userinfo, controls replaced."""
    try:
        parts = urllib.parse.urlsplit(url)
        netloc = parts.netloc.rpartition("@")[2]
        return _printable(urllib.parse.urlunsplit(parts._replace(netloc=netloc)), 200)
    except ValueError:
        return _printable(url, 200)

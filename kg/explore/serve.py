"""A read-only SPARQL 1.1 Protocol endpoint over a build's store (stdlib HTTP server, no extra dependency).

GET /sparql?query=… and POST (form `query=…` or `application/sparql-query`); SELECT/ASK answer SPARQL JSON
(CSV/TSV when the Accept header asks), CONSTRUCT/DESCRIBE answer Turtle. Updates are refused (403). The
standard prefixes are predeclared and the default graph is the union, as for `kg query`.

`answer` is the whole protocol as a pure function of the request, tested without sockets; `make_handler`
only moves bytes between it and `http.server`.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox

from kg.explore import query as q
from kg.errors import InputError
from kg.graph.store import open_store

_UPDATE = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
_NOT_FOUND = "not found; the endpoint is /sparql\n"
_READ_ONLY = "this endpoint is read-only\n"

Response = tuple[int, str, bytes]  # status, Content-Type, body


def answer(store: ox.Store, method: str, path: str, params: Mapping[str, list[str]],
           headers: Mapping[str, str], body: bytes = b"") -> Response:
    """The response to one request: `path` without its query string, `params` parsed from it."""
    headers = {k.lower(): v for k, v in headers.items()}
    if method == "GET" and path == "/":
        return _text(200, json.dumps({"sparql": "/sparql", "readOnly": True}), "application/json")
    if path != "/sparql":
        return _text(404, _NOT_FOUND, "text/plain")
    if method == "GET":
        return run_query(store, _first(params, "query"), headers.get("accept", ""))
    if method != "POST":
        return _text(405, "use GET or POST\n", "text/plain")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return _text(400, "the request body is not UTF-8\n", "text/plain")
    ctype = headers.get("content-type", "")
    if ctype.startswith("application/sparql-query"):
        return run_query(store, text, headers.get("accept", ""))
    if ctype.startswith("application/sparql-update") or "update=" in text[:10]:
        return _text(403, _READ_ONLY, "text/plain")
    return run_query(store, _first(urllib.parse.parse_qs(text), "query"), headers.get("accept", ""))


def run_query(store: ox.Store, text: str | None, accept: str = "") -> Response:
    """Run a read-only query and format its result as the Accept header asks."""
    if not text:
        return _text(400, "missing 'query' parameter\n", "text/plain")
    if is_update(text):
        return _text(403, _READ_ONLY, "text/plain")
    try:
        res = q.run_local(store, text)
    except InputError as exc:
        return _text(400, exc.reason + "\n", "text/plain")
    if res.kind == "graph":
        return _text(200, res.turtle or "", "text/turtle")
    if "text/csv" in accept:
        return _text(200, q.to_delimited(res, ","), "text/csv")
    if "text/tab-separated-values" in accept:
        return _text(200, q.to_delimited(res, "\t"), "text/tab-separated-values")
    return _text(200, q.to_json(res), "application/sparql-results+json")


def is_update(text: str) -> bool:
    """Whether the request, past its comments and prologue, is a SPARQL Update."""
    stripped = "\n".join(l for l in text.splitlines() if not l.lstrip().startswith(("#", "PREFIX", "prefix", "BASE")))
    head = stripped.lstrip().upper()
    return head.startswith(_UPDATE) and not head.startswith("WITH ")


def _first(params: Mapping[str, list[str]], key: str) -> str | None:
    return (params.get(key) or [None])[0]


def _text(status: int, body: str, ctype: str) -> Response:
    return status, f"{ctype}; charset=utf-8", body.encode("utf-8")


def make_handler(store: ox.Store):
    """An `http.server` handler class that hands each GET and POST to `answer`."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "policy-kg"

        def log_message(self, fmt, *args):  # quiet by default; the CLI prints the address once
            return

        def _reply(self, method: str, body: bytes = b"") -> None:
            url = urllib.parse.urlparse(self.path)
            status, ctype, data = answer(store, method, url.path, urllib.parse.parse_qs(url.query), self.headers, body)
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            self._reply("GET")

        def do_POST(self):
            self._reply("POST", self.rfile.read(int(self.headers.get("Content-Length") or 0)))

    return Handler


def server(build: Path, host: str = "127.0.0.1", port: int = 7878) -> ThreadingHTTPServer:
    """A threading HTTP server for the build's store, bound but not yet serving."""
    store = open_store(build)
    try:
        return ThreadingHTTPServer((host, port), make_handler(store))
    except OSError as exc:
        raise InputError(f"{host}:{port}", f"cannot listen ({exc.strerror})") from None

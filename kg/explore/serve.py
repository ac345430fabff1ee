"""A read-only SPARQL 1.1 Protocol endpoint over a build's store (stdlib HTTP server, no extra dependency).

GET /sparql?query=… and POST (form `query=…` or `application/sparql-query`); SELECT/ASK answer SPARQL JSON
(CSV/TSV when the Accept header asks), CONSTRUCT/DESCRIBE answer Turtle. Updates are refused (403). The
standard prefixes are predeclared and the default graph is the union, as for `kg query`.
"""

from __future__ import annotations

import json
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox

from kg.explore import query as q
from kg.errors import InputError
from kg.graph.store import open_store

_UPDATE = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")


def make_handler(store: ox.Store):
    class Handler(BaseHTTPRequestHandler):
        server_version = "policy-kg"

        def log_message(self, fmt, *args):  # quiet by default; the CLI prints the address once
            return

        def _send(self, code: int, body: str, ctype: str) -> None:
            data = body.encode("utf-8")
            self.send_response(code)
            self.send_header("Content-Type", f"{ctype}; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            self.wfile.write(data)

        def _answer(self, text: str | None) -> None:
            if not text:
                self._send(400, "missing 'query' parameter\n", "text/plain")
                return
            stripped = "\n".join(l for l in text.splitlines() if not l.lstrip().startswith(("#", "PREFIX", "prefix", "BASE")))
            if stripped.lstrip().upper().startswith(_UPDATE) and not stripped.lstrip().upper().startswith("WITH "):
                self._send(403, "this endpoint is read-only\n", "text/plain")
                return
            try:
                res = q.run_local(store, text)
            except InputError as exc:
                self._send(400, exc.reason + "\n", "text/plain")
                return
            accept = self.headers.get("Accept", "")
            if res.kind == "graph":
                self._send(200, res.turtle or "", "text/turtle")
            elif "text/csv" in accept:
                self._send(200, q.to_delimited(res, ","), "text/csv")
            elif "text/tab-separated-values" in accept:
                self._send(200, q.to_delimited(res, "\t"), "text/tab-separated-values")
            else:
                self._send(200, q.to_json(res), "application/sparql-results+json")

        def do_GET(self):
            url = urllib.parse.urlparse(self.path)
            if url.path == "/":
                self._send(200, json.dumps({"sparql": "/sparql", "readOnly": True}), "application/json")
                return
            if url.path != "/sparql":
                self._send(404, "not found; the endpoint is /sparql\n", "text/plain")
                return
            params = urllib.parse.parse_qs(url.query)
            self._answer((params.get("query") or [None])[0])

        def do_POST(self):
            if urllib.parse.urlparse(self.path).path != "/sparql":
                self._send(404, "not found; the endpoint is /sparql\n", "text/plain")
                return
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8")
            ctype = self.headers.get("Content-Type", "")
            if ctype.startswith("application/sparql-query"):
                self._answer(body)
            elif ctype.startswith("application/sparql-update") or "update=" in body[:10]:
                self._send(403, "this endpoint is read-only\n", "text/plain")
            else:
                self._answer((urllib.parse.parse_qs(body).get("query") or [None])[0])

    return Handler


def server(build: Path, host: str = "127.0.0.1", port: int = 7878) -> ThreadingHTTPServer:
    store = open_store(build)
    try:
        return ThreadingHTTPServer((host, port), make_handler(store))
    except OSError as exc:
        raise InputError(f"{host}:{port}", f"cannot listen ({exc.strerror})") from None

"""A read-only SPARQL 1.1 Protocol endpoint over a build's store; `answer` is the protocol as a pure function.

GET /sparql?query=… and POST (form `query=…` or `application/sparql-query`); SELECT/ASK answer SPARQL JSON,
XML, CSV or TSV and CONSTRUCT/DESCRIBE Turtle, N-Triples, JSON-LD or RDF/XML, by Accept or `format=`.
`default-graph-uri` / `named-graph-uri` set the dataset and override the query's FROM / FROM NAMED (SPARQL 1.1
Protocol §2.1.4); without them the default graph is the union of all graphs, as for `kg query`. The standard
prefixes are predeclared, and relative IRIs resolve against the endpoint's URL (`<s>` → http://HOST:PORT/s),
so every IRI in an answer is absolute. TSV is the SPARQL TSV format (a `?var` header, terms in Turtle syntax),
CSV the SPARQL CSV format (plain values, blank nodes as `_:b`). `cors_headers` are what the endpoint adds to
every reply, errors and preflights included, for `kg serve --cors-origin`.

Every refusal is one text/plain line saying why:
- 403 for what the endpoint will not do though the request is well formed: updates (INSERT, LOAD, CLEAR,
  `update=`, application/sparql-update) and SERVICE (it never reaches other hosts);
- 400 for what `kg.explore.guard.check_query` finds before any parser runs (too long, nested too deep, too
  many UNIONs or operators: the parser bombs that crash Oxigraph), a syntax error, a body or %-escape that
  is not UTF-8, a missing or repeated `query`, a POST body of another media type, a bad Content-Length;
- 404 other paths, 405 other methods (PUT, DELETE, …; with Allow), 411 a POST without Content-Length,
  413 a body over 1 MiB;
- 503 + Retry-After when the workers and the queue are full; 503 when a query ran past the time limit and
  was cancelled; 500 when a query took its worker process down (memory cap or an engine crash).
An answer over the row or byte cap stops at a row boundary, still valid, marked `X-Rows-Truncated: true`.

`answer` takes an open `pyoxigraph.Store` (run in this process: tests, library use) or a
`kg.explore.runner.Runner` (worker processes with a time limit: `kg serve`); `kg.explore.endpoint` moves
bytes between it and the sockets.
"""

from __future__ import annotations

import ipaddress
import re
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import replace

import pyoxigraph as ox

from kg.errors import InputError
from kg.explore.guard import check_query
from kg.explore.page import respond_page
from kg.explore.results import (GRAPH_TYPES, SELECT_TYPES, Caps, Job, Response, collect, execute, format_name,
                                text_response)
from kg.explore.runner import Limits, Runner

MAX_FIELDS = 64  # parameters in a URL or form
ALLOW = "GET, HEAD, POST, OPTIONS"
_FORM = "application/x-www-form-urlencoded"
_QUERY = "application/sparql-query"
_HOST = re.compile(r"(?:[A-Za-z0-9][A-Za-z0-9.-]{0,252}|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?")
_ORIGIN = re.compile(r"https?://" + _HOST.pattern)
_EXPOSED = "X-Rows-Truncated, X-Truncated-By, Retry-After"

__all__ = ["answer", "parse_params", "cors_headers", "check_cors_origin", "Response", "Limits"]


def answer(backend: ox.Store | Runner, method: str, path: str, params: Mapping[str, list[str]],
           headers: Mapping[str, str], body: bytes = b"", *, cancelled: Callable[[], bool] | None = None,
           origin: str = "http://localhost") -> Response:
    """The response to one request: `path` without its query string, `params` parsed from it. Relative IRIs
    in a query resolve against the endpoint's URL: the request's Host if it is a plain host[:port], else
    `origin` (the address the server listens on)."""
    headers = {k.lower(): v for k, v in headers.items()}
    page = respond_page(method, path, params)
    if page is not None:
        return page
    if path != "/sparql":
        return text_response(404, "not found; the endpoint is /sparql")
    if method == "OPTIONS":
        return Response(204, "text/plain; charset=utf-8", b"", {"Allow": ALLOW})
    if method not in ("GET", "HEAD", "POST"):
        return text_response(405, f"{method} is not allowed; use GET or POST (read-only)", {"Allow": ALLOW})
    job = _job(method, dict(params), headers, body)
    if isinstance(job, Response):
        return job
    job = replace(job, base_iri=_base_iri(headers.get("host", ""), path, origin))
    if isinstance(backend, Runner):
        return backend.run(job, cancelled)
    return collect(execute(backend, job, Caps()))


def _base_iri(host: str, path: str, origin: str) -> str:
    """http://HOST/PATH for a Host header that is a plain host[:port] (an IPv6 literal must be one), else
    ORIGIN/PATH: what a client sends only ever changes how its own relative IRIs resolve."""
    host = host.strip()
    if _HOST.fullmatch(host):
        if not host.startswith("["):
            return f"http://{host}{path}"
        try:
            ipaddress.IPv6Address(host[1:host.index("]")])
            return f"http://{host}{path}"
        except ValueError:
            pass
    return origin + path


def _job(method: str, params: dict[str, list[str]], headers: dict[str, str], body: bytes) -> Job | Response:
    """The query and its options from the URL and body, checked by the guard; or the refusal."""
    if method == "POST":
        params = _post_params(params, headers, body)
        if isinstance(params, Response):
            return params
    if "update" in params:
        return text_response(403, "this endpoint is read-only: updates are refused")
    queries = params.get("query", [])
    if not queries or not queries[0]:
        return text_response(400, "missing 'query' parameter")
    if len(queries) > 1:
        return text_response(400, f"give one query per request, not {len(queries)}")
    text = queries[0]
    try:
        check_query(text)
    except InputError as exc:
        status = 403 if exc.reason.startswith(("SERVICE", "updates")) else 400
        return text_response(status, exc.reason)
    fmt = None
    if params.get("format"):
        fmt = format_name(params["format"][0])
        if fmt is None:
            names = ", ".join([*SELECT_TYPES, *GRAPH_TYPES])
            return text_response(400, f"format={params['format'][0]!r} is not one of {names}")
    graphs = {k: tuple(params.get(k, [])) for k in ("default-graph-uri", "named-graph-uri")}
    for iri in graphs["default-graph-uri"] + graphs["named-graph-uri"]:
        try:
            ox.NamedNode(iri)
        except ValueError:
            return text_response(400, f"not an IRI in default-graph-uri/named-graph-uri: {iri[:200]!r}")
    return Job(text, headers.get("accept", ""), fmt, graphs["default-graph-uri"], graphs["named-graph-uri"])


def _post_params(params: dict[str, list[str]], headers: dict[str, str], body: bytes) -> dict | Response:
    """A POST's parameters: the URL's plus the form's, or the body as the query; refusals for the rest."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return text_response(400, f"the request body is not UTF-8 (byte {exc.start})")
    ctype = headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/sparql-update":
        return text_response(403, "this endpoint is read-only: updates are refused")
    if ctype == _QUERY:
        if "query" in params:
            return text_response(400, "give one query per request: a query in the URL and one in the body")
        return params | {"query": [text]}
    if ctype == _FORM:
        form = parse_params(text)
        if isinstance(form, Response):
            return form
        return {k: params.get(k, []) + form.get(k, []) for k in params.keys() | form.keys()}
    return text_response(400, f"a POST body must be {_QUERY} or {_FORM}, not {ctype or 'untyped'}")


def check_cors_origin(value: str) -> str:
    """The `--cors-origin` value, checked: `*`, an origin (scheme://host[:port]) or empty (no CORS headers)."""
    value = value.strip()
    if value in ("", "*") or _ORIGIN.fullmatch(value):
        return value
    raise InputError("--cors-origin", f"must be '*', an origin such as https://example.org, or '' for none; "
                                      f"not {value[:80]!r}")


def cors_headers(allowed: str, preflight: bool = False) -> dict[str, str]:
    """The CORS headers of every answer (errors too) for the allowed origin; none when it is empty. Never
    Access-Control-Allow-Credentials: the endpoint is public and read-only, a cookie buys nothing."""
    if not allowed:
        return {}
    out = {"Access-Control-Allow-Origin": allowed, "Access-Control-Expose-Headers": _EXPOSED}
    if allowed != "*":
        out["Vary"] = "Origin"
    if preflight:
        out |= {"Access-Control-Allow-Methods": ALLOW, "Access-Control-Allow-Headers": "Content-Type, Accept",
                "Access-Control-Max-Age": "600"}
    return out


def parse_params(qs: str) -> dict[str, list[str]] | Response:
    """URL or form parameters, strictly: %-escapes must decode as UTF-8, at most MAX_FIELDS of them."""
    try:
        return urllib.parse.parse_qs(qs, keep_blank_values=True, errors="strict", max_num_fields=MAX_FIELDS)
    except UnicodeDecodeError:
        return text_response(400, "a parameter is not UTF-8 once its %-escapes are decoded")
    except ValueError:
        return text_response(400, f"more than {MAX_FIELDS} parameters")

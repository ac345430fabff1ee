"""`kg query --endpoint`: the SPARQL 1.1 Protocol client, which trusts neither the URL nor the answer.

Only http(s) URLs are fetched (a file: URL would print a local file), redirects may not leave http(s), and
the answer must be what the query form promises (SPARQL results JSON, or Turtle), else one line naming
the endpoint. Nothing the endpoint sends reaches the terminal unescaped.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox

from kg.errors import InputError
from kg.explore.bind import with_bindings
from kg.explore.guard import check_query, query_form
from kg.explore.rows import Result, Term
from kg.graph.vocab import sparql_prologue

MAX_ANSWER = 200 * 2**20  # bytes read from an endpoint at most
TIMEOUT = 60  # seconds
_TERM_TYPES = {"uri", "literal", "typed-literal", "bnode"}


def _printable(text: str, limit: int = 200) -> str:
    """Text from elsewhere, safe to print on one line: controls and escapes replaced, length capped."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]", "?", " ".join(text.split()))[:limit]


def check_endpoint(endpoint: str) -> str:
    """The URL if it is http:// or https:// with a host; an input error otherwise (nothing is opened)."""
    try:
        parts = urllib.parse.urlsplit(endpoint)
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InputError("--endpoint", f"must be an http:// or https:// URL, not {_printable(repr(endpoint), 100)}")
    return endpoint


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to another http(s) URL."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_endpoint(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def run_remote(endpoint: str, query: str, where: str = "query", bindings: dict | None = None) -> Result:
    """POST the checked, bound query; parse JSON (SELECT/ASK) or Turtle (CONSTRUCT/DESCRIBE), checked."""
    check_endpoint(endpoint)
    check_query(query)
    query = with_bindings(query, bindings, where)
    ctype, body = _post(endpoint, sparql_prologue() + query)
    if query_form(query) in ("CONSTRUCT", "DESCRIBE"):
        return _graph(endpoint, ctype, body)
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise InputError(endpoint, f"answered something that is not JSON ({_printable(ctype) or 'no Content-Type'})") from None
    return _results(endpoint, data)


def _post(endpoint: str, full: str) -> tuple[str, str]:
    """(Content-Type, body text) of the endpoint's answer; HTTP and network failures as one line."""
    req = urllib.request.Request(
        endpoint,
        data=urllib.parse.urlencode({"query": full}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded",
                 "Accept": "application/sparql-results+json, text/turtle;q=0.9"},
    )
    opener = urllib.request.build_opener(_HttpOnlyRedirects)
    try:
        with opener.open(req, timeout=TIMEOUT) as resp:
            ctype = resp.headers.get("Content-Type", "")
            raw = resp.read(MAX_ANSWER + 1)
    except urllib.error.HTTPError as exc:
        detail = exc.read(4096).decode("utf-8", "replace").strip().splitlines()
        raise InputError(endpoint, f"answered {exc.code}: {_printable(detail[0] if detail else str(exc.reason))}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise InputError(endpoint, f"cannot be reached ({_printable(str(getattr(exc, 'reason', exc)))})") from None
    if len(raw) > MAX_ANSWER:
        raise InputError(endpoint, f"answered more than {MAX_ANSWER // 2**20} MB")
    try:
        return ctype, raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(endpoint, "answered something that is not UTF-8 text") from None


def _graph(endpoint: str, ctype: str, body: str) -> Result:
    """A CONSTRUCT/DESCRIBE answer, if it parses as Turtle."""
    try:
        for _ in ox.parse(body, ox.RdfFormat.TURTLE, base_iri=endpoint):
            pass
    except (SyntaxError, ValueError) as exc:
        raise InputError(endpoint, f"answered something that is not Turtle ({_printable(str(exc), 120)})") from None
    return Result("graph", [], [], turtle=body)


def _results(endpoint: str, data) -> Result:
    """SPARQL 1.1 Query Results JSON as a Result; anything else is one line naming the endpoint."""
    bad = InputError(endpoint, "answered JSON that is not SPARQL results JSON")
    if not isinstance(data, dict):
        raise bad
    if "boolean" in data:
        if not isinstance(data["boolean"], bool):
            raise bad
        return Result("ask", [], [], boolean=data["boolean"])
    head, results = data.get("head"), data.get("results")
    variables = head.get("vars") if isinstance(head, dict) else None
    bindings = results.get("bindings") if isinstance(results, dict) else None
    if not isinstance(variables, list) or not all(isinstance(v, str) for v in variables) or not isinstance(bindings, list):
        raise bad
    rows = []
    for b in bindings:
        if not isinstance(b, dict):
            raise bad
        rows.append(tuple(_term(b.get(v), bad) for v in variables))
    return Result("select", variables, rows)


def _term(t, bad: InputError) -> Term | None:
    if t is None:
        return None
    if not isinstance(t, dict) or t.get("type") not in _TERM_TYPES or not isinstance(t.get("value"), str):
        raise bad
    dt, lang = t.get("datatype"), t.get("xml:lang")
    if not isinstance(dt, (str, type(None))) or not isinstance(lang, (str, type(None))):
        raise bad
    return Term("literal" if t["type"] == "typed-literal" else t["type"], t["value"], dt, lang)

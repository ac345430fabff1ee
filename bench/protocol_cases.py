"""The records of `bench/w3c_protocol.py`, how an answer's format is checked, and the extra cases (x_*).

The W3C protocol tests check status classes and that a result is a boolean, a table or RDF. The extras pin
what the issue and the specs say beyond that: exact codes (two queries, a form without its media type, a body
that is not UTF-8 → 400; PUT or DELETE → 405 with Allow), content negotiation for every result format,
TSV and CSV as the SPARQL 1.1 Query Results CSV and TSV Formats define them, CONSTRUCT with relative IRIs
(resolved against a base: "which MAY be the service endpoint", as the W3C update_base_uri test puts it),
the protocol dataset overriding FROM / FROM NAMED (SPARQL 1.1 Protocol §2.1.4), CORS, and a query past the
server's time limit. Each needs only what the W3C data or no data at all gives.
"""

from __future__ import annotations

import csv
import io
import json
import urllib.parse
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import pyoxigraph as ox

SERVER_TIMEOUT = 2.0  # seconds: both servers' query time limit in the bench
XSD = "http://www.w3.org/2001/XMLSchema#"
SRX = "{http://www.w3.org/2005/sparql-results#}"
BOOLEAN_TYPES = ("application/sparql-results+json", "application/sparql-results+xml")
TABLE_TYPES = (*BOOLEAN_TYPES, "text/csv", "text/tab-separated-values")
RDF_TYPES = {"application/rdf+xml": ox.RdfFormat.RDF_XML, "text/turtle": ox.RdfFormat.TURTLE,
             "application/n-triples": ox.RdfFormat.N_TRIPLES, "text/html": None, "application/xhtml+xml": None}
DATA = "http://kasei.us/2009/09/sparql/data/data{}.rdf"
GRAPHS = tuple((DATA.format(i), f"data{i}.nt") for i in (1, 2, 3))


@dataclass(frozen=True)
class Exchange:
    """One request of a test and what its answer must be: `status` holds classes (2 = 2xx) or exact codes."""

    method: str
    target: str  # what follows the endpoint's path: "" or "?query=…"
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes | None = None
    status: tuple[int, ...] = (2, 3)
    fmt: str | None = None  # "boolean", "tabular" or "RDF", as the manifest says
    boolean: bool | None = None
    check: object = None  # extras: a function (Reply) -> None or why it failed


@dataclass(frozen=True)
class Case:
    name: str
    title: str
    exchanges: tuple[Exchange, ...]
    graphs: tuple[tuple[str, str], ...] = ()  # (graph IRI, file of the suite)
    w3c: bool = True


@dataclass(frozen=True)
class Reply:
    status: int | None
    headers: dict = field(default_factory=dict)  # lower-case names
    body: bytes = b""
    url: str = ""  # the request's URL without its query: the base a server may resolve relative IRIs against
    error: str = ""
    seconds: float = 0.0


def mime(r: Reply) -> str:
    return r.headers.get("content-type", "").split(";")[0].strip().lower()


# --- formats --------------------------------------------------------------------------------------------------

def check_format(fmt: str, boolean: bool | None, r: Reply) -> str | None:
    """The manifest's expectedFormat: "boolean" (XML or JSON), "tabular" (XML, JSON, CSV, TSV) or "RDF"."""
    try:
        if fmt == "boolean":
            value = parse_boolean(r)
            return None if boolean is None or value == boolean else f"boolean {value}, expected {boolean}"
        if fmt == "tabular":
            parse_table(r)
            return None
        if fmt == "RDF":
            parse_rdf(r)
            return None
    except (ValueError, KeyError, TypeError, IndexError, SyntaxError, ET.ParseError) as exc:
        return f"{mime(r) or 'no Content-Type'}: {type(exc).__name__}: {exc}"[:160]
    return f"unknown expected format {fmt!r}"


def parse_boolean(r: Reply) -> bool:
    if mime(r) == BOOLEAN_TYPES[0]:
        value = json.loads(r.body)["boolean"]
    elif mime(r) == BOOLEAN_TYPES[1]:
        value = {"true": True, "false": False}[ET.fromstring(r.body).find(SRX + "boolean").text.strip()]
    else:
        raise ValueError(f"not a boolean result type (expected one of {', '.join(BOOLEAN_TYPES)})")
    if not isinstance(value, bool):
        raise ValueError(f"boolean is {value!r}")
    return value


def parse_table(r: Reply) -> tuple[list[str], list[dict]]:
    """(variables, rows); a row maps a bound variable to a pyoxigraph term (CSV: to a plain string)."""
    kind = mime(r)
    if kind == TABLE_TYPES[0]:
        doc = json.loads(r.body)
        return doc["head"]["vars"], [{k: _json_term(v) for k, v in b.items()} for b in doc["results"]["bindings"]]
    if kind == TABLE_TYPES[1]:
        root = ET.fromstring(r.body)
        names = [v.get("name") for v in root.find(SRX + "head").findall(SRX + "variable")]
        return names, [{b.get("name"): _xml_term(b[0]) for b in res.findall(SRX + "binding")}
                       for res in root.find(SRX + "results").findall(SRX + "result")]
    if kind == TABLE_TYPES[2]:
        rows = list(csv.reader(io.StringIO(r.body.decode("utf-8"), newline="")))
        return rows[0], [{v: c for v, c in zip(rows[0], row) if c != ""} for row in rows[1:]]
    if kind == TABLE_TYPES[3]:
        return _parse_tsv(r.body.decode("utf-8"))
    raise ValueError(f"not a table result type (expected one of {', '.join(TABLE_TYPES)})")


def _json_term(v: dict):
    if v["type"] == "uri":
        return ox.NamedNode(v["value"])
    if v["type"] == "bnode":
        return ox.BlankNode(v["value"])
    if v["type"] in ("literal", "typed-literal"):
        dt = v.get("datatype")
        return ox.Literal(v["value"], language=v.get("xml:lang"), datatype=ox.NamedNode(dt) if dt else None)
    raise ValueError(f"unknown term type {v['type']!r}")


def _xml_term(e: ET.Element):
    if e.tag == SRX + "uri":
        return ox.NamedNode(e.text or "")
    if e.tag == SRX + "bnode":
        return ox.BlankNode(e.text)
    if e.tag == SRX + "literal":
        dt = e.get("datatype")
        return ox.Literal(e.text or "", language=e.get("{http://www.w3.org/XML/1998/namespace}lang"),
                          datatype=ox.NamedNode(dt) if dt else None)
    raise ValueError(f"unknown term element {e.tag}")


def _parse_tsv(text: str) -> tuple[list[str], list[dict]]:
    """SPARQL TSV: a header of ?variables, then one line per solution of Turtle terms (empty = unbound)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    head = lines[0].rstrip("\r").split("\t")
    if not all(h.startswith("?") or h.startswith("$") for h in head):
        raise ValueError(f"TSV header {lines[0]!r}: variables must be written ?name")
    names, rows = [h[1:] for h in head], []
    for line in lines[1:]:
        cells = line.rstrip("\r").split("\t")
        if len(cells) != len(names):
            raise ValueError(f"TSV line has {len(cells)} cells for {len(names)} variables: {line[:60]!r}")
        rows.append({v: turtle_term(c) for v, c in zip(names, cells) if c != ""})
    return names, rows


def turtle_term(cell: str):
    """One TSV cell as the RDF term its Turtle syntax denotes; ValueError if it is not one."""
    try:
        quads = list(ox.parse(f"<urn:x:s> <urn:x:p> {cell} .".encode(), format=ox.RdfFormat.TURTLE))
    except SyntaxError:
        raise ValueError(f"TSV cell {cell[:60]!r} is not a Turtle term") from None
    if len(quads) != 1:
        raise ValueError(f"TSV cell {cell[:60]!r} is not one Turtle term")
    return quads[0].object


def parse_rdf(r: Reply) -> list:
    kind = mime(r)
    if kind not in RDF_TYPES:
        raise ValueError(f"not an RDF type (expected one of {', '.join(RDF_TYPES)})")
    if RDF_TYPES[kind] is None:
        return []  # RDFa: allowed by the test, not parsed here (neither server sends it)
    return list(ox.parse(r.body, format=RDF_TYPES[kind], base_iri=r.url or None))


# --- the extra cases ------------------------------------------------------------------------------------------

def _q(query: str, **params: str) -> str:
    return "?" + urllib.parse.urlencode({"query": query, **params}, quote_via=urllib.parse.quote)


def _direct(query: str, *headers: tuple[str, str], target: str = "", **kw) -> Exchange:
    return Exchange("POST", target, (("Content-Type", "application/sparql-query"), *headers), query.encode(), **kw)


def _extra(name: str, title: str, *exchanges: Exchange, graphs: tuple = ()) -> Case:
    return Case(name, title, exchanges, graphs, w3c=False)


TERMS = r"""SELECT ?iri ?lang ?typed ?plain ?bnode ?unbound ?int WHERE {
  BIND(<http://example.org/x> AS ?iri) BIND("chat"@fr AS ?lang)
  BIND("2025-01-01"^^<http://www.w3.org/2001/XMLSchema#date> AS ?typed)
  BIND("say \"hi\"\tthen\nbye" AS ?plain) BIND(BNODE() AS ?bnode) BIND(42 AS ?int) }"""
TERM_VARS = ["iri", "lang", "typed", "plain", "bnode", "unbound", "int"]
PLAIN = 'say "hi"\tthen\nbye'


def _tsv_terms(r: Reply) -> str | None:
    if mime(r) != "text/tab-separated-values":
        return f"Content-Type {mime(r)!r}, expected text/tab-separated-values"
    if len(r.body.decode("utf-8").rstrip("\n").split("\n")) != 2:
        return "not two lines: a tab or newline inside a literal must be escaped"
    try:
        names, rows = _parse_tsv(r.body.decode("utf-8"))
    except ValueError as exc:
        return str(exc)
    want = {"iri": ox.NamedNode("http://example.org/x"), "lang": ox.Literal("chat", language="fr"),
            "typed": ox.Literal("2025-01-01", datatype=ox.NamedNode(XSD + "date")), "plain": ox.Literal(PLAIN),
            "int": ox.Literal("42", datatype=ox.NamedNode(XSD + "integer"))}
    if names != TERM_VARS:
        return f"header variables {names}, expected {TERM_VARS}"
    row = rows[0]
    wrong = [v for v, t in want.items() if row.get(v) != t]
    if wrong or not isinstance(row.get("bnode"), ox.BlankNode) or "unbound" in row:
        return f"terms differ: {', '.join(wrong) or 'bnode/unbound'} ({r.body.decode()[:120]!r})"
    return None


def _csv_terms(r: Reply) -> str | None:
    if mime(r) != "text/csv":
        return f"Content-Type {mime(r)!r}, expected text/csv"
    rows = list(csv.reader(io.StringIO(r.body.decode("utf-8"), newline="")))
    if len(rows) != 2 or rows[0] != TERM_VARS:
        return f"expected a header {TERM_VARS} and one row, got {rows[:3]}"
    want = ["http://example.org/x", "chat", "2025-01-01", PLAIN, None, "", "42"]
    got = rows[1]
    wrong = [TERM_VARS[i] for i, w in enumerate(want) if w is not None and got[i] != w]
    if wrong or not got[4].startswith("_:"):
        return f"fields differ: {', '.join(wrong) or 'bnode (must be _:label)'} ({got})"
    return None


def _value_one(r: Reply) -> str | None:
    names, rows = parse_table(r)
    value = rows[0].get("value") if rows else None
    ok = names == ["value"] and len(rows) == 1 and (value == "1" or getattr(value, "value", None) == "1")
    return None if ok else f"expected one row value=1, got {names} {rows}"


def _media(want: str, then=None):
    def check(r: Reply) -> str | None:
        if mime(r) != want:
            return f"Content-Type {mime(r)!r}, expected {want}"
        return then(r) if then else None
    return check


def _one_triple(r: Reply) -> str | None:
    triples = parse_rdf(r)
    return None if len(triples) == 1 else f"expected 1 triple, got {len(triples)}"


def _absolute_construct(r: Reply) -> str | None:
    try:
        triples = list(ox.parse(r.body, format=ox.RdfFormat.N_TRIPLES))  # N-Triples: absolute IRIs only
    except SyntaxError as exc:
        return f"not N-Triples with absolute IRIs: {exc}"[:160]
    if len(triples) != 1 or not triples[0].subject.value.endswith("/s"):
        return f"expected one triple <…/s> <…/p> <…/o>, got {r.body[:120]!r}"
    return None


def _allow(r: Reply) -> str | None:
    allow = r.headers.get("allow", "")
    return None if "GET" in allow and "POST" in allow else f"Allow header {allow!r} should list GET and POST"


def _cors(r: Reply) -> str | None:
    origin = r.headers.get("access-control-allow-origin")
    if origin not in ("*", "http://example.org"):
        return f"Access-Control-Allow-Origin is {origin!r}"
    if r.headers.get("access-control-allow-credentials"):
        return "credentials allowed"
    return None


def _preflight(r: Reply) -> str | None:
    """Fetch's CORS-preflight check for a POST of application/sparql-query: POST is a safelisted method (it
    needs no Access-Control-Allow-Methods), that Content-Type is not (it needs Access-Control-Allow-Headers)."""
    methods = r.headers.get("access-control-allow-methods")
    allowed = r.headers.get("access-control-allow-headers", "").lower()
    if (methods is not None and "POST" not in methods) or ("content-type" not in allowed and "*" not in allowed):
        return f"preflight allows methods {methods!r}, headers {allowed!r}"
    return _cors(r)


def _in_time(r: Reply) -> str | None:
    limit = SERVER_TIMEOUT + 5
    return None if r.seconds <= limit else f"answered after {r.seconds:.1f} s (limit {SERVER_TIMEOUT:g} s)"


ORIGIN = ("Origin", "http://example.org")
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(
    f"VALUES ?v{i} {{ 0 1 2 3 4 5 6 7 8 9 }}" for i in range(10)) + " }"
ASK_TYPE = "ASK {{ <{}> a ?type }}"
D1, D2, D3 = (DATA.format(i) for i in (1, 2, 3))
FORM = ("Content-Type", "application/x-www-form-urlencoded")
SELECT_ONE = "SELECT (1 AS ?value) {}"
CONSTRUCT = 'CONSTRUCT { <http://example.org/s> <http://example.org/p> "o" } WHERE {}'

EXTRAS = [
    _extra("x_two_queries_400", "two query parameters: 400",
           Exchange("GET", "?query=ASK%20%7B%7D&query=ASK%20%7B%7D", status=(400,))),
    _extra("x_missing_query_4xx", "a form with a dataset but no query: 4xx",
           Exchange("POST", "", (FORM,), b"default-graph-uri=http%3A%2F%2Fexample.org%2Fg", status=(4,))),
    _extra("x_form_without_type_400", "a form body without its media type: 400",
           Exchange("POST", "", (), b"query=ASK%20%7B%7D", status=(400,))),
    _extra("x_non_utf8_direct_400", "a UTF-16 application/sparql-query body: 400, answered",
           Exchange("POST", "", (("Content-Type", "application/sparql-query"),), "ASK {}".encode("utf-16"),
                    status=(400,))),
    _extra("x_non_utf8_form_400", "a form whose %-escapes are not UTF-8: 400",
           Exchange("POST", "", (FORM,), b"query=ASK%20%7B%7D%FF", status=(400,))),
    _extra("x_non_utf8_raw_form_400", "a form body with a raw byte that is not UTF-8: 400",
           Exchange("POST", "", (FORM,), b"query=ASK {}\xff", status=(400,))),
    _extra("x_non_utf8_url_400", "a URL whose query is not UTF-8 once decoded: 400",
           Exchange("GET", "?query=ASK%20%7B%7D%FF", status=(400,))),
    _extra("x_put_405", "PUT: 405 with Allow", Exchange("PUT", "?query=ASK%20%7B%7D", status=(405,), check=_allow)),
    _extra("x_delete_405", "DELETE: 405 with Allow",
           Exchange("DELETE", "?query=ASK%20%7B%7D", status=(405,), check=_allow)),
    _extra("x_update_in_query_4xx", "an update sent as a query: 4xx",
           Exchange("GET", _q("INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }"), status=(4,))),
    _extra("x_tsv_terms", "TSV: ?var header, IRIs in <>, literals in Turtle syntax, _:b blank nodes",
           Exchange("GET", _q(TERMS), (("Accept", "text/tab-separated-values"),), check=_tsv_terms)),
    _extra("x_csv_terms", "CSV: plain header, plain values, _:b blank nodes, RFC 4180 quoting",
           Exchange("GET", _q(TERMS), (("Accept", "text/csv"),), check=_csv_terms)),
    _extra("x_construct_relative_iris", "CONSTRUCT { <s> <p> <o> }: resolved against a base, absolute out",
           _direct("CONSTRUCT { <s> <p> <o> } WHERE {}", ("Accept", "application/n-triples"),
                   check=_absolute_construct)),
    *[_extra(f"x_accept_select_{name}", f"SELECT with Accept: {m}",
             Exchange("GET", _q(SELECT_ONE), (("Accept", m),), check=_media(m, _value_one)))
      for name, m in zip(("json", "xml", "csv", "tsv"), TABLE_TYPES)],
    *[_extra(f"x_accept_ask_{name}", f"ASK with Accept: {m}",
             Exchange("GET", _q("ASK {}"), (("Accept", m),), fmt="boolean", boolean=True, check=_media(m)))
      for name, m in zip(("json", "xml"), BOOLEAN_TYPES)],
    *[_extra(f"x_accept_construct_{name}", f"CONSTRUCT with Accept: {m}",
             Exchange("GET", _q(CONSTRUCT), (("Accept", m),), fmt="RDF", check=_media(m, _one_triple)))
      for name, m in (("turtle", "text/turtle"), ("ntriples", "application/n-triples"),
                      ("rdfxml", "application/rdf+xml"))],
    _extra("x_dataset_default_only", "default-graph-uri=data1: data2 is not in the default graph",
           Exchange("GET", _q(ASK_TYPE.format(D2), **{"default-graph-uri": D1}), fmt="boolean", boolean=False),
           graphs=GRAPHS),
    _extra("x_dataset_named_only", "named-graph-uri=data1: data2 is not a named graph",
           Exchange("GET", _q(f"ASK {{ GRAPH ?g {{ <{D2}> a ?type }} }}", **{"named-graph-uri": D1}),
                    fmt="boolean", boolean=False), graphs=GRAPHS),
    _extra("x_dataset_overrides_from", "default-graph-uri overrides FROM",
           Exchange("GET", _q(f"ASK FROM <{D3}> {{ <{D3}> a ?type }}", **{"default-graph-uri": D1}),
                    fmt="boolean", boolean=False),
           Exchange("GET", _q(f"ASK FROM <{D3}> {{ <{D1}> a ?type }}", **{"default-graph-uri": D1}),
                    fmt="boolean", boolean=True), graphs=GRAPHS),
    _extra("x_dataset_overrides_from_named", "named-graph-uri overrides FROM NAMED",
           Exchange("GET", _q(f"ASK FROM NAMED <{D3}> {{ GRAPH ?g {{ <{D3}> a ?type }} }}",
                              **{"named-graph-uri": D1}), fmt="boolean", boolean=False), graphs=GRAPHS),
    _extra("x_cors_answer", "CORS: Access-Control-Allow-Origin on an answer",
           Exchange("GET", _q("ASK {}"), (ORIGIN,), check=_cors)),
    _extra("x_cors_error", "CORS: Access-Control-Allow-Origin on an error",
           Exchange("GET", "?query=ASK%20%7B", (ORIGIN,), status=(4,), check=_cors)),
    _extra("x_cors_preflight", "CORS: preflight for a POST with Content-Type",
           Exchange("OPTIONS", "", (ORIGIN, ("Access-Control-Request-Method", "POST"),
                                    ("Access-Control-Request-Headers", "content-type")), check=_preflight)),
    _extra("x_query_timeout", "a query past the time limit: 5xx in time, then the next is answered",
           Exchange("GET", _q(RUNAWAY), status=(5,), check=_in_time), Exchange("GET", _q("ASK {}"))),
]

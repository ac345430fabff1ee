"""Query results as bytes in pieces, stopped at a row cap and a byte cap, so no result is ever held whole.

`execute` runs one `Job` on a store and yields messages: `("ok", content_type)`, then `("data", bytes)`
pieces, then `("end", headers)`; or `("error", status, reason)` at any point (the caller drops what it has).
The endpoint's worker processes (`kg.explore.runner`) send these through a pipe; `collect` turns them into a
`Response` in-process. A capped result is still a valid document: it stops before the row that would pass
`max_rows` or `max_bytes`, and the end headers say so (`X-Rows-Truncated: true`, `X-Truncated-By`).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg.explore.query import prefixes
from kg.graph.vocab import ID

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
CHUNK = 64 * 1024  # bytes per ("data", …) message

# format name → media type, for SELECT/ASK results and for CONSTRUCT/DESCRIBE graphs; the first is the default
SELECT_TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_TYPES = {"turtle": "text/turtle", "ntriples": "application/n-triples", "jsonld": "application/ld+json",
               "rdfxml": "application/rdf+xml"}
_RDF_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}
_ALIASES = {"json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv", "tsv": "tsv",
            "turtle": "turtle", "ttl": "turtle", "ntriples": "ntriples", "nt": "ntriples", "n-triples": "ntriples",
            "jsonld": "jsonld", "json-ld": "jsonld", "rdfxml": "rdfxml", "rdf": "rdfxml"}


class Response(tuple):
    """(status, Content-Type, body), unpacked as a 3-tuple by callers, plus `.headers` to add to the reply."""

    def __new__(cls, status: int, ctype: str, body: bytes, headers: dict[str, str] | None = None):
        self = super().__new__(cls, (status, ctype, body))
        self.headers = dict(headers or {})
        return self


def text_response(status: int, reason: str, headers: dict[str, str] | None = None) -> Response:
    """A one-line plain-text answer: every refusal and error says why in one line."""
    return Response(status, "text/plain; charset=utf-8", (reason.rstrip("\n") + "\n").encode("utf-8"), headers)


@dataclass(frozen=True)
class Caps:
    """How much one answer may hold: rows and bytes of the serialised body."""

    max_rows: int = 10_000
    max_bytes: int = 50 * 2**20


@dataclass(frozen=True)
class Job:
    """One query as the HTTP layer hands it on: text, the format asked for, and the dataset (graph IRIs)."""

    text: str
    accept: str = ""
    fmt: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    base_iri: str | None = None  # relative IRIs in the query resolve against it (the endpoint's URL)


def format_name(value: str) -> str | None:
    """A `format=` parameter (a short name or a media type) as a format name, or None if unknown."""
    value = value.strip().lower()
    if value in _ALIASES:
        return _ALIASES[value]
    for table in (SELECT_TYPES, GRAPH_TYPES):
        for name, mime in table.items():
            if value == mime:
                return name
    return None


def negotiate(accept: str, fmt: str | None, table: dict[str, str]) -> str:
    """The format to answer in: `format=` if it fits the result kind, else the Accept type with the highest q."""
    if fmt in table:
        return fmt
    ranked = []
    for i, part in enumerate(accept.split(",")):
        mime, _, params = part.strip().lower().partition(";")
        q = 1.0
        for p in params.split(";"):
            key, _, val = p.strip().partition("=")
            if key == "q":
                try:
                    q = float(val)
                except ValueError:
                    q = 0.0
        ranked.append((-q, i, mime.strip()))
    for negq, _, mime in sorted(ranked):
        if negq < 0:
            for name, known in table.items():
                if mime == known:
                    return name
    return next(iter(table))


def _prefixes() -> dict[str, str]:
    return prefixes() | {"id": str(ID)}


def _dataset(job: Job) -> dict:
    if not (job.default_graphs or job.named_graphs):
        return {"use_default_graph_as_union": True}
    return {"default_graph": [ox.NamedNode(g) for g in job.default_graphs],
            "named_graphs": [ox.NamedNode(g) for g in job.named_graphs]}


def execute(store: ox.Store, job: Job, caps: Caps) -> Iterator[tuple]:
    """Run `job` on `store` and yield its answer as messages, never holding more than the caps allow."""
    try:
        res = store.query(job.text, base_iri=job.base_iri, prefixes=_prefixes(), **_dataset(job))
    except SyntaxError as exc:
        from kg.explore.errors import explain_syntax_error  # line:column and the offending token, one line

        yield ("error", 400, "SPARQL syntax error: " + explain_syntax_error(str(exc), job.text))
        return
    except ValueError as exc:
        yield ("error", 400, "bad dataset IRI: " + " ".join(str(exc).split()))
        return
    except (RuntimeError, OSError) as exc:
        yield ("error", 400, "query failed: " + " ".join(str(exc).split()))
        return
    try:
        if isinstance(res, ox.QueryBoolean):
            yield from _boolean(bool(res), negotiate(job.accept, job.fmt, SELECT_TYPES))
        elif isinstance(res, ox.QuerySolutions):
            yield from _solutions(res, negotiate(job.accept, job.fmt, SELECT_TYPES), caps)
        else:
            yield from _graph(res, negotiate(job.accept, job.fmt, GRAPH_TYPES), caps)
    except (RuntimeError, OSError, ValueError) as exc:
        yield ("error", 400, "query failed: " + " ".join(str(exc).split()))


def _boolean(value: bool, fmt: str) -> Iterator[tuple]:
    word = "true" if value else "false"
    body = {"json": json.dumps({"head": {}, "boolean": value}),
            "xml": f'<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                   f"<head/><boolean>{word}</boolean></sparql>"}.get(fmt, word)
    yield ("ok", SELECT_TYPES[fmt])
    yield ("data", (body + "\n").encode("utf-8"))
    yield ("end", {})


def _solutions(res: ox.QuerySolutions, fmt: str, caps: Caps) -> Iterator[tuple]:
    variables = [v.value for v in res.variables]
    head, row, sep, tail = _WRITERS[fmt](variables)
    pieces = (row([sol[v] for v in variables]) for sol in res)
    yield ("ok", SELECT_TYPES[fmt])
    yield from capped(head, pieces, sep, tail, caps)


def capped(head: bytes, pieces: Iterable[bytes], sep: bytes, tail: bytes, caps: Caps) -> Iterator[tuple]:
    """`head`, the pieces joined by `sep`, `tail`: in CHUNK-sized messages, stopped before a cap is passed."""
    buf, held, size, rows, cut = [head], len(head), len(head) + len(tail), 0, None
    for piece in pieces:
        if rows >= caps.max_rows:
            cut = f"max-rows={caps.max_rows}"
            break
        chunk = sep + piece if rows else piece
        if size + len(chunk) > caps.max_bytes:
            cut = f"max-bytes={caps.max_bytes}"
            break
        buf.append(chunk)
        held, size, rows = held + len(chunk), size + len(chunk), rows + 1
        if held >= CHUNK:
            yield ("data", b"".join(buf))
            buf, held = [], 0
    buf.append(tail)
    yield ("data", b"".join(buf))
    yield ("end", {"X-Rows-Truncated": "true", "X-Truncated-By": cut} if cut else {})


def _json_term(t) -> dict:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        d = {"type": "literal", "value": t.value}
        if t.language:
            d["xml:lang"] = t.language
        elif t.datatype and t.datatype.value != XSD_STRING:
            d["datatype"] = t.datatype.value
        return d
    return {"type": "literal", "value": str(t)}


def _json_writer(variables: list[str]):
    head = json.dumps({"head": {"vars": variables}}, ensure_ascii=False)[:-1] + ',"results":{"bindings":[\n'

    def row(terms) -> bytes:
        return json.dumps({v: _json_term(t) for v, t in zip(variables, terms) if t is not None},
                          ensure_ascii=False).encode("utf-8")

    return head.encode("utf-8"), row, b",\n", b"\n]}}\n"


def _xml_term(t) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        if t.language:
            return f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
        if t.datatype and t.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
        return f"<literal>{escape(t.value)}</literal>"
    return f"<literal>{escape(str(t))}</literal>"


def _xml_writer(variables: list[str]):
    vars_xml = "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
    head = (f'<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head>{vars_xml}</head><results>\n")

    def row(terms) -> bytes:
        cells = "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                        for v, t in zip(variables, terms) if t is not None)
        return f"<result>{cells}</result>\n".encode("utf-8")

    return head.encode("utf-8"), row, b"", b"</results></sparql>\n"


def _csv_field(t) -> str:
    """SPARQL CSV: an IRI or a literal's lexical form as it is, a blank node as `_:label`, unbound empty."""
    if t is None:
        return ""
    return f"_:{t.value}" if isinstance(t, ox.BlankNode) else t.value


def _csv_writer(variables: list[str]):
    def line(values) -> bytes:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow(values)  # RFC 4180 quoting of , " and line breaks
        return buf.getvalue().encode("utf-8")

    return line(variables), lambda terms: line([_csv_field(t) for t in terms]), b"", b""


_TURTLE_SHORT = {  # datatype → the Turtle production its lexical form may be written as, unquoted
    "integer": re.compile(r"[+-]?[0-9]+"), "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    "double": re.compile(r"[+-]?([0-9]+\.[0-9]*|\.?[0-9]+)[eE][+-]?[0-9]+"), "boolean": re.compile(r"true|false")}


def tsv_term(t) -> str:
    """SPARQL TSV: a term in Turtle syntax (`<iri>`, `"text"@lang`, `"v"^^<dt>` or a bare number, `_:label`)
    with tab, newline and carriage return escaped, so a line is a row; unbound is empty."""
    if t is None:
        return ""
    if isinstance(t, ox.Literal) and t.datatype.value.startswith(XSD) and not t.language:
        short = _TURTLE_SHORT.get(t.datatype.value[len(XSD):])
        if short is not None and short.fullmatch(t.value):
            return t.value
    return str(t)  # pyoxigraph writes N-Triples terms: valid Turtle, every control character escaped


def _tsv_writer(variables: list[str]):
    head = ("\t".join("?" + v for v in variables) + "\n").encode("utf-8")
    return head, lambda terms: ("\t".join(tsv_term(t) for t in terms) + "\n").encode("utf-8"), b"", b""


_WRITERS = {"json": _json_writer, "xml": _xml_writer, "csv": _csv_writer, "tsv": _tsv_writer}


def _graph(triples: Iterable, fmt: str, caps: Caps) -> Iterator[tuple]:
    """A CONSTRUCT/DESCRIBE graph: at most max_rows triples, serialised, trimmed until under max_bytes."""
    kept, cut = [], None
    for t in triples:
        if len(kept) >= caps.max_rows:
            cut = f"max-rows={caps.max_rows}"
            break
        kept.append(t)
    prefixes = _prefixes() if fmt == "turtle" else None
    data = ox.serialize(kept, format=_RDF_FORMATS[fmt], prefixes=prefixes)
    while len(data) > caps.max_bytes and kept:
        kept = kept[: int(len(kept) * caps.max_bytes / len(data) * 0.9)]
        cut = f"max-bytes={caps.max_bytes}"
        data = ox.serialize(kept, format=_RDF_FORMATS[fmt], prefixes=prefixes)
    yield ("ok", GRAPH_TYPES[fmt])
    for i in range(0, len(data), CHUNK):
        yield ("data", data[i : i + CHUNK])
    yield ("end", {"X-Rows-Truncated": "true", "X-Truncated-By": cut} if cut else {})


def collect(messages: Iterable[tuple]) -> Response:
    """The messages of one answer as a `Response` (the body is at most max_bytes: the caps hold it)."""
    ctype, parts = "text/plain", []
    for msg in messages:
        if msg[0] == "error":
            return text_response(msg[1], msg[2])
        if msg[0] == "ok":
            ctype = msg[1]
        elif msg[0] == "data":
            parts.append(msg[1])
        elif msg[0] == "end":
            return Response(200, f"{ctype}; charset=utf-8", b"".join(parts), msg[1])
    return text_response(500, "the query ended without an answer")

"""Run SPARQL against a build's embedded store or a remote endpoint, and format the results.

The standard prefixes are predeclared; the default graph is the union of all named graphs, so researchers
need no GRAPH clauses. Results come back as plain rows (variables, list of tuples of terms) so table, CSV,
TSV and SPARQL 1.1 Results JSON are one formatting step each.
"""

from __future__ import annotations

from importlib import resources
import csv
import io
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError
from kg.explore.queries import canned_query
from kg.graph.vocab import PREFIXES, sparql_prologue

QUERIES_DIR = Path(str(resources.files("kg") / "queries"))  # the files; `kg.explore.queries` reads them as records


@dataclass
class Term:
    """A result term in SPARQL JSON terms: type uri / literal / bnode."""

    type: str
    value: str
    datatype: str | None = None
    lang: str | None = None

    def __str__(self) -> str:
        return self.value

    def to_json(self) -> dict:
        d = {"type": self.type, "value": self.value}
        if self.lang:
            d["xml:lang"] = self.lang
        elif self.datatype and self.type == "literal":
            d["datatype"] = self.datatype
        return d


@dataclass
class Result:
    kind: str  # select / ask / graph
    variables: list[str]
    rows: list[tuple[Term | None, ...]]
    boolean: bool | None = None
    turtle: str | None = None


def prefixes() -> dict[str, str]:
    return {p: str(ns) for p, ns in PREFIXES.items()}


def resolve_query(text_or_file: str | None, name: str | None) -> tuple[str, str]:
    """(query text, where it came from) from an inline query, a file path, or a canned query name."""
    if name:
        return canned_query(name).text, f"queries/{name}.rq"
    if not text_or_file:
        raise InputError("query", "give a SPARQL query, a .rq file, or --name NAME")
    p = Path(text_or_file)
    if len(text_or_file) < 400 and "\n" not in text_or_file and p.suffix in (".rq", ".sparql", ".txt") :
        if not p.is_file():
            raise InputError(p, "no such query file")
        return p.read_text(encoding="utf-8"), str(p)
    return text_or_file, "query"


def unknown_terms(query: str) -> list[str]:
    """pol: names the query uses that the ontology does not define (a misspelt term silently matches nothing)."""
    from kg.graph.vocab import POL

    known = {str(t)[len(str(POL)) :] for t in dir(POL)}
    return sorted({m for m in re.findall(r"\bpol:([A-Za-z_][\w-]*)", query) if m not in known})


def parse_bindings(pairs: dict[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
    """VAR=VALUE pairs → RDF terms: numbers typed, http(s)/urn IRIs as IRIs, Chinese text tagged @zh
    (labels taken from documents carry the zh tag), anything else a plain string."""
    out: dict[str, ox.NamedNode | ox.Literal] = {}
    for var, val in pairs.items():
        if re.fullmatch(r"-?\d+", val):
            out[var] = ox.Literal(val, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
        elif re.fullmatch(r"-?\d+\.\d+", val):
            out[var] = ox.Literal(val, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))
        elif re.match(r"^<?(https?|urn):", val):
            out[var] = ox.NamedNode(val.strip("<>"))
        elif re.search(r"[\u4e00-\u9fff]", val):
            out[var] = ox.Literal(val, language="zh")
        else:
            out[var] = ox.Literal(val)
    return out


def _values_clause(bindings: dict[str, ox.NamedNode | ox.Literal]) -> str:
    return " ".join(f"VALUES ?{k} {{ {v} }}" for k, v in bindings.items())


def _term(t) -> Term | None:
    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return Term("uri", t.value)
    if isinstance(t, ox.BlankNode):
        return Term("bnode", t.value)
    if isinstance(t, ox.Literal):
        return Term("literal", t.value, datatype=t.datatype.value if t.datatype else None, lang=t.language)
    return Term("literal", str(t))


def with_bindings(query: str, bindings: dict | None, where: str = "query") -> str:
    """Bind variables by a VALUES block at the start of the outermost WHERE group (works locally and on any
    SPARQL 1.1 endpoint, and a bound variable can still be projected or grouped)."""
    if not bindings:
        return query
    m = re.search(r"\bWHERE\s*\{", query, re.IGNORECASE) or re.search(r"^\s*(?:SELECT|ASK)[^{]*\{", query, re.IGNORECASE | re.MULTILINE)
    if not m:
        raise InputError(where, "--bind needs a query with a WHERE clause")
    return query[: m.end()] + " " + _values_clause(bindings) + " " + query[m.end() :]


def run_local(store: ox.Store, query: str, where: str = "query", bindings: dict | None = None) -> Result:
    query = with_bindings(query, bindings, where)
    try:
        res = store.query(query, prefixes=prefixes(), use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise InputError(where, _syntax_message(str(exc))) from None
    except (RuntimeError, OSError) as exc:
        raise InputError(where, "query failed: " + " ".join(str(exc).split())) from None
    if isinstance(res, ox.QueryBoolean):
        return Result("ask", [], [], boolean=bool(res))
    if isinstance(res, ox.QuerySolutions):
        variables = [v.value for v in res.variables]
        rows = [tuple(_term(sol[v]) for v in variables) for sol in res]
        return Result("select", variables, rows)
    triples = list(res)
    return Result("graph", [], [], turtle=_turtle(triples))


def _syntax_message(msg: str) -> str:
    one = " ".join(msg.split())
    return f"SPARQL syntax error: {one}"


def _turtle(triples) -> str:
    from rdflib import Graph

    nt = "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples)
    g = Graph()
    for p, ns in PREFIXES.items():
        g.bind(p, ns)
    g.parse(data=nt, format="nt")
    return g.serialize(format="turtle")


def run_remote(endpoint: str, query: str, where: str = "query", bindings: dict | None = None) -> Result:
    """SPARQL 1.1 Protocol: POST the query, ask for JSON (SELECT/ASK) or Turtle (CONSTRUCT/DESCRIBE).
    """
    query = with_bindings(query, bindings, where)
    full = sparql_prologue() + query
    req = urllib.request.Request(
        endpoint,
        data=urllib.parse.urlencode({"query": full}).encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json, text/turtle;q=0.9",
        },
    )
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            ctype = resp.headers.get("Content-Type", "")
            body = resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip().splitlines()
        raise InputError(endpoint, f"answered {exc.code}: {detail[0] if detail else exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise InputError(endpoint, f"cannot be reached ({getattr(exc, 'reason', exc)})") from None
    if "json" in ctype:
        data = json.loads(body)
        if "boolean" in data:
            return Result("ask", [], [], boolean=data["boolean"])
        variables = data["head"]["vars"]
        rows = []
        for b in data["results"]["bindings"]:
            row = []
            for v in variables:
                t = b.get(v)
                row.append(None if t is None else Term(t["type"] if t["type"] != "typed-literal" else "literal",
                                                       t["value"], t.get("datatype"), t.get("xml:lang")))
            rows.append(tuple(row))
        return Result("select", variables, rows)
    return Result("graph", [], [], turtle=body)


# ---- formatting --------------------------------------------------------------------------------

def compact(value: str) -> str:
    for p, ns in prefixes().items():
        if value.startswith(ns):
            return f"{p}:{value[len(ns):]}"
    if value.startswith("https://w3id.org/policy-kg/id/"):
        return "id:" + value[len("https://w3id.org/policy-kg/id/"):]
    return value


def to_json(res: Result) -> str:
    if res.kind == "ask":
        return json.dumps({"head": {}, "boolean": res.boolean})
    if res.kind == "graph":
        raise InputError("--format json", "CONSTRUCT/DESCRIBE results are printed as Turtle; use --format table")
    bindings = [
        {v: t.to_json() for v, t in zip(res.variables, row) if t is not None} for row in res.rows
    ]
    return json.dumps({"head": {"vars": res.variables}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=1)


def to_delimited(res: Result, delimiter: str) -> str:
    buf = io.StringIO()
    if res.kind == "ask":
        return "true\n" if res.boolean else "false\n"
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow(res.variables)
    for row in res.rows:
        w.writerow(["" if t is None else t.value for t in row])
    return buf.getvalue()

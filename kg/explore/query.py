"""Run SPARQL against a build's embedded store or a remote endpoint, and format the results.

The standard prefixes are predeclared; the default graph is the union of all named graphs, so researchers
need no GRAPH clauses. Results come back as plain rows (variables, list of tuples of terms) so table, CSV,
TSV and SPARQL 1.1 Results JSON are one formatting step each.
"""

from __future__ import annotations

import csv
import io
import json
import threading
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError
from kg.explore.bind import parse_bindings, with_bindings  # noqa: F401 - the binding API lives there
from kg.explore.guard import check_query, tokens
from kg.explore.queries import canned_query
from kg.explore.rows import Result, Term  # noqa: F401 - the result records; callers import them from here too
from kg.graph.vocab import PREFIXES



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
        try:
            return p.read_text(encoding="utf-8"), str(p)
        except UnicodeDecodeError:
            raise InputError(p, "is not UTF-8 text; save the query as UTF-8") from None
        except OSError as exc:
            raise InputError(p, f"cannot be read ({exc.strerror or exc})") from None
    return text_or_file, "query"


def unknown_terms(query: str) -> list[str]:
    """pol: names the query uses that the ontology does not define (a misspelt term silently matches nothing)."""
    from kg.graph.vocab import POL

    known = {str(t)[len(str(POL)) :] for t in dir(POL)}
    used = {tok[4:] for kind, tok, _ in tokens(query) if kind == "pname" and tok.startswith("pol:")}
    return sorted(name for name in used if name and name not in known)


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


QUERY_STACK = 256 * 2**20  # bytes of stack for the thread that runs a query: Oxigraph's parser recurses
_STACK_LOCK = threading.Lock()


def run_local(store: ox.Store, query: str, where: str = "query", bindings: dict | None = None) -> Result:
    """Check the text (guard), bind, and run it on the store, on a thread with a deep stack so that a
    query the guard let through can fail but never take the process down."""
    check_query(query)
    query = with_bindings(query, bindings, where)
    return _on_deep_stack(lambda: _execute(store, query, where))


def _execute(store: ox.Store, query: str, where: str) -> Result:
    try:
        res = store.query(query, prefixes=prefixes(), use_default_graph_as_union=True)
        if isinstance(res, ox.QueryBoolean):
            return Result("ask", [], [], boolean=bool(res))
        if isinstance(res, ox.QuerySolutions):
            variables = [v.value for v in res.variables]
            rows = [tuple(_term(sol[v]) for v in variables) for sol in res]
            return Result("select", variables, rows)
        triples = list(res)
    except SyntaxError as exc:
        raise InputError(where, _syntax_message(str(exc))) from None
    except (RuntimeError, OSError, ValueError) as exc:
        raise InputError(where, "query failed: " + " ".join(str(exc).split())) from None
    return Result("graph", [], [], turtle=_turtle(triples))


def _on_deep_stack(fn):
    """fn() on a thread with QUERY_STACK bytes of stack; its result or its exception."""
    box: dict = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            box["error"] = exc

    with _STACK_LOCK:  # the stack size is process-wide: set it, start the thread, put it back
        old = threading.stack_size(QUERY_STACK)
        try:
            worker = threading.Thread(target=target, name="kg-query", daemon=True)
            worker.start()
        except RuntimeError:  # no room for such a stack (a tight ulimit -v): run here, still guarded
            return fn()
        finally:
            threading.stack_size(old)
    worker.join()
    if "error" in box:
        raise box["error"]
    return box["value"]


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
    """SPARQL 1.1 Protocol: POST the query, ask for JSON (SELECT/ASK) or Turtle (CONSTRUCT/DESCRIBE)."""
    from kg.explore.remote import run_remote as post

    return post(endpoint, query, where, bindings)


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

"""Run SPARQL against a build's embedded store or a remote endpoint, and format the results.

The standard prefixes are predeclared; the default graph is the union of all named graphs, so researchers
need no GRAPH clauses. Results come back as plain rows (variables, list of tuples of terms) so table, CSV,
TSV and SPARQL 1.1 Results JSON are one formatting step each.
"""

from __future__ import annotations

import csv
import io
import json
import re
import threading
from itertools import islice
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError
from kg.explore.bind import parse_bindings, with_bindings, with_contains  # noqa: F401 - the binding API lives there
from kg.explore.guard import check_query, tokens, where_brace
from kg.explore.queries import canned_query
from kg.explore.rows import Result, Term  # noqa: F401 - the result records; callers import them from here too
from kg.graph.vocab import ID, PREFIXES


def prefixes() -> dict[str, str]:
    """The prefixes every query may use undeclared: the standard ones and `id:` for instances (what the
    table prints, `id:river\\/蟒河`, pastes back)."""
    return {p: str(ns) for p, ns in PREFIXES.items()} | {"id": str(ID)}


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
    known = pol_terms()
    used = {tok[4:] for kind, tok, _ in tokens(query) if kind == "pname" and tok.startswith("pol:")}
    return sorted(name for name in used if name and name not in known)


def pol_terms() -> frozenset[str]:
    """The local names of every pol: term of the ontology."""
    from kg.graph.vocab import POL

    return frozenset(str(t)[len(str(POL)) :] for t in dir(POL))


def closest_term(name: str) -> str | None:
    """The pol: term a misspelt name most likely meant (`hasTasks` → `hasTask`), or None."""
    import difflib

    found = difflib.get_close_matches(name, sorted(pol_terms()), n=1, cutoff=0.75)
    return found[0] if found else None


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


def run_local(store: ox.Store, query: str, where: str = "query", bindings: dict | None = None,
              contains: dict | None = None) -> Result:
    """Check the text (guard), bind (`bindings`: VALUES; `contains`: substring filters, see bind.py), and run
    it on the store, on a thread with a deep stack so that a query the guard let through can fail but never
    take the process down. A syntax error is placed in the text as written, not as bound."""
    check_query(query)
    bound = with_bindings(with_contains(query, contains, where), bindings, where)
    try:
        return _on_deep_stack(lambda: _execute(store, bound, where))
    except SyntaxError as exc:
        raise syntax_input_error(str(exc), bound, where, written=query) from None


def syntax_input_error(message: str, text: str, where: str, written: str | None = None) -> InputError:
    """Oxigraph's SyntaxError on `text` as one InputError: `where:LINE:COL`, the token at fault, what could
    stand there. `written`: the text before bindings went in after its WHERE brace, which the place refers to."""
    from kg.explore.errors import position, syntax_problem

    p = syntax_problem(message, text, prefixes())
    line, col = p.line, p.column
    shift = len(text) - len(written) if written is not None else 0
    if shift:
        at = where_brace(written) + 1
        line, col = position(written, p.offset - shift if p.offset >= at + shift else min(p.offset, at))
    return InputError(f"{where}:{line}:{col}", f"SPARQL syntax error: {p.reason}")


def probe(store: ox.Store, query: str, cap: int = 1000) -> int:
    """How many rows (at most `cap`) a SELECT gives, 1 or 0 for ASK: the cheap check of a rewritten query,
    which stops reading at `cap` rows. Errors count as 0."""
    def count() -> int:
        res = store.query(query, prefixes=prefixes(), use_default_graph_as_union=True)
        if isinstance(res, ox.QueryBoolean):
            return int(bool(res))
        return sum(1 for _ in islice(res, cap)) if isinstance(res, ox.QuerySolutions) else 0

    try:
        return _on_deep_stack(count)
    except (SyntaxError, RuntimeError, OSError, ValueError):
        return 0


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
    except (RuntimeError, OSError, ValueError) as exc:
        raise InputError(where, "query failed: " + " ".join(str(exc).split())) from None
    return Result("graph", [], [], turtle=turtle(triples))


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


def turtle(triples) -> str:
    """Triples as Turtle with the standard prefixes and id:, grouped and sorted by subject (rdflib's writer)."""
    from rdflib import Graph

    nt = "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples)
    g = Graph()
    for p, ns in prefixes().items():
        g.bind(p, ns)
    g.parse(data=nt, format="nt")
    return g.serialize(format="turtle")


def run_remote(endpoint: str, query: str, where: str = "query", bindings: dict | None = None,
               contains: dict | None = None) -> Result:
    """SPARQL 1.1 Protocol: POST the query, ask for JSON (SELECT/ASK) or Turtle (CONSTRUCT/DESCRIBE). The
    endpoint is told `id:` when the query uses it undeclared, as the printed IRIs do."""
    from kg.explore.remote import run_remote as post

    check_query(query)
    return post(endpoint, _declare_id(with_contains(query, contains, where)), where, bindings)


def _declare_id(query: str) -> str:
    toks = [t for t in tokens(query) if t.kind != "comment"]
    uses = any(t.kind == "pname" and t.text.startswith("id:") for t in toks)
    declared = any(a.kind == "keyword" and a.text.upper() == "PREFIX" and b.text == "id:" for a, b in zip(toks, toks[1:]))
    return f"PREFIX id: <{ID}>\n{query}" if uses and not declared else query


# ---- formatting --------------------------------------------------------------------------------

#: what PN_LOCAL (SPARQL 1.1 §19.8) lets stand in a local name only after a backslash
_LOCAL_ESC = frozenset("_~.-!$&'()*+,;=/?#@%")
_PN_CHARS_U = re.compile("[A-Za-z_\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff"
                         "\u200c-\u200d\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
                         "\U00010000-\U000effff0-9:]")
_PN_MORE = re.compile("[\u00b7\u0300-\u036f\u203f-\u2040-]")  # allowed, but not first


def compact(value: str) -> str:
    """An IRI as it pastes back into a query: `pol:Task`, `id:river\\/蟒河` (a local name escapes `/` and
    the like with a backslash, and keeps %XX as it is), or `<…>` when no prefix fits or a character such
    as “ cannot stand in a local name at all."""
    for p, ns in sorted(prefixes().items(), key=lambda kv: -len(kv[1])):
        if value.startswith(ns):
            local = local_name(value[len(ns):])
            if local is not None:
                return f"{p}:{local}"
    return f"<{value}>"


def local_name(text: str) -> str | None:
    """`text` written as a SPARQL PN_LOCAL (backslash escapes where the grammar wants them), or None."""
    out = []
    for i, c in enumerate(text):
        last = i == len(text) - 1
        if c == "%" and re.fullmatch(r"[0-9A-Fa-f]{2}", text[i + 1:i + 3]):
            out.append(c)  # a percent escape stays as it is, in the local name as in the IRI
        elif _PN_CHARS_U.fullmatch(c) or (i and _PN_MORE.fullmatch(c)) or (c == "." and i and not last):
            out.append(c)
        elif c in _LOCAL_ESC:
            out.append("\\" + c)
        else:
            return None
    return "".join(out)


def to_json(res: Result) -> str:
    if res.kind == "ask":
        return json.dumps({"head": {}, "boolean": res.boolean})
    if res.kind == "graph":
        raise InputError("--format json", "CONSTRUCT/DESCRIBE results are printed as Turtle; use --format table")
    bindings = [
        {v: t.to_json() for v, t in zip(res.variables, row) if t is not None} for row in res.rows
    ]
    return json.dumps({"head": {"vars": res.variables}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=1)


def to_delimited(res: Result, delimiter: str, excel: bool = False) -> str:
    """CSV or TSV of a SELECT (`true`/`false` for ASK). IRIs are written `<…>`, as they paste back into a
    query; `excel`: a UTF-8 byte-order mark first and CRLF line ends, so Excel and WPS read the Chinese."""
    if res.kind == "graph":
        raise InputError("--format", "CONSTRUCT/DESCRIBE results are a graph, printed as Turtle, not a table")
    end = "\r\n" if excel else "\n"
    bom = "\ufeff" if excel else ""
    if res.kind == "ask":
        return bom + ("true" if res.boolean else "false") + end
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator=end)
    w.writerow(res.variables)
    for row in res.rows:
        w.writerow(["" if t is None else (f"<{t.value}>" if t.type == "uri" else t.value) for t in row])
    return bom + buf.getvalue()

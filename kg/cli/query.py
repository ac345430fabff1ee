"""`kg query`: a SPARQL query (inline, a file, or a canned one by --name) on the build or an endpoint.

A query that finds nothing is never silent: an unknown pol: term is warned about before it runs, and an
empty answer gets a hint when a cheap rewrite (a literal tagged @zh, a number typed as a string or back,
the term a misspelt one meant) would answer (kg.explore.hints).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from kg.cli._app import BuildOpt, check_format, err, fail, out
from kg.errors import InputError
from kg.explore.guard import check_query

FORMATS = ("table", "csv", "tsv", "json")


def query_cmd(
    sparql: Optional[str] = typer.Argument(None, help="A SPARQL query, or a .rq/.sparql file."),
    name: Optional[str] = typer.Option(None, "--name", help="Run a canned query from queries/ by name."),
    fmt: str = typer.Option("table", "--format", help="table | csv | tsv | json"),
    build_dir: Path = BuildOpt,
    endpoint: Optional[str] = typer.Option(None, "--endpoint", help="Query a SPARQL 1.1 endpoint URL instead of the build."),
    bind: list[str] = typer.Option([], "--bind", help="VAR=VALUE: bind ?VAR to VALUE (repeat a VAR for several values); "
                                                      "VAR~=TEXT: keep rows whose ?VAR contains TEXT (any case)."),
    limit: int = typer.Option(0, "--limit", help="Show at most N rows in the table (0: all)."),
    excel: bool = typer.Option(False, "--excel", help="CSV for Excel/WPS: UTF-8 with a byte-order mark, CRLF (implies --format csv)."),
) -> None:
    """Run a SPARQL 1.1 query (standard prefixes and id: predeclared; default graph = union of all graphs)."""
    from kg.explore import query as q
    from kg.explore.bind import split_binds

    try:
        check_format(fmt, FORMATS)
        fmt = _excel_format(fmt, excel)
        text, where = q.resolve_query(sparql, name)
        _checked(text, where)
        _warn_unknown_terms(text)
        exact, partial = split_binds(bind)
        bindings, contains = q.parse_bindings(exact), _grouped(partial)
        run = _runner(build_dir, endpoint)
        began = time.monotonic()
        res = run(text, where, bindings, contains)
        _emit(res, fmt, limit, excel)
        if _empty(res):
            _hint(text, where, lambda t: run(t, where, bindings, contains, probe=True), time.monotonic() - began,
                  ask=res.kind == "ask")
    except InputError as exc:
        fail(exc)


def _checked(text: str, where: str) -> None:
    """The guard's checks; what it refuses for an unclosed string or a stray bracket is said with line:column."""
    from kg.explore.errors import lexical_problem

    try:
        check_query(text)
    except InputError as exc:
        problem = lexical_problem(text) if exc.reason.startswith(("unterminated", "a closing")) else None
        if problem is None:
            raise
        raise InputError(f"{where}:{problem.line}:{problem.column}", f"SPARQL syntax error: {problem.reason}") from None


def parse_binds(binds: list[str]) -> list[tuple[str, str]]:
    """--bind VAR=VALUE options as (VAR, VALUE) pairs; a repeated VAR binds several values."""
    from kg.explore.bind import parse_binds as pairs

    return pairs(binds)


def _excel_format(fmt: str, excel: bool) -> str:
    """--excel writes CSV: it implies --format csv, and refuses json or tsv (no spreadsheet format)."""
    if not excel:
        return fmt
    if fmt not in ("table", "csv"):
        raise InputError("--excel", f"writes CSV for Excel/WPS; it cannot go with --format {fmt}")
    return "csv"


def _grouped(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for var, text in pairs:
        out.setdefault(var, []).append(text)
    return out


def _warn_unknown_terms(text: str) -> None:
    from kg.explore import query as q

    for term in q.unknown_terms(text):
        meant = q.closest_term(term)
        also = f"; did you mean pol:{meant}?" if meant else ""
        err.print(f"warning: pol:{term} is not a term of the policy-kg ontology (see `kg vocab`){also}", markup=False)


def _runner(build_dir: Path, endpoint: str | None):
    """run(text, where, bindings, contains, probe=False): the answer, or with probe the number of rows."""
    from kg.explore import query as q

    if endpoint:
        def remote(text, where, bindings, contains, probe=False):
            if not probe:
                return q.run_remote(endpoint, text, where, bindings, contains)
            try:  # a rewrite the endpoint refuses is no hint, never an error after the answer
                res = q.run_remote(endpoint, text, where, bindings, contains)
            except InputError:
                return 0
            return int(bool(res.boolean)) if res.kind == "ask" else len(res.rows)
        return remote
    from kg.graph.store import open_store

    store = open_store(build_dir)

    def local(text, where, bindings, contains, probe=False):
        if probe:
            bound = q.with_bindings(q.with_contains(text, contains, where), bindings, where)
            return q.probe(store, bound)
        return q.run_local(store, text, where, bindings, contains)
    return local


def _empty(res) -> bool:
    return (res.kind == "ask" and not res.boolean) or (res.kind == "select" and not res.rows)


def _hint(text: str, where: str, probe, seconds: float, ask: bool = False) -> None:
    """A hint on stderr when a cheap rewrite of an empty query answers; none for a slow query."""
    from kg.explore import hints
    from kg.explore.query import closest_term, pol_terms

    if seconds > hints.BUDGET:
        return
    known = pol_terms()
    found = hints.first_hint(text, probe, hints.rewrites(text, lambda n: None if n in known else closest_term(n)))
    if found:
        err.print(found.message(where, ask=ask), markup=False)


def _emit(res, fmt: str, limit: int, excel: bool = False) -> None:
    from kg.explore import query as q

    if fmt == "json":
        sys.stdout.write(q.to_json(res) + "\n")
    elif fmt in ("csv", "tsv"):
        if res.kind == "graph" and excel:
            raise InputError("--excel", "CONSTRUCT/DESCRIBE results are a graph (Turtle), not a table for Excel")
        if res.kind == "graph":
            sys.stdout.write(res.turtle or "")
        else:
            _write(q.to_delimited(res, "," if fmt == "csv" else "\t", excel=excel))
    else:
        print_result(res, limit)


def _write(text: str) -> None:
    """Text to stdout as UTF-8 bytes whatever the locale, so a byte-order mark is the bytes EF BB BF."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
    else:
        buffer.write(text.encode("utf-8"))
        buffer.flush()


def print_result(res, limit: int = 0) -> None:
    """A result as a rich table (IRIs as they paste back into a query), `true`/`false` for ASK, Turtle for
    CONSTRUCT/DESCRIBE."""
    from kg.explore import query as q

    if res.kind == "ask":
        out.print("true" if res.boolean else "false")
        return
    if res.kind == "graph":
        sys.stdout.write(res.turtle or "")
        return
    table = Table(show_header=True, header_style="bold")
    for v in res.variables:
        table.add_column(v, overflow="fold")
    rows = res.rows[:limit] if limit else res.rows
    for row in rows:
        table.add_row(*("" if t is None else _cell(q.compact(t.value) if t.type == "uri" else t.value) for t in row))
    _print_unwrapped(table)
    more = f" (showing {len(rows)})" if len(rows) < len(res.rows) else ""
    err.print(f"{len(res.rows)} row(s){more}")


def _print_unwrapped(table) -> None:
    """On a terminal the table fits the window; into a pipe or file it keeps its natural width, so no IRI
    is ever folded across lines there and every one pastes back whole."""
    from rich.measure import Measurement

    if out.is_terminal:
        out.print(table)
        return
    old = out.width
    out.width = max(old, Measurement.get(out, out.options.update_width(100_000), table).maximum)
    try:
        out.print(table)
    finally:
        out.width = old


def _cell(text: str):
    """A cell as plain text: rich would read `[…]` as markup and eat backslashes before it."""
    from rich.text import Text

    return Text(text)

"""`kg query`: a SPARQL query (inline, a file, or a canned one by --name) on the build or an endpoint."""

from __future__ import annotations

import sys
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
    bind: list[str] = typer.Option([], "--bind", help="VAR=VALUE: bind ?VAR to VALUE (repeat a VAR for several values)."),
    limit: int = typer.Option(0, "--limit", help="Show at most N rows in the table (0: all)."),
) -> None:
    """Run a SPARQL 1.1 query (standard prefixes predeclared; default graph = union of all graphs)."""
    from kg.explore import query as q

    try:
        check_format(fmt, FORMATS)
        text, where = q.resolve_query(sparql, name)
        check_query(text)
        for term in q.unknown_terms(text):
            err.print(f"warning: pol:{term} is not a term of the policy-kg ontology (see ontology/policy.ttl)")
        bindings = q.parse_bindings(parse_binds(bind))
        res = _run(text, where, bindings, build_dir, endpoint)
        _emit(res, fmt, limit)
    except InputError as exc:
        fail(exc)


def parse_binds(binds: list[str]) -> list[tuple[str, str]]:
    """--bind VAR=VALUE options as (VAR, VALUE) pairs; a repeated VAR binds several values."""
    from kg.explore.bind import parse_binds as pairs

    return pairs(binds)


def _run(text: str, where: str, bindings: dict, build_dir: Path, endpoint: str | None):
    from kg.explore import query as q

    if endpoint:
        return q.run_remote(endpoint, text, where, bindings)
    from kg.graph.store import open_store

    return q.run_local(open_store(build_dir), text, where, bindings)


def _emit(res, fmt: str, limit: int) -> None:
    from kg.explore import query as q

    if fmt == "json":
        sys.stdout.write(q.to_json(res) + "\n")
    elif fmt in ("csv", "tsv"):
        if res.kind == "graph":
            sys.stdout.write(res.turtle or "")
        else:
            sys.stdout.write(q.to_delimited(res, "," if fmt == "csv" else "\t"))
    else:
        print_result(res, limit)


def print_result(res, limit: int = 0) -> None:
    """A result as a rich table (IRIs compacted), `true`/`false` for ASK, Turtle for CONSTRUCT/DESCRIBE."""
    from kg.explore import query as q

    if res.kind == "ask":
        out.print("true" if res.boolean else "false")
        return
    if res.kind == "graph":
        sys.stdout.write(res.turtle or "")
        return
    table = Table(show_header=True, header_style="bold")
    for v in res.variables:
        table.add_column(v)
    rows = res.rows[:limit] if limit else res.rows
    for row in rows:
        table.add_row(*("" if t is None else (q.compact(t.value) if t.type == "uri" else t.value) for t in row))
    out.print(table)
    more = f" (showing {len(rows)})" if len(rows) < len(res.rows) else ""
    err.print(f"{len(res.rows)} row(s){more}")

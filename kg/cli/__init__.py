"""The `kg` command line: thin wrappers over the stage modules; user errors are one line and exit 2."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from kg.errors import InputError

app = typer.Typer(
    help="policy-kg: build, query, trace and draw a knowledge graph of Chinese local-government plans.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True, highlight=False)

BuildOpt = typer.Option(Path("build"), "--build", help="Which build to read (a folder written by `kg build`).")


def fail(exc: InputError) -> None:
    """One line on stderr, never wrapped, exit 2: scripts can grep it and people can read it."""
    sys.stderr.write(f"error: {exc.where}: {exc.reason}\n")
    raise typer.Exit(2)


@app.command()
def build(
    corpus: Path = typer.Option(Path("corpus"), "--corpus", help="Folder of .txt documents (+ optional .meta.json sidecars)."),
    out_dir: Path = typer.Option(Path("build"), "--out", help="Where to write kg.trig and the embedded store."),
) -> None:
    """Read every document in CORPUS and write OUT/kg.trig and the embedded Oxigraph store, atomically."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from kg.build import build as do_build, corpus_files

    try:
        files = corpus_files(corpus)
        with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                      TimeElapsedColumn(), console=err, transient=True) as progress:
            task = progress.add_task("reading", total=len(files))

            def on_file(path: Path) -> None:
                progress.update(task, description=f"reading {path.name}", advance=1)

            summary = do_build(corpus, out_dir, on_file=on_file)
    except InputError as exc:
        fail(exc)
    table = Table(title=f"built {summary.out / 'kg.trig'}", show_header=True)
    for col in ("documents", "tasks", "units", "obligations", "triples", "seconds"):
        table.add_column(col, justify="right")
    table.add_row(*(str(getattr(summary, c)) for c in ("documents", "tasks", "units", "obligations", "triples", "seconds")))
    out.print(table)


@app.command()
def query(
    sparql: Optional[str] = typer.Argument(None, help="A SPARQL query, or a .rq/.sparql file."),
    name: Optional[str] = typer.Option(None, "--name", help="Run a canned query from queries/ by name."),
    fmt: str = typer.Option("table", "--format", help="table | csv | tsv | json"),
    build_dir: Path = BuildOpt,
    endpoint: Optional[str] = typer.Option(None, "--endpoint", help="Query a SPARQL 1.1 endpoint URL instead of the build."),
    bind: list[str] = typer.Option([], "--bind", help="VAR=VALUE: substitute ?VAR in the query (repeatable)."),
    limit: int = typer.Option(0, "--limit", help="Show at most N rows in the table (0: all)."),
) -> None:
    """Run a SPARQL 1.1 query (standard prefixes predeclared; default graph = union of all graphs)."""
    from kg.explore import query as q

    try:
        if fmt not in ("table", "csv", "tsv", "json"):
            raise InputError("--format", f"must be table, csv, tsv or json, not {fmt!r}")
        text, where = q.resolve_query(sparql, name)
        for term in q.unknown_terms(text):
            err.print(f"warning: pol:{term} is not a term of the policy-kg ontology (see ontology/policy.ttl)")
        pairs = {}
        for b in bind:
            if "=" not in b:
                raise InputError("--bind", f"expects VAR=VALUE, got {b!r}")
            k, v = b.split("=", 1)
            pairs[k.lstrip("?")] = v
        bindings = q.parse_bindings(pairs)
        if endpoint:
            res = q.run_remote(endpoint, text, where, bindings)
        else:
            from kg.graph.store import open_store

            res = q.run_local(open_store(build_dir), text, where, bindings)
        if fmt == "json":
            sys.stdout.write(q.to_json(res) + "\n")
        elif fmt in ("csv", "tsv"):
            if res.kind == "graph":
                sys.stdout.write(res.turtle or "")
            else:
                sys.stdout.write(q.to_delimited(res, "," if fmt == "csv" else "\t"))
        else:
            print_result(res, limit)
    except InputError as exc:
        fail(exc)


def print_result(res, limit: int = 0) -> None:
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


@app.command()
def validate(build_dir: Path = BuildOpt) -> None:
    """Check the built graph against ontology/shapes.ttl with pySHACL (no inference)."""
    from kg.graph.validate import validate as do_validate

    try:
        conforms, violations = do_validate(build_dir)
    except InputError as exc:
        fail(exc)
    if conforms:
        out.print("[green]conforms[/]: 0 violations")
        return
    table = Table("focus node", "path", "severity", "message")
    from kg.explore.query import compact

    for v in violations:
        table.add_row(compact(v.focus), compact(v.path), v.severity, v.message)
    out.print(table)
    err.print(f"{len(violations)} violation(s)")
    raise typer.Exit(1)


# Commands that live with their feature modules register themselves on `app` when imported.
from kg.cli import _more as cli_more  # noqa: E402,F401


def main() -> None:
    try:
        app()
    except InputError as exc:  # raised outside a command body
        err.print(f"error: {exc.where}: {exc.reason}")
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()

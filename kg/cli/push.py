"""`kg push`: load a build into a SPARQL 1.1 store over the Graph Store Protocol, with a progress line and a summary."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from kg.cli._app import BuildOpt, err, fail, out
from kg.errors import InputError

COLUMNS = ("graphs", "triples", "seconds")


def push_cmd(
    url: str = typer.Argument(..., help="The store's Graph Store Protocol endpoint, e.g. http://127.0.0.1:7878/store "
                                        "(Oxigraph server) or http://127.0.0.1:8890/sparql-graph-crud-auth (Virtuoso)."),
    build_dir: Path = BuildOpt,
    user: Optional[str] = typer.Option(None, "--user", help="Login for a store that asks for one (digest or basic auth)."),
    password: Optional[str] = typer.Option(None, "--password", envvar="KG_PUSH_PASSWORD",
                                           help="Password for --user (or the KG_PUSH_PASSWORD environment variable)."),
) -> None:
    """Copy the build into a store: one named graph per document plus the shared graphs, each replaced (PUT)."""
    from kg.graph.store import open_store

    try:
        store = open_store(build_dir)
        pushed = _push_with_progress(store, url, user, password)
    except InputError as exc:
        fail(exc)
    table = Table(title=f"pushed {build_dir} to {pushed.url}", show_header=True)
    for col in COLUMNS:
        table.add_column(col, justify="right")
    table.add_row(str(pushed.graphs), str(pushed.triples), f"{pushed.seconds:.2f}")
    out.print(table)


def _push_with_progress(store, url: str, user: str | None, password: str | None):
    """`kg.explore.push.push`, with a transient bar on stderr naming the graph just sent."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from kg.explore.push import graphs_of, push

    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), console=err, transient=True) as progress:
        task = progress.add_task("pushing", total=len(graphs_of(store)))

        def on_graph(sent) -> None:
            progress.update(task, description=f"pushed {sent.graph.rpartition('/')[2] or 'default graph'}", advance=1)

        return push(store, url, user, password, on_graph=on_graph)

"""`kg stats`: a summary of a build for a quick look before querying."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from kg.cli._app import BuildOpt, fail, out
from kg.errors import InputError


def stats_cmd(build_dir: Path = BuildOpt, top: int = typer.Option(15, "--top", help="How many agencies to list.")) -> None:
    """Nodes per class, triples per named graph, and agencies ranked by load (tasks) and betweenness."""
    from kg.explore.stats import stats
    from kg.graph.store import open_store

    try:
        s = stats(open_store(build_dir), top)
    except InputError as exc:
        fail(exc)
    for title, head, rows in (("nodes per class", ("class", "nodes"), s.classes),
                              ("triples per named graph", ("graph", "triples"), s.graphs)):
        t = Table(title=title)
        t.add_column(head[0])
        t.add_column(head[1], justify="right")
        for name, n in rows:
            t.add_row(name, str(n))
        out.print(t)
    t = Table(title=f"agencies by load (unit–task network: {s.components} connected parts)")
    for c in ("agency", "jurisdiction", "tasks", "betweenness"):
        t.add_column(c, justify="right" if c in ("tasks", "betweenness") else "left")
    for label, j, n, b in s.agencies:
        t.add_row(label, j, str(n), f"{b:.4f}")
    out.print(t)

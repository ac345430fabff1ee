"""`kg viz`: write a self-contained interactive HTML network of a view and print its path."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from kg.cli._app import BuildOpt, fail
from kg.errors import InputError

VIEW_HELP = "overview | agencies | lineage | river | ego | query (default: overview; query when --query is given)"


def viz_cmd(
    view: Optional[str] = typer.Argument(None, help=VIEW_HELP, show_default=False),
    node: Optional[str] = typer.Argument(None, help="ego: the node, by label or IRI as `kg query` prints it (id:river\\/蟒河, <full IRI>, id:river/蟒河).", show_default=False),
    build_dir: Path = BuildOpt,
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Where to write the HTML (default: BUILD/viz/VIEW.html)."),
    depth: int = typer.Option(1, "--depth", help="ego: how many hops around the node."),
    plan: Optional[str] = typer.Option(None, "--plan", help="lineage: a plan by file stem or words of its title."),
    task: Optional[str] = typer.Option(None, "--task", help="lineage: a task by 'PLAN NUMBER', words of its title, or IRI."),
    query: Optional[str] = typer.Option(None, "--query", help="Draw a SPARQL CONSTRUCT or SELECT (inline or a .rq file)."),
    tasks: bool = typer.Option(False, "--tasks", help="overview: draw every plan's tasks (else a click on a plan shows them)."),
    png: Optional[Path] = typer.Option(None, "--png", help="Also save the drawn page as a PNG (headless Chromium)."),
    scale: float = typer.Option(3.0, "--scale", help="--png: device pixels per screen pixel (1-8; 3 prints a 1600-pixel window at 4800)."),
    svg: Optional[Path] = typer.Option(None, "--svg", help="Also save the whole network as an SVG (headless Chromium)."),
) -> None:
    """Write a self-contained interactive HTML network (opens offline) and print its path."""
    from kg.graph.store import open_store
    from kg.viz.draw import build_view, default_path, write_view
    from kg.viz.snapshot import Snapshot, check, save

    try:
        name = view_name(view, node, plan, task, query)
        if tasks and name != "overview":
            raise InputError("--tasks", f"only applies to the overview, not {name}")
        shot = Snapshot(png=png, svg=svg, scale=scale)
        check(shot)
        store = open_store(build_dir)
        g = build_view(store, name, node=node, depth=depth, plan=plan, task=task, query=query, tasks=tasks)
        path = _checked_output(output or default_path(build_dir, name, node=node, plan=plan, task=task))
        written = [write_view(g, path)] + (save(path, shot) if png or svg else [])
    except InputError as exc:
        fail(exc)
    except OSError as exc:
        fail(InputError(getattr(exc, "filename", None) or "output", exc.strerror or str(exc)))
    for p in written:
        typer.echo(str(p))


def view_name(view: str | None, node: str | None, plan: str | None, task: str | None, query: str | None) -> str:
    """The view to draw, refusing arguments that belong to another view."""
    from kg.viz.draw import VIEWS

    name = (view or ("query" if query else "overview")).strip().lower()
    if name not in VIEWS:
        raise InputError(view, f"no such view; views: {', '.join(VIEWS)}")
    if query and name != "query":
        raise InputError("--query", f"draws its own graph; drop the view name {view!r}")
    if node and name != "ego":
        raise InputError(node, f"a NODE argument is only for the ego view, not {name}")
    if (plan or task) and name != "lineage":
        raise InputError("--plan/--task" if plan and task else ("--plan" if plan else "--task"), "only apply to the lineage view")
    return name


def _checked_output(path: Path) -> Path:
    if path.suffix.lower() not in (".html", ".htm"):
        raise InputError(path, "the output file should end in .html")
    if path.exists() and path.is_dir():
        raise InputError(path, "is a folder; give a file name ending in .html")
    return path

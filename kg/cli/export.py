"""`kg export`: the graph, a view or a query result as GraphML, GEXF, CSV or JSON-LD; prints the paths written."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from kg.cli._app import BuildOpt, err, fail
from kg.errors import InputError

VIEW_HELP = "overview | agencies | lineage | river | ego | query (default: the whole graph; query when --query is given)"
FORMAT_HELP = ("graphml (Cytoscape, Gephi) | gexf (Gephi) | csv (R, pandas: STEM.nodes.csv + STEM.edges.csv) | "
               "jsonld (RDF); default: from the -o suffix")


def export_cmd(
    view: Optional[str] = typer.Argument(None, help=VIEW_HELP, show_default=False),
    node: Optional[str] = typer.Argument(None, help="ego: the node, by label or IRI.", show_default=False),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help=FORMAT_HELP, show_default=False),
    output: Optional[Path] = typer.Option(None, "-o", "--output", show_default=False,
                                          help="The file to write; for csv a stem (out/agencies → out/agencies.nodes.csv "
                                               "and .edges.csv) or a folder."),
    build_dir: Path = BuildOpt,
    query: Optional[str] = typer.Option(None, "--query", help="Export a SPARQL CONSTRUCT or SELECT (inline or a .rq file)."),
    depth: int = typer.Option(1, "--depth", help="ego: how many hops around the node."),
    plan: Optional[str] = typer.Option(None, "--plan", help="lineage: a plan by file stem or words of its title."),
    task: Optional[str] = typer.Option(None, "--task", help="lineage: a task by 'PLAN NUMBER', words of its title, or IRI."),
    excel: bool = typer.Option(False, "--excel", "--bom",
                               help="csv: a UTF-8 byte-order mark and CRLF line ends, so Excel and WPS show the Chinese."),
) -> None:
    """Write the graph, a view or a query result for Gephi, Cytoscape, R or pandas, and print the paths."""
    from kg.export.run import ExportSpec, check_output, export, output_format
    from kg.graph.store import open_store

    try:
        name = _view_name(view, node, plan, task, query)
        spec = ExportSpec(output_format(fmt, output), output, name, node, depth, plan, task, query, excel)
        check_output(spec, build_dir)
        done = export(open_store(build_dir), spec)
    except InputError as exc:
        fail(exc)
    except OSError as exc:
        fail(InputError(getattr(exc, "filename", None) or output, exc.strerror or str(exc)))
    for path in done.paths:
        typer.echo(str(path))
    counts = f"{done.triples:,} triples" if done.triples is not None else f"{done.nodes:,} nodes, {done.edges:,} edges"
    err.print(f"{spec.fmt}: {counts}" + "".join(f"; {n}" for n in done.notes))


def _view_name(view: str | None, node: str | None, plan: str | None, task: str | None, query: str | None) -> str | None:
    """None for the whole graph, else the view as `kg viz` names it (refusing options of another view)."""
    from kg.cli.viz import view_name

    if view is None and query is None:
        if plan or task:
            raise InputError("--plan" if plan else "--task", "only applies to the lineage view: kg export lineage …")
        return None
    return view_name(view, node, plan, task, query)

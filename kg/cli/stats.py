"""`kg stats`: numbers for papers — workload, co-responsibility network, rivers and sections, the deadline
calendar, plan-to-plan comparison and lineage — as tables, JSON, or PNG + SVG charts."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.table import Table

from kg.cli._app import BuildOpt, check_format, err, fail, out
from kg.errors import InputError

SECTION_HELP = ("Which parts: overview (classes, graphs, agencies by load), workload, network, places, calendar, "
                "compare, lineage, or all (the default). Several may be given.")


def stats_cmd(
    sections: list[str] = typer.Argument(None, metavar="[SECTION]...", help=SECTION_HELP, show_default=False),
    build_dir: Path = BuildOpt,
    fmt: str = typer.Option("table", "--format", "-f", help="table or json (the whole report on stdout)."),
    plot: Path = typer.Option(None, "--plot", help="Also write each chart as PNG and SVG into this folder."),
    plan: list[str] = typer.Option(None, "--plan", help="Only this plan (file stem, title words or IRI); repeatable."),
    jurisdiction: str = typer.Option(None, "--jurisdiction", help="Only the plans of this jurisdiction (e.g. 孟州市)."),
    top: int = typer.Option(15, "--top", help="How many rows the long tables list (JSON has them all)."),
) -> None:
    """Workload by role and function, the co-responsibility network, most-addressed rivers and sections, the
    deadline calendar, plan-to-plan differences and lineage per plan pair; class and graph counts."""
    try:
        report, paths = run(sections or [], build_dir, fmt, plot, plan or [], jurisdiction, top)
    except InputError as exc:
        fail(exc)
    if fmt == "json":
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    else:
        from kg.explore.analytics import tables

        for t in tables(report, top):
            out.print(_rich(t))
    for p in paths:
        (err if fmt == "json" else out).print(f"wrote {p}")
    if plot is not None and not paths:
        err.print("note: nothing to draw for these sections (charts come with workload, network, places, "
                  "calendar, compare and lineage)")


def run(sections: list[str], build_dir: Path, fmt: str, plot: Path | None, plans: list[str],
        jurisdiction: str | None, top: int) -> tuple[dict, list[Path]]:
    """Check every option, then analyse, then draw: a bad option or a missing font stops before any output."""
    from kg.explore.analytics import SECTIONS, analyse
    from kg.graph.store import open_store

    check_format(fmt, ("table", "json"))
    chosen = _sections(sections, SECTIONS)
    if top < 1:
        raise InputError("--top", f"must be at least 1, not {top}")
    if plot is not None:
        from kg.viz.plots import cjk_font

        cjk_font()
    report = analyse(open_store(build_dir), chosen, plans, jurisdiction, top)
    paths: list[Path] = []
    if plot is not None:
        from kg.viz.plots import write

        paths = write(report, plot)
    return report, paths


def _sections(given: list[str], known: tuple[str, ...]) -> tuple[str, ...]:
    if not given or "all" in given:
        return known
    bad = [s for s in given if s not in known]
    if bad:
        raise InputError("SECTION", f"{bad[0]!r} is not a section; choose from {', '.join(known)} or all")
    return tuple(s for s in known if s in given)


def _rich(t) -> Table:
    """A rich table; a text column keeps at least 14 cells (7 Chinese characters) on a narrow terminal."""
    from rich.cells import cell_len

    table = Table(title=t.title, title_justify="left")
    for k, (name, numeric) in enumerate(zip(t.columns, t.numeric)):
        widest = max((cell_len(r[k]) for r in t.rows), default=0)
        table.add_column(name, justify="right" if numeric else "left", overflow="fold",
                         min_width=None if numeric else min(14, widest))
    for row in t.rows:
        table.add_row(*row)
    return table

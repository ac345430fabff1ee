"""`kg vocab`: the ontology's terms with Chinese and English labels, domain, range and comment."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table
from rich.text import Text

from kg.cli._app import check_format, fail, out
from kg.errors import InputError

FORMATS = ("table", "json", "ttl")
_TITLES = {"class": "classes", "object property": "object properties (node → node)",
           "datatype property": "datatype properties (node → value)", "individual": "individuals"}


def vocab_cmd(
    fmt: str = typer.Option("table", "--format", help="table | json | ttl (the ontology as Turtle)"),
    build_dir: Optional[Path] = typer.Option(None, "--build", help="Which build to read (default build/; "
                                             "without one, the ontology that ships with policy-kg)."),
) -> None:
    """List the ontology's classes and properties, with Chinese and English labels, domains and ranges."""
    from kg.explore import vocab

    try:
        check_format(fmt, FORMATS)
        store = _store(build_dir)
        if fmt == "ttl":
            sys.stdout.write(vocab.ontology_turtle(store))
            return
        terms = vocab.vocabulary(store)
        if fmt == "json":
            sys.stdout.write(json.dumps([t.to_json() for t in terms], ensure_ascii=False, indent=1) + "\n")
        else:
            _tables(terms)
    except InputError as exc:
        fail(exc)


def _store(build_dir: Path | None):
    """The build's store; with no --build and no build/ folder, the packaged ontology alone."""
    from kg.explore.vocab import packaged_ontology
    from kg.graph.store import open_store

    if build_dir is None:
        if not Path("build").exists():
            return packaged_ontology()
        build_dir = Path("build")
    return open_store(build_dir)


def _tables(terms) -> None:
    for kind, title in _TITLES.items():
        rows = [t for t in terms if t.kind == kind]
        if not rows:
            continue
        table = Table(title=f"{title} ({len(rows)})", title_justify="left", show_lines=False)
        columns = ["term", "中文", "English"] + (["domain", "range"] if "property" in kind else []) + ["parents", "comment"]
        for c in columns:
            table.add_column(c, overflow="fold")
        for t in rows:
            cells = [t.name, t.label_zh, t.label_en] + ([t.domain, t.range] if "property" in kind else []) + [t.parents, t.comment]
            table.add_row(*(Text(c) for c in cells))
        _print(table)


def _print(table) -> None:
    """Fit a terminal; into a pipe or file keep the natural width, one line per term (greppable)."""
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

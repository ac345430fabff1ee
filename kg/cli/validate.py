"""`kg validate`: the built graph against ontology/shapes.ttl; exit 1 and a table when it does not conform."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from kg.cli._app import BuildOpt, err, fail, out
from kg.errors import InputError


def validate_cmd(build_dir: Path = BuildOpt) -> None:
    """Check the built graph against ontology/shapes.ttl with pySHACL (no inference)."""
    from kg.explore.query import compact
    from kg.graph.validate import validate

    try:
        conforms, violations = validate(build_dir)
    except InputError as exc:
        fail(exc)
    if conforms:
        out.print("[green]conforms[/]: 0 violations")
        return
    table = Table("focus node", "path", "severity", "message")
    for v in violations:
        table.add_row(compact(v.focus), compact(v.path), v.severity, v.message)
    out.print(table)
    err.print(f"{len(violations)} violation(s)")
    raise typer.Exit(1)

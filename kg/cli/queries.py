"""`kg queries`: the canned queries of `kg query --name`, so a researcher can find one without reading the
package: names, titles and parameters as a table, or one query in full (question, parameters, what it
answers on the seed plans, and its SPARQL)."""

from __future__ import annotations

import json
import sys
from typing import Optional

import typer
from rich.table import Table

from kg.cli._app import check_format, fail, out
from kg.errors import InputError

FORMATS = ("table", "json")


def queries_cmd(
    name: Optional[str] = typer.Argument(None, help="Show this canned query in full: question, parameters, "
                                                    "example answer and SPARQL."),
    fmt: str = typer.Option("table", "--format", help="table | json"),
) -> None:
    """List the canned queries (`kg query --name NAME`) with their parameters, or show one in full."""
    from kg.explore.queries import canned_queries, canned_query

    try:
        check_format(fmt, FORMATS)
        if name is not None:
            try:
                one = canned_query(name)
            except InputError as exc:
                raise InputError(f"queries {name}", exc.reason) from None
    except InputError as exc:
        fail(exc)
    if fmt == "json":
        data = one.to_json(sparql=True) if name is not None else [cq.to_json() for cq in canned_queries()]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    elif name is not None:
        _show(one)
    else:
        out.print(_table(canned_queries()))


def param_text(p) -> str:
    """One parameter as a line: `agency (optional, default all; e.g. 市水利局)`."""
    parts = ["required" if p.required else "optional"]
    if p.default:
        parts.append(f"default {p.default}")
    elif p.optional:
        parts.append("default all")
    if p.example:
        parts.append(f"e.g. {p.example}")
    return f"{p.name} ({', '.join(parts)})"


def _table(queries) -> Table:
    table = Table(show_header=True, header_style="bold", title="canned queries: kg query --name NAME [--bind VAR=VALUE]")
    table.add_column("name", no_wrap=True)  # whole, so it can be copied into `kg query --name`
    for col in ("title", "parameters", "rows on the seeds"):
        table.add_column(col, overflow="fold")
    for cq in queries:
        params = "\n".join(param_text(p) for p in cq.params) or "none"
        rows = "" if cq.example is None else f"{cq.example.rows}" + (
            f" ({cq.example.bind_args})" if cq.example.bindings else "")
        table.add_row(cq.name, cq.title, params, rows)
    return table


def _say(text: str = "") -> None:
    """A line as written: no rich markup, since titles and SPARQL hold square brackets."""
    out.print(text, markup=False, highlight=False)


def _show(cq) -> None:
    """One query in full: title, question, parameters, what it answers on the seeds, then its SPARQL."""
    _say(f"{cq.name}: {cq.title}")
    _say()
    _say(cq.description)
    _say()
    _say("parameters:" if cq.params else "parameters: none")
    for p in cq.params:
        _say(f"  {param_text(p)}: {p.description}")
    if cq.example is not None:
        _say()
        among = ", among them" if cq.example.cells else ""
        _say(f"on the seed plans: {cq.command}  →  {cq.example.rows} row(s){among}")
        for cells in cq.example.cells:
            _say("  " + "; ".join(f"{k}={v}" for k, v in cells))
    _say()
    sys.stdout.write(cq.sparql)

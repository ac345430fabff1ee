"""`kg trace`: a task's derivation chain upward, or a plan's alignment table, from the stored lineage."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape
from rich.table import Table

from kg.cli._app import BuildOpt, check_format, fail, out
from kg.errors import InputError


def trace_cmd(
    task: Optional[str] = typer.Argument(None, help="A task: PLAN:NUMBER (000:9, 003:九 or 003:9), its IRI, or words of its title."),
    plan: Optional[str] = typer.Option(None, "--plan", help="Print a whole plan's alignment table instead."),
    fmt: str = typer.Option("table", "--format", help="table | json"),
    candidates: bool = typer.Option(True, "--candidates/--no-candidates", help="Also show sources considered but below the threshold."),
    build_dir: Path = BuildOpt,
) -> None:
    """Show the prior directives and tasks a task derives from, with score, evidence and what changed."""
    from kg.graph.store import open_store

    try:
        check_format(fmt, ("table", "json"))
        if not task and not plan:
            raise InputError("trace", "give a TASK (e.g. 000:9) or --plan PLAN")
        store = open_store(build_dir)
        if plan:
            _show_plan(store, plan, fmt)
        else:
            _show_task(store, task, fmt, candidates)
    except InputError as exc:
        fail(exc)


def _show_plan(store, plan: str, fmt: str) -> None:
    from kg.explore.trace import alignment

    tasks, rows, plan_src = alignment(store, plan)
    if fmt == "json":
        _write_json({"plan": tasks[0].plan_title, "derivations": [r.__dict__ for r in rows],
                     "plan_derivations": [list(p) for p in plan_src]})
    else:
        _plan_table(tasks, rows, plan_src)


def _show_task(store, task: str, fmt: str, candidates: bool) -> None:
    from kg.explore.trace import trace

    result = trace(store, task, candidates=candidates)
    if fmt == "json":
        _write_json(result.to_json())
    else:
        _trace_table(result)


def _write_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def _shown(text: str) -> str:
    """A label as it is; an IRI (a source with no title) as it pastes back into `kg query`."""
    from kg.explore.query import compact

    return compact(text) if text.startswith(("http://", "https://", "urn:")) else text


def _trace_table(result) -> None:
    from rich.text import Text

    from kg.explore.query import compact

    t = result.task
    out.print(f"[bold]{escape(t.plan_title)}[/] task {escape(t.number)}: {escape(t.title)}  ", Text(compact(t.iri)))
    if not result.steps:
        out.print("no derivation stored for this task (no eligible earlier, higher-level document in the corpus)")
    else:
        table = Table()
        for c, j in (("", "left"), ("score", "right"), ("derived from", "left"), ("in", "left")):
            table.add_column(c, justify=j)
        for s in result.steps:
            mark = "  " * (s.depth - 1) + ("✔" if s.asserted else "·")
            table.add_row(mark, f"{s.score:.3f}", _shown(s.source), s.source_plan)
        out.print(table)
        out.print("✔ asserted derivation   · considered, below the threshold")
        for s in (x for x in result.steps if x.asserted):
            grid = Table.grid(padding=(0, 2))
            grid.add_column(style="bold", no_wrap=True)
            grid.add_column()
            for k, v in (("evidence", s.evidence), ("kept", s.kept), ("added", s.added), ("dropped", s.dropped),
                         ("quote", f"{' '.join(s.quote.split())}  ({s.where})")):
                grid.add_row(k, v or "—")
            out.print(f"\n[bold]{escape(s.task)} ← {escape(_shown(s.source))}[/] ({s.score:.3f})")
            out.print(grid)
    if result.plan_sources:
        pt = Table(title="the plan derives from")
        for c in ("directive", "score", "evidence"):
            pt.add_column(c)
        for s in result.plan_sources:
            pt.add_row(_shown(s.source), f"{s.score:.3f}", s.evidence)
        out.print(pt)


def _plan_table(tasks, rows, plan_src) -> None:
    out.print(f"[bold]{tasks[0].plan_title}[/] ({tasks[0].source_file}): {len(tasks)} tasks")
    table = Table()
    for c in ("task", "title", "derived from", "source title", "score", "strongest evidence"):
        table.add_column(c)
    for r in rows:
        src = _shown(r.source) if r.asserted else (f"none (best {_shown(r.source)})" if r.source else "none")
        first = r.evidence.split("; ")[0]
        table.add_row(r.number, r.title, src, r.source_title, "" if r.score is None else f"{r.score:.3f}", first)
    out.print(table)
    for src, label, score, ev in plan_src:
        out.print(f"plan ← {escape(_shown(label))} ({float(score):.3f}): {escape(ev)}")

"""`kg build`: the corpus folder to OUT/kg.trig and the embedded store, with a progress bar and a summary."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from kg.cli._app import err, fail, out
from kg.errors import InputError

COLUMNS = ("documents", "tasks", "units", "obligations", "triples", "seconds")


def build_cmd(
    corpus: Path = typer.Option(Path("corpus"), "--corpus",
                                help="Folder of documents, read recursively: .txt (any Chinese encoding), .pdf with a "
                                     "text layer, .docx, .html/.htm; optional <stem>.meta.json sidecars."),
    out_dir: Path = typer.Option(Path("build"), "--out", help="Where to write kg.trig and the embedded store."),
    keep_going: bool = typer.Option(False, "--keep-going",
                                    help="Report each bad file on stderr, skip it and build the rest (exit 0)."),
    strict: bool = typer.Option(False, "--strict", help="Treat warnings (a document without tasks) as errors."),
    workers: int = typer.Option(0, "--workers", help="Extraction processes (0: one per core; 1: this process only)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler",
                                            help="Extract on a Dask cluster: the scheduler's address, tcp://HOST:PORT."),
    no_cache: bool = typer.Option(False, "--no-cache",
                                  help="Re-extract every document (ignore and do not update OUT/cache)."),
) -> None:
    """Read every document in CORPUS and write OUT/kg.trig and the embedded Oxigraph store, atomically."""
    from kg.build import Report

    report = Report()
    try:
        summary = _build_with_progress(corpus, out_dir, keep_going, strict, report, _workers(workers), scheduler,
                                       not no_cache)
    except InputError as exc:
        _say(report)
        fail(exc)
    _say(report)
    table = Table(title=f"built {summary.out / 'kg.trig'}", show_header=True)
    for col in COLUMNS:
        table.add_column(col, justify="right")
    table.add_row(*(str(getattr(summary, c)) for c in COLUMNS))
    out.print(table)
    if report.skipped:
        err.print(f"skipped {len(report.skipped)} bad file(s) of {summary.documents + len(report.skipped)}",
                  markup=False, highlight=False)


def _say(report) -> None:
    """Each skipped file, warning and notice as one plain line on stderr."""
    for kind, lines in (("skipped", report.skipped), ("warning", report.warnings), ("note", report.notices)):
        for line in lines:
            err.print(f"{kind}: {line}", markup=False, highlight=False, soft_wrap=True)


def _workers(n: int) -> int:
    """--workers 0 means one per core; a negative count is an input error."""
    import os

    if n < 0:
        raise typer.BadParameter("must be 0 (one per core) or more", param_hint="--workers")
    return n or os.cpu_count() or 1


def _build_with_progress(corpus: Path, out_dir: Path, keep_going: bool, strict: bool, report,
                         workers: int = 1, scheduler: str | None = None, use_cache: bool = True):
    """`kg.build.build`, with a transient bar on stderr that names the file being read."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from kg.build import build, corpus_files

    files = corpus_files(corpus)
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), console=err, transient=True) as progress:
        task = progress.add_task("reading", total=len(files))

        def on_file(path: Path) -> None:
            progress.update(task, description=f"reading {path.name}", advance=1)

        return build(corpus, out_dir, on_file=on_file, keep_going=keep_going, strict=strict, report=report,
                     workers=workers, scheduler=scheduler, use_cache=use_cache)

"""`kg build`: the corpus folder to OUT/kg.trig and the embedded store, with a progress bar and a summary."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from kg.cli._app import err, fail, out
from kg.errors import InputError

COLUMNS = ("documents", "tasks", "units", "obligations", "triples", "seconds")


def build_cmd(
    corpus: Path = typer.Option(Path("corpus"), "--corpus", help="Folder of .txt documents (+ optional .meta.json sidecars)."),
    out_dir: Path = typer.Option(Path("build"), "--out", help="Where to write kg.trig and the embedded store."),
) -> None:
    """Read every document in CORPUS and write OUT/kg.trig and the embedded Oxigraph store, atomically."""
    try:
        summary = _build_with_progress(corpus, out_dir)
    except InputError as exc:
        fail(exc)
    table = Table(title=f"built {summary.out / 'kg.trig'}", show_header=True)
    for col in COLUMNS:
        table.add_column(col, justify="right")
    table.add_row(*(str(getattr(summary, c)) for c in COLUMNS))
    out.print(table)


def _build_with_progress(corpus: Path, out_dir: Path):
    """`kg.build.build`, with a transient bar on stderr that names the file being read."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from kg.build import build, corpus_files

    files = corpus_files(corpus)
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), console=err, transient=True) as progress:
        task = progress.add_task("reading", total=len(files))

        def on_file(path: Path) -> None:
            progress.update(task, description=f"reading {path.name}", advance=1)

        return build(corpus, out_dir, on_file=on_file)

"""What every `kg` command shares: the Typer `app`, the shared options, the consoles and the one-line error.

Command modules import from here and never from `kg.cli`; `kg/cli/__init__.py` imports them and registers
each on `app`, so imports run one way (as in spaCy's `spacy/cli/_util.py`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console

from kg.errors import InputError

app = typer.Typer(
    help="policy-kg: build, query, trace and draw a knowledge graph of Chinese local-government plans.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True, highlight=False)

BuildOpt = typer.Option(Path("build"), "--build", help="Which build to read (a folder written by `kg build`).")


def fail(exc: InputError) -> NoReturn:
    """One line on stderr, never wrapped, exit 2: scripts can grep it and people can read it."""
    sys.stderr.write(f"error: {exc.where}: {exc.reason}\n")
    raise typer.Exit(2)


def check_format(fmt: str, allowed: tuple[str, ...]) -> None:
    """Refuse a --format value outside `allowed`, naming the option."""
    if fmt not in allowed:
        choices = ", ".join(allowed[:-1]) + f" or {allowed[-1]}"
        raise InputError("--format", f"must be {choices}, not {fmt!r}")

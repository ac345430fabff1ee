"""One exception type for bad input, so the CLI can print one line and exit 2 instead of a traceback."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """A user-facing problem with an input file or argument."""

    def __init__(self, where: str | Path, reason: str):
        self.where = str(where)
        self.reason = reason
        super().__init__(f"{self.where}: {reason}")

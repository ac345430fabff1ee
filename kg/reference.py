"""Locate and read the researcher-editable reference tables (aliases, functions, gazetteers).

The repository's `corpus/reference/` holds the defaults; a corpus folder given to `kg build` may add its own
`reference/` whose rows extend (and, for the same key, override) the defaults.
"""

from __future__ import annotations

from importlib import resources
import csv
from pathlib import Path

from kg.errors import InputError

DEFAULT_REFERENCE = Path(str(resources.files("kg") / "data" / "reference")).resolve()


def reference_dirs(corpus: Path | None = None) -> list[Path]:
    dirs = [DEFAULT_REFERENCE]
    if corpus is not None:
        extra = (corpus / "reference").resolve()
        if extra.is_dir() and extra != DEFAULT_REFERENCE:
            dirs.append(extra)
    return [d for d in dirs if d.is_dir()]


def read_rows(name: str, dirs: list[Path], required: tuple[str, ...]) -> list[dict[str, str]]:
    """All rows of `name` across the reference dirs, in order; a missing column is a one-line input error."""
    rows: list[dict[str, str]] = []
    for d in dirs:
        path = d / name
        if not path.is_file():
            continue
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise InputError(path, f"is missing column(s) {', '.join(missing)}")
            for row in reader:
                if any((v or "").strip() for v in row.values()):
                    rows.append({k: (v or "").strip() for k, v in row.items() if k})
    return rows

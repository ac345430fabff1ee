"""Locate and read the researcher-editable reference tables (aliases, functions, gazetteers), and the unit
table built from them (one identity per agency: alias → canonical name, and a function for comparison).

The repository's `corpus/reference/` holds the defaults; a corpus folder given to `kg build` may add its own
`reference/` whose rows extend (and, for the same key, override) the defaults.
"""

from __future__ import annotations

from importlib import resources
import csv
import re
from dataclasses import dataclass
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
        try:
            rows += _read_csv(path, required)
        except UnicodeDecodeError:
            raise InputError(path, "is not UTF-8 text; save it as CSV UTF-8") from None
        except csv.Error as exc:
            raise InputError(path, f"is not a readable CSV table ({exc})") from None
        except OSError as exc:
            raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
    return rows


def _read_csv(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    """The non-empty rows of one reference table, stripped; its missing columns are an input error."""
    rows = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(path, f"is missing column(s) {', '.join(missing)}")
        for row in reader:
            values = [v for v in row.values() if isinstance(v, str)]  # extra cells come as a list under None
            if any(v.strip() for v in values):
                rows.append({k: (v or "").strip() for k, v in row.items() if k and isinstance(v, (str, type(None)))})
    return rows


@dataclass(frozen=True)
class Function:
    id: str
    label_zh: str
    label_en: str
    pattern: re.Pattern[str]


class UnitTable:
    def __init__(self, corpus: Path | None = None):
        dirs = reference_dirs(corpus)
        self.aliases: dict[str, str] = {}
        for row in read_rows("unit_aliases.csv", dirs, ("canonical", "alias")):
            self.aliases[row["alias"]] = row["canonical"]
        self.functions = [
            Function(r["function"], r["label_zh"], r["label_en"], re.compile(r["pattern"]))
            for r in read_rows("unit_functions.csv", dirs, ("function", "label_zh", "label_en", "pattern"))
        ]

    def canonical(self, name: str) -> str:
        seen = set()
        while name in self.aliases and name not in seen:
            seen.add(name)
            name = self.aliases[name]
        return name

    def function(self, name: str) -> Function | None:
        for f in self.functions:
            if f.pattern.search(name):
                return f
        return None

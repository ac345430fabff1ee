"""One identity per agency: alias table → canonical name, and a functional category for comparison.

A unit is identified by (jurisdiction, canonical name). Its label is the fullest variant the corpus writes;
every other variant becomes a skos:altLabel, the canonical name skos:prefLabel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kg.reference import read_rows, reference_dirs


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

"""The national administrative-division table (GB/T 2260), shipped as data: names, levels and parents.

Jurisdictions come from here, never from a hand list, so a new county's plan gets its chain
(孟州市 → 焦作市 → 河南省) for free. Townships are not in the table; plans introduce them (annex rows).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_SUFFIXES = ("特别行政区", "自治州", "自治县", "自治旗", "地区", "林区", "新区", "省", "市", "县", "区", "盟", "旗")


@dataclass(frozen=True)
class Division:
    code: str  # 6-digit GB/T 2260 code
    name: str
    level: str  # province / city / county

    @property
    def parent_code(self) -> str | None:
        if self.level == "province":
            return None
        if self.level == "city":
            return self.code[:2] + "0000"
        return self.code[:4] + "00"


@lru_cache(maxsize=1)
def table() -> dict[str, Division]:
    out = {}
    with resources.files("kg.data").joinpath("adcodes.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["adcode"][:6]
            level = "province" if code.endswith("0000") else "city" if code.endswith("00") else "county"
            out[code] = Division(code, row["name"], level)
    return out


@lru_cache(maxsize=1)
def by_name() -> dict[str, list[Division]]:
    idx: dict[str, list[Division]] = {}
    for d in table().values():
        idx.setdefault(d.name, []).append(d)
    return idx


def parent(d: Division) -> Division | None:
    code = d.parent_code
    while code:
        p = table().get(code)
        if p:
            return p
        # municipalities skip the city level (e.g. 110100 may be absent): go to the province
        code = code[:2] + "0000" if code != code[:2] + "0000" else None
    return None


def chain(d: Division) -> list[Division]:
    out = [d]
    while (p := parent(out[-1])) is not None:
        out.append(p)
    return out


def ancestors(name: str | None) -> list[str]:
    """The names from this division up to its province (孟州市, 焦作市, 河南省); [name] when not in the table."""
    d = lookup(name) if name else None
    return [x.name for x in chain(d)] if d else ([name] if name else [])


def lookup(name: str, within: str | None = None) -> Division | None:
    """The division of this exact name; `within` (an ancestor's name) breaks ties between namesakes."""
    cands = by_name().get(name, [])
    if within:
        cands = [d for d in cands if any(a.name == within for a in chain(d)[1:])] or cands
    return cands[0] if cands else None


@lru_cache(maxsize=1)
def _short_names() -> frozenset[str]:
    out = set()
    for d in table().values():
        out.add(d.name)
        for suf in _SUFFIXES:
            if d.name.endswith(suf) and len(d.name) - len(suf) >= 2:
                out.add(d.name[: -len(suf)])
                break
    return frozenset(out)


def starts_with_place(text: str) -> bool:
    """True for 焦作黄河河务局, 孟州市…: a name that carries its own place and takes no distributed prefix."""
    names = _short_names()
    # the rest must be a body of its own (焦作|黄河河务局), not a bare department word (公安|局: 公安县 exists)
    return any(text[:k] in names and len(text) - k >= 3 for k in range(2, min(len(text), 8) + 1))


def find_places(text: str) -> list[Division]:
    """Divisions named in a piece of text, longest names first, for inferring a plan's jurisdiction."""
    found = []
    for name, divs in by_name().items():
        # two-character names (温县, 滑县, 城区) only where the text starts with them, as a title does
        if (len(name) >= 3 and name in text) or (len(name) == 2 and text.startswith(name)):
            found.extend(divs)
    return sorted(found, key=lambda d: (text.find(d.name), -len(d.name)))

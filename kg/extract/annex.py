"""The `annex_tables` pipeline component: tables annexed to a plan (附表) as typed rows.

A table is a run of tab-separated lines after a `附表` marker; its title is the last plain line before it.
Header rows (no numeric cells) are combined column by column, a group header standing over the empty cells
to its right (农村生活污水治理（管控） over 2024年底前完成村庄数 …), and each column is mapped to a field by
the patterns in `reference/annex_columns.csv`; what the table orders (关停退出, 绩效提升) comes from its title
through `reference/annex_measures.csv`. Totals (合计) are not rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from kg.extract.doctext import doc_text

_NUMERIC = re.compile(r"(?:不少于|不低于|不超过|约)?\d+(?:\.\d+)?%?|/|—|-|－")
_TOTAL = re.compile(r"^(合计|总计|小计|全市|总数)")
_NOTE = re.compile(r"（([^（）]*(?:企业|新建|在建|拟建)[^（）]*)）$")


@dataclass(frozen=True)
class Column:
    field: str
    pattern: re.Pattern[str]
    type: str  # row / enterprise / township / decimal / int / rate / text


@dataclass(frozen=True)
class AnnexHit:
    table: str
    table_index: int  # 1-based order of the table in the document
    row: int
    about: str
    about_kind: str  # enterprise / township
    values: dict = field(hash=False, compare=False)
    start: int = 0
    end: int = 0


@lru_cache(maxsize=8)
def _rules(dirs: tuple[str, ...]) -> tuple[list[Column], list[tuple[re.Pattern[str], str]]]:
    from kg.reference import read_rows

    paths = [Path(d) for d in dirs]
    cols = [Column(r["field"], re.compile(r["pattern"]), r["type"]) for r in read_rows("annex_columns.csv", paths, ("field", "pattern", "type"))]
    measures = [(re.compile(r["pattern"]), r["measure"]) for r in read_rows("annex_measures.csv", paths, ("pattern", "measure"))]
    return cols, measures


def _cells(line: str) -> list[str]:
    return [re.sub(r"\s+", "", c) for c in line.split("\t")]


def _is_header(cells: list[str]) -> bool:
    """A header row has no row number in front and no numeric cell."""
    return not (cells[0].isdigit() or any(_NUMERIC.fullmatch(c) for c in cells[1:] if c))


def parse_tables(text: str, columns: list[Column], measures) -> list[AnnexHit]:
    lines, pos = [], 0
    for ln in text.split("\n"):
        lines.append((pos, ln))
        pos += len(ln) + 1
    first = next((i for i, (_, ln) in enumerate(lines) if re.match(r"^\s*附\s*[表件]", ln)), None)
    if first is None:
        return []
    out: list[AnnexHit] = []
    i, table_index = first, 0
    while i < len(lines):
        if "\t" not in lines[i][1]:
            i += 1
            continue
        title = ""
        for _, ln in reversed(lines[first:i]):
            s = ln.strip()
            if s and "\t" not in s and not re.fullmatch(r"附\s*[表件]\s*\d*[：:]?", s):
                title = re.sub(r"\s+", "", s)
                break
        block = []
        while i < len(lines) and "\t" in lines[i][1]:
            block.append(lines[i])
            i += 1
        table_index += 1
        out.extend(_table(title, table_index, block, columns, measures))
    return out


def _table(title: str, index: int, block, columns: list[Column], measures) -> list[AnnexHit]:
    headers, k = [], 0
    while k < len(block) and _is_header(_cells(block[k][1])):
        headers.append(_cells(block[k][1]))
        k += 1
    if not headers:
        return []
    width = max(len(c) for c in headers + [_cells(ln) for _, ln in block[k:]])
    names = [[] for _ in range(width)]
    for h in headers:
        h = h + [""] * (width - len(h))
        filled, last = [], ""
        for j, c in enumerate(h):
            # a group header stands over the empty cells to its right, as long as a later header row names them
            if c:
                last = c
                filled.append(c)
            else:
                filled.append(last if h is not headers[-1] and last and any(x[j] for x in headers if len(x) > j) else "")
        for j, c in enumerate(filled):
            if c and (not names[j] or names[j][-1] != c):
                names[j].append(c)
    colnames = ["/".join(n) for n in names]
    mapping: list[Column | None] = []
    for name in colnames:
        mapping.append(next((c for c in columns if c.pattern.search(name)), None))
    measure = next((m for p, m in measures if p.search(title)), None)
    unit = None
    for name, col in zip(colnames, mapping):
        if col is not None and col.field == "capacity":
            um = re.search(r"（([^（）]+)）$", name)
            unit = um.group(1) if um else None
    rows = []
    order = 0
    for start, ln in block[k:]:
        cells = _cells(ln) + [""] * width
        about, about_kind, number, values = None, None, None, {}
        for cell, col in zip(cells, mapping):
            if col is None:
                continue
            if col.type in ("enterprise", "township"):
                about, about_kind = cell, col.type
            elif col.type == "row":
                number = int(cell) if cell.isdigit() else None
            else:
                values[col.field] = _value(cell, col.type)
        if not about or _TOTAL.match(about):
            continue
        order += 1
        nm = _NOTE.search(about)
        if nm:
            values["note"] = nm.group(1)
            about = about[: nm.start()]
        if measure:
            values["measure"] = measure
        if unit:
            values["unitOfMeasure"] = unit
        rows.append(AnnexHit(title, index, number or order, about, about_kind, values, start, start + len(ln.rstrip())))
    return rows


def _value(cell: str, kind: str):
    if kind == "text":
        return cell or None
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(%?)", cell)
    if not m:
        return None
    v = float(m.group(1))
    if kind == "rate":
        return round(v / 100 if m.group(2) or v > 1 else v, 6)
    if kind == "int":
        return int(v)
    return int(v) if v.is_integer() else v


@Language.factory("annex_tables", default_config={"reference": []})
def make_annex_tables(nlp: Language, name: str, reference: list[str]):
    """Rows of the tables annexed to a plan, with character offsets of each row's line."""
    columns, measures = _rules(tuple(reference))

    def component(doc: Doc) -> Doc:
        doc._.annex = parse_tables(doc_text(doc), columns, measures) if "\t" in doc_text(doc) else []
        return doc

    return component

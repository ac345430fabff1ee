"""Tables from DOCX and HTML as plan text, so the extractor reads a task table as it reads a plan's prose.

A task table (a header row with a task column and a unit column: 序号 / 重点任务 / 牵头单位 / 配合单位 / 完成时限)
becomes one numbered task per row followed by one label line, the form kg/extract/brackets.py parses
(LABEL_LINE, and normalise keeps such a line in its task):

    1. 强化重点河流生态流量保障。强化生态流量监管……
    牵头单位：市水利局；配合单位：市财政局、河务局；完成时限：2025年12月底前

A row with a single value (a merged group row) stays a line of its own. Any other table (an annex table)
becomes tab-separated lines, one a row; its caption is the paragraph before it.
"""

from __future__ import annotations

import re

# Header words → column kind, first match wins (牵头 before 责任: 责任单位（牵头） is a lead column).
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("number", re.compile(r"^(?:序号|编号|序|No\.?)$", re.I)),
    ("deadline", re.compile(r"时限|时间|期限|节点|进度")),
    ("other", re.compile(r"领导|责任人|联系人|备注|说明|分管")),
    ("lead", re.compile(r"牵头|主办")),
    ("partner", re.compile(r"配合|参与|协办|协助")),
    ("responsible", re.compile(r"责任|主责|负责")),
    ("implementing", re.compile(r"落实|实施主体|实施单位")),
    ("task", re.compile(r"任务|工作|内容|措施|事项|项目|目标")),
)
UNIT_KINDS = ("lead", "responsible", "partner", "implementing")
# The labels kg/extract/brackets.LABEL_LINE reads; a header among them is kept as written.
_LABEL = re.compile(r"(?:牵头|责任|主责|配合|参与|协办|主办|落实)(?:单位|部门)")
_CANONICAL = {"lead": "牵头单位", "responsible": "责任单位", "partner": "配合单位", "implementing": "落实单位"}
_NUMBER = re.compile(r"^(\d{1,3})[\.．、]?$")
_SPACES = re.compile(r"[ \t\u3000\u00a0]+")
_END = "。；！？：，、.;!?:,"


def render(rows: list[list[str]]) -> list[str]:
    """Lines of plan text for one table given as rows of cell texts (merged cells already de-duplicated)."""
    rows = [[c.strip() for c in r] for r in rows]
    rows = [r for r in rows if any(r)]
    found = _task_header(rows)
    if found is None:
        return ["\t".join(_flat(c) for c in r) for r in rows]
    at, kinds = found
    out = [_flat(" ".join(dict.fromkeys(c for c in r if c))) for r in rows[:at]]
    headers = [_compact(c) for c in rows[at]]
    counter = 1
    for row in rows[at + 1 :]:
        values = [c for c in dict.fromkeys(row) if c]
        if len(values) <= 1:
            out.append(_flat(values[0]) if values else "")
            continue
        number, lines = _task_row(row, kinds, headers, counter)
        counter = number + 1
        out.extend(lines)
    return [ln for ln in out if ln]


def _task_header(rows: list[list[str]]) -> tuple[int, list[str]] | None:
    """(index, column kinds) of the header row of a task table among the first three rows, if any."""
    for i, row in enumerate(rows[:3]):
        kinds = [column_kind(c) for c in row]
        if "task" in kinds and any(k in UNIT_KINDS for k in kinds):
            return i, kinds
    return None


def column_kind(header: str) -> str:
    """What a task-table column holds, from its header text (whitespace inside it ignored)."""
    h = _compact(header)
    if not h:
        return "other"
    return next((kind for kind, pat in _KINDS if pat.search(h)), "other")


def _task_row(row: list[str], kinds: list[str], headers: list[str], counter: int) -> tuple[int, list[str]]:
    """(number, [task line, label line]) for one row of a task table."""
    number = counter
    parts: list[str] = []
    labels: dict[str, list[str]] = {k: [] for k in (*UNIT_KINDS, "deadline", "other")}
    for cell, kind, header in zip(row, kinds, headers):
        if not cell:
            continue
        if kind == "number":
            m = _NUMBER.match(_compact(cell))
            number = int(m.group(1)) if m else counter
        elif kind == "task":
            if cell not in parts:
                parts.append(_flat(cell))
        else:
            label = header if kind not in UNIT_KINDS or _LABEL.fullmatch(header) else _CANONICAL[kind]
            value = _units(cell) if kind in UNIT_KINDS else _flat(cell)
            labels[kind].append(f"{label or '备注'}：{value}")
    task = "".join(p if p[-1] in _END or i == len(parts) - 1 else p + "。" for i, p in enumerate(parts))
    label_line = "；".join(x for k in labels for x in labels[k])
    return number, [f"{number}. {task}", label_line]


def _units(cell: str) -> str:
    """A unit cell as one list: names on separate lines joined with 、, as a plan writes them."""
    names = [_compact(n).strip("、，,；;") for n in cell.splitlines()]
    return "、".join(n for n in names if n)


def _flat(cell: str) -> str:
    """A cell's paragraphs on one line (a line break inside a cell must not start a new task)."""
    out = ""
    for part in (_SPACES.sub(" ", p).strip() for p in cell.splitlines()):
        latin = out[-1:].isascii() and out[-1:].isalnum() and part[:1].isascii() and part[:1].isalnum()
        out += (" " if latin else "") + part
    return out


def _compact(s: str) -> str:
    return re.sub(r"\s+", "", s)

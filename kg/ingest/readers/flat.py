"""Task tables that a web page or a copy-paste flattened into lines of space-separated cells.

A saved page often turns 序号 / 工作任务 / 牵头单位 / 配合单位 / 完成时限 into one line of headers and one line
per row, cells separated by spaces. Normalisation drops spaces between Chinese characters, so the columns
would be lost; here such a block is recognised by its header line and rewritten, row by row, into the plan text
`tables.render` writes for a Word table (a numbered task and a label line), which the extractor reads like
any bracket. The rewritten text is what the document was read as (the build keeps it in `build/text/`).
"""

from __future__ import annotations

import re

from kg.ingest.readers.tables import UNIT_KINDS, column_kind, render

_CELLS = re.compile(r"[ \t\u3000\u00a0]+")
_ROW = re.compile(r"^\s*\d{1,3}[\s.．、]")


def _header(line: str) -> list[str] | None:
    """The cells of a task-table header line: a number column first, a task column and a unit column."""
    cells = _CELLS.split(line.strip())
    if len(cells) < 3:
        return None
    kinds = [column_kind(c) for c in cells]
    if kinds[0] != "number" or "task" not in kinds or not any(k in UNIT_KINDS for k in kinds):
        return None
    return cells


def _row(line: str, width: int, task_col: int) -> list[str] | None:
    """A row's cells; surplus cells (spaces inside the task text) are joined back into the task column."""
    if not _ROW.match(line):
        return None
    cells = _CELLS.split(line.strip())
    if len(cells) < width:
        return None
    extra = len(cells) - width
    return cells[:task_col] + [" ".join(cells[task_col:task_col + extra + 1])] + cells[task_col + extra + 1:]


def rewrite(text: str) -> str | None:
    """The text with each flattened task table rendered as plan text, or None when it holds none."""
    lines, out, k, changed = text.split("\n"), [], 0, False
    while k < len(lines):
        header = _header(lines[k])
        if header is None:
            out.append(lines[k])
            k += 1
            continue
        kinds = [column_kind(c) for c in header]
        task_col = len(kinds) - 1 - kinds[::-1].index("task")
        rows, j = [], k + 1
        while j < len(lines) and (row := _row(lines[j], len(header), task_col)) is not None:
            rows.append(row)
            j += 1
        if rows and j < len(lines) and _ROW.match(lines[j]) and not any(x.strip() for x in lines[j + 1:]):
            cut = _CELLS.split(lines[j].strip())  # the page stops inside its last row: keep what is whole
            rows.append((cut[:task_col + 1] + [""] * len(header))[:len(header)])
            j = len(lines)
        if not rows:
            out.append(lines[k])
            k += 1
            continue
        out += render([header] + rows)
        changed, k = True, j
    return "\n".join(out) if changed else None

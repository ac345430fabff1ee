"""Word's automatic list numbers (numbering.xml), which python-docx leaves out of a paragraph's text.

A plan typed with Word's numbered lists holds 任务甲 where the page shows `1. 任务甲` or `（一）…`; without the
label the outline finds no task. Counters run per abstract list in document order, a deeper level restarting
when a shallower one advances, as Word shows them. Bullets and unknown formats give no label.
"""

from __future__ import annotations

import re

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN = "零一二三四五六七八九"
_UPPER = "零壹贰叁肆伍陆柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _val(el, tag: str, default: str | None = None) -> str | None:
    child = el.find(f"{_W}{tag}") if el is not None else None
    return child.get(f"{_W}val", default) if child is not None else default


def cn_number(n: int, digits: str = _CN) -> str:
    """1 → 一, 10 → 十, 21 → 二十一 (up to 99; larger numbers digit by digit)."""
    if n < 10:
        return digits[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        ten = "十" if digits is _CN else "拾"
        return (digits[tens] if tens > 1 else "") + ten + (digits[ones] if ones else "")
    return "".join(digits[int(d)] for d in str(n))


def _roman(n: int) -> str:
    out = ""
    for value, numeral in _ROMAN:
        while n >= value:
            out, n = out + numeral, n - value
    return out


def format_number(n: int, fmt: str) -> str:
    """A counter in one of Word's number formats."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting"):
        return cn_number(n)
    if fmt == "chineseLegalSimplified":
        return cn_number(n, _UPPER)
    if fmt.startswith("decimalEnclosedCircle") and 0 < n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if fmt == "ideographTraditional" and 0 < n <= 10:
        return _STEMS[n - 1]
    if fmt.startswith("decimalFullWidth"):
        return str(n).translate({ord(d): chr(0xFF10 + int(d)) for d in "0123456789"})
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).upper() if fmt == "upperRoman" else _roman(n)
    return f"{n:02d}" if fmt == "decimalZero" else str(n)


class ListLabels:
    """The label each numbered paragraph shows, counted in the order paragraphs are asked for."""

    def __init__(self, numbering_xml, styles: dict[str, object]):
        self.styles = styles  # style id → <w:style> element
        self.abstract: dict[str, dict[int, tuple[str, str, int]]] = {}  # id → level → (fmt, text, start)
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstract id, start overrides)
        self.counters: dict[str, list[int]] = {}
        self.started: set[str] = set()
        if numbering_xml is not None:
            self._load(numbering_xml)

    def _load(self, root) -> None:
        for a in root.iter(f"{_W}abstractNum"):
            levels = {}
            for lvl in a.iter(f"{_W}lvl"):
                start = int(_val(lvl, "start", "1") or 1)
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = (_val(lvl, "numFmt", "decimal"), _val(lvl, "lvlText", ""), start)
            self.abstract[a.get(f"{_W}abstractNumId")] = levels
        for num in root.iter(f"{_W}num"):
            overrides = {int(o.get(f"{_W}ilvl", "0")): int(_val(o, "startOverride", "1") or 1)
                         for o in num.iter(f"{_W}lvlOverride") if o.find(f"{_W}startOverride") is not None}
            self.nums[num.get(f"{_W}numId")] = (_val(num, "abstractNumId", ""), overrides)

    def _num_pr(self, p) -> tuple[str | None, int]:
        """(numId, level) of a paragraph, from its own properties or else its style's (following basedOn)."""
        ppr = p.find(f"{_W}pPr")
        num_id, ilvl = _num_of(ppr)
        style_id, seen = _val(ppr, "pStyle"), set()
        while num_id is None and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            num_id, style_ilvl = _num_of(self.styles[style_id].find(f"{_W}pPr"))
            ilvl = ilvl if ilvl is not None else style_ilvl
            style_id = _val(self.styles[style_id], "basedOn")
        return num_id, ilvl or 0

    def label(self, p) -> str:
        """The paragraph's list label (`1.`, `（一）`), or '' when it is not numbered or is a bullet."""
        num_id, level = self._num_pr(p)
        if not num_id or num_id not in self.nums:
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        if level not in levels or levels[level][0] in ("bullet", "none"):
            return ""
        if overrides and num_id not in self.started:  # a list Word restarted: its own counters from here on
            self.counters[abstract_id] = []
        self.started.add(num_id)
        counts = self.counters.setdefault(abstract_id, [])
        counts.extend([0] * (level + 1 - len(counts)))
        counts[level] = counts[level] + 1 if counts[level] else overrides.get(level, levels[level][2])
        del counts[level + 1 :]
        return re.sub(r"%(\d)", lambda m: self._part(levels, counts, int(m.group(1)) - 1), levels[level][1] or "")

    @staticmethod
    def _part(levels: dict[int, tuple[str, str, int]], counts: list[int], k: int) -> str:
        fmt, _, first = levels.get(k, ("decimal", "", 1))
        return format_number(counts[k] if k < len(counts) and counts[k] else first, fmt)


def _num_of(ppr) -> tuple[str | None, int | None]:
    """(numId, ilvl) of a <w:pPr>, each None when absent."""
    npr = ppr.find(f"{_W}numPr") if ppr is not None else None
    if npr is None:
        return None, None
    ilvl = _val(npr, "ilvl")
    return _val(npr, "numId"), int(ilvl) if ilvl is not None else None

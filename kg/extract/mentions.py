"""What the name finders share: the `Hit` they write to `doc._.entities`, and the text helpers around it.

A finder (kg/gazetteer.py, kg/water.py, kg/works.py) sees a suffix or a list, scans back to where the name
starts (`scan_back`), trims the verbs a clause puts before a name (`TRIM_WORDS`, `strip_words`,
`cut_after_last`), drops names inside a responsibility bracket's unit (`in_units`) and merges its hits with
those of the components before it (`merge_hits`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

RIVER, SECTION, PROJECT, ENTERPRISE = "river", "section", "project", "enterprise"
CJK = r"\u4e00-\u9fff"


@dataclass(frozen=True)
class Hit:
    kind: str  # river / section / project / enterprise
    label: str
    start: int
    end: int
    river: str | None = None
    source: str = "pattern"  # gazetteer / pattern


# verbs and particles a clause puts before a name (实施…, 加快推进…, 对…)
TRIM_WORDS = (
    "进一步", "加快推进", "推进", "开展", "实施", "建设", "加快", "推动", "完成", "落实", "鼓励", "谋划", "增建", "新建",
    "确保", "联动", "确定", "做好", "强化", "加强", "提升", "严控", "严格", "持续", "深入", "全面", "重点", "抓好",
    "以及", "以", "对", "在", "和", "与", "及", "的", "将", "把", "由", "为", "从", "向", "至", "到", "及时", "组织",
    "启动", "续建", "改造", "整治", "治理", "保护", "监测", "谋划实施", "推动建设", "加快建设", "支持", "引导", "督促",
)
DELIMS = set("，。；：、！？\n\t 《》“”‘’（）()【】〔〕[]…—,;:")


def scan_back(text: str, end: int, *, quotes: bool = False, parens: bool = False, limit: int = 40) -> int:
    """Start of the run of name characters that ends at `end`: back to the nearest delimiter."""
    i = end - 1
    lo = max(0, end - limit)
    while i >= lo:
        ch = text[i]
        if quotes and ch == "”":
            j = text.rfind("“", lo, i)
            if j >= 0 and i - j <= 16:
                i = j - 1
                continue
            break
        if parens and ch == "）":
            j = text.rfind("（", lo, i)
            if j > 0 and 1 < i - j <= 6 and re.fullmatch(rf"[{CJK}]+", text[j + 1 : i]) and text[j - 1] not in DELIMS:
                i = j - 1
                continue
            break
        if ch in DELIMS or not (ch.isalnum() or ch in "·-"):
            break
        i -= 1
    return i + 1


def strip_words(s: str, words: tuple[str, ...], *, leading: bool = True, trailing: bool = False) -> tuple[str, int]:
    """Strip listed words from the start (and/or end) repeatedly; returns the rest and how much went off the start."""
    off = 0
    changed = True
    while changed and s:
        changed = False
        if leading:
            for w in words:
                if s.startswith(w) and len(s) > len(w):
                    s, off, changed = s[len(w) :], off + len(w), True
                    break
        if trailing and not changed:
            for w in words:
                if s.endswith(w) and len(s) > len(w):
                    s, changed = s[: -len(w)], True
                    break
    return s, off


def cut_after_last(s: str, words: tuple[str, ...]) -> int:
    """Offset just after the rightmost occurrence in s of any of the words (0 if none)."""
    best = 0
    for w in words:
        k = s.rfind(w)
        if k >= 0:
            best = max(best, k + len(w))
    return best


def merge_hits(hits: list[Hit]) -> list[Hit]:
    """One hit per (kind, span); a hit inside another of the same kind is dropped (蟒河 inside 新蟒河)."""
    uniq: dict[tuple[str, int, int], Hit] = {}
    for h in hits:
        key = (h.kind, h.start, h.end)
        if key not in uniq or (h.river and not uniq[key].river) or h.source == "gazetteer":
            uniq[key] = h
    out = []
    for h in uniq.values():
        inside = any(
            o.kind == h.kind and o.start <= h.start and h.end <= o.end and (o.start, o.end) != (h.start, h.end)
            and h.label in o.label
            for o in uniq.values()
        )
        if not inside:
            out.append(h)
    return sorted(out, key=lambda h: (h.start, h.end, h.kind))


def in_units(doc: Doc, start: int, end: int) -> bool:
    """Whether start..end lies inside a unit name the responsibility brackets found (spans cached per doc)."""
    spans = doc.user_data.get("kg_unit_spans")
    if spans is None:
        spans = [(sp.start_char, sp.end_char) for sp in doc.spans["units"]] if "units" in doc.spans else []
        doc.user_data["kg_unit_spans"] = spans
    return any(a <= start and end <= b for a, b in spans)

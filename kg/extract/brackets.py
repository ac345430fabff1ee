"""Parse responsibility brackets — （市水利局牵头，市财政局、河务局参与，各乡镇办事处负责落实） — into roles.

Pure functions over normalised task text; offsets are kept so that every obligation can quote its clause.
Covers: clauses split by their role word even when a comma is missing (…负责河务局参与), the distributed
prefix (市生态环境分局、城管局 → 市城管局; 市市场监管局 is 市 + 市场监管局), units with brackets inside
(各县（市、区）人民政府), a trailing 等, stray 、, repeated names, several brackets in one task, a bracket
that assigns a unit to every following task (以下均需…落实，不再列出), 〔…〕/【…】 brackets, and label lines
(牵头单位：…；配合单位：…).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.divisions import starts_with_place

LEAD, RESPONSIBLE, PARTICIPANT, IMPLEMENTING = "lead", "responsible", "participant", "implementing"
ROLES = (LEAD, RESPONSIBLE, PARTICIPANT, IMPLEMENTING)

# Longest alternatives first: 负责落实 before 负责, 按职责分工牵头 before 牵头.
ROLE_PHRASE = re.compile(
    r"(?:按照?职责分工|按职责|分别|共同|具体)?"
    r"(负责落实|具体落实|抓好落实|组织落实|牵头|负责|参与|配合|协助|落实)"
)
_ROLE_OF = {
    "牵头": LEAD,
    "负责": RESPONSIBLE,
    "参与": PARTICIPANT,
    "配合": PARTICIPANT,
    "协助": PARTICIPANT,
    "落实": IMPLEMENTING,
    "负责落实": IMPLEMENTING,
    "具体落实": IMPLEMENTING,
    "抓好落实": IMPLEMENTING,
    "组织落实": IMPLEMENTING,
}
LABEL_LINE = re.compile(
    r"(牵头|责任|主责|配合|参与|协办|主办|落实)(?:单位|部门)[：:]\s*([^；;。\n]+)"
)
_LABEL_ROLE = {"牵头": LEAD, "主办": LEAD, "责任": RESPONSIBLE, "主责": RESPONSIBLE, "配合": PARTICIPANT,
               "参与": PARTICIPANT, "协办": PARTICIPANT, "落实": IMPLEMENTING}
CARRY_FORWARD = re.compile(r"以下(?:各项任务|任务)?(?:均|都|皆)?(?:需|由)?(.+?)(?:负责)?落实[，,]?不再(?:一一)?列出[。]?")
UNIT_WORD = re.compile(r"(局|委|办|政府|管委会|中心|公司|镇|乡|社|处|站|队|院|所|厅|部|专班|办公室|街道)")
_OPEN_CLOSE = {"（": "）", "〔": "〕", "【": "】"}
_TRAILING = re.compile(r"(?:等相关部门|等有关部门|等有关单位|等相关单位|等部门|等单位|等)$")
_NO_PREFIX_END = ("公司", "镇", "乡", "办事处", "街道", "管委会", "政府", "村", "集团")
_NO_PREFIX_START = ("各", "省", "县", "区", "乡", "镇", "中央", "国家")
PREFIXES = ("市", "县", "省")


@dataclass(frozen=True)
class UnitMention:
    name: str  # as written, prefix restored, whitespace already removed by normalisation
    role: str
    clause: int  # 1-based index of the bracket (or label block) inside the task
    start: int  # span of the name in the text given to `find_obligations`
    end: int
    clause_start: int  # span of the whole clause: the unit list and its role word
    clause_end: int


@dataclass(frozen=True)
class Bracket:
    start: int  # span including the brackets
    end: int
    inner_start: int
    inner_end: int


def find_brackets(text: str) -> list[Bracket]:
    """Top-level bracketed stretches that read as responsibility assignments; nesting is respected."""
    out, i, n = [], 0, len(text)
    while i < n:
        close = _OPEN_CLOSE.get(text[i])
        if close is None:
            i += 1
            continue
        depth, j = 0, i
        opener = text[i]
        while j < n:
            if text[j] == opener:
                depth += 1
            elif text[j] == close:
                depth -= 1
                if depth == 0:
                    break
            j += 1
        end = min(j + 1, n)
        inner_end = j if j < n else n
        inner = text[i + 1 : inner_end]
        if _is_responsibility(inner):
            out.append(Bracket(i, end, i + 1, inner_end))
            i = end
        else:
            i += 1
    return out


def strip_brackets(text: str) -> str:
    """The text without its responsibility brackets: lineage compares agencies by structure, not as words."""
    for br in reversed(find_brackets(text)):
        text = text[: br.start] + text[br.end :]
    return text


def _is_responsibility(inner: str) -> bool:
    if len(inner) < 3 or len(inner) > 400:
        return False
    m = ROLE_PHRASE.search(inner)
    if not m:
        return False
    head = inner[: m.start()]
    # the words before the first role word must look like a unit list, not a sentence
    return bool(UNIT_WORD.search(head)) and "。" not in head and len(head) <= 200


def find_obligations(text: str) -> tuple[list[UnitMention], list[UnitMention]]:
    """All unit mentions with roles in one task's text, and the units it passes to every later task
    (implementing role; their clause span is the 以下均需… sentence)."""
    mentions: list[UnitMention] = []
    carried: list[UnitMention] = []
    clause = 0
    for br in find_brackets(text):
        clause += 1
        inner_s, inner_e = br.inner_start, br.inner_end
        cf = CARRY_FORWARD.search(text, inner_s, inner_e)
        if cf:
            carried.extend(
                UnitMention(name, IMPLEMENTING, 0, s, e, cf.start(), cf.end())
                for name, s, e in _split_units(text, cf.start(1), cf.end(1), [None])
            )
            inner_e = cf.start()
        mentions.extend(_parse_clauses(text, inner_s, inner_e, clause))
    for m in LABEL_LINE.finditer(text):
        if any(b.start <= m.start() < b.end for b in find_brackets(text)):
            continue
        clause += 1
        role = _LABEL_ROLE[m.group(1)]
        for name, s, e in _split_units(text, m.start(2), m.end(2), [None]):
            mentions.append(UnitMention(name, role, clause, s, e, m.start(), m.end()))
    return _dedupe(mentions), carried


def _parse_clauses(text: str, start: int, end: int, clause: int) -> list[UnitMention]:
    out = []
    prefix: list[str | None] = [None]  # the distributed prefix seen so far in this bracket
    pos = start
    for m in ROLE_PHRASE.finditer(text, start, end):
        role = _ROLE_OF[m.group(1)]
        units = _split_units(text, pos, m.start(), prefix)
        for name, s, e in units:
            out.append(UnitMention(name, role, clause, s, e, pos, m.end()))
        pos = m.end()
    return out


_SEP = re.compile(r"[、，,；;。：:\s]")


def _split_units(text: str, start: int, end: int, prefix: list[str | None]) -> list[tuple[str, int, int]]:
    """Split a unit list on 、，； — but not inside brackets — and restore a distributed prefix."""
    items, depth, s = [], 0, start
    for k in range(start, end + 1):
        ch = text[k] if k < end else "、"
        if ch in "（〔【":
            depth += 1
        elif ch in "）〕】":
            depth = max(0, depth - 1)
        elif depth == 0 and _SEP.match(ch):
            if k > s:
                items.append((s, k))
            s = k + 1
    out = []
    for s, e in items:
        raw = text[s:e]
        name = _TRAILING.sub("", raw)
        e = s + len(name)
        if not name or not UNIT_WORD.search(name) and len(name) < 2:
            continue
        name = _with_prefix(name, prefix)
        out.append((name, s, e))
    return out


def _has_prefix(name: str) -> str | None:
    for p in PREFIXES:
        if name.startswith(p) and not (p == "市" and name.startswith("市场") and not name.startswith("市市场")):
            return p
    return None


def _with_prefix(name: str, prefix: list[str | None]) -> str:
    own = _has_prefix(name)
    if own:
        prefix[0] = own
        return name
    if prefix[0] and _takes_prefix(name):
        return prefix[0] + name
    return name


def _takes_prefix(name: str) -> bool:
    if name.endswith(_NO_PREFIX_END) or name.startswith(_NO_PREFIX_START):
        return False
    return not starts_with_place(name)


def _dedupe(mentions: list[UnitMention]) -> list[UnitMention]:
    seen, out = set(), []
    for m in mentions:
        key = (m.name, m.role)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out

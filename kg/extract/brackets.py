"""Parse responsibility brackets — （市水利局牵头，市财政局、河务局参与，各乡镇办事处负责落实） — into roles.

Pure functions over normalised task text; offsets are kept so that every obligation can quote its clause.
Covers: clauses split by their role word even when a comma is missing (…负责河务局参与), role words with
suffixes (牵头督导, 负责指导, 配合落实), the distributed prefix and 各 (see `roles`), units with brackets inside
(各县（市、区）人民政府), a trailing 等, stray 、, repeated names, several brackets in one task, a note anywhere in a
bracket that assigns a unit to every following task (以下各项工作均需…落实，不再列出), 〔…〕/【…】 brackets, label
lines and labels inside brackets (责任单位：…；配合单位：…), and — given a plan-wide note such as 排在首位的为牵头单位
— 责任单位 lists and bare lists of names whose first unit leads and the rest take part.
Every scan is linear in the text: brackets are matched with one stack pass, and each bracket is read once.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from kg.extract.roles import (  # noqa: F401 - re-exported: callers import the vocabulary from here
    CARRY_FORWARD, IMPLEMENTING, LABEL, LABEL_LINE, LABEL_ROLE, LABEL_STOP, LEAD, LEAD_NOTE, PARTICIPANT, RESPONSIBLE,
    ROLE_PHRASE, ROLES, SHARE_NOTE, UNIT_WORD, label_role, role_of, simplified, split_units, unit_list_only,
)

_OPEN_CLOSE = {"（": "）", "〔": "〕", "【": "】"}
_MAX_INNER = 400


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
    bare: bool = False  # a list of names without role words, read only under a lead note


def lead_note(text: str) -> tuple[int, str] | None:
    """Where a plan first says its first-listed unit leads (排在首位的为牵头单位), so later lists read that way,
    and the role of the others: participant when the note says so (其他为配合单位), else responsible."""
    m = LEAD_NOTE.search(text)
    if not m:
        return None
    return m.start(), PARTICIPANT if re.search(r"其(?:他|余|后).{0,6}(?:配合|参与|协办|协助)", m.group(0)) else RESPONSIBLE


def _closers(text: str) -> dict[int, int]:
    """Each opening bracket's matching close (len(text) when unclosed), in one stack pass per bracket kind."""
    match: dict[int, int] = {}
    stacks: dict[str, list[int]] = {o: [] for o in _OPEN_CLOSE}
    opener_of = {c: o for o, c in _OPEN_CLOSE.items()}
    for k, ch in enumerate(text):
        if ch in stacks:
            stacks[ch].append(k)
        elif ch in opener_of and stacks[opener_of[ch]]:
            match[stacks[opener_of[ch]].pop()] = k
    for stack in stacks.values():
        for k in stack:
            match[k] = len(text)
    return match


def find_brackets(text: str, bare_units: bool = False) -> list[Bracket]:
    """Top-level brackets that assign responsibility (with `bare_units`, also bare agency lists), nesting respected."""
    out, n = [], len(text)
    match = _closers(text)
    after = -1
    for i in sorted(match):
        if i < after:
            continue
        j = match[i]
        if j - i - 1 > _MAX_INNER:
            continue
        inner = text[i + 1 : j]
        bare = False
        if not _is_responsibility(inner):
            bare = bare_units and _ends_sentence(text, i, j) and unit_list_only(text, i + 1, j)
            if not bare:
                continue
        out.append(Bracket(i, min(j + 1, n), i + 1, j, bare))
        after = min(j + 1, n)
    return out


def _ends_sentence(text: str, i: int, j: int) -> bool:
    """A bare list counts only where a task's sentence ends, not as an aside (报省厅（省监测中心）备案)."""
    return (i > 0 and text[i - 1] in "。；;！") or j + 1 >= len(text) or text[j + 1] in "。\n"


def strip_brackets(text: str, bare_units: bool = False) -> str:
    """The text without its responsibility brackets: lineage compares agencies by structure, not as words."""
    parts, pos = [], 0
    for br in find_brackets(text, bare_units):
        parts.append(text[pos : br.start])
        pos = br.end
    parts.append(text[pos:])
    return "".join(parts)


def _is_responsibility(inner: str) -> bool:
    """Whether a bracket assigns units, so ordinary asides (新（改、扩）建) are never read as agencies."""
    if len(inner) < 3 or len(inner) > _MAX_INNER:
        return False
    if LABEL.match(inner):
        return True  # （责任单位：县河长办） （牵头单位：县河长办；配合单位：…）
    m = ROLE_PHRASE.search(inner)
    if not m:
        return False
    head = inner[: m.start()]
    # the words before the first role word must look like a unit list, not a sentence
    return bool(UNIT_WORD.search(head)) and "。" not in head and len(head) <= 200


def find_obligations(text: str, rest_role: str | None = None) -> tuple[list[UnitMention], list[UnitMention]]:
    """Unit mentions by role in one task, and the units its 以下均需…落实 note carries to every later task."""
    mentions: list[UnitMention] = []
    carried: list[UnitMention] = []
    found = find_brackets(text, rest_role)
    for clause, br in enumerate(found, 1):
        pos, prefix = br.inner_start, [None]  # the distributed prefix runs on through the whole bracket
        for note in _notes(text, br.inner_start, br.inner_end):
            mentions += _read_piece(text, pos, note[0], clause, rest_role, br.bare, prefix)
            if note[2]:
                carried += [UnitMention(name, IMPLEMENTING, 0, s, e, note[0], note[1])
                            for name, s, e in split_units(text, note[2], note[3], [None])]
            pos = note[1]
        mentions += _read_piece(text, pos, br.inner_end, clause, rest_role, br.bare, prefix)
    starts = [b.start for b in found]
    clause = len(found)
    for m in LABEL.finditer(text):
        k = bisect.bisect_right(starts, m.start()) - 1
        if k >= 0 and m.start() < found[k].end:
            continue  # read with its bracket
        clause += 1
        mentions += _label(text, m, len(text), clause, rest_role, None)
    return _dedupe(mentions), carried


def _notes(text: str, start: int, end: int) -> list[tuple[int, int, int, int]]:
    """Carry-forward and lead notes in a bracket: (start, end, units start, units end) — units 0 for a lead note."""
    found = [(m.start(), m.end(), m.start(1), m.end(1)) for m in CARRY_FORWARD.finditer(text, start, end)]
    found += [(m.start(), m.end(), 0, 0) for m in LEAD_NOTE.finditer(text, start, end)]
    found.sort()
    out: list[tuple[int, int, int, int]] = []
    for note in found:
        if not out or note[0] >= out[-1][1]:
            out.append(note)
    return out


def _read_piece(text: str, start: int, end: int, clause: int, rest_role: str | None, bare: bool,
                prefix: list[str | None]) -> list[UnitMention]:
    """Role clauses, then labelled lists, in one stretch of a bracket."""
    if bare:
        return _listed(text, start, end, start, end, clause, rest_role, prefix)
    labels = list(LABEL.finditer(text, start, end))
    out = _parse_clauses(text, start, labels[0].start() if labels else end, clause, prefix)
    for k, lab in enumerate(labels):
        stop = labels[k + 1].start() if k + 1 < len(labels) else end
        out += _label(text, lab, stop, clause, rest_role, prefix)
    return out


def _label(text: str, lab, limit: int, clause: int, rest_role: str | None,
           prefix: list[str | None] | None) -> list[UnitMention]:
    """A label's list ends at a stop mark or the next field; inside a bracket (`prefix` given) role clauses follow."""
    inside = prefix is not None
    prefix = prefix if inside else [None]
    stop = LABEL_STOP.search(text, lab.end(), limit)
    vend = stop.start() if stop else limit
    note = LEAD_NOTE.search(text, lab.end(), vend)
    vend = note.start() if note else vend
    share = SHARE_NOTE.search(text, lab.end(), vend)
    if share and not text[share.end():vend].strip(" 。；;，,"):  # its 负责 is no role clause of its own
        vend = share.start()
    role_word = ROLE_PHRASE.search(text, lab.end(), vend)
    cut = vend
    if role_word:  # 责任单位：A、B，各乡镇负责落实 — the list ends at the comma before the role clause
        cut = max(text.rfind("，", lab.end(), role_word.start()), text.rfind(",", lab.end(), role_word.start()))
        cut = max(cut, lab.end())
    role = label_role(lab.group(1))
    if role == RESPONSIBLE and simplified(lab.group(1)) == "责任":
        out = _listed(text, lab.end(), cut, lab.start(), vend, clause, rest_role, prefix)
    else:
        out = [UnitMention(n, role, clause, s, e, lab.start(), vend)
               for n, s, e in split_units(text, lab.end(), cut, prefix)]
    if role_word:
        out += _parse_clauses(text, cut, vend, clause, prefix)
    if inside and vend < limit:
        out += _parse_clauses(text, vend, limit, clause, prefix)
    return out


def _listed(text: str, start: int, end: int, cs: int, ce: int, clause: int, rest_role: str | None,
            prefix: list[str | None]) -> list[UnitMention]:
    """A 责任单位 list: all responsible, or under a lead note the first leads and the rest take `rest_role`."""
    units = split_units(text, start, end, prefix)
    if not rest_role:
        return [UnitMention(n, RESPONSIBLE, clause, s, e, cs, ce) for n, s, e in units]
    return [UnitMention(n, LEAD if k == 0 else rest_role, clause, s, e, cs, ce) for k, (n, s, e) in enumerate(units)]


def _parse_clauses(text: str, start: int, end: int, clause: int, prefix: list[str | None]) -> list[UnitMention]:
    """Units before each role word take its role, so a missing comma (…负责河务局参与) still parses."""
    out = []
    pos = start
    for m in ROLE_PHRASE.finditer(text, start, end):
        role = role_of(m.group(1))
        for name, s, e in split_units(text, pos, m.start(), prefix):
            out.append(UnitMention(name, role, clause, s, e, pos, m.end()))
        pos = m.end()
    return out


def _dedupe(mentions: list[UnitMention]) -> list[UnitMention]:
    """One mention per (unit, role): plans repeat names within and across brackets."""
    seen, out = set(), []
    for m in mentions:
        key = (m.name, m.role)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out

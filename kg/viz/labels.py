"""Drawn labels: wrapped between words, never inside a number or a name, and told apart by place.

A network label has room for a few short lines. Cutting every N characters breaks 「焦作市202 / 2年」 and
「孟州石 / 井断面」; here lines break only between jieba words, a number stays with its unit (2022年, 30%,
第3), a Latin word (PM2.5) and any name the caller knows (the graph's rivers, sections, places) stay whole,
and the usual Chinese line rules hold (no line starts with ，。）》 or ends with （《“). Lines are balanced, so
a title wraps as two even lines instead of a full line and a stub.

Two units of different places often share a name (市生态环境局 of 焦作市 and of 孟州市); when both are
drawn, `place_prefixes` gives each its place (焦作 市生态环境局), and only then.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable

from kg.viz import words

prepare = words.cover  # the words of every label's characters at once, before wrapping them one by one


def all_labels(g) -> list[str]:
    """Every label a ViewGraph may draw, drawn now or on demand, as drawn (with its place)."""
    out = [f"{n.place} {n.label}" if n.place else n.label for n in g.nodes.values()]
    return out + [n.label for nodes, _ in g.expand.values() for n in nodes]

#: a number with what belongs to it: 第3, 2022年, 2023年本, 30%, 2.5万吨, 1-2月, IV类
NUMBER = re.compile(r"第?[0-9０-９]+(?:[.,．\-–~～][0-9０-９]+)*"
                    r"(?:年本|年度|年底|年前|年|个月|月底|月|日|号|%|％|‰|个|项|家|处|座|条|台|辆|吨|万|亿|千米|公里|米"
                    r"|立方米|平方米|平方公里|公顷|亩|倍|类|次|天|小时|人|户|所|批|期|版)*"
                    r"|[IVX]+类")
LATIN = re.compile(r"[A-Za-z][A-Za-z0-9.+\-]*")
QUOTED = re.compile(r"“[^”]{1,12}”|《[^》]{1,12}》|「[^」]{1,12}」|‘[^’]{1,12}’|（[^）]{1,8}）|\([^)]{1,8}\)")
NO_START = set("，。、；：！？）》」』】〕”’%％‰·…—,.;:!?)]}")
NO_END = set("（《「『【〔“‘([{")
ELLIPSIS = "…"
_PLACE_SUFFIXES = ("特别行政区", "自治州", "自治县", "自治旗", "地区", "林区", "新区", "省", "市", "县", "区", "盟", "旗")


def text_width(text: str) -> float:
    """Width in CJK characters: wide characters count 1, Latin letters, digits and spaces ½."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


def _names(names: Iterable[str]) -> frozenset[str]:
    return names if isinstance(names, frozenset) else frozenset(names)


def _protected(text: str, width: float, names: frozenset[str]) -> list[tuple[int, int]]:
    spans = [m.span() for rx in (NUMBER, LATIN) for m in rx.finditer(text)]
    spans += [m.span() for m in QUOTED.finditer(text) if text_width(m.group()) <= width]
    longest = min(len(text), int(2 * width))
    for i in range(len(text) - 1):  # every name in the text, by lookup of each substring (names may be many)
        spans += [(i, i + k) for k in range(2, longest + 1) if i + k <= len(text) and text[i:i + k] in names]
    return spans


def _forbidden(text: str, spans: list[tuple[int, int]]) -> set[int]:
    """Offsets where no line may break: inside a protected span, before closing or after opening punctuation."""
    out = {i for a, b in spans for i in range(a + 1, b)}
    out |= {i for i in range(1, len(text)) if text[i] in NO_START or text[i - 1] in NO_END}
    return {i for i in out if text[i] != " " and text[i - 1] != " "}


def _pieces(text: str, width: float, names: frozenset[str]) -> list[str]:
    """The text cut at every allowed break: word boundaries (and, for a word too long for any line, between
    characters), minus the forbidden offsets."""
    forbidden = _forbidden(text, _protected(text, width, names))
    cuts, at, single = set(), 0, False
    for word in words.cut(text):
        one = len(word) == 1 and text_width(word) == 1 and word not in NO_START | NO_END
        if at and one and single:
            forbidden.add(at)  # 打|好 in 深入打好: two one-character words read as one
        at += len(word)
        cuts.add(at)
        single = one
    pieces, start = [], 0
    for end in sorted(c for c in cuts if 0 < c < len(text) and c not in forbidden) + [len(text)]:
        pieces += _split_long(text, start, end, width, forbidden)
        start = end
    return [p for p in pieces if p]


def _split_long(text: str, start: int, end: int, width: float, forbidden: set[int]) -> list[str]:
    piece = text[start:end]
    if text_width(piece) <= width * 1.5:
        return [piece]
    out, a, w = [], start, 0.0
    for i in range(start, end):
        cw = text_width(text[i])
        if w + cw > width and i > a and i not in forbidden:
            out.append(text[a:i])
            a, w = i, 0.0
        w += cw
    return out + [text[a:end]]


def _best_lines(pieces: list[str], width: float) -> list[list[str]]:
    """Fewest lines, then the most even ones (least summed squared slack, the last line included)."""
    n = len(pieces)
    widths = [text_width(p) for p in pieces]
    best: list[tuple[int, float, int]] = [(0, 0.0, 0)] + [(n + 1, 0.0, 0)] * n  # (lines, cost, start of last line)
    for j in range(1, n + 1):
        for i in range(j - 1, -1, -1):
            w = sum(widths[i:j]) - (0.5 if pieces[i].startswith(" ") else 0) - (0.5 if pieces[j - 1].endswith(" ") else 0)
            if w > width and j - i > 1:
                break
            lines, cost, _ = best[i]
            cand = (lines + 1, cost + max(width - w, 0.0) ** 2, i)
            if cand[:2] < best[j][:2]:
                best[j] = cand
    out, j = [], n
    while j > 0:
        i = best[j][2]
        out.append(pieces[i:j])
        j = i
    return out[::-1]


@lru_cache(maxsize=8192)
def _cached_lines(text: str, width: float, names: frozenset[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(line) for line in _best_lines(_pieces(text, width, names), width))


def _line_pieces(text: str, width: float, names: Iterable[str]) -> list[list[str]]:
    text = " ".join(str(text).split())
    if not text:
        return [[""]]
    if text_width(text) <= width:
        return [[text]]
    return [list(line) for line in _cached_lines(text, float(width), _names(names))]


def wrap_label(text: str, width: float = 12, names: Iterable[str] = ()) -> list[str]:
    """`text` as lines of at most `width` CJK characters, broken only between words; a number with its unit,
    a Latin word and each of `names` are never split (a piece wider than a line gets a line of its own)."""
    return ["".join(line).strip() for line in _line_pieces(text, width, names)]


def short_label(text: str, width: float = 12, lines: int = 2, names: Iterable[str] = ()) -> str:
    """The wrapped label, at most `lines` lines (the last ended with … where cut, at a piece boundary)."""
    wrapped = _line_pieces(text, width, names)
    if len(wrapped) <= lines:
        return "\n".join("".join(line).strip() for line in wrapped)
    kept = [list(line) for line in wrapped[:lines]]
    last = kept[-1]
    while len(last) > 1 and text_width("".join(last).strip() + ELLIPSIS) > width:
        last.pop()
    tail = "".join(last).strip()
    if text_width(tail + ELLIPSIS) > width:  # one piece wider than the line: cut it, but after its number
        tail = tail[: max(1, int(width) - 1)]
    return "\n".join(["".join(line).strip() for line in kept[:-1]] + [tail.rstrip("，、；：") + ELLIPSIS])


def short_place(name: str) -> str:
    """焦作市 → 焦作, 河南省 → 河南; a name that would fall under two characters is kept whole (城区)."""
    for suffix in _PLACE_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def place_prefixes(units: dict[str, tuple[str, str | None]]) -> dict[str, str]:
    """For units {id: (label, place name)}: the place to draw before the label of each unit whose label is
    shared with another unit of a different place (short form, or the full name where short forms clash)."""
    by_label: dict[str, list[str]] = {}
    for ident, (label, _) in units.items():
        by_label.setdefault(label, []).append(ident)
    out: dict[str, str] = {}
    for ids in by_label.values():
        places = {units[i][1] for i in ids if units[i][1]}
        if len(ids) < 2 or len(places) < 2:
            continue
        shorts = {p: short_place(p) for p in places}
        clash = len(set(shorts.values())) < len(places)
        for i in ids:
            place = units[i][1]
            if place:
                out[i] = place if clash else shorts[place]
    return out


def drawn_label(label: str, place: str | None = None, width: float = 12, lines: int = 2,
                names: Iterable[str] = ()) -> str:
    """The label as the network draws it: the place first when it tells two nodes apart, then wrapped."""
    if place:
        names = _names(names) | {place}
    return short_label(f"{place} {label}" if place else label, width, lines, names)

"""The `water_and_sections` component: rivers, reservoirs and monitoring sections that no gazetteer lists.

A county plan names its small rivers and its monitoring sections once and in passing, so no list can hold them
all: they are found by pattern and kept only in a context that makes them names. Rivers in lists of rivers
(偏关河、朱家川河、牧马河), a river named before a water work (新河生态治理工程), reservoirs (a project where a
build verb governs them), and monitoring sections and stations (…断面, …水质自动监测站, the suffix
distributed over a list), tied to the river written just before them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from types import MappingProxyType

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.gazetteer import gazetteer
from kg.extract.mentions import (CJK, PROJECT, RIVER, SECTION, TRIM_WORDS, Hit, cut_after_last, in_units, merge_hits,
                                 scan_back)
from kg.extract.places import place_chain
from kg.extract.words import NOT_RIVER_FIRST, WATER_AND_SECTIONS
from kg.extract.doctext import doc_text

_W = WATER_AND_SECTIONS
_LIST = re.compile(r"[^，。；：！？\n、]+(?:、[^，。；：！？\n、]+)+")


@dataclass(frozen=True)
class WaterPatterns:
    """The compiled patterns and word lists of one `water_and_sections` configuration and gazetteer."""

    known: tuple[str, ...]  # gazetteer rivers, longest first
    section_rivers: Mapping[str, str | None]  # gazetteer section → its river
    suffixes: str  # 河渠
    work: re.Pattern[str]  # a river before a water work word
    section: re.Pattern[str]  # a section suffix
    reservoir: re.Pattern[str]
    not_rivers: tuple[str, ...]
    generic_river_words: tuple[str, ...]
    generic_section_words: tuple[str, ...]
    build_verbs: tuple[str, ...]


def water_patterns(known_rivers: Iterable[str] = (), section_rivers: Mapping[str, str | None] | None = None,
                   river_suffixes: list[str] = _W["river_suffixes"],
                   river_work_words: list[str] = _W["river_work_words"],
                   not_rivers: list[str] = _W["not_rivers"], generic_river_words: list[str] = _W["generic_river_words"],
                   section_suffixes: list[str] = _W["section_suffixes"],
                   generic_section_words: list[str] = _W["generic_section_words"],
                   build_verbs: list[str] = _W["build_verbs"]) -> WaterPatterns:
    """The patterns of the word lists and of what the gazetteer already knows, compiled once per pipeline."""
    suf = "".join(river_suffixes)
    works = "|".join(map(re.escape, sorted(river_work_words, key=len, reverse=True)))
    return WaterPatterns(
        known=tuple(sorted(known_rivers, key=len, reverse=True)),
        section_rivers=MappingProxyType(dict(section_rivers or {})),
        suffixes=suf,
        work=re.compile(rf"([{CJK}]{{1,5}}?[{suf}])(?={works})"),
        section=re.compile("|".join(map(re.escape, sorted(section_suffixes, key=len, reverse=True)))),
        reservoir=re.compile(rf"([{CJK}]{{2,4}}?)水库"),
        not_rivers=tuple(not_rivers),
        generic_river_words=tuple(generic_river_words),
        generic_section_words=tuple(generic_section_words),
        build_verbs=tuple(build_verbs),
    )


@Language.factory("water_and_sections", default_config=WATER_AND_SECTIONS)
def make_water_and_sections(nlp: Language, name: str, reference: list[str], river_suffixes: list[str],
                            river_work_words: list[str], not_rivers: list[str], generic_river_words: list[str],
                            section_suffixes: list[str], generic_section_words: list[str], build_verbs: list[str]):
    """Rivers, reservoirs and monitoring sections that no gazetteer lists, found by pattern with context checks."""
    gaz = gazetteer(reference)
    pats = water_patterns(gaz.rivers, gaz.sections, river_suffixes, river_work_words, not_rivers,
                          generic_river_words, section_suffixes, generic_section_words, build_verbs)

    def component(doc: Doc) -> Doc:
        hits: list[Hit] = list(doc._.entities or [])
        hits += find_rivers(doc_text(doc), pats, partial(in_units, doc))
        hits += find_sections(doc_text(doc), [h for h in hits if h.kind == RIVER], pats)
        doc._.entities = merge_hits(hits)
        return doc

    return component


def river_ok(n: str, pats: WaterPatterns) -> bool:
    """Whether a pattern-found …河/…渠 is a river's name: not generic, not a known river with words before it."""
    if any(n.endswith(k) and n != k for k in pats.known) or place_chain(n, allow_short=False):
        return False  # 巩固黄河, 温县老蟒河
    if len(n) < 2 or len(n) > 7 or n in pats.not_rivers or n[-1] not in pats.suffixes:
        return False
    if any(w in n for w in pats.generic_river_words) or any(n.endswith(w) for w in pats.not_rivers):
        return False
    if n[0] in NOT_RIVER_FIRST:
        return False
    return re.fullmatch(rf"[{CJK}]+", n) is not None


def _river_in_item(item: str, first: bool, pats: WaterPatterns) -> tuple[int, int] | None:
    """(start, end) in item of the river it names: the first item is cut after its last verb."""
    off = cut_after_last(item, TRIM_WORDS) if first else 0
    m = re.match(rf"[{CJK}]{{1,6}}?[{pats.suffixes}](?![{pats.suffixes}])", item[off:])
    if not m:
        return None
    return (off + m.start(), off + m.end()) if river_ok(m.group(), pats) else None


def _listed_rivers(text: str, pats: WaterPatterns) -> list[Hit]:
    """Rivers of a 、 list of which at least two items name a river (偏关河、朱家川河、牧马河)."""
    out = []
    for m in _LIST.finditer(text):
        found, pos = [], m.start()
        for k, item in enumerate(m.group().split("、")):
            span = _river_in_item(item, k == 0, pats)
            if span:
                found.append((pos + span[0], pos + span[1]))
            pos += len(item) + 1
        if len(found) >= 2:
            out += [Hit(RIVER, text[a:b], a, b) for a, b in found]
    return out


def _rivers_before_works(text: str, pats: WaterPatterns, in_units: Callable[[int, int], bool]) -> list[Hit]:
    """A river named just before a water work: 新河生态治理工程, 汾河流域."""
    out = []
    for m in pats.work.finditer(text):
        start = scan_back(text, m.end(), limit=8)
        s = text[start : m.end()]
        off = cut_after_last(s[:-1], TRIM_WORDS)
        n = s[off:]
        if river_ok(n, pats) and not in_units(start + off, m.end()):
            out.append(Hit(RIVER, n, start + off, m.end()))
    return out


def _reservoirs(text: str, pats: WaterPatterns) -> list[Hit]:
    """…水库: a project where a build verb governs it (谋划实施九渡水库、田坪水库), else a water body."""
    out = []
    for m in pats.reservoir.finditer(text):
        start = scan_back(text, m.end(), limit=10)
        s = text[start : m.end()]
        off = cut_after_last(s[:-2], TRIM_WORDS)
        n = s[off:]
        if len(n) < 4 or any(w in n for w in pats.generic_river_words) or re.search(r"[或和及与的等、]", n):
            continue
        lead = text[max(0, start - 40) : start + off]
        lead = lead[max(lead.rfind("，"), lead.rfind("。"), lead.rfind("；")) + 1 :]
        kind = PROJECT if any(v in lead.split("、")[0] for v in pats.build_verbs) else RIVER
        out.append(Hit(kind, n, start + off, m.end()))
    return out


def find_rivers(text: str, pats: WaterPatterns,
                in_units: Callable[[int, int], bool] = lambda start, end: False) -> list[Hit]:
    """Rivers and reservoirs of text no gazetteer gave; `in_units` says where a responsible unit is named."""
    return _listed_rivers(text, pats) + _rivers_before_works(text, pats, in_units) + _reservoirs(text, pats)


def _section_name_ok(s: str, generic: tuple[str, ...]) -> bool:
    if not (2 <= len(s) <= 6) or not re.fullmatch(rf"[{CJK}]+", s):
        return False
    return not any(w in s for w in generic)


def _sections_listed_before(text: str, j: int, suffix: str, pats: WaterPatterns) -> list[Hit]:
    """The suffix distributed over a list: 河西村、川胡屯、…、茨沟营桥断面水质自动监测站."""
    out = []
    while j > 0 and text[j - 1] == "、":
        b = j - 1
        a = scan_back(text, b, limit=12)
        item = text[a:b]
        off = cut_after_last(item, TRIM_WORDS)
        item, a = item[off:], a + off
        if not _section_name_ok(item, pats.generic_section_words) or pats.section.search(item):
            break
        out.append(Hit(SECTION, item + suffix, a, b, pats.section_rivers.get(item + suffix)))
        j = a
    return out


def find_sections(text: str, rivers: list[Hit], pats: WaterPatterns) -> list[Hit]:
    """Monitoring sections and stations of text, each tied to the river in `rivers` written just before it."""
    out = []
    for m in pats.section.finditer(text):
        suffix = m.group()
        start = scan_back(text, m.start(), limit=12)
        s = text[start : m.start()]
        river = None
        tie = [h for h in rivers if start <= h.start and h.end <= m.start() and h.end > start]
        if tie:
            r = max(tie, key=lambda h: h.end)
            if r.end < m.start():
                river, start, s = r.label, r.end, text[r.end : m.start()]
        else:
            off = cut_after_last(s, TRIM_WORDS)
            start, s = start + off, s[off:]
        if not _section_name_ok(s, pats.generic_section_words):
            continue
        out.append(Hit(SECTION, s + suffix, start, m.end(), river or pats.section_rivers.get(s + suffix)))
        out += _sections_listed_before(text, start, suffix, pats)
    return out

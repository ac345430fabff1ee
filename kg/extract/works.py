"""The `named_works` component: named projects and enterprises.

A task that names its project or its enterprise can be checked and traced; a generic one (城镇污水处理厂) can
not, so only names with a proper head count. Projects: …工程, …项目, …湿地 with a place, river, enterprise or
quoted proper name at their head; a 等 list of places before the suffix gives one project per place.
Enterprises: …有限公司, …集团, …厂 with a place at their head, and the items of `A、B、C等公司`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.mentions import (ENTERPRISE, PROJECT, RIVER, TRIM_WORDS, Hit, in_units, merge_hits, scan_back,
                                 strip_words)
from kg.extract.places import LEVEL_RANK, find_place, place_chain
from kg.extract.words import NAMED_WORKS
from kg.extract.doctext import doc_text

_N = NAMED_WORKS


@dataclass(frozen=True)
class WorksPatterns:
    """The compiled suffixes and word lists of one `named_works` configuration."""

    project: re.Pattern[str]
    enterprise: re.Pattern[str]
    companies: tuple[str, ...]  # company suffixes: a name of its own before one of them ends there
    generic: tuple[str, ...]  # heads that make a name generic (城镇, 全市 …)
    verbs_inside: tuple[str, ...]  # a verb after the place: the place is the clause's, not the name's
    list_heads: tuple[str, ...]  # 等公司: the items before it are enterprises
    project_verbs: tuple[str, ...]  # a verb inside makes a run a clause, not a project name


def works_patterns(project_suffix: str = _N["project_suffix"], enterprise_suffix: str = _N["enterprise_suffix"],
                   company_suffixes: list[str] = _N["company_suffixes"], generic_heads: list[str] = _N["generic_heads"],
                   verbs_inside: list[str] = _N["verbs_inside"], list_heads: list[str] = _N["list_heads"],
                   project_verbs: list[str] = _N["project_verbs"]) -> WorksPatterns:
    """The patterns of the `named_works` word lists, compiled once per pipeline."""
    return WorksPatterns(re.compile(project_suffix), re.compile(enterprise_suffix), tuple(company_suffixes),
                         tuple(generic_heads), tuple(verbs_inside), tuple(list_heads), tuple(project_verbs))


@Language.factory("named_works", default_config=NAMED_WORKS)
def make_named_works(nlp: Language, name: str, reference: list[str], project_suffix: str, enterprise_suffix: str,
                     company_suffixes: list[str], generic_heads: list[str], verbs_inside: list[str],
                     list_heads: list[str], project_verbs: list[str]):
    """Named projects and enterprises: a proper head (place, river, enterprise, quoted name) before a works suffix."""
    pats = works_patterns(project_suffix, enterprise_suffix, company_suffixes, generic_heads, verbs_inside,
                          list_heads, project_verbs)

    def component(doc: Doc) -> Doc:
        inside = partial(in_units, doc)
        hits = merge_hits([*(doc._.entities or []), *find_enterprises(doc_text(doc), doc._.entities or [], pats, inside)])
        doc._.entities = merge_hits(hits + find_works(doc_text(doc), hits, pats, inside))
        return doc

    return component


def _nowhere(start: int, end: int) -> bool:
    return False


def strip_lead(s: str, rivers: list[tuple[int, int]]) -> int:
    """How much of s is leading verbs and '<river>流域' before a name."""
    off = 0
    while True:
        _, k = strip_words(s[off:], TRIM_WORDS)
        off += k
        r = next((b for a, b in rivers if a == off and s.startswith("流域", b)), None)
        if r is not None:
            off = r + 2
            continue
        if k == 0:
            return off


def _enterprise(text: str, m: re.Match, hits: list[Hit], pats: WorksPatterns) -> Hit | None:
    """The enterprise whose suffix m is: from the place at its head, else a short name after the verbs."""
    suffix = m.group()
    start = scan_back(text, m.start(), parens=True)
    s = text[start : m.end()]
    for cs in pats.companies:  # a company suffix earlier in the run ends another name: 孟州市信环水务有限公司|污水处理厂
        k = s.rfind(cs, 0, len(s) - len(suffix))
        if k >= 0:
            start, s = start + k + len(cs), s[k + len(cs) :]
    if "等" in s[: len(s) - len(suffix)]:
        k = s.rindex("等", 0, len(s) - len(suffix)) + 1
        start, s = start + k, s[k:]
    rivers = [(h.start - start, h.end - start) for h in hits if h.kind == RIVER and start <= h.start < start + len(s)]
    for _ in range(3):
        # the name starts at a place: right after the leading verbs (short names allowed: 静乐, 霍州), or
        # else at the first full division name in the run (加快推进孟州市…)
        lead = strip_lead(s, rivers)
        p = lead if lead < len(s) and place_chain(s[lead:]) else find_place(s[: len(s) - len(suffix)])
        if p is None:
            break
        chain = place_chain(s[p:])
        if not chain:
            break
        # stacked places: 孟州市河南省康华药业… starts at the higher-level 河南省
        top = min(range(len(chain)), key=lambda i: (LEVEL_RANK[chain[i][2]], i))
        if top > 0 and LEVEL_RANK[chain[top][2]] < LEVEL_RANK[chain[0][2]]:
            p += chain[top][0]
            chain = place_chain(s[p:])
        body = s[p + chain[-1][1] :]
        verb = next((v for v in pats.verbs_inside if v in body[: len(body) - len(suffix)]), None)
        if verb:  # 偏关县完成县城污水处理厂: the place is not this name's
            k = s.index(verb, p) + len(verb)
            start, s = start + k, s[k:]
            rivers = [(a - k, b - k) for a, b in rivers]
            continue
        if body.startswith(pats.generic) or len(body) < 2:
            return None
        return Hit(ENTERPRISE, s[p:], start + p, start + len(s))
    if suffix in pats.companies:
        off = strip_lead(s, rivers)
        n = s[off:]
        if 2 <= len(n) - len(suffix) <= 14 and not n.startswith(pats.generic):
            return Hit(ENTERPRISE, n, start + off, start + len(s))
    return None


def _listed_enterprises(text: str, pats: WorksPatterns) -> list[Hit]:
    """The items of a list before 等公司/等企业: 龙蟒佰利联集团、健康元、隆丰皮草、大咖食品等公司."""
    out = []
    for lh in pats.list_heads:
        for m in re.finditer(re.escape(lh), text):
            j, items = m.start(), []
            while True:
                a = scan_back(text, j, limit=16)
                off = strip_lead(text[a:j], [])
                if 2 <= j - a - off <= 12:
                    items.append((a + off, j))
                if not (a > 0 and text[a - 1] == "、"):
                    break
                j = a - 1
            if len(items) >= 2:
                out += [Hit(ENTERPRISE, text[a:b], a, b) for a, b in items]
    return out


def find_enterprises(text: str, hits: list[Hit], pats: WorksPatterns,
                     in_units: Callable[[int, int], bool] = _nowhere) -> list[Hit]:
    """Enterprises named in text; `hits` are the names found before (rivers), `in_units` the responsible units."""
    found = [h for h in (_enterprise(text, m, hits, pats) for m in pats.enterprise.finditer(text))
             if h and not in_units(h.start, h.end)]
    return found + _listed_enterprises(text, pats)


def _heads(start: int, s: str, hits: list[Hit]) -> list[tuple[int, str]]:
    """Candidate name starts in s with what kind of proper head stands there."""
    out = []
    for h in hits:
        if start <= h.start < start + len(s) and h.end <= start + len(s) and h.kind in (RIVER, ENTERPRISE, PROJECT):
            out.append((h.start - start, h.kind))
    p = find_place(s)
    if p is not None:
        out.append((p, "place"))
    lead = strip_lead(s, [])
    if lead < len(s) and place_chain(s[lead:]):
        out.append((lead, "place"))
    for q in re.finditer(r"“([^“”]{2,14})”", s):
        river_inside = any(h.kind == RIVER and start + q.start() < h.start < start + q.end() for h in hits)
        if find_place(q.group(1)) is not None or river_inside:
            out.append((q.start(), "quote"))
    return sorted(out)


def _projects_per_place(text: str, start: int, s: str, k: int, end: int) -> list[Hit]:
    """岢岚县、五寨县、繁峙县砂河镇等城镇生活污水处理厂扩容工程: one project per place of the list, if all are places."""
    obj = s[k + 1 :]
    parts = [(start, s[:k])]
    j = start
    while j > 0 and text[j - 1] == "、":
        b = j - 1
        a = scan_back(text, b)
        parts.insert(0, (a, text[a:b]))
        j = a
    items = []
    for a, part in parts:
        off = strip_lead(part, [])
        place = part[off:]
        chain = place_chain(place)
        if chain and chain[-1][1] == len(place):
            items.append((a + off, place))
    if not items or len(items) != len(parts):
        return []
    return [Hit(PROJECT, place + obj, a, end) for a, place in items]


def _project(text: str, m: re.Match, hits: list[Hit], pats: WorksPatterns) -> list[Hit]:
    """The projects whose suffix m is: from the first proper head before it that leaves a name, no clause."""
    suffix = m.group()
    start = scan_back(text, m.start(), quotes=True, parens=True)
    s = text[start : m.end()]
    body_end = len(s) - len(suffix)
    if any(h.kind == PROJECT and h.source == "gazetteer" and h.end == m.end() for h in hits):
        return []
    if "等" in s[:body_end]:
        k = s.rindex("等", 0, body_end)
        if s[k + 1 :] and not _heads(start + k + 1, s[k + 1 :], hits):
            return _projects_per_place(text, start, s, k, m.end())
        start, s, body_end = start + k + 1, s[k + 1 :], body_end - k - 1
    needed = {"place"} if suffix.endswith("湿地") else {ENTERPRISE} if suffix.endswith("设施") else None
    for p, kind in _heads(start, s, hits):
        if (needed and kind not in needed) or p >= body_end:
            continue
        n = s[p:]
        if len(n) - len(suffix) < 2 or any(v in n[: len(n) - len(suffix)] for v in pats.project_verbs):
            continue
        return [Hit(PROJECT, n, start + p, m.end())]
    return []


def find_works(text: str, hits: list[Hit], pats: WorksPatterns,
               in_units: Callable[[int, int], bool] = _nowhere) -> list[Hit]:
    """Named projects in text; `hits` are the names found before (rivers, enterprises) that can head one."""
    found = (h for m in pats.project.finditer(text) for h in _project(text, m, hits, pats))
    return [h for h in found if not in_units(h.start, h.end)]

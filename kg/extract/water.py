"""The `water_and_sections` component: rivers, reservoirs and monitoring sections that no gazetteer lists.

Rivers in lists of rivers (偏关河、朱家川河、牧马河), a river named before a water work (新河生态治理工程),
reservoirs (a project where a build verb governs them), and monitoring sections and stations (…断面,
…水质自动监测站, the suffix distributed over a list), tied to the river written just before them.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.gazetteer import gazetteer
from kg.extract.mentions import CJK, PROJECT, RIVER, SECTION, TRIM_WORDS, Hit, cut_after_last, in_units, merge_hits, scan_back
from kg.extract.places import place_chain


@Language.factory(
    "water_and_sections",
    default_config={
        "reference": [],
        "river_suffixes": ["河", "渠"],
        "river_work_words": ["生态治理", "综合治理", "水质提升", "生态缓冲带", "流域", "干流", "支流", "水生态",
                             "生态流量", "河道", "沿岸", "治理", "整治", "清淤"],
        "not_rivers": ["河流", "江河", "河湖", "沟渠", "河渠", "干渠", "支渠", "水渠", "运河", "入河", "出河", "界河",
                       "跨河", "沿河", "护河", "清河"],
        "generic_river_words": ["重点", "主要", "城市", "黑臭", "流经", "干支", "上下游", "重要", "跨界", "污染", "较重",
                                "排污", "全市", "各"],
        "section_suffixes": ["断面水质自动监测站", "水质自动监测站", "自动监测站", "断面"],
        "generic_section_words": ["考", "控", "监测", "重要", "河流", "出境", "入境", "跨界", "国", "省", "市", "县",
                                  "一", "各", "个", "的", "等", "全部", "所有", "点位", "水质", "地表水", "责任", "目标",
                                  "名", "该", "本", "相关", "周边", "交界"],
        "build_verbs": ["谋划实施", "实施", "建设", "新建", "续建", "开工", "推进"],
    },
)
def make_water_and_sections(nlp: Language, name: str, reference: list[str], river_suffixes: list[str],
                            river_work_words: list[str], not_rivers: list[str], generic_river_words: list[str],
                            section_suffixes: list[str], generic_section_words: list[str], build_verbs: list[str]):
    """Rivers, reservoirs and monitoring sections that no gazetteer lists, found by pattern with context checks."""
    gaz = gazetteer(reference)
    suf = "".join(river_suffixes)
    work = re.compile(rf"([{CJK}]{{1,5}}?[{suf}])(?={'|'.join(map(re.escape, sorted(river_work_words, key=len, reverse=True)))})")
    sec_re = re.compile("|".join(map(re.escape, sorted(section_suffixes, key=len, reverse=True))))
    reservoir = re.compile(rf"([{CJK}]{{2,4}}?)水库")
    not_rivers_set = set(not_rivers)
    known = tuple(sorted(gaz.rivers, key=len, reverse=True))

    def river_ok(n: str) -> bool:
        """A pattern-found river name: not generic, not a known river with words before it (巩固黄河, 温县老蟒河)."""
        if any(n.endswith(k) and n != k for k in known) or place_chain(n, allow_short=False):
            return False
        if len(n) < 2 or len(n) > 7 or n in not_rivers_set or n[-1] not in suf:
            return False
        if any(w in n for w in generic_river_words) or any(n.endswith(w) for w in not_rivers):
            return False
        if n[0] in "入出跨界沿护各全该本等和与及的河":
            return False
        return re.fullmatch(rf"[{CJK}]+", n) is not None

    def river_in_item(item: str, first: bool) -> tuple[int, int] | None:
        """(start, end) in item of the river it names: the first item is cut after its last verb."""
        off = cut_after_last(item, TRIM_WORDS) if first else 0
        m = re.match(rf"[{CJK}]{{1,6}}?[{suf}](?![{suf}])", item[off:])
        if not m:
            return None
        return (off + m.start(), off + m.end()) if river_ok(m.group()) else None

    def component(doc: Doc) -> Doc:
        text = doc.text
        hits: list[Hit] = list(doc._.entities or [])
        # (a) lists of rivers: at least two items of a 、 list name a river
        for m in re.finditer(r"[^，。；：！？\n、]+(?:、[^，。；：！？\n、]+)+", text):
            items, pos = [], m.start()
            for part in m.group().split("、"):
                items.append((pos, part))
                pos += len(part) + 1
            found = []
            for k, (p, item) in enumerate(items):
                span = river_in_item(item, k == 0)
                if span:
                    found.append((p + span[0], p + span[1]))
            if len(found) >= 2:
                for a, b in found:
                    hits.append(Hit(RIVER, text[a:b], a, b))
        # (b) a river named just before a water work: 新河生态治理工程, 汾河流域
        for m in work.finditer(text):
            start = scan_back(text, m.end(), limit=8)
            s = text[start : m.end()]
            off = cut_after_last(s[:-1], TRIM_WORDS)
            n = s[off:]
            if river_ok(n) and not in_units(doc, start + off, m.end()):
                hits.append(Hit(RIVER, n, start + off, m.end()))
        # (c) reservoirs: a project where a build verb governs them (谋划实施九渡水库、田坪水库), else a water body
        for m in reservoir.finditer(text):
            start = scan_back(text, m.end(), limit=10)
            s = text[start : m.end()]
            off = cut_after_last(s[:-2], TRIM_WORDS)
            n = s[off:]
            if len(n) < 4 or any(w in n for w in generic_river_words) or re.search(r"[或和及与的等、]", n):
                continue
            lead = text[max(0, start - 40) : start + off]
            lead = lead[max(lead.rfind("，"), lead.rfind("。"), lead.rfind("；")) + 1 :]
            head = lead.split("、")[0]
            kind = PROJECT if any(v in head for v in build_verbs) else RIVER
            hits.append(Hit(kind, n, start + off, m.end()))
        known_rivers = [h for h in hits if h.kind == RIVER]
        # (d) monitoring sections and stations
        for m in sec_re.finditer(text):
            suffix = m.group()
            start = scan_back(text, m.start(), limit=12)
            s = text[start : m.start()]
            river = None
            tie = [h for h in known_rivers if start <= h.start and h.end <= m.start() and h.end > start]
            if tie:
                r = max(tie, key=lambda h: h.end)
                if r.end < m.start():
                    river, start, s = r.label, r.end, text[r.end : m.start()]
            else:
                off = cut_after_last(s, TRIM_WORDS)
                start, s = start + off, s[off:]
            if not _section_name_ok(s, generic_section_words):
                continue
            name = s + suffix
            hits.append(Hit(SECTION, name, start, m.end(), river or gaz.sections.get(name)))
            # the suffix distributed over a list: 河西村、川胡屯、…、茨沟营桥断面水质自动监测站
            j = start
            while j > 0 and text[j - 1] == "、":
                b = j - 1
                a = scan_back(text, b, limit=12)
                item = text[a:b]
                off = cut_after_last(item, TRIM_WORDS)
                item, a = item[off:], a + off
                if not _section_name_ok(item, generic_section_words) or sec_re.search(item):
                    break
                hits.append(Hit(SECTION, item + suffix, a, b, gaz.sections.get(item + suffix)))
                j = a
        doc._.entities = merge_hits(hits)
        return doc

    return component


def _section_name_ok(s: str, generic: list[str]) -> bool:
    if not (2 <= len(s) <= 6) or not re.fullmatch(rf"[{CJK}]+", s):
        return False
    return not any(w in s for w in generic)

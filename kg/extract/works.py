"""The `named_works` component: named projects and enterprises.

Projects: …工程, …项目, …湿地 with a place, river, enterprise or quoted proper name at their head; a 等 list of
places before the suffix gives one project per place. Enterprises: …有限公司, …集团, …厂 with a place at their
head, and the items of `A、B、C等公司`.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.mentions import ENTERPRISE, PROJECT, RIVER, TRIM_WORDS, Hit, in_units, merge_hits, scan_back, strip_words
from kg.extract.places import LEVEL_RANK, find_place, place_chain


@Language.factory(
    "named_works",
    default_config={
        "reference": [],
        "project_suffix": r"(?:工程(?:（[一二三四五六七八九十\d]+期）)?(?:[一二三四五六七八九十\d]+标段)?|项目|湿地|自动监测设施)+",
        "enterprise_suffix": r"(?:集团)?(?:股份有限公司|有限责任公司|有限公司)|集团(?![化式])|污水处理厂|污水净化中心|厂(?![区房长商家矿际内])",
        "company_suffixes": ["集团股份有限公司", "集团有限公司", "股份有限公司", "有限责任公司", "有限公司", "集团"],
        "generic_heads": ["城镇", "城市", "农村", "乡镇", "各", "全市", "全县", "全区", "全部", "所有", "现有", "工业", "相关", "重点", "一批",
                          "有关", "部分"],
        "verbs_inside": ["完成", "推进", "开展", "实施", "加快", "推动", "落实", "督促", "组织", "确保", "鼓励", "建成",
                         "投入", "严格", "强化"],
        "list_heads": ["等公司", "等企业", "等单位"],
        # verbs that make a run a clause, not a name (整县推进项目 is a name, so 推进 is not one of them)
        "project_verbs": ["新建", "严禁", "禁止", "完成", "开展", "加快", "确保", "鼓励", "纳入", "督促"],
    },
)
def make_named_works(nlp: Language, name: str, reference: list[str], project_suffix: str, enterprise_suffix: str,
                     company_suffixes: list[str], generic_heads: list[str], verbs_inside: list[str],
                     list_heads: list[str], project_verbs: list[str]):
    """Named projects and enterprises: a proper head (place, river, enterprise, quoted name) before a works suffix."""
    proj_re = re.compile(project_suffix)
    ent_re = re.compile(enterprise_suffix)
    companies = tuple(company_suffixes)
    generic = tuple(generic_heads)

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

    def enterprise(text: str, m: re.Match, hits: list[Hit]) -> Hit | None:
        start = scan_back(text, m.start(), parens=True)
        s = text[start : m.end()]
        # a company suffix earlier in the run ends another name: 孟州市信环水务有限公司|污水处理厂
        for cs in companies:
            k = s.rfind(cs, 0, len(s) - len(m.group()))
            if k >= 0:
                start, s = start + k + len(cs), s[k + len(cs) :]
        if "等" in s[: len(s) - len(m.group())]:
            k = s.rindex("等", 0, len(s) - len(m.group())) + 1
            start, s = start + k, s[k:]
        rivers = [(h.start - start, h.end - start) for h in hits if h.kind == RIVER and start <= h.start < start + len(s)]
        for _ in range(3):
            # the name starts at a place: right after the leading verbs (short names allowed: 静乐, 霍州), or
            # else at the first full division name in the run (加快推进孟州市…)
            lead = strip_lead(s, rivers)
            p = lead if lead < len(s) and place_chain(s[lead:]) else find_place(s[: len(s) - len(m.group())])
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
            verb = next((v for v in verbs_inside if v in body[: len(body) - len(m.group())]), None)
            if verb:  # 偏关县完成县城污水处理厂: the place is not this name's
                k = s.index(verb, p) + len(verb)
                start, s = start + k, s[k:]
                rivers = [(a - k, b - k) for a, b in rivers]
                continue
            if body.startswith(generic) or len(body) < 2:
                return None
            return Hit(ENTERPRISE, s[p:], start + p, start + len(s))
        if m.group() in companies:
            off = strip_lead(s, rivers)
            n = s[off:]
            if 2 <= len(n) - len(m.group()) <= 14 and not n.startswith(generic):
                return Hit(ENTERPRISE, n, start + off, start + len(s))
        return None

    def heads(start: int, s: str, hits: list[Hit]) -> list[tuple[int, str]]:
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
            inner = q.group(1)
            if find_place(inner) is not None or any(h.kind == RIVER and start + q.start() < h.start < start + q.end() for h in hits):
                out.append((q.start(), "quote"))
        return sorted(out)

    def project(text: str, m: re.Match, hits: list[Hit]) -> list[Hit]:
        suffix = m.group()
        start = scan_back(text, m.start(), quotes=True, parens=True)
        s = text[start : m.end()]
        body_end = len(s) - len(suffix)
        if any(h.kind == PROJECT and h.source == "gazetteer" and h.end == m.end() for h in hits):
            return []
        if "等" in s[:body_end]:
            k = s.rindex("等", 0, body_end)
            obj = s[k + 1 :]
            out = []
            if obj and not heads(start + k + 1, obj, hits):
                # 岢岚县、五寨县、繁峙县砂河镇等城镇生活污水处理厂扩容工程: one project per place of the list
                items = []
                parts = [(start, s[:k])]
                j = start
                while j > 0 and text[j - 1] == "、":
                    b = j - 1
                    a = scan_back(text, b)
                    parts.insert(0, (a, text[a:b]))
                    j = a
                for a, part in parts:
                    off = strip_lead(part, [])
                    place = part[off:]
                    chain = place_chain(place)
                    if chain and chain[-1][1] == len(place):
                        items.append((a + off, place))
                if items and len(items) == len(parts):
                    for a, place in items:
                        out.append(Hit(PROJECT, place + obj, a, m.end()))
                return out
            start, s, body_end = start + k + 1, s[k + 1 :], body_end - k - 1
        cands = heads(start, s, hits)
        if not cands:
            return []
        kinds_needed = None
        if suffix.endswith("湿地"):
            kinds_needed = {"place"}
        elif suffix.endswith("设施"):
            kinds_needed = {ENTERPRISE}
        for p, kind in cands:
            if kinds_needed and kind not in kinds_needed:
                continue
            if p >= body_end:
                continue
            n = s[p:]
            if len(n) - len(suffix) < 2 or any(v in n[: len(n) - len(suffix)] for v in project_verbs):
                continue
            return [Hit(PROJECT, n, start + p, m.end())]
        return []

    def component(doc: Doc) -> Doc:
        text = doc.text
        hits: list[Hit] = list(doc._.entities or [])
        new: list[Hit] = []
        for m in ent_re.finditer(text):
            h = enterprise(text, m, hits)
            if h and not in_units(doc, h.start, h.end):
                new.append(h)
        # 龙蟒佰利联集团、健康元、隆丰皮草、大咖食品等公司
        for lh in list_heads:
            for m in re.finditer(re.escape(lh), text):
                j = m.start()
                items = []
                while True:
                    a = scan_back(text, j, limit=16)
                    item = text[a:j]
                    off = strip_lead(item, [])
                    if 2 <= len(item) - off <= 12:
                        items.append((a + off, j))
                    if a > 0 and text[a - 1] == "、":
                        j = a - 1
                        continue
                    break
                if len(items) >= 2:
                    new.extend(Hit(ENTERPRISE, text[a:b], a, b) for a, b in items)
        hits = merge_hits(hits + new)
        new = []
        for m in proj_re.finditer(text):
            for h in project(text, m, hits):
                if not in_units(doc, h.start, h.end):
                    new.append(h)
        doc._.entities = merge_hits(hits + new)
        return doc

    return component

"""Targets: an indicator with a value, unit, comparator, year and, for water quality, a monitoring section.

Plans state targets in a handful of shapes, one pattern each: a verb and a value (PM2.5浓度不高于45微克/立方米,
优良天数比例达到80%以上), a change (下降10%), a water class (断面水质达到III类, 消除劣V类), counts after 完成
(完成造林0.03万亩，森林抚育0.05万亩) and time limits (30分钟内到达现场). They are read off a masked copy of
the text (kg/extract/masks.py) so a 文号, date or project number is never taken for a value; the indicator is
the clause before the verb without its time phrase, place and 力争/均/分别 words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from kg.extract.mentions import CJK, Hit, strip_words
from kg.extract.places import place_chain
from kg.extract.words import COUNT_QUALIFIERS, COUNT_TAIL, POLICY_FACTS

_NUM = r"\d+(?:\.\d+)?"
ROMAN = r"(?:III|II|IV|V|I)"
_CN_ROMAN = {"一": "I", "二": "II", "三": "III", "四": "IV", "五": "V"}
_RATE = r"(?:率|比例|比重)$"
_SHARE = r"(?:比例|比重)$"


@dataclass(frozen=True)
class TargetHit:
    indicator: str
    value: float | str
    unit: str | None
    comparator: str
    year: int | None  # None: the plan year
    start: int
    end: int
    section: str | None = None


@dataclass(frozen=True)
class TargetPatterns:
    """The compiled target patterns and comparator tables of one `policy_facts` configuration."""

    numeric: re.Pattern[str]  # 控制在45微克/立方米以内
    change: re.Pattern[str]  # 下降10%
    klass: re.Pattern[str]  # 达到或优于III类
    worse: re.Pattern[str]  # 消除劣V类
    count: re.Pattern[str]  # 完成造林0.03万亩
    within: re.Pattern[str]  # 30分钟内到达现场
    cont: re.Pattern[str]  # ，森林抚育0.05万亩 after a count
    link: re.Pattern[str]  # one value and count unit of a count list
    value: re.Pattern[str]  # one value of a 、 list, with its unit
    verbs: Mapping[str, str]
    bounds: Mapping[str, str]
    class_verbs: Mapping[str, str]
    day_units: tuple[str, ...]  # the count units and 天
    leads: tuple[str, ...]
    trails: tuple[str, ...]


def _alt(words, longest_first: bool = True) -> str:
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True) if longest_first else words))


def target_patterns(units: list[str] = POLICY_FACTS["units"], count_units: list[str] = POLICY_FACTS["count_units"],
                    verbs: dict[str, str] = POLICY_FACTS["verbs"],
                    change_verbs: list[str] = POLICY_FACTS["change_verbs"],
                    bounds: dict[str, str] = POLICY_FACTS["bounds"],
                    count_verbs: list[str] = POLICY_FACTS["count_verbs"],
                    class_verbs: dict[str, str] = POLICY_FACTS["class_verbs"],
                    lead_words: list[str] = POLICY_FACTS["lead_words"],
                    trail_words: list[str] = POLICY_FACTS["trail_words"]) -> TargetPatterns:
    """The target patterns of the `policy_facts` word lists, compiled once per pipeline."""
    unit, cunit = _alt(units), _alt(count_units)
    vals = rf"(?P<vals>{_NUM}(?:{unit})?(?:、{_NUM}(?:{unit})?)*)"
    klass = (rf"(?P<verb>{_alt(class_verbs)})(?:优良水质|水质)?（?(?P<c1>{ROMAN}|[一二三四五])"
             rf"(?:[—\-－~～至到](?P<c2>{ROMAN}|[一二三四五]))?类）?(?P<tail>比例|标准|水体比例)?")
    return TargetPatterns(
        numeric=re.compile(rf"(?P<verb>{_alt(verbs)})(?P<fill>[^\d，；。□、]{{1,12}}?的)?{vals}(?P<bound>{_alt(bounds)})?"),
        change=re.compile(rf"(?P<verb>{_alt(change_verbs, False)})(?P<vals>{_NUM}(?:{unit}))(?![至到])"),
        klass=re.compile(klass),
        worse=re.compile(rf"消除劣(?P<c1>{ROMAN})类"),
        count=re.compile(rf"(?P<verb>{_alt(count_verbs, False)})(?P<fill>[^\d，；。、]{{0,20}}?)"
                         rf"(?P<chain>(?:{_NUM}(?:{cunit})[^\d，；。、]*)+)"),
        within=re.compile(rf"(?P<n>{_NUM})(?P<unit>分钟|小时|个工作日|天|日)内(?P<v>[{CJK}]{{2}})(?P<o>[^\d，；。、]{{2,12}})"),
        cont=re.compile(rf"^(?P<obj>[{CJK}]{{2,12}}?)(?P<n>{_NUM})(?P<unit>{cunit})$"),
        link=re.compile(rf"({_NUM})({cunit})"),
        value=re.compile(rf"({_NUM})({unit})?$"),
        verbs=MappingProxyType(dict(verbs)),
        bounds=MappingProxyType(dict(bounds)),
        class_verbs=MappingProxyType(dict(class_verbs)),
        day_units=(*count_units, "天"),
        leads=tuple(sorted(lead_words, key=len, reverse=True)),
        trails=tuple(sorted(trail_words, key=len, reverse=True)),
    )


# ---- the text a target is read from ----------------------------------------------------------------------
@dataclass(frozen=True)
class _Text:
    text: str
    masked: str
    sent_starts: tuple[int, ...]
    sections: tuple[Hit, ...]

    def sent_of(self, pos: int) -> int:
        return max(s for s in self.sent_starts if s <= pos)

    def clause_start(self, pos: int) -> int:
        return max(self.masked.rfind(c, 0, pos) for c in "，；。：\n！？") + 1

    def year(self, pos: int) -> int | None:
        return sentence_year(self.text, self.sent_of(pos), pos)


def clean_subject(text: str, a: int, b: int, pats: TargetPatterns) -> tuple[str, int]:
    """The indicator in text[a:b] and where it starts: no time phrase, 全市/力争/place words, counts or 均/分别."""
    s = text[a:b]
    m = re.match(r"(?:到|至|于)?\d{4}年(?:\d{1,2}月)?(?:年底|底)?(?:前)?[，,]?", s)
    off = m.end() if m else 0
    while True:
        _, k = strip_words(s[off:], pats.leads)
        off += k
        m = re.match(r"\d+个", s[off:])
        if m:
            off += m.end()
            continue
        chain = place_chain(s[off:], allow_short=False)
        if chain and chain[-1][1] < len(s) - off - 2:
            off += chain[-1][1]
            continue
        if k == 0:
            break
    rest, _ = strip_words(s[off:], pats.trails, leading=False, trailing=True)
    return rest, a + off


def sentence_year(text: str, sent_start: int, pos: int) -> int | None:
    """The year a target is set for, when its sentence says so (到2022年底，…); None means the plan year."""
    seg = text[sent_start:pos]
    found = re.findall(r"(?:到|至)?(\d{4})年(?:年底|底)?(?:前)?(?=[，,]|[全我各])", seg)
    if found:
        return int(found[-1])
    m = re.match(r"(?:到|至)?(\d{4})年", seg)
    return int(m.group(1)) if m else None


def split_values(vals: str, pats: TargetPatterns) -> list[tuple[float, str | None]]:
    """The values of 77、44微克/立方米, each with its unit: a unit written once at the end counts for all."""
    out = []
    for part in vals.split("、"):
        m = pats.value.match(part)
        out.append((float(m.group(1)), m.group(2)))
    last = None
    for i in range(len(out) - 1, -1, -1):
        if out[i][1]:
            last = out[i][1]
        else:
            out[i] = (out[i][0], last)
    return out


def split_pairs(subject: str, n: int) -> list[str] | None:
    """PM10、PM2.5浓度 with two values → [PM10浓度, PM2.5浓度]; None when the subject is no list of n names."""
    import jieba

    items = subject.split("、")
    if len(items) != n or n < 2 or not items[0] or not items[-1]:
        return None
    first, last = items[0], items[-1]
    m = re.search(r"[A-Za-z][A-Za-z0-9.]*$", first)
    if m:
        prefix, first_name = "", m.group()
    else:
        first_name = jieba.lcut(first)[-1]
        prefix = first[: len(first) - len(first_name)]
    m = re.match(r"[A-Za-z][A-Za-z0-9.]*", last)
    last_name = m.group() if m else jieba.lcut(last)[0]
    suffix = last[len(last_name) :]
    return [prefix + x + suffix for x in [first_name, *items[1:-1], last_name]]


def _roman(s: str | None) -> str | None:
    return None if s is None else _CN_ROMAN.get(s, s)


def _number(v: float) -> float | int:
    return int(v) if float(v).is_integer() else v


# ---- one reader per target shape -------------------------------------------------------------------------
def _class_targets(t: _Text, pats: TargetPatterns, kind: str, m: re.Match, prev: TargetHit | None) -> list[TargetHit]:
    """达到III类 / 消除劣V类: one target per monitoring section named in the clause, else one for its subject."""
    if kind == "class" and m.group("tail"):
        return []
    pos = m.start()
    cs, year = t.clause_start(pos), t.year(pos)
    c1 = _roman(m.group("c1"))
    c2 = _roman(m.group("c2")) if kind == "class" and m.group("c2") else None
    value = c2 or c1
    cmp = "<=" if (c2 or kind == "worse") else pats.class_verbs[m.group("verb")]
    secs = [h for h in t.sections if cs <= h.start and h.end <= pos]
    if secs:
        return [TargetHit(f"{h.label}水质", value, "类", cmp, year, cs, m.end(), h.label) for h in secs]
    subject, a = clean_subject(t.text, cs, pos, pats)
    if not subject:
        return []
    return [TargetHit(subject if subject.endswith("水质") else subject + "水质", value, "类", cmp, year, a, m.end())]


def _borrowed_head(t: _Text, subject: str, prev: TargetHit | None, cs: int, pos: int) -> str:
    """整治率达70% right after 入河排污口溯源率达80%: the short rate takes the previous indicator's head."""
    if len(subject) <= 3 and prev is not None and prev.end >= cs - 1 and t.sent_of(prev.start) == t.sent_of(pos):
        hm = re.match(rf"(.+?)[{CJK}]{{1,2}}{_RATE}", prev.indicator)
        if hm and re.search(_RATE, subject):
            return hm.group(1) + subject
    return subject


def _value_targets(t: _Text, pats: TargetPatterns, kind: str, m: re.Match, prev: TargetHit | None) -> list[TargetHit]:
    """不高于45微克/立方米 / 下降10%: one target per value, a 、 list of subjects paired with the values."""
    mt, pos, end = t.masked, m.start(), m.end()
    if kind == "numeric" and m.group("verb") == "达" and not mt[m.start("verb") + 1 : m.start("verb") + 2].isdigit():
        return []
    if mt[end : end + 1] == "的":
        return []
    values = split_values(m.group("vals"), pats)
    if values[-1][1] is None:
        return []
    cs = t.clause_start(pos)
    subject, a = clean_subject(t.text, cs, pos, pats)
    if kind == "change":
        subject, cmp = subject + m.group("verb"), "="
    else:
        cmp = pats.bounds[m.group("bound")] if m.group("bound") else pats.verbs[m.group("verb")]
    if not subject:
        return []
    subject = _borrowed_head(t, subject, prev, cs, pos)
    if kind == "numeric" and m.group("fill"):  # 创建数量达到辖区在建工程的30%: a share of something
        subject = f"{subject}占{t.text[m.start('fill') : m.end('fill') - 1]}比例"
    names = split_pairs(subject, len(values)) if len(values) > 1 else None
    year = t.year(pos)
    out = []
    for i, (v, u) in enumerate(values):
        ind = names[i] if names else subject
        if not names and u in pats.day_units and re.search(_SHARE, subject) and i > 0:
            ind = re.sub(_SHARE, "", subject)  # 比例达到66.5%、243天: the days are no share
        out.append(TargetHit(ind, _number(v), u, cmp, year, a, end))
    return out


def _count_targets(t: _Text, pats: TargetPatterns, kind: str, m: re.Match, prev: TargetHit | None) -> list[TargetHit]:
    """完成造林0.03万亩 / 关停3家、改造5家: one count per value, each with the object written after it."""
    chain, base = m.group("chain"), m.start("chain")
    parts = list(pats.link.finditer(chain))
    ends = [p.start() for p in parts[1:]] + [len(chain)]
    objs = [(float(p.group(1)), p.group(2), t.text[base + p.end() : base + e]) for p, e in zip(parts, ends)]
    year = t.year(m.start())
    if len(objs) == 1 and not objs[0][2]:
        subject, _ = clean_subject(t.text, m.start("fill"), m.end("fill"), pats)
        if not subject or "□" in t.masked[m.start("fill") : m.end("fill")]:
            return []
        start = m.start()
        before = t.text[max(0, start - 2) : start]
        if before in COUNT_QUALIFIERS:  # 新增完成…6个: not a total, so the wording keeps it
            subject, start = before + m.group("verb") + subject, start - 2
        return [TargetHit(subject, _number(objs[0][0]), objs[0][1], "=", year, start, m.end())]
    tm = re.search(COUNT_TAIL, objs[-1][2])
    tail = tm.group() if len(objs) > 1 and tm else ""
    if not all(o for _, _, o in objs):
        return []
    return [TargetHit(o if o.endswith(tail) else o + tail, _number(v), u, "=", year, m.start(), m.end())
            for v, u, o in objs]


def _within_targets(t: _Text, pats: TargetPatterns, kind: str, m: re.Match, prev: TargetHit | None) -> list[TargetHit]:
    """30分钟内到达现场: a time limit on the action, as 现场到达时间 <= 30分钟."""
    pos = m.start()
    ind = m.group("o") + m.group("v") + "时间"
    n = _number(float(m.group("n")))
    return [TargetHit(ind, n, m.group("unit"), "<=", t.year(pos), t.clause_start(pos), m.end())]


_READERS = {"class": _class_targets, "worse": _class_targets, "numeric": _value_targets, "change": _value_targets,
            "count": _count_targets, "within": _within_targets}


def _continuations(t: _Text, pats: TargetPatterns, targets: list[TargetHit],
                   taken: list[tuple[int, int]]) -> list[TargetHit]:
    """完成造林0.03万亩，森林抚育0.05万亩: a clause of object and count after an = target continues it."""
    taken = list(taken)
    extra = []
    for h in targets:
        if h.comparator != "=" or t.masked[h.end : h.end + 1] != "，":
            continue
        j = e = h.end + 1
        while e < len(t.masked) and t.masked[e] not in "，；。\n":
            e += 1
        cm = pats.cont.match(t.masked[j:e])
        if cm and not any(a <= j < b for a, b in taken):
            obj = t.text[j : j + len(cm.group("obj"))]
            extra.append(TargetHit(obj, _number(float(cm.group("n"))), cm.group("unit"), "=", h.year, j, e))
            taken.append((j, e))
    return extra


def find_targets(text: str, masked: str, pats: TargetPatterns, sections: Sequence[Hit] = ()) -> list[TargetHit]:
    """Targets of text in text order; `masked` is `mask_non_values(text)`, `sections` the section hits in it."""
    sent_starts = (0, *(m.end() for m in re.finditer(r"[。；！？\n]", text)))
    t = _Text(text, masked, sent_starts, tuple(sections))
    shapes = (("class", pats.klass), ("worse", pats.worse), ("numeric", pats.numeric), ("change", pats.change),
              ("count", pats.count), ("within", pats.within))
    events = [(m.start(), kind, m) for kind, p in shapes for m in p.finditer(masked)]
    events.sort(key=lambda e: (e[0], e[1] != "class"))
    targets: list[TargetHit] = []
    taken: list[tuple[int, int]] = []
    prev: TargetHit | None = None  # the last target found, for 溯源率达80%，整治率达70%
    for pos, kind, m in events:
        if any(a <= pos < b for a, b in taken):
            continue
        new = _READERS[kind](t, pats, kind, m, prev)
        targets += new
        taken += [(h.start, h.end) for h in new]
        prev = new[-1] if new else prev
    return sorted(targets + _continuations(t, pats, targets, taken), key=lambda h: (h.start, h.end))

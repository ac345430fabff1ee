"""The `policy_facts` component: targets, deadlines and periods, and the goals section where a plan sets targets.

Targets are an indicator with a value, unit, comparator, year and, for water quality, a monitoring section
(PM2.5浓度不高于45微克/立方米, 断面水质达到III类, 完成造林0.03万亩); they are read off a copy of the text on
which citations, standards, dates, projects and enterprises are masked, so none of those is taken for a value.
Deadlines are dates to be resolved against the plan year (6月底前, 2023年年底前); periods are named or
recurring times (汛期, 每季度, 月调度).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.citations import STANDARD
from kg.extract.mentions import CJK, ENTERPRISE, PROJECT, SECTION, strip_words
from kg.extract.places import place_chain

for _ext in ("targets", "deadlines", "periods"):
    if not Doc.has_extension(_ext):
        Doc.set_extension(_ext, default=None)

_NUM = r"\d+(?:\.\d+)?"
ROMAN = r"(?:III|II|IV|V|I)"
_CN_ROMAN = {"一": "I", "二": "II", "三": "III", "四": "IV", "五": "V"}


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
class DateHit:
    year: int | None  # None: the plan year
    month: int
    day: int | None  # None: the last day of the month
    text: str
    start: int
    end: int

    def resolve(self, plan_year: int | None) -> date | None:
        y = self.year or plan_year
        if y is None:
            return None
        d = self.day or calendar.monthrange(y, self.month)[1]
        try:
            return date(y, self.month, d)
        except ValueError:
            return None


@dataclass(frozen=True)
class PeriodHit:
    label: str
    start: int
    end: int


@Language.factory(
    "policy_facts",
    default_config={
        "units": ["微克/立方米", "毫克/立方米", "毫克/升", "%", "天", "个", "家", "台次", "台", "条", "座", "处", "辆",
                  "万亩", "亩", "公里", "千米", "万吨", "吨", "蒸吨", "分钟", "小时", "项", "所", "批", "万千瓦", "千瓦"],
        "count_units": ["台次", "个", "家", "台", "条", "座", "处", "辆", "万亩", "亩", "公里", "千米", "万吨", "吨",
                        "项", "所", "批"],
        "verbs": {"不高于": "<=", "不超过": "<=", "不大于": "<=", "控制在": "<=", "下降至": "<=", "下降到": "<=",
                  "降至": "<=", "降低至": "<=", "降低到": "<=", "不低于": ">=", "不少于": ">=", "不小于": ">=",
                  "提高到": ">=", "提高至": ">=", "提升至": ">=", "提升到": ">=", "达到": "=", "保持在": "=",
                  "保持": "=", "稳定在": "=", "达": "="},
        "change_verbs": ["下降", "降低", "提高", "提升", "增长", "减少"],
        "bounds": {"以上": ">=", "以下": "<=", "以内": "<=", "之内": "<=", "内": "<=", "左右": "="},
        "count_verbs": ["完成", "推动"],
        "class_verbs": {"达到或优于": "<=", "达到或好于": "<=", "优于": "<=", "好于": "<=", "达到": "=", "保持": "="},
        "lead_words": ["全市", "全县", "全省", "全区", "我市", "我县", "各地", "力争", "确保", "基本", "全面", "持续",
                       "进一步", "实现", "原则上", "其中", "同时", "累计", "全年", "新增", "年度"],
        "trail_words": ["力争", "全部", "均", "原则上", "分别", "稳定", "基本", "要", "应", "需", "必须", "继续",
                        "持续", "确保", "总体", "任务"],
        "periods": ["主汛期", "汛期", "汛前", "汛后", "秋冬季", "冬春季", "采暖季", "供暖季", "非采暖季", "夏季", "冬季",
                    "春季", "秋季", "枯水期", "丰水期", "每季度", "每半年", "每月", "每周", "每年", "每日", "每天", "每旬"],
        "period_actions": ["预警", "研判", "通报", "调度", "抽查", "巡查", "会商", "监测", "报告", "报送", "检查"],
        "coordinated_periods": ["半年", "年度", "季度"],
    },
)
def make_policy_facts(nlp: Language, name: str, units: list[str], count_units: list[str], verbs: dict[str, str],
                      change_verbs: list[str], bounds: dict[str, str], count_verbs: list[str],
                      class_verbs: dict[str, str], lead_words: list[str], trail_words: list[str],
                      periods: list[str], period_actions: list[str], coordinated_periods: list[str]):
    """Targets, deadlines and periods of a text; values, years and dates are found on a masked copy."""
    unit_re = "|".join(map(re.escape, sorted(units, key=len, reverse=True)))
    cunit_re = "|".join(map(re.escape, sorted(count_units, key=len, reverse=True)))
    verb_re = "|".join(map(re.escape, sorted(verbs, key=len, reverse=True)))
    bound_re = "|".join(map(re.escape, sorted(bounds, key=len, reverse=True)))
    vals = rf"(?P<vals>{_NUM}(?:{unit_re})?(?:、{_NUM}(?:{unit_re})?)*)"
    numeric = re.compile(rf"(?P<verb>{verb_re})(?P<fill>[^\d，；。□、]{{1,12}}?的)?{vals}(?P<bound>{bound_re})?")
    change = re.compile(rf"(?P<verb>{'|'.join(map(re.escape, change_verbs))})(?P<vals>{_NUM}(?:{unit_re}))(?![至到])")
    klass = re.compile(
        rf"(?P<verb>{'|'.join(map(re.escape, sorted(class_verbs, key=len, reverse=True)))})(?:优良水质|水质)?（?"
        rf"(?P<c1>{ROMAN}|[一二三四五])(?:[—\-－~～至到](?P<c2>{ROMAN}|[一二三四五]))?类）?(?P<tail>比例|标准|水体比例)?"
    )
    worse = re.compile(rf"消除劣(?P<c1>{ROMAN})类")
    count = re.compile(
        rf"(?P<verb>{'|'.join(map(re.escape, count_verbs))})(?P<fill>[^\d，；。、]{{0,20}}?)"
        rf"(?P<chain>(?:{_NUM}(?:{cunit_re})[^\d，；。、]*)+)"
    )
    within = re.compile(rf"(?P<n>{_NUM})(?P<unit>分钟|小时|个工作日|天|日)内(?P<v>[{CJK}]{{2}})(?P<o>[^\d，；。、]{{2,12}})")
    cont = re.compile(rf"^(?P<obj>[{CJK}]{{2,12}}?)(?P<n>{_NUM})(?P<unit>{cunit_re})$")
    link = re.compile(rf"({_NUM})({cunit_re})")
    leads = tuple(sorted(lead_words, key=len, reverse=True))
    trails = tuple(sorted(trail_words, key=len, reverse=True))
    date_re = re.compile(
        r"(?P<to>到|至|于)?(?:(?P<y>\d{4})年)?(?:(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日|(?P<mend>底|末))?|(?P<yend>年底|底|末))"
        r"(?P<before>前|之前|以前)?"
    )
    year_only = re.compile(r"(?P<to>到|至)(?P<y>\d{4})年(?=[，,])")
    period_re = re.compile("|".join(map(re.escape, sorted(periods, key=len, reverse=True))))
    action_re = re.compile(rf"(?<![\d每上下本])([日周月季年])({'|'.join(map(re.escape, period_actions))})")
    coord_re = re.compile(rf"(?<![上下前后本])({'|'.join(map(re.escape, coordinated_periods))})(?=、)|(?<=、)({'|'.join(map(re.escape, coordinated_periods))})")

    def clean_subject(text: str, a: int, b: int) -> tuple[str, int]:
        """The indicator wording before a target verb: no time phrase, 全市/力争/place words, counts or 均/分别."""
        s = text[a:b]
        m = re.match(r"(?:到|至|于)?\d{4}年(?:\d{1,2}月)?(?:年底|底)?(?:前)?[，,]?", s)
        off = m.end() if m else 0
        while True:
            _, k = strip_words(s[off:], leads)
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
        rest, _ = strip_words(s[off:], trails, leading=False, trailing=True)
        return rest, a + off

    def sentence_year(text: str, sent_start: int, pos: int) -> int | None:
        """The year a target is set for, when its sentence says so (到2022年底，…); None means the plan year."""
        seg = text[sent_start:pos]
        found = re.findall(r"(?:到|至)?(\d{4})年(?:年底|底)?(?:前)?(?=[，,]|[全我各])", seg)
        if found:
            return int(found[-1])
        m = re.match(r"(?:到|至)?(\d{4})年", seg)
        return int(m.group(1)) if m else None

    def split_values(v: str) -> list[tuple[float, str | None]]:
        out = []
        for part in v.split("、"):
            m = re.match(rf"({_NUM})({unit_re})?$", part)
            out.append((float(m.group(1)), m.group(2)))
        last = None
        for i in range(len(out) - 1, -1, -1):  # a unit written once at the end counts for every value
            if out[i][1]:
                last = out[i][1]
            else:
                out[i] = (out[i][0], last)
        return out

    def pair(subject: str, n: int) -> list[str] | None:
        """PM10、PM2.5浓度 with two values → [PM10浓度, PM2.5浓度]; None when the subject is no list of n."""
        import jieba

        items = subject.split("、")
        if len(items) != n or n < 2:
            return None
        first, last = items[0], items[-1]
        m = re.search(r"[A-Za-z][A-Za-z0-9.]*$", first)
        if m:
            prefix, first_name = "", m.group()
        else:
            toks = jieba.lcut(first)
            first_name = toks[-1]
            prefix = first[: len(first) - len(first_name)]
        m = re.match(r"[A-Za-z][A-Za-z0-9.]*", last)
        if m:
            last_name = m.group()
        else:
            last_name = jieba.lcut(last)[0]
        suffix = last[len(last_name) :]
        names = [first_name, *items[1:-1], last_name]
        return [prefix + x + suffix for x in names]

    def component(doc: Doc) -> Doc:
        text = doc.text
        masked = list(text)

        def mask(a: int, b: int) -> None:
            for i in range(a, b):
                if masked[i] not in "，；。\n":
                    masked[i] = "□"

        # citations, standards, dates and years are never target values
        for m in re.finditer(r"《[^《》]{1,80}》(?:（[^（）]{0,30}(?:（\d{4}）[^（）]{0,10})?）)?", text):
            mask(m.start(), m.end())
        for m in STANDARD.finditer(text):
            mask(m.start(), m.end())
        deadlines: list[DateHit] = []
        for m in date_re.finditer(text):
            if masked[m.start()] == "□" and not m.group("to"):
                continue
            h = _date_hit(m)
            if h is not None:
                deadlines.append(h)
        for m in year_only.finditer(text):
            deadlines.append(DateHit(int(m.group("y")), 12, 31, text[m.start("y") : m.end()], m.start("y"), m.end()))
        for m in re.finditer(r"\d{4}年|\d{1,2}月\d{1,2}日|\d{1,2}月(?:底|末)?|\d{1,2}日", text):
            mask(m.start(), m.end())
        for h in doc._.entities or []:
            if h.kind in (PROJECT, ENTERPRISE):
                mask(h.start, h.end)
        mtext = "".join(masked)
        sections = [h for h in doc._.entities or [] if h.kind == SECTION]
        targets: list[TargetHit] = []
        sent_starts = [0] + [m.end() for m in re.finditer(r"[。；！？\n]", text)]

        def sent_of(pos: int) -> int:
            return max(s for s in sent_starts if s <= pos)

        def clause_start(pos: int) -> int:
            k = max(mtext.rfind(c, 0, pos) for c in "，；。：\n！？")
            return k + 1

        prev: TargetHit | None = None  # the last target found, for 溯源率达80%，整治率达70%
        taken: list[tuple[int, int]] = []

        def add(t: TargetHit) -> None:
            nonlocal prev
            targets.append(t)
            taken.append((t.start, t.end))
            prev = t

        events = []
        for kind, pattern in (("class", klass), ("worse", worse), ("numeric", numeric), ("change", change),
                              ("count", count), ("within", within)):
            events.extend((m.start(), kind, m) for m in pattern.finditer(mtext))
        events.sort(key=lambda e: (e[0], e[1] != "class"))
        for pos, kind, m in events:
            if any(a <= pos < b for a, b in taken):
                continue
            cs = clause_start(pos)
            year = sentence_year(text, sent_of(pos), pos)
            if kind in ("class", "worse"):
                if kind == "class" and m.group("tail"):
                    continue
                c1 = _roman(m.group("c1"))
                c2 = _roman(m.group("c2")) if kind == "class" and m.group("c2") else None
                value = c2 or c1
                cmp = "<=" if (c2 or kind == "worse") else class_verbs[m.group("verb")]
                secs = [h for h in sections if cs <= h.start and h.end <= pos]
                if secs:
                    for h in secs:
                        add(TargetHit(f"{h.label}水质", value, "类", cmp, year, cs, m.end(), h.label))
                    continue
                subject, a = clean_subject(text, cs, pos)
                if not subject:
                    continue
                ind = subject if subject.endswith("水质") else subject + "水质"
                add(TargetHit(ind, value, "类", cmp, year, a, m.end()))
            elif kind in ("numeric", "change"):
                if kind == "numeric" and m.group("verb") == "达" and not mtext[m.start("verb") + 1 : m.start("verb") + 2].isdigit():
                    continue
                end = m.end()
                if mtext[end : end + 1] == "的":
                    continue
                values = split_values(m.group("vals"))
                if values[-1][1] is None:
                    continue
                subject, a = clean_subject(text, cs, pos)
                if kind == "change":
                    subject = subject + m.group("verb")
                    cmp = "="
                else:
                    b = m.group("bound")
                    cmp = bounds[b] if b else verbs[m.group("verb")]
                if not subject:
                    continue
                # 整治率达70% after 入河排污口溯源率达80%: borrow the previous indicator's head
                if len(subject) <= 3 and prev is not None and prev.end >= cs - 1 and sent_of(prev.start) == sent_of(pos):
                    hm = re.match(rf"(.+?)[{CJK}]{{1,2}}(?:率|比例|比重)$", prev.indicator)
                    if hm and re.search(r"(?:率|比例|比重)$", subject):
                        subject = hm.group(1) + subject
                if kind == "numeric" and m.group("fill"):  # 创建数量达到辖区在建工程的30%: a share of something
                    subject = f"{subject}占{text[m.start('fill') : m.end('fill') - 1]}比例"
                names = pair(subject, len(values)) if len(values) > 1 else None
                for i, (v, u) in enumerate(values):
                    ind = names[i] if names else subject
                    if not names and u in count_units + ["天"] and re.search(r"(?:比例|比重)$", subject) and i > 0:
                        ind = re.sub(r"(?:比例|比重)$", "", subject)
                    add(TargetHit(ind, _number(v), u, cmp, year, a, end))
            elif kind == "count":
                chain = m.group("chain")
                parts = list(link.finditer(chain))
                objs = []
                for i, pm in enumerate(parts):
                    o_end = parts[i + 1].start() if i + 1 < len(parts) else len(chain)
                    objs.append((float(pm.group(1)), pm.group(2), text[m.start("chain") + pm.end() : m.start("chain") + o_end]))
                start = m.start()
                if len(objs) == 1 and not objs[0][2]:
                    subject, _ = clean_subject(text, m.start("fill"), m.end("fill"))
                    if not subject or "□" in mtext[m.start("fill") : m.end("fill")]:
                        continue
                    # 新增完成农村环境整治行政村6个: "new" counts are not totals, so the wording keeps it
                    before = text[max(0, m.start() - 2) : m.start()]
                    if before in ("新增", "累计"):
                        subject, start = before + m.group("verb") + subject, m.start() - 2
                    add(TargetHit(subject, _number(objs[0][0]), objs[0][1], "=", year, start, m.end()))
                    continue
                last = objs[-1][2]
                tail = ""
                tm = re.search(r"(有序|全部|基本|依法|完成|实现)?(退出|关停|淘汰|改造|提升|整治|替代|建设|治理)$", last)
                if len(objs) > 1 and tm:
                    tail = tm.group()
                if not all(o for _, _, o in objs):
                    continue
                for v, u, o in objs:
                    ind = o if o.endswith(tail) else o + tail
                    add(TargetHit(ind, _number(v), u, "=", year, start, m.end()))
            elif kind == "within":
                ind = m.group("o") + m.group("v") + "时间"
                add(TargetHit(ind, _number(float(m.group("n"))), m.group("unit"), "<=", year, cs, m.end()))
        # continuations: 完成造林0.03万亩，森林抚育0.05万亩
        extra = []
        for t in targets:
            if t.comparator != "=":
                continue
            k = t.end
            if mtext[k : k + 1] != "，":
                continue
            j = k + 1
            e = j
            while e < len(mtext) and mtext[e] not in "，；。\n":
                e += 1
            cm = cont.match(mtext[j:e])
            if cm and not any(a <= j < b for a, b in taken):
                extra.append(TargetHit(text[j : j + len(cm.group("obj"))], _number(float(cm.group("n"))), cm.group("unit"),
                                       "=", t.year, j, e))
                taken.append((j, e))
        targets.extend(extra)
        targets.sort(key=lambda t: (t.start, t.end))
        doc._.targets = targets
        doc._.deadlines = sorted(deadlines, key=lambda d: d.start)
        found: list[PeriodHit] = []
        for m in period_re.finditer(text):
            found.append(PeriodHit(m.group(), m.start(), m.end()))
        for m in action_re.finditer(text):
            found.append(PeriodHit(m.group(), m.start(), m.end()))
        for m in coord_re.finditer(text):
            found.append(PeriodHit(m.group(), m.start(), m.end()))
        spans = []
        for p in sorted(found, key=lambda p: (p.start, -(p.end - p.start))):
            if any(a <= p.start < b for a, b, _ in spans):
                continue
            spans.append((p.start, p.end, p))
        doc._.periods = [p for _, _, p in spans]
        return doc

    return component


def _roman(s: str | None) -> str | None:
    if s is None:
        return None
    return _CN_ROMAN.get(s, s)


def _number(v: float) -> float | int:
    return int(v) if float(v).is_integer() else v


def _date_hit(m: re.Match) -> DateHit | None:
    y = int(m.group("y")) if m.group("y") else None
    before = bool(m.group("before"))
    text = m.group()[len(m.group("to") or "") :]
    start = m.start() + len(m.group("to") or "")
    if m.group("m"):
        month = int(m.group("m"))
        if not 1 <= month <= 12:
            return None
        if m.group("d"):
            if not before:  # 2022年4月28日 is a signature date, 5月20日前 a deadline
                return None
            return DateHit(y, month, int(m.group("d")), text, start, m.end())
        if m.group("mend"):
            return DateHit(y, month, None, text, start, m.end())
        return None  # 9月 alone, or 6月前 (before June): no deadline
    if m.group("yend"):
        if y is None and not before:
            return None  # 年底 with neither year nor 前
        return DateHit(y, 12, 31, text, start, m.end())
    return None


# ---- the goals section -------------------------------------------------------------------------------------
_GOAL_HEADING = re.compile(r"^[一二三四五六七八九十]+、\s*(?:工作目标|主要目标|总体目标|目标任务|发展目标|目标指标)")
_GOAL_LABEL = re.compile(r"(?:主要目标指标|主要目标|目标指标|工作目标|总体目标)[：:]")
_SECTION = re.compile(r"^[一二三四五六七八九十]+、")


def goal_spans(text: str, out) -> list[tuple[int, int]]:
    """Spans of the goals section (二、工作目标 …) and of goal paragraphs (主要目标指标：…) outside the tasks."""
    from kg.ingest.outline import paragraphs

    paras = paragraphs(text)
    spans = []
    task_start = out.tasks[0].start if out.tasks else len(text)
    for i, p in enumerate(paras):
        if p.start >= task_start:
            break
        if _GOAL_HEADING.match(p.text):
            end = p.end
            for q in paras[i + 1 :]:
                if _SECTION.match(q.text) or q.start >= task_start:
                    break
                end = q.end
            spans.append((p.end, end))
        elif m := _GOAL_LABEL.search(p.text):  # 主要目标指标：… inside a paragraph
            spans.append((p.start + m.start(), p.end))
    return spans

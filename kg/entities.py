"""Entity components: rivers, sections, works, enterprises, targets, deadlines, periods, citations, annex tables.

Everything runs inside the spaCy pipeline (kg/nlp.py) and writes character offsets into `Doc` extensions,
so the rules live here (as registered, configurable components) and in the reference data, not in the CLI:

- `entity_ruler` (spaCy's EntityRuler) is fed from the gazetteers in `reference/gazetteers/`
  (rivers.csv, sections.csv with a river column, projects.csv, enterprises.csv); the same names are loaded
  into jieba so that they come out as single tokens.
- `gazetteer_entities` turns the ruler's matches into `doc._.entities`, adds gazetteer names that jieba glued
  into a longer word (黄河流域 is one jieba token) and applies the context checks (a name inside a unit of a
  responsibility bracket, such as 焦作黄河河务局, is not a mention of the river).
- `water_and_sections` finds what no gazetteer lists: rivers in lists of rivers (偏关河、朱家川河、牧马河),
  a river named before a water work (新河生态治理工程), reservoirs, and monitoring sections and stations
  (…断面, …水质自动监测站, the suffix distributed over a list), tied to the river written just before them.
- `named_works` finds named projects (…工程, …项目, …湿地 with a place, river, enterprise or quoted proper
  name at their head, 等 lists distributed) and enterprises (…有限公司, …集团, …厂 with a place at their head;
  `A、B、C等公司`).
- `policy_facts` finds targets (indicator, value, unit, comparator, year, section), deadlines (dates to be
  resolved against the plan year) and named or recurring periods.
- `policy_citations` finds 《…》 citations with their 文号 (〔〕 [ ] （ ） normalised to 〔〕) and standards.
- `annex_tables` (kg/annex.py) reads the tables annexed to a plan (附表) into rows.

`attach` and `attach_document` turn these findings into records (kg/records.py) with evidence.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from kg import divisions
from kg.records import Citation, Deadline, Mention, Period, Target

for _ext in ("entities", "targets", "deadlines", "periods", "citations", "annex"):
    if not Doc.has_extension(_ext):
        Doc.set_extension(_ext, default=None)

RIVER, SECTION, PROJECT, ENTERPRISE = "river", "section", "project", "enterprise"
KINDS = (RIVER, SECTION, PROJECT, ENTERPRISE)
LABEL_OF = {RIVER: "RIVER", SECTION: "SECTION", PROJECT: "PROJECT", ENTERPRISE: "ENTERPRISE"}
KIND_OF = {v: k for k, v in LABEL_OF.items()}
GAZETTEER_DIR = "gazetteers"

CJK = r"\u4e00-\u9fff"
_NUM = r"\d+(?:\.\d+)?"
ROMAN = r"(?:III|II|IV|V|I)"
_CN_ROMAN = {"一": "I", "二": "II", "三": "III", "四": "IV", "五": "V"}


# ---- findings written to Doc extensions (character offsets into doc.text) ------------------------------
@dataclass(frozen=True)
class Hit:
    kind: str  # river / section / project / enterprise
    label: str
    start: int
    end: int
    river: str | None = None
    source: str = "pattern"  # gazetteer / pattern


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


@dataclass(frozen=True)
class CitationHit:
    title: str | None
    doc_number: str | None
    kind: str  # directive / standard
    start: int
    end: int


# ---- reference data --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Gazetteer:
    rivers: dict[str, str]  # name -> kind (river / canal / reservoir / lake)
    sections: dict[str, str | None]  # name -> river
    projects: frozenset[str]
    enterprises: frozenset[str]

    def kind_of(self, name: str) -> str | None:
        for kind, names in ((SECTION, self.sections), (PROJECT, self.projects), (ENTERPRISE, self.enterprises),
                            (RIVER, self.rivers)):
            if name in names:
                return kind
        return None

    def names(self) -> list[tuple[str, str]]:
        out = [(RIVER, n) for n in self.rivers] + [(SECTION, n) for n in self.sections]
        out += [(PROJECT, n) for n in sorted(self.projects)] + [(ENTERPRISE, n) for n in sorted(self.enterprises)]
        return out


@lru_cache(maxsize=8)
def load_gazetteer(dirs: tuple[str, ...]) -> Gazetteer:
    from kg.reference import read_rows

    gdirs = [Path(d) / GAZETTEER_DIR for d in dirs]
    rivers = {r["name"]: r.get("kind") or "river" for r in read_rows("rivers.csv", gdirs, ("name",))}
    sections = {r["name"]: (r.get("river") or None) for r in read_rows("sections.csv", gdirs, ("name", "river"))}
    projects = frozenset(r["name"] for r in read_rows("projects.csv", gdirs, ("name",)))
    enterprises = frozenset(r["name"] for r in read_rows("enterprises.csv", gdirs, ("name",)))
    return Gazetteer(rivers, sections, projects, enterprises)


# ---- places ----------------------------------------------------------------------------------------------
# Two-character short names of divisions that are everyday words in these texts.
_SHORT_STOP = frozenset(
    "平原 前进 公安 和平 共和 新华 东方 中原 三河 长安 新城 老城 古城 城区 矿区 郊区 城中 市中 城关 东区 西区 "
    "河口 城东 城西 城北 江北 江南 河东 河西 安全 白山 东山 西山 南山 北山 金山 青山 宝山 龙山 中山 朝阳 永安 "
    "全州 全南 和平 兴业 兴国 永年 万年 长丰 安宁 宁安 普安 普定 开发 经济 高新 新区 城市 上海".split()
)
_LEVEL_RANK = {"province": 0, "city": 1, "county": 2, "township": 3}
_TOWNSHIP = re.compile(rf"[{CJK}]{{2,3}}?(?:镇|乡|街道|办事处)")


@lru_cache(maxsize=1)
def _places() -> tuple[dict[str, str], dict[str, str]]:
    """(full names → level, short names → level) of the national division table."""
    full: dict[str, str] = {}
    short: dict[str, str] = {}
    for name, divs in divisions.by_name().items():
        level = min((d.level for d in divs), key=_LEVEL_RANK.get)
        if len(name) >= 2:
            full[name] = level
        for suf in ("自治县", "自治州", "地区", "省", "市", "县", "区"):
            if name.endswith(suf) and len(name) - len(suf) >= 2:
                s = name[: -len(suf)]
                if s not in _SHORT_STOP:
                    short.setdefault(s, level)
                break
    return full, short


def place_chain(s: str, allow_short: bool = True) -> list[tuple[int, int, str]]:
    """The places a name starts with, as (start, end, level): 保德县桥头镇… → [保德县, 桥头镇]."""
    full, short = _places()
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(s):
        found = None
        for k in range(min(8, len(s) - i), 1, -1):
            w = s[i : i + k]
            if w in full and not (w in _SHORT_STOP and len(w) == 2):
                found = (i, i + k, full[w])
                break
        if found is None and allow_short and not out:
            for k in range(min(6, len(s) - i), 1, -1):
                w = s[i : i + k]
                if w in short and len(s) - i - k >= 2:
                    found = (i, i + k, short[w])
                    break
        if found is None and out:
            m = _TOWNSHIP.match(s, i)
            if m:
                found = (i, m.end(), "township")
        if found is None:
            break
        out.append(found)
        i = found[1]
    return out


def find_place(s: str) -> int | None:
    """Offset of the first full division name in s (孟州市, 代县 …), or None."""
    full, _ = _places()
    for i in range(len(s)):
        for k in range(min(8, len(s) - i), 1, -1):
            w = s[i : i + k]
            if w in full and w not in _SHORT_STOP:
                return i
    return None


# ---- shared text helpers ---------------------------------------------------------------------------------
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


def unit_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of the unit names the responsibility brackets found (computed once per doc)."""
    spans = doc.user_data.get("kg_unit_spans")
    if spans is None:
        spans = [(sp.start_char, sp.end_char) for sp in doc.spans["units"]] if "units" in doc.spans else []
        doc.user_data["kg_unit_spans"] = spans
    return spans


def _in_units(doc: Doc, start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in unit_spans(doc))


def _reference(reference: list[str]) -> tuple[str, ...]:
    return tuple(str(p) for p in reference)


# ---- hooks called by the pipeline and the extractor -----------------------------------------------------
def add_to(nlp: Language, reference: list[Path]) -> None:
    """Add the entity components to the pipeline; gazetteer names go into jieba and an EntityRuler."""
    import jieba

    ref = [str(p) for p in reference]
    gaz = load_gazetteer(tuple(ref))
    for _, name in gaz.names():
        jieba.add_word(name)
    if gaz.names():  # an EntityRuler without patterns warns on every text
        ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH"})
        ruler.add_patterns([{"label": LABEL_OF[k], "pattern": n, "id": n} for k, n in gaz.names()])
    nlp.add_pipe("gazetteer_entities", config={"reference": ref})
    nlp.add_pipe("water_and_sections", config={"reference": ref})
    nlp.add_pipe("named_works", config={"reference": ref})
    nlp.add_pipe("policy_facts")
    nlp.add_pipe("policy_citations")
    from kg import annex  # noqa: F401  registers the annex component

    nlp.add_pipe("annex_tables", config={"reference": ref})


def attach(task, sdoc, offset, ev, meta) -> None:
    """Fill one task's mentions, targets, deadlines, periods and citations from its processed text."""
    year = meta.year
    seen: set = set()
    for h in sdoc._.entities or []:
        if (h.kind, h.label) in seen:
            continue
        seen.add((h.kind, h.label))
        task.mentions.append(Mention(h.kind, h.label, ev(offset + h.start, offset + h.end), h.river))
    for t in sdoc._.targets or []:
        task.targets.append(_target(t, offset, ev, year))
    seen = set()
    for d in sdoc._.deadlines or []:
        when = d.resolve(year)
        if when is None or (when, d.text) in seen:
            continue
        seen.add((when, d.text))
        task.deadlines.append(Deadline(when, d.text, ev(offset + d.start, offset + d.end)))
    seen = set()
    for p in sdoc._.periods or []:
        if p.label in seen:
            continue
        seen.add(p.label)
        task.periods.append(Period(p.label, ev(offset + p.start, offset + p.end)))
    seen = set()
    for c in sdoc._.citations or []:
        key = citation_key(c.title, c.doc_number)
        if key in seen or is_own_title(c.title, meta):
            continue
        seen.add(key)
        task.citations.append(Citation(c.title, c.doc_number, c.kind, ev(offset + c.start, offset + c.end)))


def attach_document(doc, norm, out, nlp, ev) -> None:
    """Document level: goals-section targets, every citation, mentions outside tasks, annex rows."""
    from kg.records import AnnexRow

    full = nlp(norm.text)
    year = doc.meta.year
    goals = goal_spans(norm.text, out)
    for t in full._.targets or []:
        if any(a <= t.start and t.end <= b for a, b in goals):
            doc.targets.append(_target(t, 0, ev, year))
    seen: set = set()
    for c in full._.citations or []:
        key = citation_key(c.title, c.doc_number)
        if key in seen or is_own_title(c.title, doc.meta):
            continue
        seen.add(key)
        doc.citations.append(Citation(c.title, c.doc_number, c.kind, ev(c.start, c.end)))
    task_spans = [(t.start, t.end) for t in out.tasks]
    seen = set()
    for h in full._.entities or []:
        if any(a <= h.start and h.end <= b for a, b in task_spans) or (h.kind, h.label) in seen:
            continue
        seen.add((h.kind, h.label))
        doc.mentions.append(Mention(h.kind, h.label, ev(h.start, h.end), h.river))
    for r in full._.annex or []:
        doc.annex.append(AnnexRow(r.table, r.row, r.about, r.about_kind, dict(r.values), ev(r.start, r.end)))


def _target(t: TargetHit, offset: int, ev, year: int | None) -> Target:
    return Target(t.indicator, t.value, t.unit, t.comparator, t.year or year, ev(offset + t.start, offset + t.end),
                  t.section)


# ---- goals section, citation keys --------------------------------------------------------------------------
_GOAL_HEADING = re.compile(r"^[一二三四五六七八九十]+、\s*(?:工作目标|主要目标|总体目标|目标任务|发展目标|目标指标)")
_GOAL_LABEL = re.compile(r"(?:主要目标指标|主要目标|目标指标|工作目标|总体目标)[：:]")
_SECTION = re.compile(r"^[一二三四五六七八九十]+、")


def goal_spans(text: str, out) -> list[tuple[int, int]]:
    """Spans of the goals section (二、工作目标 …) and of goal paragraphs (主要目标指标：…) outside the tasks."""
    from kg.outline import paragraphs

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


_BRACKETS = str.maketrans({"（": "(", "）": ")", "〔": "[", "〕": "]", "［": "[", "］": "]", "【": "[", "】": "]",
                           "，": ",", "：": ":", "；": ";", "“": '"', "”": '"', "《": "", "》": "", "—": "-",
                           "－": "-", "–": "-"})


def norm_title(title: str | None) -> str:
    """A comparison key for titles: NFKC, no whitespace, one form of brackets, commas and dashes."""
    if not title:
        return ""
    t = unicodedata.normalize("NFKC", title)
    t = re.sub(r"\s+", "", t)
    return t.translate(_BRACKETS)


def norm_doc_number(dn: str | None) -> str | None:
    """文号 with its year bracket written 〔〕 and no whitespace; standards keep their code as written."""
    if not dn:
        return None
    dn = re.sub(r"\s+", "", dn)
    return re.sub(r"[\[［（(【](\d{4})[\]］）)】]", r"〔\1〕", dn)


def citation_key(title: str | None, doc_number: str | None) -> str:
    return norm_doc_number(doc_number) or norm_title(title)


def is_own_title(title: str | None, meta) -> bool:
    """A plan's own title (its covering notice says 现将《…》印发给你们) is not a citation."""
    return bool(title) and norm_title(title) == norm_title(meta.title)


def issued_title(title: str | None) -> str | None:
    """The document a notice issues: 关于印发X的通知 → X (used to resolve citations to corpus plans)."""
    if not title:
        return None
    m = re.search(r"关于印发(.+?)的通知$", title)
    return m.group(1) if m else None


# ---- gazetteer_entities --------------------------------------------------------------------------------
@Language.factory(
    "gazetteer_entities",
    default_config={"reference": [], "river_exclude_after": "河务|河长|河湖长"},
)
def make_gazetteer_entities(nlp: Language, name: str, reference: list[str], river_exclude_after: str):
    """The EntityRuler's matches as `doc._.entities`, plus names jieba glued into longer words, context-checked."""
    gaz = load_gazetteer(_reference(reference))
    names = gaz.names()
    sweep = re.compile("|".join(re.escape(n) for n in sorted((n for _, n in names), key=len, reverse=True))) if names else None
    exclude = re.compile(river_exclude_after) if river_exclude_after else None

    def component(doc: Doc) -> Doc:
        text = doc.text
        hits: list[Hit] = []
        for ent in doc.ents:
            kind = KIND_OF.get(ent.label_)
            if kind:
                label = ent.ent_id_ or ent.text
                hits.append(Hit(kind, label, ent.start_char, ent.end_char, gaz.sections.get(label) if kind == SECTION else None, "gazetteer"))
        if sweep is not None:
            for m in sweep.finditer(text):
                kind = gaz.kind_of(m.group())
                hits.append(Hit(kind, m.group(), m.start(), m.end(), gaz.sections.get(m.group()) if kind == SECTION else None, "gazetteer"))
        kept = []
        for h in hits:
            if _in_units(doc, h.start, h.end):
                continue
            if h.kind == RIVER and exclude is not None and exclude.match(text, h.end):
                continue
            kept.append(h)
        doc._.entities = merge_hits(kept)
        return doc

    return component


# ---- water_and_sections -----------------------------------------------------------------------------------
TRIM_WORDS = (
    "进一步", "加快推进", "推进", "开展", "实施", "建设", "加快", "推动", "完成", "落实", "鼓励", "谋划", "增建", "新建",
    "确保", "联动", "确定", "做好", "强化", "加强", "提升", "严控", "严格", "持续", "深入", "全面", "重点", "抓好",
    "以及", "以", "对", "在", "和", "与", "及", "的", "将", "把", "由", "为", "从", "向", "至", "到", "及时", "组织",
    "启动", "续建", "改造", "整治", "治理", "保护", "监测", "谋划实施", "推动建设", "加快建设", "支持", "引导", "督促",
)


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
    gaz = load_gazetteer(_reference(reference))
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
            if river_ok(n) and not _in_units(doc, start + off, m.end()):
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


# ---- named_works -------------------------------------------------------------------------------------------
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
            top = min(range(len(chain)), key=lambda i: (_LEVEL_RANK[chain[i][2]], i))
            if top > 0 and _LEVEL_RANK[chain[top][2]] < _LEVEL_RANK[chain[0][2]]:
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

    def heads(text: str, start: int, s: str, hits: list[Hit]) -> list[tuple[int, str]]:
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
            if obj and not heads(text, start + k + 1, obj, hits):
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
        cands = heads(text, start, s, hits)
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
            if h and not _in_units(doc, h.start, h.end):
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
                if not _in_units(doc, h.start, h.end):
                    new.append(h)
        merged = merge_hits(hits + new)
        # a project that ends where a longer one from the same start goes on (…湿地 / …湿地建设项目) is one project
        doc._.entities = merged
        return doc

    return component


# ---- policy_facts: targets, deadlines, periods -------------------------------------------------------------
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
        rest = s[off:]
        while True:
            shorter, _ = strip_words(rest, trails, leading=False, trailing=True)
            if shorter == rest:
                break
            rest = shorter
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
        for m in klass.finditer(mtext):
            events.append((m.start(), "class", m))
        for m in worse.finditer(mtext):
            events.append((m.start(), "worse", m))
        for m in numeric.finditer(mtext):
            events.append((m.start(), "numeric", m))
        for m in change.finditer(mtext):
            events.append((m.start(), "change", m))
        for m in count.finditer(mtext):
            events.append((m.start(), "count", m))
        for m in within.finditer(mtext):
            events.append((m.start(), "within", m))
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
                ok = True
                for v, u, o in objs:
                    if not o:
                        ok = False
                if not ok:
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


# ---- policy_citations ----------------------------------------------------------------------------------------
STANDARD = re.compile(r"(?:GB/T|GB|HJ/T|HJ|CJJ|CJ/T|JGJ|DB\d{2}/T|DB\d{2})\s*/?\s*\d+(?:\.\d+)?\s*[—－\-–]+\s*\d{4}")
DOC_NUMBER = re.compile(rf"[{CJK}]{{1,12}}[〔\[［（【]\s*\d{{4}}\s*[〕\]］）】]\s*第?\s*\d{{1,4}}\s*号")


@Language.factory("policy_citations", default_config={"standard_title_words": ["标准", "规范"]})
def make_policy_citations(nlp: Language, name: str, standard_title_words: list[str]):
    """《title》 with an optional （文号） or （standard code） after it, and standard codes on their own."""
    cite = re.compile(rf"《(?P<title>[^《》]{{2,80}})》(?:（(?P<dn>{DOC_NUMBER.pattern}|{STANDARD.pattern})）)?")

    def component(doc: Doc) -> Doc:
        text = doc.text
        out: list[CitationHit] = []
        taken = []
        for m in cite.finditer(text):
            title = re.sub(r"\s+", "", m.group("title"))
            dn = m.group("dn")
            kind = "directive"
            if dn and STANDARD.fullmatch(dn):
                kind, dn = "standard", re.sub(r"\s+", "", dn)
            elif dn:
                dn = norm_doc_number(dn)
            elif any(title.endswith(w) for w in standard_title_words):
                kind = "standard"
            out.append(CitationHit(title, dn, kind, m.start(), m.end()))
            taken.append((m.start(), m.end()))
        for m in STANDARD.finditer(text):
            if not any(a <= m.start() < b for a, b in taken):
                out.append(CitationHit(None, re.sub(r"\s+", "", m.group()), "standard", m.start(), m.end()))
        doc._.citations = sorted(out, key=lambda c: c.start)
        return doc

    return component

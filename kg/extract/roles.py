"""The vocabulary of responsibility assignments: role words, labels, plan-level notes and unit lists.

Pure functions over normalised text, kept apart from the bracket finder so each stays small. A unit list is
split on 、，； outside inner brackets; a distributed prefix is restored (市生态环境分局、城管局 → 市城管局), and so
is a distributed 各 (各乡镇、街道 → 各乡镇 + 各街道), while 各县、区人民政府 stays one unit.
"""

from __future__ import annotations

import re

from kg.divisions import starts_with_place

LEAD, RESPONSIBLE, PARTICIPANT, IMPLEMENTING = "lead", "responsible", "participant", "implementing"
ROLES = (LEAD, RESPONSIBLE, PARTICIPANT, IMPLEMENTING)

# Plans published in traditional characters (牽頭, 負責, 參與, 落實) use the same role words: the patterns accept
# both forms, and a matched word is read through this table before its role is looked up.
_T2S = str.maketrans("牽頭負責參與協實導體織組總單門辦處職別", "牵头负责参与协实导体织组总单门办处职别")
_S2T = {s: t for t, s in zip("牽頭負責參與協實導體織組總單門辦處職別", "牵头负责参与协实导体织组总单门办处职别")}


def both_scripts(pattern: str) -> str:
    """A regex source whose simplified characters also match their traditional form (头 → [头頭])."""
    return "".join(f"[{ch}{_S2T[ch]}]" if ch in _S2T else ch for ch in pattern)


# Longest alternatives first: 负责落实 / 负责指导 before 负责, 牵头督导 before 牵头, 配合落实 before 配合.
ROLE_PHRASE = re.compile(both_scripts(
    r"(?:按照?职责分工|按职责|分别|共同|具体)?"
    r"(负责落实|具体落实|抓好落实|组织落实|负责牵头|负责指导|牵头督导|牵头负责|牵头抓总|配合落实|协助配合"
    r"|牵头|负责|参与|配合|协助|指导(?![站中心组])|落实)"
))
_ROLE_OF = {
    "牵头": LEAD, "牵头督导": LEAD, "牵头负责": LEAD, "牵头抓总": LEAD, "负责牵头": LEAD,
    "负责": RESPONSIBLE, "负责指导": RESPONSIBLE, "指导": RESPONSIBLE,
    "参与": PARTICIPANT, "配合": PARTICIPANT, "协助": PARTICIPANT, "配合落实": PARTICIPANT, "协助配合": PARTICIPANT,
    "落实": IMPLEMENTING, "负责落实": IMPLEMENTING, "具体落实": IMPLEMENTING, "抓好落实": IMPLEMENTING,
    "组织落实": IMPLEMENTING,
}
_LABELS = both_scripts(r"(牵头|责任|主责|配合|参与|协办|主办|落实)(?:单位|部门|科室|处室)?[：:]")
LABEL = re.compile(_LABELS)
LABEL_LINE = re.compile(_LABELS + r"\s*([^；;。\n]+)")  # the form table readers render rows into
LABEL_ROLE = {"牵头": LEAD, "主办": LEAD, "责任": RESPONSIBLE, "主责": RESPONSIBLE, "配合": PARTICIPANT,
              "参与": PARTICIPANT, "协办": PARTICIPANT, "落实": IMPLEMENTING}
# Where a label's list ends: a stop mark, the next label, or a deadline/contact field run onto the same line.
LABEL_STOP = re.compile(
    r"[；;。\n]|" + _LABELS + r"|(?:完成|办结|工作)?(?:时限|时间|期限|节点)(?:要求)?[：:]|责任人[：:]|备注[：:]"
)
# 以下各项工作均需各镇人民政府落实，不再列出 — the unit is carried to every later task.
CARRY_FORWARD = re.compile(
    r"以下(?:各项|所有|全部|其他|其余)?(?:重点)?(?:工作|任务|事项|措施)?(?:的)?(?:均|都|皆|全部|统一)?"
    r"(?:需由|需要|需|须|由|要)?([^。；;]+?)(?:负责|具体|抓好|组织)?落实[，,]?"
    r"(?:不再|不另|不一一)(?:一一)?(?:列出|列明|标注|单列|注明|重复)[。.]?"
)
# 排在首位的为牵头单位，其他为配合单位 / 排在前位为牵头部门，下同 / 第一个为牵头单位 — a plan-wide convention.
LEAD_NOTE = re.compile(
    r"(?:排在|排名|排列在?|列在|列于|位列|位居|列)?(?:首位|第一位|第一个|第一家|前位|最前面?|第一)(?:的)?(?:单位|部门)?"
    r"(?:为|是)(?:牵头|主责|主办)(?:单位|部门)"
    r"(?:[，,；;]?其(?:他|余|后)(?:的)?(?:单位|部门)?(?:为|是)(?:配合|参与|协办|协助|责任)(?:单位|部门))?"
    r"(?:[，,；;]?下同)?"
)
UNIT_WORD = re.compile(r"(局|委|办|辦|政府|管委会|管委會|中心|公司|镇|鎮|乡|鄉|社|处|處|站|队|隊|院|所|厅|廳|部|专班|街道|集团|集團|科)")
UNIT_END = re.compile(r"(?:局|委|办|辦|政府|管委会|管委會|中心|公司|镇|鎮|乡|鄉|社|处|處|站|队|隊|院|所|厅|廳|部|专班|办公室|辦公室|街道|集团|集團|联|聯|科)$")
_TRAILING = re.compile(r"(?:等相关部门|等有关部门|等有关单位|等相关单位|等部门|等单位|等)$")
# a bracketed note closing a list on how its units share the work: 县水务局（按职责分工负责）
SHARE_NOTE = re.compile(r"[（(](?:按照?职[责能]分工|按职[责能]|分别|各自|共同)[^（）()]{0,8}[）)]")
_NO_PREFIX_END = ("公司", "镇", "鎮", "乡", "鄉", "办事处", "辦事處", "街道", "管委会", "管委會", "政府", "村", "集团", "集團")
_NO_PREFIX_START = ("各", "省", "县", "区", "乡", "镇", "中央", "国家")
_OWN_PARTY_BODY = re.compile(r"^团[省市县区]委")  # 团县委 names its level itself
PREFIXES = ("市", "县", "省")
# After 各X、 these words take the 各 back (各乡镇、街道 → 各街道); 区人民政府 after 各县 joins it instead.
BARE_PLACES = frozenset(("乡", "镇", "乡镇", "街道", "街道办事处", "办事处", "社区", "村", "村居", "园区", "开发区",
                         "管委会", "农场", "林场", "县", "区", "市", "县区", "县市", "市区"))
_EACH_LEVEL = re.compile(r"^各(?:县|区|市|乡|镇|旗|乡镇|县市|县区|市县)$")
_LEVEL_BODY = re.compile(r"^(?:县|区|市|乡|镇|旗|县市|县区)(?:人民政府|政府|党委政府|党委和政府|党委|管委会)$")
_SEP = re.compile(r"[、，,；;。：:\s]")


def role_of(word: str) -> str:
    """The role a role word gives, so callers never index the table themselves."""
    return _ROLE_OF[word.translate(_T2S)]


def label_role(word: str) -> str:
    """The role a label (牵头单位：, 責任單位：) gives."""
    return LABEL_ROLE[word.translate(_T2S)]


def simplified(word: str) -> str:
    """A role or label word in simplified characters, for comparisons."""
    return word.translate(_T2S)


def split_units(text: str, start: int, end: int, prefix: list[str | None]) -> list[tuple[str, int, int]]:
    """Split a unit list on 、，； — but not inside brackets — restoring a distributed prefix and a distributed 各."""
    out: list[tuple[str, int, int]] = []
    each = False  # the list is under a 各 that a following bare place word takes back
    for s, e in _items(text, start, end):
        name = _TRAILING.sub("", text[s:e])
        e = s + len(name)
        if not name:
            continue
        if out and text[out[-1][2] : s] == "、" and _EACH_LEVEL.match(out[-1][0]) and _LEVEL_BODY.match(name):
            out[-1] = (text[out[-1][1] : e], out[-1][1], e)  # 各县、区人民政府 is one unit
            each = False
            continue
        if each and name in BARE_PLACES:
            out.append(("各" + name, s, e))
            continue
        each = name.startswith("各")
        if not UNIT_WORD.search(name) and len(name) < 2:
            continue
        out.append((with_prefix(name, prefix), s, e))
    return out


def _items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the items of a list, separators outside inner brackets only."""
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
    return items


def unit_list_only(text: str, start: int, end: int) -> bool:
    """Whether a stretch is nothing but agency names (（县水利局、县财政局）), read as a list under a lead note."""
    items = _items(text, start, end)
    if not items or len(items) > 12:
        return False
    return all(UNIT_END.search(_TRAILING.sub("", text[s:e])) and e - s <= 20 for s, e in items)


def _has_prefix(name: str) -> str | None:
    """The level a name writes itself (市市场监管局 is 市 + 市场监管局, 市场监管局 has none)."""
    for p in PREFIXES:
        if name.startswith(p) and not (p == "市" and name.startswith("市场") and not name.startswith("市市场")):
            return p
    return None


def with_prefix(name: str, prefix: list[str | None]) -> str:
    """The name with the list's distributed prefix restored, remembering a prefix it writes itself."""
    own = _has_prefix(name)
    if own:
        prefix[0] = own
        return name
    if prefix[0] and _takes_prefix(name):
        return prefix[0] + name
    return name


def _takes_prefix(name: str) -> bool:
    """Towns, companies, 团县委 and names carrying their own place keep what is written."""
    if name.endswith(_NO_PREFIX_END) or name.startswith(_NO_PREFIX_START) or _OWN_PARTY_BODY.match(name):
        return False
    return not starts_with_place(name)

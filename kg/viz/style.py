"""How each class and relation looks: colour, shape, dash pattern, and the legend's bilingual names.

One table each, so the legend, the filters and the drawing can never disagree.
"""

from __future__ import annotations

import hashlib

from kg.graph.vocab import POL_NS, PREFIXES

PROV = str(PREFIXES["prov"])
DCT = str(PREFIXES["dcterms"])

FONT_STACK = '"Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "Microsoft YaHei", sans-serif'

#: class key → style; the key is the pol: local name (or a short name for non-pol classes).
#: Shapes are vis-network shapes with the label below, so `size` means something.
CLASSES: dict[str, dict] = {
    "Plan": {"zh": "规划/方案", "en": "plan", "color": "#1f4e79", "shape": "square", "size": 22, "font": 18},
    "Directive": {"zh": "上级文件", "en": "directive", "color": "#7b3294", "shape": "diamond", "size": 20, "font": 16},
    "Standard": {"zh": "标准", "en": "standard", "color": "#c2a5cf", "shape": "diamond", "size": 14, "font": 13},
    "PolicyDocument": {"zh": "政策文件", "en": "policy document", "color": "#9e7bb5", "shape": "diamond", "size": 16, "font": 14},
    "Task": {"zh": "任务", "en": "task", "color": "#f28e2b", "shape": "dot", "size": 9, "font": 11},
    "TaskGroup": {"zh": "任务组", "en": "task group", "color": "#ffbe7d", "shape": "dot", "size": 7, "font": 11},
    "Unit": {"zh": "责任单位", "en": "unit", "color": "#4e9a3f", "shape": "triangle", "size": 12, "font": 14},
    "Jurisdiction": {"zh": "行政区", "en": "jurisdiction", "color": "#9c755f", "shape": "hexagon", "size": 16, "font": 15},
    "River": {"zh": "河流水体", "en": "river", "color": "#1f77b4", "shape": "hexagon", "size": 18, "font": 16},
    "Section": {"zh": "断面/站点", "en": "section", "color": "#4fb3d9", "shape": "triangleDown", "size": 12, "font": 13},
    "Target": {"zh": "目标", "en": "target", "color": "#e15759", "shape": "star", "size": 13, "font": 12},
    "Project": {"zh": "工程项目", "en": "project", "color": "#b07aa1", "shape": "square", "size": 11, "font": 12},
    "Enterprise": {"zh": "企业", "en": "enterprise", "color": "#8c6d31", "shape": "triangleDown", "size": 11, "font": 12},
    "Period": {"zh": "时段", "en": "period", "color": "#bcbd22", "shape": "dot", "size": 8, "font": 11},
    "AnnexEntry": {"zh": "附表条目", "en": "annex entry", "color": "#c7c7c7", "shape": "square", "size": 8, "font": 11},
    "Obligation": {"zh": "职责", "en": "obligation", "color": "#bab0ac", "shape": "dot", "size": 5, "font": 10},
    "Derivation": {"zh": "派生记录", "en": "derivation", "color": "#d62728", "shape": "dot", "size": 5, "font": 10},
    "Other": {"zh": "其他", "en": "other", "color": "#8f8f8f", "shape": "dot", "size": 8, "font": 12},
}

#: rdf:type IRI → class key, in priority order (a corpus document that is both Plan and Directive is a Plan).
CLASS_PRIORITY: list[tuple[str, str]] = [
    (f"{POL_NS}Plan", "Plan"),
    (f"{POL_NS}Directive", "Directive"),
    (f"{POL_NS}Standard", "Standard"),
    (f"{POL_NS}PolicyDocument", "PolicyDocument"),
    (f"{POL_NS}Task", "Task"),
    (f"{POL_NS}TaskGroup", "TaskGroup"),
    (f"{POL_NS}Unit", "Unit"),
    (f"{POL_NS}River", "River"),
    (f"{POL_NS}Section", "Section"),
    (f"{POL_NS}Target", "Target"),
    (f"{POL_NS}Project", "Project"),
    (f"{POL_NS}Enterprise", "Enterprise"),
    (f"{POL_NS}Jurisdiction", "Jurisdiction"),
    (f"{POL_NS}Period", "Period"),
    (f"{POL_NS}AnnexEntry", "AnnexEntry"),
    (f"{POL_NS}Obligation", "Obligation"),
    (f"{PROV}Derivation", "Derivation"),
]
_RANK = {iri: i for i, (iri, _) in enumerate(CLASS_PRIORITY)}
_KEY = dict(CLASS_PRIORITY)


def class_key(types: set[str] | list[str]) -> str:
    best = min((t for t in types if t in _RANK), key=_RANK.__getitem__, default=None)
    return _KEY[best] if best else "Other"


ROLE_RELS = ("leadUnit", "responsibleUnit", "participantUnit", "implementingUnit")

#: relation key → style. `role` marks the four task→unit roles (a filter group of its own).
RELATIONS: dict[str, dict] = {
    "leadUnit": {"zh": "牵头", "en": "lead", "color": "#c0392b", "dashes": False, "width": 2.6, "role": True},
    "responsibleUnit": {"zh": "负责", "en": "responsible", "color": "#2c7fb8", "dashes": False, "width": 1.6, "role": True},
    "participantUnit": {"zh": "参与/配合", "en": "participant", "color": "#8a8a8a", "dashes": [6, 4], "width": 1.2, "role": True},
    "implementingUnit": {"zh": "落实", "en": "implementing", "color": "#2ca02c", "dashes": [2, 4], "width": 1.6, "role": True},
    "hasTask": {"zh": "包含任务", "en": "has task", "color": "#a7b1bc", "dashes": False, "width": 1.0},
    "cites": {"zh": "引用", "en": "cites", "color": "#7b3294", "dashes": [8, 5], "width": 1.4, "arrow": True},
    "wasDerivedFrom": {"zh": "派生", "en": "derived (source → derived)", "color": "#d62728", "dashes": False, "width": 2.2, "arrow": True},
    "mentions": {"zh": "提及", "en": "mentions", "color": "#17a2b8", "dashes": [10, 3, 2, 3], "width": 1.2, "arrow": True},
    "onRiver": {"zh": "位于河流", "en": "on river", "color": "#1f77b4", "dashes": False, "width": 2.0},
    "targetSection": {"zh": "考核断面", "en": "target section", "color": "#e15759", "dashes": [5, 3], "width": 1.6},
    "hasTarget": {"zh": "目标", "en": "has target", "color": "#f1a0a1", "dashes": False, "width": 1.2},
    "issuedBy": {"zh": "印发单位", "en": "issued by", "color": "#4e9a3f", "dashes": [12, 4, 2, 4], "width": 1.2},
    "jurisdiction": {"zh": "辖区", "en": "jurisdiction", "color": "#9c755f", "dashes": [3, 3], "width": 1.0},
    "partOf": {"zh": "隶属", "en": "part of", "color": "#9c755f", "dashes": False, "width": 1.4},
    "hasGroup": {"zh": "任务组", "en": "has group", "color": "#d5d9de", "dashes": False, "width": 1.0},
    "period": {"zh": "时段", "en": "period", "color": "#bcbd22", "dashes": [3, 3], "width": 1.0},
    "annexOf": {"zh": "附表", "en": "annex of", "color": "#c7c7c7", "dashes": False, "width": 1.0},
    "inGroup": {"zh": "属于任务组", "en": "in group", "color": "#d5d9de", "dashes": [2, 2], "width": 1.0},
}

_PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#6b6ecf"]


def rel_key(predicate_iri: str) -> str:
    """pol:leadUnit → leadUnit, prov:wasDerivedFrom → wasDerivedFrom; other IRIs keep a compact form."""
    for ns in (str(POL_NS), PROV, DCT):
        if predicate_iri.startswith(ns):
            local = predicate_iri[len(ns):]
            if local in RELATIONS or ns == str(POL_NS):
                return local
    from kg.explore.query import compact

    return compact(predicate_iri)


def relation_style(key: str) -> dict:
    if key in RELATIONS:
        return RELATIONS[key]
    h = int(hashlib.sha1(key.encode("utf-8")).hexdigest(), 16)
    return {"zh": "", "en": key, "color": _PALETTE[h % len(_PALETTE)], "dashes": False, "width": 1.2, "arrow": True}

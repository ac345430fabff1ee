"""The task topics plan-to-plan comparison uses: a keyword table over task *titles* (the first phrase of a
task), in the spirit of the reference tables (one row per topic, a regex, zh and en labels).

Titles, not full texts: a task's body mentions monitoring, enforcement and funding in passing, its title
says what the task is about. A task may carry several topics or none. Extend the table here; the order of
rows is the order of charts and tables.
"""

from __future__ import annotations

import re

#: (id, zh label, en label, pattern over a task title)
TOPICS: tuple[tuple[str, str, str, str], ...] = (
    ("black_odorous", "黑臭水体", "black and odorous water", r"黑臭"),
    ("sewage", "城镇污水与基础设施", "urban sewage and infrastructure",
     r"城镇.*污水|污水处理厂|污泥|医疗机构污水|城镇.*基础设施"),
    ("rural_sewage", "农村生活污水", "rural sewage", r"农村生活污水|乡镇和农村"),
    ("outfalls", "入河排污口", "outfalls into rivers", r"排污口"),
    ("drinking_water", "饮用水水源", "drinking water sources", r"饮用水|南水北调"),
    ("rivers_lakes", "河湖治理与生态", "rivers, lakes and their ecology",
     r"河湖|河流|生态流量|清四乱|水生态保护|黄河|汛期|一泓清水"),
    ("water_saving", "节水与再生利用", "water saving and reuse", r"节约|资源化|再生"),
    ("industry", "工业与园区", "industry and industrial parks", r"工业|园区|企业|产业|产能|高能耗|治理设施|绩效|清洁化"),
    ("soil_groundwater", "土壤与地下水", "soil and groundwater", r"土壤|地下水|农用地|地块|土地"),
    ("rural_environment", "农村与农业环境", "rural and agricultural environment", r"农村环境|乡村|农业|秸秆"),
    ("dust", "扬尘与绿化", "dust and greening", r"扬尘|绿化"),
    ("vocs_emissions", "挥发性有机物与油烟", "VOCs, cooking fumes, fireworks", r"挥发性有机物|油烟|烟花"),
    ("vehicles", "机动车与移动源", "vehicles and mobile sources", r"汽车|移动源|交通运输"),
    ("energy", "能源结构与供热", "energy mix and heating", r"能源|煤|供热|取暖"),
    ("heavy_pollution", "重污染天气与应急", "heavy pollution days and emergencies", r"重污染天气|应急"),
    ("monitoring", "监测监控", "monitoring", r"监测|监控|预警"),
    ("enforcement", "执法与监管", "enforcement and supervision", r"执法|监管|监督"),
    ("risk", "环境风险防控", "environmental risk", r"风险"),
    ("institutions", "制度、规划与能力", "institutions, planning and capacity", r"制度|规划|管理能力|管理水平|环境管理"),
)

_COMPILED = tuple((tid, zh, re.compile(pattern)) for tid, zh, _en, pattern in TOPICS)
ZH = {tid: zh for tid, zh, _en, _p in TOPICS}
EN = {tid: en for tid, _zh, en, _p in TOPICS}
ORDER = tuple(t[0] for t in TOPICS)


def topics_of(title: str) -> list[str]:
    """The topic ids whose pattern matches a task title, in table order."""
    return [tid for tid, _zh, rx in _COMPILED if rx.search(title)]

"""A synthetic corpus with known lineage: `python bench/make_corpus.py N OUT [--seed S]`.

Writes N plans over a jurisdiction tree drawn from the real division table (kg/data/adcodes.csv: provinces →
cities → counties), over several years. Each year a province issues a water plan of tasks from a bank; each
city restates its province's plan of that year, and each county its city's, with the tailoring real plans
show: tasks kept (reworded, localised to the place and its rivers), merged (two into one), split (one into
two), dropped, and new local tasks added (the place's own works and measures, from a bank no directive draws
on, never one an eligible plan already holds). Layouts vary as the seeds' do: covering notice with 文号,
groups （一）… under 二、主要任务 with tasks 1. …, or groups 二、… with tasks （一）…; brackets in four styles (（A牵头，B、C配合）,
（责任单位：…）, （牵头单位：…；配合单位：…）, and label lines after the task). Every child plan cites its
parent by title in its preamble, as real plans do.

OUT/truth.json holds the generated lineage: for every plan, each task number → the parent plan and the
parent task numbers it derives from ([] for an added task). Deterministic for a given N and seed.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import random
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

FIRST_YEAR = 2022  # then one round of plans a year, as many years as N needs (878 plans a year)
CHILDREN = {"province": 8, "city": 6}  # at most this many cities per province, counties per city
CN = "零一二三四五六七八九十"
RIVERS = ("清水河", "白马河", "沙河", "青龙河", "小清河", "黑河", "东沙河", "西河", "运粮河", "金水河", "洪河",
          "汝河", "颍河", "涧河", "丹河", "双洎河")
# (group, title, body with {place} {river} {year} {pct} {n}, agency keys: lead first)
BANK = (
    ("黑臭水体治理", "深入推进城市黑臭水体整治", "巩固{place}建成区黑臭水体治理成效，建立防止返黑返臭的长效机制，{year}年底前完成新排查黑臭水体整治任务", ("housing", "eco", "water")),
    ("黑臭水体治理", "开展农村黑臭水体治理", "以{river}沿线村庄为重点，完成{n}条农村黑臭水体治理，建立治理清单并动态更新", ("eco", "agri", "water")),
    ("黑臭水体治理", "加快污水管网建设", "推进{place}城镇污水管网建设和雨污分流改造，新建改造污水管网{n}公里", ("housing", "dev")),
    ("水源地保护", "保护饮用水水源地", "完成{place}县级以上饮用水水源保护区规范化建设，{year}年底前完成水源地环境问题整治", ("eco", "water", "nature")),
    ("水源地保护", "加强地下水污染防治", "开展地下水环境状况调查评估，确保地下水质量考核点位水质保持稳定", ("eco", "nature", "water")),
    ("水源地保护", "推进农村饮水安全", "提升农村集中式饮用水水源保护水平，农村自来水普及率达到{pct}%以上", ("water", "eco", "health")),
    ("河流综合治理", "实施重点河流综合治理", "以{river}为重点开展综合治理，确保{river}出境断面水质稳定达到III类", ("eco", "water", "gov")),
    ("河流综合治理", "推进入河排污口排查整治", "完成{river}干流入河排污口排查溯源，{year}年底前完成{pct}%的整治任务", ("eco", "water")),
    ("河流综合治理", "开展河湖“清四乱”行动", "持续清理{river}河道乱占、乱采、乱堆、乱建问题，巩固河湖长制成效", ("water", "nature")),
    ("河流综合治理", "保障河流生态流量", "科学调度水资源，保障{river}等重点河流生态流量，恢复河流生态功能", ("water", "eco")),
    ("工业污染防治", "强化工业园区污水治理", "推进工业集聚区污水集中处理设施建设，实现园区污水管网全覆盖", ("industry", "eco", "dev")),
    ("工业污染防治", "推进重点行业清洁生产", "在化工、造纸、印染等行业实施清洁化改造，完成{n}家企业清洁生产审核", ("industry", "eco")),
    ("工业污染防治", "加强涉水企业监管", "开展涉水企业执法检查，严厉打击偷排漏排等违法行为，公开曝光典型案件", ("eco", "police")),
    ("城镇污水处理", "提升城镇污水处理能力", "推进{place}污水处理厂提标改造，城市生活污水集中收集率达到{pct}%", ("housing", "dev", "eco")),
    ("城镇污水处理", "推进污泥无害化处置", "加快污泥处置设施建设，城市污泥无害化处置率达到{pct}%以上", ("housing", "eco")),
    ("城镇污水处理", "加强再生水利用", "推进再生水用于工业生产和生态补水，再生水利用率达到{pct}%", ("water", "housing", "dev")),
    ("农业农村污染治理", "控制农业面源污染", "推进化肥农药减量增效，主要农作物化肥利用率提高到{pct}%", ("agri", "eco")),
    ("农业农村污染治理", "加强畜禽养殖污染防治", "规模养殖场粪污处理设施装备配套率保持100%，畜禽粪污综合利用率达到{pct}%", ("agri", "eco")),
    ("农业农村污染治理", "推进农村生活污水治理", "以{river}沿线为重点推进农村生活污水治理，新增完成{n}个行政村治理任务", ("eco", "agri", "housing")),
    ("农业农村污染治理", "规范水产养殖尾水排放", "推进水产养殖尾水治理，{year}年底前完成重点养殖主体尾水达标排放改造", ("agri", "eco")),
    ("水生态保护修复", "建设美丽河湖", "开展美丽河湖创建，建成{n}条省级美丽河湖示范段", ("eco", "water", "nature")),
    ("水生态保护修复", "推进湿地保护修复", "加强{river}流域湿地保护，完成湿地修复面积{n}公顷", ("nature", "forest", "eco")),
    ("水生态保护修复", "实施水土流失综合治理", "开展小流域综合治理，新增水土流失治理面积{n}平方公里", ("water", "nature")),
    ("监管能力建设", "完善水环境监测网络", "优化水质自动监测站布局，实现{river}等重点河流跨界断面监测全覆盖", ("eco", "finance")),
    ("监管能力建设", "强化水环境风险防范", "建立上下游联防联控机制，开展突发水污染事件应急演练", ("eco", "emergency", "water")),
    ("监管能力建设", "落实生态补偿机制", "完善地表水断面水环境质量生态补偿办法，按月核算生态补偿金", ("finance", "eco")),
    ("监管能力建设", "推进排污许可管理", "实现固定污染源排污许可全覆盖，依证严格监管", ("eco",)),
    ("节水与水资源", "实施最严格水资源管理", "严格用水总量和强度控制，万元工业增加值用水量下降{pct}%", ("water", "dev")),
    ("节水与水资源", "推进节水型社会建设", "开展节水型单位创建，县域节水型社会达标率达到{pct}%", ("water", "housing", "edu")),
    ("节水与水资源", "推进地下水超采治理", "实施地下水超采区综合治理，压减地下水开采量{n}万立方米", ("water", "nature", "agri")),
)
# A plan's own new tasks (the ones truth.json marks []): local works and measures that no directive holds. Never
# drawn from BANK, and each used at most once along a chain of places (province, city, county) over all years:
# a task already in an eligible plan — a bank task the city left out is still in the province's plan, a local
# task is still in last year's — would be copied from a source word for word while the truth said it had none.
LOCAL = (
    ("河流综合治理", "实施城区河道综合整治工程", "完成{river}{place}城区段河道清淤{n}公里，同步建设生态护岸和滨水步道", ("water", "housing")),
    ("河流综合治理", "规范河道采砂管理", "严格{river}河道采砂许可，开展非法采砂专项整治，规范砂石堆场管理", ("water", "police", "nature")),
    ("河流综合治理", "推进中小河流治理项目", "实施{river}支流中小河流治理项目，新建加固堤防{n}公里，提升防洪排涝能力", ("water", "finance")),
    ("城镇污水处理", "建设第二污水处理厂", "新建{place}第二污水处理厂及配套管网，设计处理规模{n}万吨/日，{year}年底前主体完工", ("housing", "dev", "finance")),
    ("城镇污水处理", "加强乡镇污水处理设施运维", "建立乡镇污水处理设施第三方运维机制，确保{n}座设施稳定运行", ("housing", "eco", "finance")),
    ("城镇污水处理", "推进污水处理费征收", "调整{place}污水处理费征收标准，{year}年底前实现污水处理费足额征收", ("dev", "housing", "finance")),
    ("水生态保护修复", "建设入河口人工湿地", "在{river}入河口建设尾水人工湿地{n}公顷，进一步削减入河污染负荷", ("forest", "nature")),
    ("水生态保护修复", "开展增殖放流活动", "在{river}开展水生生物增殖放流，全年投放鱼苗{n}万尾，落实禁渔期制度", ("agri", "water")),
    ("监管能力建设", "开展涉水问题整改“回头看”", "对各级生态环境保护督察反馈的涉水问题开展“回头看”，逐项复核销号，防止问题反弹", ("eco", "gov")),
    ("监管能力建设", "开展节水护水宣传教育", "利用世界水日、中国水周等节点开展节水护水宣传，组织{n}场进社区、进学校活动", ("water", "edu")),
    ("监管能力建设", "建设智慧水务平台", "整合水文、水质和排水数据，建成{place}智慧水务平台，实现重点排口在线监控", ("water", "finance", "eco")),
    ("监管能力建设", "聘请民间河长", "在{river}沿线村庄聘请民间河长{n}名，建立巡河问题随手拍机制", ("water", "gov")),
    ("工业污染防治", "推进产业集聚区污水处理厂扩建", "扩建{place}产业集聚区污水处理厂，新增处理能力{n}万吨/日，实现集聚区污水应收尽收", ("industry", "dev", "housing")),
    ("工业污染防治", "整治“散乱污”企业", "开展“散乱污”企业排查，{year}年底前完成{n}家企业分类整治，实施动态清零", ("industry", "eco", "police")),
    ("工业污染防治", "推动企业中水回用", "支持造纸、食品加工企业建设中水回用设施，重点企业水重复利用率达到{pct}%", ("industry", "water")),
    ("农业农村污染治理", "推进农村厕所革命", "新改建农村卫生户厕{n}户，同步推进厕所粪污资源化利用", ("agri", "health")),
    ("农业农村污染治理", "开展农药包装废弃物回收", "在各乡镇设立农药包装废弃物回收点，回收率达到{pct}%以上", ("agri", "eco")),
    ("农业农村污染治理", "建设高标准农田排灌设施", "新建高标准农田{n}万亩，配套建设生态沟渠和排灌设施", ("agri", "water", "finance")),
    ("节水与水资源", "推进城区供水管网改造", "改造{place}城区老旧供水管网{n}公里，降低公共供水管网漏损率", ("housing", "water")),
    ("节水与水资源", "推广农业高效节水灌溉", "推广喷灌、滴灌等高效节水灌溉技术，新增高效节水灌溉面积{n}万亩", ("water", "agri")),
    ("黑臭水体治理", "整治城区坑塘水体", "对{place}城区{n}处坑塘开展清淤截污，建立“一塘一策”管护机制", ("housing", "water")),
    ("黑臭水体治理", "开展排水户专项排查", "对城区餐饮、洗车、农贸市场等排水户开展专项排查，核发排水许可证{n}户", ("housing", "eco")),
    ("水源地保护", "建设应急备用水源", "推进{place}应急备用水源工程建设，{year}年底前完成备用水源保护区划定", ("water", "nature")),
    ("水源地保护", "开展水源地界标设置", "在县级以上水源保护区边界设置界标、警示牌{n}块，完成隔离防护设施建设", ("eco", "water")),
)
AGENCIES = {  # key → (province, city, county) names
    "eco": ("省生态环境厅", "市生态环境局", "县生态环境分局"), "water": ("省水利厅", "市水利局", "县水利局"),
    "housing": ("省住房城乡建设厅", "市住房城乡建设局", "县住房城乡建设局"),
    "agri": ("省农业农村厅", "市农业农村局", "县农业农村局"), "dev": ("省发展改革委", "市发展改革委", "县发展改革委"),
    "nature": ("省自然资源厅", "市自然资源和规划局", "县自然资源局"), "industry": ("省工业和信息化厅", "市工业和信息化局", "县工业和信息化局"),
    "police": ("省公安厅", "市公安局", "县公安局"), "finance": ("省财政厅", "市财政局", "县财政局"),
    "health": ("省卫生健康委", "市卫生健康委", "县卫生健康委"), "forest": ("省林业局", "市林业局", "县林业局"),
    "emergency": ("省应急管理厅", "市应急管理局", "县应急管理局"), "edu": ("省教育厅", "市教育局", "县教育局"),
    "gov": ("各省辖市人民政府", "各县（市、区）人民政府", "各乡（镇）人民政府"),
}
LEVEL = {"province": 0, "city": 1, "county": 2}
REWORD = (("深入推进", "持续推进"), ("开展", "组织开展"), ("加强", "强化"), ("推进", "推动"), ("完成", "全面完成"),
          ("确保", "保证"), ("建立", "健全"), ("重点", "重点区域"))


@dataclass
class Task:
    group: str
    title: str
    body: str
    agencies: tuple[str, ...]
    sources: list[str] = field(default_factory=list)  # parent task numbers
    number: str = ""


@dataclass
class Plan:
    stem: str
    place: str
    short: str
    level: str
    year: int
    title: str
    tasks: list[Task]
    parent: "Plan | None" = None
    rivers: tuple[str, ...] = ()


def divisions() -> tuple[list[tuple[str, str]], dict[str, list[tuple[str, str]]]]:
    """(provinces, children by parent code) from the shipped GB/T 2260 table, as (code, name)."""
    rows = []
    with resources.files("kg.data").joinpath("adcodes.csv").open(encoding="utf-8") as fh:
        rows = [(r["adcode"][:6], r["name"]) for r in csv.DictReader(fh)]
    provinces = [(c, n) for c, n in rows if c.endswith("0000") and n.endswith("省")]
    kids: dict[str, list[tuple[str, str]]] = {}
    for c, n in rows:
        if c.endswith("0000"):
            continue
        parent = c[:2] + "0000" if c.endswith("00") else c[:4] + "00"
        if c.endswith("00") and not n.endswith("市"):
            continue
        if not c.endswith("00") and (n.endswith("区") or len(n) < 2):
            continue  # districts rarely issue their own water plans; counties and county-level cities do
        kids.setdefault(parent, []).append((c, n))
    return provinces, kids


def short(name: str) -> str:
    for suffix in ("省", "市", "县"):
        if name.endswith(suffix) and len(name) > 2:
            return name[: -len(suffix)]
    return name


def fill(text: str, plan: Plan, rng: random.Random) -> str:
    return text.format(place=plan.place, river=rng.choice(plan.rivers), year=plan.year,
                       pct=rng.choice((60, 70, 80, 85, 90, 95)), n=rng.randint(2, 40))


def reword(text: str, rng: random.Random) -> str:
    for a, b in rng.sample(REWORD, 3):
        if a in text and b not in text:
            text = text.replace(a, b, 1)
    return text


def _local(text: str, parent: Plan, plan: Plan) -> str:
    """The parent's place and rivers replaced by the plan's own."""
    text = text.replace(parent.place, plan.place)
    for a, b in zip(parent.rivers, plan.rivers):
        text = text.replace(a, b)
    return text


def root_tasks(plan: Plan, rng: random.Random) -> list[Task]:
    picked = sorted(rng.sample(range(len(BANK)), 18))
    return [Task(BANK[i][0], BANK[i][1], fill(BANK[i][2], plan, rng), BANK[i][3]) for i in picked]


def derive(plan: Plan, parent: Plan, rng: random.Random, taken: dict[str, set[str]]) -> list[Task]:
    """The parent's tasks tailored: kept (reworded, localised), merged, split, dropped; new LOCAL ones added, none
    that a place of the chain has had in any year (`taken`: place code → LOCAL titles it used)."""
    out: list[Task] = []
    ptasks = parent.tasks
    i = 0
    while i < len(ptasks):
        pt, r = ptasks[i], rng.random()
        localise = lambda t: reword(_local(t, parent, plan), rng)  # noqa: E731
        if r < 0.12:
            i += 1
            continue  # dropped
        if r < 0.18 and i + 1 < len(ptasks) and ptasks[i + 1].group == pt.group:
            nt = ptasks[i + 1]
            out.append(Task(pt.group, pt.title, localise(pt.body) + "；" + localise(nt.body),
                            pt.agencies + tuple(a for a in nt.agencies if a not in pt.agencies), [pt.number, nt.number]))
            i += 2
            continue
        if r < 0.23 and "，" in pt.body:
            a, b = pt.body.split("，", 1)
            out.append(Task(pt.group, pt.title, localise(a), pt.agencies, [pt.number]))
            out.append(Task(pt.group, reword(pt.title, rng), localise(b), pt.agencies[::-1], [pt.number]))
            i += 1
            continue
        agencies = pt.agencies if rng.random() < 0.8 else pt.agencies[1:] + pt.agencies[:1]
        out.append(Task(pt.group, reword(pt.title, rng) if rng.random() < 0.4 else pt.title, localise(pt.body),
                        agencies or pt.agencies, [pt.number]))
        i += 1
    chain, p = [], plan
    while p is not None:
        chain.append(p.stem.split("_")[0])
        p = p.parent
    used = {t.title for t in ptasks}.union(*(taken.get(c, set()) for c in chain))
    extra = [b for b in LOCAL if b[1] not in used]
    for g, title, body, ag in rng.sample(extra, min(len(extra), rng.randint(1, 3))):
        at = rng.randrange(len(out) + 1)
        out.insert(at, Task(g, title, fill(body, plan, rng), ag))
        taken.setdefault(chain[0], set()).add(title)
    groups = list(dict.fromkeys(t.group for t in out))
    return sorted(out, key=lambda t: groups.index(t.group))


def cn(n: int) -> str:
    """1 → 一, 12 → 十二, 21 → 二十一."""
    if n <= 10:
        return CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN[tens]) + "十" + (CN[ones] if ones else "")


def bracket(t: Task, level: str, style: int) -> tuple[str, str]:
    """(text closing the task, label lines after it) naming the task's agencies in one of four styles."""
    names = [AGENCIES[k][LEVEL[level]] for k in t.agencies]
    lead, rest = names[0], names[1:]
    if style == 0:
        return (f"（{lead}牵头，{'、'.join(rest)}配合）" if rest else f"（{lead}负责）"), ""
    if style == 1:
        return f"（责任单位：{'、'.join(names)}）", ""
    if style == 2:
        return (f"（牵头单位：{lead}；配合单位：{'、'.join(rest)}）" if rest else f"（牵头单位：{lead}）"), ""
    return "", f"牵头单位：{lead}\n" + (f"配合单位：{'、'.join(rest)}\n" if rest else "")


def number(plan: Plan, rng: random.Random) -> int:
    """Numbers the tasks as printed; returns the layout: 0 = （一）groups / 1. tasks, 1 = 一、groups / （一）tasks."""
    layout = rng.randrange(2)
    for i, t in enumerate(plan.tasks, 1):
        t.number = str(i) if layout == 0 else cn(i)
    return layout


def render(plan: Plan, rng: random.Random) -> str:
    """The plan as a covering notice and the plan text, in the seeds' layouts."""
    layout, style = number(plan, rng), rng.randrange(4)
    issuer = {"province": f"{plan.place}生态环境厅", "city": f"{plan.place}生态环境局",
              "county": f"{plan.place}人民政府办公室"}[plan.level]
    abbrev = short(plan.place)[:1]
    lines = [f"{abbrev}环〔{plan.year}〕{rng.randint(3, 60)}号", "", issuer,
             f"关于印发{plan.title}的通知", "",
             {"province": "各省辖市人民政府，省直有关部门：", "city": "各县（市、区）人民政府，市直有关部门：",
              "county": "各乡（镇）人民政府，县直有关部门："}[plan.level], "",
             f"现将《{plan.title}》印发给你们，请认真贯彻落实。", "",
             f"{plan.year}年{LEVEL[plan.level] * 2 + 3}月{rng.randint(1, 28)}日", "", plan.title, ""]
    basis = f"为贯彻落实《{plan.parent.title}》，" if plan.parent else "为深入打好碧水保卫战，"
    lines += [f"{basis}持续改善{plan.place}水生态环境质量，制定本方案。", "", "一、总体要求",
              f"到{plan.year}年底，{plan.place}地表水水质持续改善。", ""]
    # layout 0: the groups （一）… under 二、主要任务; layout 1: the groups are the sections 二、… themselves
    # (a 二、主要任务 with no text of its own right before 三、 is a layout no real plan has)
    lines += ["二、主要任务"] if layout == 0 else []
    group = None
    for gi, t in enumerate(plan.tasks):
        if t.group != group:
            group = t.group
            gnum = list(dict.fromkeys(x.group for x in plan.tasks)).index(group) + 1
            lines.append(f"（{cn(gnum)}）{group}" if layout == 0 else f"{cn(gnum + 1)}、{group}")
        close, label = bracket(t, plan.level, style)
        head = f"{t.number}." if layout == 0 else f"（{t.number}）"
        lines.append(f"{head}{t.title}。{t.body}。{close}")
        if label:
            lines.append(label.rstrip("\n"))
    last = 2 if layout == 0 else len(set(x.group for x in plan.tasks)) + 1
    lines += ["", f"{cn(last + 1)}、保障措施", "各单位要加强组织领导，确保各项任务落到实处。", ""]
    return "\n".join(lines)


def plans(n: int, rng: random.Random):
    """Plans in parent-before-child order until n: per year, provinces, their cities, the cities' counties."""
    provinces, kids = divisions()
    rng.shuffle(provinces)
    taken: dict[str, set[str]] = {}
    for year in itertools.count(FIRST_YEAR):  # a smaller N is a prefix of a larger one
        for pcode, pname in provinces:
            yield from _tree(year, pcode, pname, None, kids, rng, taken)


def _tree(year: int, code: str, name: str, parent: Plan | None, kids, rng: random.Random, taken: dict):
    level = "province" if parent is None else "city" if parent.level == "province" else "county"
    r = random.Random(f"{code}")  # a place keeps its rivers across years
    title = f"{name}{year}年水污染防治攻坚战实施方案"
    plan = Plan(f"{code}_{year}", name, short(name), level, year, title, [], parent, tuple(r.sample(RIVERS, 3)))
    plan.tasks = derive(plan, parent, rng, taken) if parent else root_tasks(plan, rng)
    yield plan
    if level == "county":
        return
    for ccode, cname in kids.get(code, [])[: CHILDREN[level]]:
        yield from _tree(year, ccode, cname, plan, kids, rng, taken)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    truth = {}
    for i, plan in zip(range(args.n), plans(args.n, rng)):
        text = render(plan, rng)
        folder = args.out / plan.stem[:2] / str(plan.year)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{plan.stem}.txt").write_text(text, encoding="utf-8")
        rel = f"{plan.stem[:2]}/{plan.year}/{plan.stem}.txt"
        if plan.parent:
            prel = f"{plan.parent.stem[:2]}/{plan.parent.year}/{plan.parent.stem}.txt"
            truth[rel] = {"parent": prel, "tasks": {t.number: t.sources for t in plan.tasks}}
    (args.out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{min(args.n, i + 1)} documents, {len(truth)} with a parent, in {args.out}")


if __name__ == "__main__":
    main()

"""A tiny synthetic build for the viz tests: three government levels, lineage with scores, rivers, sections
and targets (the data issues 4 and 5 will produce), roles with evidence, two units with the same label,
and document text that tries to inject HTML."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.graph import store

EVIL = '<img src=x onerror="window.__pwned=1">&amp;</script><script>window.__pwned=2</script>'

TRIG = r"""
@prefix pol: <https://w3id.org/policy-kg/ontology#> .
@prefix id: <https://w3id.org/policy-kg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

id:graph\/entities {
  id:jurisdiction\/410000 a pol:Jurisdiction ; rdfs:label "河南省" ; pol:level "province" .
  id:jurisdiction\/410800 a pol:Jurisdiction ; rdfs:label "焦作市" ; pol:level "city" ; pol:partOf id:jurisdiction\/410000 .
  id:jurisdiction\/410883 a pol:Jurisdiction ; rdfs:label "孟州市" ; pol:level "county" ; pol:partOf id:jurisdiction\/410800 .
  id:unit\/410800\/市生态环境局 a pol:Unit ; rdfs:label "市生态环境局" ; pol:jurisdiction id:jurisdiction\/410800 .
  id:unit\/410883\/市生态环境局 a pol:Unit ; rdfs:label "市生态环境局" ; pol:jurisdiction id:jurisdiction\/410883 .
  id:unit\/410883\/市水利局 a pol:Unit ; rdfs:label "市水利局" ; pol:jurisdiction id:jurisdiction\/410883 .
  id:unit\/410883\/各乡镇办事处 a pol:Unit ; rdfs:label "各乡镇办事处" ; pol:jurisdiction id:jurisdiction\/410883 .
  id:unit\/410000\/省生态环境厅 a pol:Unit ; rdfs:label "省生态环境厅" ; pol:jurisdiction id:jurisdiction\/410000 .
  id:river\/蟒河 a pol:River ; rdfs:label "蟒河" .
  id:river\/沁河 a pol:River ; rdfs:label "沁河" .
  id:river\/黄河 a pol:River ; rdfs:label "黄河" .
  id:section\/孟州石井断面 a pol:Section ; rdfs:label "孟州石井断面" ; pol:onRiver id:river\/蟒河 .
  id:section\/上苑断面 a pol:Section ; rdfs:label "上苑断面" ; pol:onRiver id:river\/沁河 .
  id:doc\/焦环委办2025-12 a pol:Directive ; dcterms:title "关于印发焦作市2025年水污染防治攻坚战实施方案的通知" ; pol:docNumber "焦环委办〔2025〕12号" .
}

id:graph\/d1 {
  id:plan\/d1 a pol:Plan , pol:Directive ; dcterms:title "河南省2024年水污染防治攻坚战实施方案" ; rdfs:label "河南省2024年水污染防治攻坚战实施方案" ;
      pol:sourceFile "d1.txt" ; pol:year 2024 ; pol:jurisdiction id:jurisdiction\/410000 ;
      pol:hasTask id:plan\/d1\/task\/1 , id:plan\/d1\/task\/2 .
  id:plan\/d1\/task\/1 a pol:Task ; pol:taskNumber "1" ; dcterms:title "推进河湖生态保护修复" ; rdfs:label "1. 推进河湖生态保护修复" ;
      pol:sourceFile "d1.txt" ; pol:charStart 10 ; pol:charEnd 60 ; pol:quote "1. 推进河湖生态保护修复。省生态环境厅牵头。" ;
      pol:leadUnit id:unit\/410000\/省生态环境厅 .
  id:plan\/d1\/task\/2 a pol:Task ; pol:taskNumber "2" ; dcterms:title "加强饮用水水源保护" ; rdfs:label "2. 加强饮用水水源保护" ;
      pol:sourceFile "d1.txt" ; pol:quote "2. 加强饮用水水源保护。" .
}

id:graph\/p1 {
  id:plan\/p1 a pol:Plan ; dcterms:title "焦作市2024年水污染防治攻坚战实施方案" ; rdfs:label "焦作市2024年水污染防治攻坚战实施方案" ;
      pol:sourceFile "p1.txt" ; pol:year 2024 ; pol:jurisdiction id:jurisdiction\/410800 ;
      pol:hasTask id:plan\/p1\/task\/1 , id:plan\/p1\/task\/2 , id:plan\/p1\/task\/3 ;
      prov:wasDerivedFrom id:plan\/d1 .
  id:plan\/p1\/task\/1 a pol:Task ; pol:taskNumber "1" ; dcterms:title "深入推进蟒河综合治理" ; rdfs:label "1. 深入推进蟒河综合治理" ;
      pol:sourceFile "p1.txt" ; pol:charStart 5 ; pol:charEnd 80 ; pol:quote "1. 深入推进蟒河综合治理。市生态环境局负责。" ;
      pol:responsibleUnit id:unit\/410800\/市生态环境局 ; pol:mentions id:river\/蟒河 ;
      prov:wasDerivedFrom id:plan\/d1\/task\/1 ;
      prov:qualifiedDerivation [ a prov:Derivation ; prov:entity id:plan\/d1\/task\/1 ; pol:score 0.91 ; pol:evidence "河湖生态保护修复 ~ 蟒河综合治理" ] .
  id:plan\/p1\/task\/2 a pol:Task ; pol:taskNumber "2" ; dcterms:title "保护饮用水水源地" ; rdfs:label "2. 保护饮用水水源地" ;
      pol:sourceFile "p1.txt" ; pol:quote "2. 保护饮用水水源地。" ;
      prov:wasDerivedFrom id:plan\/d1\/task\/2 ;
      prov:qualifiedDerivation id:derivation\/p1-2 .
  id:derivation\/p1-2 a prov:Derivation ; prov:entity id:plan\/d1\/task\/2 ; pol:score 0.77 ; pol:evidence "饮用水水源" .
  id:plan\/p1\/task\/3 a pol:Task ; pol:taskNumber "3" ; dcterms:title "沁河水质提升" ; rdfs:label "3. 沁河水质提升" ;
      pol:sourceFile "p1.txt" ; pol:quote "3. 沁河水质提升，上苑断面稳定达到III类。" ;
      pol:mentions id:river\/沁河 , id:section\/上苑断面 ; pol:hasTarget id:target\/p1-3 .
  id:target\/p1-3 a pol:Target ; pol:indicator "水质类别" ; pol:comparator "<=" ; pol:value "III" ; pol:targetSection id:section\/上苑断面 ;
      pol:sourceFile "p1.txt" ; pol:quote "上苑断面稳定达到III类" .
}

id:graph\/p2 {
  id:plan\/p2 a pol:Plan ; dcterms:title "孟州市2025年碧水保卫战实施方案" ; rdfs:label "孟州市2025年碧水保卫战实施方案" ;
      pol:sourceFile "p2.txt" ; pol:year 2025 ; pol:jurisdiction id:jurisdiction\/410883 ; pol:issuedBy id:unit\/410883\/市生态环境局 ;
      pol:cites id:doc\/焦环委办2025-12 ; prov:wasDerivedFrom id:doc\/焦环委办2025-12 ;
      pol:hasTask id:plan\/p2\/task\/1 , id:plan\/p2\/task\/2 , id:plan\/p2\/task\/3 , id:plan\/p2\/task\/4 .
  id:plan\/p2\/task\/1 a pol:Task ; pol:taskNumber "1" ; dcterms:title "实施蟒河湿地建设" ; rdfs:label "1. 实施蟒河湿地建设" ;
      pol:sourceFile "p2.txt" ; pol:charStart 100 ; pol:charEnd 180 ; pol:quote "1. 实施蟒河湿地建设。市水利局牵头，各乡镇办事处落实。" ;
      pol:leadUnit id:unit\/410883\/市水利局 ; pol:implementingUnit id:unit\/410883\/各乡镇办事处 ;
      pol:mentions id:river\/蟒河 , id:section\/孟州石井断面 ; pol:hasTarget id:target\/p2-1 ;
      prov:wasDerivedFrom id:plan\/p1\/task\/1 ;
      prov:qualifiedDerivation [ a prov:Derivation ; prov:entity id:plan\/p1\/task\/1 ; pol:score 0.86 ; pol:evidence "蟒河; 湿地" ] .
  id:target\/p2-1 a pol:Target ; pol:indicator "水质类别" ; pol:comparator "<=" ; pol:value "IV" ; pol:targetSection id:section\/孟州石井断面 ;
      pol:sourceFile "p2.txt" ; pol:quote "孟州石井断面水质达到IV类" .
  id:plan\/p2\/task\/2 a pol:Task ; pol:taskNumber "2" ; dcterms:title "饮用水水源规范化建设" ; rdfs:label "2. 饮用水水源规范化建设" ;
      pol:sourceFile "p2.txt" ; pol:quote "2. 饮用水水源规范化建设。市生态环境局负责，市水利局配合。" ;
      pol:responsibleUnit id:unit\/410883\/市生态环境局 ; pol:participantUnit id:unit\/410883\/市水利局 ;
      prov:wasDerivedFrom id:plan\/p1\/task\/2 ;
      prov:qualifiedDerivation [ a prov:Derivation ; prov:entity id:plan\/p1\/task\/2 ; pol:score 0.64 ; pol:evidence "饮用水水源" ] .
  id:plan\/p2\/task\/3 a pol:Task ; pol:taskNumber "3" ; dcterms:title "黄河滩区整治<b>加粗</b>" ; rdfs:label "3. 黄河滩区整治<b>加粗</b>" ;
      pol:sourceFile "p2.txt" ; pol:quote "EVIL" ;
      pol:responsibleUnit id:unit\/410883\/市生态环境局 ; pol:mentions id:river\/黄河 .
  id:plan\/p2\/task\/4 a pol:Task ; pol:taskNumber "4" ; dcterms:title "编制十五五规划" ; rdfs:label "4. 编制十五五规划" ;
      pol:sourceFile "p2.txt" ; pol:quote "4. 编制十五五规划。" ;
      pol:participantUnit id:unit\/410883\/各乡镇办事处 ;
      prov:wasDerivedFrom id:plan\/p2\/task\/2 ;
      prov:qualifiedDerivation [ a prov:Derivation ; prov:entity id:plan\/p2\/task\/2 ; pol:score 0.35 ; pol:evidence "水源" ] .
  id:plan\/p2\/task\/1\/obligation\/1 a pol:Obligation ; pol:task id:plan\/p2\/task\/1 ; pol:unit id:unit\/410883\/市水利局 ;
      pol:role pol:Lead ; pol:quote "市水利局牵头" ; pol:sourceFile "p2.txt" .
  id:plan\/p2\/task\/1\/obligation\/2 a pol:Obligation ; pol:task id:plan\/p2\/task\/1 ; pol:unit id:unit\/410883\/各乡镇办事处 ;
      pol:role pol:Implementer ; pol:quote "各乡镇办事处落实" ; pol:sourceFile "p2.txt" .
}
""".replace('"EVIL"', '"' + EVIL.replace('"', '\\"') + '"')


def make_build(folder: Path) -> Path:
    """Write the synthetic graph as a policy-kg build folder (kg.trig + store + marker)."""
    folder.mkdir(parents=True, exist_ok=True)
    trig = folder / store.TRIG
    trig.write_text(TRIG, encoding="utf-8")
    s = store.create_store(folder)
    s.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
    s.flush()
    del s
    store.write_marker(folder, {"policy_kg": "test", "documents": ["d1.txt", "p1.txt", "p2.txt"]})
    return folder


# ---- moved copies of the seeds: a corpus of N plans in N/5 places, for the viz bench and scale tests --------

#: the seeds' places, longest first, and what each becomes in a copy: province / city / county of the move
SEED_PLACES = {"河南省": "p", "河南": "ps", "焦作市": "c", "焦作": "cs", "孟州市": "k", "孟州": "ks",
               "山西省": "q", "山西": "qs", "忻州市": "x", "忻州": "xs"}


def _moves(copies: int, seed: int) -> list[dict[str, str]]:
    """`copies` distinct moves: a city of a province ending in 省 with a county-level 市 or 县 under it (for
    焦作 and 孟州), and a city of another such province (for 忻州)."""
    import random

    from kg.divisions import table

    t = table()
    provinces = [d for d in t.values() if d.level == "province" and d.name.endswith("省")]
    cities = {p.code: [d for d in t.values() if d.level == "city" and d.code[:2] == p.code[:2] and d.name.endswith("市")]
              for p in provinces}
    counties = {c.code: [d for d in t.values() if d.level == "county" and d.code[:4] == c.code[:4]
                         and d.name.endswith(("市", "县")) and len(d.name) >= 3]
                for cs in cities.values() for c in cs}
    pairs = [(p, c, k) for p in provinces for c in cities[p.code] for k in counties[c.code]]
    rnd = random.Random(seed)
    rnd.shuffle(pairs)
    out, used = [], set()
    for p, c, k in pairs:
        if c.code in used:  # each copy in a city of its own, so no two copies collide
            continue
        q, x = rnd.choice([(q, x) for q in provinces if q.code != p.code for x in cities[q.code] if x.code not in used])
        used |= {c.code, x.code}
        out.append({"p": p.name, "ps": p.name[:-1], "c": c.name, "cs": c.name[:-1], "k": k.name, "ks": k.name[:-1],
                    "q": q.name, "qs": q.name[:-1], "x": x.name, "xs": x.name[:-1]})
        if len(out) == copies:
            return out
    raise ValueError(f"only {len(out)} distinct moves available")


def moved_copies(dst: Path, plans: int, seed: int = 1, corpus: Path | None = None) -> Path:
    """A corpus of `plans` documents: the five seeds, then copies of them moved to other places (every place
    name of the seeds, text and sidecar, replaced by the move's), as a larger corpus of distinct places."""
    import re

    corpus = corpus or Path(__file__).resolve().parent.parent / "corpus"
    seeds = sorted(corpus.glob("*.txt"))
    names = re.compile("|".join(sorted(SEED_PLACES, key=len, reverse=True)))
    dst.mkdir(parents=True, exist_ok=True)
    copies = -(-plans // len(seeds))
    moves = [None] + _moves(copies - 1, seed)
    n = 0
    for i, move in enumerate(moves):
        for src in seeds:
            if n == plans:
                return dst
            for path in (src, src.with_name(src.stem + ".meta.json")):
                if not path.is_file():
                    continue
                text = path.read_text(encoding="utf-8")
                if move:
                    text = names.sub(lambda m: move[SEED_PLACES[m.group()]], text)
                name = path.name if not move else path.name.replace(src.stem, f"{src.stem}_m{i:03d}")
                (dst / name).write_text(text, encoding="utf-8")
            n += 1
    return dst


# ---- reading a written page back (shared by the viz tests) -------------------------------------------------

ROLES = "pol:leadUnit pol:responsibleUnit pol:participantUnit pol:implementingUnit"

#: every node the plan-level overview draws, asked independently of the view code: plans; what they cite or
#: derive from; the documents their tasks' sources belong to; the units their tasks bind or that issue them;
#: their jurisdictions and the chain up
OVERVIEW_SPARQL = f"""SELECT DISTINCT ?x WHERE {{
    {{ ?x a pol:Plan }}
    UNION {{ ?p a pol:Plan ; pol:cites ?x FILTER(isIRI(?x)) }}
    UNION {{ ?p a pol:Plan ; prov:wasDerivedFrom ?x }}
    UNION {{ ?p a pol:Plan ; pol:hasTask/prov:wasDerivedFrom ?s . ?x pol:hasTask ?s }}
    UNION {{ ?p a pol:Plan ; pol:hasTask ?t . ?t ?r ?x VALUES ?r {{ {ROLES} }} ?x a pol:Unit }}
    UNION {{ ?p a pol:Plan ; pol:issuedBy ?x }}
    UNION {{ ?p a pol:Plan ; pol:jurisdiction/pol:partOf* ?x }} }}"""


def page_data(path: Path) -> dict:
    """The JSON a page draws, with each edge's ends, relation, quote and file written out as the page's
    script reads them (the file stores positions in the node table, the relation list and the pool)."""
    import json
    import re

    text = path.read_text(encoding="utf-8")
    m = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', text, re.S)
    assert m, "no data block"
    data = json.loads(m.group(1))
    table = [n["id"] for n in data["nodes"]] + [n["id"] for v in data["more"].values() for n in v["nodes"]]
    for e in data["edges"] + [e for v in data["more"].values() for e in v["edges"]]:
        e["f"], e["t"], e["r"] = table[e["f"]], table[e["t"]], data["rels"][e["r"]]
        for key in ("q", "file"):
            if key in e:
                e[key] = data["pool"][e[key]]
    return data


def every_node(data: dict) -> list[dict]:
    """Drawn nodes and those waiting for a click."""
    return data["nodes"] + [n for v in data["more"].values() for n in v["nodes"]]


# ---- a plan-level overview of many places, without a build (layout and page tests at scale) -------------

AGENCIES = ["市生态环境局", "市水利局", "市住建局", "市农业农村局", "市自然资源和规划局", "市发展和改革委员会", "市工业和信息化局",
            "市城市管理局", "市交通运输局", "市公安局", "市财政局", "市应急管理局", "各乡镇（街道）", "市卫生健康委员会"]


def plan_level_view(cities: int = 6, counties_per_city: int = 3, seed: int = 1):
    """A ViewGraph shaped like `kg viz overview` of a corpus: provinces → cities → counties, a city plan
    and three county plans per county, the same agency names in every place, tasks waiting per plan."""
    import random

    from kg.viz.model import Edge, Node, PlanFacet, ViewGraph

    rnd = random.Random(seed)
    g = ViewGraph("overview", f"synthetic overview of {cities} cities", layout="clusters",
                  fonts={"Task": 8, "Unit": 11, "Directive": 11, "Plan": 15})

    def place(code: str, name: str, up: str | None) -> str:
        g.add_node(Node(code, name, "Jurisdiction", group=code))
        g.groups[code] = (name, up)
        if up:
            g.add_edge(Edge(code, up, "partOf"))
        return code

    def plan(code: str, name: str, year: int, source: str | None) -> str:
        pid = f"{code}/plan/{len(g.nodes)}"
        g.add_node(Node(pid, f"{name}{year}年水污染防治攻坚战实施方案", "Plan", group=code, plans={pid}))
        g.facets[pid] = PlanFacet(g.nodes[pid].label, name, code, str(year))
        g.add_edge(Edge(pid, code, "jurisdiction"))
        for k, agency in enumerate(rnd.sample(AGENCIES, 9)):
            uid = f"{code}/unit/{agency}"
            g.add_node(Node(uid, agency, "Unit", group=code, place=name[:2])).plans.add(pid)
            g.add_edge(Edge(pid, uid, "leadUnit" if k < 2 else "participantUnit", weight=rnd.randint(1, 9), summarises=pid))
        tasks = [Node(f"{pid}/task/{i}", f"{i}. 深入推进第{i}项重点任务", "Task", plans={pid}) for i in range(1, 16)]
        g.expand[pid] = (tasks, [Edge(pid, t.id, "hasTask") for t in tasks])
        if source:
            g.add_edge(Edge(source, pid, "wasDerivedFrom", label=f"{rnd.uniform(0.5, 1):.2f}", weight=rnd.randint(1, 12)))
        return pid

    province = ""
    for c in range(cities):
        if c % 3 == 0:  # three cities to a province
            province = place(f"p{c // 3}", ["河南省", "山西省", "河北省"][c // 3 % 3] + str(c // 3), None)
        city = place(f"c{c}", f"第{c}城市", province)
        city_plan = plan(city, f"第{c}城市", 2022, None)
        for k in range(counties_per_city):
            county = place(f"c{c}k{k}", f"第{c}城{k}县", city)
            for year in (2024, 2025, 2025):
                plan(county, f"第{c}城{k}县", year, city_plan)
    return g

"""One identity per agency, functions, branches; and the obligation canned queries against the gold.

Expected answers are computed from the hand-written gold in tests/gold/obligations (read from the brackets),
never from the extractor.
"""

import json
from collections import Counter, defaultdict

from conftest import GOLD, SEEDS
from kg.reference import UnitTable


def gold_obligations():
    units = UnitTable()
    out = {}
    for name in SEEDS:
        g = json.loads((GOLD / "obligations" / f"{name[:-4]}.json").read_text(encoding="utf-8"))
        out[name] = {n: {(units.canonical(o["unit"]), o["role"]) for o in t["obligations"]} for n, t in g["tasks"].items()}
    return out


def test_every_unit_has_one_label_a_function_and_a_jurisdiction(sparql):
    assert sparql("""SELECT ?u WHERE { ?u a pol:Unit . FILTER NOT EXISTS { ?u pol:function ?f } }""") == []
    assert sparql("""SELECT ?u WHERE { ?u a pol:Unit . FILTER NOT EXISTS { ?u pol:jurisdiction ?j } }""") == []
    assert sparql("""SELECT ?u WHERE { ?u a pol:Unit ; rdfs:label ?a, ?b . FILTER(?a != ?b) }""") == []


def test_variants_are_one_agency_with_alt_labels(sparql):
    rows = sparql("""SELECT ?label ?alt WHERE { ?u a pol:Unit ; skos:prefLabel "市住房和城乡建设局"@zh ;
                     pol:jurisdiction/rdfs:label "焦作市"@zh ; rdfs:label ?label . OPTIONAL { ?u skos:altLabel ?alt } }""")
    assert {r[0] for r in rows} == {"市住房和城乡建设局"}
    assert "市住房城乡建设局" in {r[1] for r in rows}
    rows = sparql("""SELECT ?label WHERE { ?u a pol:Unit ; skos:altLabel "高新区区管委会"@zh ; rdfs:label ?label }""")
    assert rows == [("高新区管委会",)]


def test_county_branch_is_sub_organisation_of_city_bureau(sparql):
    rows = sparql("""SELECT ?pj ?pl WHERE { ?u rdfs:label "市生态环境分局"@zh ; org:subOrganizationOf ?p .
                     ?p rdfs:label ?pl ; pol:jurisdiction/rdfs:label ?pj }""")
    assert rows == [("焦作市", "市生态环境局")]


def test_function_scheme_compares_across_jurisdictions(sparql):
    rows = sparql("""SELECT DISTINCT ?j WHERE { ?u pol:function/skos:prefLabel "生态环境"@zh ; pol:jurisdiction/rdfs:label ?j }""")
    assert {r[0] for r in rows} == {"孟州市", "焦作市", "忻州市"}


def test_agencies_by_tasks_led_matches_gold(sparql):
    from kg.explore.queries import canned_query

    led = Counter()
    for name, tasks in gold_obligations().items():
        jur = json.loads((GOLD.parent.parent / "corpus" / (name[:-4] + ".meta.json")).read_text(encoding="utf-8"))["jurisdiction"]
        for n, obs in tasks.items():
            for unit, role in obs:
                if role == "lead":
                    led[(unit, jur)] += 1
    rows = sparql(canned_query("agencies_by_tasks_led").text)
    units = UnitTable()
    got = Counter({(units.canonical(a), j): int(n) for a, j, n, _ in rows})
    assert got == led
    assert rows[0][:3] == ("市生态环境分局", "孟州市", "16")


def test_tasks_without_lead_matches_gold(sparql):
    from kg.explore.queries import canned_query

    titles = {}
    for name in SEEDS:
        g = json.loads((GOLD / "outline" / f"{name[:-4]}.json").read_text(encoding="utf-8"))
        titles[name] = {t["number"]: t["title"] for t in g["tasks"]}
    want = {(name, n) for name, tasks in gold_obligations().items() for n, obs in tasks.items() if not any(r == "lead" for _, r in obs)}
    rows = sparql(canned_query("tasks_without_lead").text)
    plan_file = dict(sparql("SELECT ?t ?f WHERE { ?p a pol:Plan ; dcterms:title ?t ; pol:sourceFile ?f }"))
    assert {(plan_file[p], n) for p, n, _, _ in rows} == want
    assert len(want) == 42


def test_task_needing_most_agencies(sparql):
    from kg.explore.queries import canned_query

    rows = sparql(canned_query("tasks_most_agencies").text)
    g = gold_obligations()
    sizes = sorted(((len({u for u, _ in obs}), name, n) for name, t in g.items() for n, obs in t.items()), reverse=True)
    top_size, top_file, top_n = sizes[0]
    assert (rows[0][1], int(rows[0][3])) == (top_n, top_size)
    assert (top_file, top_n, top_size) == ("004_2406362d0e19a533.txt", "14", 15)


def test_function_load_for_water(sparql):
    from kg.explore.queries import canned_query

    rows = sparql(canned_query("function_load_by_plan").text)
    water = {(r[3], r[4]): int(r[5]) for r in rows if r[0] == "水利水务"}
    # 孟州 water plan: 市水利局 leads tasks 3 and 10 (read from the brackets); 河务局 is a water body too
    units = UnitTable()
    counts = defaultdict(set)
    for n, obs in gold_obligations()["000_5aa1b34ff7adb0c1.txt"].items():
        for u, r in obs:
            f = units.function(u)
            if f and f.id == "water":
                counts[r].add(n)
    plan = "孟州市2025年碧水保卫战实施方案"
    assert {r: water.get((plan, r), 0) for r in counts} == {r: len(s) for r, s in counts.items()}
    assert counts["lead"] == {"3", "10"}

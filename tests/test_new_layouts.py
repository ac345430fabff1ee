"""A plan in layouts the seeds do not show, built end to end: full-width task numbers, label lines,
square brackets, a 县 prefix, no sidecar, GB18030 bytes. The facts below are read off this text."""

from kg.build import build
from kg.explore.query import run_local
from kg.graph.store import open_store

PLAN = """温县人民政府办公室
关于印发温县2025年水污染防治工作方案的通知
温政办〔2025〕7号

温县2025年水污染防治工作方案

一、总体要求
为持续改善水环境质量，制定本方案。

二、重点任务
1．加强蟒河综合治理。9月底前完成沿河排污口排查整治。
牵头单位：县生态环境局；配合单位：县水利局、住建局；责任单位：各乡镇人民政府
2．推进城镇污水处理提质增效。〔县住建局牵头，县发改委、财政局参与，各乡镇人民政府负责落实〕
3．严格饮用水水源保护。（县水利局负责，县生态环境局、卫健委配合）

三、保障措施
各单位要加强组织领导。
"""


def rows(store, q):
    return [tuple(t.value for t in r) for r in run_local(store, q).rows]


def test_messier_county_plan_builds(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "wenxian.txt").write_bytes(PLAN.encode("gb18030"))
    build(corpus, tmp_path / "b")
    st = open_store(tmp_path / "b")
    assert rows(st, "SELECT ?t ?y ?num ?j WHERE { ?p a pol:Plan ; dcterms:title ?t ; pol:year ?y ; pol:docNumber ?num ; pol:jurisdiction/rdfs:label ?j }") == [
        ("温县2025年水污染防治工作方案", "2025", "温政办〔2025〕7号", "温县")]
    chain = rows(st, "SELECT ?a ?b WHERE { ?j rdfs:label '温县'@zh ; pol:partOf ?x . ?x rdfs:label ?a ; pol:partOf/rdfs:label ?b }")
    assert chain == [("焦作市", "河南省")]
    got = set(rows(st, """SELECT ?n ?unit ?role WHERE { ?o pol:task ?t ; pol:unit/rdfs:label ?unit ;
        pol:role/skos:prefLabel ?role . ?t pol:taskNumber ?n . FILTER(LANG(?role) = 'en') }"""))
    assert got == {
        ("1", "县生态环境局", "lead"), ("1", "县水利局", "participant"), ("1", "县住建局", "participant"),
        ("1", "各乡镇人民政府", "responsible"),
        ("2", "县住建局", "lead"), ("2", "县发改委", "participant"), ("2", "县财政局", "participant"),
        ("2", "各乡镇人民政府", "implementer"),
        ("3", "县水利局", "responsible"), ("3", "县生态环境局", "participant"), ("3", "县卫健委", "participant"),
    }
    assert rows(st, "SELECT ?d WHERE { ?t pol:taskNumber '1' ; pol:deadline ?d }") == [("2025-09-30",)]
    assert rows(st, "SELECT ?l WHERE { ?t pol:taskNumber '1' ; pol:mentions ?r . ?r a pol:River ; rdfs:label ?l }") == [("蟒河",)]

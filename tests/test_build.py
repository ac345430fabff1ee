"""`kg build` on the real seeds: the contract's outputs, SHACL, metadata, atomicity, stable IRIs."""

import json

import pyoxigraph as ox
import pytest
from rdflib import Dataset

from conftest import CORPUS, SEEDS, copy_corpus, gold
from kg.build import build
from kg.errors import InputError
from kg.graph.store import read_marker


def test_trig_parses_with_rdflib_and_oxigraph(seed_build):
    ds = Dataset()
    ds.parse(seed_build / "kg.trig", format="trig")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    doc_graphs = {n for n in names if "/id/graph/" in n and n.rsplit("/", 1)[1][:3].isdigit()}
    assert len(doc_graphs) == len(SEEDS)
    assert "https://w3id.org/policy-kg/ontology" in names
    st = ox.Store()
    st.load(path=str(seed_build / "kg.trig"), format=ox.RdfFormat.TRIG)
    assert len(st) == sum(len(g) for g in ds.graphs())


def test_91_tasks(sparql):
    assert sparql("SELECT (COUNT(?t) AS ?n) WHERE { ?p pol:hasTask ?t }") == [("91",)]


def test_task_numbers_and_titles_per_plan(sparql):
    for name in SEEDS:
        rows = sparql(f"""SELECT ?n ?title WHERE {{ ?p pol:sourceFile "{name}"; pol:hasTask ?t .
                          ?t pol:taskNumber ?n; dcterms:title ?title; pol:position ?pos }} ORDER BY ?pos""")
        assert rows == [(t["number"], t["title"]) for t in gold("outline", name[:-4])["tasks"]]


def test_plan_metadata_from_sidecars(sparql):
    for name in SEEDS:
        meta = json.loads((CORPUS / (name[:-4] + ".meta.json")).read_text(encoding="utf-8"))
        row = sparql(f"""SELECT ?title ?year ?num ?issued ?jl WHERE {{ ?p a pol:Plan; pol:sourceFile "{name}";
            dcterms:title ?title; pol:year ?year; pol:jurisdiction/rdfs:label ?jl .
            OPTIONAL {{ ?p pol:docNumber ?num }} OPTIONAL {{ ?p dcterms:issued ?issued }} }}""")
        assert row == [(meta["title"], str(meta["year"]), meta["docNumber"], meta["issued"], meta["jurisdiction"])]


def test_jurisdiction_chain_from_division_table(sparql):
    rows = sparql("""SELECT ?a ?b ?c WHERE { ?x rdfs:label "孟州市"@zh; pol:partOf ?y . ?y rdfs:label ?b; pol:partOf ?z .
                     ?z rdfs:label ?c . BIND(STR("孟州市") AS ?a) }""")
    assert rows == [("孟州市", "焦作市", "河南省")]
    assert sparql("""SELECT ?p WHERE { ?x rdfs:label "忻州市"@zh; pol:partOf/rdfs:label ?p }""") == [("山西省",)]


def test_shacl_conforms(seed_build):
    from kg.graph.validate import validate

    conforms, violations = validate(seed_build)
    assert conforms, violations[:5]


def test_task_and_obligation_evidence_points_into_the_source(sparql):
    rows = sparql("""SELECT ?f ?s ?e ?q WHERE { { ?x a pol:Task } UNION { ?x a pol:Obligation }
                     ?x pol:sourceFile ?f; pol:charStart ?s; pol:charEnd ?e; pol:quote ?q }""")
    assert len(rows) > 91 + 400
    texts = {n: (CORPUS / n).read_text(encoding="utf-8") for n in SEEDS}
    for f, s, e, q in rows:
        assert texts[f][int(s) : int(e)] == q


def test_no_sidecars_gives_same_tasks_and_metadata(tmp_path, sparql):
    bare = copy_corpus(tmp_path / "bare", sidecars=False)
    out = tmp_path / "out"
    build(bare, out)
    from kg.explore.query import run_local
    from kg.graph.store import open_store

    q = """SELECT ?f ?title ?year ?num ?j ?n ?tt WHERE { ?p pol:sourceFile ?f; dcterms:title ?title; pol:year ?year;
           pol:jurisdiction/rdfs:label ?j; pol:hasTask ?t . OPTIONAL { ?p pol:docNumber ?num }
           ?t pol:taskNumber ?n; dcterms:title ?tt } ORDER BY ?f ?n"""
    got = [tuple(None if x is None else x.value for x in r) for r in run_local(open_store(out), q).rows]
    assert got == sparql(q)
    assert len(got) == 91


def test_rebuild_mints_the_same_iris(tmp_path, seed_build):
    out = tmp_path / "again"
    build(CORPUS, out)
    a = Dataset().parse(seed_build / "kg.trig", format="trig")
    b = Dataset().parse(out / "kg.trig", format="trig")
    assert set(a.subjects()) == set(b.subjects())


def test_failed_build_leaves_previous_build_intact(tmp_path):
    corpus = copy_corpus(tmp_path / "c")
    out = tmp_path / "out"
    build(corpus, out)
    before = (out / "kg.trig").read_bytes()
    (corpus / "zzz_bad.txt").write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(InputError) as exc:
        build(corpus, out)
    assert "zzz_bad.txt" in str(exc.value)
    assert (out / "kg.trig").read_bytes() == before
    assert read_marker(out)["documents"] == SEEDS
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]


def test_refuses_to_overwrite_a_folder_that_is_not_a_build(tmp_path):
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.docx").write_text("do not delete")
    with pytest.raises(InputError, match="not a policy-kg build"):
        build(CORPUS, out)
    assert (out / "thesis.docx").exists()


def test_gb18030_and_utf16_documents_build_the_same_tasks(tmp_path, docs):
    src = CORPUS / SEEDS[0]
    text = src.read_text(encoding="utf-8")
    from kg.build import Report, extract_corpus, iter_documents

    want = [(t.number, t.title) for t in docs[SEEDS[0][:-4]].tasks]
    for enc in ("gb18030", "utf-16"):
        c = tmp_path / enc
        c.mkdir()
        (c / "a.txt").write_bytes(text.encode(enc))
        got = extract_corpus(c)
        assert [(t.number, t.title) for t in got[0].tasks] == want, enc
    # the same plan twice in one folder, in two encodings: read once, the copy skipped with a notice
    both = tmp_path / "both"
    both.mkdir()
    (both / "a.txt").write_bytes(text.encode("gb18030"))
    (both / "b.txt").write_bytes(text.encode("utf-16"))
    report = Report()
    assert [d.source_file for d in iter_documents(both, report=report)] == ["a.txt"]
    assert report.notices == ["b.txt: same text as a.txt; skipped as a duplicate"]


def test_shapes_catch_a_bad_derivation_and_a_target_without_evidence(seed_build):
    from pyshacl import validate as shacl
    from rdflib import Graph, Literal
    from rdflib.namespace import PROV, RDF, XSD

    from kg.graph.validate import SHAPES, data_graph
    from kg.graph.vocab import POL

    g = data_graph(seed_build)
    d = next(g.subjects(RDF.type, PROV.Derivation))
    g.set((d, POL.score, Literal("1.5", datatype=XSD.decimal)))
    t = next(g.subjects(RDF.type, POL.Target))
    g.remove((t, POL.quote, None))
    conforms, report, text = shacl(g, shacl_graph=Graph().parse(SHAPES), inference="none")
    assert not conforms
    assert "pol:score" in text or "score" in text
    assert "pol:quote" in text or "quote" in text

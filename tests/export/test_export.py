"""`kg export` on the seed build: each format read back by another reader (networkx, csv, Oxigraph), the
counts against SPARQL on the store, and the attributes against the hand-written gold (obligations, lineage)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from conftest import GOLD
from kg.export.run import ExportSpec, export

ONTOLOGY = "https://w3id.org/policy-kg/ontology"
ROLE_PREDICATES = "pol:leadUnit pol:responsibleUnit pol:participantUnit pol:implementingUnit"
runner = CliRunner()


def kg(*args):
    from kg.cli import app

    return runner.invoke(app, [str(a) for a in args])


def count(sparql, query: str) -> int:
    return int(sparql(query)[0][0])


@pytest.fixture(scope="module")
def whole(store, tmp_path_factory) -> dict[str, Path]:
    """The whole graph exported once in each format."""
    out = tmp_path_factory.mktemp("export")
    paths = {}
    for fmt in ("graphml", "gexf", "csv", "jsonld"):
        done = export(store, ExportSpec(fmt, out / f"graph.{fmt}"))
        paths[fmt] = done.paths[0]
        if fmt == "csv":
            paths["csv-edges"] = done.paths[1]
    return paths


@pytest.fixture(scope="module")
def read(whole) -> dict[str, nx.MultiDiGraph]:
    """The whole-graph GraphML and GEXF files read back by networkx, once."""
    return {"graphml": nx.read_graphml(whole["graphml"]), "gexf": nx.read_gexf(whole["gexf"])}


@pytest.fixture(scope="module")
def expected(sparql) -> tuple[int, int]:
    """(nodes, edges) of the whole graph, counted on the store: every IRI or blank node of the data graphs;
    every distinct triple there whose object is not a literal and whose predicate is not rdf:type, unless a
    sub-property links the same two nodes (the build infers pol:involvesUnit from pol:leadUnit)."""
    data = f"GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{ONTOLOGY}>)"
    edges = count(sparql, f"""SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ {data}
        FILTER(!isLiteral(?o) && ?p != rdf:type)
        FILTER NOT EXISTS {{ GRAPH ?g2 {{ ?s ?q ?o }} FILTER(?g2 != <{ONTOLOGY}>) ?q rdfs:subPropertyOf+ ?p }} }} }}""")
    nodes = count(sparql, f"""SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{
        {{ GRAPH ?g {{ ?x ?p ?o }} FILTER(?g != <{ONTOLOGY}>) }}
        UNION {{ GRAPH ?g {{ ?s ?p ?x }} FILTER(?g != <{ONTOLOGY}> && !isLiteral(?x) && ?p != rdf:type) }} }}""")
    return nodes, edges


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def tasks_by_number(G) -> dict[tuple[str, str], str]:
    return {(d["sourceFile"], str(d["taskNumber"])): n for n, d in G.nodes(data=True) if d.get("class") == "Task"}


def names(d: dict) -> set[str]:
    """A unit's label and every variant (skos:altLabel) the corpus writes."""
    return {d["label"], *(a for a in str(d.get("altLabel", "")).split(" | ") if a)}


# ---- the whole graph -------------------------------------------------------------------------------------

@pytest.mark.parametrize("reader", ["graphml", "gexf"])
def test_whole_graph_reads_back_with_the_stores_counts(read, expected, reader):
    G = read[reader]
    assert (G.number_of_nodes(), G.number_of_edges()) == expected
    assert G.is_directed() and G.is_multigraph()


def test_whole_graph_csv_has_the_stores_counts_and_columns(whole, expected):
    nodes, edges = read_csv(whole["csv"]), read_csv(whole["csv-edges"])
    assert (len(nodes), len(edges)) == expected
    assert list(nodes[0])[:3] == ["id", "label", "class"]
    assert list(edges[0])[:5] == ["source", "target", "relation", "predicate", "role"]
    ids = {r["id"] for r in nodes}
    assert all(e["source"] in ids and e["target"] in ids for e in edges)
    assert not whole["csv"].read_bytes().startswith(b"\xef\xbb\xbf")


def test_every_gold_obligation_is_a_role_edge(read):
    """Each task's role edges are exactly the obligations of tests/gold/obligations (written from the
    brackets): same count, and every (unit, role) there as an edge to a unit named so (label or variant)."""
    G = read["graphml"]
    tasks = tasks_by_number(G)
    checked = 0
    for path in sorted((GOLD / "obligations").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        for number, task in gold["tasks"].items():
            node = tasks[(gold["file"], number)]
            roles = [(names(G.nodes[v]), d["role"]) for _, v, d in G.out_edges(node, data=True) if "role" in d]
            assert len(roles) == len(task["obligations"]), (gold["file"], number)
            for ob in task["obligations"]:
                assert any(ob["unit"] in unit and role == ob["role"] for unit, role in roles), (gold["file"], number, ob)
                checked += 1
    assert checked == 467  # README: 467 obligations in the five seeds


def test_inferred_copies_are_left_out(read):
    """The build adds pol:involvesUnit (and dcterms:relation) beside every role and eli:number beside every
    pol:taskNumber; the export keeps the statement the text makes, once."""
    G = read["graphml"]
    task = tasks_by_number(G)[("000_5aa1b34ff7adb0c1.txt", "3")]
    relations = [d["relation"] for _, _, d in G.out_edges(task, data=True)]
    assert "involvesUnit" not in relations and "dcterms:relation" not in relations
    assert relations.count("leadUnit") == 2  # gold: 市水利局 and 市生态环境分局 lead task 3
    assert "number" not in G.nodes[task] and G.nodes[task]["taskNumber"] == "3"


def test_task_attributes_are_read_from_the_text(read):
    """Mengzhou water task 3 (000): its number, title and quote as the seed prints them."""
    G = read["graphml"]
    d = G.nodes[tasks_by_number(G)[("000_5aa1b34ff7adb0c1.txt", "3")]]
    assert d["class"] == "Task" and d["types"] == "pol:Task"
    assert d["title"] == "深入实施美丽幸福河湖保护与建设"
    assert "市水利局、生态环境分局牵头" in d["quote"] and isinstance(d["charStart"], int)
    plan = G.nodes["https://w3id.org/policy-kg/id/plan/000_5aa1b34ff7adb0c1"]
    assert plan["title"] == "孟州市2025年碧水保卫战实施方案" and plan["class"] == "Plan" and plan["year"] == 2025


def test_derivation_edges_carry_the_lineage_score(read):
    """tests/gold/lineage/000_to_001.json: Mengzhou 9 ← Jiaozuo 2, 10 ← 9; 16 has no counterpart."""
    G = read["gexf"]
    tasks = tasks_by_number(G)
    plan, directive = "000_5aa1b34ff7adb0c1.txt", "001_ad3ff90022bb8e8d.txt"
    for mine, source in (("9", "2"), ("10", "9")):
        found = [d for _, v, d in G.out_edges(tasks[(plan, mine)], data=True)
                 if v == tasks[(directive, source)] and d["relation"] == "wasDerivedFrom"]
        assert len(found) == 1 and 0.27 <= found[0]["score"] <= 1.0  # asserted: over the threshold (README)
        assert found[0]["predicate"] == "http://www.w3.org/ns/prov#wasDerivedFrom"
    assert not [v for _, v, d in G.out_edges(tasks[(plan, "16")], data=True) if d["relation"] == "wasDerivedFrom"]


def test_whole_graph_jsonld_holds_every_quad(whole, store):
    quads = list(ox.parse(whole["jsonld"].read_bytes(), format=ox.RdfFormat.JSON_LD))
    assert len(quads) == len(store) == len(set(quads))
    named = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    assert ONTOLOGY in named and "https://w3id.org/policy-kg/id/graph/lineage" in named


# ---- views and queries -----------------------------------------------------------------------------------

def test_agencies_view_graphml_equals_the_view(store, tmp_path):
    from kg.viz.draw import build_view

    view = build_view(store, "agencies")
    export(store, ExportSpec("graphml", tmp_path / "a.graphml", "agencies"))
    G = nx.read_graphml(tmp_path / "a.graphml")
    assert G.number_of_nodes() == len(view.nodes)
    assert G.number_of_edges() == len({(e.source, e.target, e.rel) for e in view.edges})
    task = tasks_by_number(G)[("001_ad3ff90022bb8e8d.txt", "9")]
    leads = {G.nodes[v]["label"] for _, v, d in G.out_edges(task, data=True) if d["role"] == "lead"}
    gold = json.loads((GOLD / "obligations" / "001_ad3ff90022bb8e8d.json").read_text(encoding="utf-8"))
    assert leads == {o["unit"] for o in gold["tasks"]["9"]["obligations"] if o["role"] == "lead"} == {"市水利局"}
    assert {d["class"] for _, d in G.nodes(data=True)} == {"Task", "Unit"}


def test_lineage_view_points_derived_to_source(store, tmp_path):
    export(store, ExportSpec("gexf", tmp_path / "l.gexf", "lineage", plan="000_5aa1b34ff7adb0c1"))
    G = nx.read_gexf(tmp_path / "l.gexf")
    tasks = tasks_by_number(G)
    mine, source = tasks[("000_5aa1b34ff7adb0c1.txt", "9")], tasks[("001_ad3ff90022bb8e8d.txt", "2")]
    edge = [d for _, v, d in G.out_edges(mine, data=True) if v == source]
    assert len(edge) == 1 and edge[0]["relation"] == "wasDerivedFrom" and 0.27 <= edge[0]["score"] <= 1.0


def test_agencies_view_jsonld_has_the_views_triples(store, sparql, tmp_path):
    """The role triples among tasks and units, and each of those nodes' types and literals (less the copies
    the build infers through rdfs:subPropertyOf / subClassOf)."""
    done = export(store, ExportSpec("jsonld", tmp_path / "a.jsonld", "agencies"))
    triples = list(ox.parse((tmp_path / "a.jsonld").read_bytes(), format=ox.RdfFormat.JSON_LD))
    roles = count(sparql, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?t ?r ?u VALUES ?r {{ {ROLE_PREDICATES} }} }}")
    facts = count(sparql, f"""SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?x ?p ?o WHERE {{
        {{ ?x ?r ?u }} UNION {{ ?t ?r ?x }} VALUES ?r {{ {ROLE_PREDICATES} }}
        ?x ?p ?o FILTER(isLiteral(?o) || ?p = rdf:type)
        FILTER NOT EXISTS {{ ?x ?q ?o . ?q rdfs:subPropertyOf+ ?p }}
        FILTER NOT EXISTS {{ FILTER(?p = rdf:type) ?x a ?c . ?c rdfs:subClassOf+ ?o }} }} }}""")
    assert len(triples) == done.triples == roles + facts
    lead = ox.NamedNode("https://w3id.org/policy-kg/ontology#leadUnit")
    gold_leads = sum(o["role"] == "lead" for path in (GOLD / "obligations").glob("*.json")
                     for t in json.loads(path.read_text(encoding="utf-8"))["tasks"].values() for o in t["obligations"])
    assert sum(t.predicate == lead for t in triples) == gold_leads


def test_construct_jsonld_is_its_triples_and_select_is_refused(store, seed_build, sparql, tmp_path):
    q = "CONSTRUCT { ?t pol:leadUnit ?u } WHERE { ?t pol:leadUnit ?u }"
    export(store, ExportSpec("jsonld", tmp_path / "c.jsonld", "query", query=q))
    triples = list(ox.parse((tmp_path / "c.jsonld").read_bytes(), format=ox.RdfFormat.JSON_LD))
    assert len(triples) == count(sparql, "SELECT (COUNT(*) AS ?n) WHERE { ?t pol:leadUnit ?u }")
    r = kg("export", "--query", "SELECT ?t WHERE { ?t a pol:Task }", "-o", tmp_path / "s.jsonld", "--build", seed_build)
    assert r.exit_code == 2 and "no triples" in r.stderr and not (tmp_path / "s.jsonld").exists()


def test_select_rows_become_edges_with_their_cells(store, tmp_path):
    """A SELECT chains each row's IRIs (as kg viz --query) and gives a literal cell to the IRI before it: the
    rivers Mengzhou task 1 names (蟒河, 滩区涝河, in its first sentence)."""
    q = ("SELECT ?task ?n ?river WHERE { ?task pol:mentions ?river ; pol:taskNumber ?n ; pol:sourceFile "
         "'000_5aa1b34ff7adb0c1.txt' . ?river a pol:River }")
    export(store, ExportSpec("csv", tmp_path / "q", "query", query=q))
    edges = read_csv(tmp_path / "q.edges.csv")
    nodes = {r["id"]: r for r in read_csv(tmp_path / "q.nodes.csv")}
    task1 = [e for e in edges if nodes[e["source"]].get("n") == "1"]
    assert {"蟒河", "滩区涝河"} <= {nodes[e["target"]]["label"] for e in task1}
    assert {e["relation"] for e in edges} == {"?task → ?river"} and not any(e["predicate"] for e in edges)


# ---- the command: paths, the BOM, one-line errors, nothing half-written -----------------------------------

def test_csv_stem_folder_and_excel(seed_build, tmp_path):
    r = kg("export", "river", "-o", tmp_path / "rivers.csv", "--excel", "--build", seed_build)
    assert r.exit_code == 0, r.stderr
    assert r.stdout.split() == [str(tmp_path / "rivers.nodes.csv"), str(tmp_path / "rivers.edges.csv")]
    raw = (tmp_path / "rivers.nodes.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,label,class,types,") and raw.split(b"\n", 1)[0].endswith(b"\r")
    rows = list(csv.DictReader((tmp_path / "rivers.nodes.csv").open(encoding="utf-8-sig")))
    assert "蟒河" in {r["label"] for r in rows}
    r = kg("export", "river", "-f", "csv", "-o", tmp_path, "--build", seed_build)
    assert r.exit_code == 0 and (tmp_path / "river.nodes.csv").is_file() and (tmp_path / "river.edges.csv").is_file()
    assert (tmp_path / "river.edges.csv").read_bytes().startswith(b"source,target,relation,predicate,role,score\n")


@pytest.mark.parametrize("args,where", [
    (["nosuch", "-o", "{tmp}/x.graphml"], "nosuch: no such view"),
    (["agencies", "-f", "pdf", "-o", "{tmp}/x"], "--format: must be graphml, gexf, csv or jsonld"),
    (["agencies", "-o", "{tmp}/x.txt"], "--format: give graphml"),
    (["agencies"], "-o: name the file"),
    (["agencies", "-f", "gexf", "-o", "{tmp}/x.graphml"], "ends in .graphml but the format is gexf"),
    (["agencies", "-f", "graphml", "-o", "{tmp}"], "is a folder"),
    (["agencies", "-o", "{tmp}/file/x.graphml"], "is a file, not a folder"),
    (["agencies", "-o", "{build}/x.graphml"], "is inside the build folder"),
    (["--plan", "000", "-o", "{tmp}/x.gexf"], "--plan: only applies to the lineage view"),
])
def test_bad_input_is_one_line_and_exit_2(seed_build, tmp_path, args, where):
    (tmp_path / "file").write_text("not a folder")
    before = sorted(p.name for p in tmp_path.iterdir())
    r = kg("export", *[a.format(tmp=tmp_path, build=seed_build) for a in args], "--build", seed_build)
    assert r.exit_code == 2
    assert r.stderr.startswith("error: ") and r.stderr.count("\n") == 1 and where in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert not (seed_build / "x.graphml").exists()


def test_a_failed_write_leaves_the_old_file_and_no_temporary(seed_build, tmp_path, monkeypatch):
    target = tmp_path / "a.graphml"
    target.write_text("the previous export")

    def half(G, path, **kw):
        Path(path).write_text("<graphml> half of it")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(nx, "write_graphml", half)
    r = kg("export", "agencies", "-o", target, "--build", seed_build)
    assert r.exit_code == 2 and "a.graphml: cannot be written (No space left on device)" in r.stderr
    assert target.read_text() == "the previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["a.graphml"]

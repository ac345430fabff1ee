"""The pure conversion on hand-made quads and views: no store, no build."""

from __future__ import annotations

import networkx as nx
import pyoxigraph as ox

from kg.export.attrs import attribute_names, python_value, uniform_types
from kg.export.network import from_quads, from_view, predicate_of
from kg.export.triples import view_triples
from kg.viz.model import Edge, Node, ViewGraph

POL = "https://w3id.org/policy-kg/ontology#"
ID = "https://w3id.org/policy-kg/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SUB_PROPERTY = "http://www.w3.org/2000/01/rdf-schema#subPropertyOf"
SUB_CLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
PROV = "http://www.w3.org/ns/prov#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DOC = ox.NamedNode(f"{ID}graph/000")
LINEAGE = ox.NamedNode(f"{ID}graph/lineage")
ONTOLOGY = ox.NamedNode("https://w3id.org/policy-kg/ontology")


def n(x: str) -> ox.NamedNode:
    return ox.NamedNode(x if x.startswith("http") else ID + x)


def p(x: str) -> ox.NamedNode:
    return ox.NamedNode(x if x.startswith("http") else POL + x)


def lit(value, dt: str | None = None, lang: str | None = None) -> ox.Literal:
    if lang:
        return ox.Literal(value, language=lang)
    return ox.Literal(value, datatype=ox.NamedNode(XSD + dt)) if dt else ox.Literal(value)


def q(s, pr, o, g=DOC) -> ox.Quad:
    return ox.Quad(s, pr, o, g)


TASK, UNIT, SOURCE, DERIV = n("plan/000/task/9"), n("unit/410883/市水利局"), n("plan/001/task/2"), n("d/1")
QUADS = [
    q(TASK, ox.NamedNode(RDF_TYPE), p("Task")),
    q(TASK, p("taskNumber"), lit("9")),
    q(TASK, p("position"), lit("9", "integer")),
    q(TASK, ox.NamedNode("http://purl.org/dc/terms/title"), lit("深化工业园区水污染整治", lang="zh")),
    q(TASK, p("leadUnit"), UNIT),
    q(UNIT, ox.NamedNode(RDF_TYPE), p("Unit")),
    q(UNIT, ox.NamedNode(RDFS_LABEL), lit("市水利局", lang="zh")),
    q(TASK, ox.NamedNode(PROV + "wasDerivedFrom"), SOURCE, LINEAGE),
    q(TASK, ox.NamedNode(PROV + "qualifiedDerivation"), DERIV, LINEAGE),
    q(DERIV, ox.NamedNode(PROV + "entity"), SOURCE, LINEAGE),
    q(DERIV, p("score"), lit("0.676", "decimal"), LINEAGE),
    q(TASK, p("mentions"), ox.BlankNode("b1")),
    # what a build infers from the schema below: the same edge and type again, more generally
    q(TASK, p("involvesUnit"), UNIT),
    q(TASK, ox.NamedNode(RDF_TYPE), ox.NamedNode(PROV + "Entity")),
    q(p("leadUnit"), ox.NamedNode(SUB_PROPERTY), p("involvesUnit"), ONTOLOGY),
    q(p("Task"), ox.NamedNode(SUB_CLASS), ox.NamedNode(PROV + "Entity"), ONTOLOGY),
    # schema: its triples are not edges; the label it gives a class is not a node of its own
    q(p("Task"), ox.NamedNode(RDFS_LABEL), lit("任务", lang="zh"), ONTOLOGY),
    q(p("Task"), ox.NamedNode(RDF_TYPE), ox.NamedNode("http://www.w3.org/2002/07/owl#Class"), ONTOLOGY),
]


def test_whole_graph_nodes_edges_and_attributes():
    G = from_quads(QUADS, schema_graph=ONTOLOGY.value)
    assert set(G) == {TASK.value, UNIT.value, SOURCE.value, DERIV.value, "_:b1"}
    assert G.number_of_edges() == 5  # leadUnit, wasDerivedFrom, qualifiedDerivation, entity, mentions
    assert not G.has_edge(TASK.value, UNIT.value, key="pol:involvesUnit")  # inferred from leadUnit
    t = G.nodes[TASK.value]
    assert t == {"label": "深化工业园区水污染整治", "class": "Task", "types": "pol:Task", "position": 9,
                 "taskNumber": "9", "title": "深化工业园区水污染整治"}
    assert G.nodes[UNIT.value]["label"] == "市水利局" and "label_zh" not in G.nodes[UNIT.value]
    lead = G.get_edge_data(TASK.value, UNIT.value, key="pol:leadUnit")
    assert lead["role"] == "lead" and lead["relation"] == "leadUnit" and lead["graph"] == "000"
    derived = G.get_edge_data(TASK.value, SOURCE.value, key="prov:wasDerivedFrom")
    assert derived["score"] == 0.676 and derived["graph"] == "lineage" and "role" not in derived


def test_hierarchy_is_transitive_and_only_implied_pairs_go():
    from kg.export.attrs import asserted, hierarchy

    supers = hierarchy([("lead", "involves"), ("involves", "relation"), ("mentions", "relation")])
    assert supers["lead"] == {"involves", "relation"}
    pairs = [("lead", "u1"), ("involves", "u1"), ("relation", "u1"), ("relation", "u2"), ("mentions", "r")]
    assert asserted(pairs, supers) == [("lead", "u1"), ("relation", "u2"), ("mentions", "r")]


def test_literal_values_and_column_names():
    assert python_value(lit("44", "decimal")) == 44.0 and python_value(lit("2025", "integer")) == 2025
    assert python_value(lit("2025-09-30", "date")) == "2025-09-30" and python_value(lit("IV")) == "IV"
    names = attribute_names([POL + "title", "http://purl.org/dc/terms/title", POL + "class"])
    assert names[POL + "title"] == "title" and names["http://purl.org/dc/terms/title"] == "dcterms:title"
    assert names[POL + "class"] == "pol:class"  # `class` is the node's class key
    rows = [{"value": 44.0}, {"value": "IV"}, {"other": 1}]
    uniform_types(rows)
    assert rows == [{"value": "44.0"}, {"value": "IV"}, {"other": 1}]


def test_a_view_keeps_its_nodes_and_points_derivations_back():
    v = ViewGraph("lineage", "t")
    v.add_node(Node(SOURCE.value, "001:2", "Task"))
    v.add_node(Node(TASK.value, "000:9", "Task"))
    v.add_edge(Edge(SOURCE.value, TASK.value, "wasDerivedFrom", label="0.68", info=[("score", "0.676")]))
    facts = {TASK.value: [(POL + "taskNumber", lit("9"))]}
    G = from_view(v, facts)
    assert list(G.edges(keys=True)) == [(TASK.value, SOURCE.value, "wasDerivedFrom")]
    assert G.edges[TASK.value, SOURCE.value, "wasDerivedFrom"]["score"] == 0.676
    assert G.nodes[TASK.value]["label"] == "000:9" and G.nodes[TASK.value]["taskNumber"] == "9"
    triples = view_triples(v, facts)
    assert ox.Triple(TASK, ox.NamedNode(PROV + "wasDerivedFrom"), SOURCE) in triples and len(triples) == 2


def test_relation_keys_back_to_predicates():
    assert predicate_of("leadUnit") == POL + "leadUnit"
    assert predicate_of("wasDerivedFrom") == PROV + "wasDerivedFrom"
    assert predicate_of("skos:broader") == "http://www.w3.org/2004/02/skos/core#broader"
    assert predicate_of("?task → ?river") is None and predicate_of("nosuch:x") is None


def test_written_graph_is_a_valid_multidigraph(tmp_path):
    from kg.export.writers import write_gexf, write_graphml

    G = from_quads(QUADS, schema_graph=ONTOLOGY.value)
    write_graphml(G, tmp_path / "g.graphml")
    write_gexf(G, tmp_path / "g.gexf")
    for H in (nx.read_graphml(tmp_path / "g.graphml"), nx.read_gexf(tmp_path / "g.gexf")):
        assert sorted(H.nodes) == sorted(G.nodes) and H.number_of_edges() == G.number_of_edges()
        assert H.nodes[UNIT.value]["label"] == "市水利局"
    ids = [line for line in (tmp_path / "g.graphml").read_text(encoding="utf-8").splitlines() if "<edge " in line]
    assert len({line.split('id="')[1].split('"')[0] for line in ids}) == len(ids) == 5  # edge ids unique

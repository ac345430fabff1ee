"""Super-properties and super-classes answer: the build materialises what the ontology's rdfs:subPropertyOf
and rdfs:subClassOf imply, into the graph of the triple they follow from (kg/graph/infer.py)."""

import pyoxigraph as ox
import pytest

from kg.graph import infer

EX = "http://example.org/"


def n(name: str) -> ox.NamedNode:
    return ox.NamedNode(EX + name)


def triple(s, p, o) -> ox.Triple:
    return ox.Triple(*(t if isinstance(t, ox.NamedNode) else n(t) for t in (s, p, o)))


ONTOLOGY = [
    triple("lead", infer.SUB_PROPERTY, "involves"), triple("involves", infer.SUB_PROPERTY, "relation"),
    triple("Plan", infer.SUB_CLASS, "Document"), triple("Document", infer.SUB_CLASS, "Entity"),
    triple("A", infer.SUB_CLASS, "B"), triple("B", infer.SUB_CLASS, "A"),  # a cycle: equivalent classes
    triple("typed", infer.SUB_PROPERTY, infer.RDF_TYPE),
]


def test_closure_is_transitive_and_never_reflexive():
    h = infer.hierarchy(ONTOLOGY)
    assert h.properties[n("lead")] == {n("involves"), n("relation")}
    assert h.classes[n("Plan")] == {n("Document"), n("Entity")}
    assert h.classes[n("A")] == {n("B")} and h.classes[n("B")] == {n("A")}
    assert n("relation") not in h.properties and n("Entity") not in h.classes


def test_implied_quads_stay_in_their_graph():
    h = infer.hierarchy(ONTOLOGY)
    g1, g2 = n("graph1"), n("graph2")
    quads = [ox.Quad(n("t"), n("lead"), n("u"), g1), ox.Quad(n("p"), infer.RDF_TYPE, n("Plan"), g2),
             ox.Quad(n("x"), n("other"), n("y"), g1)]
    got = set(infer.implied(quads, h))
    assert got == {ox.Quad(n("t"), n("involves"), n("u"), g1), ox.Quad(n("t"), n("relation"), n("u"), g1),
                   ox.Quad(n("p"), infer.RDF_TYPE, n("Document"), g2), ox.Quad(n("p"), infer.RDF_TYPE, n("Entity"), g2)}


def test_a_sub_property_of_rdf_type_also_implies_the_super_classes():
    h = infer.hierarchy(ONTOLOGY)
    got = set(infer.implied([ox.Quad(n("p"), n("typed"), n("Plan"), ox.DefaultGraph())], h))
    assert ox.Quad(n("p"), infer.RDF_TYPE, n("Entity"), ox.DefaultGraph()) in got


def test_literals_and_blank_nodes_in_the_ontology_are_not_hierarchy():
    odd = [ox.Triple(ox.BlankNode(), infer.SUB_CLASS, n("X")), ox.Triple(n("Y"), infer.SUB_CLASS, ox.Literal("Z"))]
    assert infer.hierarchy(odd) == infer.Hierarchy(properties={}, classes={})


def test_the_expander_gives_per_quad_what_implied_gives():
    """The build expands each quad as it is written (QuadSink); it must add exactly what a second pass would."""
    h = infer.hierarchy(ONTOLOGY)
    expand = infer.Expander(h)
    g = n("graph1")
    quads = [ox.Quad(n("t"), n(p), n(o), g) for p in ("lead", "involves", "relation", "other", "typed")
             for o in ("u", "Plan", "A")]
    quads += [ox.Quad(n("p"), infer.RDF_TYPE, n(c), g) for c in ("Plan", "Document", "A", "Nothing")]
    quads.append(ox.Quad(n("p"), infer.RDF_TYPE, ox.Literal("Plan"), g))
    for q in quads:
        assert set(expand(q)) == set(infer.implied([q], h)), q
    assert expand(ox.Quad(n("x"), n("other"), n("y"), g)) == []


# ---- on the seed build --------------------------------------------------------------------------------

ROLES = ("leadUnit", "responsibleUnit", "participantUnit", "implementingUnit")


def test_involves_unit_is_exactly_the_union_of_the_four_roles(sparql):
    involved = set(sparql("SELECT ?t ?u WHERE { ?t pol:involvesUnit ?u }"))
    union = set()
    for role in ROLES:
        union |= set(sparql(f"SELECT ?t ?u WHERE {{ ?t pol:{role} ?u }}"))
    assert involved == union
    assert len(involved) == len(sparql("SELECT ?t ?u WHERE { ?t pol:involvesUnit ?u }"))  # each pair once
    # 孟州 water task 1's bracket names 5 responsible, 2 participant and 2 implementing units
    task1 = "https://w3id.org/policy-kg/id/plan/000_5aa1b34ff7adb0c1/task/1"
    assert len(sparql(f"SELECT ?u WHERE {{ <{task1}> pol:involvesUnit ?u }}")) == 9


def test_policy_documents_are_the_plans_directives_and_standards(sparql):
    docs = set(sparql("SELECT ?d WHERE { ?d a pol:PolicyDocument }"))
    union = set(sparql("SELECT DISTINCT ?d WHERE { { ?d a pol:Plan } UNION { ?d a pol:Directive } UNION { ?d a pol:Standard } }"))
    assert docs == union and len(set(sparql("SELECT ?d WHERE { ?d a pol:Plan }"))) == 5
    assert ("https://w3id.org/policy-kg/id/doc/DB41%2F2087—2021",) in docs  # pol:Standard ⊑ pol:PolicyDocument


@pytest.mark.parametrize("source,implied", [
    ("?s pol:leadUnit ?o", "?s pol:involvesUnit ?o"), ("?s pol:implementingUnit ?o", "?s dcterms:relation ?o"),
    ("?s pol:hasTask ?o", "?s dcterms:hasPart ?o"), ("?s a pol:Plan", "?s a pol:PolicyDocument"),
    ("?s a pol:Directive", "?s a pol:PolicyDocument"), ("?s a pol:Task", "?s a prov:Entity"),
])
def test_each_implied_triple_is_in_the_graph_of_its_source(sparql, source, implied):
    """A document's graph stays whole: what a triple implies is written into that triple's graph."""
    assert sparql(f"ASK {{ {source} }}") is True
    assert sparql(f"SELECT ?g ?s WHERE {{ GRAPH ?g {{ {source} }} FILTER NOT EXISTS {{ GRAPH ?g {{ {implied} }} }} }}") == []


def test_involves_unit_is_never_in_a_graph_without_its_role(sparql):
    roles = "|".join(f"pol:{r}" for r in ROLES)
    assert sparql(f"SELECT ?g ?s WHERE {{ GRAPH ?g {{ ?s pol:involvesUnit ?o }} "
                  f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?s {roles} ?o }} }} }}") == []


def test_the_ontology_graph_is_left_as_shipped(store):
    from importlib import resources

    from kg.graph import iris

    onto = ox.NamedNode(str(iris.ONTOLOGY_GRAPH))
    shipped = ox.Store()
    shipped.load(path=str(resources.files("kg") / "ontology" / "policy.ttl"), format=ox.RdfFormat.TURTLE)
    assert len(list(store.quads_for_pattern(None, None, None, onto))) == len(shipped)

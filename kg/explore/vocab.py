"""`kg vocab`: the ontology's classes, properties and individuals, read from the build's ontology graph.

A researcher writing a query needs the terms (`pol:leadUnit`, not `pol:leads`), what they mean in both
languages, and what they connect. The build loads `ontology/policy.ttl` into its own named graph, so the
answer comes from the store the queries run on, not from a file that may have moved on since.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pyoxigraph as ox

from kg.explore.query import compact, run_local, turtle
from kg.graph.iris import ONTOLOGY_GRAPH

#: rdf:type → the kind a term is listed as, in the order the kinds are listed
KINDS = {
    "http://www.w3.org/2002/07/owl#Class": "class",
    "http://www.w3.org/2002/07/owl#ObjectProperty": "object property",
    "http://www.w3.org/2002/07/owl#DatatypeProperty": "datatype property",
    "http://www.w3.org/2002/07/owl#NamedIndividual": "individual",
    "http://www.w3.org/2004/02/skos/core#ConceptScheme": "individual",
}
_ORDER = list(dict.fromkeys(KINDS.values()))


@dataclass(frozen=True)
class VocabTerm:
    """One term of the ontology; domain, range and parents as pasteable names, a union as `A | B`."""

    kind: str
    name: str
    iri: str
    label_zh: str
    label_en: str
    domain: str
    range: str
    parents: str
    comment: str

    def to_json(self) -> dict:
        return asdict(self)


_TERMS = """SELECT ?t ?type (SAMPLE(?zh) AS ?lzh) (SAMPLE(?en) AS ?len) (SAMPLE(?c) AS ?comment) WHERE {
  GRAPH <%(g)s> { ?t a ?type . FILTER(isIRI(?t))
    OPTIONAL { ?t rdfs:label ?zh FILTER(LANGMATCHES(LANG(?zh), "zh")) }
    OPTIONAL { ?t rdfs:label ?en FILTER(LANGMATCHES(LANG(?en), "en")) }
    OPTIONAL { ?t rdfs:comment ?c } } } GROUP BY ?t ?type"""
_LINKS = """SELECT ?t ?p ?x WHERE { GRAPH <%(g)s> {
  VALUES ?p { rdfs:domain rdfs:range rdfs:subClassOf rdfs:subPropertyOf }
  { ?t ?p ?x FILTER(isIRI(?x)) } UNION { ?t ?p ?v . ?v owl:unionOf/rdf:rest*/rdf:first ?x } } }"""
_FIELDS = {"http://www.w3.org/2000/01/rdf-schema#domain": "domain", "http://www.w3.org/2000/01/rdf-schema#range": "range",
           "http://www.w3.org/2000/01/rdf-schema#subClassOf": "parents",
           "http://www.w3.org/2000/01/rdf-schema#subPropertyOf": "parents"}


def vocabulary(store: ox.Store) -> list[VocabTerm]:
    """Every class, property and individual of the ontology graph, kind by kind, by name within a kind."""
    links = _links(store)
    terms: dict[str, VocabTerm] = {}
    for row in run_local(store, _TERMS % {"g": ONTOLOGY_GRAPH}).rows:
        iri, kind = row[0].value, KINDS.get(row[1].value)
        if kind is None or (iri in terms and _ORDER.index(terms[iri].kind) <= _ORDER.index(kind)):
            continue
        zh, en, comment = (t.value if t else "" for t in row[2:])
        got = links.get(iri, {})
        terms[iri] = VocabTerm(kind, compact(iri), iri, zh, en, *(_joined(got.get(f, []), f) for f in
                                                                   ("domain", "range", "parents")), comment)
    return sorted(terms.values(), key=lambda t: (_ORDER.index(t.kind), t.name.lower()))


def _links(store: ox.Store) -> dict[str, dict[str, list[str]]]:
    out: dict[str, dict[str, list[str]]] = {}
    for t, p, x in run_local(store, _LINKS % {"g": ONTOLOGY_GRAPH}).rows:
        if x is not None and x.type == "uri":
            out.setdefault(t.value, {}).setdefault(_FIELDS[p.value], []).append(compact(x.value))
    return out


def _joined(names: list[str], field: str) -> str:
    """A domain or range given as a union reads `A | B`; several parents read `A, B`."""
    return (", " if field == "parents" else " | ").join(sorted(set(names)))


def ontology_turtle(store: ox.Store) -> str:
    """The ontology graph of the build as Turtle, with the standard prefixes, one block per term in order."""
    return turtle(q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(str(ONTOLOGY_GRAPH))))


def packaged_ontology() -> ox.Store:
    """An in-memory store holding only the packaged ontology, in its graph: `kg vocab` with no build yet."""
    from importlib import resources

    store = ox.Store()
    with (resources.files("kg") / "ontology" / "policy.ttl").open("rb") as fh:
        store.load(fh, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(str(ONTOLOGY_GRAPH)))
    return store

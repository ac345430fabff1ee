"""What the build materialises from the ontology: super-property and super-class triples.

The ontology states, for example, that `pol:leadUnit` … `pol:implementingUnit` are sub-properties of
`pol:involvesUnit`, and that `pol:Plan` and `pol:Directive` are sub-classes of `pol:PolicyDocument`. A store
without a reasoner (the embedded Oxigraph, and most stores a build is pushed to) answers
`?t pol:involvesUnit ?u` or `?d a pol:PolicyDocument` with nothing unless those triples are written. So the
build writes them, generically (no list of terms here): for every `rdfs:subPropertyOf` and `rdfs:subClassOf`
statement of the ontology, followed transitively,

- `s q o` for each data triple `s p o` where `p` ⊑ `q` (RDFS rule rdfs7), and
- `s rdf:type D` for each `s rdf:type C` where `C` ⊑ `D` (rule rdfs9),

each into the same named graph as the triple it follows from, so a per-document graph stays complete and a
push or a `GRAPH` query sees the same answer. Nothing else is inferred (no domains, ranges or OWL). The
functions are pure: quads in, quads out. The build calls an `Expander` on every quad as it is written (kg/graph/
quads.py), so the implied quads go into the store with the ones they follow from, never in a second pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import pyoxigraph as ox

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SUB_PROPERTY = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subPropertyOf")
SUB_CLASS = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")

Supers = Mapping[ox.NamedNode, frozenset[ox.NamedNode]]


@dataclass(frozen=True)
class Hierarchy:
    """Every strict super-property and super-class of each term, transitively closed."""

    properties: Supers
    classes: Supers


def closure(pairs: Iterable[tuple[ox.NamedNode, ox.NamedNode]]) -> dict[ox.NamedNode, frozenset[ox.NamedNode]]:
    """(sub, super) pairs → each sub's every ancestor, itself left out (a cycle makes terms each other's
    ancestors, never their own)."""
    direct: dict[ox.NamedNode, set[ox.NamedNode]] = {}
    for sub, sup in pairs:
        if sub != sup:
            direct.setdefault(sub, set()).add(sup)
    out = {}
    for term in direct:
        seen: set[ox.NamedNode] = set()
        todo = list(direct[term])
        while todo:
            t = todo.pop()
            if t not in seen:
                seen.add(t)
                todo.extend(direct.get(t, ()))
        seen.discard(term)
        if seen:
            out[term] = frozenset(seen)
    return out


def hierarchy(ontology: Iterable[ox.Triple | ox.Quad]) -> Hierarchy:
    """The ontology's sub-property and sub-class statements (between IRIs) as a `Hierarchy`."""
    props, classes = [], []
    for t in ontology:
        if not (isinstance(t.subject, ox.NamedNode) and isinstance(t.object, ox.NamedNode)):
            continue
        if t.predicate == SUB_PROPERTY:
            props.append((t.subject, t.object))
        elif t.predicate == SUB_CLASS:
            classes.append((t.subject, t.object))
    return Hierarchy(properties=closure(props), classes=closure(classes))


def implied(quads: Iterable[ox.Quad], h: Hierarchy) -> Iterator[ox.Quad]:
    """The super-property and super-class quads `quads` imply under `h`, each in its source quad's graph.
    May repeat a quad or yield one already present: a store keeps each once."""
    for q in quads:
        yield from _implied_one(q, h)


def _implied_one(q: ox.Quad, h: Hierarchy) -> Iterator[ox.Quad]:
    preds = h.properties.get(q.predicate, frozenset())
    for sup in preds:
        yield ox.Quad(q.subject, sup, q.object, q.graph_name)
    if (q.predicate == RDF_TYPE or RDF_TYPE in preds) and isinstance(q.object, ox.NamedNode):
        for cls in h.classes.get(q.object, ()):
            yield ox.Quad(q.subject, RDF_TYPE, cls, q.graph_name)


class Expander:
    """`implied` for one quad at a time: the build calls it on every quad it writes, and most predicates have
    no super-property and are not rdf:type, so that case is one dictionary look-up."""

    def __init__(self, h: Hierarchy):
        self.h = h
        self._active = set(h.properties) | {RDF_TYPE}

    def __call__(self, q: ox.Quad) -> list[ox.Quad]:
        if q.predicate not in self._active:
            return []
        return list(_implied_one(q, self.h))

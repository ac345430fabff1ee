"""Records → quads: one named graph per document, one for shared entities, one for the ontology.

Shared nodes (jurisdictions, units, functions, cited documents, rivers, …) live in the entities graph so a
query over the union graph sees each of their triples once, however many plans mention them. Triples go to
a `QuadSink` (kg/graph/quads.py), i.e. straight into the build's Oxigraph store, one document at a time.
"""

from __future__ import annotations

from collections import defaultdict
from importlib import resources

import pyoxigraph as ox
from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, SKOS

from kg import divisions
from kg.graph import entities as rdf_entities, infer, iris
from kg.graph.quads import GraphSink, QuadSink
from kg.graph.terms import date, integer, plain, zh
from kg.graph.vocab import POL
from kg.records import Document, Evidence
from kg.reference import UnitTable

ROLE_PROP = {
    "lead": POL.leadUnit,
    "responsible": POL.responsibleUnit,
    "participant": POL.participantUnit,
    "implementing": POL.implementingUnit,
}
ROLE_NODE = {
    "lead": POL.Lead,
    "responsible": POL.Responsible,
    "participant": POL.Participant,
    "implementing": POL.Implementer,
}
ONTOLOGY = resources.files("kg") / "ontology" / "policy.ttl"


class GraphBuilder:
    """Writes documents into a `QuadSink`; shared nodes are minted once."""

    def __init__(self, units: UnitTable, sink: QuadSink):
        self.sink = sink
        self.units = units
        self.entities = sink.graph(iris.ENTITIES_GRAPH)
        self._unit_labels: dict[URIRef, set[str]] = defaultdict(set)
        self._jurisdictions: dict[str, URIRef] = {}
        self._functions_done: set[str] = set()
        self._ontology()

    def _ontology(self) -> None:
        """The ontology graph, loaded first: its sub-property and sub-class statements tell the sink which
        quads to add beside each one written (kg/graph/infer.py)."""
        onto = ox.NamedNode(str(iris.ONTOLOGY_GRAPH))
        with ONTOLOGY.open("rb") as fh:
            quads = [ox.Quad(t.subject, t.predicate, t.object, onto) for t in ox.parse(fh, format=ox.RdfFormat.TURTLE)]
        self.sink.add_quads(quads)
        self.sink.expand = infer.Expander(infer.hierarchy(quads))

    # ---- shared nodes -------------------------------------------------------------------------
    def jurisdiction(self, name: str | None) -> URIRef | None:
        if not name:
            return None
        if name in self._jurisdictions:
            return self._jurisdictions[name]
        div = divisions.lookup(name)
        if div is None:
            return None
        node = None
        for d in reversed(divisions.chain(div)):
            n = iris.jurisdiction(d.code)
            if d.name not in self._jurisdictions:
                g = self.entities
                g.add((n, RDF.type, POL.Jurisdiction))
                g.add((n, RDFS.label, zh(d.name)))
                g.add((n, POL.level, plain(d.level)))
                g.add((n, POL.adminCode, plain(d.code)))
                if node is not None:
                    g.add((n, POL.partOf, node))
                self._jurisdictions[d.name] = n
            node = self._jurisdictions[d.name]
        return node

    def township(self, name: str, parent_name: str) -> URIRef:
        parent = self.jurisdiction(parent_name)
        div = divisions.lookup(parent_name)
        key = f"{parent_name}/{name}"
        if key in self._jurisdictions:
            return self._jurisdictions[key]
        n = iris.jurisdiction(div.code if div else "x", name)
        g = self.entities
        g.add((n, RDF.type, POL.Jurisdiction))
        g.add((n, RDFS.label, zh(name)))
        g.add((n, POL.level, plain("township")))
        if parent is not None:
            g.add((n, POL.partOf, parent))
        self._jurisdictions[key] = n
        return n

    def unit(self, written: str, canonical: str, jurisdiction_name: str | None) -> URIRef:
        div = divisions.lookup(jurisdiction_name) if jurisdiction_name else None
        key = div.code if div else (jurisdiction_name or "unknown")
        node = iris.unit(key, canonical)
        g = self.entities
        if node not in self._unit_labels:
            g.add((node, RDF.type, POL.Unit))
            g.add((node, RDF.type, ORG.Organization))
            g.add((node, SKOS.prefLabel, zh(canonical)))
            j = self.jurisdiction(jurisdiction_name)
            if j is not None:
                g.add((node, POL.jurisdiction, j))
            f = self.units.function(canonical)
            if f is not None:
                self._function(f)
                g.add((node, POL.function, iris.function(f.id)))
        self._unit_labels[node].add(written)
        return node

    def _function(self, f) -> None:
        if f.id in self._functions_done:
            return
        self._functions_done.add(f.id)
        n, g = iris.function(f.id), self.entities
        if len(self._functions_done) == 1:  # the first function seen: declare the scheme once
            g.add((iris.FUNCTION_SCHEME, RDF.type, SKOS.ConceptScheme))
            g.add((iris.FUNCTION_SCHEME, RDFS.label, zh("机构职能分类")))
            g.add((iris.FUNCTION_SCHEME, RDFS.label, Literal("Functions of government bodies", lang="en")))
        g.add((n, RDF.type, POL.UnitFunction))
        g.add((n, RDF.type, SKOS.Concept))
        g.add((n, SKOS.inScheme, iris.FUNCTION_SCHEME))
        g.add((n, SKOS.prefLabel, zh(f.label_zh)))
        g.add((n, SKOS.prefLabel, Literal(f.label_en, lang="en")))
        g.add((n, RDFS.label, zh(f.label_zh)))

    # ---- documents ----------------------------------------------------------------------------
    def add(self, doc: Document) -> None:
        g = self.sink.graph(iris.graph(doc.stem))
        p = iris.plan(doc.stem)
        m = doc.meta
        g.add((p, RDF.type, POL.Plan if doc.tasks else POL.PolicyDocument))
        g.add((p, DCTERMS.title, zh(m.title)))
        g.add((p, RDFS.label, zh(m.title)))
        g.add((p, POL.sourceFile, plain(doc.source_file)))
        self._provenance(g, p, doc)
        if m.year is not None:
            g.add((p, POL.year, integer(m.year)))
        if m.doc_number:
            g.add((p, POL.docNumber, plain(m.doc_number)))
        if m.issued:
            g.add((p, DCTERMS.issued, date(m.issued.isoformat())))
        j = self.jurisdiction(m.jurisdiction)
        if j is not None:
            g.add((p, POL.jurisdiction, j))
        if m.issuer:
            g.add((p, POL.issuedBy, self.unit(m.issuer, self.units.canonical(m.issuer), m.jurisdiction)))
        groups = {}
        for k, grp in enumerate(doc.groups, 1):
            gn = iris.group(doc.stem, k)
            groups[grp.number] = gn
            g.add((p, POL.hasGroup, gn))
            g.add((gn, RDF.type, POL.TaskGroup))
            g.add((gn, POL.taskNumber, plain(grp.number)))
            g.add((gn, DCTERMS.title, zh(grp.title)))
            g.add((gn, POL.position, integer(k)))
            self._evidence(g, gn, grp.evidence)
        for t in doc.tasks:
            tn = iris.task(doc.stem, t.position)
            g.add((p, POL.hasTask, tn))
            g.add((tn, RDF.type, POL.Task))
            g.add((tn, POL.taskNumber, plain(t.number)))
            g.add((tn, POL.position, integer(t.position)))
            g.add((tn, DCTERMS.title, zh(t.title)))
            g.add((tn, RDFS.label, zh(f"{t.number}. {t.title}")))
            g.add((tn, POL.text, zh(t.text)))
            if t.group in groups:
                g.add((tn, POL.inGroup, groups[t.group]))
            self._evidence(g, tn, t.evidence)
            for k, o in enumerate(t.obligations, 1):
                un = self.unit(o.unit, o.canonical, m.jurisdiction)
                g.add((tn, ROLE_PROP[o.role], un))
                on = iris.obligation(doc.stem, t.position, k)
                g.add((on, RDF.type, POL.Obligation))
                g.add((on, POL.task, tn))
                g.add((on, POL.unit, un))
                g.add((on, POL.role, ROLE_NODE[o.role]))
                g.add((on, POL.unitName, zh(o.unit)))
                g.add((on, POL.clause, integer(o.clause)))
                self._evidence(g, on, o.evidence)
            rdf_entities.add_task(self, g, doc, t, tn)
        rdf_entities.add_document(self, g, doc, p)

    def _provenance(self, g: GraphSink, p: URIRef, doc: Document) -> None:
        """How the document was read, where its date came from, and what its notice issued with it."""
        if doc.source_format != "txt":
            g.add((p, POL.sourceFormat, plain(doc.source_format)))
        if doc.text_file:
            g.add((p, POL.textFile, plain(doc.text_file)))
        if doc.meta.issued and doc.meta.issued_source in ("information table", "web page publishing date"):
            g.add((p, POL.issuedDateSource, plain(doc.meta.issued_source)))
        for title in doc.meta.co_issued:
            node = iris.document(title)
            self.entities.add((node, RDF.type, POL.PolicyDocument))
            self.entities.add((node, DCTERMS.title, zh(title)))
            self.entities.add((node, RDFS.label, zh(title)))
            g.add((p, POL.issuedWith, node))

    @staticmethod
    def _evidence(g: GraphSink, node: URIRef, ev: Evidence) -> None:
        g.add((node, POL.sourceFile, plain(ev.source_file)))
        g.add((node, POL.charStart, integer(ev.start)))
        g.add((node, POL.charEnd, integer(ev.end)))
        g.add((node, POL.quote, plain(ev.quote)))

    def resolve(self) -> None:
        """Corpus-wide resolution (one node per cited document, citations to corpus plans); runs after every
        document is added and before lineage, which looks those nodes up."""
        rdf_entities.finish(self)

    def finish(self) -> None:
        """Labels and cross-unit links that need the whole corpus; every buffered quad written."""
        g = self.entities
        for node, written in self._unit_labels.items():
            pref = str(g.value(node, SKOS.prefLabel))
            # the canonical name when the corpus writes it, else the fullest variant it writes
            label = pref if pref in written else max(written, key=lambda s: (len(s), s))
            g.add((node, RDFS.label, zh(label)))
            for w in sorted(written | {pref}):
                if w != label:
                    g.add((node, SKOS.altLabel, zh(w)))
        self._branches()
        self.sink.flush()

    def _branches(self) -> None:
        """A county 分局 is a branch of the parent city's 局 (org:subOrganizationOf)."""
        g = self.entities
        for node in list(self._unit_labels):
            pref = str(g.value(node, SKOS.prefLabel))
            if not pref.endswith("分局"):
                continue
            j = g.value(node, POL.jurisdiction)
            parent_j = g.value(j, POL.partOf) if j is not None else None
            if parent_j is None:
                continue
            parent_name = str(g.value(parent_j, RDFS.label))
            parent_canon = self.units.canonical(pref[: -len("分局")] + "局")
            parent = self.unit(parent_canon, parent_canon, parent_name)
            if (parent, RDFS.label, None) not in g:
                g.add((parent, RDFS.label, zh(parent_canon)))
            g.add((node, ORG.subOrganizationOf, parent))

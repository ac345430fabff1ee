"""Entities, targets, deadlines, periods, citations and annex rows → RDF, per the contract.

- Rivers, sections, projects and enterprises are one node per name across the corpus (`iris.entity(kind,
  name)`) in the shared entities graph, with `rdfs:label`; a section's `pol:onRiver` where the text ties it.
  Tasks `pol:mentions` them; a plan relates (`dcterms:relation`) to those it names outside its tasks.
- Targets are nodes of the document graph (`iris.target(stem, k)`) with indicator, value (xsd:decimal, or a
  class string such as "IV"), unit, comparator, year, section and evidence; `pol:hasTarget` from the plan
  (goals section) or the task.
- Deadlines are `pol:deadline` xsd:date on the task; periods are shared `pol:Period` nodes (`pol:period`).
- Citations are resolved once the whole corpus is in (`finish`): citations with the same 文号 or the same
  normalised title (or a notice 关于印发X的通知 and X itself) are one node, typed `pol:Directive` or
  `pol:Standard`, with `dcterms:title` and `pol:docNumber`; when a corpus plan has that 文号 or title the
  citation points to the plan's own IRI (and the plan is typed `pol:Directive` too). `pol:cites` goes from
  the plan and, where the citation stands in a task, from the task.
- Annex rows are `pol:AnnexEntry` nodes with `pol:annexOf`, `pol:rowNumber`, `pol:about` (the enterprise, or
  the township as a `pol:Jurisdiction` under the plan's jurisdiction), their numeric literals and evidence.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from kg.graph import iris
from kg.graph.terms import date, integer, plain, zh
from kg.keys import issued_title, norm_doc_number, norm_title
from kg.records import Citation, Mention, Target
from kg.graph.vocab import POL

KIND_CLASS = {"river": POL.River, "section": POL.Section, "project": POL.Project, "enterprise": POL.Enterprise}
ANNEX_PROPS = {
    "capacity": (POL.capacity, XSD.decimal),
    "productionLines": (POL.productionLines, XSD.integer),
    "unitOfMeasure": (POL.unitOfMeasure, None),
    "industry": (POL.industry, None),
    "fromGrade": (POL.fromGrade, None),
    "toGrade": (POL.toGrade, None),
    "villageCount": (POL.villageCount, XSD.integer),
    "villagesTreated": (POL.villagesTreated, XSD.integer),
    "treatmentRate": (POL.treatmentRate, XSD.decimal),
    "newVillages": (POL.newVillages, None),
    "villagesRemediated": (POL.villagesRemediated, XSD.integer),
    "newRemediated": (POL.newRemediated, None),
    "measure": (POL.measure, None),
}


@dataclass
class _Cite:
    graph: URIRef  # the named graph the pol:cites triple goes into
    subject: URIRef
    citation: Citation


@dataclass
class EntityState:
    """What the builder keeps across documents for the corpus-wide resolution in `finish`."""

    typed: set[URIRef] = field(default_factory=set)
    targets: Counter = field(default_factory=Counter)  # stem → targets minted so far
    cites: list[_Cite] = field(default_factory=list)
    plans: dict[str, URIRef] = field(default_factory=dict)  # "dn:…" / "t:…" → plan IRI


def state(builder) -> EntityState:
    st = getattr(builder, "entity_state", None)
    if st is None:
        st = builder.entity_state = EntityState()
    return st


# ---- hooks called by kg.graph.builder.GraphBuilder ------------------------------------------------------------------
def add_task(builder, g, doc, task, tn) -> None:
    st = state(builder)
    for m in task.mentions:
        g.add((tn, POL.mentions, entity(builder, m)))
    for t in task.targets:
        g.add((tn, POL.hasTarget, _target(builder, g, doc, t)))
    for d in sorted({d.date for d in task.deadlines}):
        g.add((tn, POL.deadline, date(d.isoformat())))
    for p in task.periods:
        g.add((tn, POL.period, period(builder, p.label)))
    for c in task.citations:
        st.cites.append(_Cite(g.identifier, tn, c))


def add_document(builder, g, doc, plan) -> None:
    st = state(builder)
    for t in doc.targets:
        g.add((plan, POL.hasTarget, _target(builder, g, doc, t)))
    for c in doc.citations:
        st.cites.append(_Cite(g.identifier, plan, c))
    in_tasks = {(m.kind, m.label) for t in doc.tasks for m in t.mentions}
    for m in doc.mentions:
        node = entity(builder, m)
        if (m.kind, m.label) not in in_tasks:
            g.add((plan, DCTERMS.relation, node))
    tables: dict[str, int] = {}
    for r in doc.annex:
        k = tables.setdefault(r.table, len(tables) + 1)
        _annex_row(builder, g, doc, plan, k, r)
    if doc.meta.doc_number:
        st.plans.setdefault("dn:" + norm_doc_number(doc.meta.doc_number), plan)
    st.plans.setdefault("t:" + norm_title(doc.meta.title), plan)


def finish(builder) -> None:
    """Resolve citations corpus-wide: one node per distinct cited document, corpus plans by their own IRI."""
    st = state(builder)
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    def keys(c: Citation) -> list[str]:
        out = []
        if c.doc_number:
            out.append("dn:" + norm_doc_number(c.doc_number))
        if c.title:
            out.append("t:" + norm_title(c.title))
            inner = issued_title(c.title)
            if inner:
                out.append("t:" + norm_title(inner))
        return out

    for cite in st.cites:
        ks = keys(cite.citation)
        for k in ks:
            find(k)
        for k in ks[1:]:
            union(ks[0], k)
    for k in st.plans:
        if k in parent:
            find(k)
    groups: dict[str, list[_Cite]] = defaultdict(list)
    for cite in st.cites:
        ks = keys(cite.citation)
        if ks:
            groups[find(ks[0])].append(cite)
    ent = builder.entities
    for root, cites in sorted(groups.items()):
        members = {k for k in parent if find(k) == root}
        plans = sorted({st.plans[k] for k in members if k in st.plans})
        if plans:
            node = plans[0]
            ent.add((node, RDF.type, POL.Directive))
        else:
            node = _document_node(ent, cites)
        for cite in cites:
            builder.sink.graph(cite.graph).add((cite.subject, POL.cites, node))


# ---- nodes --------------------------------------------------------------------------------------------------
def entity(builder, m: Mention) -> URIRef:
    """The shared node of a river, section, project or enterprise (one per name across the corpus)."""
    node = iris.entity(m.kind, m.label)
    st, g = state(builder), builder.entities
    if node not in st.typed:
        st.typed.add(node)
        g.add((node, RDF.type, KIND_CLASS[m.kind]))
        g.add((node, RDFS.label, zh(m.label)))
    if m.kind == "section" and m.river:
        g.add((node, POL.onRiver, entity(builder, Mention("river", m.river, m.evidence))))
    return node


def period(builder, label: str) -> URIRef:
    node = iris.entity("period", label)
    st, g = state(builder), builder.entities
    if node not in st.typed:
        st.typed.add(node)
        g.add((node, RDF.type, POL.Period))
        g.add((node, RDFS.label, zh(label)))
    return node


def _target(builder, g, doc, t: Target) -> URIRef:
    st = state(builder)
    st.targets[doc.stem] += 1
    node = iris.target(doc.stem, st.targets[doc.stem])
    g.add((node, RDF.type, POL.Target))
    g.add((node, POL.indicator, plain(t.indicator)))
    if isinstance(t.value, str):
        g.add((node, POL.value, plain(t.value)))
    else:
        g.add((node, POL.value, Literal(Decimal(str(t.value)), datatype=XSD.decimal)))
    if t.unit_of_measure:
        g.add((node, POL.unitOfMeasure, plain(t.unit_of_measure)))
    g.add((node, POL.comparator, plain(t.comparator)))
    if t.year is not None:
        g.add((node, POL.targetYear, integer(t.year)))
    if t.section:
        g.add((node, POL.targetSection, entity(builder, Mention("section", t.section, t.evidence))))
    value = t.value if isinstance(t.value, str) else f"{t.value:g}"
    g.add((node, RDFS.label, zh(f"{t.indicator} {t.comparator} {value}{t.unit_of_measure or ''}")))
    builder._evidence(g, node, t.evidence)
    return node


def _document_node(g, cites: list[_Cite]) -> URIRef:
    """A cited document outside the corpus: keyed by its 文号, else by its title as written (spaces removed),
    the same key the lineage stage uses for a plan's basis, so both stages name the same node."""
    numbers = sorted({norm_doc_number(c.citation.doc_number) for c in cites if c.citation.doc_number})
    titles = Counter(c.citation.title for c in cites if c.citation.title)
    standard = any(c.citation.kind == "standard" for c in cites)
    node = iris.document(numbers[0] if numbers else min(titles))
    g.add((node, RDF.type, POL.Standard if standard else POL.Directive))
    if titles:
        title = max(sorted(titles), key=lambda t: titles[t])
        if g.value(node, DCTERMS.title) is None:
            g.add((node, DCTERMS.title, zh(title)))
        g.add((node, RDFS.label, zh(title)))
        for other in sorted(titles):
            if other != title:
                g.add((node, SKOS.altLabel, zh(other)))
    else:
        g.add((node, RDFS.label, plain(numbers[0])))
    for n in numbers:
        g.add((node, POL.docNumber, plain(n)))
    return node


def _annex_row(builder, g, doc, plan, table: int, r) -> None:
    node = iris.annex_row(doc.stem, table, r.row)
    g.add((node, RDF.type, POL.AnnexEntry))
    g.add((node, POL.annexOf, plan))
    g.add((node, POL.rowNumber, integer(r.row)))
    g.add((node, RDFS.label, zh(f"{r.table} {r.row}. {r.about}")))
    if r.about_kind == "township":
        about = builder.township(r.about, doc.meta.jurisdiction)
    else:
        about = entity(builder, Mention("enterprise", r.about, r.evidence))
    g.add((node, POL.about, about))
    for k, v in r.values.items():
        if v is None:
            continue
        if k == "note":
            g.add((node, RDFS.comment, zh(str(v))))
            continue
        prop, dt = ANNEX_PROPS.get(k, (None, None))
        if prop is None:
            continue
        if dt == XSD.decimal:
            g.add((node, prop, Literal(Decimal(str(v)), datatype=XSD.decimal)))
        elif dt == XSD.integer:
            g.add((node, prop, integer(int(v))))
        else:
            g.add((node, prop, plain(str(v))))
    builder._evidence(g, node, r.evidence)

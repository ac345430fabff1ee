"""Lineage → RDF (the lineage named graph): derivations with score, evidence and what changed.

Asserted derivations are `prov:wasDerivedFrom` + `prov:qualifiedDerivation`; candidates below the threshold
are kept as `pol:candidate` nodes so that `kg trace` can show what was considered and rejected.
"""

from __future__ import annotations

from rdflib import RDF, RDFS, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.graph import iris
from kg.graph.terms import decimal, integer, plain, zh
from kg.lineage.core import Lineage, PlanLineage
from kg.records import Document, Evidence
from kg.graph.vocab import POL

METHOD = "kg.lineage: BM25 retrieval over character bigrams and entities, logistic score over 6 features"


def run(builder, docs: list[Document], corpus=None) -> list[PlanLineage]:
    lin = Lineage(docs, corpus)
    g = builder.sink.graph(iris.LINEAGE_GRAPH)
    by_stem = {d.stem: d for d in docs}
    results = lin.all()
    # every cited node looked up before anything is written: a look-up reads the store, which first writes
    # what is buffered, so interleaving them would write the lineage graph a plan at a time
    cited: dict[str, URIRef] = {}
    for key in (key for pl in results for kind, key, _ in pl.sources if kind != "corpus"):
        if key not in cited:
            cited[key] = _cited_node(builder, key)
    for pl in results:
        plan_doc = by_stem[pl.doc]
        plan = iris.plan(pl.doc)
        for tl in pl.tasks:
            task = plan_doc.tasks[tl.position - 1]
            tn = iris.task(pl.doc, tl.position)
            flags = tl.flags(lin.model)
            for rank, (c, asserted) in enumerate(zip(tl.candidates, flags), 1):
                src = iris.task(c.source_doc, c.source_task)
                d = iris.derivation(pl.doc, tl.position, rank)
                if asserted:
                    g.add((tn, PROV.wasDerivedFrom, src))
                    g.add((tn, PROV.qualifiedDerivation, d))
                    g.add((d, RDF.type, PROV.Derivation))
                else:
                    g.add((tn, POL.candidate, d))
                    g.add((d, RDF.type, POL.CandidateDerivation))
                g.add((d, PROV.entity, src))
                g.add((d, POL.rank, integer(rank)))
                g.add((d, POL.score, decimal(f"{c.score:.4f}")))
                g.add((d, POL.method, plain(METHOD)))
                g.add((d, POL.evidence, zh("; ".join(c.evidence) or "text similarity only")))
                g.add((d, POL.kept, zh("; ".join(c.kept))))
                g.add((d, POL.added, zh("; ".join(c.added))))
                g.add((d, POL.dropped, zh("; ".join(c.dropped))))
                g.add((d, RDFS.comment, plain(
                    ", ".join(f"{k}={v:.3f}" for k, v in c.features.items()))))
                builder._evidence(g, d, _phrase_evidence(plan_doc, task, c.phrase))
        _plan_level(builder, g, pl, plan, by_stem, lin.model, cited)
        builder.sink.commit()  # the buffer written in bulk as it fills: never the whole lineage graph in memory
    return results


def _phrase_evidence(doc: Document, task, phrase: str | None) -> Evidence:
    """Where the longest shared phrase stands in the derived task, else the whole task."""
    pos = task.text.find(phrase) if phrase else -1
    if pos < 0 or doc.norm is None:
        return task.evidence
    s, e = doc.norm.source_span(task.body_start + pos, task.body_start + pos + len(phrase))
    return Evidence(task.evidence.source_file, s, e, doc.norm.source[s:e])


def _plan_level(builder, g, pl: PlanLineage, plan: URIRef, by_stem, model, cited: dict[str, URIRef]) -> None:
    for k, (kind, key, why) in enumerate(pl.sources, 1):
        d = iris.ID[f"plan/{iris.slug(pl.doc)}/derivation/{k}"]
        if kind == "corpus":
            src = iris.plan(key)
            carried = [(tl.number, c.source_number) for tl in pl.tasks for c in tl.asserted(model) if c.source_doc == key]
            n = len(by_stem[pl.doc].tasks)
            score = len({t for t, _ in carried}) / n if n else 0.0
            evidence = f"{why}; {len({t for t, _ in carried})} of {n} tasks carried down: " + ", ".join(
                f"{t}←{s}" for t, s in carried)
            if not carried:
                continue
            ev = by_stem[pl.doc].tasks[0].evidence
        else:
            src = cited[key]
            score = 1.0
            evidence = "named as the plan's basis: " + "".join(why.split())
            cit = next((c for c in by_stem[pl.doc].citations if (c.doc_number or c.title) == key), None)
            ev = cit.evidence if cit else by_stem[pl.doc].tasks[0].evidence
        g.add((plan, PROV.wasDerivedFrom, src))
        g.add((plan, PROV.qualifiedDerivation, d))
        g.add((d, RDF.type, PROV.Derivation))
        g.add((d, PROV.entity, src))
        g.add((d, POL.score, decimal(f"{score:.4f}")))
        g.add((d, POL.method, plain("explicit citation in the preamble" if kind == "cited" else METHOD)))
        g.add((d, POL.evidence, zh(evidence)))
        builder._evidence(g, d, ev)


def _cited_node(builder, key: str) -> URIRef:
    """The node the entity stage minted for this cited document (same 文号 or title), else a new Directive.
    Titles are `@zh` literals everywhere, so a directive has one title however it was reached."""
    for s in builder.sink.subjects(POL.docNumber, plain(key)):
        return s
    for s in builder.sink.subjects(DCTERMS.title, zh(key)):
        return s
    node = iris.document(key)
    builder.entities.add((node, RDF.type, POL.Directive))
    if "号" in key:
        builder.entities.add((node, POL.docNumber, plain(key)))
    else:
        builder.entities.add((node, DCTERMS.title, zh(key)))
        builder.entities.add((node, RDFS.label, zh(key)))
    return node

"""Turn one source document into records: metadata, groups, tasks with obligations and entities, evidence."""

from __future__ import annotations

from pathlib import Path

from kg.extract import brackets, entities
from kg.ingest import metadata as meta_mod
from kg.ingest.normalise import Normalised, normalise
from kg.ingest.outline import outline
from kg.ingest.read import Source
from kg.records import Document, Evidence, Group, Obligation, Task
from kg.reference import UnitTable


class Extractor:
    """Holds the loaded pipeline and reference tables, so a corpus pays their start-up cost once."""

    def __init__(self, corpus: Path | None = None):
        from kg.extract.pipeline import pipeline
        from kg.reference import reference_dirs

        self.reference = tuple(reference_dirs(corpus))
        self.nlp = pipeline(self.reference)
        self.units = UnitTable(corpus)

    def document(self, src: Source) -> Document:
        norm = normalise(src.text)
        meta = meta_mod.load(src.path, norm.text)
        out = outline(norm.text)
        ev = _evidence_factory(norm, src.name)
        doc = Document(source_file=src.name, stem=src.stem, meta=meta, norm=norm)
        for g in out.groups:
            doc.groups.append(Group(g.number, g.title, ev(g.start, g.end)))
        carried: list[tuple[str, Evidence]] = []
        for ot in out.tasks:
            body = norm.text[ot.body_start : ot.end]
            task = Task(
                number=ot.number,
                position=ot.position,
                title=ot.title,
                text=body,
                group=ot.group,
                evidence=ev(ot.start, ot.end),
                body_start=ot.body_start,
                content=brackets.strip_brackets(body),
            )
            sdoc = self.nlp(norm.text[ot.start : ot.end])
            for m in sdoc._.obligations:
                task.obligations.append(
                    Obligation(
                        unit=m.name,
                        canonical=self.units.canonical(m.name),
                        role=m.role,
                        clause=m.clause,
                        evidence=ev(ot.start + m.clause_start, ot.start + m.clause_end),
                    )
                )
            have = {(o.canonical, o.role) for o in task.obligations}
            for name, cev in carried:
                canon = self.units.canonical(name)
                if (canon, "implementing") not in have:
                    task.obligations.append(Obligation(name, canon, "implementing", 0, cev, carried=True))
            for c in sdoc._.carried or []:
                carried.append((c.name, ev(ot.start + c.clause_start, ot.start + c.clause_end)))
            entities.attach(task, sdoc, ot.start, ev, meta)
            doc.tasks.append(task)
        entities.attach_document(doc, norm, out, self.nlp, ev)
        return doc


def _evidence_factory(norm: Normalised, source_file: str):
    def ev(start: int, end: int) -> Evidence:
        s, e = norm.source_span(start, end)
        return Evidence(source_file, s, e, norm.source[s:e])

    return ev

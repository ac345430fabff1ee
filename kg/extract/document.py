"""Turn one source document into records: metadata, groups, tasks with obligations and entities, evidence."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from kg.extract import brackets, entities
from kg.extract.tokens import Segmented
from kg.ingest import metadata as meta_mod
from kg.ingest.normalise import Normalised, normalise, printed
from kg.ingest.outline import outline
from kg.errors import InputError
from kg.ingest.readers import Source
from kg.records import Document, Evidence, Group, Obligation, Task
from kg.reference import UnitTable


class StageError(Exception):
    """An unexpected failure inside one stage of one document's extraction, named so the build can say where."""

    def __init__(self, stage: str, cause: BaseException):
        self.stage = stage
        self.reason = f"{type(cause).__name__}: {cause}"
        super().__init__(f"{stage}: {self.reason}")


def _raise_stage(proc_name, proc, docs, exc):
    """spaCy's error handler: name the component that failed."""
    raise StageError(proc_name, exc)


def _stage(name: str, fn, *args):
    try:
        return fn(*args)
    except (StageError, InputError):
        raise
    except RecursionError as exc:
        raise StageError(name, exc) from None
    except Exception as exc:  # noqa: BLE001 - any bug on hostile text becomes one line naming the stage
        raise StageError(name, exc) from None


class Extractor:
    """Holds the loaded pipeline and reference tables, so a corpus pays their start-up cost once."""

    def __init__(self, corpus: Path | None = None):
        from kg.extract.pipeline import pipeline
        from kg.reference import reference_dirs

        self.reference = tuple(reference_dirs(corpus))
        self.nlp = pipeline(self.reference)
        self.nlp.set_error_handler(_raise_stage)
        self.units = UnitTable(corpus)

    def document(self, src: Source, name: str | None = None, stem: str | None = None) -> Document:
        """One source as a `Document` record; `name`/`stem` (its path in the corpus) default to the file's."""
        name, stem = name or src.name, stem or src.stem
        norm = _stage("normalise", normalise, src.text)
        meta = _printed_title(meta_mod.load(src.path, norm.text, getattr(src, "published", None)), norm)
        out = _stage("outline", outline, norm.text)
        ev = _evidence_factory(norm, name)
        doc = Document(source_file=name, stem=stem, meta=meta, norm=norm,
                       source_format=getattr(src, "format", "txt"))
        for g in out.groups:
            doc.groups.append(Group(g.number, g.title, ev(g.start, g.end)))
        carried: list[tuple[str, Evidence]] = []
        note = brackets.lead_note(norm.text)  # 排在首位的为牵头单位: said once, read in every later list
        seg = _stage("tokenizer", Segmented, self.nlp, norm.text, entities.pieces(norm.text, self.nlp.max_length))
        for ot in out.tasks:
            doc.tasks.append(self._task(seg, ot, ev, meta, carried, note[1] if note and note[0] < ot.end else None))
        _stage("entities", entities.attach_document, doc, norm, out, self.nlp, ev, seg)
        return doc

    def _task(self, seg: Segmented, ot, ev, meta, carried: list[tuple[str, Evidence]],
              rest_role: str | None = None) -> Task:
        """One task with its own and carried obligations and entities; `rest_role`: a lead note came before it."""
        body = seg.text[ot.body_start : ot.end]
        task = Task(number=ot.number, position=ot.position, title=ot.title, text=body, group=ot.group,
                    evidence=ev(ot.start, ot.end), body_start=ot.body_start,
                    content=_stage("responsibility_brackets", brackets.strip_brackets, body, rest_role))
        cfg = {"responsibility_brackets": {"rest_role": rest_role}}
        sdoc = self.nlp(seg.doc(ot.start, ot.end), component_cfg=cfg)
        mentions, carried_here = sdoc._.obligations, sdoc._.carried or []
        for m in mentions:
            task.obligations.append(Obligation(
                unit=m.name, canonical=self.units.canonical(m.name), role=m.role, clause=m.clause,
                evidence=ev(ot.start + m.clause_start, ot.start + m.clause_end)))
        have = {(o.canonical, o.role) for o in task.obligations}
        for unit, cev in carried:
            canon = self.units.canonical(unit)
            if (canon, "implementing") not in have:
                task.obligations.append(Obligation(unit, canon, "implementing", 0, cev, carried=True))
        for c in carried_here:
            carried.append((c.name, ev(ot.start + c.clause_start, ot.start + c.clause_end)))
        _stage("entities", entities.attach, task, sdoc, ot.start, ev, meta)
        return task


def _printed_title(meta, norm: Normalised):
    """The title as the document prints it where normalisation changed it (劣Ⅴ类水体, not 劣V类水体)."""
    i = norm.text.find(meta.title)
    if i < 0:
        return meta
    s, e = norm.source_span(i, i + len(meta.title))
    return dataclasses.replace(meta, title=printed(meta.title, norm.source[s:e]))


def _evidence_factory(norm: Normalised, source_file: str):
    def ev(start: int, end: int) -> Evidence:
        s, e = norm.source_span(start, end)
        return Evidence(source_file, s, e, norm.source[s:e])

    return ev

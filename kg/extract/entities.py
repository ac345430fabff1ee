"""How the pipeline's findings become records: task-level and document-level mentions, targets and citations.

The components (registered and added in kg/extract/pipeline.py) write character offsets into `Doc`
extensions: `doc._.entities` (kg/extract/gazetteer.py, water.py, works.py), `.targets`, `.deadlines`,
`.periods` (kg/extract/facts.py), `.citations` (kg/extract/citations.py) and `.annex` (kg/extract/annex.py).
`attach` and `attach_document` (called from kg/extract/document.py) turn them into records (kg/records.py)
with evidence, one per thing named, so a name said twice in a task is one mention.
"""

from __future__ import annotations

from dataclasses import replace

from kg.extract.facts import goal_spans
from kg.extract.targets import TargetHit
from kg.ingest.normalise import printed
from kg.keys import citation_key, is_own_title
from kg.records import AnnexRow, Citation, Deadline, Mention, Period, Target


def attach(task, sdoc, offset, ev, meta) -> None:
    """Fill one task's mentions, targets, deadlines, periods and citations from its processed text."""
    year = meta.year
    task.mentions.extend(_mentions(sdoc._.entities, offset, ev))
    for t in sdoc._.targets or []:
        task.targets.append(_target(t, offset, ev, year))
    seen: set = set()
    for d in sdoc._.deadlines or []:
        when = d.resolve(year)
        if when is None or (when, d.text) in seen:
            continue
        seen.add((when, d.text))
        task.deadlines.append(Deadline(when, d.text, ev(offset + d.start, offset + d.end)))
    seen = set()
    for p in sdoc._.periods or []:
        if p.label in seen:
            continue
        seen.add(p.label)
        task.periods.append(Period(p.label, ev(offset + p.start, offset + p.end)))
    task.citations.extend(_citations(sdoc._.citations, offset, ev, meta))


def attach_document(doc, norm, out, nlp, ev, seg=None) -> None:
    """Document level: goals-section targets, every citation, mentions outside tasks, annex rows. A text
    longer than spaCy's `nlp.max_length` is processed in pieces cut at line ends (never error E088); `seg`
    holds the text's tokens already (kg.extract.tokens), so it is not segmented twice."""
    year = doc.meta.year
    goals = goal_spans(norm.text, out)
    targets, citations, hits, annex = [], [], [], []
    for off, piece in pieces(norm.text, nlp.max_length):
        part = nlp(seg.doc(off, off + len(piece)) if seg is not None else piece)
        targets += [_shift(t, off) for t in part._.targets or []]
        citations += [_shift(c, off) for c in part._.citations or []]
        hits += [_shift(h, off) for h in part._.entities or []]
        tables = max((r.table_index for r in annex), default=0)  # tables numbered through the whole text
        annex += [replace(_shift(r, off), table_index=r.table_index + tables) for r in part._.annex or []]
    for t in targets:
        if any(a <= t.start and t.end <= b for a, b in goals):
            doc.targets.append(_target(t, 0, ev, year))
    doc.citations.extend(_citations(citations, 0, ev, doc.meta))
    doc.mentions.extend(_mentions(hits, 0, ev, outside=tuple((t.start, t.end) for t in out.tasks)))
    for r in annex:
        doc.annex.append(AnnexRow(r.table, r.row, r.about, r.about_kind, dict(r.values), ev(r.start, r.end)))


def pieces(text: str, size: int):
    """(offset, piece) covering `text` in order, each at most `size` characters, cut after a line end
    where there is one; the whole text as one piece when it fits."""
    start = 0
    while len(text) - start > size:
        cut = text.rfind("\n", start, start + size) + 1
        cut = cut if cut > start else start + size
        yield start, text[start:cut]
        start = cut
    yield start, text[start:]


def _shift(hit, offset: int):
    """A hit with its character offsets moved by `offset` (the same hit when offset is 0)."""
    return replace(hit, start=hit.start + offset, end=hit.end + offset) if offset else hit


def _mentions(hits, offset: int, ev, outside: tuple[tuple[int, int], ...] = ()) -> list[Mention]:
    """One mention per (kind, name), at its first place; hits inside an `outside` span are left out."""
    seen: set = set()
    found = []
    for h in hits or []:
        if any(a <= h.start and h.end <= b for a, b in outside) or (h.kind, h.label) in seen:
            continue
        seen.add((h.kind, h.label))
        found.append(Mention(h.kind, h.label, ev(offset + h.start, offset + h.end), h.river))
    return found


def _citations(hits, offset: int, ev, meta) -> list[Citation]:
    """One citation per document cited (文号, else normalised title); the plan's own title is not one."""
    seen: set = set()
    found = []
    for c in hits or []:
        key = citation_key(c.title, c.doc_number)
        if key in seen or is_own_title(c.title, meta):
            continue
        seen.add(key)
        evidence = ev(offset + c.start, offset + c.end)
        title = c.title and printed(c.title, evidence.quote.split("《", 1)[-1].split("》", 1)[0])
        found.append(Citation(title, c.doc_number, c.kind, evidence))
    return found


def _target(t: TargetHit, offset: int, ev, year: int | None) -> Target:
    """The record of a target hit; a target with no year of its own is for the plan year."""
    return Target(t.indicator, t.value, t.unit, t.comparator, t.year or year, ev(offset + t.start, offset + t.end),
                  t.section)

"""Hand-made kg.records objects for the lineage unit tests (no extraction, no spaCy)."""

from __future__ import annotations

from datetime import date

from kg.records import Citation, DocMeta, Document, Evidence, Mention, Obligation, Task

EV = Evidence("x.txt", 0, 1, "x")


def ev(start: int) -> Evidence:
    return Evidence("x.txt", start, start + 1, "x")


def doc(stem: str, title: str, jurisdiction: str | None, year: int | None, *, issued: date | None = None,
        doc_number: str | None = None, citations: list[Citation] | None = None,
        tasks: list[Task] | None = None) -> Document:
    meta = DocMeta(title, jurisdiction, None, year, doc_number=doc_number, issued=issued)
    return Document(f"{stem}.txt", stem, meta, tasks=tasks or [], citations=citations or [])


def task(position: int, title: str, content: str, *, mentions: list[tuple[str, str]] = (),
         obligations: list[tuple[str, str]] = (), start: int = 100) -> Task:
    """A task whose `text` and `content` are `content`; mentions as (kind, label), obligations as (unit, role)."""
    return Task(
        number=str(position), position=position, title=title, text=content, group=None, evidence=ev(start),
        content=content,
        mentions=[Mention(k, label, EV) for k, label in mentions],
        obligations=[Obligation(u, u, role, 1, EV) for u, role in obligations],
    )


def citation(doc_number: str | None = None, title: str | None = None, kind: str = "directive",
             start: int = 0, quote: str = "按照文件") -> Citation:
    return Citation(title, doc_number, kind, Evidence("x.txt", start, start + len(quote), quote))

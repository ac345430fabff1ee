"""Who may derive from whom: jurisdiction ancestry (kg.divisions), issue time, policy topic, or a citation."""

from __future__ import annotations

import re
from pathlib import Path

from kg import divisions
from kg.records import Document
from kg.reference import read_rows, reference_dirs


def topics(title: str, corpus: Path | None = None) -> set[str]:
    """The topics of plan_topics.csv (defaults plus the corpus's own reference/) whose pattern matches `title`."""
    rows = read_rows("plan_topics.csv", reference_dirs(corpus), ("topic", "pattern"))
    return {r["topic"] for r in rows if re.search(r["pattern"], title)}


def earlier(src: Document, plan: Document) -> bool:
    """True when `src` came first: by plan year when both years are known and differ, else by issue date."""
    a, b = src.meta, plan.meta
    if a.year is not None and b.year is not None and a.year != b.year:
        return a.year < b.year
    if a.issued and b.issued:
        return a.issued < b.issued
    return False


def cites(plan: Document, src: Document) -> bool:
    """True when one of the plan's citations names `src` by its 文号 or its title."""
    keys = {c.doc_number for c in plan.citations if c.doc_number} | {c.title for c in plan.citations if c.title}
    return bool({src.meta.doc_number, src.meta.title} & keys - {None})


def eligible_sources(plan: Document, docs: list[Document], corpus: Path | None = None) -> list[tuple[Document, str]]:
    """Corpus documents this plan may derive from, each with the reason."""
    out = []
    chain = divisions.ancestors(plan.meta.jurisdiction)
    my_topics = topics(plan.meta.title, corpus)
    for src in docs:
        if src.stem == plan.stem:
            continue
        if cites(plan, src):
            out.append((src, "cited by the plan"))
            continue
        if src.meta.jurisdiction not in chain or not earlier(src, plan):
            continue
        if my_topics and not (my_topics & topics(src.meta.title, corpus)):
            continue
        where = "same jurisdiction" if src.meta.jurisdiction == plan.meta.jurisdiction else f"ancestor jurisdiction {src.meta.jurisdiction}"
        out.append((src, f"{where}, issued earlier, same topic"))
    return out


def basis_citations(plan: Document) -> list[tuple[str, str]]:
    """Directives the plan names as its basis in its preamble (before the first task): (key, quote)."""
    first = plan.tasks[0].evidence.start if plan.tasks else 10**9
    out = []
    for c in plan.citations:
        if c.kind != "directive" or c.evidence.start >= first:
            continue
        key = c.doc_number or c.title
        if key and key not in {k for k, _ in out}:
            out.append((key, c.evidence.quote))
    return out

"""Who may derive from whom: jurisdiction ancestry (kg.divisions), issue time, policy topic, or a citation.

`SourceIndex` answers the question for thousands of documents: it indexes the corpus once by jurisdiction and
by citation key (文号, title), so a plan looks only at the documents of its own ancestry chain and the ones it
cites — a few dozen — instead of every document, and reads plan_topics.csv once instead of once per pair.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from kg import divisions
from kg.records import Document
from kg.reference import read_rows, reference_dirs

Patterns = list[tuple[str, re.Pattern[str]]]


def topic_patterns(corpus: Path | None = None) -> Patterns:
    """(topic, compiled pattern) rows of plan_topics.csv: the defaults plus the corpus's own reference/."""
    rows = read_rows("plan_topics.csv", reference_dirs(corpus), ("topic", "pattern"))
    return [(r["topic"], re.compile(r["pattern"])) for r in rows]


def matching_topics(title: str, patterns: Patterns) -> set[str]:
    """The topics whose pattern matches `title`."""
    return {topic for topic, pattern in patterns if pattern.search(title)}


def topics(title: str, corpus: Path | None = None) -> set[str]:
    """The topics of plan_topics.csv (defaults plus the corpus's own reference/) whose pattern matches `title`."""
    return matching_topics(title, topic_patterns(corpus))


def earlier(src: Document, plan: Document) -> bool:
    """True when `src` came first: by plan year when both years are known and differ, else by issue date."""
    a, b = src.meta, plan.meta
    if a.year is not None and b.year is not None and a.year != b.year:
        return a.year < b.year
    if a.issued and b.issued:
        return a.issued < b.issued
    return False


def citation_keys(plan: Document) -> set[str]:
    """The 文号 and titles the plan's citations name."""
    return {c.doc_number for c in plan.citations if c.doc_number} | {c.title for c in plan.citations if c.title}


def own_keys(src: Document) -> set[str]:
    """The keys a citation can name `src` by: its 文号 and its title."""
    return {k for k in (src.meta.doc_number, src.meta.title) if k}


def cites(plan: Document, src: Document) -> bool:
    """True when one of the plan's citations names `src` by its 文号 or its title."""
    return bool(own_keys(src) & citation_keys(plan))


class SourceIndex:
    """The corpus indexed for the gate: documents by jurisdiction name and by citation key, topics per title.
    `examined` counts the (plan, document) pairs the gate has looked at: the work it did."""

    def __init__(self, docs: list[Document], corpus: Path | None = None):
        self.order = {d.stem: i for i, d in enumerate(docs)}
        self.by_place: dict[str, list[Document]] = {}
        self.by_key: dict[str, list[Document]] = {}
        for d in docs:
            if d.meta.jurisdiction:
                self.by_place.setdefault(d.meta.jurisdiction, []).append(d)
            for key in own_keys(d):
                self.by_key.setdefault(key, []).append(d)
        self.patterns = topic_patterns(corpus)
        self._topics: dict[str, frozenset[str]] = {}
        self.examined = 0

    def topics(self, title: str) -> frozenset[str]:
        """`topics(title)`, each title matched once."""
        if title not in self._topics:
            self._topics[title] = frozenset(matching_topics(title, self.patterns))
        return self._topics[title]

    def eligible(self, plan: Document) -> list[tuple[Document, str]]:
        """Corpus documents this plan may derive from, each with the reason, in corpus order."""
        chain = divisions.ancestors(plan.meta.jurisdiction)
        cited = {d.stem for key in citation_keys(plan) for d in self.by_key.get(key, ())}
        near = {d.stem: d for name in dict.fromkeys(chain) for d in self.by_place.get(name, ())}
        near.update((d.stem, d) for key in citation_keys(plan) for d in self.by_key.get(key, ()))
        near.pop(plan.stem, None)
        self.examined += len(near)
        mine = self.topics(plan.meta.title)
        out = []
        for stem in sorted(near, key=self.order.__getitem__):
            why = admit(plan, near[stem], chain, stem in cited, mine, self.topics)
            if why:
                out.append((near[stem], why))
        return out


def admit(plan: Document, src: Document, chain: list[str], cited: bool, mine: frozenset[str],
          topics_of: Callable[[str], frozenset[str]]) -> str | None:
    """Why `plan` may derive from `src` (a document of its chain or one it cites), or None when it may not."""
    if cited:
        return "cited by the plan"
    if src.meta.jurisdiction not in chain or not earlier(src, plan):
        return None
    if mine and not (mine & topics_of(src.meta.title)):
        return None
    if src.meta.jurisdiction == plan.meta.jurisdiction:
        return "same jurisdiction, issued earlier, same topic"
    return f"ancestor jurisdiction {src.meta.jurisdiction}, issued earlier, same topic"


def eligible_sources(plan: Document, docs: list[Document], corpus: Path | None = None) -> list[tuple[Document, str]]:
    """Corpus documents this plan may derive from, each with the reason (one plan: `SourceIndex` for many)."""
    return SourceIndex(docs, corpus).eligible(plan)


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

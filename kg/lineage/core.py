"""The lineage orchestrator: gate each plan's sources, retrieve candidates per task, score and explain them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.lineage.candidates import BM25, TOP_K, task_tokens
from kg.lineage.features import TfIdf, content, entities, feature_vector, structure
from kg.lineage.gate import basis_citations, cites, eligible_sources
from kg.lineage.model import Model, load_model
from kg.lineage.text import shared_phrases
from kg.records import Document, Task
from kg.reference import UnitTable


@dataclass
class Candidate:
    source_doc: str  # stem
    source_task: int  # position
    source_number: str
    features: dict[str, float]
    score: float = 0.0
    evidence: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    phrase: str | None = None  # the longest phrase shared with the source task


@dataclass
class TaskLineage:
    doc: str
    position: int
    number: str
    candidates: list[Candidate]  # ranked, best first

    def asserted(self, model: Model) -> list[Candidate]:
        """The candidates `model` asserts as derivations, in rank order."""
        flags = model.asserts([c.score for c in self.candidates])
        return [c for c, ok in zip(self.candidates, flags) if ok]


@dataclass
class PlanLineage:
    doc: str
    sources: list[tuple[str, str, str]]  # (kind, key, why): kind "corpus" (stem) or "cited" (docNumber/title)
    tasks: list[TaskLineage]


class Lineage:
    """Lineage over a fixed set of extracted documents: one TF-IDF and one BM25 index over all their tasks."""

    def __init__(self, docs: list[Document], corpus: Path | None = None, model: Model | None = None):
        self.docs = {d.stem: d for d in docs}
        self.corpus = corpus
        self.units = UnitTable(corpus)
        self.model = model or load_model()
        self.items: list[tuple[str, Task]] = [(d.stem, t) for d in docs for t in d.tasks]
        self.content = {(s, t.position): content(t) for s, t in self.items}
        texts = [t.title + "\n" + self.content[(s, t.position)] for s, t in self.items]
        self.tfidf = TfIdf(texts)
        self.bm25 = BM25([task_tokens(t, self.content[(s, t.position)]) for s, t in self.items])
        self.vec = [(self.tfidf.vector(t.title), self.tfidf.vector(self.content[(s, t.position)])) for s, t in self.items]
        self.index = {(s, t.position): i for i, (s, t) in enumerate(self.items)}

    def features(self, plan: Document, t: Task, src_doc: Document, s: Task) -> dict[str, float]:
        """The feature vector of plan task `t` against source task `s` of `src_doc`."""
        i, j = self.index[(plan.stem, t.position)], self.index[(src_doc.stem, s.position)]
        return feature_vector(t, s, self.vec[i], self.vec[j], self.units, cites(plan, src_doc))

    def candidates(self, plan: Document, t: Task, sources: list[Document], k: int = TOP_K) -> list[Candidate]:
        """The top-k BM25 hits for `t` among the tasks of `sources`, scored and explained, best score first."""
        stems = {d.stem for d in sources}
        allowed = [i for i, (stem, _) in enumerate(self.items) if stem in stems]
        hits = self.bm25.search(task_tokens(t, self.content[(plan.stem, t.position)]), allowed, k)
        if not hits:
            return []
        out = []
        for i, _ in hits:
            stem, s = self.items[i]
            feats = self.features(plan, t, self.docs[stem], s)
            c = Candidate(stem, s.position, s.number, feats, round(self.model.probability(feats), 4))
            self._explain(c, t, s, self.content[(plan.stem, t.position)], self.content[(stem, s.position)])
            out.append(c)
        return sorted(out, key=lambda c: (-c.score, c.source_task))

    def _explain(self, c: Candidate, t: Task, s: Task, t_body: str, s_body: str) -> None:
        phrases = shared_phrases(t_body, s_body)
        ea, eb = entities(t), entities(s)
        c.evidence = [f"「{p}」" for p in phrases] + [e.split(":", 1)[1] for e in sorted(ea & eb)]
        fa, fb = structure(t, self.units), structure(s, self.units)
        da = {(d.date.month, d.text) for d in t.deadlines}
        c.kept = [e.split(":", 1)[1] for e in sorted(ea & eb)] + [f"{f}{r}" for f, r in sorted(fa & fb)]
        c.added = ([e.split(":", 1)[1] for e in sorted(ea - eb)] + [f"{f}{r}" for f, r in sorted(fa - fb)]
                   + [f"期限{txt}" for _, txt in sorted(da)])
        c.dropped = [e.split(":", 1)[1] for e in sorted(eb - ea)] + [f"{f}{r}" for f, r in sorted(fb - fa)]
        c.phrase = phrases[0] if phrases else None

    def plan(self, plan: Document) -> PlanLineage:
        """The plan's eligible and cited sources and, when any corpus source is eligible, its tasks' candidates."""
        elig = eligible_sources(plan, list(self.docs.values()), self.corpus)
        sources = [("corpus", d.stem, why) for d, why in elig]
        sources += [("cited", key, quote) for key, quote in basis_citations(plan)]
        tasks = [TaskLineage(plan.stem, t.position, t.number, self.candidates(plan, t, [d for d, _ in elig]))
                 for t in plan.tasks] if elig else []
        return PlanLineage(plan.stem, sources, tasks)

    def all(self) -> list[PlanLineage]:
        """`plan` for every document, in the order given."""
        return [self.plan(d) for d in self.docs.values()]

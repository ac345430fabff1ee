"""The lineage orchestrator: gate each plan's sources, retrieve candidates per task, score and explain them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kg.lineage.candidates import BM25, TOP_K, task_tokens

CITED_K = 2  # tasks of each plan's cited sources always retrieved beside the BM25 top k
from kg.lineage.features import TfIdf, content, entities, pair_features, structure
from kg.lineage.gate import SourceIndex, basis_citations, cites
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
    text_score: float = 0.0  # the score without the prior features (Model.text_probability)
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
        return [c for c, ok in zip(self.candidates, self.flags(model)) if ok]

    def flags(self, model: Model) -> list[bool]:
        """Per ranked candidate: does `model` assert it?"""
        return model.asserts([c.score for c in self.candidates], [c.text_score for c in self.candidates])


@dataclass
class PlanLineage:
    doc: str
    sources: list[tuple[str, str, str]]  # (kind, key, why): kind "corpus" (stem) or "cited" (docNumber/title)
    tasks: list[TaskLineage]


class Lineage:
    """Lineage over a fixed set of extracted documents: one TF-IDF and one BM25 index over all their tasks, the
    gate's index of the documents (kg.lineage.gate.SourceIndex), and what the features need of each task computed
    once. A plan's work is proportional to its eligible sources, never to the corpus; `work` counts it."""

    def __init__(self, docs: list[Document], corpus: Path | None = None, model: Model | None = None):
        self.docs = {d.stem: d for d in docs}
        self.corpus = corpus
        self.units = UnitTable(corpus)
        self.model = model or load_model()
        self.gate = SourceIndex(list(self.docs.values()), corpus)
        self.items: list[tuple[str, Task]] = [(d.stem, t) for d in docs for t in d.tasks]
        self.index = {(s, t.position): i for i, (s, t) in enumerate(self.items)}
        self.spans: dict[str, range] = {}  # a document's tasks are one run of `items`
        for i, (s, _) in enumerate(self.items):
            self.spans[s] = range(self.spans[s].start if s in self.spans else i, i + 1)
        self.content = {(s, t.position): content(t) for s, t in self.items}
        texts = [t.title + "\n" + self.content[(s, t.position)] for s, t in self.items]
        self.tfidf = TfIdf(texts)
        self.bm25 = BM25([task_tokens(t, self.content[(s, t.position)]) for s, t in self.items])
        self.vec = [(self.tfidf.vector(t.title), self.tfidf.vector(self.content[(s, t.position)])) for s, t in self.items]
        self.ents = [entities(t) for _, t in self.items]
        self.struct = [structure(t, self.units) for _, t in self.items]
        self.work: Counter = Counter()  # gate_pairs, tasks_scanned, bm25_scored, pairs_featured

    def features(self, plan: Document, t: Task, src_doc: Document, s: Task) -> dict[str, float]:
        """The feature vector of plan task `t` against source task `s` of `src_doc`."""
        i, j = self.index[(plan.stem, t.position)], self.index[(src_doc.stem, s.position)]
        self.work["pairs_featured"] += 1
        return pair_features(self.ents[i], self.ents[j], self.struct[i], self.struct[j], self.vec[i], self.vec[j],
                             cites(plan, src_doc))

    def allowed(self, sources: list[Document]) -> list[int]:
        """The item indices of the sources' tasks, in corpus order."""
        spans = sorted((self.spans[d.stem] for d in sources if d.stem in self.spans), key=lambda r: r.start)
        out = [i for r in spans for i in r]
        self.work["tasks_scanned"] += len(out)
        return out

    def candidates(self, plan: Document, t: Task, sources: list[Document], k: int = TOP_K) -> list[Candidate]:
        """The top-k BM25 hits for `t` among the tasks of `sources`, scored and explained, best score first."""
        return self._ranked(plan, [t], self.allowed(sources), k)[0]

    def _ranked(self, plan: Document, tasks: list[Task], allowed: list[int], k: int = TOP_K,
                cited: list[int] | None = None) -> list[list[Candidate]]:
        """`candidates` for several tasks of the plan at once, over item indices gathered once per plan; with
        `cited` (the tasks of the sources the plan cites), each task's best CITED_K among them as well, so that
        earlier versions of a task in other sources cannot push the cited plan's version out of the top k."""
        rows = [self.index[(plan.stem, t.position)] for t in tasks]
        self.work["bm25_scored"] += len(rows) * (len(allowed) + len(cited or ()))
        hits = self.bm25.search_rows(rows, allowed, k)
        if cited:
            for found, more in zip(hits, self.bm25.search_rows(rows, cited, CITED_K)):
                seen = {j for j, _ in found}
                found.extend(h for h in more if h[0] not in seen)
        return [self._scored(plan, t, h) for t, h in zip(tasks, hits)]

    def _scored(self, plan: Document, t: Task, hits: list[tuple[int, float]]) -> list[Candidate]:
        """The retrieved source tasks of `t` as candidates: features, probability, explanation; best first."""
        out = []
        for j, _ in hits:
            stem, s = self.items[j]
            feats = self.features(plan, t, self.docs[stem], s)
            c = Candidate(stem, s.position, s.number, feats, round(self.model.probability(feats), 4),
                          round(self.model.text_probability(feats), 4))
            self._explain(c, plan, t, j)
            out.append(c)
        return sorted(out, key=lambda c: (-c.score, c.source_task))

    def _explain(self, c: Candidate, plan: Document, t: Task, j: int) -> None:
        i = self.index[(plan.stem, t.position)]
        phrases = shared_phrases(self.content[(plan.stem, t.position)], self.content[(c.source_doc, c.source_task)])
        ea, eb = self.ents[i], self.ents[j]
        c.evidence = [f"「{p}」" for p in phrases] + [e.split(":", 1)[1] for e in sorted(ea & eb)]
        fa, fb = self.struct[i], self.struct[j]
        da = {(d.date.month, d.text) for d in t.deadlines}
        c.kept = [e.split(":", 1)[1] for e in sorted(ea & eb)] + [f"{f}{r}" for f, r in sorted(fa & fb)]
        c.added = ([e.split(":", 1)[1] for e in sorted(ea - eb)] + [f"{f}{r}" for f, r in sorted(fa - fb)]
                   + [f"期限{txt}" for _, txt in sorted(da)])
        c.dropped = [e.split(":", 1)[1] for e in sorted(eb - ea)] + [f"{f}{r}" for f, r in sorted(fb - fa)]
        c.phrase = phrases[0] if phrases else None

    def plan(self, plan: Document) -> PlanLineage:
        """The plan's eligible and cited sources and, when any corpus source is eligible, its tasks' candidates."""
        before = self.gate.examined
        elig = self.gate.eligible(plan)
        self.work["gate_pairs"] += self.gate.examined - before
        sources = [("corpus", d.stem, why) for d, why in elig]
        sources += [("cited", key, quote) for key, quote in basis_citations(plan)]
        if not elig:
            return PlanLineage(plan.stem, sources, [])
        cited = [d for d, _ in elig if cites(plan, d)]
        ranked = self._ranked(plan, plan.tasks, self.allowed([d for d, _ in elig]),
                              cited=self.allowed(cited) if cited else None)
        tasks = [TaskLineage(plan.stem, t.position, t.number, cands) for t, cands in zip(plan.tasks, ranked)]
        return PlanLineage(plan.stem, sources, tasks)

    def all(self) -> list[PlanLineage]:
        """`plan` for every document, in the order given."""
        return [self.plan(d) for d in self.docs.values()]

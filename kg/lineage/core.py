"""Task lineage: which earlier, higher-level directive task a plan's task carries down, scored and explained.

How a derivation is decided (README: "How lineage is scored"):
1. Eligibility. A plan may derive only from a corpus document of the same or an ancestor jurisdiction (from
   the division table) issued earlier (plan year, then issue date), or from a document the plan cites — and
   only from one on the same policy topic (corpus/reference/plan_topics.csv: a county soil plan carries down
   the city's soil plan, not its water plan). The Xinzhou (Shanxi) plan can never derive from Jiaozuo (Henan).
2. Retrieval. Candidate source tasks come from a BM25 index over character bigrams of titles and bodies plus
   extracted entity tokens — never from all pairs — top K per task.
3. Scoring. Six features — title similarity, body similarity (TF-IDF cosine over character bigrams, the
   responsibility brackets left out), shared named entities, a shared named project, shared obligation
   structure (same agency functions, and in the same roles) and an explicit citation — combine in a logistic model
   (weights in kg/data/lineage_model.json, fitted by bench/fit_lineage.py). The output is a probability in
   [0, 1]; a derivation is asserted at or above the model's threshold, so a task with no counterpart gets none.
"""

from __future__ import annotations

from importlib import resources
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg import divisions
from kg.records import Document, Task
from kg.reference import read_rows, reference_dirs
from kg.reference import UnitTable

MODEL_PATH = Path(str(resources.files("kg") / "data" / "lineage_model.json"))
FEATURES = ("title_sim", "body_sim", "entity_jaccard", "shared_project", "structure", "cited")
TOP_K = 5
_PUNCT = re.compile(r"[\s，。、；：！？“”‘’《》（）〔〕【】()\[\],.;:!?\"'—\-/%]+")


# ---- text --------------------------------------------------------------------------------------

def bigrams(text: str) -> list[str]:
    out = []
    for chunk in _PUNCT.split(text):
        out.extend(chunk[i : i + 2] for i in range(len(chunk) - 1))
    return out


class TfIdf:
    """TF-IDF vectors over a fixed collection; `tokenize` decides the terms (character bigrams by default)."""

    def __init__(self, texts: list[str], tokenize=bigrams):
        self.tokenize = tokenize
        n = len(texts)
        df = Counter()
        for t in texts:
            df.update(set(tokenize(t)))
        self.idf = {w: math.log((1 + n) / (1 + c)) + 1 for w, c in df.items()}

    def vector(self, text: str) -> dict[str, float]:
        tf = Counter(self.tokenize(text))
        v = {w: c * self.idf.get(w, 1.0) for w, c in tf.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {w: x / norm for w, x in v.items()}

    @staticmethod
    def cosine(a: dict[str, float], b: dict[str, float]) -> float:
        if len(a) > len(b):
            a, b = b, a
        return sum(x * b.get(w, 0.0) for w, x in a.items())


class BM25:
    """Okapi BM25 over token lists; `search` returns (doc index, score) for the top k among `allowed`."""

    def __init__(self, docs: list[list[str]], k1: float = 1.5, b: float = 0.75):
        self.docs = [Counter(d) for d in docs]
        self.len = [len(d) for d in docs]
        self.avg = sum(self.len) / max(1, len(docs))
        df = Counter()
        for d in docs:
            df.update(set(d))
        n = len(docs)
        self.idf = {w: math.log(1 + (n - c + 0.5) / (c + 0.5)) for w, c in df.items()}
        self.k1, self.b = k1, b

    def score(self, query: list[str], i: int) -> float:
        d, dl, s = self.docs[i], self.len[i], 0.0
        for w in set(query):
            f = d.get(w)
            if f:
                s += self.idf[w] * f * (self.k1 + 1) / (f + self.k1 * (1 - self.b + self.b * dl / self.avg))
        return s

    def search(self, query: list[str], allowed: list[int], k: int) -> list[tuple[int, float]]:
        scored = sorted(((i, self.score(query, i)) for i in allowed), key=lambda x: -x[1])
        return [x for x in scored[:k] if x[1] > 0]


# ---- model -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Model:
    weights: dict[str, float]
    bias: float
    threshold: float
    secondary_ratio: float = 0.6  # a further source must score at least this share of the best one

    def asserts(self, ranked_scores: list[float]) -> list[bool]:
        """Which of a task's ranked candidates become derivations: the best if it clears the threshold, and
        any other that clears it and scores at least `secondary_ratio` of the best (merged tasks)."""
        if not ranked_scores or ranked_scores[0] < self.threshold:
            return [False] * len(ranked_scores)
        best = ranked_scores[0]
        return [s >= self.threshold and s >= self.secondary_ratio * best for s in ranked_scores]

    def probability(self, feats: dict[str, float]) -> float:
        z = self.bias + sum(self.weights[f] * feats[f] for f in FEATURES)
        return 1 / (1 + math.exp(-z))


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> Model:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Model(data["weights"], data["bias"], data["threshold"], data.get("secondary_ratio", 0.6))


# ---- records -----------------------------------------------------------------------------------

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
        flags = model.asserts([c.score for c in self.candidates])
        return [c for c, ok in zip(self.candidates, flags) if ok]


@dataclass
class PlanLineage:
    doc: str
    sources: list[tuple[str, str, str]]  # (kind, key, why): kind "corpus" (stem) or "cited" (docNumber/title)
    tasks: list[TaskLineage]


# ---- eligibility -------------------------------------------------------------------------------

def topics(title: str, corpus: Path | None = None) -> set[str]:
    rows = read_rows("plan_topics.csv", reference_dirs(corpus), ("topic", "pattern"))
    return {r["topic"] for r in rows if re.search(r["pattern"], title)}


def _earlier(src: Document, plan: Document) -> bool:
    a, b = src.meta, plan.meta
    if a.year is not None and b.year is not None and a.year != b.year:
        return a.year < b.year
    if a.issued and b.issued:
        return a.issued < b.issued
    return False


def _cites(plan: Document, src: Document) -> bool:
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
        if _cites(plan, src):
            out.append((src, "cited by the plan"))
            continue
        if src.meta.jurisdiction not in chain or not _earlier(src, plan):
            continue
        if my_topics and not (my_topics & topics(src.meta.title, corpus)):
            continue
        where = "same jurisdiction" if src.meta.jurisdiction == plan.meta.jurisdiction else f"ancestor jurisdiction {src.meta.jurisdiction}"
        out.append((src, f"{where}, issued earlier, same topic"))
    return out


_BASIS = re.compile(r"(按照|根据|依据|贯彻落实|落实|为贯彻)")


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


# ---- features ----------------------------------------------------------------------------------

_ROLE_ZH = {"lead": "牵头", "responsible": "负责", "participant": "参与", "implementing": "落实"}


def content(t: Task) -> str:
    """Task text without its responsibility brackets: agencies are compared by structure, not as words."""
    return t.content


def _entities(t: Task) -> set[str]:
    return {f"{m.kind}:{m.label}" for m in t.mentions}


def _structure(t: Task, units: UnitTable) -> set[tuple[str, str]]:
    """(function, role) pairs: 生态环境/牵头, 水利水务/参与 … comparable across jurisdictions."""
    out = set()
    for o in t.obligations:
        f = units.function(o.canonical)
        out.add((f.label_zh if f else o.canonical, _ROLE_ZH[o.role]))
    return out


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def shared_phrases(a: str, b: str, min_len: int = 4, most: int = 5) -> list[str]:
    """Maximal substrings of `a` (scanned left to right, non-overlapping) that also occur in `b`."""
    a, b = a.replace("\n", ""), b.replace("\n", "")
    found: set[str] = set()
    i = 0
    while i < len(a):
        j = i + min_len
        while j <= len(a) and a[i:j] in b:
            j += 1
        piece = a[i : j - 1].strip("，。、；：")
        cjk = sum(1 for ch in piece if "\u4e00" <= ch <= "\u9fff")
        if j - 1 - i >= min_len and len(piece) >= min_len and cjk >= 3:
            found.add(piece)
            i = j - 1
        else:
            i += 1
    return sorted(found, key=lambda s: (-len(s), s))[:most]


class Lineage:
    def __init__(self, docs: list[Document], corpus: Path | None = None, model: Model | None = None):
        self.docs = {d.stem: d for d in docs}
        self.corpus = corpus
        self.units = UnitTable(corpus)
        self.model = model or load_model()
        self.items: list[tuple[str, Task]] = [(d.stem, t) for d in docs for t in d.tasks]
        self.content = {(s, t.position): content(t) for s, t in self.items}
        texts = [t.title + "\n" + self.content[(s, t.position)] for s, t in self.items]
        self.tfidf = TfIdf(texts)
        self.bm25 = BM25([self._tokens(t, self.content[(s, t.position)]) for s, t in self.items])
        self.vec = [(self.tfidf.vector(t.title), self.tfidf.vector(self.content[(s, t.position)])) for s, t in self.items]
        self.index = {(s, t.position): i for i, (s, t) in enumerate(self.items)}

    @staticmethod
    def _tokens(t: Task, body: str) -> list[str]:
        return bigrams(t.title) * 2 + bigrams(body) + [f"E:{e}" for e in _entities(t)] * 3

    def features(self, plan: Document, t: Task, src_doc: Document, s: Task) -> dict[str, float]:
        i, j = self.index[(plan.stem, t.position)], self.index[(src_doc.stem, s.position)]
        ea, eb = _entities(t), _entities(s)
        proj_a = {e for e in ea if e.startswith("project:")}
        st_a, st_b = _structure(t, self.units), _structure(s, self.units)
        return {
            "title_sim": TfIdf.cosine(self.vec[i][0], self.vec[j][0]),
            "body_sim": TfIdf.cosine(self.vec[i][1], self.vec[j][1]),
            "entity_jaccard": _jaccard(ea, eb),
            "shared_project": 1.0 if proj_a & eb else 0.0,
            "structure": 0.5 * _jaccard({f for f, _ in st_a}, {f for f, _ in st_b}) + 0.5 * _jaccard(st_a, st_b),
            "cited": 1.0 if _cites(plan, src_doc) else 0.0,
        }

    def candidates(self, plan: Document, t: Task, sources: list[Document], k: int = TOP_K) -> list[Candidate]:
        allowed = [i for i, (stem, _) in enumerate(self.items) if stem in {d.stem for d in sources}]
        hits = self.bm25.search(self._tokens(t, self.content[(plan.stem, t.position)]), allowed, k)
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
        ea, eb = _entities(t), _entities(s)
        c.evidence = [f"「{p}」" for p in phrases] + [e.split(":", 1)[1] for e in sorted(ea & eb)]
        fa, fb = _structure(t, self.units), _structure(s, self.units)
        da = {(d.date.month, d.text) for d in t.deadlines}
        c.kept = [e.split(":", 1)[1] for e in sorted(ea & eb)] + [f"{f}{r}" for f, r in sorted(fa & fb)]
        c.added = ([e.split(":", 1)[1] for e in sorted(ea - eb)] + [f"{f}{r}" for f, r in sorted(fa - fb)]
                   + [f"期限{txt}" for _, txt in sorted(da)])
        c.dropped = [e.split(":", 1)[1] for e in sorted(eb - ea)] + [f"{f}{r}" for f, r in sorted(fb - fa)]
        c.phrase = phrases[0] if phrases else None

    def plan(self, plan: Document) -> PlanLineage:
        elig = eligible_sources(plan, list(self.docs.values()), self.corpus)
        sources = [("corpus", d.stem, why) for d, why in elig]
        sources += [("cited", key, quote) for key, quote in basis_citations(plan)]
        tasks = [TaskLineage(plan.stem, t.position, t.number, self.candidates(plan, t, [d for d, _ in elig]))
                 for t in plan.tasks] if elig else []
        return PlanLineage(plan.stem, sources, tasks)

    def all(self) -> list[PlanLineage]:
        return [self.plan(d) for d in self.docs.values()]

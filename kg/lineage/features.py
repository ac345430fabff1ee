"""Pairwise features of a (task, source task) pair: TF-IDF cosines, entity Jaccard, shared project, structure."""

from __future__ import annotations

import math
from collections import Counter

from kg.lineage.text import bigrams
from kg.records import Task
from kg.reference import UnitTable

_ROLE_ZH = {"lead": "牵头", "responsible": "负责", "participant": "参与", "implementing": "落实"}


class TfIdf:
    """TF-IDF vectors over a fixed collection; `tokenize` decides the terms (character bigrams by default).
    scikit-learn's TfidfVectorizer gives the same vectors (smooth idf, l2; within 2e-15) 30% faster, but importing
    it costs 1.4 s CPU in every process, more than it saves below ~2,500 documents (bench/lineage_libs.py)."""

    def __init__(self, texts: list[str], tokenize=bigrams):
        self.tokenize = tokenize
        n = len(texts)
        df = Counter()
        for t in texts:
            df.update(set(tokenize(t)))
        self.idf = {w: math.log((1 + n) / (1 + c)) + 1 for w, c in df.items()}

    def vector(self, text: str) -> dict[str, float]:
        """The L2-normalised TF-IDF vector of `text`; a term unseen in the collection gets idf 1."""
        tf = Counter(self.tokenize(text))
        v = {w: c * self.idf.get(w, 1.0) for w, c in tf.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {w: x / norm for w, x in v.items()}

    @staticmethod
    def cosine(a: dict[str, float], b: dict[str, float]) -> float:
        """Dot product of two (already normalised) sparse vectors: their cosine."""
        if len(a) > len(b):
            a, b = b, a
        return sum(x * b.get(w, 0.0) for w, x in a.items())


def content(t: Task) -> str:
    """Task text without its responsibility brackets: agencies are compared by structure, not as words."""
    return t.content


def entities(t: Task) -> set[str]:
    """The task's named entities as `kind:label` strings."""
    return {f"{m.kind}:{m.label}" for m in t.mentions}


def structure(t: Task, units: UnitTable) -> set[tuple[str, str]]:
    """(function, role) pairs: 生态环境/牵头, 水利水务/参与 … comparable across jurisdictions."""
    out = set()
    for o in t.obligations:
        f = units.function(o.canonical)
        out.add((f.label_zh if f else o.canonical, _ROLE_ZH[o.role]))
    return out


def jaccard(a: set, b: set) -> float:
    """|a ∩ b| / |a ∪ b|, and 0 for two empty sets."""
    return len(a & b) / len(a | b) if a | b else 0.0


Vectors = tuple[dict[str, float], dict[str, float]]  # (title vector, body vector)


def feature_vector(t: Task, s: Task, vt: Vectors, vs: Vectors, units: UnitTable, cited: bool) -> dict[str, float]:
    """The six features (model.FEATURES, in that order) of deriving task `t` from source task `s`."""
    return pair_features(entities(t), entities(s), structure(t, units), structure(s, units), vt, vs, cited)


def pair_features(ea: set[str], eb: set[str], st_a: set[tuple[str, str]], st_b: set[tuple[str, str]],
                  vt: Vectors, vs: Vectors, cited: bool) -> dict[str, float]:
    """`feature_vector` from each task's entities and structure computed beforehand (once per task, not per pair)."""
    proj_a = {e for e in ea if e.startswith("project:")}
    return {
        "title_sim": TfIdf.cosine(vt[0], vs[0]),
        "body_sim": TfIdf.cosine(vt[1], vs[1]),
        "entity_jaccard": jaccard(ea, eb),
        "shared_project": 1.0 if proj_a & eb else 0.0,
        "structure": 0.5 * jaccard({f for f, _ in st_a}, {f for f, _ in st_b}) + 0.5 * jaccard(st_a, st_b),
        "cited": 1.0 if cited else 0.0,
    }

"""Candidate retrieval: an Okapi BM25 index over tasks' character bigrams and entity tokens, top k per task."""

from __future__ import annotations

import math
from collections import Counter

from kg.lineage.features import entities
from kg.lineage.text import bigrams
from kg.records import Task

TOP_K = 5


def task_tokens(t: Task, body: str) -> list[str]:
    """A task's index terms: title bigrams twice, body bigrams once, each entity (`E:kind:label`) three times."""
    return bigrams(t.title) * 2 + bigrams(body) + [f"E:{e}" for e in entities(t)] * 3


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
        """BM25 score of document `i` for `query` (each distinct query term counted once); 0 when nothing shared."""
        d, dl, s = self.docs[i], self.len[i], 0.0
        for w in set(query):
            f = d.get(w)
            if f:
                s += self.idf[w] * f * (self.k1 + 1) / (f + self.k1 * (1 - self.b + self.b * dl / self.avg))
        return s

    def search(self, query: list[str], allowed: list[int], k: int) -> list[tuple[int, float]]:
        """The best k of `allowed` by score, highest first (ties in `allowed` order), dropping zero scores."""
        scored = sorted(((i, self.score(query, i)) for i in allowed), key=lambda x: -x[1])
        return [x for x in scored[:k] if x[1] > 0]

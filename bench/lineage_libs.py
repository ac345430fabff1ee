"""Do the libraries beat the hand-written lineage arithmetic? BM25 and TF-IDF on one corpus, same workload.

The workload is the real one of `Lineage.all()` on a generated corpus (bench/bench_lineage.py caches it): every
task of every plan that has eligible sources is a query against the tasks of those sources only (top 5), and
every retrieved pair gets two TF-IDF cosines (titles, bodies). Variants, each timed (median of --repeat,
alternating; CPU seconds of this process, since the machine is shared; imports are
paid before timing) and checked against the hand-written result:

BM25  dict      the hand-written BM25 that kg.lineage.candidates had before (`DictBM25` below, verbatim): dicts,
                each allowed task scored term by term
      bm25s     `bm25s` (PyPI), method "lucene" (its scores are ours / (k1 + 1): same ranking): the index over all
                tasks, each query scored against the whole corpus (`get_scores_from_ids`), then cut to the allowed
      bm25s-rows  the same bm25s index as a scipy matrix, the plan's allowed rows sliced once, all its queries in
                one sparse product
      kg        kg.lineage.candidates.BM25 as shipped: the weights on a scipy matrix built from our own counts,
                the same per-plan product (`search_rows`)
TF-IDF hand     kg.lineage.features.TfIdf: dict vectors, dict cosines
      sklearn   scikit-learn's TfidfVectorizer on the same character bigrams (smooth idf, l2: the same formula),
                cosines of all pairs as one row-wise product

The libraries are not all dependencies of policy-kg: scikit-learn comes with the test extras, `bm25s` was
measured and not adopted (`.venv/bin/pip install bm25s` to measure it again).

    .venv/bin/python bench/lineage_libs.py [N] [--repeat 3]
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import pickle
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.lineage.candidates import BM25, TOP_K, task_tokens  # noqa: E402
from kg.lineage.features import TfIdf  # noqa: E402
from kg.lineage.gate import SourceIndex  # noqa: E402
from kg.lineage.text import bigrams  # noqa: E402

K1, B = 1.5, 0.75


def workload(docs):
    """(token lists of all tasks, texts, titles, bodies, [(allowed item indices, query item indices)] per plan)."""
    items = [(d.stem, t) for d in docs for t in d.tasks]
    first: dict[str, int] = {}
    for i, (s, _) in enumerate(items):
        first.setdefault(s, i)
    gate = SourceIndex(docs)
    plans = []
    for d in docs:
        elig = gate.eligible(d)
        if not elig or not d.tasks:
            continue
        allowed = sorted(i for src, _ in elig for i in range(first.get(src.stem, 0), first.get(src.stem, 0) + len(src.tasks)))
        plans.append((allowed, list(range(first[d.stem], first[d.stem] + len(d.tasks)))))
    tokens = [task_tokens(t, t.content) for _, t in items]
    return tokens, [t.title + "\n" + t.content for _, t in items], [t.title for _, t in items], \
        [t.content for _, t in items], plans


def top(scores: np.ndarray, allowed: list[int], k: int = TOP_K) -> list[int]:
    """The best k allowed items by score, ties in allowed order, zero scores dropped: BM25.search's rule."""
    order = np.argsort(-scores, kind="stable")[:k]
    return [allowed[j] for j in order if scores[j] > 0]


class DictBM25:
    """kg.lineage.candidates.BM25 before the sparse matrix (e40204f), verbatim."""

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


def bm25_dict(tokens, plans):
    index = DictBM25(tokens)
    return {q: [i for i, _ in index.search(tokens[q], allowed, TOP_K)] for allowed, qs in plans for q in qs}


def bm25_kg(tokens, plans):
    index = BM25(tokens)
    return {q: [i for i, _ in hits] for allowed, qs in plans for q, hits in zip(qs, index.search_rows(qs, allowed, TOP_K))}


def bm25s_index(tokens):
    import bm25s

    index = bm25s.BM25(k1=K1, b=B, method="lucene")
    index.index(tokens, show_progress=False)
    return index


def bm25s_whole(tokens, plans):
    index = bm25s_index(tokens)
    out = {}
    for allowed, qs in plans:
        for q in qs:
            ids = sorted({index.vocab_dict[w] for w in tokens[q] if w in index.vocab_dict})
            out[q] = top(index.get_scores_from_ids(ids)[allowed], allowed)
    return out


def per_plan_products(weights, vocab: dict[str, int], tokens, plans):
    """Top k per query from one sparse product per plan: binary queries × the plan's allowed rows."""
    from scipy import sparse

    out = {}
    for allowed, qs in plans:
        rows = [sorted({vocab[w] for w in tokens[q] if w in vocab}) for q in qs]
        indptr = np.cumsum([0] + [len(r) for r in rows])
        cols = np.fromiter((c for r in rows for c in r), dtype=np.int64, count=int(indptr[-1]))
        queries = sparse.csr_matrix((np.ones(len(cols)), cols, indptr), shape=(len(qs), weights.shape[1]))
        scores = (queries @ weights[allowed].T).toarray()
        for q, row in zip(qs, scores):
            out[q] = top(row, allowed)
    return out


def bm25s_rows(tokens, plans):
    from scipy import sparse

    index = bm25s_index(tokens)
    s = index.scores
    weights = sparse.csc_matrix((s["data"], s["indices"], s["indptr"]), shape=(s["num_docs"], len(s["indptr"]) - 1))
    return per_plan_products(weights.tocsr(), index.vocab_dict, tokens, plans)


def tfidf_hand(texts, titles, bodies, pairs):
    tf = TfIdf(texts)
    vt, vb = [tf.vector(t) for t in titles], [tf.vector(b) for b in bodies]
    return np.array([(TfIdf.cosine(vt[i], vt[j]), TfIdf.cosine(vb[i], vb[j])) for i, j in pairs])


def tfidf_sklearn(texts, titles, bodies, pairs):
    from sklearn.feature_extraction.text import TfidfVectorizer

    tv = TfidfVectorizer(analyzer=bigrams, lowercase=False).fit(texts)
    mt, mb = tv.transform(titles), tv.transform(bodies)
    i, j = np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])
    return np.column_stack([np.asarray(m[i].multiply(m[j]).sum(axis=1)).ravel() for m in (mt, mb)])


def import_cpu(module: str) -> float:
    """CPU seconds a fresh interpreter spends importing `module` (what every `kg build` would pay for it)."""
    code = f"import time; t = time.process_time(); import {module}; print(time.process_time() - t)"
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def timed(variants: dict, args: tuple, repeat: int) -> dict:
    """{name: (median CPU seconds, result)}, the variants alternating; CPU time, as the machine is shared."""
    runs: dict[str, list[float]] = {k: [] for k in variants}
    results = {}
    for _ in range(repeat):
        for name, fn in variants.items():
            t0 = time.process_time()
            results[name] = fn(*args)
            runs[name].append(time.process_time() - t0)
    return {k: (statistics.median(v), results[k]) for k, v in runs.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/kg-bench"))
    args = ap.parse_args()
    with (args.cache / f"docs-{args.n}.pkl").open("rb") as fh:
        docs = pickle.load(fh)["docs"]
    tokens, texts, titles, bodies, plans = workload(docs)
    import scipy.sparse, sklearn.feature_extraction.text  # noqa: E401, F401  (imports are not timed)
    variants = {"dict": bm25_dict, "bm25s": bm25s_whole, "bm25s-rows": bm25s_rows, "kg": bm25_kg}
    if importlib.util.find_spec("bm25s") is None:
        print("bm25s is not installed (`.venv/bin/pip install bm25s`): its two variants are left out")
        variants = {k: v for k, v in variants.items() if not k.startswith("bm25s")}
    queries = sum(len(qs) for _, qs in plans)
    print(f"N={args.n}: {len(tokens)} tasks, {len(plans)} plans with sources, {queries} queries, "
          f"{sum(len(a) * len(qs) for a, qs in plans):,} (query, allowed task) pairs")
    bm = timed(variants, (tokens, plans), args.repeat)
    ref = bm["dict"][1]
    print("| BM25 variant | CPU s (index + all queries) | vs dict | same top-5 as dict |")
    print("| --- | --- | --- | --- |")
    for name, (sec, res) in bm.items():
        same = sum(res[q] == ref[q] for q in ref)
        print(f"| {name} | {sec:.2f} | {sec / bm['dict'][0]:.2f} | {same}/{len(ref)} |")
    pairs = [(q, i) for q, hits in ref.items() for i in hits]
    tf = timed({"hand": tfidf_hand, "sklearn": tfidf_sklearn}, (texts, titles, bodies, pairs), args.repeat)
    diff = float(np.abs(tf["hand"][1] - tf["sklearn"][1]).max()) if pairs else 0.0
    print(f"\n| TF-IDF variant | CPU s (fit + vectors + {len(pairs)} pair cosines) | vs hand |")
    print("| --- | --- | --- |")
    for name, (sec, _) in tf.items():
        print(f"| {name} | {sec:.2f} | {sec / tf['hand'][0]:.2f} |")
    print(f"largest |hand − sklearn| cosine: {diff:.1e}")
    mods = ["scipy.sparse", "sklearn.feature_extraction.text"] + (["bm25s"] if "bm25s" in bm else [])
    print("\nimport, CPU s in a fresh interpreter: " + ", ".join(
        f"{m} {statistics.median(import_cpu(m) for _ in range(args.repeat)):.2f}" for m in mods))


if __name__ == "__main__":
    main()

"""Lineage at scale: the sparse BM25 and the faster phrase scan give the answers of the code they replaced, and a
plan's work and result do not depend on documents outside its chain.

`DictBM25` and `slow_phrases` are the implementations before (kg/lineage at e40204f), verbatim: the spec.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from lineage_records import doc, task

from kg.lineage.candidates import BM25, count_matrix
from kg.lineage.core import Lineage
from kg.lineage.text import shared_phrases


class DictBM25:
    """Okapi BM25 over token lists in dicts, as it was."""

    def __init__(self, docs, k1=1.5, b=0.75):
        self.docs = [Counter(d) for d in docs]
        self.len = [len(d) for d in docs]
        self.avg = sum(self.len) / max(1, len(docs))
        df = Counter()
        for d in docs:
            df.update(set(d))
        n = len(docs)
        self.idf = {w: math.log(1 + (n - c + 0.5) / (c + 0.5)) for w, c in df.items()}
        self.k1, self.b = k1, b

    def score(self, query, i):
        d, dl, s = self.docs[i], self.len[i], 0.0
        for w in set(query):
            f = d.get(w)
            if f:
                s += self.idf[w] * f * (self.k1 + 1) / (f + self.k1 * (1 - self.b + self.b * dl / self.avg))
        return s

    def search(self, query, allowed, k):
        scored = sorted(((i, self.score(query, i)) for i in allowed), key=lambda x: -x[1])
        return [x for x in scored[:k] if x[1] > 0]


def slow_phrases(a, b, min_len=4, most=5):
    a, b = a.replace("\n", ""), b.replace("\n", "")
    found = set()
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


WORDS = list("水污染防治河湖治理推进建设") + ["E:river:黄河", "E:project:湿地"]
token_lists = st.lists(st.lists(st.sampled_from(WORDS), max_size=12), min_size=1, max_size=8)


@settings(max_examples=150, deadline=None)
@given(token_lists, st.lists(st.sampled_from(WORDS), max_size=6), st.integers(1, 4))
def test_sparse_bm25_scores_and_ranks_as_the_dict_one(docs, query, k):
    new, old = BM25(docs), DictBM25(docs)
    for i in range(len(docs)):
        assert math.isclose(new.score(query, i), old.score(query, i), rel_tol=1e-12, abs_tol=1e-12)
    allowed = list(range(len(docs)))[::-1]
    got, want = new.search(query, allowed, k), old.search(query, allowed, k)
    # the same scores rank by rank, each the document's own; documents whose scores are equal in exact arithmetic
    # may swap (the dict code summed in set order, which changes with the process's string hashing)
    assert len(got) == len(want)
    for (i, s), (_, t) in zip(got, want):
        assert math.isclose(s, t, rel_tol=1e-12) and math.isclose(old.score(query, i), t, rel_tol=1e-12)
    assert new.idf == old.idf or all(math.isclose(new.idf[w], old.idf[w]) for w in old.idf)


def test_search_rows_is_search_with_each_document_as_the_query():
    docs = [list("水污染防治"), list("河湖治理"), list("水污染治理推进"), [], list("建设")]
    index = BM25(docs)
    rows = index.search_rows([0, 2, 3], [1, 2, 4, 0], 2)
    assert rows == [index.search(docs[q], [1, 2, 4, 0], 2) for q in (0, 2, 3)]
    assert rows[2] == []  # an empty task retrieves nothing
    assert BM25([]).search_rows([], [], 5) == [] and BM25([[]]).search(["水"], [0], 5) == []


def test_count_matrix_counts_and_grows_the_vocabulary():
    vocab = {"水": 0}
    m = count_matrix([["河", "水", "河"], [], ["湖"]], vocab)
    assert vocab == {"水": 0, "河": 1, "湖": 2}
    assert m.toarray().tolist() == [[1, 2, 0], [0, 0, 0], [0, 0, 1]]


CJK = st.text(alphabet="水污染防治河湖，。、治理推进\n", max_size=40)


@settings(max_examples=300, deadline=None)
@given(CJK, CJK)
def test_shared_phrases_finds_what_the_slow_scan_found(a, b):
    assert shared_phrases(a, b) == slow_phrases(a, b)


def test_shared_phrases_on_real_task_text():
    a = "推进孟州市第二污水处理厂尾水人工湿地工程项目建设，完成蟒河综合治理。"
    b = "加快孟州市第二污水处理厂尾水人工湿地工程项目建设；开展蟒河综合治理"
    assert shared_phrases(a, b) == slow_phrases(a, b) == ["孟州市第二污水处理厂尾水人工湿地工程项目建设", "蟒河综合治理"]


def plans(province: str, city: str, county: str, year: int, prefix: str):
    """A province → city → county chain of water plans of one year (issued March, May, July), four tasks each."""
    rng = random.Random(prefix)
    bodies = ["开展入河排污口排查整治", "推进城镇污水管网建设", "建设人工湿地", "加强饮用水水源地保护",
              "实施河道清淤疏浚", "推进农村生活污水治理"]
    out = []
    for level, place in enumerate((province, city, county)):
        tasks = [task(i, b[:4], f"{place}{b}，完成年度任务", obligations=[("生态环境局", "lead")])
                 for i, b in enumerate(rng.sample(bodies, 4), 1)]
        out.append(doc(f"{prefix}{level}", f"{place}{year}年水污染防治攻坚战实施方案", place, year,
                       issued=date(year, 3 + 2 * level, 1), tasks=tasks))
    return out


def test_a_plan_does_not_pay_for_documents_outside_its_chain():
    henan = plans("河南省", "焦作市", "孟州市", 2022, "h")
    others = [d for y in range(2010, 2030) for d in plans("山西省", "忻州市", "定襄县", y, f"s{y}-")]
    small, big = Lineage(henan), Lineage(henan + others)
    county = henan[2]
    for lin in (small, big):
        pl = lin.plan(county)
        assert [s for kind, s, _ in pl.sources] == ["h0", "h1"]
        assert {c.source_doc for tl in pl.tasks for c in tl.candidates} == {"h0", "h1"}
        # the gate looked at the province and the city; retrieval scored the county's 4 tasks against their 4 + 4
        assert dict(lin.work) == {"gate_pairs": 2, "tasks_scanned": 8, "bm25_scored": 4 * 8,
                                  "pairs_featured": sum(len(tl.candidates) for tl in pl.tasks)}
    assert len(big.items) == len(small.items) + 20 * 12

"""Candidate retrieval: bigram tokens and the BM25 ranking over them."""

import math

from lineage_records import doc, task

from kg.lineage.candidates import BM25, task_tokens
from kg.lineage.core import Lineage
from kg.lineage.text import bigrams

COMMON = "加强管理"


def test_bigrams_split_on_punctuation_and_keep_repeats():
    assert bigrams("水污染防治") == ["水污", "污染", "染防", "防治"]
    assert bigrams("碧水，保卫（战）") == ["碧水", "保卫"]  # a one-character run gives no bigram
    assert bigrams("水水水") == ["水水", "水水"]
    assert bigrams("") == []


def test_task_tokens_weight_title_twice_and_entities_three_times():
    t = task(1, "治理", "清淤", mentions=[("river", "黄河")])
    toks = task_tokens(t, t.content)
    assert toks.count("治理") == 2 and toks.count("清淤") == 1 and toks.count("E:river:黄河") == 3
    assert len(toks) == 6


def test_bm25_ranks_the_document_sharing_the_rare_bigrams_first():
    docs = [bigrams(COMMON + "河道清淤"), bigrams(COMMON + "人工湿地"), bigrams(COMMON + "黑臭水体")]
    index = BM25(docs)
    hits = index.search(bigrams("推进人工湿地" + COMMON), [0, 1, 2], k=3)
    assert hits[0][0] == 1
    assert hits[0][1] > hits[1][1] > 0
    # the two others share only the common bigrams and are equally long: equal scores, kept in `allowed` order
    assert [i for i, _ in hits[1:]] == [0, 2] and math.isclose(hits[1][1], hits[2][1])


def test_bm25_search_respects_allowed_k_and_drops_zero_scores():
    docs = [bigrams("人工湿地"), bigrams("河道清淤"), bigrams("人工湿地建设")]
    index = BM25(docs)
    assert [i for i, _ in index.search(bigrams("人工湿地"), [1, 2], k=5)] == [2]  # 0 is not allowed, 1 scores 0
    assert len(index.search(bigrams("人工湿地"), [0, 1, 2], k=1)) == 1
    assert index.search(bigrams("大气扬尘"), [0, 1, 2], k=5) == []
    # a shorter document with the same matches scores higher (length normalisation, b > 0)
    assert index.score(bigrams("人工湿地"), 0) > index.score(bigrams("人工湿地"), 2)


def test_bm25_idf_is_lower_for_a_term_in_every_document():
    index = BM25([["甲", "乙"], ["甲", "丙"], ["甲", "丁"]])
    assert 0 < index.idf["甲"] < index.idf["乙"] == index.idf["丙"]
    assert math.isclose(index.idf["乙"], math.log(1 + 2.5 / 1.5))


def test_lineage_retrieves_only_from_eligible_sources_and_ranks_the_matching_task_first():
    city = doc("city", "焦作市2022年水污染防治攻坚战实施方案", "焦作市", 2022, tasks=[
        task(1, "河道治理", "开展河道清淤疏浚工作"),
        task(2, "湿地建设", "推进人工湿地水质净化工程建设"),
        task(3, "黑臭水体", "开展城市黑臭水体整治工程建设"),  # shares only 工程建设
    ])
    other = doc("other", "忻州市2020年水环境质量行动计划", "忻州市", 2020, tasks=[
        task(1, "湿地建设", "推进人工湿地水质净化工程建设"),
    ])
    plan = doc("plan", "孟州市2025年碧水保卫战实施方案", "孟州市", 2025, tasks=[
        task(1, "湿地建设", "加快孟州市人工湿地水质净化工程建设"),
    ])
    (pl,) = [p for p in Lineage([city, other, plan]).all() if p.doc == "plan"]
    assert [s for _, s, _ in pl.sources] == ["city"]
    cands = pl.tasks[0].candidates
    assert {c.source_doc for c in cands} == {"city"}
    # task 1 shares no bigram with the plan's task: not retrieved at all; task 3 only the common 工程建设
    assert [c.source_task for c in cands] == [2, 3] and cands[0].score > cands[1].score
    assert cands[0].phrase == "人工湿地水质净化工程建设"

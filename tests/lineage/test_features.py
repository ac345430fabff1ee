"""Pair features: TF-IDF cosine, Jaccard, entities, agency structure, the feature vector and shared phrases."""

import math

import pytest
from lineage_records import task

from kg.lineage.features import TfIdf, entities, feature_vector, jaccard, structure
from kg.lineage.model import FEATURES
from kg.lineage.text import shared_phrases
from kg.reference import UnitTable

TEXTS = ["推进人工湿地建设", "开展河道清淤疏浚", "加强黑臭水体整治"]


def test_tfidf_cosine_of_identical_texts_is_one_and_of_disjoint_texts_zero():
    tf = TfIdf(TEXTS)
    a, b = tf.vector(TEXTS[0]), tf.vector(TEXTS[1])
    assert TfIdf.cosine(a, tf.vector(TEXTS[0])) == pytest.approx(1.0)
    assert TfIdf.cosine(a, b) == 0.0
    partial = tf.vector("推进人工湿地")
    assert 0 < TfIdf.cosine(a, partial) < 1
    assert TfIdf.cosine(a, partial) == pytest.approx(TfIdf.cosine(partial, a))


def test_tfidf_vectors_are_unit_length_and_rare_terms_weigh_more():
    tf = TfIdf(["甲乙", "甲丙", "甲丁"], tokenize=list)
    assert tf.idf["甲"] == pytest.approx(1.0)  # in every text: log(4/4) + 1
    assert tf.idf["乙"] == pytest.approx(math.log(4 / 2) + 1)
    v = tf.vector("甲乙")
    assert sum(x * x for x in v.values()) == pytest.approx(1.0) and v["乙"] > v["甲"]
    assert tf.vector("") == {}


def test_jaccard():
    assert jaccard({"a", "b"}, {"b", "c"}) == pytest.approx(1 / 3)
    assert jaccard({"a"}, {"a"}) == 1.0
    assert jaccard(set(), set()) == 0.0


def test_entities_and_structure():
    t = task(1, "题", "文", mentions=[("river", "黄河"), ("project", "人工湿地工程")],
             obligations=[("焦作市生态环境局", "lead"), ("孟州市水利局", "participant"), ("某某研究所", "responsible")])
    assert entities(t) == {"river:黄河", "project:人工湿地工程"}
    assert structure(t, UnitTable()) == {("生态环境", "牵头"), ("水利水务", "参与"), ("某某研究所", "负责")}


def test_feature_vector_of_a_task_against_itself_and_against_a_stranger():
    units = UnitTable()
    tf = TfIdf(TEXTS)
    a = task(1, "湿地建设", TEXTS[0], mentions=[("project", "人工湿地工程")], obligations=[("孟州市生态环境局", "lead")])
    b = task(2, "河道清淤", TEXTS[1], mentions=[("river", "黄河")], obligations=[("孟州市水利局", "lead")])
    va, vb = (tf.vector(a.title), tf.vector(a.content)), (tf.vector(b.title), tf.vector(b.content))
    same = feature_vector(a, a, va, va, units, cited=True)
    assert tuple(same) == FEATURES
    assert same == pytest.approx({f: 1.0 for f in FEATURES})
    assert feature_vector(a, b, va, vb, units, cited=False) == {f: 0.0 for f in FEATURES}


def test_structure_feature_gives_half_credit_for_same_function_in_another_role():
    units = UnitTable()
    a = task(1, "甲", "甲", obligations=[("孟州市生态环境局", "lead")])
    b = task(2, "乙", "乙", obligations=[("焦作市生态环境局", "participant")])
    v = ({}, {})
    assert feature_vector(a, b, v, v, units, cited=False)["structure"] == pytest.approx(0.5)


def test_shared_phrases_are_maximal_cjk_substrings():
    a, b = "推进人工湿地水质净化工程建设", "加快人工湿地水质净化工程"
    assert shared_phrases(a, b) == ["人工湿地水质净化工程"]
    assert shared_phrases("推进工作", "加强工作") == []  # "工作" is shorter than four characters
    assert shared_phrases("ABCD1234", "xxABCD1234") == []  # not Chinese
    assert shared_phrases("开展河道\n清淤疏浚，加强黑臭水体", "河道清淤疏浚和黑臭水体") == ["河道清淤疏浚", "黑臭水体"]

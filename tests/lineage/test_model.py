"""The logistic scorer: probability, monotonicity, the threshold rule and loading."""

import json

import pytest

from kg.lineage.model import FEATURES, MODEL_PATH, Model, load_model

ZERO = {f: 0.0 for f in FEATURES}


def test_stored_model_scores_are_probabilities_and_rise_with_title_similarity():
    m = load_model(MODEL_PATH)
    assert set(m.weights) == set(FEATURES)
    scores = [m.probability({**ZERO, "title_sim": x}) for x in (0.0, 0.25, 0.5, 1.0)]
    assert all(0 <= s <= 1 for s in scores)
    assert scores == sorted(scores) and scores[0] < scores[-1]
    assert 0 <= m.probability({f: 1.0 for f in FEATURES}) <= 1


def test_probability_is_the_logistic_of_the_weighted_sum():
    m = Model({**ZERO, "title_sim": 2.0, "cited": 1.0}, bias=-1.0, threshold=0.5)
    assert m.probability(ZERO) == pytest.approx(1 / (1 + 2.718281828459045))
    assert m.probability({**ZERO, "title_sim": 0.5}) == pytest.approx(0.5)
    assert m.probability({**ZERO, "title_sim": 0.5, "cited": 1.0}) > 0.5


def test_asserts_the_best_over_threshold_and_near_runners_up():
    m = Model(ZERO, 0.0, threshold=0.5, secondary_ratio=0.6)
    # 0.6 >= 0.6 * 0.9 = 0.54 and >= 0.5: kept; 0.52 clears the threshold but is below 0.54
    assert m.asserts([0.9, 0.6, 0.52, 0.4]) == [True, True, False, False]
    assert m.asserts([0.45, 0.3]) == [False, False]
    assert m.asserts([]) == []


def test_load_model_defaults_the_secondary_ratio(tmp_path):
    p = tmp_path / "m.json"
    p.write_text(json.dumps({"weights": ZERO, "bias": 0.5, "threshold": 0.3}), encoding="utf-8")
    m = load_model(p)
    assert (m.bias, m.threshold, m.secondary_ratio) == (0.5, 0.3, 0.6)

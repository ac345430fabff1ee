"""The shipped scorer (kg/data/lineage_model.json) is what bench/fit_lineage.py fits on the gold alignment.

The fit is scikit-learn's LogisticRegression since the hand-written gradient descent went; both reach the same
optimum, so the weights written before the change must come out again (to the 4 decimals the file keeps).
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from kg.lineage.model import MODEL_PATH

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def fit_lineage():
    spec = importlib.util.spec_from_file_location("fit_lineage", ROOT / "bench" / "fit_lineage.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_fit_on_the_gold_gives_the_shipped_model(docs, fit_lineage):
    from conftest import CORPUS

    shipped = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    fitted = fit_lineage.model_from_gold(list(docs.values()), CORPUS)
    assert fitted["weights"] == pytest.approx(shipped["weights"], abs=2e-4)
    assert fitted["bias"] == pytest.approx(shipped["bias"], abs=2e-4)
    assert fitted["threshold"] == pytest.approx(shipped["threshold"], abs=2e-4)
    assert fitted["weights"]["cited"] == 2.0  # a stated prior: no gold pair has a citation
    assert (fitted["pairs"], fitted["top1_in_sample"], fitted["top1_leave_one_out"]) == (80, 1.0, 0.9375)


def test_the_fit_separates_what_the_pairs_separate(fit_lineage):
    """Pairs with text in common are the derivations, pairs without are not: positive weight on text, and the
    prior is added untouched."""
    zero = {f: 0.0 for f in fit_lineage.FEATURES}
    pairs = [({**zero, "body_sim": v}, int(v > 0.5)) for v in (0.0, 0.1, 0.2, 0.3, 0.6, 0.7, 0.8, 0.9)] * 3
    w, b = fit_lineage.fit(pairs)
    assert w["body_sim"] > 1 and b < 0 and w["cited"] == fit_lineage.PRIORS["cited"]
    assert w["title_sim"] == w["structure"] == 0.0  # features that are always 0 learn nothing

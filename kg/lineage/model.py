"""The logistic scorer over the pair features: weights from kg/data/lineage_model.json, score and threshold."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

MODEL_PATH = Path(str(resources.files("kg") / "data" / "lineage_model.json"))
FEATURES = ("title_sim", "body_sim", "entity_jaccard", "shared_project", "structure", "cited")
PRIORS = ("cited",)  # weights set by hand, not fitted (no gold pair has them): they rank, they never assert alone


@dataclass(frozen=True)
class Model:
    weights: dict[str, float]
    bias: float
    threshold: float
    secondary_ratio: float = 0.6  # a further source must score at least this share of the best one

    def asserts(self, ranked_scores: list[float], text_scores: list[float] | None = None) -> list[bool]:
        """Which of a task's ranked candidates become derivations: the best if it clears the threshold, and
        any other that clears it and scores at least `secondary_ratio` of the best (merged tasks). With
        `text_scores` (each candidate's score without its prior terms, `text_probability`), a candidate must
        clear the threshold on those too: a citation ranks a cited plan's tasks first but never makes a
        derivation of a task that shares nothing with it (a plan's own new tasks)."""
        if not ranked_scores or ranked_scores[0] < self.threshold:
            return [False] * len(ranked_scores)
        best = ranked_scores[0]
        text = text_scores if text_scores is not None else ranked_scores
        return [s >= self.threshold and s >= self.secondary_ratio * best and x >= self.threshold
                for s, x in zip(ranked_scores, text)]

    def text_probability(self, feats: dict[str, float]) -> float:
        """`probability` with the prior features at 0: what the two tasks' texts and agencies say alone."""
        return self.probability({f: 0.0 if f in PRIORS else v for f, v in feats.items()})

    def probability(self, feats: dict[str, float]) -> float:
        """Logistic of bias + Σ weight·feature over FEATURES: a probability in [0, 1]."""
        z = self.bias + sum(self.weights[f] * feats[f] for f in FEATURES)
        return 1 / (1 + math.exp(-z))


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> Model:
    """The model stored at `path` (cached); `secondary_ratio` defaults to 0.6 when the file has none."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return Model(data["weights"], data["bias"], data["threshold"], data.get("secondary_ratio", 0.6))

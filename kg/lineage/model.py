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
        """Logistic of bias + Σ weight·feature over FEATURES: a probability in [0, 1]."""
        z = self.bias + sum(self.weights[f] * feats[f] for f in FEATURES)
        return 1 / (1 + math.exp(-z))


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> Model:
    """The model stored at `path` (cached); `secondary_ratio` defaults to 0.6 when the file has none."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return Model(data["weights"], data["bias"], data["threshold"], data.get("secondary_ratio", 0.6))

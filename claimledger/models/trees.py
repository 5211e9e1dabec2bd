"""A gradient-boosted tree model read from JSON: learned with scikit-learn's HistGradientBoostingClassifier,
evaluated here with NumPy alone, so a run needs no pickled estimator and gives the same figures whatever the
scikit-learn version.

Each tree is four parallel lists: the feature a node splits on (-1 for a leaf), its threshold (a row goes left
when its value is at most the threshold), its left and right children, and its value (a leaf's share of the
log-odds, the learning rate applied). The probability is the logistic of the baseline plus the leaves reached.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np


@dataclass(frozen=True)
class TreeModel:
    """Trees over features in a fixed order, a baseline log-odds, and the threshold at which a pair is taken."""

    trees: tuple[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray], ...]
    baseline: float
    threshold: float

    def probability(self, features: np.ndarray) -> np.ndarray:
        x = np.asarray(features, dtype=float).reshape(len(features), -1)
        raw = np.full(len(x), self.baseline)
        rows = np.arange(len(x))
        for feature, threshold, left, right, value in self.trees:
            node = np.zeros(len(x), dtype=int)
            while True:
                inner = feature[node] >= 0
                if not inner.any():
                    break
                at = node[inner]
                go_left = x[rows[inner], feature[at]] <= threshold[at]
                node[inner] = np.where(go_left, left[at], right[at])
            raw += value[node]
        return np.round(1.0 / (1.0 + np.exp(-raw)), 4)


def export(estimator: Any) -> dict[str, Any]:
    """The trees of a fitted binary HistGradientBoostingClassifier (numeric features, no missing values) as
    JSON-ready lists."""
    trees = []
    for (predictor,) in estimator._predictors:
        nodes = predictor.nodes
        leaf = nodes["is_leaf"].astype(bool)
        trees.append({"feature": np.where(leaf, -1, nodes["feature_idx"]).astype(int).tolist(),
                      "threshold": [round(float(t), 6) for t in nodes["num_threshold"]],
                      "left": nodes["left"].astype(int).tolist(), "right": nodes["right"].astype(int).tolist(),
                      "value": [round(float(v), 6) for v in nodes["value"]]})
    return {"baseline": round(float(np.ravel(estimator._baseline_prediction)[0]), 6), "trees": trees}


def tree_model(data: dict[str, Any], threshold: float) -> TreeModel:
    """A :class:`TreeModel` from :func:`export`'s lists."""
    trees = tuple((np.asarray(t["feature"], dtype=int), np.asarray(t["threshold"], dtype=float),
                   np.asarray(t["left"], dtype=int), np.asarray(t["right"], dtype=int),
                   np.asarray(t["value"], dtype=float)) for t in data["trees"])
    return TreeModel(trees, float(data["baseline"]), threshold)


def read_tree_model(path: Path, features: Sequence[str]) -> TreeModel:
    """A model file written by ``claimledger.models.train_align``; its features must be ``features``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if list(data["features"]) != list(features):
        raise ValueError(f"{path}: the model was learned on other features; run its trainer again")
    return tree_model(data, data["threshold"])

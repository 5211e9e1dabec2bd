"""The tree model read from JSON gives what the scikit-learn estimator it was exported from gives."""
from __future__ import annotations

import json

import numpy as np

from claimledger.models.trees import export, tree_model
from claimledger.models.versions import ALIGN_FEATURES, ALIGN_MODEL, load_align_model


def test_exported_trees_score_as_the_estimator_does() -> None:
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.RandomState(0)
    x = rng.rand(400, 4)
    y = ((x[:, 0] > 0.5) ^ (x[:, 1] + 0.3 * x[:, 2] > 0.7)).astype(int)
    fitted = HistGradientBoostingClassifier(max_iter=30, max_leaf_nodes=7, random_state=0).fit(x, y)
    model = tree_model(json.loads(json.dumps(export(fitted))), 0.5)
    fresh = rng.rand(200, 4)
    assert np.allclose(model.probability(fresh), fitted.predict_proba(fresh)[:, 1], atol=1e-3)
    assert ((model.probability(x) >= 0.5) == fitted.predict(x).astype(bool)).mean() > 0.99


def test_the_shipped_alignment_model_reads_its_own_features() -> None:
    data = json.loads(ALIGN_MODEL.read_text(encoding="utf-8"))
    assert data["features"] == list(ALIGN_FEATURES) and data["cross_validated"]["precision"] >= 0.9
    model = load_align_model()
    carried = np.zeros((1, len(ALIGN_FEATURES)))
    carried[0, :4] = 1.0  # the same words, the same length, embedding cosine 1
    assert model.probability(carried)[0] > model.probability(np.zeros((1, len(ALIGN_FEATURES))))[0]

"""Learn the sentence-alignment model from the hand-aligned sentences of ``tests/gold/alignments.json``.

``python -m claimledger.models.train_align LEDGER`` reads a finished run's documents and sentences, builds the
candidate pairs and their features (:func:`claimledger.models.versions.candidates`) for every document pair the gold
annotates, labels a candidate 1 when the gold pairs its two sentences and 0 when the gold annotates its
first sentence against that document and does not pair them, fits gradient-boosted trees, and writes
``claimledger/models/align_model.json`` with figures cross-validated by document pair (each pair's candidates are scored
by a model fitted on the other pairs). The ledger's claims give each sentence what its figures measure.
"""
from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from claimledger.models.records import Sentence
from claimledger.models.train_pairs import claims_from_frame, norm, scores
from claimledger.models.trees import export, tree_model
from claimledger.models.versions import ALIGN_FEATURES, ALIGN_MODEL, Side, candidates, sides

GOLD = Path(__file__).resolve().parents[2] / "tests" / "gold" / "alignments.json"


def _locate(side: Side, texts: Mapping[str, str], quote: str) -> int | None:
    q = norm(quote)
    for needle in (q, " ".join(q.split()[:5])):
        for k, s in enumerate(side.sentences):
            if needle in norm(texts[s.doc_id][s.start:s.end]):
                return k
    return None


def labelled(ledger: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features, labels and document-pair group of every labelled candidate."""
    with sqlite3.connect(ledger / "ledger.sqlite") as db:
        texts = dict(db.execute("select doc_id, text from documents"))
        sentences = [Sentence(d, k, s, e) for d, k, s, e in
                     db.execute("select doc_id, sentence, char_start, char_end from sentences")]
    from claimledger.models.embeddings import embed

    claims = claims_from_frame(pd.read_parquet(ledger / "claims.parquet"))
    by_doc = sides(texts, sentences, embed, claims)
    ids = {d[:3]: d for d in by_doc}
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    truth: dict[tuple[str, str], set[tuple[int, int]]] = {}
    annotated: dict[tuple[str, str], set[int]] = {}
    for p in gold["sentence_pairs"]:
        pair = (ids[p["a"]["doc"]], ids[p["b"]["doc"]])
        i = _locate(by_doc[pair[0]], texts, p["a"]["quote"])
        j = _locate(by_doc[pair[1]], texts, p["b"]["quote"])
        if i is not None and j is not None:
            truth.setdefault(pair, set()).add((i, j))
            annotated.setdefault(pair, set()).add(i)
    for u in gold.get("unaligned", []):
        pair = (ids[u["a"]["doc"]], ids[u["b_doc"]])
        i = _locate(by_doc[pair[0]], texts, u["a"]["quote"])
        if i is not None:
            annotated.setdefault(pair, set()).add(i)
    rows, labels, groups = [], [], []
    for g, pair in enumerate(sorted(annotated)):
        found, features = candidates(by_doc[pair[0]], by_doc[pair[1]])
        for (i, j), f in zip(found, features):
            if i in annotated[pair]:
                rows.append(f)
                labels.append(int((i, j) in truth.get(pair, set())))
                groups.append(g)
    return np.asarray(rows), np.asarray(labels), np.asarray(groups)


def train(ledger: Path) -> dict[str, Any]:
    """Gradient-boosted trees (the pairs a loose rewording keeps are not a linear function of the features),
    exported to JSON (:mod:`claimledger.models.trees`); the threshold is the one of highest cross-validated
    recall at a precision of 0.9 or more (else of best F1), each document pair scored by trees fitted on the
    others."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.model_selection import GroupKFold, cross_val_predict

    def learner() -> HistGradientBoostingClassifier:
        # small, well-filled leaves: a model that scores its own training pairs about as it scores held-out
        # ones (cross-validated recall 0.85 against 0.88 in sample; 15 free leaves gave 0.87 against 1.00)
        return HistGradientBoostingClassifier(max_iter=100, learning_rate=0.05, max_leaf_nodes=5, min_samples_leaf=50,
                                              l2_regularization=1.0, random_state=0)

    x, y, groups = labelled(ledger)
    folds = min(5, len(set(groups.tolist())))
    prob = np.asarray(cross_val_predict(learner(), x, y, groups=groups, cv=GroupKFold(n_splits=folds),
                                        method="predict_proba")[:, 1])
    steps = [round(float(t), 3) for t in np.arange(0.1, 0.91, 0.025)]
    precise = [t for t in steps if scores(y, prob, t)["precision"] >= 0.9]
    threshold = max(precise, key=lambda t: (scores(y, prob, t)["recall"], t)) if precise else \
        max(steps, key=lambda t: (scores(y, prob, t)["f1"], -t))
    fitted = learner().fit(x, y)
    model = {"features": list(ALIGN_FEATURES), **export(fitted), "threshold": threshold}
    # the exported trees must give what the estimator gives
    assert np.allclose(tree_model(model, threshold).probability(x), fitted.predict_proba(x)[:, 1], atol=1e-3)
    return {**model, "cross_validated": scores(y, prob, threshold), "candidates": int(len(y)),
            "positives": int(y.sum())}


def main(argv: list[str]) -> None:
    model = train(Path(argv[0] if argv else "ledger"))
    ALIGN_MODEL.write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: model[k] for k in ("threshold", "cross_validated", "candidates", "positives")}))


if __name__ == "__main__":
    main(sys.argv[1:])

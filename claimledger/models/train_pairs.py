"""Learn the pair model from the hand-labelled claim pairs of ``tests/gold/pairs.csv``.

``python -m claimledger.models.train_pairs LEDGER`` resolves each labelled pair to two claims of a finished run
(document, value within 0.5%, snippet in the sentence), fits a logistic regression on the pair
features, picks the threshold that maximises cross-validated F1, and writes ``claimledger/models/pair_model.json``.
"""
from __future__ import annotations

import dataclasses
import json
import math
import re
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from claimledger.models.grouping import FEATURES, MODEL_PATH, encode, pair_features
from claimledger.models.records import Claim

PAIRS = Path(__file__).resolve().parents[2] / "tests" / "gold" / "pairs.csv"
MIN_PRECISION = 0.75


def norm(text: str) -> str:
    """Text as the gold snippets are written: NFKC, plain quotes and dashes, one space, lower case."""
    text = unicodedata.normalize("NFKC", text).translate(str.maketrans("’‘“”–—«»", "''\"\"--\"\""))
    return re.sub(r"\s+", " ", text).strip().lower()


def claims_from_frame(frame: pd.DataFrame) -> list[Claim]:
    """Claim records from a ledger's claims table (a missing number read back as None, missing text as "",
    as the records hold them)."""
    text = {f.name for f in dataclasses.fields(Claim) if str(f.type) == "str"}
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    def record(row: dict[str, Any]) -> Claim:
        values: dict[str, Any] = {k: "" if v is None and k in text else v for k, v in row.items()}
        return Claim(**values)
    return [record(row) for row in rows]


def resolve(claims: Sequence[Claim], doc: str, value: float, snippet: str) -> int | None:
    """Index of the claim a gold pair side names, or None."""
    snippet = norm(snippet)
    for i, c in enumerate(claims):
        if c.doc_id.startswith(doc) and snippet in norm(c.sentence) and math.isclose(
                c.value, value, rel_tol=5e-3):
            return i
    return None


def labelled(claims: Sequence[Claim], pairs: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, int]:
    """Features and labels of the gold pairs that resolve, and how many did not."""
    enc = encode(claims)
    rows, labels, missing = [], [], 0
    for p in pairs.itertuples():
        a = resolve(claims, str(p.a_doc).zfill(3), float(p.a_value), str(p.a_snippet))
        b = resolve(claims, str(p.b_doc).zfill(3), float(p.b_value), str(p.b_snippet))
        if a is None or b is None or a == b:
            missing += 1
            continue
        rows.append(pair_features(claims[a], claims[b], a, b, enc))
        labels.append(int(p.same))
    return np.asarray(rows), np.asarray(labels), missing


def cross_validate(x: np.ndarray, y: np.ndarray, folds: int = 5) -> np.ndarray:
    """Out-of-fold probabilities of a stratified k-fold split with a fixed seed."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    split = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    return np.asarray(cross_val_predict(LogisticRegression(C=1.0, max_iter=2000), x, y, cv=split,
                                        method="predict_proba")[:, 1])


def scores(y: np.ndarray, prob: np.ndarray, threshold: float) -> dict[str, float]:
    """Pairwise precision, recall and F1 at ``threshold``."""
    pred = prob >= threshold
    tp = int((pred & (y == 1)).sum())
    precision = tp / max(1, int(pred.sum()))
    recall = tp / max(1, int((y == 1).sum()))
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def train(claims: Sequence[Claim], pairs: pd.DataFrame) -> dict[str, Any]:
    """The model file's content: weights, intercept, threshold and cross-validated figures."""
    from sklearn.linear_model import LogisticRegression

    x, y, missing = labelled(claims, pairs)
    prob = cross_validate(x, y)
    # The best cross-validated F1 among thresholds precise enough: a group must hold one quantity, and a
    # figure carried into another version is linked by the alignment anyway (must-links), so precision first.
    steps = [round(t, 2) for t in np.arange(0.3, 0.91, 0.05)]
    precise = [t for t in steps if scores(y, prob, t)["precision"] >= MIN_PRECISION] or steps[-1:]
    threshold = max(precise, key=lambda t: (scores(y, prob, t)["f1"], -t))
    fitted = LogisticRegression(C=1.0, max_iter=2000).fit(x, y)
    return {"features": list(FEATURES),
            "weights": {f: round(float(w), 6) for f, w in zip(FEATURES, fitted.coef_[0])},
            "intercept": round(float(fitted.intercept_[0]), 6), "threshold": threshold,
            "cross_validated": scores(y, prob, threshold), "pairs_used": int(len(y)),
            "pairs_unresolved": missing}


def main(argv: list[str]) -> None:
    ledger = Path(argv[0] if argv else "ledger")
    claims = claims_from_frame(pd.read_parquet(ledger / "claims.parquet"))
    model = train(claims, pd.read_csv(PAIRS, dtype={"a_doc": str, "b_doc": str}))
    MODEL_PATH.write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: model[k] for k in ("threshold", "cross_validated", "pairs_used", "pairs_unresolved")}))


if __name__ == "__main__":
    main(sys.argv[1:])

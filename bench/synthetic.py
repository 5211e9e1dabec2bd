"""The cross-document stages on synthetic claims (issue 13): grouping (``reconcile``), version alignment
(``align_versions``) and the search index (build and one query), at 10^4 .. 10^6 claims, with random
embeddings: only the cost is meaningful, not the groups.

    python -m bench.synthetic [--claims 10000 100000 1000000] [--stages group align search] [--seed 13]

Each size runs in a fresh subprocess (its peak RSS is its own, ``ru_maxrss``). Claims come 100 to a
document, in sentences of 12 words drawn from a 5,000-word vocabulary around one number; their units are
drawn from 20 (a quarter of them percent: the largest dimension block, as in the papers); a tenth of the
documents are versions of another (the same sentences with other numbers), so alignment has families to find.
Embeddings are random unit vectors (the model is not loaded): ``claimledger.models.embeddings._alone`` is
replaced in the bench process only.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from typing import Any

import numpy as np

from claimledger.models import embeddings
from claimledger.models.records import Claim, DocumentInfo, Sentence

PER_DOC = 100
UNITS = ["percent"] * 5 + [f"unit{k}" for k in range(15)]


def _random_vectors(texts: Any) -> list[np.ndarray]:
    rng = np.random.default_rng(len(texts))
    m = rng.standard_normal((len(texts), embeddings.DIMENSIONS), dtype=np.float32)
    m /= np.linalg.norm(m, axis=1, keepdims=True)
    return list(m)


def _letters(k: int) -> str:
    out = ""
    for _ in range(3):
        k, r = divmod(k, 26)
        out += "bcdfghjklmnpqrstvwxyzaeiou"[r]
    return out + "a"


def corpus(n: int, seed: int) -> tuple[dict[str, str], list[Sentence], list[Claim], dict[str, DocumentInfo]]:
    """``n`` claims in ``n / PER_DOC`` documents: texts, sentences, claims, document infos."""
    rng = np.random.default_rng(seed)
    vocab = [_letters(k) for k in range(5000)]  # no digits: alignment masks numbers, and "w12" would be one
    docs = max(1, n // PER_DOC)
    texts: dict[str, str] = {}
    sentences: list[Sentence] = []
    claims: list[Claim] = []
    for d in range(docs):
        doc_id = f"d{d:07d}"
        source = d - 1 if d % 10 == 9 else d  # every tenth document is a version of the one before
        words = np.random.default_rng(seed + source).integers(0, len(vocab), (PER_DOC, 12))
        parts, at = [], 0
        for k in range(PER_DOC):
            number = f"{rng.integers(1, 1000)}"
            head, tail = (" ".join(vocab[w] for w in part) for part in (words[k][:6], words[k][6:]))
            text = f"{head} {number} {tail}."
            start = at
            parts.append(text)
            at += len(text) + 1
            sentences.append(Sentence(doc_id, k, start, start + len(text)))
            num_at = start + text.index(f" {number} ") + 1
            unit = UNITS[int(rng.integers(0, len(UNITS)))]
            claims.append(Claim(f"{doc_id}:{k}", doc_id, 1, num_at, num_at + len(number), number, float(number),
                                None, None, 0.5, None, None, unit, "", 1.0, "", "", None, None, "",
                                " ".join(vocab[w] for w in words[k][:3]), "", "", text, start, start + len(text)))
        texts[doc_id] = " ".join(parts)
    infos = {d: DocumentInfo(d, d, "", 2000 + int(d[1:]) % 20, "stated", "") for d in texts}
    return texts, sentences, claims, infos


def one(n: int, stages: list[str], seed: int) -> dict[str, Any]:
    embeddings._alone = _random_vectors  # type: ignore[assignment]  # random vectors, no model
    from claimledger.models.reconcile import reconcile
    from claimledger.models.versions import align_versions

    small = corpus(300, seed)  # imports and model files loaded outside the timings
    reconcile(small[2], {})
    align_versions(small[0], small[1], small[3], claims=small[2])
    t = time.perf_counter()
    texts, sentences, claims, infos = corpus(n, seed)
    out: dict[str, Any] = {"claims": n, "documents": len(texts), "make_s": round(time.perf_counter() - t, 1)}
    for stage in stages:
        t = time.perf_counter()
        if stage == "group":
            out["groups"] = len(reconcile(claims, {d: i.year for d, i in infos.items()}))
        elif stage == "align":
            out["alignments"] = len(align_versions(texts, sentences, infos, claims=claims).alignments)
        elif stage == "search":
            from claimledger.outputs.index import build_index, index_rows

            index = build_index(index_rows(claims))
            q = time.perf_counter()
            index.lexical_scores("bbba cbba dbba")
            np.argpartition(-(index.embeddings_ @ embeddings.embed(["bbba cbba dbba"])[0]), 10)[:10]
            out["query_ms"] = round((time.perf_counter() - q) * 1000, 1)
        out[f"{stage}_s"] = round(time.perf_counter() - t, 1)
    out["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.synthetic", description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--stages", nargs="+", default=["group", "align", "search"])
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(one(args.claims[0], args.stages, args.seed)), flush=True)
        return 0
    first: dict[str, Any] | None = None
    for n in args.claims:
        done = subprocess.run([sys.executable, "-m", "bench.synthetic", "--one", "--claims", str(n), "--stages",
                               *args.stages, "--seed", str(args.seed)], capture_output=True, text=True)
        if done.returncode != 0:
            print(f"{n} claims: failed ({done.returncode}): {done.stderr.strip().splitlines()[-1:]}", flush=True)
            continue
        row = json.loads(done.stdout.strip().splitlines()[-1])
        first = first or row
        growth = " ".join(f"{s} x{row[f'{s}_s'] / max(first[f'{s}_s'], 0.05):.1f}" for s in args.stages)
        print(json.dumps(row), f" growth vs {first['claims']}: {growth} for x{n / first['claims']:g} claims",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

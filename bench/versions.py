"""Time of the version alignment (blocking, candidates, scoring, number changes) and how it grows.

    python -m bench.versions [--times 1 5 20]

The bundled papers are read and parsed once; for ×N every paper is copied N times under new ids (the
copies are identical texts, so each copy is a version of every other: the worst case for families). Every
distinct sentence is embedded once before the timings (the embedding model's cost is the same at any N
for copies, and is what a cache of sentence embeddings removes); the figures are the aligner's own.
"""
from __future__ import annotations

import argparse
import os
import platform
from time import perf_counter

import numpy as np

from bench.memory import PeakRSS
from claimledger.corpus.catalog import bundled_papers
from claimledger.corpus.readers import read_document
from claimledger.extract.claims import claims, parsed_sentences, sentence_records
from claimledger.extract.nlp import load_nlp
from claimledger.extract.tables import table_claims, tables
from claimledger.models.changes import number_changes
from claimledger.models.embeddings import embed
from claimledger.models.records import Claim, DocumentInfo, Sentence
from claimledger.models.versions import align_versions


def corpus() -> tuple[dict[str, str], list[Sentence], list[Claim]]:
    """The bundled papers' texts, sentences and claims."""
    nlp = load_nlp()
    texts, sentences, found = {}, [], []
    for path in bundled_papers():
        doc = read_document(path)
        doc_tables = list(tables(doc))
        parsed = list(parsed_sentences(doc, nlp=nlp, exclude=[(t.char_start, t.char_end) for t in doc_tables]))
        texts[doc.id] = doc.text
        sentences += sentence_records(doc, parsed)
        found += claims(doc, nlp=nlp, parsed=parsed)
        found += [c for t in doc_tables for c in table_claims(doc, t)]
    return texts, sentences, found


def replicate(texts: dict[str, str], sentences: list[Sentence], found: list[Claim], times: int
              ) -> tuple[dict[str, str], list[Sentence], list[Claim]]:
    """Each document ``times`` times under ids ``<id>~<k>``."""
    from dataclasses import replace

    ids = {(d, k): f"{d}~{k}" if times > 1 else d for d in texts for k in range(times)}
    return ({ids[(d, k)]: t for d, t in texts.items() for k in range(times)},
            [replace(s, doc_id=ids[(s.doc_id, k)]) for s in sentences for k in range(times)],
            [replace(c, doc_id=ids[(c.doc_id, k)], claim_id=f"{c.claim_id}~{k}") for c in found for k in range(times)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--times", type=int, nargs="+", default=[1, 5, 20])
    args = parser.parse_args()
    texts, sentences, found = corpus()
    distinct = sorted({" ".join(texts[s.doc_id][s.start:s.end].split()) for s in sentences})
    start = perf_counter()
    vectors = dict(zip(distinct, embed(distinct)))
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores; {len(distinct)} distinct sentences embedded "
          f"in {perf_counter() - start:.1f} s (once, outside the timings)")

    def cached(texts_: list[str] | tuple[str, ...]) -> np.ndarray:
        return np.asarray([vectors[t] for t in texts_]) if texts_ else np.zeros((0, 384), dtype=np.float32)
    print("times  docs  sentences  doc pairs  alignments  seconds  peak MB  (growth vs the first)")
    first = None
    for times in args.times:
        t, s, c = replicate(texts, sentences, found, times)
        with PeakRSS() as mem:
            start = perf_counter()
            result = align_versions(t, s, {d: DocumentInfo(d) for d in t}, embed=cached)
            number_changes(t, result.alignments, c)
            seconds = perf_counter() - start
        pairs = len({(x.doc_a, x.doc_b) for x in result.alignments})
        first = first or (seconds, len(s))
        print(f"{times:5d}  {len(t):4d}  {len(s):9d}  {pairs:9d}  {len(result.alignments):10d}  {seconds:7.1f}  "
              f"{mem.result()['peak_mb']:7.0f}  {seconds / first[0]:5.1f}x time for {len(s) / first[1]:.0f}x sentences")


if __name__ == "__main__":
    main()

"""The measured entity of a quantity in science prose: the thing whose property the number gives, as a span of its
sentence ("the mass of *the sample* was 5 g", "*5318 participants* (mean age 54.8 years)").

A claim's ``quantity`` phrase says what a figure counts with all its qualifiers, which is what the ledger groups
by; an annotator of science text marks a shorter thing. Candidates are the sentence's noun chunks, the subtree of
each noun and each noun alone; gradient-boosted trees (``entity_model.json``, learned from MeasEval train by
``python -m bench.measeval_entities``) score each by where it stands from the quantity in the parse, and the
best is taken.
"""
from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from claimledger.extract.spans import WrittenSpan
from claimledger.models.trees import TreeModel, tree_model

ENTITY_MODEL = Path(__file__).with_name("entity_model.json")
_DEPS = ("nsubj", "nsubjpass", "dobj", "pobj", "compound", "conj", "appos", "ROOT", "attr", "npadvmod", "nmod",
         "amod", "dep")
_POS = ("NOUN", "PROPN", "PRON", "NUM", "ADJ")
_KINDS = ("chunk", "subtree", "noun")
# Nouns that name a property rather than a thing ("the *mass* of the sample"): the entity is what they are of
_PROPERTIES = frozenset("""temperature concentration mass weight rate depth thickness size age value ratio level density
velocity speed length width height diameter radius distance pressure energy flux duration time period content amount
number fraction percentage proportion mean average frequency intensity volume area range score yield resolution
strength power current voltage resistance conductivity mobility efficiency loss increase decrease magnitude total sum
count dose abundance composition porosity permeability salinity viscosity modulus stress strain load capacity
sensitivity specificity prevalence incidence risk odds probability""".split())


def candidates(sent: Span) -> list[tuple[int, int, str]]:
    """(start token, end token, kind) of each candidate entity of a sentence: its noun chunks, the subtree of
    every noun and every noun alone; each span once, the first kind that gives it."""
    out: dict[tuple[int, int], str] = {}
    doc = sent.doc

    def add(start: int, end: int, kind: str) -> None:
        # an annotator leaves the determiner out: "the sample" is marked "sample"
        while start < end - 1 and (doc[start].pos_ == "DET" or doc[start].tag_ == "PRP$"):
            start += 1
        out.setdefault((start, end), kind)
    for chunk in sent.noun_chunks:
        add(chunk.start, chunk.end, "chunk")
    for token in sent:
        if token.pos_ in {"NOUN", "PROPN"}:
            sub = [t.i for t in token.subtree]
            add(min(sub), max(sub) + 1, "subtree")
            add(token.i, token.i + 1, "noun")
    return [(a, b, kind) for (a, b), kind in sorted(out.items())]


def _root(doc: Doc, start: int, end: int) -> Token:
    """The token of ``doc[start:end]`` whose head lies outside it (the first such)."""
    inside = range(start, end)
    return next((t for t in doc[start:end] if t.head.i not in inside or t.head.i == t.i), doc[start])


def _path(token: Token) -> list[int]:
    path = [token.i]
    while token.head.i != token.i:
        token = token.head
        path.append(token.i)
    return path


def features(doc: Doc, start: int, end: int, q_start: int, q_end: int, kind: str) -> list[float]:
    """What a candidate ``doc[start:end]`` is to the quantity ``doc[q_start:q_end]``: place, size, parse path
    and the part of speech and dependency of its head."""
    root, q_root = _root(doc, start, end), _root(doc, q_start, q_end)
    up, q_up = _path(root), _path(q_root)
    common = next((i for i in up if i in q_up), up[-1])
    to_common, q_to_common = up.index(common), q_up.index(common) if common in q_up else len(q_up)
    before = end <= q_start
    gap = q_start - end if before else start - q_end
    between = doc[min(end, q_end):max(start, q_start)] if gap > 0 else doc[0:0]
    row = [float(before), float(max(gap, 0)), float(start < q_end and q_start < end), float(end - start),
           float(to_common), float(q_to_common), float(common == root.i), float(common == q_root.i),
           float(q_root.head.i == root.i), float(q_root.head.head.i == root.i and q_root.head.pos_ == "ADP"),
           float(root.head.i == q_root.i), float(sum(t.text in {",", ";", "(", ")"} for t in between)),
           float(sum(t.pos_ == "VERB" for t in between)), float(doc[start].pos_ == "DET"),
           float(any(t.like_num for t in doc[start:end])), float(start - doc[start].sent.start),
           float(root.head.lemma_ == "of"), float(q_root.head.lemma_ in {"of", "at", "to", "by", "with", "for"})]
    subject = root.dep_ in {"nsubj", "nsubjpass"} and root.head.i in q_up
    owner = root.head.lemma_ == "of" and root.head.head.i in q_up  # "the mass *of the sample* was 5 g"
    row += [float(subject), float(owner), float(any(c.lemma_ == "of" for c in root.children)),
            float(sum(t.pos_ in {"NOUN", "PROPN"} for t in between)), float(root.i in q_up),
            float(root.lemma_.lower() in _PROPERTIES), float(root.head.head.lemma_.lower() in _PROPERTIES and owner)]
    row += [float(_bracketed(doc, start)), float(_bracketed(doc, q_start)),
            float(any(t.is_upper and len(t) > 1 for t in doc[start:end])), float(doc[start].is_title),
            float(root.is_upper and len(root) > 1), float(any(t.pos_ == "ADJ" for t in doc[start:end]))]
    row += [float(root.dep_ == d) for d in _DEPS] + [float(root.pos_ == p) for p in _POS]
    row += [float(q_root.dep_ == d) for d in _DEPS + ("nummod",)] + [float(q_root.head.pos_ == p) for p in _POS]
    row += [float(kind == k) for k in _KINDS]
    return row


def _bracketed(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is inside brackets opened in its sentence."""
    before = [t.text for t in doc[doc[i].sent.start:i]]
    return sum(t == "(" for t in before) > sum(t == ")" for t in before)


def rows(doc: Doc, q_start: int, q_end: int) -> tuple[list[tuple[int, int]], np.ndarray]:
    """The candidates of the sentence holding the quantity ``doc[q_start:q_end]`` and their feature rows."""
    sent = doc[q_start].sent
    # a candidate is a word, not a sign ("=") nor the quantity itself
    found = [(a, b, k) for a, b, k in candidates(sent) if not (a >= q_start and b <= q_end)
             and any(t.is_alpha and len(t) > 1 for t in doc[a:b])]
    spans = [(a, b) for a, b, _ in found]
    if not found:
        return [], np.zeros((0, 0))
    x = np.array([features(doc, a, b, q_start, q_end, k) for a, b, k in found], dtype=float)
    # how near each is among the candidates on its side of the quantity (0 the nearest)
    before = x[:, 0] == 1
    rank = np.zeros(len(found))
    for side in (before, ~before):
        rank[side] = np.argsort(np.argsort(x[side, 1], kind="stable"), kind="stable")
    return spans, np.column_stack([x, rank])


@lru_cache(maxsize=1)
def load_entity_model(path: Path = ENTITY_MODEL) -> TreeModel:
    """The shipped entity scorer."""
    return tree_model(json.loads(path.read_text(encoding="utf-8")), 0.5)


def measured_entity(doc: Doc, start_char: int, end_char: int, model: TreeModel | None = None) -> str:
    """The text of the best candidate entity of the quantity at ``[start_char, end_char)`` of a parsed sentence
    or paragraph ``doc`` ("" when the sentence has no noun)."""
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None or not len(span):
        return ""
    spans, x = rows(doc, span.start, span.end)
    if not spans:
        return ""
    best = int(np.argmax((model or load_entity_model()).probability(x)))
    return doc[spans[best][0]:spans[best][1]].text


def measured_entities(text: str, spans: Sequence[WrittenSpan], *, nlp: Language) -> Iterator[str]:
    """The measured entity of each quantity as written (:func:`claimledger.extract.spans.written_spans`) of
    ``text``, in order; the text is parsed once."""
    doc = nlp(text)
    model = load_entity_model()
    for span in spans:
        yield measured_entity(doc, span.start, span.end, model)

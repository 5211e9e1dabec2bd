"""The texts the cross-document stages embed for one document's records, so that the per-document stage can
embed them (issue 13): alignment's sentences and what their figures measure (models.versions.sides),
grouping's quantity phrases and contexts (models.grouping.encode), the search index's claim texts
(models.search.embedding_text). A text left out here is not wrong, only computed later, in the run's
cross-document stage, by the same rule (models.embeddings); ``Known.computed`` counts those.
"""
from __future__ import annotations

from collections.abc import Iterable

from claimledger.models.grouping import context
from claimledger.models.records import Claim, Sentence
from claimledger.models.search import embedding_text


def document_texts(text: str, sentences: Iterable[Sentence], claims: Iterable[Claim]) -> list[str]:
    """Each distinct text to embed for one document, sorted."""
    out = {" ".join(text[s.start:s.end].split()) for s in sentences}
    for c in claims:
        out.update((c.quantity or context(c), context(c),
                    embedding_text({"sentence": c.sentence, "quantity": c.quantity})))
        if c.origin == "text":
            out.add(c.quantity or c.sentence)
    return sorted(out)

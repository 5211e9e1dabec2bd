"""The embedding rule (issue 13): a text's vector is the same whatever it is embedded with, so vectors
computed per document, in any worker, and kept in the cache are the ones a run of any other set of documents
would compute; inside ``known`` the cross-document stages look them up and count what they had to compute."""
from __future__ import annotations

import numpy as np

from claimledger.models.embeddings import embed, known, packed, unpacked

SHORT = "Remittances grew."
LONG = ("In 2004, Mexicans living in the United States sent home 16.6 billion dollars, the second source of "
        "foreign currency after oil.")


def test_a_texts_vector_does_not_depend_on_the_texts_embedded_beside_it() -> None:
    alone = embed([SHORT])[0]
    with_a_longer_one = embed([LONG, SHORT, "Mexico"])[1]  # a batch would pad SHORT to LONG's length
    assert np.array_equal(alone, with_a_longer_one)
    assert abs(float(alone @ alone) - 1.0) < 1e-5


def test_known_vectors_are_looked_up_and_only_the_rest_computed() -> None:
    vectors = unpacked((SHORT,), packed(embed([SHORT])))
    marked = {SHORT: np.full_like(vectors[SHORT], 0.5)}  # not a real vector: proves it was looked up
    with known(marked) as holder:
        found = embed([SHORT, LONG, LONG])
    assert np.array_equal(found[0], marked[SHORT]) and np.array_equal(found[1], found[2])
    assert holder.computed == 1  # LONG, once
    assert np.array_equal(embed([SHORT])[0], vectors[SHORT])  # outside the block nothing is looked up

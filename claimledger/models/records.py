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
    ``pages`` (a text file is one page), ``sha256`` (of the file's bytes), ``kind`` (txt, md, pdf),
    ``pdf_tables`` (table grids the PDF layout gives, read as tables by ``claimledger.extract.tables``), ``info``
    (what the file itself says of its title, author and date: a PDF's metadata, a Markdown front matter).
    """

    id: str
    path: str
    text: str
    pages: tuple[Page, ...]
    sha256: str
    kind: str = "txt"
    pdf_tables: tuple[PdfTable, ...] = ()
    info: tuple[tuple[str, str], ...] = ()

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
    kind: str = "number"  # number, written, ratio, fold, fraction, range, phrase, vague ("millions")
    unit_written: str = ""  # the unit as the text writes it ("km s−1", "%"), "" for a bare count


@dataclass(frozen=True)
class Claim:
    """A numeric claim in a document: a quantity with what it measures, when, and on whose authority.

    Fields beyond those of :class:`Quantity`: ``claim_id`` (hash of doc_id and offsets), ``doc_id``,
    ``page``, ``char_start``/``char_end`` (into the document's normalised text), ``interval_low``/
    ``interval_high`` (what the written precision and the hedge allow), ``period_start``/``period_end``
    (reference years), ``period_basis`` (where the period came from: sentence, context, table, ""),
    ``quantity`` (what is measured, from the parse), ``population`` (qualifiers such as "born in Mexico"),
    ``source`` (the citation in the same sentence), ``sentence`` and its offsets, ``origin`` (text or
    table) and the table fields, ``reference_id`` (the reference its source resolves to, "" if none),
    ``unit_written`` (the unit as the text writes it, "" for a count), ``unit_canonical`` and ``dimension``
    (pint's name and dimension for a physical unit, the ISO code and ``currency`` for money, the counted noun
    and ``count`` for a count, ``dimensionless`` for shares).
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
    reference_id: str = ""
    unit_written: str = ""
    unit_canonical: str = ""
    dimension: str = ""


@dataclass(frozen=True)
class RunError:
    """A document that could not be processed: its path, a one-line cause, and the traceback of an
    unexpected exception (for a bug report; kept in the run's ``run.log``)."""

    path: str
    message: str
    detail: str = ""


@dataclass(frozen=True)
class RunResult:
    """What a run produced: the documents read, their claims, and the errors met on the way."""

    documents: tuple[Document, ...]
    claims: tuple[Claim, ...]
    errors: tuple[RunError, ...] = field(default_factory=tuple)
    cache_hits: int = 0  # documents whose extraction came from the cache (issue 13)
    cache_misses: int = 0  # documents extracted in this run
    vectors_computed: int = 0  # texts the cross-document stages embedded, not found among the documents' own


@dataclass(frozen=True)
class PdfTable:
    """A table grid as the PDF layout gives it, before it is read as a :class:`Table`.

    Fields: ``page`` (1-based), ``bbox`` (x0, top, x1, bottom in PDF points), ``rows`` (cell texts, ""
    for an empty cell), ``char_start``/``char_end`` (the table's text in the document, -1 if not located).
    """

    page: int
    bbox: tuple[float, float, float, float]
    rows: tuple[tuple[str, ...], ...]
    char_start: int = -1
    char_end: int = -1


@dataclass(frozen=True)
class Cell:
    """One cell of a table: position, text as written, the number read from it, and its labels.

    Fields: ``table_id``, ``row``/``col`` (0-based, in the body), ``text``, ``value`` (None if not a
    number), ``row_label``, ``col_label`` (header cells over it, joined with " / "), ``char_start``/
    ``char_end`` (into the document text, -1 if unknown), ``period_start``/``period_end``, ``footnote``.
    """

    table_id: str
    row: int
    col: int
    text: str
    value: float | None
    row_label: str = ""
    col_label: str = ""
    char_start: int = -1
    char_end: int = -1
    period_start: int | None = None
    period_end: int | None = None
    footnote: str = ""


@dataclass(frozen=True)
class Table:
    """A table found in a document.

    Fields: ``table_id`` (doc_id, page and order), ``doc_id``, ``page``, ``char_start``/``char_end``,
    ``title`` (caption), ``source`` (its source line), ``notes``, ``layout`` (pipe, tab, space, flat,
    pdf), ``unit`` (from caption or header), ``header`` (header rows), ``cells``, ``same_as`` (the id of
    an earlier table this one repeats or continues, "" if none).
    """

    table_id: str
    doc_id: str
    page: int
    char_start: int
    char_end: int
    title: str
    source: str
    notes: str
    layout: str
    unit: str
    n_rows: int
    n_cols: int
    header: tuple[tuple[str, ...], ...]
    cells: tuple[Cell, ...]
    same_as: str = ""


@dataclass(frozen=True)
class Citation:
    """An in-text citation, one per cited work: author–year ("Smith, 2004") or numbered ("[12]", "[1-3]").

    Fields: ``citation_id``, ``doc_id``, ``char_start``/``char_end``, ``text`` (as written), ``authors``,
    ``year`` (with suffix, "2004a"), ``locator`` (pages), ``reference_id`` ("" if dangling),
    ``confidence`` (of the link, 0 if dangling), ``number`` (the cited entry's number, "" for author–year).
    """

    citation_id: str
    doc_id: str
    char_start: int
    char_end: int
    text: str
    authors: str
    year: str
    locator: str = ""
    reference_id: str = ""
    confidence: float = 0.0
    number: str = ""


@dataclass(frozen=True)
class Reference:
    """An entry of a document's reference list, parsed.

    Fields: ``reference_id`` (doc-scoped), ``doc_id``, ``char_start``/``char_end``, ``raw``, ``authors``,
    ``year``, ``suffix``, ``title``, ``container``, ``volume``, ``issue``, ``pages``, ``publisher``,
    ``place``, ``url``, ``work_id`` (the same work across documents), ``number`` (its number in a numbered
    list, "" otherwise).
    """

    reference_id: str
    doc_id: str
    char_start: int
    char_end: int
    raw: str
    authors: str
    year: str
    suffix: str = ""
    title: str = ""
    container: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    publisher: str = ""
    place: str = ""
    url: str = ""
    work_id: str = ""
    number: str = ""


@dataclass(frozen=True)
class Check:
    """An arithmetic check: a stated figure against what its parts give.

    Fields: ``check_id``, ``doc_id``, ``kind`` (table_total, table_share, ratio, change, text_table, ...),
    ``claim_ids``, ``expected`` (what the parts give), ``observed`` (what is stated), ``tolerance``,
    ``status`` (pass or fail), ``explanation``.
    """

    check_id: str
    doc_id: str
    kind: str
    claim_ids: tuple[str, ...]
    expected: float
    observed: float
    tolerance: float
    status: str
    explanation: str


@dataclass(frozen=True)
class PairFinding:
    """What two claims of one group say to each other: ``a``, ``b`` (claim ids), ``verdict``, ``finding``."""

    a: str
    b: str
    verdict: str
    finding: str


@dataclass(frozen=True)
class Group:
    """Claims that measure the same quantity, judged.

    Fields: ``group_id``, ``quantity``, ``unit``, ``verdict`` (agreement, rounding, time_series, conflict:
    the worst pair's), ``claim_ids``, ``pairs``, ``reconciled_value``, ``reconciled_claim_id``, ``policy``,
    ``rationale``, ``alternatives`` (claim ids ranked after the reconciled one), ``explanation``.
    """

    group_id: str
    quantity: str
    unit: str
    verdict: str
    claim_ids: tuple[str, ...]
    pairs: tuple[PairFinding, ...]
    reconciled_value: float | None
    reconciled_claim_id: str
    policy: str
    rationale: str
    alternatives: tuple[str, ...] = ()
    explanation: str = ""


@dataclass(frozen=True)
class DocumentInfo:
    """What is known of a document as a work: title, authors, year and where each came from.

    Fields: ``doc_id``, ``title``, ``authors`` (``; ``-separated, as written), ``year``, ``year_basis``
    (``catalog``, ``stated`` (the document says it) or ``inferred`` (the latest year it cites or states data
    for)), ``venue``, ``label`` (how every output names it, unique in the run: "Delgado Wise & Márquez 2006
    (000)").
    """

    doc_id: str
    title: str = ""
    authors: str = ""
    year: int | None = None
    year_basis: str = ""
    venue: str = ""
    label: str = ""


@dataclass(frozen=True)
class Sentence:
    """One prose sentence of a document: ``doc_id``, ``index`` (0-based, in document order), ``start``/``end``
    (offsets into the document's normalised text)."""

    doc_id: str
    index: int
    start: int
    end: int


@dataclass(frozen=True)
class Version:
    """A document's place in its version family: ``doc_id``, ``family_id`` ("" when it has no other
    version), ``order`` (1-based, oldest first), ``year`` and ``year_basis`` (as in :class:`DocumentInfo`)."""

    doc_id: str
    family_id: str
    order: int
    year: int | None
    year_basis: str


@dataclass(frozen=True)
class Alignment:
    """Two sentences of two versions that carry the same statement.

    Fields: ``doc_a``/``sentence_a`` and ``doc_b``/``sentence_b`` (doc ids in id order, sentence indices),
    their character offsets, ``kind`` (identical, edited, split, merged, moved), ``similarity`` (0-1, of
    the words with numbers masked).
    """

    doc_a: str
    sentence_a: int
    doc_b: str
    sentence_b: int
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    kind: str
    similarity: float


@dataclass(frozen=True)
class NumberChange:
    """What became of one claim between two versions.

    Fields: ``doc_a``, ``doc_b`` (the pair, in id order), ``claim_a``/``claim_b`` ("" for a claim added or
    dropped), ``change`` (unchanged, changed, dropped, added), ``old``/``new`` (the numbers as written),
    ``also`` (what else changed around it: hedge, period, source, words; "; "-separated), ``strength`` (how
    sure the pairing is, 0-1: the sentence alignment's probability, halved where the figure was paired only by
    the words around it).
    """

    doc_a: str
    doc_b: str
    claim_a: str
    claim_b: str
    change: str
    old: str
    new: str
    also: str = ""
    strength: float = 0.0


@dataclass(frozen=True)
class DocumentResult:
    """What one document yields on its own, before anything spans documents: the unit a worker returns and
    the cache stores (issue 13).

    Fields: ``path`` (as given), ``document`` (None when it could not be read or extracted), ``claims``
    (prose claims, then table claims, in the order the run has always gathered them), ``tables``,
    ``citations``, ``references``, ``sentences``, ``embedded`` (the texts the cross-document stages embed for
    these records, sorted) and ``vectors`` (their unit vectors, float32 rows as bytes: see
    ``claimledger.models.embeddings``), ``error`` (the one-line cause when it failed).
    """

    path: str
    document: Document | None = None
    claims: tuple[Claim, ...] = ()
    tables: tuple[Table, ...] = ()
    citations: tuple[Citation, ...] = ()
    references: tuple[Reference, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    embedded: tuple[str, ...] = ()
    vectors: bytes = b""
    error: RunError | None = None

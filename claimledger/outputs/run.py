"""The main job: read documents, extract their claims, write the ledger. One library call for the CLI."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from claimledger.corpus.catalog import Entry, bundled_papers, catalog
from claimledger.corpus.readers import PDF_SUFFIXES, TEXT_SUFFIXES, read_document
from claimledger.extract.citations import citations
from claimledger.extract.claims import claims, dated, distinct, parsed_sentences, sentence_records
from claimledger.extract.metadata import document_infos
from claimledger.extract.nlp import load_nlp
from claimledger.extract.references import references
from claimledger.extract.tables import link_repeats, table_claims, tables
from claimledger.models.arithmetic import text_checks, text_table_checks
from claimledger.models.changes import number_changes
from claimledger.models.checks import table_checks
from claimledger.models.errors import ClaimledgerError, UnreadableDocument
from claimledger.models.linking import link, link_claims
from claimledger.models.reconcile import reconcile
from claimledger.models.records import Check, Citation, Claim, Document, Reference, RunError, RunResult, Sentence, Table
from claimledger.models.versions import align_versions
from claimledger.outputs.atomic import write_text
from claimledger.outputs.audit import write_audit, write_reconciliation
from claimledger.outputs.citations import write_citations
from claimledger.outputs.factsheet import write_factsheet
from claimledger.outputs.index import write_index
from claimledger.outputs.ledger import write_ledger
from claimledger.outputs.settings import RunOptions
from claimledger.outputs.staging import Staging
from claimledger.outputs.tables import write_tables
from claimledger.outputs.versions import version_tables, write_versions

Progress = Callable[[str], None]
MUST_LINK = 0.25  # a figure carried into another version this surely (a number paired by its words inside an
# aligned passage gets half the passage's similarity) is the same quantity, unless its polarity or population differ


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files to read: each path given as it is, each folder's text and PDF entries in name order, or the
    folder itself when it holds none. Nothing given is dropped in silence: whatever is no regular file (a
    path that does not exist, a FIFO, a device, a folder named ``x.txt``, an empty folder) is left for
    ``read_document`` to refuse with its one-line error, and the run goes on."""
    out: list[Path] = []
    for path in paths:
        try:
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in TEXT_SUFFIXES | PDF_SUFFIXES) \
                if path.is_dir() else [path]
        except OSError:  # a folder that cannot be listed: read_document says why
            found = []
        out.extend(found or [path])
    return out


def run(paths: Iterable[Path] | None, out: Path, options: RunOptions = RunOptions(),
        progress: Progress | None = None) -> RunResult:
    """Turn documents into a ledger in ``out``; bad documents become errors unless ``options.strict``.

    ``out`` changes as a whole or not at all: it is locked and its staging folder created before any
    document is read (a busy or unwritable ``out`` fails at once), and the new ledger is swapped in at the
    end (``claimledger.outputs.staging``)."""
    with Staging(out) as stage:
        return _run(paths, stage, options, progress)


def _run(paths: Iterable[Path] | None, stage: Staging, options: RunOptions, progress: Progress | None) -> RunResult:
    """Read and extract every document, then reconcile and write the ledger into ``stage``."""
    files = expand(paths) if paths else bundled_papers()
    user = catalog(Path(options.catalog)) if options.catalog else {}  # a bad catalog stops the run before work
    nlp = load_nlp()
    documents: list[Document] = []
    found: list[Claim] = []
    found_tables: list[Table] = []
    found_citations: list[Citation] = []
    found_references: list[Reference] = []
    found_sentences: list[Sentence] = []
    errors: list[RunError] = []
    seen: set[str] = set()
    for path in files:
        if progress:
            progress(path.name)
        try:
            if path.stem in seen:
                raise UnreadableDocument(str(path), f"duplicate document id {path.stem!r} (file stems must differ)")
            doc = read_document(path, password=options.password, timeout=options.timeout,
                                memory_mb=options.memory_mb, limits=options.limits)
        except ClaimledgerError as exc:
            if options.strict:
                raise
            errors.append(RunError(str(path), str(exc)))
            continue
        seen.add(doc.id)
        documents.append(doc)
        doc_tables = list(tables(doc))
        parsed = list(parsed_sentences(doc, nlp=nlp, exclude=[(t.char_start, t.char_end) for t in doc_tables]))
        found_sentences.extend(sentence_records(doc, parsed))
        found.extend(claims(doc, nlp=nlp, parsed=parsed))
        found.extend(c for t in doc_tables for c in table_claims(doc, t))
        found_tables.extend(doc_tables)
        found_citations.extend(citations(doc))  # issue 4: citations and reference lists, linked below
        found_references.extend(references(doc))
    found = list(distinct(found))  # two claims of one span (two tables over one cell) must not share an id
    if documents:
        found = _reconcile_and_write(stage, options, user, documents, found, found_tables, found_citations,
                                     found_references, found_sentences, errors)
    return RunResult(tuple(documents), tuple(found), tuple(errors))


def _reconcile_and_write(stage: Staging, options: RunOptions, user: Mapping[str, Entry], documents: list[Document],
                         found: list[Claim],
                         found_tables: list[Table], found_citations: list[Citation], found_references: list[Reference],
                         found_sentences: list[Sentence], errors: list[RunError]) -> list[Claim]:
    """What spans documents (citations linked, document info, versions aligned, checks, groups), then every
    output file into the staging folder, swapped in for ``--out`` once all are written; returns the claims as
    written."""
    found_tables = link_repeats(found_tables)
    linked_citations, linked_references = link(found_citations, found_references)
    found = list(link_claims(found, linked_citations))
    infos = document_infos(documents, user, linked_citations, found, bundled=catalog())
    years = {i.doc_id: i.year for i in infos}
    found = list(dated(found, years))
    checks: list[Check] = [*table_checks(found_tables, found), *text_checks(found),
                           *text_table_checks(found, found_tables)]
    texts = {d.id: d.text for d in documents}
    versions = align_versions(texts, found_sentences, {i.doc_id: i for i in infos})
    changes = number_changes(texts, versions.alignments, found, found_tables)
    links = [(c.claim_a, c.claim_b) for c in changes
             if c.change in ("changed", "unchanged") and c.strength >= MUST_LINK]
    groups = reconcile(found, years, options.policy, labels={i.doc_id: i.label for i in infos}, links=links)
    out = stage.path
    with stage.writing():  # a full disk or a lost folder is one line, and the previous ledger stays whole
        write_ledger(out, documents, found, infos, found_tables, checks, groups, linked_citations, linked_references,
                     version_tables(found_sentences, versions, changes))
        write_versions(out, versions, changes)
        write_citations(out, linked_citations, linked_references)
        write_tables(out, found_tables, checks)
        write_reconciliation(out, groups)
        _write_run_json(out, documents, found, errors)
        write_audit(out)  # from the files just written, as `claimledger audit` reads them
        write_index(out, found)  # search index beside the ledger (issue 6)
        write_factsheet(out)  # last: the fact sheet reads the finished ledger and reconciliation.json (issue 6)
        stage.commit()
    return found


def _write_run_json(out: Path, documents: list[Document], found: list[Claim], errors: list[RunError]) -> None:
    per_doc = {d.id: sum(1 for c in found if c.doc_id == d.id) for d in documents}
    meta = {"documents": len(documents), "pages": sum(len(d.pages) for d in documents), "claims": len(found),
            "claims_per_document": per_doc, "errors": [{"path": e.path, "message": e.message} for e in errors]}
    write_text(out / "run.json", json.dumps(meta, indent=2, ensure_ascii=False) + "\n")

"""The main job: read documents, extract their claims, write the ledger. One library call for the CLI."""
from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np

from claimledger.corpus.catalog import Entry, bundled_papers, catalog
from claimledger.corpus.readers import PDF_SUFFIXES, TEXT_SUFFIXES
from claimledger.extract.claims import dated, distinct
from claimledger.extract.metadata import document_infos
from claimledger.extract.tables import link_repeats
from claimledger.models.arithmetic import text_checks, text_table_checks
from claimledger.models.changes import number_changes, restated_by_quantity
from claimledger.models.checks import table_checks
from claimledger.models.embeddings import known, unpacked
from claimledger.models.errors import DocumentFailed, UnreadableDocument
from claimledger.models.linking import link, link_claims
from claimledger.models.reconcile import reconcile
from claimledger.models.records import Check, Citation, Claim, Document, Reference, RunError, RunResult, Sentence, Table
from claimledger.models.versions import align_versions
from claimledger.outputs.atomic import write_text
from claimledger.outputs.audit import write_audit, write_reconciliation
from claimledger.outputs.cache import open_cache
from claimledger.outputs.citations import write_citations
from claimledger.outputs.factsheet import write_factsheet
from claimledger.outputs.index import write_index
from claimledger.outputs.ledger import write_ledger
from claimledger.outputs.pool import Step, default_jobs, document_results
from claimledger.outputs.settings import RunOptions
from claimledger.outputs.staging import Staging
from claimledger.outputs.tables import write_tables
from claimledger.outputs.version import tool_version
from claimledger.outputs.versions import version_tables, write_versions

Progress = Step  # (stage, done, total, what): reading n/N, extracting n/N, aligning, grouping, writing
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


def one_per_id(files: Sequence[Path]) -> tuple[list[Path], list[RunError]]:
    """The files to read, one per document id (the file stem), and an error for each file left out: of files
    with one stem, the one whose absolute path sorts first is read, whatever the order they were given in."""
    kept: dict[str, int] = {}
    for k in sorted(range(len(files)), key=lambda k: (os.path.abspath(files[k]), k)):
        kept.setdefault(files[k].stem, k)
    out: list[Path] = []
    errors: list[RunError] = []
    for k, path in enumerate(files):
        first = files[kept[path.stem]]
        if k == kept[path.stem]:
            out.append(path)
            continue
        why = "given twice" if os.path.abspath(path) == os.path.abspath(first) else \
            f"{first} has it too and is read instead (file stems must differ)"
        errors.append(RunError(str(path), str(UnreadableDocument(str(path), f"duplicate document id "
                                                                 f"{path.stem!r}: {why}"))))
    return out, errors


def run(paths: Iterable[Path] | None, out: Path, options: RunOptions = RunOptions(),
        progress: Progress | None = None) -> RunResult:
    """Turn documents into a ledger in ``out``; bad documents become errors unless ``options.strict``.

    Each document's own work (:func:`claimledger.outputs.perdoc.extract_document`) comes from the cache
    (``options.cache``) or runs in ``options.jobs`` worker processes; results are gathered in input order,
    so the ledger does not depend on either. ``out`` changes as a whole or not at all: it is locked and its
    staging folder created before any document is read (a busy or unwritable ``out`` fails at once), and the
    new ledger is swapped in at the end (``claimledger.outputs.staging``)."""
    with Staging(out) as stage:
        return _run(paths, stage, options, progress)


def _run(paths: Iterable[Path] | None, stage: Staging, options: RunOptions, progress: Progress | None) -> RunResult:
    """Read and extract every document, then reconcile and write the ledger into ``stage``."""
    files = expand(paths) if paths else bundled_papers()
    user = catalog(Path(options.catalog)) if options.catalog else {}  # a bad catalog stops the run before work
    step = progress or _quiet
    cache = open_cache(Path(options.cache) if options.cache else None, options)
    documents: list[Document] = []
    found: list[Claim] = []
    found_tables: list[Table] = []
    found_citations: list[Citation] = []
    found_references: list[Reference] = []
    found_sentences: list[Sentence] = []
    vectors: dict[str, np.ndarray] = {}  # what the per-document stage embedded, by text
    files, errors = one_per_id(files)
    if errors and options.strict:
        raise DocumentFailed(errors[0].message)
    for result in document_results(files, options, cache, options.jobs or default_jobs(), step):
        path, error = Path(result.path), result.error
        if error is not None or result.document is None:
            if options.strict:
                raise DocumentFailed(error.message if error else str(path))
            errors.append(error or RunError(str(path), str(path)))
            continue
        documents.append(result.document)
        found_sentences.extend(result.sentences)
        found.extend(result.claims)
        found_tables.extend(result.tables)
        found_citations.extend(result.citations)  # issue 4: citations and reference lists, linked below
        found_references.extend(result.references)
        vectors.update(unpacked(result.embedded, result.vectors))
    found = list(distinct(found))  # two claims of one span (two tables over one cell) must not share an id
    with known(vectors) as embedded:  # the cross-document stages look vectors up, computing only the rest
        if documents:
            found = _reconcile_and_write(stage, options, user, documents, found, found_tables, found_citations,
                                         found_references, found_sentences, errors, step)
    return RunResult(tuple(documents), tuple(found), tuple(errors),
                     cache.hits if cache else 0, cache.misses if cache else len(files), embedded.computed)


def _quiet(stage: str, done: int, total: int, what: str) -> None:
    """No progress shown (the library's default)."""


def _reconcile_and_write(stage: Staging, options: RunOptions, user: Mapping[str, Entry], documents: list[Document],
                         found: list[Claim],
                         found_tables: list[Table], found_citations: list[Citation], found_references: list[Reference],
                         found_sentences: list[Sentence], errors: list[RunError], step: Step) -> list[Claim]:
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
    step("aligning", 0, 0, f"{len(documents)} documents, {len(found_sentences)} sentences")
    versions = align_versions(texts, found_sentences, {i.doc_id: i for i in infos}, claims=found)
    changes = number_changes(texts, versions.alignments, found, found_tables)
    links = [(c.claim_a, c.claim_b) for c in changes
             if c.change in ("changed", "unchanged") and c.strength >= MUST_LINK]
    step("grouping", 0, 0, f"{len(found)} claims")
    groups = reconcile(found, years, options.policy, labels={i.doc_id: i.label for i in infos}, links=links,
                       families={v.doc_id: v.family_id for v in versions.versions})
    changes = restated_by_quantity(changes, groups, {c.claim_id: c for c in found})
    out = stage.path
    step("writing", 0, 0, str(out))
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
    write_text(out / "run.log", run_log(errors))


def run_log(errors: Sequence[RunError]) -> str:
    """The run's log for a bug report: each document's one-line error, and under it the traceback of an
    unexpected exception, indented."""
    lines = [f"claimledger {tool_version()}: {len(errors)} errors"]
    for e in errors:
        lines.append(f"error: {e.message}")
        lines.extend("    " + line for line in e.detail.rstrip().splitlines())
    return "\n".join(lines) + "\n"

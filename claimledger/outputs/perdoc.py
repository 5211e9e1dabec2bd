"""One document's own work, as one function: read it, find its tables, parse its sentences, extract its claims,
table claims, citations and references, and list the texts the cross-document stages will compare (the pool
embeds them, each text alone: a vector does not depend on the other documents). Nothing here looks at another
document, so it can run in any process, in any order, or come from the cache (issue 13), and the run gathers
the results in input order.
"""
from __future__ import annotations

import traceback
from pathlib import Path

from claimledger.corpus.readers import read_document
from claimledger.extract.citations import citations
from claimledger.extract.claims import claims, parsed_sentences, sentence_records
from claimledger.extract.nlp import load_nlp
from claimledger.extract.references import references
from claimledger.extract.tables import table_claims, tables
from claimledger.models.embedded import document_texts
from claimledger.models.errors import ClaimledgerError, DocumentTooCostly, FileError
from claimledger.models.records import DocumentResult, RunError
from claimledger.outputs.settings import RunOptions

MAX_CAUSE = 200  # characters of an unexpected exception's message kept in its one-line error


def extract_document(path: Path, options: RunOptions) -> DocumentResult:
    """What ``path`` yields; any failure, expected or not, becomes the result's one-line error, so that one
    document's bug never ends the run (issue 15)."""
    try:
        return _extract(path, options)
    except ClaimledgerError as exc:
        return DocumentResult(str(path), error=RunError(str(path), str(exc)))
    except MemoryError:  # over the worker's address space (claimledger.outputs.pool)
        cause = f"reading and extracting it went over its memory limit of {options.memory_mb} MB (--memory-mb)"
        return DocumentResult(str(path), error=RunError(str(path), str(DocumentTooCostly(str(path), cause))))
    except Exception as exc:  # a bug met in one document is that document's error, not the run's end
        return DocumentResult(str(path), error=RunError(str(path), failure(path, exc), traceback.format_exc()))


def failure(path: Path, exc: BaseException) -> str:
    """``PATH: extraction failed (KeyError: 'µg')``: the exception's type and the first line of its message."""
    lines = str(exc).strip().splitlines()
    cause = f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__
    if len(cause) > MAX_CAUSE:
        cause = cause[:MAX_CAUSE - 1] + "…"
    return str(FileError(str(path), f"extraction failed ({cause})"))


def _extract(path: Path, options: RunOptions) -> DocumentResult:
    nlp = load_nlp()
    doc = read_document(path, password=options.password, timeout=options.timeout, memory_mb=options.memory_mb,
                        limits=options.limits)
    doc_tables = tuple(tables(doc))
    parsed = list(parsed_sentences(doc, nlp=nlp, exclude=[(t.char_start, t.char_end) for t in doc_tables]))
    found = [*claims(doc, nlp=nlp, parsed=parsed), *(c for t in doc_tables for c in table_claims(doc, t))]
    sentences = tuple(sentence_records(doc, parsed))
    texts = tuple(document_texts(doc.text, sentences, found))
    return DocumentResult(str(path), doc, tuple(found), doc_tables, tuple(citations(doc)), tuple(references(doc)),
                          sentences, embedded=texts)  # the pool embeds them, outside the time limit

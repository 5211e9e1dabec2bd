"""Shared fixtures: the real spaCy pipeline, the bundled papers, and one real run of the ledger."""
from __future__ import annotations

from pathlib import Path

import pytest

from claimledger.corpus.catalog import bundled_papers
from claimledger.corpus.readers import read_document
from claimledger.extract.claims import claims
from claimledger.extract.nlp import load_nlp
from claimledger.models.records import Claim, Document
from claimledger.outputs.run import run

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXTERNAL = SHARED / "external"
GOLD = ROOT / "tests" / "gold"


def outside(*parts: str) -> Path:
    """A file of the outside test data (../shared/external), read in place; the test is skipped, saying where
    it looked, when the file is not there."""
    path = EXTERNAL.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"outside test data not found: {path} (../shared/external is not checked out here)")
    return path


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    return load_nlp()


@pytest.fixture(scope="session")
def documents() -> dict[str, Document]:
    """The bundled papers by their three-digit prefix ("000" ... "004")."""
    return {p.name[:3]: read_document(p) for p in bundled_papers()}


@pytest.fixture(scope="session")
def corpus_claims(documents, nlp) -> dict[str, list[Claim]]:  # type: ignore[no-untyped-def]
    return {k: list(claims(d, nlp=nlp)) for k, d in documents.items()}


@pytest.fixture(scope="session")
def ledger(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    """A finished run on the bundled papers."""
    out = tmp_path_factory.mktemp("ledger")
    run(None, out)
    return out


def find(found: list[Claim], snippet: str, value: float | None = None) -> list[Claim]:
    """Claims whose sentence holds ``snippet`` (case-insensitive) and, if given, whose value is ``value``."""
    return [c for c in found if snippet.lower() in " ".join(c.sentence.split()).lower()
            and (value is None or abs(c.value - value) <= abs(value) * 5e-3)]

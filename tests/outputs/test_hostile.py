"""Hostile input, first part (issue 15): units and signs in one Unicode form, claim ids unique by construction,
settings range-checked, file names shown on one line. Each case is built here, at test time."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from claimledger.corpus.normalise import fold
from claimledger.corpus.readers import read_document
from claimledger.extract.claims import claims, distinct, parsed_sentences
from claimledger.extract.nlp import load_nlp
from claimledger.extract.quantities import quantities
from claimledger.extract.tables import table_claims, tables
from claimledger.models.errors import BadSettings, FileError, shown
from claimledger.outputs.settings import load_options

ICDAR = Path(__file__).resolve().parents[3] / "shared" / "external" / "icdar2013-eu"


def test_the_micro_sign_reads_as_the_greek_mu() -> None:
    """eu-0xx of ICDAR 2013 ended the run with KeyError 'µg': the pattern matched U+00B5, the table held U+03BC."""
    micro, mu = quantities("a dose of 5 \u00b5g"), quantities("a dose of 5 \u03bcg")
    assert [q.unit for q in micro] == [q.unit for q in mu] == ["microgram"]


def test_fold_maps_compatibility_forms_and_keeps_superscripts() -> None:
    assert fold("\ufb01sh 5 \u00b5g \uff12") == "fish 5 \u03bcg 2"
    assert fold("12 km\u00b2, 3 \u00d7 10\u2076, \u00bd") == "12 km\u00b2, 3 \u00d7 10\u2076, \u00bd"


def test_a_second_claim_on_one_span_gets_its_own_id(documents: dict) -> None:
    doc = documents["000"]
    first = next(iter(claims(doc, nlp=load_nlp())))
    ids = [c.claim_id for c in distinct([first, first, first])]
    assert len(set(ids)) == 3 and ids[0] == first.claim_id


def _all_claims(doc) -> list:  # type: ignore[no-untyped-def]
    nlp = load_nlp()
    found_tables = list(tables(doc))
    parsed = list(parsed_sentences(doc, nlp=nlp, exclude=[(t.char_start, t.char_end) for t in found_tables]))
    cells = (c for t in found_tables for c in table_claims(doc, t))
    return list(distinct([*claims(doc, nlp=nlp, parsed=parsed), *cells]))


def test_claim_ids_are_unique_in_every_bundled_paper(documents: dict) -> None:
    for doc in documents.values():
        counts = Counter(c.claim_id for c in _all_claims(doc))
        assert not [k for k, n in counts.items() if n > 1], doc.id


@pytest.mark.slow
@pytest.mark.parametrize("name", ["eu-012.pdf", "eu-015.pdf"])
def test_claim_ids_are_unique_where_two_tables_share_a_cell(name: str) -> None:
    """Two ICDAR PDFs gave two claims one id (IntegrityError in ledger.sqlite)."""
    if not (ICDAR / name).exists():
        pytest.skip(f"{ICDAR} not present")
    counts = Counter(c.claim_id for c in _all_claims(read_document(ICDAR / name)))
    assert counts and max(counts.values()) == 1


@pytest.mark.parametrize("body,cause", [
    ("timeout = inf\n", "timeout must be a positive number"),
    ("timeout = nan\n", "timeout must be a positive number"),
    ("memory_mb = 100000000000000\n", "memory_mb must be from 64"),
])
def test_a_setting_out_of_range_is_refused(tmp_path: Path, body: str, cause: str) -> None:
    (tmp_path / "claimledger.toml").write_text(body)
    with pytest.raises(BadSettings) as err:
        load_options(tmp_path)
    assert cause in str(err.value) and "\n" not in str(err.value)


@pytest.mark.parametrize("name", ["a\nb.txt", "esc\x1b[31mred.txt", "rtl\u202etxt.exe"])
def test_a_file_name_is_shown_on_one_line(name: str) -> None:
    message = str(FileError(name, "empty file"))
    assert "\n" not in message and "\x1b" not in message and "\u202e" not in message
    assert message.endswith(": empty file") and shown(name) in message

"""The research-PDF gold (issue 17): a run on the annotated outside papers, scored by tests.models.research_gold.

The papers are read in place from ../shared/external/research-pdfs (skipped where it is absent).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from claimledger.outputs.run import run
from claimledger.outputs.settings import RunOptions
from tests.models.research_gold import GOLD, golds, score_ledger

PDFS = Path(__file__).resolve().parents[2].parent / "shared" / "external" / "research-pdfs"


# The five annotated papers of 26 pages the test runs on (about 90 s); all eight (62 pages, over 3 minutes) would
# take the suite past its 15 minutes. `python -m tests.models.research_gold LEDGER` scores a run on all of them.
IN_TESTS = ("cermine-example1", "cermine-test1", "grobid-Wang-paperAVE2008", "scienceparse-P07-1088",
            "unstructured-layout-parser-paper-with-table")


def _in_tests() -> list[dict]:
    return [g for g in golds() if Path(g["file"]).stem in IN_TESTS]


@pytest.fixture(scope="module")
def research_ledger(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    """A finished run on the annotated papers of :data:`IN_TESTS`."""
    paths = [PDFS / g["file"] for g in _in_tests()]
    if not PDFS.is_dir() or not all(p.exists() for p in paths):
        pytest.skip(f"outside test data not found: {PDFS} (../shared/external is not checked out here)")
    out = tmp_path_factory.mktemp("research-ledger")
    run(paths, out, RunOptions(cache=None))
    return out


def test_every_research_gold_file_names_its_pdf_and_keeps_its_claims_on_its_claim_pages():
    paths = sorted(GOLD.glob("*.json"))
    assert paths
    for path, g in zip(paths, golds()):
        assert path.stem == Path(g["file"]).stem
        assert all(c["page"] in g["claim_pages"] for c in g["claims"]), path.name
        assert all(set(c["reference"]) >= {"first_author", "year"} for c in g["citations"]), path.name


@pytest.mark.slow  # one run on the annotated PDFs
def test_research_gold_claims_citations_and_cells_keep_their_measured_floors(research_ledger):
    report = score_ledger(research_ledger, _in_tests())
    print("\n".join(report.lines))
    print(report.summary())
    assert report.gold > 0 and report.citations > 0 and report.cells > 0
    # Issue 17's bars (claim precision and recall, citation linking >= 0.9) do not hold yet. These floors are the
    # figures measured on these five papers, less a small margin, so that a regression shows. Measured after the
    # PDF text was read as the page shows it (glyph codes, learned word gaps, scripts, signs, contents, appendices):
    # precision 0.893 (218/244), recall 0.868 (132/152), unit 0.644, hedge 0.992, linking 37/48 = 0.771, cells
    # 45/139 = 0.324; before it: 0.879, 0.776 (118/152), unit 0.763, hedge 0.975, linking 25/48, cells 41/139. Unit
    # agreement fell because the claims newly read (glued words separated) take their units from the unit reader
    # (extract/quantities.py, extract/units.py): precision scores "0.917" read as percent, hazard ratios as
    # 'number', counts of participants as 'information'; that reader's work, not the PDF reader's.
    assert report.precision >= 0.86 and report.recall >= 0.84
    assert report.unit_agreement >= 0.61 and report.hedge_agreement >= 0.96
    assert report.linking >= 0.74
    assert report.cell_share >= 0.30

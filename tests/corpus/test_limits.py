"""Text documents have limits, as PDFs have (issue 15): a 50 MB text, a 5 MB line and 200,000 numbers are each
refused with one line naming the file, before spaCy sees them, and a run goes on with the other documents."""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.corpus.readers import Limits, read_document
from claimledger.models.errors import BadSettings
from claimledger.outputs.cli import app
from claimledger.outputs.settings import load_options
from tests.corpus.test_readers import unreadable
from tests.outputs.ledgercheck import SMALL_PAPER


def test_a_50_mb_text_is_refused_by_its_size_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(50 * 2**20)  # sparse: refused by its size, so never read
    unreadable(path, "50.0 MB of text, more than max_text_mb = 20")


def test_a_5_mb_line_is_refused_naming_its_line(tmp_path: Path) -> None:
    """spaCy raised E088 on it and the whole run ended with nothing written."""
    path = tmp_path / "oneline.txt"
    path.write_text("Title\n\nA first paragraph of 12 words.\n\n" + "word 12 and " * 440_000 + "\n")
    unreadable(path, "a paragraph of 5,280,001 characters (from line 5)", "max_paragraph_chars = 100,000")


def test_200000_numbers_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "numbers.txt"
    path.write_text("Counts of the survey.\n\n" + "\n\n".join(f"Row {i} holds {i * 3} items." for i in range(100_000)))
    unreadable(path, "more than max_numbers = 20,000 numbers")


def test_a_document_within_its_limits_is_read(tmp_path: Path) -> None:
    path = tmp_path / "small.txt"
    path.write_text(SMALL_PAPER)
    doc = read_document(path, limits=Limits(max_text_mb=0.01, max_paragraph_chars=1000, max_numbers=20))
    assert doc.text.startswith("Remittances to Mexico")


@pytest.mark.parametrize("limits,cause", [
    (Limits(max_text_mb=0.0001), "MB of text, more than max_text_mb = 0.0001"),
    (Limits(max_paragraph_chars=100), "more than max_paragraph_chars = 100"),
    (Limits(max_numbers=5), "more than max_numbers = 5 numbers"),
])
def test_each_limit_is_a_setting(tmp_path: Path, limits: Limits, cause: str) -> None:
    path = tmp_path / "small.txt"
    path.write_text(SMALL_PAPER)
    unreadable(path, cause, limits=limits)


@pytest.mark.parametrize("body,cause", [
    ("max_text_mb = 0\n", "max_text_mb must be a positive number"),
    ("max_text_mb = inf\n", "max_text_mb must be a positive number"),
    ("max_paragraph_chars = 2000000\n", "max_paragraph_chars must be from 1000 to 1000000"),
    ("max_numbers = 0\n", "max_numbers must be from 1"),
    ("max_numbers = 'many'\n", "max_numbers = 'many' is not an integer"),
])
def test_a_limit_out_of_range_is_refused(tmp_path: Path, body: str, cause: str) -> None:
    (tmp_path / "claimledger.toml").write_text(body)
    with pytest.raises(BadSettings) as err:
        load_options(tmp_path)
    assert cause in str(err.value) and "\n" not in str(err.value)


def test_the_limits_are_read_from_the_settings_file_and_flags(tmp_path: Path) -> None:
    (tmp_path / "claimledger.toml").write_text("max_numbers = 500\nmax_text_mb = 5\n")
    options = load_options(tmp_path, max_numbers=700)
    assert options.limits == Limits(max_text_mb=5, max_paragraph_chars=100_000, max_numbers=700)


def test_a_run_goes_on_past_a_document_over_a_limit(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(SMALL_PAPER)
    (tmp_path / "long.txt").write_text("A title\n\n" + "word 12 and " * 100_000)
    out = tmp_path / "ledger"
    result = CliRunner().invoke(app, ["run", str(tmp_path / "long.txt"), str(tmp_path / "good.txt"),
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    errors = [line for line in result.stderr.splitlines() if not _progress(line)]  # stderr also shows progress
    assert errors == [f"error: {tmp_path / 'long.txt'}: a paragraph of 1,200,000 characters (from line 3), "
                      "more than max_paragraph_chars = 100,000; break it into paragraphs (blank lines)"]
    assert "1 documents" in result.stdout and "good:" in result.stdout


def _progress(line: str) -> bool:
    """A progress line of a run (stderr, when it is not a terminal): a stage name first."""
    return line.split(" ", 1)[0] in ("reading", "extracting", "extracted", "aligning", "grouping", "writing")

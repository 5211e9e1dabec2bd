"""Reading bad input: every document that cannot be read raises UnreadableDocument, whose message is one
line naming the file and the cause; oddities that can be read (rotated pages, doubled characters,
a password) are read well.

The oddities come from pdfplumber's own test suite, read in place from ../shared/external.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from claimledger.corpus.catalog import bundled_papers
from claimledger.corpus.readers import read_document
from claimledger.models.errors import DocumentTooCostly, UnreadableDocument
from tests.pdfmaker import make_pdf

PAPER = bundled_papers()[4]  # 004, the shortest paper
ODDITIES = Path(__file__).resolve().parents[2].parent / "shared" / "external" / "pdfplumber-pdfs"


def oddity(name: str) -> Path:
    path = ODDITIES / name
    if not path.exists():
        pytest.skip(f"outside test data not found: {path} (../shared/external is not checked out here)")
    return path


def unreadable(path: Path, *words: str, error: type[UnreadableDocument] = UnreadableDocument,
               **options: Any) -> str:
    """Read ``path`` expecting ``error``; check its message is one line, names the file and has ``words``."""
    with pytest.raises(error) as caught:
        read_document(path, **options)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    for word in words:
        assert word in message
    return message


@pytest.fixture(scope="module")
def paper_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real multi-page PDF: the shortest paper set in one column."""
    return make_pdf(PAPER, tmp_path_factory.mktemp("pdf") / "004.pdf")


@pytest.mark.parametrize("name", ["empty.txt", "empty.pdf", "blank.md"])
def test_an_empty_file_is_unreadable(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("" if name.startswith("empty") else "\n \n\t\n")
    unreadable(path, "empty file")


def test_a_binary_file_renamed_pdf_is_not_a_readable_pdf(tmp_path: Path) -> None:
    path = tmp_path / "photo.pdf"
    path.write_bytes(bytes(range(256)) * 16)
    unreadable(path, "not a readable PDF")


def test_a_binary_file_renamed_txt_is_not_text(tmp_path: Path) -> None:
    path = tmp_path / "archive.txt"
    path.write_bytes(bytes(range(256)) * 16)
    unreadable(path, "binary content")


def test_a_truncated_pdf_is_unreadable(tmp_path: Path, paper_pdf: Path) -> None:
    data = paper_pdf.read_bytes()
    path = tmp_path / "first-half.pdf"
    path.write_bytes(data[:len(data) // 2])
    unreadable(path, "truncated")


def test_latin1_text_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Migración y Desarrollo: el 8% de la población".encode("latin-1"))
    unreadable(path, "not UTF-8", "0xf3")


def test_an_encrypted_pdf_needs_its_password(tmp_path: Path) -> None:
    path = make_pdf(PAPER, tmp_path / "locked.pdf", password="test", paragraphs=12)
    unreadable(path, "encrypted PDF")
    unreadable(path, "encrypted PDF", password="wrong")
    assert read_document(path, password="test").text.startswith("The Emergence of Collective Migrants")


def test_parsing_past_the_time_limit_is_stopped(paper_pdf: Path) -> None:
    unreadable(paper_pdf, "longer than 0.01 s", error=DocumentTooCostly, timeout=0.01)


def test_parsing_past_the_memory_limit_is_stopped(paper_pdf: Path) -> None:
    unreadable(paper_pdf, "memory limit of 1 MB", error=DocumentTooCostly, memory_mb=1)


def test_the_limits_leave_a_real_pdf_readable(paper_pdf: Path) -> None:
    doc = read_document(paper_pdf, timeout=60, memory_mb=200)
    assert (doc.kind, len(doc.pages)) == ("pdf", 11)


def test_pdfplumber_empty_pdf_is_an_empty_file() -> None:
    unreadable(oddity("empty.pdf"), "empty file")


def test_pdfplumber_malformed_pdf_holds_no_words() -> None:
    # issue 932: a scanned page (an image) whose only text is the digits of a date, "2021 3 31"
    unreadable(oddity("malformed-from-issue-932.pdf"), "no text found")


def test_pdfplumber_password_example_reads_with_password_test() -> None:
    path = oddity("password-example.pdf")
    unreadable(path, "encrypted PDF")
    assert "Backup4all" in read_document(path, password="test").text


def test_pdfplumber_rotated_page_reads_like_the_upright_one() -> None:
    rotated = read_document(oddity("nics-background-checks-2015-11-rotated.pdf")).text
    # one row of the table, read across the page as on the upright original
    assert "Alabama 18,870 23,022 22,650 859 1,178 0 14 15 0 2,179 2,307 11 0 0 0 13 14 0 3 2 0 71,137" \
        in rotated
    assert rotated == read_document(oddity("nics-background-checks-2015-11.pdf")).text


def test_pdfplumber_doubled_characters_are_read_once() -> None:
    # issue 71: a fake bold prints each character twice, "项项目目描描述述"
    text = read_document(oddity("issue-71-duplicate-chars.pdf")).text
    assert "项目描述" in text and "项项目目" not in text

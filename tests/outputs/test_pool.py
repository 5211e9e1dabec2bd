"""The per-document stage in a pool of workers (issue 13) and one document's failure kept to that document
(issue 15): the ledger is byte for byte the same whatever --jobs, and an exception inside one document's
extraction is its one-line error while the other documents are written."""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.corpus.catalog import bundled_papers
from claimledger.models.errors import DocumentFailed
from claimledger.outputs.cli import app
from claimledger.outputs.run import run
from claimledger.outputs.settings import RunOptions

runner = CliRunner()


def excerpts(folder: Path, names: tuple[str, ...] = ("000", "002", "004"), size: int = 9000) -> list[Path]:
    """The opening paragraphs of some bundled papers (about ``size`` characters each), under their own
    stems: small documents that still share figures and sentences across versions."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for paper in bundled_papers():
        if paper.name[:3] in names:
            text = paper.read_text(encoding="utf-8")
            cut = text.find("\n\n", size)
            target = folder / f"{paper.stem}-excerpt.txt"
            target.write_text(text[:cut if cut > 0 else len(text)] + "\n", encoding="utf-8")
            made.append(target)
    return made


def ledger_files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_one_worker_and_two_workers_write_byte_identical_ledgers(tmp_path: Path) -> None:
    files = excerpts(tmp_path / "docs")
    one, two = tmp_path / "jobs1", tmp_path / "jobs2"
    first = run(files, one, RunOptions(jobs=1))
    second = run(files, two, RunOptions(jobs=2))
    assert len(first.documents) == len(second.documents) == 3 and first.claims == second.claims
    assert ledger_files(one) == ledger_files(two)
    assert len(ledger_files(one)) > 20  # every ledger file, the index and the per-table CSVs among them


def test_an_exception_inside_one_documents_extraction_is_its_error_and_the_run_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # issue 15: one document's crash ended the whole run with a traceback, and the good paper beside it was
    # lost. The reader's limits now refuse the inputs that used to crash spaCy (E088), so the crash is made
    # here: the reference-list reader fails on one document, in the process and in forked workers alike.
    from claimledger.outputs import perdoc

    real = perdoc.references

    def failing(doc):  # type: ignore[no-untyped-def]
        if doc.id == "bad":
            raise RuntimeError("reference list unreadable")
        return real(doc)
    monkeypatch.setattr(perdoc, "references", failing)
    docs = tmp_path / "docs"
    good = excerpts(docs, ("004",))[0]
    (docs / "bad.txt").write_text("Remittances grew by 12% in 2004.\n", encoding="utf-8")
    result = runner.invoke(app, ["run", str(docs), "--out", str(tmp_path / "out"), "--jobs", "2", "--no-cache"])
    assert result.exit_code == 0, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {docs / 'bad.txt'}: extraction failed (RuntimeError: reference list unreadable)"]
    assert good.stem in (tmp_path / "out" / "claims.csv").read_text(encoding="utf-8")
    with pytest.raises(DocumentFailed, match="bad.txt: extraction failed"):
        run([docs / "bad.txt", good], tmp_path / "strict", RunOptions(jobs=1, strict=True))
    assert not (tmp_path / "strict" / "claims.csv").exists()


def test_a_duplicate_stem_is_still_refused_after_the_pool(tmp_path: Path) -> None:
    first = excerpts(tmp_path / "a", ("004",))[0]
    second = excerpts(tmp_path / "b", ("004",))[0]
    result = run([first, second], tmp_path / "out", RunOptions(jobs=2))
    assert [d.path for d in result.documents] == [str(first)]
    assert len(result.errors) == 1 and "duplicate document id" in result.errors[0].message

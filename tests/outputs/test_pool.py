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


def test_a_line_too_long_for_spacy_is_that_documents_error_and_the_run_goes_on(tmp_path: Path) -> None:
    # issue 15's case: one 1.2 MB line makes spaCy raise E088 (more than nlp.max_length characters); before,
    # the whole run ended with a traceback and the good paper beside it was lost
    docs = tmp_path / "docs"
    good = excerpts(docs, ("004",))[0]
    (docs / "long.txt").write_text("Remittances grew. " + "word " * 240_000 + "\n", encoding="utf-8")
    result = runner.invoke(app, ["run", str(docs), "--out", str(tmp_path / "out"), "--jobs", "2", "--no-cache"])
    assert result.exit_code == 0, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "long.txt: extraction failed (ValueError: [E088]" in errors[0], errors
    assert good.stem in (tmp_path / "out" / "claims.csv").read_text(encoding="utf-8")
    with pytest.raises(DocumentFailed, match="long.txt: extraction failed"):
        run([docs / "long.txt", good], tmp_path / "strict", RunOptions(jobs=1, strict=True))
    assert not (tmp_path / "strict" / "claims.csv").exists()


def test_a_duplicate_stem_is_still_refused_after_the_pool(tmp_path: Path) -> None:
    first = excerpts(tmp_path / "a", ("004",))[0]
    second = excerpts(tmp_path / "b", ("004",))[0]
    result = run([first, second], tmp_path / "out", RunOptions(jobs=2))
    assert [d.path for d in result.documents] == [str(first)]
    assert len(result.errors) == 1 and "duplicate document id" in result.errors[0].message

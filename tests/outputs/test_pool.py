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
    # the traceback is kept in the run's log for a bug report, under the error's one line
    log = (tmp_path / "out" / "run.log").read_text(encoding="utf-8").splitlines()
    assert log[0].endswith(": 1 errors") and log[1] == errors[0]
    assert log[2] == "    Traceback (most recent call last):" and log[-1].endswith("reference list unreadable")
    with pytest.raises(DocumentFailed, match="bad.txt: extraction failed"):
        run([docs / "bad.txt", good], tmp_path / "strict", RunOptions(jobs=1, strict=True))
    assert not (tmp_path / "strict" / "claims.csv").exists()


def test_a_duplicate_stem_is_resolved_the_same_whatever_the_argument_order(tmp_path: Path) -> None:
    first = excerpts(tmp_path / "a", ("004",))[0]
    second = excerpts(tmp_path / "b", ("004",))[0]
    forward = run([first, second], tmp_path / "forward", RunOptions(jobs=2))
    backward = run([second, first], tmp_path / "backward", RunOptions(jobs=1))
    for result in (forward, backward):
        assert [d.path for d in result.documents] == [str(first)]
        assert [e.message for e in result.errors] == [
            f"{second}: duplicate document id {second.stem!r}: {first} has it too and is read instead "
            "(file stems must differ)"]
    assert ledger_files(tmp_path / "forward") == ledger_files(tmp_path / "backward")
    twice = run([first, first], tmp_path / "twice", RunOptions(jobs=1))
    assert [e.message for e in twice.errors] == [f"{first}: duplicate document id {first.stem!r}: given twice"]


def _bad_and_good(tmp_path: Path) -> tuple[Path, Path]:
    docs = tmp_path / "docs"
    good = excerpts(docs, ("004",))[0]
    (docs / "bad.txt").write_text("Remittances grew by 12% in 2004.\n", encoding="utf-8")
    return docs, good


def _misbehave(monkeypatch: pytest.MonkeyPatch, what) -> None:  # type: ignore[no-untyped-def]
    """The reference-list reader does ``what`` on the document "bad" (in forked workers too)."""
    from claimledger.outputs import perdoc

    real = perdoc.references

    def patched(doc):  # type: ignore[no-untyped-def]
        if doc.id == "bad":
            what()
        return real(doc)
    monkeypatch.setattr(perdoc, "references", patched)


def _errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("error:")]


def test_a_text_document_over_its_time_is_its_error_and_the_run_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # issue 15: a text document had no time limit (PDFs had one, in their parsing child)
    import time
    _misbehave(monkeypatch, lambda: time.sleep(120))
    docs, good = _bad_and_good(tmp_path)
    started = time.monotonic()
    result = runner.invoke(app, ["run", str(docs), "--out", str(tmp_path / "out"), "--timeout", "3", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started < 100
    assert _errors(result.stderr) == [
        f"error: {docs / 'bad.txt'}: reading and extracting it took longer than 3 s (--timeout)"]
    assert good.stem in (tmp_path / "out" / "claims.csv").read_text(encoding="utf-8")


def test_a_document_that_blocks_the_alarm_is_killed_after_its_grace(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a worker stuck where the alarm cannot reach (here: the alarm ignored) is killed from the run
    import signal
    import time

    from claimledger.outputs import pool

    def stuck() -> None:
        signal.signal(signal.SIGALRM, signal.SIG_IGN)
        time.sleep(300)
    _misbehave(monkeypatch, stuck)
    monkeypatch.setattr(pool, "GRACE", 2.0)
    docs, good = _bad_and_good(tmp_path)
    started = time.monotonic()
    result = runner.invoke(app, ["run", str(docs), "--out", str(tmp_path / "out"), "--timeout", "2", "--jobs", "2",
                                 "--no-cache"])
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started < 200
    assert _errors(result.stderr) == [
        f"error: {docs / 'bad.txt'}: reading and extracting it took longer than 2 s (--timeout)"]
    assert good.stem in (tmp_path / "out" / "claims.csv").read_text(encoding="utf-8")


def test_a_document_over_its_memory_is_its_error_and_the_run_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # issue 15: a text document had no memory limit; now its worker's address space is capped
    _misbehave(monkeypatch, lambda: bytearray(800 * 2**20))
    docs, good = _bad_and_good(tmp_path)
    result = runner.invoke(app, ["run", str(docs), "--out", str(tmp_path / "out"), "--memory-mb", "256",
                                 "--no-cache"])
    assert result.exit_code == 0, result.output
    assert _errors(result.stderr) == [
        f"error: {docs / 'bad.txt'}: reading and extracting it went over its memory limit of 256 MB (--memory-mb)"]
    assert good.stem in (tmp_path / "out" / "claims.csv").read_text(encoding="utf-8")

"""Progress on stderr (issue 13): stage by stage, plain lines when stderr is not a terminal, nothing with -q."""
from __future__ import annotations

import io
from pathlib import Path

from typer.testing import CliRunner

from claimledger.outputs.cli import app
from claimledger.outputs.progress import Shown
from tests.outputs.test_pool import excerpts

runner = CliRunner()


def test_a_run_names_each_stage_on_stderr_in_plain_lines(tmp_path: Path) -> None:
    paper = excerpts(tmp_path / "docs", ("004",))[0]
    result = runner.invoke(app, ["run", str(paper), "--out", str(tmp_path / "out"), "--cache", str(tmp_path / "c")])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert [line.split()[0] for line in lines] == ["reading", "extracting", "extracted", "aligning", "grouping",
                                                   "writing"]
    assert lines[0] == f"reading 1/1 {paper.name}" and lines[2] == "extracted 1/1 (0 from the cache)"
    again = runner.invoke(app, ["run", str(paper), "--out", str(tmp_path / "out"), "--cache", str(tmp_path / "c")])
    assert "extracted 0/1 (1 from the cache)" in again.stderr.splitlines()
    quiet = runner.invoke(app, ["-q", "run", str(paper), "--out", str(tmp_path / "q"), "--no-cache"])
    assert quiet.exit_code == 0 and quiet.stderr == "" and not (tmp_path / ".claimledger-cache").exists()


def test_plain_lines_are_one_per_stage_and_never_one_per_document() -> None:
    stream = io.StringIO()
    with Shown(True, stream, live=False) as shown:
        for n in range(1, 1001):
            shown("extracting", n, 1000, f"doc{n}.txt")
        shown("aligning", 0, 0, "1000 documents")
    assert stream.getvalue().splitlines() == ["extracting 1/1000 doc1.txt", "extracting 1000/1000 doc1000.txt",
                                              "aligning 1000 documents"]


def test_the_live_bar_follows_the_stages() -> None:
    stream = io.StringIO()
    with Shown(True, stream, live=True) as shown:
        shown("extracting", 1, 2, "a.txt")
        shown("extracting", 2, 2, "b.txt")
        shown("writing", 0, 0, "out")
        assert shown.bar is not None and [t.description for t in shown.bar.tasks] == ["writing"]

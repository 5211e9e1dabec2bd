"""Errors on the output side are one line (issue 15): a damaged file of a finished run, read by a command
(audit, tables, factsheet, search, diff, browse, citations), is `error: FILE: cause` and exit code 1, never a
traceback. Each case damages a real file of a real run, then calls the command line."""
from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.outputs.cli import app
from claimledger.outputs.run import run
from tests.outputs.ledgercheck import OTHER_PAPER, SMALL_PAPER


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("finished")
    (folder / "old.txt").write_text(SMALL_PAPER)
    (folder / "new.txt").write_text(OTHER_PAPER)
    run([folder / "old.txt", folder / "new.txt"], folder / "ledger")
    return folder / "ledger"


def garbage(path: Path) -> None:
    path.write_bytes(b"this is not what claimledger wrote here\n" * 40)


def truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 2])


def other_shape(path: Path) -> None:
    path.write_text('{"groups": [{"group_id": "g1"}]}\n')  # valid JSON, not a reconciliation


COMMANDS = {
    "audit": ["audit"], "tables": ["tables"], "factsheet": ["factsheet"], "search": ["search", "remittances"],
    "diff": ["diff", "old", "new"], "browse": ["browse", "--port", "0"], "citations": ["citations", "--doc", "old"],
}
CASES = [
    ("audit", "ledger.sqlite", garbage), ("audit", "ledger.sqlite", truncated),
    ("audit", "reconciliation.json", garbage), ("audit", "reconciliation.json", truncated),
    ("audit", "reconciliation.json", other_shape),
    ("tables", "ledger.sqlite", garbage), ("tables", "ledger.sqlite", truncated),
    ("factsheet", "ledger.sqlite", garbage), ("factsheet", "reconciliation.json", garbage),
    ("factsheet", "claims.parquet", garbage), ("factsheet", "claims.parquet", truncated),
    ("search", "index/embeddings.npy", garbage), ("search", "index/embeddings.npy", truncated),
    ("search", "index/claims.parquet", garbage), ("search", "reconciliation.json", garbage),
    ("search", "ledger.sqlite", garbage),
    ("diff", "ledger.sqlite", garbage), ("diff", "ledger.sqlite", truncated),
    ("browse", "ledger.sqlite", garbage), ("citations", "ledger.sqlite", garbage),
]


@pytest.mark.parametrize("command,name,damage", CASES, ids=[f"{c}-{n}-{d.__name__}" for c, n, d in CASES])
def test_a_damaged_ledger_file_is_a_one_line_error(finished: Path, tmp_path: Path, command: str, name: str,
                                                   damage: Callable[[Path], None]) -> None:
    ledger = tmp_path / "ledger"
    shutil.copytree(finished, ledger)
    damage(ledger / name)
    result = CliRunner().invoke(app, [*COMMANDS[command], "--ledger", str(ledger)])
    assert result.exit_code == 1, (result.output, result.exception)
    assert result.stderr.startswith(f"error: {ledger / name}: damaged or not written by claimledger (")
    assert result.stderr.endswith("; run `claimledger run` again\n") and result.stderr.count("\n") == 1


def test_every_command_reads_the_undamaged_copy(finished: Path, tmp_path: Path) -> None:
    """The cases above fail for the damage, not for the copy."""
    ledger = tmp_path / "ledger"
    shutil.copytree(finished, ledger)
    for command, args in COMMANDS.items():
        if command != "browse":  # serves until interrupted
            result = CliRunner().invoke(app, [*args, "--ledger", str(ledger)])
            assert result.exit_code == 0, (command, result.output)

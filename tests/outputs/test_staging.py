"""The ledger folder changes as a whole (issue 15): staging beside --out, one swap, a lock, an early write check.

The fault cases are real: runs in child processes killed with SIGKILL while they write, two runs at once, a
read-only mount, a full tmpfs."""
from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.models.errors import LedgerBusy, UnwritableLedger
from claimledger.outputs import staging
from claimledger.outputs.atomic import _umask
from claimledger.outputs.cli import app
from claimledger.outputs.run import run
from claimledger.outputs.staging import OUTPUT_NAMES, Staging
from tests.outputs.ledgercheck import OTHER_PAPER, SMALL_PAPER, assert_whole, snapshot


def _paper(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _beside(out: Path) -> list[str]:
    """What lies beside ``out`` in its parent, other than ``out`` itself and the extraction cache a run keeps
    there (issue 13: it is meant to outlive the run)."""
    return sorted(p.name for p in out.parent.iterdir() if p.name not in (out.name, ".claimledger-cache"))


def _fill(folder: Path, names: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in names.items():
        (folder / name).write_text(text)


def test_commit_swaps_the_staging_folder_in_and_removes_the_old_ledger(tmp_path: Path) -> None:
    out = tmp_path / "ledger"
    _fill(out, {"run.json": "old", "claims.csv": "old"})
    with Staging(out) as stage:
        _fill(stage.path, {"run.json": "new"})
        stage.commit()
    assert (out / "run.json").read_text() == "new" and not (out / "claims.csv").exists()
    assert _beside(out) == [".ledger.lock"]


def test_without_a_commit_the_old_ledger_stays_and_the_staging_folder_goes(tmp_path: Path) -> None:
    out = tmp_path / "ledger"
    _fill(out, {"run.json": "old"})
    with pytest.raises(RuntimeError), Staging(out) as stage:
        _fill(stage.path, {"run.json": "new"})
        raise RuntimeError("a document failed under --strict")
    assert (out / "run.json").read_text() == "old" and _beside(out) == [".ledger.lock"]


def test_the_two_rename_fallback_swaps_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(staging, "exchange", lambda a, b: False)
    out = tmp_path / "ledger"
    _fill(out, {"run.json": "old"})
    with Staging(out) as stage:
        _fill(stage.path, {"run.json": "new"})
        stage.commit()
    assert (out / "run.json").read_text() == "new" and _beside(out) == [".ledger.lock"]


def test_an_old_ledger_moved_aside_by_a_killed_fallback_swap_is_put_back(tmp_path: Path) -> None:
    """Killed between the fallback's two renames: no --out, the old ledger as .ledger.old-PID, a staging folder."""
    out = tmp_path / "ledger"
    _fill(tmp_path / ".ledger.old-4242", {"run.json": "old"})
    _fill(tmp_path / ".ledger.staging-x1y2", {"run.json": "half"})
    with Staging(out):
        assert (out / "run.json").read_text() == "old"
        assert [n for n in _beside(out) if n.startswith(".ledger.") and "staging" not in n] == [".ledger.lock"]
    assert _beside(out) == [".ledger.lock"]


def test_stale_staging_folders_are_cleaned_and_others_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "ledger"
    _fill(tmp_path / ".ledger.staging-dead1", {"claims.csv": "half"})
    _fill(tmp_path / ".other.staging-live", {"claims.csv": "another --out's"})
    with Staging(out) as stage:
        stage.commit()
    assert _beside(out) == [".ledger.lock", ".other.staging-live"]


def test_files_put_into_a_ledger_by_hand_are_carried_into_the_new_one(tmp_path: Path) -> None:
    out = tmp_path / "ledger"
    _fill(out, {"run.json": "old", "diff.html": "<p>mine</p>"})
    _fill(out / "notes", {"a.md": "mine too"})
    with Staging(out) as stage:
        _fill(stage.path, {"run.json": "new"})
        stage.commit()
    assert (out / "diff.html").read_text() == "<p>mine</p>" and (out / "notes" / "a.md").read_text() == "mine too"


@pytest.mark.parametrize("make,cause", [
    (lambda p: _fill(p, {"thesis.tex": "not a ledger"}), "holds no ledger"),
    (lambda p: p.write_text("a file"), "not a folder"),
])
def test_an_out_that_is_no_ledger_is_refused_and_left_alone(tmp_path: Path, make: Callable[[Path], None],
                                                             cause: str) -> None:
    out = tmp_path / "mine"
    make(out)
    before = snapshot(tmp_path)
    with pytest.raises(UnwritableLedger) as err, Staging(out):
        pass
    assert cause in str(err.value) and {k: v for k, v in snapshot(tmp_path).items() if k != ".mine.lock"} == before


def test_a_second_staging_of_one_out_is_refused_while_the_first_holds_the_lock(tmp_path: Path) -> None:
    out = tmp_path / "ledger"
    with Staging(out), pytest.raises(LedgerBusy) as err, Staging(out):
        pass
    assert f"process {os.getpid()}" in str(err.value) and "\n" not in str(err.value)


def test_a_run_writes_only_the_files_the_staging_knows(tmp_path: Path) -> None:
    """OUTPUT_NAMES decides what is the run's and what was put there by hand: it must name all a run writes."""
    out = tmp_path / "ledger"
    run([_paper(tmp_path / "in", "a.txt", SMALL_PAPER)], out)
    assert {p.name for p in out.iterdir()} <= OUTPUT_NAMES
    assert out.stat().st_mode & 0o777 == 0o777 & ~_umask()  # not the staging folder's private 0700
    os.chmod(out, 0o750)
    run([tmp_path / "in" / "a.txt"], out)
    assert out.stat().st_mode & 0o777 == 0o750  # a rerun keeps the ledger folder's mode
    assert_whole(out)
    assert _beside(out) == [".ledger.lock", "in"]


# --- real processes ---------------------------------------------------------------------------------------

def _start(paper: Path, out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "claimledger.outputs.cli", "run", str(paper), "--out", str(out),
                             "-q"], cwd=paper.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _staging_of(out: Path) -> Path | None:
    return next(iter(out.parent.glob(f".{out.name}.staging-*")), None)


def _wait_for(proc: subprocess.Popen[str], ready: Callable[[Path], bool], out: Path) -> bool:
    """Poll (every millisecond) until ``ready(staging folder)``; False if the process ended first."""
    while proc.poll() is None:
        stage = _staging_of(out)
        with contextlib.suppress(FileNotFoundError):
            if stage is not None and ready(stage):
                return True
        time.sleep(0.001)
    return False


def _has(*names: str) -> Callable[[Path], bool]:
    return lambda stage: any((stage / n).exists() for n in names)


KILL_POINTS = {  # early, middle and last of the writing phase (the fact sheet is written last, then the swap)
    "first file": lambda stage: any(stage.iterdir()),
    "index": lambda stage: (stage / "index").exists() and any((stage / "index").iterdir()),
    "fact sheet": _has("factsheet.md"),
}


@pytest.fixture(scope="module")
def old_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("old")
    run([_paper(folder / "in", "old.txt", SMALL_PAPER)], folder / "ledger")
    return folder / "ledger"


@pytest.mark.slow
@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_a_run_killed_while_it_writes_leaves_the_old_ledger_whole(tmp_path: Path, old_ledger: Path,
                                                                  point: str) -> None:
    out = tmp_path / "ledger"
    subprocess.run(["cp", "-a", str(old_ledger), str(out)], check=True)
    before = snapshot(out)
    proc = _start(_paper(tmp_path / "in", "new.txt", OTHER_PAPER), out)
    hit = _wait_for(proc, KILL_POINTS[point], out)
    if hit:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    if not hit or proc.returncode != -signal.SIGKILL:
        pytest.fail(f"the run ended before the kill point {point!r}: {proc.returncode} {proc.stderr.read()}")
    assert snapshot(out) == before  # the old ledger, every byte of it
    assert_whole(out)
    # the killed run's staging folder is left; the next run cleans it and writes its own ledger
    assert _staging_of(out) is not None
    run([tmp_path / "in" / "new.txt"], out)
    assert_whole(out)
    assert _staging_of(out) is None and snapshot(out) != before
    assert _beside(out) == [".ledger.lock", "in"]


@pytest.mark.slow
def test_a_second_run_into_one_out_fails_fast_while_the_first_runs(tmp_path: Path) -> None:
    out = tmp_path / "ledger"
    first = _start(_paper(tmp_path / "a", "a.txt", SMALL_PAPER), out)
    try:
        assert _wait_for(first, lambda stage: True, out), first.stderr.read() if first.stderr else ""
        second = _start(_paper(tmp_path / "b", "b.txt", OTHER_PAPER), out)
        _, err = second.communicate(timeout=300)
        assert first.poll() is None, "the first run ended before the second was refused"
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    assert second.returncode == 1
    assert err.count("\n") == 1 and err.startswith(f"error: {out}: another claimledger run (process {first.pid})")


# --- read-only and full file systems (mount needs root; skipped with the reason where it is refused) --------

@contextlib.contextmanager
def _mounted(target: Path, *command: str) -> Iterator[Path]:
    target.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", *command, str(target)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount here ({done.stderr.strip() or done.returncode}): {' '.join(command)}")
    try:
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], check=False)


@contextlib.contextmanager
def _read_only(source: Path, target: Path) -> Iterator[Path]:
    """``source`` seen read-only at ``target`` (a read-only bind mount: root writes through chmod)."""
    with _mounted(target, "--bind", str(source)):
        done = subprocess.run(["mount", "-o", "remount,bind,ro", str(target)], capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"cannot remount read-only here ({done.stderr.strip()})")
        yield target


def test_a_read_only_out_is_a_one_line_error_before_any_document_is_read(tmp_path: Path) -> None:
    _fill(tmp_path / "src" / "ledger", {"run.json": "{}\n"})
    paper = _paper(tmp_path / "in", "a.txt", SMALL_PAPER)
    with _read_only(tmp_path / "src", tmp_path / "ro") as ro:
        read: list[str] = []
        with pytest.raises(UnwritableLedger) as err:
            run([paper], ro / "ledger", progress=read.append)
        assert read == [] and "Read-only file system" in str(err.value)
        result = CliRunner().invoke(app, ["run", str(paper), "--out", str(ro / "ledger")])
        assert result.exit_code == 1
        assert result.stderr == f"error: {ro / 'ledger'}: cannot be written (Read-only file system)\n"
        assert (ro / "ledger" / "run.json").read_text() == "{}\n"


def test_a_full_disk_is_a_one_line_error_and_keeps_the_old_ledger(tmp_path: Path, old_ledger: Path) -> None:
    paper = _paper(tmp_path / "in", "new.txt", OTHER_PAPER)
    with _mounted(tmp_path / "small", "-t", "tmpfs", "-o", "size=2m", "tmpfs") as disk:
        out = disk / "ledger"
        subprocess.run(["cp", "-a", str(old_ledger), str(out)], check=True)
        before = snapshot(out)
        _fill_up(disk / "filler", leave=64 * 1024)  # less than a ledger needs
        result = CliRunner().invoke(app, ["run", str(paper), "--out", str(out)])
        assert result.exit_code == 1, result.output
        errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]  # not the progress
        assert len(errors) == 1 and errors == result.stderr.splitlines()[-1:]
        assert errors[0].startswith(f"error: {out}: cannot write the ledger (")
        assert result.stderr.endswith("; the previous ledger is kept\n")
        assert snapshot(out) == before and _beside(out) == [".ledger.lock", "filler"]
        assert_whole(out)


def _fill_up(path: Path, leave: int) -> None:
    """Fill the file system of ``path`` with one file, then give back ``leave`` bytes."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT)
    try:
        with contextlib.suppress(OSError):
            while True:
                os.write(fd, b"\0" * 65536)
        os.ftruncate(fd, max(0, os.lseek(fd, 0, os.SEEK_CUR) - leave))
    finally:
        os.close(fd)

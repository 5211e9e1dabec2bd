"""Only regular files are read (issue 15): a FIFO named x.txt hung the run, a link to /dev/zero grew to
gigabytes, a folder named folder.txt or an empty folder given was skipped without a word. Each is now one
line naming it, and the run goes on."""
from __future__ import annotations

import os
import signal
import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.outputs.cli import app
from claimledger.outputs.run import expand
from tests.corpus.test_readers import unreadable
from tests.outputs.ledgercheck import SMALL_PAPER


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """A read that blocks (a FIFO opened for reading waits for a writer) fails the test instead of hanging it."""
    def hung(signum: int, frame: object) -> None:
        raise TimeoutError("the reader blocked")
    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_a_fifo_named_like_a_text_is_refused_without_opening_it(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "x.txt")
    unreadable(tmp_path / "x.txt", "a named pipe (FIFO), not a regular file")


def test_a_link_to_dev_zero_is_refused_as_the_device_it_points_to(tmp_path: Path) -> None:
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    unreadable(tmp_path / "zero.txt", "a link to /dev/zero, a character device, not a regular file")


def test_a_device_is_refused(tmp_path: Path) -> None:
    try:
        os.mknod(tmp_path / "null.txt", stat.S_IFCHR | 0o600, os.makedev(1, 3))
        path = tmp_path / "null.txt"
    except PermissionError:  # no CAP_MKNOD: the system's own device will do
        path = Path("/dev/null")
    unreadable(path, "a character device, not a regular file")


def test_a_socket_is_refused(tmp_path: Path) -> None:
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(tmp_path / "s.txt"))
        unreadable(tmp_path / "s.txt", "a socket, not a regular file")


def test_a_folder_named_like_a_text_inside_a_folder_given_is_refused(tmp_path: Path) -> None:
    (tmp_path / "folder.txt").mkdir()
    (tmp_path / "folder.txt" / "inner.txt").write_text(SMALL_PAPER)
    assert expand([tmp_path]) == [tmp_path / "folder.txt"]
    unreadable(tmp_path / "folder.txt", "a folder, not a file (a folder given is read, the folders inside it are not)")


def test_an_empty_folder_given_is_an_error_not_silence(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.odt").write_text("not a document kind we read")
    assert expand([tmp_path / "empty"]) == [tmp_path / "empty"]
    unreadable(tmp_path / "empty", "an empty folder (no .markdown, .md, .pdf, .text, .txt file in it)")


def test_a_missing_file_and_a_broken_link_are_refused(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    unreadable(tmp_path / "missing.txt", "no such file")
    unreadable(tmp_path / "gone.txt", f"no such file (a broken link to {tmp_path / 'nowhere.txt'})")


def test_a_run_given_every_kind_of_non_file_reads_the_good_paper_and_names_each_other(tmp_path: Path) -> None:
    given = tmp_path / "given"
    given.mkdir()
    (given / "good.txt").write_text(SMALL_PAPER)
    os.mkfifo(given / "x.txt")
    (given / "zero.txt").symlink_to("/dev/zero")
    (given / "folder.txt").mkdir()
    (tmp_path / "empty").mkdir()
    out = tmp_path / "ledger"
    result = CliRunner().invoke(app, ["run", str(given), str(tmp_path / "empty"), str(tmp_path / "missing.md"),
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("error: ")]  # not the progress
    assert [line.rsplit(": ", 1)[0] for line in lines] == [
        f"error: {given / 'folder.txt'}", f"error: {given / 'x.txt'}", f"error: {given / 'zero.txt'}",
        f"error: {tmp_path / 'empty'}", f"error: {tmp_path / 'missing.md'}"]
    assert "1 documents" in result.stdout and "good:" in result.stdout

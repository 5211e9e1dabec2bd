"""The extraction cache (issue 13) under the reliability rules (issue 15): a warm run writes the ledger a cold
one does, byte for byte, and embeds nothing (the vectors come with the documents); a document added to a warm
corpus is the only one extracted, and the ledger is the one a cold run of all of them writes; an entry that
does not check out (cut short, overwritten) is ignored and recomputed; a leftover temp file is never read."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from claimledger.outputs.cache import Cache, fingerprint
from claimledger.outputs.run import run
from claimledger.outputs.settings import RunOptions
from tests.outputs.test_pool import excerpts, ledger_files


@pytest.fixture(scope="module")
def cold(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], Path, Path]:
    """Two excerpts run cold into a fresh cache: (files, ledger, cache)."""
    base = tmp_path_factory.mktemp("cache")
    files = excerpts(base / "docs", ("000", "002"))
    result = run(files, base / "cold", RunOptions(jobs=1, cache=str(base / "cache")))
    assert (result.cache_hits, result.cache_misses) == (0, 2)
    return files, base / "cold", base / "cache"


def _copy(cache: Path, tmp_path: Path) -> Path:
    target = tmp_path / "cache"
    shutil.copytree(cache, target)
    return target


def test_a_warm_run_reads_every_document_from_the_cache_and_writes_the_same_ledger(cold, tmp_path: Path) -> None:
    files, ledger, cache = cold
    warm = run(files, tmp_path / "warm", RunOptions(jobs=2, cache=str(_copy(cache, tmp_path))))
    assert (warm.cache_hits, warm.cache_misses) == (2, 0)
    assert warm.vectors_computed == 0  # every text the cross-document stages compare was embedded per document
    assert ledger_files(tmp_path / "warm") == ledger_files(ledger)


def test_a_document_added_to_a_warm_corpus_is_the_only_one_extracted(cold, tmp_path: Path) -> None:
    files, _, cache = cold
    added = excerpts(tmp_path / "more", ("004",))
    result = run([*files, *added], tmp_path / "out", RunOptions(cache=str(_copy(cache, tmp_path))))
    assert (result.cache_hits, result.cache_misses) == (2, 1)
    assert len(result.documents) == 3 and result.vectors_computed == 0
    # the vectors of the two cached documents were computed without the third, and still give its ledger
    run([*files, *added], tmp_path / "cold", RunOptions(jobs=2, cache=None))
    assert ledger_files(tmp_path / "out") == ledger_files(tmp_path / "cold")


def test_an_entry_cut_short_or_overwritten_is_ignored_and_recomputed(cold, tmp_path: Path) -> None:
    files, ledger, cache = cold
    folder = _copy(cache, tmp_path)
    entries = sorted(folder.rglob("*.pickle"))
    assert len(entries) == 2
    entries[0].write_bytes(entries[0].read_bytes()[:-100])  # what a killed writer would leave, were it in place
    data = bytearray(entries[1].read_bytes())
    data[-1] ^= 0xFF  # one flipped bit: the digest no longer matches
    entries[1].write_bytes(bytes(data))
    (entries[0].parent / f".{entries[0].name}.x1y2.tmp").write_bytes(b"half an entry")  # a killed run's temp file
    again = run(files, tmp_path / "again", RunOptions(jobs=1, cache=str(folder)))
    assert (again.cache_hits, again.cache_misses) == (0, 2)
    assert ledger_files(tmp_path / "again") == ledger_files(ledger)
    rerun = run(files, tmp_path / "rerun", RunOptions(jobs=1, cache=str(folder)))
    assert (rerun.cache_hits, rerun.cache_misses) == (2, 0)  # the recomputed entries were written whole


def test_the_key_follows_the_bytes_the_name_and_the_code(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("In 2004, 10% grew.\n")
    b.write_text("In 2004, 10% grew.\n")
    cache = Cache(tmp_path / "c", fingerprint(RunOptions()))
    assert cache.key(a) != cache.key(b)  # the same bytes under another stem are another document id
    before = cache.key(a)
    a.write_text("In 2004, 11% grew.\n")
    assert cache.key(a) != before
    assert Cache(tmp_path / "c", fingerprint(RunOptions(password="pw"))).key(a) != cache.key(a)
    assert cache.key(tmp_path) is None  # not a regular file: never cached, the reader refuses it

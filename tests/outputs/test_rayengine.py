"""``--engine ray`` (issue 13): the per-document stage on Ray actors, on a local Ray of 2 CPUs, writes the
ledger the local engine writes, byte for byte."""
from __future__ import annotations

from pathlib import Path

import pytest

from claimledger.outputs.run import run
from claimledger.outputs.settings import RunOptions
from tests.outputs.test_pool import excerpts, ledger_files

pytestmark = pytest.mark.slow


def test_the_ray_engine_writes_the_local_engines_ledger_byte_for_byte(tmp_path: Path) -> None:
    pytest.importorskip("ray", reason="Ray is not installed (the claimledger[ray] extra)")
    files = excerpts(tmp_path / "docs")
    local = run(files, tmp_path / "local", RunOptions(jobs=2))
    on_ray = run(files, tmp_path / "ray", RunOptions(jobs=2, engine="ray"))
    assert len(on_ray.documents) == 3 and on_ray.claims == local.claims and on_ray.vectors_computed == 0
    assert ledger_files(tmp_path / "ray") == ledger_files(tmp_path / "local")


def test_an_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="engine 'spark': choose one of local, ray"):
        RunOptions(engine="spark")

"""``claimledger browse``: the real Datasette serving the real ledger on a free local port, fetched over HTTP."""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.error import URLError

import pytest

from tests.conftest import ROOT

ARTIFACTS = ROOT / "test-artifacts"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return str(response.read().decode("utf-8"))


@pytest.fixture(scope="module")
def served(ledger: Path):  # type: ignore[no-untyped-def]
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "claimledger.outputs.cli", "browse", "--ledger", str(ledger),
                             "--port", str(port)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                _get(f"{base}/-/versions.json")
                break
            except (URLError, ConnectionError):
                if proc.poll() is not None:
                    raise AssertionError(proc.stdout.read().decode() if proc.stdout else "browse exited") from None
                time.sleep(0.25)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_browse_serves_the_claims_with_foreign_key_links_labelled(served: str) -> None:
    page = _get(f"{served}/ledger/claims?doc_id=000_e89eac5a5c09d40b")
    assert 'href="/ledger/documents/000_e89eac5a5c09d40b"' in page
    assert "Delgado Wise &amp; Márquez 2006 (000)" in page  # the documents' label column
    assert "One row per numeric claim" in page  # the description from metadata.json
    rows = json.loads(_get(f"{served}/ledger/claims.json?_shape=array&_size=5&_labels=on"))
    assert rows[0]["doc_id"]["label"].startswith("Delgado")


def test_browse_full_text_search_and_conflicts_view(served: str) -> None:
    found = json.loads(_get(f"{served}/ledger/claims.json?_search=postgraduate&_shape=array"))
    assert {"385,000", "86,000"} <= {r["text"] for r in found}
    conflicts = json.loads(_get(f"{served}/ledger/conflicts.json?_shape=array&_size=max"))
    assert any({c["text_a"], c["text_b"]} == {"385,000", "261,000"} for c in conflicts)
    assert "conflicting pair" in _get(f"{served}/ledger/conflicts")


def test_browse_screenshot_is_kept_as_an_artefact(served: str) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("no chromium binary (make test tries to install it)")
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "datasette-conflicts.png"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1280,900",
                    f"--screenshot={shot}", f"{served}/ledger/conflicts"], check=True, capture_output=True,
                   timeout=120)
    assert shot.stat().st_size > 10_000


def test_browse_without_a_ledger_is_a_one_line_error(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "claimledger.outputs.cli", "browse", "--ledger", str(tmp_path)],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and result.stderr.startswith("error: ") and result.stderr.count("\n") == 1

"""`claimledger diff A B`: the redline of two versions, their changed figures, and one self-contained page that
loads clean in Chromium and fits a phone's width."""
from __future__ import annotations

import fcntl
import json
import os
import re
import struct
import subprocess
from base64 import b64decode
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimledger.outputs.cli import app
from claimledger.outputs.run import run
from tests.outputs.test_factsheet import ARTIFACTS, chromium, render_in_chromium

runner = CliRunner()  # Click >= 8.2 keeps stderr apart: result.stdout, result.stderr


def diff_cli(ledger: Path, *args: str) -> Any:
    return runner.invoke(app, ["diff", *args, "--ledger", str(ledger)])


def test_diff_marks_the_graduates_figure_385000_becoming_261000(ledger: Path) -> None:
    # 000: "This figure totals slightly more than 385,000 individuals born in Mexico ..."
    # 002: "That group totals slightly more than 261,000 people born in Mexico, ... (CPS, 2005)."
    result = diff_cli(ledger, "000", "002")
    assert result.exit_code == 0, result.output
    assert "385,000 → 261,000" in result.stdout
    assert result.stdout.startswith("--- Delgado Wise & Márquez 2006 (000)\n+++ ")


def test_diff_numbers_only_lists_the_changed_figures_385000_to_261000_down_32_percent(ledger: Path) -> None:
    result = diff_cli(ledger, "000", "002", "--numbers-only")
    assert result.exit_code == 0, result.output
    assert any(line.startswith("385,000 → 261,000 (−32%)") for line in result.stdout.splitlines())
    assert "~ (edited)" not in result.stdout  # the figures, not the redline


def test_diff_json_holds_both_versions_the_counts_the_lines_and_the_changed_numbers(ledger: Path) -> None:
    result = diff_cli(ledger, "000", "002", "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert {"a", "b", "counts", "lines", "numbers"} <= set(record)
    assert record["a"]["doc_id"].startswith("000") and record["b"]["doc_id"].startswith("002")
    graduates = [n for n in record["numbers"] if (n["old"], n["new"]) == ("385,000", "261,000")]
    assert len(graduates) == 1 and graduates[0]["relative_change"] == pytest.approx(-0.322, abs=1e-3)


def test_diff_of_an_unknown_document_999_is_one_error_line_naming_it(ledger: Path) -> None:
    result = diff_cli(ledger, "999", "002")
    assert result.exit_code != 0 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "'999'" in lines[0], result.stderr


@pytest.fixture(scope="module")
def page(ledger: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``diff 000 002 --html``: the side-by-side page of the two long versions."""
    target = tmp_path_factory.mktemp("diff") / "diff-000-002.html"
    result = diff_cli(ledger, "000", "002", "--html", str(target))
    assert result.exit_code == 0, result.output
    return target


def test_diff_html_is_one_self_contained_page_without_script_or_outside_resource(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\';' in html
    assert "<script" not in html.lower() and "<link" not in html.lower() and "@import" not in html
    assert re.findall(r"\b(?:src|href)\s*=|url\(", html) == []
    assert "385,000 → 261,000" in html


PAPER = """# Remittances to Mexico

Introduction

Remittances have become the second source of foreign currency for Mexico, after oil exports. In {year},
remittances to Mexico <script>alert(1)</script> reached USD {amount} billion, according to the central bank. Most
of this money is spent on food, rent and health care in the households that receive it. Hometown associations in
Los Angeles and Chicago also fund roads and schools in their places of origin. The survey page showed
<img src=x onerror=alert(2)> where a figure should have stood. Each of these transfers is small, but together
they sustain whole regions of the country.
"""


def test_markup_in_two_versions_reaches_the_diff_page_only_as_text(tmp_path: Path) -> None:
    # The <script> stands in the edited sentence (shown word by word), the <img> in an identical one.
    for name, year, amount in (("remittances_v1", 2004, "16.6"), ("remittances_v2", 2005, "20")):
        (tmp_path / f"{name}.md").write_text(PAPER.format(year=year, amount=amount), encoding="utf-8")
    out, target = tmp_path / "ledger", tmp_path / "diff.html"
    run([tmp_path / "remittances_v1.md", tmp_path / "remittances_v2.md"], out)
    result = diff_cli(out, "remittances_v1", "remittances_v2", "--html", str(target))
    assert result.exit_code == 0 and "USD 16.6 billion → USD 20 billion" in result.stdout, result.output
    html = target.read_text(encoding="utf-8")
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;img src=x onerror=alert(2)&gt;" in html
    dom, console = render_in_chromium(target, tmp_path)
    assert console == [] and "<script" not in dom and "<img" not in dom


def test_chromium_layout_check_sees_a_page_wider_than_a_phone(tmp_path: Path) -> None:
    # The control for the test below: a 900 px block on a 390 px screen must be measured as overflow.
    wide = tmp_path / "wide.html"
    wide.write_text('<!DOCTYPE html><html><head><meta name="viewport" content="width=device-width, '
                    'initial-scale=1"></head><body><div style="width:900px">wide</div></body></html>')
    content, viewport = layout_in_chromium(wide, 390, tmp_path)[:2]
    assert viewport == 390 and content > 390


@pytest.mark.parametrize("width", [1280, 390])
def test_diff_page_loads_clean_in_chromium_and_fits_1280_and_390_px_without_horizontal_scroll(
        page: Path, tmp_path: Path, width: int) -> None:
    _, console = render_in_chromium(page, tmp_path)
    assert console == []
    content, viewport, png = layout_in_chromium(page, width, tmp_path)
    assert viewport == width and content <= width, f"{content} px of content on a {width} px screen"
    shot = ARTIFACTS / f"diff-{width}.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    shot.write_bytes(png)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">I", png[16:20])[0] == width


def layout_in_chromium(html: Path, width: int, tmp: Path) -> tuple[int, int, bytes]:
    """Load ``html`` in headless Chromium on a ``width`` x 1200 px screen, driven over the DevTools pipe (so the
    page itself runs no script): the content width, the viewport width, and a PNG of the first screen."""
    theirs_in, commands = os.pipe()  # we write commands, Chromium reads them
    replies, theirs_out = os.pipe()  # Chromium writes replies, we read them

    def on_fds_3_and_4() -> None:  # --remote-debugging-pipe reads commands on fd 3, writes replies on fd 4
        a, b = (fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (theirs_in, theirs_out))  # clear of 3 and 4
        os.dup2(a, 3)
        os.dup2(b, 4)
    proc = subprocess.Popen([chromium(), "--headless", "--disable-gpu", "--no-sandbox", "--hide-scrollbars",
                             "--no-first-run", f"--user-data-dir={tmp / f'devtools-{width}'}",
                             "--remote-debugging-pipe", "about:blank"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, close_fds=False, preexec_fn=on_fds_3_and_4)
    os.close(theirs_in)
    os.close(theirs_out)
    with os.fdopen(commands, "wb") as send, os.fdopen(replies, "rb") as receive:
        pipe = _DevTools(send, receive)
        try:
            page = next(t["targetId"] for t in pipe.call("Target.getTargets")["targetInfos"] if t["type"] == "page")
            pipe.session = pipe.call("Target.attachToTarget", {"targetId": page, "flatten": True})["sessionId"]
            pipe.call("Emulation.setDeviceMetricsOverride", {"width": width, "height": 1200, "deviceScaleFactor": 1,
                                                             "mobile": False})
            pipe.call("Page.enable")
            pipe.call("Page.navigate", {"url": html.resolve().as_uri()})
            pipe.wait(lambda m: m.get("method") == "Page.loadEventFired")
            metrics = pipe.call("Page.getLayoutMetrics")
            png = b64decode(pipe.call("Page.captureScreenshot", {"format": "png"})["data"])
        finally:
            proc.kill()
            proc.wait()
    return int(metrics["cssContentSize"]["width"]), int(metrics["cssLayoutViewport"]["clientWidth"]), png


class _DevTools:
    """The DevTools protocol over Chromium's pipe: JSON messages, each ended by a NUL byte."""

    def __init__(self, send: Any, receive: Any) -> None:
        self.send, self.receive, self.session, self.sent, self.buffer = send, receive, "", 0, b""

    def call(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        self.sent += 1
        message: dict[str, Any] = {"id": self.sent, "method": method, "params": params or {}}
        if self.session:
            message["sessionId"] = self.session
        self.send.write(json.dumps(message).encode() + b"\0")
        self.send.flush()
        reply = self.wait(lambda m, k=self.sent: m.get("id") == k)
        assert "error" not in reply, reply
        return dict(reply["result"])

    def wait(self, wanted: Any) -> dict[str, Any]:
        while True:
            while b"\0" not in self.buffer:
                chunk = self.receive.read1(1 << 16)
                assert chunk, "chromium closed the DevTools pipe"
                self.buffer += chunk
            raw, self.buffer = self.buffer.split(b"\0", 1)
            message = json.loads(raw)
            if wanted(message):
                return dict(message)

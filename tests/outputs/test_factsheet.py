"""The fact sheet: entries per reconciled quantity under topics, escaped HTML that loads clean in Chromium."""
from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from claimledger.outputs.cli import app
from claimledger.outputs.factsheet import build, write_factsheet
from claimledger.outputs.run import run
from claimledger.outputs.topics import topic_of
from claimledger.outputs.version import tool_version

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"

# Hand-assigned groups for the rendering tests, each member found in the run by (doc prefix, value, a
# snippet of its sentence) as the papers state them. The verdicts are read from the papers, not computed:
# these tests check how the fact sheet shows a reconciliation, not the reconciliation itself.
RENDERING_GROUPS: list[dict[str, Any]] = [
    {"group_id": "render-graduates", "quantity": "Mexican residents in the USA who have university degrees",
     "unit": "person", "verdict": "conflict",
     "members": [("000", 385000, "slightly more than 385,000 individuals born in Mexico"),
                 ("003", 385000, "slightly more than 385,000 individuals born in Mexico"),
                 ("002", 261000, "slightly more than 261,000 people born in Mexico")],
     "reconciled": 2, "policy": "latest_primary",
     "explanation": "002 (2007) cites CPS 2005 for 261,000; 000 (2006) cites Conapo 2004a and 003 (2006) cites "
                    "CPS 2005 for 385,000: the same cited survey gives different numbers."},
    {"group_id": "render-maquila-investment", "quantity": "foreign investment in maquiladoras", "unit": "USD",
     "verdict": "time_series",
     "members": [("000", 2983e6, "foreign investment in maquiladoras"),
                 ("000", 2172.2e6, "foreign investment in maquiladoras"),
                 ("000", 2043.5e6, "foreign investment in maquiladoras"),
                 ("000", 1961.1e6, "foreign investment in maquiladoras")],
     "reconciled": 3, "policy": "latest_period", "explanation": ""},
    {"group_id": "render-municipalities", "quantity": "share of the country's municipalities with migration",
     "unit": "percent", "verdict": "agreement",
     "members": [("000", 96.2, "96.2% of the country"),
                 ("002", 96.2, "96.2% of the country"),
                 ("003", 96.2, "96.2% of the country")],
     "reconciled": 1, "policy": "latest_primary", "explanation": ""},
]


def _claim_id(claims: pd.DataFrame, doc: str, value: float, snippet: str) -> str:
    sentences = claims["sentence"].map(lambda s: " ".join(s.split()).lower())
    hit = claims[claims["doc_id"].str.startswith(doc) & sentences.str.contains(snippet.lower(), regex=False)
                 & ((claims["value"] - value).abs() <= abs(value) * 5e-3)]
    assert len(hit) >= 1, f"{doc}: no claim {value} with {snippet!r}"
    return str(hit.iloc[0]["claim_id"])


def rendering_ledger(ledger: Path, target: Path) -> Path:
    """A copy of a real run whose reconciliation.json holds the hand-assigned RENDERING_GROUPS."""
    shutil.copytree(ledger, target)
    claims = pd.read_parquet(target / "claims.parquet")
    groups = []
    for g in RENDERING_GROUPS:
        ids = [_claim_id(claims, *m) for m in g["members"]]
        chosen = ids[g["reconciled"]]
        value = float(claims.set_index("claim_id").loc[chosen, "value"])
        groups.append({"group_id": g["group_id"], "quantity": g["quantity"], "unit": g["unit"],
                       "verdict": g["verdict"], "claim_ids": ids,
                       "pairs": [{"a": ids[0], "b": ids[-1], "finding": f"{g['verdict']} (hand-assigned)"}],
                       "reconciled": {"value": value, "claim_id": chosen, "policy": g["policy"],
                                      "rationale": "Hand-assigned for the rendering test."},
                       "explanation": g["explanation"]})
    (target / "reconciliation.json").write_text(json.dumps({"groups": groups}), encoding="utf-8")
    return target


def chromium() -> str:
    """The headless browser binary, or skip: the rendering checks need a real browser."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    pytest.skip("no chromium binary on PATH (`make test` installs the Debian package `chromium` when it can)")


def render_in_chromium(html: Path, tmp: Path, screenshot: Path | None = None) -> tuple[str, list[str]]:
    """Load ``html`` in headless Chromium: the DOM after load and the console messages it logged."""
    base = [chromium(), "--headless", "--disable-gpu", "--no-sandbox", "--hide-scrollbars", "--no-first-run",
            f"--user-data-dir={tmp / 'profile'}", "--enable-logging=stderr", "--v=0"]
    done = subprocess.run([*base, "--dump-dom", html.resolve().as_uri()], capture_output=True, text=True,
                          timeout=120, check=True)
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([*base, f"--screenshot={screenshot}", "--window-size=1280,1400", html.resolve().as_uri()],
                       capture_output=True, timeout=120, check=True)
    return done.stdout, console


def articles(dom: str) -> dict[str, str]:
    """The fact-sheet entries of a rendered page by group id, as text without tags."""
    found = re.findall(r'<article class="entry[^"]*" id="g-([^"]+)" data-verdict="([^"]*)">(.*?)</article>', dom, re.S)
    return {gid: f"verdict={verdict} " + re.sub(r"<[^>]+>", " ", body) for gid, verdict, body in found}


@pytest.fixture(scope="module")
def rendered(ledger: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the real run with the hand-assigned rendering groups, and its fact sheet written."""
    target = rendering_ledger(ledger, tmp_path_factory.mktemp("render") / "ledger")
    write_factsheet(target)
    return target


def _sentence(claims: pd.DataFrame, doc: str, snippet: str) -> pd.Series:
    rows = claims[claims["doc_id"].str.startswith(doc)
                  & claims["sentence"].map(lambda s: snippet in " ".join(s.split()))]
    assert len(rows), snippet
    return rows.iloc[0]


@pytest.mark.parametrize("doc, snippet, topic", [
    ("000", "total remittances received by Mexico amounted to USD $16.6 bn", "Remittances"),
    ("000", "average wage received by Mexican migrants", "Wages"),
    ("002", "growing and worrisome trend of depopulation", "Depopulation"),
    ("004", "members in over 200 clubs", "Organisations"),
    ("000", "Foreign investment in maquiladoras", "Trade and maquila"),
    ("002", "96.2% of the country's municipalities", "Migration stocks and flows"),
])
def test_topic_rule_files_corpus_claims_by_their_quantity_and_sentence(ledger: Path, doc: str, snippet: str,
                                                                        topic: str) -> None:
    row = _sentence(pd.read_parquet(ledger / "claims.parquet"), doc, snippet)
    assert topic_of(row["quantity"], [row["sentence"]], []) == topic


def test_topic_rule_reads_the_sentence_before_this_figure_for_the_graduates(ledger: Path) -> None:
    # 003: "This figure totals slightly more than 385,000 individuals born in Mexico." says nothing of degrees;
    # the sentence before does: "... Mexican residents in the USA who have university degrees ...", and the
    # claim's quantity names it ("This figure" resolved to its antecedent).
    row = _sentence(pd.read_parquet(ledger / "claims.parquet"), "003", "slightly more than 385,000")
    assert "university degrees" in row["quantity"]
    assert topic_of(row["quantity"], [row["sentence"]], []) == "Education"
    before = "One high-profile form of migration that does not fall in with the stereotypes involves Mexican " \
             "residents in the USA who have university degrees or postgraduate qualifications."
    assert topic_of(row["quantity"], [row["sentence"]], [before]) == "Education"
    assert topic_of("", ["Table 3 lists 12 columns."], []) == "Other"


def test_rendering_entry_per_group_with_value_range_sources_years_and_conflict_note(rendered: Path) -> None:
    sheet = build(rendered)
    entries = {e.group_id: (topic, e) for topic, es in sheet.topics for e in es}
    topic, grads = entries["render-graduates"]
    assert topic == "Education" and grads.verdict == "conflict" and grads.footnote == 1
    assert grads.value == "261,000" and grads.range == "261,000 – 385,000" and grads.unit == "person"
    assert [(s.doc[-5:], s.year, s.value) for s in grads.sources] == [  # documents by their labels
        ("(000)", 2006, "385,000"), ("(003)", 2006, "385,000"), ("(002)", 2007, "261,000")]
    assert grads.sources[2].chosen and grads.sources[2].cited == "CPS, 2005"
    assert "Reshaping of Mexican Labor Exports" in grads.sources[2].citation
    assert "same cited survey gives different numbers" in grads.explanation and grads.chart
    # a series read from one paper's table is that table's row: a line among the other figures, no entry or chart
    series = next(e for e in sheet.others if e.group_id == "render-maquila-investment")
    assert "render-maquila-investment" not in entries and not series.featured and not series.chart
    assert series.topic == "Trade and maquila" and series.period == "2003 (series 2000–2003)"
    assert series.range == "USD 1.961 billion – USD 2.983 billion" and series.value == "USD 1.9611 billion"
    _, agree = entries["render-municipalities"]
    assert agree.value == "96.2%" and agree.range == "96.2%" and not agree.chart and agree.footnote is None
    assert sheet.n_entries == 2 and sheet.n_conflicts == 1 and len(sheet.others) == 1
    assert [d["short"][-5:] for d in sheet.documents] == ["(000)", "(002)", "(003)"]


def test_rendering_markdown_has_topics_entries_and_the_conflict_footnote(rendered: Path) -> None:
    md = (rendered / "factsheet.md").read_text(encoding="utf-8")
    assert "## Education" in md and "## Migration stocks and flows" in md and "## Trade and maquila" not in md
    assert "## Other figures in the ledger" in md
    assert "- **USD 1.9611 billion (2003; series 2000–2003)** USD — foreign investment in maquiladoras (" in md
    assert "### Mexican residents in the USA who have university degrees (conflict)[^1]" in md
    assert "[^1]: Mexican residents in the USA who have university degrees (261,000 – 385,000)." in md
    assert "- Range reported: 261,000 – 385,000" in md
    assert "- Delgado-Wise & Márquez Covarrubias 2007 (002): Raúl Delgado-Wise, Humberto Márquez Covarrubias (2007). " \
           "The Reshaping" in md


def test_rendering_html_is_self_contained_without_script_or_outside_resources(rendered: Path) -> None:
    html = (rendered / "factsheet.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "<script" not in html.lower() and "<link" not in html.lower()
    sources = re.findall(r'\b(?:src|href)="([^"]*)"', html)
    assert sources and all(s.startswith(("data:image/svg+xml;base64,", "#")) for s in sources)
    assert sum(s.startswith("data:") for s in sources) == 1  # the conflict chart (the series is a one-line figure)


def test_rendering_factsheet_files_are_byte_identical_when_written_again(rendered: Path, tmp_path: Path) -> None:
    before = {n: (rendered / n).read_bytes() for n in ("factsheet.md", "factsheet.html")}
    write_factsheet(rendered)
    assert {n: (rendered / n).read_bytes() for n in before} == before
    copy = tmp_path / "copy"  # a fresh process too: chart ids and metadata must not depend on process state
    shutil.copytree(rendered, copy)
    subprocess.run([sys.executable, "-m", "claimledger.outputs.cli", "factsheet", "--ledger", str(copy)], cwd=ROOT,
                   check=True, capture_output=True)
    assert {n: (copy / n).read_bytes() for n in before} == before


def test_chromium_console_check_sees_errors_in_a_broken_page(tmp_path: Path) -> None:
    # The control for the test below: a page with a script error and an outside image must log to the console.
    page = tmp_path / "broken.html"
    page.write_text('<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" '
                    "content=\"default-src 'none'\"></head><body><img src=\"https://example.org/x.png\">"
                    "</body></html>", encoding="utf-8")
    _, console = render_in_chromium(page, tmp_path)
    assert any("example.org" in line for line in console)


def test_rendering_factsheet_loads_in_chromium_clean_and_shows_the_385000_261000_conflict(rendered: Path,
                                                                                        tmp_path: Path) -> None:
    shot = ARTIFACTS / "factsheet-rendering.png"
    dom, console = render_in_chromium(rendered / "factsheet.html", tmp_path, screenshot=shot)
    assert console == []
    entry = articles(dom)["render-graduates"]
    assert "verdict=conflict" in entry and "385,000" in entry and "261,000" in entry
    assert "Where the sources disagree" in dom
    assert shot.stat().st_size > 20_000


HOSTILE = """Remittances to Mexico

In 2004, remittances to Mexico <script>alert(1)</script> reached USD $16.6 bn (Banco de México, 2005).

In 2005, remittances to Mexico <img src=x onerror=alert(2)> reached USD $20 bn & more.
"""


def test_markup_in_a_document_reaches_the_page_only_as_text(tmp_path: Path) -> None:
    paper = tmp_path / "hostile.txt"
    paper.write_text(HOSTILE, encoding="utf-8")
    out = tmp_path / "ledger"
    run([paper], out)
    assert "<script>" not in (out / "factsheet.html").read_text(encoding="utf-8")  # whatever run grouped
    claims = pd.read_parquet(out / "claims.parquet")
    assert claims["sentence"].str.contains("<script>alert(1)</script>", regex=False).any()
    # One group over both claims, its quantity phrase (with the markup) as the reconciliation would name it.
    ids, first = list(claims["claim_id"]), claims.iloc[0]
    # a conflict, so that the fact sheet gives it an entry (a series of one document would be one line)
    group = {"group_id": "hostile", "quantity": first["quantity"], "unit": "USD", "verdict": "conflict",
             "claim_ids": ids, "pairs": [{"a": ids[0], "b": ids[1], "finding": "<b>2004</b> vs 2005"}],
             "reconciled": {"value": float(claims.iloc[1]["value"]), "claim_id": ids[1], "policy": "latest",
                            "rationale": "<i>latest</i> year"}, "explanation": ""}
    (out / "reconciliation.json").write_text(json.dumps({"groups": [group]}), encoding="utf-8")
    md_path, html_path = write_factsheet(out)
    html, md = html_path.read_text(encoding="utf-8"), md_path.read_text(encoding="utf-8")
    for raw in ("<script>", "<img src=x", "<i>latest</i>", "<b>2004</b>"):
        assert raw not in html and raw not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md and "$20 bn & more" in md  # a bare & is text
    dom, console = render_in_chromium(html_path, tmp_path)
    assert console == [] and "<script" not in dom and "<img src=\"x\"" not in dom
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in articles(dom)["hostile"]


def test_cli_factsheet_writes_both_files_and_names_a_folder_without_a_run(rendered: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(rendered, copy)
    for name in ("factsheet.md", "factsheet.html"):
        (copy / name).unlink()
    result = CliRunner().invoke(app, ["factsheet", "--ledger", str(copy)])
    assert result.exit_code == 0, result.output
    assert (copy / "factsheet.html").read_bytes() == (rendered / "factsheet.html").read_bytes()
    assert (copy / "factsheet.md").exists()
    empty = CliRunner().invoke(app, ["factsheet", "--ledger", str(tmp_path / "nothing")])
    assert empty.exit_code == 1 and "no finished run" in empty.output


@pytest.fixture(scope="module")
def run_page(ledger: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[str]]:
    """The fact sheet ``run`` wrote for the bundled papers, loaded in Chromium; its screenshot is the CI artefact."""
    return render_in_chromium(ledger / "factsheet.html", tmp_path_factory.mktemp("chromium"),
                              screenshot=ARTIFACTS / "factsheet.png")


def test_run_writes_a_factsheet_that_loads_in_chromium_without_console_errors(ledger: Path, run_page) -> None:  # type: ignore[no-untyped-def]
    dom, console = run_page
    assert (ledger / "factsheet.md").exists() and console == []
    groups = json.loads((ledger / "reconciliation.json").read_text(encoding="utf-8"))["groups"]
    sheet = build(ledger)  # every group is an entry or one line among the other figures
    assert len(articles(dom)) == sheet.n_entries
    assert sheet.n_entries + len(sheet.others) == len({g["group_id"] for g in groups if g.get("claim_ids")})
    assert (ARTIFACTS / "factsheet.png").stat().st_size > 10_000


def test_run_factsheet_shows_the_graduates_conflict_385000_against_261000(run_page) -> None:  # type: ignore[no-untyped-def]
    dom, _ = run_page
    conflicts = [text for text in articles(dom).values() if text.startswith("verdict=conflict ")]
    assert any("385,000" in t and "261,000" in t and "(002)" in t for t in conflicts)
    # the bundled papers are text: no page after a document's label ("(2000, p. 2.3.2)" in a sentence is a locator)
    assert not [t for t in articles(dom).values() if re.search(r"\(\d{3}\), p\. \d", t)]
    assert "Where the sources disagree" in dom


def page_width(html: Path, tmp: Path, width: int, screenshot: Path | None = None) -> dict[str, Any]:
    """The page laid out in headless Chromium in a viewport ``width`` pixels wide: document width, viewport width,
    height, and the first elements reaching past the viewport. A copy of the page without its CSP gets a probe
    script, and sits in an iframe of that width (headless windows are never narrower than 500 px)."""
    probe = ("<script>addEventListener('load',()=>{const w=document.documentElement.scrollWidth;"
             "const wide=[...document.querySelectorAll('body *')].filter(e=>e.getBoundingClientRect().right>"
             "innerWidth+1).slice(0,5).map(e=>e.tagName+'.'+e.className);"
             # what a reader sees of the graduates conflict (its entry and its row of the disagreement table:
             # text as laid out, right edge, height) and how wide each chart is drawn
             "const seen=e=>e&&{text:e.innerText,right:e.getBoundingClientRect().right,h:e.offsetHeight};"
             "const both=e=>e.innerText.includes('385,000')&&e.innerText.includes('261,000');"
             "const grads=seen([...document.querySelectorAll('article[data-verdict=conflict]')].find(both));"
             "const row=seen([...document.querySelectorAll('table.glance tr')].find(both));"
             "const charts=[...document.querySelectorAll('figure img')].map(e=>e.getBoundingClientRect().width);"
             "parent.postMessage(JSON.stringify({w,v:innerWidth,h:document.documentElement.scrollHeight,wide,"
             "grads,row,charts}),'*')})</script>")
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html.read_text(encoding="utf-8"))
    (tmp / "probed.html").write_text(page.replace("</body>", probe + "</body>"), encoding="utf-8")
    frame = tmp / "frame.html"
    frame.write_text(f'<!DOCTYPE html><html><body style="margin:0"><iframe src="probed.html" style="width:{width}px;'
                     'height:900px;border:0"></iframe><script>addEventListener("message",e=>document.body.'
                     'setAttribute("data-probe",e.data))</script></body></html>', encoding="utf-8")
    done = subprocess.run([chromium(), "--headless", "--disable-gpu", "--no-sandbox", "--hide-scrollbars",
                           "--no-first-run", f"--user-data-dir={tmp / 'profile'}", "--window-size=1280,900",
                           "--virtual-time-budget=5000", "--dump-dom", frame.as_uri()],
                          capture_output=True, text=True, timeout=120, check=True)
    found = re.search(r'data-probe="([^"]*)"', done.stdout)
    assert found, done.stdout[-500:]
    if screenshot is not None:  # the frame as a phone shows it (the window is wider: it cannot be narrower)
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([chromium(), "--headless", "--disable-gpu", "--no-sandbox", "--hide-scrollbars",
                        f"--user-data-dir={tmp / 'shot'}", f"--screenshot={screenshot}",
                        f"--window-size={max(width, 500)},900", frame.as_uri()], capture_output=True, timeout=120,
                       check=True)
    return dict(json.loads(unescape(found.group(1))))


@pytest.mark.parametrize("width", [390, 1280])
def test_run_factsheet_fits_the_screen_without_horizontal_overflow(ledger: Path, tmp_path: Path, width: int) -> None:
    laid = page_width(ledger / "factsheet.html", tmp_path, width, screenshot=ARTIFACTS / f"factsheet-{width}.png")
    assert (laid["w"], laid["v"], laid["wide"]) == (width, width, [])  # document width is the viewport's


@pytest.mark.parametrize("width", [390, 1280])
def test_run_factsheet_shows_the_graduates_conflict_with_unit_period_and_sources_on_screen(
        ledger: Path, tmp_path: Path, width: int) -> None:
    """The must-show of issue 14, in the browser at a phone's and a laptop's width: the 385,000 / 261,000
    graduates conflict is laid out (not hidden, not past the right edge) with its unit, period and sources, in
    its entry and in its row of "Where the sources disagree"."""
    laid = page_width(ledger / "factsheet.html", tmp_path, width)
    for part in ("grads", "row"):
        seen = laid[part]
        assert seen and seen["h"] > 0 and seen["right"] <= width, (part, seen)
        assert "person" in seen["text"] and "CPS, 2005" in seen["text"] and "(002)" in seen["text"], seen["text"]
    # the entry labels its figures (upper-cased by the page's style: innerText shows what is drawn)
    grads = laid["grads"]["text"].lower()
    assert "unit\nperson" in grads and "period\nnot stated" in grads and "no source cited" not in grads
    assert "not stated" in laid["row"]["text"] and "(000)" in laid["row"]["text"]


def test_run_factsheet_chart_text_stays_readable_on_a_phone(ledger: Path, tmp_path: Path) -> None:
    """Chart text as a 390 px phone draws it: each SVG's font sizes (in its own units) scaled by the width the
    image is laid out at over its viewBox width. Before: value labels at 7.3 px; now at least 9 px (ticks 10 px)."""
    laid = page_width(ledger / "factsheet.html", tmp_path, 390)
    html = (ledger / "factsheet.html").read_text(encoding="utf-8")
    svgs = [base64.b64decode(d).decode() for d in re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)"', html)]
    assert len(svgs) == len(laid["charts"]) > 0
    smallest = min(float(size) * drawn / float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))  # type: ignore[union-attr]
                   for svg, drawn in zip(svgs, laid["charts"]) for size in re.findall(r"font-size: ([\d.]+)px", svg))
    assert smallest >= 9.0, smallest


def test_page_width_probe_sees_an_overflowing_table(tmp_path: Path) -> None:
    # The control for the test above: a page with a table wider than the phone must be caught.
    page = tmp_path / "wide.html"
    page.write_text('<!DOCTYPE html><html><body><table><tr><td style="white-space:nowrap">' + "wide " * 200
                    + "</td></tr></table></body></html>", encoding="utf-8")
    laid = page_width(page, tmp_path, 390)
    assert laid["w"] > 390 and laid["wide"]


def test_run_factsheet_leads_with_conflicts_and_keeps_trivia_out(ledger: Path) -> None:
    sheet = build(ledger)
    html = (ledger / "factsheet.html").read_text(encoding="utf-8")
    assert len(html.encode("utf-8")) < 400_000
    first = sheet.topics[0][1][0]
    assert first.verdict == "conflict"  # the first entry of the page is a conflict
    entries = [e for _, es in sheet.topics for e in es]
    assert not [e.quantity for e in entries if e.unit in ("station", "category", "program", "view", "section")]
    assert any(e.quantity == "local television stations" for e in sheet.others)  # kept, as one line
    # each entry opens with "value (period) — source [n]", the [n] linking to the resolved reference
    grads = next(e for e in entries if e.verdict == "conflict" and e.value == "261,000")
    # (002 states no period for it: the line gives none rather than "(not stated)")
    found = re.search(r'<p class="lead"><strong>261,000</strong> — Delgado-Wise &amp; Márquez Covarrubias '
                      r'2007 \(002\), citing CPS, 2005 <a href="#src-(\d+)">\[\1\]</a></p>', html)
    assert found and grads.unit == "person"
    number = found.group(1)
    assert f'<li id="src-{number}" value="{number}">CPS 2005 Current Population Survey.' in html


def test_run_factsheet_disagreement_table_gives_unit_period_and_sources(ledger: Path) -> None:
    html = (ledger / "factsheet.html").read_text(encoding="utf-8")
    glance = html[html.index('<table class="glance">'):html.index("</table>", html.index('<table class="glance">'))]
    assert "<th>Unit</th><th>Period</th>" in glance
    row = next(r for r in glance.split("<tr>") if "261,000" in r and "385,000" in r)
    assert "<td>person</td>" in row and "CPS, 2005" in row and "no source cited" in row


def test_run_factsheet_footer_names_the_tool_version_and_inputs(ledger: Path) -> None:
    html = (ledger / "factsheet.html").read_text(encoding="utf-8")
    footer = html[html.index("<footer>"):html.index("</footer>")]
    assert f"claimledger {tool_version()}" in footer and "000_e89eac5a5c09d40b.txt (sha256 " in footer
    md = (ledger / "factsheet.md").read_text(encoding="utf-8")
    assert f"Made by claimledger {tool_version()}" in md

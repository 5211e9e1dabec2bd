"""Glyph codes "(cid:NN)" are read as the characters their glyph names say, never as numbers (issue 17).

Real papers nobody here wrote, read in place from ../shared/external/research-pdfs (skipped where absent).
"""
from __future__ import annotations

import re
from pathlib import Path

import pdfplumber

from claimledger.corpus.glyphs import UNKNOWN, glyph_text, mend_glyphs
from claimledger.corpus.pdf import read_pdf
from tests.conftest import outside


def _pdf(name: str) -> Path:
    path = outside("research-pdfs", name)
    return path


def test_glyph_names_of_tex_fonts_and_ligatures_have_their_characters() -> None:
    assert glyph_text("minus") == "\u2212"  # the Adobe Glyph List's
    assert glyph_text("prime") == "′" and glyph_text("circlecopyrt") == "©"  # TeX's, not in the AGL
    assert glyph_text("parenleftBigg") == "(" and glyph_text("summationdisplay") == "∑"  # sized delimiters
    assert glyph_text("fi") == "fi" and glyph_text("uni2212") == "\u2212"
    assert glyph_text("a37") is None and glyph_text(".notdef") is None


def test_a_ligature_set_as_a_glyph_code_of_an_embedded_cff_font_reads_as_its_letters() -> None:
    # map-reduce.pdf (science-parse's tests): "tire output is placed in one (cid:2)le (R = 1)", 120 codes on its pages
    pages, _, _ = read_pdf(_pdf("scienceparse-map-reduce.pdf"), password=None, timeout=120, memory_mb=2048)
    text = "\n".join(pages)
    assert "(cid:" not in text and UNKNOWN not in text
    squashed = re.sub(r"\s+", "", text)
    assert "oneﬁle(R=1)" in squashed or "onefile(R=1)" in squashed
    assert "Theexecutionflowis" in squashed


def test_tex_math_glyphs_named_in_the_differences_array_are_mended_and_the_rest_marked() -> None:
    # 0807.3577 (GROBID's tests): CMSY8 code 2 is 'prime', CMSY10 codes 3 and 4 are angle brackets; CMR9 code 2
    # is 'suppress', which has no character of its own
    with pdfplumber.open(_pdf("grobid-0807.3577.pdf")) as pdf:
        chars = []
        for page in pdf.pages:
            coded = sum(c["text"].startswith("(cid:") for c in page.chars)
            mended = mend_glyphs(page)
            assert mended <= coded
            chars += [c["text"] for c in page.chars]
            page.close()
    assert not any(t.startswith("(cid:") for t in chars)
    assert chars.count("′") >= 47 and chars.count("⟨") >= 12
    assert 0 < chars.count(UNKNOWN) <= 2
    assert not any(ch.isdigit() for ch in UNKNOWN)

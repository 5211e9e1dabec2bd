"""Glyph codes a PDF font leaves without a character, given the character its glyph name says.

pdfminer writes a code it cannot map through the font's ToUnicode or its encoding as ``(cid:NN)``, and those digits
were read as numbers. The glyph names are mostly there: in the font's /Encoding /Differences under a name that is
no Adobe Glyph List name (TeX's ``prime``, ``circlecopyrt``, ``parenleftbig``), or only in the embedded font program
(a CFF ``FontFile3``, whose built-in encoding pdfminer does not read: a ligature ``fi`` set as ``(cid:2)`` makes
"(cid:2)le" of "file"). Each code is looked up there; a code with no name that means anything becomes
:data:`UNKNOWN`, which is neither a digit nor a letter, as a viewer draws a box for a glyph it cannot show.
Hand-written: pdfminer and pdfplumber stop at the AGL and the PDF's own encoding.
"""
from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

from pdfminer.encodingdb import name2unicode
from pdfminer.pdftypes import resolve1

UNKNOWN = "\u25a1"  # □: a glyph whose character the PDF does not tell
_CID = re.compile(r"^\(cid:(\d+)\)$")
# TeX's names (Computer Modern, AMS) that the Adobe Glyph List lacks
_TEX = {"prime": "′", "circlecopyrt": "©", "greatermuch": "≫", "lessmuch": "≪", "negationslash": "/",
        "angbracketleft": "⟨", "angbracketright": "⟩", "circledot": "⊙", "latticetop": "⊤", "bardbl": "‖",
        "lscript": "ℓ", "turnstileleft": "⊢", "star": "⋆", "triangle": "△", "triangleinv": "▽",
        "asteriskcentered": "∗", "asteriskmath": "∗", "vextendsingle": "|", "vextenddouble": "‖",
        "summation": "∑", "integral": "∫", "contintegral": "∮", "product": "∏", "coproduct": "∐",
        "unionsq": "⊔", "intersectionsq": "⊓", "follows": "≻", "precedes": "≺", "minusplus": "∓",
        "dotmath": "⋅", "ff": "ff", "fi": "fi", "fl": "fl", "ffi": "ffi", "ffl": "ffl", "visiblespace": " "}
# Sized delimiters and operators of TeX's extension font: "parenleftBigg", "summationdisplay", "radicalbig"
_SIZED = re.compile(r"(?:big|Big|bigg|Bigg|text|display|bt|tp|ex|mid|bigsq|ex)+$")
_NOTHING = {"suppress", "tie", ".notdef", ""}


def glyph_text(name: str) -> str | None:
    """The text of a glyph name: the AGL's (``minus`` is −), TeX's, a sized delimiter's base; None if unknown."""
    if name in _NOTHING:
        return None
    if name in _TEX:
        return _TEX[name]
    try:
        return name2unicode(name)
    except (KeyError, ValueError):
        pass
    base = _SIZED.sub("", name)
    if base != name and base:
        return glyph_text(base)
    return None


def mend_glyphs(page: Any) -> int:
    """Give each ``(cid:NN)`` character of a pdfplumber ``page`` the text of its glyph (in place: pdfplumber keeps
    a page's characters, so its words and tables see it), else :data:`UNKNOWN`; returns how many were mended."""
    coded = [c for c in page.chars if _CID.match(c["text"])]
    if not coded:
        return 0
    names = font_glyph_names(page.page_obj.resources)
    mended = 0
    for char in coded:
        code = int(_CID.match(char["text"]).group(1))  # type: ignore[union-attr]
        text = glyph_text(names.get(char["fontname"], {}).get(code, ""))
        char["text"] = text if text else UNKNOWN
        mended += bool(text)
    return mended


def font_glyph_names(resources: Any, depth: int = 0) -> dict[str, dict[int, str]]:
    """Font name -> code -> glyph name, for the fonts of a resource dictionary and of its form XObjects."""
    resources = resolve1(resources) or {}
    found: dict[str, dict[int, str]] = {}
    for spec in (resolve1(resources.get("Font")) or {}).values():
        spec = resolve1(spec)
        name = _literal(spec.get("BaseFont")) or _literal(spec.get("Name"))
        if name and name not in found:
            found[name] = _codes(spec)
    if depth < 3:
        for xobject in (resolve1(resources.get("XObject")) or {}).values():
            attrs = getattr(resolve1(xobject), "attrs", {})
            if "Resources" in attrs:
                found = {**font_glyph_names(attrs["Resources"], depth + 1), **found}
    return found


def _codes(spec: Any) -> dict[int, str]:
    """Code -> glyph name of one font: its embedded program's built-in encoding, overridden by /Differences."""
    codes = _program_codes(resolve1(spec.get("FontDescriptor")) or {})
    encoding = resolve1(spec.get("Encoding"))
    if isinstance(encoding, dict):
        codes.update(_differences(resolve1(encoding.get("Differences")) or []))
    return codes


def _differences(items: list[Any]) -> Iterator[tuple[int, str]]:
    """The (code, name) pairs of a /Differences array: a number starts a run of names on consecutive codes."""
    code = 0
    for item in items:
        item = resolve1(item)
        if isinstance(item, int):
            code = item
        else:
            yield code, _literal(item)
            code += 1


def _program_codes(descriptor: Any) -> dict[int, str]:
    """The built-in encoding of an embedded Type 1 (FontFile) or CFF (FontFile3) font program, where it has one."""
    try:
        if "FontFile3" in descriptor:
            return _cff_codes(resolve1(descriptor["FontFile3"]).get_data())
        if "FontFile" in descriptor:
            stream = resolve1(descriptor["FontFile"])
            return _type1_codes(stream.get_data()[:int(resolve1(stream.get("Length1")) or 0) or None])
    except Exception:  # a damaged font program: its codes stay unknown, the page is still read
        return {}
    return {}


def _cff_codes(data: bytes) -> dict[int, str]:
    from fontTools.cffLib import CFFFontSet  # only for a page that has glyph codes to mend

    fonts = CFFFontSet()
    fonts.decompile(io.BytesIO(data), None)
    encoding = fonts.topDictIndex[0].Encoding
    if isinstance(encoding, str):  # "StandardEncoding"/"ExpertEncoding": pdfminer maps those itself
        return {}
    return {code: name for code, name in enumerate(encoding) if name and name != ".notdef"}


def _type1_codes(data: bytes) -> dict[int, str]:
    from pdfminer.pdffont import Type1FontHeaderParser
    from pdfminer.psexceptions import PSEOF

    parser = Type1FontHeaderParser(io.BytesIO(data))
    codes: dict[int, str] = {}
    while True:
        try:
            code, name = parser.nextobject()
        except PSEOF:
            return codes
        if isinstance(code, int) and isinstance(name, str):
            codes[code] = name


def _literal(value: Any) -> str:
    value = resolve1(value)
    name = getattr(value, "name", value)
    return name.decode("latin-1") if isinstance(name, bytes) else str(name) if name else ""

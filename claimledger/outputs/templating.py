"""Jinja2 over the packaged templates, shared by every page and Markdown file claimledger writes.

HTML templates are autoescaped, so no text from a document can put markup on a page; Markdown templates
escape document text with the ``md`` filter.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

TEMPLATES = Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """Jinja2 over the packaged templates; autoescape for HTML, Markdown escaped by the ``md`` filter."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), undefined=jinja2.StrictUndefined,
                             autoescape=jinja2.select_autoescape(["html", "html.j2"]),
                             keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["md"] = md_escape
    return env


def md_escape(text: Any) -> str:
    """Text safe in Markdown: HTML characters as entities (a renderer passes raw HTML through) and Markdown
    punctuation backslash-escaped, so a document's text stays text."""
    # "&" only where it would start an entity: "Delgado Wise & Márquez" stays readable in a terminal
    out = re.sub(r"&(?=#?\w+;)", "&amp;", str(text)).replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_\[\]|#])", r"\\\1", " ".join(out.split()))

"""Citations resolved to the reference entries of their own document, and one ``work_id`` per work across papers.

A citation and an entry are compared on name tokens (accents folded, rapidfuzz similarity so "Durán"/"Durand",
"Miller"/"Millar" and "Gereffy"/"Gereffi" meet; translated corporate names through ``ALIASES``) and on the
year (a missing suffix costs little; a year one off only when the author has a single entry, as "Alba and Leite,
2003" for their 2004 paper). Claims take the ``reference_id`` of the citation they quote as ``source``.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from itertools import combinations

from rapidfuzz import fuzz

from claimledger.models.records import Citation, Claim, Reference

# Corporate authors written in English in the text and in Spanish in the list (or the other way round).
ALIASES = {
    "eclac": "cepal", "cepal": "cepal", "oecd": "ocde", "ocde": "ocde",
    "worldbank": "worldbank", "bancomundial": "worldbank", "bm": "worldbank",
    "idb": "bid", "bid": "bid", "interamericandevelopmentbank": "bid", "bancointeramericanodedesarrollo": "bid",
    "un": "un", "unitednations": "un", "onu": "un", "nacionesunidas": "un",
    "bankofmexico": "banxico", "bancodemexico": "banxico", "banxico": "banxico",
}
THRESHOLD = 0.75  # below it a citation is left dangling
_PARTICLES = {"de", "la", "del", "y", "and", "of", "the", "van", "von", "der", "los", "da", "dos"}
_TOKEN_MATCH = 80.0  # rapidfuzz ratio for two name words to count as one ("duran"/"durand" 91, "miller"/"millar" 83)


def fold(text: str) -> str:
    """Lower case without accents: "Durán" -> "duran"."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def name_tokens(name: str) -> list[str]:
    """The words of one author's surname, an alias for a known corporate name ("ECLAC" -> ["cepal"])."""
    surname = name.split(",")[0]
    joined = re.sub(r"[^a-z]", "", fold(surname))
    if joined in ALIASES:
        return [ALIASES[joined]]
    return [w for w in re.findall(r"[a-z]+", fold(surname)) if w not in _PARTICLES]


def _authors(field: str) -> list[list[str]]:
    names = [n for n in field.split(";") if n.strip() and "et al" not in n]
    return [t for t in (name_tokens(n) for n in names) if t]


def _matched(word: str, pool: Sequence[str]) -> bool:
    """Same word up to a spelling slip; the first letter must agree ("Russel" is not "Dussel")."""
    return any(word[:1] == other[:1] and fuzz.ratio(word, other) >= _TOKEN_MATCH for other in pool)


def name_score(cited: list[list[str]], listed: list[list[str]], et_al: bool = False) -> float:
    """How well cited names cover the listed ones (0-1); the first cited author must be the first listed.

    Leading unmatched words of the first cited name are given names ("Carlos Tello") and cost nothing;
    a trailing unmatched word ("Delgado Wise Cypher" against Delgado Wise and Márquez) does.
    """
    if not cited or not listed:
        return 0.0
    first = cited[0]
    while len(first) > 1 and not _matched(first[0], listed[0]):
        first = first[1:]
    if not any(_matched(w, listed[0]) for w in first):
        return 0.0
    cited_words = first + [w for name in cited[1:] for w in name]
    listed_words = [w for name in (listed[:1] if et_al else listed) for w in name]
    cited_cov = sum(_matched(w, listed_words) for w in cited_words) / len(cited_words)
    listed_cov = sum(_matched(w, cited_words) for w in listed_words) / len(listed_words)
    return 0.7 * cited_cov + 0.3 * listed_cov


def year_score(cited: str, ref: Reference, unique_author: bool) -> float:
    """1 for the same year and suffix; less for a missing or different suffix, or a year one off."""
    year, suffix = cited[:4], cited[4:]
    if not ref.year:
        return 0.8 if unique_author else 0.0  # an entry cut short before its year
    if year == ref.year:
        return 1.0 if suffix == ref.suffix else 0.95 if not suffix or not ref.suffix else 0.6
    if unique_author and year.isdigit() and abs(int(year) - int(ref.year)) == 1:
        return 0.8
    return 0.0


def resolve(citation: Citation, refs: Sequence[Reference]) -> tuple[Reference | None, float]:
    """The best entry of the citation's document and its score; None when no entry reaches ``THRESHOLD``.
    A numbered citation ("[12]") is the entry of its number, with certainty."""
    if citation.number:
        entry = next((r for r in refs if r.number == citation.number), None)
        return (entry, 1.0) if entry else (None, 0.0)
    cited = _authors(citation.authors)
    et_al = "et al" in citation.text
    scored = []
    for ref in refs:
        listed = _authors(ref.authors)
        names = name_score(cited, listed, et_al)
        if names == 0.0:
            continue
        unique = sum(1 for r in refs if _authors(r.authors)[:1] == listed[:1]) == 1
        scored.append((round(names * year_score(citation.year, ref, unique), 3), ref.reference_id, ref))
    if not scored:
        return None, 0.0
    score, _, best = max(scored, key=lambda s: (s[0], [-ord(c) for c in s[1]]))
    return (best, score) if score >= THRESHOLD else (None, 0.0)


def link(citations: Iterable[Citation], references: Iterable[Reference]) -> tuple[list[Citation], list[Reference]]:
    """Fill each citation's ``reference_id`` and ``confidence`` and each reference's ``work_id``."""
    refs = list(references)
    by_doc: dict[str, list[Reference]] = {}
    for ref in refs:
        by_doc.setdefault(ref.doc_id, []).append(ref)
    linked = []
    for c in citations:
        best, score = resolve(c, by_doc.get(c.doc_id, []))
        linked.append(replace(c, reference_id=best.reference_id if best else "", confidence=score))
    return linked, assign_works(refs)


def same_work(a: Reference, b: Reference) -> bool:
    """Two entries of different papers name one work: same authors, and the same year or the same title.

    Suffix letters are each paper's own ("Conapo 2004b" in 000 is "Conapo 2004a" in 001), so they are ignored;
    a web page re-dated by a year ("Migración internacional", 2004 and 2005) is still one work.
    """
    if a.doc_id == b.doc_id or name_score(_authors(a.authors), _authors(b.authors)) < 0.9 \
            or name_score(_authors(b.authors), _authors(a.authors)) < 0.9:
        return False
    titles = fuzz.ratio(fold(a.title), fold(b.title)) if a.title and b.title else 0.0
    if a.year == b.year:
        return titles >= 80 or not (a.title and b.title)
    return bool(a.year and b.year) and abs(int(a.year) - int(b.year)) <= 1 and titles >= 90


def assign_works(refs: Sequence[Reference]) -> list[Reference]:
    """Give every reference a ``work_id`` shared by the entries of other papers that name the same work."""
    parent = list(range(len(refs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in combinations(range(len(refs)), 2):
        if root(i) != root(j) and same_work(refs[i], refs[j]) and _no_clash(refs, parent, root, i, j):
            parent[root(j)] = root(i)
    ids: dict[int, str] = {}
    for i in range(len(refs)):
        head = refs[root(i)]
        ids[i] = ids.get(root(i)) or _work_id(head)
        ids[root(i)] = ids[i]
    return [replace(ref, work_id=ids[i]) for i, ref in enumerate(refs)]


def _no_clash(refs: Sequence[Reference], parent: list[int], root, i: int, j: int) -> bool:  # type: ignore[no-untyped-def]
    """A work appears once per paper: never merge two groups that each hold an entry of the same paper."""
    docs_i = {refs[k].doc_id for k in range(len(refs)) if root(k) == root(i)}
    docs_j = {refs[k].doc_id for k in range(len(refs)) if root(k) == root(j)}
    return not docs_i & docs_j


def _work_id(ref: Reference) -> str:
    key = "".join(w for n in _authors(ref.authors)[:1] for w in n) or "anon"
    digest = hashlib.sha1(f"{ref.authors}|{ref.year}|{fold(ref.title)}".encode()).hexdigest()[:6]
    return f"w:{key}{ref.year}-{digest}"


def link_claims(claims: Iterable[Claim], citations: Iterable[Citation]) -> Iterator[Claim]:
    """Each claim with the ``reference_id`` of the resolved citation its ``source`` quotes, in its sentence."""
    by_doc: dict[str, list[Citation]] = {}
    for c in citations:
        by_doc.setdefault(c.doc_id, []).append(c)
    for claim in claims:
        match = _source_citation(claim, by_doc.get(claim.doc_id, []))
        yield replace(claim, reference_id=match.reference_id) if match and match.reference_id else claim


def _source_citation(claim: Claim, cites: list[Citation]) -> Citation | None:
    """The citation whose text is the claim's source, inside its sentence, nearest the number."""
    if not claim.source:
        return None
    inside = [c for c in cites if claim.sentence_start <= c.char_start < claim.sentence_end
              and " ".join(c.text.split()) == " ".join(claim.source.split())]
    inside = inside or [c for c in cites if claim.sentence_start <= c.char_start < claim.sentence_end
                        and c.year in claim.source]
    # a table cell's source is the table's source line ("Source: Conapo (2004)"), outside its row
    inside = inside or [c for c in cites if c.text in claim.source and abs(c.char_start - claim.char_end) < 3000]
    return min(inside, key=lambda c: abs(c.char_start - claim.char_end)) if inside else None

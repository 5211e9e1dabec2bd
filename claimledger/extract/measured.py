"""What a number measures, read from the dependency parse and the discourse: the quantity phrase.

"slightly more than 385,000 individuals born in Mexico who reside in the USA" counts individuals (unit
person) and measures "individuals born in Mexico who reside in the USA"; "96.2% of the country's
municipalities" measures "the country's municipalities"; "remittances amounted to USD $16.6 bn" measures
"remittances". A subject such as "this figure" is resolved by the caller to the previous sentence.
"""
from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Span, Token

from claimledger.extract.counted import counted_noun, of_object
from claimledger.extract.units import canonical_noun

_MAX_WORDS = 30
_VAGUE_SUBJECTS = {"figure", "figures", "number", "amount", "total", "this", "which", "it", "that", "these",
                   "those", "they", "latter", "former", "share", "proportion", "percentage", "rate", "level", "value",
                   "sum", "volume", "increase", "growth", "result", "estimate", "estimates", "ratio", "gap",
                   "difference"}
# Heads that count what their "of" object names ("the number of X"); "population" counts itself.


def measured(tokens: list[Token], subject: Token | None, antecedent: str = "", refers_back: bool = False,
             whole: str = "") -> str:
    """What a number counts or measures, with its population and scope, from the parse and the discourse.

    In order: a share's "of" object with the rest of its clause ("34.9% of [the population aged 15 ... has a
    level of education higher than ...]"); the counted noun's phrase ("385,000 [individuals born in
    Mexico]"); a number that is itself a clause's subject, with its predicate and the noun it points back to
    ("of whom 39,748 [have postgraduate qualifications]"); the noun phrase a parenthesised number stands
    beside ("the food and clothing industries (437,000)"); the clause's subject ("remittances amounted to
    ..."). A clause that points back ("This figure", "That group", "Of these") or a vague subject takes the
    previous sentence's measured thing, ``antecedent``, first. A share in a clause opened by "of which" is a
    share of ``whole``, the thing the earlier figure it hangs on measures.
    """
    if not tokens:
        return ""
    relative = _relative_to(tokens)
    if relative:  # "per capita GDP in the U.S. was 2.6 times that of Mexico"
        own, kind = _own_phrase(tokens, subject)
        if not own:  # the subject of the verb the multiple hangs on ("average rents ... were 3.4 times that of")
            said = _subject_before(_verb_above(_number_head(tokens)), tokens[0].i)
            own, kind = (_phrase(said, exclude=tokens), "vague" if vague(said) else "own") if said is not None \
                else ("", "own")
        what = antecedent if antecedent and (kind == "vague" or not own) else own
        return _clip(f"{what}; relative to {relative}" if what else "")
    if whole and share_words(tokens):
        part = _partitive_part(tokens)
        return _clip(f"{part}; as a share of {whole}" if part else whole)
    listed = _colon_list(tokens)
    if listed:  # "... productive investments, whose proportion has been falling: 7% in 1979, 3% in 1984"
        place = _place_after_number(tokens)
        return _clip(f"{listed}; {place}" if place else listed)
    own, kind = _own_phrase(tokens, subject)
    if antecedent and kind == "share":
        what = f"{antecedent}; as a share of {own}"
    elif antecedent and kind == "vague" or antecedent and not own:
        what = antecedent
    elif antecedent and (refers_back or kind == "generic") and own.lower() != antecedent.lower():
        what = f"{antecedent}; {own}"
    else:
        what = own
    scope = _fronted(tokens[0].sent)
    return _clip(f"{what}; {scope}" if what and scope and scope.lower() not in what.lower() else what)


# "..., rising to more than US$8 billion", "and rising to 75% if seen pessimistically": a participle of change
# carries an earlier figure of the sentence to a new value, so the new figure measures the same thing
_CONTINUES = re.compile(r"\b(?:ris|climb|increas|grow|fall|dropp|declin|decreas|reach|go|jump|soar|shrink)ing"
                        r"(?:\s+(?:up|down))?(?:\s+(?:to|by))?(?:\s+(?:almost|nearly|about|around|some|over|under|"
                        r"roughly|close to|just|slightly|more than|less than|fewer than|as much as|as high as))*\s*$",
                        re.IGNORECASE)
_PARTITIVE = re.compile(r"(?:^|[,;(–—]\s*)(?:and\s+)?of\s+(?:which|whom|these|those|them)\b(?![^,;()–—]*[,;()–—])",
                        re.IGNORECASE)
_SHARE_WORDS = {"%", "percent", "half", "third", "thirds", "quarter", "quarters", "fifth", "fifths", "tenth", "tenths"}


_LIST_GAP = re.compile(r"^(?:\s+(?:in|for|among|at)\s+[^,;:()]{1,60}?)?\s*"
                       r"(?:,\s*(?:and\s+|while\s+)?|\s+and\s+|\s+[–—]\s+|"
                       r",?\s*compared\s+(?:to|with)\s+|\s+against\s+|\s+versus\s+)"
                       r"(?:an?\s+estimated\s+|some\s+|about\s+|almost\s+|nearly\s+|only\s+|around\s+)?$",
                       re.IGNORECASE)
_LIST_PLACE = re.compile(r"^\s+((?:for|in|among|at)\s+[^,;:()–—]+?)(?=\s*(?:[,;:()–—]|\s+and\s|\s+while\s|\.?\s*$))",
                         re.IGNORECASE)


def list_place(text: str, previous_end: int, start: int, end: int) -> str:
    """Where a figure of a list stands, when it follows the sentence's figure before it as one more item of
    one count ("400,000, compared to 390,000 for China and 280,000 for India", "1.2 million in the US, an
    estimated 0.5 million in the disguised maquila sector"): its own "for"/"in" phrase; "" otherwise."""
    return place_after(text, end) if _LIST_GAP.match(text[previous_end:start]) else ""


def place_after(text: str, end: int) -> str:
    """The "for"/"in" phrase right after a number ("1.2 million in the US, ...")."""
    m = _LIST_PLACE.match(text[end:])
    return m.group(1) if m and not re.search(r"\d", m.group(1)) else ""  # "in 1984" is a period, not a place


def _place_after_number(tokens: list[Token]) -> str:
    """:func:`place_after` the number ``tokens`` hold, inside its sentence."""
    return place_after(tokens[0].doc.text[:tokens[0].sent.end_char], tokens[-1].idx + len(tokens[-1]))


# the bracket right after the figure, or after the noun phrase it counts ("1.6 million households that receive
# remittances (8% of the country's total)"): no other number, clause or sentence break between
_BRACKET_AFTER = re.compile(r"^[^\d()\[\];:.,]{0,80}\(\s*(?:or\s+|about\s+|some\s+|nearly\s+|almost\s+|i\.e\.,?\s+)?$",
                            re.IGNORECASE)
_BRACKET_WHOLE = re.compile(r"^\s+of\s+(?:the\s+|all\s+)?([^()]{1,80}?)\s*\)")


def bracketed_share(text: str, previous_end: int, start: int, end: int) -> str | None:
    """The whole of a share set in brackets right after the figure it is a share of ("2.9 million (18% of the
    total)", "1.6 million households (8% of the country's total)"); None when the share is not so set."""
    if not _BRACKET_AFTER.match(text[previous_end:start]):
        return None
    m = _BRACKET_WHOLE.match(text[end:])
    return m.group(1) if m else None


def partitive_count(tokens: list[Token]) -> str:
    """What a count in an "of whom" clause is, from the words after it less any bracket and copula ("of whom
    2.9 million (18% of the total) are Mexican workers")."""
    doc = tokens[0].doc
    sent = tokens[0].sent
    after = re.sub(r"\([^()]*\)", " ", doc.text[tokens[-1].idx + len(tokens[-1]):sent.end_char])
    end = _BOUNDARY.search(after, 1)
    words = _LEAD_VERB.sub("", " ".join(after[:end.start() if end else len(after)].split()))
    return re.sub(r"\s*\([^)]*\d{4}[^)]*\)", "", words).strip(" ,;:.")


_GAPPED = re.compile(r"(?:,\s*|\s)(?:and|while|but)\s+(?:(?:almost|nearly|about|some|over)\s+)?$", re.IGNORECASE)
_COMPARATIVE = re.compile(r"^\s*(?:times\s+)?(?:higher|lower|greater|larger|smaller|bigger|more|less)\b", re.IGNORECASE)


def gapped_comparative(text: str, start: int, end: int) -> bool:
    """Whether a number is a comparison with its verb and subject left out after "and" ("... were 5.7 times
    higher than those reported in Mexico in 1994, and 6.8 higher in 2004"): the earlier figure's thing."""
    return bool(_GAPPED.search(text[:start])) and bool(_COMPARATIVE.match(text[end:]))


def continues(before: str) -> bool:
    """Whether the words before a number carry an earlier figure of the sentence on to it ("..., rising to")."""
    return bool(_CONTINUES.search(before))


def partitive(before: str) -> bool:
    """Whether the number's clause opens with "of which", "of whom", "of these" ("1.8 million crossings ...,
    of which 22% were ..."): a share of the thing an earlier figure of the sentence counts."""
    return bool(_PARTITIVE.search(before))


def share_words(tokens: list[Token]) -> bool:
    """Whether a number is a share by its own words ("22%", "a third", "one out of every five")."""
    return any(t.lower_ in _SHARE_WORDS for t in tokens) or any(t.lower_ in {"out", "every"} for t in tokens)


def _fronted(sent: Span) -> str:
    """A scope set before the clause and its comma, without a number: "With postgraduate qualifications,",
    "Within the U.S.,"."""
    first = sent[0]
    if first.lower_ not in _SCOPES:
        return ""
    for tok in sent[1:10]:
        if tok.like_num:
            return ""
        if tok.text == ",":
            words = sent.doc.text[first.idx:tok.idx].strip()
            if first.lower_ == "for" and (_NOT_SCOPES.match(words) or not any(t.pos_ == "PROPN" for t in
                                                                             sent[1:tok.i - sent.start])):
                return ""  # "For example,", "For this reason,": a scope only when it names a place or body
            return words[0].lower() + words[1:] if words else ""
    return ""


# "For Mexico, the impact can be summarized in four broad areas": a scope; "For example," is not
_SCOPES = {"with", "within", "among", "across", "outside", "inside", "throughout", "excluding", "including", "for"}
_NOT_SCOPES = re.compile(r"for\s+(?:example|instance|this|that|these|those|now|the\s+most\s+part|its|their|our|his|"
                         r"her)\b", re.IGNORECASE)
_POINTERS = {"this", "these", "that", "those", "it", "they", "which", "who"}  # pointed back, resolved by the caller
_REPORTING = {"estimate", "report", "calculate", "show", "indicate", "find", "say", "put", "suggest", "note",
              "state", "claim", "argue", "point", "according", "detect", "observe", "record", "register", "document",
              "identify", "reveal", "compute", "measure"}
_OF_HEADS = {"ratio", "rate", "share", "total", "level", "average", "proportion", "percentage", "figure", "sum",
             "value", "volume", "increase", "growth", "decline", "drop", "fall", "rise", "balance", "deficit",
             "surplus"}
_NOT_OBJECTS = {"whom", "which", "them", "these", "those", "total", "whole", "sum"}
_INCLUDES = {"involve", "include", "concern", "comprise", "cover", "mean", "affect"}
_GENERIC = {"people", "individual", "person", "one", "case", "figure", "number", "total", "share", "group", "part"}
# a sentence's inner full stops are abbreviations ("U.S."), a comma inside a number groups digits
_BOUNDARY = re.compile(r"\s*(?:[,;:](?=\s)|[()\[\]]|\s[–—-]\s|\s(?:and|or|but|while)\s+(?=[^\s\d]*\d)|\.?$)")
_MEASURE_VERBS = {"total", "amount", "reach", "stand", "estimate", "be", "rise", "increase", "grow", "fall", "drop",
                  "decline", "climb", "come", "represent", "account", "equal", "exceed", "surpass"}


def _own_phrase(tokens: list[Token], subject: Token | None) -> tuple[str, str]:
    """The measured thing as the number's own clause names it, and its kind: ``own`` (it names the thing),
    ``generic`` (a generic noun: "people", "group"), ``vague`` (a pointer: "this figure")."""
    last = tokens[-1]
    doc = last.doc
    changed = _CHANGE_IN.match(doc.text[last.idx + len(last):tokens[0].sent.end_char])
    if changed:  # "an increase from 12.9 to 15.9 million in the number of poor households"
        at = last.idx + len(last) + changed.start(1)
        return _tail(doc, next(t.i for t in doc[last.i + 1:] if t.idx >= at)), "own"
    nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if nxt is not None and nxt.text == "(":  # "more than half (US$96.756 billion) of all manufactured exports"
        close = next((t for t in doc[nxt.i:min(nxt.i + 12, tokens[0].sent.end)] if t.text == ")"), None)
        if close is not None and close.i + 1 < tokens[0].sent.end and doc[close.i + 1].lower_ == "of":
            nxt = doc[close.i + 1]
    if nxt is not None and nxt.lower_ == "of":
        objs = [c for c in nxt.children if c.dep_ == "pobj"]
        if objs and objs[0].lemma_.lower() in {"total", "whole"} and not _bracketed(tokens) \
                and all(c.dep_ in {"det", "punct", "appos"} for c in objs[0].children):
            # "Of this group, people of Mexican origin make 66 percent of the total", "they accounted for
            # 81.6% of the total": the part as a share of a whole the sentence before names
            part = _part(tokens, subject)
            # (the whole is the sentence before's only when the sentence points back: "Of this group, ...")
            return (f"{part}; as a share of the total" if part else "the total"), "own" if part else "share"
        if objs and not vague(objs[0]) and objs[0].lemma_.lower() not in _NOT_OBJECTS:
            part = _restated_part(tokens)
            if part:  # "5.3 million undocumented Mexicans ..., equal to approximately 60% of the ... population"
                return f"{part}; as a share of {_tail(doc, nxt.i + 1)}", "own"
            whole = _tail(doc, nxt.i + 1)
            part = _part(tokens, subject)
            # "those figures account for only 30.19% of the corresponding increase": a share of something
            # whose part the clause's subject points back to
            if part is None:
                return whole, "share"
            # "hometown associations cover only 9% of the total migrant population": the subject is the part
            return (f"{part}; as a share of {whole}" if part else whole), "own"
    closing = doc[last.i + 1] if last.i + 1 < tokens[0].sent.end else None
    if closing is not None and closing.text == ")" and closing.i + 2 < tokens[0].sent.end \
            and doc[closing.i + 1].lower_ == "of" and _bracketed(tokens):
        # "more than half (52.6%) of Mexican immigrants were reported as lacking health insurance"
        return _tail(doc, closing.i + 2), "own"
    before = _number_head(tokens).head
    if before.lower_ != "of" or before.i > tokens[0].i:
        before = doc[tokens[0].i - 1] if tokens[0].i > tokens[0].sent.start else before
    if before.lower_ == "of" and before.i < tokens[0].i and _measure_noun(before.head):
        # "a ratio of 1:11 between the earnings of ...", "GDP grew at an annual average of 2.9%", "a surplus
        # of not more than 10% for saving", "a total investment of close to US$17 million": the head noun with
        # its modifiers (and the verb it is the object of: "spent an annual average of") and what follows the
        # number, after the clause's subject when it names the thing
        after = _tail(doc, last.i + 1) if last.i + 1 < tokens[0].sent.end else ""
        measure = before.head
        what = _join(" ".join(t.lower_ for t in measure.lefts if t.dep_ in {"compound", "amod"}),
                     measure.lemma_.lower(), "")
        if measure.dep_ == "dobj" and measure.head.pos_ == "VERB" \
                and measure.head.lemma_ not in _MEASURE_VERBS | _REPORTING | {"have", "see", "give"}:
            what = f"{measure.head.lower_} {what}"
        what = _join(what, after, "")
        part = _part(tokens, subject)
        return (f"{part}; {what}" if part else what), "share" if part is None else "own"
    share_of = _share_verb(tokens)
    if share_of is not None:  # "manufactured goods account for 90%", "remittances represent 3% ..."
        part = _phrase(share_of, exclude=tokens)
        following = doc[last.i + 1] if last.i + 1 < tokens[0].sent.end else None
        if following is not None and following.pos_ in {"DET", "NOUN", "PROPN", "ADJ"}:
            # "..., accounting for almost half the country's manufactured exports": a share of what follows
            part = f"{part}; as a share of {_tail(doc, following.i)}"
        return part, "vague" if vague(share_of) or _pointer(share_of) else "own"
    if "percent" in {t.lower_ for t in tokens} | ({"percent"} if any(t.text == "%" for t in tokens) else set()):
        clause = _before_bracket(tokens)
        if clause:
            return clause, "own"  # "more than half of those Mexicans ... had no medical coverage (52.6%)"
    noun = counted_noun(tokens)
    if noun is not None:
        # a fraction's words hold the noun in their subtree ("Three of every four farm workers"): not excluded
        phrase = _phrase(noun, exclude=[t for t in tokens if not any(s.i == noun.i for s in t.subtree)])
        verb = noun.head
        if noun.dep_ in {"nsubj", "nsubjpass"} and verb.pos_ == "VERB" and verb.lemma_ not in _MEASURE_VERBS \
                and verb.i > noun.i and not any(c.dep_ in {"relcl", "acl"} for c in noun.children):
            # "at least 40 productive chains have been dismantled", "300,000 Mexicans take up permanent
            # residence": what the counted things did is part of what is counted (unless a clause of their
            # own already says which they are: "the three main programs that address the causes of ...")
            phrase = _join(phrase, re.split(r"\s(?:in|of|to|by|at|for)?\s*(?=\S*\d)", _tail(doc, verb.i))[0], "")
        if noun.dep_ == "dobj" and verb.tag_ in {"VBN", "VBD"} and verb.i < noun.i \
                and verb.lemma_ not in _MEASURE_VERBS | _REPORTING | {"have", "see", "give", "get", "make"}:
            # "the migrant factory has exported almost 4 million Mexicans to the United States"
            moved = [c for c in verb.children
                     if c.dep_ == "prep" and c.i > noun.i and c.lower_ in {"to", "from", "into"}]
            if moved:  # (a verb alone, "indicators used", says nothing of what is counted)
                phrase = _join(phrase, f"{verb.text} {_phrase(moved[0], exclude=[])}", "")
        where = _where(noun, tokens)
        if where:  # "Mexicans were the largest immigrant group in 30 states": the states where they were
            phrase = f"{phrase} where {where}"
        head = _number_head(tokens)
        if share_words(tokens) and head.dep_ == "nsubj" and head.head.lemma_ == "be":
            # "one out of every five workers in ... is a Mexican": the share of the workers who are that
            said = next((c for c in head.head.children if c.dep_ in {"attr", "acomp"} and c.i > head.i), None)
            if said is not None:
                phrase = _join(phrase, _phrase(said, exclude=[]), "who are")
        return phrase, "generic" if noun.lemma_.lower() in _GENERIC else "own"
    head = _number_head(tokens)
    fronted = _fronted_partitive(tokens)
    if fronted:  # "of the country's 2,435 municipalities, 832 (one in three) reported a negative rate of ..."
        verb = _verb_above(head)
        return _join(fronted, _tail(doc, verb.i) if verb.i > tokens[-1].i else "", ""), "own"
    if head.dep_ in {"nsubj", "nsubjpass"} and head.head.pos_ in {"VERB", "AUX"}:
        verb = head.head
        pointed = _relative_antecedent(verb)
        predicate = _tail(doc, verb.i) if verb.lemma_ not in _MEASURE_VERBS else ""
        if pointed is not None:
            return _join(_phrase(pointed, exclude=tokens + [verb]), predicate, "who"), "own"
        return predicate, "generic"
    opening = doc[tokens[0].i - 1] if tokens[0].i - 1 > tokens[0].sent.start else None
    word = doc[opening.i - 1] if opening is not None and opening.text == "(" else None
    if (word is None or word.lower_ not in _QUANTIFIERS) and subject is not None and subject.lower_ in _QUANTIFIERS \
            and _bracketed(tokens):
        word = subject  # "Most are undocumented (53%)": the same share, the bracket after its clause
    if word is not None and word.lower_ in _QUANTIFIERS and word.dep_ in {"nsubj", "nsubjpass"}:
        # "Most (53%) are undocumented": the bracket gives the share the word before it names; what it is a
        # share of comes from before, what the share has from the clause
        return _tail(doc, word.head.i), "generic"
    beside = None if _bracketed_with(subject, tokens) else _parenthesised(tokens)
    if beside is not None:
        phrase = _qualified(beside) or _phrase(beside, exclude=tokens)
        people = _people_in(beside)
        if people:  # "Mexican immigrants are most concentrated in the ... industries (502,000)": people there
            return people, "own"
        if beside.lemma_.lower() in _GENERIC | {"contingent", "majority", "minority"} and subject is not None:
            named = _phrase(subject, exclude=tokens)  # "Mexican immigrants: largest group"
            return (named if phrase.lower() in named.lower() else _join(named, phrase, ":")), "own"
        # "In second place comes China (390,000)": a name beside a number is one more case of the thing
        # the sentence before counted
        return phrase, "generic" if beside.lemma_.lower() in _GENERIC or beside.pos_ == "PROPN" and not \
            phrase.count(" ") else "own"
    gapped = _gapped(tokens)
    if gapped is not None:  # "exports expanded by 12.4% and imports by 13.4%": the second verb left out
        return _noun_words(gapped), "own"
    if subject is not None and subject.lower_ in {"which", "who", "that"} and subject.head.dep_ == "relcl" \
            and (subject.head.head.pos_ in {"NOUN", "PROPN"}
                 or any(c.lower_ == "of" for c in subject.head.head.children)):
        # "the earnings of Mexican migrants — which in 2003 totaled USD $122 bn", "most of the earnings of ..."
        subject = subject.head.head
    elif subject is not None and subject.lower_ == "which" and _comma_antecedent(subject) is not None:
        subject = _comma_antecedent(subject)  # the parse lost the relative clause: "the income earned ..., which"
    if subject is not None and (subject.pos_ == "PRON" and subject.lower_ not in _POINTERS
                                or subject.head.lemma_ in _REPORTING and subject.dep_ == "nsubj"):
        # "we estimate ...", "the ILO reports ...": the speaker is not the thing; the clause around the number is
        return _clause_without(tokens), "own"
    if subject is not None:
        owner = _owner(subject)
        if owner:  # "the Mexican immigrants (in 2003, their incomes totaled ...)": the incomes of the immigrants
            return f"{_phrase(subject, exclude=[*tokens, *(c for c in subject.children if c.dep_ == 'poss')])} " \
                   f"of {owner}", "own"
        named = _phrase(subject, exclude=tokens)
        place = _place_after_number(tokens)
        if place and place.lower() not in named.lower():
            named = f"{named}; {place}"  # "the ratio of wages ... is around 1:7 in disguised maquila"
        return named, "vague" if vague(subject) else "generic" if _scoped(subject) else "own"
    return "", "own"


_MEASURE_NOUNS = {"investment", "spending", "expenditure", "income", "earnings", "revenue", "cost", "budget",
                  "loss", "profit", "output", "production", "payment", "debt", "outlay", "inflow", "outflow",
                  "wage", "salary", "price", "turnover", "sales", "amount", "number", "population"}


def _measure_noun(noun: Token) -> bool:
    """A noun that names a measure its "of" object gives the value of ("a total investment of US$17 million",
    "an annual average of 2.9%", "a deficit of US$2 billion")."""
    if noun.pos_ != "NOUN":
        return False
    lemma = noun.lemma_.lower()
    return lemma in _OF_HEADS or lemma in _MEASURE_NOUNS or any(
        c.dep_ in {"amod", "compound"} and c.lemma_.lower() in _OF_HEADS for c in noun.lefts)


_SHARE_VERBS = {"account", "represent", "constitute", "comprise", "make"}


def _share_verb(tokens: list[Token]) -> Token | None:
    """The subject of a verb that says its subject is a share ("X account for 90%", "X represent 3%", "X make
    up 14%"), when the number has no "of" after it to name a whole."""
    head = _number_head(tokens)
    if head.dep_ in {"nummod", "predet"} and head.head.dep_ == "pobj" and head.head.i > head.i:
        head = head.head  # "accounting for almost half the country's manufactured exports"
    verb = head.head.head if head.dep_ == "pobj" and head.head.lower_ == "for" else head.head
    if head.dep_ not in {"pobj", "dobj", "attr"} or verb.lemma_.lower() not in _SHARE_VERBS:
        return None
    if verb.lemma_.lower() == "account" and head.head.lower_ != "for":
        return None
    doc = head.doc
    last = tokens[-1]
    if last.i + 1 < len(doc) and doc[last.i + 1].lower_ == "of":
        return None
    for _ in range(2):  # a participle without a subject of its own ("..., accounting for") has its clause's
        subject = _subject_before(verb, tokens[0].i)
        if subject is not None:
            return subject if subject.pos_ in {"NOUN", "PROPN"} else None
        if verb.tag_ != "VBG" or verb.dep_ not in {"advcl", "xcomp", "conj"}:
            return None
        verb = verb.head
    return None


def _verb_above(tok: Token, steps: int | None = None) -> Token:
    """The first verb (or auxiliary) up the parse from ``tok``, itself included, within ``steps`` heads (any
    number by default); else the token where the climb stopped."""
    for _ in range(len(tok.doc) if steps is None else steps):
        if tok.pos_ in {"VERB", "AUX"} or tok.head is tok:
            break
        tok = tok.head
    return tok


def _subject_before(verb: Token, before: int) -> Token | None:
    """The subject of ``verb`` that stands before token ``before``."""
    return next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i < before), None)


_PLACES = {"state", "country", "city", "town", "village", "municipality", "county", "province", "region", "district",
           "territory", "nation", "island", "site", "location", "locality", "community", "neighbourhood",
           "neighborhood", "area", "zone", "department", "prefecture", "canton", "borough", "parish", "capital"}


def _where(noun: Token, tokens: list[Token]) -> str:
    """The clause a counted place stands in, when the count is of places where it holds ("in the year 2000,
    Mexicans were the largest immigrant group in 30 states"): its subject to the place's preposition."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in {"in", "across", "among", "throughout"} or prep.i > tokens[0].i \
            or not all(t.like_num for t in tokens) or noun.lemma_.lower() not in _PLACES:
        return ""  # (a bare count of places: not "in 1% nitric acid", "a 192 s cycle", "in three animals")
    verb = _verb_above(prep.head, steps=5)
    subject = _subject_before(verb, prep.i)
    if verb.pos_ not in {"VERB", "AUX"} or subject is None or subject.pos_ == "PRON" \
            or any(t.i in {x.i for x in tokens} for t in subject.subtree):
        return ""
    words = " ".join(noun.doc.text[subject.left_edge.idx:prep.idx].split()).strip(" ,;")
    first = subject.left_edge
    return words[:1].lower() + words[1:] if first.pos_ in {"DET", "ADV", "ADJ", "NUM"} else words


_CHANGE_IN = re.compile(r"^\s+in\s+(?:the\s+)?((?:number|share|proportion|level|rate|volume|value|amount|"
                        r"percentage|total)\s+of\s+\S)", re.IGNORECASE)


_RELATIVE = re.compile(r"^\s+(?:(?:higher|greater|larger|lower|more|less|smaller|bigger)\s+)?(?:than\s+)?"
                       r"(?:that|those)\s+(?:of|in|for|reported\s+in|recorded\s+in|found\s+in)\s+"
                       r"((?:the\s+)?[^\W\d_][^,;:()]*?)(?=\s+(?:in|by|during|between)\s+\d|\s*[,;:()]|\.?\s*$)",
                       re.IGNORECASE)


def _relative_to(tokens: list[Token]) -> str:
    """What a multiple compares its thing with ("2.6 times that of Mexico", "5.7 times higher than those
    reported in Mexico in 1994"): the place or group after "that of"; "" for other numbers."""
    if not any(t.lower_ in {"times", "fold"} or t.lower_.endswith("-fold") for t in tokens):
        after = tokens[-1].doc[tokens[-1].i + 1] if tokens[-1].i + 1 < len(tokens[-1].doc) else None
        if after is None or after.lower_ != "times":
            return ""
        tokens = [*tokens, after]
    doc = tokens[0].doc
    m = _RELATIVE.match(doc.text[tokens[-1].idx + len(tokens[-1]):tokens[0].sent.end_char])
    return m.group(1).strip() if m else ""


def _scoped(subject: Token) -> bool:
    """A vague subject narrowed only by a place or group ("the average figure for Mexico", "the rate among
    women"): what it is a figure of comes from the sentence before."""
    preps = [c for c in subject.children if c.dep_ == "prep"]
    return subject.lemma_.lower() in _VAGUE_SUBJECTS and bool(preps) and \
        all(c.lower_ in {"for", "in", "among", "within", "across"} for c in preps)


_RESTATING = {"equal", "equivalent", "representing", "or", "i.e.", "namely"}


def _part(tokens: list[Token], subject: Token | None) -> str | None:
    """What a share or rate is of, when the sentence names it: the nearest noun the number hangs on ("that
    impressive figure – equal to 8% of ..."; a pointer gives "", the caller takes the antecedent), else the
    subject of the verb it hangs on ("hometown associations cover only 9% of ..."); not a pronoun, a
    speaker ("we", "the ILO reports") or the number itself. None when what it hangs on points back ("this
    sector, which accounts for 30% of ..."): the caller's antecedent is the part."""
    own = {t.i for t in tokens}
    beside = _restated_noun(tokens)
    if beside is not None:  # "that impressive figure – equal to 8% of the total U.S. population and ... –"
        return None if vague(beside) or _pointer(beside) else _noun_words(beside)
    tok, prev = _number_head(tokens).head, _number_head(tokens)
    for _ in range(8):
        if tok.i in own or tok.pos_ in {"ADP", "ADJ", "ADV", "PART", "SCONJ", "CCONJ", "PUNCT"} \
                or tok.like_num or tok.lower_ in {"%", "percent"} or prev.dep_ == "conj":
            pass  # another figure of a list ("8% of ... and 22% of ...") shares the first one's part
        elif tok.pos_ in {"NOUN", "PROPN"}:
            if prev.lower_ == "of" and _measure_noun(tok):
                # "a surplus of not more than 10% for saving" names a part of the subject's thing; "58.7
                # million transfers, worth an average of US$341 each", of the noun the head hangs on
                if tok.dep_ == "conj":
                    break
            else:
                return None if vague(tok) or _pointer(tok) else _phrase(tok, exclude=tokens)
        elif tok.pos_ in {"VERB", "AUX"}:
            break
        if tok.head is tok:
            break
        tok, prev = tok.head, tok
    if subject is not None and subject.i not in own and (vague(subject) or _pointer(subject)):
        return None
    if subject is None or subject.pos_ == "PRON" or subject.head.lemma_ in _REPORTING or subject.i in own:
        return ""
    # the subject's words without the clause that holds the number ("This sector, which accounts for ...")
    inside = [c for c in subject.children if any(t.i in own for t in c.subtree)]
    return _phrase(subject, exclude=[*tokens, *inside])


_HEDGE_WORDS = re.compile(r"^(?:(?:slightly|just|almost|nearly|about|around|some|roughly|over|under|more|less|fewer|"
                         r"than|up|to|only|close|an|a|estimated|approximately)\s+)*$", re.IGNORECASE)
_LINK_VERB = re.compile(r"\s+(?:(?:is|are|was|were|be|been|has|have|had|would|will)\s+)*(?:account(?:s|ed)?\s+for|"
                        r"ma(?:k|d)e?s?\s+up|represent(?:s|ed)?|amount(?:s|ed)?\s+to|total(?:s|ed|led)?|"
                        r"(?:is|are|was|were))\s*$", re.IGNORECASE)
_LEAD_VERB = re.compile(r"^(?:(?:is|are|was|were|be|been|has|have|had|would|will)\s+)+", re.IGNORECASE)


_ASIDE_OPENING = re.compile(r"^\s*(?:equal\s+to|equivalent\s+to|or|i\.e\.,?|representing|that\s+is,?|which\s+is)"
                            r"(?:\s+(?:about|almost|nearly|some|around|roughly|approximately|over|more\s+than|"
                            r"less\s+than|just|slightly))*\s*$", re.IGNORECASE)


def _restated_noun(tokens: list[Token]) -> Token | None:
    """The noun an aside restates as a share ("that impressive figure – equal to 8% of the total U.S.
    population –", "1.6 million households (or 8% of the total)"): the noun right before the dash or bracket
    that opens the aside the number is in, when the aside opens with "equal to", "or", "i.e.", "representing"."""
    doc = tokens[0].doc
    sent = tokens[0].sent
    before = doc.text[sent.start_char:tokens[0].idx]
    dashes = [m for m in re.finditer(r"\s[–—-]\s|\s—|—\s", before)]
    brackets = [m for m in re.finditer(r"\(", before) if ")" not in before[m.end():]]
    openers = ([dashes[-1]] if len(dashes) % 2 else []) + brackets[-1:]
    if not openers:
        return None
    opener = max(openers, key=lambda m: m.start())
    if not _ASIDE_OPENING.match(before[opener.end():]):
        return None
    at = sent.start_char + opener.start()
    if any(t.like_num and t.idx < at for t in sent):
        return None  # "1.6 million households receive remittances (or 8% ...)": the earlier figure's thing
    noun = next((t for t in reversed(sent[:tokens[0].i - sent.start]) if t.idx + len(t) <= at and not t.is_space),
                None)
    while noun is not None and noun.dep_ in {"compound", "amod"} and noun.head.i > noun.i:
        noun = noun.head
    return noun if noun is not None and noun.pos_ in {"NOUN", "PROPN"} else None


def _partitive_part(tokens: list[Token]) -> str:
    """What the part of an "of which" share is, read from its clause: the words before the number less their
    verb ("of which goods deemed ... account for 39.4%"), else the words after it less their copula ("of whom
    slightly more than a third are undocumented migrants")."""
    doc = tokens[0].doc
    sent = tokens[0].sent
    before = doc.text[sent.start_char:tokens[0].idx]
    opening = list(_PARTITIVE.finditer(before))
    if not opening:
        return ""
    pre = before[opening[-1].end():]
    after = tokens[-1].idx + len(tokens[-1])
    end = _BOUNDARY.search(doc.text[:sent.end_char], after)
    post = doc.text[after:end.start() if end else sent.end_char]
    if pre.strip() and not _HEDGE_WORDS.match(pre.strip() + " "):
        part = _LINK_VERB.sub("", pre.rstrip()).strip()
    else:
        part = _LEAD_VERB.sub("", post.strip())
    part = re.sub(r"\s*\([^)]*\d{4}[^)]*\)", "", part)  # a cited source is not the part
    return " ".join(part.split()).strip(" ,;:")


_FRONTED_PARTITIVE = re.compile(r"(?:^|[,;:]\s+)of\s+(?:the\s+)?((?:[^,;:()]|,(?=\d))+?),\s*$", re.IGNORECASE)


def _fronted_partitive(tokens: list[Token]) -> str:
    """The whole a number subject is taken out of, set before it ("of the country's 2,435 municipalities,
    832 reported ..."): its noun phrase without the number; "" for a pointer ("Of these, 40 ...")."""
    sent = tokens[0].sent
    m = _FRONTED_PARTITIVE.search(sent.doc.text[sent.start_char:tokens[0].idx])
    if not m:
        return ""
    phrase = " ".join(re.sub(r"\d[\d.,]*", " ", m.group(1)).split())
    return "" if phrase.lower() in _POINTERS or not re.search(r"[^\W\d_]{3,}", phrase) else phrase


def _comma_antecedent(pointer: Token) -> Token | None:
    """The noun a ", which" stands for when the parse did not hang its clause on it: the first noun up the
    parse from the word before the comma ("the income earned from selling labour abroad, which totaled")."""
    doc = pointer.doc
    k = pointer.i - 1
    if k <= pointer.sent.start or doc[k].text != ",":
        return None
    tok = doc[k - 1]
    for _ in range(8):
        if tok.pos_ in {"NOUN", "PROPN"} and tok.i < k:
            return tok
        if tok.head is tok or tok.head.i > k:
            return None
        tok = tok.head
    return None


def _pointer(tok: Token) -> bool:
    """A noun that points back by its determiner: "this sector", "these figures", "that group"."""
    return any(c.dep_ == "det" and c.lower_ in {"this", "these", "that", "those", "such"} for c in tok.children)


def _restated_part(tokens: list[Token]) -> str:
    """The thing an earlier figure of the sentence counts, when this share restates it ("there were 5.3
    million undocumented Mexicans ..., equal to approximately 60% of ...", "1.6 million households, or 8% of
    ..."): the share measures that part of the whole its "of" names."""
    head = _number_head(tokens)
    link = head.head.head if head.head.lower_ == "to" else head.head
    if link.lower_ not in _RESTATING and head.head.lower_ not in _RESTATING:
        return ""
    sent = tokens[0].sent
    for tok in reversed(sent[:tokens[0].i - sent.start]):
        if tok.like_num and tok.dep_ in {"nummod", "compound"}:
            noun = tok
            while noun.dep_ in {"nummod", "compound", "quantmod"} and noun.head is not noun and noun.head.i > noun.i:
                noun = noun.head
            if noun.pos_ in {"NOUN", "PROPN"}:
                phrase = _phrase(noun, exclude=[t for t in noun.subtree if t.like_num])
                phrase = re.sub(r"\s*\([^)]*\)?", "", phrase)  # a cited source beside it is not the thing
                return re.sub(r"[\s,;]+(?:or|and|i\.e\.)?[\s,;]*$", "", phrase)
    return ""


def _clause_without(tokens: list[Token]) -> str:
    """The words of the number's clause (to its commas, brackets and dashes), the number itself left out."""
    doc = tokens[0].doc
    sent = tokens[0].sent
    text = doc.text
    begin = sent.start_char
    for m in re.finditer(r"[,;:(\[]\s|\s[–—-]\s", text[sent.start_char:tokens[0].idx]):
        begin = sent.start_char + m.end()
    after = tokens[-1].idx + len(tokens[-1])
    end = _BOUNDARY.search(text[:sent.end_char], after)
    words = text[begin:tokens[0].idx] + " " + text[after:end.start() if end else sent.end_char]
    words = re.sub(r"\s*\([^)]*\d{4}[^)]*\)", "", words)  # citations
    return " ".join(words.split()).strip(" ,;:-–")


def _bracketed(tokens: list[Token]) -> bool:
    """Whether the number stands alone in brackets, after at most a hedge ("(some 10 million)")."""
    doc = tokens[0].doc
    k = tokens[0].i - 1
    while k > tokens[0].sent.start and doc[k].pos_ in {"ADV", "ADJ", "ADP"} and doc[k].text != "(":
        k -= 1
    return k >= tokens[0].sent.start and doc[k].text == "("


_LEVEL_OF = re.compile(r"^(?:\w+est\s+|most\s+\w+\s+)?(?:levels?|rates?|degrees?)\s+of\s+", re.I)


_SUBORDINATOR = re.compile(r"^(?:even though|although|though|while|whereas|because|since|if|when)\s+", re.I)
_JUDGED = re.compile(r"\s+(?:is|are|was|were|remains|remain|remained)\s+(?:very\s+|relatively\s+|quite\s+|still\s+)?"
                     r"(?:low|high|small|large|significant|considerable|modest|substantial|limited|lower|higher|"
                     r"smaller|larger|negligible|marginal)\b.*$"
                     # "Mexican immigrants account for the largest group (27.6%)": the rank is the writer's
                     r"|\s+(?:account|accounts|accounted|make|makes|made|form|forms|formed|represent|represents|"
                     r"represented|constitute|constitutes|constituted)\s+(?:up\s+)?(?:for\s+)?the\s+(?:single\s+)?"
                     r"(?:largest|biggest|smallest|main|major|leading)\s+(?:group|share|part|segment|portion)\b.*$",
                     re.I)


def _before_bracket(tokens: list[Token]) -> str:
    """The clause a bracketed share restates, up to its bracket: "more than half of those Mexicans were
    reported as having no medical coverage (52.6%)"."""
    doc = tokens[0].doc
    sent = tokens[0].sent
    k = tokens[0].i - 1
    while k > sent.start and doc[k].pos_ in {"ADV", "ADJ", "ADP"} and doc[k].text != "(":
        k -= 1
    if k <= sent.start or doc[k].text != "(":
        return ""
    text = doc.text[sent.start_char:doc[k].idx]
    begin = max((m.end() for m in re.finditer(r"[,;:]\s|\s[–—-]\s", text)), default=0)
    first = next((t for t in sent if t.idx >= sent.start_char + begin), None)
    if first is not None and first.pos_ == "VERB" and first.dep_ != "ROOT" and first.i < k:
        # "..., report the lowest levels of health coverage (46.4%)": the clause's subject is elsewhere, and
        # what the share measures is the verb's object
        begin = doc[first.i + 1].idx - sent.start_char
    clause = re.sub(r"^(?:the|a|an)\s+", "", _SUBORDINATOR.sub("", " ".join(text[begin:].split())), flags=re.I)
    # "the relative participation of Mexican immigrants in agriculture is low in comparison with other
    # occupations (5.9%)": the judgement is the writer's, what is measured is the subject
    judged = _JUDGED.sub("", clause)
    clause, shortest = judged, (2 if judged != clause else 4)
    if first is not None and first.pos_ == "VERB" and first.dep_ != "ROOT" and first.i < k:
        # "report the lowest levels of health coverage (46.4%)": the judgement and the level are the writer's,
        # what is measured is the health coverage
        measured_noun = _LEVEL_OF.sub("", clause)
        if measured_noun != clause:
            return measured_noun
    # "rises to 49% (59.9% first generation and ...)": the clause is another figure's, the bracket its parts
    return clause if len(clause.split()) >= shortest and not re.search(r"\d\S*$", clause) else ""


_OBSERVED = {"record", "register", "report", "observe", "find", "see", "estimate", "measure", "note"}


def observed_among(tokens: list[Token]) -> str:
    """Where a figure that names nothing by itself was observed: "in contrast to the 63.3% recorded among other
    Latin Americans" gives "among other Latin Americans"; "" when the number has no such participle. The
    figure measures what the sentence's earlier figure of its unit measures, there."""
    head = _number_head(tokens)
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children):
        return ""
    for part in head.children:
        if part.dep_ == "acl" and part.tag_ == "VBN" and part.lemma_ in _OBSERVED:
            where = next((c for c in part.children if c.dep_ == "prep" and c.lower_ in {"among", "in", "for", "at"}),
                         None)
            if where is not None:
                return _phrase(where, exclude=[])
    return ""


def _number_head(tokens: list[Token]) -> Token:
    """The token that stands for the whole number in the parse ("%" of "34.9%", "million" of "1.4 million")."""
    inside = {t.i for t in tokens}
    for tok in tokens:
        if tok.head.i not in inside or tok.head is tok:
            return tok
    return tokens[-1]


def _relative_antecedent(verb: Token) -> Token | None:
    """The noun a relative clause of the number hangs on: "people born in Mexico, of whom 39,748 have ..."
    (a verb joined to such a clause by "and" shares it)."""
    for _ in range(3):
        if verb.dep_ == "relcl" and verb.head.pos_ in {"NOUN", "PROPN"}:
            return verb.head
        if verb.dep_ != "conj":
            return None
        verb = verb.head
    return None


def _parenthesised(tokens: list[Token]) -> Token | None:
    """The noun a number in brackets stands beside: "the food and clothing industries (437,000)",
    "Mexican-born emigrants (whether documented or not, and accounting for some 10 million)"."""
    first = tokens[0]
    doc = first.doc
    depth, k = 0, first.i - 1
    while k >= first.sent.start:
        if doc[k].text == ")":
            depth += 1
        elif doc[k].text == "(":
            if depth == 0:
                break
            depth -= 1
        k -= 1
    if k < first.sent.start + 1 or doc[k].text != "(":
        return None
    head = doc[k - 1]
    while head.dep_ in {"compound", "amod", "nmod"} and head.head.i > head.i:
        head = head.head
    # "immigrants ... born in Mexico (10.2 million)": the bracket stands beside the noun the phrase qualifies
    for _ in range(3):
        if head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.dep_ in {"acl", "relcl"} \
                and head.head.head.head.pos_ == "NOUN":
            head = head.head.head.head
    return head if head.pos_ in {"NOUN", "PROPN"} else None


def _people_in(place: Token) -> str:
    """The people a clause places in ``place`` ("Mexican immigrants are most concentrated in the basic metals,
    metallic products, machinery and equipment [industries] (502,000)"), and the place with all its conjuncts:
    "Mexican immigrants; in basic metals, metallic products, machinery and equipment industries"; "" unless the
    clause's subject counts persons and the place does not."""
    first = place
    while first.dep_ == "conj":
        first = first.head
    prep = first.head
    if first.dep_ != "pobj" or prep.lower_ not in {"in", "among", "across", "at"} or \
            canonical_noun(place.lemma_.lower()) == "person":
        return ""
    verb = prep.head
    if verb.dep_ == "acomp":
        verb = verb.head
    who = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i < prep.i), None)
    if who is None or who.pos_ != "NOUN" or canonical_noun(who.lemma_.lower()) != "person":
        return ""
    return f"{_phrase(who, exclude=[])}; {prep.lower_} {_phrase(first, exclude=[])}"


_QUANTIFIERS = {"most", "half", "majority", "minority", "third", "quarter", "many", "some", "few", "little",
                "much", "all", "none"}


def _gapped(tokens: list[Token]) -> Token | None:
    """The subject of a clause whose verb is left out: "and imports by 13.4%" after "exports expanded by
    12.4%", the noun a conjunction joins right before the number's "by" or "to"."""
    first = tokens[0]
    sent = first.sent
    k = first.i - 1
    while k > sent.start and first.doc[k].lower_ in {"about", "almost", "nearly", "some", "around", "only"}:
        k -= 1
    if k - 1 <= sent.start or first.doc[k].lower_ not in {"by", "to"}:
        return None
    noun = first.doc[k - 1]
    before = first.doc[k - 2]
    if noun.pos_ in {"NOUN", "PROPN"} and noun.dep_ == "conj" and before.lower_ in {"and", "while", "but", ","}:
        return noun
    return None


def _noun_words(noun: Token) -> str:
    """A noun with the compounds and adjectives before it ("Mexican immigrants", "maquiladoras")."""
    return " ".join([t.text for t in noun.lefts if t.dep_ in {"compound", "amod"}] + [noun.text])


def _owner(subject: Token) -> str:
    """What "their"/"its" of a subject stands for: the nearest plural (or singular, for "its") noun before it
    in the sentence, with its adjectives and compounds."""
    poss = next((c for c in subject.children if c.dep_ == "poss" and c.lower_ in {"their", "its"}), None)
    if poss is None:
        return ""
    want = {"NNS", "NNPS"} if poss.lower_ == "their" else {"NN", "NNP"}
    sent = subject.sent
    for tok in reversed(sent[:subject.i - sent.start]):
        if tok.tag_ in want and tok.i not in {t.i for t in subject.subtree}:
            return _noun_words(tok)
    return ""


def _bracketed_with(subject: Token | None, tokens: list[Token]) -> bool:
    """Whether the clause's subject stands inside the bracket the number is in ("... (in 2003, their incomes
    totaled USD $272 billion)"): the clause is its own, not an aside on the noun before the bracket."""
    if subject is None or subject.i > tokens[0].i:
        return False
    doc = subject.doc
    if any(t.text in {"(", ")"} for t in doc[subject.i:tokens[0].i]):
        return False
    k = subject.i - 1
    while k >= subject.sent.start and doc[k].text not in {"(", ")"}:
        k -= 1
    return k >= subject.sent.start and doc[k].text == "("


def _qualified(head: Token) -> str:
    """The noun phrase a place qualifies through a participle, read from the text when the parse lost it:
    "immigrants – both documented and undocumented – born in Mexico (10.2 million)" beside "Mexico" measures
    the immigrants born there."""
    if head.pos_ != "PROPN" or head.dep_ != "pobj" or head.head.head.tag_ not in {"VBN", "VBG"}:
        return ""
    verb = head.head.head
    sent = head.sent
    for tok in reversed(sent[max(0, verb.i - 10 - sent.start):verb.i - sent.start]):
        if tok.text in {";", "(", ")"} or tok.like_num:
            return ""
        if tok.tag_ == "NNS":
            words = head.doc.text[tok.idx:head.idx + len(head)]
            return " ".join(re.sub(r"\s[–—-]\s", " ", words).split())
    return ""


def _tail(doc: Any, start: int) -> str:
    """The words of the clause from token ``start`` to its next boundary in the sentence: a comma or semicolon,
    a bracket, a dash, "and"/"or" before another number, the sentence's end."""
    tok = doc[start]
    sent = tok.sent
    if tok.text in {",", ";", ":", "(", ")", "–", "—", "."}:
        return ""  # the clause ends at the number: "an annual average of 2.9%, while ..."
    text = doc.text[:sent.end_char]
    end = _BOUNDARY.search(text, tok.idx + 1)
    stop = end.start() if end else len(text)
    if end and end.group(0).strip() == "," and _LIST_REST.fullmatch(text, end.end()):
        # "investment in housing, land, livestock, and commercial undertakings": a list of three or more
        stop = len(text) - 1 if text.endswith(".") else len(text)
    words = text[tok.idx:stop]
    words = re.sub(r"^(?:the|a|an|all|those|these)\s+", "", words.strip(), flags=re.I)
    return " ".join(words.split())


# the rest of a sentence that is the rest of a list: "land, livestock, and commercial undertakings."
_LIST_REST = re.compile(r"(?:\s*[^\W\d_][^,;:()\d]{0,40},)+\s*(?:and|or)\s+[^\W\d_][^,;:()\d]{0,40}?\.?\s*")


def _join(first: str, second: str, word: str) -> str:
    if not word:
        return f"{first} {second}" if first and second else first or second
    if word == ":":
        return f"{first}: {second}" if first and second else first or second
    return f"{first} {word} {second}" if first and second else first or second


def _clip(text: str) -> str:
    clipped = " ".join(text.split()[:_MAX_WORDS]).strip(" ,;:-–—")
    if clipped.count("(") > clipped.count(")"):
        clipped = clipped.rstrip(" (")
    return re.sub(r"\s+(?:and|or)$", "", clipped.strip(" ,;:-–—"))  # "first generation and" (the next item's)


def vague(subject: Token | None) -> bool:
    """A subject that names no quantity by itself ("this figure", "it", "which")."""
    return subject is not None and subject.lower_ in _VAGUE_SUBJECTS and subject.dep_ != "pobj" and \
        not any(c.dep_ == "prep" for c in subject.children)


def _colon_list(tokens: list[Token]) -> str:
    """What a verbless list of figures after a colon gives the values of: the thing of the last clause
    before the colon ("relatively little is spent on truly productive investments, whose proportion has
    actually been falling: 7% in 1979, 3% in 1984" -> "proportion of truly productive investments"); ""
    when the number is not in such a list."""
    sent = tokens[0].sent
    colons = [t for t in sent[:tokens[0].i - sent.start] if t.text == ":"]
    if not colons:
        return ""
    colon = colons[-1]
    doc = sent.doc
    if any(t.pos_ in {"VERB", "AUX"} for t in sent if colon.i < t.i):
        return ""
    lead = [t for t in sent if t.i < colon.i]
    whose = next((t for t in reversed(lead) if t.lower_ == "whose" and t.head.pos_ == "NOUN"), None)
    if whose is not None:
        owner = whose.head
        verb = owner.head
        antecedent = verb.head if verb.dep_ == "relcl" else None
        if antecedent is None or antecedent.pos_ not in {"NOUN", "PROPN"}:
            k = whose.i - 1  # the parse lost the relative clause: the noun before ", whose"
            antecedent = doc[k - 1] if k > sent.start and doc[k].text == "," else None
        if antecedent is not None and antecedent.pos_ in {"NOUN", "PROPN"}:
            inside = [c for c in antecedent.children if c.i >= whose.i - 1]
            return f"{owner.lemma_.lower()} of {_phrase(antecedent, exclude=inside)}"
    for tok in reversed(lead):
        if tok.dep_ in {"nsubj", "nsubjpass", "attr"} and tok.pos_ in {"NOUN", "PROPN"} and not vague(tok):
            return _phrase(tok, exclude=[t for t in tok.children if t.i > colon.i])
    return ""


def lead_topic(tokens: list[Token]) -> str:
    """What the clause before a colon or semicolon ahead of the number is about ("manufacturing is the
    principal component of Mexican exports: in 2005 they accounted for 81.6%"): the complement of its "be",
    else its subject; "" when no such clause is there."""
    sent = tokens[0].sent
    breaks = [t for t in sent[:tokens[0].i - sent.start] if t.text in {":", ";"}]
    if not breaks:
        return ""
    before = [t for t in sent[:breaks[-1].i - sent.start] if t.dep_ != "punct"]
    for tok in before:
        if tok.lemma_ == "be":
            for child in tok.children:
                if child.dep_ == "attr" and child.i < breaks[-1].i:
                    # "manufacturing is the principal component of Mexican exports: ... they accounted for
                    # 81.6%": the subject is what "they" counts, the complement what it is
                    named = [c for c in tok.children if c.dep_ == "nsubj" and c.pos_ in {"NOUN", "PROPN"}
                             and not vague(c)]
                    complement = _phrase(child, exclude=[])
                    return f"{_phrase(named[0], exclude=[])}; {complement}" if named else complement
    for tok in before:
        if tok.dep_ in {"nsubj", "nsubjpass"} and tok.pos_ != "PRON" and not vague(tok):
            return _phrase(tok, exclude=[])
    return ""


def host_subject(pronoun: Token) -> str:
    """What a pronoun subject of a clause inside a sentence names when the sentence's own subject comes before
    it ("The economic importance of this import regime ... is such that it explains 84.6% of Mexico's
    exports"): that subject; "" when the pronoun's clause is the sentence's own."""
    for verb in list(pronoun.head.ancestors):  # the clauses that hold the pronoun's, innermost first
        for child in verb.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and child.pos_ in {"NOUN", "PROPN"} and child.i < pronoun.i \
                    and not vague(child):
                return _phrase(child, exclude=[])
    return ""


def topic(sent: Span) -> str:
    """What a sentence is about, for a later "This figure ...": the copula's complement, else the subject;
    "" where that names nothing in words (a table's "4", a stray "2000*")."""
    found = _topic(sent)
    return found if _WORDED.search(found) else ""


_WORDED = re.compile(r"[^\W\d_]{2,}")


def _topic(sent: Span) -> str:
    root = sent.root
    if root.lemma_ in _INCLUDES:
        for child in root.children:
            if child.dep_ == "dobj":
                return _phrase(child, exclude=[])
    if root.lemma_ == "be":
        for child in root.children:
            if child.dep_ in {"attr", "acomp"}:
                inner = of_object(child) if child.lower_ in {"that", "those"} else child
                return _phrase(inner or child, exclude=[])
    for child in root.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            return _phrase(child, exclude=[])
    return ""


def _phrase(head: Token, exclude: list[Token]) -> str:
    """The words of ``head``'s subtree (prepositional chains and relative clauses included), trimmed: another
    number's part of it (a conjunct, clause or aside that holds a number is another quantity: "385,000
    individuals ... and 1.4 million", "households that receive remittances (8% of the total)") is left out,
    and so are the number's own modifiers."""
    skip = {t.i for tok in exclude for t in tok.subtree if tok.dep_ != "ROOT" and t.i != head.i}
    # (a number joined to the name by a hyphen is part of it: "Three-For-One")
    skip |= {t.i for child in head.children if child.dep_ in {"nummod", "quantmod"} and child.i < head.i
             and not _hyphened(child) for t in child.subtree}
    own = {t.i for t in exclude}
    for tok in head.subtree:
        if tok.like_num and tok.i not in own and tok.i not in skip and tok.i != head.i:
            aside = _aside(tok, head)
            if aside is not None:
                skip |= {t.i for t in aside.subtree}
                if aside.dep_ == "conj":
                    skip |= {c.i for c in aside.head.children if c.dep_ == "cc"}
    words = [t for t in head.subtree if t.i not in skip and not (t.i < head.i and t.dep_ == "det")]
    sent = head.sent
    words = [t for t in words if sent.start <= t.i < sent.end]
    text = "".join(t.text_with_ws for t in words[: _MAX_WORDS * 2]).strip()
    text = re.sub(r"\s+([,.;:)])", r"\1", re.sub(r"\(\s+", "(", text))
    text = re.sub(r"\s*\([^)]*\d{4}[^)]*\)?", "", text)  # drop citations
    text = re.sub(r"\s*\(\s*[,;]?\s*\)", "", text)  # brackets left empty
    for tok in words:
        if tok.lower_ in {"which", "whom"} and tok.head.lower_ == "of":
            named = _relative_head(tok)
            if named:  # "maquiladoras, the exports of which increased 28-fold": the exports of maquiladoras
                text = re.sub(rf"\bof {tok.text}\b", f"of {named}", text, count=1)
    return _clip(text)


def _hyphened(tok: Token) -> bool:
    """A token written onto a hyphen that follows it ("Three" of "Three-For-One")."""
    doc = tok.doc
    return not tok.whitespace_ and tok.i + 1 < len(doc) and doc[tok.i + 1].text in {"-", "–"} \
        and not doc[tok.i + 1].whitespace_


def _relative_head(pointer: Token) -> str:
    """The noun a relative pronoun stands for, with its compounds and adjectives ("maquiladoras")."""
    tok = pointer
    for _ in range(6):
        if tok.dep_ == "relcl" and tok.head.pos_ in {"NOUN", "PROPN"}:
            return _noun_words(tok.head)
        if tok.head is tok:
            break
        tok = tok.head
    # the parse lost the relative clause: the noun before the comma that opens "..., the exports of which"
    sent = pointer.sent
    k = pointer.i - 1
    while k > sent.start and pointer.i - k < 8 and pointer.doc[k].text != ",":
        k -= 1
    before = pointer.doc[k - 1] if k > sent.start and pointer.doc[k].text == "," else None
    return before.text if before is not None and before.pos_ in {"NOUN", "PROPN"} else ""


def _aside(tok: Token, head: Token) -> Token | None:
    """The nearest ancestor of a number inside ``head``'s phrase that starts another statement: a conjunct,
    relative or reduced clause, or an aside in brackets (None when the number is the phrase's own)."""
    while tok.i != head.i and tok.head is not tok:
        if tok.dep_ in {"conj", "relcl", "acl", "appos", "advcl", "parataxis"}:
            return tok
        tok = tok.head
    return None



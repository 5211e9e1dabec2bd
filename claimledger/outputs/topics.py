"""Topic headings of the fact sheet: one general keyword rule over a group's quantity phrase and sentences.

Keywords rather than embeddings: the headings are few and named in the papers' own words, a stem list is
readable and auditable, and it needs no model at fact-sheet time.
"""
from __future__ import annotations

# The rule (general, not per group): each topic has word stems; a group scores every topic by the stems
# found in its text, weighted by where they are found (quantity phrase 3, the claim's sentence 2, the
# sentence before it 1, which is what "This figure ..." points back to). Migration is the backdrop of every
# paper, so its stems count half: a specific topic wins whenever it is named. No hit at all gives "other";
# ties go to the earlier topic in this list.
TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Remittances", ("remittance", "remit", "money transfer", "sent home")),
    ("Education", ("degree", "universit", "graduate", "postgraduate", "doctorate", "schooling", "education",
                   "qualification", "school", "professional")),
    ("Trade and maquila", ("maquila", "export", "import", "trade", "assembly", "manufactur", "foreign invest",
                           "foreign direct", "in-bond", "balance of payments")),
    ("Wages", ("wage", "salar", "earning", "per hour", "income", "pay")),
    ("Depopulation", ("depopulat", "population growth", "negative rate", "population loss", "lost population",
                      "abandon")),
    ("Organisations", ("club", "federation", "organization", "organisation", "associations", "collective")),
    ("Migration stocks and flows", ("migra", "immigra", "emigra", "born in mexico", "mexican-born",
                                    "mexican origin", "mexican-origin", "undocumented", "residen", "settle",
                                    "latino", "hispanic", "population", "diaspora", "border", "municipalit",
                                    "labor force", "workforce", "manpower", "voter")),
)
OTHER = "Other"
BACKDROP = "Migration stocks and flows"
WEIGHTS = {"quantity": 3.0, "sentence": 2.0, "context": 1.0}


def topic_of(quantity: str, sentences: list[str], contexts: list[str]) -> str:
    """The topic heading for a group's text by the keyword rule above (see ``TOPICS``)."""
    scores = {name: 0.0 for name, _ in TOPICS}
    fields = {"quantity": [quantity], "sentence": sentences, "context": contexts}
    for name, stems in TOPICS:
        factor = 0.5 if name == BACKDROP else 1.0
        for field, texts in fields.items():
            for text in texts:
                low = text.lower()
                scores[name] += factor * WEIGHTS[field] * sum(1 for s in stems if s in low)
    best = max(scores.items(), key=lambda kv: kv[1])  # max keeps the first of equal scores: list order
    return best[0] if best[1] > 0 else OTHER

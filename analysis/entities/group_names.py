"""Group names the model cut short: "Liberal Democrat" tagged only on "Democrat".

The model often tags the last word of a two-word party or group name ("Liberal *Democrats*",
"Scottish *Nationalists*") and leaves the first outside every entity. An organisation or group
span takes in the capitalised word before it when the article writes that same two-word
sequence at least twice (singular or plural), once at least where the first word cannot be capitalised for being the
first of a sentence: repetition in the article's own text is the evidence, so "Senior Democrats"
(a sentence's first word, once) stays "Democrats". A title is never taken in: "Mr Campbell"
tagged ORG on "Campbell" is a person's name, for the label rules to see.
"""

from __future__ import annotations

from collections import Counter

from .names import TITLES

GROUP_LABELS = frozenset({"ORG", "NORP"})


def _fold(word: str) -> str:
    """Singular and plural alike: "Democrats" and "Democrat" are one name's forms."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _pairs(doc) -> tuple[Counter, Counter]:
    """(first word, next word) lower-cased, where the first is capitalised: all, and mid-sentence."""
    every: Counter = Counter()
    inside: Counter = Counter()
    for tok in doc[:-1]:
        if tok.is_title and tok.is_alpha:
            pair = (tok.lower_, _fold(doc[tok.i + 1].lower_))
            every[pair] += 1
            if not tok.is_sent_start:
                inside[pair] += 1
    return every, inside


def extend_group_names(doc, spans: list[list], covered: bytearray) -> None:
    """Move the start of ORG/NORP spans (``[start, end, label]``) over the word the article's
    repetition shows to be part of the name (see the module docstring); updates *covered*."""
    candidates = [sp for sp in spans if sp[2] in GROUP_LABELS and sp[0] > 0 and not covered[sp[0] - 1]]
    if not candidates:
        return
    every, inside = _pairs(doc)
    for sp in candidates:
        before = doc[sp[0] - 1]
        pair = (before.lower_, _fold(doc[sp[0]].lower_))
        if before.is_title and before.is_alpha and before.lower_ not in TITLES and every[pair] >= 2 and inside[pair] >= 1:
            sp[0] -= 1
            covered[sp[0]] = 1

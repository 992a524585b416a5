"""Acronyms an article introduces: "the World Health Organization (WHO)" says what "WHO" is.

A name the model tagged, followed by a parenthesised single word whose letters are the name's
initials, defines that word in the article. Every mention of the acronym then carries the full
name and the full name's label (the article says what it is: "UKIP" tagged PERSON is the UK
Independence Party, an ORG), and untagged occurrences of the acronym are tagged. People are
left out: "Michael Portillo (MP)" spells a title with the initials of a name.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .. import lexicon
from .names import ORG_HEADS
from .records import NAME_LABELS, Ent, set_span

SKIP_WORDS = lexicon.words("acronym_skip_words")
# One parenthesised word right after a name: "(WHO)", "(DfES)", "(Nato)"; not "(and its
# allies)", "(NYSE: XYZ)", "(D-Calif.)".
_PARENTHETICAL = re.compile(r"\s*\(\s*([A-Z][A-Za-z]{1,9})\s*\)")
DEFINING_LABELS = NAME_LABELS - {"PERSON"}


def initials_match(acronym: str, full_name: str) -> bool:
    """Whether *acronym*'s letters are *full_name*'s initials, in order (case-insensitive).

    A word may give its initial, or all its letters when it is written in capitals ("UK
    Independence Party" -> UKIP); a function word ("of", "the", "for") may give its initial or
    nothing. Hyphenated words count as words. At least two words must give letters.
    """
    letters = acronym.replace(".", "").lower()
    words = [w for w in re.split(r"[\s\-–]+", full_name) if w]
    if len(letters) < 2 or not letters.isalpha() or len(words) < 2:
        return False
    return _match(letters, tuple(words), 0, 0, 0)


def _match(letters: str, words: tuple[str, ...], i: int, j: int, used: int) -> bool:
    """Letters ``letters[i:]`` from words ``words[j:]``; `used` words gave letters so far."""
    if j == len(words):
        return i == len(letters) and used >= 2
    word = words[j]
    lower = word.lower()
    if lower in SKIP_WORDS and _match(letters, words, i, j + 1, used):
        return True
    if i < len(letters) and lower[0] == letters[i] and _match(letters, words, i + 1, j + 1, used + 1):
        return True
    capitals = len(word) > 1 and word.isupper() and word.isalpha()
    return capitals and letters.startswith(lower, i) and _match(letters, words, i + len(word), j + 1, used + 1)


def acronym_definitions(text: str, ents: list[Ent]) -> dict[str, str]:
    """Acronym -> full name, for each name of *ents* followed in *text* by its acronym in brackets.

    An acronym defined as two different names in one article is left out.
    """
    found: dict[str, set[str]] = {}
    for e in ents:
        if e.label not in DEFINING_LABELS or not e.name:
            continue
        m = _PARENTHETICAL.match(text, e.end_char)
        if m and _is_acronym(m.group(1)) and initials_match(m.group(1), e.name):
            found.setdefault(m.group(1), set()).add(e.name)
    return {acronym: names.pop() for acronym, names in found.items() if len(names) == 1}


@lru_cache(maxsize=4096)
def _is_acronym(word: str) -> bool:
    """Capitals ("WHO", "DfES"), or a short capitalised word as house styles write them ("Nato")."""
    capitals = sum(c.isupper() for c in word)
    return capitals >= 2 or (capitals == 1 and len(word) <= 6)


def apply_acronyms(ents: list[Ent], definitions: dict[str, str]) -> None:
    """Give every mention of a defined acronym the full name as its name, and one label to all.

    The label is ORG where the full name ends in an organisation's head word ("Qualifications
    and Curriculum Authority", however the model tagged it), else the one the full name and its
    acronym carry most often (the full name's first on a tie). PERSON does not vote: an acronym
    is no person, whatever its position ("UKIP said").
    """
    full_names = set(definitions.values())
    full = [e for e in ents if e.name in full_names]
    short = [e for e in ents if e.name in definitions]
    for e in short:
        e.name = definitions[e.name]
    labels = _group_labels(full + short)  # full names first: they win a tie
    for e in full + short:
        e.label = labels.get(e.name, e.label)


def _group_labels(group: list[Ent]) -> dict[str, str]:
    votes: dict[str, Counter] = {}
    for e in group:
        if e.label in DEFINING_LABELS:
            votes.setdefault(e.name, Counter())[e.label] += 1
    labels = {name: counts.most_common(1)[0][0] for name, counts in votes.items()}
    return {name: "ORG" if name.split(" ")[-1].lower() in ORG_HEADS else label for name, label in labels.items()}


def resolve_acronyms(article, ents: list[Ent], dropped: list[Ent]) -> list[Ent]:
    """*ents* with the article's acronyms tagged wherever they stand alone and named in full.

    Tokens inside another span, or of a span dropped as no entity, are left alone.
    """
    definitions = acronym_definitions(article.text, ents)
    if not definitions:
        return ents
    ents = ents + _untagged_acronyms(article, ents + dropped, definitions)
    apply_acronyms(ents, definitions)
    return sorted(ents, key=lambda e: e.start)


def _untagged_acronyms(article, spans: list[Ent], definitions: dict[str, str]) -> list[Ent]:
    covered = bytearray(len(article.doc))
    for e in spans:
        covered[e.start : e.end] = b"\x01" * (e.end - e.start)
    added = []
    for i, word in enumerate(article.columns.strings("ORTH")):
        if word in definitions and not covered[i]:
            e = Ent(i, i + 1, "ORG", 0, 0, "")
            set_span(article.doc, article.text, e, i, i + 1)
            added.append(e)
    return added

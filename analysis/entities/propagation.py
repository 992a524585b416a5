"""Label propagation: tag the article's other occurrences of names it has tagged somewhere.

The model often tags a name once and misses it elsewhere, or tags "Phil Simmons" but not the
later "Simmons". Untagged token runs equal to a tagged name (or to the surname of a tagged
full name) get its label, unless they sit inside a longer capitalised run or the article also
writes them in lower case. Spans dropped as no entity (credits, titles) stay untagged.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from .context import ArticleContext
from .names import TITLES, name_key
from .records import NAME_LABELS, Ent, set_span


def propagate(article: ArticleContext, ents: list[Ent], dropped: list[Ent]) -> list[Ent]:
    """*ents* with the untagged occurrences of their names added, in token order."""
    labels = _name_labels(article, ents)
    if not labels:
        return ents
    covered = bytearray(len(article.doc))
    for e in ents + dropped:
        covered[e.start : e.end] = b"\x01" * (e.end - e.start)
    added = _untagged_occurrences(article, labels, covered)
    return sorted(ents + added, key=lambda e: e.start) if added else ents


def _name_labels(article: ArticleContext, ents: list[Ent]) -> dict[tuple[str, ...], str]:
    """Token words of each tagged name -> its label, where the article's votes agree."""
    labels = {}
    for words, votes in _name_votes(article, ents).items():
        ranked = votes.most_common(2)
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            labels[words] = ranked[0][0]
    return labels


def _name_votes(article: ArticleContext, ents: list[Ent]) -> dict[tuple[str, ...], Counter]:
    columns = article.columns
    orth = columns.strings("ORTH")
    lower_words = {w for w, low in zip(columns.strings("LOWER"), columns.flags("IS_LOWER")) if low}
    max_words = article.options.max_propagated_words
    known: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    for e in ents:
        if e.label not in NAME_LABELS:
            continue
        words = tuple(orth[e.start : e.end])
        if len(words) <= max_words and is_name_like(words, lower_words):
            known[words][e.label] += 1
        if e.label == "PERSON" and e.end - e.start > 1 and _is_surname(orth[e.end - 1], lower_words, article):
            known[(orth[e.end - 1],)]["PERSON"] += 1
    return known


def _is_surname(last: str, lower_words: set[str], article: ArticleContext) -> bool:
    """Whether the last word of a full name may stand alone for the person."""
    return (
        len(last) > 2
        and is_name_like((last,), lower_words)
        and name_key(last) not in article.places
        and name_key(last) not in TITLES
    )


def _untagged_occurrences(article: ArticleContext, labels: dict[tuple[str, ...], str], covered: bytearray) -> list[Ent]:
    toks = article.columns.strings("ORTH")
    first_words = {w[0] for w in labels}
    added = []
    i, n = 0, len(article.doc)
    while i < n:
        if covered[i] or toks[i] not in first_words:
            i += 1
            continue
        size, label = _longest_name_at(article, labels, covered, toks, i)
        if not size:
            i += 1
            continue
        e = Ent(i, i + size, label, 0, 0, "")
        set_span(article.doc, article.text, e, i, i + size)
        added.append(e)
        i += size
    return added


def _longest_name_at(article: ArticleContext, labels, covered: bytearray, toks: list[str], i: int) -> tuple[int, str]:
    """(size, label) of the longest known name starting at token *i* that may be tagged, else (0, "")."""
    doc = article.doc
    for size in range(min(article.options.max_propagated_words, len(doc) - i), 0, -1):
        label = labels.get(tuple(toks[i : i + size]))
        if (
            label is not None
            and not any(covered[i : i + size])
            and not _capitalised_word(doc, i - 1)
            and not _capitalised_word(doc, i + size)
        ):
            return size, label
    return 0, ""


def is_name_like(words: tuple[str, ...], lower_words: set[str]) -> bool:
    """Capitalised words, not all of them ordinary words the article writes in lower case."""
    return (
        bool(words)
        and words[0][:1].isupper()
        and any(c.isalpha() for c in "".join(words))
        and not (len(words) == 1 and words[0].lower() in lower_words)
        and not (len(words) == 1 and len(words[0]) < 2)
    )


def _capitalised_word(doc, i: int) -> bool:
    return 0 <= i < len(doc) and doc[i].text[:1].isupper() and doc[i].is_alpha and not doc[i].is_stop

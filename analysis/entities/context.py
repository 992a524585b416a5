"""The per-article context every repair reads, built once by `extract_mentions`.

It holds the Doc, its token columns (`analysis.nlp.DocColumns`), the article's text and
paragraphs, the gazetteer and the options; nothing in it changes while the rules run.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Sequence

from .places import Places


@dataclass(frozen=True)
class Options:
    """Thresholds of the rules (keyword options of `extract_mentions`)."""

    skip_credits: bool = True  # leave out the article's makers (credits, bylines) and caption people
    max_propagated_words: int = 5  # longest tagged name copied to its untagged occurrences
    min_city_for_word: int = 100_000  # a one-word PERSON is a city only if the city is this large
    caption_max_words: int = 60  # a credited paragraph this short is a photo caption


@dataclass(frozen=True)
class ArticleContext:
    """One parsed article as the rules see it."""

    doc: object  # spacy.tokens.Doc
    columns: object  # analysis.nlp.DocColumns of `doc`
    text: str
    paragraphs: Sequence[tuple[int, int]]
    places: Places
    options: Options
    para_starts: list[int] = field(init=False)
    shouting: list[bool] = field(init=False)  # per token: its sentence is in capitals
    lowercase: bool = field(init=False)  # the article has no capital letter at all

    def __post_init__(self) -> None:
        object.__setattr__(self, "para_starts", [p[0] for p in self.paragraphs])
        object.__setattr__(self, "shouting", shouting_sentences(self))
        object.__setattr__(self, "lowercase", not any(c.isupper() for c in self.text))

    def paragraph_of(self, char: int) -> int:
        """Index of the paragraph holding character *char* (-1 before the first)."""
        return bisect_right(self.para_starts, char) - 1

    def sentence_ranges(self) -> list[tuple[int, int]]:
        """Token ranges of the sentences; one range for a Doc without sentence boundaries."""
        if self.doc.has_annotation("SENT_START"):
            return self.columns.sentences
        return [(0, len(self.doc))] if len(self.doc) else []


def shouting_sentences(article: ArticleContext) -> list[bool]:
    """Per token: whether its sentence is written in capitals (a headline).

    In such a sentence a word's shape says nothing about what it names.
    """
    starts, texts, text = article.columns.starts, article.columns.strings("ORTH"), article.text
    out: list[bool] = []
    for a, b in article.sentence_ranges():
        segment = text[starts[a] : starts[b - 1] + len(texts[b - 1])]
        letters = sum(map(str.isalpha, segment))
        upper = sum(map(str.isupper, segment))
        out.extend([letters > 0 and upper > 0.6 * letters] * (b - a))
    return out

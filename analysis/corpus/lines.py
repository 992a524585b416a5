"""A text as lines and paragraphs, and the shapes of lines the boilerplate rules look for.

Boilerplate is recognised line by line: a `Line` keeps its offsets in the text and its
stripped text. Paragraphs are those of `analysis.paragraphs` (the one paragraph rule).
The shapes: a *card line* is short with no final punctuation, as teaser titles and headings
are; a *headline-like* line is a card line in Title Case.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

from analysis import lexicon
from analysis.paragraphs import paragraph_spans

OPENERS = "\"'‘“«([¿¡"
CLOSERS = "\"'’”»)]"
TERMINAL = ".!?;:,…"  # a line ending in one of these is (part of) a sentence
LABEL_FRAME = " \t-–—_*•·|[](){}<>:"  # what frames a label line: "Related:", "- Sponsored -", "[More]"
MAX_HEADLINE_WORDS = 20
_MIN_CARD_WORDS = 2
_TITLE_CASE_SHARE = 0.75
SMALL_WORDS = lexicon.words("headline_small_words")


@dataclass(frozen=True)
class Line:
    """One line of a text: its offsets (newline excluded) and its stripped text."""

    start: int
    end: int
    text: str  # stripped

    @property
    def blank(self) -> bool:
        return not self.text


def split_lines(text: str) -> list[Line]:
    """Every line of `text`, blank ones included, in order."""
    lines = []
    start = 0
    for raw in text.split("\n"):
        end = start + len(raw)
        lines.append(Line(start, end, raw.strip()))
        start = end + 1
    return lines


def group_paragraphs(text: str, lines: list[Line]) -> list[list[int]]:
    """The line numbers of each paragraph of `text`, in order (blank lines belong to none)."""
    spans = paragraph_spans(text)
    groups: list[list[int]] = [[] for _ in spans]
    k = 0
    for i, line in enumerate(lines):
        if line.blank:
            continue
        while spans[k][1] <= line.start:  # that paragraph ended before this line
            k += 1
        groups[k].append(i)
    return groups


def paragraph_numbers(n_lines: int, paragraphs: list[list[int]]) -> list[int]:
    """The paragraph number of each line (-1 for blank lines)."""
    numbers = [-1] * n_lines
    for p, members in enumerate(paragraphs):
        for i in members:
            numbers[i] = p
    return numbers


def is_card_line(line: str) -> bool:
    """Short, one line, no terminal punctuation: how teaser titles and headings look."""
    if not _MIN_CARD_WORDS <= len(line.split()) <= MAX_HEADLINE_WORDS:
        return False
    core = line.rstrip(CLOSERS)
    return bool(core) and core[-1] not in TERMINAL


def is_headline_like(line: str) -> bool:
    """A card line in Title Case (most content words capitalised)."""
    if not is_card_line(line):
        return False
    words = [w.lstrip(OPENERS) for w in line.split()]
    if not _capitalised(words[0]):
        return False
    content = [w for w in words if w and w.lower().strip(CLOSERS + ",") not in SMALL_WORDS]
    if not content:
        return False
    return sum(1 for w in content if _capitalised(w)) / len(content) >= _TITLE_CASE_SHARE


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


@dataclass(frozen=True)
class Layout:
    """A text cut into lines and paragraphs once, for every boilerplate rule to read."""

    text: str
    lines: list[Line]
    paragraphs: list[list[int]]  # line numbers of each paragraph
    paragraph_of: list[int]      # paragraph number of each line, -1 for blank lines

    def spans(self, line_numbers: Iterable[int]) -> Iterator[tuple[int, int]]:
        """The (start, end) of each of these lines."""
        for i in line_numbers:
            yield self.lines[i].start, self.lines[i].end


def layout(text: str) -> Layout:
    """The lines and paragraphs of `text`."""
    lines = split_lines(text)
    paragraphs = group_paragraphs(text, lines)
    return Layout(text, lines, paragraphs, paragraph_numbers(len(lines), paragraphs))

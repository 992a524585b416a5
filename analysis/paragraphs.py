"""The one paragraph rule, shared by every stage that needs paragraphs.

A paragraph break is a blank line: a line holding nothing but whitespace, where whitespace is
Unicode whitespace (so a line of only no-break spaces, common in text extracted from HTML, is
blank too). Corpus cleaning, the sentence breaks added before the parser, quote pairing and the
``para_id`` of mentions (which co-occurrence counts) all use these functions, so they agree on
every text.
"""

from __future__ import annotations

import re

# A newline, then one or more lines of only whitespace other than newline, each ended by a
# newline. ``[^\S\n]`` is Unicode whitespace without the newline: spaces, tabs, NBSP, U+2009 ...
BLANK_LINES = re.compile(r"\n(?:[^\S\n]*\n)+")


def is_paragraph_break(whitespace: str) -> bool:
    """True when the whitespace run *whitespace* (say, a spaCy space token) holds a blank line."""
    return BLANK_LINES.search(whitespace) is not None


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each non-blank paragraph of *text*, trimmed of whitespace."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in BLANK_LINES.finditer(text):
        _add_trimmed(spans, text, start, match.start())
        start = match.end()
    _add_trimmed(spans, text, start, len(text))
    return spans


def paragraph_starts(text: str) -> list[int]:
    """The start offset of each paragraph (``[0]`` for a text with none)."""
    return [start for start, _ in paragraph_spans(text)] or [0]


def _add_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))

"""Teaser blocks: titles (and summaries) of *other* articles that pages put inside or after a story.

Recognised by their shape, not by the words of any one page:

- `teaser_headings`: a line that is only a generic teaser heading ("Related", "More from
  ...", "You may also like": `analysis/data/teaser_headings.txt`), with the card lines (short,
  no final punctuation) right around it;
- `repeated_cards`: a headline-like line that appears twice is a teaser card (a page shows
  the card's title, then the card). When the repeats sit in neighbouring paragraphs they form
  a teaser block: the other card lines beside the earlier repeat are the block's heading,
  whatever its words, and a short paragraph right after the last repeat is the card's summary.

Not a rule, on purpose: "a short heading followed by Title-Case lines is a teaser list".
Measured on the BBC corpus it would blank fixture lists, award shortlists and rankings in 7
articles; without a repeat or a teaser heading, a list of titles is article text.
"""

from __future__ import annotations

import re
from typing import Iterator

from .lines import LABEL_FRAME, TERMINAL, Layout, is_card_line, is_headline_like
from .phrasebook import lexicon_regex

TEASER_HEADING = re.compile(lexicon_regex("teaser_headings"), re.IGNORECASE)
_MIN_REPEATED_WORDS = 4
_MAX_SUMMARY_WORDS = 60


def is_teaser_heading(line: str) -> bool:
    """A line that is only a generic teaser heading, punctuation around it aside."""
    core = line.strip(LABEL_FRAME)
    return bool(core) and core[-1] not in TERMINAL and TEASER_HEADING.fullmatch(" ".join(core.split())) is not None


def teaser_headings(page: Layout) -> Iterator[tuple[int, int]]:
    """A generic teaser heading plus the teaser titles right around it."""
    for i, line in enumerate(page.lines):
        if not line.blank and is_teaser_heading(line.text):
            yield line.start, line.end
            yield from page.spans(_cards_around(page, i))


def _cards_around(page: Layout, i: int) -> Iterator[int]:
    """Headline-like lines directly above line `i`; card lines below it, then whole paragraphs of them."""
    p = page.paragraph_of[i]
    members = page.paragraphs[p]
    pos = members.index(i)
    for j in reversed(members[:pos]):
        if not is_headline_like(page.lines[j].text):
            break
        yield j
    for j in members[pos + 1:]:
        if not is_card_line(page.lines[j].text):
            return  # prose under the heading: the block ends here
        yield j
    for q in range(p + 1, len(page.paragraphs)):
        if not all(is_card_line(page.lines[j].text) for j in page.paragraphs[q]):
            break
        yield from page.paragraphs[q]


def repeated_cards(page: Layout) -> Iterator[tuple[int, int]]:
    """A Title-Case line repeated verbatim is a teaser card; blank every repeat, and its block.

    The document's first line is the article's own headline: never blanked, and a repeat of
    it is not a teaser block.
    """
    first = next((i for i, line in enumerate(page.lines) if not line.blank), None)
    for found in _repeated_headlines(page):
        yield from page.spans(i for i in found if i != first)
        if first not in found:
            yield from _teaser_block(page, found)


def _repeated_headlines(page: Layout) -> Iterator[list[int]]:
    """The line numbers of each headline-like line that appears more than once."""
    where: dict[str, list[int]] = {}
    for i, line in enumerate(page.lines):
        if not line.blank:
            where.setdefault(line.text, []).append(i)
    for headline, found in where.items():
        if len(found) < 2 or len(headline.split()) < _MIN_REPEATED_WORDS or not is_headline_like(headline):
            continue
        if headline.isupper():  # repeated ALL-CAPS lines are table headers ("W L PCT GB"), not teasers
            continue
        yield found


def _teaser_block(page: Layout, found: list[int]) -> Iterator[tuple[int, int]]:
    """Heading and summary of a card shown twice in neighbouring paragraphs (card, heading, card, summary)."""
    last = found[-1]
    p = page.paragraph_of[last]
    earlier = page.paragraph_of[found[-2]]
    if earlier < p - 1 or page.paragraphs[p][-1] != last:
        return
    heading = [j for j in page.paragraphs[earlier] if j not in found and is_card_line(page.lines[j].text)]
    yield from page.spans(heading)
    if p + 1 < len(page.paragraphs) and _is_summary(page, page.paragraphs[p + 1]):
        summary = page.paragraphs[p + 1]
        yield page.lines[summary[0]].start, page.lines[summary[-1]].end


def _is_summary(page: Layout, paragraph: list[int]) -> bool:
    """A short paragraph that is not itself one card line."""
    words = sum(len(page.lines[j].text.split()) for j in paragraph)
    single_card = len(paragraph) == 1 and is_card_line(page.lines[paragraph[0]].text)
    return words <= _MAX_SUMMARY_WORDS and not single_card

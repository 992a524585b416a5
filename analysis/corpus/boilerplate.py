"""Blank boilerplate: `clean(text)` is `text` with ads, footers, teasers (and Markdown syntax)
replaced by spaces -- newlines kept -- so every offset stays the same and spaCy can parse it.

The rules are the registry `BOILERPLATE_RULES` (name -> rule); a rule reads a `Layout` (the
text's lines and paragraphs) and yields character spans to blank. Add a rule there, not an
`if` in `clean`. Phrase lists are data (`analysis/data/*.txt`); teaser blocks are found by
their shape (`teasers.py`).
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Iterator

from analysis import lexicon

from .lines import Layout, layout
from .markdown import markdown_syntax
from .phrasebook import lexicon_regex
from .teasers import repeated_cards, teaser_headings

Rule = Callable[[Layout], Iterable[tuple[int, int]]]
"""A boilerplate rule: a text's layout -> character spans to blank."""

_AD_PHRASE = lexicon_regex("ad_phrases")
AD_LINE = re.compile(rf"{_AD_PHRASE}(?:[\s\-–—|:]+{_AD_PHRASE})*", re.IGNORECASE)
_AD_TRIM = " \t-–—_*•·|[](){}<>:"
_FOOTER_TRIM = " \t-–—_*•·|[(>"

_SOCIAL_NETWORKS = "|".join(re.escape(name) for name in lexicon.phrases("social_networks"))
_COPYRIGHT = r"©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\))?\s*\d{4}"
FOOTER_LINE = re.compile(
    rf"{lexicon_regex('footer_phrases')}(?!\w)"
    rf"|follow @\w+\b|follow .{{1,40}}? on (?:{_SOCIAL_NETWORKS})\b"
    rf"|{lexicon_regex('link_labels')}\s*:"
    rf"|{_COPYRIGHT}",
    re.IGNORECASE,
)
_RIGHTS_RESERVED = re.compile(r"\ball rights reserved\.?$", re.IGNORECASE)
_MAX_FOOTER_WORDS = 30


def ad_lines(page: Layout) -> Iterator[tuple[int, int]]:
    """'Advertisement', 'Sponsored', 'Story continues below advertisement' alone on a line."""
    for line in page.lines:
        core = line.text.strip(_AD_TRIM)
        if core and AD_LINE.fullmatch(core):
            yield line.start, line.end


def footer_lines(page: Layout) -> Iterator[tuple[int, int]]:
    """Correction/feedback/newsletter/share/copyright lines and 'Read more: …' links."""
    for line in page.lines:
        if not line.text or len(line.text.split()) > _MAX_FOOTER_WORDS:
            continue
        core = line.text.lstrip(_FOOTER_TRIM)
        if FOOTER_LINE.match(core) or _RIGHTS_RESERVED.search(core):
            yield line.start, line.end


BOILERPLATE_RULES: dict[str, Rule] = {
    "ads": ad_lines,
    "footers": footer_lines,
    "teaser_headings": teaser_headings,
    "repeated_cards": repeated_cards,
}
"""General boilerplate rules, applied by `clean` in this order (the order does not change the result)."""


def clean(text: str, *, markdown: bool = False) -> str:
    """Return `text` with boilerplate characters replaced by spaces (newlines kept): same length, same offsets."""
    page = layout(text)
    spans: list[tuple[int, int]] = []
    for rule in BOILERPLATE_RULES.values():
        spans.extend(rule(page))
    if markdown:
        spans.extend(markdown_syntax(text))
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for k in range(start, end):
            if chars[k] != "\n":
                chars[k] = " "
    return "".join(chars)

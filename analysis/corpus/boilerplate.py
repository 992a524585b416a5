"""Blank boilerplate: `clean(text)` is `text` with ads, footers, teasers (and Markdown syntax)
replaced by spaces -- newlines kept -- so every offset stays the same and spaCy can parse it.

The rules are the registry `BOILERPLATE_RULES` (name -> rule); a rule reads a `Layout` (the
text's lines and paragraphs) and yields character spans to blank. Add a rule there, not an
`if` in `clean`. Phrase lists are generic web vocabulary, kept as data (`analysis/data/*.txt`);
teaser blocks (`teasers.py`) and the furniture closing a page are also found by their shape.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Iterator

from analysis import lexicon

from .lines import LABEL_FRAME, Layout, is_card_line, layout
from .markdown import markdown_syntax
from .phrasebook import lexicon_regex
from .teasers import repeated_cards, teaser_headings

Rule = Callable[[Layout], Iterable[tuple[int, int]]]
"""A boilerplate rule: a text's layout -> character spans to blank."""

_AD_PHRASE = lexicon_regex("ad_phrases")
AD_LINE = re.compile(rf"{_AD_PHRASE}(?:[\s\-–—|:]+{_AD_PHRASE})*", re.IGNORECASE)
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
_FOOTER_ENDING = re.compile(rf"\b{lexicon_regex('footer_endings')}\.?$", re.IGNORECASE)
_MAX_FOOTER_WORDS = 30


def is_ad_line(line: str) -> bool:
    """'Advertisement', 'Sponsored', 'Story continues below advertisement' alone on a (stripped) line."""
    core = line.strip(LABEL_FRAME)
    return bool(core) and AD_LINE.fullmatch(core) is not None


def is_footer_line(line: str) -> bool:
    """A short (stripped) line of page furniture: newsletter, share, copyright, 'Read more: …'."""
    if not line or len(line.split()) > _MAX_FOOTER_WORDS:
        return False
    core = line.lstrip(_FOOTER_TRIM)
    return FOOTER_LINE.match(core) is not None or _FOOTER_ENDING.search(core) is not None


def ad_lines(page: Layout) -> Iterator[tuple[int, int]]:
    """Ad markers alone on a line."""
    return page.spans(i for i, line in enumerate(page.lines) if is_ad_line(line.text))


def footer_lines(page: Layout) -> Iterator[tuple[int, int]]:
    """Correction/feedback/newsletter/share/copyright lines and 'Read more: …' links."""
    return page.spans(i for i, line in enumerate(page.lines) if is_footer_line(line.text))


def closing_furniture(page: Layout) -> Iterator[tuple[int, int]]:
    """The page furniture that closes a text, recognised by its place and shape, not its words.

    In the last paragraph, once a line is an ad marker or a footer, the lines after it are
    furniture too when each is short and without final punctuation (instructions such as
    "write to us" or "press a key", not sentences of the article).
    """
    if not page.paragraphs:
        return iter(())
    last = page.paragraphs[-1]
    texts = [page.lines[i].text for i in last]
    first = next((k for k, text in enumerate(texts) if is_ad_line(text) or is_footer_line(text)), None)
    if first is None or not all(is_card_line(text) for text in texts[first + 1:]):
        return iter(())
    return page.spans(last[first + 1:])


BOILERPLATE_RULES: dict[str, Rule] = {
    "ads": ad_lines,
    "footers": footer_lines,
    "teaser_headings": teaser_headings,
    "repeated_cards": repeated_cards,
    "closing_furniture": closing_furniture,
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

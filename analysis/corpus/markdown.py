"""Markdown syntax to blank in .md articles: front matter, link targets, heading marks, emphasis ..."""

from __future__ import annotations

import re
from typing import Iterator

# (pattern, group numbers to blank; 0 = the whole match).
MARKDOWN_SYNTAX: tuple[tuple[re.Pattern[str], tuple[int, ...]], ...] = (
    (re.compile(r"\A---[^\S\n]*\n.*?\n---[^\S\n]*(?=\n|\Z)", re.DOTALL), (0,)),  # front matter
    (re.compile(r"^[^\S\n]*\[[^\]\n]+\]:[^\S\n]*\S.*$", re.MULTILINE), (0,)),  # link reference definitions
    (re.compile(r"^[^\S\n]*([-*_])(?:[^\S\n]*\1){2,}[^\S\n]*$", re.MULTILINE), (0,)),  # rules
    (re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)"), (0,)),  # images
    (re.compile(r"(\[)[^\]\n]*(\]\([^)\n]*\)|\]\[[^\]\n]*\])"), (1, 2)),  # links: keep the label
    (re.compile(r"^([^\S\n]*#{1,6}[^\S\n]+)", re.MULTILINE), (1,)),  # ATX heading marks
    (re.compile(r"^[^\S\n]*((?:>[^\S\n]?)+)", re.MULTILINE), (1,)),  # block quotes
    (re.compile(r"^[^\S\n]*([-*+]|\d{1,3}[.)])[^\S\n]+", re.MULTILINE), (1,)),  # list markers
    (re.compile(r"\*\*|__|`+"), (0,)),  # strong emphasis, code ticks
    (re.compile(r"(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])"), (0,)),  # *emphasis*
    (re.compile(r"<!--.*?-->|</?[A-Za-z][^>\n]*>", re.DOTALL), (0,)),  # inline HTML
)


def markdown_syntax(text: str) -> Iterator[tuple[int, int]]:
    """Character spans of Markdown syntax (the text between the marks is kept)."""
    for pattern, groups in MARKDOWN_SYNTAX:
        for match in pattern.finditer(text):
            for g in groups:
                if match.start(g) >= 0:
                    yield match.start(g), match.end(g)

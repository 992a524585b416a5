"""An article's title when its file carries none: the first paragraph if it looks like a headline."""

from __future__ import annotations

from analysis.paragraphs import paragraph_spans

from .lines import CLOSERS, TERMINAL

_TITLE_WORDS = 20
_SHORT_TITLE_WORDS = 12
_FALLBACK_TITLE_WORDS = 12


def guess_title(clean_text: str) -> str:
    """First paragraph if it is one short line without terminal punctuation, else the first words + '…'."""
    spans = paragraph_spans(clean_text)
    if not spans:
        return ""
    start, end = spans[0]
    first = clean_text[start:end]
    if "\n" not in first and _is_headline(first):
        return " ".join(first.split())
    words = clean_text.split()
    if len(words) <= _FALLBACK_TITLE_WORDS:
        return " ".join(words)
    return " ".join(words[:_FALLBACK_TITLE_WORDS]) + "…"


def _is_headline(line: str) -> bool:
    """Short, and no final punctuation -- or a short question/ellipsis ("What now for British tennis?")."""
    n_words = len(line.split())
    if n_words > _TITLE_WORDS:
        return False
    core = line.rstrip(CLOSERS)
    open_ended = core.endswith(("?", "…", "...")) and n_words <= _SHORT_TITLE_WORDS
    return bool(core) and (core[-1] not in TERMINAL or open_ended)

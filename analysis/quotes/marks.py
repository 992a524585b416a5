"""Quotation marks: which mark opens and which closes, and the quoted stretches (segments) of a
text, paired paragraph by paragraph.

A quotation left open at a paragraph's end runs to that end; when the next paragraph opens with
a mark, that quotation continues there (`Segment.continued`). Two single marks stand for a double
one (’’ '' ‘‘ ``). Paragraphs are the one paragraph rule of `analysis.paragraphs`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

OPEN_MARKS = "“„«"
CLOSE_MARKS = "”»"
STRAIGHT = '"'
DOUBLED_SINGLES = frozenset({"’’", "''", "‘‘", "``", "‘’"})
ALL_MARKS = OPEN_MARKS + CLOSE_MARKS + STRAIGHT
# Characters that are, or begin, a quotation mark (single marks only as doubled pairs: ’’ '' ``)
MARK_CHARS = re.compile("[" + re.escape(ALL_MARKS + "’'‘`") + "]")
# What may stand before an opening mark, and after a closing one.
_OPEN_AFTER_CURLY = "([—–"
_OPEN_AFTER_STRAIGHT = "([{—–"
_CLOSE_BEFORE = ".,;:!?)]}—–-"


@dataclass
class Segment:
    """A stretch of text between quotation marks (marks included)."""

    start: int
    end: int
    para: int
    closed: bool
    continued: bool  # opens a paragraph that continues an unclosed quotation
    direct: bool = False  # set off as speech (analysis.quotes.direct.is_setoff)


def mark_role(text: str, i: int, inside: bool) -> str:
    """'open' or 'close' for the quotation mark at text[i]."""
    ch = text[i]
    if ch in OPEN_MARKS:
        return "open"
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch in CLOSE_MARKS:
        return _curly_close_role(prev, nxt, inside)
    return _straight_role(prev, nxt, inside)


def _curly_close_role(prev: str, nxt: str, inside: bool) -> str:
    # Some texts use ” for both; an unpaired ” before a word opens.
    if not inside and (prev.isspace() or prev in _OPEN_AFTER_CURLY) and not nxt.isspace():
        return "open"
    return "close"


def _straight_role(prev: str, nxt: str, inside: bool) -> str:
    # decide by the neighbouring characters, then by state
    if prev.isspace() or prev in _OPEN_AFTER_STRAIGHT:
        return "open" if not nxt.isspace() else ("close" if inside else "open")
    if nxt.isspace() or nxt in _CLOSE_BEFORE:
        return "close"
    return "close" if inside else "open"


def quote_segments(text: str, paras: list[tuple[int, int]]) -> list[Segment]:
    """Pair quotation marks paragraph by paragraph, carrying unclosed quotes over."""
    pairing = _Pairing(text)
    for p, (ps, pe) in enumerate(paras):
        pairing.run(p, ps, pe)
    return [s for s in pairing.segs if s.end - s.start > 2]


class _Pairing:
    """The pairing of a text's marks, one paragraph at a time; collects the segments."""

    def __init__(self, text: str):
        self.text = text
        self.segs: list[Segment] = []
        self.inside = False  # left open at the end of the previous paragraph, then as we go

    def run(self, para: int, start: int, end: int) -> None:
        """Pair the marks of paragraph *para*; leaves `inside` True when a quotation is left open."""
        self.para, self.start, self.end = para, start, end
        self.carried, self.inside, self.open_at, self.continued = self.inside, False, -1, False
        resume = self.start
        for mark in MARK_CHARS.finditer(self.text, self.start, self.end):
            i = mark.start()
            if i < resume:
                continue  # the second mark of a doubled pair
            if self.text[i : i + 2] in DOUBLED_SINGLES:
                self._doubled(i)
                resume = i + 2
            elif self.text[i] in ALL_MARKS:
                self._single(i)
        if self.inside:  # runs to the paragraph's end; the next paragraph may continue it
            self._emit(self.end, closed=False)

    def _open(self, i: int) -> None:
        self.inside, self.open_at = True, i
        self.continued = self.carried and i == self.start

    def _emit(self, end: int, *, closed: bool) -> None:
        self.segs.append(Segment(self.open_at, end, self.para, closed, self.continued))

    def _doubled(self, i: int) -> None:
        """Two single marks standing for a double one: ’’ '' ‘‘ ``."""
        after = self.text[i + 2] if i + 2 < self.end else " "
        if self.inside and not after.isalnum():
            self._emit(i + 2, closed=True)
            self.inside = False
        elif not self.inside and (after.isalnum() or after in "…."):
            self._open(i)

    def _single(self, i: int) -> None:
        role = mark_role(self.text, i, self.inside)
        if not self.inside:
            if role == "open" or self.text[i] == STRAIGHT:
                self._open(i)
        elif role == "close":
            self._emit(i + 1, closed=True)
            self.inside = False
        else:  # a second opening mark: the first quote was never closed
            self._emit(_rstrip(self.text, self.open_at, i), closed=False)
            self.open_at, self.continued = i, False


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def count_marks(text: str, s: int, e: int) -> int:
    """How many double quotation marks text[s:e] holds."""
    return sum(1 for ch in text[s:e] if ch in ALL_MARKS)


def has_mark(text: str, s: int, e: int) -> bool:
    """Whether text[s:e] holds a double quotation mark (a reported clause with one is partial)."""
    return any(ch in ALL_MARKS for ch in text[s:e])

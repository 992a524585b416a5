"""Floating quotes: a direct quote without a cue takes the speaker of its neighbour.

Two sieves (registered in `analysis.quotes.sieves`; `analysis.quotes.signature` runs before them):

- ``floating_previous``: the speaker of the quote just before, when that quote is in the same
  or the previous paragraph ('"...," she said. "We are tired."');
- ``floating_continuation``: a quotation left open at its paragraph's end takes the speaker of
  its continuation in the next paragraph, which carries the cue.

The quote takes the neighbour's speaker as the neighbour's cue names it (`speaker_text` and its
offsets are those of the neighbour's speaker mention). A pass runs over the quotes in text order (forwards for the previous quote, backwards for the
next), so a run of uncued quotes passes the speaker along.
"""
from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING, Callable

from .records import Draft

if TYPE_CHECKING:
    from .context import Context


def previous_speaker(ctx: Context, d: Draft, prev: Draft | None) -> Draft | None:
    """*prev* (the quote before), to take the speaker of, when it is in d's or the previous
    paragraph."""
    if prev is None or not prev.speaker:
        return None
    pp = bisect_right(ctx.para_starts, prev.start) - 1
    return prev if pp in (d.para, d.para - 1) else None


def continuation_speaker(ctx: Context, d: Draft, nxt: Draft | None) -> Draft | None:
    """*nxt* (the next direct quote), to take the speaker of, when d is left open and nxt
    continues it."""
    if d.open_end and nxt is not None and nxt.para == d.para + 1 and nxt.speaker:
        return nxt
    return None


def _floating(d: Draft) -> bool:
    return d.kind == "direct" and not d.speaker and not d.cue


def run_pass(ctx: Context, drafts: list[Draft], sieve: Callable, name: str, neighbour: str) -> None:
    """Apply one floating sieve to every uncued direct quote of *drafts* (in text order)."""
    if not neighbour:  # a sieve reading the quote's own surroundings (`signature`)
        for d in drafts:
            found = sieve(ctx, d) if _floating(d) else None
            if found is not None:
                answer, written, cue = found
                d.take(answer, name, written)
                d.cue = cue
        return
    if neighbour == "previous":
        prev: Draft | None = None
        for d in drafts:
            if _floating(d):
                _take(d, sieve(ctx, d, prev), name)
            if d.speaker or d.kind == "direct":
                prev = d
        return
    nxt: Draft | None = None
    for d in reversed(drafts):
        if d.kind != "direct":
            continue
        if _floating(d):
            _take(d, sieve(ctx, d, nxt), name)
        nxt = d


def _take(d: Draft, neighbour: Draft | None, name: str) -> None:
    if neighbour is not None:
        d.take_from(neighbour, name)

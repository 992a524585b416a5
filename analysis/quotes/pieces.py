"""Pieces of one quotation: an interrupted quote and a quote run on over paragraphs.

A quotation the writer breaks with its cue ('"We will win," she said, "and soon."' or '"We will
win," she said. "Nobody can stop us."') or runs on over paragraphs (the paragraph left without a
closing mark, the next reopened) is found as one quote per piece: GGT-style annotation counts the
pieces, attribution corpora such as PolNeAR join them. `join_pieces` gives every piece the index
of the quotation's first piece (`Draft.group`, the table's `group_id`), so either count can be
had. It also sets what each quote holds in quotation marks (`Draft.quoted`): the direct quote
itself, a partial quote's fragments.
"""
from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from .records import Draft

if TYPE_CHECKING:
    from .context import Context

# The most words between two pieces of one interrupted quotation (the cue clause).
_MAX_GAP_WORDS = 12
_FRAGMENT_SEPARATOR = " … "


def _interrupted(ctx: Context, prev: Draft, d: Draft) -> bool:
    """d continues prev in its paragraph after the cue: the same cue, or d took prev's speaker."""
    if d.para != prev.para or not d.speaker or d.speaker != prev.speaker:
        return False
    same_cue = d.cue_token >= 0 and d.cue_token == prev.cue_token
    if not (same_cue or d.sieve == "floating_previous" and not d.cue):
        return False
    return len(ctx.text[prev.end : d.start].split()) <= _MAX_GAP_WORDS


def _run_on(prev: Draft, d: Draft) -> bool:
    """d reopens, in the next paragraph, the quotation prev left open."""
    return prev.open_end and d.continues and d.para == prev.para + 1 \
        and (not d.speaker or not prev.speaker or d.speaker == prev.speaker)


def join_pieces(ctx: Context, drafts: list[Draft]) -> None:
    """Set `group` (the first piece's index) of each draft in *drafts* (in text order)."""
    prev_k = -1
    for k, d in enumerate(drafts):
        d.group = k
        if d.kind != "direct":
            prev_k = -1  # reported speech between two quotations ends the run
            continue
        if prev_k >= 0 and (_run_on(drafts[prev_k], d) or _interrupted(ctx, drafts[prev_k], d)):
            d.group = drafts[prev_k].group
        prev_k = k


def mark_quoted(ctx: Context, drafts: list[Draft]) -> None:
    """The words in quotation marks of each draft: a direct quote's text, a partial quote's
    fragments (joined by an ellipsis), nothing for an indirect one."""
    starts = [s.start for s in ctx.segments]
    for d in drafts:
        if d.kind == "direct":
            d.quoted = ctx.text[d.start : d.end]
        elif d.kind == "partial":
            lo = max(0, bisect_left(starts, d.start) - 1)
            hi = bisect_left(starts, d.end)
            parts = [ctx.text[max(s.start, d.start) : min(s.end, d.end)] for s in ctx.segments[lo:hi]
                     if s.start < d.end and s.end > d.start]
            d.quoted = _FRAGMENT_SEPARATOR.join(p for p in parts if p.strip())

"""Uncued quotations whose speaker the layout names: the cue that ends the paragraph before.

``colon_cue`` (a floating sieve, registered in `analysis.quotes.sieves`, run before
``floating_previous``): a quotation opening the paragraph after one that ends with a cue and a
colon ("Reyes said:" / "“We will ...”") is spoken by the cue's subject. (A quotation signed
after a dash, as in a list of commentators, is `analysis.quotes.signature`.)

It reads only the few characters around the quotation, so it stays cheap.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .cues import QUOTE_CUE_VERBS, is_cue, subject_of
from .records import Answer, Draft

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .context import Context


def colon_cue(ctx: Context, d: Draft) -> tuple[Answer, tuple[int, int], str] | None:
    """'Reyes said:' ending the paragraph before: the cue's subject speaks the quotation that
    opens this paragraph. Returns the speaker, where it is written, and the cue."""
    from .sieves import resolve  # the name sieves (sieves imports this module)

    para_start = ctx.para_start(d.start)
    if d.start - para_start > 1 or para_start == 0:
        return None
    j = para_start - 1
    while j > 0 and ctx.text[j].isspace():
        j -= 1
    if ctx.text[j] != ":":
        return None
    verb = _verb_before_colon(ctx, j)
    if verb is None:
        return None
    subj = subject_of(verb)
    if subj is None or subj.idx in ctx.quoted or not subj.text[:1].isalnum():
        return None
    answer, _, written = resolve(ctx, subj, "colon_cue")
    return (answer, written, verb.text) if answer.speaker else None


def _verb_before_colon(ctx: Context, colon: int) -> Token | None:
    """The cue verb of the clause ending at the colon ("He said:", "The Times reports:")."""
    k = ctx.token_at(colon)
    doc = ctx.doc
    lo, _ = ctx.sentence_bounds(doc[k])
    for t in reversed(doc[max(lo, k - 3) : k]):
        if is_cue(t, QUOTE_CUE_VERBS):
            return t
    return None

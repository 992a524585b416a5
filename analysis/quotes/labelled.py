"""Labelled fragments: a quoted word that a labelling verb attributes to its subject
(he called it “false”, expressed “deep concern”) is a partial quote of that subject; when the
verb is passive ("which was described as “kidnapping”"), of its "by" agent, else of nobody.
"""
from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from .cues import LABEL_VERBS
from .records import Draft
from .sieves import attribute

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .context import Context
    from .marks import Segment

# How many heads up from a fragment's head its labelling verb may be.
_CLIMB = 3


def labelled_fragments(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """Quoted fragments that a labelling verb attributes to its subject (kind partial)."""
    out = []
    spans = sorted((d.start, d.end) for d in drafts)
    starts = [a for a, _ in spans]
    # the longest draft so far bounds how far back an overlapping draft can start
    longest = max((b - a for a, b in spans), default=0)
    for seg in ctx.segments:
        lo = bisect_left(starts, seg.start - longest)
        hi = bisect_left(starts, seg.end)
        if seg.direct or any(b > seg.start for _, b in spans[lo:hi]):
            continue
        verb = _labelling_verb(ctx, seg)
        if verb is None:
            continue
        d = Draft("partial", seg.start, seg.end, para=seg.para)
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        attribute(ctx, d, verb, limit=len(ctx.doc), passive_label=passive)
        out.append(d)
    return out


def _labelling_verb(ctx: Context, seg: Segment) -> Token | None:
    """The labelling verb the fragment depends on, outside the fragment; else None."""
    doc = ctx.doc
    inner = [doc[i] for i in ctx.tokens_in(seg.start + 1, seg.end - 1) if doc[i].text[:1].isalnum()]
    if not inner:
        return None
    tok = min(inner, key=lambda t: sum(1 for _ in t.ancestors))  # the fragment's head
    for _ in range(_CLIMB):
        if tok.head.i == tok.i:
            break
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            break
    if tok.lemma_.lower() not in LABEL_VERBS or seg.start <= tok.idx < seg.end:
        return None
    return tok

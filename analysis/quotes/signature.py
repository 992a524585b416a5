"""A quote signed with a dash: “We have no context for the moment.” ― Ana Ruiz, a teacher.

Round-ups of readers' and commentators' words, epigraphs and social-media quotes name the speaker
after the closing quotation mark, behind a dash, with no reporting verb. `dash_signature` (a
floating-stage sieve: it reads only uncued quotes, before any neighbour lends its speaker) takes
the name that follows the dash: an entity mention, else a run of capitalised proper nouns, which
must end the sentence or be followed by a comma (the description that follows is not the name).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .cues import tok_end
from .phrases import PERSON_LABELS, named
from .records import Answer, Draft

if TYPE_CHECKING:
    from .context import Context

_DASHES = "―—–"
_HYPHEN = "-"
_SIGNER_LABELS = PERSON_LABELS + ("ORG", "NORP")
_MAX_NAME_TOKENS = 5
_AFTER_NAME = ",.;(\n"


def _dash_end(text: str, i: int, end: int) -> int:
    """The offset after a signature dash starting at or after text[i] (spaces skipped), else -1."""
    while i < end and text[i] in " \t\u00a0":
        i += 1
    if i < end and (text[i] in _DASHES or text[i : i + 2] in ("- ", "--")):
        i += 2 if text[i : i + 2] == "--" else 1
        while i < end and text[i] in " \t\u00a0":
            i += 1
        return i
    return -1


def _name_after(ctx: Context, start: int, para_end: int) -> tuple[str, int, int] | None:
    """(name, start, end) of the signer's name at *start*: a mention, else proper nouns."""
    m = ctx.mention_at(start, start + 1)
    if m is not None and m.start_char == start and m.label in _SIGNER_LABELS and named(m):
        name, end = m.entity, m.end_char
    else:
        toks = [ctx.doc[t] for t in ctx.tokens_in(start, para_end)][:_MAX_NAME_TOKENS + 1]
        run = []
        for t in toks:
            if t.pos_ != "PROPN" or not t.text[:1].isupper():
                break
            run.append(t)
        if len(run) < 2 or len(run) > _MAX_NAME_TOKENS:
            return None
        end = tok_end(run[-1])
        name = ctx.text[start:end]
    rest = ctx.text[end:para_end].lstrip(" \t\u00a0")
    return (name, start, end) if not rest or rest[0] in _AFTER_NAME else None


def dash_signature(ctx: Context, d: Draft) -> tuple[Answer, tuple[int, int], str] | None:
    """The name signing direct quote *d* after a dash, with its span and the dash as the cue."""
    para_end = ctx.para_of(d.start)[1]
    name_start = _dash_end(ctx.text, d.end, para_end)
    if name_start < 0:
        return None
    found = _name_after(ctx, name_start, para_end)
    if found is None:
        return None
    name, s, e = found
    dash = ctx.text[d.end:name_start].strip()
    return Answer(name, ctx.text[s:e], s), (s, e), dash

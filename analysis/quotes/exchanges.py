"""Lists and exchanges of quotes: uncued quotations whose speaker the layout names.

Two floating sieves (registered in `analysis.quotes.sieves`, run before ``floating_previous``):

- ``dash_credit``: a quotation followed by a dash and a name ('“We will win.” ― Ana Diaz'),
  as in a list of commentators, each with a quote; the name must end its line or sentence;
- ``colon_cue``: a quotation opening the paragraph after one that ends with a cue and a colon
  ("Reyes said:" / "“We will ...”"): the cue's subject speaks.

Both read only the few characters around the quotation, so they stay cheap.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from analysis import lexicon

from .cues import QUOTE_CUE_VERBS, is_cue, subject_of, tok_end
from .phrases import PERSON_LABELS, clean_np
from .records import Answer, Draft

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .context import Context

_DASHES = tuple(sorted(lexicon.words("credit_dashes"), key=len, reverse=True))
# What may follow a credited name: its line's end, a full stop, or the next quotation.
_CREDIT_END = set(".\n/") | set("“\"”")
_NAME_TOKENS = 6  # the longest credited name (tokens)


def dash_credit(ctx: Context, d: Draft, _neighbour: Draft | None) -> Answer | None:
    """'“...” ― Ana Diaz': the name after a dash that follows the quotation."""
    text = ctx.text
    i = _skip_spaces(text, d.end)
    dash = next((m for m in _DASHES if text.startswith(m, i)), None)
    if dash is None:
        return None
    i = _skip_spaces(text, i + len(dash))
    if i >= len(text) or i >= ctx.para_of(d.start)[1] and "\n" in text[d.end:i]:
        return None
    name = _credited_name(ctx, i)
    if name is None:
        return None
    entity, start, end = name
    j = _skip_spaces(text, end)
    if j < len(text) and text[j] not in _CREDIT_END:
        return None  # "” — and, when asked, ...": the dash goes on with the sentence
    return Answer(entity, clean_np(text[start:end]), start)


def _skip_spaces(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\u00a0":
        i += 1
    return i


def _credited_name(ctx: Context, i: int) -> tuple[str, int, int] | None:
    """The person or organisation named at char *i*: its mention, else a run of proper nouns."""
    m = ctx.mention_at(i, i + 1)
    if m is not None and m.start_char == i and m.label in PERSON_LABELS + ("ORG",):
        return m.entity, m.start_char, m.end_char
    if m is not None:
        return None
    doc = ctx.doc
    k = ctx.token_at(i)
    run = [t for t in doc[k : k + _NAME_TOKENS]]
    names = []
    for t in run:
        if t.pos_ != "PROPN" or t.idx in ctx.quoted:
            break
        names.append(t)
    if not names or names[0].idx != i:
        return None
    end = tok_end(names[-1])
    return clean_np(ctx.text[i:end]), i, end


def colon_cue(ctx: Context, d: Draft, _neighbour: Draft | None) -> Answer | None:
    """'Reyes said:' ending the paragraph before: the cue's subject speaks the quotation that
    opens this paragraph."""
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
    answer, _ = resolve(ctx, subj, "colon_cue")
    return answer if answer.speaker else None


def _verb_before_colon(ctx: Context, colon: int) -> Token | None:
    """The cue verb of the clause ending at the colon ("He said:", "The Times reports:")."""
    k = ctx.token_at(colon)
    doc = ctx.doc
    lo, _ = ctx.sentence_bounds(doc[k])
    for t in reversed(doc[max(lo, k - 3) : k]):
        if is_cue(t, QUOTE_CUE_VERBS):
            return t
    return None

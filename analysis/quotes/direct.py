"""Direct quotes: which quotations are speech, and the cue next to each.

A quotation is speech (`is_setoff`) when it is set off by punctuation or a line start, or
follows a speech verb (Li said "We will ..."); a title in quotation marks ("The Kid Who Would
Be King") or a short lowercase fragment after a comma (a "new era", said) is not. Its cue is
the reporting verb (or "according") after it up to the sentence's end, else before it; a
quotation that ends its sentence with a period takes no cue from the next sentence. Without
one, a clause with a subject that introduces it with a colon ("Lee is more blunt: “...”", or
"Smith added:" ending the paragraph before) names its speaker (`colon_cue`).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from analysis import lexicon

from .cues import QUOTE_CUE_VERBS, SPEECH_VERBS, SUBJ_DEPS, according_object, is_cue, subject_of
from .marks import CLOSE_MARKS, STRAIGHT, Segment
from .records import Draft
from .sieves import attribute

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .context import Context

_TITLE_SMALL_WORDS = lexicon.words("headline_small_words")
# Punctuation before an opening mark that sets a quotation off as direct speech.
_SETOFF_CHARS = set(":,.?!;(—–-") | set(CLOSE_MARKS) | {STRAIGHT}
_SENT_END_CHARS = ".?!"
# A lowercase quotation after a comma with fewer words than this is a scare quote.
_SCARE_MAX_WORDS = 4


def is_setoff(ctx: Context, seg: Segment) -> bool:
    """A quotation that stands as speech of its own, not a fragment inside a clause."""
    text = ctx.text
    inner = text[seg.start + 1 : seg.end - (1 if seg.closed else 0)]
    words = inner.split()
    if not words or looks_like_title(words, ctx.options.title_max_words):
        return False
    i = seg.start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    prev = text[i] if i >= 0 else "\n"
    if prev == "\n" or prev in _SETOFF_CHARS:
        # a capitalised or sentence-like quotation after punctuation is speech; a short
        # lowercase fragment after a comma ("a “new era”, said") is a scare quote
        starts_upper = inner.lstrip(" '‘….")[:1].isupper()
        return not (prev in ",(" and not starts_upper and len(words) < _SCARE_MAX_WORDS)
    # directly after a speech verb: Li said "We will ...", finally said “no mas.”
    tok = ctx.doc[ctx.token_at(i)]
    return is_cue(tok, SPEECH_VERBS) or (is_cue(tok, QUOTE_CUE_VERBS) and inner[:1].isupper())


def _own_subject(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") and any(c.dep_ in SUBJ_DEPS for c in tok.children)


def looks_like_title(words: list[str], max_words: int = 8) -> bool:
    """“The Kid Who Would Be King”, “Star Wars”: a title in quotation marks, not speech."""
    if len(words) > max_words or words[-1][-1:] in ".?!,;:…" or len(words) < 2:
        return False
    return all(w[:1].isupper() or w.lower() in _TITLE_SMALL_WORDS for w in words) and words[0][:1].isupper()


def direct_quotes(ctx: Context) -> list[Draft]:
    """The direct quotes of the article, with the cue and speaker of each that has one."""
    out = []
    for n, seg in enumerate(ctx.segments):
        if not seg.direct:
            continue
        d = Draft("direct", seg.start, seg.end, para=seg.para, open_end=not seg.closed, continues=seg.continued)
        verb = find_direct_cue(ctx, n)
        colon = verb is None and not seg.continued
        if colon:
            verb = colon_cue(ctx, seg)
        if verb is not None:
            limit = ctx.tokens_in(seg.end, ctx.paragraphs[seg.para][1]).stop
            attribute(ctx, d, verb, limit=limit, start=seg.end)
            if colon and not is_cue(verb, QUOTE_CUE_VERBS):
                d.cue = ""  # "Martell is more blunt:": the clause names the speaker, it is no cue
        out.append(d)
    return out


def colon_cue(ctx: Context, seg: Segment) -> Token | None:
    """The verb of a clause that introduces the quotation with a colon, in its paragraph or
    ending the paragraph before ("Martell is more blunt: “...”", "The mayor added:" + a
    quotation paragraph), when the verb has a subject; else None."""
    text = ctx.text
    i = seg.start - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    if i < 0 or text[i] != ":":
        return None
    colon = ctx.token_at(i)
    if colon == 0:
        return None
    # the nearest clause before the colon with a subject of its own ("Musk, as was his habit,
    # took to Twitter with this:"), climbing no further than the colon (the parser often hangs
    # that clause on the quotation's verb)
    top = ctx.doc[colon - 1]
    while top.head.i != top.i and top.head.i < colon and not _own_subject(top):
        top = top.head
    if top.pos_ not in ("VERB", "AUX") or subject_of(top) is None:
        return None
    return top


def find_direct_cue(ctx: Context, n: int) -> Token | None:
    """The reporting verb (or "according") next to direct quote segments[n], within its paragraph."""
    after = _cue_after(ctx, n)
    return after if after is not None else _cue_before(ctx, n)


def _cue_after(ctx: Context, n: int) -> Token | None:
    """After the quote: up to the next quotation or the end of the sentence."""
    segs, seg, text = ctx.segments, ctx.segments[n], ctx.text
    # a quotation that ends its sentence with a period ("... is wrong.”) has no cue after it:
    # the next sentence is about something else ("“...” says X" follows a comma, ! or ?)
    if seg.closed and text[seg.start : seg.end - 1].rstrip()[-1:] == ".":
        return None
    nxt = segs[n + 1].start if n + 1 < len(segs) and segs[n + 1].para == seg.para else ctx.paragraphs[seg.para][1]
    for t in ctx.tokens_in(seg.end, nxt):
        tok = ctx.doc[t]
        if tok.text in _SENT_END_CHARS or (tok.is_space and "\n" in tok.text):
            break
        if is_cue(tok, QUOTE_CUE_VERBS) or according_object(tok) is not None:
            return tok
    return None


def _cue_before(ctx: Context, n: int) -> Token | None:
    """Before the quote: back to the previous quotation or the sentence's end."""
    segs, seg = ctx.segments, ctx.segments[n]
    prv = segs[n - 1].end if n > 0 and segs[n - 1].para == seg.para else ctx.paragraphs[seg.para][0]
    for t in reversed(ctx.tokens_in(prv, seg.start)):
        tok = ctx.doc[t]
        if tok.text in _SENT_END_CHARS:
            break
        if is_cue(tok, QUOTE_CUE_VERBS) or according_object(tok) is not None:
            return tok
    return None

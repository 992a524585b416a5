"""Reported speech: indirect quotes (no quotation marks) and partial quotes (a reported clause
holding a quoted fragment), from three kinds of cue:

- a speech verb's clausal complement: "Li said China was willing ..." (`_complement`);
- a parenthetical cue: "The drugs, he says, are ..." (`_parenthetical`; the content on both sides);
- "according to X": "..., according to a readout" (`_according`; the content on both sides).

`NOT_REPORTS` lists, by name, the speech verbs that report nothing ("to confirm ...", "we are
told", "Note that ...", questions). A report is clipped to its cue's paragraph, must have
`min_part_words` words and must not overlap a direct quote; records and surveys that "say"
things are not speakers.
"""
from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING, Callable

from .cues import (HEARER_VERBS, INFINITIVE_REPORT_VERBS, NAME_TAGS, QUESTION_VERBS, SPEECH_VERBS, SUBJ_DEPS,
                   according_object, is_cue, is_parenthetical, subject_of, tok_end)
from .marks import ALL_MARKS, CLOSE_MARKS, STRAIGHT, count_marks, has_mark
from .objects import CUE_LEMMAS as OBJECT_CUE_LEMMAS, object_report
from .phrases import DATA_NOUNS
from .records import Draft
from .sieves import attribute

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .context import Context

_DASHES = ("--", "—", "–", "-")


# --- speech verbs that report nothing: (ctx, verb, paragraph bounds) -> True to skip


def _question(ctx: Context, tok: Token, bounds) -> bool:
    """"asked whether ...": a question, not reported speech."""
    return tok.lemma_.lower() in QUESTION_VERBS


def _intention(ctx: Context, tok: Token, bounds) -> bool:
    """"to confirm ...": an intention, not a report."""
    return any(c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children)


def _heard(ctx: Context, tok: Token, bounds) -> bool:
    """"we are told that ...": the subject heard it; the speaker is unknown."""
    return tok.lemma_.lower() in HEARER_VERBS and any(c.dep_ == "nsubjpass" for c in tok.children) \
        and not any(c.dep_ == "agent" for c in tok.children)


def _imperative(ctx: Context, tok: Token, bounds) -> bool:
    """"Note that ...": an imperative addressed to the reader."""
    return tok.tag_ == "VB" and tok.i == ctx.sentences[ctx.sent_of[tok.i]][0] and subject_of(tok) is None


def _direct_cue(ctx: Context, tok: Token, bounds) -> bool:
    """The cue of a direct quotation ('"...," he said in remarks broadcast ...')."""
    return any(c.dep_ == "ccomp" and bounds[0] <= c.idx < bounds[1] and c.idx in ctx.direct for c in tok.children)


def _nobody_says(ctx: Context, tok: Token, bounds) -> bool:
    """No one says it: a noun taken for a verb ("-- claims China has denied")."""
    doc = ctx.doc
    own_subject = any(c.dep_ in SUBJ_DEPS for c in tok.children)
    after_dash = tok.i > 0 and doc[tok.i - 1].text in _DASHES
    return (subject_of(tok) is None or after_dash and not own_subject) and tok.tag_ != "VBG" \
        and not (tok.i > 0 and doc[tok.i - 1].tag_ in NAME_TAGS)


NOT_REPORTS: dict[str, Callable] = {
    "question": _question,
    "intention": _intention,
    "heard": _heard,
    "imperative": _imperative,
    "direct_cue": _direct_cue,
    "nobody_says": _nobody_says,
}


_RULES = tuple(NOT_REPORTS.values())


def _reports_nothing(ctx: Context, tok: Token, bounds: tuple[int, int]) -> bool:
    for rule in _RULES:
        if rule(ctx, tok, bounds):
            return True
    return False


def reported_speech(ctx: Context) -> list[Draft]:
    """Indirect and partial quotes: complements of speech verbs, parenthetical cues
    ("..., he says, ..."), and "according to X"."""
    reports = _Reports(ctx)
    doc = ctx.doc
    for tok in map(doc.__getitem__, ctx.speech_candidates):
        if not is_cue(tok, SPEECH_VERBS) or tok.idx in ctx.direct:
            continue
        bounds = ctx.para_of(tok.idx)
        if _reports_nothing(ctx, tok, bounds):
            continue
        if not reports.complement(tok, bounds):
            reports.parenthetical(tok, bounds)
    for tok in map(doc.__getitem__, ctx.according):
        reports.according(tok)
    for tok in map(doc.__getitem__, _object_cue_candidates(ctx)):
        reports.object_report(tok)
    return reports.out


def _object_cue_candidates(ctx: Context) -> list[int]:
    """Tokens whose lemma is a verb that may report through its object ("called X a ...")."""
    lemmas = ctx.columns.strings("LEMMA")
    wanted = {lem for lem in set(lemmas) if lem.lower() in OBJECT_CUE_LEMMAS}
    return [i for i, lem in enumerate(lemmas) if lem in wanted] if wanted else []


class _Reports:
    """The reports of one article, and the sentences whose report is taken."""

    def __init__(self, ctx: Context):
        self.ctx, self.doc = ctx, ctx.doc
        self.out: list[Draft] = []
        self.used_sents: set[int] = set()

    def emit(self, lo: int, hi: int, cue: Token, bounds: tuple[int, int]) -> Draft | None:
        """A quote over tokens lo..hi, clipped to the cue's paragraph; None if too small or taken."""
        ctx, doc = self.ctx, self.doc
        lo, hi = _clip(doc, lo, hi, bounds)
        if hi < lo:
            return None
        s, e = content_span(ctx, lo, hi)
        if not self._acceptable(s, e, cue):
            return None
        d = Draft("partial" if has_mark(ctx.text, s, e) else "indirect", s, e)
        head = attribute(ctx, d, cue, limit=len(doc), content_after=s > cue.idx)
        if head is not None and head.lemma_.lower() in DATA_NOUNS and d.kind == "indirect":
            return None  # records and surveys "say" things; they are not sources of quotes
        self.out.append(d)
        return d

    def _acceptable(self, s: int, e: int, cue: Token) -> bool:
        """Long enough, clear of direct quotes, and not holding its own cue."""
        ctx = self.ctx
        return e > s and len(ctx.text[s:e].split()) >= ctx.options.min_part_words \
            and not ctx.direct.overlaps(s, e) and not s <= cue.idx < e

    def complement(self, tok: Token, bounds: tuple[int, int]) -> bool:
        """The clausal complement of a speech verb; False when the verb has none."""
        comps = _complements(tok, bounds)
        if not comps:
            return False
        right = [c for c in comps if c.i > tok.i]
        comp = right[0] if right else comps[-1]
        lo, hi = comp.left_edge.i, comp.right_edge.i
        if right:
            hi = extend_to_sentence_end(self.ctx, tok, hi)
            lo = _complementizer(self.doc, tok, lo)
        if self.emit(lo, hi, tok, bounds):
            self.used_sents.add(self.ctx.sent_of[tok.i])
        return True

    def parenthetical(self, tok: Token, bounds: tuple[int, int]) -> None:
        """A parenthetical cue: "The drugs have limited uses, he says, and are ..."."""
        ctx = self.ctx
        subj = subject_of(tok)
        phrase = is_parenthetical(tok, subj) if subj is not None else None
        if phrase is None:
            return
        sa, sb = ctx.sentence_bounds(tok)
        parts = [(sa, phrase[0] - 1), (phrase[1] + 1, sb)]
        spans = [content_span(ctx, *part) if part[1] >= part[0] else (0, 0) for part in parts]
        if any(e > s and ctx.direct.overlaps(max(s, bounds[0]), min(e, bounds[1])) for s, e in spans):
            return  # the cue of a direct quotation
        made = [self.emit(*part, tok, bounds) for part in parts if part[1] >= part[0]]
        if any(made):
            self.used_sents.add(ctx.sent_of[tok.i])

    def object_report(self, tok: Token) -> None:
        """"called the plan a disaster", "accused X of Y", "called on X to Y" (`objects`), unless
        the sentence's report is taken or the verb is the cue of a direct quotation."""
        ctx = self.ctx
        if tok.idx in ctx.quoted or ctx.sent_of[tok.i] in self.used_sents:
            return
        span = object_report(tok)
        if span is None or self._cuts_quotation(*span):
            return
        bounds = ctx.para_of(tok.idx)
        if self.emit(*span, tok, bounds):
            self.used_sents.add(ctx.sent_of[tok.i])

    def _cuts_quotation(self, lo: int, hi: int) -> bool:
        """Whether the report over tokens lo..hi would begin or end inside a quotation."""
        s, e = content_span(self.ctx, lo, hi)
        return _inside_segment(self.ctx.quoted, s) or _inside_segment(self.ctx.quoted, e)

    def according(self, tok: Token) -> None:
        """"according to X": the content on both sides of the phrase, unless the sentence's
        report is taken."""
        ctx = self.ctx
        obj = according_object(tok)
        if obj is None or tok.idx in ctx.direct:
            return
        sent = ctx.sent_of[tok.i]
        if sent in self.used_sents:
            return
        sa, sb = ctx.sentence_bounds(tok)
        phrase_r = max(max(t.i for t in tok.subtree), obj.right_edge.i)
        bounds = ctx.para_of(tok.idx)
        for part in ((sa, tok.i - 1), (phrase_r + 1, sb)):
            if part[1] >= part[0]:
                self.emit(*part, tok, bounds)
        self.used_sents.add(sent)


def _inside_segment(spans, char: int) -> bool:
    """Whether *char* lies strictly inside one of the sorted spans (after its start, before its end)."""
    k = bisect_right(spans.starts, char) - 1
    return k >= 0 and spans.spans[k][0] < char < spans.spans[k][1]


def _clip(doc, lo: int, hi: int, bounds: tuple[int, int]) -> tuple[int, int]:
    """Tokens lo..hi clipped to the char span *bounds* (the cue's paragraph)."""
    while lo <= hi and doc[lo].idx < bounds[0]:
        lo += 1
    while hi >= lo and doc[hi].idx >= bounds[1]:
        hi -= 1
    return lo, hi


def _complements(tok: Token, bounds: tuple[int, int]) -> list[Token]:
    """The verb's clausal complements within its paragraph (its infinitival one for "urge")."""
    comps = [c for c in tok.children if c.dep_ == "ccomp" and bounds[0] <= c.idx < bounds[1]]
    if not comps and tok.lemma_.lower() in INFINITIVE_REPORT_VERBS:
        comps = [c for c in tok.children if c.dep_ == "xcomp" and c.i > tok.i]
    return comps


def _complementizer(doc, tok: Token, lo: int) -> int:
    """"said in a statement that X ...": a complementizer after the cue's adjuncts starts the
    report even when the parser hung it elsewhere."""
    that = next((t.i for t in doc[tok.i + 1 : lo] if t.text.lower() == "that" and t.dep_ == "mark"), None)
    return lo if that is None else that


def extend_to_sentence_end(ctx: Context, cue: Token, hi: int) -> int:
    """Reported speech after its cue runs on to the end of the sentence (the parser often
    hangs a conjunct or a second clause on the cue), unless another report begins."""
    doc = ctx.doc
    end = ctx.sentences[ctx.sent_of[cue.i]][1] - 1
    j = hi
    for t in doc[hi + 1 : end + 1]:
        if _ends_report(ctx, t, end):
            break
        j = t.i
    # give back a trailing conjunction or comma that led into the next report
    while j > hi and (not doc[j].text[:1].isalnum() or doc[j].dep_ == "cc"):
        j -= 1
    return j


def _ends_report(ctx: Context, t: Token, end: int) -> bool:
    if t.is_space and "\n" in t.text:
        return True
    if t.idx in ctx.direct or is_cue(t, SPEECH_VERBS) or according_object(t) is not None:
        return True
    return t.text in ";" or (t.text in ".!?" and t.i < end)


def content_span(ctx: Context, lo: int, hi: int) -> tuple[int, int]:
    """Char span of tokens lo..hi, trimmed of edge punctuation outside quotation marks."""
    doc, text = ctx.doc, ctx.text
    while lo <= hi and (doc[lo].is_space or (doc[lo].is_punct and doc[lo].text not in ALL_MARKS + "‘'")):
        lo += 1
    while hi >= lo and (doc[hi].is_space or doc[hi].text in ",;:—–-" or doc[hi].text == "("):
        hi -= 1
    if hi < lo:
        return 0, 0
    s, e = doc[lo].idx, tok_end(doc[hi])
    return s, _drop_final_period(text, s, _take_closing_mark(text, s, e))


def _take_closing_mark(text: str, s: int, e: int) -> int:
    """A closing quotation mark right after the span belongs to it."""
    closing = CLOSE_MARKS + STRAIGHT
    if e < len(text) and text[e] in closing and count_marks(text, s, e) % 2 == 1:
        return e + 1
    if e + 1 < len(text) and text[e] in ".,!?" and text[e + 1] in closing and count_marks(text, s, e) % 2 == 1:
        return e + 2
    return e


def _drop_final_period(text: str, s: int, e: int) -> int:
    """A final period or comma outside any quotation is not part of the report."""
    while e > s and text[e - 1] in ".," and count_marks(text, s, e) % 2 == 0 and text[e - 2 : e - 1] not in ALL_MARKS:
        e -= 1
    return e

"""Joint speakers: "Justin Trudeau and Xi Jinping said ..." is one quote with two speakers.

Also "They said" after a coordinated subject ("Trudeau and Xi met.") and "both leaders said" /
"the two men said" after a sentence naming that many people (the name sieve `described_group`).

The speaker's head found by the mention sieves is the first conjunct of a coordinated subject;
`take_joint` adds every other conjunct that names an actor (a name the entity stage found, or a
personal pronoun the name sieves resolve) to the draft's `speakers`, and widens `speaker_text`
to the whole coordination as written. `Quote.speaker` stays the first speaker, so rankings that
read one speaker per quote still work; `Quote.speakers` lists them all.
"""
from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING, Callable

from analysis import lexicon

from .cues import tok_end
from .phrases import PERSON_LABELS, PERSONAL_PRONOUNS, named, noun_phrase
from .records import Answer

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .context import Context
    from .records import Draft

_QUANTIFIERS = lexicon.mapping("joint_quantifiers")
# Entity labels a joint speaker's conjunct may carry: people and the bodies that speak.
_SPEAKER_LABELS = frozenset({"PERSON", "PER", "ORG", "NORP", "GPE"})
_MAX_CONJUNCTS = 6


def conjuncts(head: Token) -> list[Token]:
    """The conjuncts coordinated with *head* ("X, Y and Z"), in text order, without head."""
    out, todo = [], [head]
    while todo and len(out) < _MAX_CONJUNCTS:
        tok = todo.pop()
        for c in tok.children:
            if c.dep_ == "conj" and c.i > head.i:
                out.append(c)
                todo.append(c)
    return sorted(out, key=lambda t: t.i)


def _names_actor(ctx: Context, tok: Token) -> bool:
    if tok.pos_ == "PRON":
        return tok.text.lower() in PERSONAL_PRONOUNS
    m = ctx.mention_at(tok.idx, tok_end(tok))
    return m is not None and m.label in _SPEAKER_LABELS and named(m)


def take_joint(ctx: Context, draft: Draft, head: Token, name_of: Callable[[Token], str]) -> None:
    """Add the other speakers of a coordinated subject to *draft* (whose speaker is *head*'s)."""
    others = [c for c in conjuncts(head) if _names_actor(ctx, c)]
    if not others or draft.written[0] < 0:
        return
    names = [draft.speaker]
    for tok in others:
        name = name_of(tok)
        if name and name not in names:
            names.append(name)
    if len(names) < 2:
        return
    start = draft.written[0]
    end = max(draft.written[1], noun_phrase(others[-1])[1])
    draft.speakers = tuple(names)
    draft.speaker_text = ctx.text[start:end]
    draft.written = (start, end)


def take_coordinated_antecedent(ctx: Context, draft: Draft) -> None:
    """"Trudeau and Xi met. They said ...": a "they" resolved to a coordinated subject is every
    actor it coordinates (`speaker_text` stays "they", as written)."""
    if draft.speaker_pos < 0:
        return
    tok = ctx.doc[ctx.token_at(draft.speaker_pos)]
    head = tok
    while head.dep_ in ("compound", "flat") and head.head.i != head.i and head.head.i > head.i:
        head = head.head  # "Justin" of "Justin Trudeau" -> "Trudeau"
    names = [m.entity for m in (ctx.mention_at(t.idx, tok_end(t)) for t in [head, *conjuncts(head)])
             if m is not None and m.label in _SPEAKER_LABELS and named(m)]
    names = list(dict.fromkeys(names))
    if len(names) >= 2:
        draft.speaker, draft.speakers = names[0], tuple(names)


def _quantity(head: Token) -> int:
    """2 for "both leaders" / "the two men", 3 for "the three ministers"; else 0."""
    for c in head.children:
        n = _QUANTIFIERS.get(c.text.lower())
        if n and c.dep_ in ("det", "nummod", "predet", "preconj"):
            return int(n)
    return 0


def described_group(ctx: Context, head: Token, phrase) -> Answer | None:
    """"Both leaders said", "the two men said": the people the nearest earlier sentence names,
    when it names exactly that many (a name sieve; the quote gets every one as a speaker)."""
    wanted = _quantity(head) if head.tag_ == "NNS" else 0
    if not wanted:
        return None
    cur = ctx.sent_of[head.i]
    for k in range(cur, max(-1, cur - ctx.options.subject_antecedent_sents - 1), -1):
        a, b = ctx.sentences[k]
        lo, hi = ctx.doc[a].idx, head.idx if k == cur else tok_end(ctx.doc[b - 1])
        people = [m for m in ctx.mentions[bisect_left(ctx.m_starts, lo) : bisect_left(ctx.m_starts, hi)]
                  if m.label in PERSON_LABELS and named(m)]
        names = list(dict.fromkeys(m.entity for m in people))
        if len(names) == wanted:
            return Answer(names[0], phrase.text, people[0].start_char, tuple(names[1:]))
        if names:
            return None  # the nearest sentence naming people decides
    return None

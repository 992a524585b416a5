"""Joint speakers: "Justin Trudeau and Xi Jinping said ..." is one quote with two speakers.

The speaker's head found by the mention sieves is the first conjunct of a coordinated subject;
`take_joint` adds every other conjunct that names an actor (a name the entity stage found, or a
personal pronoun the name sieves resolve) to the draft's `speakers`, and widens `speaker_text`
to the whole coordination as written. `Quote.speaker` stays the first speaker, so rankings that
read one speaker per quote still work; `Quote.speakers` lists them all.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from .cues import tok_end
from .phrases import PERSONAL_PRONOUNS, named, noun_phrase

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .context import Context
    from .records import Draft

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

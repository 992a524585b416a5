"""Reports carried by a verb's object, not by a clausal complement: each shape is a small
function over the cue verb that gives the token range of what was said, or None.

- ``labelling``: "Jones called the plan a disaster for families" (object and its label);
- ``request``: "Jones called on the council to reverse its decision" (whom, and to do what).

The cue's subject speaks (`analysis.quotes.sieves`); the range is emitted by
`analysis.quotes.reported` like any report. The verbs are analysis/data/*.txt lists.
Not "accused X of Y": ggt-dev does not annotate accusations as quotes (measured, issue 11).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from analysis import lexicon

from .cues import VERB_TAGS

if TYPE_CHECKING:
    from spacy.tokens import Token

# "called the plan a disaster": the verbs whose object takes a label (an "oprd" in the parse).
LABELLING_VERBS = lexicon.words("labelling_object_verbs")
# "called on X to ...": the verb and the preposition of the one asked.
_REQUEST = ("call", "on")
_RELATIVE_TAGS = frozenset({"WP", "WDT"})
_FREE_RELATIVES = frozenset({"what", "whatever"})


def _child(tok: Token, deps: tuple[str, ...], after: int = -1) -> Token | None:
    return next((c for c in tok.children if c.dep_ in deps and c.i > after), None)


def labelling(tok: Token) -> tuple[int, int] | None:
    """"called the plan a disaster": object through label; "whom he calls a hero": the label.
    Not "what they call harassment": there the writer names a thing after its source (a quoted
    label there is a fragment of `labelled`)."""
    if tok.lemma_.lower() not in LABELLING_VERBS:
        return None
    obj = _child(tok, ("dobj",))
    label = _child(tok, ("oprd",), after=obj.i if obj is not None else tok.i)
    if obj is None or label is None or obj.lower_ in _FREE_RELATIVES:
        return None
    lo = label.left_edge.i if obj.tag_ in _RELATIVE_TAGS or obj.i < tok.i else obj.left_edge.i
    return lo, label.right_edge.i


def request(tok: Token) -> tuple[int, int] | None:
    """"called on the council to reverse its decision": the one asked through the request."""
    if tok.lemma_.lower() != _REQUEST[0]:
        return None
    on = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == _REQUEST[1] and c.i > tok.i), None)
    todo = _child(tok, ("xcomp",), after=tok.i)
    if on is None or todo is None or not any(c.dep_ == "pobj" for c in on.children):
        return None
    return on.i + 1, todo.right_edge.i


OBJECT_REPORTS: dict[str, Callable[[Token], tuple[int, int] | None]] = {
    "labelling": labelling,
    "request": request,
}
_SHAPES = tuple(OBJECT_REPORTS.values())
CUE_LEMMAS = LABELLING_VERBS | {_REQUEST[0]}


def object_report(tok: Token) -> tuple[int, int] | None:
    """The token range (first, last) of what *tok* reports through its object, else None."""
    if tok.tag_ not in VERB_TAGS:
        return None
    for shape in _SHAPES:
        span = shape(tok)
        if span is not None:
            return span
    return None

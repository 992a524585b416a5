"""Reporting cues: the verbs that report speech, *according to*, and who a cue names.

- `is_cue`: a verb of one of the cue lexicons (`SPEECH_VERBS`, `QUOTE_CUE_VERBS` ...);
- `according_object`: the source X of "according to X" (the one place the phrase is parsed);
- `subject_of`: the cue's subject, climbing conjunctions and participles ("..., adding");
- `preceding_name`, `inverted_subject`, `first_name`: the speaker when the parser gave it
  another role ('"...," DeBoer said', '"...," said Li').

Which content a cue reports is `analysis.quotes.reported`; which speaker is finally chosen is
`analysis.quotes.sieves`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from analysis import lexicon

if TYPE_CHECKING:
    from spacy.tokens import Token

# Verbs (lemmas) that report speech: a clausal complement of one of them is reported speech,
# and one of them next to a quotation names its speaker.
SPEECH_VERBS = lexicon.words("speech_verbs")
# Verbs that name the speaker of an adjacent direct quotation (a superset of SPEECH_VERBS).
QUOTE_CUE_VERBS = SPEECH_VERBS | lexicon.words("quote_cue_verbs")
SAY_VERBS = lexicon.words("say_verbs")
PARENTHETICAL_VERBS = lexicon.words("parenthetical_verbs")
QUESTION_VERBS = lexicon.words("question_verbs")
HEARER_VERBS = lexicon.words("hearer_verbs")
INFINITIVE_REPORT_VERBS = lexicon.words("infinitive_report_verbs")
LABEL_VERBS = lexicon.words("label_verbs")

# Parser labels (spaCy's English scheme), not words of the text.
SUBJ_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
VERB_TAGS = frozenset({"VBD", "VBZ", "VBP", "VBG", "VBN", "VB"})
NAME_TAGS = frozenset({"NNP", "NNPS", "PRP", "NN", "NNS"})  # a name, a pronoun or a noun
_CLIMB_DEPS = frozenset({"conj", "xcomp", "advcl", "relcl"})
_NOMINAL_POS = frozenset({"PROPN", "NOUN", "PRON"})
_INVERTED_SKIP_POS = frozenset({"DET", "ADJ", "PUNCT", "ADV", "NUM", "PART"})
_INVERTED_SKIP_DEPS = frozenset({"amod", "prt", "det", "punct", "compound", "nummod"})
_MODIFIER_DEPS = frozenset({"compound", "flat", "amod", "nmod"})
# How far (tokens) a speaker may stand after its cue ("..., said the laid-back resident Li").
_INVERTED_WINDOW = 8
# How far after "according to" an unparsed source may stand.
_ACCORDING_WINDOW = 8


def tok_end(tok: Token) -> int:
    """The char offset just after *tok*."""
    return tok.idx + len(tok.text)


def is_cue(tok: Token, lexicon_: frozenset[str]) -> bool:
    """Whether *tok* is a verb of *lexicon_* (by lemma or as written)."""
    if tok.pos_ not in ("VERB", "AUX") and tok.tag_ not in VERB_TAGS:
        return False
    return tok.lemma_.lower() in lexicon_ or tok.text.lower() in lexicon_


def according_object(tok: Token) -> Token | None:
    """The object X of "according to X" when *tok* is "according"."""
    if tok.text.lower() != "according":
        return None
    for c in tok.children:
        if c.text.lower() == "to":
            obj = _pobj(c)
            if obj is not None:
                return obj
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is None or nxt.text.lower() != "to":
        return None
    return _pobj(nxt) or _first_noun_after(nxt)


def _pobj(prep: Token) -> Token | None:
    return next((g for g in prep.children if g.dep_ == "pobj"), None)


def _first_noun_after(to: Token) -> Token | None:
    """Unparsed "according to": the first noun after "to"."""
    doc = to.doc
    for t in doc[to.i + 1 : min(len(doc), to.i + _ACCORDING_WINDOW)]:
        if t.pos_ in _NOMINAL_POS:
            return t
    return None


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The verb's subject, climbing conjunctions and participial clauses ("..., saying")."""
    subjects = [c for c in verb.children if c.dep_ in SUBJ_DEPS and c.text[:1].isalnum()]
    if subjects:
        # several subjects means a mis-split phrase ("co - chairman Liam Fox"): take the nearest
        return min(subjects, key=lambda c: abs(c.i - verb.i))
    agent = _agent(verb)
    if agent is not None:
        return agent
    if depth < 3 and verb.dep_ in _CLIMB_DEPS and verb.head.i != verb.i:
        return _climbed_subject(verb, depth)
    return None


def _agent(verb: Token) -> Token | None:
    """X of a passive "... by X"."""
    for c in verb.children:
        if c.dep_ == "agent":
            obj = _pobj(c)
            if obj is not None:
                return obj
    return None


def _climbed_subject(verb: Token, depth: int) -> Token | None:
    if verb.dep_ == "relcl" and verb.head.pos_ in _NOMINAL_POS:
        return verb.head
    if verb.tag_ == "VBG" and depth == 0:
        # "He said X had spoken ..., adding: ...": a participle adds to the report it
        # follows, so its subject is that report's speaker, not the reported clause's
        for anc in verb.ancestors:
            if is_cue(anc, SPEECH_VERBS):
                return subject_of(anc, depth + 1)
    return subject_of(verb.head, depth + 1)


def passive_agent(verb: Token) -> Token | None:
    """X of "described as ... by X" (the agent's object), else None."""
    return _agent(verb)


def preceding_name(verb: Token, start: int) -> Token | None:
    """A name or pronoun between a quotation's end and its cue ('"...," DeBoer said'), when the
    parser gave it another role."""
    if start < 0:
        return None
    for t in reversed(verb.doc[: verb.i]):
        if t.idx < start:
            break
        if t.tag_ in NAME_TAGS and t.text[:1].isalnum():
            return t
    return None


def first_name(verb: Token, para_start: int) -> Token | None:
    """The first noun phrase head between a paragraph's start and the verb."""
    for t in verb.doc[: verb.i]:
        if t.idx < para_start:
            continue
        if t.tag_ in NAME_TAGS:
            while t.dep_ in ("compound", "flat") and para_start <= t.head.idx < verb.idx and t.head.i > t.i:
                t = t.head
            return t
    return None


def inverted_subject(verb: Token, limit: int) -> Token | None:
    """Speaker after the verb ('..., said Li'), when the parser did not call it a subject."""
    for t in verb.doc[verb.i + 1 : min(limit, verb.i + _INVERTED_WINDOW)]:
        if t.pos_ in ("PROPN", "PRON") or (t.pos_ == "NOUN" and t.dep_ != "pobj"):
            # climb a compound / modifier chain to its head noun
            while t.dep_ in _MODIFIER_DEPS and t.i < t.head.i < limit:
                t = t.head
            return t
        # "points out the laid-back Cambridge resident": particles, determiners, modifiers
        if t.dep_ == "pobj" or (t.pos_ not in _INVERTED_SKIP_POS and t.dep_ not in _INVERTED_SKIP_DEPS):
            break
    return None


def is_parenthetical(tok: Token, subj: Token) -> tuple[int, int] | None:
    """Token range (first, last) of a parenthetical cue phrase ("..., he says, ..."), set off
    by a comma or dash before it and ending at punctuation; None when *tok* is not one."""
    if tok.lemma_.lower() not in PARENTHETICAL_VERBS:
        return None
    if subj.i > tok.i and subj.dep_ not in SUBJ_DEPS:
        return None
    doc = tok.doc
    lo = min(subj.left_edge.i, tok.i)
    hi = max(tok.i, subj.right_edge.i if subj.i > tok.i else tok.i)
    if lo == 0 or doc[lo - 1].text not in ",—–":
        return None
    if hi + 1 < len(doc) and not (doc[hi + 1].is_punct or doc[hi + 1].is_space):
        return None  # the cue has an object of its own: not parenthetical
    return lo, hi

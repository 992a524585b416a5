"""Speaker phrases: the noun phrase a speaker is written as, and what kind of thing it names.

`noun_phrase` gives the span of "a spokesperson for the ministry"; `clean_np` makes it a
one-line name; the noun lexicons (`ORG_NOUNS`, `DOCUMENT_NOUNS`, `DATA_NOUNS`) tell a person
from an organisation, a document or data.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from analysis import lexicon

from .cues import SUBJ_DEPS, tok_end

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from analysis.entities import Mention

DOCUMENT_NOUNS = lexicon.words("document_nouns")
DATA_NOUNS = lexicon.words("data_nouns")
ORG_NOUNS = lexicon.words("organisation_nouns")
PERSON_TITLE_WORDS = lexicon.words("person_title_words")
OFFICE_MODIFIERS = lexicon.words("office_modifiers")
PERSONAL_PRONOUNS = lexicon.words("personal_pronouns")
PRONOUN_GENDER = lexicon.mapping("pronoun_gender")
CHAIN_PRONOUNS = lexicon.words("chain_pronouns")
HONORIFIC_GENDER = lexicon.mapping("honorific_gender")
_NP_PREPS = lexicon.words("speaker_phrase_prepositions")
_DEFINITE = lexicon.words("definite_determiners")
_INDEFINITE = lexicon.words("indefinite_articles")
# Nouns for people: the general list, the roles, titles, relatives and descriptors.
PERSON_NOUNS = (lexicon.words("person_nouns") | lexicon.words("role_nouns") | lexicon.words("person_descriptors")
                | lexicon.words("kin_nouns") | lexicon.words("journalist_nouns") | lexicon.words("person_title_words")
                | lexicon.words("title_only_words"))
_PERSON_ENDINGS = tuple(lexicon.words("person_noun_endings"))

PERSON_LABELS = ("PERSON", "PER")
# Parser labels: the left modifiers kept in a speaker's phrase, and the dependencies that open a
# clause of its own inside a noun phrase ("the resident, who sold his comic The Undead Soldier").
_NP_KEEP_LEFT_DEPS = frozenset({"det", "compound", "amod", "poss", "nmod", "nummod", "case", "flat", "quantmod"})
_CLAUSE_DEPS = frozenset({"relcl", "acl", "ccomp", "advcl", "xcomp", "pcomp"})
# The longest prepositional phrase (tokens) kept in a speaker's phrase.
_NP_PREP_TOKENS = 7
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def noun_phrase(head: Token) -> tuple[int, int]:
    """Char span of the speaker's noun phrase: left modifiers, head, a short 'for/of/at' phrase."""
    left = head
    for c in head.lefts:
        if c.dep_ in _NP_KEEP_LEFT_DEPS:
            left = min(left, c.left_edge, key=lambda t: t.i)
            break
    right_end = tok_end(head)
    for c in head.rights:
        if c.dep_ in ("compound", "flat"):
            right_end = max(right_end, tok_end(c.right_edge))
        elif c.dep_ == "prep" and c.text.lower() in _NP_PREPS and len(list(c.subtree)) <= _NP_PREP_TOKENS:
            right_end = max(right_end, tok_end(c.right_edge))
            break
        else:
            break
    return left.idx, right_end


def clean_np(text: str) -> str:
    """A noun phrase as a one-line name: whitespace collapsed, invisible characters dropped."""
    return " ".join(text.translate(_INVISIBLE).split()).strip(" ,")


def named(m: Mention) -> bool:
    """A mention that is a name, not a lowercase description the NER took for one."""
    return any(ch.isupper() for ch in m.text)


def is_definite(tok: Token) -> bool:
    """"the minister", "this company": a definite description."""
    return any(c.dep_ == "det" and c.text.lower() in _DEFINITE for c in tok.children)


def is_person_noun(tok: Token) -> bool:
    """A common noun that may stand for a person: not an organisation, document or data."""
    lemma = tok.lemma_.lower()
    return not (lemma in ORG_NOUNS or lemma in DOCUMENT_NOUNS or lemma in DATA_NOUNS)


def is_person_word(tok: Token) -> bool:
    """A common noun that names a person: a noun of the person lexicons or an agent noun
    ("defenceman", "organiser"); never an organisation, document or data noun."""
    lemma = tok.lemma_.lower() or tok.lower_
    if not is_person_noun(tok):
        return False
    return lemma in PERSON_NOUNS or tok.lower_ in PERSON_NOUNS or lemma.endswith(_PERSON_ENDINGS)


def is_person_description(tok: Token) -> bool:
    """"a private security professional": an indefinite common noun that may be a person
    speaking (not a document, an organisation or data). A definite one ("the minister") is
    resolved as a description instead."""
    return is_person_noun(tok) and any(c.dep_ == "det" and c.lower_ in _INDEFINITE for c in tok.children)


def is_subject(tok: Token) -> bool:
    """Whether *tok* is, or is a compound/apposition of, a subject."""
    for _ in range(4):
        if tok.dep_ in SUBJ_DEPS:
            return True
        if tok.dep_ in ("compound", "flat", "appos") and tok.head.i != tok.i:
            tok = tok.head
            continue
        break
    return tok.dep_ in SUBJ_DEPS


def in_clause_below(tok: Token, top: Token) -> bool:
    """Whether a clause boundary lies between tok and its ancestor top."""
    t = tok
    while t.i != top.i and t.head.i != t.i:
        if t.dep_ in _CLAUSE_DEPS:
            return True
        t = t.head
    return False


def title_words(doc: Doc, first: int, head: Token) -> frozenset[str]:
    """Common nouns that describe a name: its compounds before it, its apposition."""
    words = set()
    for t in doc[max(0, first - 4) : head.i]:
        if t.pos_ in ("NOUN", "PROPN") and t.text[:1].isalpha():
            words.add(t.lemma_.lower() or t.text.lower())
    for c in head.children:
        if c.dep_ == "appos":
            words.add(c.lemma_.lower() or c.text.lower())
    if head.dep_ == "appos":
        words.add(head.head.lemma_.lower() or head.head.text.lower())
    return frozenset(words)


def honorific_gender(lowers: list[str], tok_i: int) -> str | None:
    """The gender stated by the honorific before token *tok_i* ("Mrs Smith" -> "f"), from the
    lower-case column."""
    if tok_i <= 0:
        return None
    word = lowers[tok_i - 1]
    return HONORIFIC_GENDER.get(word[:-1] if word.endswith(".") else word)

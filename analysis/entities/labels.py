"""Label repair: PERSON or ORG, FAC, place ... decided from the name's form and its context.

What the small model gets evidently wrong is corrected from evidence in the article only:
a PERSON that is a known place becomes GPE, an acronym ORG; a span with "+", "@" or digits,
or made of a title only, is no entity; word shape ("Dixon Hall", "Club Moo"), a company noun
before it, a role apposition or a surname shared with a person of the article decide between
PERSON and ORG/FAC; the article's majority label wins for a repeated name. The rules for a span
tagged PERSON are the ordered registry `PERSON_RULES`: the first that answers decides.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Callable

from .. import lexicon
from . import affiliations, credits
from .context import ArticleContext
from .names import (
    FAC_HEADS,
    HONORIFIC_GENDER,
    HONORIFICS,
    ORG_HEADS,
    PLACE_HEADS,
    ROLE_NOUNS,
    TITLES,
    name_key,
    singular,
)
from .records import NAME_LABELS, Ent, set_span
from .lists import listed_with_people
from .relatives import is_kin_apposition
from .spans import COMPASS, ONE_INITIAL

TITLE_ONLY = lexicon.words("title_only_words")
PERSON_TITLE_NOUNS = lexicon.words("person_title_nouns")
_TITLE_WORD_NOUNS = PERSON_TITLE_NOUNS | lexicon.words("institution_nouns")
ORG_FIRSTS = lexicon.words("org_name_firsts")
ORG_CUES = lexicon.words("org_cue_nouns")
_LOCATIVE = lexicon.words("locative_prepositions")
_DETERMINERS = lexicon.words("determiners")
_PERSON_SPEECH_LEMMAS = lexicon.words("speech_lemmas_of_people")
WORK_NOUNS = lexicon.words("work_nouns")
SOCIAL_NETWORKS = frozenset(lexicon.phrases("social_networks"))

# Characters that never occur in a person's name.
_NON_NAME = re.compile(r"[0-9+@#=/\\|<>{}\[\]_*%$€£]")
_ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,7}$")
# Labels the model gives to people's names often enough to check them.
_MISTAKEN_FOR_PERSON = frozenset({"ORG", "GPE", "FAC", "WORK_OF_ART", "EVENT", "PRODUCT", "NORP"})

# What becomes of a span in the first pass.
KEEP, DROP, PHOTO_CREDIT = "keep", "drop", "photo credit"
NO_ENTITY = ""  # a rule's answer: the span names nothing


def repair_labels(article: ArticleContext, ents: list[Ent]) -> tuple[list[Ent], list[Ent]]:
    """Correct evident label errors; return the kept spans and the dropped ones (no entity,
    credits, people of photo captions)."""
    ents = affiliations.split_affiliations(article, ents)
    person_words = _person_words(article, ents)
    kept, dropped, photo_credits = _judge_each(article, ents, person_words)
    if article.options.skip_credits:
        kept = credits.drop_caption_people(article, kept, dropped, photo_credits)
    after_company_noun(article, kept)
    _people_tagged_otherwise(article, kept)
    affiliations.relabel_group_names(article.doc, kept)
    harmonise_labels(kept, article.places)
    return kept, dropped


def _person_words(article: ArticleContext, ents: list[Ent]) -> set[str]:
    """Words of full person names: "Jordan" is no place in an article about Michael Jordan.
    Also names the article treats as a person's ("Clinton said", "Mr Lincoln")."""
    words = {name_key(w) for e in ents if e.label == "PERSON" and " " in e.name for w in e.name.split(" ")}
    words.update(name_key(e.name) for e in ents if e.label == "PERSON" and acts_as_person(article.doc, e))
    return words


def _judge_each(article: ArticleContext, ents: list[Ent], person_words: set[str]):
    kept: list[Ent] = []
    dropped: list[Ent] = []
    photo_credits: list[Ent] = []
    prev: Ent | None = None
    for e in ents:
        verdict = _judge(article, e, person_words, prev)
        if verdict == KEEP:
            kept.append(e)
            prev = e
            continue
        if verdict == PHOTO_CREDIT:
            photo_credits.append(e)
        dropped.append(e)
    return kept, dropped, photo_credits


def _judge(article: ArticleContext, e: Ent, person_words: set[str], prev: Ent | None) -> str:
    """KEEP (perhaps relabelled), DROP or PHOTO_CREDIT for one span."""
    doc = article.doc
    if e.label == "ORG" and e.end - e.start == 1 and is_title_word(doc, e):
        if doc[e.end].lower_ in PERSON_TITLE_NOUNS:
            return DROP  # "Defense" of "Defense Minister Sergei Shoigu" is part of a title
        if not doc[e.end].ent_type_:
            set_span(doc, article.text, e, e.start, e.end + 1)  # "State" + "Department" -> one ORG
    if e.label == "PERSON":
        return _judge_person(article, e, person_words, prev)
    if e.label == "NORP" and name_key(e.name) in article.places.regions:
        e.label = "GPE"  # "Tajikistan" is a country, not a nationality
    elif e.label == "ORG" and _org_is_place(article, e, person_words):
        e.label = "GPE"
    return KEEP


def _judge_person(article: ArticleContext, e: Ent, person_words: set[str], prev: Ent | None) -> str:
    label = person_label(article, e, person_words, prev)
    credit = credits.credit_kind(article, e) if label == "PERSON" and article.options.skip_credits else ""
    if credit:
        return PHOTO_CREDIT if credit == "photo" else DROP
    if label is None:
        return DROP
    e.label = label
    return KEEP


def _org_is_place(article: ArticleContext, e: Ent, person_words: set[str]) -> bool:
    """Countries and states; a city only after "in" & co: city names are often sports teams
    ("Chicago beat Boston")."""
    k = name_key(e.name)
    places = article.places
    return k not in person_words and (
        k in places.regions
        or (k in places.cities and e.start > 0 and article.doc[e.start - 1].lower_ in _LOCATIVE)
    )


# --- spans tagged PERSON: an ordered registry of rules --------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A span tagged PERSON, as the rules of `PERSON_RULES` see it."""

    e: Ent
    words: list[str]  # of the normalised name
    keys: list[str]  # comparison keys of `words`, full stops dropped
    key: str  # comparison key of the whole name
    prev: Ent | None  # the span kept before it
    person_words: set[str]  # see `_person_words`


def _non_name_characters(a: ArticleContext, c: Candidate) -> str | None:
    return NO_ENTITY if _NON_NAME.search(c.e.text) else None  # "Ctrl + Enter", "@handle"


def _uncapitalised(a: ArticleContext, c: Candidate) -> str | None:
    # "caddie", "btaplatt": names are capitalised (unless the whole article is not)
    return NO_ENTITY if not a.lowercase and not any(ch.isupper() for ch in c.e.text) else None


def _title_only(a: ArticleContext, c: Candidate) -> str | None:
    # "Cpl", "Liberal MLA": a title without its person
    if singular(c.keys[-1]) in TITLE_ONLY or (all(k in TITLES for k in c.keys) and c.key not in c.person_words):
        return NO_ENTITY
    return None


def _known_place(a: ArticleContext, c: Candidate) -> str | None:
    # "Kyiv", "Niagara Falls"; small towns share their names with people
    if c.key in c.person_words:
        return None
    min_city = a.options.min_city_for_word if len(c.words) == 1 else 1
    if c.key in a.places.regions or a.places.cities.get(c.key, 0) >= min_city:
        return "GPE"
    return None


def _place_with_compass(a: ArticleContext, c: Candidate) -> str | None:
    # "Bristol West", "Leeds North West", "North Devon": a known place and compass words
    rest = [k for k in c.keys if k not in COMPASS]
    if len(rest) < len(c.keys) and rest and name_key(" ".join(rest)) in a.places and c.key not in c.person_words:
        return "GPE"
    return None


# Last words and the label they give a name of two words or more.
_HEAD_LABELS = (("ORG", ORG_HEADS), ("FAC", FAC_HEADS), ("LOC", PLACE_HEADS))


def _name_head(a: ArticleContext, c: Candidate) -> str | None:
    # "Robert Bosch GmbH", "Dixon Hall" (ORG); "King George Station" (FAC); "Horseshoe Falls" (LOC);
    # "Club Moo", "Surrey-Guildford LRT" (ORG)
    if len(c.words) < 2:
        return None
    for label, heads in _HEAD_LABELS:
        if c.keys[-1] in heads:
            return label
    if c.keys[0] in ORG_FIRSTS or _ACRONYM.match(c.words[-1]):
        return "ORG"
    return None


def _region_after_town(a: ArticleContext, c: Candidate) -> str | None:
    # "Oakville, Ont.": a region after a town
    prev, e = c.prev, c.e
    if (
        prev is not None
        and prev.label == "GPE"
        and len(c.words) == 1
        and a.doc[e.start - 1].text == ","
        and prev.end == e.start - 1
    ):
        return "GPE"
    return None


def _acronym(a: ArticleContext, c: Candidate) -> str | None:
    # "ATACMS", "NATO": acronyms name organisations or products (unless the line shouts)
    return "ORG" if _ACRONYM.match(c.e.name) and not a.shouting[c.e.start] else None


def _social_network(a: ArticleContext, c: Candidate) -> str | None:
    # "his 20,000 Twitter followers", "on Facebook": a network, never a person
    return "ORG" if c.key in SOCIAL_NETWORKS else None


def _known_person(a: ArticleContext, c: Candidate) -> str | None:
    return "PERSON" if c.key in c.person_words else None


def _plural(a: ArticleContext, c: Candidate) -> str | None:
    # "the Sharks": a plural is a group, not a person
    return "ORG" if len(c.words) == 1 and a.doc[c.e.end - 1].tag_ in {"NNPS", "NNS"} else None


def _after_determiner(a: ArticleContext, c: Candidate) -> str | None:
    # "the Kospi", "the Forecaddie": people take no article
    e = c.e
    if len(c.words) == 1 and e.start > 0 and a.doc[e.start - 1].lower_ in _DETERMINERS and not a.shouting[e.start]:
        return "ORG"
    return None


_OPENING_MARKS = frozenset("\"“‘«'")
_CLOSING_MARKS = frozenset("\"”’»'")


def _work_title(a: ArticleContext, c: Candidate) -> str | None:
    # "the film Moana", "his war comic Forgotten Grunt", "“Doc McStuffins”": a title, no person
    e, text = c.e, a.text
    if e.start > 0 and a.doc[e.start - 1].lower_ in WORK_NOUNS and not a.shouting[e.start]:
        return "WORK_OF_ART"
    if text[e.start_char - 1 : e.start_char] in _OPENING_MARKS and text[e.end_char : e.end_char + 1] in _CLOSING_MARKS:
        return "WORK_OF_ART"
    return None


def _character(a: ArticleContext, c: Candidate) -> str | None:
    # "Morgana (Rebecca Ferguson)": a character, played by the person in brackets
    doc, e = a.doc, c.e
    if e.end + 3 < len(doc) and doc[e.end].text == "(" and doc[e.end + 1].ent_type_ == "PERSON":
        inner = doc[e.end + 1].ent_iob_ == "B" and doc[e.end + 2].ent_iob_ == "I"
        return NO_ENTITY if inner and doc[e.end + 1 : e.end + 6].text.find(")") > 0 else None
    return None


# name -> rule(article, candidate) answering a label, NO_ENTITY, or None to pass; in order.
PERSON_RULES: dict[str, Callable[[ArticleContext, Candidate], str | None]] = {
    "non_name_characters": _non_name_characters,
    "uncapitalised": _uncapitalised,
    "title_only": _title_only,
    "known_place": _known_place,
    "place_with_compass": _place_with_compass,
    "name_head": _name_head,
    "region_after_town": _region_after_town,
    "acronym": _acronym,
    "social_network": _social_network,
    "known_person": _known_person,
    "work_title": _work_title,
    "character": _character,
    "plural": _plural,
    "after_determiner": _after_determiner,
}


def person_label(article: ArticleContext, e: Ent, person_words: set[str], prev: Ent | None) -> str | None:
    """The label a span tagged PERSON deserves (None: no entity): the answer of the first rule
    of `PERSON_RULES` that answers, else PERSON."""
    words = e.name.split(" ")
    candidate = Candidate(e, words, [name_key(w.rstrip(".")) for w in words], name_key(e.name), prev, person_words)
    for rule in PERSON_RULES.values():
        label = rule(article, candidate)
        if label is not None:
            return label or None
    return "PERSON"


# --- evidence of a person or of a company ----------------------------------------------------


def acts_as_person(doc, e: Ent) -> bool:
    """A mention after an honorific, or the subject of a reporting verb."""
    if e.start > 0 and doc[e.start - 1].lower_.rstrip(".") in HONORIFICS:
        return True
    root = doc[e.start : e.end].root
    return root.dep_ == "nsubj" and root.head.lemma_ in _PERSON_SPEECH_LEMMAS


def is_title_word(doc, e: Ent) -> bool:
    """A capitalised ordinary word right before "Minister"/"Ministry" & co."""
    if e.end >= len(doc):
        return False
    tok, nxt = doc[e.start], doc[e.end]
    return tok.text[:1].isupper() and not tok.is_upper and nxt.text[:1].isupper() and nxt.lower_ in _TITLE_WORD_NOUNS


def after_company_noun(article: ArticleContext, ents: list[Ent]) -> None:
    """A PERSON right after a company noun names a company ("Thai group Dusit Thani")."""
    doc = article.doc
    for e in ents:
        if e.label != "PERSON" or e.start == 0:
            continue
        before = doc[e.start - 1]
        if before.lower_ in ORG_CUES and not before.ent_type_:
            e.label = "ORG"


def _people_tagged_otherwise(article: ArticleContext, ents: list[Ent]) -> None:
    surnames = {name_key(e.name.split(" ")[-1]) for e in ents if e.label == "PERSON" and " " in e.name}
    ents = sorted(ents, key=lambda e: e.start)
    listed = {i for i, e in enumerate(ents) if e.label in _MISTAKEN_FOR_PERSON and listed_with_people(article.doc, ents, i)}
    for i, e in enumerate(ents):
        if e.label in _MISTAKEN_FOR_PERSON and (
            looks_like_person(article, e, surnames, listed=i in listed)
            or is_kin_apposition(article.doc, e.start, e.end)
            or after_gendered_title(article.doc, e)
        ):
            e.label = "PERSON"


def after_gendered_title(doc, e: Ent) -> bool:
    """One or two capitalised words right after a title that says he or she ("Mr Campbell",
    "Lord Butler", "Mrs Kelly" tagged ORG): only a person is written so."""
    words = e.name.split(" ")
    return (
        e.start > 0
        and doc[e.start - 1].lower_.rstrip(".") in HONORIFIC_GENDER
        and 1 <= len(words) <= 2
        and all(w[:1].isupper() and w[1:2].islower() for w in words)
    )


def looks_like_person(article: ArticleContext, e: Ent, surnames: set[str], *, listed: bool = False) -> bool:
    """A span of two or three capitalised words tagged otherwise that names a person.

    Evidence: an initial ("H. Morris"), a last word that is the surname of a person
    of the article ("Megda Belkacemi" beside "Khaled Belkacemi"), an apposition
    giving a person's role ("Alison Uncles, editor-in-chief of ..."), or (`listed`) a place
    in a list of people's names (`lists`).
    """
    words = e.name.split(" ")
    if _initialled(words):
        return not any(name_key(w) in ORG_HEADS for w in words)  # "H. Morris"
    if not 1 <= len(words) <= 3 or not all(w[:1].isupper() and w[1:2].islower() for w in words):
        return False
    keys = [name_key(w) for w in words]
    if _names_no_person(article, e, keys):
        return False
    if len(words) > 1 and (keys[-1] in surnames or listed):
        return True
    return len(words) > 1 and role_apposition(article.doc, e)


def _initialled(words: list[str]) -> bool:
    """An initial and one or two capitalised words ("H. Morris")."""
    return 2 <= len(words) <= 3 and bool(ONE_INITIAL.match(words[0])) and all(w[:1].isupper() for w in words[1:])


def _names_no_person(article: ArticleContext, e: Ent, keys: list[str]) -> bool:
    """A place, or a name whose last or first word says organisation or building."""
    return name_key(e.name) in article.places or keys[-1] in ORG_HEADS or keys[-1] in FAC_HEADS or keys[0] in ORG_FIRSTS


def role_apposition(doc, e: Ent) -> bool:
    """Whether ", (a|an|the)? ... <role noun>" follows the span ("..., an analyst")."""
    i = e.end
    if i >= len(doc) or doc[i].text != ",":
        return False
    for tok in doc[i + 1 : i + 7]:
        if tok.is_punct and tok.text not in {"-", "’s", "'s"}:
            return False
        if tok.lower_.split("-")[0] in ROLE_NOUNS:
            return True
    return False


# --- one label per name ----------------------------------------------------------------------


def harmonise_labels(ents: list[Ent], places) -> None:
    """Give every mention of one name the article's majority label for it.

    A single-token name that is the surname of a PERSON named in full in the article
    becomes PERSON ("Shoigu" tagged ORG after "Sergei Shoigu"), unless it is a place;
    so does a single-token ORG that begins such a name ("Wang" after "Wang Yi").
    """
    votes: dict[str, Counter] = defaultdict(Counter)
    for e in ents:
        if e.label in NAME_LABELS:
            votes[name_key(e.name)][e.label] += 1
    full = [e.name.split(" ") for e in ents if e.label == "PERSON" and " " in e.name]
    surnames = {name_key(words[-1]) for words in full}
    given = {name_key(words[0]) for words in full}
    for e in ents:
        if e.label in NAME_LABELS:
            e.label = _harmonised(e, votes[name_key(e.name)], surnames, given, places)


def _harmonised(e: Ent, votes: Counter, surnames: set[str], given: set[str], places) -> str:
    ranked = votes.most_common(2)
    if len(ranked) == 2 and ranked[0][1] > ranked[1][1]:
        return ranked[0][0]
    k = name_key(e.name)
    single = " " not in e.name and k not in places
    if single and e.label in {"ORG", "GPE", "NORP"} and k in surnames:
        return "PERSON"
    if single and e.label == "ORG" and k in given and k not in surnames:
        return "PERSON"  # "Wang" tagged ORG after "Wang Yi": a family name put first
    return e.label

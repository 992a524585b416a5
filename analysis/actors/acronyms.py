"""Acronyms across articles: "WHO" is the World Health Organization the corpus defines it as.

- `defined_acronym`: an article that writes "the World Health Organization (WHO)" gives its
  own mentions of "WHO" the full name (`analysis.entities.acronyms`). In articles that never
  define it, a bare "WHO" joins the full name the corpus's definitions give it, when one holds
  at least `min_share` of them.
- `initials`: an acronym whose letters are the initials of a longer name of the corpus ("BNP",
  "British National Party") joins it when that name holds at least `min_share` of the articles
  of all such names ("EU": European Union 16, Edinburgh University 1); else each is a candidate.
  Only names of the same kind (both places or neither) that some article uses together count:
  "NBC" is not the "National Baptist Convention" of one article that never writes "NBC".
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Mapping

from ..entities.acronyms import initials_match
from .outcome import Evidence, Options, Outcome
from .records import Candidate, Join, Node, Stats

_ACRONYM = re.compile(r"^(?:[A-Z]\.?){2,7}$")
LONG_LABELS = ("ORG", "NORP", "GPE", "LOC", "FAC", "EVENT", "LAW")
PLACE_LABELS = ("GPE", "LOC")


def is_acronym(name: str) -> bool:
    """"WHO", "U.N.": two to seven capitals, each perhaps with a full stop ("MPs" is not one)."""
    return bool(_ACRONYM.match(name))


def defined_acronyms(nodes: Mapping[Node, Stats], options: Options, evidence: Evidence) -> Outcome:
    """The `defined_acronym` joins, from `evidence.definitions`."""
    definitions = evidence.definitions
    outcome = Outcome()
    long_nodes = {name: (name, label) for name, label in nodes if label in LONG_LABELS}
    for node in nodes:
        uses = definitions.get(node[0])
        if not uses or node[1] == "PERSON" and not is_acronym(node[0]):
            continue
        best, n = max(uses.items(), key=lambda kv: (kv[1], kv[0]))
        if n >= options.min_share * sum(uses.values()) and best in long_nodes and best != node[0]:
            outcome.joins.append(Join(node, long_nodes[best], "defined_acronym"))
    return outcome


def _same_kind(acronym: Node, full: Node) -> bool:
    """Both places or neither: "D.C." (a place) is not the "Daily Caller"."""
    return (acronym[1] in PLACE_LABELS) == (full[1] in PLACE_LABELS)


def _expansions(node: Node, by_letter: Mapping[str, list[Node]], evidence: Evidence) -> list[Node]:
    """The longer names whose initials the acronym's letters are, of its kind, used beside it."""
    letters = node[0].replace(".", "")
    return [
        t for t in by_letter.get(letters[:1], [])
        if evidence.acronym_copresence.get((node, t), 0) and _same_kind(node, t) and initials_match(letters, t[0])
    ]


def initials(nodes: Mapping[Node, Stats], options: Options, evidence: Evidence) -> Outcome:
    """The `initials` joins and candidates."""
    by_letter: dict[str, list[Node]] = defaultdict(list)
    for node in nodes:
        if node[1] in LONG_LABELS and " " in node[0]:
            by_letter[node[0][:1].upper()].append(node)
    outcome = Outcome()
    for node in nodes:
        if not is_acronym(node[0]) or node[1] not in LONG_LABELS + ("PERSON",):
            continue
        targets = _expansions(node, by_letter, evidence)
        total = sum(nodes[t].documents for t in targets)
        best = max(targets, key=lambda t: (nodes[t].documents, t), default=None)
        if best and nodes[best].documents >= options.min_share * total:
            outcome.joins.append(Join(node, best, "initials"))
            continue
        outcome.candidates.extend(
            Candidate(node, t, "initials", f"its letters are the initials of {len(targets)} names; this one is in "
                      f"{nodes[t].documents} of their {total} articles")
            for t in targets
        )
    return outcome

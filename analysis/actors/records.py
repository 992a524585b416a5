"""The records of corpus-wide actor resolution: a name's statistics, a join, a candidate merge.

A *node* is one (name, label) pair: the form a name takes in the mentions table before the
corpus stage ("Tories", "NORP"). Rules read the nodes of the corpus with their counts and return
joins (this node is that actor) and candidates (this node may be that actor; not joined).
"""

from __future__ import annotations

from dataclasses import dataclass

Node = tuple[str, str]  # (name, label)

# The kind of actor each spaCy label names; names of other labels are not actors.
KIND_OF_LABEL = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
}
# The label a kind stands for when a codebook or a rule sets the kind.
LABEL_OF_KIND = {"person": "PERSON", "organisation": "ORG", "place": "GPE", "group": "NORP"}


def kind_of(label: str) -> str:
    """person, organisation, place, group, or other."""
    return KIND_OF_LABEL.get(label, "other")


@dataclass(frozen=True)
class Stats:
    """How often a node is used: mentions, and articles it is in."""

    mentions: int
    documents: int


@dataclass(frozen=True)
class Join:
    """Rule *rule* says node *source* names the actor of node *target*.

    `per_article` joins hold only in articles without evidence against them: a surname
    joins the corpus's full name except in an article that names another person of that
    surname in full.
    """

    source: Node
    target: Node
    rule: str
    per_article: bool = False


@dataclass(frozen=True)
class Candidate:
    """A merge a rule did not dare make, with its evidence, for the researcher to decide."""

    source: Node
    target: Node
    rule: str
    evidence: str

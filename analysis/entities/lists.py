"""Lists of names: "nominees include Rolf Anders, Tomas Eklund and Mikel Arrieta".

The small model often tags the first or last name of such a list otherwise (ORG, GPE). A name
of two or three capitalised words in a list of at least three members, all the others full
person names (only commas, "and", "or" between members), is a person too. Lists of companies
with a name or two mistaken for people ("Colgate Palmolive, Pernod Ricard, Dow Chemical") are
not lists of people: every other member must be one.
"""

from __future__ import annotations

from .records import Ent

# Tokens that may separate two members of a list.
_LIST_GLUE = frozenset({",", ";", "and", "or", "&"})
_MAX_GLUE = 2  # ", and"
MIN_OTHERS = 2  # other members, all full person names


def _glued(doc, left: Ent, right: Ent) -> bool:
    between = doc[left.end : right.start]
    return 0 < len(between) <= _MAX_GLUE and all(t.lower_ in _LIST_GLUE for t in between)


def _full_person(e: Ent) -> bool:
    return e.label == "PERSON" and " " in e.name


def list_members(doc, ents: list[Ent], i: int) -> list[int]:
    """Indices of the other members of the list `ents[i]` belongs to (ents in token order)."""
    out = []
    j = i
    while j > 0 and _glued(doc, ents[j - 1], ents[j]):
        j -= 1
        out.append(j)
    j = i
    while j + 1 < len(ents) and _glued(doc, ents[j], ents[j + 1]):
        j += 1
        out.append(j)
    return out


def listed_with_people(doc, ents: list[Ent], i: int) -> bool:
    """Whether `ents[i]` is a member of a list of people (see the module's docstring)."""
    others = list_members(doc, ents, i)
    return len(others) >= MIN_OTHERS and all(_full_person(ents[j]) for j in others)

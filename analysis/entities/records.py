"""The records of entity extraction: the `Mention` row, and the working span the repairs edit."""

from __future__ import annotations

from dataclasses import dataclass

from .names import normalise_name


@dataclass(frozen=True)
class Mention:
    """One entity mention; `text == article_text[start_char:end_char]`."""

    doc_id: str
    sent_id: int
    para_id: int
    start_char: int
    end_char: int
    text: str
    label: str
    entity: str  # canonical name, alias-merged within the article
    title: str = ""  # the honorific before or opening a PERSON mention, as written ("Mrs.", "Lord")


# Labels that name something (as opposed to DATE, CARDINAL, MONEY ...).
NAME_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)


@dataclass
class Ent:
    """A mutable working copy of one entity span while repairs are applied."""

    start: int  # token index
    end: int
    label: str
    start_char: int
    end_char: int
    text: str
    name: str = ""  # normalised name


def set_span(doc, text: str, e: Ent, start: int, end: int) -> None:
    """Move *e* to tokens ``start:end`` of *doc* (whose text is *text*), renaming it."""
    e.start, e.end = start, end
    e.start_char, e.end_char = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
    e.text = text[e.start_char : e.end_char]
    e.name = normalise_name(e.text, e.label)

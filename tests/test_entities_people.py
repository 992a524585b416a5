"""The per-article people list on hand-written news texts, one table per error class seen on
held-out news: first names only, lists of names, places, parties and organisations, bylines
and credits, titles of shows. Names and texts are invented; the pinned model parses them."""

from __future__ import annotations

import pytest

from analysis.entities import extract_mentions

pytestmark = pytest.mark.model


def people(nlp, text: str) -> set[str]:
    """Canonical PERSON names of *text*."""
    return {m.entity for m in extract_mentions(nlp(text), "d") if m.label == "PERSON"}


def labels_of(nlp, text: str, name: str) -> set[str]:
    """Labels of the mentions whose text is *name*."""
    return {m.label for m in extract_mentions(nlp(text), "d") if m.text == name}


FIRST_NAME_CASES = [
    # (text, a person introduced by first name only)
    ("Vickers said he wants to carry on the legacy of his father, Bill, who began the co-op.", "Bill"),
    ("Yet aside from Musk's brother, Kimbal, the entire slate was independent.", "Kimbal"),
    ('"You gotta start somewhere," says Wise\'s dad, Darrin.', "Darrin"),
    ("Mr Pound said his wife Maggie had been fully supportive.", "Maggie"),
]


@pytest.mark.parametrize("text, name", FIRST_NAME_CASES)
def test_first_name_relatives(nlp, text, name):
    assert name in people(nlp, text)


LIST_CASES = [
    # (text, every person of the list)
    ("Nominees for best actor are Rolf Anders, Benedict Sowerby, Tomas Eklund and Mikel Arrieta.",
     {"Rolf Anders", "Benedict Sowerby", "Tomas Eklund", "Mikel Arrieta"}),
    ("Joining him on stage were Wendell Pike, Corinna Vasquez-Lund and Theo Abernathy, all winners last year.",
     {"Wendell Pike", "Corinna Vasquez-Lund", "Theo Abernathy"}),
]


@pytest.mark.parametrize("text, names", LIST_CASES)
def test_lists_of_names(nlp, text, names):
    assert names <= people(nlp, text)


def test_a_list_of_companies_is_no_list_of_people(nlp):
    text = "Its rivals Colgate Palmolive, Reckitt Benckiser, Unilever and Dow Chemical all fell."
    assert not {"Colgate Palmolive", "Dow Chemical", "Unilever"} & people(nlp, text)

"""Acronyms an article introduces ("the World Health Organization (WHO)") name the full name."""

from __future__ import annotations

import re

import pytest

from analysis.entities.acronyms import acronym_definitions, apply_acronyms, initials_match
from analysis.entities.extract import extract_mentions
from analysis.entities.names import normalise_name
from analysis.entities.records import Ent

INITIALS = [
    # (acronym, full name, match?)
    ("WHO", "World Health Organization", True),
    ("SNP", "Scottish National Party", True),
    ("UKIP", "UK Independence Party", True),  # a word in capitals gives all its letters
    ("IFS", "Institute for Fiscal Studies", True),  # a function word gives nothing ...
    ("MoD", "Ministry of Defence", True),  # ... or its initial
    ("DfES", "Department for Education and Skills", True),
    ("Opec", "Organization of the Petroleum Exporting Countries", True),
    ("Nato", "North Atlantic Treaty Organisation", True),
    ("TGWU", "Transport and General Workers Union", True),
    ("U.N.", "United Nations", True),
    ("MP", "Michael Portillo", True),  # initials alone match: acronym_definitions leaves people out
    ("PCS", "Public and Commercial Services Union", False),  # "Union" gives no letter
    ("WHO", "World Health", False),
    ("AP", "Paris", False),
    ("UK", "UK", False),  # one word is not a definition
    ("XYZ", "Acme Corp", False),
    ("W", "World", False),
    ("NY1", "New York One", False),
]


@pytest.mark.parametrize("acronym, full_name, expected", INITIALS)
def test_initials_match(acronym, full_name, expected):
    assert initials_match(acronym, full_name) is expected


def _ents(text: str, spans: list[tuple[str, str]]) -> list[Ent]:
    """Ents for the first occurrence (after the previous one) of each (surface, label)."""
    ents, pos = [], 0
    for surface, label in spans:
        start = text.index(surface, pos)
        end = start + len(surface)
        ents.append(Ent(0, 0, label, start, end, surface, normalise_name(surface, label)))
        pos = end
    return ents


DEFINITIONS = [
    # (text, [(entity surface, label)], expected definitions)
    ("A spokesman for the World Health Organization (WHO) said WHO staff were ready.",
     [("World Health Organization", "ORG"), ("WHO", "ORG")], {"WHO": "World Health Organization"}),
    ("The Scottish National Party (SNP) leader said the SNP would win.",
     [("Scottish National Party", "ORG"), ("SNP", "PERSON")], {"SNP": "Scottish National Party"}),
    ("the UK Independence Party ( UKIP ) said", [("UK Independence Party", "ORG")], {"UKIP": "UK Independence Party"}),
    ("The US (and its allies) disagreed.", [("US", "GPE")], {}),  # lower-case parenthetical
    ("Senator John Smith (AP) said.", [("John Smith", "PERSON")], {}),
    ("The Associated Press (AP) reported.", [("Associated Press", "ORG")], {"AP": "Associated Press"}),
    ("Shares of Acme Corp (NYSE: XYZ) fell.", [("Acme Corp", "ORG")], {}),  # a ticker
    ("Michael Portillo (MP) spoke.", [("Michael Portillo", "PERSON")], {}),  # people define nothing
    ("The Liberal Democrats (pictured) won.", [("Liberal Democrats", "ORG")], {}),
    ("The Liberal Democrats (LD) won.", [("Liberal Democrats", "ORG")], {"LD": "Liberal Democrats"}),
    ("the World Health Organization, (WHO) said", [("World Health Organization", "ORG")], {}),  # not right after
    # one acronym, two full names in one article: left out
    ("The Democratic Party (DP) and the Development Party (DP) met.",
     [("Democratic Party", "ORG"), ("Development Party", "ORG")], {}),
]


@pytest.mark.parametrize("text, spans, expected", DEFINITIONS)
def test_acronym_definitions(text, spans, expected):
    assert acronym_definitions(text, _ents(text, spans)) == expected


def test_apply_acronyms_names_and_labels_every_mention():
    text = "The UK Independence Party (UKIP) said UKIP's leader and UKIP members met."
    ents = _ents(text, [("UK Independence Party", "ORG"), ("UKIP", "PERSON"), ("UKIP's", "PERSON"), ("UKIP", "ORG")])
    apply_acronyms(ents, {"UKIP": "UK Independence Party"})
    assert [(e.name, e.label) for e in ents] == [("UK Independence Party", "ORG")] * 4
    assert [e.text for e in ents] == ["UK Independence Party", "UKIP", "UKIP's", "UKIP"]  # surfaces kept


def test_apply_acronyms_an_organisations_head_word_makes_it_an_org():
    text = "The Qualifications and Curriculum Authority (QCA) said the QCA would. The QCA agreed."
    ents = _ents(text, [("Qualifications and Curriculum Authority", "WORK_OF_ART"), ("QCA", "GPE"), ("QCA", "ORG"), ("QCA", "PERSON")])
    apply_acronyms(ents, acronym_definitions(text, ents))
    assert {(e.name, e.label) for e in ents} == {("Qualifications and Curriculum Authority", "ORG")}


def test_apply_acronyms_leaves_other_names_alone():
    text = "The Scottish National Party (SNP) and Labour met."
    ents = _ents(text, [("Scottish National Party", "ORG"), ("Labour", "ORG")])
    apply_acronyms(ents, {})
    apply_acronyms(ents, {"SNP": "Scottish National Party"})
    assert [(e.name, e.label) for e in ents] == [("Scottish National Party", "ORG"), ("Labour", "ORG")]


# ------------------------------------------------------------------ with the model (en_core_web_sm 3.8.0)

@pytest.mark.model
def test_extract_mentions_names_acronyms_in_full(nlp):
    text = (
        "The UK Independence Party (UKIP) said on Monday it would stand. Robert Kilroy-Silk left UKIP in "
        "January. A spokesman for the World Health Organization (WHO) said WHO staff were in place. "
        "Shares of Acme Corp (NYSE: XYZ) fell."
    )
    ms = extract_mentions(nlp(text), "t", paragraphs=[(0, len(text))])
    by_text = {}
    for m in ms:
        by_text.setdefault(m.text, set()).add((m.entity, m.label))
    assert by_text["UKIP"] == {("UK Independence Party", "ORG")}
    assert by_text["WHO"] == {("World Health Organization", "ORG")}
    assert len([m for m in ms if m.text == "WHO"]) == 2
    assert not any(m.entity == "Acme Corp" and m.text != "Acme Corp" for m in ms)
    assert all(m.text == text[m.start_char : m.end_char] for m in ms)
    assert not [m for m in ms if re.fullmatch(r"[A-Z]+", m.text) and m.label == "PERSON"]


def test_apply_acronyms_label_is_the_full_names():
    text = "The Consumer Electronics Show (CES) opened. At CES, firms showed the Consumer Electronics Show crowds."
    ents = _ents(text, [("Consumer Electronics Show", "EVENT"), ("CES", "ORG"), ("Consumer Electronics Show", "EVENT")])
    apply_acronyms(ents, acronym_definitions(text, ents))
    assert {(e.name, e.label) for e in ents} == {("Consumer Electronics Show", "EVENT")}

"""The rules for spans tagged PERSON (`analysis.entities.labels.PERSON_RULES`), one case each."""

from __future__ import annotations

import pytest

from analysis.entities import Places, extract_mentions
from analysis.entities import labels

from handmade import tagged

PLACES = Places(regions=frozenset({"russia"}), cities={"kyiv": 2_952_301, "clinton": 35_970})


def label_of(text: str, ents: list[tuple[str, str]], name: str) -> str | None:
    """The label of the mention whose text is *name* (None: no such mention)."""
    ms = extract_mentions(tagged(text, ents), "d", places=PLACES)
    return next((m.label for m in ms if m.text == name), None)


RULE_CASES = [
    # (rule that decides, text, the span tagged PERSON, expected label; None: no entity)
    ("non_name_characters", "To report an error, press Ctrl + Enter now.", "Ctrl + Enter", None),
    ("uncapitalised", "The caddie left early.", "caddie", None),
    ("title_only", "The Liberal MLA spoke.", "Liberal MLA", None),
    ("known_place", "Officials in Kyiv spoke.", "Kyiv", "GPE"),
    ("place_with_compass", "Voters in Kyiv West went to the polls.", "Kyiv West", "GPE"),
    ("work_title", "The girls watched the film Moana again.", "Moana", "WORK_OF_ART"),
    ("work_title", "The girls watched “Doc Stuffers” again.", "Doc Stuffers", "WORK_OF_ART"),
    ("name_head", "Dixon Hall opened its doors.", "Dixon Hall", "ORG"),
    ("name_head", "They met at King George Station today.", "King George Station", "FAC"),
    ("name_head", "They swam at Horseshoe Falls today.", "Horseshoe Falls", "LOC"),
    ("name_head", "They danced at Club Moo today.", "Club Moo", "ORG"),
    ("acronym", "The army fired ATACMS missiles.", "ATACMS", "ORG"),
    ("social_network", "He wrote to his Twitter followers.", "Twitter", "ORG"),
    ("after_determiner", "Traders watched the Kospi fall.", "Kospi", "ORG"),
    (None, "Mikael Smith spoke.", "Mikael Smith", "PERSON"),  # no rule answers: a person
]


@pytest.mark.parametrize("rule, text, span, expected", RULE_CASES)
def test_person_rules(rule, text, span, expected):
    assert rule is None or rule in labels.PERSON_RULES
    assert label_of(text, [(span, "PERSON")], span) == expected


def test_region_after_town():
    text = "Voters in Oakville, Halton went to the polls."
    assert label_of(text, [("Oakville", "GPE"), ("Halton", "PERSON")], "Halton") == "GPE"


@pytest.mark.parametrize("rule, text, span, expected", [c for c in RULE_CASES if c[0] is not None])
def test_each_case_is_decided_by_its_rule(monkeypatch, rule, text, span, expected):
    """Without the rule, the case comes out otherwise: the case tests that rule."""
    monkeypatch.setattr(labels, "PERSON_RULES", {k: f for k, f in labels.PERSON_RULES.items() if k != rule})
    assert label_of(text, [(span, "PERSON")], span) != expected

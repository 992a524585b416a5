"""The actor-split scorer of benchmarks/actors.py on tiny hand-made mention tables, and the
BBC politics gold file's shape (names only; no article text is read here)."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pandas as pd
import pytest

_PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "actors.py"
_spec = importlib.util.spec_from_file_location("nb_actors", _PATH)
ab = importlib.util.module_from_spec(_spec)
sys.modules["nb_actors"] = ab  # dataclasses look their module up while the module loads
_spec.loader.exec_module(ab)

GOLD = ab.parse_gold({
    "actors": [
        {"canonical": "Tony Blair", "kind": "person", "aliases": ["Blair", "Mr Blair"]},
        {"canonical": "Cherie Blair", "kind": "person", "aliases": ["Mrs Blair"]},
        {"canonical": "Conservative Party", "kind": "organisation", "aliases": ["Tories", "Tory", "Conservatives"]},
        {"canonical": "United Kingdom", "kind": "place", "aliases": ["UK", "Britain"]},
    ],
    "distinct": [["Tony Blair", "Cherie Blair"], ["Charles Kennedy", "Prince Charles"]],
    "in_article": [{"doc": "d9", "alias": "Blair", "actor": "Ian Blair"}],
})


def table(rows: list[tuple[str, str, str, str]]) -> list[dict]:
    """Mention rows from (doc_id, text, entity, label), through a DataFrame as the script reads them."""
    return pd.DataFrame(rows, columns=["doc_id", "text", "entity", "label"]).to_dict("records")


def by_actor(report) -> dict:
    return {s.actor: s for s in report.actors}


@pytest.mark.parametrize("text, expected", [
    ("The Tories", "tories"),
    ("Blair's", "blair"),
    ("Mr  Blair", "mr blair"),
    ("Blair\u2019s", "blair"),
])
def test_normalise(text, expected):
    assert ab.normalise(text) == expected


def test_honorific_dropped_only_for_the_loose_form():
    assert ab.normalise("Mr Blair", honorific=False) == "blair"
    assert ab.normalise("Dr. Fox", honorific=False) == "fox"


def test_a_joined_actor_scores_one_name_and_full_share():
    report = ab.score(table([("d1", "Tony Blair", "Tony Blair", "PERSON"), ("d1", "Mr Blair", "Tony Blair", "PERSON"),
                             ("d2", "Blair", "Tony Blair", "PERSON")]), GOLD)
    s = by_actor(report)["Tony Blair"]
    assert (s.mentions, s.entities, s.share, s.top_entity, s.label_ok) == (3, 1, 1.0, "Tony Blair", True)


def test_a_split_party_counts_its_names_and_the_top_share():
    rows = [("d1", "Tory", "Tory", "NORP")] * 3 + [("d1", "Tories", "Tories", "NORP")] * 2 + [
        ("d2", "the Conservative Party", "Conservative Party", "ORG")]
    s = by_actor(ab.score(table(rows), GOLD))["Conservative Party"]
    assert (s.mentions, s.entities, s.top_entity, s.top_label) == (6, 3, "Tory", "NORP")
    assert s.share == pytest.approx(0.5)
    assert not s.label_ok  # an organisation's top name should be ORG


def test_place_labels_and_summary():
    rows = [("d1", "UK", "UK", "GPE"), ("d1", "Britain", "Britain", "GPE"), ("d2", "Blair", "Tony Blair", "PERSON")]
    report = ab.score(table(rows), GOLD)
    s = by_actor(report)["United Kingdom"]
    assert (s.entities, s.share, s.label_ok) == (2, 0.5, True)
    assert report.summary["found"] == 2 and report.summary["joined"] == 1
    assert report.summary["mean_share"] == pytest.approx(0.75)
    assert report.summary["label_agreement"] == 1.0


def test_the_exact_form_wins_over_the_form_without_honorific():
    rows = [("d1", "Mrs Blair", "Blair", "PERSON"), ("d1", "Mr Blair", "Blair", "PERSON")]
    report = ab.score(table(rows), GOLD)
    assert by_actor(report)["Cherie Blair"].mentions == 1
    assert by_actor(report)["Tony Blair"].mentions == 1
    merge = report.wrong_merges[0]
    assert (merge.entity, set(merge.actors), merge.distinct_pair) == ("Blair", {"Tony Blair", "Cherie Blair"}, True)


def test_a_mention_is_found_by_its_entity_when_its_text_is_no_alias():
    s = by_actor(ab.score(table([("d1", "Tony", "Tony Blair", "PERSON")]), GOLD))["Tony Blair"]
    assert s.mentions == 1


def test_a_distinct_name_outside_the_gold_groups_still_shows_a_wrong_merge():
    rows = [("d1", "Prince Charles", "Charles Kennedy", "PERSON"), ("d1", "Charles Kennedy", "Charles Kennedy", "PERSON")]
    merges = ab.score(table(rows), GOLD).wrong_merges
    assert [(m.entity, m.actors, m.mentions) for m in merges] == [("Charles Kennedy", ("Charles Kennedy", "Prince Charles"), (1, 1))]


def test_the_article_reading_of_a_surname_wins_in_that_article():
    rows = [("d9", "Blair", "Ian Blair", "PERSON"), ("d1", "Blair", "Tony Blair", "PERSON")]
    report = ab.score(table(rows), GOLD)
    assert by_actor(report)["Tony Blair"].mentions == 1
    assert report.wrong_merges == []


def test_an_actor_without_mentions_is_reported_not_counted():
    report = ab.score(table([("d1", "UK", "UK", "GPE")]), GOLD)
    assert by_actor(report)["Tony Blair"].mentions == 0
    assert report.summary["found"] == 1


def test_worst_splits_put_the_most_names_first():
    rows = [("d1", "Tory", "Tory", "NORP"), ("d1", "Tories", "Tories", "NORP"), ("d1", "UK", "UK", "GPE")]
    assert [s.actor for s in ab.worst_splits(ab.score(table(rows), GOLD))] == ["Conservative Party", "United Kingdom"]


@pytest.mark.parametrize("data, message", [
    ({"actors": [{"kind": "person"}]}, "no canonical name"),
    ({"actors": [{"canonical": "X", "kind": "party"}]}, "kind 'party'"),
    ({"actors": [{"canonical": "X", "kind": "person", "aliases": ["Y"]},
                 {"canonical": "Z", "kind": "person", "aliases": ["the Y"]}]}, "in both"),
    ({"actors": [], "distinct": [["A"]]}, "two names"),
])
def test_bad_gold_says_what_to_fix(data, message):
    with pytest.raises(ab.GoldError, match=message):
        ab.parse_gold(data)


def test_the_bbc_politics_gold_loads_and_is_well_formed():
    gold = ab.load_gold()
    assert 30 <= len(gold.actors) <= 80
    assert all(a.canonical and a.kind in ab.KINDS for a in gold.actors)
    keys = [key for a in gold.actors for key in {ab.normalise(alias) for alias in a.aliases}]
    assert len(keys) == len(set(keys)), "an alias is in two groups"
    assert {a.kind for a in gold.actors} == set(ab.KINDS)
    assert gold.distinct and all(len(p) == 2 for p in gold.distinct)

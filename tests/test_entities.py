"""Tests of analysis.entities: hand-built Docs for the logic, a few marked tests with the model."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import spacy
from spacy.tokens import Doc

from handmade import tagged

from analysis.entities import (
    Places,
    extract_mentions,
    normalise_name,
)

VOCAB = spacy.blank("en").vocab
PLACES = Places(
    regions=frozenset({"russia", "china", "ukraine", "jordan", "lithuania"}),
    cities={"kyiv": 2_952_301, "kiev": 2_952_301, "moscow": 10_381_222, "washington": 689_545,
            "niagara falls": 99_818, "clinton": 35_970},
)
SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_d63302860ca2abf4.txt"


def build(text: str, ents: list[tuple[str, str]], sent_starts: tuple[str, ...] = ()) -> Doc:
    """Doc of `text` split on spaces with `ents` = [(phrase, label)] tagged left to right."""
    words = text.split(" ")
    iob = ["O"] * len(words)
    pos = 0
    for phrase, label in ents:
        parts = phrase.split(" ")
        n = len(parts)
        for i in range(pos, len(words) - n + 1):
            if words[i : i + n] == parts:
                break
        else:
            raise AssertionError(f"{phrase!r} not found after word {pos}")
        iob[i] = f"B-{label}"
        for j in range(i + 1, i + n):
            iob[j] = f"I-{label}"
        pos = i + n
    starts = [i == 0 or w in sent_starts for i, w in enumerate(words)]
    return Doc(VOCAB, words=words, ents=iob, sent_starts=starts)


def mentions(text, ents, sent_starts=(), paragraphs=None):
    doc = build(text, ents, sent_starts)
    return extract_mentions(doc, "d", paragraphs=paragraphs or [(0, len(doc.text))], places=PLACES)


def entities(ms, label=None):
    return [(m.text, m.label, m.entity) for m in ms if label is None or m.label == label]


# ------------------------------------------------------------------ normalisation

@pytest.mark.parametrize(
    "text, label, expected",
    [
        ("the Kremlin", "ORG", "Kremlin"),
        ("Li's", "PERSON", "Li"),
        ("Putin’s", "PERSON", "Putin"),
        ("President Vladimir Putin", "PERSON", "Vladimir Putin"),
        ("Mr. Putin", "PERSON", "Putin"),
        ("Martin Luther King Jr.", "PERSON", "Martin Luther King"),
        ("Mr", "PERSON", "Mr"),
        ("the  United\nStates", "GPE", "United States"),
        ("The Hague", "GPE", "Hague"),
    ],
)
def test_normalise_name(text, label, expected):
    assert normalise_name(text, label) == expected


# ------------------------------------------------------------------ in-article merging

MERGE_CASES = [
    # (text, ents, expected {mention text: entity} for PERSON)
    (
        "Russian President Vladimir Putin met Xi Jinping . Putin said Xi agreed .",
        [("Vladimir Putin", "PERSON"), ("Xi Jinping", "PERSON"), ("Putin", "PERSON"), ("Xi", "PERSON")],
        {"Vladimir Putin": "Vladimir Putin", "Putin": "Vladimir Putin", "Xi Jinping": "Xi Jinping", "Xi": "Xi Jinping"},
    ),
    (  # a short name before the full one
        "Li arrived . Defence minister Li Shangfu spoke .",
        [("Li", "PERSON"), ("Li Shangfu", "PERSON")],
        {"Li": "Li Shangfu", "Li Shangfu": "Li Shangfu"},
    ),
    (  # two people share a surname: the bare surname stays as it is
        "Martin Jones and Seth Jones played . Jones scored .",
        [("Martin Jones", "PERSON"), ("Seth Jones", "PERSON"), ("Jones", "PERSON")],
        {"Martin Jones": "Martin Jones", "Seth Jones": "Seth Jones", "Jones": "Jones"},
    ),
    (  # surname match wins over a first-name match
        "Wei Li met Li Na . Li said no .",
        [("Wei Li", "PERSON"), ("Li Na", "PERSON"), ("Li", "PERSON")],
        {"Wei Li": "Wei Li", "Li Na": "Li Na", "Li": "Wei Li"},
    ),
    (  # middle names and titles
        "President Jason Marcel LeBlanc spoke . Jason LeBlanc left . Mr. LeBlanc smiled .",
        [("President Jason Marcel LeBlanc", "PERSON"), ("Jason LeBlanc", "PERSON"), ("Mr. LeBlanc", "PERSON")],
        {
            "President Jason Marcel LeBlanc": "Jason Marcel LeBlanc",
            "Jason LeBlanc": "Jason Marcel LeBlanc",
            "Mr. LeBlanc": "Jason Marcel LeBlanc",
        },
    ),
    (  # capitals and possessives
        "PUTIN WINS . Vladimir Putin won . Putin 's party cheered .",
        [("PUTIN", "PERSON"), ("Vladimir Putin", "PERSON"), ("Putin 's", "PERSON")],
        {"PUTIN": "Vladimir Putin", "Vladimir Putin": "Vladimir Putin", "Putin": "Vladimir Putin"},
    ),
]


@pytest.mark.parametrize("text, ents, expected", MERGE_CASES)
def test_people_merged_in_article(text, ents, expected):
    got = {m.text: m.entity for m in mentions(text, ents) if m.label == "PERSON"}
    assert got == expected


def test_mention_text_matches_offsets_and_possessive_is_trimmed():
    doc = build("Li 's trip ended .", [("Li 's", "PERSON")])
    (m,) = extract_mentions(doc, "d", paragraphs=[(0, len(doc.text))], places=PLACES)
    assert (m.text, m.entity) == ("Li", "Li")
    assert doc.text[m.start_char : m.end_char] == m.text


def test_leading_the_is_trimmed_from_names_but_not_dates():
    ms = mentions("the Kremlin said the past years were hard .", [("the Kremlin", "ORG"), ("the past years", "DATE")])
    assert entities(ms) == [("Kremlin", "ORG", "Kremlin"), ("the past years", "DATE", "past years")]


def test_sentence_and_paragraph_ids():
    text = "Putin spoke . Xi listened . Li left ."
    doc = build(text, [("Putin", "PERSON"), ("Xi", "PERSON"), ("Li", "PERSON")], sent_starts=("Xi", "Li"))
    paras = [(0, 13), (14, len(text))]
    ms = extract_mentions(doc, "d", paragraphs=paras, places=PLACES)
    assert [(m.text, m.sent_id, m.para_id) for m in ms] == [("Putin", 0, 0), ("Xi", 1, 1), ("Li", 2, 1)]


def test_whitespace_entities_are_skipped():
    words = ["Putin", "\n\n", "spoke"]
    doc = Doc(VOCAB, words=words, spaces=[True, False, False], ents=["B-PERSON", "B-GPE", "O"])
    ms = extract_mentions(doc, "d", paragraphs=[], places=PLACES)
    assert entities(ms) == [("Putin", "PERSON", "Putin")]


# ------------------------------------------------------------------ label repair

LABEL_CASES = [
    # (text, ents, expected [(text, label)] after repair)
    ("months of lobbying by Kyiv .", [("Kyiv", "PERSON")], [("Kyiv", "GPE")]),
    ("officials in Kiev said so .", [("Kiev", "ORG")], [("Kiev", "GPE")]),
    ("the use of ATACMS missiles .", [("ATACMS", "PERSON")], [("ATACMS", "ORG")]),
    ("press Ctrl + Enter now .", [("Ctrl + Enter", "PERSON")], []),
    ("follow @newsdesk for more .", [("@newsdesk", "PERSON")], []),
    (
        "Russian Defense Minister Sergei Shoigu came .",
        [("Russian", "NORP"), ("Defense", "ORG"), ("Sergei Shoigu", "PERSON")],
        [("Russian", "NORP"), ("Sergei Shoigu", "PERSON")],
    ),
    ("the State Department said so .", [("State", "ORG")], [("State Department", "ORG")]),
    # a place name that is also this article's person is left alone
    (
        "Michael Jordan scored . Jordan smiled .",
        [("Michael Jordan", "PERSON"), ("Jordan", "PERSON")],
        [("Michael Jordan", "PERSON"), ("Jordan", "PERSON")],
    ),
    # the acronym rule says nothing in a headline written in capitals
    ("NATO CHIEF MEETS STOLTENBERG", [("STOLTENBERG", "PERSON")], [("STOLTENBERG", "PERSON")]),
    # the article's majority label wins
    (
        "Tesla rose . Tesla fell . Tesla said .",
        [("Tesla", "ORG"), ("Tesla", "ORG"), ("Tesla", "PERSON")],
        [("Tesla", "ORG"), ("Tesla", "ORG"), ("Tesla", "ORG")],
    ),
    # a surname of the article's person, mislabelled, becomes PERSON
    (
        "Sergei Shoigu came . Shoigu said so .",
        [("Sergei Shoigu", "PERSON"), ("Shoigu", "ORG")],
        [("Sergei Shoigu", "PERSON"), ("Shoigu", "PERSON")],
    ),
]


@pytest.mark.parametrize("text, ents, expected", LABEL_CASES)
def test_label_repair(text, ents, expected):
    assert [(m.text, m.label) for m in mentions(text, ents)] == expected


def test_all_labels_are_kept_with_normalised_entity():
    ms = mentions("On Sunday , April 16 two men came .", [("Sunday , April 16", "DATE"), ("two", "CARDINAL")])
    assert entities(ms) == [("Sunday , April 16", "DATE", "Sunday , April 16"), ("two", "CARDINAL", "two")]


# ------------------------------------------------------------------ span repair, credits, evidence




def run(doc: Doc, paragraphs=None):
    return extract_mentions(doc, "d", paragraphs=paragraphs or [(0, len(doc.text))], places=PLACES)


SPAN_CASES = [
    # (text, ents, expected [(text, label)])
    ("Lithuania - Danius Gleveckas scored", [("Lithuania - Danius Gleveckas", "PERSON")],
     [("Lithuania", "GPE"), ("Danius Gleveckas", "PERSON")]),
    ("Yorkshire at Headingley today", [("Yorkshire at Headingley", "ORG")], [("Yorkshire", "ORG"), ("Headingley", "ORG")]),
    ("Surrey 429-7 declared", [("Surrey 429-7", "ORG")], [("Surrey", "ORG")]),
    ("the 1997 Fed Cup final", [("1997 Fed Cup", "EVENT")], [("1997 Fed Cup", "EVENT")]),
    ("said the Interfax news agency", [("Interfax news agency", "ORG")], [("Interfax", "ORG")]),
    ("said spokesperson Lu Kang", [("spokesperson Lu Kang", "PERSON")], [("Lu Kang", "PERSON")]),
    ("then K. Curran bowled", [("Curran", "PERSON")], [("K. Curran", "PERSON")]),
    ("beat Natalia Karimova twice", [("Natalia", "PERSON"), ("Karimova", "PERSON")], [("Natalia Karimova", "PERSON")]),
    ("met Moon Jae-in there", [("Moon Jae", "PERSON")], [("Moon Jae-in", "PERSON")]),
    ("the Iraqi Kurds said", [("Iraqi", "NORP"), ("Kurds", "NORP")], [("Iraqi Kurds", "NORP")]),
    ("bowled by J. Ratcliffe for the U.S. Army", [], [("J. Ratcliffe", "PERSON")]),
    ("caught by H. Morris today", [("H. Morris", "ORG")], [("H. Morris", "PERSON")]),
    ("Justin Trudeau's Liberals won", [("Justin Trudeau's Liberals", "PERSON")], [("Justin Trudeau", "PERSON")]),
    ("victims included Khaled Belkacemi,60, a professor", [("Khaled Belkacemi,60", "PERSON")],
     [("Khaled Belkacemi", "PERSON")]),
    ("parts come from Robert Bosch GmbH now", [("Robert Bosch GmbH", "PERSON")], [("Robert Bosch GmbH", "ORG")]),
    ("from King George Station on", [("King George Station", "PERSON")], [("King George Station", "FAC")]),
    ("ice at Horseshoe Falls formed", [("Horseshoe Falls", "PERSON")], [("Horseshoe Falls", "LOC")]),
    ("a program called Club Moo", [("Club Moo", "PERSON")], [("Club Moo", "ORG")]),
    ("beat Manchester United again", [("Manchester United", "PERSON")], [("Manchester United", "ORG")]),
    ("Labour MPs voted", [("MPs", "PERSON")], []),
    ("temperatures in Niagara Falls dropped", [("Niagara Falls", "PERSON")], [("Niagara Falls", "GPE")]),
    ("lives in Oakville, Ont. now", [("Oakville", "GPE"), ("Ont", "PERSON")], [("Oakville", "GPE"), ("Ont", "GPE")]),
    ("The Kospi fell", [("Kospi", "PERSON")], [("Kospi", "ORG")]),
    ("the tech giant Oracle said", [("Oracle", "PERSON")], [("Oracle", "ORG")]),
    ("said Liberal MLA Lisa Harris", [("Liberal MLA", "PERSON"), ("Lisa Harris", "PERSON")], [("Lisa Harris", "PERSON")]),
    ("a report by Cpl. Douglas Green", [("Cpl", "PERSON"), ("Douglas Green", "PERSON")], [("Douglas Green", "PERSON")]),
    ("He walks with the caddie daily", [("caddie", "PERSON")], []),
    # a place name that the article shows to be a person's stays a person
    ("Mr. Washington said no", [("Washington", "PERSON")], [("Washington", "PERSON")]),
    # a person tagged as something else, from evidence in the article
    ("Khaled Belkacemi and Megda Belkacemi came", [("Khaled Belkacemi", "PERSON"), ("Megda Belkacemi", "ORG")],
     [("Khaled Belkacemi", "PERSON"), ("Megda Belkacemi", "PERSON")]),
    ("led by Alison Uncles, editor-in-chief of the magazine", [("Alison Uncles", "ORG")], [("Alison Uncles", "PERSON")]),
    ("led by Global Affairs, a department", [("Global Affairs", "ORG")], [("Global Affairs", "ORG")]),
    ("Tajikistan and Russia", [("Tajikistan", "NORP")], [("Tajikistan", "NORP")]),
    ("Ukraine and Russia", [("Ukraine", "NORP")], [("Ukraine", "GPE")]),
]


@pytest.mark.parametrize("text, ents, expected", SPAN_CASES)
def test_span_and_label_repair(text, ents, expected):
    ms = run(tagged(text, ents))
    assert [(m.text, m.label) for m in ms] == expected
    assert all(m.text == text[m.start_char : m.end_char] for m in ms)


CREDIT_CASES = [
    ("A protest in Calgary. Jeff McIntosh/The Canadian Press", "Jeff McIntosh"),
    ("Kevin Vickers at a ceremony. ( Ryan Remiorz / The Canadian Press )", "Ryan Remiorz"),
    ("With files from Michael MacDonald in Halifax", "Michael MacDonald"),
    ("Annabelle Liang contributed to this story from Singapore.", "Annabelle Liang"),
    ("Laurie Monsebraaten is a Toronto-based reporter covering social justice.", "Laurie Monsebraaten"),
    ("Photo by Evan Vucci", "Evan Vucci"),
    ("By Jane Doe\nOTTAWA -- The vote passed.", "Jane Doe"),
    ("As Carolyn Kury de Castillo reports, a rally is planned.", "Carolyn Kury de Castillo"),
]


@pytest.mark.parametrize(
    "text, person",
    [
        ("The meeting was chaired by Li Shangfu on Sunday.", "Li Shangfu"),
        ("Jane Doe reported the crime to police.", "Jane Doe"),
        ("Kevin Vickers is a former sergeant-at-arms.", "Kevin Vickers"),
    ],
)
def test_actors_are_not_credits(text, person):
    assert [m.text for m in run(tagged(text, [(person, "PERSON")]))] == [person]


@pytest.mark.parametrize("text, person", CREDIT_CASES)
def test_credits_are_not_mentions(text, person):
    doc = tagged(text, [(person, "PERSON")])
    assert run(doc) == []
    kept = extract_mentions(doc, "d", paragraphs=[(0, len(text))], places=PLACES, skip_credits=False)
    assert [m.text for m in kept] == [person]


def test_byline_paragraph_is_a_credit_but_a_quote_paragraph_is_not():
    text = "Marley Jay, The Associated Press\n\nMarley Jay, a trader, said prices fell."
    doc = tagged(text, [("Marley Jay", "PERSON"), ("Marley Jay", "PERSON")])
    ms = run(doc, paragraphs=[(0, 32), (34, len(text))])
    assert [(m.start_char, m.entity) for m in ms] == [(34, "Marley Jay")]


def test_people_in_a_photo_caption_are_skipped_but_not_in_the_body():
    text = ("Ryan Remiorz / The Canadian Press Kevin Vickers tosses Hadrien Trudeau into the air.\n\n"
            "Kevin Vickers said he would run.")
    doc = tagged(text, [("Ryan Remiorz", "PERSON"), ("Kevin Vickers", "PERSON"), ("Hadrien Trudeau", "PERSON"),
                        ("Kevin Vickers", "PERSON")])
    cut = text.index("\n\n")
    ms = run(doc, paragraphs=[(0, cut), (cut + 2, len(text))])
    assert [(m.text, m.para_id) for m in ms] == [("Kevin Vickers", 1)]


def test_lone_common_word_is_no_name():
    doc = tagged("Story continues below. The story is long.", [("Story", "PERSON")])
    assert run(doc) == []


@pytest.mark.parametrize(
    "text, ents, deps, kept",
    [
        ("Doctors gave Ativan to patients", [("Ativan", "PERSON")], {"Ativan": "dobj"}, []),
        ("Kimbal joined the board", [("Kimbal", "PERSON")], {"Kimbal": "nsubj"}, ["Kimbal"]),
        ("since Meng 's arrest", [("Meng", "PERSON")], {"Meng": "poss"}, ["Meng"]),
        # a lone word that joins a full name needs no evidence of its own
        ("Elon Musk came and Musk left", [("Elon Musk", "PERSON"), ("Musk", "PERSON")], {"Musk": "dobj"},
         ["Elon Musk", "Elon Musk"]),
    ],
)
def test_lone_names_need_evidence_in_a_parsed_doc(text, ents, deps, kept):
    assert [m.entity for m in run(tagged(text, ents, deps=deps))] == kept


def test_tagged_names_are_propagated_to_untagged_occurrences():
    text = "Phil Simmons took four. The next day Simmons bowled, and Leicestershire won. Leicestershire lead."
    doc = tagged(text, [("Phil Simmons", "PERSON"), ("Leicestershire", "ORG")])
    got = [(m.text, m.label, m.entity) for m in run(doc)]
    assert got == [
        ("Phil Simmons", "PERSON", "Phil Simmons"),
        ("Simmons", "PERSON", "Phil Simmons"),
        ("Leicestershire", "ORG", "Leicestershire"),
        ("Leicestershire", "ORG", "Leicestershire"),
    ]


def test_propagation_skips_words_written_in_lower_case_and_longer_names():
    text = "Green won. The green jacket went to Green Bay fans. Tom Green left."
    doc = tagged(text, [("Tom Green", "PERSON")])
    got = [(m.text, m.label) for m in run(doc)]
    assert got == [("Tom Green", "PERSON")]


@pytest.mark.parametrize(
    "names, expected",
    [
        (["Jody Wilson-Raybould", "Jodie Wilson-Raybould", "Wilson-Raybould"], "Jody Wilson-Raybould"),
        (["Lorena Paz Akin", "Paz Akin"], "Lorena Paz Akin"),
        (["Alexander Wise", "Xander Wise", "Wise"], "Alexander Wise"),
        (["Audrey Parker", "Audrey Parkers", "Audrey"], "Audrey Parker"),
        (["Michael Zihaf Bibeau", "Zehaf Bibeau"], "Michael Zihaf Bibeau"),
    ],
)
def test_respelt_and_partial_full_names_are_merged(names, expected):
    text = " . ".join(names) + " ."
    doc = build(text, [(n, "PERSON") for n in names])
    assert {m.entity for m in run(doc)} == {expected}


def test_similar_but_different_given_names_are_not_merged():
    doc = build("Mark Smith met Mary Smith .", [("Mark Smith", "PERSON"), ("Mary Smith", "PERSON")])
    assert [m.entity for m in run(doc)] == ["Mark Smith", "Mary Smith"]


# The corpus-level rules (surnames across articles, the label vote) are in
# tests/test_actors_resolve.py.


# ------------------------------------------------------------------ with the model (en_core_web_sm 3.8.0)

def _model_mentions(nlp, text):
    doc = nlp(text)
    return extract_mentions(doc, "t", paragraphs=[(0, len(text))])


@pytest.mark.model
def test_seed_people_are_merged(nlp):
    text = SEED.read_text(encoding="utf-8")
    table = pd.DataFrame(_model_mentions(nlp, text))
    people = table[table["label"] == "PERSON"]["entity"].value_counts()
    for name in ("Li Shangfu", "Vladimir Putin", "Xi Jinping", "Sergei Shoigu"):
        assert name in people.index
    assert people["Li Shangfu"] == 4
    assert people["Vladimir Putin"] >= 3
    assert not any(n in people.index for n in ("Li", "Putin", "Xi", "Shoigu", "Kyiv", "ATACMS", "Ctrl + Enter"))
    assert "Defense" not in set(table["entity"])


UNSEEN = [
    # (text, {canonical entity: label} that must hold, names that must not be PERSON entities)
    ("Ukraine lobbied for months. The strikes on Kyiv went on, officials in Kyiv said.", {"Kyiv": "GPE"}, {"Kyiv"}),
    ("Japanese Prime Minister Fumio Kishida met reporters. Kishida said the talks went well.",
     {"Fumio Kishida": "PERSON"}, {"Kishida"}),
    ("Chinese Foreign Minister Wang Yi met his Russian counterpart Sergei Lavrov in Beijing on Monday. "
     "Wang said the two countries would deepen ties, and Lavrov agreed.",
     {"Wang Yi": "PERSON", "Sergei Lavrov": "PERSON", "Beijing": "GPE"}, {"Wang", "Lavrov"}),
    ("Ukrainian President Volodymyr Zelensky visited Kyiv hospitals. Zelensky said Russian strikes on Kyiv "
     "had killed 12 people.\n\nReporting by Pavel Polityuk; Editing by Alex Richardson",
     {"Volodymyr Zelensky": "PERSON", "Kyiv": "GPE"}, {"Zelensky", "Kyiv", "Pavel Polityuk", "Alex Richardson"}),
    ("Officials said the army fired ATACMS missiles. To report an error, press Ctrl + Enter.",
     {}, {"ATACMS", "Ctrl + Enter"}),
    # a hyphenated company name keeps its second part ("SNC" + "-Lavalin")
    ("SNC-Lavalin was charged in 2015. The Prime Minister's Office leaned on SNC-Lavalin.",
     {"SNC-Lavalin": "ORG"}, {"SNC"}),
    # "Mr Howard" and "Mrs Howard" are two people: the woman is not merged into Michael Howard
    ("Tory leader Michael Howard spoke on Monday. Mr Howard was cheered.\n\nMrs Howard said she was proud.",
     {"Michael Howard": "PERSON", "Mrs Howard": "PERSON"}, {"Howard"}),
]


@pytest.mark.model
@pytest.mark.parametrize("text, expected, not_people", UNSEEN)
def test_unseen_texts(nlp, text, expected, not_people):
    ms = _model_mentions(nlp, text)
    got = {(m.entity, m.label) for m in ms}
    for name, label in expected.items():
        assert {lab for ent, lab in got if ent == name} == {label}, name
    assert not {ent for ent, lab in got if lab == "PERSON"} & not_people
    assert all(m.text == text[m.start_char : m.end_char] for m in ms)

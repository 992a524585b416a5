"""extract_mentions' keyword options and its columns argument (hand-built Docs, no model)."""

from __future__ import annotations


from analysis.entities import Places, extract_mentions
from analysis.nlp import DocColumns
from analysis.paragraphs import paragraph_spans

from handmade import tagged

PLACES = Places(regions=frozenset({"russia"}), cities={"clinton": 35_970, "moscow": 10_381_222})


def got(ms):
    return [(m.text, m.label, m.entity, m.para_id) for m in ms]


CASE = ("Phil Simmons took four in Moscow.\n\nThe next day Simmons bowled.",
        [("Phil Simmons", "PERSON"), ("Moscow", "GPE")])


def test_columns_given_or_built_give_the_same_mentions():
    doc = tagged(*CASE)
    built = extract_mentions(doc, "d", places=PLACES)
    given = extract_mentions(doc, "d", places=PLACES, columns=DocColumns(doc))
    assert got(given) == got(built) != []


def test_paragraphs_default_to_the_one_paragraph_rule():
    text, ents = CASE
    doc = tagged(text, ents)
    default = extract_mentions(doc, "d", places=PLACES)
    explicit = extract_mentions(doc, "d", places=PLACES, paragraphs=paragraph_spans(text))
    assert got(default) == got(explicit)
    assert got(default)[-1] == ("Simmons", "PERSON", "Phil Simmons", 1)


def test_max_propagated_words():
    doc = tagged(*CASE)
    assert "Simmons" in [m.text for m in extract_mentions(doc, "d", places=PLACES)]
    assert "Simmons" not in [m.text for m in extract_mentions(doc, "d", places=PLACES, max_propagated_words=0)]


def test_min_city_for_word():
    doc = tagged("Clinton is cold today.", [("Clinton", "PERSON")])
    assert [m.label for m in extract_mentions(doc, "d", places=PLACES)] == ["PERSON"]  # 35,970 < 100,000
    assert [m.label for m in extract_mentions(doc, "d", places=PLACES, min_city_for_word=30_000)] == ["GPE"]


def test_caption_max_words():
    text = ("Ryan Remiorz / The Canadian Press Kevin Vickers tosses Hadrien Trudeau into the air.\n\n"
            "Kevin Vickers said he would run.")
    doc = tagged(text, [("Ryan Remiorz", "PERSON"), ("Kevin Vickers", "PERSON"), ("Hadrien Trudeau", "PERSON"),
                        ("Kevin Vickers", "PERSON")])
    people = lambda **kw: [(m.text, m.para_id) for m in extract_mentions(doc, "d", places=PLACES, **kw)]
    assert people() == [("Kevin Vickers", 1)]  # the first paragraph is a caption: its people are pictured
    assert people(caption_max_words=5) == [("Kevin Vickers", 0), ("Hadrien Trudeau", 0), ("Kevin Vickers", 1)]
    # without skip_credits the credited photographer is kept too
    assert ("Ryan Remiorz", 0) in people(skip_credits=False)

"""Source balance by gender on hand-made quotes, mentions and actors tables."""

import pandas as pd
import pytest
from matplotlib.figure import Figure

from analysis.gender import (
    BALANCE_COLUMNS, PERSON_GENDER_COLUMNS, SSA_NAMES, GenderRules, NameSource, balance_figure,
    evidence_coverage, first_name, method_note, name_source, person_gender, quote_speakers, source_balance,
    ssa_first_name_gender,
)

# A stand-in for the name statistics: known names only, so the tests need no data package.
NAMES = {"anna": ("female", 0.99), "john": ("male", 0.99), "ben": ("male", 0.99),
         "jordan": ("male", 0.7), "sam": ("male", 0.92)}
FAKE = NameSource("fake", "a test list", lambda name: NAMES.get(name.lower(), ("unknown", 0.0)))
RULES = GenderRules(first_names=FAKE)


def quotes(rows, speakers=False):
    cols = ["doc_id", "quote_id", "speaker", "speaker_text"] + (["speakers"] if speakers else [])
    return pd.DataFrame(rows, columns=cols)


def mentions(rows):
    return pd.DataFrame(rows, columns=["doc_id", "entity", "title"])


def actors(rows):
    return pd.DataFrame(rows, columns=["actor", "kind"])


ACTORS = actors([
    ("Anna Lee", "person"), ("John Smith", "person"), ("Ben Ode", "person"), ("Mia Vu", "person"),
    ("Jordan Ray", "person"), ("Kowalski", "person"), ("Acme Corp", "organisation"),
    ("Canada", "place"), ("Sam Bo", "person"),
])
QUOTES = quotes([
    ("a", 0, "Anna Lee", "Anna Lee"),
    ("a", 1, "Anna Lee", "she"),
    ("a", 2, "John Smith", "he"),
    ("a", 3, "Acme Corp", "the company"),
    ("a", 4, "", ""),                       # no speaker found: left out
    ("b", 0, "Mia Vu", "Ms. Vu"),
    ("b", 1, "Jordan Ray", "Ray"),          # an unsure first name, no article evidence
    ("b", 2, "Kowalski", "Kowalski"),       # a surname only
    ("b", 3, "Ben Ode", "she"),             # a "she" the sieve got wrong
    ("b", 4, "Canada", "Canada"),
    ("c", 0, "Sam Bo", "he"),
])
MENTIONS = mentions([
    ("b", "Mia Vu", "Ms."), ("b", "Mia Vu", ""), ("a", "John Smith", "Mr."),
    ("a", "Acme Corp", ""), ("b", "Kowalski", "Dr."),   # "Dr." states no gender
])


@pytest.fixture(scope="module")
def genders():
    return person_gender(QUOTES, MENTIONS, ACTORS, RULES).set_index("actor")


def test_one_row_per_quoted_person_and_never_an_organisation_or_place(genders):
    assert set(genders.index) == {"Anna Lee", "John Smith", "Ben Ode", "Mia Vu", "Jordan Ray", "Kowalski", "Sam Bo"}
    assert list(person_gender(QUOTES, MENTIONS, ACTORS, RULES).columns) == PERSON_GENDER_COLUMNS


@pytest.mark.parametrize("actor, gender, evidence", [
    ("Anna Lee", "female", "pronoun"),
    ("John Smith", "male", "honorific"),     # one "he" and one "Mr.": the honorific wins the tie
    ("Mia Vu", "female", "honorific"),
    ("Ben Ode", "male", "first name"),       # a lone pronoun against a sure first name
    ("Jordan Ray", "unknown", "none"),       # 70% is under min_name_share
    ("Kowalski", "unknown", "none"),         # no given name to look up
    ("Sam Bo", "male", "pronoun"),           # pronoun and name agree
])
def test_evidence_order(genders, actor, gender, evidence):
    assert (genders.loc[actor, "gender"], genders.loc[actor, "evidence"]) == (gender, evidence)


def test_counts_behind_the_decision(genders):
    john = genders.loc["John Smith"]
    assert (john.pronoun_male, john.honorific_male, john.pronoun_female, john.quotes) == (1, 1, 0, 1)
    assert (john.first_name, john.first_name_gender) == ("John", "male")
    assert genders.loc["Jordan Ray", "first_name_confidence"] == 0.7


def test_pronouns_can_be_left_to_decide_against_the_name():
    rules = GenderRules(first_names=FAKE, names_overrule_pronouns=False)
    ben = person_gender(QUOTES, MENTIONS, ACTORS, rules).set_index("actor").loc["Ben Ode"]
    assert (ben.gender, ben.evidence) == ("female", "pronoun")


def test_first_names_off():
    out = person_gender(QUOTES, MENTIONS, ACTORS, GenderRules(first_names=None)).set_index("actor")
    assert out.loc["Jordan Ray", "gender"] == "unknown"
    assert out.loc["Ben Ode", "gender"] == "female"
    assert "first name" not in set(out["evidence"])


def test_split_vote_under_min_share_falls_to_the_first_name():
    q = quotes([("a", i, "Anna Lee", text) for i, text in enumerate(["she", "she", "he", "he"])])
    out = person_gender(q, mentions([]), ACTORS, RULES).set_index("actor")
    assert (out.loc["Anna Lee", "gender"], out.loc["Anna Lee", "evidence"]) == ("female", "first name")
    strict = person_gender(q, mentions([]), ACTORS, GenderRules(first_names=None))
    assert strict.gender.tolist() == ["unknown"]


def test_min_votes():
    out = person_gender(QUOTES, MENTIONS, ACTORS, GenderRules(first_names=None, min_votes=2)).set_index("actor")
    assert out.loc["Anna Lee", "gender"] == "unknown"
    assert out.loc["John Smith", "gender"] == "male"


def test_tables_without_the_new_columns():
    # Older tables: no ``speakers`` in quotes, no ``title`` in mentions.
    out = person_gender(QUOTES, MENTIONS.drop(columns="title"), ACTORS, RULES).set_index("actor")
    assert out.loc["Mia Vu", "gender"] == "unknown"        # her only evidence was "Ms."
    assert out.loc["John Smith", "evidence"] == "pronoun"


def test_joint_quotes_credit_each_speaker():
    q = quotes([("a", 0, "Anna Lee", "Lee and Smith", "Anna Lee; John Smith"),
                ("a", 1, "John Smith", "he", "")], speakers=True)
    assert quote_speakers(q)["actor"].tolist() == ["Anna Lee", "John Smith", "John Smith"]
    out = person_gender(q, mentions([]), ACTORS, RULES).set_index("actor")
    assert out.loc["Anna Lee", "quotes"] == 1 and out.loc["John Smith", "quotes"] == 2
    balance = source_balance(out.reset_index(), q).set_index("gender")
    assert balance.loc["female", "quotes"] == 1 and balance.loc["male", "quotes"] == 2


def test_source_balance(genders):
    balance = source_balance(genders.reset_index(), QUOTES)
    assert list(balance.columns) == BALANCE_COLUMNS
    assert balance["gender"].tolist() == ["female", "male", "unknown"]
    by = balance.set_index("gender")
    # people: Anna, Mia female; John, Ben, Sam male; Jordan, Kowalski unknown. Quotes: 3, 3, 2.
    assert by["people"].tolist() == [2, 3, 2]
    assert by["quotes"].tolist() == [3, 3, 2]
    assert by.loc["unknown", "people_share"] == round(2 / 7, 3)
    assert by["quotes_share"].sum() == pytest.approx(1.0, abs=0.002)


def test_source_balance_by_a_column(genders):
    q = QUOTES.assign(source=QUOTES["doc_id"].map({"a": "x", "b": "y", "c": "y"}))
    out = source_balance(genders.reset_index(), q, by="source")
    assert list(out.columns) == ["source", *BALANCE_COLUMNS]
    x = out[out.source == "x"].set_index("gender")
    assert x["people"].tolist() == [1, 1, 0]
    assert len(out) == 6


def test_empty_tables():
    empty = person_gender(quotes([]), mentions([]), ACTORS, RULES)
    assert empty.empty and list(empty.columns) == PERSON_GENDER_COLUMNS
    balance = source_balance(empty, quotes([]))
    assert balance["people"].tolist() == [0, 0, 0]
    assert balance_figure(balance) is None
    assert "0 people" in method_note(empty, balance, RULES)


def test_evidence_coverage(genders):
    cov = evidence_coverage(genders.reset_index()).set_index("evidence")
    assert cov["people"].to_dict() == {"pronoun": 2, "honorific": 2, "first name": 1, "none": 2}


def test_method_note_states_method_counts_and_unknown_share(genders):
    balance = source_balance(genders.reset_index(), QUOTES)
    note = method_note(genders.reset_index(), balance, RULES)
    assert "7 people" in note and "a test list" in note and "75%" in note and "90%" in note
    assert "2 people (29%)" in note and "25% of the quotes" in note
    assert "never given a gender" in note
    assert "first names were not used" in method_note(genders.reset_index(), balance, GenderRules(first_names=None))


def test_figures(genders):
    balance = source_balance(genders.reset_index(), QUOTES)
    assert isinstance(balance_figure(balance), Figure)
    q = QUOTES.assign(source=QUOTES["doc_id"].map({"a": "x", "b": "y", "c": "y"}))
    fig = balance_figure(source_balance(genders.reset_index(), q, by="source"), by="source", measure="quotes")
    assert isinstance(fig, Figure)
    assert fig.axes[0].get_title() == "Quotes by gender"


@pytest.mark.parametrize("actor, given", [
    ("Donald J. Trump", "Donald"), ("H. Ross Perot", "Ross"), ("J. J. Price", ""),
    ("Devine", ""), ("Mrs. Clinton", ""), ("Sen. Bernie Sanders", "Bernie"),
    ("Actress Amandla Stenberg", "Amandla"), ("Guy Verhofstadt", "Guy"),
    ("Martin Luther King Jr.", "Martin"), ("Jean-Claude Juncker", "Jean-Claude"),
])
def test_first_name(actor, given):
    assert first_name(actor) == given


def test_ssa_first_name_statistics():
    pytest.importorskip("pyarrow")
    assert ssa_first_name_gender("Hillary")[0] == "female"
    gender, share = ssa_first_name_gender("José")          # accents folded to the SSA's spelling
    assert gender == "male" and share > 0.95
    assert ssa_first_name_gender("Jean-Claude")[0] == "male"
    assert ssa_first_name_gender("Zzyzxq") == ("unknown", 0.0)
    assert SSA_NAMES.lookup("Mary")[0] == "female"


def test_an_agreeing_honorific_keeps_the_pronouns_against_the_name():
    # "Lindsey Graham": he, he and "Mr. Graham" outvote a first name most often a woman's.
    names = NameSource("fake", "a test list", lambda name: ("female", 0.95))
    q = quotes([("a", 0, "Lindsey Graham", "he"), ("a", 1, "Lindsey Graham", "he")])
    m = mentions([("a", "Lindsey Graham", "Mr.")])
    out = person_gender(q, m, actors([("Lindsey Graham", "person")]), GenderRules(first_names=names))
    assert (out.gender[0], out.evidence[0]) == ("male", "pronoun")
    alone = person_gender(q, mentions([]), actors([("Lindsey Graham", "person")]), GenderRules(first_names=names))
    assert (alone.gender[0], alone.evidence[0]) == ("female", "first name")


def test_name_source_registry():
    assert name_source("ssa") is SSA_NAMES
    assert name_source(None) is None and name_source("") is None
    with pytest.raises(KeyError, match="known: ssa"):
        name_source("genderize")


def test_method_note_counts_the_pronouns_a_name_overruled(genders):
    balance = source_balance(genders.reset_index(), QUOTES)
    assert "1 of them against pronouns alone" in method_note(genders.reset_index(), balance, RULES)


def test_dictionary_codes_of_chunks_with_their_own_dictionaries():
    import pyarrow as pa

    from analysis.gender import _dictionary_codes

    shared = pa.array(["Ann", "Bob", "Ann"]).dictionary_encode()
    for column in (pa.chunked_array([shared, shared]),
                   pa.chunked_array([shared, pa.array(["Cy", "Ann"]).dictionary_encode()])):
        ids, values = _dictionary_codes(column)
        assert [values[i].as_py() for i in ids] == column.cast(pa.string()).to_pylist()

"""The speaker sieves of analysis.quotes (registry, names, switching off) and the keyword
options of extract_quotes. Hand-built parses from test_quotes; a few marked tests with the model."""
from __future__ import annotations

import dataclasses
import inspect
import re

import pytest

from analysis.quotes import SIEVES, Quote, extract_quotes
from analysis.quotes.direct import looks_like_title
from analysis.quotes.sieves import FLOATING, MENTION, NAME, STAGES, select
from analysis.tables import SCHEMAS
from test_quotes import DIRECT_AFTER, DIRECT_INVERTED, INDIRECT, MODEL_CASES, PRONOUN, _mentions, parsed

EXPECTED_ORDER = [
    # mention sieves: which words name the speaker, from the quote's cue
    "according_to", "passive_agent", "cue_subject", "gerund_subject", "preceding_name", "inverted_subject",
    # name sieves: those words -> a canonical name
    "pronoun_antecedent", "subject_antecedent", "unnamed_pronoun", "acronym_expansion", "own_mention", "apposition",
    "document_author", "person_in_phrase", "described_group", "title_antecedent", "organisation_antecedent",
    "as_written",
    # floating sieves: quotes without a cue (signed after a dash, else a neighbour's speaker)
    "dash_signature", "floating_previous", "floating_continuation",
]
ALL = tuple(SIEVES)


def without(*names: str) -> list[str]:
    return [n for n in ALL if n not in names]


# ---------------------------------------------------------------------------- the registry


def test_registry_order_and_names():
    assert list(SIEVES) == EXPECTED_ORDER
    assert all(name == s.name for name, s in SIEVES.items())
    assert all(re.fullmatch(r"[a-z]+(_[a-z]+)*", n) and len(n) <= 24 for n in SIEVES)


def test_stages_come_in_order_mention_name_floating():
    stages = [s.stage for s in SIEVES.values()]
    assert set(stages) == set(STAGES) == {MENTION, NAME, FLOATING}
    assert stages == sorted(stages, key=STAGES.index)
    # a literal name sieve credits the mention sieve: it must not be the only way to a name
    assert [n for n, s in SIEVES.items() if s.literal] == ["own_mention", "as_written"]


def test_select_keeps_registry_order_and_rejects_unknown_names():
    assert [s.name for s in select(["floating_previous", "according_to"])] == ["according_to", "floating_previous"]
    assert [s.name for s in select(None)] == EXPECTED_ORDER
    with pytest.raises(ValueError, match="unknown sieve.*'cue_object'.*registered: according_to"):
        extract_quotes(*parsed(DIRECT_AFTER), doc_id="t", sieves=["cue_object"])


def test_quote_record_ends_with_the_sieve_as_the_table_does():
    assert [f.name for f in dataclasses.fields(Quote)] == SCHEMAS["quotes"].names
    assert SCHEMAS["quotes"].names[-1] == "sieve"


# ---------------------------------------------------------------------------- who decides

FLOATING_SPEC = DIRECT_AFTER.strip() + """
" PUNCT punct 10 "
More ADJ amod 10 more
soon ADV ROOT 10 soon
. PUNCT punct 10 .
" PUNCT punct 10 "
"""

DECIDES_CASES = [
    # (spec, ents, sieves switched off, [(speaker, sieve) per quote])
    (DIRECT_AFTER, {"5:6": ("PERSON", "Li Shangfu")}, (), [("Li Shangfu", "cue_subject")]),
    # without the subject sieve nobody speaks (these hand-built parses have no tags, which
    # preceding_name needs)
    (DIRECT_AFTER, {"5:6": ("PERSON", "Li Shangfu")}, ("cue_subject",), [("", "")]),
    # '"We win," said Li' with Li parsed as an object: the inverted subject speaks
    (DIRECT_INVERTED, {"6:7": ("PERSON", "Li Shangfu")}, (), [("Li Shangfu", "inverted_subject")]),
    (DIRECT_INVERTED, {"6:7": ("PERSON", "Li Shangfu")}, ("inverted_subject",), [("", "")]),
    (FLOATING_SPEC, {"5:6": ("PERSON", "Li Shangfu")}, (),
     [("Li Shangfu", "cue_subject"), ("Li Shangfu", "floating_previous")]),
    (FLOATING_SPEC, {"5:6": ("PERSON", "Li Shangfu")}, ("floating_previous",),
     [("Li Shangfu", "cue_subject"), ("", "")]),
    (PRONOUN, {"0:2": ("PERSON", "Li Shangfu")}, (), [("Li Shangfu", "pronoun_antecedent")]),
    # without antecedents, "he" is a speaker only as written
    (PRONOUN, {"0:2": ("PERSON", "Li Shangfu")}, ("pronoun_antecedent",), [("he", "cue_subject")]),
    (INDIRECT, {"0:1": ("PERSON", "Li Shangfu"), "3:4": ("GPE", "China")}, (), [("Li Shangfu", "cue_subject")]),
]


@pytest.mark.parametrize("spec, ents, off, expected", DECIDES_CASES)
def test_a_sieve_switched_off_changes_who_decides(spec, ents, off, expected):
    doc, mentions = parsed(spec, ents)
    qs = extract_quotes(doc, mentions, doc_id="t", sieves=without(*off))
    assert [(q.speaker, q.sieve) for q in qs] == expected


def test_no_sieves_no_speakers_same_quotes():
    doc, mentions = parsed(FLOATING_SPEC, {"5:6": ("PERSON", "Li Shangfu")})
    every = extract_quotes(doc, mentions, doc_id="t")
    none = extract_quotes(doc, mentions, doc_id="t", sieves=[])
    assert [(q.start_char, q.end_char, q.kind, q.cue) for q in none] == [
        (q.start_char, q.end_char, q.kind, q.cue) for q in every]
    assert all(q.speaker == "" and q.sieve == "" for q in none)


# ---------------------------------------------------------------------------- keyword options


def test_options_are_keyword_only_with_the_old_defaults():
    params = inspect.signature(extract_quotes).parameters
    defaults = {"antecedent_sents": 12, "subject_antecedent_sents": 3, "min_part_words": 2,
                "title_max_words": 8, "sieves": None, "columns": None}
    for name, default in defaults.items():
        assert params[name].kind is inspect.Parameter.KEYWORD_ONLY
        assert params[name].default == default


def test_antecedent_sents_bounds_how_far_back_he_looks():
    doc, mentions = parsed(PRONOUN, {"0:2": ("PERSON", "Li Shangfu")})
    assert [q.speaker for q in extract_quotes(doc, mentions, doc_id="t")] == ["Li Shangfu"]
    assert [q.speaker for q in extract_quotes(doc, mentions, doc_id="t", antecedent_sents=1)] == ["Li Shangfu"]
    assert [q.speaker for q in extract_quotes(doc, mentions, doc_id="t", antecedent_sents=0)] == [""]


@pytest.mark.parametrize("min_words, n_quotes", [(2, 1), (5, 1), (6, 0)])
def test_min_part_words_drops_short_reports(min_words, n_quotes):
    doc, mentions = parsed(INDIRECT, {"0:1": ("PERSON", "Li Shangfu"), "3:4": ("GPE", "China")})
    # the report "China was willing to help" has five words
    assert len(extract_quotes(doc, mentions, doc_id="t", min_part_words=min_words)) == n_quotes


@pytest.mark.parametrize("words, max_words, title", [
    ("The Kid Who Would Be King", 8, True),
    ("The Kid Who Would Be King", 5, False),
    ("Star Wars", 8, True),
    ("We Will Win.", 8, False),
])
def test_title_max_words(words, max_words, title):
    assert looks_like_title(words.split(), max_words) is title


def test_columns_given_or_built_give_the_same_quotes():
    from analysis.nlp import DocColumns

    doc, mentions = parsed(FLOATING_SPEC, {"5:6": ("PERSON", "Li Shangfu")})
    assert extract_quotes(doc, mentions, doc_id="t", columns=DocColumns(doc)) == extract_quotes(doc, mentions, doc_id="t")


# ---------------------------------------------------------------------------- with the model


@pytest.mark.model
def test_every_quote_with_a_speaker_names_a_registered_sieve(nlp):
    seen = set()
    for text, _ in MODEL_CASES:
        doc = nlp(text)
        for q in extract_quotes(doc, _mentions(doc), doc_id="t"):
            assert (q.sieve in SIEVES) if q.speaker else q.sieve == "", q
            seen.add(q.sieve)
    # the cases exercise the main families
    assert {"cue_subject", "according_to", "pronoun_antecedent", "floating_previous", "title_antecedent"} <= seen


@pytest.mark.model
def test_switching_off_the_antecedent_sieves_leaves_the_pronoun(nlp):
    doc = nlp('Jane Smith arrived on Monday.\n\n"It was a long trip," she said. "We are tired."')
    qs = extract_quotes(doc, _mentions(doc), doc_id="t")
    assert [(q.speaker, q.sieve) for q in qs] == [("Jane Smith", "pronoun_antecedent"), ("Jane Smith", "floating_previous")]
    qs = extract_quotes(doc, _mentions(doc), doc_id="t", sieves=without("pronoun_antecedent"))
    assert [(q.speaker, q.sieve) for q in qs] == [("she", "cue_subject"), ("she", "floating_previous")]

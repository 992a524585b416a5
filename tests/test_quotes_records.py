"""What a quote record lets a researcher check (issue 11): the speaker mention's offsets, the
group joining the pieces of one quotation, a partial quote's quoted words beside its reported
clause, every speaker of a joint quote, and the sieve that decided. Real parses (the pinned model)."""
from __future__ import annotations

import pytest

from analysis.entities import extract_mentions
from analysis.paragraphs import paragraph_spans
from analysis.quotes import extract_quotes
from analysis.quotes.records import SPEAKERS_SEPARATOR

pytestmark = pytest.mark.model


def quotes_of(nlp, text):
    doc = nlp(text)
    return extract_quotes(doc, extract_mentions(doc, "t", paragraphs=paragraph_spans(text)), doc_id="t")


def test_speaker_offsets_give_the_words_as_written(nlp):
    text = "Mary Smith met reporters on Monday.\n\n“We will win,” she said.\n\nJohn Doe said the plan would fail."
    qs = quotes_of(nlp, text)
    assert [(q.speaker, q.speaker_text) for q in qs] == [("Mary Smith", "she"), ("John Doe", "John Doe")]
    for q in qs:
        assert text[q.speaker_start : q.speaker_end] == q.speaker_text
        assert text[q.start_char : q.end_char] == q.text


def test_an_interrupted_quote_is_two_pieces_of_one_group(nlp):
    text = "“We will win the state,” Mary Smith said, “and we will win it soon.” John Doe said taxes would rise."
    qs = quotes_of(nlp, text)
    a, b, c = qs
    assert (a.kind, b.kind, c.kind) == ("direct", "direct", "indirect")
    assert a.group_id == b.group_id == a.quote_id != c.group_id == c.quote_id
    assert a.speaker == b.speaker == "Mary Smith" and a.cue == b.cue == "said"


def test_a_quote_after_its_cue_sentence_joins_the_group_in_its_paragraph_only(nlp):
    text = ("Mary Smith met reporters on Monday.\n\n“We will win,” she said. “Nobody can stop us now.”\n\n"
            "“We have the votes.”")
    a, b, c = quotes_of(nlp, text)
    assert b.sieve == c.sieve == "floating_previous" and a.speaker == b.speaker == c.speaker == "Mary Smith"
    assert a.group_id == b.group_id == 0 and c.group_id == c.quote_id == 2
    # the floating quote is named by its neighbour's speaker mention
    assert (b.speaker_text, b.speaker_start, b.speaker_end) == (a.speaker_text, a.speaker_start, a.speaker_end)


def test_a_quotation_run_on_over_paragraphs_is_one_group(nlp):
    text = ("Mary Smith met reporters.\n\n“We will win. We have the votes and the money.\n\n"
            "“Nobody can stop us now,” she said.")
    a, b = quotes_of(nlp, text)
    assert a.sieve == "floating_continuation" and a.speaker == b.speaker == "Mary Smith"
    assert a.group_id == b.group_id == 0


def test_a_partial_quote_carries_the_clause_and_the_quoted_words(nlp):
    (q,) = quotes_of(nlp, "Mary Smith said the plan was “a disaster” and “a shame” for the town.")
    assert q.kind == "partial"
    assert q.text == "the plan was “a disaster” and “a shame” for the town"
    assert q.quoted == "“a disaster” … “a shame”"
    (d,) = quotes_of(nlp, "“We will win,” Mary Smith said.")
    assert d.quoted == d.text == "“We will win,”"
    (i,) = quotes_of(nlp, "Mary Smith said the plan would fail.")
    assert i.quoted == ""


def test_a_joint_quote_names_every_speaker(nlp):
    text = "Justin Trudeau and Xi Jinping said the talks had been useful for both countries."
    (q,) = quotes_of(nlp, text)
    assert q.speaker == "Justin Trudeau"
    assert q.speakers.split(SPEAKERS_SEPARATOR) == ["Justin Trudeau", "Xi Jinping"]
    assert q.speaker_text == "Justin Trudeau and Xi Jinping" == text[q.speaker_start : q.speaker_end]
    (one,) = quotes_of(nlp, "Justin Trudeau said the talks had been useful.")
    assert one.speakers == "Justin Trudeau"


def test_a_quote_signed_after_a_dash_is_the_signers(nlp):
    text = ("Readers sent us their views.\n\n“He can not answer a question without scaring people.” ― Esther Tapia\u00a0\n"
            "“The most unqualified candidate ever.” — Frank Herrero, a teacher.\n\n"
            "“We are sick of it.” — and then the crowd left.")
    a, b, c = quotes_of(nlp, text)
    assert (a.speaker, a.sieve, a.cue) == ("Esther Tapia", "dash_signature", "―")
    assert (b.speaker, b.sieve, text[b.speaker_start : b.speaker_end]) == ("Frank Herrero", "dash_signature", "Frank Herrero")
    assert c.sieve != "dash_signature"  # a dash that leads on into a sentence signs nothing


def test_a_relative_pronoun_names_the_speaker_as_written(nlp):
    text = "The mayor met Jane Doe, who said the budget was a disaster."
    (q,) = quotes_of(nlp, text)
    assert (q.speaker, q.speaker_text) == ("Jane Doe", "who")
    assert text[q.speaker_start : q.speaker_end] == "who"


@pytest.mark.parametrize("text, speakers, written", [
    ("Angela Merkel met Emmanuel Macron in Paris on Monday. Both leaders said the talks were useful.",
     ["Angela Merkel", "Emmanuel Macron"], "Both leaders"),
    ("Justin Trudeau and Xi Jinping met on Monday. They said the talks were useful.",
     ["Justin Trudeau", "Xi Jinping"], "They"),
    # three people named: "the two leaders" cannot be told apart, so it stays as written
    ("Angela Merkel met Emmanuel Macron and Justin Trudeau on Monday. The two leaders said the talks were useful.",
     ["The two leaders"], "The two leaders"),
])
def test_a_plural_speaker_after_the_people_it_counts_names_each(nlp, text, speakers, written):
    (q,) = quotes_of(nlp, text)
    assert q.speakers.split(SPEAKERS_SEPARATOR) == speakers and q.speaker == speakers[0]
    assert q.speaker_text == written == text[q.speaker_start : q.speaker_end]

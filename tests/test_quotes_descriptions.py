"""Speakers written as descriptions, organisations, gerund cues, exchanges and lists: table-driven
(text, expected) cases through `extract_quotes` on real parses (the pinned model) with the real
`analysis.entities` mentions. The example sentences are made up for these tests."""
from __future__ import annotations

import pytest

from analysis.quotes import extract_quotes


def _quotes(nlp, text):
    from analysis.entities import extract_mentions
    from analysis.paragraphs import paragraph_spans

    doc = nlp(text)
    return extract_quotes(doc, extract_mentions(doc, "t", paragraphs=paragraph_spans(text)), doc_id="t")


def _check(qs, expected):
    """*expected*: (speaker, sieve, a fragment of the quote text) per quote, in order."""
    assert [(q.speaker, q.sieve) for q in qs] == [e[:2] for e in expected], qs
    for q, e in zip(qs, expected):
        assert e[2] in q.text


GERUND_CASES = [
    # a gerund under a preposition reports for the subject of the verb it belongs to
    ("Mayor Anna Berg answered a question from a student on Tuesday by saying the library would stay open.",
     [("Anna Berg", "gerund_subject", "the library would stay open")]),
    ("Ruth Ortega sang to Paul Novak before asking him, “Where do we go from here?”",
     [("Ruth Ortega", "gerund_subject", "Where do we go")]),
    # ... and never takes a name further back, an object or a preposition's ("a fund urging",
    # "the Daily Courier saying"): no speaker rather than a wrong one
    ("The minister set up a fund urging companies to hire young workers.",
     [("", "", "to hire young workers")]),
    ("The spokesman rejected reports by newspapers including the Daily Courier saying the plant would close.",
     [("", "", "the plant would close")]),
]


@pytest.mark.model
@pytest.mark.parametrize("text, expected", GERUND_CASES)
def test_gerund_cues(nlp, text, expected):
    _check(_quotes(nlp, text), expected)


DESCRIPTION_CASES = [
    # "the official" is the unnamed official who spoke before, not the person named before
    ("Karen Li, a lawyer for the family, spoke to reporters.\n\n"
     "“The process will take months,” a senior justice official said on Friday.\n\n"
     "“Most requests go through,” the official said.",
     [("a senior justice official", "cue_subject", "The process"),
      ("a senior justice official", "title_antecedent", "Most requests")]),
    # a noun that names no person stays as written, however near a name is
    ("Senator Mark Osei spoke in Ohio on Monday.\n\nThe ad says the senator “has never missed a vote.”",
     [("The ad", "cue_subject", "has never missed a vote")]),
    ("Tom Reyes draws comics in his garage.\n\n“The result was a surprise,” the study said.",
     [("the study", "cue_subject", "The result was a surprise")]),
    # ... but an epithet the sentence speaks of as a person ("his") is the person named before
    ("Tom Reyes draws comics in his garage.\n\n“I never wanted to be famous,” says the soft-spoken maverick, "
     "noting that his first book sold ten copies.",
     [("Tom Reyes", "title_antecedent", "I never wanted"), ("Tom Reyes", "title_antecedent", "his first book")]),
]


@pytest.mark.model
@pytest.mark.parametrize("text, expected", DESCRIPTION_CASES)
def test_descriptions(nlp, text, expected):
    _check(_quotes(nlp, text), expected)


LIST_CASES = [
    # a list of commentators: each quotation credited by a dash and a name
    ("We asked readers what they made of the debate.\n\n“He spoke well but said nothing new.” ― Maria Lopez\n\n"
     "“It was the best night of the campaign.” ― Daniel Brooks.",
     [("Maria Lopez", "dash_signature", "He spoke well"), ("Daniel Brooks", "dash_signature", "best night")]),
    # a dash that goes on with the sentence credits nobody
    ("The crowd waited for hours.\n\n“We did it.” — and then the whole square cheered.",
     [("", "", "We did it")]),
    # a cue and a colon ending the paragraph before: its subject (a pronoun resolved) speaks
    # (quotes.direct.colon_cue finds the cue; the mention and name sieves the speaker)
    ("The mayor spoke at length on Tuesday. Carla Mendes said:\n\n“We will build the bridge next year, whatever it costs.”",
     [("Carla Mendes", "cue_subject", "We will build the bridge")]),
    ("Tom Reyes runs the food bank. He said:\n\n“Nobody here goes hungry on my watch.”",
     [("Tom Reyes", "pronoun_antecedent", "Nobody here goes hungry")]),
]


@pytest.mark.model
@pytest.mark.parametrize("text, expected", LIST_CASES)
def test_lists_of_quotes(nlp, text, expected):
    _check(_quotes(nlp, text), expected)


ORGANISATION_CASES = [
    # "the company": a person named in between is no other company
    ("Regulators fined Northwind Airlines on Monday. Chief executive Paul Hart was ordered to step down as chair.\n\n"
     "In March the company announced that a new chair would take over.",
     [("Northwind Airlines", "organisation_antecedent", "a new chair would take over")]),
    # "the city of Springfield" names itself: not the organisation named before
    ("Harbor Energy filed a lawsuit on Tuesday.\n\nThe city of Springfield said it would appeal the decision.",
     [("The city of Springfield", "cue_subject", "it would appeal the decision")]),
]


@pytest.mark.model
@pytest.mark.parametrize("text, expected", ORGANISATION_CASES)
def test_organisations(nlp, text, expected):
    _check(_quotes(nlp, text), expected)


DOCUMENT_CASES = [
    # a document goes to its issuer: the body that released it ...
    ("The prime minister met the premiers on Monday.\n\n“The talks covered trade and the need for new pipelines,” "
     "said a statement released by the Premier's Office.",
     [("Premier's Office", "document_author", "The talks covered trade")]),
    # ... or the organisation that was last the subject, however its name was labelled
    ("The British aid group Brightwell said its director was among those hurt. "
     "A statement said the group was \"deeply shocked\" by the attack.",
     [("Brightwell", "apposition", "its director was among those hurt"),
      ("Brightwell", "document_author", "deeply shocked")]),
]


@pytest.mark.model
@pytest.mark.parametrize("text, expected", DOCUMENT_CASES)
def test_documents(nlp, text, expected):
    _check(_quotes(nlp, text), expected)


ACRONYM_CASES = [
    # an acronym speaker is the body named in full before
    ("The Federal Aviation Administration opened an inquiry on Monday.\n\nThe FAA said the inquiry would take a year.",
     [("Federal Aviation Administration", "acronym_expansion", "the inquiry would take a year")]),
    # ... and stays itself when no such name came before
    ("Airlines cancelled flights on Monday.\n\nThe FAA said the inquiry would take a year.",
     [("FAA", "cue_subject", "the inquiry would take a year")]),
]


@pytest.mark.model
@pytest.mark.parametrize("text, expected", ACRONYM_CASES)
def test_acronyms(nlp, text, expected):
    _check(_quotes(nlp, text), expected)

"""One paragraph rule: corpus reading, sentence breaks, mentions' para_id (which co-occurrence
counts) and quote pairing agree on where paragraphs are, whatever blank line separates them."""

from __future__ import annotations

import bisect

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from analysis.paragraphs import is_paragraph_break, paragraph_spans, paragraph_starts

# Blank lines as they come: plain, with spaces or tabs, with a no-break space (text from HTML),
# with a thin space, several in a row.
SEPARATORS = ["\n\n", "\n \n", "\n\u00a0\n", "\n\t\u00a0 \n\n", "\n\u2009\n", "\n\n\n"]
# Paragraphs written for this test: quotes closed and left open (a quote running on into the
# next paragraph), names, a cue before and after.
PARAGRAPHS = [
    "Council Votes On Budget",
    "Mayor Jane Holloway said on Tuesday that the budget would protect libraries.",
    "\u201cWe listened to residents,\u201d Holloway said. \u201cNobody wanted cuts.\u201d",
    "\u201cThis plan relies on forecasts that will not hold,",
    "and the city will pay for it later,\u201d said Councillor Tom Reyes.",
    "Reyes added that the Ontario government would respond next week.",
    "\u201cIt is a good day for the city.\u201d",
    "The vote was 7 to 4, according to the clerk, Maria Santos.",
    "\u201cWe will win the vote,",
    "Reyes said the plan would fail.",
]
# A quotation left open at the end of its paragraph, then a no-break-space line: the quote
# ends with its paragraph (with an NBSP line it used to swallow the next one).
UNCLOSED_THEN_NBSP = (["\u201cWe will win the vote,", "Reyes said the plan would fail."], ["\n\u00a0\n"])


def test_a_line_of_only_whitespace_is_blank():
    for sep in SEPARATORS:
        assert is_paragraph_break(sep)
        assert paragraph_spans(f"One.{sep}Two.") == [(0, 4), (4 + len(sep), 8 + len(sep))]
    assert not is_paragraph_break("\n")
    assert not is_paragraph_break(" \u00a0 ")
    assert paragraph_spans("One.\nstill one.") == [(0, 15)]
    assert paragraph_starts("") == [0]
    assert paragraph_spans(" \n\u00a0\n ") == []


def _join(paragraphs: list[str], separators: list[str]) -> tuple[str, list[tuple[int, int]]]:
    text, spans = "", []
    for i, para in enumerate(paragraphs):
        if i:
            text += separators[(i - 1) % len(separators)]
        spans.append((len(text), len(text) + len(para)))
        text += para
    return text, spans


articles = st.lists(st.sampled_from(PARAGRAPHS), min_size=2, max_size=5)
separator_lists = st.lists(st.sampled_from(SEPARATORS), min_size=1, max_size=4)


@given(articles, separator_lists)
def test_paragraph_spans_find_the_paragraphs_as_written(paragraphs, separators):
    text, spans = _join(paragraphs, separators)
    assert paragraph_spans(text) == spans


@pytest.fixture(scope="module")
def nlp():
    from analysis.nlp import load_model

    return load_model()


def _in_paragraph_terms(spans, start, end):
    """(paragraph index, offset in it, length): a place that does not depend on the separators."""
    i = bisect.bisect_right([s for s, _ in spans], start) - 1
    return i, start - spans[i][0], end - start


def _stages(nlp, text):
    from analysis.entities import extract_mentions
    from analysis.nlp import DocColumns
    from analysis.quotes import extract_quotes

    doc = nlp(text)
    columns = DocColumns(doc)
    paragraphs = paragraph_spans(columns.text)
    mentions = extract_mentions(doc, "t", paragraphs=paragraphs, columns=columns)
    quotes = extract_quotes(doc, mentions, doc_id="t", columns=columns)
    return doc, columns, mentions, quotes


@pytest.mark.model
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(articles, separator_lists)
@example(*UNCLOSED_THEN_NBSP)
def test_every_stage_agrees_on_the_paragraphs(nlp, paragraphs, separators):
    text, spans = _join(paragraphs, separators)
    _, columns, mentions, quotes = _stages(nlp, text)
    starts = columns.starts
    sentence_starts = {starts[a] for a, _ in columns.sentences}
    # the sentence breaks: every paragraph starts a sentence, no sentence runs across a break
    assert {s for s, _ in spans} <= sentence_starts
    for a, b in columns.sentences:
        first, last = starts[a], starts[b - 1]
        assert not any(first < s <= last for s, _ in spans), "a sentence runs across a blank line"
    # mentions: para_id is the paragraph the mention is in (co-occurrence counts by it)
    for m in mentions:
        assert _in_paragraph_terms(spans, m.start_char, m.end_char)[0] == m.para_id, m
    # quotes: the same quotes, at the same places, whatever blank lines separate the paragraphs
    plain, plain_spans = _join(paragraphs, ["\n\n"])
    _, _, _, plain_quotes = _stages(nlp, plain)

    def summary(found, where):
        return [(q.kind, q.text, q.speaker, q.cue, _in_paragraph_terms(where, q.start_char, q.end_char))
                for q in found]

    assert summary(quotes, spans) == summary(plain_quotes, plain_spans)


def test_corpus_reads_the_same_article_whatever_the_blank_lines(tmp_path):
    from analysis.corpus import read_corpus

    paragraphs = PARAGRAPHS[:2] + PARAGRAPHS[5:7]
    read = []
    for i, sep in enumerate(SEPARATORS):
        folder = tmp_path / str(i)
        folder.mkdir()
        text, spans = _join(paragraphs, [sep])
        (folder / "a.txt").write_text(text, encoding="utf-8")
        (article,) = list(read_corpus(folder, language=None))
        read.append((article.title, [article.clean_text[s:e] for s, e in paragraph_spans(article.clean_text)]))
    assert all(r == read[0] for r in read), read
    assert read[0][0] == PARAGRAPHS[0]

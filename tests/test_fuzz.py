"""Property-based tests: random and adversarial text through cleaning, quote extraction and
co-occurrence. Nothing may raise; every offset stays inside its article; every quote's text is
the source at its offsets; co-occurrence pairs are unique, unordered and never self-pairs.

Example counts are modest so that the whole file runs in well under a minute.
"""

from __future__ import annotations

import functools
import itertools
import tempfile
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest
import spacy
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from analysis.cooccurrence import EDGE_COLUMNS, WINDOWS, cooccurrence_edges
from analysis.corpus import Article, Skipped, clean, read_corpus
from analysis.paragraphs import paragraph_spans
from analysis.quotes import extract_quotes

FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MODEL_SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])

QUOTE_MARKS = "\"'“”‘’«»„‚‹›「」『』"
WORDS = ["said", "says", "told", "added", "He", "She", "they", "John Smith", "Mary", "the minister", "according to",
         "\n", "\n\n", "\r\n", "\r\n\r\n", " ", "  ", ".", ",", ":", "—", "-", "Advertisement", "Read more:",
         "Related", "© 2024", "Share this article", "# ", "* ", "**", "`", "$x$", "\\begin{}", "| a | b |",
         "<script>", "</script>", "<img onerror=x>", "javascript:", "\x00", "\x07", "\x1b", "\u200b", "\u202e",
         "\ufeff", "\ufffd", "مرحبا", "שלום", "你好世界", "東京", "😀", "👩‍👩‍👧", "e\u0301", "İ", "ß"]

# Text made of quote marks only, of words and marks, of arbitrary code points, and long lines.
only_quotes = st.text(alphabet=QUOTE_MARKS + " \n", max_size=80)
tokens = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(list(QUOTE_MARKS)),
                            st.text(alphabet="abcdefghij ABCD", min_size=1, max_size=8)), max_size=60).map("".join)
any_text = st.text(max_size=300)
long_lines = st.builds(lambda w, n, q: q + (w + " ") * n + q, st.sampled_from(["word", "“nested ‘deep’ quote”", "x"]),
                       st.integers(200, 3000), st.sampled_from(["", '"', "“"]))
nested = st.recursive(st.text(alphabet="abc ", max_size=6),
                      lambda inner: st.builds(lambda o, t, c: o + t + c, st.sampled_from(QUOTE_MARKS),
                                              inner, st.sampled_from(QUOTE_MARKS + "")), max_leaves=8)
adversarial = st.one_of(only_quotes, tokens, any_text, long_lines, nested)

ARTICLE_LIKE = [
    '"We will not back down," said John Smith. He added: "Never."',
    "“Unbalanced quote, said Mary Jones in Paris.\n\nShe said “another” and ‘more’.",
    '""""""',
    "\"He said 'she said \"they said\"' today,\" the minister told reporters.",
    'Line\r\n\r\n"CRLF quote," said Li.\r\n',
    "\x00\"NUL\x00 quote,\" said Ann.\x00",
    "«Bonjour», a dit Marie. „Hallo“, sagte Hans. 「こんにちは」と田中さんは言った。",
    "الرئيس قال \"مرحبا\" 😀 \u202e\"reversed,\" said Bob\u202c.",
]


# ------------------------------------------------------------------------------ cleaning

def check_clean(text: str, cleaned: str) -> None:
    assert len(cleaned) == len(text)
    for a, b in zip(text, cleaned):
        assert b == a or (b == " " and a != "\n")  # only blanking, newlines kept


@FAST
@given(text=adversarial, markdown=st.booleans())
@example(text="Advertisement\n\nRelated:\nSome Title Here Now\n\n© 2024", markdown=False)
@example(text="---\ntitle: x\n---\n# H\n> q\n* item\n[a](b) ![i](j) <b>x</b> **y** `z`", markdown=True)
def test_clean_only_blanks_and_keeps_offsets(text, markdown):
    check_clean(text, clean(text, markdown=markdown))


@FAST
@given(text=adversarial)
def test_paragraph_spans_are_inside_sorted_and_trimmed(text):
    spans = paragraph_spans(text)
    last = 0
    for start, end in spans:
        assert last <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        last = end


@settings(max_examples=60, deadline=None)
@given(data=st.one_of(st.binary(max_size=400), adversarial.map(lambda t: t.encode("utf-8", "surrogatepass")),
                      adversarial.map(lambda t: t.encode("utf-16")),
                      tokens.map(lambda t: t.encode("cp1252", "replace"))))
def test_reading_any_bytes_gives_an_article_or_a_reason(data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.txt"
        path.write_bytes(data)
        (item,) = read_corpus(path, language=None)
    if isinstance(item, Skipped):
        assert item.reason.strip()
    else:
        assert isinstance(item, Article) and item.text.strip()
        check_clean(item.text, item.clean_text)
        assert "\r" not in item.text


# ------------------------------------------------------------------------------ quotes

@functools.lru_cache(maxsize=None)
def blank_nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@functools.lru_cache(maxsize=None)
def model_nlp():
    from analysis.nlp import load_model

    return load_model()


def check_quotes(text: str, quotes) -> None:
    assert [q.quote_id for q in quotes] == list(range(len(quotes)))
    assert [q.start_char for q in quotes] == sorted(q.start_char for q in quotes)
    for q in quotes:
        assert 0 <= q.start_char < q.end_char <= len(text), q
        assert q.text == text[q.start_char:q.end_char], q
        assert q.kind in ("direct", "partial", "indirect")
        assert q.doc_id == "fuzz"


@FAST
@given(text=adversarial)
def test_quotes_on_blank_parses_keep_offsets(text):
    doc = blank_nlp()(text)
    check_quotes(text, extract_quotes(doc, [], doc_id="fuzz"))


@pytest.mark.parametrize("text", ARTICLE_LIKE)
def test_quotes_on_adversarial_articles_blank(text):
    check_quotes(text, extract_quotes(blank_nlp()(text), [], doc_id="fuzz"))


@pytest.mark.model
@MODEL_SETTINGS
@given(text=st.one_of(tokens, nested, only_quotes, st.sampled_from(ARTICLE_LIKE)))
def test_quotes_and_mentions_with_the_real_model(text):
    from analysis.entities import extract_mentions

    text = text.replace("\r\n", "\n")  # the reader normalises newlines before parsing
    cleaned = clean(text)
    doc = model_nlp()(cleaned)
    mentions = extract_mentions(doc, "fuzz", paragraphs=paragraph_spans(cleaned))
    for m in mentions:
        assert 0 <= m.start_char < m.end_char <= len(text) and m.text == text[m.start_char:m.end_char]
    check_quotes(text, extract_quotes(doc, mentions, doc_id="fuzz"))


# ------------------------------------------------------------------------------ co-occurrence

NAMES = ["Li", "Li Shangfu", "O'Brien", "", "李尚福", "Путин", "😀", "a\"b", "\\", "Zed", "zed", "é", "e\u0301"]
LABELS = ["PERSON", "ORG", "GPE", "NORP", "DATE", "O'NEIL"]

mention_rows = st.lists(
    st.fixed_dictionaries({
        "doc_id": st.sampled_from(["d1", "d2", "d'3", "文"]),
        "sent_id": st.integers(0, 3),
        "para_id": st.integers(0, 2),
        "label": st.sampled_from(LABELS),
        "entity": st.one_of(st.sampled_from(NAMES), st.none()),
    }),
    max_size=40,
)


def brute_force(rows: list[dict], labels, windows) -> dict[tuple[str, str, str], tuple[int, int]]:
    """(source, target, window) -> (weight, documents), by enumerating windows in Python."""
    key = {"sentence": "sent_id", "paragraph": "para_id", "article": None}
    out = {}
    for window in windows:
        members: dict[tuple, set[str]] = defaultdict(set)
        for r in rows:
            if r["label"] in labels and r["entity"]:
                members[(r["doc_id"], r[key[window]] if key[window] else 0)].add(r["entity"])
        weight: dict[tuple[str, str], int] = defaultdict(int)
        docs: dict[tuple[str, str], set] = defaultdict(set)
        for (doc_id, _), names in members.items():
            for a, b in itertools.combinations(sorted(names), 2):
                weight[(a, b)] += 1
                docs[(a, b)].add(doc_id)
        for pair, w in weight.items():
            out[(*pair, window)] = (w, len(docs[pair]))
    return out


@settings(max_examples=50, deadline=None)
@given(rows=mention_rows, labels=st.lists(st.sampled_from(LABELS), min_size=1, unique=True),
       windows=st.lists(st.sampled_from(WINDOWS), min_size=1, unique=True))
def test_cooccurrence_matches_brute_force(rows, labels, windows):
    frame = pd.DataFrame(rows, columns=["doc_id", "sent_id", "para_id", "label", "entity"])
    edges = cooccurrence_edges(frame, labels=labels, windows=windows)
    assert list(edges.columns) == EDGE_COLUMNS
    got = {(r.source, r.target, r.window): (r.weight, r.documents) for r in edges.itertuples()}
    assert len(got) == len(edges), "a pair appears twice in one window kind"
    for source, target, _ in got:
        assert source != target and source < target  # no self-pairs; unordered pairs stored once
    assert got == brute_force(rows, labels, windows)


@settings(max_examples=12, deadline=None)
@given(rows=mention_rows)
def test_cooccurrence_from_parquet_equals_from_frame(rows):
    frame = pd.DataFrame(rows, columns=["doc_id", "sent_id", "para_id", "label", "entity"])
    assume(len(frame))
    with tempfile.TemporaryDirectory(prefix="it's ") as tmp:  # a quote in the path, too
        path = Path(tmp) / "m'.parquet"
        frame.to_parquet(path)
        from_file = cooccurrence_edges(path)
    pd.testing.assert_frame_equal(from_file, cooccurrence_edges(frame))

"""Copies of a story: hand-made texts for the rule, the first copy, chains, short texts; the
analyze command writes the columns and counts a story once (or each copy)."""

from __future__ import annotations

import json
import random

import numpy as np
import pandas as pd
import pytest

from analysis import duplicates as dup
from analysis import pipeline, tables
from analysis.errors import ParameterError
from conftest import run_newsbrief

HEADLINE = "City council approves budget after long night of debate"
BODY = [
    "The city council approved a budget of 412 million dollars early on Wednesday, after a meeting "
    "that ran for more than seven hours and drew hundreds of residents to the chamber.",
    "Mayor Jane Holloway said the plan would protect the branch libraries that had been marked for "
    "closure last spring, and that the parks department would keep its summer staff.",
    "\"We listened to the people who came here night after night,\" Holloway told reporters outside "
    "the chamber. \"Nobody in this city wanted the libraries to close.\"",
    "Councillor Tom Reyes, who voted against the plan, said it relied on optimistic forecasts of "
    "property tax revenue and would leave the city exposed if the housing market cooled.",
    "The budget raises the fee for a residential parking permit by twelve dollars a year and delays "
    "the repaving of the ring road until the spring of next year.",
    "Union leaders representing the city's bus drivers welcomed a clause that keeps the night routes "
    "running, which the transit authority had proposed to cut in the first draft.",
    "The province is expected to respond to the council's request for transit funding next week, "
    "according to a spokesperson for the minister of municipal affairs.",
    "The next council meeting, on the capital plan for the water treatment works, is scheduled for "
    "the first Monday of next month at the civic centre.",
]
ORIGINAL = "\n\n".join([HEADLINE, *BODY])
# The same topic, the same people, another story: must never be called a copy.
OTHER_STORY = "\n\n".join([
    "Council delays vote on transit funding",
    "The city council postponed a vote on funding for the transit authority on Monday, saying it "
    "needed more time to study the cost of keeping the night bus routes.",
    "Mayor Jane Holloway said the delay was a matter of weeks and that no route would be cut before "
    "the council had heard from the drivers and the riders who depend on them.",
    "Councillor Tom Reyes said the authority had not explained how it would pay for new buses, and "
    "asked for an independent review of its maintenance contracts before any vote.",
    "The province has not said whether it will match the city's contribution to the transit budget, "
    "a spokesperson for the minister of municipal affairs said on Monday evening.",
    "Riders who spoke at the meeting described waits of forty minutes on the routes that serve the "
    "hospital and the industrial park on the east side of the city.",
])


def copies_of(*articles: tuple[str, str, str]) -> dict[str, tuple[str, float]]:
    return {c.doc_id: (c.duplicate_of, c.similarity) for c in dup.find_copies(articles)}


def edited(words_to_change: dict[str, str]) -> str:
    text = ORIGINAL
    for old, new in words_to_change.items():
        assert old in text
        text = text.replace(old, new, 1)
    return text


VARIANTS = {
    "exact copy": ORIGINAL,
    "new headline": "\n\n".join(["Budget passes: libraries saved, parking permits cost more", *BODY]),
    "byline added": "\n\n".join([HEADLINE, "By Ana Lima, The Evening Courier", *BODY]),
    "last paragraph cut": "\n\n".join([HEADLINE, *BODY[:-1]]),
    "a few words edited": edited({"early on Wednesday": "on Wednesday morning", "hundreds": "scores",
                                  "optimistic": "rosy", "twelve": "fifteen", "next week": "this month"}),
    "headline, byline and last paragraph": "\n\n".join(["Budget passes", "From wire reports", *BODY[:-1]]),
    "curly quotes and line breaks": ORIGINAL.replace('"', "\u201c").replace(" the ", "\nthe "),
}


@pytest.mark.parametrize("kind", VARIANTS)
def test_a_copy_with_an_edit_is_a_copy_of_the_original(kind):
    found = copies_of(("original", ORIGINAL, "2024-03-01"), ("copy", VARIANTS[kind], "2024-03-02"))
    assert set(found) == {"copy"} and found["copy"][0] == "original"
    assert dup.THRESHOLD <= found["copy"][1] <= 1.0


def test_an_exact_copy_has_similarity_one_and_the_original_is_not_a_copy():
    assert copies_of(("a", ORIGINAL, ""), ("b", ORIGINAL, "")) == {"b": ("a", 1.0)}


def test_another_story_on_the_same_topic_is_not_a_copy():
    assert copies_of(("original", ORIGINAL, ""), ("other", OTHER_STORY, "")) == {}
    a, b = dup.shingle_hashes(ORIGINAL), dup.shingle_hashes(OTHER_STORY)
    assert dup.containment(a, b) < 0.1  # far from the threshold, not just under it


def test_a_rewrite_of_a_fifth_of_the_words_is_no_longer_a_copy():
    rng = random.Random(3)
    tokens = ORIGINAL.split(" ")
    for i in rng.sample(range(len(tokens)), len(tokens) // 5):
        tokens[i] = "changed"
    assert copies_of(("a", ORIGINAL, ""), ("b", " ".join(tokens), "")) == {}


def test_short_texts_are_never_copies_of_each_other():
    short = "Live updates to follow. Refresh this page for the latest news from the council."
    assert len(dup.words(short)) < dup.MIN_WORDS
    assert copies_of(("a", short, ""), ("b", short, ""), ("c", short + " More soon.", "")) == {}
    # nor of a long article that contains them
    assert copies_of(("long", ORIGINAL, ""), ("short", BODY[0], "")) == {}


def test_a_short_story_quoted_inside_a_long_one_is_not_its_copy():
    short = "\n\n".join(BODY[:3])  # long enough to count, but a third of the long one
    assert len(dup.words(short)) >= dup.MIN_WORDS
    assert dup.containment(dup.shingle_hashes(short), dup.shingle_hashes(ORIGINAL)) == 1.0
    assert copies_of(("long", ORIGINAL, ""), ("short", short, "")) == {}


def test_the_first_copy_is_the_earliest_dated_then_the_first_in_corpus_order():
    found = copies_of(("undated", ORIGINAL, ""), ("late", ORIGINAL, "2024-03-09"), ("early", ORIGINAL, "2024-03-02"),
                      ("early-too", ORIGINAL, "2024-03-02"))
    assert found == {"undated": ("early", 1.0), "late": ("early", 1.0), "early-too": ("early", 1.0)}
    assert copies_of(("x", ORIGINAL, ""), ("y", ORIGINAL, "")) == {"y": ("x", 1.0)}


def test_a_chain_of_copies_resolves_to_one_first_copy():
    """A~B and B~C while A and C are too far apart: all three are one story, its first copy A."""
    units = BODY + OTHER_STORY.split("\n\n")[1:3]  # ten paragraphs of 25-33 words
    others = OTHER_STORY.split("\n\n")[3:] + [p.replace("city", "town").replace("Holloway", "Lima") for p in BODY[:2]]
    a = "\n\n".join(units)
    b = "\n\n".join(units[2:] + others[:2])  # 8 of its 10 paragraphs are a's
    c = "\n\n".join(units[4:] + others[:4])  # 8 are b's, 6 a's
    ha, hb, hc = (dup.shingle_hashes(t) for t in (a, b, c))
    assert dup.is_copy(ha, hb) and dup.is_copy(hb, hc) and not dup.is_copy(ha, hc)
    found = copies_of(("c", c, "2024-03-03"), ("a", a, "2024-03-01"), ("b", b, "2024-03-02"))
    assert {k: v[0] for k, v in found.items()} == {"b": "a", "c": "a"}
    assert found["c"][1] == round(dup.containment(hc, ha), 4) < dup.THRESHOLD  # joined through b


def test_exact_copies_inside_a_group_of_near_copies():
    found = copies_of(("a", ORIGINAL, "2024-03-01"), ("b", VARIANTS["byline added"], "2024-03-02"),
                      ("b2", VARIANTS["byline added"], "2024-03-03"), ("c", ORIGINAL, "2024-03-04"))
    assert {k: v[0] for k, v in found.items()} == {"b": "a", "b2": "a", "c": "a"}
    assert found["c"][1] == 1.0 and found["b"][1] == found["b2"][1] < 1.0


def test_signatures_are_pinned_and_are_datasketchs_affine32_minhash():
    hashes = dup.shingle_hashes("The council approved the budget on Tuesday after a long debate about libraries and parks.")
    assert len(hashes) == 11 and hashes.dtype == np.uint32 and (np.diff(hashes.astype(np.int64)) > 0).all()
    assert hashes[:3].tolist() == [464377527, 1101829340, 1782154929]
    sig = dup.signature(hashes)
    assert sig.dtype == np.uint32 and sig.shape == (dup.NUM_PERM,)
    assert sig[:4].tolist() == [5610582, 194299816, 149182837, 783949684]
    assert (dup.signature(np.zeros(0, np.uint32)) == 0xFFFFFFFF).all()
    # a long text is signed in chunks: the same values as in one go
    many = np.arange(3 * 4096 + 5, dtype=np.uint32)
    assert (dup.signature(many) == dup.signature(many[::-1].copy())).all()


def test_signatures_equal_datasketch_when_it_is_installed():
    datasketch = pytest.importorskip("datasketch")
    hashes = dup.shingle_hashes(ORIGINAL)
    reference = datasketch.MinHash(num_perm=dup.NUM_PERM, seed=dup.SEED, hashfunc=lambda h: h)
    reference.update_batch(hashes)
    assert (reference.hashvalues == dup.signature(hashes)).all()


def test_candidates_come_from_shared_bands_not_from_all_pairs():
    rng = np.random.default_rng(0)
    signatures = rng.integers(0, 2**32, size=(2000, dup.NUM_PERM), dtype=np.uint32)
    signatures[7] = signatures[3]
    signatures[1500, :dup.ROWS] = signatures[10, :dup.ROWS]  # one band in common
    pairs = dup.candidate_pairs(signatures)
    assert [tuple(p) for p in pairs] == [(3, 7), (10, 1500)]
    assert len(dup.candidate_pairs(signatures[:1])) == 0


def test_lsh_finds_what_checking_every_pair_finds():
    """Articles mixed from shared paragraphs (many partial overlaps) plus edited copies: the
    banded candidates miss no pair the rule accepts."""
    rng = random.Random(5)
    pool = [p for p in BODY + OTHER_STORY.split("\n\n")[1:]]
    texts = ["\n\n".join(rng.sample(pool, rng.randint(3, 6))) for _ in range(60)]
    texts += [t.replace(" the ", " a ", 1) + "\n\nBy a staff writer" for t in texts[:10]]
    hashes = [dup.shingle_hashes(t) for t in texts]
    every_pair = {(i, j) for i in range(len(texts)) for j in range(i + 1, len(texts))
                  if dup.is_copy(hashes[i], hashes[j]) is not None}
    first = {c.doc_id: c.duplicate_of for c in dup.find_copies((str(i), t, "") for i, t in enumerate(texts))}
    assert every_pair
    assert all(first.get(str(i), str(i)) == first.get(str(j), str(j)) for i, j in every_pair)


# --- the briefing's helpers ------------------------------------------------------------------


def _articles():
    return tables.frame("articles", [
        {"doc_id": "a", "title": "Budget passes", "source": "Courier", "date": "2024-03-01", "status": "ok",
         "duplicate_of": "", "duplicate_similarity": None},
        {"doc_id": "b", "title": "Budget passes (wire)", "source": "Herald", "date": "2024-03-02", "status": "ok",
         "duplicate_of": "a", "duplicate_similarity": 0.93},
        {"doc_id": "c", "title": "Transit vote delayed", "source": "Courier", "date": "2024-03-04", "status": "ok",
         "duplicate_of": "", "duplicate_similarity": None},
    ])


def test_originals_only_drops_the_rows_of_copies():
    quotes = pd.DataFrame({"doc_id": ["a", "b", "b", "c"], "speaker": ["Holloway"] * 4})
    assert originals_only_ids(quotes) == ["a", "c"]
    older = _articles().drop(columns=["duplicate_of", "duplicate_similarity"])  # tables of an older run
    assert dup.originals_only(quotes, older).equals(quotes)


def originals_only_ids(df):
    return dup.originals_only(df, _articles())["doc_id"].tolist()


def test_copies_table_lists_each_copy_with_its_first_copy():
    table = dup.copies_table(_articles())
    assert table.to_dict("records") == [{
        "copy": "b", "title": "Budget passes (wire)", "outlet": "Herald", "date": "2024-03-02", "first_copy": "a",
        "first_title": "Budget passes", "first_outlet": "Courier", "first_date": "2024-03-01", "similarity": 0.93}]
    empty = dup.copies_table(_articles().iloc[[0, 2]])
    assert list(empty.columns) == dup.COPIES_COLUMNS and empty.empty


def test_articles_read_back_from_csv_keep_an_empty_similarity_empty(tmp_path):
    tables.write_table(_articles(), tmp_path, "articles")
    (tmp_path / "articles.parquet").unlink()
    back = tables.load_table(tmp_path, "articles")
    assert back["duplicate_of"].tolist() == ["", "a", ""]
    assert back["duplicate_similarity"].isna().tolist() == [True, False, True]


def test_an_unknown_mode_is_refused_with_what_each_means():
    with pytest.raises(ParameterError, match="'once'.*'each'.*--duplicates each"):
        pipeline.check_duplicates_mode("twice")


# --- the analyze command ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("dups")
    records = [
        {"id": "courier-1", "title": HEADLINE, "date": "2024-03-01", "source": "Courier", "text": ORIGINAL},
        {"id": "herald-1", "title": "Budget passes", "date": "2024-03-02", "source": "Herald",
         "text": VARIANTS["headline, byline and last paragraph"]},
        {"id": "courier-2", "title": "Transit vote", "date": "2024-03-04", "source": "Courier", "text": OTHER_STORY},
    ]
    path = root / "news.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    return root, path


@pytest.mark.model
def test_analyze_marks_the_copies_and_counts_a_story_once_or_each_copy(corpus):
    root, path = corpus
    cache = root / "cache"
    result = run_newsbrief("analyze", path, "--out", root / "once", "--cache", cache, "--jobs", "1")
    assert result.returncode == 0, result.stderr
    once = tables.load_tables(root / "once")
    articles = once["articles"].set_index("doc_id")
    assert articles.loc["herald-1", "duplicate_of"] == "courier-1"
    assert dup.THRESHOLD <= articles.loc["herald-1", "duplicate_similarity"] < 1
    assert articles.loc[["courier-1", "courier-2"], "duplicate_of"].tolist() == ["", ""]
    assert articles.loc[["courier-1", "courier-2"], "duplicate_similarity"].isna().all()
    manifest = tables.read_manifest(root / "once")
    assert manifest["duplicates"] == "once" and manifest["copies"] == 1

    pipeline.analyze(str(path), str(root / "each"), jobs=1, cache_dir=str(cache), duplicates="each")
    each = tables.load_tables(root / "each")
    # per-row tables keep every article's rows either way
    for name in ("mentions", "quotes", "sentences"):
        assert once[name].equals(each[name]), name
    assert "herald-1" in set(once["quotes"].doc_id)
    # corpus-wide counts: the copy's mentions are left out with once, counted with each
    counts = {mode: t["entities"].set_index(["entity", "label"]) for mode, t in (("once", once), ("each", each))}
    holloway = ("Jane Holloway", "PERSON")
    assert counts["once"].loc[holloway, "documents"] == 2 and counts["each"].loc[holloway, "documents"] == 3
    herald = once["mentions"][once["mentions"].doc_id == "herald-1"]
    n_herald = (herald.entity == "Jane Holloway").sum()
    assert counts["each"].loc[holloway, "mentions"] - counts["once"].loc[holloway, "mentions"] == n_herald > 0
    actors = {mode: t["actors"].set_index("actor") for mode, t in (("once", once), ("each", each))}
    assert actors["once"].loc["Jane Holloway", "quotes"] < actors["each"].loc["Jane Holloway", "quotes"]
    pairs = {mode: t["cooccurrence"].query("window == 'article'").set_index(["source", "target"])["documents"]
             for mode, t in (("once", once), ("each", each))}
    assert pairs["once"].loc[("Jane Holloway", "Tom Reyes")] == 2 and pairs["each"].loc[("Jane Holloway", "Tom Reyes")] == 3


@pytest.mark.model
def test_a_changed_duplicates_option_makes_the_tables_anew(corpus, tmp_path):
    root, path = corpus
    out, cache = tmp_path / "data", str(root / "cache")
    first = pipeline.ensure_analysis(str(path), str(out), jobs=1, cache_dir=cache)
    assert first.manifest["duplicates"] == "once" and first.seconds > 0
    assert pipeline.ensure_analysis(str(path), str(out), jobs=1, cache_dir=cache).seconds == 0.0  # re-used
    again = pipeline.ensure_analysis(str(path), str(out), jobs=1, cache_dir=cache, duplicates="each")
    assert again.seconds > 0 and again.manifest["duplicates"] == "each"


@pytest.mark.model
def test_run_passes_the_duplicates_parameter_to_the_analysis(corpus, tmp_path):
    from analysis import report

    root, path = corpus
    options = {"jobs": 1, "cache_dir": str(root / "cache")}
    params, extra = report.build_parameters(str(path), tmp_path / "out", cli_params=[("duplicates", "EACH")],
                                            analysis_options=options)
    assert params["duplicates"] == "each"
    report._ensure_analysis(params, extra)
    manifest = tables.read_manifest(params["data_dir"])
    assert manifest["duplicates"] == "each" and manifest["copies"] == 1
    with pytest.raises(ParameterError, match="one of once, each"):
        report.build_parameters(str(path), tmp_path / "out", cli_params=[("duplicates", "twice")])

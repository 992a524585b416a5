"""analysis.evidence and the briefing's evidence appendix, on a hand-made corpus and tables."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis import blocks, briefing
from analysis import evidence as ev
from analysis.tables import frame, write_table
from recipes import recipe_html

HOSTILE = '<img src=x onerror=alert(1)>'
MARKUP = '1 < 2 && "3" > 0 x<y'  # what of markup the corpus reader keeps in a text (it drops tags)
# Two hand-made articles; every offset below is found in these texts, never typed in.
TEXTS = {
    "a1": "Vladimir Putin met Li Shangfu in Moscow. The talks were long.\n\n"
          "\u201cWe have very strong ties,\u201d Li Shangfu said of Russia. Putin said Russia & China agree, x<y.",
    "a2": f"Li Shangfu flew home. Putin   stayed in {MARKUP}.\n\nVladimir Putin and Li Shangfu spoke again.",
}
TITLES = {"a1": "Li meets Putin", "a2": f"Second visit {HOSTILE}"}


def _sentences(doc_id: str, text: str) -> list[dict]:
    """Sentence spans by a simple rule, good enough for hand-made texts: end at ". " or a blank line."""
    rows, start = [], 0
    for m in re.finditer(r"(?<=[.])\s+|$", text):
        if m.start() > start:
            rows.append({"doc_id": doc_id, "sent_id": len(rows), "start_char": start, "end_char": m.start()})
        start = m.end()
    return rows


def _mentions(doc_id: str, text: str, sentences: list[dict], names: dict[str, tuple[str, str]]) -> list[dict]:
    rows = []
    for written, (entity, label) in names.items():
        for m in re.finditer(re.escape(written) + r"(?! Shangfu)", text):
            if written == "Putin" and text[max(0, m.start() - 9):m.start()] == "Vladimir ":
                continue
            sent = next(s["sent_id"] for s in sentences if s["start_char"] <= m.start() < s["end_char"])
            rows.append({"doc_id": doc_id, "sent_id": sent, "para_id": text[:m.start()].count("\n\n"),
                         "start_char": m.start(), "end_char": m.end(), "text": written, "label": label,
                         "entity": entity, "title": ""})
    return sorted(rows, key=lambda r: r["start_char"])


NAMES = {"Vladimir Putin": ("Vladimir Putin", "PERSON"), "Putin": ("Vladimir Putin", "PERSON"),
         "Li Shangfu": ("Li Shangfu", "PERSON"), "Russia": ("Russia", "GPE"), "China": ("China", "GPE"),
         "Moscow": ("Moscow", "GPE")}


def _quote(doc_id, quote_id, kind, text, speaker, speaker_text):
    body = TEXTS[doc_id]
    start = body.index(text)
    s0 = body.index(speaker_text, start + len(text)) if speaker_text else -1
    return {"doc_id": doc_id, "quote_id": quote_id, "group_id": quote_id, "kind": kind, "text": text,
            "quoted": text, "speaker": speaker, "speakers": speaker, "speaker_text": speaker_text,
            "speaker_start": s0, "speaker_end": s0 + len(speaker_text) if s0 >= 0 else -1, "cue": "said",
            "start_char": start, "end_char": start + len(text), "sieve": "cue"}


def make_tables() -> dict[str, pd.DataFrame]:
    sentences = {d: _sentences(d, t) for d, t in TEXTS.items()}
    mentions = [m for d, t in TEXTS.items() for m in _mentions(d, t, sentences[d], NAMES)]
    mdf = frame("mentions", mentions)
    from analysis.cooccurrence import cooccurrence_edges

    cooc = cooccurrence_edges(mdf)
    ents = mdf.groupby(["entity", "label"]).agg(mentions=("doc_id", "size"), documents=("doc_id", "nunique"))
    quotes = frame("quotes", [
        _quote("a1", 0, "direct", "We have very strong ties,", "Li Shangfu", "Li Shangfu"),
        _quote("a1", 1, "indirect", "Russia & China agree, x<y", "Vladimir Putin", ""),
    ])
    articles = frame("articles", [
        {"doc_id": d, "path": "corpus.jsonl", "title": TITLES[d], "n_words": 20, "status": "ok", "reason": "",
         "date": f"2023-04-1{i}", "source": "Kyiv Post" if d == "a1" else "ТАСС", "url": ""}
        for i, d in enumerate(TEXTS)])
    return {"articles": articles, "mentions": mdf, "quotes": quotes, "cooccurrence": cooc,
            "entities": frame("entities", ents.reset_index().to_dict("records")),
            "sentences": frame("sentences", [s for rows in sentences.values() for s in rows])}


def write_corpus(path: Path, texts: dict[str, str] = TEXTS) -> Path:
    path.write_text("".join(json.dumps({"id": d, "title": TITLES[d], "text": t}) + "\n" for d, t in texts.items()),
                    encoding="utf-8")
    return path


@pytest.fixture
def tables():
    return make_tables()


@pytest.fixture
def data(tmp_path):
    (tmp_path / "data").mkdir()
    for name, df in make_tables().items():
        write_table(df, tmp_path / "data", name)
    return briefing.load_data(tmp_path / "data", corpus=str(write_corpus(tmp_path / "corpus.jsonl")), analyze=False)


# --- anchors and snippets ---------------------------------------------------------------------
def test_anchors_are_ascii_ids_that_keep_apart_what_only_case_or_script_tells_apart():
    a = ev.actor_anchor("Vladimir Putin", "PERSON")
    assert re.fullmatch(r"ev-actor-vladimir-putin-person-[0-9a-f]{6}", a)
    assert a == ev.actor_anchor("Vladimir Putin", "PERSON") != ev.actor_anchor("VLADIMIR PUTIN", "PERSON")
    assert re.fullmatch(r"ev-speaker-[0-9a-f]{6}", ev.speaker_anchor("李尚福"))
    assert ev.speaker_anchor("李尚福") != ev.speaker_anchor("普京")
    assert ev.pair_anchor("A", "B") == ev.pair_anchor("B", "A")
    assert re.fullmatch(r"[a-z0-9-]+", ev.speaker_anchor(HOSTILE))


def test_a_snippet_escapes_the_text_then_marks_the_keyword():
    text = f"Before {HOSTILE} Putin & co   said <b>no</b>."
    start = text.index("Putin")
    out = ev.snippet_html(text, ev.Hit("d", 0, len(text), ((start, start + 5),)))
    assert out == ("Before &lt;img src=x onerror=alert(1)&gt; <mark>Putin</mark> &amp; co said "
                   "&lt;b&gt;no&lt;/b&gt;.")
    # a keyword that is itself hostile is escaped inside its <mark>
    h = text.index(HOSTILE)
    assert f"<mark>{html.escape(HOSTILE)}</mark>" in ev.snippet_html(text, ev.Hit("d", 0, len(text), ((h, h + len(HOSTILE)),)))


def test_a_long_sentence_is_cut_around_its_keyword():
    text = "word " * 100 + "Putin" + " word" * 100
    k = text.index("Putin")
    out = ev.snippet_html(text, ev.Hit("d", 0, len(text), ((k, k + 5),)), width=60)
    assert out.startswith("… ") and out.endswith(" …") and "<mark>Putin</mark>" in out
    assert len(out) < 100


# --- hits --------------------------------------------------------------------------------------
def test_an_actor_s_hits_are_its_sentences_one_each_from_different_articles_first(tables):
    hits = ev.actor_hits(tables["mentions"], tables["sentences"], "Vladimir Putin", "PERSON")
    assert [h.doc_id for h in hits] == ["a1", "a2", "a1", "a2"]
    first = hits[0]
    assert TEXTS["a1"][first.start:first.end] == "Vladimir Putin met Li Shangfu in Moscow."
    assert [TEXTS["a1"][a:b] for a, b in first.marks] == ["Vladimir Putin"]


def test_a_pair_s_hits_are_the_sentences_naming_both(tables):
    hits = ev.pair_hits(tables["mentions"], tables["sentences"], "Li Shangfu", "Vladimir Putin")
    shown = [TEXTS[h.doc_id][h.start:h.end] for h in hits]
    assert shown == ["Vladimir Putin met Li Shangfu in Moscow.", "Vladimir Putin and Li Shangfu spoke again."]
    weight = tables["cooccurrence"].query("window == 'sentence' and source == 'Li Shangfu' "
                                          "and target == 'Vladimir Putin'")["weight"].item()
    assert weight == len(hits)  # as many pieces of evidence as the ranking counts
    by_article = ev.pair_hits(tables["mentions"], tables["sentences"], "Li Shangfu", "Vladimir Putin", "article")
    assert len(by_article) == 2 and all(len(h.marks) >= 2 for h in by_article)


def test_a_speaker_s_hits_are_the_quotes_with_the_speaker_marked_when_close(tables):
    (hit,) = ev.speaker_hits(tables["quotes"], "Li Shangfu")
    assert TEXTS["a1"][hit.start:hit.end] == "We have very strong ties,\u201d Li Shangfu"
    assert [TEXTS["a1"][a:b] for a, b in hit.marks] == ["Li Shangfu"]
    about = ev.about_hits(tables["quotes"], tables["mentions"], "Vladimir Putin", "Russia")
    assert [[TEXTS["a1"][a:b] for a, b in h.marks] for h in about] == [["Russia"]]


def test_a_joint_quote_is_evidence_for_each_of_its_speakers_and_a_part_of_a_name_is_none(tables):
    joint = _quote("a1", 2, "indirect", "Russia & China agree, x<y", "Vladimir Putin", "")
    joint.update(speakers="Li Shangfu; Vladimir Putin", quote_id=2)
    quotes = pd.concat([tables["quotes"], frame("quotes", [joint])], ignore_index=True)
    shown = [TEXTS[h.doc_id][h.start:h.end] for h in ev.speaker_hits(quotes, "Li Shangfu")]
    assert shown == ["We have very strong ties,\u201d Li Shangfu", "Russia & China agree, x<y"]
    assert ev.speaker_hits(quotes, "Putin") == [] and ev.speaker_hits(quotes, "Li") == []
    about = ev.about_hits(quotes, tables["mentions"], "Li Shangfu", "Russia")
    assert [[TEXTS["a1"][a:b] for a, b in h.marks] for h in about] == [["Russia"]]


# --- entries -----------------------------------------------------------------------------------
def test_an_entry_is_capped_and_says_how_many_more_and_where(tables):
    hits = ev.actor_hits(tables["mentions"], tables["sentences"], "Vladimir Putin", "PERSON")
    sources = ev.article_sources(tables["articles"])
    e = ev.entry("ev-x", "Vladimir Putin (PERSON)", hits, TEXTS, sources, 2, ev.where_actor("Vladimir Putin", "PERSON"))
    out = e.to_html()
    assert len(e.items) == 2 and e.more == 2
    assert 'and 2 more; all in data/mentions.csv rows where entity = &quot;Vladimir Putin&quot; and label = &quot;PERSON&quot;' in out
    assert "Li meets Putin · Kyiv Post · 2023-04-10" in out
    assert f"Second visit {html.escape(HOSTILE)} · ТАСС" in out and "<img" not in out
    unread = ev.entry("ev-x", "h", hits, {}, sources, 2, "w")
    assert unread.items == () and unread.missing == 2 and "could not be read" in unread.to_html()


def test_article_texts_reads_only_what_matches_the_tables(tmp_path, tables):
    corpus = write_corpus(tmp_path / "c.jsonl")
    assert ev.article_texts(str(corpus), {"a2"}, tables["mentions"]) == {"a2": TEXTS["a2"]}
    edited = write_corpus(tmp_path / "e.jsonl", {**TEXTS, "a1": "Someone else entirely. " + TEXTS["a1"]})
    assert set(ev.article_texts(str(edited), {"a1", "a2"}, tables["mentions"])) == {"a2"}
    assert ev.article_texts(str(tmp_path / "gone.jsonl"), {"a1"}, tables["mentions"]) == {}
    assert ev.article_texts(None, {"a1"}, tables["mentions"]) == {}


# --- the briefing: tables link, figures and tables have ids, every link resolves -------------
def test_a_table_links_a_column_escaped_and_keeps_the_others_as_they_were():
    df = pd.DataFrame({"name": [HOSTILE, "plain"], "n": [3, 1], "note": ["a & b", None]})
    out = blocks.Table(df, anchor="tab-x", links={"name": lambda r: "ev-1" if r["n"] > 2 else ""}).to_html()
    assert 'id="tab-x"' in out
    assert f'<a href="#ev-1">{html.escape(HOSTILE)}</a>' in out and "<img" not in out
    assert "<td>plain</td>" in out and "a &amp; b" in out and "<td>3</td>" in out
    plain = blocks.Table(df).to_html()
    assert plain.count("<td>") == out.count("<td>") and "<a " not in plain


def _briefing_html(data, figures) -> str:
    return recipe_html(data, ["entities", "quotes", "about", "actors"], every=True, entity_labels=["PERSON", "GPE"],
                       top_n=5, figures_dir=figures)


def test_every_link_of_the_briefing_has_its_target_and_the_rankings_link_to_evidence(data, tmp_path):
    out = _briefing_html(data, tmp_path / "figures")
    hrefs = re.findall(r'href="#([^"]+)"', out)
    ids = re.findall(r'id="([^"]+)"', out)
    assert len(ids) == len(set(ids)), "ids are unique"
    assert hrefs and set(hrefs) <= set(ids)
    for kind in ("actor", "speaker", "about", "pair"):
        assert any(h.startswith(f"ev-{kind}-") for h in hrefs), kind
    for name in ("tab-entities", "tab-speakers", "tab-speaks-about", "tab-pairs", "fig-entities_top",
                 "fig-speakers", "fig-cooccurrence_sentence", "fig-network_sentence", "fig-speaks_about"):
        assert name in ids, name
    assert "<mark>Vladimir Putin</mark>" in out and "<img src=x" not in out
    assert html.escape(MARKUP, quote=True) in out and "x<y" not in out  # article text: escaped
    assert 'href="#tab-entities"' in out  # each entry leads back to its ranking


def test_every_row_of_a_ranking_links_to_its_own_entry(data):
    out = recipe_html(data, ["entities"], every=True, entity_labels=["GPE"], top_n=5)
    ranking = out[out.index('id="tab-entities"'):]
    ranking = ranking[:ranking.index("</table>")]
    linked = re.findall(r'<a href="#(ev-actor-[^"]+)">([^<]+)</a>', ranking)
    rows = ranking.count("</tr>") - 1  # less the header row
    assert rows >= 3 and len(linked) == rows and [n for _, n in linked][:2] == ["Russia", "China"]
    entries = re.findall(r'id="(ev-actor-[^"]+)"', out)
    assert entries == [a for a, _ in linked]
    # the first rows show EVIDENCE_PER_ENTRY pieces, later rows EVIDENCE_LATER
    appendix = briefing.evidence_section(data, entities=briefing.top_entities(data["entities"], ["GPE"], 5)).to_html()
    pieces = [len(re.findall("<li>", part)) for part in appendix.split('<div class="nb-ev"')[1:]]
    assert pieces[0] <= briefing.EVIDENCE_PER_ENTRY and all(n <= briefing.EVIDENCE_LATER for n in pieces[2:])


def test_the_evidence_says_so_without_a_corpus_or_a_sentences_table(tmp_path, tables):
    for name, df in tables.items():
        (tmp_path / "d").mkdir(exist_ok=True)
        write_table(df, tmp_path / "d", name)
    data = briefing.load_data(tmp_path / "d", analyze=False)
    top = briefing.top_entities(data["entities"], ["PERSON", "GPE"], 5)
    out = briefing.evidence_section(data, entities=top).to_html()
    assert "could not be read" in out and 'id="ev-actor-' in out  # the links still land somewhere
    (tmp_path / "d" / "sentences.parquet").unlink()
    (tmp_path / "d" / "sentences.csv").unlink()
    out = briefing.evidence_section(briefing.load_data(tmp_path / "d", analyze=False), entities=top).to_html()
    assert "re-run the analysis" in out

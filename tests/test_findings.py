"""analysis.findings on small hand-made tables (no model, no kernel)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis import briefing, findings
from analysis.findings import Finding, Findings, Tables, key_findings
from analysis.tables import frame, write_table

HOSTILE = '<img src=x onerror=alert(1)> & "quotes"'


def _articles(n: int = 40, outlets=("Daily A", "Daily B"), start="2023-01-01", days: int = 3) -> pd.DataFrame:
    """n articles, alternating outlets, one every ``days`` days from ``start``."""
    dates = pd.date_range(start, periods=n, freq=f"{days}D")
    rows = [{"doc_id": f"d{i}", "path": f"c/d{i}.txt", "title": f"Story {i}", "n_words": 300, "status": "ok",
             "reason": "", "date": dates[i].date().isoformat(), "source": outlets[i % len(outlets)] if outlets else "",
             "url": ""} for i in range(n)]
    rows.append({"doc_id": "bad", "path": "c/bad.pdf", "title": "", "n_words": 0, "status": "skipped",
                 "reason": "unsupported", "date": "", "source": "", "url": ""})
    return frame("articles", rows)


def _entities(**mentions) -> pd.DataFrame:
    rows = [{"entity": "Ada Byron", "label": "PERSON", "mentions": 120, "documents": 30},
            {"entity": "Bo Chen", "label": "PERSON", "mentions": 40, "documents": 12},
            {"entity": "Grid Agency", "label": "ORG", "mentions": 7, "documents": 3},
            {"entity": "Oslo", "label": "GPE", "mentions": 300, "documents": 35}]
    for row in rows:
        row["mentions"] = mentions.get(row["entity"].split()[0].lower(), row["mentions"])
    return frame("entities", rows)


def _quotes(counts: dict[str, int], direct_every: int = 2) -> pd.DataFrame:
    rows, qid = [], 0
    for speaker, n in counts.items():
        for k in range(n):
            rows.append({"doc_id": f"d{k % 7}", "quote_id": qid, "kind": "direct" if k % direct_every == 0 else "indirect",
                         "text": f"words {qid}", "speaker": speaker, "speaker_text": speaker, "cue": "said",
                         "start_char": 10 * qid, "end_char": 10 * qid + 8})
            qid += 1
    rows.append({"doc_id": "d1", "quote_id": qid, "kind": "direct", "text": "who said it", "speaker": "",
                 "speaker_text": "", "cue": "", "start_char": 0, "end_char": 5})
    return frame("quotes", rows)


def _cooc(weight: int = 25, documents: int = 9) -> pd.DataFrame:
    return frame("cooccurrence", [
        {"source": "Bo Chen", "target": "Ada Byron", "window": "sentence", "weight": weight, "documents": documents},
        {"source": "Ada Byron", "target": "Oslo", "window": "sentence", "weight": 3, "documents": 2},
        {"source": "Ada Byron", "target": "Oslo", "window": "article", "weight": 30, "documents": 30},
    ])


def _mentions(articles: pd.DataFrame, plan: dict[str, dict[str, int]]) -> pd.DataFrame:
    """``plan``: outlet -> {actor: mentions}, spread over that outlet's articles."""
    ok = articles[articles["status"] == "ok"]
    rows = []
    for outlet, counts in plan.items():
        docs = ok.loc[ok["source"] == outlet, "doc_id"].tolist()
        k = 0
        for actor, n in counts.items():
            for _ in range(n):
                rows.append({"doc_id": docs[k % len(docs)], "sent_id": k, "para_id": 0, "start_char": 10 * k,
                             "end_char": 10 * k + 5, "text": actor, "label": "PERSON", "entity": actor, "title": ""})
                k += 1
    return frame("mentions", rows)


def _tables(**kw) -> Tables:
    articles = kw.pop("articles", _articles())
    return Tables(articles=articles, **kw)


# --------------------------------------------------------------------------------------------
# Wording and hedges
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("n, noun, expected", [
    (1, "quote", "only 1 quote"), (3, "quote", "only 3 quotes"), (findings.THIN, "quote", "10 quotes"),
    (4497, "mention", "4,497 mentions"), (2, "person", "only 2 people")])
def test_counted_says_only_under_the_threshold(n, noun, expected):
    assert findings.counted(n, noun, "people" if noun == "person" else None) == expected


@pytest.mark.parametrize("part, whole, expected", [
    (3, 17, "3 of the 17 quotes"),            # few: counts, no percentage
    (150, 1234, "12% of the 1,234 quotes"),
    (27, 1234, "2.2% of the 1,234 quotes"),   # a small share keeps a decimal
    (0, 40, "0% of the 40 quotes")])
def test_share_is_a_count_when_it_rests_on_few(part, whole, expected):
    assert findings.share(part, whole, "quotes") == expected


def test_in_articles_hedges_thin_counts():
    assert findings.in_articles(3, 417) == "in only 3 of 417 articles"
    assert findings.in_articles(587, 840) == "in 587 of 840 articles"
    assert findings.in_articles(1, 1) == "in the corpus's one article"


def test_listed():
    assert findings.listed(["A"]) == "A"
    assert findings.listed(["A", "B"]) == "A and B"
    assert findings.listed(["A", "B", "C", "D", "E"]) == "A, B, C and 2 more"


# --------------------------------------------------------------------------------------------
# Finders
# --------------------------------------------------------------------------------------------
def test_most_named_per_label_with_numbers_and_article_total():
    found = findings.most_named(_tables(entities=_entities()))
    assert [f.anchor for f in found] == ["fig-entities_top", "fig-entities_top"]
    assert found[0].text == "Ada Byron is the most named person: 120 mentions in 30 of 40 articles."
    # a thin count is hedged twice: the mentions and the articles
    assert found[1].text == "Grid Agency is the most named organisation: only 7 mentions in only 3 of 40 articles."
    assert found[0].evidence_count == 120


def test_most_named_follows_the_label_parameter_and_says_ties():
    found = findings.most_named(_tables(entities=_entities(bo=120), labels=("PERSON",)))
    assert len(found) == 1
    assert found[0].text.startswith("Ada Byron and Bo Chen are the most named persons, tied: 120 mentions")


def test_most_quoted_counts_shares_and_skips_unattributed():
    [f] = findings.most_quoted(_tables(quotes=_quotes({"Ada Byron": 30, "Bo Chen": 10})))
    assert f.anchor == "fig-speakers" and f.evidence_count == 30
    assert f.text == ("Ada Byron is quoted most: 30 quotes, 15 of them direct, in only 7 of 40 articles; "
                      "75% of the 40 quotes with a speaker.")


def test_most_quoted_thin_and_few_are_counts_not_percentages():
    [f] = findings.most_quoted(_tables(quotes=_quotes({"Ada Byron": 3, "Bo Chen": 1})))
    assert "only 3 quotes" in f.text and "3 of the 4 quotes with a speaker" in f.text and "%" not in f.text


def test_most_quoted_tie_and_focus():
    [f] = findings.most_quoted(_tables(quotes=_quotes({"Ada Byron": 12, "Bo Chen": 12})))
    assert f.text == "Ada Byron and Bo Chen are quoted most, tied: 12 quotes each."
    [f] = findings.most_quoted(_tables(quotes=_quotes({"Ada Byron": 12, "Bo Chen": 5}), focus_actors=("bo chen",)))
    assert f.text.startswith("Of the focus actors, Bo Chen is quoted most: only 5 quotes")


def test_strongest_pair_in_the_window():
    [f] = findings.strongest_pair(_tables(cooccurrence=_cooc()))
    assert f.anchor == "tab-pairs" and f.evidence_count == 25
    assert f.text == "Ada Byron and Bo Chen are the pair named together most often: in 25 sentences across 9 articles."
    [f] = findings.strongest_pair(_tables(cooccurrence=_cooc(), window="article"))
    assert f.text == "Ada Byron and Oslo are the pair named together most often: in 30 articles."
    [f] = findings.strongest_pair(_tables(cooccurrence=_cooc(weight=4, documents=1)))
    assert "in only 4 sentences across 1 article." in f.text
    [f] = findings.strongest_pair(_tables(cooccurrence=_cooc(), focus_actors=("Oslo",)))
    assert f.text == ("Of the pairs with a focus actor, Ada Byron and Oslo are the pair named together most often: "
                      "in only 3 sentences across 2 articles.")


def test_outlet_difference_names_the_actor_and_both_outlets():
    articles = _articles()
    mentions = _mentions(articles, {"Daily A": {"Ada Byron": 60, "Bo Chen": 40},
                                    "Daily B": {"Ada Byron": 20, "Bo Chen": 80}})
    [f] = findings.outlet_difference(_tables(articles=articles, mentions=mentions))
    assert f.anchor == "fig-actor_share_by_outlet"
    # both actors swing by 40 points: the first in rank (most mentioned) is named
    assert f.text == ("Outlets differ most on Bo Chen: 80% of the actor mentions in Daily B (80 of 100), "
                      "against 40% in Daily A (40 of 100).")
    assert f.evidence_count == 120


def test_outlet_difference_leaves_out_tiny_outlets_and_hedges_when_it_keeps_them():
    articles = _articles(n=44, outlets=("Daily A", "Daily B", "Daily A", "Daily B", "Daily A", "Daily B",
                                        "Daily A", "Daily B", "Daily A", "Daily B", "Tiny"))
    mentions = _mentions(articles, {"Daily A": {"Ada Byron": 50, "Bo Chen": 50},
                                    "Daily B": {"Ada Byron": 45, "Bo Chen": 55},
                                    "Tiny": {"Ada Byron": 1, "Bo Chen": 9}})
    [f] = findings.outlet_difference(_tables(articles=articles, mentions=mentions))
    assert "Tiny" not in f.text  # 4 articles: left out while two outlets have 20 or more
    small = _articles(n=10)
    mentions = _mentions(small, {"Daily A": {"Ada Byron": 9, "Bo Chen": 1}, "Daily B": {"Ada Byron": 2, "Bo Chen": 8}})
    [f] = findings.outlet_difference(_tables(articles=small, mentions=mentions))
    # both swing by 70 points: the more named actor (Ada Byron, 11 mentions) is the one named
    assert "Ada Byron: 9 of the 10 actor mentions in Daily A, against 2 of the 10 in Daily B." in f.text
    assert "%" not in f.text and f.text.endswith("Daily A has only 5 articles; Daily B has only 5 articles.")


def test_no_outlet_or_date_finding_without_outlets_or_dates():
    articles = _articles(outlets=("One Outlet",))
    mentions = _mentions(articles, {"One Outlet": {"Ada Byron": 5}})
    assert findings.outlet_difference(_tables(articles=articles, mentions=mentions)) == []
    undated = _articles().assign(date="")
    assert findings.busiest_period(_tables(articles=undated)) == []


def test_busiest_period_compares_whole_months_only():
    # every 3 days from 2023-01-01: 40 articles to 2023-04-28; April is partial (ends the 28th)
    [f] = findings.busiest_period(_tables())
    assert f.anchor == "fig-coverage_month"
    assert f.text == ("Coverage peaks in January 2023 with 11 articles; the quietest month is "
                      "February 2023 with 9 articles (of the 3 months the corpus covers whole).")


def test_busiest_period_even_and_weekly():
    daily = _articles(n=28, days=1, start="2023-05-01")  # a Monday: four whole weeks of 7
    [f] = findings.busiest_period(_tables(articles=daily, period="week"))
    assert f.anchor == "fig-coverage_week"
    assert f.text == "Coverage is even over time: only 7 articles in each of 4 weeks."


def test_gender_balance_is_skipped_when_switched_off_or_without_actors():
    t = _tables(quotes=_quotes({"Ada Byron": 3}), mentions=_mentions(_articles(), {"Daily A": {"Ada Byron": 1}}))
    assert findings.gender_balance(t) == []  # no actors table
    assert findings.gender_balance(Tables(**{**t.__dict__, "actors": pd.DataFrame(), "source_balance": False})) == []


def test_gender_balance_sentence(monkeypatch):
    from analysis import gender

    people = pd.DataFrame({"actor": ["Ada Byron", "Bo Chen", "Cy Dee"], "gender": ["female", "male", "unknown"]})
    many = pd.DataFrame({"actor": [f"P{i}" for i in range(40)], "gender": ["female"] * 10 + ["male"] * 30})
    monkeypatch.setattr(gender, "person_gender", lambda quotes, mentions, actors: many)
    [f] = findings.gender_balance(_tables(quotes=_quotes({f"P{i}": 1 + (i < 10) for i in range(40)}),
                                          mentions=pd.DataFrame(), actors=pd.DataFrame()))
    assert f.text == ("Of the 40 people quoted, 25% are women and 75% men; "
                      "women have 40% of the 50 quotes of these people.")
    men = pd.DataFrame({"actor": ["Bo Chen", "Cy Dee"], "gender": ["male", "male"]})
    monkeypatch.setattr(gender, "person_gender", lambda quotes, mentions, actors: men)
    [f] = findings.gender_balance(_tables(quotes=_quotes({"Bo Chen": 4, "Cy Dee": 2}), mentions=pd.DataFrame(),
                                          actors=pd.DataFrame()))
    assert f.text == "Of the only 2 people quoted: 2 men; no woman is quoted."
    monkeypatch.setattr(gender, "person_gender", lambda quotes, mentions, actors: people)
    quotes = _quotes({"Ada Byron": 2, "Bo Chen": 6, "Cy Dee": 1})
    t = _tables(quotes=quotes, mentions=pd.DataFrame(), actors=pd.DataFrame())
    [f] = findings.gender_balance(t)
    assert f.anchor == "fig-source_balance" and f.evidence_count == 3
    assert f.text == ("Of the only 3 people quoted: 1 woman, 1 man and 1 of unknown gender; "
                      "women have 2 of the 9 quotes of these people.")


# --------------------------------------------------------------------------------------------
# The list and the block
# --------------------------------------------------------------------------------------------
def test_key_findings_in_order_capped_and_never_invented():
    articles = _articles()
    t = _tables(articles=articles, entities=_entities(), quotes=_quotes({"Ada Byron": 30}), cooccurrence=_cooc(),
                mentions=_mentions(articles, {"Daily A": {"Ada Byron": 60, "Bo Chen": 40},
                                              "Daily B": {"Ada Byron": 20, "Bo Chen": 80}}))
    found = key_findings(t)
    assert [f.anchor for f in found] == ["fig-entities_top", "fig-entities_top", "fig-speakers", "tab-pairs",
                                         "fig-actor_share_by_outlet", "fig-coverage_month"]
    assert all(re.search(r"\d", f.text) for f in found)  # nothing claimed without its number
    assert len(key_findings(t, limit=3)) == 3
    # empty tables: no sentence at all rather than a made-up one
    bare = Tables(articles=_articles(n=1, outlets=()), entities=frame("entities", []), quotes=frame("quotes", []),
                  cooccurrence=frame("cooccurrence", []), mentions=frame("mentions", []))
    assert key_findings(bare) == []


def test_findings_block_links_each_sentence_and_escapes():
    block = Findings((Finding(f"{HOSTILE} is quoted most: 3 quotes.", "fig-speakers", 3),
                      Finding("A and B: 4 sentences.", "tab-pairs", 4)))
    page = block.to_html()
    assert page.startswith('<ol class="nb-findings"><li>') and page.count("<li>") == 2
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;" in page
    assert re.findall(r'<a [^>]*href="([^"]+)"', page) == ["#fig-speakers", "#tab-pairs"]
    assert ">figure</a>" in page and ">table</a>" in page and "<script" not in page
    assert str(block).startswith("1. <img")


# --------------------------------------------------------------------------------------------
# The section
# --------------------------------------------------------------------------------------------
def test_findings_section_on_sample_and_hostile_tables(tmp_path):
    from tests.test_briefing import HOSTILE_SPEAKER, sample_tables

    for hostile in (False, True):
        data_dir = tmp_path / f"data{hostile}"
        for name, df in sample_tables(hostile).items():
            df = df.copy()
            if hostile and name == "entities":
                df.loc[0, "entity"] = HOSTILE_SPEAKER
            write_table(df, data_dir, name)
        section = briefing.findings_section(briefing.load_data(data_dir), ["PERSON", "GPE"], "sentence")
        page = section.to_html()
        assert 'class="nb-findings"' in page and 'href="#fig-entities_top"' in page and 'href="#tab-pairs"' in page
        assert "<img" not in page and "onerror=alert(1)&gt;" in page if hostile else "Vladimir Putin" in page


def test_findings_section_says_so_when_there_is_nothing(tmp_path):
    for name in ("articles", "entities", "quotes", "cooccurrence", "mentions"):
        write_table(frame(name, []), tmp_path, name)
    section = briefing.findings_section(briefing.load_data(tmp_path), ["PERSON"], "sentence")
    assert "No finding" in section.to_html()

"""analysis.comparisons on small hand-made tables (no model)."""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.figure import Figure

from analysis import comparisons as cmp
from analysis.tables import frame


def _article(doc_id, date="", source="", status="ok"):
    return {"doc_id": doc_id, "path": f"c/{doc_id}.txt", "title": doc_id, "n_words": 100, "status": status,
            "reason": "", "date": date, "source": source, "url": ""}


def _mention(doc_id, start, end, entity, label="PERSON"):
    return {"doc_id": doc_id, "sent_id": 0, "para_id": 0, "start_char": start, "end_char": end, "text": entity,
            "label": label, "entity": entity, "title": ""}


def _quote(doc_id, quote_id, start, end, speaker, speakers="", kind="direct"):
    return {"doc_id": doc_id, "quote_id": quote_id, "group_id": quote_id, "kind": kind, "text": "…", "quoted": "…",
            "speaker": speaker, "speakers": speakers or speaker, "speaker_text": speaker, "speaker_start": -1,
            "speaker_end": -1, "cue": "said", "start_char": start, "end_char": end, "sieve": "cue"}


@pytest.fixture
def articles():
    return frame("articles", [
        _article("a1", "2016-01-04", "Daily"),
        _article("a2", "2016-01-20", "Daily"),
        _article("a3", "2016-03-02", "Weekly"),
        _article("a4", "not a date", "Weekly"),
        _article("a5", "", "Weekly"),
        _article("a6", "2016-03-05T10:00:00-05:00", ""),
        _article("bad", "2016-02-01", "Daily", status="skipped"),
    ])


# --- availability ------------------------------------------------------------------------------
def test_has_outlets_and_dates_count_what_is_missing(articles):
    outlets, dates = cmp.has_outlets(articles), cmp.has_dates(articles)
    assert outlets and dates
    assert str(outlets) == "1 of 6 articles name no outlet and are left out."
    assert str(dates) == "2 of 6 articles have no readable date and are left out."


@pytest.mark.parametrize("rows, expected", [
    ([], "Outlets not compared: the articles name no outlet."),
    ([_article("a", source="BBC"), _article("b", source=" BBC ")], "Outlets not compared: the articles name one outlet (BBC)."),
    ([_article("a"), _article("b", source="BBC", status="skipped"), _article("c", source="ITV", status="skipped")],
     "Outlets not compared: the articles name no outlet."),
])
def test_no_outlets_is_one_line(rows, expected):
    answer = cmp.has_outlets(frame("articles", rows))
    assert not answer and str(answer) == expected


@pytest.mark.parametrize("dates, expected", [
    (["", "soon", None], "Periods not compared: the articles carry no readable date."),
    (["2016-01-01", "2016-01-01T09:00"], "Periods not compared: the articles carry a single date."),
])
def test_no_dates_is_one_line(dates, expected):
    answer = cmp.has_dates(pd.DataFrame({"doc_id": ["a", "b", "c"][: len(dates)], "date": dates}))
    assert not answer and str(answer) == expected


def test_tables_without_source_or_date_columns():
    bare = pd.DataFrame({"doc_id": [1, 2], "title": ["x", "y"]})  # BBC-style ids read back as numbers
    assert not cmp.has_outlets(bare) and not cmp.has_dates(bare)
    assert cmp.coverage_over_time(bare).empty
    assert list(cmp.coverage_over_time(bare).columns) == cmp.COVERAGE_COLUMNS


# --- coverage over time --------------------------------------------------------------------------
def test_coverage_by_month_fills_empty_months(articles):
    cov = cmp.coverage_over_time(articles, "month")
    assert list(cov.columns) == cmp.COVERAGE_COLUMNS
    table = cov.pivot(index="period", columns="outlet", values="articles")
    assert list(table.index.strftime("%Y-%m")) == ["2016-01", "2016-02", "2016-03"]
    assert table["Daily"].tolist() == [2, 0, 0]  # the skipped article's February is not counted
    assert table["Weekly"].tolist() == [0, 0, 1]  # undated ones left out; a6 has no outlet


def test_coverage_by_week_starts_on_monday(articles):
    cov = cmp.coverage_over_time(articles, "week", by_outlet=False)
    assert set(cov["outlet"]) == {cmp.ALL_OUTLETS}
    assert cov["period"].iloc[0] == pd.Timestamp("2016-01-04")  # a Monday
    assert (cov["period"].dt.day_of_week == 0).all()
    assert cov["articles"].sum() == 4  # a1, a2, a3 and a6 (time zone read, outlet not needed)
    assert len(cov) == 9  # 4 Jan to 29 Feb: every week, empty ones as 0


def test_coverage_without_outlets_counts_all():
    arts = frame("articles", [_article("a", "2016-01-01"), _article("b", "2016-02-01")])
    cov = cmp.coverage_over_time(arts)
    assert cov["outlet"].tolist() == [cmp.ALL_OUTLETS] * 2 and cov["articles"].tolist() == [1, 1]


def test_unknown_period_names_the_choices(articles):
    with pytest.raises(ValueError, match="choose from month, week"):
        cmp.coverage_over_time(articles, "fortnight")


# --- actors and speakers by outlet -----------------------------------------------------------------
@pytest.fixture
def mentions():
    return frame("mentions", [
        _mention("a1", 0, 5, "Ann Lee"), _mention("a1", 10, 15, "Ann Lee"), _mention("a1", 20, 25, "Bob Roy"),
        _mention("a1", 30, 35, "Acme", "ORG"), _mention("a1", 40, 45, "Monday", "DATE"),
        _mention("a2", 0, 5, "Bob Roy"),
        _mention("a3", 0, 5, "Bob Roy"), _mention("a3", 8, 12, "Cy Dee"), _mention("a3", 50, 55, "Ann Lee"),
        _mention("a6", 0, 5, "Ann Lee"),  # no outlet: left out of the outlet tables
    ])


@pytest.fixture
def actors():
    return pd.DataFrame({"actor": ["Ann Lee", "Bob Roy", "Cy Dee", "Acme"],
                         "label": ["PERSON", "PERSON", "PERSON", "ORG"]})


@pytest.fixture
def quotes():
    return frame("quotes", [
        _quote("a1", 0, 0, 36, "Ann Lee"),       # names Ann (herself), Bob, Acme
        _quote("a1", 1, 8, 26, "Ann Lee"),       # names Ann, Bob again
        _quote("a1", 2, 60, 70, ""),             # unattributed
        _quote("a3", 0, 0, 13, "Bob Roy", "Bob Roy; Cy Dee"),  # joint: names both, and Bob names Cy
        _quote("a3", 1, 40, 56, "Cy Dee"),       # Ann at 50..55 inside
        _quote("a3", 2, 49, 54, "Cy Dee"),       # Ann's mention ends after the quote: not inside
    ])


def test_actor_share_by_outlet(mentions, articles, actors, quotes):
    share = cmp.actor_share_by_outlet(mentions, articles, actors, top_n=2, quotes=quotes)
    assert list(share.columns) == cmp.SHARE_COLUMNS
    # corpus ranking (a6 has no outlet): Ann 3, Bob 3 -> ties by name
    assert share[share["outlet"] == "Daily"]["actor"].tolist() == ["Ann Lee", "Bob Roy"]
    daily = share[share["outlet"] == "Daily"].set_index("actor")
    assert daily.loc["Ann Lee", "mentions"] == 2 and daily.loc["Ann Lee", "mention_share"] == pytest.approx(2 / 5)
    assert daily.loc["Bob Roy", "mention_share"] == pytest.approx(2 / 5)  # a1's Bob and a2's; DATE not an actor
    assert daily.loc["Ann Lee", "quote_share"] == pytest.approx(1.0)  # the unattributed quote is not counted
    weekly = share[share["outlet"] == "Weekly"].set_index("actor")
    assert weekly.loc["Bob Roy", "quotes"] == 1 and weekly.loc["Bob Roy", "quote_share"] == pytest.approx(1 / 4)


def test_actor_share_without_quotes_or_actors_table(mentions, articles):
    share = cmp.actor_share_by_outlet(mentions, articles, None, top_n=None)
    assert set(share["actor"]) == {"Ann Lee", "Bob Roy", "Cy Dee", "Acme"}
    assert (share["quotes"] == 0).all()
    assert share.groupby("outlet")["mention_share"].sum().round(6).eq(1.0).all()


def test_quoted_by_outlet_counts_joint_quotes_for_each(quotes, articles):
    quoted = cmp.quoted_by_outlet(quotes, articles, top_n=5)
    assert list(quoted.columns) == cmp.QUOTED_COLUMNS
    weekly = quoted[quoted["outlet"] == "Weekly"]
    assert weekly[["speaker", "quotes"]].values.tolist() == [["Cy Dee", 3], ["Bob Roy", 1]]
    assert weekly["share"].tolist() == pytest.approx([3 / 4, 1 / 4])
    assert quoted[quoted["outlet"] == "Daily"]["rank"].tolist() == [1]


def test_old_quotes_table_falls_back_to_speaker(quotes, articles):
    old = quotes.drop(columns=["group_id", "speakers", "speaker_start", "speaker_end", "quoted"])
    quoted = cmp.quoted_by_outlet(old, articles)
    # without `speakers`, the joint quote counts for its first speaker only
    weekly = quoted[quoted["outlet"] == "Weekly"]
    assert weekly[["speaker", "quotes"]].values.tolist() == [["Cy Dee", 2], ["Bob Roy", 1]]
    assert ("Cy Dee", "Bob Roy") not in set(zip(*cmp.speaks_about(old, frame("mentions", [
        _mention("a3", 0, 5, "Bob Roy")]))[["speaker", "actor"]].T.values))


def test_empty_tables_give_empty_frames(articles):
    no_quotes, no_mentions = frame("quotes"), frame("mentions")
    assert list(cmp.quoted_by_outlet(no_quotes, articles).columns) == cmp.QUOTED_COLUMNS
    assert list(cmp.actor_share_by_outlet(no_mentions, articles).columns) == cmp.SHARE_COLUMNS
    assert list(cmp.speaks_about(no_quotes, no_mentions).columns) == cmp.SPEAKS_ABOUT_COLUMNS


# --- who speaks about whom ---------------------------------------------------------------------------
def test_speaks_about(quotes, mentions):
    edges = cmp.speaks_about(quotes, mentions)
    assert list(edges.columns) == cmp.SPEAKS_ABOUT_COLUMNS
    got = {(s, a): (q, d) for s, a, q, d in edges.itertuples(index=False)}
    assert got == {
        ("Ann Lee", "Bob Roy"): (2, 1),   # two quotes, one article; her own name is no edge
        ("Ann Lee", "Acme"): (1, 1),
        ("Bob Roy", "Cy Dee"): (1, 1),    # the joint quote counts for each speaker ...
        ("Cy Dee", "Bob Roy"): (1, 1),    # ... and neither names himself
        ("Cy Dee", "Ann Lee"): (1, 1),    # a3 quote 1; quote 2 ends before the mention does
    }
    assert edges.iloc[0][["speaker", "actor"]].tolist() == ["Ann Lee", "Bob Roy"]


def test_speaks_about_labels_and_top_n(quotes, mentions):
    people = cmp.speaks_about(quotes, mentions, labels=["PERSON"])
    assert "Acme" not in set(people["actor"]) and len(people) == 4
    assert len(cmp.speaks_about(quotes, mentions, top_n=2)) == 2


def test_speaks_about_needs_the_same_article(mentions):
    elsewhere = frame("quotes", [_quote("a2", 0, 0, 30, "Ann Lee")])  # offsets of a1's mentions, in a2
    assert cmp.speaks_about(elsewhere, mentions[mentions["doc_id"] != "a2"]).empty


# --- figures -----------------------------------------------------------------------------------------
def test_figures_draw_from_their_tables(articles, mentions, actors, quotes, tmp_path):
    many = frame("articles", [_article(f"d{i}", f"2016-{1 + i % 11:02d}-03", f"Outlet {i % 7}") for i in range(77)])
    figures = [
        cmp.coverage_figure(cmp.coverage_over_time(many)),
        cmp.coverage_figure(cmp.coverage_over_time(many, "week")),
        cmp.actor_share_figure(cmp.actor_share_by_outlet(mentions, articles, actors, quotes=quotes)),
        cmp.actor_share_figure(cmp.actor_share_by_outlet(mentions, articles, actors)),
        cmp.quoted_by_outlet_figure(cmp.quoted_by_outlet(quotes, articles)),
        cmp.speaks_about_figure(cmp.speaks_about(quotes, mentions)),
    ]
    for i, fig in enumerate(figures):
        assert isinstance(fig, Figure)
        fig.savefig(tmp_path / f"{i}.png")
    assert len(figures[0].axes) == 8 and sum(ax.get_visible() for ax in figures[0].axes) == 7


def test_figures_of_nothing_are_none():
    assert cmp.coverage_figure(pd.DataFrame(columns=cmp.COVERAGE_COLUMNS)) is None
    assert cmp.actor_share_figure(pd.DataFrame(columns=cmp.SHARE_COLUMNS)) is None
    assert cmp.quoted_by_outlet_figure(pd.DataFrame(columns=cmp.QUOTED_COLUMNS)) is None
    assert cmp.speaks_about_figure(pd.DataFrame(columns=cmp.SPEAKS_ABOUT_COLUMNS)) is None


def test_period_labels_name_each_month_once():
    weeks = pd.date_range("2015-12-07", periods=6, freq="W-MON")
    assert cmp._period_labels(list(weeks)) == ["Dec\n2015", "", "", "", "Jan\n2016", ""]

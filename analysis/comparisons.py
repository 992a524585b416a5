"""Outlets and periods compared, and who speaks about whom.

Pure functions over the analysis tables (pandas DataFrames as ``newsbrief analyze`` writes
them); each table function has a figure function that takes the DataFrame it returned, so a
briefing can show the table beside the figure.

- ``has_outlets`` / ``has_dates``: can the corpus be compared by outlet or over time? A falsy
  answer carries the one line to print instead of the section.
- ``coverage_over_time``: articles per month (or week) per outlet, empty periods as 0.
- ``actor_share_by_outlet``: each outlet's share of actor mentions, and of quotes, per top actor.
- ``quoted_by_outlet``: who each outlet quotes most.
- ``speaks_about``: speaker -> actor named inside the speaker's quotes, a directed network.

Quotes are counted as rows of the quotes table, like the actors table and the speaker ranking
do; a joint quote (``speakers`` "X; Y") counts for each of its speakers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import pandas as pd

from analysis.cooccurrence import DEFAULT_ACTOR_LABELS
from analysis.quotes.records import SPEAKERS_SEPARATOR

# Period name -> the pandas period frequency it counts by (weeks run Monday to Sunday).
PERIODS = {"month": "M", "week": "W-SUN"}

COVERAGE_COLUMNS = ["period", "outlet", "articles"]
SHARE_COLUMNS = ["outlet", "rank", "actor", "mentions", "mention_share", "quotes", "quote_share"]
QUOTED_COLUMNS = ["outlet", "rank", "speaker", "quotes", "share", "articles"]
SPEAKS_ABOUT_COLUMNS = ["speaker", "actor", "quotes", "articles"]
ALL_OUTLETS = "all outlets"


@dataclass(frozen=True)
class Availability:
    """Whether a comparison can be made, and one line saying why not (or what it leaves out).

    Truthy when the comparison can be made; ``str()`` is the line to print.
    """

    ok: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.ok

    def __str__(self) -> str:
        return self.reason


# --------------------------------------------------------------------------------------------
# Outlets and dates of the articles
# --------------------------------------------------------------------------------------------
def analysed_articles(articles: pd.DataFrame) -> pd.DataFrame:
    """The articles that were analysed (skipped inputs left out), ``doc_id`` as text."""
    ok = articles
    if "status" in articles:
        ok = articles[articles["status"].fillna("ok").astype(str) != "skipped"]
    return ok.assign(doc_id=ok["doc_id"].astype(str)) if "doc_id" in ok else ok


def article_outlets(articles: pd.DataFrame) -> pd.Series:
    """Each analysed article's outlet (``source``, stripped), indexed by doc_id; NA when none."""
    ok = analysed_articles(articles)
    if "source" not in ok:
        return pd.Series(pd.NA, index=pd.Index(ok.get("doc_id", []), name="doc_id"), dtype="object")
    names = ok["source"].astype("object").where(ok["source"].notna(), "").astype(str).str.strip()
    return pd.Series(names.where(names != "", pd.NA).to_numpy(), index=pd.Index(ok["doc_id"], name="doc_id"),
                     name="outlet", dtype="object")


def article_dates(articles: pd.DataFrame) -> pd.Series:
    """Each analysed article's date, indexed by doc_id; NaT when missing or unreadable.

    Dates in any common format are read; ones with a time zone are taken in UTC.
    """
    ok = analysed_articles(articles)
    index = pd.Index(ok.get("doc_id", []), name="doc_id")
    if "date" not in ok:
        return pd.Series(pd.NaT, index=index, dtype="datetime64[ns]", name="date")
    raw = ok["date"].astype("object").where(ok["date"].notna(), "").astype(str).str.strip()
    parsed = pd.to_datetime(raw.where(raw != ""), errors="coerce", utc=True, format="mixed")
    return pd.Series(parsed.dt.tz_convert(None).to_numpy(), index=index, name="date")


def has_outlets(articles: pd.DataFrame) -> Availability:
    """Can the corpus be compared by outlet? Needs two outlets or more in ``articles.source``."""
    outlets = article_outlets(articles)
    named = outlets.dropna()
    if named.nunique() < 2:
        what = "no outlet" if named.empty else f"one outlet ({named.iloc[0]})"
        return Availability(False, f"Outlets not compared: the articles name {what}.")
    missing = int(outlets.isna().sum())
    note = f"{missing} of {len(outlets)} articles name no outlet and are left out." if missing else ""
    return Availability(True, note)


def has_dates(articles: pd.DataFrame) -> Availability:
    """Can the corpus be compared over time? Needs readable dates on two days or more."""
    dates = article_dates(articles)
    known = dates.dropna()
    missing = len(dates) - len(known)
    if known.dt.normalize().nunique() < 2:
        what = "no readable date" if known.empty else "a single date"
        return Availability(False, f"Periods not compared: the articles carry {what}.")
    note = f"{missing} of {len(dates)} articles have no readable date and are left out." if missing else ""
    return Availability(True, note)


def _period_freq(period: str) -> str:
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}; choose from {', '.join(PERIODS)}")
    return PERIODS[period]


def coverage_over_time(articles: pd.DataFrame, period: str = "month", by_outlet: bool = True) -> pd.DataFrame:
    """Articles per period (``"month"`` or ``"week"``) and outlet, with empty periods as 0.

    ``period`` is the first day of the period. Undated articles are left out (``has_dates``
    counts them), and so are articles without an outlet when ``by_outlet``; without it, or when
    the corpus names no outlet, every article counts under ``"all outlets"``.
    """
    freq = _period_freq(period)
    dated = pd.DataFrame({"date": article_dates(articles)})
    dated["outlet"] = article_outlets(articles).reindex(dated.index) if by_outlet else ALL_OUTLETS
    if by_outlet and dated["outlet"].isna().all():
        dated["outlet"] = ALL_OUTLETS
    dated = dated.dropna()
    if dated.empty:
        return pd.DataFrame(columns=COVERAGE_COLUMNS)
    dated["period"] = dated["date"].dt.to_period(freq)
    counts = dated.groupby(["outlet", "period"]).size()
    periods = pd.period_range(dated["period"].min(), dated["period"].max(), freq=freq)
    outlets = sorted(dated["outlet"].unique())
    full = pd.MultiIndex.from_product([outlets, periods], names=["outlet", "period"])
    out = counts.reindex(full, fill_value=0).rename("articles").reset_index()
    out["period"] = out["period"].dt.start_time
    return out[COVERAGE_COLUMNS].astype({"articles": "int64"})


# --------------------------------------------------------------------------------------------
# Actors and speakers by outlet
# --------------------------------------------------------------------------------------------
def quote_speakers(quotes: pd.DataFrame) -> pd.DataFrame:
    """One row per (quote, speaker): a joint quote counts for each name in ``speakers``
    (``speaker`` where that column is absent or empty); quotes without a speaker are left out."""
    speaker = quotes["speaker"].astype("object").where(quotes["speaker"].notna(), "").astype(str)
    named = speaker
    if "speakers" in quotes:
        named = quotes["speakers"].astype("object").where(quotes["speakers"].notna(), "").astype(str)
        named = named.where(named != "", speaker)
    out = quotes.assign(doc_id=quotes["doc_id"].astype(str), speaker=named.str.split(SPEAKERS_SEPARATOR, regex=False))
    out = out.explode("speaker")
    out["speaker"] = out["speaker"].astype("object").fillna("").astype(str).str.strip()
    out = out[out["speaker"] != ""]
    if "quote_id" in out:  # a name listed twice in one quote's speakers counts once
        out = out.drop_duplicates(["doc_id", "quote_id", "speaker"])
    return out.reset_index(drop=True)


def _with_outlet(rows: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    outlets = article_outlets(articles)
    rows = rows.assign(outlet=rows["doc_id"].astype(str).map(outlets))
    return rows[rows["outlet"].notna()]


def actor_mentions(mentions: pd.DataFrame, actors: pd.DataFrame | None = None,
                   labels: Sequence[str] = DEFAULT_ACTOR_LABELS) -> pd.DataFrame:
    """The mentions that name an actor: those whose (entity, label) is in the actors table,
    or, without one, whose label is one of ``labels``."""
    named = mentions[mentions["entity"].notna() & (mentions["entity"].astype(str) != "")]
    if actors is None or actors.empty:
        return named[named["label"].isin(list(labels))]
    keys = pd.MultiIndex.from_frame(actors[["actor", "label"]].astype(str))
    inside = pd.MultiIndex.from_frame(named[["entity", "label"]].astype(str)).isin(keys)
    return named[inside]


def _top_mentioned(rows: pd.DataFrame, top_n: int | None) -> list[str]:
    counts = rows.groupby("entity").size().rename("n").reset_index()
    ranked = counts.sort_values(["n", "entity"], ascending=[False, True], kind="stable")["entity"].tolist()
    return ranked[:top_n] if top_n is not None else ranked


def actor_share_by_outlet(mentions: pd.DataFrame, articles: pd.DataFrame, actors: pd.DataFrame | None = None,
                          top_n: int | None = 10, quotes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per outlet and top actor: the actor's mentions and their share of the outlet's actor
    mentions, and (given ``quotes``) the actor's quotes and their share of the outlet's
    attributed quotes.

    The top actors are the ``top_n`` most mentioned in the corpus (the same for every outlet, so
    outlets can be compared); ``rank`` is their corpus rank. Shares are fractions (0 to 1).
    """
    named = _with_outlet(actor_mentions(mentions, actors), articles)
    if named.empty:
        return pd.DataFrame(columns=SHARE_COLUMNS)
    top = _top_mentioned(named, top_n)
    outlets = sorted(named["outlet"].unique())
    grid = pd.MultiIndex.from_product([outlets, top], names=["outlet", "actor"])
    counts = named.groupby(["outlet", "entity"]).size().rename_axis(["outlet", "actor"])
    out = pd.DataFrame({"mentions": counts.reindex(grid, fill_value=0)})
    out["mention_share"] = out["mentions"] / named.groupby("outlet").size().reindex(out.index.get_level_values(0)).to_numpy()
    out["quotes"] = 0
    out["quote_share"] = 0.0
    if quotes is not None:
        said = _with_outlet(quote_speakers(quotes), articles)
        out["quotes"] = said.groupby(["outlet", "speaker"]).size().rename_axis(["outlet", "actor"]).reindex(grid, fill_value=0)
        totals = said.groupby("outlet").size().reindex(out.index.get_level_values(0)).to_numpy()
        out["quote_share"] = (out["quotes"] / totals).fillna(0.0)
    out = out.reset_index()
    out["rank"] = out["actor"].map({a: i + 1 for i, a in enumerate(top)})
    return out[SHARE_COLUMNS].astype({"mentions": "int64", "quotes": "int64", "rank": "int64"})


def quoted_by_outlet(quotes: pd.DataFrame, articles: pd.DataFrame, top_n: int | None = 10) -> pd.DataFrame:
    """Who each outlet quotes: its ``top_n`` speakers, their quotes, share of the outlet's
    attributed quotes (0 to 1) and the articles they are quoted in."""
    said = _with_outlet(quote_speakers(quotes), articles)
    if said.empty:
        return pd.DataFrame(columns=QUOTED_COLUMNS)
    out = said.groupby(["outlet", "speaker"]).agg(quotes=("quote_id", "size"), articles=("doc_id", "nunique")).reset_index()
    out["share"] = out["quotes"] / out["outlet"].map(said.groupby("outlet").size())
    out = out.sort_values(["outlet", "quotes", "articles", "speaker"], ascending=[True, False, False, True], kind="stable")
    if top_n is not None:
        out = out.groupby("outlet", sort=False).head(top_n)
    out["rank"] = out.groupby("outlet").cumcount() + 1
    return out[QUOTED_COLUMNS].reset_index(drop=True).astype({"quotes": "int64", "articles": "int64", "rank": "int64"})


# --------------------------------------------------------------------------------------------
# Who speaks about whom
# --------------------------------------------------------------------------------------------
_SPEAKS_ABOUT_SQL = """
    SELECT speaker, actor, count(*)::BIGINT AS quotes, count(DISTINCT doc_id)::BIGINT AS articles
    FROM (
        SELECT DISTINCT q.doc_id, q.quote_id, q.speaker, m.entity AS actor
        FROM said q JOIN named m
          ON m.doc_id = q.doc_id AND m.start_char >= q.start_char AND m.end_char <= q.end_char
        WHERE m.entity <> q.speaker
    )
    GROUP BY speaker, actor
    ORDER BY quotes DESC, articles DESC, speaker, actor
"""


def speaks_about(quotes: pd.DataFrame, mentions: pd.DataFrame, top_n: int | None = None,
                 labels: Sequence[str] = DEFAULT_ACTOR_LABELS) -> pd.DataFrame:
    """Directed edges speaker -> actor named inside the speaker's quotes.

    An actor is named inside a quote when one of its mentions (of ``labels``) lies within the
    quote's [start_char, end_char) in the same article. ``quotes`` counts the quotes naming the
    actor at least once, ``articles`` the articles they are in. A joint quote counts for each of
    its speakers; a speaker naming himself is no edge. The ``top_n`` edges with most quotes.
    """
    import duckdb

    said = quote_speakers(quotes)[["doc_id", "quote_id", "speaker", "start_char", "end_char"]]
    named = mentions[mentions["label"].isin(list(labels)) & mentions["entity"].notna()]
    named = named.assign(doc_id=named["doc_id"].astype(str), entity=named["entity"].astype(str))
    named = named[named["entity"] != ""][["doc_id", "start_char", "end_char", "entity"]]
    if said.empty or named.empty:
        return pd.DataFrame(columns=SPEAKS_ABOUT_COLUMNS)
    con = duckdb.connect()
    try:
        con.register("said", said)
        con.register("named", named)
        edges = con.sql(_SPEAKS_ABOUT_SQL).df()
    finally:
        con.close()
    if top_n is not None:
        edges = edges.head(top_n)
    return edges[SPEAKS_ABOUT_COLUMNS].astype({"quotes": "int64", "articles": "int64"}).reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Figures: each takes the DataFrame its table shows; None when there is nothing to draw
# --------------------------------------------------------------------------------------------
FIGURE_WIDTH = 7.2  # inches: the briefing's text width


def chart_label(text, width: int) -> str:
    """A chart label: at most ``width`` characters, ``$`` escaped so matplotlib shows no mathtext."""
    text = str(text)
    text = text if len(text) <= width else text[: width - 1] + "…"
    return text.replace("$", r"\$")


def _facets(n_panels: int, ncols: int, panel_height: float, *, sharex=True, sharey=True, spare: int = 0):
    """A figure of ``n_panels`` small multiples (plus ``spare`` empty slots kept for a legend);
    the axes of empty slots are hidden, and the lowest axes of each column keep their x labels."""
    from matplotlib.figure import Figure

    ncols = max(1, min(ncols, n_panels + spare))
    nrows = -(-(n_panels + spare) // ncols)
    fig = Figure(figsize=(FIGURE_WIDTH, 0.5 + nrows * panel_height), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False, sharex=sharex, sharey=sharey).ravel()
    for i, ax in enumerate(axes):
        if i >= n_panels:
            ax.set_visible(False)
        elif i + ncols >= n_panels:  # nothing drawn below it
            ax.tick_params(labelbottom=True)
    return fig, axes[:n_panels], axes[n_panels:]


def _period_labels(periods: Sequence[pd.Timestamp]) -> list[str]:
    """Tick labels for consecutive periods: a month's name at each month's first period, with the
    year at the first and at each January; weeks in between stay unlabelled."""
    labels, last = [], None
    for p in periods:
        month = (p.year, p.month)
        if month == last:
            labels.append("")
            continue
        labels.append(p.strftime("%b") + (f"\n{p.year}" if last is None or p.month == 1 else ""))
        last = month
    return labels


def coverage_figure(coverage: pd.DataFrame):
    """Bars of articles per period, one panel per outlet, on shared axes (``coverage_over_time``)."""
    import seaborn as sns
    from matplotlib.ticker import MaxNLocator

    if coverage.empty:
        return None
    periods = sorted(coverage["period"].unique())
    outlets = list(dict.fromkeys(coverage["outlet"]))
    fig, axes, _ = _facets(len(outlets), 2 if len(outlets) > 3 else 1, 1.35)
    ticks = _period_labels([pd.Timestamp(p) for p in periods])
    colors = sns.color_palette("deep", len(outlets))
    for ax, outlet, color in zip(axes, outlets, colors):
        part = coverage[coverage["outlet"] == outlet].set_index("period").reindex(periods, fill_value=0)
        ax.bar(range(len(periods)), part["articles"].to_numpy(), color=color, width=0.8)
        ax.set_title(f"{chart_label(outlet, 30)} ({int(part['articles'].sum()):,})", fontsize=9)
        ax.set_ylabel("articles", fontsize=8)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))
    axes[0].set_xticks(range(len(periods)), ticks)
    for ax in axes:
        ax.tick_params(axis="x", length=0, labelsize=7)
        ax.tick_params(axis="y", labelsize=7)
    return fig


def actor_share_figure(shares: pd.DataFrame):
    """Each outlet's share of actor mentions and of quotes for the top actors, one panel per
    outlet, actors in the same order in every panel (``actor_share_by_outlet``)."""
    import seaborn as sns
    from matplotlib.ticker import MaxNLocator, PercentFormatter

    if shares.empty:
        return None
    outlets = list(dict.fromkeys(shares["outlet"]))
    actors = list(shares.sort_values("rank", kind="stable")["actor"].drop_duplicates())
    measures = {"mention_share": "of actor mentions", "quote_share": "of quotes"}
    if not shares["quotes"].any():
        measures.pop("quote_share")
    long = shares.melt(id_vars=["outlet", "actor"], value_vars=list(measures), var_name="measure", value_name="share")
    long["measure"] = long["measure"].map(measures)
    ncols = 4 if len(outlets) > 3 else len(outlets)
    spare = 1 if len(outlets) % ncols else 0
    fig, axes, free = _facets(len(outlets), ncols, 0.7 + 0.2 * len(actors) * len(measures) ** 0.5, spare=spare)
    for ax, outlet in zip(axes, outlets):
        sns.barplot(data=long[long["outlet"] == outlet], y="actor", x="share", hue="measure", order=actors,
                    hue_order=list(measures.values()), palette="deep", orient="h", ax=ax, legend=ax is axes[0])
        ax.set_title(chart_label(outlet, 24), fontsize=9)
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.xaxis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 5, 10]))
        ax.tick_params(labelsize=7)
    axes[0].set_yticks(range(len(actors)), [chart_label(a, 22) for a in actors])
    handles, labels = axes[0].get_legend_handles_labels()
    axes[0].get_legend().remove()
    fig.legend(handles, labels, loc="outside lower center", ncols=len(measures), fontsize=8, frameon=False)
    fig.suptitle("Share of each outlet's actor mentions and quotes", fontsize=10)
    return fig


def quoted_by_outlet_figure(quoted: pd.DataFrame):
    """Each outlet's most quoted speakers, by share of its quotes, one panel per outlet on a
    shared scale (``quoted_by_outlet``)."""
    import seaborn as sns
    from matplotlib.ticker import MaxNLocator, PercentFormatter

    if quoted.empty:
        return None
    outlets = list(dict.fromkeys(quoted["outlet"]))
    tallest = int(quoted.groupby("outlet").size().max())
    fig, axes, _ = _facets(len(outlets), 2 if len(outlets) > 3 else 1, 0.55 + 0.17 * tallest, sharey=False)
    for ax, outlet, color in zip(axes, outlets, sns.color_palette("deep", len(outlets))):
        part = quoted[quoted["outlet"] == outlet].sort_values("rank")
        sns.barplot(x=part["share"].to_numpy(), y=list(range(len(part))), orient="h", color=color, ax=ax)
        ax.set_yticks(range(len(part)), [chart_label(s, 24) for s in part["speaker"]])
        for y, (share, n) in enumerate(zip(part["share"], part["quotes"])):
            ax.annotate(f"{n:,}", (share, y), xytext=(2, 0), textcoords="offset points", va="center", fontsize=6)
        ax.set_title(chart_label(outlet, 30), fontsize=9)
        ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.xaxis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 5, 10]))
        ax.tick_params(labelsize=7)
    fig.suptitle("Who each outlet quotes (share of its attributed quotes; numbers: quotes)", fontsize=10)
    return fig


def _circle_positions(nodes: Sequence[str]) -> dict[str, tuple[float, float]]:
    """Nodes on a circle, the first at the top; consecutive nodes about 0.38 of a turn apart, so
    the busiest ones (given first) are spread round the circle and their links stay long."""
    import math

    n = max(1, len(nodes))
    step = max(1, round(n * 0.382))
    while math.gcd(step, n) != 1:
        step += 1
    return {node: (math.sin(2 * math.pi * (i * step % n) / n), math.cos(2 * math.pi * (i * step % n) / n))
            for i, node in enumerate(nodes)}


def _node_legend() -> list:
    from matplotlib.lines import Line2D

    return [Line2D([], [], marker="o", ls="", color=c, label=t)
            for c, t in (("#2e5c8a", "speaker"), ("#a9c1dc", "named only"))]


def speaks_about_figure(edges: pd.DataFrame, max_edges: int = 40):
    """A directed network of ``speaks_about``: an arrow from each speaker to the actor named in
    their quotes, its width ~ quotes; nodes on a circle (busiest first), sized by quotes spoken
    and named in, dark for speakers and light for actors only named; labels outside the circle."""
    import networkx as nx
    from matplotlib.figure import Figure

    e = edges.head(max_edges)
    if e.empty:
        return None
    g = nx.DiGraph()
    g.add_weighted_edges_from(e[["speaker", "actor", "quotes"]].itertuples(index=False))
    busy = dict(g.degree(weight="weight"))
    nodes = sorted(g, key=lambda n: (-busy[n], n))
    pos = _circle_positions(nodes)
    top_busy, top_w = max(busy.values()), int(e["quotes"].max())
    sizes = [80 + 700 * busy[n] / top_busy for n in nodes]
    fig = Figure(figsize=(FIGURE_WIDTH, 5.2), layout="constrained")
    ax = fig.subplots()
    nx.draw_networkx_nodes(g, pos, nodelist=nodes, ax=ax, node_size=sizes, alpha=0.95,
                           node_color=["#2e5c8a" if g.out_degree(n) else "#a9c1dc" for n in nodes])
    nx.draw_networkx_edges(g, pos, ax=ax, nodelist=nodes, node_size=sizes, arrows=True, arrowstyle="-|>",
                           arrowsize=10, connectionstyle="arc3,rad=0.12", edge_color="#6b7b8c", alpha=0.7,
                           width=[0.5 + 3.5 * d["weight"] / top_w for *_, d in g.edges(data=True)])
    for node, size in zip(nodes, sizes):
        x, y = pos[node]
        away = size ** 0.5 / 2 + 5  # points from the node's centre to just outside its disc
        ha = "center" if abs(x) < 0.2 else ("left" if x > 0 else "right")
        ax.annotate(chart_label(node, 26), (x, y), xytext=(away * x, away * y), textcoords="offset points", ha=ha,
                    va="center", fontsize=7.5)
    ax.legend(handles=_node_legend(), loc="lower left", fontsize=7, frameon=False)
    ax.set_title(f"Who speaks about whom: the {len(e)} strongest speaker -> actor links (arrow width ~ quotes)",
                 fontsize=10)
    ax.margins(0.28, 0.1)
    ax.set_axis_off()
    return fig

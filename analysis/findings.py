"""Key findings: a few plain sentences read off the analysis tables, each linking to its figure.

Pure functions over the tables (DataFrames as ``newsbrief analyze`` writes them). Each finder in
``FINDERS`` answers one question (who is named most, who is quoted most, which pair is named
together most, where outlets or periods differ most, how the quoted people split by gender)
with zero or more ``Finding`` records, or with none when the tables cannot answer it: a finding
is never made up to fill the list. Every sentence carries the numbers it rests on, and the hedge
rules below say how thin numbers are worded. ``Findings`` renders the list as HTML, each
sentence linking to the block that backs it (anchors ``fig-<name>`` / ``tab-<name>``, the
briefing's anchor convention).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Callable, Sequence

import pandas as pd

# --------------------------------------------------------------------------------------------
# Hedge rules (data): how thin numbers are said
# --------------------------------------------------------------------------------------------
# A count under THIN is said with "only" ("only 3 quotes"): a reader should not take it for a trend.
THIN = 10
# A share resting on fewer than FEW items is said as "N of M", never as a percentage.
FEW = 20
# Outlets with fewer articles than FEW are left out of the outlet comparison when two or more
# outlets have enough; when they are kept, the sentence says how few articles they have.
MAX_FINDINGS = 8
# What a spaCy label is called in a sentence ("the most named person").
LABEL_NOUNS = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place",
               "NORP": "group", "EVENT": "event", "PRODUCT": "product", "WORK_OF_ART": "work", "LAW": "law"}
# How many labels of the entity parameter get a "most named" sentence (in the parameter's order).
NAMED_LABELS = 2
# How a gender is named with a count: (one, many).
GENDER_WORDS = {"female": ("woman", "women"), "male": ("man", "men"), "unknown": ("of unknown gender",) * 2}


@dataclass(frozen=True)
class Finding:
    """One sentence, the anchor of the figure or table that backs it, and the count it rests on."""

    text: str
    anchor: str
    evidence_count: int


@dataclass(frozen=True)
class Tables:
    """What the finders read: the analysis tables (None: not available) and the briefing's
    parameters that decide what its figures show, so a finding matches the figure it links to."""

    articles: pd.DataFrame
    entities: pd.DataFrame | None = None
    quotes: pd.DataFrame | None = None
    cooccurrence: pd.DataFrame | None = None
    mentions: pd.DataFrame | None = None
    actors: pd.DataFrame | None = None
    labels: Sequence[str] = ("PERSON", "ORG", "GPE", "NORP")
    window: str = "sentence"
    period: str = "month"
    focus_actors: Sequence[str] = ()
    outlet_actors: int = 8  # the actors the outlet-share figure shows
    source_balance: bool = True
    person_genders: pd.DataFrame | None = None  # analysis.gender.person_gender, when the caller has it


# --------------------------------------------------------------------------------------------
# Wording
# --------------------------------------------------------------------------------------------
def number(n: int) -> str:
    """``1,234``."""
    return f"{int(n):,}"


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``"1,234 quotes"``, ``"1 quote"``; a count under THIN gets "only" (``"only 3 quotes"``)."""
    word = noun if n == 1 else (plural or noun + "s")
    return f"{'only ' if n < THIN else ''}{number(n)} {word}"


def percent(part: int, whole: int) -> str:
    """``"12%"`` (one decimal under 10%, so a small share is not rounded to nothing)."""
    share = 100 * part / whole if whole else 0.0
    return f"{share:.1f}%" if 0 < share < 10 else f"{share:.0f}%"


def share(part: int, whole: int, noun: str = "") -> str:
    """``"12% of the 1,234 quotes"``; under FEW items ``"3 of the 17 quotes"`` (no percentage)."""
    of = f"of the {number(whole)}{' ' + noun if noun else ''}"
    return f"{number(part)} {of}" if whole < FEW else f"{percent(part, whole)} {of}"


def fraction(part: int, whole: int) -> str:
    """``"150 of 1,234"``."""
    return f"{number(part)} of {number(whole)}"


def in_articles(n: int, total: int) -> str:
    """``"in 164 of 2,225 articles"`` (``"in only 3 of 417 articles"`` when thin)."""
    if total == 1:
        return "in the corpus's one article"
    return f"in {'only ' if n < THIN else ''}{number(n)} of {number(total)} article{'s' if total != 1 else ''}"


def listed(names: Sequence[str], shown: int = 3) -> str:
    """``"A"``, ``"A and B"``, ``"A, B and C"``, ``"A, B, C and 2 more"``."""
    names = [str(n) for n in names]
    if len(names) > shown:
        return f"{', '.join(names[:shown])} and {len(names) - shown} more"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _tied(frame: pd.DataFrame, name: str, by: str) -> list[str]:
    """The names sharing the first row's *by* value (the frame is sorted, best first)."""
    return frame.loc[frame[by] == frame[by].iloc[0], name].astype(str).tolist()


def _period_name(start: pd.Timestamp, period: str) -> str:
    return start.strftime("%B %Y") if period == "month" else f"the week of {start.date().isoformat()}"


# --------------------------------------------------------------------------------------------
# Finders: Tables -> list of Finding (empty when the tables cannot answer)
# --------------------------------------------------------------------------------------------
def article_count(articles: pd.DataFrame) -> int:
    """Articles analysed (skipped inputs left out)."""
    from analysis.comparisons import analysed_articles

    return len(analysed_articles(articles))


def most_named(t: Tables) -> list[Finding]:
    """The most mentioned entity of each of the first NAMED_LABELS labels (the entities figure)."""
    from analysis.briefing import top_entities

    if t.entities is None or t.entities.empty:
        return []
    total = article_count(t.articles)
    top = top_entities(t.entities, list(t.labels)[:NAMED_LABELS], 2)
    out = []
    for label, part in top.groupby("label", sort=False):
        noun = LABEL_NOUNS.get(str(label), f"{label} name")
        first = part.iloc[0]
        names = _tied(part, "entity", "mentions")
        who = f"{names[0]} is the most named {noun}" if len(names) == 1 else \
            f"{listed(names)} are the most named {noun}s, tied"
        text = f"{who}: {counted(int(first['mentions']), 'mention')} {in_articles(int(first['documents']), total)}."
        out.append(Finding(text, "fig-entities_top", int(first["mentions"])))
    return out


def most_quoted(t: Tables) -> list[Finding]:
    """The speaker with most quotes (the speaker figure), with the articles and share of quotes."""
    from analysis.briefing import speaker_ranking

    if t.quotes is None or t.quotes.empty:
        return []
    ranking = speaker_ranking(t.quotes, t.focus_actors)
    if ranking.empty:
        return []
    first = ranking.iloc[0]
    n, attributed = int(first["quotes"]), int((t.quotes["speaker"].fillna("").astype(str) != "").sum())
    names = _tied(ranking, "speaker", "quotes")
    among = "Of the focus actors, " if t.focus_actors else ""
    who = f"{names[0]} is quoted most" if len(names) == 1 else f"{listed(names)} are quoted most, tied"
    if len(names) > 1:
        text = f"{among}{who}: {counted(n, 'quote')} each."
    else:
        direct = f", {number(int(first['direct']))} of them direct" if int(first["direct"]) else ""
        text = (f"{among}{who}: {counted(n, 'quote')}{direct}, {in_articles(int(first['articles']), article_count(t.articles))}"
                f"; {share(n, attributed, 'quotes with a speaker')}.")
    return [Finding(text[0].upper() + text[1:], "fig-speakers", n)]


def strongest_pair(t: Tables) -> list[Finding]:
    """The two actors named together most often in the co-occurrence window (the pairs table)."""
    from analysis.cooccurrence import strongest_pairs

    if t.cooccurrence is None or t.cooccurrence.empty:
        return []
    pairs = strongest_pairs(t.cooccurrence, t.window, 1, t.focus_actors)
    if pairs.empty:
        return []
    p = pairs.iloc[0]
    weight, docs = int(p["weight"]), int(p["documents"])
    where = (counted(weight, "article") if t.window == "article"
             else f"{counted(weight, t.window)} across {number(docs)} article{'s' if docs != 1 else ''}")
    among = "Of the pairs with a focus actor, " if t.focus_actors else ""
    text = f"{among}{p['source']} and {p['target']} are the pair named together most often: in {where}."
    return [Finding(text, "tab-pairs", weight)]


def _outlet_articles(articles: pd.DataFrame) -> pd.Series:
    from analysis.comparisons import article_outlets

    return article_outlets(articles).dropna().value_counts()


def outlet_difference(t: Tables) -> list[Finding]:
    """The top actor whose share of the actor mentions varies most between outlets, with the
    outlets of the highest and the lowest share (the actor-share figure)."""
    from analysis import comparisons as cmp

    if t.mentions is None or not cmp.has_outlets(t.articles):
        return []
    shares = cmp.actor_share_by_outlet(t.mentions, t.articles, t.actors, top_n=t.outlet_actors)
    sizes = _outlet_articles(t.articles)
    if (sizes >= FEW).sum() >= 2:  # shares of tiny outlets swing on a single article
        shares = shares[shares["outlet"].map(sizes).fillna(0) >= FEW]
    if shares.empty or shares["outlet"].nunique() < 2:
        return []
    shares = shares.assign(total=(shares["mentions"] / shares["mention_share"]).where(shares["mention_share"] > 0))
    totals = shares.groupby("outlet")["total"].max()
    spread = shares.groupby("actor").agg(spread=("mention_share", lambda s: round(s.max() - s.min(), 9)),
                                         rank=("rank", "min"))
    actor = spread.sort_values(["spread", "rank"], ascending=[False, True]).index[0]  # a tie: the most named
    rows = shares[shares["actor"] == actor].sort_values(["mention_share", "outlet"], ascending=[False, True])
    hi, lo = rows.iloc[0], rows.iloc[-1]

    def said(row, noun: str) -> str:
        part, whole = int(row["mentions"]), int(round(totals.get(row["outlet"], 0) or 0))
        if whole < FEW:
            return f"{share(part, whole, noun)} in {row['outlet']}"
        return f"{percent(part, whole)}{' of the ' + noun if noun else ''} in {row['outlet']} ({fraction(part, whole)})"

    text = f"Outlets differ most on {actor}: {said(hi, 'actor mentions')}, against {said(lo, '')}."
    thin = [str(o) for o in (hi["outlet"], lo["outlet"]) if sizes.get(o, 0) < FEW]
    if thin:
        text += " " + "; ".join(f"{o} has {counted(int(sizes.get(o, 0)), 'article')}" for o in thin) + "."
    return [Finding(text, "fig-actor_share_by_outlet", int(hi["mentions"]) + int(lo["mentions"]))]


def full_periods(articles: pd.DataFrame, coverage: pd.DataFrame, period: str) -> pd.DataFrame:
    """The rows of *coverage* (one outlet) whose period the corpus covers whole: the first and
    last period are left out when the first or last article falls inside them."""
    from analysis.comparisons import PERIODS, article_dates

    dates = article_dates(articles).dropna()
    starts = pd.to_datetime(coverage["period"])
    ends = (starts.dt.to_period(PERIODS[period]).dt.end_time).dt.normalize()
    whole = (starts >= dates.min().normalize()) & (ends <= dates.max().normalize())
    return coverage[whole.to_numpy()]


def busiest_period(t: Tables) -> list[Finding]:
    """The period with most articles against the one with fewest (the coverage figure); only
    periods the corpus covers whole are compared, when two or more are."""
    from analysis import comparisons as cmp

    if not cmp.has_dates(t.articles):
        return []
    coverage = cmp.coverage_over_time(t.articles, period=t.period, by_outlet=False)
    whole = full_periods(t.articles, coverage, t.period)
    kept = whole if len(whole) >= 2 else coverage
    if len(kept) < 2:
        return []
    unit = t.period
    of = f" (of the {number(len(kept))} {unit}s the corpus covers whole)" if len(kept) < len(coverage) else ""
    if kept["articles"].nunique() == 1:
        n = int(kept["articles"].iloc[0])
        text = f"Coverage is even over time: {counted(n, 'article')} in each of {number(len(kept))} {unit}s{of}."
        return [Finding(text, f"fig-coverage_{unit}", n * len(kept))]
    ranked = kept.sort_values(["articles", "period"], ascending=[False, True], kind="stable")
    hi, lo = ranked.iloc[0], ranked.iloc[-1]
    names = lambda n: listed([_period_name(p, unit) for p in kept.loc[kept["articles"] == n, "period"]])  # noqa: E731
    n_hi, n_lo = int(hi["articles"]), int(lo["articles"])
    text = (f"Coverage peaks in {names(n_hi)} with {counted(n_hi, 'article')}; the quietest {unit}"
            f" is {names(n_lo)} with {counted(n_lo, 'article').replace('only ', '')}{of}.")
    return [Finding(text, f"fig-coverage_{unit}", n_hi)]


def gender_split(counts: dict[str, int]) -> str:
    """``"Of the 2,224 people quoted, 14% are women, 76% men and 9.7% of unknown gender"``;
    under FEW people, counts: ``"Of the only 3 people quoted: 1 woman, 2 men"``."""
    total = sum(counts.values())
    shown = {g: k for g, k in counts.items() if k}
    if total >= FEW:
        parts = [f"{percent(k, total)} {GENDER_WORDS[g][1]}" for g, k in shown.items()]
        parts[0] = parts[0].replace(" ", " are ", 1)
        return f"Of the {number(total)} people quoted, {listed(parts, 3)}"
    parts = [f"{k} {GENDER_WORDS[g][k != 1]}" for g, k in shown.items()]
    return f"Of the {counted(total, 'person', 'people')} quoted: {listed(parts, 3)}"


def gender_balance(t: Tables) -> list[Finding]:
    """The quoted people by gender and women's share of their quotes (the source-balance figure)."""
    if not t.source_balance or t.quotes is None or t.mentions is None or t.actors is None:
        return []
    from analysis import gender

    people = t.person_genders if t.person_genders is not None else gender.person_gender(t.quotes, t.mentions, t.actors)
    if people.empty:
        return []
    balance = gender.source_balance(people, t.quotes).set_index("gender")
    counts = {g: int(balance.at[g, "people"]) for g in gender.GENDERS}
    said, women = int(balance["quotes"].sum()), int(balance.at["female", "quotes"])
    text = gender_split(counts)
    if not counts["female"]:
        text += "; no woman is quoted."
    else:
        text += f"; women have {share(women, said, 'quotes of these people')}." if said else "."
    return [Finding(text, "fig-source_balance", sum(counts.values()))]


# The questions, in the order the sentences are read: who, who speaks, with whom, where, when, balance.
FINDERS: tuple[Callable[[Tables], list[Finding]], ...] = (
    most_named, most_quoted, strongest_pair, outlet_difference, busiest_period, gender_balance)


def key_findings(t: Tables, finders: Sequence[Callable[[Tables], list[Finding]]] = FINDERS,
                 limit: int = MAX_FINDINGS) -> list[Finding]:
    """The findings of every finder, in order, at most ``limit``; fewer when the tables say less."""
    out: list[Finding] = []
    for finder in finders:
        out.extend(finder(t))
    return out[:limit]


# --------------------------------------------------------------------------------------------
# The block
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Findings:
    """The findings as a numbered list; each sentence links to the figure or table behind it."""

    findings: tuple[Finding, ...]
    caption: str = "Key findings"

    def to_html(self) -> str:
        items = "".join(
            f'<li>{html.escape(f.text)} <a class="nb-findings-link" href="#{html.escape(f.anchor, quote=True)}">'
            f'{"table" if f.anchor.startswith("tab-") else "figure"}</a></li>'
            for f in self.findings)
        return f'<ol class="nb-findings">{items}</ol>'

    def _repr_html_(self) -> str:  # JupyterLab shows it as the report does
        return self.to_html()

    def __str__(self) -> str:
        return "\n".join(f"{i}. {f.text}" for i, f in enumerate(self.findings, 1))

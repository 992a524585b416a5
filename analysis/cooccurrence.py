"""Actor co-occurrence: who is named with whom, by sentence, paragraph or article.

An edge joins two canonical actor names that share a window. ``weight`` counts the windows
they share, ``documents`` the articles in which they share one. Self-pairs are dropped and
each unordered pair appears once per window kind, with ``source < target``.
DuckDB does the counting, so the same function serves a seed article and a corpus whose
mentions only fit on disk (pass the path of a Parquet file or glob).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_ACTOR_LABELS = ("PERSON", "ORG", "GPE", "NORP")

# Window kind -> the mention columns that identify one window of that kind.
WINDOW_KEYS = {
    "sentence": "sent_id",
    "paragraph": "para_id",
    "article": "0",
}
WINDOWS = tuple(WINDOW_KEYS)

EDGE_COLUMNS = ["source", "target", "window", "weight", "documents"]
_TYPES = ["VARCHAR", "VARCHAR", "VARCHAR", "BIGINT", "BIGINT"]


@dataclass(frozen=True)
class Edge:
    """One row of the co-occurrence table."""

    source: str
    target: str
    window: str
    weight: int
    documents: int


def check_windows(windows) -> None:
    """Raise ValueError naming the window kinds when one is unknown."""
    unknown = [w for w in windows if w not in WINDOW_KEYS]
    if unknown:
        raise ValueError(f"unknown window {unknown[0]!r}; choose from {', '.join(WINDOWS)}")


def edges_query(
    source: str,
    *,
    labels: tuple[str, ...] | list[str] = DEFAULT_ACTOR_LABELS,
    windows: tuple[str, ...] | list[str] = WINDOWS,
) -> str:
    """The DuckDB query counting actor pairs from the mentions relation *source*.

    Its columns are ``EDGE_COLUMNS``, sorted by window, then weight (descending), then names.
    """
    check_windows(windows)
    if not labels or not windows:
        return "SELECT " + ", ".join(f"NULL::{t} AS {c}" for c, t in zip(EDGE_COLUMNS, _TYPES)) + " WHERE false"
    label_list = ", ".join(_sql_string(label) for label in labels)
    actors = (
        f"SELECT DISTINCT doc_id, {{key}} AS win, entity FROM {source} "
        f"WHERE label IN ({label_list}) AND entity IS NOT NULL AND entity <> ''"
    )
    parts = [
        f"""SELECT a.entity AS source, b.entity AS target, {_sql_string(window)} AS "window",
                   count(*)::BIGINT AS weight, count(DISTINCT a.doc_id)::BIGINT AS documents
            FROM ({actors.format(key=WINDOW_KEYS[window])}) a
            JOIN ({actors.format(key=WINDOW_KEYS[window])}) b
              ON a.doc_id = b.doc_id AND a.win = b.win AND a.entity < b.entity
            GROUP BY 1, 2"""
        for window in windows
    ]
    order = " ".join(f"WHEN {_sql_string(w)} THEN {i}" for i, w in enumerate(windows))
    return " UNION ALL ".join(parts) + f' ORDER BY CASE "window" {order} END, weight DESC, source, target'


def cooccurrence_edges(
    mentions: pd.DataFrame | str | os.PathLike,
    *,
    labels: tuple[str, ...] | list[str] = DEFAULT_ACTOR_LABELS,
    windows: tuple[str, ...] | list[str] = WINDOWS,
) -> pd.DataFrame:
    """Count actor pairs per window kind.

    *mentions* is a DataFrame with columns doc_id, sent_id, para_id, label, entity, or the
    path of Parquet file(s) holding them. Returns a DataFrame with ``EDGE_COLUMNS``, sorted by
    window, then weight (descending), then names.
    """
    import duckdb
    import pandas as pd

    check_windows(windows)
    con = duckdb.connect()
    try:
        if isinstance(mentions, pd.DataFrame):
            con.register("mentions", mentions)
            source = "mentions"
        else:
            source = f"read_parquet({_sql_string(os.fspath(mentions))})"
        edges = con.sql(edges_query(source, labels=labels, windows=windows)).df()
    finally:
        con.close()
    if edges.empty:
        return pd.DataFrame(columns=EDGE_COLUMNS)
    edges["weight"] = edges["weight"].astype("int64")
    edges["documents"] = edges["documents"].astype("int64")
    return edges[EDGE_COLUMNS].reset_index(drop=True)


def _sql_string(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


# --- network measures over the co-occurrence table -----------------------------------------
# The co-occurrence table is small (one row per pair and window): these read it with pandas,
# imported when called, so parse workers that import this module never load it.


def _matches(names: "pd.Series", focus: Sequence[str]) -> "pd.Series":
    wanted = {f.casefold() for f in focus}
    return names.fillna("").astype(str).str.casefold().isin(wanted)


def pair_weights(cooc: pd.DataFrame, window: str) -> pd.DataFrame:
    """One row per unordered actor pair of *window*: source < target, weight, documents."""
    e = cooc[cooc["window"] == window] if "window" in cooc else cooc
    e = e[e["source"] != e["target"]]
    # one row per unordered pair, whatever order the pipeline wrote them in (a vectorised
    # comparison: a row-wise min/max over the two columns took 3x as long on 200,000 pairs)
    first = e["source"] <= e["target"]
    e = e.assign(source=e["source"].where(first, e["target"]), target=e["target"].where(first, e["source"]))
    return e.groupby(["source", "target"], as_index=False).agg(weight=("weight", "sum"), documents=("documents", "max"))


def top_actors(cooc: pd.DataFrame, window: str, top_n: int, focus_actors: Sequence[str] = ()) -> list[str]:
    """Actors with the most co-occurrence weight; focus actors first, then their strongest partners."""
    import pandas as pd

    e = pair_weights(cooc, window)
    if e.empty:
        return []
    if focus_actors:
        focus = set(focus_actors) | {a for a in pd.concat([e["source"], e["target"]]) if a.casefold() in {f.casefold() for f in focus_actors}}
        e = e[e["source"].isin(focus) | e["target"].isin(focus)]
    strength = pd.concat([e[["source", "weight"]].rename(columns={"source": "actor"}),
                          e[["target", "weight"]].rename(columns={"target": "actor"})]).groupby("actor")["weight"].sum()
    strength = strength.sort_values(ascending=False, kind="stable")
    ordered = list(strength.index)
    if focus_actors:
        first = [a for a in ordered if a.casefold() in {f.casefold() for f in focus_actors}]
        ordered = first + [a for a in ordered if a not in first]
    return ordered[:top_n]


def strongest_pairs(cooc: pd.DataFrame, window: str, top_n: int, focus_actors: Sequence[str] = ()) -> pd.DataFrame:
    """The ``top_n`` heaviest actor pairs in ``window`` (pairs touching a focus actor, if any)."""
    e = pair_weights(cooc, window)
    if focus_actors:
        e = e[_matches(e["source"], focus_actors) | _matches(e["target"], focus_actors)]
    e = e.sort_values(["weight", "documents", "source", "target"], ascending=[False, False, True, True])
    return e.head(top_n)[["source", "target", "weight", "documents"]].reset_index(drop=True)


def actor_matrix(cooc: pd.DataFrame, window: str, top_n: int, focus_actors: Sequence[str] = ()) -> pd.DataFrame:
    """Symmetric actor x actor weights of the top actors (diagonal 0)."""
    import pandas as pd

    actors = top_actors(cooc, window, top_n, focus_actors)
    m = pd.DataFrame(0, index=actors, columns=actors, dtype=int)
    e = pair_weights(cooc, window)
    for row in e[e["source"].isin(actors) & e["target"].isin(actors)].itertuples(index=False):
        m.loc[row.source, row.target] = m.loc[row.target, row.source] = int(row.weight)
    m.index.name = "actor"
    return m


def network_measures(cooc: pd.DataFrame, window: str, top_n: int, focus_actors: Sequence[str] = ()) -> pd.DataFrame:
    """Node table behind the network figure: weighted degree and number of partners."""
    import pandas as pd

    actors = top_actors(cooc, window, top_n, focus_actors)
    e = pair_weights(cooc, window)
    e = e[e["source"].isin(actors) & e["target"].isin(actors)]
    both = pd.concat([e.rename(columns={"source": "actor", "target": "partner"}),
                      e.rename(columns={"target": "actor", "source": "partner"})])
    out = both.groupby("actor").agg(weight=("weight", "sum"), partners=("partner", "nunique"))
    return out.reindex([a for a in actors if a in out.index]).reset_index()

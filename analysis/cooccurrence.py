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
from typing import TYPE_CHECKING

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

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

import duckdb
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


@dataclass(frozen=True)
class Edge:
    """One row of the co-occurrence table."""

    source: str
    target: str
    window: str
    weight: int
    documents: int


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
    unknown = [w for w in windows if w not in WINDOW_KEYS]
    if unknown:
        raise ValueError(f"unknown window {unknown[0]!r}; choose from {', '.join(WINDOWS)}")
    if not labels or not windows:
        return pd.DataFrame(columns=EDGE_COLUMNS)
    con = duckdb.connect()
    try:
        if isinstance(mentions, pd.DataFrame):
            con.register("mentions", mentions)
            source = "mentions"
        else:
            source = f"read_parquet({_sql_string(os.fspath(mentions))})"
        label_list = ", ".join(_sql_string(label) for label in labels)
        parts = []
        for window in windows:
            key = WINDOW_KEYS[window]
            parts.append(
                f"""
                SELECT a.entity AS source, b.entity AS target, {_sql_string(window)} AS "window",
                       count(*) AS weight, count(DISTINCT a.doc_id) AS documents
                FROM (SELECT DISTINCT doc_id, {key} AS win, entity FROM {source}
                      WHERE label IN ({label_list}) AND entity IS NOT NULL AND entity <> '') a
                JOIN (SELECT DISTINCT doc_id, {key} AS win, entity FROM {source}
                      WHERE label IN ({label_list}) AND entity IS NOT NULL AND entity <> '') b
                  ON a.doc_id = b.doc_id AND a.win = b.win AND a.entity < b.entity
                GROUP BY 1, 2
                """
            )
        order = " ".join(f"WHEN {_sql_string(w)} THEN {i}" for i, w in enumerate(windows))
        query = " UNION ALL ".join(parts) + (
            f' ORDER BY CASE "window" {order} END, weight DESC, source, target'
        )
        edges = con.sql(query).df()
    finally:
        con.close()
    if edges.empty:
        return pd.DataFrame(columns=EDGE_COLUMNS)
    edges["weight"] = edges["weight"].astype("int64")
    edges["documents"] = edges["documents"].astype("int64")
    return edges[EDGE_COLUMNS].reset_index(drop=True)


def _sql_string(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"

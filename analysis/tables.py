"""Records -> Parquet parts -> DuckDB -> CSV and Parquet tables. The only writer of tables.

Every table is written twice, as ``NAME.csv`` (for spreadsheets and R) and ``NAME.parquet``
(typed, for pandas and DuckDB). While a corpus streams through the pipeline, rows are buffered
and flushed to numbered Parquet parts (``PartWriter``) so that memory stays bounded; the final
tables are made from the parts by DuckDB (``FinalTables``: the corpus-wide alias merge, the
entity counts, co-occurrence) inside a staging folder that the pipeline renames into place, and
``write_manifest`` records beside them what made them. ``write_table`` writes one DataFrame
(the figure data of a briefing) through a temporary name.

Who else writes files: ``cache`` its parse entries, ``report`` the executed notebook, HTML and
PDF; all through ``files.atomic_write``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .files import atomic_write

TABLE_NAMES = ("articles", "mentions", "entities", "quotes", "cooccurrence")
OUTPUT_FORMATS = ("csv", "parquet")  # every table is written in each
MANIFEST = "manifest.json"

SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema(
        [
            ("doc_id", pa.string()),
            ("path", pa.string()),
            ("title", pa.string()),
            ("n_words", pa.int64()),
            ("status", pa.string()),
            ("reason", pa.string()),
            ("date", pa.string()),
            ("source", pa.string()),
            ("url", pa.string()),
        ]
    ),
    "mentions": pa.schema(
        [
            ("doc_id", pa.string()),
            ("sent_id", pa.int64()),
            ("para_id", pa.int64()),
            ("start_char", pa.int64()),
            ("end_char", pa.int64()),
            ("text", pa.string()),
            ("label", pa.string()),
            ("entity", pa.string()),
        ]
    ),
    "entities": pa.schema(
        [("entity", pa.string()), ("label", pa.string()), ("mentions", pa.int64()), ("documents", pa.int64())]
    ),
    "quotes": pa.schema(
        [
            ("doc_id", pa.string()),
            ("quote_id", pa.int64()),
            ("kind", pa.string()),
            ("text", pa.string()),
            ("speaker", pa.string()),
            ("speaker_text", pa.string()),
            ("cue", pa.string()),
            ("start_char", pa.int64()),
            ("end_char", pa.int64()),
            ("sieve", pa.string()),
        ]
    ),
    "cooccurrence": pa.schema(
        [
            ("source", pa.string()),
            ("target", pa.string()),
            ("window", pa.string()),
            ("weight", pa.int64()),
            ("documents", pa.int64()),
        ]
    ),
}


def columns(name: str) -> list[str]:
    """The columns of table *name*, in order."""
    return SCHEMAS[name].names


def frame(name: str, rows: Iterable[Mapping] = ()) -> pd.DataFrame:
    """A DataFrame of table *name* from dict-like rows, with exactly its columns and dtypes."""
    table = pa.Table.from_pylist([dict(r) for r in rows], schema=SCHEMAS[name])
    return table.to_pandas()


def _to_arrow(df: pd.DataFrame, name: str) -> pa.Table:
    schema = SCHEMAS.get(name)
    if schema is None:
        return pa.Table.from_pandas(df, preserve_index=False)
    missing = [c for c in schema.names if c not in df.columns]
    if missing:
        raise ValueError(f"table {name} lacks columns {missing}")
    return pa.Table.from_pandas(df[schema.names], schema=schema, preserve_index=False)


def write_table(df: pd.DataFrame, out_dir: str | os.PathLike, name: str) -> dict[str, Path]:
    """Write *df* as ``out_dir/name.csv`` and ``out_dir/name.parquet``; return both paths."""
    out = Path(out_dir)
    table = _to_arrow(df, name)
    paths = {"csv": out / f"{name}.csv", "parquet": out / f"{name}.parquet"}
    atomic_write(paths["parquet"], lambda tmp: pq.write_table(table, tmp))
    atomic_write(paths["csv"], lambda tmp: table.to_pandas().to_csv(tmp, index=False))
    return paths


def write_csv(df: pd.DataFrame, path: str | os.PathLike, *, index: bool = False) -> Path:
    """Write one DataFrame (e.g. the table behind a figure) as CSV through a temporary name."""
    path = Path(path)
    atomic_write(path, lambda tmp: df.to_csv(tmp, index=index))
    return path


def load_table(data_dir: str | os.PathLike, name: str) -> pd.DataFrame:
    """Read one table (Parquet preferred, CSV as fallback) with its declared columns."""
    base = Path(data_dir)
    parquet, csv = base / f"{name}.parquet", base / f"{name}.csv"
    if parquet.exists():
        return pq.read_table(parquet).to_pandas()
    if csv.exists():
        df = pd.read_csv(csv, keep_default_na=False, dtype=str)
        table = pa.Table.from_pandas(df, preserve_index=False)
        return table.cast(SCHEMAS[name]).to_pandas() if name in SCHEMAS else df
    raise FileNotFoundError(f"no table {name} in {base}; run `newsbrief analyze` first")


def load_tables(data_dir: str | os.PathLike) -> dict[str, pd.DataFrame]:
    """All tables written by ``newsbrief analyze`` into *data_dir*, by name."""
    return {name: load_table(data_dir, name) for name in TABLE_NAMES}


class PartWriter:
    """Buffers rows of one table and flushes them to numbered Parquet parts in *directory*."""

    def __init__(self, directory: str | os.PathLike, name: str, rows_per_part: int = 10_000):
        self.directory = Path(directory)
        self.name = name
        self.rows_per_part = rows_per_part
        self._rows: list[Mapping] = []
        self._parts = 0
        self.directory.mkdir(parents=True, exist_ok=True)

    def extend(self, rows: Iterable[Mapping]) -> None:
        self._rows.extend(rows)
        if len(self._rows) >= self.rows_per_part:
            self.flush()

    def flush(self) -> None:
        if not self._rows and self._parts:
            return
        table = pa.Table.from_pylist(self._rows, schema=SCHEMAS[self.name])
        pq.write_table(table, self.directory / f"{self.name}-{self._parts:05d}.parquet")
        self._parts += 1
        self._rows = []

    @property
    def glob(self) -> str:
        """A ``read_parquet`` glob over every part written so far."""
        return str(self.directory / f"{self.name}-*.parquet")


def write_manifest(out_dir: str | os.PathLike, manifest: Mapping) -> Path:
    """Write ``manifest.json`` (what made the tables: model, options, fingerprints) into *out_dir*."""
    path = Path(out_dir) / MANIFEST
    atomic_write(path, json.dumps(manifest, indent=2))
    return path


def read_manifest(data_dir: str | os.PathLike) -> dict | None:
    """The manifest of the tables in *data_dir*, or None when there is none or it is unreadable."""
    try:
        manifest = json.loads((Path(data_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def _sql_path(path: str | os.PathLike) -> str:
    return "'" + os.fspath(path).replace("'", "''") + "'"


class FinalTables:
    """A DuckDB session over the Parquet parts of one run that writes the five final tables.

    *parts* maps ``articles``, ``mentions`` and ``quotes`` to a glob of their parts. DuckDB's
    memory is capped at *memory_limit*; beyond it, it spills into *spill_dir*.
    """

    def __init__(self, parts: Mapping[str, str], *, spill_dir: str | os.PathLike, memory_limit: str = "256MB"):
        import duckdb

        self.sources = {name: f"read_parquet({_sql_path(glob)})" for name, glob in parts.items()}
        self.con = duckdb.connect()
        self.con.execute("SET preserve_insertion_order = true")
        self.con.execute(f"SET memory_limit = '{memory_limit}'")
        self.con.execute(f"SET temp_directory = {_sql_path(spill_dir)}")

    def __enter__(self) -> "FinalTables":
        return self

    def __exit__(self, *exc) -> None:
        self.con.close()

    def entity_counts(self) -> pd.DataFrame:
        """Mentions and documents per (entity, label) as extracted article by article."""
        return self.con.sql(
            "SELECT entity, label, count(*) AS mentions, count(DISTINCT doc_id) AS documents "
            f"FROM {self.sources['mentions']} GROUP BY entity, label"
        ).df()

    def write(self, out: Path, *, aliases: pd.DataFrame, speakers: pd.DataFrame, labels: tuple[str, ...]) -> None:
        """Apply the corpus-wide *aliases* (entity, label -> new_entity, new_label) and *speakers*
        (speaker -> new_speaker) and write every table into *out*."""
        from .cooccurrence import edges_query

        self.con.register("aliases", aliases)
        self.con.register("speakers", speakers)
        self.con.execute(f"CREATE TABLE final_mentions AS {_FINAL_MENTIONS.format(mentions=self.sources['mentions'])}")
        self.copy("SELECT * FROM final_mentions", out, "mentions")
        self.copy(_ENTITY_FREQUENCIES.format(mentions="final_mentions"), out, "entities")
        self.copy(_FINAL_QUOTES.format(quotes=self.sources["quotes"]), out, "quotes")
        self.copy(f"SELECT * FROM {self.sources['articles']}", out, "articles")
        self.copy(edges_query("final_mentions", labels=labels), out, "cooccurrence")

    def copy(self, query: str, out: Path, name: str) -> None:
        """Write one query's result as ``name.parquet`` and ``name.csv`` with the table's columns."""
        cols = ", ".join(f'"{c}"' for c in columns(name))
        relation = f"SELECT {cols} FROM ({query})"
        self.con.execute(f"COPY ({relation}) TO {_sql_path(out / (name + '.parquet'))} (FORMAT PARQUET)")
        self.con.execute(f"COPY ({relation}) TO {_sql_path(out / (name + '.csv'))} (FORMAT CSV, HEADER)")


# The corpus-wide alias merge applied to every mention.
_FINAL_MENTIONS = """
    SELECT m.doc_id, m.sent_id, m.para_id, m.start_char, m.end_char, m.text,
           coalesce(a.new_label, m.label) AS label, coalesce(a.new_entity, m.entity) AS entity
    FROM {mentions} m LEFT JOIN aliases a ON m.entity = a.entity AND m.label = a.label
    ORDER BY m.doc_id, m.start_char, m.end_char"""
# The entities table: frequencies of the merged names.
_ENTITY_FREQUENCIES = """
    SELECT entity, label, count(*) AS mentions, count(DISTINCT doc_id) AS documents
    FROM {mentions} GROUP BY entity, label ORDER BY mentions DESC, documents DESC, entity, label"""
# Quotes with the speaker's canonical name.
_FINAL_QUOTES = """
    SELECT q.doc_id, q.quote_id, q.kind, q.text,
           coalesce(s.new_speaker, q.speaker) AS speaker, q.speaker_text, q.cue,
           q.start_char, q.end_char, q.sieve
    FROM {quotes} q LEFT JOIN speakers s ON q.speaker = s.speaker
    ORDER BY q.doc_id, q.start_char, q.quote_id"""

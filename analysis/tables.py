"""Records -> DataFrames -> CSV and Parquet. The only module that writes data files.

Every table is written twice, as ``NAME.csv`` (for spreadsheets and R) and ``NAME.parquet``
(typed, for pandas and DuckDB), each to a temporary name first and then renamed, so a reader
never sees half a table. While a corpus streams through the pipeline, rows are buffered and
flushed to numbered Parquet parts so that memory stays bounded.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .files import atomic_write

TABLE_NAMES = ("articles", "mentions", "entities", "quotes", "cooccurrence")

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

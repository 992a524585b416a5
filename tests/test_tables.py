"""Tables: schemas, atomic CSV + Parquet writing, reading back, parts."""

import pandas as pd
import pytest

from analysis import tables


def test_write_and_load_round_trip(tmp_path):
    df = tables.frame("entities", [{"entity": "Li Shangfu", "label": "PERSON", "mentions": 4, "documents": 1}])
    paths = tables.write_table(df, tmp_path, "entities")
    assert paths["csv"].exists() and paths["parquet"].exists()
    assert tables.load_table(tmp_path, "entities").equals(df)
    csv = pd.read_csv(paths["csv"])
    assert list(csv.columns) == tables.columns("entities")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_missing_column_is_an_error(tmp_path):
    with pytest.raises(ValueError, match="lacks columns"):
        tables.write_table(pd.DataFrame({"entity": ["x"]}), tmp_path, "entities")


def test_load_table_falls_back_to_csv_and_says_what_to_run(tmp_path):
    df = tables.frame("entities", [{"entity": "X", "label": "ORG", "mentions": 2, "documents": 1}])
    tables.write_table(df, tmp_path, "entities")
    (tmp_path / "entities.parquet").unlink()
    assert tables.load_table(tmp_path, "entities").entity.tolist() == ["X"]
    with pytest.raises(FileNotFoundError, match="newsbrief analyze"):
        tables.load_table(tmp_path, "quotes")


def test_part_writer_flushes_in_parts(tmp_path):
    writer = tables.PartWriter(tmp_path, "entities", rows_per_part=2)
    for i in range(5):
        writer.extend([{"entity": str(i), "label": "ORG", "mentions": i, "documents": 1}])
    writer.flush()
    parts = sorted(tmp_path.glob("entities-*.parquet"))
    assert len(parts) == 3
    assert sum(len(pd.read_parquet(p)) for p in parts) == 5


def test_empty_part_writer_still_leaves_a_typed_part(tmp_path):
    writer = tables.PartWriter(tmp_path, "quotes")
    writer.flush()
    (part,) = tmp_path.glob("quotes-*.parquet")
    assert list(pd.read_parquet(part).columns) == tables.columns("quotes")

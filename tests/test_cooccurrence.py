"""Actor co-occurrence on hand-made mention tables."""

import pandas as pd
import pytest

from analysis.cooccurrence import EDGE_COLUMNS, cooccurrence_edges


def mentions(rows):
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "para_id", "label", "entity"])


CORPUS = mentions(
    [
        # doc a, paragraph 0: sentence 0 names Li and Putin (Putin twice), sentence 1 names Li and Russia
        ("a", 0, 0, "PERSON", "Li Shangfu"),
        ("a", 0, 0, "PERSON", "Vladimir Putin"),
        ("a", 0, 0, "PERSON", "Vladimir Putin"),
        ("a", 1, 0, "PERSON", "Li Shangfu"),
        ("a", 1, 0, "GPE", "Russia"),
        ("a", 1, 0, "DATE", "Sunday"),
        # doc a, paragraph 1: Putin and Russia
        ("a", 2, 1, "PERSON", "Vladimir Putin"),
        ("a", 2, 1, "GPE", "Russia"),
        # doc b: Li and Putin in one sentence
        ("b", 0, 0, "PERSON", "Vladimir Putin"),
        ("b", 0, 0, "PERSON", "Li Shangfu"),
    ]
)


def edge(edges, window, a, b):
    source, target = sorted([a, b])
    row = edges[(edges.window == window) & (edges.source == source) & (edges.target == target)]
    return None if row.empty else (int(row.weight.iloc[0]), int(row.documents.iloc[0]))


@pytest.mark.parametrize(
    "window, a, b, expected",
    [
        ("sentence", "Li Shangfu", "Vladimir Putin", (2, 2)),
        ("sentence", "Li Shangfu", "Russia", (1, 1)),
        ("sentence", "Vladimir Putin", "Russia", (1, 1)),
        ("paragraph", "Li Shangfu", "Vladimir Putin", (2, 2)),
        ("paragraph", "Li Shangfu", "Russia", (1, 1)),
        ("paragraph", "Vladimir Putin", "Russia", (2, 1)),
        ("article", "Li Shangfu", "Vladimir Putin", (2, 2)),
        ("article", "Li Shangfu", "Russia", (1, 1)),
    ],
)
def test_weights_count_shared_windows_and_documents(window, a, b, expected):
    edges = cooccurrence_edges(CORPUS)
    assert edge(edges, window, a, b) == expected


def test_no_self_pairs_each_unordered_pair_once_and_labels_filter():
    edges = cooccurrence_edges(CORPUS)
    assert list(edges.columns) == EDGE_COLUMNS
    assert (edges.source < edges.target).all()
    assert not edges.duplicated(["source", "target", "window"]).any()
    assert "Sunday" not in set(edges.source) | set(edges.target)
    only_people = cooccurrence_edges(CORPUS, labels=["PERSON"])
    assert set(only_people.source) | set(only_people.target) == {"Li Shangfu", "Vladimir Putin"}


def test_one_window_kind_and_empty_inputs():
    edges = cooccurrence_edges(CORPUS, windows=["article"])
    assert set(edges.window) == {"article"}
    empty = cooccurrence_edges(mentions([]))
    assert list(empty.columns) == EDGE_COLUMNS and empty.empty
    with pytest.raises(ValueError, match="unknown window"):
        cooccurrence_edges(CORPUS, windows=["page"])


def test_reads_parquet_path(tmp_path):
    path = tmp_path / "m.parquet"
    CORPUS.to_parquet(path)
    assert cooccurrence_edges(path).equals(cooccurrence_edges(CORPUS))


def test_names_with_quotes_are_data_not_sql():
    rows = mentions([("d'x", 0, 0, "PERSON", "O'Brien"), ("d'x", 0, 0, "ORG", "x'); DROP TABLE m; --")])
    edges = cooccurrence_edges(rows, labels=["PERSON", "ORG"])
    assert len(edges[edges.window == "sentence"]) == 1

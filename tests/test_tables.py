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


# --- the final tables, made by DuckDB from the parts (the production SQL, not a twin) -------


def _mention(doc, start, text, label, entity, sent=0, para=0):
    return {"doc_id": doc, "sent_id": sent, "para_id": para, "start_char": start,
            "end_char": start + len(text), "text": text, "label": label, "entity": entity}


def _final_tables(tmp_path, mentions, quotes, aliases_rows, labels=("PERSON", "ORG")):
    writers = {name: tables.PartWriter(tmp_path / "parts", name) for name in ("articles", "mentions", "quotes")}
    writers["articles"].extend([{"doc_id": d, "path": f"{d}.txt", "title": d, "n_words": 10, "status": "ok",
                                 "reason": "", "date": "", "source": "", "url": ""}
                                for d in sorted({m["doc_id"] for m in mentions})])
    writers["mentions"].extend(mentions)
    writers["quotes"].extend(quotes)
    for writer in writers.values():
        writer.flush()
    aliases = pd.DataFrame(aliases_rows, columns=["entity", "label", "new_entity", "new_label"], dtype=object)
    speakers = pd.DataFrame([(a[0], a[2]) for a in aliases_rows], columns=["speaker", "new_speaker"], dtype=object)
    out = tmp_path / "final"
    out.mkdir()
    parts = {name: w.glob for name, w in writers.items()}
    with tables.FinalTables(parts, spill_dir=tmp_path / "spill") as final:
        counts = final.entity_counts()
        final.write(out, aliases=aliases, speakers=speakers, labels=labels)
    return counts, tables.load_tables(out)


def test_final_tables_apply_the_corpus_merge_everywhere(tmp_path):
    mentions = [
        _mention("a", 0, "Tony Blair", "PERSON", "Tony Blair"),
        _mention("a", 20, "Labour", "ORG", "Labour", sent=0),
        _mention("b", 0, "Blair", "PERSON", "Blair"),
        _mention("b", 10, "Labour", "ORG", "Labour"),
        _mention("b", 30, "Blair", "PERSON", "Blair", sent=1),
    ]
    quotes = [{"doc_id": "b", "quote_id": 0, "kind": "direct", "text": "We will win", "speaker": "Blair",
               "speaker_text": "he", "cue": "said", "start_char": 40, "end_char": 51, "sieve": "pronoun"}]
    counts, out = _final_tables(tmp_path, mentions, quotes, [("Blair", "PERSON", "Tony Blair", "PERSON")])
    assert sorted(counts.itertuples(index=False, name=None)) == [
        ("Blair", "PERSON", 2, 1), ("Labour", "ORG", 2, 2), ("Tony Blair", "PERSON", 1, 1)]
    entities = out["entities"]
    assert entities.to_dict("records") == [
        {"entity": "Tony Blair", "label": "PERSON", "mentions": 3, "documents": 2},
        {"entity": "Labour", "label": "ORG", "mentions": 2, "documents": 2},
    ]
    assert set(out["mentions"].entity) == {"Tony Blair", "Labour"}
    assert out["quotes"].loc[0, ["speaker", "speaker_text", "sieve"]].tolist() == ["Tony Blair", "he", "pronoun"]
    sentence = out["cooccurrence"][out["cooccurrence"].window == "sentence"]
    assert sentence[["source", "target", "weight", "documents"]].values.tolist() == [["Labour", "Tony Blair", 2, 2]]
    assert list(out["quotes"].columns) == tables.columns("quotes")


def test_final_tables_relabel_a_name_across_the_corpus(tmp_path):
    mentions = [_mention("a", 0, "Kyiv", "PERSON", "Kyiv"), _mention("b", 0, "Kyiv", "GPE", "Kyiv")]
    _, out = _final_tables(tmp_path, mentions, [], [("Kyiv", "PERSON", "Kyiv", "GPE")])
    assert out["entities"].to_dict("records") == [{"entity": "Kyiv", "label": "GPE", "mentions": 2, "documents": 2}]
    assert out["quotes"].empty and list(out["quotes"].columns) == tables.columns("quotes")


def test_manifest_round_trip_and_unreadable_manifest(tmp_path):
    tables.write_manifest(tmp_path, {"model": "m", "ok": 3})
    assert tables.read_manifest(tmp_path) == {"model": "m", "ok": 3}
    (tmp_path / tables.MANIFEST).write_text("{not json", encoding="utf-8")
    assert tables.read_manifest(tmp_path) is None
    (tmp_path / tables.MANIFEST).write_text("[1, 2]", encoding="utf-8")
    assert tables.read_manifest(tmp_path) is None

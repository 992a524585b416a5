"""Tables: schemas, atomic CSV + Parquet writing, reading back, parts."""

import pandas as pd
import pytest

from analysis import tables
from analysis.actors.frames import ALIAS_COLUMNS
from analysis.actors.settings import ActorSettings
from analysis.actors.records import kind_of


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


def _mention(doc, start, text, label, entity, sent=0, para=0, title=""):
    return {"doc_id": doc, "sent_id": sent, "para_id": para, "start_char": start,
            "end_char": start + len(text), "text": text, "label": label, "entity": entity, "title": title}


def _final_tables(tmp_path, mentions, quotes, aliases_rows=None, labels=("PERSON", "ORG"), **extra):
    """Write parts, then the final tables; the resolution is the real one unless *aliases_rows*
    (entity, label, actor, actor_label, rule) gives it."""
    writers = {name: tables.PartWriter(tmp_path / "parts", name) for name in ("articles", "mentions", "quotes")}
    writers["articles"].extend([{"doc_id": d, "path": f"{d}.txt", "title": d, "n_words": 10, "status": "ok",
                                 "reason": "", "date": "", "source": "", "url": ""}
                                for d in sorted({m["doc_id"] for m in mentions})])
    writers["mentions"].extend(mentions)
    writers["quotes"].extend(quotes)
    for writer in writers.values():
        writer.flush()
    out = tmp_path / "final"
    out.mkdir()
    parts = {name: w.glob for name, w in writers.items()}
    with tables.FinalTables(parts, spill_dir=tmp_path / "spill") as final:
        counts = final.entity_counts()
        resolution = ActorSettings().resolution(final)
        if aliases_rows is not None:
            rows = [(e, lab, a, al, kind_of(al), rule, 1, 1) for e, lab, a, al, rule in aliases_rows]
            resolution["aliases"] = pd.DataFrame(rows, columns=ALIAS_COLUMNS)
        final.write(out, resolution={**resolution, **extra}, labels=labels)
    return counts, tables.load_tables(out)


def _quote(doc_id, speaker, start, speakers=None, quote_id=0):
    return {"doc_id": doc_id, "quote_id": quote_id, "group_id": quote_id, "kind": "direct", "text": "We will win",
            "quoted": "We will win", "speaker": speaker, "speakers": speaker if speakers is None else speakers,
            "speaker_text": "he", "speaker_start": start - 3, "speaker_end": start - 1, "cue": "said",
            "start_char": start, "end_char": start + 11, "sieve": "pronoun"}


def test_a_joint_quote_credits_every_speaker_under_its_actor_name(tmp_path):
    """speakers "Blair; Gordon Brown" (as the article names them) become the actors' names, in
    order, and each actor's quote count includes the joint quote."""
    mentions = [
        _mention("a", 0, "Tony Blair", "PERSON", "Tony Blair"),
        _mention("a", 20, "Gordon Brown", "PERSON", "Gordon Brown"),
        _mention("b", 0, "Tony Blair", "PERSON", "Tony Blair"),
        _mention("b", 30, "Blair", "PERSON", "Blair", sent=1),
        _mention("b", 40, "Gordon Brown", "PERSON", "Gordon Brown", sent=1),
    ]
    quotes = [_quote("b", "Blair", 60, speakers="Blair; Gordon Brown"), _quote("a", "Gordon Brown", 40)]
    _, out = _final_tables(tmp_path, mentions, quotes)
    q = out["quotes"].set_index("doc_id")
    assert q.loc["b", ["speaker", "speakers"]].tolist() == ["Tony Blair", "Tony Blair; Gordon Brown"]
    assert q.loc["a", "speakers"] == "Gordon Brown"
    actors = out["actors"].set_index("actor")["quotes"].to_dict()
    assert actors == {"Tony Blair": 1, "Gordon Brown": 2}


def test_final_tables_apply_the_corpus_merge_everywhere(tmp_path):
    mentions = [
        _mention("a", 0, "Tony Blair", "PERSON", "Tony Blair"),
        _mention("a", 20, "Labour", "ORG", "Labour", sent=0),
        _mention("b", 0, "Blair", "PERSON", "Blair"),
        _mention("b", 10, "Labour", "ORG", "Labour"),
        _mention("b", 30, "Blair", "PERSON", "Blair", sent=1),
    ]
    counts, out = _final_tables(tmp_path, mentions, [_quote("b", "Blair", 40)])
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
    actors = out["actors"].set_index("actor")
    assert actors.loc["Tony Blair"].to_dict() == {
        "kind": "person", "label": "PERSON", "mentions": 3, "documents": 2, "quotes": 1,
        "aliases": "Blair; Tony Blair", "joined_by": "Blair: surname"}
    aliases = out["aliases"].set_index("alias")
    assert aliases.loc["Blair", ["actor", "rule", "mentions"]].tolist() == ["Tony Blair", "surname", 2]
    assert aliases.loc["Tony Blair", "rule"] == ""


def test_final_tables_relabel_a_name_across_the_corpus(tmp_path):
    mentions = [_mention("a", 0, "Kyiv", "PERSON", "Kyiv"), _mention("b", 0, "Kyiv", "GPE", "Kyiv")]
    _, out = _final_tables(tmp_path, mentions, [], [("Kyiv", "PERSON", "Kyiv", "GPE", "label_vote"),
                                                    ("Kyiv", "GPE", "Kyiv", "GPE", "")])
    assert out["entities"].to_dict("records") == [{"entity": "Kyiv", "label": "GPE", "mentions": 2, "documents": 2}]
    assert out["quotes"].empty and list(out["quotes"].columns) == tables.columns("quotes")


def test_a_surname_joins_per_article_and_an_article_naming_another_person_keeps_it(tmp_path):
    mentions = [_mention(d, 0, "Hillary Clinton", "PERSON", "Hillary Clinton") for d in "abcdefgh"]
    mentions += [_mention("x", 0, "Clinton", "PERSON", "Clinton"), _mention("y", 0, "Clinton", "PERSON", "Clinton"),
                 _mention("y", 20, "Bill Clinton", "PERSON", "Bill Clinton")]
    quotes = [_quote("x", "Clinton", 40), _quote("y", "Clinton", 40)]
    _, out = _final_tables(tmp_path, mentions, quotes)
    by_doc = {m.doc_id: m.entity for m in out["mentions"].itertuples() if m.text == "Clinton"}
    assert by_doc == {"x": "Hillary Clinton", "y": "Clinton"}
    assert dict(zip(out["quotes"].doc_id, out["quotes"].speaker)) == {"x": "Hillary Clinton", "y": "Clinton"}
    assert out["candidates"].empty or "Clinton" not in set(out["candidates"].alias)


def test_a_blocked_surname_with_a_title_goes_to_the_one_person_the_corpus_titles_so(tmp_path):
    mentions = [_mention(d, 0, "Hillary Clinton", "PERSON", "Hillary Clinton") for d in "abcdefgh"]
    mentions += [{**_mention(d, 30, "Clinton", "PERSON", "Hillary Clinton"), "title": "Mrs."} for d in "abc"]
    mentions += [_mention("z", 0, "Bill Clinton", "PERSON", "Bill Clinton"),
                 {**_mention("z", 30, "Clinton", "PERSON", "Bill Clinton"), "title": "Mr."},
                 {**_mention("w", 0, "Bill Clinton", "PERSON", "Bill Clinton")},
                 {**_mention("w", 30, "Clinton", "PERSON", "Bill Clinton"), "title": "Mr."}]
    mentions += [_mention("y", 0, "Bill Clinton", "PERSON", "Bill Clinton"), _mention("y", 20, "Hillary Clinton", "PERSON", "Hillary Clinton"),
                 {**_mention("y", 40, "Clinton", "PERSON", "Clinton"), "title": "Mrs."},
                 {**_mention("y", 60, "Clinton", "PERSON", "Clinton"), "title": "Mr."},
                 _mention("y", 80, "Clinton", "PERSON", "Clinton")]
    _, out = _final_tables(tmp_path, mentions, [])
    in_y = out["mentions"].query("doc_id == 'y' and text == 'Clinton'")
    assert dict(zip(in_y.start_char, in_y.entity)) == {40: "Hillary Clinton", 60: "Bill Clinton", 80: "Clinton"}
    assert set(out["aliases"].query("alias == 'Clinton' and actor != 'Clinton'").rule) == {"title"}
    assert in_y.title.tolist() == ["Mrs.", "Mr.", ""]


def test_a_dropped_actor_leaves_every_table_and_a_split_moves_mentions(tmp_path):
    mentions = [_mention("a", 0, "Getty Images", "ORG", "Getty Images"), _mention("a", 20, "Labour", "ORG", "Labour"),
                _mention("b", 0, "Labour", "ORG", "Labour"), _mention("c", 0, "Labour", "ORG", "Labour")]
    rows = [("Getty Images", "ORG", "", "ORG", "codebook: drop (line 3)"), ("Labour", "ORG", "Labour", "ORG", "")]
    splits = pd.DataFrame([("Labour", "ORG", "Scottish Labour", "ORG", "b", None),
                           ("Labour", "ORG", "Welsh Labour", "ORG", None, "cardiff")],
                          columns=["entity", "label", "into", "into_label", "doc_id", "word"])
    hits = pd.DataFrame([("c", 0, "cardiff")], columns=["doc_id", "start_char", "word"])
    _, out = _final_tables(tmp_path, mentions, [], rows, splits=splits, hits=hits)
    assert dict(zip(out["mentions"].doc_id, out["mentions"].entity)) == {
        "a": "Labour", "b": "Scottish Labour", "c": "Welsh Labour"}
    assert "Getty Images" not in set(out["entities"].entity) | set(out["actors"].actor)
    assert set(out["cooccurrence"].source) | set(out["cooccurrence"].target) <= {"Labour", "Scottish Labour", "Welsh Labour"}


def test_manifest_round_trip_and_unreadable_manifest(tmp_path):
    tables.write_manifest(tmp_path, {"model": "m", "ok": 3})
    assert tables.read_manifest(tmp_path) == {"model": "m", "ok": 3}
    (tmp_path / tables.MANIFEST).write_text("{not json", encoding="utf-8")
    assert tables.read_manifest(tmp_path) is None
    (tmp_path / tables.MANIFEST).write_text("[1, 2]", encoding="utf-8")
    assert tables.read_manifest(tmp_path) is None


def test_a_speaker_named_as_often_an_organisation_as_a_place_gets_one_actor_in_every_copy(tmp_path):
    """"BT" joins "British Telecom" as an ORG and stays "BT" as a GPE, once each in the article:
    the quote goes to the organisation whichever comes first (identical copies of one article got
    different speakers in the 20,000-article soak run, benchmarks/soak.py)."""
    mentions, quotes = [], []
    for doc in "abcdef":
        first, second = ("ORG", "GPE") if doc in "ace" else ("GPE", "ORG")
        mentions += [_mention(doc, 0, "BT", first, "BT"), _mention(doc, 10, "BT", second, "BT", sent=1)]
        quotes.append(_quote(doc, "BT", 40))
    _, out = _final_tables(tmp_path, mentions, quotes, [("BT", "ORG", "British Telecom", "ORG", "initials"),
                                                        ("BT", "GPE", "BT", "GPE", "")])
    assert set(out["quotes"].speaker) == {"British Telecom"}

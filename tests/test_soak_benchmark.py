"""The union check of benchmarks/soak.py on a 3-article corpus: one story under two copy ids and
one JSON Lines record, analysed whole and in parts; a planted difference is found."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from analysis import pipeline, tables

_PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "soak.py"
_spec = importlib.util.spec_from_file_location("nb_soak", _PATH)
soak = importlib.util.module_from_spec(_spec)
sys.modules["nb_soak"] = soak  # dataclasses look their module up while the module loads
_spec.loader.exec_module(soak)

pytestmark = pytest.mark.model

STORY = (b"Blair backs new schools plan\n\nTony Blair said on Monday that Labour would build 200 schools in "
         b"London. \"We will keep our promise,\" Mr Blair told reporters. Gordon Brown agreed.\n")
RECORD = json.dumps({"id": "wire-1", "title": "Senate vote", "source": "wire", "date": "2016-01-05",
                     "text": "Senator Mitch McConnell said the Senate would vote on Tuesday. "
                             "\"It is time,\" McConnell said in Washington."}) + "\n"


def _analyse(corpus: Path, out: Path) -> dict:
    # every copy counted, as the benchmark runs by default: its repeated copies are all duplicates
    pipeline.analyze(str(corpus), str(out), jobs=1, cache_dir=False, duplicates="each")
    return tables.load_tables(out)


def test_the_union_check_holds_on_a_tiny_corpus_and_finds_a_planted_difference(tmp_path):
    bbc = [("news", "001", STORY)]
    big = soak.lay_out(tmp_path / "big", bbc, [1, 1], [RECORD])
    parts = [soak.lay_out(tmp_path / "part-bbc", bbc, [1], []), soak.lay_out(tmp_path / "part-wire", bbc, [], [RECORD])]
    run = _analyse(big, tmp_path / "out-big")
    assert sorted(run["articles"].doc_id) == ["c00-news-001", "c01-news-001", "wire-1"]
    part_tables = [_analyse(p, tmp_path / f"out-{i}") for i, p in enumerate(parts)]

    def check(tables_of_run):
        roots = (str(big), [str(p) for p in parts])
        return {c.name: c for c in soak.union_check(tables_of_run, part_tables, roots=roots,
                                                    to_part=soak.to_first_copy, once=False)}

    checks = check(run)
    assert all(c.ok for c in checks.values()), [c for c in checks.values() if not c.ok]
    assert checks["mentions: per-article columns = union of the parts"].rows == len(run["mentions"]) > 0
    assert checks["mentions in all: entities.mentions summed = the parts' rows"].differences == 0

    moved = run["mentions"].copy()
    second = moved.index[moved.doc_id == "c01-news-001"][0]
    moved.loc[second, "end_char"] += 1  # one mention of the second copy, one character longer
    renamed = run["quotes"].copy()
    renamed.loc[renamed.index[0], "speaker"] = "Someone Else"
    checks = check({**run, "mentions": moved, "quotes": renamed})
    assert checks["mentions: per-article columns = union of the parts"].differences == 2  # one row each side
    assert not checks["mentions: every copy = the first copy, within the run"].ok
    speakers = checks["quotes: speaker, speakers (corpus-wide resolution) = the parts'"]
    assert speakers.ok and speakers.differences == 1  # reported, not failed

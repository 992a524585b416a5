"""The scorer of benchmarks/accuracy.py on tiny hand-made gold/prediction cases."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "accuracy.py"
_spec = importlib.util.spec_from_file_location("nb_accuracy", _PATH)
acc = importlib.util.module_from_spec(_spec)
sys.modules["nb_accuracy"] = acc  # dataclasses look their module up while the module loads
_spec.loader.exec_module(acc)

TEXT = "Intro line.\n\n“We win,” Li said. Li also said the talks were “very good” overall.\n\nThe end."


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("  “Hello —  World”  ", 'hello - world'),
        ("‘It’s’", "it's"),
        ("Plain", "plain"),
    ],
)
def test_normalise(raw, expected):
    assert acc.normalise(raw) == expected


def test_locate_uses_offsets_then_search_then_fuzzy():
    art = acc.Article(TEXT)
    s = TEXT.index("“We win,”")
    # offsets valid: trimmed of quotation marks
    assert acc.locate(art, "“We win,”", s, s + 9) == (s + 1, s + 8)
    # wrong offsets / straight marks: found by search
    assert acc.locate(art, '"We win,"', 0, 3) == (s + 1, s + 8)
    # fuzzy: words out of place still land on the right stretch
    span = acc.locate(art, "talks were very good overall extra")
    assert span is not None and TEXT[span[0] : span[1]].startswith("talks were")
    assert acc.locate(art, "completely unrelated words here") is None


def test_locate_nearest_occurrence():
    text = "He said yes. Later he said yes."
    art = acc.Article(text)
    assert acc.locate(art, "yes", 25, 28) == (27, 30)
    assert acc.locate(art, "yes", 0, 2) == (8, 11)


@pytest.mark.parametrize(
    "a, b, ok",
    [
        ("President Trump", "Donald Trump", True),
        ("Putin", "Vladimir Putin", True),
        ("Li", "Li Shangfu", True),
        ("Mr. Smith", "Smith", True),
        ("he", "Donald Trump", False),
        ("", "Donald Trump", False),
        ("Trump's", "Donald Trump", True),
        ("Trump's office", "Donald Trump", False),
        ("the security firm", "Cisco Talos", False),
        ("Jane Doe", "John Smith", False),
    ],
)
def test_name_rule(a, b, ok):
    assert acc.names_match(a, b) is ok


def L(s, e, kind="direct", speaker="Li", cue="said"):
    return acc.Located(s, e, kind, speaker, cue)


def test_greedy_matching_is_asymmetric_and_strict():
    gold = [L(0, 100)]
    assert acc.greedy_match(gold, [L(0, 30)], 0.3) == []  # exactly 0.3 is not > 0.3
    assert acc.greedy_match(gold, [L(0, 31)], 0.3) == [(0, 0)]
    # a huge prediction covers the gold fully: passes the GGT score, fails the symmetric one
    assert acc.greedy_match(gold, [L(0, 1000)], 0.8) == [(0, 0)]
    assert acc.greedy_match(gold, [L(0, 1000)], 0.5, acc.overlap_symmetric) == []


def test_greedy_matching_takes_gold_in_order_and_pairs_once():
    gold = [L(0, 10), L(5, 15)]
    pred = [L(5, 15)]
    # first gold takes the only prediction (0.5 > 0.3); the second gold is left unpaired
    assert acc.greedy_match(gold, pred, 0.3) == [(0, 0)]


def test_article_counts_speaker_cue_and_kinds():
    gold = [L(0, 10, "direct", "Li Shangfu", "said"), L(20, 40, "indirect", "Li Shangfu", "said"), L(50, 60, "direct", "Putin", "")]
    pred = [L(0, 10, "direct", "Li", "said"), L(20, 40, "direct", "he", "told"), L(70, 80, "indirect", "X", "")]
    c = acc.score_article_quotes(gold, pred, n_unlocated=1, threshold=0.3)
    assert (c["all"].tp, c["all"].fp, c["all"].fn) == (2, 2, 1)  # 1 unlocated counts as FP
    assert c["all"].speaker_ok == 1 and c["all"].cue_ok == 1
    assert (c["direct"].tp, c["direct"].fn) == (1, 1)
    assert c["paired_pred_direct"].tp == 2  # both paired predictions were predicted direct
    assert c["indirect"].fp == 1


def test_quote_report_end_to_end_on_one_article():
    s = TEXT.index("“We win,”")
    gold = {"a": [{"text": "“We win,”", "speaker": "Li Shangfu", "verb": "said", "kind": "direct", "start_char": s, "end_char": s + 9}]}
    pred = {"a": [{"text": "We win,", "speaker": "Li Shangfu", "speaker_text": "Li", "cue": "said", "kind": "direct", "start_char": "", "end_char": ""},
                  {"text": "not in the article at all zzz", "speaker": "", "speaker_text": "", "cue": "", "kind": "direct"}]}
    rep = acc.quote_report(gold, pred, {"a": TEXT})
    f = rep["overlap>0.8"]["all"]
    assert (f["tp"], f["fp"], f["fn"]) == (1, 1, 0)
    assert f["speaker_acc"] == 1.0 and f["cue_acc"] == 1.0
    assert rep["unlocated_predictions"] == 1


def test_pred_kind_mapping_and_inference():
    t = 'He said "go" now'
    assert acc.pred_kind("partial", "", t, 0, 2) == "direct"
    assert acc.pred_kind("indirect", "", t, 0, 2) == "indirect"
    assert acc.pred_kind("", "go", t, 9, 11) == "direct"  # a mark right next to the span
    assert acc.pred_kind("", "He", t, 0, 2) == "indirect"


def test_people_max_matching_counts_unmerged_alias_as_fp():
    gold = {"a": ["Donald Trump", "Nancy Pelosi"]}
    rows = {"a": [
        {"label": "PERSON", "entity": "Donald Trump", "text": "Donald Trump"},
        {"label": "PERSON", "entity": "Trump", "text": "Trump"},
        {"label": "PERSON", "entity": "", "text": "Pelosi"},
        {"label": "ORG", "entity": "Congress", "text": "Congress"},
    ]}
    rep = acc.people_report(gold, rows)
    assert (rep["tp"], rep["fp"], rep["fn"]) == (2, 1, 0)


def test_max_bipartite_finds_augmenting_path():
    # greedy would pair "Smith" with "John Smith" first and leave "Jane Smith" unmatched
    left = ["Smith", "John Smith"]
    right = ["John Smith", "Jane Smith"]
    assert acc.max_bipartite(left, right, acc.names_match) == 2


def test_conll_exact_span_and_label_mapping():
    gold = {"000": [{"start_char": 0, "end_char": 5, "label": "PER"}, {"start_char": 10, "end_char": 16, "label": "LOC"}]}
    pred = {"000": [(0, 5, "PERSON"), (0, 5, "PERSON"), (10, 16, "GPE"), (20, 24, "DATE"), (30, 33, "ORG")]}
    rep = acc.conll_report(gold, pred)
    assert (rep["overall"]["tp"], rep["overall"]["fp"], rep["overall"]["fn"]) == (2, 1, 0)
    assert rep["LOC"]["f1"] == 1.0
    assert rep["ORG"]["fp"] == 1


def test_split_is_deterministic_and_disjoint():
    ids = [f"d{i}" for i in range(5)]
    h1, h2 = acc.split_ids(ids[::-1], "half1"), acc.split_ids(ids, "half2")
    assert h1 == ["d0", "d1", "d2"] and h2 == ["d3", "d4"]
    assert acc.split_ids(ids, "all") == ids


def test_main_scores_written_tables(tmp_path, monkeypatch, capsys):
    """The CLI path: --tables DIR with a hand-made eval set (no model, no real data)."""
    import json

    ggt = tmp_path / "ggt"
    (ggt / "articles").mkdir(parents=True)
    (ggt / "articles" / "a1.txt").write_text(TEXT, encoding="utf-8")
    s = TEXT.index("“We win,”")
    gold = {"doc_id": "a1", "people": ["Li Shangfu"],
            "quotes": [{"text": "“We win,”", "speaker_text": "Li", "verb": "said", "speaker": "Li Shangfu",
                        "kind": "direct", "start_char": s, "end_char": s + 9}]}
    (ggt / "gold.jsonl").write_text(json.dumps(gold) + "\n", encoding="utf-8")
    tables = tmp_path / "tables"
    tables.mkdir()
    (tables / "quotes.csv").write_text(
        "doc_id,quote_id,kind,text,speaker,speaker_text,cue,start_char,end_char\n"
        f'a1,0,direct,"“We win,”",Li Shangfu,Li,said,{s},{s + 9}\n', encoding="utf-8")
    (tables / "mentions.csv").write_text(
        "doc_id,sent_id,para_id,start_char,end_char,text,label,entity\n"
        f"a1,1,1,{s + 10},{s + 12},Li,PERSON,Li Shangfu\n", encoding="utf-8")
    monkeypatch.setattr(acc, "GGT_DIR", ggt)
    assert acc.main(["--set", "ggt", "--tables", str(tables), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["quotes"]["overlap>0.8"]["all"]["f1"] == 1.0
    assert out["quotes"]["overlap>0.8"]["all"]["speaker_acc"] == 1.0
    assert out["people"]["f1"] == 1.0


def test_missing_column_is_an_error(tmp_path):
    (tmp_path / "quotes.csv").write_text("doc_id,text\nx,y\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="lacks column"):
        acc.read_table(tmp_path, "quotes", ["doc_id", "text", "start_char"])


def test_per_sieve_precision_and_coverage():
    gold = [L(0, 10, "direct", "Li Shangfu", "said"), L(20, 40, "indirect", "Li Shangfu", "said"),
            L(50, 60, "direct", "Putin", ""), L(70, 80, "direct", "Putin", "")]
    pred = [acc.Located(0, 10, "direct", "Li", "said", "cue_subject"),
            acc.Located(20, 40, "indirect", "Xi Jinping", "said", "pronoun_antecedent"),
            acc.Located(50, 60, "direct", "Vladimir Putin", "", "floating_previous"),
            acc.Located(70, 80, "direct", "", "", ""),
            acc.Located(90, 99, "direct", "Li", "said", "cue_subject")]  # matches no gold: not counted
    counts = acc.sieve_counts(gold, pred, threshold=0.3)
    assert counts == {"cue_subject": [1, 1], "pronoun_antecedent": [1, 0], "floating_previous": [1, 1],
                      acc.NO_SPEAKER: [1, 0]}
    rep = acc.sieve_report(counts)
    assert list(rep)[-1] == acc.NO_SPEAKER
    assert rep["cue_subject"] == {"decided": 1, "correct": 1, "precision": 1.0, "coverage": 0.25}
    assert rep["pronoun_antecedent"]["precision"] == 0.0
    assert sum(r["coverage"] for r in rep.values()) == 1.0
    # registry order when the library is importable, unknown names after it
    ordered = acc._registry_order({"zz_unknown": [1, 0], "floating_previous": [1, 1], "cue_subject": [2, 2]})
    assert list(ordered) == ["cue_subject", "floating_previous", "zz_unknown"]


def test_quote_report_has_sieves_only_when_the_table_names_them():
    s = TEXT.index("“We win,”")
    gold = {"a": [{"text": "“We win,”", "speaker": "Li Shangfu", "verb": "said", "kind": "direct", "start_char": s, "end_char": s + 9}]}
    row = {"text": "“We win,”", "speaker": "Li Shangfu", "speaker_text": "Li", "cue": "said", "kind": "direct",
           "start_char": s, "end_char": s + 9}
    assert "sieves" not in acc.quote_report(gold, {"a": [row]}, {"a": TEXT})
    rep = acc.quote_report(gold, {"a": [{**row, "sieve": "cue_subject"}]}, {"a": TEXT})
    assert rep["sieves"] == {"cue_subject": {"decided": 1, "correct": 1, "precision": 1.0, "coverage": 1.0}}
    printed = acc._fmt_quotes(rep)
    assert "speaker sieve (overlap>0.3)" in printed and "cue_subject" in printed

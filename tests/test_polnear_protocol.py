"""The PolNeAR attribution scorer of benchmarks/polnear.py on tiny hand-made texts and gold
(README of the shared eval data, section 5). No PolNeAR text is used here; the one test
on the real dev set only counts its attributions and skips when the data is absent."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from conftest import SHARED

_PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "polnear.py"
_spec = importlib.util.spec_from_file_location("nb_polnear", _PATH)
pn = importlib.util.module_from_spec(_spec)
sys.modules["nb_polnear"] = pn  # dataclasses look their module up while the module loads
_spec.loader.exec_module(pn)


def span(text: str, part: str, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return {"start_char": start, "end_char": start + len(part), "text": part}


def attr(text: str, content: list[str], source: str | None, cue: str, kind: str = "Attribution") -> dict:
    return {"id": "E1", "type": kind if source else "Attribution-no-source",
            "source": [span(text, source)] if source else [], "cue": [span(text, cue)] if cue else [],
            "content": [span(text, c) for c in content]}


def G(parts, source="he", speech=True, kind="indirect"):
    return pn.Gold(tuple(parts), source, speech, kind)


def P(start, end, speaker_text="", speaker="", sieve=""):
    return pn.Pred(start, end, speaker, speaker_text, sieve)


# ---------------------------------------------------------------------------- step 3


@pytest.mark.parametrize(
    "cue, speech",
    [
        ("said", True), ("tells", True), ("claimed", True), ("denying", True), ("pointed out", True),
        ("according to", True), ("points out", True), ("admitted", True), ("testified", True),
        ("writing", True), ("written", True), ("denies", True), ("has said", True), ("Told", True),
        ("said:", True), ("emphasised", True), ("is urging", True), ("quipped", True),
        ("thinks", False), ("believes", False), ("shows", False), ("pointed to", False),
        ("according", False), ("out", False), (":", False), ("wants", False), ("", False),
    ],
)
def test_reporting_verb_inflections(cue, speech):
    assert pn.is_reporting_cue(cue) is speech


def test_verb_list_is_a_benchmark_constant():
    assert "say" in pn.REPORTING_VERBS and "pledge" in pn.REPORTING_VERBS and "think" not in pn.REPORTING_VERBS
    assert {"said", "told", "wrote", "written"} <= pn.REPORTING_FORMS


T = "Ann Lee said the plan works. Voters believe it fails. “It is late,” Bo Kim thinks. Polls show gains."


@pytest.mark.parametrize(
    "content, source, cue, speech",
    [
        (["the plan works"], "Ann Lee", "said", True),  # reporting verb
        (["it fails"], "Voters", "believe", False),  # belief
        (["“It is late,”"], "Bo Kim", "thinks", True),  # quotation marks make it speech
        (["gains"], "Polls", "show", False),  # evidence
        (["the plan works"], None, "said", False),  # sourceless: other
    ],
)
def test_speech_vs_other(content, source, cue, speech):
    assert pn.is_speech(attr(T, content, source, cue)) is speech


def test_opening_single_mark_and_kind():
    text = "'We go,' Al said. Al said we go."
    direct = pn.gold_from_attribution(text, attr(text, ["'We go,'"], "Al", "said"))
    indirect = pn.gold_from_attribution(text, attr(text, ["we go"], "Al", "said"))
    assert direct.kind == "direct" and indirect.kind == "indirect"
    # trimmed of quotation marks (and the comma stays: only whitespace and marks go)
    assert text[direct.first:direct.last] == "We go,"


def test_attribution_without_content_is_dropped():
    assert pn.gold_from_attribution(T, {"source": [], "cue": [], "content": []}) is None


def test_first_annotator_only():
    recs = [{"doc_id": "d", "annotator": "zz9", "attributions": [1]},
            {"doc_id": "d", "annotator": "a17", "attributions": [2]},
            {"doc_id": "e", "annotator": "m", "attributions": [3]}]
    first = pn.first_annotator(recs)
    assert first["d"]["annotator"] == "a17" and first["e"]["annotator"] == "m"


def test_article_gold_orders_by_text_and_splits_speech():
    rec = {"attributions": [attr(T, ["gains"], "Polls", "show"), attr(T, ["the plan works"], "Ann Lee", "said"),
                            attr(T, ["“It is late,”"], "Bo Kim", "thinks")]}
    speech, other = pn.article_gold(T, rec)
    assert [T[g.first:g.last] for g in speech] == ["the plan works", "It is late,"]
    assert [T[g.first:g.last] for g in other] == ["gains"]


# ---------------------------------------------------------------------------- steps 2 and 5


TD = "“Taxes go up,” he said, “and jobs go.”"


def test_discontinuous_gold_is_a_character_set_with_a_neutral_gap():
    g = pn.gold_from_attribution(TD, attr(TD, ["“Taxes go up,”", "“and jobs go.”"], "he", "said"))
    assert [TD[s:e] for s, e in g.parts] == ["Taxes go up,", "and jobs go."]
    assert g.size == 24
    first_piece = P(*g.parts[0])
    whole = P(g.first, g.last)  # runs over the gap " he said, "
    assert pn.overlap_gold(g, first_piece) == pytest.approx(0.5)
    assert pn.overlap_gold(g, whole) == 1.0
    # symmetric: the gap characters of the prediction count in neither intersection nor union
    assert pn.overlap_symmetric(g, whole) == 1.0
    assert pn.overlap_symmetric(g, first_piece) == pytest.approx(12 / 24)


@pytest.mark.parametrize(
    "pred, inter, union",
    [
        ((10, 20), 10, 20),  # exactly the first part
        ((10, 40), 20, 20),  # the hull: gap 20-30 left out
        ((0, 40), 20, 30),  # 10 characters before the gold
        ((5, 45), 20, 30),  # 5 before, 5 after
        ((25, 60), 10, 40),  # starts in the gap, 20 beyond the end
        ((50, 60), 0, 30),  # disjoint
    ],
)
def test_symmetric_union_leaves_gaps_out(pred, inter, union):
    g = G([(10, 20), (30, 40)])
    p = P(*pred)
    assert pn.intersection(g, p) == inter
    assert pn.overlap_symmetric(g, p) == pytest.approx(inter / union)


def test_threshold_is_strict():
    g = G([(0, 100)])
    assert pn.match([g], [P(0, 30)], 0.3, pn.overlap_gold, {0}) == []
    assert pn.match([g], [P(0, 31)], 0.3, pn.overlap_gold, {0}) == [(0, 0)]
    # a paragraph-long prediction passes the asymmetric score, not the symmetric one
    assert pn.match([g], [P(0, 1000)], 0.8, pn.overlap_gold, {0}) == [(0, 0)]
    assert pn.match([g], [P(0, 1000)], 0.5, pn.overlap_symmetric, {0}) == []


@pytest.mark.parametrize(
    "preds, winner",
    [
        # highest score first
        ([P(0, 60), P(0, 100)], 1),
        # equal score 1.0: the higher symmetric overlap (the tighter span)
        ([P(0, 150), P(0, 120)], 1),
        # equal score and symmetric: the agreeing source
        ([P(0, 120, "she"), P(0, 120, "he")], 1),
        ([P(0, 120, "he"), P(0, 120, "she")], 0),
        # all equal: the earlier prediction
        ([P(0, 120, "she"), P(0, 120, "they")], 0),
    ],
)
def test_tie_break_order(preds, winner):
    g = G([(0, 100)], source="he")
    assert pn.match([g], preds, 0.3, pn.overlap_gold, set(range(len(preds)))) == [(0, winner)]


def test_speech_first_then_other_with_leftovers():
    speech = [G([(0, 50)])]
    other = [G([(0, 50)], speech=False), G([(60, 90)], speech=False)]
    preds = [P(0, 50), P(60, 90)]
    free = {0, 1}
    assert pn.match(speech, preds, 0.3, pn.overlap_gold, free) == [(0, 0)]
    assert pn.match(other, preds, 0.3, pn.overlap_gold, free) == [(1, 1)]
    assert free == set()


# ---------------------------------------------------------------------------- step 7


@pytest.mark.parametrize(
    "gold, speaker_text, speaker, ok",
    [
        ("he", "he", "", True),
        ("He", "he", "Donald Trump", True),
        ("Donald Trump", "Trump", "", True),
        ("Trump", "Donald Trump", "", True),  # head "trump" among the speaker_text tokens
        ("Mr. Kelly, a retired astronaut,", "Kelly", "", True),  # head before the comma
        ("Mr. Kelly, a retired astronaut,", "the astronaut", "", True),  # last-token head
        ("Sen. Ann Roe (D-Ore.)", "Roe", "", True),  # head before the parenthesis
        ("the Clinton campaign", "the campaign", "", True),  # determiners dropped
        ("the Clinton campaign", "Clinton", "", True),  # speaker_text tokens inside the gold
        ("a poll", "this poll", "", True),
        ("the U.S. government", "U.S.", "", True),  # "U.S." -> "us", inside the gold
        ("U.S. officials", "officials in the US", "", True),
        ("Trump’s campaign", "the campaign", "", True),  # possessive 's dropped
        ("he", "", "Donald Trump", False),  # a resolved-only speaker never agrees with a pronoun
        ("Mr. Trump", "", "", False),
        ("Donald Trump", "", "Donald Trump", True),  # the head among the speaker tokens
        ("the Clinton campaign", "Clinton aides", "", False),
        ("she", "he", "", False),
        ("", "he", "he", False),  # sourceless never agrees
        ("that", "that", "", True),  # a determiner alone is kept
    ],
)
def test_source_agreement(gold, speaker_text, speaker, ok):
    assert pn.source_agrees(gold, speaker_text, speaker) is ok


@pytest.mark.parametrize(
    "text, tokens",
    [
        ("U.S.", ("us",)),
        ("The Clinton-Kaine campaign’s", ("clinton", "kaine", "campaign")),
        ("those", ("those",)),
        ("Mr. Kelly, a retired astronaut,", ("mr", "kelly", "a", "retired", "astronaut")),
    ],
)
def test_source_tokens(text, tokens):
    assert pn.source_tokens(text) == tokens


def test_source_heads():
    assert pn.source_heads("Mr. Kelly, a retired astronaut,") == {"kelly", "astronaut"}
    assert pn.source_heads("the Clinton campaign") == {"campaign"}


# ---------------------------------------------------------------------------- steps 6, 8, 9


def test_precision_counts_predictions_paired_with_other_attributions():
    speech = [G([(0, 50)], "he", kind="direct"), G([(100, 150)], "Ann", kind="indirect")]
    other = [G([(200, 250)], "voters", speech=False), G([(300, 350)], "", speech=False)]
    preds = [P(0, 50, "he"), P(200, 250, "voters"), P(300, 350, "they"), P(400, 450, "x")]
    t = pn.score_article(speech, other, preds, n_unlocated=1, threshold=0.3, score=pn.overlap_gold)
    f = pn.figures(t)
    assert (f["tp"], f["other_paired"], f["fp"], f["fn"], f["predictions"]) == (1, 2, 2, 1, 5)
    assert f["precision"] == pytest.approx(3 / 5) and f["recall"] == pytest.approx(1 / 2)
    # quote+source: the sourceless other never agrees; "voters" does
    assert f["qs_precision"] == pytest.approx(2 / 5) and f["qs_recall"] == pytest.approx(1 / 2)
    assert f["source_acc"] == 1.0
    assert f["by_kind"]["direct"] == {"gold": 1, "paired": 1, "recall": 1.0, "source_acc": 1.0, "qs_recall": 1.0}
    assert f["by_kind"]["indirect"]["recall"] == 0.0


def test_step9_counts_false_positives_inside_a_paired_speech_attribution():
    speech = [G([(0, 100), (120, 200)])]
    preds = [P(0, 100), P(130, 190), P(95, 125), P(300, 320), P(150, 200)]
    t = pn.score_article(speech, [], preds, 0, 0.3, pn.overlap_gold)
    f = pn.figures(t)
    # (130,190) and (150,200) lie inside; (95,125) is 10/30 inside (the gap is not inside); (300,320) is outside
    assert (f["tp"], f["fp"], f["fp_inside_paired_speech"]) == (1, 4, 2)
    # an unpaired gold does not make its predictions "inside a paired" one
    t2 = pn.score_article(speech, [], [P(130, 160)], 0, 0.8, pn.overlap_gold)
    assert (t2.paired["all"], t2.inside_paired) == (0, 0)


def test_sieve_stats_and_report_end_to_end():
    text = "Ann Lee said the plan works. Voters believe it fails. Bo Kim said taxes rise."
    rec = {"attributions": [attr(text, ["the plan works"], "Ann Lee", "said"), attr(text, ["it fails"], "Voters", "believe"),
                            attr(text, ["taxes rise"], "Bo Kim", "said")]}
    rows = [
        {"text": "the plan works", "speaker_text": "Lee", "speaker": "Ann Lee", "start_char": "", "end_char": "", "sieve": "verb"},
        {"text": "it fails", "speaker_text": "", "speaker": "", "start_char": "", "end_char": "", "sieve": ""},
        {"text": "taxes rise", "speaker_text": "Ann", "speaker": "Ann Lee", "start_char": "0", "end_char": "3", "sieve": "verb"},
        {"text": "zebra quantum lattice", "speaker_text": "", "speaker": "", "sieve": "colon"},
    ]
    rep = pn.polnear_report({"a": rec}, {"a": rows}, {"a": text}, with_sieve=True)
    assert rep["speech_attributions"] == {"all": 2, "direct": 0, "indirect": 2}
    assert (rep["other_attributions"], rep["predictions"], rep["unlocated_predictions"]) == (1, 4, 1)
    f = rep["overlap>0.3"]
    assert (f["tp"], f["other_paired"], f["fp"], f["fn"]) == (2, 1, 1, 0)
    assert f["sieves"] == {"verb": {"paired": 2, "source_acc": 0.5, "coverage": 1.0}}
    assert "sieves" not in rep["symmetric>0.5"]
    assert "per sieve" in pn.format_report(rep, "all")


def test_split_mirrors_accuracy_split_ids():
    ids = [f"d{i}" for i in range(5)]
    assert pn.split_ids(ids, "half1") == pn.acc.split_ids(ids, "half1")
    assert pn.split_ids(ids, "half1") + pn.split_ids(ids, "half2") == ids


def test_read_quotes_detects_sieve_and_group_columns(tmp_path):
    (tmp_path / "quotes.csv").write_text(",".join(pn.QUOTE_COLUMNS) + ",sieve\n", encoding="utf-8")
    rows, with_sieve, with_groups = pn.read_quotes(tmp_path)
    assert rows == {} and with_sieve and not with_groups
    (tmp_path / "quotes.csv").write_text(",".join(pn.QUOTE_COLUMNS) + ",group_id,sieve\n", encoding="utf-8")
    assert pn.read_quotes(tmp_path)[1:] == (True, True)


def test_pieces_of_one_quotation_score_as_one_prediction_by_quotation():
    """'"A," he said, "B."' is one PolNeAR attribution with two content parts; the two rows
    sharing a group_id are one prediction per quotation, with the cued piece's speaker."""
    text = '"We will win the state," Ann Lee said, "and we will win it soon." Bo Kim said taxes rise.'
    a, b = '"We will win the state,"', '"and we will win it soon."'
    rec = {"attributions": [attr(text, [a, b], "Ann Lee", "said"), attr(text, ["taxes rise"], "Bo Kim", "said")]}
    rows = [
        {"text": a, "speaker_text": "Ann Lee", "speaker": "Ann Lee", "cue": "said", "group_id": "0", "sieve": "verb"},
        {"text": b, "speaker_text": "", "speaker": "Ann Lee", "cue": "", "group_id": "0", "sieve": "floating"},
        {"text": "taxes rise", "speaker_text": "Bo Kim", "speaker": "Bo Kim", "cue": "said", "group_id": "2",
         "sieve": "verb"},
    ]
    by_piece = pn.polnear_report({"a": rec}, {"a": rows}, {"a": text}, unit="piece")["symmetric>0.5"]
    by_quote = pn.polnear_report({"a": rec}, {"a": rows}, {"a": text}, unit="quotation")["symmetric>0.5"]
    assert (by_piece["tp"], by_piece["fp"]) == (2, 1)  # the longer piece is over half the union; the other is FP
    assert (by_quote["tp"], by_quote["fp"], by_quote["source_acc"]) == (2, 0, 1.0)


def test_main_without_the_data_says_so_and_exits_zero(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(pn, "POLNEAR_DIR", tmp_path / "absent")
    assert pn.main(["--tables", str(tmp_path)]) == 0
    assert "not found" in capsys.readouterr().out


# ---------------------------------------------------------------------------- the real dev set

POLNEAR = SHARED / "eval" / "polnear-dev"


@pytest.mark.skipif(not (POLNEAR / "gold.jsonl").is_file(), reason="shared PolNeAR dev data absent")
def test_dev_counts_match_the_readme():
    records, texts = pn.load_polnear("all", POLNEAR)
    speech = other = direct = 0
    for doc_id, rec in records.items():
        s, o = pn.article_gold(texts[doc_id], rec)
        speech += len(s)
        other += len(o)
        direct += sum(g.kind == "direct" for g in s)
    assert len(records) == 84
    assert (speech, direct, speech - direct, other) == (1326, 673, 653, 866)

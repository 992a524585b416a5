"""Attribution accuracy of newsbrief on PolNeAR dev (../shared/eval/polnear-dev).

Implements section 5 of /work/shared/eval/README.md, steps 1-9: the first annotator's
attributions; content spans trimmed, a discontinuous content as a set of characters whose
gaps are neutral; speech attributions (the recall set) against other attributions
(beliefs, evidence, sourceless ones); predictions located as in section 1 step 1; matching
at overlap > 0.3, overlap > 0.8 and symmetric > 0.5 (gaps left out of the union), speech
attributions first, then other attributions; precision counting predictions paired with
other attributions; source agreement by heads; the split by gold kind; and the count of
false positives lying inside an already paired speech attribution.

Usage:
    python benchmarks/polnear.py                    # runs `newsbrief analyze` on the articles
    python benchmarks/polnear.py --tables DIR       # scores DIR/quotes.csv written before
    options: --split half1|half2|all  --json

Span locating, normalisation, the halves and table reading are those of
benchmarks/accuracy.py (imported). The scoring functions are pure and importable
(tests/test_polnear_protocol.py).
"""
from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Sequence

ROOT = Path(__file__).resolve().parents[1]
EVAL_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval"
POLNEAR_DIR = EVAL_DIR / "polnear-dev"


def _load_accuracy():
    """benchmarks/accuracy.py of this tree (benchmarks/ is not a package)."""
    name = "nb_accuracy"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, Path(__file__).resolve().with_name("accuracy.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


acc = _load_accuracy()
Article, locate, trim_span, normalise, split_ids = acc.Article, acc.locate, acc.trim_span, acc.normalise, acc.split_ids

# ---------------------------------------------------------------------------- step 3: speech cues

# The protocol's reporting verbs (README section 5, step 3), not a rule of the analysis.
REPORTING_VERBS = (
    "say", "tell", "add", "claim", "argue", "note", "explain", "ask", "state", "write", "announce",
    "warn", "insist", "suggest", "report", "declare", "deny", "admit", "acknowledge", "reply",
    "respond", "tweet", "testify", "predict", "promise", "vow", "recall", "describe", "call",
    "praise", "accuse", "urge", "confirm", "estimate", "concede", "contend", "complain", "stress",
    "emphasize", "emphasise", "observe", "boast", "joke", "quip", "caution", "assert", "maintain",
    "remark", "comment", "mention", "reveal", "disclose", "express", "propose", "recommend",
    "demand", "threaten", "pledge",
)
IRREGULAR_FORMS = ("said", "told", "wrote", "written")
TWO_WORD_CUES = (("according", "to"), ("point", "out"), ("points", "out"), ("pointed", "out"), ("pointing", "out"))
DOUBLE_MARKS = "\"“”„‟«»"
OPENING_SINGLE = "'‘‛"
DETERMINERS = frozenset("a an the this that these those another some".split())


def verb_forms(verb: str) -> set[str]:
    """base, -s/-es, -d/-ed, -ing, with final e dropped, final consonant doubled, y -> ies/ied.
    Generous on purpose: a form that is not an English word never occurs in a cue."""
    forms = {verb, verb + "s", verb + "es", verb + "d", verb + "ed", verb + "ing"}
    last = verb[-1]
    forms |= {verb + last + "ed", verb + last + "ing"}
    if last == "e":
        forms.add(verb[:-1] + "ing")
    if last == "y":
        forms |= {verb[:-1] + "ies", verb[:-1] + "ied"}
    return forms


REPORTING_FORMS = frozenset(f for v in REPORTING_VERBS for f in verb_forms(v)) | frozenset(IRREGULAR_FORMS)


def cue_words(cue: str) -> list[str]:
    return re.findall(r"[a-z]+", normalise(cue))


def is_reporting_cue(cue: str) -> bool:
    """A cue word is a reporting-verb form, or the cue holds "according to" / "point(s, ed, ing) out"."""
    words = cue_words(cue)
    if any(w in REPORTING_FORMS for w in words):
        return True
    return any(pair in TWO_WORD_CUES for pair in zip(words, words[1:]))


def joined(spans: Sequence[dict]) -> str:
    """A role's text: its parts joined by a space."""
    return " ".join(str(s.get("text", "")) for s in spans)


def has_quote_mark(content: str) -> bool:
    """Step 3/8: a double quotation mark inside, or an opening single one at the start."""
    t = content.strip()
    return any(c in t for c in DOUBLE_MARKS) or t[:1] in OPENING_SINGLE


def is_speech(attr: dict) -> bool:
    """Step 3: content, source and a speech cue (quotation marks or a reporting verb)."""
    if not attr.get("content") or not attr.get("source"):
        return False
    return has_quote_mark(joined(attr["content"])) or is_reporting_cue(joined(attr.get("cue") or []))


# ---------------------------------------------------------------------------- steps 1-2: gold


@dataclass(frozen=True)
class Gold:
    """An attribution's content as sorted, disjoint character ranges (gaps neutral)."""

    parts: tuple[tuple[int, int], ...]
    source: str
    speech: bool
    kind: str  # "direct" | "indirect"
    order: int = 0

    @property
    def size(self) -> int:
        return sum(e - s for s, e in self.parts)

    @property
    def first(self) -> int:
        return self.parts[0][0]

    @property
    def last(self) -> int:
        return self.parts[-1][1]


def first_annotator(records: Iterable[dict]) -> dict[str, dict]:
    """Step 1: per article, the record of the first annotator in sorted order."""
    out: dict[str, dict] = {}
    for rec in records:
        doc = rec["doc_id"]
        if doc not in out or str(rec.get("annotator", "")) < str(out[doc].get("annotator", "")):
            out[doc] = rec
    return out


def merge_parts(parts: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    out: list[list[int]] = []
    for s, e in sorted(p for p in parts if p[1] > p[0]):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return tuple((s, e) for s, e in out)


def gold_from_attribution(text: str, attr: dict, order: int = 0) -> Gold | None:
    """Step 2: trimmed content parts as a character set; None when there is no content."""
    spans = attr.get("content") or []
    parts = merge_parts(trim_span(text, int(s["start_char"]), int(s["end_char"])) for s in spans)
    if not parts:
        return None
    content = joined(spans)
    kind = "direct" if has_quote_mark(content) else "indirect"
    return Gold(parts, joined(attr.get("source") or []), is_speech(attr), kind, order)


def article_gold(text: str, record: dict) -> tuple[list[Gold], list[Gold]]:
    """Speech and other attributions of one article, each in text order."""
    golds = [g for i, a in enumerate(record.get("attributions", [])) if (g := gold_from_attribution(text, a, i))]
    golds.sort(key=lambda g: (g.first, g.last, g.order))
    return [g for g in golds if g.speech], [g for g in golds if not g.speech]


# ---------------------------------------------------------------------------- step 7: sources


@lru_cache(maxsize=None)
def source_tokens(text: str) -> tuple[str, ...]:
    """Lower case, quotes unified, possessive 's dropped, periods and apostrophes deleted,
    other punctuation separating words, leading determiners dropped unless nothing is left."""
    t = normalise(text or "")
    t = re.sub(r"'s\b", "", t)
    t = re.sub(r"[.']", "", t)
    toks = [w for w in re.split(r"[\W_]+", t) if w]
    i = 0
    while i < len(toks) and toks[i] in DETERMINERS:
        i += 1
    return tuple(toks[i:] or toks)


@lru_cache(maxsize=None)
def source_heads(gold_source: str) -> frozenset[str]:
    """The last token, and the last token before the first comma or opening parenthesis."""
    heads = set(source_tokens(gold_source)[-1:])
    before = re.split(r"[,(]", gold_source or "", maxsplit=1)[0]
    return frozenset(heads | set(source_tokens(before)[-1:]))


def source_agrees(gold_source: str, speaker_text: str, speaker: str) -> bool:
    """A gold head among the speaker_text or speaker tokens, or all speaker_text tokens in the gold."""
    gold = source_tokens(gold_source)
    if not gold:
        return False
    written, resolved = source_tokens(speaker_text), source_tokens(speaker)
    if source_heads(gold_source) & (set(written) | set(resolved)):
        return True
    return bool(written) and set(written) <= set(gold)


# ---------------------------------------------------------------------------- steps 4-5: match


@dataclass(frozen=True)
class Pred:
    """A located prediction (indices are text order, start then end then table order)."""

    start: int
    end: int
    speaker: str = ""
    speaker_text: str = ""
    sieve: str = ""


def agrees(g: Gold, p: Pred) -> bool:
    return source_agrees(g.source, p.speaker_text, p.speaker)


def intersection(g: Gold, p: Pred) -> int:
    return sum(max(0, min(e, p.end) - max(s, p.start)) for s, e in g.parts)


def overlap_gold(g: Gold, p: Pred) -> float:
    """|gold ∩ pred| / |gold| (GGT's asymmetric score); gap characters count nowhere."""
    return intersection(g, p) / max(1, g.size)


def overlap_symmetric(g: Gold, p: Pred) -> float:
    """|gold ∩ pred| / |gold ∪ pred|, union = |gold| + |pred| - |pred ∩ [first, last gold char]|."""
    hull = max(0, min(g.last, p.end) - max(g.first, p.start))
    union = g.size + (p.end - p.start) - hull
    return intersection(g, p) / union if union > 0 else 0.0


Score = Callable[[Gold, Pred], float]


def pair_key(g: Gold, p: Pred, pi: int, score: Score) -> tuple:
    """Highest score, then higher symmetric overlap, then an agreeing source, then the earlier prediction."""
    return (score(g, p), overlap_symmetric(g, p), agrees(g, p), -pi)


def match(golds: Sequence[Gold], preds: Sequence[Pred], threshold: float, score: Score, free: set[int]) -> list[tuple[int, int]]:
    """Each gold in order takes the free prediction of best pair_key with score > threshold.
    `free` is updated, so a second call pairs the predictions left over."""
    pairs = []
    for gi, g in enumerate(golds):
        above = [pi for pi in free if score(g, preds[pi]) > threshold]
        keys = [(pair_key(g, preds[pi], pi, score), pi) for pi in above]
        if keys:
            best = max(keys)[1]
            free.discard(best)
            pairs.append((gi, best))
    return pairs


# ---------------------------------------------------------------------------- step 6-9: count

KINDS = ("all", "direct", "indirect")


@dataclass
class Tally:
    predictions: int = 0  # located and unlocated
    unlocated: int = 0
    gold: Counter = field(default_factory=Counter)  # speech attributions per kind
    paired: Counter = field(default_factory=Counter)  # paired speech attributions per kind
    agree: Counter = field(default_factory=Counter)  # of those, source agrees
    other: int = 0  # predictions paired with an other attribution
    other_agree: int = 0
    inside_paired: int = 0  # step 9
    sieve_paired: Counter = field(default_factory=Counter)
    sieve_agree: Counter = field(default_factory=Counter)

    def add(self, o: "Tally") -> None:
        for name in ("predictions", "unlocated", "other", "other_agree", "inside_paired"):
            setattr(self, name, getattr(self, name) + getattr(o, name))
        for name in ("gold", "paired", "agree", "sieve_paired", "sieve_agree"):
            getattr(self, name).update(getattr(o, name))


def inside_paired(preds: Sequence[Pred], free: set[int], paired_gold: Sequence[Gold]) -> int:
    """Step 9: unpaired predictions with at least 80% of their characters inside a paired speech gold."""
    n = 0
    for pi in free:
        p = preds[pi]
        size = p.end - p.start
        if size > 0 and any(5 * intersection(g, p) >= 4 * size for g in paired_gold):
            n += 1
    return n


def score_article(speech: Sequence[Gold], other: Sequence[Gold], preds: Sequence[Pred], n_unlocated: int,
                  threshold: float, score: Score) -> Tally:
    """Steps 5-9 for one article (predictions in text order)."""
    free = set(range(len(preds)))
    speech_pairs = match(speech, preds, threshold, score, free)
    other_pairs = match(other, preds, threshold, score, free)
    t = Tally(predictions=len(preds) + n_unlocated, unlocated=n_unlocated, other=len(other_pairs))
    for g in speech:
        t.gold.update(("all", g.kind))
    for gi, pi in speech_pairs:
        g, p = speech[gi], preds[pi]
        ok = agrees(g, p)
        t.paired.update(("all", g.kind))
        t.sieve_paired[p.sieve] += 1
        if ok:
            t.agree.update(("all", g.kind))
            t.sieve_agree[p.sieve] += 1
    t.other_agree = sum(agrees(other[gi], preds[pi]) for gi, pi in other_pairs)
    t.inside_paired = inside_paired(preds, free, [speech[gi] for gi, _ in speech_pairs])
    return t


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def figures(t: Tally, with_sieve: bool = False) -> dict:
    """Step 6-9 figures of a tally."""
    tp, n = t.paired["all"], t.predictions
    p, r = _ratio(tp + t.other, n), _ratio(tp, t.gold["all"])
    qp, qr = _ratio(t.agree["all"] + t.other_agree, n), _ratio(t.agree["all"], t.gold["all"])
    out = {
        "precision": p, "recall": r, "f1": _f1(p, r), "source_acc": _ratio(t.agree["all"], tp),
        "qs_precision": qp, "qs_recall": qr, "qs_f1": _f1(qp, qr),
        "tp": tp, "fp": n - tp - t.other, "fn": t.gold["all"] - tp, "other_paired": t.other,
        "other_paired_source_agrees": t.other_agree, "predictions": n,
        "fp_inside_paired_speech": t.inside_paired,
        "by_kind": {k: {"gold": t.gold[k], "paired": t.paired[k], "recall": _ratio(t.paired[k], t.gold[k]),
                        "source_acc": _ratio(t.agree[k], t.paired[k]), "qs_recall": _ratio(t.agree[k], t.gold[k])}
                    for k in KINDS[1:]},
    }
    if with_sieve:
        out["sieves"] = {s or "(none)": {"paired": c, "source_acc": _ratio(t.sieve_agree[s], c), "coverage": _ratio(c, tp)}
                         for s, c in sorted(t.sieve_paired.items())}
    return out


# ---------------------------------------------------------------------------- report

SETTINGS: tuple[tuple[str, float, Score], ...] = (
    ("overlap>0.3", 0.3, overlap_gold),
    ("overlap>0.8", 0.8, overlap_gold),
    ("symmetric>0.5", 0.5, overlap_symmetric),
)
SIEVE_SETTING = "overlap>0.3"


def _offset(v) -> int | None:
    try:
        return None if v is None or v == "" else int(float(v))
    except (TypeError, ValueError):
        return None


def locate_predictions(art: Article, rows: Iterable[dict], unit: str = "piece") -> tuple[list[Pred], int]:
    """Step 4: located predictions in text order, and the number that could not be located.

    With unit "quotation", the located pieces of one quotation (rows sharing `group_id`) are one
    prediction from the first piece's start to the last one's end, with the speaker of the piece
    that has a cue (else the first): PolNeAR annotates '"A," he said, "B."' as one attribution."""
    found, unlocated = [], 0
    for i, r in enumerate(rows):
        span = locate(art, str(r.get("text", "")), _offset(r.get("start_char")), _offset(r.get("end_char")))
        if span is None:
            unlocated += 1
            continue
        pred = Pred(span[0], span[1], str(r.get("speaker") or ""), str(r.get("speaker_text") or ""), str(r.get("sieve") or ""))
        found.append((span[0], span[1], i, pred, _group_key(r, i), bool(r.get("cue"))))
    if unit == "quotation":
        found = _join_groups(found)
    found.sort(key=lambda x: x[:3])
    return [x[3] for x in found], unlocated


def _group_key(row: dict, i: int):
    group = _offset(row.get("group_id"))
    return ("row", i) if group is None else ("group", group)


def _join_groups(found: list[tuple]) -> list[tuple]:
    """One located prediction per group key: the pieces' hull, the cued piece's speaker."""
    groups: dict = {}
    for item in sorted(found, key=lambda x: x[:3]):
        groups.setdefault(item[4], []).append(item)
    out = []
    for pieces in groups.values():
        lead = next((p for p in pieces if p[5]), pieces[0])[3]
        start, end = min(p[0] for p in pieces), max(p[1] for p in pieces)
        out.append((start, end, pieces[0][2], Pred(start, end, lead.speaker, lead.speaker_text, lead.sieve),
                    pieces[0][4], True))
    return out


def polnear_report(records: dict[str, dict], pred_rows: dict[str, list[dict]], texts: dict[str, str],
                   with_sieve: bool = False, unit: str = "piece") -> dict:
    """Steps 1-9 over the articles of `records` (first-annotator records by doc_id)."""
    totals = {name: Tally() for name, _, _ in SETTINGS}
    n_other = 0
    for doc_id in sorted(records):
        art = Article(texts[doc_id])
        speech, other = article_gold(art.text, records[doc_id])
        n_other += len(other)
        preds, unlocated = locate_predictions(art, pred_rows.get(doc_id, []), unit)
        for name, threshold, score in SETTINGS:
            totals[name].add(score_article(speech, other, preds, unlocated, threshold, score))
    t = totals[SETTINGS[0][0]]
    out = {
        "articles": len(records),
        "speech_attributions": {k: t.gold[k] for k in KINDS},
        "other_attributions": n_other,
        "predictions": t.predictions,
        "unlocated_predictions": t.unlocated,
        "unit": unit,
    }
    for name, _, _ in SETTINGS:
        out[name] = figures(totals[name], with_sieve and name == SIEVE_SETTING)
    return out


# ---------------------------------------------------------------------------- I/O edges


def load_polnear(split: str = "all", data_dir: Path | None = None) -> tuple[dict[str, dict], dict[str, str]]:
    """First-annotator gold records and article texts, restricted to a half like accuracy.split_ids."""
    data_dir = data_dir or POLNEAR_DIR
    lines = (data_dir / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    records = first_annotator(json.loads(line) for line in lines if line.strip())
    ids = split_ids(sorted(records), split)
    texts = {d: (data_dir / "articles" / f"{d}.txt").read_text(encoding="utf-8") for d in ids}
    return {d: records[d] for d in ids}, texts


def run_analyze(corpus_dir: Path, out_dir: Path) -> None:
    """`newsbrief analyze` of this tree; raises SystemExit with its stderr if it fails."""
    cmd = [sys.executable, "-m", "analysis.cli", "analyze", str(corpus_dir), "--out", str(out_dir), "--quiet"]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"`{' '.join(cmd)}` failed ({proc.returncode}):\n{proc.stderr[-2000:]}\n"
                         "Use --tables DIR to score tables written elsewhere.")


QUOTE_COLUMNS = ["doc_id", "quote_id", "kind", "text", "speaker", "speaker_text", "cue", "start_char", "end_char"]


def read_quotes(data_dir: Path) -> tuple[dict[str, list[dict]], bool, bool]:
    """quotes.csv rows by doc_id, and whether the table has a sieve and a group_id column."""
    rows = acc.read_table(data_dir, "quotes", QUOTE_COLUMNS)
    with (Path(data_dir) / "quotes.csv").open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f), [])
    return acc.by_doc(rows), "sieve" in header, "group_id" in header


# ---------------------------------------------------------------------------- printing


def _fmt_setting(name: str, f: dict) -> list[str]:
    lines = [f"{name:<15}{f['precision']:7.3f}{f['recall']:7.3f}{f['f1']:7.3f}{f['source_acc']:7.3f}"
             f"{f['qs_precision']:7.3f}{f['qs_recall']:7.3f}{f['qs_f1']:7.3f}"
             f"{f['tp']:6d}{f['fp']:6d}{f['fn']:6d}{f['other_paired']:7d}{f['fp_inside_paired_speech']:7d}"]
    for k, b in f["by_kind"].items():
        lines.append(f"  {k:<13}{'':7}{b['recall']:7.3f}{'':7}{b['source_acc']:7.3f}{'':7}{b['qs_recall']:7.3f}"
                     f"{'':7}{b['paired']:6d}{'':6}{b['gold'] - b['paired']:6d}")
    return lines


def format_report(rep: dict, split: str) -> str:
    sp = rep["speech_attributions"]
    unit = rep.get("unit", "piece")
    lines = [f"PolNeAR dev attributions (split {split}): {rep['articles']} articles, {sp['all']} speech "
             f"({sp['direct']} direct, {sp['indirect']} indirect), {rep['other_attributions']} other; "
             f"{rep['predictions']} predictions ({rep['unlocated_predictions']} unlocated), one per {unit}"
             + (" (the pieces sharing a group_id joined)" if unit == "quotation" else " (quotes.csv row)"),
             f"{'setting':<15}{'P':>7}{'R':>7}{'F1':>7}{'src':>7}{'qsP':>7}{'qsR':>7}{'qsF1':>7}"
             f"{'TP':>6}{'FP':>6}{'FN':>6}{'other':>7}{'inFP':>7}"]
    for name, _, _ in SETTINGS:
        lines += _fmt_setting(name, rep[name])
    lines.append("src = source accuracy of paired speech; qs = quote+source; other = predictions paired with "
                 "other attributions (not FP); inFP = FPs >= 80% inside a paired speech attribution (step 9)")
    sieves = rep[SIEVE_SETTING].get("sieves")
    if sieves is not None:
        lines.append(f"per sieve at {SIEVE_SETTING}: {'sieve':<24}{'paired':>7}{'src':>7}{'cover':>7}")
        lines += [f"{'':<22}{s:<24}{v['paired']:7d}{v['source_acc']:7.3f}{v['coverage']:7.3f}" for s, v in sieves.items()]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tables", type=Path, help="score DIR/quotes.csv instead of running `newsbrief analyze`")
    ap.add_argument("--split", choices=["half1", "half2", "all"], default="all")
    ap.add_argument("--json", action="store_true", help="machine-readable output")
    ap.add_argument("--unit", choices=["piece", "quotation", "both"], default="both",
                    help="score each quotes.csv row, or each quotation (rows sharing group_id joined), or both")
    args = ap.parse_args(argv)
    if not (POLNEAR_DIR / "gold.jsonl").is_file() or not (POLNEAR_DIR / "articles").is_dir():
        print(f"PolNeAR dev set not found at {POLNEAR_DIR} (gold.jsonl and articles/): nothing to score.")
        return 0
    records, texts = load_polnear(args.split)
    with tempfile.TemporaryDirectory(prefix="newsbrief-polnear-") as tmp:
        data = args.tables
        if data is None:
            data = Path(tmp) / "polnear"
            run_analyze(POLNEAR_DIR / "articles", data)
        rows, with_sieve, with_groups = read_quotes(data)
    units = ("piece", "quotation") if args.unit == "both" else (args.unit,)
    if not with_groups:
        units = ("piece",)  # a table without group_id has only pieces
    reps = {unit: polnear_report(records, rows, texts, with_sieve, unit) | {"split": args.split} for unit in units}
    if args.json:
        print(json.dumps(reps if len(reps) > 1 else reps[units[0]], indent=2))
    else:
        print("\n\n".join(format_report(rep, args.split) for rep in reps.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

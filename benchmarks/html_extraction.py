"""HTML article-body extraction F1 of newsbrief's HTML reader on the Zyte benchmark pages.

Usage: .venv/bin/python benchmarks/html_extraction.py [EVAL_DIR] [--all]

EVAL_DIR defaults to ../shared/eval/html-dev (read-only; pages are never copied into the
repository). Scores the English pages (gold body detected as English by langdetect)
unless --all. Protocol: /work/shared/eval/README.md section 3 (4-token shingles over
\\w+ tokens, per-page normalised TP/FP/FN, P and R averaged over pages, F1 of the means).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from analysis.corpus import Article, detect_language, read_corpus

DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "html-dev"
_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Multiset of overlapping n-token shingles (one shorter shingle for short texts)."""
    tokens = _TOKEN.findall(text)
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def page_scores(pred: str, gold: str) -> tuple[float | None, float | None]:
    """(precision, recall) of one page; None where undefined (no predicted / no gold shingles)."""
    p, g = shingles(pred), shingles(gold)
    tp = sum((p & g).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    total = tp + fp + fn
    if total == 0:
        return 1.0, 1.0
    tp, fp, fn = tp / total, fp / total, fn / total
    precision = (1.0 if fp == 0 else tp / (tp + fp)) if tp + fp > 0 else None
    recall = (1.0 if fn == 0 else tp / (tp + fn)) if tp + fn > 0 else None
    return precision, recall


def f1(scores: list[tuple[float | None, float | None]]) -> tuple[float, float, float]:
    ps = [p for p, _ in scores if p is not None]
    rs = [r for _, r in scores if r is not None]
    precision = sum(ps) / len(ps) if ps else 0.0
    recall = sum(rs) / len(rs) if rs else 0.0
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("eval_dir", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--all", action="store_true", help="score every page, not only the English ones")
    args = parser.parse_args(argv)
    gold = json.loads((args.eval_dir / "ground-truth.json").read_text(encoding="utf-8"))
    manifest = [json.loads(line) for line in (args.eval_dir / "manifest.jsonl").read_text().splitlines() if line.strip()]

    text_scores, clean_scores, skipped = [], [], []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for page in manifest:
            body = gold[page["id"]]["articleBody"]
            found = detect_language(body)
            if not args.all and (found is None or found[0] != "en"):
                continue
            path = Path(tmp) / f"{page['id']}.html"
            path.write_bytes(gzip.decompress((args.eval_dir / page["html"]).read_bytes()))
            (item,) = read_corpus(path, language=None)
            path.unlink()
            if isinstance(item, Article):
                text_scores.append(page_scores(item.text, body))
                clean_scores.append(page_scores(item.clean_text, body))
            else:
                skipped.append((page["id"][:12], item.reason))
                text_scores.append(page_scores("", body))
                clean_scores.append(page_scores("", body))
    seconds = time.perf_counter() - started

    which = "all" if args.all else "English"
    print(f"pages scored: {len(text_scores)} ({which}); skipped by the reader: {len(skipped)}; {seconds:.1f} s")
    for name, scores in (("text", text_scores), ("clean_text", clean_scores)):
        precision, recall, score = f1(scores)
        print(f"{name:>10}: P={precision:.3f} R={recall:.3f} F1={score:.3f}")
    for page_id, reason in skipped:
        print(f"  skipped {page_id}: {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

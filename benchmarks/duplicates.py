"""How well `analysis.duplicates` finds copies, and what it costs.

(a) ``--part edits``: copies built from real articles with one kind of edit each (exact, a new
    headline, a byline added, the last paragraph dropped, k% of the words replaced, paragraphs
    shuffled, and headline + byline + last paragraph together), mixed with the whole corpus as
    distinct articles. For each kind: recall (built copies found as copies of their article) and
    precision (of the links the detector made that involve a built copy, those to its own
    article). Copies the corpus itself holds are known from an exhaustive check (b) and not
    counted against precision.
(b) ``--part corpus``: the copies the detector finds in the corpus itself, each pair printed with
    titles, outlets and dates for inspection by hand, and its recall against an exhaustive
    all-pairs check with the same rule (every pair's shingle containment, no LSH), with the
    pairs just under the threshold.
(c) ``--part scale``: time and peak memory of signatures + candidates + checks for N articles
    made of paragraphs of the corpus mixed at random (every article shares paragraphs with
    others: the hard case for candidates), and, when datasketch is installed, the memory of its
    MinHashLSH index for the same signatures (why the index here is numpy banding).

Every part prints the time per 1,000 articles. The corpus is ../shared/corpora/polnear-train.jsonl
(``--corpus polnear``) or the BBC zip (``--corpus bbc``), read from ../shared/; when absent the
script says so and exits 0.

Usage:
    python benchmarks/duplicates.py [--corpus polnear|bbc] [--part edits|corpus|scale|all]
                                    [--copies N] [--scale N] [--seed S]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import tracemalloc
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import duplicates as dup  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpora"
POLNEAR = SHARED / "polnear-train.jsonl"
BBC_ZIP = SHARED / "bbc-fulltext.zip"
BYLINES = ("By Jane Holloway, Associated Press", "By Tom Reyes and Ana Lima | Reuters",
           "From wire reports", "Story by Staff Writer, The Daily Courier")


@dataclass(frozen=True)
class Doc:
    doc_id: str
    text: str
    title: str = ""
    date: str = ""
    source: str = ""


# ----------------------------------------------------------------------------- reading

def read_polnear(path: Path = POLNEAR) -> list[Doc]:
    from analysis.corpus import Article, read_corpus

    return [Doc(a.doc_id, a.clean_text, a.title, a.date, a.source)
            for a in read_corpus(path, language=None) if isinstance(a, Article)]


def read_bbc(path: Path = BBC_ZIP) -> list[Doc]:
    from analysis.corpus import clean

    docs = []
    with zipfile.ZipFile(path) as archive:
        for name in sorted(archive.namelist()):
            if not name.endswith(".txt"):
                continue
            text = clean(archive.read(name).decode("latin-1"))
            section, stem = name.split("/")[-2], Path(name).stem
            docs.append(Doc(f"{section}-{stem}", text, text.split("\n", 1)[0].strip(), "", section))
    return docs


READERS = {"polnear": (POLNEAR, read_polnear), "bbc": (BBC_ZIP, read_bbc)}


# ----------------------------------------------------------------------------- edits

def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def new_headline(text: str, rng: random.Random) -> str:
    parts = paragraphs(text)
    return "\n\n".join([f"What {rng.choice(['voters', 'officials', 'critics'])} need to know today", *parts[1:]])


def add_byline(text: str, rng: random.Random) -> str:
    parts = paragraphs(text)
    return "\n\n".join([parts[0], rng.choice(BYLINES), *parts[1:]])


def drop_last_paragraph(text: str, rng: random.Random) -> str:
    parts = paragraphs(text)
    return "\n\n".join(parts[:-1] if len(parts) > 2 else parts)


def replace_words(share: float) -> Callable[[str, random.Random], str]:
    def edit(text: str, rng: random.Random) -> str:
        tokens = text.split(" ")
        for i in rng.sample(range(len(tokens)), int(round(share * len(tokens)))):
            tokens[i] = rng.choice(["reportedly", "also", "widely", "new", "former", "state", "local"])
        return " ".join(tokens)
    return edit


def shuffle_paragraphs(text: str, rng: random.Random) -> str:
    parts = paragraphs(text)
    body = parts[1:]
    rng.shuffle(body)
    return "\n\n".join([parts[0], *body])


def wire_rewrite(text: str, rng: random.Random) -> str:
    return drop_last_paragraph(add_byline(new_headline(text, rng), rng), rng)


EDITS: dict[str, Callable[[str, random.Random], str]] = {
    "exact": lambda text, rng: text,
    "headline": new_headline,
    "byline": add_byline,
    "last paragraph": drop_last_paragraph,
    "headline+byline+last": wire_rewrite,
    "2% words": replace_words(0.02),
    "5% words": replace_words(0.05),
    "10% words": replace_words(0.10),
    "20% words": replace_words(0.20),
    "paragraphs shuffled": shuffle_paragraphs,
}


# ----------------------------------------------------------------------------- scoring

def groups_of(copies: list[dup.Copy]) -> dict[str, str]:
    """doc_id -> the first copy of its group (originals are absent)."""
    return {c.doc_id: c.duplicate_of for c in copies}


def exhaustive_pairs(docs: list[Doc], **options) -> list[tuple[int, int, float]]:
    """Every pair the rule calls a copy, by checking all pairs (no LSH): (i, j, similarity)."""
    hashes = [dup.shingle_hashes(d.text) for d in docs]
    found = []
    for i in range(len(docs)):
        for j in range(i + 1, len(docs)):
            similarity = dup.is_copy(hashes[i], hashes[j], **options)
            if similarity is not None:
                found.append((i, j, similarity))
    return found


def near_misses(docs: list[Doc], low: float = 0.3) -> list[tuple[int, int, float, float]]:
    """Pairs whose containment is between *low* and the threshold, or over it with too short a
    shorter text: (i, j, containment, length ratio), through an inverted index of shingles."""
    hashes = [dup.shingle_hashes(d.text) for d in docs]
    owners: dict[int, list[int]] = {}
    for i, h in enumerate(hashes):
        for x in h.tolist():
            owners.setdefault(x, []).append(i)
    shared: dict[tuple[int, int], int] = {}
    for ids in owners.values():
        if len(ids) > 50:  # a phrase of many articles (boilerplate): it alone makes no copy
            continue
        for a in range(len(ids)):
            for b in range(a + 1, len(ids)):
                shared[(ids[a], ids[b])] = shared.get((ids[a], ids[b]), 0) + 1
    out = []
    for (i, j), n in shared.items():
        small, large = sorted((len(hashes[i]), len(hashes[j])))
        c = n / small
        if c >= low and (c < dup.THRESHOLD or small < dup.MIN_RATIO * large):
            out.append((i, j, c, small / large))
    return sorted(out, key=lambda r: -r[2])


def is_story(text: str) -> bool:
    """An article to build copies of: 5 paragraphs or more, the last a quarter of the words at most
    (so that a copy without it is still the story, not half of it)."""
    parts = paragraphs(text)
    return len(parts) >= 5 and len(dup.words(text)) >= 3 * dup.MIN_WORDS and 4 * len(parts[-1].split()) <= len(text.split())


def score_edit(docs: list[Doc], kind: str, n_copies: int, seed: int, source_first: dict[str, str]) -> dict:
    """Recall and precision of the detector on *n_copies* copies made with edit *kind*."""
    rng = random.Random(f"{seed}-{kind}")
    bases = rng.sample([d for d in docs if is_story(d.text)], n_copies)
    built = {f"copy{i}-of-{b.doc_id}": b.doc_id for i, b in enumerate(bases)}
    extra = [Doc(cid, EDITS[kind](base.text, rng), date="9999-12-31") for (cid, _), base in zip(built.items(), bases)]
    started = time.process_time()
    copies = dup.find_copies((d.doc_id, d.text, d.date) for d in [*docs, *extra])
    seconds = time.process_time() - started
    first = groups_of(copies)
    root = lambda d: first.get(d, d)  # noqa: E731
    found = sum(root(c) == root(b) for c, b in built.items())
    links = [c for c in copies if c.doc_id in built or c.duplicate_of in built]
    right = sum(root(built.get(c.doc_id, c.doc_id)) == root(built.get(c.duplicate_of, c.duplicate_of))
                or source_first.get(c.doc_id) == source_first.get(c.duplicate_of, "-") for c in links)
    return {"kind": kind, "copies": n_copies, "found": found, "recall": found / n_copies,
            "links": len(links), "precision": right / len(links) if links else float("nan"),
            "s_per_1000": 1000 * seconds / len(docs + extra)}


# ----------------------------------------------------------------------------- parts

def part_edits(docs: list[Doc], n_copies: int, seed: int) -> None:
    source_first = groups_of(dup.find_copies((d.doc_id, d.text, d.date) for d in docs))
    print(f"(a) built copies: {n_copies} per kind, mixed with {len(docs)} articles of the corpus")
    print(f"{'edit':24} {'found':>7} {'recall':>7} {'links':>6} {'precision':>9} {'CPU s/1000 art.':>15}")
    for kind in EDITS:
        r = score_edit(docs, kind, n_copies, seed, source_first)
        print(f"{r['kind']:24} {r['found']:>3}/{r['copies']:<3} {r['recall']:7.3f} {r['links']:6d} "
              f"{r['precision']:9.3f} {r['s_per_1000']:15.3f}")


def _pair_line(a: Doc, b: Doc, similarity: float) -> str:
    return (f"{similarity:.3f}  {a.doc_id[:40]:40} {a.source or '-'} {a.date or '-'} {a.title[:48]!r}\n"
            f"       {b.doc_id[:40]:40} {b.source or '-'} {b.date or '-'} {b.title[:48]!r}")


def part_corpus(docs: list[Doc]) -> None:
    by_id = {d.doc_id: d for d in docs}
    started, cpu = time.perf_counter(), time.process_time()
    copies = dup.find_copies((d.doc_id, d.text, d.date) for d in docs)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"(b) {len(copies)} copies among {len(docs)} articles: {1000 * cpu / len(docs):.2f} s of CPU "
          f"({1000 * seconds / len(docs):.2f} s wall) per 1,000 articles, shingles to checks")
    for c in copies:
        print(_pair_line(by_id[c.duplicate_of], by_id[c.doc_id], c.similarity))
    started = time.perf_counter()
    truth = exhaustive_pairs(docs)
    exhaustive_seconds = time.perf_counter() - started
    first = groups_of(copies)
    root = lambda d: first.get(d, d)  # noqa: E731
    found = sum(root(docs[i].doc_id) == root(docs[j].doc_id) for i, j, _ in truth)
    print(f"exhaustive all-pairs check ({len(docs) * (len(docs) - 1) // 2:,} pairs, {exhaustive_seconds:.1f} s): "
          f"{len(truth)} pairs are copies; the detector joined {found} of them "
          f"(recall {found / len(truth) if truth else float('nan'):.3f})")
    misses = near_misses(docs)
    print(f"pairs under the rule (containment >= 0.3, or shorter under {dup.MIN_RATIO:.0%} of the longer): {len(misses)}")
    for i, j, c, ratio in misses[:12]:
        print(f"  ratio {ratio:.2f} " + _pair_line(docs[i], docs[j], c).replace("\n", "\n  "))


def mixed_articles(docs: list[Doc], n: int, seed: int) -> list[str]:
    """*n* articles of 4-8 paragraphs drawn at random from the corpus's paragraphs."""
    rng = random.Random(seed)
    pool = [p for d in docs for p in paragraphs(d.text) if len(p.split()) >= 8]
    return ["\n\n".join(rng.sample(pool, rng.randint(4, 8))) for _ in range(n)]


def _run_index(texts: list[str]) -> tuple[dup.Index, list[dup.Copy], float, float]:
    """Index *texts* and find their copies, the shingles kept as bytes (in the pipeline: on disk);
    return the index, the copies and the CPU seconds of each stage."""
    started = time.process_time()
    index, kept = dup.Index(), {}
    for i, text in enumerate(texts):
        hashes = index.add(str(i), text)
        if hashes is not None:
            kept[str(i)] = hashes.tobytes()
    added = time.process_time()
    copies = index.copies(lambda ids: {i: np.frombuffer(kept[i], np.uint32) for i in ids})
    return index, copies, added - started, time.process_time() - added


def part_scale(docs: list[Doc], n: int, seed: int) -> None:
    texts = mixed_articles(docs, n, seed)
    index, copies, adding, finding = _run_index(texts)
    print(f"(c) {n:,} articles mixed from the corpus's paragraphs: CPU s per 1,000 articles: shingles and "
          f"signatures {1000 * adding / n:.2f}, candidates and checks {1000 * finding / n:.2f}; "
          f"{index.stats['candidates']:,} candidate pairs of {n * (n - 1) // 2:,}, {index.stats['checked']:,} "
          f"checked on their shingles ({index.stats['read']:,} articles read), {len(copies)} copies found")
    tracemalloc.start()
    index, _, _, _ = _run_index(texts)
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    shingles = sum(int(s) for s in index.sizes) * 4
    print(f"    memory (tracemalloc): {held / 1e6:.1f} MB held after, {peak / 1e6:.1f} MB at the peak, of which "
          f"{shingles / 1e6:.1f} MB are the shingles this script keeps in memory (the pipeline keeps them on disk)")
    _datasketch_memory(index)


def _datasketch_memory(index: dup.Index) -> None:
    try:
        from datasketch import MinHash, MinHashLSH
    except ImportError:
        print("    (datasketch not installed: its MinHashLSH is not measured)")
        return
    for bands in (16, 32):
        tracemalloc.start()
        started = time.perf_counter()
        lsh = MinHashLSH(num_perm=dup.NUM_PERM, params=(bands, dup.NUM_PERM // bands))
        for key, values in zip(index.doc_ids, index.signatures):
            lsh.insert(key, MinHash(num_perm=dup.NUM_PERM, hashvalues=values, scheme="affine32",
                                    permutations=np.array([dup._A, dup._B])), check_duplication=False)
        memory = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        print(f"    datasketch MinHashLSH, {bands} bands: {memory / 1e6:.1f} MB, "
              f"{time.perf_counter() - started:.1f} s to insert {len(index):,} signatures")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", choices=sorted(READERS), default="polnear")
    parser.add_argument("--part", choices=("edits", "corpus", "scale", "all"), default="all")
    parser.add_argument("--copies", type=int, default=100, help="copies built per edit kind (a)")
    parser.add_argument("--scale", type=int, default=20_000, help="articles of the scale test (c)")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    path, reader = READERS[args.corpus]
    if not path.exists():
        print(f"{path} not found: nothing to measure (the corpora live in ../shared/corpora/)")
        return 0
    docs = reader(path)
    print(f"{args.corpus}: {len(docs)} articles; shingles of {dup.SHINGLE_WORDS} words, {dup.NUM_PERM} permutations, "
          f"{dup.BANDS} bands of {dup.ROWS}; a copy: containment >= {dup.THRESHOLD}, length ratio >= {dup.MIN_RATIO}")
    if args.part in ("edits", "all"):
        part_edits(docs, args.copies, args.seed)
    if args.part in ("corpus", "all"):
        part_corpus(docs)
    if args.part in ("scale", "all"):
        part_scale(docs, args.scale, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())

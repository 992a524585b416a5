"""Exact and near-duplicate articles, found without comparing every pair of articles.

How a copy is found:

1. **Shingles.** An article's cleaned text is cut into words (runs of letters and digits,
   lower-cased: punctuation, quotation-mark styles and line breaks do not count), and every
   ``SHINGLE_WORDS`` consecutive words are one shingle, hashed to 32 bits (`shingle_hashes`).
2. **Signature.** A MinHash signature of ``NUM_PERM`` 32-bit values sums the set up
   (`signature`): two articles agree on a given value with a probability equal to the Jaccard
   similarity of their shingle sets. It is datasketch's ``affine32`` scheme (MurmurHash3's
   finalizer, then ``a*h + b`` mod 2**32 with seed 1's parameters), written in numpy: the values
   are the ones ``datasketch.MinHash(num_perm=128)`` gives for the same hashes, without its
   import (datasketch loads scipy: about a second per run) or its LSH index (105 MB for 20,000
   articles with 16 bands, 196 MB with 32, against a few MB here); see benchmarks/duplicates.py.
3. **Candidates.** LSH banding (`candidate_pairs`): the signature is cut into ``BANDS`` bands of
   ``ROWS`` values; articles that agree on a whole band share a bucket, and only pairs that share
   a bucket are looked at, so the cost grows with the corpus and its copies, not with its square.
   Texts with the very same shingles are grouped first (by a digest) and take part as one.
4. **Check.** Each candidate pair is checked on the real shingle sets (`is_copy`): it is a copy
   when at least ``THRESHOLD`` of the shorter text's shingles are in the longer one
   (containment: a copy with a new headline, an added byline or a lost last paragraph still
   matches) and the shorter has at least ``MIN_RATIO`` of the longer's shingles (a short story
   quoted inside a long one is not its copy). A text under ``MIN_WORDS`` words is never a copy
   nor a first copy: a few words in common are an accident, not a story told twice.
5. **Groups.** Copies of copies are one group (A~B and B~C: A, B, C). The group's *first copy*
   is its earliest dated article, then (same date, or none) the first in corpus order; an
   article without a date comes after every dated one. Every other member is a copy of the
   first (`Copy`), with its similarity to it: the containment of the pair (copy, first copy),
   which is under ``THRESHOLD`` only for a member joined through another copy.

What the tables do with it: `articles.duplicate_of` names the first copy (empty for an
original) and `articles.duplicate_similarity` the similarity; with ``duplicates="once"`` the
corpus-wide counts leave the copies out (`originals_only` does the same for a briefing's
tables), with ``"each"`` they count every copy.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable, Mapping

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

SHINGLE_WORDS = 5
NUM_PERM = 128
BANDS = 64
ROWS = NUM_PERM // BANDS  # 2: a pair of Jaccard 0.3 shares a bucket with probability 0.998
THRESHOLD = 0.7  # containment of the shorter text in the longer
MIN_RATIO = 0.5  # the shorter text's shingles / the longer's
MIN_WORDS = 25
MIN_SHINGLES = MIN_WORDS - SHINGLE_WORDS + 1  # distinct shingles of a text of MIN_WORDS words
# A candidate whose estimated Jaccard is this far below the least a copy of its length ratio can
# have is not checked: 3.7 standard errors of the estimate at 0.3, a copy is so missed < 1 in 10,000.
ESTIMATE_MARGIN = 0.15
# A bucket this large holds copies of one text (near copies: exact ones are grouped before);
# its members are paired with its first member only, so that no bucket costs its square.
MAX_BUCKET = 500
SEED = 1
MODES = ("once", "each")  # count a story once in corpus-wide tables, or every copy of it
DEFAULT_MODE = "once"

_WORD = re.compile(r"\w+")
_EMPTY = np.uint32(0xFFFFFFFF)
_CHUNK = 4096  # shingles per step of the signature: bounds its scratch memory for long texts
# Odd 64-bit multipliers that weigh each word of a shingle by its place (so word order counts).
_PLACE = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5,
                   0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9],
                  dtype=np.uint64)


def _permutations(num_perm: int = NUM_PERM, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """The affine permutations (a odd, b) of datasketch's affine32 scheme for *seed*."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


_A, _B = _permutations()


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer: spreads the bits of each hash (a bijection)."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def words(text: str) -> list[str]:
    """The words shingles are made of: runs of letters and digits, lower-cased."""
    return _WORD.findall(text.lower())


def shingle_hashes(text: str, k: int = SHINGLE_WORDS) -> np.ndarray:
    """The sorted, distinct 32-bit hashes of the *k*-word shingles of *text* (empty when it has
    fewer than *k* words). Deterministic: the same on every run and machine."""
    found = words(text)
    n = len(found) - k + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint32)
    word_hashes = np.fromiter((zlib.crc32(w.encode("utf-8")) for w in found), dtype=np.uint64, count=len(found))
    with np.errstate(over="ignore"):
        mixed = np.zeros(n, dtype=np.uint64)
        for j in range(k):
            mixed += word_hashes[j:j + n] * _PLACE[j % len(_PLACE)]
    mixed ^= mixed >> np.uint64(29)
    return np.unique((mixed >> np.uint64(32)).astype(np.uint32))


def signature(hashes: np.ndarray) -> np.ndarray:
    """The MinHash signature (``NUM_PERM`` uint32) of a set of 32-bit hashes; all 0xFFFFFFFF
    for the empty set."""
    out = np.full(NUM_PERM, _EMPTY, dtype=np.uint32)
    for start in range(0, len(hashes), _CHUNK):
        mixed = _fmix32(np.asarray(hashes[start:start + _CHUNK], dtype=np.uint32)).reshape(-1, 1)
        out = np.minimum(out, (mixed * _A + _B).min(axis=0))
    return out


def estimated_jaccard(signatures: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """The Jaccard similarity of each pair ``(i, j)`` as their signatures estimate it."""
    if not len(pairs):
        return np.zeros(0)
    # in steps of 8,192 pairs: two 4 MB slices of signatures at a time
    return np.concatenate([(signatures[pairs[k:k + 8192, 0]] == signatures[pairs[k:k + 8192, 1]]).mean(axis=1)
                           for k in range(0, len(pairs), 8192)])


def containment(a: np.ndarray, b: np.ndarray) -> float:
    """The share of the smaller shingle set that is in the other (0 for an empty set)."""
    smaller = min(len(a), len(b))
    if not smaller:
        return 0.0
    return len(np.intersect1d(a, b, assume_unique=True)) / smaller


def is_copy(a: np.ndarray, b: np.ndarray, *, threshold: float = THRESHOLD, min_ratio: float = MIN_RATIO) -> float | None:
    """The similarity of two articles' shingle sets when one is a copy of the other, else None."""
    small, large = sorted((len(a), len(b)))
    if small < MIN_SHINGLES or small < min_ratio * large:
        return None
    similarity = containment(a, b)
    return similarity if similarity >= threshold else None


def _band_keys(signatures: np.ndarray, band: int, rows: int) -> np.ndarray:
    """One 64-bit key per article for one band: its values side by side when they fit (two
    rows: exact), else folded FNV-style (a rare false match only adds a candidate to check)."""
    part = signatures[:, band * rows:(band + 1) * rows].astype(np.uint64)
    if rows <= 2:
        return part[:, 0] << np.uint64(32) | part[:, -1] if rows == 2 else part[:, 0]
    key = np.full(len(signatures), 0xCBF29CE484222325, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for r in range(rows):
            key = (key ^ part[:, r]) * np.uint64(0x100000001B3)
    return key


def _bucket_pairs(members: np.ndarray) -> np.ndarray:
    members = np.sort(members)
    if len(members) > MAX_BUCKET:
        return np.column_stack([np.full(len(members) - 1, members[0]), members[1:]])
    i, j = np.triu_indices(len(members), 1)
    return np.column_stack([members[i], members[j]])


def candidate_pairs(signatures: np.ndarray, *, bands: int = BANDS) -> np.ndarray:
    """Pairs ``(i, j)``, i < j, of rows of *signatures* that agree on at least one whole band."""
    n = len(signatures)
    rows = signatures.shape[1] // bands if n else 1
    found = [np.zeros((0, 2), dtype=np.int64)]
    for band in range(bands if n > 1 else 0):
        keys = _band_keys(signatures, band, rows)
        order = np.argsort(keys, kind="stable")
        ordered = keys[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        sizes = np.diff(np.r_[starts, n])
        found += [_bucket_pairs(order[s:s + size]) for s, size in zip(starts[sizes > 1], sizes[sizes > 1])]
    pairs = np.concatenate(found).astype(np.int64)
    return np.unique(pairs, axis=0) if len(pairs) else pairs


def least_jaccard(ratio: np.ndarray, threshold: float = THRESHOLD) -> np.ndarray:
    """The least Jaccard similarity a copy can have when its shorter text has *ratio* of the
    longer's shingles and *threshold* of them are in it."""
    return threshold * ratio / (1 + ratio - threshold * ratio)


@dataclass(frozen=True)
class Copy:
    """An article that is a copy of an earlier one: ``duplicate_of`` is the group's first copy."""

    doc_id: str
    duplicate_of: str
    similarity: float


def first_copy_order(dates: list[str]) -> list[int]:
    """Indices of articles from first copy to last: dated before undated, earlier date first,
    then corpus order."""
    return sorted(range(len(dates)), key=lambda i: (not dates[i], dates[i], i))


class _Groups:
    """Union-find over article indices: copies of copies end in one group."""

    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


@dataclass
class Index:
    """The signatures of a corpus, added article by article (a few hundred bytes each: the
    shingles themselves go to disk, or wherever *shingles_of* of `copies` reads them from)."""

    doc_ids: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    digests: list[bytes] = field(default_factory=list)
    signatures: list[np.ndarray] = field(default_factory=list)
    # what the last `copies` did: candidate pairs, pairs checked, articles read, copies found
    stats: dict[str, int] = field(default_factory=dict)

    def add(self, doc_id: str, text: str, date: str = "") -> np.ndarray | None:
        """Add one article; return its shingle hashes, or None when it is too short to be a copy."""
        hashes = shingle_hashes(text)
        if len(hashes) < MIN_SHINGLES:
            return None
        self.doc_ids.append(doc_id)
        self.dates.append(date or "")
        self.sizes.append(len(hashes))
        self.digests.append(hashlib.blake2b(hashes.tobytes(), digest_size=16).digest())
        self.signatures.append(signature(hashes))
        return hashes

    def __len__(self) -> int:
        return len(self.doc_ids)

    def copies(self, shingles_of: Callable[[list[str]], Mapping[str, np.ndarray]], *,
               threshold: float = THRESHOLD, min_ratio: float = MIN_RATIO) -> list[Copy]:
        """Every copy among the articles added, each with its first copy, in corpus order.

        *shingles_of* maps a list of doc_ids to their shingle hashes (those `add` returned); it
        is asked only for the articles of candidate pairs."""
        groups = _Groups(len(self))
        same_text = self._same_text(groups)
        pairs = self._candidates(np.unique(same_text), threshold, min_ratio)
        wanted = sorted({int(i) for i in pairs.ravel()})
        shingles = dict(shingles_of([self.doc_ids[i] for i in wanted])) if wanted else {}
        for i, j in pairs:
            if is_copy(shingles[self.doc_ids[i]], shingles[self.doc_ids[j]], threshold=threshold,
                       min_ratio=min_ratio) is not None:
                groups.union(int(i), int(j))
        copies = self._resolve(groups, same_text, shingles)
        self.stats.update(checked=len(pairs), read=len(wanted), copies=len(copies))
        return copies

    def _same_text(self, groups: _Groups) -> np.ndarray:
        """Join the articles with the very same shingles; return, for each article, the first
        article of its text (the one that stands for all of them among the candidates)."""
        first: dict[bytes, int] = {}
        for i, digest in enumerate(self.digests):
            groups.union(first.setdefault(digest, i), i)
        return np.array([first[digest] for digest in self.digests], dtype=np.int64)

    def _candidates(self, representatives: np.ndarray, threshold: float, min_ratio: float) -> np.ndarray:
        """Candidate pairs (as article indices) worth checking on their shingles."""
        self.stats["candidates"] = 0
        if len(representatives) < 2:
            return np.zeros((0, 2), dtype=np.int64)
        signatures = np.stack([self.signatures[i] for i in representatives])
        pairs = representatives[candidate_pairs(signatures)]
        self.stats["candidates"] = len(pairs)
        if not len(pairs):
            return pairs
        sizes = np.asarray(self.sizes)
        ratio = sizes[pairs].min(axis=1) / sizes[pairs].max(axis=1)
        estimate = estimated_jaccard(np.stack(self.signatures), pairs)
        keep = (ratio >= min_ratio) & (estimate >= least_jaccard(ratio, threshold) - ESTIMATE_MARGIN)
        return pairs[keep]

    def _resolve(self, groups: _Groups, same_text: np.ndarray, shingles: Mapping[str, np.ndarray]) -> list[Copy]:
        """One first copy per group; the others are its copies, with their similarity to it."""
        first: dict[int, int] = {}
        for i in first_copy_order(self.dates):
            first.setdefault(groups.find(i), i)
        out = []
        for i in range(len(self)):
            head = first[groups.find(i)]
            if head == i:
                continue
            a, b = self.doc_ids[same_text[i]], self.doc_ids[same_text[head]]
            similarity = 1.0 if a == b else containment(shingles[a], shingles[b])
            out.append(Copy(self.doc_ids[i], self.doc_ids[head], round(similarity, 4)))
        return out


def find_copies(articles: Iterable[tuple[str, str, str]], **options) -> list[Copy]:
    """The copies among ``(doc_id, text, date)`` articles held in memory (tests, benchmarks)."""
    index, kept = Index(), {}
    for doc_id, text, date in articles:
        hashes = index.add(doc_id, text, date)
        if hashes is not None:
            kept[doc_id] = hashes
    return index.copies(lambda ids: {i: kept[i] for i in ids}, **options)


# --- for the briefing: tables of copies, rows of originals ---------------------------------


def copy_ids(articles: "pd.DataFrame") -> set[str]:
    """The doc_ids of the articles that are copies of another (none for tables without the column)."""
    if "duplicate_of" not in articles.columns:
        return set()
    marked = articles["duplicate_of"].fillna("").astype(str) != ""
    return set(articles.loc[marked, "doc_id"])


def originals_only(df: "pd.DataFrame", articles: "pd.DataFrame") -> "pd.DataFrame":
    """The rows of *df* (any table with a ``doc_id``) that do not belong to a copy: what a
    corpus-wide ranking or quote inventory counts when a story counts once."""
    copies = copy_ids(articles)
    if not copies:
        return df
    return df[~df["doc_id"].isin(copies)]


COPIES_COLUMNS = ["copy", "title", "outlet", "date", "first_copy", "first_title", "first_outlet", "first_date",
                  "similarity"]


def copies_table(articles: "pd.DataFrame") -> "pd.DataFrame":
    """One row per copy set aside: the copy and its first copy (doc_id, title, outlet, date) and
    their similarity, in the order of the articles table."""
    import pandas as pd

    copies = copy_ids(articles)
    if not copies:
        return pd.DataFrame({c: pd.Series(dtype="float64" if c == "similarity" else object) for c in COPIES_COLUMNS})
    info = articles.drop_duplicates("doc_id").set_index("doc_id")
    rows = articles[articles["doc_id"].isin(copies)]
    first = rows["duplicate_of"].astype(str)
    out = pd.DataFrame({
        "copy": rows["doc_id"].to_numpy(),
        "title": rows["title"].to_numpy(),
        "outlet": rows["source"].to_numpy(),
        "date": rows["date"].to_numpy(),
        "first_copy": first.to_numpy(),
        "first_title": info["title"].reindex(first).fillna("").to_numpy(),
        "first_outlet": info["source"].reindex(first).fillna("").to_numpy(),
        "first_date": info["date"].reindex(first).fillna("").to_numpy(),
        "similarity": rows["duplicate_similarity"].astype("float64").to_numpy(),
    })
    return out[COPIES_COLUMNS].reset_index(drop=True)

"""Actors across the corpus: one name and one label per actor over all articles.

`merge_across_articles` works over distinct names only (one row per entity and label of the
corpus, with its mention and document counts), so it scales to any number of articles. The
pipeline applies its map to the mentions in SQL (`analysis.pipeline`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from .names import merge_spellings, name_key
from .records import NAME_LABELS

if TYPE_CHECKING:  # pandas is only needed by callers that pass a DataFrame in
    import pandas as pd


def majority_labels(
    entity_counts: pd.DataFrame, *, min_share: float = 0.85, min_mentions: int = 5
) -> dict[tuple[str, str], str]:
    """Corpus-level label vote: {(entity, minority label): majority label}.

    `entity_counts` has columns entity, label, mentions.
    A name whose name-labels (PERSON, ORG, GPE ...) give one label at least `min_share`
    of at least `min_mentions` mentions has its other name-labels rewritten to it.
    """
    out: dict[tuple[str, str], str] = {}
    rows = entity_counts[entity_counts["label"].isin(NAME_LABELS)]
    by_name: dict[str, dict[str, int]] = defaultdict(dict)
    for entity, label, n in zip(rows["entity"], rows["label"], rows["mentions"]):
        by_name[entity][label] = by_name[entity].get(label, 0) + int(n)
    for entity, labels in by_name.items():
        if len(labels) < 2:
            continue
        total = sum(labels.values())
        top, top_n = max(labels.items(), key=lambda kv: kv[1])
        if total >= min_mentions and top_n >= min_share * total:
            out.update(((entity, lab), top) for lab in labels if lab != top)
    return out


def merge_across_articles(
    entity_counts: pd.DataFrame,
    *,
    min_share: float = 0.8,
    relabel: bool = True,
    label_share: float = 0.85,
) -> dict[tuple[str, str], tuple[str, str]]:
    """Corpus-level repair over distinct names: {(entity, label): (canonical, label)}.

    `entity_counts` has columns entity, label, mentions, documents, one row per
    distinct (entity, label) of the corpus, so the cost grows with the number of names,
    not of articles. In order:
    1. with `relabel`, labels are voted (`majority_labels` with `label_share`):
       "Kyiv" tagged PERSON once and GPE nine times becomes GPE. The share is high
       because the model's errors are systematic too: it tags "Federer" ORG 8
       times in 10, so a lower bar would turn the right label into the wrong one;
    2. names differing only in case or accents take their most frequent spelling;
    3. a one-word PERSON ("Putin") takes the full PERSON name ending in it that holds
       at least `min_share` of those candidates' documents ("Vladimir Putin"). A
       full name starting with it ("Xi" -> "Xi Jinping") is taken only when no name
       ends in it, no other full name starts with it, and it is in two documents or
       more: across articles a lone first name ("Jim") is no evidence.
    Only changed rows are returned.
    """
    labels = majority_labels(entity_counts, min_share=label_share) if relabel else {}
    counts, docs = _counts_by_label(entity_counts, labels)
    names: dict[tuple[str, str], str] = {}
    for label, label_counts in counts.items():
        names.update(_canonical_names(label, label_counts, docs[label], min_share))
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for e, lab in zip(entity_counts["entity"], entity_counts["label"]):
        if not (isinstance(e, str) and e):
            continue
        new_label = labels.get((e, lab), lab)
        target = (names.get((e, new_label), e), new_label)
        if target != (e, lab):
            out[(e, lab)] = target
    return out


def _counts_by_label(entity_counts, labels: dict) -> tuple[dict[str, Counter], dict[str, Counter]]:
    """Mentions and documents of each name, per (voted) label."""
    counts: dict[str, Counter] = defaultdict(Counter)
    docs: dict[str, Counter] = defaultdict(Counter)
    for e, lab, m, d in zip(
        entity_counts["entity"], entity_counts["label"], entity_counts["mentions"], entity_counts["documents"]
    ):
        if isinstance(e, str) and e:
            lab = labels.get((e, lab), lab)
            counts[lab][e] += int(m)
            docs[lab][e] += int(d)
    return counts, docs


def _canonical_names(label: str, counts: Counter, docs: Counter, min_share: float) -> dict[tuple[str, str], str]:
    """(name, label) -> canonical name among the names of one label."""
    spelling = merge_spellings(counts)
    if label != "PERSON":
        return {(n, label): s for n, s in spelling.items()}
    merged_docs: Counter = Counter()
    for n, d in docs.items():
        merged_docs[spelling[n]] += d
    people = _merge_people_across(merged_docs, min_share)
    return {(n, label): people.get(s, s) for n, s in spelling.items()}


def _merge_people_across(docs: Counter, min_share: float) -> dict[str, str]:
    """One-word person names -> the dominant full name (see `merge_across_articles`)."""
    by_last: dict[str, list[str]] = defaultdict(list)
    by_first: dict[str, list[str]] = defaultdict(list)
    for n in docs:
        if " " in n:
            words = n.split(" ")
            by_last[name_key(words[-1])].append(n)
            by_first[name_key(words[0])].append(n)
    out = {}
    for n in docs:
        if " " not in n:
            target = _full_name_of(name_key(n), docs, by_last, by_first, min_share)
            if target:
                out[n] = target
    return out


def _full_name_of(k: str, docs: Counter, by_last, by_first, min_share: float) -> str:
    candidates = by_last.get(k, [])
    if candidates and k not in by_first:  # "Kim" may be Kim Jong-un as well as Erin Kim
        best = max(candidates, key=lambda c: (docs[c], c))
        return best if docs[best] >= min_share * sum(docs[c] for c in candidates) else ""
    if len(by_first.get(k, [])) == 1 and docs[by_first[k][0]] >= 2:
        return by_first[k][0]
    return ""


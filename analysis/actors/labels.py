"""Rules over a name's labels and spelling: the corpus's label vote; case and accent variants."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Mapping

from ..entities.names import merge_spellings
from ..entities.records import NAME_LABELS
from .outcome import Evidence, Options, Outcome
from .records import Join, Node, Stats


def label_vote(nodes: Mapping[Node, Stats], options: Options, evidence: Evidence) -> Outcome:
    """A name whose name-labels give one label at least `label_share` of at least
    `label_min_mentions` mentions has its other labels rewritten to it ("Kyiv" tagged PERSON
    once and GPE nine times is GPE). The share is high because the model's errors are
    systematic too: it tags "Federer" ORG 8 times in 10."""
    by_name: dict[str, dict[str, int]] = defaultdict(dict)
    for (name, label), stats in nodes.items():
        if label in NAME_LABELS:
            by_name[name][label] = stats.mentions
    outcome = Outcome()
    for name, labels in by_name.items():
        if len(labels) < 2:
            continue
        total = sum(labels.values())
        top, top_n = max(labels.items(), key=lambda kv: (kv[1], kv[0]))
        if total >= options.label_min_mentions and top_n >= options.label_share * total:
            outcome.joins.extend(Join((name, lab), (name, top), "label_vote") for lab in labels if lab != top)
    return outcome


def spelling(nodes: Mapping[Node, Stats], options: Options, evidence: Evidence) -> Outcome:
    """Names of one label that differ only in case, accents or hyphens take their most
    frequent spelling ("Kilroy Silk" -> "Kilroy-Silk")."""
    by_label: dict[str, Counter] = defaultdict(Counter)
    for (name, label), stats in nodes.items():
        by_label[label][name] += stats.mentions
    outcome = Outcome()
    for label, counts in by_label.items():
        for name, best in merge_spellings(counts).items():
            if best != name:
                outcome.joins.append(Join((name, label), (best, label), "spelling"))
    return outcome

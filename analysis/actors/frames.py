"""Resolution results as the plain tables DuckDB joins to the mentions (`analysis.tables`).

- aliases: entity, label -> actor, actor_label, kind, rule (one row per name of the corpus);
- fallbacks: the same for names joined per article, as they stand where the join is blocked;
- blockers: entity, label, blocker: a full name whose presence in an article blocks the join;
- candidates: the merges not made, with their evidence.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from .records import Node, Stats, kind_of
from .resolve import Resolved

if TYPE_CHECKING:
    import pandas as pd

ALIAS_COLUMNS = ["entity", "label", "actor", "actor_label", "kind", "rule", "mentions", "documents"]
CANDIDATE_COLUMNS = ["alias", "label", "candidate", "candidate_label", "rule", "evidence", "alias_mentions", "candidate_mentions"]


def names_of(entity_counts: "pd.DataFrame") -> dict[Node, Stats]:
    """{(entity, label): Stats} from a frame with columns entity, label, mentions, documents."""
    out = {}
    for e, lab, m, d in zip(entity_counts["entity"], entity_counts["label"], entity_counts["mentions"], entity_counts["documents"]):
        if isinstance(e, str) and e:
            out[(e, lab)] = Stats(int(m), int(d))
    return out


def definitions_of(rows) -> dict[str, Counter]:
    """{acronym: Counter(full name: mentions)} from (text, entity, mentions) rows."""
    out: dict[str, Counter] = defaultdict(Counter)
    for text, entity, n in rows:
        out[text][entity] += int(n)
    return dict(out)


def _alias_rows(names: dict[Node, Stats], actor_of: dict[Node, Node], rules: dict[Node, list[str]]) -> list[tuple]:
    rows = []
    for node, stats in names.items():
        actor, actor_label = actor_of.get(node, node)
        rule = " > ".join(rules.get(node, []))
        rows.append((node[0], node[1], actor, actor_label, kind_of(actor_label), rule, stats.mentions, stats.documents))
    return rows


def alias_frame(names: dict[Node, Stats], resolved: Resolved) -> "pd.DataFrame":
    import pandas as pd

    return pd.DataFrame(_alias_rows(names, resolved.actor, resolved.rules), columns=ALIAS_COLUMNS).astype(
        {"mentions": "int64", "documents": "int64"}
    )


def fallback_frame(names: dict[Node, Stats], resolved: Resolved) -> "pd.DataFrame":
    import pandas as pd

    subset = {n: names[n] for n in resolved.fallback}
    rules = {n: resolved.rules[n][: _blocked_at(resolved.rules[n])] for n in subset}
    rows = _alias_rows(subset, resolved.fallback, rules)
    return pd.DataFrame(rows, columns=ALIAS_COLUMNS).astype({"mentions": "int64", "documents": "int64"})


def _blocked_at(rules: list[str]) -> int:
    from .people import PER_ARTICLE_RULES

    return next((i for i, r in enumerate(rules) if r in PER_ARTICLE_RULES), len(rules))


def blocker_frame(resolved: Resolved) -> "pd.DataFrame":
    import pandas as pd

    rows = [(e, lab, b) for (e, lab), blockers in resolved.blockers.items() for b in sorted(blockers)]
    return pd.DataFrame(rows, columns=["entity", "label", "blocker"], dtype=object)


def candidate_frame(names: dict[Node, Stats], resolved: Resolved) -> "pd.DataFrame":
    import pandas as pd

    actor_stats: Counter = Counter()
    for node, stats in names.items():
        actor_stats[resolved.actor[node]] += stats.mentions
    seen, rows = set(), []
    for c in resolved.candidates:
        key = (c.source, c.target)
        if key not in seen:
            seen.add(key)
            rows.append((*c.source, *c.target, c.rule, c.evidence, actor_stats[c.source], actor_stats[c.target]))
    frame = pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)
    return frame.astype({"alias_mentions": "int64", "candidate_mentions": "int64"})


def resolution_frames(entity_counts: "pd.DataFrame", definition_rows, copresence_rows, *, options=None) -> dict[str, "pd.DataFrame"]:
    """Resolve the corpus's names (`resolve.resolve`) into the frames `tables.FinalTables.write`
    joins. The rows come from `FinalTables.acronym_definitions` and `FinalTables.copresence`."""
    from .outcome import Evidence, Options
    from .resolve import resolve

    names = names_of(entity_counts)
    together: dict[str, dict] = {"ending": {}, "initial": {}}
    for kind, short, short_label, long, long_label, n in copresence_rows:
        together[kind][((short, short_label), (long, long_label))] = int(n)
    evidence = Evidence(
        definitions=definitions_of(definition_rows),
        copresence=together["ending"],
        acronym_copresence=together["initial"],
    )
    resolved = resolve(names, options=options or Options(), evidence=evidence)
    return {
        "aliases": alias_frame(names, resolved),
        "fallbacks": fallback_frame(names, resolved),
        "blockers": blocker_frame(resolved),
        "candidates": candidate_frame(names, resolved),
    }

"""Applying a researcher's codebook (`analysis.actors.codebook`) to the machine's actors.

`apply_codebook` rewrites the alias table (one row per extracted name form: entity, label ->
actor, actor_label, kind, rule) with the merges, renames, relabels and drops, in that order;
`split_targets` says, for each split, which machine actor its mentions leave and what actor they
finally join; `paragraph_hits` finds, in one article, the mentions whose paragraph holds a split
word. The splits themselves are applied per mention in SQL (`analysis.tables.FinalTables`).
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable

from .codebook import Codebook, Rename, Split, _fold
from .frames import ALIAS_COLUMNS

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class SplitTarget:
    """What a split's mentions finally become: the machine ``actor`` they leave, the actor they join."""

    split: Split
    actor: str
    into: str  # "" when the codebook drops it
    actor_label: str
    kind: str
    rule: str






def _index(keys: list[str], actors: list[str]) -> tuple[dict[str, str], dict[str, set[str]]]:
    pairs = list(dict.fromkeys(zip(keys, actors)))
    one = dict(pairs)
    several: dict[str, set[str]] = {}
    if len(one) < len(pairs):
        counts: dict[str, set[str]] = defaultdict(set)
        for key, actor in pairs:
            counts[key].add(actor)
        several = {key: found for key, found in counts.items() if len(found) > 1}
    return one, several


class _Names:
    """Who a codebook name is, in the table as it stands: exact actor, exact form, then any case."""

    def __init__(self, frame: pd.DataFrame, wanted: Iterable[str]):
        # Only the rows a codebook name can match are indexed: the table may hold 100,000 forms.
        live = frame.loc[frame["actor"] != "", ["entity", "actor"]]
        folded = {_fold(name) for name in wanted}
        actor_fold, entity_fold = live["actor"].str.casefold(), live["entity"].str.casefold()
        near = actor_fold.isin(folded) | entity_fold.isin(folded)
        live, actor_fold, entity_fold = live[near], actor_fold[near], entity_fold[near]
        actors = live["actor"].tolist()
        # per level: {key: actor} for the keys of one actor, {key: actors} for the keys of several
        self.levels = [_index(keys, actors)
                       for keys in (actors, live["entity"].tolist(), actor_fold.tolist(), entity_fold.tolist())]
        self.actors = set(actors)
        self._frame = frame

    def find(self, name: str, codebook: Codebook, line: int, *, levels: Iterable[int] = range(4)) -> str | None:
        """The actor ``name`` stands for; None when nothing matches; an error when several do."""
        for level in levels:
            key = _fold(name) if level >= 2 else name
            one, several = self.levels[level]
            if key in several:
                raise codebook.fail(line, f"{name!r} is a name of several actors: {', '.join(sorted(several[key]))} "
                                          "(write the actor's name)")
            if key in one:
                return one[key]
        return None

    def require(self, name: str, codebook: Codebook, line: int) -> str:
        """The actor ``name`` stands for, or the "unknown actor" error with the closest names."""
        found = self.find(name, codebook, line)
        if found is not None:
            return found
        folded: dict[str, list[str]] = defaultdict(list)
        live = self._frame[self._frame["actor"] != ""]
        for known in sorted(set(live["actor"]) | set(live["entity"])):
            folded[_fold(known)].append(known)
        close = difflib.get_close_matches(_fold(name), list(folded), n=3, cutoff=0.6)
        names = [n for key in close for n in folded[key]][:3]
        hint = f"closest: {', '.join(names)}" if names else "no close name; `newsbrief actors` lists them"
        raise codebook.fail(line, f"unknown actor {name!r} ({hint})")


Update = tuple[str, str, str, str]  # the new actor, actor_label, kind and rule of an actor's rows
_UPDATED = ("actor", "actor_label", "kind")


def _update(frame: pd.DataFrame, updates: dict[str, Update]) -> pd.DataFrame:
    """A copy of ``frame`` with each actor's rows updated; ``rule`` only where something changed."""
    frame = frame.copy()
    mask = frame["actor"].isin(list(updates))
    if not mask.any():
        return frame
    rows = frame.loc[mask]
    new = [rows["actor"].map({a: u[i] for a, u in updates.items()}) for i in range(4)]
    changed = _any([rows[col] != values for col, values in zip(_UPDATED, new)])
    for col, values in zip((*_UPDATED, "rule"), new):
        frame.loc[mask, col] = values
    frame.loc[rows.index[~changed], "rule"] = rows.loc[~changed, "rule"]
    return frame


def _any(conditions: list) -> Any:
    """Element-wise ``or`` of boolean Series."""
    out = conditions[0]
    for condition in conditions[1:]:
        out = out | condition
    return out


def _labels(frame: pd.DataFrame, actors: Iterable[str]) -> tuple[dict[str, int], dict[str, tuple[str, str]]]:
    """Mentions of each of ``actors``, and its (actor_label, kind) as its first row has them."""
    frame = frame[frame["actor"].isin(list(actors))]
    mentions = frame.groupby("actor", sort=False)["mentions"].sum().to_dict()
    first = frame.drop_duplicates("actor")
    return mentions, dict(zip(first["actor"], zip(first["actor_label"], first["kind"])))


def _follow(edges: dict[str, tuple[str, int]], actor: str, codebook: Codebook) -> str:
    seen = [actor]
    while actor in edges:
        actor = edges[actor][0]
        if actor in seen:
            raise codebook.fail(edges[seen[-1]][1], f"loop through the table's names: {' -> '.join(seen + [actor])}")
        seen.append(actor)
    return actor


def _redirect(frame: pd.DataFrame, edges: dict[str, tuple[str, int]], codebook: Codebook, op: str) -> pd.DataFrame:
    """Move every actor in ``edges`` (actor -> (target, line)) to the end of its chain.

    The end keeps its own label when it is an actor of the table; a new name takes the label of
    the largest actor moved into it.
    """
    finals = {actor: _follow(edges, actor, codebook) for actor in edges}
    mentions, labels = _labels(frame, {*finals, *finals.values()})
    by_final: dict[str, list[str]] = defaultdict(list)
    for actor, final in finals.items():
        by_final[final].append(actor)
    updates: dict[str, Update] = {}
    for final, sources in by_final.items():
        largest = max((a for a in sources if a in labels), key=lambda a: (mentions[a], a))
        label, kind = labels.get(final, labels[largest])
        updates.update((a, (final, label, kind, f"codebook: {op} (line {edges[a][1]})")) for a in sources)
    return _update(frame, updates)


def _add_edge(edges: dict[str, tuple[str, int]], source: str, target: str, line: int,
              codebook: Codebook, op: str) -> None:
    if source == target:
        return  # already one actor: nothing to do
    if source in edges and edges[source][0] != target:
        raise codebook.fail(line, f"actor {source!r} is {op}d into {target!r} here and into {edges[source][0]!r} "
                                  f"on line {edges[source][1]}")
    edges.setdefault(source, (target, line))


def _source(names: _Names, name: str, new: dict[str, str], codebook: Codebook, line: int) -> str:
    """The actor a rule moves: one of the table, or a new name another rule of the same op made."""
    found = names.find(name, codebook, line)
    if found is None:
        found = new.get(_fold(name))
    return found if found is not None else names.require(name, codebook, line)


def _edges(names: _Names, codebook: Codebook, rules: list[tuple[str, str, int]], op: str) -> dict[str, tuple[str, int]]:
    """{actor: (target actor or new name, line)} for rules (name, resolved target, line)."""
    new = {_fold(target): target for _, target, _ in rules if target not in names.actors}
    edges: dict[str, tuple[str, int]] = {}
    for name, target, line in rules:
        _add_edge(edges, _source(names, name, new, codebook, line), target, line, codebook, op)
    return edges


def _merge(frame: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    if not codebook.merges:
        return frame
    names = _Names(frame, [name for m in codebook.merges for name in (m.name, m.into)])
    rules = [(m.name, names.find(m.into, codebook, m.line) or m.into, m.line) for m in codebook.merges]
    return _redirect(frame, _edges(names, codebook, rules, "merge"), codebook, "merge")


def _rename_target(names: _Names, rule: Rename, codebook: Codebook) -> str:
    source = names.find(rule.name, codebook, rule.line)
    other = names.find(rule.to, codebook, rule.line, levels=(0, 2))  # another actor of that name: join it
    return other if other is not None and other != source else rule.to


def _rename(frame: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    if not codebook.renames:
        return frame
    names = _Names(frame, [name for r in codebook.renames for name in (r.name, r.to)])
    rules = [(r.name, _rename_target(names, r, codebook), r.line) for r in codebook.renames]
    return _redirect(frame, _edges(names, codebook, rules, "rename"), codebook, "rename")


def _relabel(frame: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    if not codebook.relabels:
        return frame
    names, done, updates = _Names(frame, [r.name for r in codebook.relabels]), {}, {}
    for rule in codebook.relabels:
        actor = names.require(rule.name, codebook, rule.line)
        if actor in done and done[actor].label != rule.label:
            raise codebook.fail(rule.line, f"actor {actor!r} is relabelled {rule.kind} here and "
                                           f"{done[actor].kind} on line {done[actor].line}")
        done[actor] = rule
        updates[actor] = (actor, rule.label, rule.kind, f"codebook: relabel (line {rule.line})")
    return _update(frame, updates)


def _drop(frame: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    if not codebook.drops:
        return frame
    names = _Names(frame, [r.name for r in codebook.drops])
    actors = [(names.require(rule.name, codebook, rule.line), rule.line) for rule in codebook.drops]
    _, labels = _labels(frame, [actor for actor, _ in actors])
    updates: dict[str, Update] = {}
    for actor, line in actors:
        updates.setdefault(actor, ("", *labels[actor], f"codebook: drop (line {line})"))
    return _update(frame, updates)


# The table operations in the order they run (splits, per mention, come first and are the caller's).
OPERATIONS: tuple[tuple[str, Callable[[pd.DataFrame, Codebook], pd.DataFrame]], ...] = (
    ("merge", _merge), ("rename", _rename), ("relabel", _relabel), ("drop", _drop),
)
_PHANTOM = "_split_into"


def _with_split_targets(aliases: pd.DataFrame, codebook: Codebook) -> tuple[pd.DataFrame, list[tuple[Split, str, str]]]:
    """The table plus one empty row per new split target; [(split, machine actor, into actor)]."""
    import pandas as pd

    names = _Names(aliases, [name for split in codebook.splits for name in (split.actor, split.into)])
    frame = aliases.reset_index(drop=True)  # a copy; rows are then addressed by position
    frame[_PHANTOM] = False
    resolved, extra = [], {}
    labels = _labels(aliases, names.actors)[1] if codebook.splits else {}
    for split in codebook.splits:
        actor = names.require(split.actor, codebook, split.line)
        into = extra.get(_fold(split.into)) or names.find(split.into, codebook, split.line)
        if into is None or into == actor:  # a form of the actor itself: the split makes it an actor
            into = extra[_fold(split.into)] = split.into
            label, kind = labels[actor]
            row = dict(entity=into, label=label, actor=into, actor_label=label, kind=kind, rule="",
                       mentions=0, documents=0)
            frame = pd.concat([frame, pd.DataFrame([{**row, _PHANTOM: True}])], ignore_index=True)
        resolved.append((split, actor, into))
    return frame, resolved


def _run(aliases: pd.DataFrame, codebook: Codebook) -> tuple[pd.DataFrame, list[SplitTarget]]:
    missing = [c for c in ALIAS_COLUMNS if c not in aliases.columns]
    if missing:
        raise ValueError(f"the alias table lacks columns {missing}; it needs {list(ALIAS_COLUMNS)}")
    frame, resolved = _with_split_targets(aliases, codebook)
    before = frame["actor"].copy()
    for _, operation in OPERATIONS:
        frame = operation(frame, codebook)
    targets = []
    for split, actor, into in resolved:
        row = frame[before == into].iloc[0]
        targets.append(SplitTarget(split, actor, row["actor"], row["actor_label"], row["kind"],
                                   f"codebook: split (line {split.line})"))
    kept = frame[~frame[_PHANTOM]].drop(columns=_PHANTOM)
    return kept.reset_index(drop=True), targets


def apply_codebook(aliases: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """A new alias table with the codebook's merges, renames, relabels and drops applied.

    ``aliases`` has the columns ``ALIAS_COLUMNS``; the result has the same rows and columns. Split
    actors are checked here too (an unknown one is an error); the splits themselves are per mention
    (``split_targets``, ``paragraph_hits``).
    """
    return _run(aliases, codebook)[0]


def split_targets(aliases: pd.DataFrame, codebook: Codebook) -> tuple[SplitTarget, ...]:
    """For each split in file order: the machine actor its mentions leave and the actor they finally join."""
    return tuple(_run(aliases, codebook)[1])


# ---------------------------------------------------------------- splits by context word


def _phrase_pattern(phrase: str) -> re.Pattern:
    words = [re.escape(w) for w in phrase.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def _paragraph_of(mention: dict, paragraphs: list[tuple[int, int]], starts: list[int]) -> int:
    para = mention.get("para_id")
    if isinstance(para, int) and 0 <= para < len(paragraphs):
        return para
    return max(bisect.bisect_right(starts, mention["start_char"]) - 1, 0)  # no usable para_id: by offset


def paragraph_hits(text: str, paragraphs: list[tuple[int, int]], mentions: list[dict],
                   words: Iterable[str]) -> list[tuple[int, str]]:
    """``(start_char, word)`` for each mention whose paragraph holds ``word`` as whole words, any case.

    ``paragraphs`` are ``(start, end)`` offsets (``analysis.paragraphs.paragraph_spans``), indexed by
    the mentions' ``para_id``; ``words`` are words or phrases (``Codebook.context_words``). A mention
    is listed once per word found, in ``words`` order; the mention's own text counts as paragraph.
    """
    patterns = [(word, _phrase_pattern(word)) for word in dict.fromkeys(w.lower() for w in words) if word.strip()]
    if not patterns or not paragraphs:
        return []
    starts = [start for start, _ in paragraphs]
    found: dict[int, list[str]] = {}
    hits = []
    for mention in mentions:
        para = _paragraph_of(mention, paragraphs, starts)
        if para not in found:
            start, end = paragraphs[para]
            found[para] = [word for word, pattern in patterns if pattern.search(text, start, end)]
        hits += [(mention["start_char"], word) for word in found[para]]
    return hits

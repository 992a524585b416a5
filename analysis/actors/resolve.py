"""Corpus-wide resolution: the ordered rules that turn the corpus's names into actors.

`resolve(names)` reads one row per distinct (name, label) of the mentions table, with its
mention and article counts, so it scales with the number of names, not of articles. The rules
of `RULES` run in order; each sees the actors made so far (their merged counts) and returns
joins and candidates. A name's path through the rules is kept (`Resolved.rules`), so the
actors table can say how each alias was joined. Candidates are merges a rule did not dare
make: `newsbrief actors` prints them for the researcher's codebook.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping

from ..entities.names import name_key
from . import acronyms, gazetteer, groups, labels, people
from .people import bare_name, is_full_name
from .outcome import Evidence, Options, Outcome
from .records import Candidate, Join, Node, Stats


@dataclass(frozen=True)
class Rule:
    name: str
    run: Callable[[Mapping[Node, Stats], Options, Evidence], Outcome]


# In order: labels and spellings first (so later rules compare like with like), then places,
# groups and acronyms, then people.
RULES: tuple[Rule, ...] = (
    Rule("label_vote", labels.label_vote),
    Rule("spelling", labels.spelling),
    Rule("gazetteer", gazetteer.gazetteer),
    Rule("group_form", groups.group_forms),
    Rule("abbreviation", groups.abbreviations),
    Rule("defined_acronym", acronyms.defined_acronyms),
    Rule("initials", acronyms.initials),
    Rule("shortened_name", groups.shortened_names),
    Rule("of_name", groups.of_names),
    Rule("surname_label", people.surname_labels),
    Rule("middle_name", people.middle_names),
    Rule("surname", people.surnames),
)


@dataclass
class Resolved:
    """Where each name of the corpus ended up."""

    actor: dict[Node, Node]  # name -> actor
    rules: dict[Node, list[str]]  # name -> the rules that moved it, in order
    fallback: dict[Node, Node] = field(default_factory=dict)  # per-article joins: the actor where blocked
    blockers: dict[Node, set[str]] = field(default_factory=dict)  # per-article joins: full names that block
    candidates: list[Candidate] = field(default_factory=list)


def resolve(
    names: Mapping[Node, Stats],
    *,
    options: Options = Options(),
    evidence: Evidence = Evidence(),
    rules: Iterable[Rule] = RULES,
) -> Resolved:
    """Run *rules* in order over the corpus's *names* (see the module docstring)."""
    state = Resolved(actor={n: n for n in names}, rules={n: [] for n in names})
    current = _actor_stats(names, state.actor)
    for rule in rules:
        outcome = rule.run(current, options, evidence)
        _move_stats(current, names, _apply(state, outcome.joins, names))
        state.candidates.extend(c for c in outcome.candidates if _still_apart(state, c))
    return state


def _actor_stats(names: Mapping[Node, Stats], actor: Mapping[Node, Node]) -> dict[Node, Stats]:
    """Counts per actor so far (mentions add up; articles are an upper bound: the sum)."""
    mentions: Counter = Counter()
    documents: Counter = Counter()
    for name, stats in names.items():
        mentions[actor[name]] += stats.mentions
        documents[actor[name]] += stats.documents
    return {a: Stats(mentions[a], documents[a]) for a in mentions}


def _move_stats(current: dict[Node, Stats], names: Mapping[Node, Stats], moves: list[tuple[Node, Node, Node]]) -> None:
    """Update the actors' counts for names that moved from one actor to another."""
    for name, before, after in moves:
        stats, old = names[name], current[before]
        if old.mentions == stats.mentions and old.documents == stats.documents:
            del current[before]  # its last name left it
        else:
            current[before] = Stats(old.mentions - stats.mentions, old.documents - stats.documents)
        new = current.get(after, Stats(0, 0))
        current[after] = Stats(new.mentions + stats.mentions, new.documents + stats.documents)


def _apply(state: Resolved, joins: list[Join], names: Mapping[Node, Stats]) -> list[tuple[Node, Node, Node]]:
    """Move every name whose actor a join names; return (name, old actor, new actor) moves."""
    target = {j.source: j for j in joins if j.source != j.target}
    if not target:
        return []
    people = _full_people_by_word(state) if any(j.per_article for j in target.values()) else {}
    moves = []
    for name, actor in list(state.actor.items()):
        if actor not in target:
            continue
        before, seen = actor, set()
        join = target.get(actor)
        while join is not None and actor not in seen:  # chains within one rule: A -> B -> C
            seen.add(actor)
            if join.per_article:
                state.fallback.setdefault(name, actor)
                key = name_key(bare_name(join.source[0]))
                blockers = {n for n, a in people.get(key, ()) if a != join.target}
                state.blockers.setdefault(name, set()).update(blockers)
            actor = join.target
            state.rules[name].append(join.rule)
            join = target.get(actor)
        state.actor[name] = actor
        if actor != before:
            moves.append((name, before, actor))
    return moves


def _full_people_by_word(state: Resolved) -> dict[str, list[tuple[str, Node]]]:
    """Full PERSON names (with their actor) by the key of their first and of their last word:
    in one article, a full name sharing a bare name's word that is not the bare name's corpus
    actor shows the bare name may be someone else there."""
    index: dict[str, list[tuple[str, Node]]] = defaultdict(list)
    for (name, label), actor in state.actor.items():
        words = name.split(" ")
        if label == "PERSON" and is_full_name(name):
            for key in {name_key(words[0]), name_key(words[-1])}:
                index[key].append((name, actor))
    return index


def _still_apart(state: Resolved, candidate: Candidate) -> bool:
    return state.actor.get(candidate.source, candidate.source) != state.actor.get(candidate.target, candidate.target)

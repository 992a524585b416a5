"""The researcher's codebook: corrections to the machine's actors, written as a YAML file.

The tool proposes, the researcher decides. A codebook (``--codebook PATH`` on ``analyze``,
``-p codebook PATH`` on ``run``) is read with ``analysis.safe_yaml`` (plain data only) and looks
like this; every section is optional::

    # applied after the machine's merges, in this order: split, merge, rename, relabel, drop
    merge:
      Conservative Party: [Tories, Tory, Conservatives]   # actor: names joined into it
    rename:
      Lib Dems: Liberal Democrats
    relabel:
      Lib Dem: organisation        # a kind (person, organisation, place, group) or a spaCy label (ORG ...)
    split:
      - actor: Clinton
        into: Bill Clinton
        articles: [politics/012.txt]       # doc_ids
      - actor: Clinton
        into: Bill Clinton
        words: [Bill, former president]    # a word or phrase in the mention's paragraph
    drop: [Getty Images, BBC News Online]

What each operation means, over the alias table (one row per extracted name form, with the actor
the machine made of it):

- a **name** in the codebook is an actor name or any alias form of one; it is matched exactly
  first, then case-insensitively. A name that matches nothing is an error naming the closest
  names; a form shared by two actors is an error asking for the actor name.
- **merge** ``target: [names]``: every actor named in the list joins the target's actor, with all
  its forms. A target that names no actor is a new actor under that name, labelled like the
  largest actor merged into it. Chains resolve (``A: [B]`` and ``C: [A]`` put B in C); loops are
  errors. To choose the joined actor's name, add a ``rename``.
- **rename** ``name: new name``: the actor is renamed (a case fix such as ``BBC news: BBC News``
  too). Renaming into the name of another actor joins that actor. Chains resolve; loops are errors.
- **relabel** ``name: kind``: the actor's kind and label; a kind gives its label (person PERSON,
  organisation ORG, place GPE, group NORP) and a label its kind (LOC and FAC are places too).
- **split** (per mention, by the caller in SQL, *before* the merges): the mentions of ``actor`` in
  the listed ``articles`` (doc_ids), or in a paragraph holding one of the ``words`` (whole words,
  any case; see ``paragraph_hits``), become ``into``, which may be a new actor. ``split_targets``
  says what ``into`` finally is after the other operations.
- **drop** ``[names]``: the actor's rows get actor ``""``; the caller leaves their mentions out.

Operations run in the order above, each over the table the previous one left; every row an
operation changes records ``rule = "codebook: <op> (line N)"``. Errors are ``CodebookError``, one
line ``"{path}:{line}: what"``: a YAML problem, an unknown section or key, a wrong type, an empty
name, a loop, a name in two conflicting rules (merged into two actors; merged away and then
relabelled or dropped; dropped and used elsewhere), an unknown actor.
"""

from __future__ import annotations

import bisect
import difflib
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from analysis import safe_yaml
from analysis.entities.records import NAME_LABELS

from .frames import ALIAS_COLUMNS
from .records import LABEL_OF_KIND, kind_of

if TYPE_CHECKING:
    import pandas as pd

KIND_LABELS = LABEL_OF_KIND
_KIND_SPELLINGS = {"organization": "organisation", "org": "organisation", "people": "group"}
SPLIT_KEYS = ("actor", "into", "articles", "words")


class CodebookError(safe_yaml.YamlError):
    """A codebook was refused; ``str()`` is ``"{path}:{line}: {what}"``."""


@dataclass(frozen=True)
class Merge:
    """``name``'s actor joins ``into``'s (written ``into: [name, ...]``)."""

    name: str
    into: str
    line: int


@dataclass(frozen=True)
class Rename:
    """``name``'s actor is called ``to``."""

    name: str
    to: str
    line: int


@dataclass(frozen=True)
class Relabel:
    """``name``'s actor gets ``kind`` and ``label``."""

    name: str
    kind: str
    label: str
    line: int


@dataclass(frozen=True)
class Split:
    """The mentions of ``actor`` in ``articles``, or in a paragraph with one of ``words``, become ``into``."""

    actor: str
    into: str
    articles: tuple[str, ...]
    words: tuple[str, ...]  # lower-cased
    line: int

    def applies(self, doc_id: str, paragraph_words: Iterable[str] = ()) -> bool:
        """Whether a mention of ``actor`` in ``doc_id``, whose paragraph holds ``paragraph_words``, moves."""
        return doc_id in self.articles or bool(set(self.words) & {w.lower() for w in paragraph_words})


@dataclass(frozen=True)
class Drop:
    """``name``'s actor is left out of every table."""

    name: str
    line: int


@dataclass(frozen=True)
class Codebook:
    """A parsed codebook; ``digest`` (sha256 of the file's bytes) keys the manifest and warm runs."""

    path: str
    digest: str
    merges: tuple[Merge, ...] = ()
    renames: tuple[Rename, ...] = ()
    relabels: tuple[Relabel, ...] = ()
    splits: tuple[Split, ...] = ()
    drops: tuple[Drop, ...] = ()

    @property
    def context_words(self) -> tuple[str, ...]:
        """Every split word or phrase, lower-cased, once each, in file order."""
        return tuple(dict.fromkeys(word for split in self.splits for word in split.words))

    def fail(self, line: int, what: str) -> CodebookError:
        """The error for a rule of this codebook (returned, for the caller to raise)."""
        return CodebookError(self.path, line, what)


@dataclass(frozen=True)
class SplitTarget:
    """What a split's mentions finally become: the machine ``actor`` they leave, the actor they join."""

    split: Split
    actor: str
    into: str  # "" when the codebook drops it
    actor_label: str
    kind: str
    rule: str


# ---------------------------------------------------------------- reading the file


class _Reader:
    """The loaded YAML with its lines, and one way to fail at a place in it."""

    def __init__(self, path: str, lines: dict[tuple, int]):
        self.path, self.lines = path, lines

    def line(self, where: tuple) -> int:
        while where not in self.lines and where:
            where = where[:-1]
        return self.lines.get(where, 1)

    def fail(self, where: tuple, what: str) -> CodebookError:
        return CodebookError(self.path, self.line(where), what)

    def name(self, value: Any, where: tuple, what: str = "a name") -> str:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            got = "yes/no (quote it)" if isinstance(value, bool) else type(value).__name__
            raise self.fail(where, f"{what} must be text, got {got}")
        text = " ".join(str(value).split())
        if not text:
            raise self.fail(where, f"{what} is empty")
        return text

    def names(self, value: Any, where: tuple, what: str) -> list[tuple[str, int]]:
        """A name or a list of names, each with its line."""
        if not isinstance(value, list):
            return [(self.name(value, where, what), self.line(where))]
        if not value:
            raise self.fail(where, f"{what}: the list is empty")
        return [(self.name(item, where + (i,), what), self.line(where + (i,))) for i, item in enumerate(value)]

    def mapping(self, value: Any, where: tuple, what: str) -> dict:
        if not isinstance(value, dict):
            raise self.fail(where, f"{what} must be a mapping 'name: ...', got {type(value).__name__}")
        return value


def _parse_merges(r: _Reader, value: Any) -> tuple[Merge, ...]:
    out = []
    for into, names in r.mapping(value, ("merge",), "merge").items():
        where = ("merge", into)
        target = r.name(into, where, "a merge target")
        out += [Merge(name, target, line) for name, line in r.names(names, where, f"merge into {target!r}")]
    return tuple(out)


def _parse_renames(r: _Reader, value: Any) -> tuple[Rename, ...]:
    return tuple(
        Rename(r.name(name, ("rename", name)), r.name(to, ("rename", name), f"the new name of {name!r}"),
               r.line(("rename", name)))
        for name, to in r.mapping(value, ("rename",), "rename").items()
    )


def kind_and_label(value: str) -> tuple[str, str] | None:
    """(kind, label) for a kind ("organisation") or a spaCy name label ("ORG"), any case; else None."""
    word = _KIND_SPELLINGS.get(value.lower(), value.lower())
    if word in KIND_LABELS:
        return word, KIND_LABELS[word]
    if value.upper() in NAME_LABELS:
        return kind_of(value.upper()), value.upper()
    return None


def _parse_relabels(r: _Reader, value: Any) -> tuple[Relabel, ...]:
    out = []
    for name, kind in r.mapping(value, ("relabel",), "relabel").items():
        where = ("relabel", name)
        name = r.name(name, where)
        parsed = kind_and_label(r.name(kind, where, f"the kind of {name!r}"))
        if parsed is None:
            raise r.fail(where, f"relabel {name!r}: unknown kind {kind!r} (a kind: {', '.join(KIND_LABELS)}; "
                                f"or a spaCy label: {', '.join(sorted(NAME_LABELS))})")
        out.append(Relabel(name, *parsed, r.line(where)))
    return tuple(out)


def _parse_split(r: _Reader, item: Any, i: int) -> Split:
    where = ("split", i)
    item = r.mapping(item, where, "a split")
    unknown = [key for key in item if key not in SPLIT_KEYS]
    if unknown:
        raise r.fail(where + (unknown[0],), f"split: unknown key {unknown[0]!r} (known: {', '.join(SPLIT_KEYS)})")
    for key in ("actor", "into"):
        if key not in item:
            raise r.fail(where, f"split: '{key}' is missing")
    actor, into = r.name(item["actor"], where + ("actor",)), r.name(item["into"], where + ("into",))
    if actor.casefold() == into.casefold():
        raise r.fail(where, f"split: {actor!r} is split into itself")
    if ("articles" in item) == ("words" in item):
        raise r.fail(where, "split: give either 'articles' or 'words' (write two splits for both)")
    key = "articles" if "articles" in item else "words"
    values = tuple(name for name, _ in r.names(item[key], where + (key,), f"split {key}"))
    words = tuple(w.lower() for w in values) if key == "words" else ()
    return Split(actor, into, values if key == "articles" else (), words, r.line(where))


def _parse_splits(r: _Reader, value: Any) -> tuple[Split, ...]:
    if not isinstance(value, list):
        raise r.fail(("split",), f"split must be a list of '- actor: ...' items, got {type(value).__name__}")
    return tuple(_parse_split(r, item, i) for i, item in enumerate(value))


def _parse_drops(r: _Reader, value: Any) -> tuple[Drop, ...]:
    return tuple(Drop(name, line) for name, line in r.names(value, ("drop",), "drop"))


SECTIONS: dict[str, Callable[[_Reader, Any], tuple]] = {
    "split": _parse_splits, "merge": _parse_merges, "rename": _parse_renames,
    "relabel": _parse_relabels, "drop": _parse_drops,
}
_FIELDS = {"split": "splits", "merge": "merges", "rename": "renames", "relabel": "relabels", "drop": "drops"}


def load_codebook(path: str | Path) -> Codebook:
    """Read and check a codebook file (see the module docstring); ``CodebookError`` names the line."""
    path = Path(path)
    try:
        raw = safe_yaml.read_bytes(path)  # read once: the digest is of the bytes parsed
        data, lines = safe_yaml.load(raw, name=str(path))
    except FileNotFoundError:
        raise CodebookError(str(path), None, "codebook not found; pass an existing YAML file") from None
    except OSError as exc:
        raise CodebookError(str(path), None, f"codebook cannot be read ({exc.strerror})") from None
    except safe_yaml.YamlError as exc:
        raise CodebookError(exc.path, exc.line, exc.what) from None
    return parse_codebook(data, lines, path=str(path), digest=hashlib.sha256(raw).hexdigest())


def parse_codebook(data: Any, lines: dict[tuple, int], *, path: str = "<codebook>", digest: str = "") -> Codebook:
    """A checked ``Codebook`` from loaded YAML data and its lines (``safe_yaml.load``)."""
    r = _Reader(path, lines)
    if data is None:
        return Codebook(path, digest)
    r.mapping(data, (), "a codebook")
    for key in data:
        if key not in SECTIONS:
            close = difflib.get_close_matches(str(key), SECTIONS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise r.fail((key,), f"unknown section {key!r}{hint} (sections: {', '.join(SECTIONS)})")
    rules = {_FIELDS[key]: SECTIONS[key](r, data[key]) for key in SECTIONS if key in data}
    codebook = Codebook(path, digest, **rules)
    check_codebook(codebook)
    return codebook


# ---------------------------------------------------------------- checks without the table


def _fold(name: str) -> str:
    return name.casefold()


def _check_no_loop(codebook: Codebook, edges: list[tuple[str, str, int]], op: str,
                   key: Callable[[str], str] = _fold) -> None:
    """Edges (source, target, line) in file order: the one that closes a loop is refused."""
    nxt: dict[str, tuple[str, int, str]] = {}  # source key -> (target key, line, target as written)
    for source, target, line in edges:
        src, dst = key(source), key(target)
        if src == dst:
            raise codebook.fail(line, f"{op}s {source!r} into itself")
        if src in nxt and nxt[src][0] != dst:
            raise codebook.fail(line, f"{source!r} is {op}d into two actors: {target!r} here and "
                                      f"another on line {nxt[src][1]}")
        nxt[src] = (dst, line, target)
        path, seen = [source, target], {src}
        while dst in nxt and dst not in seen:
            seen.add(dst)
            dst, _, written = nxt[dst]
            path.append(written)
        if dst == src:
            raise codebook.fail(line, f"{op} loop: {' -> '.join(path)}")


def _first_lines(rules: Iterable[tuple[str, int]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for name, line in rules:
        out.setdefault(_fold(name), line)
    return out


def _check_relabels(codebook: Codebook) -> None:
    seen: dict[str, Relabel] = {}
    for rule in codebook.relabels:
        other = seen.setdefault(_fold(rule.name), rule)
        if other.label != rule.label:
            raise codebook.fail(rule.line, f"{rule.name!r} is relabelled {rule.kind} here and {other.kind} "
                                           f"on line {other.line}")


def _check_gone(codebook: Codebook) -> None:
    """A name merged or renamed away is no longer an actor: a later rule on it is a conflict."""
    merged = _first_lines((m.name, m.line) for m in codebook.merges)
    for rule in codebook.renames:
        if _fold(rule.name) in merged:
            raise codebook.fail(rule.line, f"{rule.name!r} is merged away on line {merged[_fold(rule.name)]}; "
                                           "rename the actor it joins instead")
    gone = {**_first_lines((r.name, r.line) for r in codebook.renames), **merged}
    for rule in (*codebook.relabels, *codebook.drops):
        if _fold(rule.name) in gone:
            op = "relabel" if isinstance(rule, Relabel) else "drop"
            raise codebook.fail(rule.line, f"{rule.name!r} is merged or renamed away on line "
                                           f"{gone[_fold(rule.name)]}; {op} the actor it becomes instead")


def _check_drops(codebook: Codebook) -> None:
    used = _first_lines([(m.into, m.line) for m in codebook.merges] + [(r.to, r.line) for r in codebook.renames]
                        + [(r.name, r.line) for r in codebook.relabels])
    for rule in codebook.drops:
        if _fold(rule.name) in used:
            raise codebook.fail(rule.line, f"{rule.name!r} is dropped here but kept by the rule on line "
                                           f"{used[_fold(rule.name)]}")


def check_codebook(codebook: Codebook) -> None:
    """Refuse loops and names in two conflicting rules (each error names the later line)."""
    _check_no_loop(codebook, [(m.name, m.into, m.line) for m in codebook.merges], "merge")
    # renames compare exact names: "BBC news: BBC News" is a case fix, not a loop
    _check_no_loop(codebook, [(r.name, r.to, r.line) for r in codebook.renames], "rename", key=str)
    _check_relabels(codebook)
    _check_gone(codebook)
    _check_drops(codebook)


# ---------------------------------------------------------------- applying to the alias table


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

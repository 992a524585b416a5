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
  any case; see ``recode.paragraph_hits``), become ``into``, which may be a new actor. ``recode.split_targets``
  says what ``into`` finally is after the other operations.
- **drop** ``[names]``: the actor's rows get actor ``""``; the caller leaves their mentions out.

Operations run in the order above, each over the table the previous one left; every row an
operation changes records ``rule = "codebook: <op> (line N)"``. Errors are ``CodebookError``, one
line ``"{path}:{line}: what"``: a YAML problem, an unknown section or key, a wrong type, an empty
name, a loop, a name in two conflicting rules (merged into two actors; merged away and then
relabelled or dropped; dropped and used elsewhere), an unknown actor.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

from analysis import safe_yaml
from analysis.entities.records import NAME_LABELS

from .records import LABEL_OF_KIND, kind_of

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

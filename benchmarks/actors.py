"""Is each real-world actor one row? Scores the mentions table against gold actor groups.

The gold (benchmarks/gold/bbc-politics-actors.yaml) lists, for the BBC politics section,
groups of names that denote one actor, each with a canonical name and a kind, and pairs of
actors that must never be joined. For every gold actor this script finds its mentions (a
mention whose normalised text, or failing that its entity, is one of the actor's aliases),
and reports how many distinct `entity` values they end up under (1 = joined), the share under
the most used one, and whether that name's label fits the kind. Where the gold reads a bare
surname as someone else in one article (`in_article`: "Clarke" is Ken Clarke in 013), that
reading wins there. A wrong merge is an entity
name that holds mentions of two actors (gold actors, or the names of a `distinct` pair).

Usage:
    python benchmarks/actors.py                 # runs `newsbrief analyze` on bbc/politics
    python benchmarks/actors.py --tables DIR    # scores DIR/mentions.parquet (or .csv)
    options: --corpus DIR  --gold PATH  --json

Without --tables the corpus is --corpus DIR (the unzipped bbc/politics folder), or the politics
folder of ../shared/corpora/bbc-fulltext.zip unzipped to a temporary folder; when neither exists the
script says so and exits 0. The scoring functions are pure and importable
(tests/test_actors_benchmark.py).
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable, Mapping, Sequence

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "benchmarks" / "gold" / "bbc-politics-actors.yaml"
BBC_ZIP = ROOT.parent / "shared" / "corpora" / "bbc-fulltext.zip"
ZIP_SECTION = "bbc-fulltext/bbc/politics/"

KINDS = ("person", "organisation", "place", "group")
# The labels a name of each kind may carry (spaCy's OntoNotes labels).
KIND_LABELS = {
    "person": ("PERSON",),
    "organisation": ("ORG",),
    "place": ("GPE", "LOC"),
    "group": ("NORP", "ORG"),
}
HONORIFICS = ("mr", "mrs", "ms", "dr")

_SPACE = re.compile(r"\s+")
_THE = re.compile(r"^the\s+")
_POSSESSIVE = re.compile(r"(?:'s|')$")
_HONORIFIC = re.compile(r"^(?:%s)\.?\s+" % "|".join(HONORIFICS))


class GoldError(ValueError):
    """The gold file is malformed; the message names the actor and the field to fix."""


# ------------------------------------------------------------------------------------ records

@dataclass(frozen=True)
class Actor:
    """One real-world actor of the gold: its canonical name, kind and every name it goes by."""

    canonical: str
    kind: str
    aliases: tuple[str, ...]
    note: str = ""
    gold: bool = True  # False: a name that only appears in a `distinct` pair


@dataclass(frozen=True)
class ActorScore:
    """How one actor's mentions are spread over the entity names of the tables."""

    actor: str
    kind: str
    mentions: int
    rows: tuple[tuple[str, str, int], ...]  # (entity, label, mentions), most mentioned first
    entities: int  # distinct entity names; 1 = joined
    top_entity: str
    top_label: str
    share: float  # mentions under top_entity / mentions
    label_ok: bool


@dataclass(frozen=True)
class WrongMerge:
    """An entity name under which the mentions of two actors meet."""

    entity: str
    actors: tuple[str, str]
    mentions: tuple[int, int]
    distinct_pair: bool  # the gold lists the two as a pair that must not be joined


@dataclass
class Report:
    """The scores of every gold actor, the wrong merges, and the summary figures."""

    actors: list[ActorScore]
    wrong_merges: list[WrongMerge]
    summary: dict = field(default_factory=dict)


# ------------------------------------------------------------------------------ normalising

def normalise(name: str, *, honorific: bool = True) -> str:
    """Case-folded name without a leading "the" or a possessive; *honorific*=False also drops Mr/Mrs/Ms/Dr."""
    key = _SPACE.sub(" ", str(name).replace("\u2019", "'")).strip().lower()
    key = _POSSESSIVE.sub("", _THE.sub("", key)).strip()
    if not honorific:
        key = _HONORIFIC.sub("", key)
    return key


# ------------------------------------------------------------------------------------- gold

def parse_actor(raw: Mapping, index: int) -> Actor:
    """One gold group as an Actor; GoldError when the canonical name, kind or aliases are missing or wrong."""
    canonical = str(raw.get("canonical") or "").strip()
    if not canonical:
        raise GoldError(f"actor #{index + 1} has no canonical name; add `canonical:`")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise GoldError(f"actor {canonical!r} has kind {kind!r}; use one of {', '.join(KINDS)}")
    aliases = tuple(dict.fromkeys([canonical, *[str(a) for a in raw.get("aliases") or ()]]))
    return Actor(canonical, kind, aliases, note=str(raw.get("note") or "").strip())


def check_aliases(actors: Sequence[Actor]) -> None:
    """GoldError when one normalised alias belongs to two actors."""
    owner: dict[str, str] = {}
    for actor in actors:
        for alias in actor.aliases:
            key = normalise(alias)
            if owner.setdefault(key, actor.canonical) != actor.canonical:
                raise GoldError(f"alias {alias!r} is in both {owner[key]!r} and {actor.canonical!r}; keep it in one")


@dataclass(frozen=True)
class Gold:
    """The gold actors, the pairs that must not be joined, and per-article readings of an alias."""

    actors: tuple[Actor, ...]
    distinct: tuple[tuple[str, str], ...] = ()
    in_article: tuple[tuple[str, str, str], ...] = ()  # (doc_id, alias, actor)


def parse_pairs(raw: Iterable) -> tuple[tuple[str, str], ...]:
    """The `distinct` pairs; GoldError when one does not have two names."""
    pairs = []
    for pair in raw or ():
        if len(pair) != 2:
            raise GoldError(f"distinct pair {pair!r} must have two names")
        pairs.append((str(pair[0]), str(pair[1])))
    return tuple(pairs)


def parse_in_article(raw: Iterable) -> tuple[tuple[str, str, str], ...]:
    """The `in_article` entries; GoldError when one lacks doc, alias or actor."""
    out = []
    for entry in raw or ():
        if not all(entry.get(k) for k in ("doc", "alias", "actor")):
            raise GoldError(f"in_article entry {entry!r} needs doc, alias and actor")
        out.append((str(entry["doc"]), str(entry["alias"]), str(entry["actor"])))
    return tuple(out)


def parse_gold(data: Mapping) -> Gold:
    """The actors, distinct pairs and per-article readings of a loaded gold file, checked."""
    actors = tuple(parse_actor(raw, i) for i, raw in enumerate(data.get("actors") or ()))
    check_aliases(actors)
    return Gold(actors, parse_pairs(data.get("distinct")), parse_in_article(data.get("in_article")))


def load_gold(path: Path = GOLD) -> Gold:
    """Read and check the gold YAML file."""
    import yaml

    return parse_gold(yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {})


def with_distinct_names(actors: Sequence[Actor], pairs: Iterable[tuple[str, str]]) -> list[Actor]:
    """The gold actors plus one single-name actor per `distinct` name that no gold actor has."""
    known = {normalise(a) for actor in actors for a in actor.aliases}
    extra: dict[str, Actor] = {}
    for name in (n for pair in pairs for n in pair):
        if normalise(name) not in known and normalise(name) not in extra:
            extra[normalise(name)] = Actor(name, "person", (name,), gold=False)
    return [*actors, *extra.values()]


def canonical_of(actors: Sequence[Actor], name: str) -> str:
    """The canonical name of the actor one of whose aliases is *name* (or *name* itself)."""
    key = normalise(name)
    for actor in actors:
        if key in {normalise(a) for a in actor.aliases}:
            return actor.canonical
    return name


# ------------------------------------------------------------------------------- assigning

def alias_index(actors: Sequence[Actor]) -> tuple[dict[str, str], dict[str, str]]:
    """(exact, loose) maps from normalised alias to canonical name; loose keys lack the honorific."""
    exact = {normalise(a): actor.canonical for actor in actors for a in actor.aliases}
    loose: dict[str, str] = {}
    for actor in actors:
        for alias in actor.aliases:
            loose.setdefault(normalise(alias, honorific=False), actor.canonical)
    return exact, loose


def lookup(name: str, index: tuple[dict[str, str], dict[str, str]]) -> str | None:
    """The actor a name is an alias of: its exact form first ("Mrs Blair"), then without the honorific."""
    exact, loose = index
    return exact.get(normalise(name)) or exact.get(normalise(name, honorific=False)) or loose.get(normalise(name, honorific=False))


def article_index(in_article: Iterable[tuple[str, str, str]], actors: Sequence[Actor]) -> dict[tuple[str, str], str]:
    """(doc_id, normalised alias without honorific) -> canonical actor, from the gold's `in_article`."""
    return {(doc, normalise(alias, honorific=False)): canonical_of(actors, actor) for doc, alias, actor in in_article}


def assign(mention: Mapping, index: tuple[dict[str, str], dict[str, str]], articles: Mapping[tuple[str, str], str] = {}) -> str | None:
    """The actor of one mention row: the article's own reading of its text, its text, its entity, or None."""
    local = articles.get((str(mention.get("doc_id", "")), normalise(mention["text"], honorific=False)))
    return local or lookup(mention["text"], index) or lookup(mention["entity"], index)


def group_mentions(mentions: Iterable[Mapping], actors: Sequence[Actor], in_article: Iterable[tuple[str, str, str]] = ()) -> dict[str, Counter]:
    """Actor -> Counter of (entity, label) over the mentions assigned to it."""
    index, articles = alias_index(actors), article_index(in_article, actors)
    out: dict[str, Counter] = {actor.canonical: Counter() for actor in actors}
    for row in mentions:
        actor = assign(row, index, articles)
        if actor is not None:
            out[actor][(str(row["entity"]), str(row["label"]))] += 1
    return out


# --------------------------------------------------------------------------------- scoring

def entity_totals(rows: Counter) -> Counter:
    """Mentions per entity name, over its labels."""
    totals: Counter = Counter()
    for (entity, _label), n in rows.items():
        totals[entity] += n
    return totals


def score_actor(actor: Actor, rows: Counter) -> ActorScore:
    """The spread of one actor's mentions: entity names, the top one's share and label."""
    total = sum(rows.values())
    ordered = tuple(sorted(((e, l, n) for (e, l), n in rows.items()), key=lambda r: (-r[2], r[0], r[1])))
    totals = entity_totals(rows)
    if not total:
        return ActorScore(actor.canonical, actor.kind, 0, (), 0, "", "", 0.0, False)
    top_entity = min(totals, key=lambda e: (-totals[e], e))
    top_label = next(l for e, l, _n in ordered if e == top_entity)
    return ActorScore(
        actor.canonical, actor.kind, total, ordered, len(totals), top_entity, top_label,
        totals[top_entity] / total, top_label in KIND_LABELS[actor.kind],
    )


def wrong_merges(grouped: Mapping[str, Counter], pairs: Iterable[tuple[str, str]], gold_names: set[str]) -> list[WrongMerge]:
    """Entity names holding mentions of two actors, gold or named in a distinct pair."""
    totals = {actor: entity_totals(rows) for actor, rows in grouped.items() if rows}
    pair_set = {frozenset(p) for p in pairs}
    names = sorted(totals)
    found = []
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            if a not in gold_names and b not in gold_names and frozenset((a, b)) not in pair_set:
                continue
            for entity in sorted(set(totals[a]) & set(totals[b])):
                found.append(WrongMerge(entity, (a, b), (totals[a][entity], totals[b][entity]), frozenset((a, b)) in pair_set))
    return found


def summarise(scores: Sequence[ActorScore], merges: Sequence[WrongMerge]) -> dict:
    """Headline figures over the gold actors that have mentions."""
    found = [s for s in scores if s.mentions]
    n = len(found) or 1
    total = sum(s.mentions for s in found) or 1
    return {
        "actors": len(scores),
        "found": len(found),
        "joined": sum(s.entities == 1 for s in found),
        "mean_share": round(sum(s.share for s in found) / n, 4),
        "pooled_share": round(sum(s.share * s.mentions for s in found) / total, 4),
        "label_agreement": round(sum(s.label_ok for s in found) / n, 4),
        "mentions": sum(s.mentions for s in found),
        "entity_names": sum(s.entities for s in found),
        "wrong_merges": len(merges),
        "actors_in_wrong_merges": len({a for m in merges for a in m.actors}),
    }


def score(mentions: Iterable[Mapping], gold: Gold) -> Report:
    """Score mention rows (doc_id, text, entity, label) against the gold."""
    actors = gold.actors
    everyone = with_distinct_names(actors, [*gold.distinct, *((a, a) for _d, _al, a in gold.in_article)])
    pairs = [(canonical_of(everyone, a), canonical_of(everyone, b)) for a, b in gold.distinct]
    grouped = group_mentions(mentions, everyone, gold.in_article)
    scores = [score_actor(actor, grouped[actor.canonical]) for actor in actors]
    merges = wrong_merges(grouped, pairs, {a.canonical for a in actors})
    return Report(scores, merges, summarise(scores, merges))


def worst_splits(report: Report, n: int = 10) -> list[ActorScore]:
    """The actors spread over the most entity names (then the lowest share)."""
    return sorted((s for s in report.actors if s.mentions), key=lambda s: (-s.entities, s.share, s.actor))[:n]


# ------------------------------------------------------------------------------- printing

def format_rows(rows: Sequence[tuple[str, str, int]], limit: int = 6) -> str:
    """'Tories/NORP 231, Tory/NORP 258, ...' for the most mentioned rows."""
    shown = ", ".join(f"{e}/{l} {n}" for e, l, n in rows[:limit])
    return shown + (f", +{len(rows) - limit} more" if len(rows) > limit else "")


def format_report(report: Report) -> str:
    """The per-actor table, the wrong merges and the summary, as text."""
    lines = [f"{'actor':<24} {'kind':<12} {'ment':>5} {'names':>5} {'share':>6} label  entities (entity/label mentions)"]
    for s in report.actors:
        ok = "ok" if s.label_ok else ("-" if not s.mentions else "WRONG")
        lines.append(f"{s.actor:<24} {s.kind:<12} {s.mentions:>5} {s.entities:>5} {s.share:>6.2f} {ok:<6} {format_rows(s.rows)}")
    lines.append("")
    lines.append(f"wrong merges ({len(report.wrong_merges)}):")
    lines += [f"  {m.entity!r}: {m.actors[0]} {m.mentions[0]} + {m.actors[1]} {m.mentions[1]}"
              + (" (a distinct pair)" if m.distinct_pair else "") for m in report.wrong_merges]
    s = report.summary
    lines += ["", f"actors joined under one name: {s['joined']}/{s['found']} (of {s['actors']} gold actors)",
              f"mean share under the top name: {s['mean_share']:.3f} (pooled over mentions {s['pooled_share']:.3f})",
              f"label agreement: {s['label_agreement']:.3f}",
              f"entity names for {s['mentions']} actor mentions: {s['entity_names']}",
              f"wrong merges: {s['wrong_merges']} (actors involved: {s['actors_in_wrong_merges']})"]
    return "\n".join(lines)


def report_json(report: Report) -> dict:
    """The report as plain data."""
    return {"summary": report.summary,
            "actors": [asdict(s) for s in report.actors],
            "wrong_merges": [asdict(m) for m in report.wrong_merges]}


# ------------------------------------------------------------------------------------- I/O

def read_mentions(tables: Path) -> list[dict]:
    """Rows (doc_id, text, entity, label) of DIR/mentions.parquet, or DIR/mentions.csv."""
    import pandas as pd

    parquet, csv = Path(tables) / "mentions.parquet", Path(tables) / "mentions.csv"
    if parquet.exists():
        df = pd.read_parquet(parquet)
    elif csv.exists():
        df = pd.read_csv(csv, keep_default_na=False, dtype=str)
    else:
        raise SystemExit(f"no mentions table in {tables}; run `newsbrief analyze CORPUS --out {tables}` first")
    missing = [c for c in ("doc_id", "text", "entity", "label") if c not in df.columns]
    if missing:
        raise SystemExit(f"{tables}/mentions lacks column(s) {missing}; it has {list(df.columns)}")
    return df[["doc_id", "text", "entity", "label"]].astype(str).to_dict("records")


def politics_corpus(tmp: Path, given: Path | None = None) -> Path | None:
    """The BBC politics folder: *given* (unzipped already), or unzipped from the shared zip into
    *tmp*; None if neither."""
    if given is not None:
        return given if given.is_dir() and any(given.glob("*.txt")) else None
    if not BBC_ZIP.exists():
        return None
    with zipfile.ZipFile(BBC_ZIP) as zf:
        members = [n for n in zf.namelist() if n.startswith(ZIP_SECTION) and n.endswith(".txt")]
        zf.extractall(tmp, members=members)
    return tmp / ZIP_SECTION


def run_analyze(corpus: Path, out: Path) -> None:
    """`newsbrief analyze` of this tree on *corpus*; SystemExit with its stderr if it fails."""
    cmd = [sys.executable, "-m", "analysis.cli", "analyze", str(corpus), "--out", str(out), "--quiet", "--jobs", "2"]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"`{' '.join(cmd)}` failed ({proc.returncode}):\n{proc.stderr[-2000:]}\n"
                         "Use --tables DIR to score tables written before.")


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the options, get the tables (given or made), print the scores."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=Path, help="a folder written by `newsbrief analyze`")
    parser.add_argument("--corpus", type=Path, help="the bbc/politics folder, if unzipped already")
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    gold = load_gold(args.gold)
    with tempfile.TemporaryDirectory(prefix="newsbrief-actors-") as tmp:
        tables = args.tables
        if tables is None:
            corpus = politics_corpus(Path(tmp), args.corpus)
            if corpus is None:
                print(f"skipped: no politics articles in {args.corpus or BBC_ZIP}; pass --tables DIR")
                return 0
            tables = Path(tmp) / "tables"
            run_analyze(corpus, tables)
        report = score(read_mentions(tables), gold)
    print(json.dumps(report_json(report), indent=2) if args.json else format_report(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())

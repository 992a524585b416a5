"""Soak: ``newsbrief analyze`` on 20,000 articles; throughput, peak memory, and the tables
against the union of the parts.

    NEWSBRIEF_CACHE=/tmp/cache-main .venv/bin/python benchmarks/soak.py              # 20,000 articles
    NEWSBRIEF_CACHE=/tmp/cache-main .venv/bin/python benchmarks/soak.py --articles 4000
    .venv/bin/python benchmarks/soak.py --articles 3000 --no-cache       # a cold figure
    .venv/bin/python benchmarks/soak.py --articles 600 --base 100        # a quick look: 5 BBC copies of 100
    .venv/bin/python benchmarks/soak.py --json

The corpus is built in a temporary folder (never in the project): the BBC corpus
(``../shared/corpora/bbc-fulltext.zip``) repeated with changed ids
(``copy03/business/c03-business-001.txt``; the last copy partial) plus polnear-train
(``../shared/corpora/polnear-train.jsonl``). One ``newsbrief analyze`` runs on it as a
subprocess, with the parse cache unless ``--no-cache`` (repeated copies hit the cache, as a
re-run over a grown corpus does; the parts, not timed, always use it). The summed RSS of the
whole process tree (the command and its parse workers; DuckDB's threads live in the command) is
sampled every 0.2 s and its maximum printed (target: under 1.5 GB), with wall and CPU time,
articles/s and the machine's load (a shared machine: CPU seconds against wall seconds say how
much the others took). Then the parts (one BBC copy, polnear-train) are analysed separately and
the big run's tables compared with the union of the parts' tables, ids mapped:

- per-article columns (articles, sentences; mentions and quotes except the names that actor
  resolution gives) must be equal exactly; so must every copy's rows against the first copy's
  within the big run, and each aggregate table (entities, cooccurrence) against the
  aggregation of the big run's own mentions;
- what corpus-wide resolution decides (a mention's actor, a quote's speaker, hence the
  entities and cooccurrence rows) may honestly differ in a bigger corpus: reported as counts of
  differences, with examples, not hidden and not failed.

Where analyze has the duplicates option (``--duplicates``, detected from ``newsbrief analyze
--help``) the runs pass ``--duplicates each`` (or ``--duplicates once``); when the tables were made
with ``once``, the expected aggregates leave out the copies that ``articles.duplicate_of`` names,
and each later copy must be marked a copy of the first copy's article. Exit status 1 when an
exact check fails or memory is over the target.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("NEWSBRIEF_SHARED", ROOT.parent / "shared"))
BBC_ZIP = SHARED / "corpora" / "bbc-fulltext.zip"
POLNEAR = SHARED / "corpora" / "polnear-train.jsonl"
NEWSBRIEF = [sys.executable, "-m", "analysis.cli"]
MEMORY_TARGET = int(1.5 * 1024**3)
MB = 1024 * 1024
INTERVAL = 0.2  # seconds between memory samples

# --- the corpus ----------------------------------------------------------------------------

_COPY_ID = re.compile(r"^c\d{2}-")
_COPY_PATH = re.compile(r"copy\d{2}([/\\][^/\\]+[/\\])c\d{2}-")


def copy_name(k: int, section: str, stem: str) -> str:
    """The file of article *stem* of *section* in BBC copy *k*; its stem is its doc_id."""
    return f"copy{k:02d}/{section}/c{k:02d}-{section}-{stem}.txt"


def to_first_copy(doc_id: str) -> str:
    """The doc_id the article of *doc_id* has in the first copy (the parts' id): c03-x -> c00-x."""
    return _COPY_ID.sub("c00-", doc_id)


def path_in_first_copy(path: str) -> str:
    """A corpus-relative path of a copy as the first copy's path."""
    return _COPY_PATH.sub(r"copy00\1c00-", path)


def read_bbc(zip_path: Path) -> list[tuple[str, str, bytes]]:
    """(section, stem, bytes) of every BBC article, in sorted order."""
    with zipfile.ZipFile(zip_path) as archive:
        names = sorted(n for n in archive.namelist() if n.endswith(".txt") and "README" not in n)
        return [(Path(n).parent.name, Path(n).stem, archive.read(n)) for n in names]


def plan(n: int, base: int, polnear: int) -> tuple[int, list[int]]:
    """(polnear-train articles, BBC articles per copy) for *n* articles in all: polnear-train
    whole (at most a quarter of *n*), then copies of *base* BBC articles, the last one partial."""
    n_polnear = min(polnear, n // 4)
    bbc = n - n_polnear
    sizes = [base] * (bbc // base) + ([bbc % base] if bbc % base else [])
    return n_polnear, sizes


def lay_out(into: Path, bbc: list[tuple[str, str, bytes]], sizes: list[int], polnear_lines: list[str]) -> Path:
    """Write the BBC copies (copy *k* holding the first ``sizes[k]`` articles) and the
    polnear-train records under *into*; return *into*."""
    for k, size in enumerate(sizes):
        for section, stem, blob in bbc[:size]:
            path = into / copy_name(k, section, stem)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(blob)
    if polnear_lines:
        into.mkdir(parents=True, exist_ok=True)
        (into / "polnear-train.jsonl").write_text("".join(polnear_lines), encoding="utf-8")
    return into


def build(work: Path, n: int, base: int | None) -> dict:
    """The big corpus and its parts under *work*; what they hold."""
    bbc = read_bbc(BBC_ZIP)
    base = min(base or len(bbc), len(bbc))
    lines = [line if line.endswith("\n") else line + "\n"
             for line in POLNEAR.read_text(encoding="utf-8").splitlines(keepends=True) if line.strip()]
    n_polnear, sizes = plan(n, base, len(lines))
    lines = lines[:n_polnear]
    return {
        "big": lay_out(work / "big", bbc, sizes, lines),
        "parts": [lay_out(work / "part-bbc", bbc, [max(sizes, default=0)], []),
                  lay_out(work / "part-polnear", bbc, [], lines)],
        "copies": sizes,
        "polnear": n_polnear,
    }


# --- running and measuring -------------------------------------------------------------------


def _tree_rss_psutil(pid: int) -> list[tuple[int, int]]:
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return []
    rows = []
    for proc in procs:
        try:
            rows.append((proc.pid, proc.memory_info().rss))
        except psutil.Error:
            pass
    return rows


def _tree_rss_proc(pid: int) -> list[tuple[int, int]]:
    """The same from /proc: parent links from /proc/*/stat, RSS from /proc/*/statm."""
    parent: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
                parent[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    tree, frontier = [pid], [pid]
    while frontier:
        frontier = [p for p, pp in parent.items() if pp in frontier]
        tree += frontier
    page = os.sysconf("SC_PAGE_SIZE")
    rows = []
    for p in tree:
        try:
            rows.append((p, int(Path(f"/proc/{p}/statm").read_text().split()[1]) * page))
        except (OSError, IndexError, ValueError):
            pass
    return rows


def tree_rss(pid: int) -> list[tuple[int, int]]:
    """(pid, RSS bytes) of *pid* and all its descendants: psutil if installed, else /proc."""
    try:
        import psutil  # noqa: F401
    except ImportError:
        return _tree_rss_proc(pid)
    return _tree_rss_psutil(pid)


@dataclass
class TreeMemory:
    """Samples the summed RSS of a process tree every *interval* s until it exits."""

    pid: int
    interval: float = INTERVAL
    peak: int = 0
    peak_at: float = 0.0
    peak_parts: list = field(default_factory=list)  # [(pid, rss)] at the peak: the command first
    processes: int = 0
    load_max: float = 0.0
    timeline: list = field(default_factory=list)  # (seconds, summed rss)

    def __post_init__(self):
        self.started = time.perf_counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            rows = tree_rss(self.pid)
            total = sum(rss for _, rss in rows)
            now = time.perf_counter() - self.started
            self.timeline.append((round(now, 2), total))
            self.processes = max(self.processes, len(rows))
            self.load_max = max(self.load_max, os.getloadavg()[0])
            if total > self.peak:
                self.peak, self.peak_at, self.peak_parts = total, now, rows
            self._stop.wait(self.interval)

    def stop(self) -> "TreeMemory":
        self._stop.set()
        self._thread.join(timeout=5)
        return self


def run_measured(command: list[str], env: dict) -> dict:
    """Run *command* (from the project folder); its wall and CPU time, peak tree RSS, load."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load_before = os.getloadavg()
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    memory = TreeMemory(process.pid)
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    memory.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0:
        raise SystemExit(f"command failed ({process.returncode}): {' '.join(command)}\n{err[-3000:]}")
    return {
        "seconds": round(seconds, 1),
        "cpu_seconds": round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 1),
        "peak_rss_mb": round(memory.peak / MB),
        "peak_at_fraction": round(memory.peak_at / seconds, 2) if seconds else 0.0,
        "peak_command_mb": round(memory.peak_parts[0][1] / MB) if memory.peak_parts else 0,
        "peak_largest_process_mb": round(after.ru_maxrss / 1024),  # of any one waited-for descendant
        "processes_max": memory.processes,
        "load_before": [round(x, 2) for x in load_before],
        "load_max_1min": round(memory.load_max, 2),
        "load_after": [round(x, 2) for x in os.getloadavg()],
        "timeline": memory.timeline,
    }


def has_duplicates_option() -> bool:
    """Whether this newsbrief's ``analyze`` has ``--duplicates`` (added by issue 13, item 1)."""
    help_text = subprocess.run([*NEWSBRIEF, "analyze", "--help"], cwd=ROOT, capture_output=True, text=True).stdout
    return "--duplicates" in help_text


def analyze_command(corpus: Path, out: Path, args, duplicates: bool, *, measured: bool = True) -> list[str]:
    """The ``newsbrief analyze`` command line; ``--no-cache`` is for the measured run only: the
    parts, which are not timed, use the cache (so a cold run is also checked against cached records)."""
    command = [*NEWSBRIEF, "analyze", str(corpus), "--out", str(out), "--jobs", str(args.jobs), "--quiet"]
    if args.no_cache and measured:
        command.append("--no-cache")
    elif args.cache:
        command += ["--cache", str(args.cache)]
    if duplicates:
        command += ["--duplicates", args.duplicates]
    return command


# --- tables equal the union of the parts -------------------------------------------------------


@dataclass
class Check:
    """One comparison: exact ones must hold; the others report what corpus-wide steps changed."""

    name: str
    exact: bool
    rows: int
    differences: int
    detail: str = ""
    examples: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.exact or self.differences == 0


def _same(a, b):
    import pandas as pd

    return (a == b) | (pd.isna(a) & pd.isna(b))


def compare(name: str, got, expected, key: list[str], columns: list[str], *, exact: bool) -> Check:
    """Rows of *got* against *expected*, matched on *key*: rows on one side only, and rows whose
    *columns* differ, count as differences."""
    merged = got[key + columns].merge(expected[key + columns], on=key, how="outer", suffixes=("", "_x"),
                                      indicator=True)
    one_side = merged["_merge"] != "both"
    both = merged[~one_side]
    differs = [~_same(both[c], both[c + "_x"]) for c in columns]
    bad = differs[0].copy() if differs else both["_merge"] != "both"
    for d in differs[1:]:
        bad |= d
    by_column = {c: int(d.sum()) for c, d in zip(columns, differs) if d.sum()}
    detail = (f"only in the run: {int((merged['_merge'] == 'left_only').sum())}, only expected: "
              f"{int((merged['_merge'] == 'right_only').sum())}" + (f"; differing {by_column}" if by_column else ""))
    shown = key + [c for c in columns if c in by_column] + [c + "_x" for c in columns if c in by_column]
    examples = [{k: _plain(v) for k, v in row.items()} for row in both[bad].head(3)[shown].to_dict("records")]
    return Check(name, exact, len(merged), int(one_side.sum() + bad.sum()), detail, examples)


def _plain(value):
    """A value as JSON shows it: a count that an outer join made a float is an int again."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value.item() if hasattr(value, "item") else value


def expand(part_rows, articles_map):
    """The parts' rows of a per-article table, once for each big-run article they stand for:
    *articles_map* has the big run's doc_id and the part's id (``part_id``)."""
    rows = part_rows.rename(columns={"doc_id": "part_id"})
    return articles_map.merge(rows, on="part_id").drop(columns="part_id")


def copies_of(articles) -> set:
    """The doc_ids ``articles.duplicate_of`` marks as copies (none without that column)."""
    if "duplicate_of" not in articles.columns:
        return set()
    marked = articles["duplicate_of"].fillna("").astype(str) != ""
    return set(articles.loc[marked, "doc_id"])


PER_ARTICLE = {  # table: (key, columns decided per article, columns corpus-wide resolution decides)
    "articles": (["doc_id"], ["rel_path", "title", "n_words", "status", "reason", "date", "source", "url"], []),
    "sentences": (["doc_id", "sent_id"], ["start_char", "end_char"], []),
    "mentions": (["doc_id", "start_char", "end_char"], ["sent_id", "para_id", "text", "title"], ["entity", "label"]),
    "quotes": (["doc_id", "quote_id"], ["group_id", "kind", "text", "quoted", "speaker_text", "speaker_start",
                                        "speaker_end", "cue", "start_char", "end_char", "sieve"],
               ["speaker", "speakers"]),
}


def _with_rel_path(articles, root: str):
    articles = articles.copy()
    prefix = root.rstrip("/\\") + os.sep
    articles["rel_path"] = [path_in_first_copy(p[len(prefix):] if p.startswith(prefix) else p)
                            for p in articles["path"]]
    return articles


def _aggregates(mentions, copies: set, labels) -> dict:
    from analysis.cooccurrence import cooccurrence_edges

    kept = mentions[~mentions["doc_id"].isin(copies)] if copies else mentions
    entities = (kept.groupby(["entity", "label"]).agg(mentions=("doc_id", "size"), documents=("doc_id", "nunique"))
                .reset_index())
    return {"entities": entities, "cooccurrence": cooccurrence_edges(kept, labels=labels)}


AGGREGATE_KEYS = {"entities": (["entity", "label"], ["mentions", "documents"]),
                  "cooccurrence": (["source", "target", "window"], ["weight", "documents"])}


def union_check(big: dict, parts: list[dict], *, roots: tuple[str, list[str]], to_part: Callable[[str], str],
                once: bool, labels: Iterable[str] | None = None) -> list[Check]:
    """Compare the tables of the big run (*big*: name -> DataFrame) with the union of the
    parts' tables, the big run's doc_ids mapped to the parts' by *to_part*; *roots*: the corpus
    folder of the big run and of each part (``articles.path`` is compared relative to them).
    *once*: the aggregates were made counting each story once (copies left out)."""
    import pandas as pd

    from analysis.cooccurrence import DEFAULT_ACTOR_LABELS

    labels = tuple(labels or DEFAULT_ACTOR_LABELS)
    big = {**big, "articles": _with_rel_path(big["articles"], roots[0])}
    union = {name: pd.concat([p[name] if name != "articles" else _with_rel_path(p[name], root)
                              for p, root in zip(parts, roots[1])], ignore_index=True)
             for name in PER_ARTICLE}
    ids = big["articles"][["doc_id"]].assign(part_id=lambda f: f["doc_id"].map(to_part))
    firsts = ids[ids["doc_id"] == ids["part_id"]]
    checks = []
    for name, (key, local, resolved) in PER_ARTICLE.items():
        expected = expand(union[name], ids)
        checks.append(compare(f"{name}: per-article columns = union of the parts", big[name], expected, key,
                              local, exact=True))
        if resolved:
            checks.append(compare(f"{name}: {', '.join(resolved)} (corpus-wide resolution) = the parts'",
                                  big[name], expected, key, resolved, exact=False))
        first_rows = big[name][big[name]["doc_id"].isin(firsts["doc_id"])]
        checks.append(compare(f"{name}: every copy = the first copy, within the run", big[name],
                              expand(first_rows, ids), key, local + resolved, exact=True))
    copies = copies_of(big["articles"]) if once else set()
    own = _aggregates(big["mentions"], copies, labels)
    theirs = _aggregates(expand(union["mentions"], ids), copies, labels)
    for name, (key, counts) in AGGREGATE_KEYS.items():
        checks.append(compare(f"{name} = counted from the run's own mentions", big[name], own[name], key, counts,
                              exact=True))
        checks.append(compare(f"{name} = counted from the union of the parts' mentions (their resolution)",
                              big[name], theirs[name], key, counts, exact=False))
    total = Check("mentions in all: entities.mentions summed = the parts' rows", True, 1,
                  int(big["entities"]["mentions"].sum() != theirs["entities"]["mentions"].sum()),
                  f"{int(big['entities']['mentions'].sum())} vs {int(theirs['entities']['mentions'].sum())}")
    checks.append(total)
    if "duplicate_of" in big["articles"].columns:
        checks.append(duplicates_check(big["articles"], union["articles"], to_part))
    return checks


def duplicates_check(big_articles, part_articles, to_part: Callable[[str], str]) -> Check:
    """Each later copy of an article is a duplicate of the first copy's article, or of what the
    first copy's article is a duplicate of in the parts; first copies keep the parts' answer."""
    part_of = dict(zip(part_articles["doc_id"], part_articles["duplicate_of"].fillna("").astype(str)))
    bad, examples = 0, []
    for doc_id, got in zip(big_articles["doc_id"], big_articles["duplicate_of"].fillna("").astype(str)):
        first = to_part(doc_id)
        want = part_of.get(first, "") or (first if first != doc_id else "")
        if got != want:
            bad += 1
            if len(examples) < 3:
                examples.append({"doc_id": doc_id, "duplicate_of": got, "expected": want})
    marked = int((big_articles["duplicate_of"].fillna("") != "").sum())
    return Check("articles.duplicate_of: copies point to the first copy", False, len(big_articles), bad,
                 f"{marked} articles marked as copies", examples)


# --- the whole benchmark ---------------------------------------------------------------------


def load(out: Path) -> dict:
    from analysis.tables import TABLE_NAMES, load_table

    return {name: load_table(out, name) for name in TABLE_NAMES}


def report(result: dict) -> str:
    r, run = result, result["run"]
    lines = [
        f"corpus: {r['articles']} articles = BBC copies {r['copies']} + polnear-train {r['polnear']}; "
        f"jobs={r['jobs']}, cache={'off' if r['no_cache'] else 'on'}, duplicates option: {r['duplicates_option']}"
        f"{' (copies counted once)' if r['counted_once'] else ''}",
        f"machine: {os.cpu_count()} cores, load average before {run['load_before']}, max 1-min during "
        f"{run['load_max_1min']}, after {run['load_after']}",
        f"newsbrief analyze: {run['seconds']:.1f} s wall, {run['cpu_seconds']:.1f} s CPU, "
        f"{r['articles_per_second']:.1f} articles/s; stages {r['stages']}",
        f"peak memory of the process tree (summed RSS, {INTERVAL} s samples): {run['peak_rss_mb']} MB "
        f"(target < {MEMORY_TARGET // MB} MB: {'ok' if r['memory_ok'] else 'OVER'}); at {run['peak_at_fraction']:.0%} "
        f"of the run, the command itself {run['peak_command_mb']} MB; largest single process "
        f"{run['peak_largest_process_mb']} MB; up to {run['processes_max']} processes",
        "tables against the union of the parts:",
    ]
    for check in r["checks"]:
        mark = ("ok  " if check["differences"] == 0 else "FAIL") if check["exact"] else "info"
        lines.append(f"  {mark} {check['name']}: {check['differences']} of {check['rows']} differ ({check['detail']})")
        for example in check["examples"] if check["differences"] else []:
            lines.append(f"         e.g. {example}")
    return "\n".join(lines)


def soak(args) -> dict:
    """Build the corpus, run and measure the big analysis, analyse the parts, compare."""
    work = Path(tempfile.mkdtemp(prefix="newsbrief-soak-"))
    try:
        corpus = build(work, args.articles, args.base)
        duplicates = has_duplicates_option()
        env = dict(os.environ)
        run = run_measured(analyze_command(corpus["big"], work / "out-big", args, duplicates), env)
        manifest = json.loads((work / "out-big" / "manifest.json").read_text())
        for i, part in enumerate(corpus["parts"]):
            part_command = analyze_command(part, work / f"out-part{i}", args, duplicates, measured=False)
            subprocess.run(part_command, cwd=ROOT, env=env, check=True, capture_output=True)
        big = load(work / "out-big")
        once = "duplicate_of" in big["articles"].columns and manifest.get("duplicates", "once") != "each"
        checks = union_check(big, [load(work / f"out-part{i}") for i in range(len(corpus["parts"]))],
                             roots=(str(corpus["big"]), [str(p) for p in corpus["parts"]]),
                             to_part=to_first_copy, once=once, labels=manifest.get("labels"))
        n = manifest.get("articles", args.articles)
        if args.timeline:
            Path(args.timeline).write_text("\n".join(f"{t}\t{rss // MB}" for t, rss in run["timeline"]) + "\n")
        return {
            "articles": n, "copies": corpus["copies"], "polnear": corpus["polnear"], "jobs": args.jobs,
            "no_cache": args.no_cache, "duplicates_option": duplicates, "counted_once": once,
            "run": {k: v for k, v in run.items() if k != "timeline"},
            "articles_per_second": round(n / run["seconds"], 1),
            "stages": manifest.get("seconds", {}),
            "memory_ok": run["peak_rss_mb"] * MB < MEMORY_TARGET,
            "checks": [{**asdict(c), "ok": c.ok} for c in checks],
        }
    finally:
        if args.keep:
            print(f"kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=20_000, help="articles in all (default 20,000)")
    parser.add_argument("--base", type=int, default=None, help="BBC articles per copy (default: all 2,225)")
    parser.add_argument("--jobs", type=int, default=2, help="parse processes (default 2; the machine is shared)")
    parser.add_argument("--cache", default=None, help="parse cache folder (default: $NEWSBRIEF_CACHE or the user's)")
    parser.add_argument("--no-cache", action="store_true", help="a cold run: no parse cache (use a smaller --articles)")
    parser.add_argument("--duplicates", choices=("each", "once"), default="each",
                        help="passed to analyze where it has the option (default each: every copy counts)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print where it is")
    parser.add_argument("--timeline", default=None, metavar="FILE", help="write the memory samples (s, MB) there")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    missing = [str(p) for p in (BBC_ZIP, POLNEAR) if not p.is_file()]
    if missing:
        print(f"skipped: {', '.join(missing)} not found (the shared corpora are needed)")
        return 0
    result = soak(args)
    print(json.dumps(result, indent=2) if args.json else report(result))
    return 0 if result["memory_ok"] and all(c["ok"] for c in result["checks"]) else 1


if __name__ == "__main__":
    sys.exit(main())

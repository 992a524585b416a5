"""Failures: SIGINT/SIGTERM sent to the real ``newsbrief`` process while it parses and while it
renders leave no partial table, HTML or PDF at the final paths, no corrupt cache entry and no
stray process; concurrent runs into different folders do not interfere, and into one folder do
not corrupt it.

The corpus is a few hundred BBC articles read from the shared zip (skipped when it is absent).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from analysis.cache import ParseCache
from conftest import NEWSBRIEF, ROOT, SHARED, run_newsbrief

pytestmark = [pytest.mark.slow, pytest.mark.model]

BBC_ZIP = SHARED / "corpora" / "bbc-fulltext.zip"
TABLES = ("articles", "mentions", "entities", "quotes", "cooccurrence")


def bbc_corpus(root: Path, n: int, step: int = 1) -> Path:
    """*n* BBC articles (every *step*-th) written under *root*/<topic>/."""
    if not BBC_ZIP.exists():
        pytest.skip(f"{BBC_ZIP} not present")
    with zipfile.ZipFile(BBC_ZIP) as z:
        names = sorted(x for x in z.namelist() if x.endswith(".txt") and "/bbc/" in x)[::step][:n]
        for name in names:
            topic, file = name.split("/")[-2:]
            (root / topic).mkdir(parents=True, exist_ok=True)
            (root / topic / file).write_bytes(z.read(name))
    return root


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return bbc_corpus(tmp_path_factory.mktemp("bbc") / "corpus", 64, step=33)


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    return bbc_corpus(tmp_path_factory.mktemp("bbc-small") / "corpus", 12, step=181)


def start(*args, cwd=ROOT) -> subprocess.Popen:
    return subprocess.Popen([*NEWSBRIEF, *map(str, args)], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def descendants(pid: int) -> set[int]:
    """Every live descendant of *pid* (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_for(condition, proc: subprocess.Popen, timeout: float = 120) -> bool:
    """Poll *condition* until it holds; False if the process ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.02)
    raise AssertionError("the moment to interrupt never came")


def interrupt(proc: subprocess.Popen, signum: int, *, group: bool = False) -> tuple[int, str, set[int]]:
    """Send *signum* (to the whole process group, as Ctrl+C in a terminal does, if *group*);
    return the exit code, stderr and the descendants that were alive then."""
    kids = descendants(proc.pid)
    sent = time.monotonic()
    if group:
        os.killpg(proc.pid, signum)
    else:
        proc.send_signal(signum)
    try:
        _, stderr = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        _, stderr = proc.communicate()
        raise AssertionError(f"newsbrief did not stop within 120 s of {signal.Signals(signum).name}")
    print(f"{signal.Signals(signum).name}: stopped {time.monotonic() - sent:.1f} s after the signal, exit {proc.returncode}")
    return proc.returncode, stderr, kids


def assert_no_strays(kids: set[int]) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(alive(k) for k in kids):
        time.sleep(0.1)
    left = {k: Path(f"/proc/{k}/cmdline").read_text().replace("\0", " ")[:120] for k in kids if alive(k)}
    assert not left, f"processes left running after the interrupt: {left}"


def cache_entries(cache: Path) -> list[Path]:
    return sorted(cache.rglob("*.bin"))


def assert_cache_sound(cache: Path, *, workers_killed: bool = False) -> int:
    """Every entry decodes (ParseCache.get) and no temporary file is left; returns the count.

    Worker processes stopped by an interrupt may leave a ``.NAME.*.tmp`` file (never an entry).
    """
    entries = cache_entries(cache)
    for entry in entries:
        model_dir = entry.parent.parent
        store = ParseCache(model_dir.parent, model_dir.name)
        assert store.directory == model_dir
        assert store.get(entry.stem) is not None, f"corrupt cache entry {entry}"
    if not workers_killed:
        assert not [p for p in cache.rglob("*.tmp")], "a temporary cache file was left behind"
    return len(entries)


def assert_no_partial_outputs(out: Path) -> None:
    leftovers = [p for p in out.rglob("*") if p.name.endswith((".tmp", ".tmp.ipynb"))
                 or p.name.startswith((".staging-", ".tmp", ".newsbrief-previous-"))]
    assert not leftovers, leftovers


def assert_tables_complete(data: Path, corpus: Path) -> pd.DataFrame:
    """All five tables present and consistent with each other and with the corpus."""
    for name in TABLES:
        assert (data / f"{name}.csv").exists() and (data / f"{name}.parquet").exists(), name
    articles = pd.read_parquet(data / "articles.parquet")
    assert len(articles) == len(list(corpus.rglob("*.txt")))
    assert pd.read_csv(data / "articles.csv", keep_default_na=False, dtype=str)["doc_id"].tolist() == articles["doc_id"].tolist()
    mentions = pd.read_parquet(data / "mentions.parquet")
    assert set(mentions["doc_id"]) <= set(articles["doc_id"])
    entities = pd.read_parquet(data / "entities.parquet")
    assert entities["mentions"].sum() == len(mentions)
    manifest = json.loads((data / "manifest.json").read_text())
    assert manifest["articles"] == len(articles) and manifest["ok"] == int((articles["status"] == "ok").sum())
    return articles


def staging_dirs(out: Path) -> list[Path]:
    return list(out.glob(".staging-*")) if out.exists() else []


# ------------------------------------------------------------------------------ interrupts

@pytest.mark.parametrize("signum, jobs, group", [(signal.SIGINT, 1, False), (signal.SIGINT, 2, True),
                                                 (signal.SIGTERM, 2, False)],
                         ids=["SIGINT-jobs1", "Ctrl+C-group-jobs2", "SIGTERM-jobs2"])
def test_interrupt_while_parsing(corpus, tmp_path, signum, jobs, group):
    out, cache = tmp_path / "data", tmp_path / "cache"
    proc = start("analyze", corpus, "--out", out, "--cache", cache, "--jobs", jobs, "--quiet")
    # Parsing has begun when the staging folder exists and the first parses are cached.
    reached = wait_for(lambda: staging_dirs(out) and len(cache_entries(cache)) >= 3, proc)
    assert reached, f"the run ended before it could be interrupted: {proc.communicate()[1][-2000:]}"
    at_signal = len(cache_entries(cache))
    code, stderr, kids = interrupt(proc, signum, group=group)
    assert code == 130, stderr[-3000:]
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert not any((out / f"{name}.{ext}").exists() for name in TABLES for ext in ("csv", "parquet"))
    assert not (out / "manifest.json").exists()
    assert_no_partial_outputs(out)
    assert_no_strays(kids)
    n = assert_cache_sound(cache, workers_killed=jobs > 1)
    assert 0 < n <= len(list(corpus.rglob("*.txt")))
    # Prompt: the workers stop with the run, they do not finish their batches first.
    assert n - at_signal <= 2 * jobs, f"{n - at_signal} articles were parsed after the signal"
    assert n < len(list(corpus.rglob("*.txt")))
    if (signum, jobs) != (signal.SIGINT, 1):
        return
    # The lock died with the run, and the cache it left serves the next run.
    result = run_newsbrief("analyze", corpus, "--out", out, "--cache", cache, "--jobs", "1", "--quiet")
    assert result.returncode == 0, result.stderr[-3000:]
    assert_tables_complete(out, corpus)
    assert_cache_sound(cache)


@pytest.fixture(scope="module")
def analysed(small_corpus, tmp_path_factory):
    """A cache warmed on the small corpus, so that runs on it reach rendering quickly."""
    cache = tmp_path_factory.mktemp("warm") / "cache"
    result = run_newsbrief("analyze", small_corpus, "--out", cache.parent / "data", "--cache", cache, "--jobs", "1",
                           "--quiet")
    assert result.returncode == 0, result.stderr
    return cache


def _render_moments():
    def executing(out: Path) -> bool:  # papermill writes the output notebook (a temporary name) as cells run
        return any(out.glob(".briefing.ipynb.*.tmp.ipynb")) and (out / "data" / "manifest.json").exists()

    def printing(out: Path) -> bool:  # the HTML is written, Chromium is printing the PDF
        return (out / "briefing.html").exists()

    return {"notebook": executing, "pdf": printing}


@pytest.mark.parametrize("moment, signum", [("notebook", signal.SIGINT), ("pdf", signal.SIGTERM)],
                         ids=["SIGINT-notebook", "SIGTERM-pdf"])
def test_interrupt_while_rendering(small_corpus, analysed, tmp_path, moment, signum):
    out = tmp_path / "out"
    proc = start("run", small_corpus, "--out", out, "--cache", analysed, "--to", "html,pdf", "--jobs", "1", "--quiet")
    condition = _render_moments()[moment]
    reached = wait_for(lambda: condition(out), proc)
    assert reached, f"the run ended before it could be interrupted: {proc.communicate()[1][-2000:]}"
    code, stderr, kids = interrupt(proc, signum)
    assert not (out / "briefing.pdf").exists(), "a PDF was written although the run was interrupted"
    html = out / "briefing.html"
    if html.exists():  # written whole before the signal, never half
        assert html.read_text(encoding="utf-8").rstrip().endswith("</html>")
    if moment == "notebook":
        assert not html.exists()
    assert_no_partial_outputs(out)
    assert_no_strays(kids)
    assert_cache_sound(analysed)
    assert_tables_complete(out / "data", small_corpus)
    # (Chromium's profile cleanup once replaced the interrupt with "Directory not empty": exit 1.)
    assert code == 130, stderr[-3000:]
    assert "interrupted" in stderr and "Traceback" not in stderr, stderr[-3000:]


# ------------------------------------------------------------------------------ concurrency

def test_two_runs_into_different_folders_do_not_interfere(small_corpus, analysed, tmp_path):
    cache = tmp_path / "cache"  # shared and cold: both write the same entries at the same time
    a = start("analyze", small_corpus, "--out", tmp_path / "a", "--cache", cache, "--jobs", "1", "--quiet")
    b = start("analyze", small_corpus, "--out", tmp_path / "b", "--cache", cache, "--jobs", "1", "--quiet")
    results = [p.communicate(timeout=300) for p in (a, b)]
    assert a.returncode == 0 and b.returncode == 0, [r[1][-2000:] for r in results]
    for name in TABLES:
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "a" / f"{name}.parquet"),
                                      pd.read_parquet(tmp_path / "b" / f"{name}.parquet"))
    assert_tables_complete(tmp_path / "a", small_corpus)
    assert_cache_sound(cache)
    # ... and equal to a run on its own (the one that warmed the other cache).
    alone = analysed.parent / "data"
    for name in TABLES:
        pd.testing.assert_frame_equal(pd.read_parquet(alone / f"{name}.parquet"),
                                      pd.read_parquet(tmp_path / "a" / f"{name}.parquet"))


@pytest.mark.parametrize("command", ["analyze", "run"])
def test_two_runs_into_the_same_folder_refuse_or_serialise(small_corpus, analysed, tmp_path, command):
    out = tmp_path / "out"
    data = out if command == "analyze" else out / "data"
    extra = ["--to", "html"] if command == "run" else []
    # Cold cache for analyze so that the first run holds the lock long enough to be met.
    cache = tmp_path / "cache" if command == "analyze" else analysed
    first = start(command, small_corpus, "--out", out, "--cache", cache, "--jobs", "1", "--quiet", *extra)
    wait_for(lambda: bool(staging_dirs(data)) or (data / "manifest.json").exists(), first)
    second = start(command, small_corpus, "--out", out, "--cache", cache, "--jobs", "1", "--quiet", *extra)
    (_, err1), (_, err2) = first.communicate(timeout=300), second.communicate(timeout=300)
    assert first.returncode == 0, err1[-2000:]
    if second.returncode != 0:
        assert "another newsbrief run is writing to" in err2 and "Traceback" not in err2, err2[-2000:]
    assert_tables_complete(data, small_corpus)
    assert_no_partial_outputs(out)
    if command == "run":
        assert (out / "briefing.html").read_text(encoding="utf-8").rstrip().endswith("</html>")

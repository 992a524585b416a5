"""A corpus that changes while it is read, and files that cannot be opened: each is listed as
skipped with its reason (or read as it is at that moment), the rest is analysed, and nothing hangs.

The changes happen for real between listing and reading: the reader is a generator, so a test
reads the first article, then removes, rewrites or replaces the files not yet read; the
pipeline reports its progress to a function (``analyze(progress=...)``) after each batch, and
the test changes the corpus there, before the next batch is read. A FIFO stays a FIFO (the
reader must not wait for a writer), and a file nobody may read is read by user nobody.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Callable

import pandas as pd
import pytest

from analysis import pipeline, tables
from analysis.corpus import Article, Skipped, read_corpus
from conftest import ROOT, run_newsbrief
from realfs import as_nobody, world_readable_dir

BODY = "Prime Minister Tony Blair met President George Bush in Washington on Monday, officials said.\n"
TEXT = {name: f"Headline {name.upper()}\n\n{BODY}" for name in "abcdefgh"}
SHORTER = "Short note\n\nGeorge Bush spoke.\n"
LONGER = TEXT["h"] + "\nAngela Merkel arrived in Berlin on Tuesday, according to her office.\n"


def _write(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in TEXT.items():
        (root / f"{name}.txt").write_text(text, encoding="utf-8")
    return root


def _replace(path: Path, make: Callable[[Path], None]) -> None:
    path.unlink()
    make(path)


# What happens to each file after the corpus was listed and the first article read, and what
# the reader must say about it then.
CHANGES: dict[str, tuple[Callable[[Path], None], str, str]] = {
    "b": (lambda p: p.unlink(), "skipped", r"^cannot read the file: No such file or directory \(it was removed"),
    "c": (lambda p: p.write_bytes(bytes(range(256)) * 16), "skipped", r"^binary file \(not text\)"),
    "d": (lambda p: p.write_text(SHORTER, encoding="utf-8"), "ok", ""),
    "e": (lambda p: _replace(p, lambda q: q.mkdir()), "skipped", r"^not a regular file \(a folder\)"),
    "f": (lambda p: _replace(p, lambda q: os.mkfifo(q)), "skipped", r"^not a regular file \(a FIFO\)"),
    "g": (lambda p: _replace(p, lambda q: q.symlink_to(q.parent / "gone.txt")), "skipped",
          r"^cannot read the file: No such file or directory \(a broken symlink"),
    "h": (lambda p: p.write_text(LONGER, encoding="utf-8"), "ok", ""),
}
NEW_TEXT = {"d": SHORTER, "h": LONGER}


def change_all(root: Path) -> None:
    for name, (change, _, _) in CHANGES.items():
        change(root / f"{name}.txt")


def read_in_thread(items, timeout: float = 60) -> list:
    """Read an iterator in a thread; fail (instead of hanging the suite) if it blocks."""
    out: list = []
    reader = threading.Thread(target=lambda: out.extend(items), daemon=True)
    reader.start()
    reader.join(timeout)
    assert not reader.is_alive(), "the reader blocked"
    return out


# ------------------------------------------------------------------ the reader
def test_files_changed_after_listing_are_read_as_they_are_then(tmp_path):
    root = _write(tmp_path / "corpus")
    items = read_corpus(root, language=None)
    first = next(items)  # the folder is listed, a.txt read; the others are not read yet
    assert isinstance(first, Article) and first.doc_id == "a"
    change_all(root)
    found = {Path(i.path).stem: i for i in read_in_thread(items)}
    assert sorted(found) == sorted(CHANGES)
    for name, (_, status, reason) in CHANGES.items():
        item = found[name]
        if status == "ok":
            assert isinstance(item, Article) and item.text == NEW_TEXT[name], name
        else:
            assert isinstance(item, Skipped) and re.search(reason, item.reason), (name, item)


def test_a_fifo_and_a_folder_named_like_articles_never_block(tmp_path):
    root = _write(tmp_path / "corpus")
    os.mkfifo(root / "pipe.txt")   # opening it for reading the usual way waits for a writer
    os.mkfifo(root / "pipe.jsonl")
    (root / "folder.txt").mkdir()  # a folder is walked into, not read as a file
    (root / "folder.txt" / "inside.txt").write_text(TEXT["a"], encoding="utf-8")
    try:
        items = read_in_thread(read_corpus(root, language=None), timeout=30)
    finally:
        for name in ("pipe.txt", "pipe.jsonl"):  # release a reader that did block
            try:
                os.close(os.open(root / name, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:
                pass
    by_name = {os.path.relpath(i.path, root): i for i in items}
    for name in ("pipe.txt", "pipe.jsonl"):
        assert isinstance(by_name[name], Skipped) and by_name[name].reason.startswith("not a regular file (a FIFO)")
    assert isinstance(by_name["folder.txt/inside.txt"], Article)
    assert sum(isinstance(i, Article) for i in items) == len(TEXT) + 1


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_a_record_file_rewritten_while_streamed_keeps_what_was_read(tmp_path, suffix):
    path = tmp_path / f"records{suffix}"
    texts = [f"{BODY.strip()} Record {i}." for i in range(1, 5)]
    if suffix == ".jsonl":
        import json

        path.write_text("".join(json.dumps({"id": f"r{i}", "text": t}) + "\n" for i, t in enumerate(texts, 1)))
    else:
        path.write_text("id,text\n" + "".join(f'r{i},"{t}"\n' for i, t in enumerate(texts, 1)))
    items = read_corpus(path, language=None)
    first = next(items)
    assert isinstance(first, Article) and first.text == texts[0]
    with open(path, "r+b") as handle:  # rewritten in place (an editor, a download resumed)
        handle.truncate(0)
        handle.write(b"id,text\nx,rewritten\n")
    rest = read_in_thread(items)
    assert len(rest) == 1 and isinstance(rest[0], Skipped), rest
    assert rest[0].reason.startswith("the file changed while it was read")
    assert "from number 2 on were not read" in rest[0].reason


def test_a_file_its_reader_may_not_open_is_skipped_with_what_to_do(tmp_path):
    """As a user without the right to read one file (root may read anything: run as nobody)."""
    if os.geteuid() == 0:
        prefix, base = as_nobody(), world_readable_dir("newsbrief-unreadable-")
    else:
        prefix, base = [], tmp_path
    try:
        root = _write(base / "corpus")
        (root / "secret.txt").write_text(TEXT["a"], encoding="utf-8")
        (root / "secret.txt").chmod(0)
        script = ("import sys, json; from analysis.corpus import read_corpus; "
                  "print(json.dumps([[i.path, getattr(i, 'reason', '')] for i in read_corpus(sys.argv[1], language=None)]))")
        done = subprocess.run([*prefix, sys.executable, "-c", script, str(root)], cwd=ROOT, capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        import json

        reasons = {os.path.basename(p): r for p, r in json.loads(done.stdout)}
        assert reasons["secret.txt"].startswith("cannot read the file: Permission denied; make it readable")
        assert all(reasons[f"{name}.txt"] == "" for name in TEXT)
    finally:
        if base != tmp_path:
            shutil.rmtree(base, ignore_errors=True)


# ------------------------------------------------------------------ the pipeline
@pytest.fixture(scope="module")
def changed_run(tmp_path_factory):
    """`analyze` (one article a batch) with the corpus changed once the first article is through."""
    base = tmp_path_factory.mktemp("changing")
    root, out, cache = _write(base / "corpus"), base / "out", base / "cache"
    seen: list[int] = []

    def progress(done: int) -> None:
        if not seen:
            change_all(root)  # b..h are listed (the fingerprint, the walk) but not yet read
        seen.append(done)

    summary = pipeline.analyze(str(root), str(out), jobs=1, cache_dir=str(cache), batch_size=1, progress=progress)
    return root, out, cache, summary, seen


@pytest.mark.model
def test_a_corpus_changed_mid_run_lists_each_change_and_analyses_the_rest(changed_run):
    root, out, _, summary, seen = changed_run
    assert seen[0] == 1 and seen[-1] == len(TEXT)
    articles = tables.load_table(out, "articles")
    rows = {Path(p).stem: r for p, r in zip(articles["path"], articles.itertuples())}
    assert sorted(rows) == sorted(TEXT)
    assert rows["a"].status == "ok"
    for name, (_, status, reason) in CHANGES.items():
        assert rows[name].status == status, (name, rows[name].reason)
        assert re.search(reason, rows[name].reason) if reason else rows[name].reason == "", name
    assert (summary.n_ok, summary.n_skipped) == (3, 5)
    # The rewritten articles are analysed as they were read: every mention points into that text.
    mentions = tables.load_table(out, "mentions")
    for name in NEW_TEXT:
        doc = mentions[mentions["doc_id"] == rows[name].doc_id]
        assert len(doc), name
        assert all(NEW_TEXT[name][a:b] == t for a, b, t in zip(doc["start_char"], doc["end_char"], doc["text"]))
    assert "Merkel" in set(mentions.loc[mentions["doc_id"] == rows["h"].doc_id, "text"].str.split().str[-1])


@pytest.mark.slow
@pytest.mark.model
def test_newsbrief_analyze_exits_zero_with_the_unreadable_files_listed(changed_run, tmp_path):
    """The real command on the changed corpus (the FIFO and folder still there): exit 0, as
    for any skipped input, and the same rows as the run that saw the changes happen."""
    root, out, cache, _, _ = changed_run
    again = tmp_path / "again"
    result = run_newsbrief("analyze", root, "--out", again, "--cache", cache, "--jobs", "1", "--quiet", timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert re.search(r"analysed 3 article\(s\), skipped 3", result.stderr), result.stderr
    first = tables.load_table(out, "articles").set_index("doc_id")
    second = tables.load_table(again, "articles").set_index("doc_id")
    # b.txt is gone, e.txt is an (empty) folder now: neither is listed; the rest as the changing run saw it
    pd.testing.assert_frame_equal(first.drop(index=["b", "e"]).sort_index(), second.sort_index())

"""Bad inputs: every file that cannot be analysed is listed with a clear reason, the rest is analysed.

The corpus is generated in tmp_path (nothing is copied into the repository); the one real
file, bbc/sport/199.txt (UTF-8 text with one Latin-1 byte), is read from the shared BBC zip.
Fast tests call `read_corpus`; the slow ones run the real ``newsbrief`` command.
"""

from __future__ import annotations

import html
import json
import os
import re
import resource
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from analysis.corpus import Article, Skipped, read_corpus
from analysis.errors import CorpusError
from conftest import ROOT, SHARED, run_newsbrief

BBC_ZIP = SHARED / "corpora" / "bbc-fulltext.zip"

BODY = (
    "Prime Minister Tony Blair met President George Bush in Washington on Monday. "
    '"We agreed on the next steps," Blair said after the meeting. '
    "Officials from the United Nations also attended.\n\n"
    "The talks covered trade and security, according to John Smith of the Foreign Office.\n"
)
FRENCH = (
    "Le président de la République a annoncé lundi une série de mesures pour soutenir les "
    "agriculteurs touchés par la sécheresse, selon un communiqué publié par l'Élysée. "
) * 6
HUGE_BYTES = 20_000_000


@dataclass(frozen=True)
class Case:
    """One bad input: where it is, what the reader must say about it."""

    name: str        # what the report table calls it
    rel: str         # path under the corpus root
    status: str      # "ok" or "skipped"
    reason: str = ""  # regex the skip reason must match
    contains: str = ""  # for ok: a substring the analysed text must contain


CASES = [
    Case("empty file", "empty.txt", "skipped", r"^empty file$"),
    Case("binary file named .txt", "binary.txt", "skipped", r"^binary file \(not text\)"),
    Case("control-character soup named .txt", "controls.txt", "skipped", r"binary file \(not text\): mostly control"),
    Case("Latin-1 text", "latin1.txt", "ok", contains="Café owner José Müller"),
    Case("Windows-1252 text", "cp1252.txt", "ok", contains="Minister’s “smart” quotes — and a € sign"),
    Case("UTF-8 with BOM", "bom.txt", "ok", contains="BOM article headline"),
    Case("UTF-16 with BOM", "utf16.txt", "ok", contains="Wide article"),
    Case("UTF-8 with one invalid byte", "one-bad-byte.txt", "ok", contains="Zürich cost \ufffd15m"),
    Case("UTF-8 with a stray NUL byte", "stray-nul.txt", "ok", contains="stray \ufffd byte"),
    Case("BBC sport/199 (one Latin-1 £ in ASCII)", "bbc-sport-199.txt", "ok", contains="a £15.8m signing"),
    Case("20 MB article", "huge.txt", "skipped", r"too large: 20,000,000 bytes.*raise max_chars"),
    Case("HTML page with scripts and navigation", "page.html", "ok", contains="Storm hits coast"),
    Case("HTML page that is only navigation", "nav-only.html", "skipped", r"no article text found in the HTML page"),
    Case("non-English (French) article", "french.txt", "skipped", r"language 'fr' detected; the model is English"),
    Case("unbalanced quotation marks", "unbalanced.txt", "ok", contains="This quote never closes"),
    Case("article with no entities", "no-entities.txt", "ok", contains="nothing happened"),
    Case("only boilerplate", "boilerplate.txt", "skipped", r"only boilerplate"),
    Case("nested folders", "a/b/c/deep.txt", "ok", contains="Deep article"),
    Case("same file name in a folder", "a/good.txt", "ok", contains="Tuesday"),
    Case("broken symlink", "dangling.txt", "skipped", r"cannot read the file: .*No such file"),
    Case("JSONL record that is good", "records.jsonl#r1", "ok", contains="Blair"),
    Case("JSONL with a broken line", "records.jsonl#2", "skipped", r"line 2 is not valid JSON"),
]
# The good article, for comparison, and a symlink loop (a/b/loop -> a) that must not be followed.
GOOD = Case("good article", "good.txt", "ok", contains="Blair and Bush meet")


def bbc_sport_199() -> bytes | None:
    """bbc/sport/199.txt from the shared zip, or None when the zip is absent."""
    if not BBC_ZIP.exists():
        return None
    with zipfile.ZipFile(BBC_ZIP) as z:
        name = next(n for n in z.namelist() if n.endswith("bbc/sport/199.txt"))
        return z.read(name)


def build_bad_corpus(root: Path) -> Path:
    """Write every case of CASES (and GOOD) under *root*."""
    root.mkdir(parents=True, exist_ok=True)

    def put(rel: str, data: str | bytes) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    put("good.txt", "Blair and Bush meet in Washington\n\n" + BODY)
    put("empty.txt", b"")
    put("binary.txt", bytes(range(256)) * 64)
    put("controls.txt", bytes(range(1, 9)) * 500)
    put("latin1.txt", ("Café owner José Müller said the façade was finished.\n\n" + BODY).encode("latin-1"))
    put("cp1252.txt", ("Minister’s “smart” quotes — and a € sign\n\n“It works,” said Anna Schmidt. " + BODY).encode("cp1252"))
    put("bom.txt", b"\xef\xbb\xbf" + ("BOM article headline\n\n" + BODY).encode())
    put("utf16.txt", ("Wide article\n\n" + BODY).encode("utf-16"))
    put("one-bad-byte.txt", ("Zürich report\n\n" + BODY).encode() + b"The stadium in Z\xc3\xbcrich cost \xa315m.\n")
    put("stray-nul.txt", ("Stray NUL report\n\n" + BODY).encode() + b"A stray \x00 byte in good text.\n")
    sport_199 = bbc_sport_199()
    if sport_199 is not None:
        put("bbc-sport-199.txt", sport_199)
    with open(root / "huge.txt", "wb") as handle:  # written in chunks: the test itself stays small
        chunk = (BODY * 200).encode()
        for _ in range(HUGE_BYTES // len(chunk)):
            handle.write(chunk)
        handle.write(b"x" * (HUGE_BYTES % len(chunk)))
    paragraphs = "".join(f"<p>{s.strip()}.</p>" for s in BODY.split(". ") if s.strip())
    put("page.html", (
        "<html><head><title>Storm hits coast | Example News</title>"
        "<script>window.__pwned = 1; fetch('http://evil.example/x')</script></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav>"
        f"<article><h1>Storm hits coast</h1>{paragraphs}</article>"
        "<footer>Copyright 2024 Example News</footer><script>alert('x')</script></body></html>"
    ))
    put("nav-only.html", "<html><body><nav><a href='/'>Home</a> <a href='/a'>World</a></nav>"
                         "<script>alert(1)</script></body></html>")
    put("french.txt", FRENCH)
    put("unbalanced.txt", 'Quote trouble\n\n"This quote never closes, said Maria Lopez in Madrid. The weather '
                          'in Spain was warm.\n\nShe added: "another one" and "yet another. And \u201cone more.\n')
    put("no-entities.txt", "it was a quiet day\n\nnothing happened and nobody said anything at all. the sky was "
                           "grey and the rain fell softly on the empty streets.\n")
    put("boilerplate.txt", "Advertisement\n\nShare this article\n\nAdvertisement\n")
    put("a/b/c/deep.txt", "Deep article\n\n" + BODY)
    put("a/good.txt", "Same name in a folder\n\n" + BODY.replace("Monday", "Tuesday"))
    (root / "a" / "b" / "loop").symlink_to(root / "a", target_is_directory=True)
    (root / "dangling.txt").symlink_to(root / "missing.txt")
    put("records.jsonl", json.dumps({"id": "r1", "title": "Record one", "text": BODY}) + '\n{"id": broken\n')
    return root


@pytest.fixture(scope="module")
def bad_corpus(tmp_path_factory) -> Path:
    return build_bad_corpus(tmp_path_factory.mktemp("bad") / "corpus")


def by_path(items, root: Path) -> dict[str, Article | Skipped]:
    out = {}
    for item in items:
        out[os.path.relpath(item.path, root)] = item
    return out


# ------------------------------------------------------------------------------ the reader

@pytest.fixture(scope="module")
def read_items(bad_corpus):
    started = time.perf_counter()
    items = list(read_corpus(bad_corpus))
    return items, time.perf_counter() - started


@pytest.mark.parametrize("case", [GOOD, *CASES], ids=lambda c: c.rel)
def test_each_bad_input_gets_a_status_and_reason(case, bad_corpus, read_items):
    if not (bad_corpus / case.rel.split("#")[0]).is_symlink() and not (bad_corpus / case.rel.split("#")[0]).exists():
        pytest.skip(f"{case.rel} not built ({BBC_ZIP} absent)")
    items = by_path(read_items[0], bad_corpus)
    item = items[case.rel]
    if case.status == "ok":
        assert isinstance(item, Article), f"{case.name} was skipped: {getattr(item, 'reason', '')}"
        assert case.contains in item.text or case.contains in item.title
        assert len(item.clean_text) == len(item.text) and "\ufeff" not in item.text
    else:
        assert isinstance(item, Skipped), f"{case.name} was analysed"
        assert re.search(case.reason, item.reason), item.reason


def test_reader_is_quick_and_small_on_the_bad_corpus(read_items):
    items, seconds = read_items
    # The 20 MB file is refused by its size, never read: the whole corpus reads in seconds.
    assert seconds < 15, seconds
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 1_500_000  # KiB: < 1.5 GB even with pytest
    ids = [i.doc_id for i in items]
    assert len(ids) == len(set(ids)), "doc_ids must be unique"


def test_symlink_loop_is_not_followed(bad_corpus, read_items):
    paths = [i.path for i in read_items[0]]
    assert not any("/loop/" in p for p in paths)  # nothing read twice through the loop
    assert sum(p.endswith("deep.txt") for p in paths) == 1


def test_symlink_loop_is_listed_with_a_reason(bad_corpus, read_items):
    loop = [i for i in read_items[0] if i.path.endswith("/loop")]
    assert loop and isinstance(loop[0], Skipped) and "symlink loop" in loop[0].reason


def test_mid_size_oversized_file_is_read_once_and_refused(tmp_path):
    # 3 M characters: under the byte pre-check (4 bytes a character), over max_chars.
    path = tmp_path / "long.txt"
    path.write_text("word " * 600_000)
    started = time.perf_counter()
    (item,) = read_corpus(path)
    assert isinstance(item, Skipped) and "3,000,000 characters" in item.reason
    assert "raise max_chars" in item.reason and "split the file" in item.reason
    assert time.perf_counter() - started < 5


@pytest.mark.slow
def test_huge_file_can_be_read_when_the_limit_is_raised(bad_corpus):
    (item,) = read_corpus(bad_corpus / "huge.txt", max_chars=HUGE_BYTES, language=None)
    assert isinstance(item, Article) and len(item.text) == HUGE_BYTES


def test_corpus_with_no_usable_article_still_reads(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01" * 100)
    assert all(isinstance(i, Skipped) for i in read_corpus(tmp_path))
    (tmp_path / "c.pdf").write_bytes(b"%PDF")
    empty = tmp_path / "nothing"
    empty.mkdir()
    (empty / "notes.pdf").write_bytes(b"%PDF")
    with pytest.raises(CorpusError, match="no articles found"):
        read_corpus(empty)


# ------------------------------------------------------------------------------ the real command

@pytest.mark.model
@pytest.mark.parametrize("command", ["analyze", "run"])
def test_no_usable_article_fails_with_the_reasons_written(tmp_path, command):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (corpus / "french.txt").write_text(FRENCH)
    out = tmp_path / "out"
    result = run_newsbrief(command, corpus, "--out", out, "--cache", tmp_path / "cache", "--quiet", "--jobs", "1")
    assert result.returncode != 0
    assert "no usable article" in result.stderr and "Traceback" not in result.stderr
    data = out if command == "analyze" else out / "data"
    assert not (out / "briefing.html").exists() and not (out / "briefing.pdf").exists()
    articles = pd.read_csv(data / "articles.csv", keep_default_na=False)
    assert set(articles["status"]) == {"skipped"} and len(articles) == 3
    assert all(articles["reason"].str.len() > 5)


@pytest.fixture(scope="module")
def mixed_run(bad_corpus, tmp_path_factory):
    """`newsbrief run --to html` over the whole bad corpus."""
    base = tmp_path_factory.mktemp("bad-run")
    out = base / "out"
    result = run_newsbrief("run", bad_corpus, "--out", out, "--to", "html", "--cache", base / "cache",
                           "--quiet", "--jobs", "1", "-p", "title", "Bad inputs")
    return result, out


@pytest.mark.slow
@pytest.mark.model
def test_mixed_corpus_run_lists_every_skip_and_analyses_the_rest(mixed_run, bad_corpus):
    result, out = mixed_run
    assert result.returncode == 0, result.stderr[-3000:]
    articles = pd.read_csv(out / "data" / "articles.csv", keep_default_na=False)
    rows = {os.path.relpath(p, bad_corpus): r for p, r in zip(articles["path"], articles.itertuples())}
    for case in [GOOD, *CASES]:
        if case.rel not in rows and case.rel == "bbc-sport-199.txt" and not BBC_ZIP.exists():
            continue
        row = rows[case.rel]
        assert row.status == case.status, (case.name, row.reason)
        if case.status == "skipped":
            assert re.search(case.reason, row.reason), (case.name, row.reason)
        else:
            assert row.reason == "" and row.n_words > 0, case.name
    # The analysed articles are really analysed: mentions and quotes point into their text.
    mentions = pd.read_csv(out / "data" / "mentions.csv", keep_default_na=False)
    ok = set(articles.loc[articles["status"] == "ok", "doc_id"])
    assert set(mentions["doc_id"]) <= ok and len(set(mentions["doc_id"])) >= 8
    no_entities = articles.loc[articles["path"].str.endswith("no-entities.txt"), "doc_id"].item()
    assert no_entities not in set(mentions["doc_id"])
    # The briefing's skipped-inputs list names every skipped file with its reason, as text.
    page = (out / "briefing.html").read_text(encoding="utf-8")
    section = page[page.index("inputs skipped</figcaption>"):]
    n_skipped = int((articles["status"] == "skipped").sum())
    assert f"{n_skipped} inputs skipped" in page
    for row in articles[articles["status"] == "skipped"].itertuples():
        assert html.escape(row.path, quote=False) in section, row.path
        assert html.escape(row.reason, quote=False) in section, row.reason
    assert "Café owner José Müller" in page or "Café" in (out / "data" / "articles.csv").read_text()
    assert "__pwned" not in page  # the HTML page's script was dropped with the page's markup


@pytest.mark.slow
@pytest.mark.model
def test_mixed_corpus_analyze_exit_code_is_zero(bad_corpus, mixed_run, tmp_path):
    out = tmp_path / "data"
    cache = mixed_run[1].parent / "cache"  # parses are cached by the run above
    result = run_newsbrief("analyze", bad_corpus, "--out", out, "--cache", cache, "--quiet", "--jobs", "1")
    assert result.returncode == 0, result.stderr[-3000:]
    assert re.search(r"analysed \d+ article\(s\), skipped \d+", result.stderr)
    first = pd.read_csv(mixed_run[1] / "data" / "articles.csv", keep_default_na=False)
    again = pd.read_csv(out / "articles.csv", keep_default_na=False)
    # `run` names the corpus relative to the working directory, `analyze` here absolute: the same files
    relative = os.path.relpath(bad_corpus, ROOT)
    for table in (first, again):
        table["path"] = [str((ROOT / p).resolve()) for p in table["path"]]
        table["reason"] = table["reason"].str.replace(relative, str(bad_corpus), regex=False)
    pd.testing.assert_frame_equal(first, again)

"""A full disk and a folder that cannot be written: one line naming the folder, exit 74 (no space)
or 73 (not writable), no traceback, and the folder left as it was, byte for byte.

Made to happen for real (``realfs``): a small tmpfs holding a copy of a previous complete
report, filled with a ballast file so that it runs out of room at a chosen stage (the Parquet
parts, DuckDB's COPY of the final tables, papermill's notebook, the HTML, the PDF, Chromium's
temporary folder, the parse cache); a tmpfs remounted read-only; a folder user nobody cannot
write. Root only (mount, setpriv): skipped with the reason elsewhere.

The report is a tiny notebook of our own (``--notebook PATH``: the same papermill, template,
Chromium and atomic writes as the briefing) so that each stage takes seconds; its hidden first
cell makes the executed notebook large, so that the stages fill the disk at distinct points.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from analysis import files, pipeline, report, tables
from analysis.cache import ParseCache
from analysis.errors import NoSpaceError, NotWritableError
from conftest import ROOT, SEED, run_newsbrief
from realfs import PAGE, as_nobody, digests, fill, pages, read_only, tmpfs, world_readable_dir

SECOND = (
    "Ministers Meet in Brussels\n\n"
    "German Chancellor Olaf Scholz met French President Emmanuel Macron in Brussels on Friday.\n\n"
    "\"Europe must stand together,\" Macron told reporters. Scholz added that talks would continue.\n"
)
NEW = "Council Votes\n\nMayor Jane Holloway said on Tuesday that the budget would protect libraries.\n"
DISK = 4 * 2**20  # the tmpfs; the ballast decides what is free


def tiny_notebook(path: Path) -> Path:
    """A report of our own: reads a table and writes the tables behind two 'figures' (one of
    ~200 KB), then a cell hidden from the report prints ~400 KB into the executed notebook, and
    the last prints a page of words."""
    params = new_code_cell("title = 'Tiny'\ndata_dir = 'data'\nfigures_dir = 'figures'")
    params.metadata["tags"] = ["parameters"]
    hidden = new_code_cell("print('ballast ' * 50_000)")
    hidden.metadata["tags"] = ["remove-cell"]
    nb = new_notebook(cells=[
        new_markdown_cell("## A tiny report"), params,
        new_code_cell("from pathlib import Path\nimport pandas as pd\nfrom analysis.tables import load_table, write_csv\n"
                      "articles = load_table(data_dir, 'articles')\n"
                      "write_csv(articles[['doc_id', 'n_words']], Path(figures_dir) / 'tiny_articles.csv')\n"
                      "write_csv(pd.DataFrame({'word': [f'w{i:05d}' for i in range(30_000)]}), "
                      "Path(figures_dir) / 'tiny_words.csv')"),
        hidden,
        new_code_cell("print(title)\nprint(' '.join(f'word{i}' for i in range(6000)))"),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


@dataclass(frozen=True)
class Previous:
    corpus: Path
    cache: Path
    notebook: Path
    out: Path

    def options(self, **more) -> dict:
        return {"cache_dir": str(self.cache), "jobs": 1, **more}

    def cli(self, out: Path, *more) -> list:
        return ["run", self.corpus, "--out", out, "--notebook", self.notebook, "--cache", self.cache,
                "--jobs", "1", "--quiet", *more]


@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> Previous:
    """A complete report (tables, figure data, notebook, HTML, PDF) of a 2-article corpus."""
    root = tmp_path_factory.mktemp("previous")
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / "a.txt")
    (corpus / "b.txt").write_text(SECOND, encoding="utf-8")
    done = Previous(corpus, root / "cache", tiny_notebook(root / "tiny.ipynb"), root / "out")
    paths = report.run_briefing(str(corpus), done.out, notebook=str(done.notebook), analysis_options=done.options())
    assert {"html", "pdf"} <= set(paths) and (done.out / "figures" / "tiny_words.csv").stat().st_size > 200_000
    return done


@pytest.fixture
def disk(previous, tmp_path):
    """(tmpfs root, out: a copy of the previous report on it, digests of out)."""
    with tmpfs(tmp_path / "disk", DISK) as root:
        out = root / "out"
        shutil.copytree(previous.out, out, symlinks=True)
        yield root, out, digests(out)


def assert_left_as_it_was(root: Path, out: Path, before: dict[str, str]) -> None:
    """Every file of the previous report byte for byte, nothing added (no temporary file, no
    staging or snapshot folder) in it or beside it."""
    after = digests(out)
    assert sorted(set(after) ^ set(before)) == [], "files added or removed"
    assert [name for name in before if after[name] != before[name]] == [], "files changed"
    assert sorted(p.name for p in root.iterdir() if p.name != "ballast") == ["out"]


def assert_one_line(message: str, *, folder: Path, problem: str) -> None:
    assert "\n" not in message.strip(), message
    assert f"{problem} in {folder}" in message or f"{problem} {folder}" in message, message


# ------------------------------------------------------------------ run: each stage fills the disk
def _free_for(stage: str, out: Path) -> int:
    """Room that lets the run through the stages before *stage* and not through *stage*."""
    figures = pages(out / "figures" / "tiny_articles.csv") + pages(out / "figures" / "tiny_words.csv")
    nb, html, pdf = pages(out / "tiny.ipynb"), pages(out / "tiny.html"), pages(out / "tiny.pdf")
    return {"notebook": 0,  # papermill's first save of the executed notebook
            "figures": 16 * PAGE,  # the kernel's 200 KB figure table, before the notebook is large
            "html": figures + nb + html // 2,
            "pdf": figures + nb + html + pdf // 2}[stage]


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.browser
@pytest.mark.parametrize("stage, writing", [("notebook", "tiny.ipynb"), ("figures", "tiny_words.csv"),
                                            ("html", "tiny.html"), ("pdf", "tiny.pdf")])
def test_run_out_of_space_at_each_stage_keeps_the_previous_report(previous, disk, stage, writing):
    root, out, before = disk
    fill(root, _free_for(stage, out))
    with pytest.raises(NoSpaceError) as err:
        report.run_briefing(str(previous.corpus), out, notebook=str(previous.notebook),
                            cli_params=[("title", "Again")], analysis_options=previous.options())
    message = str(err.value)
    assert_one_line(message, folder=out, problem="no space left on device")
    assert f"(writing {writing})" in message and "unchanged" in message
    assert_left_as_it_was(root, out, before)


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.browser
def test_newsbrief_run_out_of_space_after_new_tables_puts_them_back(previous, disk):
    """The new tables are complete and in place when the notebook meets the full disk: the
    previous ones come back, with the previous notebook, HTML, PDF and figure data."""
    root, out, before = disk
    data, figures, nb = pages(out / "data"), pages(out / "figures"), pages(out / "tiny.ipynb")
    # room for the new tables (Parquet parts, then DuckDB's final tables) and the figure data,
    # not for the executed notebook
    fill(root, 2 * data + 8 * PAGE + figures + nb // 2)
    result = run_newsbrief(*previous.cli(out, "--max-chars", "1999999"))  # other options: new tables
    assert result.returncode == 74, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    line = result.stderr.strip()
    assert line.startswith("newsbrief: error: no space left on device in ") and "(writing tiny.ipynb)" in line
    assert_left_as_it_was(root, out, before)


# ------------------------------------------------------------------ analyze: Parquet parts, DuckDB
def _analyze_failing(previous: Previous, data: Path) -> NoSpaceError:
    with pytest.raises(NoSpaceError) as err:  # other options than the previous tables: new tables
        pipeline.analyze(str(previous.corpus), str(data), jobs=1, cache_dir=str(previous.cache), max_chars=1999999)
    assert_one_line(str(err.value), folder=data, problem="no space left on device")
    return err.value


@pytest.mark.slow
@pytest.mark.model
def test_analyze_out_of_space_keeps_the_previous_tables(previous, disk):
    """No room for the Parquet parts (pyarrow's OSError), then room for the parts but not for the
    final tables DuckDB copies out of them (DuckDB's IOException, its file named): the room is
    grown a page at a time until the parts fit; after each failure the folder is as it was."""
    import duckdb

    root, out, before = disk
    fill(root, 0)
    assert isinstance(_analyze_failing(previous, out / "data").__cause__, OSError)
    assert_left_as_it_was(root, out, before)
    for room in range(1, 64):
        (root / "ballast").unlink()
        fill(root, room * PAGE)
        error = _analyze_failing(previous, out / "data")
        assert_left_as_it_was(root, out, before)
        if isinstance(error.__cause__, duckdb.Error):
            break
        assert isinstance(error.__cause__, OSError), repr(error.__cause__)
    else:
        raise AssertionError("the Parquet parts never fitted in 63 pages")
    assert re.search(r"\(writing \w+\.(parquet|csv)\)", str(error)), str(error)
    print(f"the parts fitted in {room} pages; DuckDB's COPY did not")


def test_duckdb_spilling_into_a_full_disk_is_no_space(tmp_path):
    """The final tables' DuckDB session spills beyond its memory limit into the staging folder;
    when that disk is full, DuckDB says "failed to offload" (an OutOfMemoryException)."""
    mentions = tables.PartWriter(tmp_path / "parts", "mentions")
    mentions.flush()  # an empty part: the session reads the run's mentions
    with tmpfs(tmp_path / "spill", 1 << 20) as root:
        with pytest.raises(NoSpaceError) as err, files.storage_errors(root), \
                tables.FinalTables({"mentions": mentions.glob}, spill_dir=root / "duckdb-spill",
                                   memory_limit="16MB") as final:
            final.con.execute("SET threads = 1")
            final.con.execute("SELECT count(*) FROM (SELECT md5(range::VARCHAR) AS b FROM range(3000000) "
                              "ORDER BY b)").fetchall()
        assert_one_line(str(err.value), folder=root, problem="no space left on device")
        assert "offload" in str(err.value.__cause__)


# ------------------------------------------------------------------ Chromium's temporary folder
@pytest.mark.slow
@pytest.mark.browser
def test_pdf_with_a_full_temporary_folder_names_it(previous, monkeypatch):
    """Chromium prints into $TMPDIR: with room for the HTML it prints but not for the PDF,
    Chromium says so on stderr, and the error names that folder. (With no room at all Python
    picks another temporary folder by itself, and the PDF is printed there.)"""
    html = (previous.out / "tiny.html").read_text(encoding="utf-8")
    # a short path: Chromium puts a socket in $TMPDIR, and a socket's path has at most 107 bytes
    base = Path(tempfile.mkdtemp(prefix="nb-", dir="/tmp"))
    try:
        with tmpfs(base / "tmp", DISK) as root:
            monkeypatch.setenv("TMPDIR", str(root))
            monkeypatch.setattr(tempfile, "tempdir", None)  # gettempdir() reads $TMPDIR again
            fill(root, pages(previous.out / "tiny.html") + 2 * PAGE)
            exporter = report.ChromiumPDFExporter(chromium_path=report.find_chromium())
            with pytest.raises(NoSpaceError) as err:
                exporter.html_to_pdf(html)
            assert_one_line(str(err.value), folder=root, problem="no space left on device")
            assert "TMPDIR" in str(err.value) and "(writing briefing.pdf)" in str(err.value)
            assert isinstance(err.value.__cause__, report.RenderError)  # Chromium's own words
            assert sorted(p.name for p in root.iterdir()) == ["ballast"]  # its temporary folders removed
    finally:
        shutil.rmtree(base, ignore_errors=True)


# ------------------------------------------------------------------ the parse cache
@pytest.mark.slow
@pytest.mark.model
def test_a_full_cache_is_one_warning_and_the_analysis_goes_on(previous, tmp_path, capfd):
    corpus = tmp_path / "corpus"
    shutil.copytree(previous.corpus, corpus)
    (corpus / "c.txt").write_text(NEW, encoding="utf-8")  # not in the cache: its parse cannot be kept
    with tmpfs(tmp_path / "cachedisk", DISK) as root:
        cache = root / "cache"
        shutil.copytree(previous.cache, cache)
        before = digests(cache)
        fill(root, 0)
        capfd.readouterr()
        summary = pipeline.analyze(str(corpus), str(tmp_path / "data"), jobs=1, cache_dir=str(cache))
        err = capfd.readouterr().err
        assert summary.n_ok == 3 and (tmp_path / "data" / "manifest.json").exists()
        warnings = [line for line in err.splitlines() if line.strip()]
        assert len(warnings) == 1, err
        assert warnings[0].startswith(f"newsbrief: warning: no space left on device in {cache}")
        assert "without caching" in warnings[0] and "intact" in warnings[0]
        assert digests(cache) == before  # no entry added, none half-written, no temporary file
        for entry in cache.rglob("*.bin"):
            assert ParseCache(cache, entry.parent.parent.name).get(entry.stem) is not None, entry


# ------------------------------------------------------------------ folders that cannot be written
@pytest.mark.slow
@pytest.mark.model
def test_a_read_only_out_is_one_line_and_exit_73(previous, disk):
    root, out, before = disk
    read_only(root)
    result = run_newsbrief(*previous.cli(out, "-p", "title", "Again"))
    assert result.returncode == 73, result.stderr[-3000:]
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert_one_line(result.stderr, folder=out, problem="cannot write into")
    assert "read-only file system" in result.stderr
    with pytest.raises(NotWritableError, match="read-only file system"):
        pipeline.analyze(str(previous.corpus), str(out / "data"), jobs=1, cache_dir=str(previous.cache),
                         max_chars=1999999)
    assert_left_as_it_was(root, out, before)


@pytest.mark.slow
@pytest.mark.model
def test_an_out_folder_nobody_may_write_is_one_line_and_exit_73(previous):
    prefix = as_nobody()
    base = world_readable_dir("newsbrief-perm-")
    try:
        corpus, out = base / "corpus", base / "out"
        shutil.copytree(previous.corpus, corpus)
        out.mkdir()
        (out / "kept.csv").write_text("previous\n")
        out.chmod(0o555)
        before = digests(out)
        command = [*prefix, sys.executable, "-m", "analysis.cli", "analyze", str(corpus), "--out", str(out),
                   "--no-cache", "--jobs", "1", "--quiet"]
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600,
                                env={"PATH": "/usr/bin:/bin", "HOME": str(base)})
        assert result.returncode == 73, result.stderr[-3000:]
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert_one_line(result.stderr, folder=out, problem="cannot write into")
        assert "permission denied" in result.stderr and "make it writable" in result.stderr
        assert digests(out) == before
    finally:
        shutil.rmtree(base, ignore_errors=True)


# ------------------------------------------------------------------ previous_kept on its own
def test_previous_kept_puts_back_what_a_full_disk_interrupted(tmp_path):
    """Files replaced (by rename) before the disk filled come back, files added go."""
    with tmpfs(tmp_path / "small", 64 * 1024) as root:
        folder = root / "out"
        folder.mkdir()
        (folder / "a.csv").write_text("old a\n")
        (folder / "b.csv").write_text("old b\n")
        before = digests(folder)
        with pytest.raises(OSError) as err, files.previous_kept(folder):
            files.atomic_write(folder / "a.csv", "new a\n")
            files.atomic_write(folder / "c.csv", "new c\n")
            files.atomic_write(folder / "big.bin", b"\0" * 128 * 1024)  # more than the disk holds
        assert files.is_storage_failure(err.value) and "big.bin" in str(err.value.filename)
        assert digests(folder) == before


def test_previous_kept_leaves_other_failures_alone(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "a.csv").write_text("old a\n")
    with pytest.raises(ValueError), files.previous_kept(folder):
        files.atomic_write(folder / "a.csv", "new a\n")
        raise ValueError("a failing cell, say")
    assert (folder / "a.csv").read_text() == "new a\n"
    assert [p.name for p in folder.iterdir()] == ["a.csv"]  # the snapshot is gone

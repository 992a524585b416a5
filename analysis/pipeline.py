"""The analysis run: corpus -> parse -> mentions and quotes -> corpus-wide merge -> tables.

Articles stream through in batches. Each batch is parsed and extracted where the work runs
(this process, a pool of ``jobs`` processes, or a Dask cluster) and comes back as plain
records, which are flushed to Parquet parts. Once every article is through, the names are
merged across articles and the final tables are written with DuckDB, so memory stays
bounded by a batch, not by the corpus.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from . import __version__, corpus, files
from . import duplicates as dups  # `duplicates` is the option's name
from .actors.settings import ActorSettings
from .cache import Entry, ParseCache, default_cache_dir
from .cooccurrence import DEFAULT_ACTOR_LABELS
from .errors import CorpusError, NewsbriefError, ParameterError
from .fingerprint import code_digest
from .nlp import DEFAULT_MODEL, load_model, resolve_model

DEFAULT_CORPUS = "seeds"
DEFAULT_OUT = os.path.join("reports", "data")
BATCH_SIZE = 32  # articles per task
# Articles per spaCy nlp.pipe batch: its working memory grows with the batch's tokens. At 32, a
# worker parsing polnear-train peaked at 1,018 MB (and kept 953 MB), at 8 at 544 MB, for the same
# CPU time (benchmarks/soak.py: a cold 4,000-article run with 2 jobs peaked at 1,974 MB).
PIPE_BATCH_SIZE = 8
DASK_CONNECT_TIMEOUT = "20s"
DUCKDB_MEMORY = "256MB"  # the corpus-wide merge spills to disk beyond this
DEFAULT_MAX_CHARS = corpus.DEFAULT_MAX_CHARS
MULTI_RECORD_EXTENSIONS = (".jsonl", ".json", ".csv")  # files that may hold many articles


def extraction_version() -> str:
    """The version of the records: a digest of every module and word list of the package, so
    any change to the code that could change a table invalidates cached records and tables
    (never the cached parses, which ``nlp``'s model key covers)."""
    return code_digest()


@dataclass(frozen=True)
class Settings:
    """What a worker needs to parse and extract a batch; small and picklable."""

    model: str = DEFAULT_MODEL
    model_key: str = ""
    cache_dir: str | None = None
    version: str = ""
    batch_size: int = PIPE_BATCH_SIZE  # spaCy's nlp.pipe batch
    max_chars: int = 0  # the longest article the run accepts; spaCy's limit is raised to it


@dataclass(frozen=True)
class AnalysisSummary:
    """What an analysis run wrote and saw."""

    out_dir: str
    tables: dict[str, str]
    n_articles: int
    n_ok: int
    n_skipped: int
    seconds: float
    manifest: dict = field(default_factory=dict)


# --- per-article stage (runs in workers) ------------------------------------------------


def extract_records(doc, doc_id: str) -> dict:
    """Mentions, quotes and word count of one parsed article, as plain dicts.

    The token columns are read from the Doc once (``DocColumns``) and shared by every stage."""
    from .entities import extract_mentions
    from .nlp import DocColumns
    from .paragraphs import paragraph_spans
    from .quotes import extract_quotes

    columns = DocColumns(doc)
    mentions = extract_mentions(doc, doc_id, paragraphs=paragraph_spans(columns.text), columns=columns)
    quotes = extract_quotes(doc, mentions, doc_id=doc_id, columns=columns)
    is_word = [not (punct or space) for punct, space in zip(columns.flags("IS_PUNCT"), columns.flags("IS_SPACE"))]
    return {
        "n_words": sum(is_word),
        "mentions": [_records_to_dict(m) for m in mentions],
        "quotes": [_records_to_dict(q) for q in quotes],
        "sentences": sentence_rows(doc, doc_id, columns.sentences),
    }


def sentence_rows(doc, doc_id: str, ranges: list[tuple[int, int]]) -> list[dict]:
    """The character span of each sentence (`mentions.sent_id` is its index), for the evidence
    appendix; a Doc without sentence boundaries is one sentence, as `sent_id` 0 assumes."""
    if not len(doc):
        return []
    if not doc.has_annotation("SENT_START"):
        ranges = [(0, len(doc))]
    return [{"doc_id": doc_id, "sent_id": i, "start_char": doc[a:b].start_char, "end_char": doc[a:b].end_char}
            for i, (a, b) in enumerate(ranges)]


def _records_to_dict(record) -> dict:
    return dict(vars(record))


def cached_result(cache: ParseCache, doc_id: str, text: str, version: str) -> tuple[str, dict | None, Entry | None]:
    """Look *text* up in the cache: its key, the records if they are current, and the entry."""
    key = cache.key(text)
    entry = cache.get(key)
    if entry is not None and entry.version == version and entry.records is not None:
        return key, {"doc_id": doc_id, **for_article(entry.records, doc_id)}, entry
    return key, None, entry


def for_article(records: dict, doc_id: str) -> dict:
    """Cached *records* as the records of article *doc_id*.

    The cache is keyed by text, so two articles with the same text (a story saved twice, a wire
    copy) share one entry, which holds the first one's doc_id in every row: re-label them."""
    return {
        **records,
        "mentions": [{**row, "doc_id": doc_id} for row in records["mentions"]],
        "quotes": [{**row, "doc_id": doc_id} for row in records["quotes"]],
        "sentences": [{**row, "doc_id": doc_id} for row in records.get("sentences", [])],
    }


def analyze_batch(batch: list[tuple[str, str]], settings: Settings) -> list[dict]:
    """Parse (or fetch from the cache) and extract a batch of ``(doc_id, clean_text)``.

    Returns one record dict per article, in order. Runs in worker processes and on Dask
    workers, so it takes and returns only plain data.
    """
    from spacy.tokens import DocBin

    nlp = load_model(settings.model)
    nlp.max_length = max(nlp.max_length, settings.max_chars + 1)
    cache = ParseCache(settings.cache_dir, settings.model_key)
    results: list[dict | None] = [None] * len(batch)
    keys: list[str] = [""] * len(batch)
    to_parse: list[int] = []
    for i, (doc_id, text) in enumerate(batch):
        keys[i], results[i], entry = cached_result(cache, doc_id, text, settings.version)
        if results[i] is not None:
            continue
        if entry is None:
            to_parse.append(i)
            continue
        doc = next(DocBin().from_bytes(entry.docbin).get_docs(nlp.vocab))
        records = extract_records(doc, doc_id)
        cache.put(keys[i], Entry(entry.docbin, settings.version, records))
        results[i] = {"doc_id": doc_id, **records}
    texts = (batch[i][1] for i in to_parse)
    for i, doc in zip(to_parse, nlp.pipe(texts, batch_size=settings.batch_size)):
        doc_id = batch[i][0]
        records = extract_records(doc, doc_id)
        if cache.directory is not None:
            docbin = DocBin(docs=[doc], store_user_data=False).to_bytes()
            cache.put(keys[i], Entry(docbin, settings.version, records))
        results[i] = {"doc_id": doc_id, **records}
    return results  # type: ignore[return-value]


# --- executors: where batches run ----------------------------------------------------------


class _Done:
    """A future that is already resolved (work done in this process)."""

    def __init__(self, value):
        self._value = value

    def result(self):
        return self._value


def _bounded(submit: Callable, batches: Iterable, window: int) -> Iterator:
    """Submit batches keeping at most *window* in flight; yield (batch, result) in order."""
    pending: deque = deque()
    for batch in batches:
        pending.append((batch, submit(batch)))
        while len(pending) >= window or (pending and isinstance(pending[0][1], _Done)):
            done_batch, future = pending.popleft()
            yield done_batch, future.result()
    while pending:
        done_batch, future = pending.popleft()
        yield done_batch, future.result()


class _LocalWorkers:
    """A process pool started on first use, so a fully cached run never loads the model."""

    def __init__(self, jobs: int, settings: Settings):
        self.jobs, self.settings, self.pool = jobs, settings, None

    def submit(self, texts: list[tuple[str, str]]):
        if self.jobs <= 1:
            return _Done(analyze_batch(texts, self.settings))
        if self.pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self.pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=multiprocessing.get_context("spawn"))
        return self.pool.submit(analyze_batch, texts, self.settings)

    def close(self, abort: bool = False) -> None:
        """Wait for the workers; with *abort* (an interrupt), stop them at once instead."""
        if self.pool is None:
            return
        if abort:
            # Entries are written atomically, so a worker killed mid-write leaves no torn one.
            for process in list(getattr(self.pool, "_processes", {}).values()):
                process.terminate()
            self.pool.shutdown(wait=False, cancel_futures=True)
        else:
            self.pool.shutdown(wait=True)


class _DaskWorkers:
    """Batches sent to a Dask distributed cluster."""

    def __init__(self, address: str, settings: Settings):
        try:
            from dask.distributed import Client
        except ImportError as error:  # pragma: no cover - dask is a dependency
            raise NewsbriefError("--scheduler needs dask.distributed: pip install 'dask[distributed]'") from error
        try:
            self.client = Client(address, timeout=DASK_CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as error:
            raise NewsbriefError(f"cannot reach the Dask scheduler at {address}: {error}") from error
        self.settings = settings
        self.jobs = max(1, len(self.client.scheduler_info().get("workers", {})))

    def submit(self, texts: list[tuple[str, str]]):
        return self.client.submit(analyze_batch, texts, self.settings, pure=False)

    def close(self, abort: bool = False) -> None:
        self.client.close()


def run_batches(batches: Iterable, settings: Settings, *, jobs: int = 1, scheduler: str | None = None) -> Iterator:
    """Run ``analyze_batch`` over *batches* of ``(article, (doc_id, clean_text))``: here, in
    ``jobs`` processes, or on a Dask cluster; yield ``(batch, results)`` in order.

    Articles whose current records are in the cache are answered here without a worker.
    """
    workers = _DaskWorkers(scheduler, settings) if scheduler else _LocalWorkers(jobs, settings)
    cache = ParseCache(settings.cache_dir, settings.model_key)

    def submit(batch):
        found = [cached_result(cache, doc_id, text, settings.version)[1] for _, (doc_id, text) in batch]
        missing = [item for item, hit in zip(batch, found) if hit is None]
        if not missing:
            return _Done(found)
        if len(missing) < len(batch):
            return _Merged(found, workers.submit([texts for _, texts in missing]))
        return workers.submit([texts for _, texts in batch])

    try:
        yield from _bounded(submit, batches, window=2 * workers.jobs)
    except BaseException:
        workers.close(abort=True)
        raise
    workers.close()


class _Merged:
    """Results of a batch whose cache hits are known and whose misses are still being parsed."""

    def __init__(self, found: list, future):
        self.found, self.future = found, future

    def result(self):
        parsed = iter(self.future.result())
        return [hit if hit is not None else next(parsed) for hit in self.found]


# --- the whole run -------------------------------------------------------------------------


def _batched(articles: Iterable, size: int) -> Iterator[list]:
    """Group ``(Article, (doc_id, clean_text))`` pairs into lists of *size*."""
    batch: list = []
    for article in articles:
        batch.append((article, (article.doc_id, article.clean_text)))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _one_article_per_file(paths: list[Path]) -> bool:
    return all(path.suffix.lower() not in MULTI_RECORD_EXTENSIONS for path in paths)


def default_jobs() -> int:
    """Parallel parse processes by default: the number of usable cores."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _article_row(article, n_words: int = 0, status: str = "ok", reason: str = "") -> dict:
    return {
        "doc_id": article.doc_id,
        "path": article.path,
        "title": getattr(article, "title", ""),
        "n_words": n_words,
        "status": status,
        "reason": reason,
        "date": getattr(article, "date", ""),
        "source": getattr(article, "source", ""),
        "url": getattr(article, "url", ""),
    }


def check_duplicates_mode(mode: str) -> str:
    """*mode* when it is one of `analysis.duplicates.MODES`, else a ParameterError saying what each means."""
    if mode not in dups.MODES:
        raise ParameterError(
            f"duplicates must be 'once' (corpus-wide counts take each story once, copies set aside) or "
            f"'each' (every copy counts), got {mode!r}; e.g. --duplicates each, or -p duplicates each on run")
    return mode


def options_fingerprint(
    corpus_path: str, *, model: str, labels, language: str = "en", max_chars: int = DEFAULT_MAX_CHARS,
    codebook: str | os.PathLike | None = None, demonyms: bool = False, duplicates_mode: str = dups.DEFAULT_MODE,
) -> dict:
    """What decides the tables, besides the corpus content: used to re-use earlier tables."""
    info = resolve_model(model)
    return {
        "duplicates": check_duplicates_mode(duplicates_mode),
        "actors": ActorSettings.fingerprint(codebook, demonyms),
        "corpus": str(Path(corpus_path).resolve()),
        "files": corpus_stat_fingerprint(corpus_path),
        "model": info.name,
        "model_version": info.version,
        "labels": sorted(labels),
        "language": language,
        "max_chars": max_chars,
        "extraction": extraction_version(),
    }


def list_files(corpus_path: str) -> list[Path]:
    """The candidate article files of the corpus, in reading order."""
    if not os.path.lexists(corpus_path):
        raise CorpusError(
            f"corpus not found: {corpus_path} does not exist; pass a folder of articles or one article file"
        )
    return list(corpus.iter_files(corpus_path))


def corpus_stat_fingerprint(corpus_path: str) -> str:
    """A cheap digest of the corpus files' names (inside the corpus), sizes and modification times.

    Names relative to the corpus: the same corpus given from another working directory ("corpora/bbc",
    "../../tmp/corpora/bbc") is the same corpus, not a reason to analyse it again."""
    digest = hashlib.sha256()
    for path in list_files(corpus_path):
        name = os.path.relpath(path, corpus_path)
        try:
            stat = path.stat()
            digest.update(f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
        except OSError:
            digest.update(f"{name}\0missing\n".encode())
    return digest.hexdigest()


class _Progress:
    """A progress bar on stderr (articles done, articles per second, time left), or a function
    of a caller's that is told how many articles are through."""

    def __init__(self, total: int | None, enabled: bool | Callable[[int], None]):
        self.bar, self.report, self.done = None, enabled if callable(enabled) else None, 0
        if enabled is True:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="article", desc="parsing", dynamic_ncols=True, leave=False)

    def update(self, n: int) -> None:
        self.done += n
        if self.bar is not None:
            self.bar.update(n)
        if self.report is not None:
            self.report(self.done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def analyze(
    corpus_path: str = DEFAULT_CORPUS,
    out_dir: str = DEFAULT_OUT,
    *,
    model: str = DEFAULT_MODEL,
    labels: Iterable[str] = DEFAULT_ACTOR_LABELS,
    jobs: int | None = None,
    cache_dir: str | os.PathLike | None | bool = True,
    scheduler: str | None = None,
    progress: bool | Callable[[int], None] = False,
    batch_size: int = BATCH_SIZE,
    language: str = "en",
    max_chars: int = DEFAULT_MAX_CHARS,
    codebook: str | os.PathLike | None = None,
    demonyms: bool = False,
    duplicates: str = dups.DEFAULT_MODE,
) -> AnalysisSummary:
    """Analyse the corpus at *corpus_path* and write the tables into *out_dir*.

    *codebook*: the researcher's codebook YAML (`analysis.actors.codebook`), applied to every
    table after the machine's corpus-wide merges; *demonyms*: a demonym used as an actor
    ("British officials") joins its country. *duplicates*: "once" (corpus-wide counts leave
    out the copies of a story, `analysis.duplicates`) or "each"; `articles.duplicate_of` marks
    the copies either way.

    ``cache_dir=True`` uses the default cache (``$NEWSBRIEF_CACHE`` or the XDG cache),
    ``False``/``None`` turns caching off. *progress*: True for a bar on stderr, or a function
    called with the number of articles through (read and analysed, or skipped) after each
    batch. Raises CorpusError when nothing could be analysed (the articles table, listing why,
    is still written), and StorageError when *out_dir* is full or cannot be written (the
    previous tables stay as they were).
    """
    started = time.perf_counter()
    labels = tuple(labels)
    info = resolve_model(model)
    if cache_dir is True:
        cache_dir = default_cache_dir()
    elif cache_dir is False:
        cache_dir = None
    settings = Settings(
        model=model,
        model_key=info.key,
        cache_dir=str(cache_dir) if cache_dir else None,
        version=extraction_version(),
        batch_size=min(batch_size, PIPE_BATCH_SIZE),
        max_chars=max_chars,
    )
    jobs = default_jobs() if jobs is None else max(1, int(jobs))
    actors = ActorSettings.load(codebook, demonyms)
    fingerprint = options_fingerprint(corpus_path, model=model, labels=labels, language=language, max_chars=max_chars,
                                      codebook=codebook, demonyms=demonyms, duplicates_mode=duplicates)
    corpus_files = list_files(corpus_path)
    if _one_article_per_file(corpus_files):
        # Starting processes that each load the model only pays off with a batch for each.
        jobs = min(jobs, max(1, -(-len(corpus_files) // batch_size)))
    # a full disk or a read-only --out: one line naming it; the tables are staged, so the
    # previous ones stay as they were
    with files.storage_errors(out_dir, kept="what it held before the run is unchanged"), \
            files.exclusive_output(out_dir) as out:
        return _analyze_into(out, corpus_path, corpus_files, settings, fingerprint, info, labels, jobs, scheduler,
                             progress, batch_size, language, started, actors)


def _analyze_into(out, corpus_path, corpus_files, settings, fingerprint, info, labels, jobs, scheduler,
                  progress, batch_size, language, started, actors) -> AnalysisSummary:
    from . import tables  # pandas and pyarrow: needed here, never in the parse workers
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out))
    # Multi-record files hold an unknown number of articles: then the bar shows no total.
    bar = _Progress(len(corpus_files) if _one_article_per_file(corpus_files) else None, progress)
    try:
        parts = staging / "parts"
        writers = {name: tables.PartWriter(parts, name) for name in ("articles", "mentions", "quotes", "sentences")}
        # ~3 KB of shingle hashes per article: parts of 1,000 keep the buffer small
        writers[tables.SHINGLES_PART] = tables.PartWriter(parts, tables.SHINGLES_PART, rows_per_part=1000)
        index = dups.Index()
        content = hashlib.sha256()
        n_ok = n_skipped = 0

        def usable():
            nonlocal n_skipped
            for item in corpus.read_corpus(corpus_path, language=language, max_chars=fingerprint["max_chars"]):
                if isinstance(item, corpus.Skipped):
                    n_skipped += 1
                    writers["articles"].extend(
                        [_article_row(item, status="skipped", reason=item.reason)]
                    )
                    bar.update(1)
                else:
                    yield item

        for batch, results in run_batches(_batched(usable(), batch_size), settings, jobs=jobs, scheduler=scheduler):
            for (article, _), result in zip(batch, results):
                n_ok += 1
                content.update(f"{article.doc_id}\0{len(article.text)}\0".encode())
                content.update(hashlib.sha256(article.text.encode("utf-8", "surrogatepass")).digest())
                writers["articles"].extend([_article_row(article, n_words=result["n_words"])])
                writers["mentions"].extend(result["mentions"])
                writers["quotes"].extend(result["quotes"])
                writers["sentences"].extend(result.get("sentences", []))
                actors.collect_hits(article.text, result["mentions"])
                hashes = index.add(article.doc_id, article.clean_text, article.date)
                if hashes is not None:
                    writers[tables.SHINGLES_PART].extend([{"doc_id": article.doc_id, "hashes": hashes.tobytes()}])
            bar.update(len(batch))
        for writer in writers.values():
            writer.flush()
        bar.close()

        final = staging / "final"
        manifest = {
            **fingerprint,
            "content": content.hexdigest(),
            "newsbrief": __version__,
            "spacy": info.spacy_version,
            "pipeline": list(info.pipeline),
            "articles": n_ok + n_skipped,
            "ok": n_ok,
            "skipped": n_skipped,
            "written": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "actor_settings": actors.manifest(),
            "seconds": {"articles": round(time.perf_counter() - started, 3)},
        }
        _finalize(writers, final, labels, manifest, actors, index)
        written = {}
        for path in sorted(final.iterdir()):
            os.replace(path, out / path.name)
            written[path.name] = str(out / path.name)
    finally:
        bar.close()
        shutil.rmtree(staging, ignore_errors=True)
    if n_ok == 0:
        raise CorpusError(
            f"no usable article in {corpus_path}: {n_skipped} file(s) skipped, "
            f"reasons in {out / 'articles.csv'}"
        )
    return AnalysisSummary(
        out_dir=str(out),
        tables={name: str(out / f"{name}.csv") for name in tables.TABLE_NAMES},
        n_articles=n_ok + n_skipped,
        n_ok=n_ok,
        n_skipped=n_skipped,
        seconds=time.perf_counter() - started,
        manifest=manifest,
    )


def _finalize(writers: dict, final: Path, labels: tuple[str, ...], manifest: dict, actors: ActorSettings,
              index: dups.Index) -> None:
    """Find the copies, resolve actors across articles (then the codebook) and write every
    table and the manifest into *final*."""
    from . import tables

    started = time.perf_counter()
    final.mkdir(parents=True, exist_ok=True)
    parts = {name: writer.glob for name, writer in writers.items()}
    with tables.FinalTables(parts, spill_dir=final.parent / "duckdb-spill", memory_limit=DUCKDB_MEMORY) as final_tables:
        opened = time.perf_counter()
        copies = index.copies(final_tables.shingles)
        final_tables.set_copies(copies_frame(copies), count=manifest["duplicates"])
        found = time.perf_counter()
        resolution = actors.resolution(final_tables)
        resolved = time.perf_counter()
        final_tables.write(final, resolution=resolution, labels=labels)
    manifest["copies"] = len(copies)
    # How long the corpus-wide stage took (after every article was parsed and extracted).
    manifest["seconds"].update(duplicates=round(found - opened, 3), resolution=round(resolved - started - (found - opened), 3),
                               tables=round(time.perf_counter() - resolved, 3))
    tables.write_manifest(final, manifest)


def copies_frame(copies: list[dups.Copy]) -> "pd.DataFrame":
    """The copies as the frame `FinalTables.set_copies` joins onto `articles`."""
    import pandas as pd

    return pd.DataFrame({
        "doc_id": pd.Series([c.doc_id for c in copies], dtype=object),
        "duplicate_of": pd.Series([c.duplicate_of for c in copies], dtype=object),
        "duplicate_similarity": pd.Series([c.similarity for c in copies], dtype="float64"),
    })


def read_manifest(data_dir: str | os.PathLike) -> dict | None:
    """The manifest of the tables in *data_dir*, or None when there is none or it is unreadable."""
    from .tables import read_manifest as read

    return read(data_dir)


def ensure_analysis(
    corpus_path: str = DEFAULT_CORPUS,
    data_dir: str = DEFAULT_OUT,
    *,
    model: str = DEFAULT_MODEL,
    labels: Iterable[str] = DEFAULT_ACTOR_LABELS,
    language: str = "en",
    max_chars: int = DEFAULT_MAX_CHARS,
    codebook: str | os.PathLike | None = None,
    demonyms: bool = False,
    duplicates: str = dups.DEFAULT_MODE,
    **options,
) -> AnalysisSummary:
    """Re-use the tables in *data_dir* when they were made from this corpus with these options
    (the codebook by its content), else run ``analyze``."""
    from . import tables
    labels = tuple(labels)
    manifest = read_manifest(data_dir)
    wanted = options_fingerprint(corpus_path, model=model, labels=labels, language=language, max_chars=max_chars,
                                 codebook=codebook, demonyms=demonyms, duplicates_mode=duplicates)
    if manifest and all(manifest.get(k) == v for k, v in wanted.items()) and all(
        (Path(data_dir) / f"{name}.parquet").exists() for name in tables.TABLE_NAMES
    ):
        return AnalysisSummary(
            out_dir=str(data_dir),
            tables={name: str(Path(data_dir) / f"{name}.csv") for name in tables.TABLE_NAMES},
            n_articles=manifest.get("articles", 0),
            n_ok=manifest.get("ok", 0),
            n_skipped=manifest.get("skipped", 0),
            seconds=0.0,
            manifest=manifest,
        )
    return analyze(corpus_path, data_dir, model=model, labels=labels, language=language, max_chars=max_chars,
                   codebook=codebook, demonyms=demonyms, duplicates=duplicates, **options)

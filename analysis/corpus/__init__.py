"""Read a corpus of news articles into `Article` records, and blank boilerplate.

Every offset anywhere in newsbrief refers to `Article.text`. `clean_text` is the same
string with boilerplate characters (ads, footers, related-article teasers, Markdown
syntax) replaced by spaces -- newlines are kept -- so offsets stay identical and spaCy
can parse `clean_text` directly.

Reading streams: one file (or one record) at a time, never the whole corpus. Problems
with single files never stop the run: they come out as `Skipped` records with a reason.

Where things are:

- `records`: `Article`, `Skipped`, and what readers hand over (`Draft`, `Problem`);
- `walk`: which files a folder holds (symlink loops, hidden files) and unique doc_ids;
- `decode`: bytes -> text (byte-order marks, broken UTF-8, legacy code pages, binary files);
- `readers`: one reader per format, the registry `READERS` (.txt .md .html .json .jsonl .csv);
  `html_pages` (trafilatura), `record_fields` (which field of a record is the text),
  `dates` (dates -> ISO);
- `boilerplate`: `clean` and the registry `BOILERPLATE_RULES` (ads, footers, teasers);
  `teasers` (teaser blocks by their shape), `lines` (lines, paragraphs, headline shapes),
  `markdown` (Markdown syntax), `phrasebook` (the notation of the phrase lists in data);
- `language`: is the article in the model's language;
- `titles`: a title for articles whose file has none.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Iterable, Iterator

from analysis.errors import CorpusError

from .boilerplate import BOILERPLATE_RULES, clean
from .decode import DecodeError
from .language import detect_language, language_problem
from .readers import DEFAULT_MAX_CHARS, EXTENSIONS, ONE_ARTICLE, READERS
from .records import Article, Draft, Problem, SkipFile, Skipped, file_problem, one_line, too_large
from .titles import guess_title
from .walk import Ids, iter_files, walk

__all__ = [
    "Article",
    "Skipped",
    "EXTENSIONS",
    "READERS",
    "BOILERPLATE_RULES",
    "read_corpus",
    "iter_files",
    "clean",
    "detect_language",
]


def read_corpus(
    path: str | os.PathLike[str], *, max_chars: int = DEFAULT_MAX_CHARS, language: str | None = "en",
    doc_ids: Iterable[str] | None = None,
) -> Iterator[Article | Skipped]:
    """Yield an `Article` or `Skipped` per file/record under `path` (a folder or one file), streaming.

    Raises CorpusError when `path` does not exist or holds no candidate file at all.
    `language=None` turns the language check off. `doc_ids`: the articles wanted; a file of one
    article (`readers.ONE_ARTICLE`) that is none of them is numbered but not opened (the evidence
    of a briefing cites a few dozen of 2,000 files), so it yields nothing; the rest is read as usual.
    """
    root = Path(path)
    if not os.path.lexists(root):
        raise CorpusError(f"corpus not found: {root} does not exist; pass a folder of articles or one article file")
    if not root.is_dir() and root.suffix.lower() not in READERS:
        raise CorpusError(
            f"cannot read {root}: unsupported file type {root.suffix or '(none)'}; "
            f"use one of {' '.join(EXTENSIONS)} or pass a folder"
        )
    if next(walk(root), None) is None:
        raise CorpusError(f"no articles found in {root} (looked for {' '.join(EXTENSIONS)})")
    wanted = None if doc_ids is None else set(doc_ids)
    return _read(root, max_chars=max_chars, language=language, wanted=wanted)


def _read(root: Path, *, max_chars: int, language: str | None,
          wanted: set[str] | None = None) -> Iterator[Article | Skipped]:
    ids = Ids()
    for found in walk(root):
        folders = tuple(found.rel[:-1])
        if found.error:
            yield Skipped(ids.take(found.rel[-1], folders), str(found.path), found.error)
            continue
        stem = Path(found.rel[-1]).stem
        if wanted is not None and found.path.suffix.lower() in ONE_ARTICLE and ids.peek(stem, folders) not in wanted:
            ids.take(stem, folders)  # the id its one draft would take: the files after it keep theirs
            continue
        for item in _read_file(found.path, max_chars):
            doc_id = ids.take(*_id_parts(item, stem, folders))
            if isinstance(item, Problem):
                yield Skipped(doc_id, item.path, item.reason)
            else:
                yield _finish(item, doc_id, max_chars=max_chars, language=language)


def _id_parts(item: Draft | Problem, stem: str, folders: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """(base, prefixes) of an article's doc_id: the record's own id, its number in the file, or the file's stem."""
    if item.key:
        return item.key, folders + (stem,)
    if item.n:
        return f"{stem}-{item.n}", folders
    return stem, folders


def _read_file(path: Path, max_chars: int) -> Iterator[Draft | Problem]:
    reader = READERS[path.suffix.lower()]
    try:
        yield from reader(path, max_chars)
    except (DecodeError, SkipFile) as exc:
        yield Problem(str(path), str(exc))
    except OSError as exc:  # removed after listing, no permission, ...: the reason says which
        yield Problem(str(path), file_problem(path, exc))
    except (json.JSONDecodeError, csv.Error) as exc:
        yield Problem(str(path), f"cannot parse {path.suffix} file: {one_line(exc)}")


def _finish(draft: Draft, doc_id: str, *, max_chars: int, language: str | None) -> Article | Skipped:
    """Checks, cleaning and title for one draft."""
    text = draft.text
    if not text.strip():
        return Skipped(doc_id, draft.path, "empty file" if not draft.n else "empty text")
    if len(text) > max_chars:
        return Skipped(doc_id, draft.path, too_large(len(text), "characters", max_chars))
    clean_text = clean(text, markdown=draft.markdown)
    if not clean_text.strip():
        return Skipped(doc_id, draft.path, "only boilerplate, no article text")
    problem = language_problem(clean_text, language) if language else None
    if problem:
        return Skipped(doc_id, draft.path, problem)
    title = " ".join(draft.title.split()) or guess_title(clean_text)
    return Article(
        doc_id=doc_id, path=draft.path, title=title, text=text, clean_text=clean_text,
        date=draft.date, source=draft.source, url=draft.url,
    )

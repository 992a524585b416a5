"""One reader per file format, in the registry `READERS` (file extension -> reader).

A reader takes a path and the `max_chars` limit and yields one `Draft` (or `Problem`) per
article: one for .txt, .md and .html files, one per record for .json, .jsonl and .csv.
To read a new format, write a reader and add it to `READERS`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

from analysis import lexicon

from .dates import iso_date
from .decode import DecodeError, decode, sniff_encoding
from .html_pages import html_draft
from .record_fields import record_draft
from .records import Draft, Problem, SkipFile, not_a_file, one_line, too_large

Reader = Callable[[Path, int], Iterator[Draft | Problem]]
"""(path, max_chars) -> a draft or a problem per article in the file."""

# Longer "articles" are nearly always whole-site dumps or logs; `--max-chars` raises the limit.
DEFAULT_MAX_CHARS = 2_000_000

_TEXT_BYTES_PER_CHAR = 4  # UTF-8's widest character: a file over 4 bytes a char is surely too long
_HTML_BYTES_PER_CHAR = 40  # raw pages carry markup and scripts; the body is much smaller
_HTML_MIN_WORDS = 20  # fewer words from a whole page are navigation leftovers, not an article
_JSON_MAX_BYTES = 512 * 1024 * 1024
_JSONL_SLACK_BYTES = 65536  # a record's JSON keys and escapes on top of its text
_CSV_HEAD_BYTES = 65536
_CSV_DELIMITERS = ",;\t|"
_FRONT_MATTER = re.compile(r"\A---[^\S\n]*\n(.*?)\n---[^\S\n]*(?:\n|\Z)", re.DOTALL)
RECORD_LIST_KEYS = lexicon.phrases("record_list_keys")


CHANGED_WHILE_READ = "the file changed while it was read; run again once it is written completely"


def open_regular(path: Path) -> BinaryIO:
    """*path* opened for reading; SkipFile if it is not a regular file (a FIFO, a socket, a
    device or a folder), found without blocking: opening a FIFO would wait for a writer."""
    nonblocking = getattr(os, "O_NONBLOCK", 0)  # POSIX; elsewhere there are no FIFOs to fear
    fd = os.open(path, os.O_RDONLY | nonblocking | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise SkipFile(not_a_file(mode))
        if nonblocking:
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


class Watch:
    """The size and modification time of an open file, to tell whether it changed since."""

    def __init__(self, handle: BinaryIO):
        self.handle = handle
        self.seen = self._now()

    def _now(self) -> tuple[int, int]:
        st = os.fstat(self.handle.fileno())
        return st.st_size, st.st_mtime_ns

    @property
    def size(self) -> int:
        return self.seen[0]

    def changed(self) -> bool:
        """True when the file was written to (or truncated) since it was opened."""
        return self._now() != self.seen


def read_text_file(path: Path, max_chars: int, *, bytes_per_char: int = _TEXT_BYTES_PER_CHAR) -> str:
    """Decoded text of a single-article file; raises DecodeError/SkipFile/OSError."""
    with open_regular(path) as handle:
        watch = Watch(handle)
        if watch.size > bytes_per_char * max_chars:  # surely over the limit: don't even read it
            raise DecodeError(too_large(watch.size, "bytes", max_chars))
        data = handle.read()
        if watch.changed():  # rewritten while read: what was read may be half old, half new
            raise SkipFile(CHANGED_WHILE_READ)
    return decode(data)


def read_txt(path: Path, max_chars: int) -> Iterator[Draft | Problem]:
    """A plain-text article: the whole file."""
    yield Draft(str(path), read_text_file(path, max_chars))


def read_md(path: Path, max_chars: int) -> Iterator[Draft | Problem]:
    """A Markdown article; title, date, source and url from its front matter."""
    text = read_text_file(path, max_chars)
    meta = front_matter(text)
    yield Draft(
        str(path), text,
        title=meta.get("title", ""), date=iso_date(meta.get("date", "")),
        source=meta.get("source", ""), url=meta.get("url", ""), markdown=True,
    )


def front_matter(text: str) -> dict[str, str]:
    """Simple `key: value` pairs of a YAML front-matter block (no YAML parser needed)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}
    meta = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep:
            meta[key.strip().lower()] = value.strip().strip("\"'")
    return meta


def read_html(path: Path, max_chars: int) -> Iterator[Draft | Problem]:
    """An HTML page: its article body, extracted by trafilatura."""
    html = read_text_file(path, max_chars, bytes_per_char=_HTML_BYTES_PER_CHAR)
    yield html_draft(html, str(path), min_words=_HTML_MIN_WORDS)


def read_jsonl(path: Path, max_chars: int) -> Iterator[Draft | Problem]:
    """One JSON record a line, streamed; a bad line is a problem, the others are read.

    A file rewritten while it is streamed ends with a problem for the lines not read."""
    with open_regular(path) as handle:
        watch = Watch(handle)
        n = 0
        for raw in handle:
            if watch.changed():
                yield _changed(path, n + 1)
                return
            if n == 0 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            n += 1
            yield _jsonl_record(raw, path, n, max_chars)


def _changed(path: Path, n: int) -> Problem:
    """The problem of a record file rewritten while it was streamed, from record *n* on."""
    return Problem(f"{path}#{n}", f"{CHANGED_WHILE_READ}: the records from number {n} on were not read", n=n)


def _jsonl_record(raw: bytes, path: Path, n: int, max_chars: int) -> Draft | Problem:
    if len(raw) > _TEXT_BYTES_PER_CHAR * max_chars + _JSONL_SLACK_BYTES:
        return Problem(f"{path}#{n}", too_large(len(raw), "bytes", max_chars), n=n)
    try:
        record = json.loads(decode(raw))
    except (DecodeError, json.JSONDecodeError) as exc:
        return Problem(f"{path}#{n}", f"line {n} is not valid JSON: {one_line(exc)}", n=n)
    return record_draft(record, path, n)


def read_json(path: Path, max_chars: int) -> Iterator[Draft | Problem]:
    """A JSON record, a list of records, or {"articles": [...]}; loaded whole."""
    with open_regular(path) as handle:
        watch = Watch(handle)
        if watch.size > _JSON_MAX_BYTES:
            yield Problem(str(path), f"JSON file too large to load ({watch.size:,} bytes); "
                                     "convert it to .jsonl (one record a line)")
            return
        raw = handle.read()
        if watch.changed():
            raise SkipFile(CHANGED_WHILE_READ)
    data = json.loads(decode(raw))
    records = _json_records(data)
    if records is None:
        yield Problem(str(path), "JSON holds neither a record, a list of records, nor {\"articles\": [...]}")
        return
    for n, record in enumerate(records, start=1):
        yield record_draft(record, path, n)


def _json_records(data: object) -> list[object] | None:
    """The records a JSON document holds, or None when it holds none."""
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        return None
    lowered = {str(k).lower(): v for k, v in data.items()}
    return next((lowered[k] for k in RECORD_LIST_KEYS if isinstance(lowered.get(k), list)), [data])


def read_csv(path: Path, max_chars: int) -> Iterator[Draft | Problem]:
    """A CSV file with a header row, one record a row, streamed; the delimiter is read from the header."""
    if csv.field_size_limit() < max_chars + 1:
        csv.field_size_limit(max_chars + 1)  # articles are longer than csv's 128 KiB default
    with open_regular(path) as raw:
        watch = Watch(raw)
        head = raw.read(_CSV_HEAD_BYTES)
        encoding, bom = sniff_encoding(head)
        header = head[bom:].split(b"\n", 1)[0].decode(encoding, errors="replace")
        # The header names the delimiter; csv.Sniffer guesses badly on long quoted article texts.
        delimiter = max(_CSV_DELIMITERS, key=header.count)
        raw.seek(bom)
        stream = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
        for n, row in enumerate(csv.DictReader(stream, delimiter=delimiter), start=1):
            if watch.changed():
                yield _changed(path, n)
                return
            yield record_draft({k: v for k, v in row.items() if k is not None}, path, n)


READERS: dict[str, Reader] = {
    ".txt": read_txt,
    ".md": read_md,
    ".html": read_html,
    ".htm": read_html,
    ".json": read_json,
    ".jsonl": read_jsonl,
    ".csv": read_csv,
}
"""File extension -> reader; a reader yields one draft (or problem) per article."""
ONE_ARTICLE = frozenset({".txt", ".md", ".html", ".htm"})
"""Extensions whose reader yields exactly one draft or problem, without a record key or number:
the article's doc_id comes from the file's name alone (`read_corpus` can number it unopened)."""

EXTENSIONS = tuple(READERS)

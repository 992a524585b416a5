"""The records of reading: `Article` and `Skipped` (public), `Draft` and `Problem` (a reader's output).

A reader turns a file into drafts (text plus whatever metadata the format carries) or
problems (why a file or record cannot be read); `read_corpus` turns each draft into an
`Article` after cleaning and checks, and each problem into a `Skipped` with its reason.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass


@dataclass(frozen=True)
class Article:
    """One article; every offset in every table refers to `text`."""

    doc_id: str
    path: str
    title: str
    text: str
    clean_text: str
    date: str = ""
    source: str = ""
    url: str = ""


@dataclass(frozen=True)
class Skipped:
    """A file or record that could not be analysed, and why."""

    doc_id: str
    path: str
    reason: str


@dataclass(frozen=True)
class Draft:
    """What a reader found, before cleaning and checks."""

    path: str
    text: str
    title: str = ""
    date: str = ""
    source: str = ""
    url: str = ""
    markdown: bool = False
    key: str = ""  # the record's own id, if it has one
    n: int = 0     # record number in a multi-record file (0: single-article file)


@dataclass(frozen=True)
class Problem:
    """A file or record a reader could not read; `reason` becomes the Skipped reason."""

    path: str
    reason: str
    key: str = ""
    n: int = 0


def one_line(exc: BaseException) -> str:
    """An exception's message on one line, for a Skipped reason."""
    return " ".join(str(exc).split()) or type(exc).__name__


def too_large(size: int, unit: str, max_chars: int) -> str:
    """The Skipped reason for a file or record over the `max_chars` limit."""
    return (
        f"too large: {size:,} {unit}, over the limit of {max_chars:,} characters; "
        f"raise max_chars (--max-chars N) to read it, or split the file into one file per article"
    )


class SkipFile(Exception):
    """A file the reader will not read (not a regular file, changed while read); the message
    is the Skipped reason."""


_FILE_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
               (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def not_a_file(mode: int) -> str:
    """The Skipped reason for a path that is not a regular file (*mode*: its st_mode)."""
    kind = next((name for test, name in _FILE_KINDS if test(mode)), "not a regular file")
    return f"not a regular file ({kind}); only regular files are read"


def file_problem(path: str | os.PathLike, exc: OSError) -> str:
    """The Skipped reason for a file that could not be opened or read, saying what to do."""
    why = exc.strerror or one_line(exc)
    if exc.errno == errno.ENOENT and os.path.islink(path):
        target = os.path.join(os.path.dirname(path), os.readlink(path))
        # as the user would name it: no absolute path of this machine in articles.csv or a report
        return f"cannot read the file: {why} (a broken symlink to {os.path.relpath(target)})"
    if exc.errno == errno.ENOENT:
        return f"cannot read the file: {why} (it was removed or renamed after the corpus was listed)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"cannot read the file: {why}; make it readable for this user (chmod a+r) or move it out of the corpus"
    if exc.errno == errno.EISDIR:
        return not_a_file(stat.S_IFDIR)
    return f"cannot read the file: {one_line(exc)}"

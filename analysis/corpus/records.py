"""The records of reading: `Article` and `Skipped` (public), `Draft` and `Problem` (a reader's output).

A reader turns a file into drafts (text plus whatever metadata the format carries) or
problems (why a file or record cannot be read); `read_corpus` turns each draft into an
`Article` after cleaning and checks, and each problem into a `Skipped` with its reason.
"""

from __future__ import annotations

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

"""Read a corpus of news articles into `Article` records, and blank boilerplate.

Every offset anywhere in newsbrief refers to `Article.text`. `clean_text` is the same
string with boilerplate characters (ads, footers, related-article teasers, Markdown
syntax) replaced by spaces -- newlines are kept -- so offsets stay identical and spaCy
can parse `clean_text` directly.

Reading streams: one file (or one record) at a time, never the whole corpus. Problems
with single files never stop the run: they come out as `Skipped` records with a reason.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Callable, Iterable, Iterator

from analysis.errors import CorpusError

__all__ = [
    "Article",
    "Skipped",
    "EXTENSIONS",
    "READERS",
    "BOILERPLATE_RULES",
    "read_corpus",
    "iter_files",
    "paragraph_spans",
    "clean",
    "detect_language",
]


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


# --------------------------------------------------------------------------- paragraphs

_BLANK_LINES = re.compile(r"\n(?:[^\S\n]*\n)+")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each non-blank paragraph, trimmed; paragraphs are separated by blank lines."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BLANK_LINES.finditer(text):
        _add_trimmed(spans, text, start, match.start())
        start = match.end()
    _add_trimmed(spans, text, start, len(text))
    return spans


def _add_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


# --------------------------------------------------------------------------- cleaning

@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str  # stripped

    @property
    def blank(self) -> bool:
        return not self.text


def _lines(text: str) -> list[_Line]:
    lines = []
    start = 0
    for raw in text.split("\n"):
        end = start + len(raw)
        lines.append(_Line(start, end, raw.strip()))
        start = end + 1
    return lines


Rule = Callable[[str, list[_Line]], Iterable[tuple[int, int]]]
"""A boilerplate rule: (text, lines) -> character spans to blank."""

_AD_PHRASE = (
    r"(?:advertisement|advertising|advert|ad|ads|sponsored|sponsored content|paid content|"
    r"paid post|promoted|promoted content|partner content|supported by|ad feedback|"
    r"skip advertisement|(?:story|article) continues(?: below| after)?(?: (?:this|the))?(?: advertisement| ad)?|"
    r"continue reading(?: the main story| below)?|scroll to continue(?: with content)?)"
)
_AD_LINE = re.compile(rf"{_AD_PHRASE}(?:[\s\-–—|:]+{_AD_PHRASE})*", re.IGNORECASE)
_AD_TRIM = " \t-–—_*•·|[](){}<>:"


def _ad_lines(text: str, lines: list[_Line]) -> Iterator[tuple[int, int]]:
    """'Advertisement', 'Sponsored', 'Story continues below advertisement' alone on a line."""
    for line in lines:
        core = line.text.strip(_AD_TRIM)
        if core and _AD_LINE.fullmatch(core):
            yield line.start, line.end


_FOOTER_LINE = re.compile(
    r"(?:"
    r"to suggest a correction|"
    r"(?:you can also )?highlight the text and press ctrl|"
    r"report an? (?:typo|error|mistake|correction)|"
    r"(?:sign up|subscribe|register)\b.{0,60}\b(?:newsletters?|alerts|briefing|updates|inbox)|"
    r"get (?:our|the)\b.{0,40}\bnewsletters?|"
    r"follow (?:us|@\w+)\b|follow .{1,40}? on (?:twitter|x|facebook|instagram|linkedin|threads|"
    r"bluesky|tiktok|youtube|telegram|mastodon|whatsapp|google news)\b|"
    r"(?:like|find) us on facebook|"
    r"share (?:this|the) (?:article|story|page|post|video)|"
    r"share (?:on|via) (?:facebook|twitter|x|email|whatsapp|linkedin)|"
    r"©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\))?\s*\d{4}|"
    r"(?:read more|read also|also read|related|see also|more on this(?: story)?|"
    r"recommended(?: reading)?|further reading|don'?t miss|watch|listen)\s*:|"
    r"click here\b|"
    r"(?:was|is|did you find) this (?:article|story|page) (?:helpful|useful)|"
    r"(?:if you )?(?:have|got) a (?:news )?tip\b"
    r")",
    re.IGNORECASE,
)
_RIGHTS_RESERVED = re.compile(r"\ball rights reserved\.?$", re.IGNORECASE)
_MAX_FOOTER_WORDS = 30


def _footer_lines(text: str, lines: list[_Line]) -> Iterator[tuple[int, int]]:
    """Correction/feedback/newsletter/share/copyright lines and 'Read more: …' links."""
    for line in lines:
        if not line.text or len(line.text.split()) > _MAX_FOOTER_WORDS:
            continue
        core = line.text.lstrip(" \t-–—_*•·|[(>")
        if _FOOTER_LINE.match(core) or _RIGHTS_RESERVED.search(core):
            yield line.start, line.end


_RELATED_HEADING = re.compile(
    r"(?:other topics of interest|topics of interest|related|related (?:articles?|stories|story|"
    r"content|news|coverage|reading|posts?|links?|topics|videos?)|more (?:from|on|in|about) .{1,40}|"
    r"more (?:stories|news|articles|coverage|to read)|you (?:may|might) (?:also )?(?:like|enjoy|be interested in)|"
    r"read more|read next|read also|also read|recommended(?: for you| stories| articles| reading)?|"
    r"see also|further reading|trending(?: now| stories)?|most (?:read|popular|viewed)|"
    r"popular (?:stories|now|articles)|editor'?s picks|what to read next|top stories|latest (?:news|stories)|"
    r"in other news|around the web|explore more)",
    re.IGNORECASE,
)
_SMALL_WORDS = frozenset(
    "a an the and or but nor for of to in on at by with from as vs via into onto over under after "
    "before about up off out than per is are be amid against upon".split()
)
_OPENERS = "\"'‘“«([¿¡"
_CLOSERS = "\"'’”»)]"
_TERMINAL = ".!?;:,…"
_MAX_HEADLINE_WORDS = 20
_MAX_SUMMARY_WORDS = 60


def _is_card_line(line: str) -> bool:
    """Short, one line, no terminal punctuation: how teaser titles and headings look."""
    words = line.split()
    if not 2 <= len(words) <= _MAX_HEADLINE_WORDS:
        return False
    core = line.rstrip(_CLOSERS)
    return bool(core) and core[-1] not in _TERMINAL


def _is_headline_like(line: str) -> bool:
    """A card line in Title Case (most content words capitalised)."""
    if not _is_card_line(line):
        return False
    words = [w.lstrip(_OPENERS) for w in line.split()]
    if not words[0][:1].isupper() and not words[0][:1].isdigit():
        return False
    content = [w for w in words if w and w.lower().strip(_CLOSERS + ",") not in _SMALL_WORDS]
    if not content:
        return False
    capitalised = sum(1 for w in content if w[:1].isupper() or w[:1].isdigit())
    return capitalised / len(content) >= 0.75


def _paragraph_of(lines: list[_Line]) -> list[int]:
    """Paragraph number of each line (blank lines get -1)."""
    out, para, prev_blank = [], -1, True
    for line in lines:
        if line.blank:
            out.append(-1)
            prev_blank = True
            continue
        if prev_blank:
            para += 1
        out.append(para)
        prev_blank = False
    return out


def _group_paragraphs(lines: list[_Line]) -> list[list[int]]:
    paras: list[list[int]] = []
    for i, p in enumerate(_paragraph_of(lines)):
        if p < 0:
            continue
        if p == len(paras):
            paras.append([])
        paras[p].append(i)
    return paras


def _is_related_heading(line: str) -> bool:
    core = line.strip(_AD_TRIM)  # "Related:", "- Read more -", "[More from Reuters]"
    return bool(core) and core[-1] not in _TERMINAL and _RELATED_HEADING.fullmatch(core) is not None


def _related_blocks(text: str, lines: list[_Line]) -> Iterator[tuple[int, int]]:
    """A 'Related'/'More from …' heading plus the teaser titles right around it."""
    paras = _group_paragraphs(lines)
    para_of = _paragraph_of(lines)
    for i, line in enumerate(lines):
        if line.blank or not _is_related_heading(line.text):
            continue
        yield line.start, line.end
        p = para_of[i]
        members = paras[p]
        pos = members.index(i)
        # Titles directly above the heading, in the same paragraph.
        for j in reversed(members[:pos]):
            if not _is_headline_like(lines[j].text):
                break
            yield lines[j].start, lines[j].end
        # Titles below it: rest of this paragraph, then whole paragraphs of titles.
        below_ok = True
        for j in members[pos + 1:]:
            if not _is_card_line(lines[j].text):
                below_ok = False
                break
            yield lines[j].start, lines[j].end
        if not below_ok:
            continue
        for q in range(p + 1, len(paras)):
            if not all(_is_card_line(lines[j].text) for j in paras[q]):
                break
            for j in paras[q]:
                yield lines[j].start, lines[j].end


def _repeated_headlines(text: str, lines: list[_Line]) -> Iterator[tuple[int, int]]:
    """A Title-Case line repeated verbatim is a teaser card; blank every repeat.

    When the repeats sit in neighbouring paragraphs (a teaser block: card, heading, card
    again), the short paragraph right after the last one is the card's summary: blanked too.
    The document's first line is the article's own headline: never blanked.
    """
    first = next((i for i, line in enumerate(lines) if not line.blank), None)
    where: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        if not line.blank:
            where.setdefault(line.text, []).append(i)
    paras = _group_paragraphs(lines)
    para_of = _paragraph_of(lines)
    for headline, found in where.items():
        if len(found) < 2 or len(headline.split()) < 4 or not _is_headline_like(headline):
            continue
        if headline.isupper():  # repeated ALL-CAPS lines are table headers ("W L PCT GB"), not teasers
            continue
        for i in found:
            if i != first:
                yield lines[i].start, lines[i].end
        if first in found:
            continue
        last = found[-1]
        p = para_of[last]
        if para_of[found[-2]] < p - 1 or paras[p][-1] != last or p + 1 >= len(paras):
            continue
        summary = paras[p + 1]
        words = sum(len(lines[j].text.split()) for j in summary)
        if words <= _MAX_SUMMARY_WORDS and not (len(summary) == 1 and _is_card_line(lines[summary[0]].text)):
            yield lines[summary[0]].start, lines[summary[-1]].end


BOILERPLATE_RULES: dict[str, Rule] = {
    "ads": _ad_lines,
    "footers": _footer_lines,
    "related": _related_blocks,
    "repeated_headlines": _repeated_headlines,
}
"""General boilerplate rules, applied by `clean`; add a rule here, not an `if` in `clean`."""


# Markdown syntax: (pattern, group numbers to blank; 0 = the whole match).
_MARKDOWN_SYNTAX: tuple[tuple[re.Pattern[str], tuple[int, ...]], ...] = (
    (re.compile(r"\A---[^\S\n]*\n.*?\n---[^\S\n]*(?=\n|\Z)", re.DOTALL), (0,)),  # front matter
    (re.compile(r"^[^\S\n]*\[[^\]\n]+\]:[^\S\n]*\S.*$", re.MULTILINE), (0,)),  # link reference definitions
    (re.compile(r"^[^\S\n]*([-*_])(?:[^\S\n]*\1){2,}[^\S\n]*$", re.MULTILINE), (0,)),  # rules
    (re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)"), (0,)),  # images
    (re.compile(r"(\[)[^\]\n]*(\]\([^)\n]*\)|\]\[[^\]\n]*\])"), (1, 2)),  # links: keep the label
    (re.compile(r"^([^\S\n]*#{1,6}[^\S\n]+)", re.MULTILINE), (1,)),  # ATX heading marks
    (re.compile(r"^[^\S\n]*((?:>[^\S\n]?)+)", re.MULTILINE), (1,)),  # block quotes
    (re.compile(r"^[^\S\n]*([-*+]|\d{1,3}[.)])[^\S\n]+", re.MULTILINE), (1,)),  # list markers
    (re.compile(r"\*\*|__|`+"), (0,)),  # strong emphasis, code ticks
    (re.compile(r"(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])"), (0,)),  # *emphasis*
    (re.compile(r"<!--.*?-->|</?[A-Za-z][^>\n]*>", re.DOTALL), (0,)),  # inline HTML
)


def _markdown_syntax(text: str) -> Iterator[tuple[int, int]]:
    for pattern, groups in _MARKDOWN_SYNTAX:
        for match in pattern.finditer(text):
            for g in groups:
                if match.start(g) >= 0:
                    yield match.start(g), match.end(g)


def clean(text: str, *, markdown: bool = False) -> str:
    """Return `text` with boilerplate characters replaced by spaces (newlines kept): same length, same offsets."""
    lines = _lines(text)
    spans: list[tuple[int, int]] = []
    for rule in BOILERPLATE_RULES.values():
        spans.extend(rule(text, lines))
    if markdown:
        spans.extend(_markdown_syntax(text))
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for k in range(start, end):
            if chars[k] != "\n":
                chars[k] = " "
    return "".join(chars)


# --------------------------------------------------------------------------- titles

_TITLE_WORDS = 20
_SHORT_TITLE_WORDS = 12
_FALLBACK_TITLE_WORDS = 12


def _guess_title(clean_text: str) -> str:
    """First paragraph if it is one short line without terminal punctuation, else the first words + '…'."""
    spans = paragraph_spans(clean_text)
    if not spans:
        return ""
    start, end = spans[0]
    first = clean_text[start:end]
    n_words = len(first.split())
    if "\n" not in first and n_words <= _TITLE_WORDS:
        core = first.rstrip(_CLOSERS)
        # Short question/ellipsis headlines ("What now for British tennis?") are headlines too.
        open_ended = core.endswith(("?", "…", "...")) and n_words <= _SHORT_TITLE_WORDS
        if core and (core[-1] not in ".!?;:,…" or open_ended):
            return " ".join(first.split())
    words = clean_text.split()
    if len(words) <= _FALLBACK_TITLE_WORDS:
        return " ".join(words)
    return " ".join(words[:_FALLBACK_TITLE_WORDS]) + "…"


# --------------------------------------------------------------------------- language

_LANGUAGE_NAMES = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
    "pt": "Portuguese", "nl": "Dutch", "ru": "Russian", "zh": "Chinese", "ja": "Japanese",
}
_ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to in is that for it was on with as he she said by at from his her they have be are".split()
)
_LANG_SAMPLE_CHARS = 1500
_LANG_MIN_LETTERS = 200
_LANG_MIN_PROB = 0.90
_WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> tuple[str, float] | None:
    """Return (language code, probability) of a ~1,500-char sample, or None when too short to tell."""
    sample = text[:_LANG_SAMPLE_CHARS]
    if sum(c.isalpha() for c in sample) < _LANG_MIN_LETTERS:
        return None
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0  # deterministic results
    try:
        best = detect_langs(sample)[0]
    except LangDetectException:
        return None
    return best.lang, best.prob


def _language_problem(clean_text: str, language: str) -> str | None:
    """A Skipped reason when the text is confidently in another language, else None."""
    sample = clean_text[:_LANG_SAMPLE_CHARS]
    words = _WORD.findall(sample.lower())
    letters = sum(len(w) for w in words)
    if letters < _LANG_MIN_LETTERS:
        return None
    # Cheap fast path: plain English prose is full of function words; skip langdetect then.
    if language == "en" and sum(w in _ENGLISH_FUNCTION_WORDS for w in words) >= 0.15 * len(words):
        return None
    found = detect_language(sample)
    if found is None:
        return None
    code, prob = found
    code = code.split("-")[0]
    if code == language or prob <= _LANG_MIN_PROB:
        return None
    name = _LANGUAGE_NAMES.get(language, repr(language))
    return f"language '{code}' detected; the model is {name}"


# --------------------------------------------------------------------------- decoding

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_NUL_SHARE = 0.01  # a stray NUL in an article is a broken byte; more make a binary file
_CONTROL_BYTES = bytes(sorted(set(range(0, 32)) - {9, 10, 12, 13, 27}))
_UNREADABLE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")  # controls (not whitespace), U+FFFD
_NON_ASCII = re.compile("[^\x00-\x7f\ufffd]")
_LATIN_FAMILY = frozenset(
    "cp1252 windows-1252 cp1250 windows-1250 latin_1 iso8859_1 iso8859_15 iso8859_2 mac_roman "
    "cp850 cp437 mac_latin2 ascii utf_8".split()
)


class _DecodeError(Exception):
    """Bytes that are not text; the message is the Skipped reason."""


def _decode(data: bytes) -> str:
    """Bytes -> text with newlines normalised; raises _DecodeError with a Skipped reason."""
    text = _decode_bytes(data)
    if "\x00" in text:  # a stray NUL in good text is a broken byte like any other
        text = text.replace("\x00", "\ufffd")
    sample = text[:65536]
    unreadable = len(_UNREADABLE.findall(sample))
    if unreadable > max(8, len(sample) // 20):
        share = unreadable / len(sample)
        raise _DecodeError(f"could not decode the text ({share:.0%} unreadable characters); re-save it as UTF-8")
    return text


def _decode_bytes(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom):].decode(encoding, errors="replace")
            return _normalise_newlines(text)
    head = data[:8192]
    if head.count(b"\x00") > max(1, _NUL_SHARE * len(head)):
        raise _DecodeError("binary file (not text): it contains NUL bytes")
    if head and len(head) - len(head.translate(None, _CONTROL_BYTES)) > 0.05 * len(head):
        raise _DecodeError("binary file (not text): mostly control characters")
    try:
        return _normalise_newlines(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8", errors="replace")
    invalid = replaced.count("\ufffd")
    if len(_NON_ASCII.findall(replaced)) >= invalid:
        # Good UTF-8 with a few broken bytes: keep it, broken bytes become U+FFFD.
        return _normalise_newlines(replaced)
    return _normalise_newlines(_decode_legacy(data))


def _decode_legacy(data: bytes) -> str:
    """Single-byte legacy text: Windows-1252 unless charset-normalizer is sure of a non-Latin code page."""
    from charset_normalizer import from_bytes

    sample = data[:65536]
    if _sparse_high_bytes(sample):
        # A few accented letters in ASCII words ("Café", "Müller") are Western text; charset
        # guessers pick Baltic or Central European pages for them ("Cafķ", "M³ller").
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    best = from_bytes(sample).best()
    if best is not None and best.encoding.lower().replace("-", "_") not in _LATIN_FAMILY:
        try:
            return data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    if best is not None:
        try:
            return data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            pass
    raise _DecodeError("could not decode the text (not UTF-8 or Windows-1252); re-save it as UTF-8")


_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))
_SPARSE_HIGH_SHARE = 0.25


def _sparse_high_bytes(data: bytes) -> bool:
    """True when bytes >= 0x80 are a small share of the letters: accents in Latin-script words.

    Text in a non-Latin single-byte code page (Cyrillic, Greek, Arabic) is mostly high bytes.
    """
    high = len(data) - len(data.translate(None, bytes(range(128, 256))))
    letters = len(data) - len(data.translate(None, _ASCII_LETTERS))
    return high <= _SPARSE_HIGH_SHARE * (letters + high)


def _normalise_newlines(text: str) -> str:
    # Same as Python's universal-newlines text mode, so offsets match open(path).read().
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _sniff_encoding(head: bytes) -> tuple[str, int]:
    """Encoding for a streamed record file from its first bytes: (codec, BOM length)."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding, len(bom)
    if b"\x00" in head[:8192]:
        raise _DecodeError("binary file (not text): it contains NUL bytes")
    try:
        head.decode("utf-8")
        return "utf-8", 0
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:  # a character cut at the end of the sample
            return "utf-8", 0
    replaced = head.decode("utf-8", errors="replace")
    if len(_NON_ASCII.findall(replaced)) >= replaced.count("\ufffd"):
        return "utf-8", 0
    return "cp1252", 0


# --------------------------------------------------------------------------- readers

@dataclass(frozen=True)
class _Draft:
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
class _Problem:
    path: str
    reason: str
    key: str = ""
    n: int = 0


Reader = Callable[[Path, int], Iterator["_Draft | _Problem"]]


def _too_large(size: int, unit: str, max_chars: int) -> str:
    return (
        f"too large: {size:,} {unit}, over the limit of {max_chars:,} characters; "
        f"raise max_chars (--max-chars N) to read it, or split the file into one file per article"
    )


def _read_text_file(path: Path, max_chars: int, *, bytes_per_char: int = 4) -> str:
    """Decoded text of a single-article file; raises _DecodeError/OSError."""
    size = path.stat().st_size
    if size > bytes_per_char * max_chars:  # surely over the limit: don't even read it
        raise _DecodeError(_too_large(size, "bytes", max_chars))
    with open(path, "rb") as handle:
        data = handle.read()
    return _decode(data)


def _read_txt(path: Path, max_chars: int) -> Iterator[_Draft | _Problem]:
    yield _Draft(str(path), _read_text_file(path, max_chars))


def _read_md(path: Path, max_chars: int) -> Iterator[_Draft | _Problem]:
    text = _read_text_file(path, max_chars)
    meta = _front_matter(text)
    yield _Draft(
        str(path), text,
        title=meta.get("title", ""), date=_iso_date(meta.get("date", "")),
        source=meta.get("source", ""), url=meta.get("url", ""), markdown=True,
    )


_FRONT_MATTER = re.compile(r"\A---[^\S\n]*\n(.*?)\n---[^\S\n]*(?:\n|\Z)", re.DOTALL)


def _front_matter(text: str) -> dict[str, str]:
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


_HTML_BYTES_PER_CHAR = 40  # raw pages carry markup and scripts; the body is much smaller
_HTML_MIN_WORDS = 20  # fewer words from a whole page are navigation leftovers, not an article


def _read_html(path: Path, max_chars: int) -> Iterator[_Draft | _Problem]:
    html = _read_text_file(path, max_chars, bytes_per_char=_HTML_BYTES_PER_CHAR)
    yield _html_draft(html, str(path), min_words=_HTML_MIN_WORDS)


def _html_draft(html: str, where: str, *, min_words: int = 1) -> _Draft | _Problem:
    import trafilatura

    # favor_precision and tables kept: best F1 on the html-dev benchmark (benchmarks/html_extraction.py).
    doc = trafilatura.bare_extraction(
        html,
        include_comments=False,
        include_tables=True,
        include_images=False,
        favor_precision=True,
        with_metadata=True,
    )
    body = (getattr(doc, "text", None) or "") if doc is not None else ""
    paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
    if sum(len(p.split()) for p in paragraphs) < min_words:
        return _Problem(where, "no article text found in the HTML page")
    source = (doc.sitename or "").strip()
    return _Draft(
        where, "\n\n".join(paragraphs),
        title=_strip_site_name((doc.title or "").strip(), source), date=_iso_date(doc.date or ""),
        source=source, url=(doc.url or "").strip(),
    )


_TITLE_SEPARATOR = re.compile(r"\s+[|\-–—:·•]\s+")


def _strip_site_name(title: str, site: str) -> str:
    """'Best tech gadgets of 2019 | ZDNet' -> 'Best tech gadgets of 2019' (when ZDNet is the site)."""
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) < 2 or not site:
        return title
    site_key = re.sub(r"\W+", "", site.lower())

    def is_site(part: str) -> bool:
        key = re.sub(r"\W+", "", part.lower())
        return bool(key) and len(part.split()) <= 6 and (key in site_key or site_key in key)

    if is_site(parts[-1]):
        return title[: title.rfind(parts[-1])].rstrip(" |-–—:·•")
    if is_site(parts[0]):
        return title[len(parts[0]):].lstrip(" |-–—:·•")
    return title


# Record fields, by preference; matched case-insensitively.
_FIELDS = {
    "text": ("text", "body", "content", "article", "articlebody", "article_body", "full_text", "fulltext"),
    "title": ("title", "headline", "heading"),
    "date": ("date", "published", "published_at", "publish_date", "pubdate", "datetime", "timestamp"),
    "source": ("source", "outlet", "publisher", "sitename", "site"),
    "url": ("url", "link", "href"),
    "id": ("id", "doc_id", "_id", "uid", "guid"),
}


def _field(record: dict[str, object], name: str) -> str:
    """The first non-blank field named like `name` (case-insensitive); text is returned unstripped."""
    lowered = {str(k).lower(): v for k, v in record.items()}
    for key in _FIELDS[name]:
        value = lowered.get(key)
        if value is None or isinstance(value, (dict, list)):
            continue
        value = str(value)
        if value.strip():
            return value if name == "text" else value.strip()
    return ""


def _record_draft(record: object, path: Path, n: int) -> _Draft | _Problem:
    if not isinstance(record, dict):
        return _Problem(f"{path}#{n}", f"record {n} is a {type(record).__name__}, not an object", n=n)
    key = _field(record, "id")
    where = f"{path}#{key or n}"
    raw_text = _field(record, "text")
    if not raw_text:
        fields = ", ".join(str(k) for k in record) or "none"
        return _Problem(
            where, f"record has no text (looked for fields {', '.join(_FIELDS['text'][:5])}); its fields: {fields}",
            key=key, n=n,
        )
    text = _normalise_newlines(raw_text)
    if _HTML_TAG.search(text):
        draft = _html_draft(text, where)
        if isinstance(draft, _Problem):
            return _Problem(where, draft.reason, key=key, n=n)
        text = draft.text
    return _Draft(
        where, text,
        title=_field(record, "title"), date=_iso_date(_field(record, "date")),
        source=_field(record, "source"), url=_field(record, "url"), key=key, n=n,
    )


_HTML_TAG = re.compile(r"</?(?:p|div|br|span|a|article|section)\b[^>]*>", re.IGNORECASE)


def _read_jsonl(path: Path, max_chars: int) -> Iterator[_Draft | _Problem]:
    with open(path, "rb") as handle:
        n = 0
        for raw in handle:
            if n == 0 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            n += 1
            if len(raw) > 4 * max_chars + 65536:
                yield _Problem(f"{path}#{n}", _too_large(len(raw), "bytes", max_chars), n=n)
                continue
            try:
                record = json.loads(_decode(raw))
            except (_DecodeError, json.JSONDecodeError) as exc:
                yield _Problem(f"{path}#{n}", f"line {n} is not valid JSON: {_one_line(exc)}", n=n)
                continue
            yield _record_draft(record, path, n)


_JSON_MAX_BYTES = 512 * 1024 * 1024


def _read_json(path: Path, max_chars: int) -> Iterator[_Draft | _Problem]:
    size = path.stat().st_size
    if size > _JSON_MAX_BYTES:
        yield _Problem(str(path), f"JSON file too large to load ({size:,} bytes); convert it to .jsonl (one record a line)")
        return
    with open(path, "rb") as handle:
        data = json.loads(_decode(handle.read()))
    if isinstance(data, dict):
        lowered = {str(k).lower(): v for k, v in data.items()}
        records = next((lowered[k] for k in ("articles", "records", "items", "data", "documents") if isinstance(lowered.get(k), list)), [data])
    elif isinstance(data, list):
        records = data
    else:
        yield _Problem(str(path), "JSON holds neither a record, a list of records, nor {\"articles\": [...]}")
        return
    for n, record in enumerate(records, start=1):
        yield _record_draft(record, path, n)


def _read_csv(path: Path, max_chars: int) -> Iterator[_Draft | _Problem]:
    if csv.field_size_limit() < max_chars + 1:
        csv.field_size_limit(max_chars + 1)  # articles are longer than csv's 128 KiB default
    with open(path, "rb") as raw:
        head = raw.read(65536)
        encoding, bom = _sniff_encoding(head)
        header = head[bom:].split(b"\n", 1)[0].decode(encoding, errors="replace")
        # The header names the delimiter; csv.Sniffer guesses badly on long quoted article texts.
        delimiter = max(",;\t|", key=header.count)
        raw.seek(bom)
        stream = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
        for n, row in enumerate(csv.DictReader(stream, delimiter=delimiter), start=1):
            yield _record_draft({k: v for k, v in row.items() if k is not None}, path, n)


# Longer "articles" are nearly always whole-site dumps or logs; `--max-chars` raises the limit.
DEFAULT_MAX_CHARS = 2_000_000

READERS: dict[str, Reader] = {
    ".txt": _read_txt,
    ".md": _read_md,
    ".html": _read_html,
    ".htm": _read_html,
    ".json": _read_json,
    ".jsonl": _read_jsonl,
    ".csv": _read_csv,
}
"""File extension -> reader; a reader yields one draft (or problem) per article."""

EXTENSIONS = tuple(READERS)


def _iso_date(value: str) -> str:
    """ISO date (YYYY-MM-DD) of a date string, or "" when it can't be read."""
    value = value.strip()
    if not value:
        return ""
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if match:
        return match.group(0)
    for fmt in ("%Y/%m/%d", "%d/%m/%Y", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y%m%d"):
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            pass
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return ""


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


# --------------------------------------------------------------------------- walking

@dataclass(frozen=True)
class _Found:
    path: Path
    rel: tuple[str, ...]  # path parts relative to the corpus root
    error: str = ""       # unreadable directory / broken link


def iter_files(path: str | os.PathLike[str]) -> Iterator[Path]:
    """The candidate files of a corpus, in reading order (what `read_corpus` will open)."""
    return (found.path for found in _walk(Path(path)))


def _walk(root: Path) -> Iterator[_Found]:
    """Candidate files under `root`, sorted, recursive; skips hidden names and symlink loops."""
    if not root.is_dir():
        yield _Found(root, (root.name,))
        return
    seen = {os.path.realpath(root)}
    yield from _walk_dir(root, (), seen)


def _walk_dir(directory: Path, rel: tuple[str, ...], seen: set[str]) -> Iterator[_Found]:
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as exc:
        yield _Found(directory, rel or (directory.name,), f"cannot read the folder: {_one_line(exc)}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()  # follows symlinks
        except OSError:
            is_dir = False
        if is_dir:
            real = os.path.realpath(path)
            if real in seen:
                # Listed, not dropped silently: the user sees why nothing was read there.
                here = os.path.realpath(directory)
                loop = here == real or here.startswith(real.rstrip(os.sep) + os.sep)
                why = (f"symlink loop: leads back to {real}; not followed" if loop
                       else f"folder already read as {real}; not read twice")
                yield _Found(path, rel + (entry.name,), why)
                continue
            seen.add(real)
            yield from _walk_dir(path, rel + (entry.name,), seen)
        elif path.suffix.lower() in READERS:
            yield _Found(path, rel + (entry.name,))


# --------------------------------------------------------------------------- ids

_UNSAFE_ID = re.compile(r"[^\w.\-]+")


class _Ids:
    """Hands out unique doc_ids: the first keeps the plain id, later ones get folder prefixes."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, base: str, prefixes: tuple[str, ...]) -> str:
        base = _UNSAFE_ID.sub("_", base).strip("_") or "doc"
        candidates = [base]
        for k in range(1, len(prefixes) + 1):
            candidates.append("-".join(prefixes[-k:] + (base,)))
        for candidate in candidates:
            if candidate not in self.used:
                self.used.add(candidate)
                return candidate
        n = 2
        while f"{candidates[-1]}-{n}" in self.used:
            n += 1
        self.used.add(f"{candidates[-1]}-{n}")
        return f"{candidates[-1]}-{n}"


# --------------------------------------------------------------------------- corpus

def read_corpus(
    path: str | os.PathLike[str], *, max_chars: int = DEFAULT_MAX_CHARS, language: str | None = "en"
) -> Iterator[Article | Skipped]:
    """Yield an `Article` or `Skipped` per file/record under `path` (a folder or one file), streaming.

    Raises CorpusError when `path` does not exist or holds no candidate file at all.
    `language=None` turns the language check off.
    """
    root = Path(path)
    if not os.path.lexists(root):
        raise CorpusError(f"corpus not found: {root} does not exist; pass a folder of articles or one article file")
    if not root.is_dir() and root.suffix.lower() not in READERS:
        raise CorpusError(
            f"cannot read {root}: unsupported file type {root.suffix or '(none)'}; "
            f"use one of {' '.join(EXTENSIONS)} or pass a folder"
        )
    if next(_walk(root), None) is None:
        raise CorpusError(f"no articles found in {root} (looked for {' '.join(EXTENSIONS)})")
    return _read(root, max_chars=max_chars, language=language)


def _read(root: Path, *, max_chars: int, language: str | None) -> Iterator[Article | Skipped]:
    ids = _Ids()
    for found in _walk(root):
        stem = Path(found.rel[-1]).stem if found.error == "" else found.rel[-1]
        folders = tuple(found.rel[:-1])
        if found.error:
            yield Skipped(ids.take(stem, folders), str(found.path), found.error)
            continue
        for item in _read_file(found.path, max_chars):
            if item.key:
                doc_id = ids.take(item.key, folders + (stem,))
            elif item.n:
                doc_id = ids.take(f"{stem}-{item.n}", folders)
            else:
                doc_id = ids.take(stem, folders)
            if isinstance(item, _Problem):
                yield Skipped(doc_id, item.path, item.reason)
            else:
                yield _finish(item, doc_id, max_chars=max_chars, language=language)


def _read_file(path: Path, max_chars: int) -> Iterator[_Draft | _Problem]:
    reader = READERS[path.suffix.lower()]
    try:
        yield from reader(path, max_chars)
    except _DecodeError as exc:
        yield _Problem(str(path), str(exc))
    except OSError as exc:
        yield _Problem(str(path), f"cannot read the file: {_one_line(exc)}")
    except (json.JSONDecodeError, csv.Error) as exc:
        yield _Problem(str(path), f"cannot parse {path.suffix} file: {_one_line(exc)}")


def _finish(draft: _Draft, doc_id: str, *, max_chars: int, language: str | None) -> Article | Skipped:
    """Checks, cleaning and title for one draft."""
    text = draft.text
    if not text.strip():
        return Skipped(doc_id, draft.path, "empty file" if not draft.n else "empty text")
    if len(text) > max_chars:
        return Skipped(doc_id, draft.path, _too_large(len(text), "characters", max_chars))
    clean_text = clean(text, markdown=draft.markdown)
    if not clean_text.strip():
        return Skipped(doc_id, draft.path, "only boilerplate, no article text")
    if language:
        problem = _language_problem(clean_text, language)
        if problem:
            return Skipped(doc_id, draft.path, problem)
    title = " ".join(draft.title.split()) or _guess_title(clean_text)
    return Article(
        doc_id=doc_id, path=draft.path, title=title, text=text, clean_text=clean_text,
        date=draft.date, source=draft.source, url=draft.url,
    )

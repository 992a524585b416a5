"""Bytes -> text: byte-order marks, UTF-8 with a few broken bytes, legacy code pages, binary files.

`decode` is for whole files (or records) already in memory; `sniff_encoding` picks the codec
for a record file that is streamed (CSV). Newlines are normalised like Python's text mode,
so offsets match `open(path).read()`. Bytes that are not text raise `DecodeError`, whose
message is the Skipped reason.
"""

from __future__ import annotations

import re

from analysis import lexicon

BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_NUL_SHARE = 0.01  # a stray NUL in an article is a broken byte; more make a binary file
_CONTROL_BYTES = bytes(sorted(set(range(0, 32)) - {9, 10, 12, 13, 27}))
_UNREADABLE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")  # controls (not whitespace), U+FFFD
_NON_ASCII = re.compile("[^\x00-\x7f\ufffd]")
LATIN_CODECS = lexicon.words("latin_codecs")
_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))
_SPARSE_HIGH_SHARE = 0.25


class DecodeError(Exception):
    """Bytes that are not text; the message is the Skipped reason."""


def decode(data: bytes) -> str:
    """Bytes -> text with newlines normalised; raises DecodeError with a Skipped reason."""
    text = _decode_bytes(data)
    if "\x00" in text:  # a stray NUL in good text is a broken byte like any other
        text = text.replace("\x00", "\ufffd")
    sample = text[:65536]
    unreadable = len(_UNREADABLE.findall(sample))
    if unreadable > max(8, len(sample) // 20):
        share = unreadable / len(sample)
        raise DecodeError(f"could not decode the text ({share:.0%} unreadable characters); re-save it as UTF-8")
    return text


def _decode_bytes(data: bytes) -> str:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            text = data[len(bom):].decode(encoding, errors="replace")
            return normalise_newlines(text)
    head = data[:8192]
    if head.count(b"\x00") > max(1, _NUL_SHARE * len(head)):
        raise DecodeError("binary file (not text): it contains NUL bytes")
    if head and len(head) - len(head.translate(None, _CONTROL_BYTES)) > 0.05 * len(head):
        raise DecodeError("binary file (not text): mostly control characters")
    try:
        return normalise_newlines(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8", errors="replace")
    invalid = replaced.count("\ufffd")
    if len(_NON_ASCII.findall(replaced)) >= invalid:
        # Good UTF-8 with a few broken bytes: keep it, broken bytes become U+FFFD.
        return normalise_newlines(replaced)
    return normalise_newlines(_decode_legacy(data))


def _decode_legacy(data: bytes) -> str:
    """Single-byte legacy text: Windows-1252 unless charset-normalizer is sure of a non-Latin code page."""
    from charset_normalizer import from_bytes

    sample = data[:65536]
    if _sparse_high_bytes(sample):
        # A few accented letters in ASCII words ("Café", "Müller") are Western text; charset
        # guessers pick Baltic or Central European pages for them ("Cafķ", "M³ller").
        text = _try_decode(data, "cp1252")
        if text is not None:
            return text
    best = from_bytes(sample).best()
    guess = best.encoding if best is not None else None
    if guess is not None and guess.lower().replace("-", "_") not in LATIN_CODECS:
        attempts = (guess, "cp1252")
    else:
        attempts = ("cp1252", guess)
    for encoding in attempts:
        text = _try_decode(data, encoding)
        if text is not None:
            return text
    raise DecodeError("could not decode the text (not UTF-8 or Windows-1252); re-save it as UTF-8")


def _try_decode(data: bytes, encoding: str | None) -> str | None:
    """`data` decoded strictly with `encoding`, or None when it fails (or there is no encoding)."""
    if encoding is None:
        return None
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _sparse_high_bytes(data: bytes) -> bool:
    """True when bytes >= 0x80 are a small share of the letters: accents in Latin-script words.

    Text in a non-Latin single-byte code page (Cyrillic, Greek, Arabic) is mostly high bytes.
    """
    high = len(data) - len(data.translate(None, bytes(range(128, 256))))
    letters = len(data) - len(data.translate(None, _ASCII_LETTERS))
    return high <= _SPARSE_HIGH_SHARE * (letters + high)


def normalise_newlines(text: str) -> str:
    """CRLF and CR -> LF, as Python's universal-newlines text mode does."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def sniff_encoding(head: bytes) -> tuple[str, int]:
    """Encoding for a streamed record file from its first bytes: (codec, BOM length)."""
    for bom, encoding in BOMS:
        if head.startswith(bom):
            return encoding, len(bom)
    if b"\x00" in head[:8192]:
        raise DecodeError("binary file (not text): it contains NUL bytes")
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

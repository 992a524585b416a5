"""On-disk cache of parses (and of what was extracted from them), keyed by text and model.

An entry is one file named by the SHA-256 of the model key and the article's text. It holds
the spaCy ``DocBin`` of the parse and, beside it, the records extracted from that parse under
a given extractor version, so that a re-run parses nothing and, while the extraction code is
unchanged, extracts nothing either. Each file starts with a magic string and the SHA-256 of
its payload: a corrupt or half-written entry fails the check, is removed and re-parsed.
Entries are written to a temporary name and renamed, so a killed run never leaves a torn one.
A cache that cannot be written (a full disk, a read-only folder) is a one-line warning, once:
the run goes on without caching, and the entries already there stay readable.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .files import atomic_write, storage_error

MAGIC = b"NEWSBRIEF-PARSE-2\n"
_DIGEST = 32
_LENGTH = 8


def default_cache_dir() -> Path:
    """``$NEWSBRIEF_CACHE`` if set, else the user's cache directory (XDG on Linux)."""
    from_env = os.environ.get("NEWSBRIEF_CACHE")
    if from_env:
        return Path(from_env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("newsbrief")) / "parses"


def text_key(model_key: str, text: str) -> str:
    """The cache key of *text* parsed by the model described by *model_key*."""
    digest = hashlib.sha256()
    digest.update(model_key.encode("utf-8"))
    digest.update(b"\0")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@dataclass(frozen=True)
class Entry:
    """What a cache file holds: the parse, and the records extracted under ``version``."""

    docbin: bytes
    version: str = ""
    records: Any = None


class ParseCache:
    """A folder of cache entries for one model; ``None`` directory means caching is off."""

    def __init__(self, directory: str | os.PathLike | None, model_key: str):
        self.model_key = model_key
        self.directory = Path(directory) / _safe_name(model_key) if directory else None

    def key(self, text: str) -> str:
        return text_key(self.model_key, text)

    def _path(self, key: str) -> Path:
        assert self.directory is not None
        return self.directory / key[:2] / f"{key}.bin"

    def get(self, key: str) -> Entry | None:
        """The entry for *key*, or None when absent, unreadable or corrupt (then removed)."""
        if self.directory is None:
            return None
        path = self._path(key)
        try:
            blob = path.read_bytes()
        except OSError:
            return None
        entry = _decode(blob, key)
        if entry is None:
            try:
                path.unlink()
            except OSError:
                pass
        return entry

    def put(self, key: str, entry: Entry) -> None:
        """Store *entry* atomically (temporary file, then rename); errors only disable caching."""
        if self.directory is None:
            return
        path = self._path(key)
        try:
            atomic_write(path, _encode(entry, key))
        except OSError as exc:
            # A read-only or full cache must not fail the analysis; the parse is simply not kept
            # (atomic_write left no half entry), and the user is told once.
            _warn_once(self.directory.parent, exc)


_WARNED: set[str] = set()  # cache folders this process has warned about (one line each)


def _warn_once(folder: Path, exc: OSError) -> None:
    """One line on stderr: the parse cache in *folder* cannot be written, the run goes on."""
    if str(folder) in _WARNED:
        return
    _WARNED.add(str(folder))
    kept = "the run goes on without caching new parses; the entries already there are intact"
    error = storage_error(exc, folder, kept=kept, elsewhere="pass --cache DIR or --no-cache")
    text = str(error) if error else f"cannot write the parse cache in {folder} ({exc}); {kept}"
    print(f"newsbrief: warning: {text}", file=sys.stderr, flush=True)


def _safe_name(model_key: str) -> str:
    return "".join(c if c.isalnum() or c in "-_.+" else "_" for c in model_key)


def _encode(entry: Entry, key: str) -> bytes:
    # Layout: MAGIC, SHA-256 of the rest, length of the JSON header, JSON header, DocBin bytes.
    # JSON (not pickle) so that a cache folder shared with others can never run code.
    header = json.dumps(
        {"key": key, "version": entry.version, "records": entry.records}, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")
    payload = len(header).to_bytes(_LENGTH, "big") + header + entry.docbin
    return MAGIC + hashlib.sha256(payload).digest() + payload


def _decode(blob: bytes, key: str) -> Entry | None:
    start = len(MAGIC) + _DIGEST
    if not blob.startswith(MAGIC) or len(blob) < start + _LENGTH:
        return None
    payload = memoryview(blob)[start:]
    if hashlib.sha256(payload).digest() != blob[len(MAGIC) : start]:
        return None
    size = int.from_bytes(payload[:_LENGTH], "big")
    try:
        header = json.loads(bytes(payload[_LENGTH : _LENGTH + size]).decode("utf-8"))
    except ValueError:  # a payload that hashes right but does not decode is still corrupt
        return None
    if not isinstance(header, dict) or header.get("key") != key:
        return None
    return Entry(
        docbin=bytes(payload[_LENGTH + size :]), version=header.get("version", ""), records=header.get("records")
    )

"""On-disk cache of parses (and of what was extracted from them), keyed by text and model.

An entry is one file named by the SHA-256 of the model key and the article's text. It holds
the spaCy ``DocBin`` of the parse and, beside it, the records extracted from that parse under
a given extractor version, so that a re-run parses nothing and, while the extraction code is
unchanged, extracts nothing either. Each file starts with a magic string and the SHA-256 of
its payload: a corrupt or half-written entry fails the check, is removed and re-parsed.
Entries are written to a temporary name and renamed, so a killed run never leaves a torn one.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import srsly

MAGIC = b"NEWSBRIEF-PARSE-1\n"
_DIGEST = 32


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
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(_encode(entry, key))
                os.replace(tmp, path)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
        except OSError:
            # A read-only or full cache must not fail the analysis; the parse is simply not kept.
            pass


def _safe_name(model_key: str) -> str:
    return "".join(c if c.isalnum() or c in "-_.+" else "_" for c in model_key)


def _encode(entry: Entry, key: str) -> bytes:
    payload = srsly.msgpack_dumps(
        {"key": key, "docbin": entry.docbin, "version": entry.version, "records": entry.records}
    )
    return MAGIC + hashlib.sha256(payload).digest() + payload


def _decode(blob: bytes, key: str) -> Entry | None:
    if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + _DIGEST:
        return None
    digest = blob[len(MAGIC) : len(MAGIC) + _DIGEST]
    payload = blob[len(MAGIC) + _DIGEST :]
    if hashlib.sha256(payload).digest() != digest:
        return None
    try:
        data = srsly.msgpack_loads(payload)
    except Exception:  # a payload that hashes right but does not decode is still corrupt
        return None
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    return Entry(docbin=data["docbin"], version=data.get("version", ""), records=data.get("records"))

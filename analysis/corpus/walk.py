"""Which files a corpus holds, in reading order, and the doc_id each article gets.

The walk is sorted and recursive; it skips hidden names and reports (rather than follows)
symlink loops and folders reached twice. Ids are file stems, made unique with folder names.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .readers import READERS
from .records import one_line

_UNSAFE_ID = re.compile(r"[^\w.\-]+")


@dataclass(frozen=True)
class Found:
    """A candidate file (or an unreadable folder, a loop: then `error` says why)."""

    path: Path
    rel: tuple[str, ...]  # path parts relative to the corpus root
    error: str = ""       # unreadable directory / broken link


def iter_files(path: str | os.PathLike[str]) -> Iterator[Path]:
    """The candidate files of a corpus, in reading order (what `read_corpus` will open)."""
    return (found.path for found in walk(Path(path)))


def walk(root: Path) -> Iterator[Found]:
    """Candidate files under `root`, sorted, recursive; skips hidden names and symlink loops."""
    if not root.is_dir():
        yield Found(root, (root.name,))
        return
    seen = {os.path.realpath(root)}
    yield from _walk_dir(root, (), seen)


def _walk_dir(directory: Path, rel: tuple[str, ...], seen: set[str]) -> Iterator[Found]:
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as exc:
        yield Found(directory, rel or (directory.name,), f"cannot read the folder: {one_line(exc)}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if _is_dir(entry):
            yield from _enter(directory, path, rel + (entry.name,), seen)
        elif path.suffix.lower() in READERS:
            yield Found(path, rel + (entry.name,))


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # follows symlinks
    except OSError:
        return False


def _enter(parent: Path, path: Path, rel: tuple[str, ...], seen: set[str]) -> Iterator[Found]:
    """Walk a subfolder, unless it was read already (a loop, or a second link to it)."""
    real = os.path.realpath(path)
    if real not in seen:
        seen.add(real)
        yield from _walk_dir(path, rel, seen)
        return
    # Listed, not dropped silently: the user sees why nothing was read there.
    here = os.path.realpath(parent)
    loop = here == real or here.startswith(real.rstrip(os.sep) + os.sep)
    shown = os.path.relpath(real)  # as the user would name it: no absolute path of this machine in a report
    why = (f"symlink loop: leads back to {shown}; not followed" if loop
           else f"folder already read as {shown}; not read twice")
    yield Found(path, rel, why)


class Ids:
    """Hands out unique doc_ids: the first keeps the plain id, later ones get folder prefixes."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, base: str, prefixes: tuple[str, ...]) -> str:
        """A doc_id for `base` not handed out before, prefixed with folders from `prefixes` if needed."""
        doc_id = self.peek(base, prefixes)
        self.used.add(doc_id)
        return doc_id

    def peek(self, base: str, prefixes: tuple[str, ...]) -> str:
        """The doc_id `take` would hand out now, without handing it out."""
        base = _UNSAFE_ID.sub("_", base).strip("_") or "doc"
        candidates = [base]
        for k in range(1, len(prefixes) + 1):
            candidates.append("-".join(prefixes[-k:] + (base,)))
        for candidate in candidates:
            if candidate not in self.used:
                return candidate
        n = 2
        while f"{candidates[-1]}-{n}" in self.used:
            n += 1
        return f"{candidates[-1]}-{n}"

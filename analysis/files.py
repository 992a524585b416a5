"""Writing files safely: atomic replacement, one writer per output folder, and failures of
the disk itself.

Every file newsbrief produces (tables, cache entries, figure data, HTML, PDF) goes through
``atomic_write``; every run that writes into an output folder holds ``exclusive_output``.
A disk that fills up or a folder that cannot be written becomes one ``StorageError`` naming the
folder (``storage_errors``), and ``previous_kept`` puts back the files a run had replaced before
it failed that way. This module imports nothing heavy, so parse workers can use it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import shutil
import tempfile
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .errors import NoSpaceError, NotWritableError, OutputBusyError, StorageError

LOCK_NAME = ".newsbrief.lock"
SNAPSHOT_PREFIX = ".newsbrief-previous-"
_NO_SPACE_ERRNOS = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
_NOT_WRITABLE_ERRNOS = (errno.EROFS, errno.EACCES, errno.EPERM)
# How libraries that do not raise OSError say it: DuckDB's IOException, and its OutOfMemory
# error when the disk it spills to is full (its temp folder may use "the available disk
# space"); Chromium's stderr.
_NO_SPACE_TEXTS = ("No space left on device", "Disk quota exceeded", "'max_temp_directory_size'")
_READ_ONLY_TEXT = "Read-only file system"
# DuckDB: Could not write file \"PATH\": ...; Chromium: Failed to write file PATH: ...; a Python
# OSError reported as text (from a notebook's cell): [Errno 28] No space left on device: 'PATH'
_FILE_IN_TEXT = re.compile(r'(?:write|open) file \\?"?([^"\\]+?)\\?"?(?::| \()|\[Errno \d+\] [^:\n]+: \'([^\'\n]+)\'')


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: str | os.PathLike, data: bytes | str | Callable[[str], None]) -> None:
    """Write *path* through a temporary file in the same folder, then rename it into place.

    *data* is the content (bytes or text, UTF-8) or a function that writes a given path.
    A reader never sees half a file, and an interrupted write leaves only the old one.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # the name is known before the file exists, so an interrupt at any point (even inside the
    # call that creates it: mkstemp can be interrupted after creating it) removes it below
    tmp = str(path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(fd, "wb") as handle:
            if not callable(data):
                handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        if callable(data):
            data(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes files private; outputs are for sharing
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise with_filename(exc, path)


def with_filename(exc: BaseException, path: str | os.PathLike) -> BaseException:
    """*exc* naming *path* if it is an OSError that names no file (pandas, pyarrow and plain
    writes say "No space left on device" without saying where); else *exc* itself."""
    if isinstance(exc, OSError) and exc.filename is None and exc.errno is not None:
        named = OSError(exc.errno, exc.strerror or str(exc), str(path))  # the errno's subclass
        named.__cause__ = exc
        return named
    return exc


_HELD_LOCKS: set[str] = set()


@contextlib.contextmanager
def exclusive_output(out_dir: str | os.PathLike):
    """Hold the lock of *out_dir* while writing into it; refuse at once if another run holds it.

    The lock is an OS file lock (released by the kernel if the process dies), so a crashed
    run never blocks the next one.
    """
    from filelock import FileLock, Timeout

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    key = os.path.realpath(out)
    if key in _HELD_LOCKS:  # this process holds it already (a run whose data folder is its --out)
        yield out
        return
    lock = FileLock(str(out / LOCK_NAME))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise OutputBusyError(
            f"another newsbrief run is writing to {out}; wait for it to finish or choose another --out"
        ) from None
    _HELD_LOCKS.add(key)
    try:
        yield out
    finally:
        _HELD_LOCKS.discard(key)
        lock.release()


# --------------------------------------------------------------------------------------------
# A full disk, a read-only folder
# --------------------------------------------------------------------------------------------
def _storage_kind(exc: BaseException) -> tuple[type[StorageError], str] | None:
    """(error class, reason) when *exc* says a disk is full or a folder cannot be written."""
    if isinstance(exc, StorageError) or not isinstance(exc, Exception):
        return None
    if isinstance(exc, OSError) and exc.errno is not None:
        if exc.errno in _NO_SPACE_ERRNOS:
            return NoSpaceError, os.strerror(exc.errno)
        if exc.errno in _NOT_WRITABLE_ERRNOS:
            return NotWritableError, os.strerror(exc.errno)
        return None
    text = str(exc)
    for marker in _NO_SPACE_TEXTS:
        if marker in text:
            return NoSpaceError, marker
    if _READ_ONLY_TEXT in text:
        return NotWritableError, _READ_ONLY_TEXT
    return None


def _failed_file(exc: BaseException) -> str | None:
    if isinstance(exc, OSError):
        return exc.filename if isinstance(exc.filename, str) else None
    match = _FILE_IN_TEXT.search(str(exc))
    return (match.group(1) or match.group(2)) if match else None


def _inside(path: str, folder: Path) -> bool:
    real, top = os.path.realpath(path), os.path.realpath(folder)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def _shown(folder: Path) -> Path:
    """*folder* as a user reads it: "../../tmp/x/data" (relative to the kernel's folder) as /tmp/x/data."""
    return Path(os.path.abspath(folder)) if folder.parts[:1] == ("..",) else folder


def storage_error(exc: BaseException, folder: str | os.PathLike, *, kept: str = "",
                  elsewhere: str = "choose another --out") -> StorageError | None:
    """*exc* as the one-line ``StorageError`` a user reads, or None when it is another failure.

    ENOSPC/EDQUOT (and DuckDB's or Chromium's "No space left on device") become
    ``NoSpaceError``; EROFS, and EACCES/EPERM on a path in *folder*, ``NotWritableError``.
    The folder named is *folder*, or the folder of the failed file when that lies elsewhere.
    *kept* says what the failed run left untouched; *elsewhere* the other way out.
    """
    kind = _storage_kind(exc)
    if kind is None:
        return None
    cls, reason = kind
    failed, folder = _failed_file(exc), Path(folder)
    if cls is NotWritableError and failed and not _inside(failed, folder) and getattr(exc, "errno", 0) != errno.EROFS:
        return None  # permission denied on a file the run only reads (a codebook, say)
    if failed and not _inside(failed, folder):
        folder = Path(failed).parent
    where = f" (writing {Path(failed).name})" if failed and not _inside(folder, Path(failed)) else ""
    tail = f"; {kept}" if kept else ""
    folder = _shown(folder)
    if cls is NoSpaceError:
        return NoSpaceError(f"no space left on device in {folder}{where}: free some space there or {elsewhere}{tail}")
    return NotWritableError(f"cannot write into {folder}{where}: {reason.lower()}; make it writable or "
                            f"{elsewhere}{tail}")


@contextlib.contextmanager
def storage_errors(folder: str | os.PathLike, *, kept: str = "", elsewhere: str = "choose another --out") -> Iterator[None]:
    """Turn a full disk or an unwritable folder met in the block into a ``StorageError``
    (see ``storage_error``); every other exception passes unchanged."""
    try:
        yield
    except Exception as exc:
        error = storage_error(exc, folder, kept=kept, elsewhere=elsewhere)
        if error is None:
            raise
        raise error from exc


def is_storage_failure(exc: BaseException) -> bool:
    """True when *exc* is, or says, that a disk is full or a folder cannot be written."""
    return isinstance(exc, StorageError) or _storage_kind(exc) is not None


def _visible_files(folder: Path) -> set[str]:
    """Names of the regular files in *folder* (not hidden: locks, staging, snapshots)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:  # not there (yet), or not a folder
        return set()
    return {e.name for e in entries if not e.name.startswith(".") and e.is_file(follow_symlinks=False)}


def _snapshot(folder: Path, names: Iterable[str] | None) -> Path | None:
    """A hidden folder in *folder* holding hard links of the files *names* (or all visible
    ones); None where the filesystem has no hard links (then nothing can be put back)."""
    for stale in folder.glob(SNAPSHOT_PREFIX + "*"):  # left by a run that was killed
        shutil.rmtree(stale, ignore_errors=True)
    present = _visible_files(folder)
    wanted = present if names is None else present & set(names)
    snap = Path(tempfile.mkdtemp(prefix=SNAPSHOT_PREFIX, dir=folder))
    try:
        for name in sorted(wanted):
            os.link(folder / name, snap / name)
    except OSError as exc:
        shutil.rmtree(snap, ignore_errors=True)
        if exc.errno in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            return None
        raise
    return snap


def _restore(folder: Path, names: tuple[str, ...] | None, snap: Path | None) -> bool:
    """Put the files of *snap* back into *folder* and remove what the run added; renames and
    removals only, so this works on a full disk. False if something could not be put back."""
    kept = _visible_files(snap) if snap is not None else set()
    current = _visible_files(folder) if names is None else set(names)
    ok = True
    for name in sorted(current | kept):
        try:
            if name in kept:
                os.replace(snap / name, folder / name)
            else:
                (folder / name).unlink(missing_ok=True)
        except OSError:
            ok = False
    return ok


@contextlib.contextmanager
def previous_kept(folder: str | os.PathLike, names: Iterable[str] | None = None) -> Iterator[None]:
    """Keep hard links of the files in *folder* that the block may replace (*names*, or every
    visible file); if the block fails because a disk is full or a folder cannot be written,
    put them back, byte for byte, and remove the files it added.

    Every writer replaces files by renaming (``atomic_write``), never in place, so a link keeps
    the previous content at no cost in space. A folder that does not exist yet has nothing to
    keep: its new files are removed. Other failures (a failing cell, an interrupt) leave the
    new complete files, as before.
    """
    folder = Path(folder)
    names = None if names is None else tuple(names)
    existed = folder.is_dir()
    snap = _snapshot(folder, names) if existed else None
    try:
        yield
    except BaseException as exc:
        if is_storage_failure(exc) and (snap is not None or not existed) and not _restore(folder, names, snap):
            snap = None  # something could not be put back: leave the links where a user can find them
        raise
    finally:
        if snap is not None:
            shutil.rmtree(snap, ignore_errors=True)

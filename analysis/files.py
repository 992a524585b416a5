"""Writing files safely: atomic replacement, and one writer per output folder.

Every file newsbrief produces (tables, cache entries, figure data, HTML, PDF) goes through
``atomic_write``; every run that writes into an output folder holds ``exclusive_output``.
This module imports nothing heavy, so parse workers can use it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Callable

from .errors import OutputBusyError

LOCK_NAME = ".newsbrief.lock"


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
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            if not callable(data):
                handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        if callable(data):
            data(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes files private; outputs are for sharing
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


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

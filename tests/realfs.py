"""Real filesystem failures for tests: a small tmpfs (full, or read-only), a folder an
unprivileged user cannot write. Nothing is mocked: the kernel says "no space left on device",
"read-only file system" or "permission denied". Each helper skips the test, with the reason,
where the means are missing (not root, no mount(8), no setpriv(1)).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
from pathlib import Path
from typing import Iterator

import pytest

PAGE = 4096  # tmpfs counts space in pages
NOBODY = 65534


def _root_or_skip(what: str) -> None:
    if os.geteuid() != 0:
        pytest.skip(f"{what} needs root (mount); run the suite as root to test it")
    if shutil.which("mount") is None or shutil.which("umount") is None:
        pytest.skip(f"{what} needs mount(8) and umount(8)")


@contextlib.contextmanager
def tmpfs(path: Path, size: int) -> Iterator[Path]:
    """A tmpfs of *size* bytes mounted at *path* (made if missing), unmounted afterwards."""
    _root_or_skip("a small tmpfs")
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(path)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def read_only(path: Path, *, bind: bool = False) -> None:
    """Make the mount at *path* read-only; with *bind*, first bind-mount *path* onto itself
    (so a folder inside a tmpfs becomes read-only on its own). Undone by unmounting."""
    if bind:
        subprocess.run(["mount", "--bind", str(path), str(path)], check=True)
    options = "remount,ro,bind" if bind else "remount,ro"
    subprocess.run(["mount", "-o", options, str(path)], check=True)


def free_bytes(path: Path) -> int:
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize


def fill(root: Path, leave: int) -> int:
    """Write a ballast file into the tmpfs at *root* so that *leave* bytes (rounded down to
    whole pages) stay free; returns what is left."""
    leave = leave // PAGE * PAGE
    size = free_bytes(root) - leave
    if size > 0:
        with open(root / "ballast", "wb", buffering=0) as handle:
            chunk = b"\0" * (1 << 20)
            while size > 0:
                size -= handle.write(chunk[: min(size, len(chunk))])
    return free_bytes(root)


def pages(path: Path) -> int:
    """Bytes the files under *path* (or the file) take on a tmpfs: whole pages."""
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(-(-p.stat().st_size // PAGE) * PAGE for p in files)


def digests(root: Path) -> dict[str, str]:
    """SHA-256 of every file under *root* (hidden ones too), by relative path."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()}


def as_nobody() -> list[str]:
    """The command prefix that runs a program as user nobody (skips where impossible)."""
    if os.geteuid() != 0:
        pytest.skip("running as another user needs root")
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("setpriv(1) not found: cannot run as an unprivileged user")
    return [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]


def world_readable_dir(prefix: str) -> Path:
    """A fresh folder under /tmp that user nobody can enter (pytest's tmp_path is private)."""
    import tempfile

    path = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))
    path.chmod(0o755)
    return path

"""What a re-used result is keyed on: digests of the code and data that shaped it.

Two things are re-used between runs: cached parses (``cache``) and, inside a cache entry or in
a folder of tables, the records extracted from a parse (``pipeline``). A parse depends on the
model and on our own pipeline component (``nlp``, which applies the paragraph rule of
``paragraphs``); the records depend on every module and word list of the package. Each key is
a digest of the files' contents, so an upgrade, a fix or a local edit is never answered with a
result the old code made.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterable

PACKAGE_DIR = Path(__file__).parent
# Files that shape a parse itself (our component runs inside the spaCy pipeline).
PARSE_MODULES = ("nlp.py", "paragraphs.py")
# Everything else the package ships that is not code or data (report templates shape the
# HTML, never the tables).
_NOT_ANALYSIS = ("templates",)
# Modules that only present the tables (the notebooks' calls, the rendering, the command line):
# editing one re-renders, it never re-analyses. None of them is imported by the analysis
# (tests/test_fingerprint.py checks it).
RENDER_MODULES = ("blocks.py", "briefing.py", "cli.py", "comparisons.py", "evidence.py", "findings.py", "gender.py",
                  "notebooks.py", "report.py")


def analysis_files(package_dir: Path = PACKAGE_DIR) -> list[Path]:
    """Every source and data file of the package that can change the tables, sorted."""
    found = []
    for path in sorted(package_dir.rglob("*")):
        rel = path.relative_to(package_dir)
        if not path.is_file() or "__pycache__" in rel.parts or rel.parts[0] in _NOT_ANALYSIS:
            continue
        if rel.as_posix() in RENDER_MODULES:
            continue
        if path.suffix in (".py", ".txt", ".json", ".yaml", ".yml", ".tsv", ".csv"):
            found.append(path)
    return found


def files_digest(paths: Iterable[Path], root: Path) -> str:
    """SHA-256 over the relative names and contents of *paths* (hex, 16 characters)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def code_digest(package_dir: Path = PACKAGE_DIR) -> str:
    """The digest of all the package's analysis code and word lists: the records' version."""
    from . import __version__

    return f"{__version__}-{files_digest(analysis_files(package_dir), package_dir)}"


def parse_code_digest(package_dir: Path = PACKAGE_DIR) -> str:
    """The digest of our code that runs inside the spaCy pipeline: part of every parse's key."""
    return files_digest([package_dir / name for name in PARSE_MODULES], package_dir)

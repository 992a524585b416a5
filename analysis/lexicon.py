"""Word lists as data: every lexicon the rules use lives in ``analysis/data/NAME.txt``.

A lexicon file starts with one or more ``#`` lines saying why the list exists and who uses
it; after that, blank lines and ``#`` comments are ignored. Three shapes are read:

- ``words(NAME)``: whitespace-separated words, any number per line (a frozenset);
- ``phrases(NAME)``: one entry per line, spaces kept ("according to");
- ``mapping(NAME)``: one ``key value`` pair per line (a dict), e.g. ``mrs f``.

The files are read once when a rule module is imported and kept as module constants there;
nothing here is mutable. A lexicon is found by its name alone, so ``grep -r WORD analysis/data``
answers "which list holds this word?".
"""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


def _lines(name: str) -> list[str]:
    path = DATA_DIR / f"{name}.txt"
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        known = ", ".join(sorted(p.stem for p in DATA_DIR.glob("*.txt")))
        raise KeyError(f"no lexicon {name!r} in {DATA_DIR}; known: {known}") from None
    if not raw.startswith("#"):
        raise ValueError(f"lexicon {path} must start with a '#' line saying why it exists")
    return [line.strip() for line in raw.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def words(name: str) -> frozenset[str]:
    """The words of lexicon *name*, whitespace-separated in the file."""
    return frozenset(word for line in _lines(name) for word in line.split())


def phrases(name: str) -> tuple[str, ...]:
    """The entries of lexicon *name*, one per line, in file order."""
    return tuple(" ".join(line.split()) for line in _lines(name))


def mapping(name: str) -> dict[str, str]:
    """The ``key value`` pairs of lexicon *name*, one per line."""
    pairs: dict[str, str] = {}
    for line in _lines(name):
        key, _, value = line.partition(" ")
        if not value.strip():
            raise ValueError(f"lexicon {name!r}: line {line!r} is not 'key value'")
        pairs[key] = value.strip()
    return pairs


def names() -> list[str]:
    """Every lexicon shipped with the package."""
    return sorted(p.stem for p in DATA_DIR.glob("*.txt"))

"""Phrase lists written in a small notation -> regular expressions.

Boilerplate phrases come in families ("story continues below the advertisement", "article
continues after ad" ...), so a data file line may use:

- ``(a|b)``: one of the alternatives (an alternative may hold spaces: ``(like|be interested in)``);
- ``[a|b]``: optionally one of them (``[also]`` for an optional word);
- ``...``: a gap of a few words (up to 60 characters, from word boundary to word boundary),
  ``...{40}`` up to 40 characters;
- anything else is a literal word; words are separated by one space.

Matching is case-insensitive; the caller decides where a phrase must stand (a whole line, the
start of a line).
"""

from __future__ import annotations

import re

from analysis import lexicon

_TOKEN = re.compile(r"\([^)]*\)|\[[^\]]*\]|\S+")
_GAP = re.compile(r"\.\.\.(?:\{(\d+)\})?")
_GAP_CHARS = 60


def phrase_regex(entry: str) -> str:
    """The regex source of one notation entry (no anchors, no flags)."""
    out = ""
    space_owed = False  # a word was written and the next one must follow a space
    for token in _TOKEN.findall(entry):
        gap = _GAP.fullmatch(token)
        if gap:
            out += rf"\b.{{0,{gap.group(1) or _GAP_CHARS}}}\b"
            space_owed = False
        elif token.startswith("["):
            # An optional word takes its space along: the one before it, or at the start the one after.
            out += f"(?: {_alternatives(token)})?" if space_owed else f"(?:{_alternatives(token)} )?"
        else:
            out += (" " if space_owed else "") + (_alternatives(token) if token.startswith("(") else re.escape(token))
            space_owed = True
    return out


def _alternatives(token: str) -> str:
    return "(?:" + "|".join(re.escape(a.strip()) for a in token[1:-1].split("|")) + ")"


def lexicon_regex(name: str) -> str:
    """An alternation of every entry of lexicon `name` (see the notation above)."""
    return "(?:" + "|".join(phrase_regex(entry) for entry in lexicon.phrases(name)) + ")"

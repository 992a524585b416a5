"""Word lists are data, in one place: analysis/data/*.txt, each saying why it exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from analysis import lexicon
from conftest import ROOT

# A literal collection of this many plain words in code is a word list that belongs in data/.
MAX_INLINE_WORDS = 8


@pytest.mark.parametrize("name", lexicon.names())
def test_every_lexicon_says_why_and_loads(name):
    text = (lexicon.DATA_DIR / f"{name}.txt").read_text(encoding="utf-8")
    why = [line for line in text.splitlines() if line.startswith("#")]
    assert why and len(" ".join(why)) > 30, f"{name}.txt must start with a line saying why it exists"
    assert lexicon.words(name), f"{name}.txt is empty"


def test_no_word_list_is_defined_twice():
    by_content: dict[frozenset, str] = {}
    for name in lexicon.names():
        words = lexicon.words(name)
        assert words not in by_content, f"{name}.txt repeats {by_content[words]}.txt"
        by_content[words] = name


def test_lexicon_shapes(tmp_path, monkeypatch):
    monkeypatch.setattr(lexicon, "DATA_DIR", tmp_path)
    (tmp_path / "cues.txt").write_text("# why: cues\naccording to\n\n# a comment\nin a statement\n", encoding="utf-8")
    (tmp_path / "genders.txt").write_text("# why: genders\nmrs f\nmr m\n", encoding="utf-8")
    (tmp_path / "bad.txt").write_text("no why line\n", encoding="utf-8")
    (tmp_path / "lonely.txt").write_text("# why: a key without a value\nlonely\n", encoding="utf-8")
    assert lexicon.phrases("cues") == ("according to", "in a statement")
    assert lexicon.words("cues") == frozenset({"according", "to", "in", "a", "statement"})
    assert lexicon.mapping("genders") == {"mrs": "f", "mr": "m"}
    with pytest.raises(ValueError, match="saying why"):
        lexicon.words("bad")
    with pytest.raises(KeyError, match="known: bad, cues, genders, lonely"):
        lexicon.words("missing")
    with pytest.raises(ValueError, match="not 'key value'"):
        lexicon.mapping("lonely")


def _word_count(node: ast.AST) -> int:
    """How many plain words a literal holds: a set/list/tuple/dict of strings, or "a b c".split()."""
    if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
        items = node.elts
    elif isinstance(node, ast.Dict):
        items = node.keys
    elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "split"
          and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str)):
        return len(node.func.value.value.split())
    else:
        return 0
    words = [i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)]
    return len(words) if len(words) == len(items) and all(w[:1].isalpha() and w.replace("-", "").isalpha() for w in words) else 0


# Sets of the model's own labels (dependencies, entity labels, tags) are code, not word lists.
_LABEL_SET = re.compile(r"_(DEPS|LABELS|TAGS)$")


def _label_sets(tree: ast.AST) -> set[int]:
    exempt = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and _LABEL_SET.search(t.id) for t in node.targets):
            exempt |= {id(n) for n in ast.walk(node.value)}
    return exempt


def test_no_word_list_is_written_inline_in_the_code():
    inline = []
    for path in sorted((ROOT / "analysis").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        exempt = _label_sets(tree)
        for node in ast.walk(tree):
            if id(node) not in exempt and _word_count(node) > MAX_INLINE_WORDS:
                inline.append(f"{path.relative_to(ROOT)}:{node.lineno} ({_word_count(node)} words)")
    assert not inline, "move these word lists to analysis/data/*.txt:\n" + "\n".join(inline)

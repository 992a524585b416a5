"""Every function in analysis/ is small enough to hold in one's head: radon cc <= 15."""

from __future__ import annotations

from pathlib import Path

import pytest

radon_complexity = pytest.importorskip("radon.complexity")

from conftest import ROOT  # noqa: E402

MAX_COMPLEXITY = 15


def _blocks():
    for path in sorted((ROOT / "analysis").rglob("*.py")):
        for block in radon_complexity.cc_visit(path.read_text(encoding="utf-8")):
            yield path.relative_to(ROOT), block
            for method in getattr(block, "methods", ()):
                yield path.relative_to(ROOT), method


def test_no_function_above_the_complexity_limit():
    too_complex = sorted({
        f"{path}:{block.lineno} {block.fullname} ({block.complexity})"
        for path, block in _blocks()
        if block.complexity > MAX_COMPLEXITY and not hasattr(block, "methods")  # classes: their methods count
    })
    assert not too_complex, "split these functions:\n" + "\n".join(too_complex)

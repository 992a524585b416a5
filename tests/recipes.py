"""Run the real notebook's section recipes in this process, over tables a test made.

``recipe_html(data, ["entities"], top_n=5)`` executes the set-up cell of
``notebooks/briefing.ipynb`` and the cells tagged ``section-entities`` (with ``every=True`` also
the untagged ones, as in ``notebooks/entities.ipynb``; with no sections, every code cell), with the parameters' defaults overridden by the keyword arguments, and ``data``
the test's ``briefing.Data``; it returns the HTML of what the cells display, as the report would
show it. The recipes tested are the ones in the notebook, not copies.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any, Sequence

import nbformat

from analysis.blocks import Section
from analysis.notebooks import SECTION_TAG
from analysis.parameters import defaults

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "briefing.ipynb"


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _cells(sections: Sequence[str] | None, every: bool) -> tuple[Any, list[Any]]:
    code = [c for c in nbformat.read(NOTEBOOK, as_version=4).cells
            if c.cell_type == "code" and "parameters" not in _tags(c)]
    setup, rest = code[0], code[1:]
    if sections is None:
        return setup, rest
    wanted = {SECTION_TAG + s for s in sections}
    return setup, [c for c in rest if wanted & set(_tags(c))
                   or (every and not any(t.startswith(SECTION_TAG) for t in _tags(c)))]


def _run(source: str, namespace: dict, shown: list) -> None:
    """Execute a cell as IPython does: the value of a last bare expression is displayed."""
    tree = ast.parse(source)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, "<cell>", "exec"), namespace)
    if last is not None:
        value = eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace)
        if value is not None:
            shown.append(value)


def _run_setup(source: str, namespace: dict, data) -> None:
    """The set-up cell with the test's tables: its statements up to ``data = ...`` run as
    written (imports, an empty load), then ``data`` is the test's, then the rest of the cell."""
    tree = ast.parse(source)
    at = next(i for i, node in enumerate(tree.body) if isinstance(node, ast.Assign)
              and any(isinstance(t, ast.Name) and t.id == "data" for t in node.targets))
    exec(compile(ast.Module(tree.body[:at + 1], []), "<setup>", "exec"), namespace)
    namespace["data"] = data
    exec(compile(ast.Module(tree.body[at + 1:], []), "<setup>", "exec"), namespace)


def recipe_output(data, sections: Sequence[str] | None = None, *, every: bool = False, **params: Any) -> list:
    """What the cells of *sections* display, in order (with ``every``, also the cells every
    notebook has: title, evidence, methods)."""
    shown: list = []
    namespace = {**defaults(), "corpus": None, "data_dir": str(data.data_dir), "figures_dir": None, **params,
                 "display": shown.append}
    setup, cells = _cells(sections, every)
    _run_setup(setup.source, namespace, data)
    for cell in cells:
        _run(cell.source, namespace, shown)
    return shown


def recipe_blocks(data, sections: Sequence[str] | None = None, **kw: Any) -> list:
    """The blocks (Table, Chart, Note, ...) the cells display, sections spliced open."""
    return [b for v in recipe_output(data, sections, **kw) for b in (v.blocks if isinstance(v, Section) else (v,))]


def recipe_html(data, sections: Sequence[str] | None = None, **kw: Any) -> str:
    """What the cells display, as the report's HTML."""
    return "".join(v._repr_html_() for v in recipe_output(data, sections, **kw))

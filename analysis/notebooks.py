"""The built-in notebooks: one briefing, and one-section notebooks made from its cells.

``notebooks/briefing.ipynb`` is the one a researcher edits. Its cells tagged ``section-NAME``
also make ``notebooks/NAME.ipynb`` (entities, quotes, actors), with the cells every notebook has
(set-up, title, evidence, methods: no section tag), so that no recipe is written twice. The
parameters cell of each notebook is written from ``analysis.parameters`` (types, defaults and help
are declared once there) for just the parameters its cells use.

    python -m analysis.notebooks          # re-make the parameters cells and the section notebooks
    python -m analysis.notebooks --check  # exit 1 if a committed notebook differs from what it would be
"""

from __future__ import annotations

import argparse
import ast
import copy
import sys
from pathlib import Path

import nbformat

from analysis.parameters import PARAMETERS

NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / "notebooks"
SECTION_TAG = "section-"
SECTION_NOTEBOOKS = {  # notebook name -> the section tag its cells carry, and the intro's name for it
    "entities": ("entities", "entities only"),
    "quotes": ("quotes", "quotes only"),
    "actors": ("actors", "actors only"),
}
PARAMETERS_HEADER = "# Parameters (papermill injects the values of `newsbrief run` after this cell)."


def _tags(cell: nbformat.NotebookNode) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def used_names(cells: list[nbformat.NotebookNode]) -> set[str]:
    """The names the code cells (other than the parameters cell) read or assign."""
    return {node.id for cell in cells if cell.cell_type == "code" and "parameters" not in _tags(cell)
            for node in ast.walk(ast.parse(cell.source)) if isinstance(node, ast.Name)}


def parameters_source(names: set[str]) -> str:
    """The parameters cell for *names*: one assignment per declared parameter they include, in the
    declared order, with its default and its help as the comment."""
    chosen = [p for p in PARAMETERS if p.name in names]
    width = max((len(p.name) for p in chosen), default=0)
    lines = [f"{p.name.ljust(width)} = {p.default!r}  # {p.help}" for p in chosen]
    return "\n".join([PARAMETERS_HEADER, *lines])


def with_parameters_cell(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """*nb* with its parameters cell re-written for the parameters its other cells use."""
    out = copy.deepcopy(nb)
    names = used_names(out.cells)
    for cell in out.cells:
        if cell.cell_type == "code" and "parameters" in _tags(cell):
            cell.source = parameters_source(names)
    return out


def section_notebook(briefing: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    """The notebook *name* made from the briefing: its section's cells and the untagged ones."""
    tag, title = SECTION_NOTEBOOKS[name]
    out = copy.deepcopy(briefing)
    cells = []
    for cell in out.cells:
        sections = [t[len(SECTION_TAG):] for t in _tags(cell) if t.startswith(SECTION_TAG)]
        if sections and tag not in sections:
            continue
        cells.append(cell)
    intro = cells[0]
    if "remove-cell" in _tags(intro):
        intro.source = (f"**newsbrief — {title}.** Made from `notebooks/briefing.ipynb` by `python -m analysis.notebooks`: "
                        "edit the briefing's cells tagged `section-" + tag + "`, then re-make this notebook.")
    out.cells = cells
    return with_parameters_cell(out)


def expected_notebooks(notebooks_dir: Path = NOTEBOOKS_DIR) -> dict[str, nbformat.NotebookNode]:
    """Every built-in notebook as it should be committed (name -> notebook)."""
    briefing = with_parameters_cell(nbformat.read(notebooks_dir / "briefing.ipynb", as_version=4))
    return {"briefing": briefing, **{name: section_notebook(briefing, name) for name in SECTION_NOTEBOOKS}}


def _comparable(nb: nbformat.NotebookNode) -> list[tuple]:
    return [(c.cell_type, c.source, tuple(_tags(c))) for c in nb.cells]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check; exit 1 if a notebook is out of date")
    args = parser.parse_args(argv)
    stale = []
    for name, nb in expected_notebooks().items():
        path = NOTEBOOKS_DIR / f"{name}.ipynb"
        current = nbformat.read(path, as_version=4) if path.exists() else None
        if current is not None and _comparable(current) == _comparable(nb):
            continue
        stale.append(path.name)
        if not args.check:
            nbformat.write(nb, path)
    if stale:
        print(("out of date: " if args.check else "re-made: ") + ", ".join(stale))
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())

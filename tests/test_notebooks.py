"""The built-in notebooks: recipes written once, parameters cells from analysis.parameters,
code hidden by cell tags; and the blocks a recipe shows."""

from __future__ import annotations

import nbformat
import pandas as pd
from matplotlib.figure import Figure

from analysis import blocks, notebooks
from analysis.notebooks import NOTEBOOKS_DIR, SECTION_NOTEBOOKS, SECTION_TAG


def test_the_committed_notebooks_are_the_ones_made_from_the_briefing():
    assert notebooks.main(["--check"]) == 0, "run: python -m analysis.notebooks"


def test_a_section_notebook_has_its_section_and_the_shared_cells_and_only_the_parameters_it_uses():
    briefing = nbformat.read(NOTEBOOKS_DIR / "briefing.ipynb", as_version=4)
    for name, (tag, _) in SECTION_NOTEBOOKS.items():
        nb = notebooks.section_notebook(briefing, name)
        tags = [set(c.metadata.get("tags", [])) for c in nb.cells]
        assert any(SECTION_TAG + tag in t for t in tags)
        assert all(not any(x.startswith(SECTION_TAG) for x in t) or SECTION_TAG + tag in t for t in tags)
        params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
        assigned = {line.split("=")[0].strip() for line in params.source.splitlines()[1:]}
        assert assigned == notebooks.used_names(nb.cells) & {p.name for p in notebooks.PARAMETERS}
    assert "source_balance" not in notebooks.section_notebook(briefing, "entities").cells[1].source


def test_every_code_cell_of_the_built_in_notebooks_hides_its_code_by_tag():
    for path in NOTEBOOKS_DIR.glob("*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                assert {"hide-input", "parameters"} & set(cell.metadata.get("tags", [])), (path.name, cell.source[:60])


def test_each_recipe_is_a_few_lines():
    nb = nbformat.read(NOTEBOOKS_DIR / "briefing.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" not in cell.metadata.get("tags", []):
            assert len(cell.source.splitlines()) <= 20, cell.source[:80]


def test_blocks_render_themselves_and_say_so_when_empty(tmp_path):
    fig = Figure()
    fig.subplots().plot([0, 1], [1, 0])
    df = pd.DataFrame({"name": ["<b>x</b>"], "n": [1]})
    chart = blocks.figure(fig, df, "demo", "A demo.", tmp_path)
    assert isinstance(chart, blocks.Chart) and chart.anchor == "fig-demo" and "figures/demo.csv" in chart.caption
    assert (tmp_path / "demo.csv").exists()
    assert isinstance(blocks.figure(None, df, "demo"), blocks.Note)
    assert blocks.table(df.iloc[:0], empty="Nothing here.").text == "Nothing here."
    section = blocks.show(chart, None, "", "A remark <i>.", [blocks.table(df, "T", anchor="tab-demo")])
    assert [type(b).__name__ for b in section.blocks] == ["Chart", "Note", "Table"]
    page = section._repr_html_()
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "A remark &lt;i&gt;." in page and 'id="tab-demo"' in page
    for block in section.blocks:
        assert block._repr_html_() == block.to_html()


def test_the_tables_and_findings_render_themselves_in_jupyterlab(tmp_path):
    from analysis import briefing
    from analysis.findings import Finding, Findings
    from analysis.tables import frame, write_table

    write_table(frame("articles", []), tmp_path, "articles")
    data = briefing.load_data(tmp_path)
    assert "articles" in data._repr_html_() and "read when first used" in data._repr_html_()
    data["articles"]
    assert "0 rows" in data._repr_html_()
    found = Findings((Finding("A <b> finding.", "tab-entities", 3),))
    assert found._repr_html_() == found.to_html() and "&lt;b&gt;" in found._repr_html_()

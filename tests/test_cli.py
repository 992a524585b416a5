"""End to end: the real ``newsbrief analyze`` command on the seed and on bad corpora."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import tables
from conftest import SEED, SEEDS, run_newsbrief

pytestmark = pytest.mark.model

BOILERPLATE = ["Advertisement", "Kremlin Threatens", "Other Topics", "Ctrl", "Enter", "ATACMS", "Kyiv",
               "suggest a correction", "RU foreign minister", "Palpable"]


@pytest.fixture(scope="module")
def seed_tables(tmp_path_factory):
    out = tmp_path_factory.mktemp("seed-tables")
    result = run_newsbrief("analyze", SEEDS, "--out", out, "--cache", out / "cache", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    for name in tables.TABLE_NAMES:
        assert str(out / f"{name}.csv") in result.stdout
        assert (out / f"{name}.parquet").exists()
    return {name: pd.read_csv(out / f"{name}.csv", keep_default_na=False) for name in tables.TABLE_NAMES}


def test_table_columns(seed_tables):
    for name, df in seed_tables.items():
        assert list(df.columns)[: len(tables.columns(name))] == tables.columns(name), name


def test_quotes_attributed_to_li_and_putin(seed_tables):
    quotes = seed_tables["quotes"]
    li = quotes[quotes.speaker == "Li Shangfu"]
    putin = quotes[quotes.speaker == "Vladimir Putin"]
    openings = {
        "We have very strong ties": "Li Shangfu",
        "already entered a new era": "Li Shangfu",
        "This is my first overseas visit": "Li Shangfu",
        "China was willing to work with Russia": "Li Shangfu",
        "We are also working actively": "Vladimir Putin",
        "This is, undoubtedly": "Vladimir Putin",
    }
    for fragment, speaker in openings.items():
        rows = quotes[quotes.text.str.contains(fragment, regex=False)]
        assert len(rows) == 1, fragment
        assert rows.speaker.iloc[0] == speaker, (fragment, rows.to_dict("records"))
    assert len(li) >= 4 and len(putin) >= 2
    pronoun_quotes = quotes[quotes.speaker_text.str.lower().isin(["he", "she"])]
    assert len(pronoun_quotes) >= 3 and (pronoun_quotes.speaker != "").all()
    assert set(quotes.kind) <= {"direct", "partial", "indirect"}
    assert {"direct", "partial", "indirect"} & set(quotes.kind) >= {"direct", "partial"}


def test_people_merged_once_each(seed_tables):
    entities = seed_tables["entities"]
    people = entities[entities.label == "PERSON"]
    for name in ("Li Shangfu", "Vladimir Putin", "Xi Jinping", "Sergei Shoigu"):
        assert (people.entity == name).sum() == 1, name
    assert not people.entity.isin(["Li", "Putin", "Xi", "Shoigu"]).any()
    assert int(people.set_index("entity").loc["Li Shangfu", "mentions"]) >= 4
    assert int(people.set_index("entity").loc["Vladimir Putin", "mentions"]) >= 4
    assert not ((entities.entity == "Kyiv") & (entities.label == "PERSON")).any()


def test_no_boilerplate_in_any_table(seed_tables):
    for name, df in seed_tables.items():
        if name == "articles":
            continue
        text = df.astype(str).to_csv()
        for phrase in BOILERPLATE:
            assert phrase not in text, (name, phrase)


def test_offsets_point_into_the_source(seed_tables):
    source = SEED.read_text(encoding="utf-8")
    for name in ("mentions", "quotes"):
        for row in seed_tables[name].itertuples():
            assert source[row.start_char : row.end_char] == row.text, (name, row)


def test_cooccurrence_is_canonical_and_unordered(seed_tables):
    edges = seed_tables["cooccurrence"]
    assert set(edges.window) == {"sentence", "paragraph", "article"}
    assert (edges.source < edges.target).all()
    assert not edges.duplicated(["source", "target", "window"]).any()
    names = set(edges.source) | set(edges.target)
    assert {"Li Shangfu", "Vladimir Putin"} <= names and not names & {"Li", "Putin"}
    pair = edges[(edges.source == "Li Shangfu") & (edges.target == "Vladimir Putin") & (edges.window == "article")]
    assert pair.weight.tolist() == [1] and pair.documents.tolist() == [1]


def test_bad_file_is_listed_and_the_rest_analysed(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (corpus / "empty.txt").write_text("")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 20)
    out = tmp_path / "out"
    result = run_newsbrief("analyze", corpus, "--out", out, "--no-cache", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    articles = pd.read_csv(out / "articles.csv", keep_default_na=False).set_index("doc_id")
    assert articles.loc["good", "status"] == "ok"
    for doc_id in ("empty", "binary"):
        assert articles.loc[doc_id, "status"] == "skipped"
        assert articles.loc[doc_id, "reason"]
    quotes = pd.read_csv(out / "quotes.csv", keep_default_na=False)
    assert set(quotes.doc_id) == {"good"}


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda tmp: tmp / "does-not-exist", "does not exist"),
        (lambda tmp: (tmp / "empty-dir").mkdir() or tmp / "empty-dir", "no articles found"),
    ],
)
def test_unusable_corpus_is_a_one_line_error(tmp_path, make, message):
    result = run_newsbrief("analyze", make(tmp_path), "--out", tmp_path / "out", "--no-cache")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in result.stderr


def test_corpus_of_only_bad_files_fails_but_lists_them(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("   \n")
    result = run_newsbrief("analyze", corpus, "--out", tmp_path / "out", "--no-cache")
    assert result.returncode != 0 and "no usable article" in result.stderr
    articles = pd.read_csv(tmp_path / "out" / "articles.csv", keep_default_na=False)
    assert articles.status.tolist() == ["skipped"]


def test_unknown_model_is_a_clear_error(tmp_path):
    result = run_newsbrief("analyze", SEEDS, "--out", tmp_path / "out", "--model", "xx_no_such_model")
    assert result.returncode != 0
    assert "xx_no_such_model" in result.stderr and "pip install" in result.stderr
    assert "Traceback" not in result.stderr


def test_max_chars_skips_long_articles_and_can_be_raised(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (corpus / "short.txt").write_text("Mayor Jane Holloway said the budget was fair.", encoding="utf-8")
    result = run_newsbrief("analyze", corpus, "--out", tmp_path / "a", "--no-cache", "--max-chars", "1000")
    assert result.returncode == 0, result.stderr
    articles = pd.read_csv(tmp_path / "a" / "articles.csv", keep_default_na=False).set_index("doc_id")
    assert articles.loc["seed", "status"] == "skipped" and "--max-chars" in articles.loc["seed", "reason"]
    assert articles.loc["short", "status"] == "ok"
    result = run_newsbrief("analyze", corpus, "--out", tmp_path / "b", "--no-cache", "--max-chars", "100000")
    articles = pd.read_csv(tmp_path / "b" / "articles.csv", keep_default_na=False).set_index("doc_id")
    assert (articles.status == "ok").all()


@pytest.mark.slow
def test_run_renders_a_researchers_own_notebook(tmp_path):
    """`newsbrief run --notebook PATH.ipynb` runs any notebook with a parameters cell."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("title = 'x'\ndata_dir = ''")
    params.metadata["tags"] = ["parameters"]
    body = nbformat.v4.new_code_cell(
        "from analysis.tables import load_table\n"
        "print('my section:', len(load_table(data_dir, 'quotes')), 'quotes')"
    )
    nb.cells = [nbformat.v4.new_markdown_cell("# My own section"), params, body]
    path = tmp_path / "my_section.ipynb"
    nbformat.write(nb, path)
    done = run_newsbrief("run", SEEDS, "--notebook", path, "--to", "html", "--out", tmp_path / "out",
                         "--no-cache", "--quiet")
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "out" / "my_section.html").read_text(encoding="utf-8")
    assert "My own section" in html and "my section: 6 quotes" in html
    missing = run_newsbrief("run", SEEDS, "--notebook", tmp_path / "nope.ipynb", "--out", tmp_path / "o2")
    assert missing.returncode != 0 and "give a path to an .ipynb" in missing.stderr

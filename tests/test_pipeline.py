"""The analysis run: local pool, Dask cluster and cache give the same tables; cache behaviour."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import files, pipeline, tables
from conftest import SEED

pytestmark = pytest.mark.model

ARTICLES = {
    "council.txt": (
        "City Council Approves Budget\n\n"
        "Mayor Jane Holloway said on Tuesday that the budget would protect libraries.\n\n"
        "\"We listened to residents,\" Holloway said. \"Nobody wanted cuts.\"\n\n"
        "Councillor Tom Reyes, who voted against it, said the plan relied on optimistic forecasts.\n\n"
        "Advertisement\n\n"
        "The Ontario government is expected to respond next week, according to a spokesperson."
    ),
    "summit.md": (
        "# Leaders Meet in Geneva\n\n"
        "German Chancellor Olaf Scholz met French President Emmanuel Macron in Geneva on Friday.\n\n"
        "\"Europe must stand together,\" Macron told reporters. Scholz added that talks would continue.\n"
    ),
}


def make_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    (corpus / "nested").mkdir(parents=True)
    shutil.copy(SEED, corpus / SEED.name)
    for name, text in ARTICLES.items():
        (corpus / "nested" / name).write_text(text, encoding="utf-8")
    return corpus


def load(out: Path) -> dict[str, pd.DataFrame]:
    return {name: tables.load_table(out, name) for name in tables.TABLE_NAMES}


def assert_same_tables(a: dict, b: dict) -> None:
    for name in tables.TABLE_NAMES:
        left = a[name].sort_values(list(a[name].columns)).reset_index(drop=True)
        right = b[name].sort_values(list(b[name].columns)).reset_index(drop=True)
        pd.testing.assert_frame_equal(left, right, obj=name)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    root = tmp_path_factory.mktemp("pipeline")
    corpus = make_corpus(root)
    summary = pipeline.analyze(str(corpus), str(root / "ref"), jobs=1, cache_dir=False)
    assert summary.n_ok == 3 and summary.n_skipped == 0
    return corpus, load(root / "ref")


def test_reference_tables_look_right(reference):
    _, ref = reference
    assert set(ref["articles"].doc_id) == {SEED.stem, "council", "summit"}
    quotes = ref["quotes"]
    assert "Jane Holloway" in set(quotes.speaker)
    assert "Emmanuel Macron" in set(quotes.speaker)
    assert not ref["mentions"].text.str.contains("Advertisement").any()


def test_two_processes_give_the_same_tables(reference, tmp_path):
    corpus, ref = reference
    pipeline.analyze(str(corpus), str(tmp_path / "out"), jobs=2, cache_dir=False, batch_size=1)
    assert_same_tables(ref, load(tmp_path / "out"))


def test_warm_run_parses_nothing_and_corrupt_entries_are_reparsed(reference, tmp_path, monkeypatch):
    corpus, ref = reference
    cache = tmp_path / "cache"
    pipeline.analyze(str(corpus), str(tmp_path / "cold"), jobs=1, cache_dir=cache)
    entries = sorted(cache.rglob("*.bin"))
    assert len(entries) == 3

    def no_model(*args, **kwargs):
        raise AssertionError("a warm run must not load the model")

    monkeypatch.setattr(pipeline, "load_model", no_model)
    pipeline.analyze(str(corpus), str(tmp_path / "warm"), jobs=1, cache_dir=cache)
    assert_same_tables(ref, load(tmp_path / "warm"))

    monkeypatch.undo()
    entries[0].write_bytes(entries[0].read_bytes()[:100])  # a torn entry
    pipeline.analyze(str(corpus), str(tmp_path / "repaired"), jobs=1, cache_dir=cache)
    assert_same_tables(ref, load(tmp_path / "repaired"))
    assert len(sorted(cache.rglob("*.bin"))) == 3


def test_ensure_analysis_reuses_matching_tables(reference, tmp_path):
    corpus, _ = reference
    out = tmp_path / "data"
    first = pipeline.ensure_analysis(str(corpus), str(out), jobs=1, cache_dir=False)
    assert first.seconds > 0
    again = pipeline.ensure_analysis(str(corpus), str(out), jobs=1, cache_dir=False)
    assert again.seconds == 0.0 and again.manifest["content"] == first.manifest["content"]
    changed = pipeline.ensure_analysis(str(corpus), str(out), labels=("PERSON",), jobs=1, cache_dir=False)
    assert changed.seconds > 0
    edges = tables.load_table(out, "cooccurrence")
    assert set(edges.source) | set(edges.target) <= set(
        tables.load_table(out, "entities").query("label == 'PERSON'").entity
    )


def test_the_same_corpus_named_from_another_folder_reuses_the_tables(reference, tmp_path, monkeypatch):
    corpus, _ = reference
    out = tmp_path / "data"
    assert pipeline.ensure_analysis(str(corpus), str(out), jobs=1, cache_dir=False).seconds > 0
    monkeypatch.chdir(corpus.parent)  # newsbrief run makes the corpus path relative to the working directory
    again = pipeline.ensure_analysis(corpus.name, str(out), jobs=1, cache_dir=False)
    assert again.seconds == 0.0


def test_a_changed_codebook_is_a_new_analysis_and_the_same_one_is_reused(reference, tmp_path):
    corpus, _ = reference
    out = tmp_path / "data"
    base = pipeline.ensure_analysis(str(corpus), str(out), jobs=1, cache_dir=tmp_path / "cache")
    person = tables.load_table(out, "actors").query("kind == 'person'").actor.iloc[0]
    codebook = tmp_path / "codebook.yaml"
    codebook.write_text(f"rename:\n  {person}: Person One\n", encoding="utf-8")
    coded = pipeline.ensure_analysis(str(corpus), str(out), jobs=1, cache_dir=tmp_path / "cache", codebook=codebook)
    assert coded.seconds > 0 and coded.manifest["actors"]["codebook"] != base.manifest["actors"]["codebook"]
    assert "Person One" in set(tables.load_table(out, "mentions").entity)
    same = pipeline.ensure_analysis(str(corpus), str(out), jobs=1, cache_dir=tmp_path / "cache", codebook=codebook)
    assert same.seconds == 0.0
    codebook.write_text(f"rename:\n  {person}: Person Two\n", encoding="utf-8")  # same path, new content
    again = pipeline.ensure_analysis(str(corpus), str(out), jobs=1, cache_dir=tmp_path / "cache", codebook=codebook)
    assert again.seconds > 0 and "Person Two" in set(tables.load_table(out, "mentions").entity)
    demonyms = pipeline.ensure_analysis(str(corpus), str(out), jobs=1, cache_dir=tmp_path / "cache", demonyms=True)
    assert demonyms.seconds > 0 and demonyms.manifest["actors"] == {"codebook": None, "demonyms": True}


def test_output_folder_holds_no_staging_leftovers(reference, tmp_path):
    corpus, _ = reference
    pipeline.analyze(str(corpus), str(tmp_path / "out"), jobs=1, cache_dir=False)
    names = {p.name for p in (tmp_path / "out").iterdir()} - {files.LOCK_NAME}
    assert names == {f"{n}.{ext}" for n in tables.TABLE_NAMES for ext in ("csv", "parquet")} | {"manifest.json"}


@pytest.mark.slow
def test_dask_cluster_gives_the_same_tables(reference, tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    corpus, ref = reference
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
    ) as cluster:
        pipeline.analyze(
            str(corpus), str(tmp_path / "dask"), cache_dir=False, scheduler=cluster.scheduler_address, batch_size=1
        )
    assert_same_tables(ref, load(tmp_path / "dask"))


def test_unreachable_scheduler_is_a_clear_error(reference, tmp_path, monkeypatch):
    corpus, _ = reference
    monkeypatch.setattr(pipeline, "DASK_CONNECT_TIMEOUT", "2s")
    with pytest.raises(pipeline.NewsbriefError, match="Dask scheduler"):
        pipeline.analyze(str(corpus), str(tmp_path / "x"), cache_dir=False, scheduler="tcp://127.0.0.1:9")


def test_second_writer_into_the_same_folder_is_refused(reference, tmp_path):
    corpus, _ = reference
    out = tmp_path / "out"
    out.mkdir()
    from filelock import FileLock

    with FileLock(str(out / files.LOCK_NAME)):  # as another process's run would hold it
        with pytest.raises(pipeline.NewsbriefError, match="another newsbrief run"):
            pipeline.analyze(str(corpus), str(out), jobs=1, cache_dir=False)
    pipeline.analyze(str(corpus), str(out), jobs=1, cache_dir=False)  # free again afterwards


def test_articles_with_the_same_text_keep_their_own_ids(tmp_path):
    """The parse cache is keyed by text: a story saved twice under two names must still give
    each file its own rows, on a cold run and on a warm one."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = ARTICLES["council.txt"]
    for name in ("a.txt", "b.txt", "c.txt"):
        (corpus / name).write_text(text, encoding="utf-8")
    cache = tmp_path / "cache"
    for run in ("cold", "warm"):
        # batch_size=1: every copy is its own batch, so later copies find the first one cached
        pipeline.analyze(str(corpus), str(tmp_path / run), jobs=1, cache_dir=str(cache), batch_size=1)
        mentions = tables.load_table(tmp_path / run, "mentions")
        quotes = tables.load_table(tmp_path / run, "quotes")
        per_doc = mentions.groupby("doc_id").size()
        assert sorted(per_doc.index) == ["a", "b", "c"] and per_doc.nunique() == 1, (run, per_doc)
        assert sorted(quotes.doc_id.unique()) == ["a", "b", "c"], run

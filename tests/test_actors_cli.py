"""End to end: corpus-wide actors, the codebook and `newsbrief actors`, with the real model and CLI.

The corpus is written here (invented articles): one party under its name, plural, adjective and
nickname; a country under three names; a surname alone in articles that never spell it out; an
article with a second person of that surname, where the bare surname must stay unjoined.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from conftest import run_newsbrief

pytestmark = pytest.mark.model

ARTICLES = {
    "a1.txt": "Tories attack budget\n\nThe Conservative Party said on Monday that Prime Minister Harriet Vance had "
              "broken her promise. Conservatives in the Commons voted against the plan. Harriet Vance said: "
              "\"We will not change course.\"\n",
    "a2.txt": "Vance defends plan\n\nVance told reporters the Tories were wrong. The Tory leader, Mark Pell, said "
              "Britain deserved better. Vance said the United Kingdom was growing.\n",
    "a3.txt": "Pell on tour\n\nMark Pell visited the UK border. \"The Conservatives will win,\" Pell said. Harriet "
              "Vance was in Leeds. Conservative activists cheered.\n",
    "a4.txt": "Two Vances\n\nHarriet Vance and her brother Tom Vance opened a school. Vance said it was a good day "
              "for the family. Tory members were not invited.\n",
    "a5.txt": "Vance abroad\n\nHarriet Vance flew to Paris. Vance met the French president and spoke of "
              "Britain. Mark Pell stayed home.\n",
    "a6.txt": "Vance again\n\nHarriet Vance spoke in York on Friday. The Tories said nothing.\n",
    "a7.txt": "Budget day\n\nThe chancellor praised Harriet Vance on Tuesday. Harriet Vance thanked her.\n",
    "a8.txt": "Schools\n\nTeachers wrote to Harriet Vance about pay. Harriet Vance replied on Wednesday.\n",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("actors-corpus")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def machine(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("actors-tables")
    result = run_newsbrief("analyze", corpus, "--out", out, "--cache", out / "cache", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    return out


def _read(out, name):
    return pd.read_csv(out / f"{name}.csv", keep_default_na=False)


def test_one_party_one_country_one_person_across_the_corpus(machine):
    actors = _read(machine, "actors").set_index("actor")
    party = [a for a in actors.index if "Conservative" in a]
    assert party == ["Conservative Party"], actors.index.tolist()
    assert {"Tories", "Conservatives"} <= set(actors.loc["Conservative Party", "aliases"].split("; "))
    country = [a for a in actors.index if a in {"Britain", "UK", "United Kingdom"}]
    assert len(country) == 1 and {"UK", "Britain", "United Kingdom"} <= set(actors.loc[country[0], "aliases"].split("; "))
    mentions = _read(machine, "mentions")
    assert "Tories" not in set(mentions.entity) and set(mentions.entity) & {"UK", "United Kingdom", "Britain"} == set(country)


def test_a_bare_surname_joins_except_where_the_article_names_another(machine):
    mentions = _read(machine, "mentions")
    bare = mentions[(mentions.text == "Vance")]
    by_doc = dict(zip(bare.doc_id, bare.entity))
    assert by_doc.get("a2") == "Harriet Vance"
    # Tom Vance is named in that article: the corpus's Harriet Vance is no evidence there
    assert by_doc.get("a4", "Vance") in {"Vance", "Tom Vance"}
    quotes = _read(machine, "quotes")
    assert set(quotes.speaker) <= set(_read(machine, "actors").actor) | {""}


def test_the_aliases_table_says_how_each_form_joined(machine):
    aliases = _read(machine, "aliases")
    rules = {(a, act): r for a, act, r in zip(aliases.alias, aliases.actor, aliases.rule)}
    assert rules[("United Kingdom", "Britain")] == rules[("UK", "Britain")] == "gazetteer"  # Britain: most mentioned
    assert rules[("Tories", "Conservative Party")] in {"nickname", "group_form"}


def test_newsbrief_actors_prints_pasteable_codebook_yaml(machine, tmp_path):
    result = run_newsbrief("actors", machine)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "merge:" in text and "Britain: [" in text
    import yaml

    parsed = yaml.safe_load(text)
    assert {"UK", "United Kingdom"} <= set(parsed["merge"]["Britain"])
    codebook = tmp_path / "pasted.yaml"
    codebook.write_text(text, encoding="utf-8")
    from analysis.actors.codebook import load_codebook

    assert load_codebook(codebook).merges  # what it prints, a codebook reads


def test_a_codebook_merges_renames_drops_and_splits_in_every_table(corpus, machine, tmp_path):
    codebook = tmp_path / "codebook.yaml"
    codebook.write_text(
        "merge:\n  Harriet Vance: [Tom Vance]\n"
        "rename:\n  Conservative Party: Conservatives (UK)\n"
        "drop: [Leeds]\n"
        "split:\n  - actor: Mark Pell\n    into: Pell (tour)\n    articles: [a3]\n",
        encoding="utf-8",
    )
    out = tmp_path / "tables"
    result = run_newsbrief("analyze", corpus, "--out", out, "--cache", machine / "cache", "--jobs", "1",
                           "--codebook", codebook)
    assert result.returncode == 0, result.stderr
    mentions = _read(out, "mentions")
    assert "Leeds" not in set(mentions.entity)
    assert "Conservatives (UK)" in set(mentions.entity) and "Conservative Party" not in set(mentions.entity)
    assert "Tom Vance" not in set(mentions.entity)
    assert set(mentions[mentions.text.str.endswith("Vance")].entity) <= {"Harriet Vance", "Vance"}
    pell = mentions[mentions.text.str.contains("Pell")]
    assert set(pell[pell.doc_id == "a3"].entity) == {"Pell (tour)"}
    assert set(pell[pell.doc_id != "a3"].entity) == {"Mark Pell"}
    quotes = _read(out, "quotes")
    assert "Pell (tour)" in set(quotes.speaker)
    edges = _read(out, "cooccurrence")
    assert "Leeds" not in set(edges.source) | set(edges.target)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["actor_settings"]["codebook"]["rules"] == 4
    assert manifest["actors"]["codebook"] == manifest["actor_settings"]["codebook"]["sha256"]


def test_a_bad_codebook_is_one_line_naming_the_line(corpus, machine, tmp_path):
    cases = {
        "unknown.yaml": ("merge:\n  Harriet Vance: [Vancee]\n", ":2: unknown actor 'Vancee'"),
        "loop.yaml": ("rename:\n  Mark Pell: Harriet Vance\n  Harriet Vance: Mark Pell\n", "loop"),
        "syntax.yaml": ("merge: [unclosed\n", "could not parse"),
        "tag.yaml": ("drop: !!python/object/apply:os.system [echo hi]\n", ":1"),
    }
    for name, (text, expected) in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        out = tmp_path / f"out-{name}"
        result = run_newsbrief("analyze", corpus, "--out", out, "--cache", machine / "cache", "--jobs", "1",
                               "--codebook", path, "--quiet")
        assert result.returncode == 1, (name, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and name in lines[0] and expected in lines[0], (name, lines)
        assert not (out / "mentions.csv").exists()

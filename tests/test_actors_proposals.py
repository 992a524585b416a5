"""What `newsbrief actors` prints: codebook YAML that the codebook reader accepts as it is."""

import pandas as pd

from analysis.actors.codebook import load_codebook
from analysis.actors.proposals import proposals
from analysis.safe_yaml import load

ALIASES = pd.DataFrame(
    [
        ("Tories", "NORP", "Conservative Party", "ORG", "organisation", "nickname", 231, 90),
        ("Tory", "NORP", "Conservative Party", "ORG", "organisation", "nickname", 258, 100),
        ("Conservative Party", "ORG", "Conservative Party", "ORG", "organisation", "", 18, 10),
        ("Blair", "PERSON", "Tony Blair", "PERSON", "person", "surname", 28, 18),
        ("Tony Blair", "PERSON", "Tony Blair", "PERSON", "person", "", 540, 157),
        ("Campbell", "ORG", "Campbell", "PERSON", "person", "surname_label", 27, 6),
        ("today", "DATE", "Today", "DATE", "other", "spelling", 26, 20),
        ("Mr: Odd [name]", "PERSON", "O'Brien & Co", "ORG", "organisation", "abbreviation", 2, 1),
    ],
    columns=["alias", "alias_label", "actor", "label", "kind", "rule", "mentions", "documents"],
)
CANDIDATES = pd.DataFrame(
    [("Forsyth", "PERSON", "Frederick Forsyth", "PERSON", "surname", "Frederick Forsyth is in 1 of the 3 articles", 25, 10)],
    columns=["alias", "label", "candidate", "candidate_label", "rule", "evidence", "alias_mentions", "candidate_mentions"],
)


def test_merges_relabels_and_candidates_in_order():
    text = proposals(ALIASES, CANDIDATES, source="reports/data")
    lines = text.splitlines()
    merges = [line for line in lines if line.startswith("  ")]
    assert merges[0].startswith("  Conservative Party: [Tory, Tories]")  # most mentioned first
    assert "Tory nickname 258" in merges[0]
    assert not any("Today" in line for line in merges)  # dates, numbers: not actors
    assert "#   Campbell: PERSON  # surname_label: was ORG in 27 mentions" in lines
    assert any(line.startswith("#   Frederick Forsyth: [Forsyth]  # surname:") for line in lines)


def test_the_printout_is_a_codebook_and_uncommented_candidates_are_too(tmp_path):
    text = proposals(ALIASES, CANDIDATES, source="reports/data")
    data, _ = load(text)
    assert data["merge"]["Tony Blair"] == ["Blair"]
    assert data["merge"]["O'Brien & Co"] == ["Mr: Odd [name]"]  # odd names are quoted
    path = tmp_path / "codebook.yaml"
    path.write_text(text, encoding="utf-8")
    assert [(m.name, m.into) for m in load_codebook(path).merges] == [
        ("Tory", "Conservative Party"), ("Tories", "Conservative Party"), ("Blair", "Tony Blair"),
        ("Mr: Odd [name]", "O'Brien & Co")]
    candidate = next(line for line in text.splitlines() if line.startswith("#   Frederick"))
    path.write_text("merge:\n" + candidate[1:] + "\n", encoding="utf-8")  # uncommented, it is a merge
    assert load_codebook(path).merges[0].into == "Frederick Forsyth"


def test_top_limits_each_section():
    text = proposals(ALIASES, CANDIDATES, source="x", top=1)
    assert sum(1 for line in text.splitlines() if line.startswith("  ") and ": [" in line) == 1

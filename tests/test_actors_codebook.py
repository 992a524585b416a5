"""analysis.actors.codebook: reading, checking and applying a researcher's codebook (tables of cases)."""

from __future__ import annotations

import hashlib
import textwrap

import pandas as pd
import pytest

from analysis.actors import codebook as C
from analysis.actors import recode as R
from analysis.actors.codebook import CodebookError
from analysis.errors import NewsbriefError
from analysis.paragraphs import paragraph_spans

# entity, label, actor, actor_label, kind, rule, mentions, documents
ROWS = [
    ("Conservative Party", "ORG", "Conservative Party", "ORG", "organisation", "", 50, 30),
    ("Conservatives", "NORP", "Conservatives", "NORP", "group", "", 40, 20),
    ("Tories", "NORP", "Tory", "NORP", "group", "plural", 30, 15),
    ("Tory", "NORP", "Tory", "NORP", "group", "", 35, 18),
    ("Lib Dems", "PERSON", "Lib Dems", "PERSON", "person", "", 70, 40),
    ("Liberal Democrats", "ORG", "Liberal Democrats", "ORG", "organisation", "", 20, 12),
    ("Clinton", "PERSON", "Clinton", "PERSON", "person", "", 12, 5),
    ("Bill Clinton", "PERSON", "Bill Clinton", "PERSON", "person", "", 8, 4),
    ("Blair", "PERSON", "Tony Blair", "PERSON", "person", "surname", 90, 60),
    ("Tony Blair", "PERSON", "Tony Blair", "PERSON", "person", "", 80, 55),
    ("BBC news", "ORG", "BBC news", "ORG", "organisation", "", 3, 3),
    ("Getty Images", "ORG", "Getty Images", "ORG", "organisation", "", 9, 9),
    ("Washington", "GPE", "Washington, D.C.", "GPE", "place", "capital", 15, 10),
    ("Washington", "PERSON", "George Washington", "PERSON", "person", "surname", 2, 2),
    ("George Washington", "PERSON", "George Washington", "PERSON", "person", "", 4, 3),
]


@pytest.fixture
def aliases() -> pd.DataFrame:
    return pd.DataFrame(ROWS, columns=list(R.ALIAS_COLUMNS))


def _write(tmp_path, text: str):
    path = tmp_path / "codebook.yaml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def _changes(before: pd.DataFrame, after: pd.DataFrame) -> dict[tuple[str, str], tuple]:
    """{(entity, label): (actor, actor_label, kind, rule)} of the rows the codebook changed."""
    cols = ["actor", "actor_label", "kind", "rule"]
    out = {}
    for (_, b), (_, a) in zip(before.iterrows(), after.iterrows()):
        if tuple(b[cols]) != tuple(a[cols]):
            out[(a["entity"], a["label"])] = tuple(a[cols])
    return out


# ---------------------------------------------------------------- reading


def test_the_docstring_example_reads_with_lines_and_digest(tmp_path):
    path = _write(tmp_path, """
        # applied after the machine's merges, in this order: split, merge, rename, relabel, drop
        merge:
          Conservative Party: [Tories, Tory, Conservatives]   # actor: names joined into it
        rename:
          Lib Dems: Liberal Democrats
        relabel:
          Lib Dem: organisation        # a kind or a spaCy label
        split:
          - actor: Clinton
            into: Bill Clinton
            articles: [politics/012.txt]       # doc_ids
          - actor: Clinton
            into: Bill Clinton
            words: [Bill, Former  President]    # a word or phrase in the mention's paragraph
        drop: [Getty Images, BBC News Online]
    """)
    cb = C.load_codebook(path)
    assert cb.path == str(path) and cb.digest == hashlib.sha256(path.read_bytes()).hexdigest()
    assert cb.merges == (C.Merge("Tories", "Conservative Party", 3), C.Merge("Tory", "Conservative Party", 3),
                         C.Merge("Conservatives", "Conservative Party", 3))
    assert cb.renames == (C.Rename("Lib Dems", "Liberal Democrats", 5),)
    assert cb.relabels == (C.Relabel("Lib Dem", "organisation", "ORG", 7),)
    assert cb.splits == (C.Split("Clinton", "Bill Clinton", ("politics/012.txt",), (), 9),
                         C.Split("Clinton", "Bill Clinton", (), ("bill", "former president"), 12))
    assert cb.drops == (C.Drop("Getty Images", 15), C.Drop("BBC News Online", 15))
    assert cb.context_words == ("bill", "former president")


def test_block_lists_give_each_name_its_line_and_an_empty_file_is_an_empty_codebook(tmp_path):
    cb = C.load_codebook(_write(tmp_path, """
        merge:
          Conservative Party:
            - Tories
            - Tory
        drop:
          - Getty Images
    """))
    assert [(m.name, m.line) for m in cb.merges] == [("Tories", 3), ("Tory", 4)]
    assert cb.drops == (C.Drop("Getty Images", 6),)
    empty = C.load_codebook(_write(tmp_path, "# nothing yet\n"))
    assert (empty.merges, empty.drops, empty.context_words) == ((), (), ())


@pytest.mark.parametrize("value, kind, label", [
    ("organisation", "organisation", "ORG"), ("Organization", "organisation", "ORG"),
    ("person", "person", "PERSON"), ("place", "place", "GPE"), ("group", "group", "NORP"),
    ("ORG", "organisation", "ORG"), ("gpe", "place", "GPE"), ("LOC", "place", "LOC"), ("FAC", "place", "FAC"),
    ("NORP", "group", "NORP"), ("WORK_OF_ART", "other", "WORK_OF_ART"), ("party", None, None),
    ("DATE", None, None),
])
def test_kind_and_label(value, kind, label):
    assert C.kind_and_label(value) == (None if kind is None else (kind, label))


@pytest.mark.parametrize("text, line, fragment", [
    # YAML problems come through safe_yaml with their line
    ("merge:\n  A: [B\ndrop: [C]\n", 3, "could not parse"),
    ("merge:\n  A: !!python/object/apply:os.system [x]\n", 2, "tag"),
    ("a: &x [B]\nmerge:\n  A: *x\n", 1, "anchor '&x' is not allowed"),
    ("drop: [A]\ndrop: [B]\n", 2, "key 'drop' is given twice"),
    # shape
    ("- merge\n", 1, "a codebook must be a mapping"),
    ("merge:\n  A: [B]\nmerges:\n  C: [D]\n", 3, "unknown section 'merges'; did you mean 'merge'?"),
    ("merge: [A, B]\n", 1, "merge must be a mapping"),
    ("merge:\n  A: []\n", 2, "the list is empty"),
    ("merge:\n  A: [B, '  ']\n", 2, "is empty"),
    ("merge:\n  A:\n    - B\n    - {C: D}\n", 4, "must be text, got dict"),
    ("rename:\n  A: [B]\n", 2, "the new name of 'A' must be text, got list"),
    ("drop:\n  - A\n  - yes\n", 3, "must be text, got yes/no (quote it)"),
    ("relabel:\n  A: party\n", 2, "relabel 'A': unknown kind 'party'"),
    ("split: {actor: A}\n", 1, "split must be a list"),
    ("split:\n  - actor: A\n    into: B\n    article: [x]\n", 4, "unknown key 'article'"),
    ("split:\n  - actor: A\n    articles: [x]\n", 2, "'into' is missing"),
    ("split:\n  - actor: A\n    into: B\n", 2, "give either 'articles' or 'words'"),
    ("split:\n  - actor: A\n    into: B\n    articles: [x]\n    words: [y]\n", 2, "give either"),
    ("split:\n  - actor: A\n    into: a\n    words: [y]\n", 2, "split into itself"),
    ("split:\n  - actor: A\n    into: B\n    words: []\n", 4, "the list is empty"),
    # loops and conflicts: the later line is named
    ("merge:\n  A: [A]\n", 2, "merges 'A' into itself"),
    ("merge:\n  A: [B]\n  B: [A]\n", 3, "merge loop: A -> B -> A"),
    ("merge:\n  A: [B]\n  C: [A]\n  B: [C]\n", 4, "merge loop: C -> B -> A -> C"),
    ("merge:\n  A: [B]\n  b: [a]\n", 3, "merge loop"),
    ("merge:\n  A: [X]\n  B: [x]\n", 3, "'x' is merged into two actors: 'B' here and another on line 2"),
    ("rename:\n  A: B\n  B: A\n", 3, "rename loop: B -> A -> B"),
    ("rename:\n  A: A\n", 2, "renames 'A' into itself"),
    ("merge:\n  A: [B]\nrename:\n  B: C\n", 4, "'B' is merged away on line 2"),
    ("merge:\n  A: [B]\nrelabel:\n  b: person\n", 4, "merged or renamed away on line 2; relabel"),
    ("rename:\n  A: B\ndrop: [A]\n", 3, "merged or renamed away on line 2; drop"),
    ("merge:\n  A: [B]\ndrop: [A]\n", 3, "'A' is dropped here but kept by the rule on line 2"),
    ("relabel:\n  A: person\ndrop: [A]\n", 3, "kept by the rule on line 2"),
    ("relabel:\n  A: person\n  a: place\n", 3, "'a' is relabelled place here and person on line 2"),
])
def test_bad_codebooks_are_one_line_errors_naming_the_line(tmp_path, text, line, fragment):
    path = _write(tmp_path, text)
    with pytest.raises(CodebookError) as err:
        C.load_codebook(path)
    message = str(err.value)
    assert message.startswith(f"{path}:{line}: "), message
    assert fragment in message and "\n" not in message
    assert isinstance(err.value, ValueError) and isinstance(err.value, NewsbriefError)


def test_case_fix_rename_and_rename_chains_are_not_loops(tmp_path):
    cb = C.load_codebook(_write(tmp_path, "rename:\n  BBC news: BBC News\n  A: B\n  B: C\n"))
    assert [(r.name, r.to) for r in cb.renames] == [("BBC news", "BBC News"), ("A", "B"), ("B", "C")]


def test_missing_unreadable_and_huge_codebooks(tmp_path):
    with pytest.raises(CodebookError, match=r"missing\.yaml: codebook not found"):
        C.load_codebook(tmp_path / "missing.yaml")
    with pytest.raises(CodebookError, match=r"codebook cannot be read"):
        C.load_codebook(tmp_path)  # a folder
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)
    with pytest.raises(CodebookError, match=r"big\.yaml:1: file of 104,857,600 bytes is larger"):
        C.load_codebook(big)


# ---------------------------------------------------------------- applying: one table of cases per op


def _apply(aliases, text: str, tmp_path) -> pd.DataFrame:
    return R.apply_codebook(aliases, C.load_codebook(_write(tmp_path, text)))


ORG, NORP, PER = ("ORG", "organisation"), ("NORP", "group"), ("PERSON", "person")


@pytest.mark.parametrize("text, changes", [
    # merge: every actor named joins the target actor, with all its forms; the target keeps its label
    ("merge:\n  Conservative Party: [Tories, Conservatives]\n", {
        ("Tories", "NORP"): ("Conservative Party", *ORG, "codebook: merge (line 2)"),
        ("Tory", "NORP"): ("Conservative Party", *ORG, "codebook: merge (line 2)"),
        ("Conservatives", "NORP"): ("Conservative Party", *ORG, "codebook: merge (line 2)")}),
    # names are matched exactly, then in any case; a form stands for its actor (target too)
    ("merge:\n  conservative party:\n    - tory\n", {
        ("Tories", "NORP"): ("Conservative Party", *ORG, "codebook: merge (line 3)"),
        ("Tory", "NORP"): ("Conservative Party", *ORG, "codebook: merge (line 3)")}),
    ("merge:\n  Blair: [Tory]\n", {
        ("Tories", "NORP"): ("Tony Blair", *PER, "codebook: merge (line 2)"),
        ("Tory", "NORP"): ("Tony Blair", *PER, "codebook: merge (line 2)")}),
    # a new target: named as written, labelled like the largest actor merged into it
    ("merge:\n  The Tories: [Tory, Conservatives]\n", {
        ("Tories", "NORP"): ("The Tories", *NORP, "codebook: merge (line 2)"),
        ("Tory", "NORP"): ("The Tories", *NORP, "codebook: merge (line 2)"),
        ("Conservatives", "NORP"): ("The Tories", *NORP, "codebook: merge (line 2)")}),
    # chains resolve, through an existing or a new name; each row names the rule that moved its actor
    ("merge:\n  Conservatives: [Tory]\n  Conservative Party: [Conservatives]\n", {
        ("Tories", "NORP"): ("Conservative Party", *ORG, "codebook: merge (line 2)"),
        ("Tory", "NORP"): ("Conservative Party", *ORG, "codebook: merge (line 2)"),
        ("Conservatives", "NORP"): ("Conservative Party", *ORG, "codebook: merge (line 3)")}),
    ("merge:\n  Blue: [Tory]\n  Conservative Party: [Blue]\n", {
        ("Tories", "NORP"): ("Conservative Party", *ORG, "codebook: merge (line 2)"),
        ("Tory", "NORP"): ("Conservative Party", *ORG, "codebook: merge (line 2)")}),
    # already one actor: nothing changes
    ("merge:\n  Tony Blair: [Blair]\n", {}),
])
def test_merge(aliases, tmp_path, text, changes):
    after = _apply(aliases, text, tmp_path)
    assert list(after.columns) == list(R.ALIAS_COLUMNS) and len(after) == len(aliases)
    assert _changes(aliases, after) == changes
    assert aliases.equals(pd.DataFrame(ROWS, columns=list(R.ALIAS_COLUMNS)))  # pure: the input is untouched


@pytest.mark.parametrize("text, changes", [
    ("rename:\n  Tony Blair: Anthony Blair\n", {
        ("Blair", "PERSON"): ("Anthony Blair", *PER, "codebook: rename (line 2)"),
        ("Tony Blair", "PERSON"): ("Anthony Blair", *PER, "codebook: rename (line 2)")}),
    ("rename:\n  BBC news: BBC News\n", {("BBC news", "ORG"): ("BBC News", *ORG, "codebook: rename (line 2)")}),
    # by a form, in any case
    ("rename:\n  blair: Anthony Blair\n", {
        ("Blair", "PERSON"): ("Anthony Blair", *PER, "codebook: rename (line 2)"),
        ("Tony Blair", "PERSON"): ("Anthony Blair", *PER, "codebook: rename (line 2)")}),
    # into another actor's name: joins it, taking its label
    ("rename:\n  Lib Dems: Liberal Democrats\n", {
        ("Lib Dems", "PERSON"): ("Liberal Democrats", *ORG, "codebook: rename (line 2)")}),
    # a chain through a new name
    ("rename:\n  Getty Images: Getty\n  Getty: Getty Images Ltd\n", {
        ("Getty Images", "ORG"): ("Getty Images Ltd", *ORG, "codebook: rename (line 2)")}),
])
def test_rename(aliases, tmp_path, text, changes):
    assert _changes(aliases, _apply(aliases, text, tmp_path)) == changes


@pytest.mark.parametrize("text, changes", [
    ("relabel:\n  Lib Dems: organisation\n", {
        ("Lib Dems", "PERSON"): ("Lib Dems", *ORG, "codebook: relabel (line 2)")}),
    ("relabel:\n  tories: ORG\n", {
        ("Tories", "NORP"): ("Tory", *ORG, "codebook: relabel (line 2)"),
        ("Tory", "NORP"): ("Tory", *ORG, "codebook: relabel (line 2)")}),
    ("relabel:\n  Getty Images: LOC\n", {("Getty Images", "ORG"): ("Getty Images", "LOC", "place",
                                                                   "codebook: relabel (line 2)")}),
    ("relabel:\n  Getty Images: ORG\n", {}),  # no change, no rule
])
def test_relabel(aliases, tmp_path, text, changes):
    assert _changes(aliases, _apply(aliases, text, tmp_path)) == changes


@pytest.mark.parametrize("text, changes", [
    ("drop: [Getty Images]\n", {("Getty Images", "ORG"): ("", *ORG, "codebook: drop (line 1)")}),
    ("drop:\n  - BBC News\n  - blair\n", {
        ("BBC news", "ORG"): ("", *ORG, "codebook: drop (line 2)"),
        ("Blair", "PERSON"): ("", *PER, "codebook: drop (line 3)"),
        ("Tony Blair", "PERSON"): ("", *PER, "codebook: drop (line 3)")}),
])
def test_drop(aliases, tmp_path, text, changes):
    assert _changes(aliases, _apply(aliases, text, tmp_path)) == changes


def test_operations_run_in_order_merge_rename_relabel_drop(aliases, tmp_path):
    # written in reverse order in the file; still merge -> rename -> relabel -> drop
    after = _apply(aliases, """
        drop: [Getty Images]
        relabel:
          The Conservatives: organisation
        rename:
          Tory: The Conservatives
        merge:
          Tory: [Conservatives]
    """, tmp_path)
    assert [op for op, _ in R.OPERATIONS] == ["merge", "rename", "relabel", "drop"]
    assert _changes(aliases, after) == {
        ("Conservatives", "NORP"): ("The Conservatives", *ORG, "codebook: relabel (line 3)"),
        ("Tories", "NORP"): ("The Conservatives", *ORG, "codebook: relabel (line 3)"),
        ("Tory", "NORP"): ("The Conservatives", *ORG, "codebook: relabel (line 3)"),
        ("Getty Images", "ORG"): ("", *ORG, "codebook: drop (line 1)"),
    }


def test_a_form_of_a_merged_actor_names_the_joined_actor_later(aliases, tmp_path):
    after = _apply(aliases, "merge:\n  Conservative Party: [Tory]\nrelabel:\n  Tories: group\n", tmp_path)
    assert set(after.loc[after["actor"] == "Conservative Party", "kind"]) == {"group"}


@pytest.mark.parametrize("text, line, fragment", [
    ("merge:\n  Conservative Party: [Torys]\n", 2, "unknown actor 'Torys' (closest: Tory, Tories)"),
    ("rename:\n  Zzyzx Qwv: X\n", 2, "unknown actor 'Zzyzx Qwv' (no close name; `newsbrief actors` lists them)"),
    ("relabel:\n  Getty Imagez: place\n", 2, "unknown actor 'Getty Imagez' (closest: Getty Images)"),
    ("drop:\n  - Getty Images\n  - bbc newz\n", 3, "unknown actor 'bbc newz' (closest: BBC news)"),
    ("split:\n  - actor: Clintn\n    into: Hillary Clinton\n    words: [Hillary]\n", 2,
     "unknown actor 'Clintn' (closest: Clinton"),
    # a form shared by two actors
    ("drop: [washington]\n", 1,
     "'washington' is a name of several actors: George Washington, Washington, D.C. (write the actor's name)"),
    # two names of one actor, sent to two places
    ("merge:\n  Conservative Party: [Tory]\n  Liberal Democrats: [Tories]\n", 3,
     "actor 'Tory' is merged into 'Liberal Democrats' here and into 'Conservative Party' on line 2"),
    ("rename:\n  Tory: Blue\n  Tories: Red\n", 3, "actor 'Tory' is renamed into 'Red' here"),
    ("relabel:\n  Tory: person\n  Tories: place\n", 3, "actor 'Tory' is relabelled place here and person on line 2"),
    # a loop only the table shows (B is a form of A's actor)
    ("merge:\n  Tories: [Conservatives]\n  Conservatives: [Tory]\n", 3, "loop"),
])
def test_apply_errors_name_the_line(aliases, tmp_path, text, line, fragment):
    path = _write(tmp_path, text)
    cb = C.load_codebook(path)
    with pytest.raises(CodebookError) as err:
        R.apply_codebook(aliases, cb)
    assert str(err.value).startswith(f"{path}:{line}: ") and fragment in str(err.value), str(err.value)


def test_any_index_and_extra_columns_are_fine(aliases, tmp_path):
    shuffled = aliases.assign(note="x").iloc[::-1].set_axis([7] * len(aliases))
    after = _apply(shuffled, "drop: [Tory]\n", tmp_path)
    assert list(after["entity"]) == list(shuffled["entity"]) and set(after["note"]) == {"x"}
    assert list(after.loc[after["actor"] == "", "entity"]) == ["Tory", "Tories"]


def test_the_alias_table_must_have_its_columns(aliases, tmp_path):
    with pytest.raises(ValueError, match="lacks columns"):
        R.apply_codebook(aliases.drop(columns=["kind"]), C.load_codebook(_write(tmp_path, "drop: [Tory]\n")))


# ---------------------------------------------------------------- splits


@pytest.mark.parametrize("text, expected", [
    # into an existing actor
    ("split:\n  - actor: Clinton\n    into: Bill Clinton\n    articles: [politics/012.txt]\n",
     [("Clinton", "Bill Clinton", "PERSON", "person", "codebook: split (line 2)")]),
    # into a new actor, which later ops may name: renamed, relabelled
    ("split:\n  - actor: clinton\n    into: Hillary Clinton\n    words: [Hillary]\n"
     "rename:\n  Hillary Clinton: Hillary Rodham Clinton\n",
     [("Clinton", "Hillary Rodham Clinton", "PERSON", "person", "codebook: split (line 2)")]),
    # into a form of the actor itself: a new actor of that name
    ("split:\n  - actor: Tony Blair\n    into: Blair\n    articles: [a.txt]\n"
     "  - actor: Tony Blair\n    into: blair\n    articles: [b.txt]\n",
     [("Tony Blair", "Blair", "PERSON", "person", "codebook: split (line 2)"),
      ("Tony Blair", "Blair", "PERSON", "person", "codebook: split (line 5)")]),
    # into an actor the codebook drops: those mentions leave the tables
    ("split:\n  - actor: Clinton\n    into: Getty Images\n    words: [photo]\ndrop: [Getty Images]\n",
     [("Clinton", "", "ORG", "organisation", "codebook: split (line 2)")]),
    # the split actor is the machine's; a later merge of it does not change where the split mentions go
    ("split:\n  - actor: Clinton\n    into: Bill Clinton\n    words: [bill]\nmerge:\n  Hillary Clinton: [Clinton]\n",
     [("Clinton", "Bill Clinton", "PERSON", "person", "codebook: split (line 2)")]),
])
def test_split_targets(aliases, tmp_path, text, expected):
    cb = C.load_codebook(_write(tmp_path, text))
    targets = R.split_targets(aliases, cb)
    assert [(t.actor, t.into, t.actor_label, t.kind, t.rule) for t in targets] == expected
    assert len(R.apply_codebook(aliases, cb)) == len(aliases)  # new split actors add no alias row


@pytest.mark.parametrize("doc_id, words, applies", [
    ("politics/012.txt", (), True), ("politics/013.txt", (), False),
])
def test_split_applies_by_article(doc_id, words, applies):
    split = C.Split("Clinton", "Bill Clinton", ("politics/012.txt",), (), 2)
    assert split.applies(doc_id, words) is applies


def test_split_applies_by_word():
    split = C.Split("Clinton", "Bill Clinton", (), ("bill", "former president"), 2)
    assert split.applies("x.txt", ["Former President"]) and not split.applies("x.txt", ["hillary"])


TEXT = ("Bill Clinton spoke. Clinton said the former\npresident would go.\n\n"
        "Clinton, Hillary said, was away.\n\n"
        "Billy Clinton and the Billboard.\n\n"
        "CLINTON met BILL.")


def _mention(word: str, occurrence: int = 0) -> dict:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(word, start + 1)
    spans = paragraph_spans(TEXT)
    para = next(i for i, (s, e) in enumerate(spans) if s <= start < e)
    return {"start_char": start, "end_char": start + len(word), "para_id": para}


@pytest.mark.parametrize("mentions, words, expected", [
    # whole words, any case; a phrase across a line break; one hit per word found
    ([("Clinton", 1)], ["Bill", "former president"], [("Clinton", 1, "bill"), ("Clinton", 1, "former president")]),
    ([("Clinton", 2)], ["Bill", "Hillary"], [("Clinton", 2, "hillary")]),
    ([("Clinton", 3)], ["Bill"], []),  # "Billy", "Billboard" are not "Bill"
    ([("CLINTON", 0)], ["bill"], [("CLINTON", 0, "bill")]),
    ([("Clinton", 1), ("Clinton", 2)], ["president"], [("Clinton", 1, "president")]),
    ([("Clinton", 1)], [], []),
    ([("Clinton", 1)], ["  "], []),
    ([("Clinton", 1)], ["pres"], []),
])
def test_paragraph_hits(mentions, words, expected):
    ms = [_mention(word, n) for word, n in mentions]
    hits = R.paragraph_hits(TEXT, paragraph_spans(TEXT), ms, words)
    assert hits == [(_mention(word, n)["start_char"], hit) for word, n, hit in expected]


def test_paragraph_hits_finds_the_paragraph_by_offset_without_a_para_id():
    mention = {**_mention("Clinton", 2), "para_id": None}
    assert R.paragraph_hits(TEXT, paragraph_spans(TEXT), [mention], ["hillary"]) == [(mention["start_char"], "hillary")]

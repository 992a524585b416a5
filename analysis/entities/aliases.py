"""Aliases within one article: which mentions name the same person or thing.

"Putin" -> "Vladimir Putin", "Li" -> "Li Shangfu" (family name first), "Jodie" / "Jody" one
person; never when two people share the word, nor for "Mrs Howard" when the article also has a
"Mr Howard" (she keeps her honorific as her name). One-word PERSONs that joined no full name
need a sign of a person (subject, possessor, honorific), else they are dropped.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict

from .context import ArticleContext
from .names import HONORIFICS, HONORIFIC_GENDER, honorific_gender, merge_spellings, name_key
from .records import Ent
from .relatives import is_kin_apposition


# --- "Mr Howard" and "Mrs Howard" ------------------------------------------------------------


def honorific_of(doc, e: Ent) -> str:
    """Gender of the honorific that opens or precedes a PERSON mention ("Mrs Howard"), or ""."""
    first = e.text.split(" ")[0].rstrip(".").lower()
    if first in HONORIFIC_GENDER:
        return HONORIFIC_GENDER[first]
    if e.start > 0:
        return honorific_gender(doc[e.start - 1].lower_)
    return ""


def title_of(doc, e: Ent) -> str:
    """The gendered title that opens or precedes a PERSON mention, as written ("Mrs.", "Lord"), or ""."""
    first = e.text.split(" ")[0]
    if first.rstrip(".").lower() in HONORIFIC_GENDER:
        return first
    if e.start > 0 and doc[e.start - 1].lower_.rstrip(".") in HONORIFIC_GENDER:
        return doc[e.start - 1].text
    return ""


def separate_honorific_clashes(doc, ents: list[Ent]) -> None:
    """"Mr Howard" and "Mrs Howard" in one article are two people: the surname alone goes to
    the man named in full ("Michael Howard"), so the woman keeps her honorific as her name
    ("Mrs Howard") and is merged with nobody by it."""
    single = [e for e in ents if e.label == "PERSON" and " " not in e.name]
    genders: dict[str, set[str]] = defaultdict(set)
    for e in single:
        g = honorific_of(doc, e)
        if g:
            genders[name_key(e.name)].add(g)
    clash = {k for k, gs in genders.items() if len(gs) > 1}
    for e in single:
        if name_key(e.name) in clash and honorific_of(doc, e) == "f":
            first = e.text.split(" ")[0]
            title = first if first.rstrip(".").lower() in HONORIFIC_GENDER else doc[e.start - 1].text
            e.name = f"{title} {e.name}"


# --- canonical names -------------------------------------------------------------------------


def merge_in_article(ents: list[Ent]) -> dict[tuple[str, str], str]:
    """Map (name, label) to the article's canonical name for it."""
    canonical: dict[tuple[str, str], str] = {}
    by_label: dict[str, Counter] = defaultdict(Counter)
    for e in ents:
        if e.name:
            by_label[e.label][e.name] += 1
    for label, counts in by_label.items():
        merge = merge_people if label == "PERSON" else merge_spellings
        canonical.update(((n, label), c) for n, c in merge(counts).items())
    return canonical


def merge_people(counts: Counter) -> dict[str, str]:
    """Merge the person names of one article (in order of first mention in `counts`).

    Full names are one person when they share first and last word ("Jason Marcel
    LeBlanc" / "Jason LeBlanc"), when one ends the other ("Paz Akin" / "Lorena Paz
    Akin"), or when they differ by a misspelt given name ("Jodie" / "Jody") or a
    trailing "s". A one-word name joins the one full name ending in it ("Putin");
    failing that, the one full name starting with it, which is how family-name-first
    names are shortened ("Li" -> "Li Shangfu"). Two candidates sharing the word
    means two people: no merge.
    """
    spelling = merge_spellings(counts)
    merged: Counter = Counter()
    for n, c in counts.items():
        merged[spelling[n]] += c
    # "Mrs Howard" kept her honorific to stay apart from "Michael Howard": she joins no one
    full = [n for n in merged if " " in n and n.split(" ")[0].rstrip(".").lower() not in HONORIFIC_GENDER]
    words = {n: [name_key(w) for w in n.split(" ")] for n in full}
    full_canonical = _merge_full_names(full, words, merged)
    by_last: dict[str, set[str]] = defaultdict(set)
    by_first: dict[str, set[str]] = defaultdict(set)
    for n in full:
        by_last[words[n][-1]].add(full_canonical[n])
        by_first[words[n][0]].add(full_canonical[n])
    out = {}
    for n in counts:
        s = spelling[n]
        out[n] = full_canonical[s] if s in full_canonical else _short_name_target(s, by_last, by_first)
    return out


def _merge_full_names(full: list[str], words: dict[str, list[str]], merged: Counter) -> dict[str, str]:
    """Full name -> the longest, then most frequent, then first name of its group."""
    parent = {n: n for n in full}

    def root(n: str) -> str:
        while parent[n] != n:
            n = parent[n]
        return n

    for i, a in enumerate(full):
        for b in full[i + 1 :]:
            if same_person(words[a], words[b]):
                parent[root(a)] = root(b)
    groups: dict[str, list[str]] = defaultdict(list)
    for n in full:
        groups[root(n)].append(n)
    out: dict[str, str] = {}
    for names in groups.values():
        best = max(names, key=lambda n: (len(n.split(" ")), merged[n], -full.index(n)))
        out.update((n, best) for n in names)
    return out


def _short_name_target(name: str, by_last: dict[str, set[str]], by_first: dict[str, set[str]]) -> str:
    """The one full name a short name stands for (by surname, else by first word), else itself."""
    k = name_key(name)
    last, first = by_last.get(k, set()), by_first.get(k, set())
    if len(last) == 1:
        return next(iter(last))
    if not last and len(first) == 1:
        return next(iter(first))
    return name


def same_person(a: list[str], b: list[str]) -> bool:
    """Whether two full names (word keys) of one article name one person."""
    short, long = sorted((a, b), key=len)
    if a[0] == b[0] and a[-1] == b[-1]:
        return True
    if len(short) < len(long) and long[-len(short) :] == short:
        return True  # "Paz Akin" ends "Lorena Paz Akin"
    if len(short) == 2 < len(long) and short[-1] == long[-1] and respelt(short[0], long[-2]):
        return True  # "Zehaf Bibeau" in "Michael Zihaf Bibeau"
    if len(a) == len(b) == 2:
        return _same_pair(a, b)
    return False


def _same_pair(a: list[str], b: list[str]) -> bool:
    """Two two-word names: a respelt given name, or a surname with a trailing "s"."""
    if a[-1] == b[-1]:
        return respelt(a[0], b[0])
    if a[0] == b[0]:
        return a[-1] + "s" == b[-1] or b[-1] + "s" == a[-1]
    return False


def respelt(a: str, b: str) -> bool:
    """Given names that are one name spelt two ways: "Jody"/"Jodie", "Rhianna"/"Rihanna"."""
    if min(len(a), len(b)) >= 5 and (a.endswith(b) or b.endswith(a)):
        return True  # "Xander" / "Alexander"
    if len(a) == len(b) >= 5 and a[0] == b[0]:
        if sorted(a) == sorted(b) or sum(x != y for x, y in zip(a, b)) == 1:
            return True  # letters swapped or one letter changed: "Rhianna", "Zihaf"
    prefix = len(os.path.commonprefix([a, b]))
    return prefix >= 3 and len(a) != len(b) and 2 * prefix >= max(len(a), len(b))


# --- lone names ------------------------------------------------------------------------------


def drop_unsupported_single_names(
    article: ArticleContext, ents: list[Ent], canonical: dict[tuple[str, str], str]
) -> list[Ent]:
    """Drop one-word PERSON names that joined no full name and show no sign of a person.

    A word the article also writes in lower case ("Story", "Stroke") is an ordinary
    word. With a parse, a lone word counts as a person's name only if one of its
    mentions is a subject ("Kim said"), a possessor ("Meng's arrest"), follows an
    honorific ("Mr Roarke") or names a relative ("his father, Bill"); "Twitter", "Ativan",
    "Oracle" tagged PERSON are none.
    """
    doc, columns = article.doc, article.columns
    lower_words = {w for w, low in zip(columns.strings("ORTH"), columns.flags("IS_LOWER")) if low}
    parsed = doc.has_annotation("DEP")
    lone = [
        e
        for e in ents
        if e.label == "PERSON" and " " not in e.name and canonical.get((e.name, e.label), e.name) == e.name
    ]
    evidence = _person_evidence(doc, lone)
    drop = {id(e) for e in lone if e.name.lower() in lower_words or (parsed and not evidence[e.name])}
    return [e for e in ents if id(e) not in drop]


def _person_evidence(doc, lone: list[Ent]) -> dict[str, bool]:
    """Name -> whether one of its mentions is a subject, a possessor or follows an honorific."""
    evidence: dict[str, bool] = defaultdict(bool)
    for e in lone:
        root = doc[e.start : e.end].root
        prev = doc[e.start - 1].lower_.rstrip(".") if e.start > 0 else ""
        evidence[e.name] |= root.dep_ in {"nsubj", "poss"} or prev in HONORIFICS or is_kin_apposition(doc, e.start, e.end)
    return evidence

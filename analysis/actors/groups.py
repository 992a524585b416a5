"""Organisations and groups across articles: one party under its plural, adjective, nickname and
abbreviation.

- `group_form`: names whose words agree but for a plural ("-s", "-ies"), a leading "the" or a
  closing "Party" are one group: "Conservative", "Conservatives", "Conservative Party". Joined
  only where one of the forms names a group of people (NORP) or a party, so two newspapers
  ("Time", "Times") stay apart. A well-known nickname (`group_nicknames`: "Tory" for
  "Conservative") joins the group it names when that group is in the corpus (rule `nickname`).
  The group takes its most mentioned organisation form as its name, and the organisation label:
  a party is an organisation, whatever label its adjective got in one sentence ("Lib Dem"
  tagged PERSON).
- `abbreviation`: a name whose words are prefixes of a longer name's words, word for word
  ("Lib Dems" -> "Liberal Democrats"), joins that name when it is the only one, each shortened
  word is used only in names with the rest of the short name ("South African" is not "Southern
  African": "South Africa"), and the longer name is mentioned at least a tenth as often ("BBC
  News" is not "BBC Newcastle"); with two or more, each is a candidate.
- `shortened_name`: "Independence Party" -> "UK Independence Party", the one longer name it ends.
- `of_name`: "Commons" -> "House of Commons" where the articles use the two together.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Mapping

from .. import lexicon
from ..entities.names import name_key
from .outcome import Evidence, Options, Outcome
from .records import Candidate, Join, Node, Stats

PARTY_HEADS = lexicon.words("party_heads")
_POSSESSIVE = re.compile(r"['’]s?$")
NICKNAMES = lexicon.mapping("group_nicknames")
SINGULAR_S_WORDS = lexicon.words("singular_s_words")
GROUP_LABELS = ("ORG", "NORP")


def singular_word(word: str) -> str:
    """"tories" -> "tory", "democrats" -> "democrat", "lords" -> "lord" ("ss", "news" kept)."""
    if word in SINGULAR_S_WORDS:
        return word
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def form_key(name: str) -> tuple[str, bool]:
    """The group key of a name and whether it ends in a party word:
    "the Conservative Party" -> ("conservative", True), "Tories" -> ("tory", False)."""
    words = name_key(_POSSESSIVE.sub("", name)).split()
    if words and words[0] == "the":
        words = words[1:]
    party = bool(words) and len(words) > 1 and words[-1] in PARTY_HEADS
    if party:
        words = words[:-1]
    if not words:
        return "", False
    return " ".join(words[:-1] + [singular_word(words[-1])]), party


def _is_name(name: str) -> bool:
    """Capitalised words only, and no sentence punctuation ("Interests: The Council" is not one)."""
    return bool(name) and not any(c in name for c in ":;!?") and all(
        w[:1].isupper() or not w[:1].isalpha() for w in name.split(" ")
    )


def group_forms(nodes: Mapping[Node, Stats], options: Options, evidence: Evidence) -> Outcome:
    """The `group_form` and `nickname` joins (see the module docstring)."""
    groups: dict[str, list[tuple[Node, str, bool]]] = defaultdict(list)
    for node in nodes:
        name, label = node
        if label in GROUP_LABELS + ("PERSON",) and _is_name(name):
            key, party = form_key(name)
            if key:
                groups[key].append((node, key, party))
    for key in list(groups):
        target = NICKNAMES.get(key)
        if target and target in groups:
            groups[target].extend((node, key, party) for node, _, party in groups.pop(key))
    _join_adjectives(groups, nodes)
    outcome = Outcome()
    for key, members in groups.items():
        outcome.joins.extend(_join_group(key, members, nodes))
    return outcome


def _party_mentions(members: list[tuple[Node, str, bool]], nodes: Mapping[Node, Stats]) -> int:
    return max((nodes[node].mentions for node, _, party in members if party), default=-1)


def _join_adjectives(groups: dict[str, list[tuple[Node, str, bool]]], nodes: Mapping[Node, Stats]) -> None:
    """"Democratic" and "Democrat(s)" are one party's adjective and members when one of them has
    a party's name ("Democratic Party"): the group whose party name is mentioned most keeps both."""
    for key in [k for k in groups if k.endswith("ic") and k[:-2] in groups]:
        a, b = groups[key], groups[key[:-2]]
        if _party_mentions(a, nodes) < 0 and _party_mentions(b, nodes) < 0:
            continue
        keep, gone = (key, key[:-2]) if _party_mentions(a, nodes) >= _party_mentions(b, nodes) else (key[:-2], key)
        groups[keep].extend(groups.pop(gone))


def _join_group(key: str, members: list[tuple[Node, str, bool]], nodes: Mapping[Node, Stats]) -> list[Join]:
    """Join the forms of one group key. Forms of people (NORP) and of an organisation join only
    through a party's name ("Conservatives", "Conservative Party"); without one, "New Yorkers"
    and the magazine "New Yorker" stay apart, and only the people forms join."""
    party = any(p for _, _, p in members)
    if not party:
        members = [m for m in members if m[0][1] == "NORP"]
    if len(members) < 2:
        return []
    target = _group_name(key, members, nodes, party)
    return [
        Join(node, target, "group_form" if own_key == key else "nickname")
        for node, own_key, _ in members
        if node != target
    ]


def _group_name(key: str, members: list[tuple[Node, str, bool]], nodes: Mapping[Node, Stats], party: bool) -> Node:
    """The group's name: its most mentioned organisation form under its own key ("Republican
    Party" before "GOP"), else its most mentioned form; a party is an organisation."""
    own = [m for m in members if m[1] == key] or members
    organisations = [node for node, _, _ in own if node[1] == "ORG"]
    best = max(organisations or [node for node, _, _ in own], key=lambda n: (nodes[n].mentions, n))
    return (best[0], "ORG" if party else best[1])


def _prefix_words(short: list[str], long: list[str]) -> bool:
    return (
        len(short) == len(long)
        and short != long
        and all(len(s) >= 2 and l.startswith(s) for s, l in zip(short, long))
    )


def _organisation(target: Node, source: Node) -> Node:
    """A party's full name tagged NORP ("Liberal Democrats") is an organisation when its
    abbreviation was tagged one ("Lib Dems")."""
    return (target[0], "ORG") if "ORG" in (target[1], source[1]) else target


def _singular_words(name: str) -> str:
    return " ".join(singular_word(w) for w in form_key(name)[0].split(" "))


def _names_by_word(nodes: Mapping[Node, Stats]) -> dict[str, set[str]]:
    """Each word (singular) -> the multi-word names it is a word of, every word singular."""
    out: dict[str, set[str]] = defaultdict(set)
    for name, _ in nodes:
        if " " in name:
            key = _singular_words(name)
            for word in key.split(" "):
                out[word].add(key)
    return out


def _only_abbreviations(short: list[str], long: list[str], used_in: Mapping[str, set[str]]) -> bool:
    """Whether each shortened word is used only with the rest of the short name: "Lib" is in
    "Lib Dem" and "Lib Dem MP Jo Swift", while "South" ("South African" / "Southern African") is
    also in "South Africa", a word of its own."""
    phrase = " " + " ".join(singular_word(w) for w in short) + " "
    return all(
        all(phrase in f" {key} " for key in used_in.get(singular_word(s), ()))
        for s, l in zip(short, long) if s != l
    )


def _initials(words: list[str]) -> tuple[str, ...]:
    return tuple(w[:1] for w in words)


def _expanded_by(node: Node, nodes: Mapping[Node, Stats], full: Mapping[tuple, list], used_in) -> list[Node]:
    """The longer names whose words the node's words are abbreviations of, mentioned at least a
    tenth as often ("BBC News", 160 mentions, is no abbreviation of "BBC Newcastle", 3). Only
    names with the same initials can be ("Lib Dems", "Liberal Democrats": L D)."""
    words = form_key(node[0])[0].split(" ")
    return [
        other for other, long in full.get(_initials(words), [])
        if other != node and _prefix_words(words, long) and _only_abbreviations(words, long, used_in)
        and 10 * nodes[other].mentions >= nodes[node].mentions
    ]


def abbreviations(nodes: Mapping[Node, Stats], options: Options, evidence: Evidence) -> Outcome:
    """The `abbreviation` joins and candidates (see the module docstring)."""
    full = defaultdict(list)  # the organisations and groups of two words or more, by initials
    for node in nodes:
        if node[1] in GROUP_LABELS and " " in node[0] and _is_name(node[0]):
            words = form_key(node[0])[0].split(" ")
            full[_initials(words)].append((node, words))
    used_in = _names_by_word(nodes)
    outcome = Outcome()
    for node in nodes:
        if node[1] not in GROUP_LABELS + ("PERSON",) or " " not in node[0] or not _is_name(node[0]):
            continue
        targets = _expanded_by(node, nodes, full, used_in)
        if len(targets) == 1:
            target = _organisation(targets[0], node)
            outcome.joins.append(Join(node, target, "abbreviation"))
            if target != targets[0]:
                outcome.joins.append(Join(targets[0], target, "abbreviation"))
        else:
            outcome.candidates.extend(
                Candidate(node, t, "abbreviation", f"its words begin the words of {len(targets)} names") for t in targets
            )
    return outcome


def of_names(nodes: Mapping[Node, Stats], options: Options, evidence: Evidence) -> Outcome:
    """`of_name`: a one-word organisation that ends one "X of Y" organisation ("Commons",
    "House of Commons") joins it when the two are used together in at least half of the short
    name's articles; else it is a candidate ("Congress" is rarely beside "Library of Congress")."""
    by_tail = defaultdict(list)
    for node in nodes:
        words = node[0].split(" ")
        if node[1] == "ORG" and len(words) >= 3 and words[-2] == "of":
            by_tail[singular_word(name_key(words[-1]))].append(node)
    outcome = Outcome()
    for node, stats in nodes.items():
        if node[1] not in GROUP_LABELS or " " in node[0] or not _is_name(node[0]):
            continue
        targets = by_tail.get(singular_word(name_key(node[0])), [])
        together = {t: evidence.copresence.get((node, t), 0) for t in targets}
        if len(targets) == 1 and 2 * together[targets[0]] >= stats.documents:
            outcome.joins.append(Join(node, targets[0], "of_name"))
            continue
        for target in targets:
            evidence_text = f"used together in {together[target]} of the {stats.documents} articles of {node[0]!r}"
            outcome.candidates.append(Candidate(node, target, "of_name", evidence_text))
    return outcome


def _dominates(longer: Stats, short: Stats) -> bool:
    return longer.mentions >= 2 * short.mentions and longer.documents >= 2


def _by_ending(nodes: Mapping[Node, Stats]) -> dict[str, list[Node]]:
    """Organisations of three words or more by each ending of two words or more."""
    by_end = defaultdict(list)
    for node in nodes:
        words = name_key(node[0]).split()
        if node[1] == "ORG" and len(words) >= 3:
            for i in range(1, len(words) - 1):
                by_end[" ".join(words[i:])].append(node)
    return by_end


def shortened_names(nodes: Mapping[Node, Stats], options: Options, evidence: Evidence) -> Outcome:
    """`shortened_name`: an organisation's name of two words or more that is the end of exactly
    one longer organisation's name, in two articles or more and mentioned at least twice as
    often ("Independence Party", "UK Independence Party"), joins it when the two are used
    together in two articles or more and at least half of the short name's; "Labour Party" does
    not join the rarer "Scottish Labour Party", nor one "Syrian Army" the "Free Syrian Army"."""
    by_end = _by_ending(nodes)
    outcome = Outcome()
    for node, stats in nodes.items():
        if node[1] != "ORG" or " " not in node[0] or not _is_name(node[0]):
            continue
        targets = [t for t in by_end.get(name_key(node[0]), []) if t != node and _is_name(t[0])]
        together = evidence.copresence.get((node, targets[0]), 0) if len(targets) == 1 else 0
        if len(targets) == 1 and _dominates(nodes[targets[0]], stats) and together >= max(2, stats.documents / 2):
            outcome.joins.append(Join(node, targets[0], "shortened_name"))
        elif len(targets) > 1:
            outcome.candidates.extend(
                Candidate(node, t, "shortened_name", f"it ends {len(targets)} longer names") for t in targets
            )
    return outcome

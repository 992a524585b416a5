"""People across articles: a surname alone joins the one full name the corpus uses with it.

An article that spells a person out joins "Blair" and "Mr Blair" to "Tony Blair" itself
(`analysis.entities.aliases`); these rules are for the articles that never do. They read
distinct PERSON names with the number of articles each is in:

- `surname`: "Blair" -> the full name ending in "Blair" that holds at least `min_share` of the
  articles of all full names ending or starting with it ("Howard": Michael Howard, John Howard,
  Howard Flight). The join is per article: in an article that names
  another person of that surname in full ("Bill Clinton" beside a bare "Clinton" the corpus
  gives to Hillary Clinton), the bare name stays itself. Without a dominant full name, or when
  nothing is joined and each full name is listed as a candidate.
- `family_name_first`: "Xi" -> "Xi Jinping", the same when the dominant name starts with the
  word; it must be in two articles or more, and in as many as the bare word (a lone first name
  is no evidence). A surname's full name must be in two articles, or in as many as the surname.
- `hyphen_part`: "Kilroy" -> "Robert Kilroy-Silk", the dominant full name whose hyphenated
  surname starts with the word, when no full name ends or starts with it.
- `surname_label`: a one-word name tagged an organisation, place or group ("Kilroy-Silk"/ORG,
  "Campbell"/ORG) is a person's surname when in at least half of its articles (two or more) the
  article also names a person in full who ends in that word; it becomes a PERSON, and
  `surname` then joins it. ("Ford" the carmaker is rarely beside "Gerald Ford".)
- `title` (per mention, after the rules): a bare surname left unjoined or blocked, titled
  "Mrs." or "Mr.", is the one person of that surname (in its article, else in the corpus) whose
  mentions the corpus titles so (`by_title`).
- titles: "Mr Hague", "Baron Kinnock" are read as the bare surname ("Mrs Blair" is not).
- `middle_name`: "George Bush" -> "George W Bush" when it is the one longer name with the same
  first and last words.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Mapping

from ..entities.names import HONORIFIC_GENDER, TITLES, honorific_gender, name_key
from .outcome import Evidence, Options, Outcome
from .records import Candidate, Join, Node, Stats

# The joins that hold per article (an article naming another person of the name blocks them).
PER_ARTICLE_RULES = ("surname", "family_name_first", "hyphen_part")
# The labels the model gives a bare surname it takes for a thing.
SURNAME_MISLABELS = ("ORG", "GPE", "NORP", "PRODUCT", "FAC", "LOC", "WORK_OF_ART")


def _people(nodes: Mapping[Node, Stats]) -> dict[str, int]:
    return {name: stats.documents for (name, label), stats in nodes.items() if label == "PERSON" and name}


def bare_name(name: str) -> str:
    """The surname a titled name stands for ("Mr Hague", "Baron Kinnock" -> "Hague", "Kinnock"),
    the name itself when it has no title. A woman's title is kept ("Mrs Blair" stays): in the
    article that wrote it, it was what told her from the man of her surname."""
    words = name.split(" ")
    titles = 0
    while titles < len(words) - 1 and words[titles].rstrip(".").casefold() in TITLES:
        titles += 1
    if titles and len(words) - titles == 1 and "f" not in {HONORIFIC_GENDER.get(w.rstrip(".").casefold()) for w in words[:titles]}:
        return words[-1]
    return name


def is_full_name(name: str) -> bool:
    """Two words or more, and more than titles before one word ("Mr Hague" is not a full name)."""
    return " " in bare_name(name)


def _index(full: dict[str, int]) -> dict[str, dict[str, list[str]]]:
    """Full names by the key of their last word, first word and hyphen-first part."""
    index: dict[str, dict[str, list[str]]] = {"last": defaultdict(list), "first": defaultdict(list), "hyphen": defaultdict(list)}
    for name in full:
        words = name.split(" ")
        index["last"][name_key(words[-1])].append(name)
        index["first"][name_key(words[0])].append(name)
        if "-" in words[-1]:
            index["hyphen"][name_key(words[-1].split("-")[0])].append(name)
    return index


def surnames(nodes: Mapping[Node, Stats], options: Options, evidence: Evidence) -> Outcome:
    """The `surname`, `family_name_first` and `hyphen_part` joins (see the module docstring)."""
    docs = _people(nodes)
    full = {n: d for n, d in docs.items() if is_full_name(n)}
    index = _index(full)
    outcome = Outcome()
    for name, n in docs.items():
        if name not in full:
            _one_word(name, n, full, index, options, outcome)
    return outcome


def _enough(rule: str, full_docs: int, bare_docs: int) -> bool:
    """A full name in one article is no evidence for a bare name used in many more ("Twitter"
    in 30 articles is not the "Wilayat Twitter" of one); a first name needs two articles."""
    if rule == "surname":
        return full_docs >= 2 or bare_docs <= full_docs
    return full_docs >= max(2, bare_docs)


def _one_word(name: str, docs: int, full: dict[str, int], index, options: Options, outcome: Outcome) -> None:
    key = name_key(bare_name(name))
    by_last = index["last"].get(key, [])
    pool = list(dict.fromkeys(by_last + index["first"].get(key, []))) or index["hyphen"].get(key, [])
    if not pool:
        return
    source = (name, "PERSON")
    best = max(pool, key=lambda c: (full[c], c))
    total = sum(full[c] for c in pool)
    rule = "surname" if best in by_last else "family_name_first" if name_key(best.split(" ")[0]) == key else "hyphen_part"
    if full[best] >= options.min_share * total and _enough(rule, full[best], docs):
        outcome.joins.append(Join(source, (best, "PERSON"), rule, per_article=True))
        return
    for c in sorted(pool, key=lambda c: (-full[c], c)):
        evidence = f"{c} is in {full[c]} of the {total} articles that name a person {name!r} in full"
        outcome.candidates.append(Candidate(source, (c, "PERSON"), rule, evidence))


def middle_names(nodes: Mapping[Node, Stats], options: Options, evidence: Evidence) -> Outcome:
    """The `middle_name` join: "George Bush" -> "George W Bush" (the one such longer name)."""
    full = [n for n in _people(nodes) if is_full_name(n)]
    by_ends: dict[tuple[str, str], list[str]] = defaultdict(list)
    for name in full:
        words = [name_key(w) for w in name.split(" ")]
        by_ends[(words[0], words[-1])].append(name)
    outcome = Outcome()
    for names in by_ends.values():
        short = [n for n in names if len(n.split(" ")) == 2]
        longer = [n for n in names if len(n.split(" ")) > 2]
        if len(short) == 1 and len(longer) == 1:
            outcome.joins.append(Join((short[0], "PERSON"), (longer[0], "PERSON"), "middle_name"))
        elif short and len(longer) > 1:
            outcome.candidates.extend(
                Candidate((short[0], "PERSON"), (n, "PERSON"), "middle_name", f"{len(longer)} longer names share its first and last words")
                for n in longer
            )
    return outcome


def surname_labels(nodes: Mapping[Node, Stats], options: Options, evidence: Evidence) -> Outcome:
    """The `surname_label` joins (see the module docstring)."""
    beside_person: dict[Node, int] = defaultdict(int)
    for (short, long), n in evidence.copresence.items():
        if long[1] == "PERSON" and is_full_name(long[0]):
            beside_person[short] = max(beside_person[short], n)
    outcome = Outcome()
    for node, n in beside_person.items():
        stats = nodes.get(node)
        if stats and node[1] in SURNAME_MISLABELS and n >= 2 and 2 * n >= stats.documents:
            outcome.joins.append(Join(node, (node[0], "PERSON"), "surname_label"))
    return outcome


def actor_genders(titles, min_share: float = 2 / 3, min_mentions: int = 2) -> dict[str, str]:
    """{actor: "m" or "f"} from the titles its mentions were given (actor, title, mentions):
    "Mrs." 40 times and "Mr." once is a woman; too few or too mixed, nothing. Two in three is
    enough: an article that names only her in full gives her the "Mr." of her husband too."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for actor, title, n in titles:
        gender = honorific_gender(title)
        if gender:
            counts[actor][gender] += int(n)
    out = {}
    for actor, by_gender in counts.items():
        gender, n = max(by_gender.items(), key=lambda kv: kv[1])
        if n >= min_mentions and n >= min_share * sum(by_gender.values()):
            out[actor] = gender
    return out


def by_title(evidence: Mapping[str, list], actor_of: Mapping[Node, Node]) -> list[tuple[str, int, str]]:
    """`title`: a bare surname left unjoined ("Clinton": Hillary and Bill Clinton both in play)
    that is titled ("Mrs. Clinton") is the one person of that surname whom the corpus titles so,
    among the full names of its own article, or, where the article names none, of the corpus;
    only when exactly one fits (in its article, also the one left when the others are titled
    otherwise). Returns (doc_id, start_char, full name) for the mentions so
    decided; `evidence` is `analysis.tables.FinalTables.title_evidence`."""
    people: dict[str, list[str]] = defaultdict(list)
    for doc_id, name in evidence["people"]:
        if is_full_name(name):
            people[doc_id].append(name)
    corpus = _full_names_by_word(actor_of)
    titles, decided = list(evidence["titles"]), {}
    for _ in range(2):  # a second pass knows the gender of those the first decided ("Mr." Bill)
        gender = actor_genders(titles)
        for doc_id, start, name, title in evidence["titled"]:
            if (doc_id, start) in decided:
                continue
            key, wanted = name_key(bare_name(name)), honorific_gender(title)
            own = [n for n in people.get(doc_id, ()) if key in _end_words(n)]
            names = {actor_of.get((n, "PERSON"), (n, "PERSON"))[0]: n for n in own or corpus.get(key, [])}
            chosen = _one_of_gender(names, gender, wanted, by_elimination=bool(own)) if wanted else ""
            if chosen:
                decided[(doc_id, start)] = chosen
                titles.append((actor_of.get((chosen, "PERSON"), (chosen, "PERSON"))[0], title, 1))
    return [(doc_id, int(start), full) for (doc_id, start), full in decided.items()]


def _one_of_gender(names: Mapping[str, str], gender: Mapping[str, str], wanted: str, *, by_elimination: bool) -> str:
    """The one name (actor -> full name) titled as *wanted*; among an article's own people also
    the one left when the others are known to be of the other gender ("Mr. Clinton" beside a
    Hillary Clinton titled "Mrs."); else ""."""
    fits = [n for a, n in names.items() if gender.get(a) == wanted]
    if not fits and by_elimination:
        fits = [n for a, n in names.items() if a not in gender]
        fits = fits if len(fits) == 1 and len(names) > 1 else []
    return fits[0] if len(fits) == 1 else ""


def _end_words(name: str) -> set[str]:
    words = name.split(" ")
    return {name_key(words[0]), name_key(words[-1])}


def _full_names_by_word(actor_of: Mapping[Node, Node]) -> dict[str, list[str]]:
    """The corpus's full PERSON names by the key of their first and last words."""
    out: dict[str, list[str]] = defaultdict(list)
    for name, label in actor_of:
        if label == "PERSON" and is_full_name(name):
            for key in _end_words(name):
                out[key].append(name)
    return out

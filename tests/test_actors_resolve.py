"""Corpus-wide actor resolution: each rule of `analysis.actors.resolve.RULES` as a table of cases.

Each case is a small corpus of distinct names (name, label, mentions, articles), made up, and the
joins the rules must make (only changed names are listed) or must not make.
"""

from collections import Counter

import pytest

from analysis.actors.outcome import Evidence, Options
from analysis.actors.records import Stats
from analysis.actors.resolve import RULES, resolve


def joined(rows, evidence=Evidence(), **options):
    names = {(n, lab): Stats(m, d) for n, lab, m, d in rows}
    resolved = resolve(names, options=Options(**options), evidence=evidence)
    return {node: actor for node, actor in resolved.actor.items() if node != actor}, resolved


P, O, N, G = "PERSON", "ORG", "NORP", "GPE"

CASES = {
    "surname joins the dominant full name": (
        [("Vladimir Putin", P, 40, 20), ("Putin", P, 10, 5)],
        {("Putin", P): ("Vladimir Putin", P)},
    ),
    "a surname two people share is left alone": (
        [("Jones", P, 3, 2), ("Martin Jones", P, 3, 2), ("Seth Jones", P, 3, 2)],
        {},
    ),
    "a dominant one among several wins": (
        [("Vickers", P, 3, 3), ("Kevin Vickers", P, 9, 7), ("Andrew Vickers", P, 1, 1)],
        {("Vickers", P): ("Kevin Vickers", P)},
    ),
    "family name first, in two articles": (
        [("Xi Jinping", P, 5, 3), ("Xi", P, 2, 1)],
        {("Xi", P): ("Xi Jinping", P)},
    ),
    "a lone first name in one article is no evidence": (
        [("Jim", P, 1, 1), ("Jim McGovern", P, 1, 1)],
        {},
    ),
    "a word that starts and ends different people's names": (
        [("Kim", P, 9, 3), ("Erin Kim", P, 2, 1), ("Kim Jong-un", P, 5, 2), ("Kim Yong-chol", P, 1, 1)],
        {},
    ),
    "a full name of one article is no evidence for a bare name of many": (
        [("Twitter", P, 65, 30), ("Wilayat Twitter", P, 1, 1), ("Blu-ray", P, 18, 8), ("Blu-ray Disc", P, 3, 2)],
        {},
    ),
    "a party's adjective and its members": (
        [("Democratic Party", O, 300, 120), ("Democratic", N, 900, 300), ("Democrats", N, 575, 200),
         ("Democrat", N, 149, 90), ("Democrat Party", O, 3, 2)],
        {("Democratic", N): ("Democratic Party", O), ("Democrats", N): ("Democratic Party", O),
         ("Democrat", N): ("Democratic Party", O), ("Democrat Party", O): ("Democratic Party", O)},
    ),
    "an adjective in -ic is no party's without a party name": (
        [("Islamic", N, 30, 20), ("Islam", N, 20, 10)],
        {},
    ),
    "a man's title is read as the bare surname": (
        [("William Hague", P, 20, 10), ("Mr Hague", P, 4, 2), ("Baron Kinnock", P, 1, 1), ("Neil Kinnock", P, 9, 5)],
        {("Mr Hague", P): ("William Hague", P), ("Baron Kinnock", P): ("Neil Kinnock", P)},
    ),
    "a woman's title keeps her apart": (
        [("Tony Blair", P, 50, 20), ("Mrs Blair", P, 3, 2)],
        {},
    ),
    "the first part of a hyphenated surname": (
        [("Robert Kilroy-Silk", P, 50, 12), ("Kilroy", P, 10, 3)],
        {("Kilroy", P): ("Robert Kilroy-Silk", P)},
    ),
    "a middle initial": (
        [("George W Bush", P, 13, 5), ("George Bush", P, 12, 4), ("Bush", P, 8, 3)],
        {("George Bush", P): ("George W Bush", P), ("Bush", P): ("George W Bush", P)},
    ),
    "case and hyphen variants": (
        [("KREMLIN", O, 1, 1), ("Kremlin", O, 9, 5), ("Robert Kilroy Silk", P, 1, 1), ("Robert Kilroy-Silk", P, 6, 3)],
        {("KREMLIN", O): ("Kremlin", O), ("Robert Kilroy Silk", P): ("Robert Kilroy-Silk", P)},
    ),
    "a clear label majority": (
        [("Kyiv", G, 9, 5), ("Kyiv", P, 1, 1), ("Jordan", G, 3, 2), ("Jordan", P, 3, 2)],
        {("Kyiv", P): ("Kyiv", G)},
    ),
    "eight in ten is no clear majority": (
        [("Federer", O, 8, 2), ("Federer", P, 2, 1)],
        {},
    ),
    "a party's plural, adjective and nickname": (
        [("Conservative Party", O, 18, 10), ("Conservatives", N, 104, 50), ("Conservative", N, 59, 30),
         ("Tories", N, 231, 90), ("Tory", N, 258, 100)],
        {("Conservatives", N): ("Conservative Party", O), ("Conservative", N): ("Conservative Party", O),
         ("Tories", N): ("Conservative Party", O), ("Tory", N): ("Conservative Party", O)},
    ),
    "a nickname alone joins nothing": (
        [("Tories", N, 5, 3), ("Tory", N, 2, 2)],
        {("Tory", N): ("Tories", N)},
    ),
    "the nickname never names the party when its name is there": (
        [("Republican Party", O, 5, 4), ("GOP", O, 24, 10), ("Republicans", N, 53, 30)],
        {("GOP", O): ("Republican Party", O), ("Republicans", N): ("Republican Party", O)},
    ),
    "two newspapers are not one group": (
        [("Times", O, 50, 30), ("Time", O, 5, 3)],
        {},
    ),
    "people and a magazine are not one group": (
        [("New Yorkers", N, 3, 2), ("New Yorker", O, 9, 5)],
        {},
    ),
    "an abbreviation of a party's words": (
        [("Lib Dems", O, 98, 40), ("Lib Dem", P, 70, 30), ("Liberal Democrats", N, 64, 30),
         ("Lib Dem MP Jo Swift", P, 3, 1)],
        {("Lib Dems", O): ("Liberal Democrats", O), ("Lib Dem", P): ("Liberal Democrats", O),
         ("Liberal Democrats", N): ("Liberal Democrats", O)},
    ),
    "a possessive is no abbreviation": (
        [("Ava DuVernay", P, 3, 2), ("Ava DuVernay’s", O, 1, 1)],
        {},
    ),
    "a word used in other names is no abbreviation": (
        [("BBC News", O, 160, 90), ("BBC Newcastle", O, 3, 2), ("BBC News Online", O, 9, 5),
         ("South African", N, 31, 20), ("Southern African", N, 4, 3), ("South Africa", G, 90, 40)],
        {},
    ),
}


def test_a_shortened_name_joins_the_longer_name_the_articles_use_with_it():
    rows = [("UK Independence Party", O, 132, 15), ("Independence Party", O, 9, 4), ("Labour Party", O, 49, 20),
            ("Scottish Labour Party", O, 3, 2), ("Syrian Army", O, 3, 3), ("Free Syrian Army", O, 30, 12)]
    together = {(("Independence Party", O), ("UK Independence Party", O)): 3,
                (("Labour Party", O), ("Scottish Labour Party", O)): 2,
                (("Syrian Army", O), ("Free Syrian Army", O)): 1}
    joins, _ = joined(rows, Evidence(copresence=together))
    assert joins == {("Independence Party", O): ("UK Independence Party", O)}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_rule_cases(case):
    rows, expected = CASES[case]
    assert joined(rows)[0] == expected


def test_initials_need_an_article_that_uses_both_and_the_same_kind():
    rows = [("EU", O, 155, 37), ("European Union", O, 19, 16), ("Edinburgh University", O, 1, 1),
            ("NBC", O, 8, 6), ("National Baptist Convention", O, 1, 1), ("D.C.", G, 2, 2), ("Daily Caller", O, 2, 2)]
    together = {(("EU", O), ("European Union", O)): 10, (("EU", O), ("Edinburgh University", O)): 1,
                (("D.C.", G), ("Daily Caller", O)): 2}
    joins, resolved = joined(rows, Evidence(acronym_copresence=together))
    assert joins == {("EU", O): ("European Union", O)}
    assert not any(c.source == ("NBC", O) for c in resolved.candidates)


def test_initials_with_no_dominant_name_are_candidates():
    rows = [("TGWU", O, 8, 5), ("Transport and General Workers' Union", O, 4, 4), ("Transport and General Workers Union", O, 2, 2)]
    together = {(("TGWU", O), (n, O)): 2 for n, _, _, _ in rows[1:]}
    joins, resolved = joined(rows, Evidence(acronym_copresence=together))
    assert ("TGWU", O) not in joins
    assert {c.target[0] for c in resolved.candidates if c.rule == "initials"} == {n for n, _, _, _ in rows[1:]}


def test_an_acronym_defined_in_articles_joins_its_full_name_elsewhere():
    rows = [("WHO", O, 30, 20), ("World Health Organization", O, 12, 10)]
    evidence = Evidence(definitions={"WHO": Counter({"World Health Organization": 9, "World Hockey Organisation": 1})})
    assert joined(rows, evidence)[0] == {("WHO", O): ("World Health Organization", O)}


def test_a_surname_tagged_org_beside_the_full_name_becomes_the_person():
    rows = [("Alastair Campbell", P, 17, 6), ("Campbell", O, 27, 6), ("Ford", O, 40, 30), ("Gerald Ford", P, 3, 2)]
    together = {(("Campbell", O), ("Alastair Campbell", P)): 4, (("Ford", O), ("Gerald Ford", P)): 2}
    joins, _ = joined(rows, Evidence(copresence=together))
    assert joins == {("Campbell", O): ("Alastair Campbell", P)}


def test_of_names_join_only_where_articles_use_both():
    rows = [("Commons", O, 40, 20), ("House of Commons", O, 19, 16), ("Congress", O, 300, 200), ("Library of Congress", O, 2, 1)]
    together = {(("Commons", O), ("House of Commons", O)): 12, (("Congress", O), ("Library of Congress", O)): 1}
    joins, resolved = joined(rows, Evidence(copresence=together))
    assert joins == {("Commons", O): ("House of Commons", O)}
    assert [c.target for c in resolved.candidates if c.rule == "of_name"] == [("Library of Congress", O)]


def test_a_demonym_joins_its_country_only_when_asked():
    rows = [("British", N, 40, 20), ("Britain", G, 30, 20), ("UK", G, 50, 30), ("Turkey", G, 5, 3)]
    without, _ = joined(rows)
    assert without == {("Britain", G): ("UK", G)}  # named as the corpus names it most
    with_demonyms, _ = joined(rows, demonyms=True)
    assert with_demonyms[("British", N)] == ("UK", G)


def test_the_path_through_the_rules_is_kept():
    _, resolved = joined([("Kyiv", G, 9, 5), ("Kyiv", P, 1, 1), ("Conservatives", N, 4, 3), ("Conservative Party", O, 2, 2)])
    assert resolved.rules[("Kyiv", P)] == ["label_vote"]
    assert resolved.rules[("Conservatives", N)] == ["group_form"]


def test_the_rules_have_unique_names():
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))


def test_a_titled_bare_surname_goes_to_the_one_person_so_titled():
    from analysis.actors.people import actor_genders, by_title

    actor_of = {("Hillary Clinton", P): ("Hillary Clinton", P), ("Bill Clinton", P): ("Bill Clinton", P),
                ("Chelsea Clinton", P): ("Chelsea Clinton", P), ("Clinton", P): ("Clinton", P)}
    titles = [("Hillary Clinton", "Mrs.", 40), ("Hillary Clinton", "Mr.", 1), ("Bill Clinton", "Mr.", 12),
              ("Chelsea Clinton", "Ms.", 1)]
    assert actor_genders(titles) == {"Hillary Clinton": "f", "Bill Clinton": "m"}  # one "Ms." is too few
    evidence = {
        "titles": titles,
        "people": [("y", "Bill Clinton"), ("y", "Hillary Clinton")],
        "titled": [("y", 40, "Clinton", "Mrs."), ("y", 60, "Clinton", "Mr."), ("n", 5, "Clinton", "Mrs."),
                   ("y", 80, "Clinton", "Dr.")],
    }
    assert by_title(evidence, actor_of) == [("y", 40, "Hillary Clinton"), ("y", 60, "Bill Clinton"),
                                            ("n", 5, "Hillary Clinton")]  # "Dr." says nothing


def test_in_its_own_article_a_title_can_choose_by_elimination():
    from analysis.actors.people import by_title

    actor_of = {("Hillary Clinton", P): ("Hillary Clinton", P), ("Bill Clinton", P): ("Bill Clinton", P)}
    evidence = {"titles": [("Hillary Clinton", "Mrs.", 30), ("Hillary Clinton", "Mr.", 9)],  # 30 of 39: a woman
                "people": [("y", "Bill Clinton"), ("y", "Hillary Clinton")],
                "titled": [("y", 60, "Clinton", "Mr."), ("n", 5, "Clinton", "Mr.")]}
    # in y, Bill is the one not titled as a woman; with no one named in n, the corpus has no man titled so
    assert by_title(evidence, actor_of) == [("y", 60, "Bill Clinton")]

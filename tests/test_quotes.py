"""Tests of analysis.quotes: hand-built parses for the logic, a few marked tests with the model."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
import spacy
from spacy.tokens import Doc

from analysis.entities import Mention
from analysis.paragraphs import paragraph_spans
from analysis.quotes import Quote, extract_quotes
from analysis.quotes.marks import quote_segments

VOCAB = spacy.blank("en").vocab  # lexical attributes (is_punct, like_num) as in a real pipeline
SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_d63302860ca2abf4.txt"


M = Mention  # the real record type; extract_quotes reads its fields


def parsed(spec: str, ents: dict[str, tuple[str, str]] | None = None) -> tuple[Doc, list[M]]:
    """A Doc from a compact spec: one token per line, `word pos dep head lemma` (head = index).

    `ents` maps a token-range "i:j" to (label, canonical entity) and becomes both doc.ents
    and the mention list.
    """
    words, pos, deps, heads, lemmas = [], [], [], [], []
    for line in spec.strip().splitlines():
        w, p, d, h, lem = line.split()
        words.append(w)
        pos.append(p)
        deps.append(d)
        heads.append(int(h))
        lemmas.append(lem)
    spaces = [not (i + 1 < len(words) and (words[i + 1] in ".,:" or (words[i + 1] == '"' and _closing(words, i + 1))
                                           or (w == '"' and not _closing(words, i))))
              for i, w in enumerate(words)]
    ent_tags = ["O"] * len(words)
    canon = {}
    for rng, (label, entity) in (ents or {}).items():
        a, b = map(int, rng.split(":"))
        ent_tags[a] = f"B-{label}"
        for k in range(a + 1, b):
            ent_tags[k] = f"I-{label}"
        canon[(a, b)] = entity
    doc = Doc(VOCAB, words=words, spaces=spaces, pos=pos, deps=deps, heads=heads, lemmas=lemmas, ents=ent_tags)
    mentions = [M("t", 0, 0, e.start_char, e.end_char, e.text, e.label_, canon[(e.start, e.end)]) for e in doc.ents]
    return doc, mentions


def _closing(words: list[str], i: int) -> bool:
    return words[:i].count('"') % 2 == 1


def one(quotes: list[Quote], kind: str) -> Quote:
    found = [q for q in quotes if q.kind == kind]
    assert len(found) == 1, quotes
    return found[0]


# ---------------------------------------------------------------------------- quotation marks

SEGMENT_CASES = [
    ('He said "yes, we will" today.', ['"yes, we will"']),
    ("“We have strong ties,” he said.", ["“We have strong ties,”"]),
    ("“One,” he said. “Two.”", ["“One,”", "“Two.”"]),
    # a paragraph that never closes its quotation continues in the next paragraph's opening mark
    ('"First part.\n\n"Second part," she said.', ['"First part.', '"Second part,"']),
    ("“First part.\n\n“Second part,” she said.", ["“First part.", "“Second part,”"]),
    # a line of only no-break spaces is a paragraph break too (the one rule of analysis.paragraphs)
    ("“First part.\n\u00a0\n“Second part,” she said.", ["“First part.", "“Second part,”"]),
    ("No quotes here.", []),
]


@pytest.mark.parametrize("text, expected", SEGMENT_CASES)
def test_quotation_marks_pair_within_and_across_paragraphs(text, expected):
    segs = quote_segments(text, paragraph_spans(text))
    assert [text[s.start : s.end] for s in segs] == expected


@pytest.mark.parametrize("blank", ["\n\n", "\n\u00a0\n", "\n \u00a0 \n\n"])
def test_continued_quote_is_flagged(blank):
    text = f'"First part.{blank}"Second part," she said.'
    segs = quote_segments(text, paragraph_spans(text))
    assert [s.continued for s in segs] == [False, True]
    assert [s.closed for s in segs] == [False, True]


# ---------------------------------------------------------------------------- hand-built parses

DIRECT_AFTER = """
" PUNCT punct 2 "
We PRON nsubj 2 we
win VERB ccomp 6 win
, PUNCT punct 6 ,
" PUNCT punct 6 "
Li PROPN nsubj 6 Li
said VERB ROOT 6 say
. PUNCT punct 6 .
"""


def test_direct_quote_speaker_is_subject_of_cue_verb():
    doc, mentions = parsed(DIRECT_AFTER, {"5:6": ("PERSON", "Li Shangfu")})
    (q,) = extract_quotes(doc, mentions, doc_id="t")
    assert (q.kind, q.speaker, q.speaker_text, q.cue) == ("direct", "Li Shangfu", "Li", "said")
    assert q.text == '"We win,"' == doc.text[q.start_char : q.end_char]
    assert (q.doc_id, q.quote_id) == ("t", 0)


DIRECT_INVERTED = """
" PUNCT punct 2 "
We PRON nsubj 2 we
win VERB ccomp 5 win
, PUNCT punct 5 ,
" PUNCT punct 5 "
said VERB ROOT 5 say
Li PROPN dobj 5 Li
. PUNCT punct 5 .
"""


def test_inverted_cue_said_li_finds_speaker_even_when_misparsed():
    doc, mentions = parsed(DIRECT_INVERTED, {"6:7": ("PERSON", "Li Shangfu")})
    (q,) = extract_quotes(doc, mentions, doc_id="t")
    assert (q.speaker, q.cue) == ("Li Shangfu", "said")


DIRECT_BEFORE = """
Li PROPN nsubj 1 Li
said VERB ROOT 1 say
: PUNCT punct 1 :
" PUNCT punct 5 "
We PRON nsubj 5 we
win VERB ccomp 1 win
. PUNCT punct 5 .
" PUNCT punct 1 "
"""


def test_cue_before_the_quote():
    doc, mentions = parsed(DIRECT_BEFORE, {"0:1": ("PERSON", "Li Shangfu")})
    (q,) = extract_quotes(doc, mentions, doc_id="t")
    assert (q.kind, q.speaker, q.cue, q.text) == ("direct", "Li Shangfu", "said", '"We win."')


INDIRECT = """
Li PROPN nsubj 2 Li
also ADV advmod 2 also
said VERB ROOT 2 say
China PROPN nsubj 4 China
was AUX ccomp 2 be
willing ADJ acomp 4 willing
to PART aux 7 to
help VERB xcomp 5 help
. PUNCT punct 2 .
"""


def test_indirect_speech_is_the_ccomp_of_a_speech_verb():
    doc, mentions = parsed(INDIRECT, {"0:1": ("PERSON", "Li Shangfu"), "3:4": ("GPE", "China")})
    (q,) = extract_quotes(doc, mentions, doc_id="t")
    assert (q.kind, q.text, q.speaker, q.cue) == ("indirect", "China was willing to help", "Li Shangfu", "said")


PARTIAL = """
He PRON nsubj 1 he
added VERB ROOT 1 add
that SCONJ mark 6 that
ties NOUN nsubj 6 tie
have AUX aux 6 have
" PUNCT punct 6 "
entered VERB ccomp 1 enter
a DET det 9 a
new ADJ amod 9 new
era NOUN dobj 6 era
" PUNCT punct 6 "
. PUNCT punct 1 .
"""


def test_quoted_fragment_inside_reported_speech_is_partial():
    doc, _ = parsed(PARTIAL)
    (q,) = extract_quotes(doc, [], doc_id="t")
    assert q.kind == "partial"
    assert q.text == 'that ties have "entered a new era"'
    # no antecedent for "he": the speaker stays empty, never guessed
    assert (q.speaker, q.speaker_text, q.cue) == ("", "He", "added")


PRONOUN = """
Li PROPN compound 1 Li
Shangfu PROPN nsubj 2 Shangfu
spoke VERB ROOT 2 speak
. PUNCT punct 2 .
" PUNCT punct 6 "
We PRON nsubj 6 we
win VERB ccomp 10 win
, PUNCT punct 10 ,
" PUNCT punct 10 "
he PRON nsubj 10 he
said VERB ROOT 10 say
. PUNCT punct 10 .
"""


def test_pronoun_speaker_resolves_to_previous_subject():
    doc, mentions = parsed(PRONOUN, {"0:2": ("PERSON", "Li Shangfu")})
    (q,) = extract_quotes(doc, mentions, doc_id="t")
    assert (q.speaker, q.speaker_text) == ("Li Shangfu", "he")


def test_pronoun_gender_from_honorific_is_respected():
    spec = """
Mrs PROPN compound 1 Mrs
Smith PROPN nsubj 2 Smith
spoke VERB ROOT 2 speak
. PUNCT punct 2 .
" PUNCT punct 6 "
We PRON nsubj 6 we
win VERB ccomp 10 win
, PUNCT punct 10 ,
" PUNCT punct 10 "
he PRON nsubj 10 he
said VERB ROOT 10 say
. PUNCT punct 10 .
"""
    doc, mentions = parsed(spec, {"1:2": ("PERSON", "Jane Smith")})
    (q,) = extract_quotes(doc, mentions, doc_id="t")
    assert q.speaker == ""  # "he" cannot be Mrs Smith


ACCORDING = """
Talks NOUN nsubj 2 talk
will AUX aux 2 will
resume VERB ROOT 2 resume
soon ADV advmod 2 soon
, PUNCT punct 2 ,
according VERB prep 2 accord
to ADP prep 5 to
a DET det 8 a
readout NOUN pobj 6 readout
. PUNCT punct 2 .
"""


def test_according_to_gives_indirect_quote_with_its_source():
    doc, _ = parsed(ACCORDING)
    (q,) = extract_quotes(doc, [], doc_id="t")
    assert (q.kind, q.text, q.speaker, q.speaker_text, q.cue) == ("indirect", "Talks will resume soon", "a readout", "a readout", "")


SCARE = """
Putin PROPN nsubj 3 Putin
and CCONJ cc 0 and
Xi PROPN conj 0 Xi
hailed VERB ROOT 3 hail
a DET det 6 a
" PUNCT punct 6 "
era NOUN dobj 3 era
" PUNCT punct 6 "
. PUNCT punct 3 .
"""


def test_scare_quotes_without_speech_verb_are_not_quotes():
    doc, mentions = parsed(SCARE, {"0:1": ("PERSON", "Vladimir Putin")})
    assert extract_quotes(doc, mentions, doc_id="t") == []


def test_floating_quote_takes_speaker_of_adjacent_quote():
    text_spec = DIRECT_AFTER.strip() + """
" PUNCT punct 10 "
More ADJ amod 10 more
soon ADV ROOT 10 soon
. PUNCT punct 10 .
" PUNCT punct 10 "
"""
    doc, mentions = parsed(text_spec, {"5:6": ("PERSON", "Li Shangfu")})
    qs = extract_quotes(doc, mentions, doc_id="t")
    assert [(q.kind, q.speaker, q.cue) for q in qs] == [("direct", "Li Shangfu", "said"), ("direct", "Li Shangfu", "")]


def test_empty_doc_has_no_quotes():
    doc = Doc(VOCAB, words=[])
    assert extract_quotes(doc, [], doc_id="t") == []


BLANK = spacy.blank("en")


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet='ab “”"\n.,', max_size=60))
def test_unparsed_text_never_breaks_offsets(text):
    """Any text, even without a parse: spans are exact slices, numbered in order."""
    doc = BLANK(text)
    qs = extract_quotes(doc, [], doc_id="t")
    assert qs == extract_quotes(doc, [], doc_id="t")
    for k, q in enumerate(qs):
        assert q.quote_id == k
        assert q.text == text[q.start_char : q.end_char]


# ---------------------------------------------------------------------------- with the model


def _mentions(doc) -> list[M]:
    """doc.ents with a PERSON's partial name mapped to a longer one (stand-in for entities)."""
    persons = [e.text for e in doc.ents if e.label_ == "PERSON"]
    out = []
    for e in doc.ents:
        name = e.text
        if e.label_ == "PERSON":
            longer = [p for p in persons if set(name.split()) < set(p.split())]
            name = max(longer, key=len) if longer else name
        out.append(M("t", 0, 0, e.start_char, e.end_char, e.text, e.label_, name))
    return out


@pytest.mark.model
def test_seed_article_speakers(nlp):
    text = SEED.read_text(encoding="utf-8")
    doc = nlp(text)
    qs = extract_quotes(doc, _mentions(doc), doc_id="seed")
    by_start = {q.text[:30]: q for q in qs}

    def find(fragment: str) -> Quote:
        hits = [q for q in qs if fragment in q.text]
        assert len(hits) == 1, (fragment, qs)
        return hits[0]

    li = [find("We have very strong ties"), find("already entered a new era"),
          find("This is my first overseas visit"), find("China was willing to work")]
    putin = [find("We are also working actively"), find("This is, undoubtedly")]
    assert [q.speaker for q in li] == ["Li Shangfu"] * 4
    assert [q.speaker for q in putin] == ["Vladimir Putin"] * 2
    assert [q.kind for q in li] == ["direct", "partial", "direct", "partial"]
    assert [q.cue for q in li + putin] == ["said", "added", "said", "said", "said", "added"]
    assert not any("new era\" in their relationship" in q.text for q in qs)  # a scare quote
    assert len(qs) == 6  # nothing from the teaser, the "-- claims China has denied" noun, ...
    assert by_start  # every quote is an exact slice
    assert all(q.text == text[q.start_char : q.end_char] for q in qs)


MODEL_CASES = [
    # (text, [(kind, speaker, cue, text fragment)])
    ("“We will not back down,” said Jane Smith, the union's president.",
     [("direct", "Jane Smith", "said", "We will not back down")]),
    ('Jane Smith told reporters: "The deal is done."',
     [("direct", "Jane Smith", "told", "The deal is done")]),
    ("Jane Smith warned that prices would rise next year.",
     [("indirect", "Jane Smith", "warned", "prices would rise next year")]),
    ("Prices will rise next year, according to Jane Smith.",
     [("indirect", "Jane Smith", "", "Prices will rise next year")]),
    ('Jane Smith arrived on Monday.\n\n"It was a long trip," she said. "We are tired."',
     [("direct", "Jane Smith", "said", "It was a long trip"), ("direct", "Jane Smith", "", "We are tired")]),
    ("The mood was one of “cautious optimism” at the summit.", []),
    # a parenthetical cue splits the reported sentence in two
    ("Mary Jones runs the clinic.\n\nThe drugs have a limited set of uses, she says, and are meant to be taken short term.",
     [("indirect", "Mary Jones", "says", "The drugs have a limited set of uses"),
      ("indirect", "Mary Jones", "says", "and are meant to be taken short term")]),
    ("Being in a public position can be hard, Lonechild said.",
     [("indirect", "Lonechild", "said", "Being in a public position can be hard")]),
    # "according to" in mid-sentence: the content on both sides
    ("Shelter residents, according to the preliminary findings, are fearful about losing their beds.",
     [("indirect", "the preliminary findings", "", "Shelter residents"),
      ("indirect", "the preliminary findings", "", "are fearful about losing their beds")]),
    # a quoted word a labelling verb attributes to its subject
    ("Prime Minister Justin Trudeau called the report “false” on Thursday.",
     [("partial", "Justin Trudeau", "called", "“false”")]),
    # two single marks standing for a closing double mark
    ("“We dedicate ourselves to local creators,’’ says Alfonso Espinos, the founder.",
     [("direct", "Alfonso Espinos", "says", "local creators,’’")]),
    # a title in quotation marks is not speech
    ("He watched “The Kid Who Would Be King” with his son.", []),
    # a quotation continued over paragraphs: the open part takes the speaker of its continuation
    ("Jane Smith spoke to reporters.\n\n“The first part of the plan is simple.\n\n“The second part is harder,” she said.",
     [("direct", "Jane Smith", "", "The first part"), ("direct", "Jane Smith", "said", "The second part")]),
    # "he" stays on the subject of the chain, not on a name inside the reported clause
    ("Kevin Vickers was in Ottawa on Monday.\n\nHe said the business, along with a credit union run by his "
     "father's friend, Martin Legere, gave the province a boost.\n\n“They brought a lot of jobs,” he said.",
     [("indirect", "Kevin Vickers", "said", "gave the province a boost"),
      ("direct", "Kevin Vickers", "said", "They brought a lot of jobs")]),
    ("Trudeau said he was looking forward to the campaign, and added that the party was ready.",
     [("indirect", "Trudeau", "said", "he was looking forward to the campaign"),
      ("indirect", "Trudeau", "added", "that the party was ready")]),
    # "the company": the one organisation named just before
    ("Procter & Gamble rallied 6 per cent on Tuesday. The company said its annual profit could be stronger.",
     [("indirect", "Procter & Gamble", "said", "its annual profit could be stronger")]),
    # ... but not when two organisations compete, nor when the description names itself
    ("Microsoft and Google both reported results on Tuesday. The company said its profit could be stronger.",
     [("indirect", "The company", "said", "its profit could be stronger")]),
    ("Huawei Technologies reported record sales.\n\nThe Canadian government said its two citizens are being detained.",
     [("indirect", "The Canadian government", "said", "its two citizens are being detained")]),
    # a passive labelling verb: what was described is not who described it
    ("China has been outspoken about the arrest, which was described as “basically kidnapping” in state media.",
     [("partial", "", "described", "basically kidnapping")]),
    # a quotation that ends its sentence with a period takes no cue from the next sentence
    ("“I had a club membership, but this really helped,” Babatunji Farinloye says. “Now my body feels like "
     "something is wrong.” A dietitian told him how to read labels.",
     [("direct", "Babatunji Farinloye", "says", "I had a club membership"),
      ("direct", "Babatunji Farinloye", "", "Now my body feels")]),
    # "the minister" is not the prime minister
    ("Prime Minister Justin Trudeau met Foreign Affairs Minister Chrystia Freeland on Monday.\n\n"
     "“It is important,” the minister said.",
     [("direct", "the minister", "said", "It is important")]),
    # "he" after an unnamed speaker is that speaker, not a person named further back
    ("President Uhuru Kenyatta spoke on Monday.\n\nA private security professional told Reuters the attackers "
     "came at noon.\n\nThe gunmen fled later, he said.",
     [("indirect", "A private security professional", "told", "the attackers came at noon"),
      ("indirect", "A private security professional", "said", "The gunmen fled later")]),
    # ... but a definite description is resolved, so it does not hide the person from "she"
    ("Trade Secretary Patricia Hewitt visited a school.\n\nThe minister said pay gaps were narrowing.\n\n"
     "The gap is still too wide, she said.",
     [("indirect", "Patricia Hewitt", "said", "pay gaps were narrowing"),
      ("indirect", "Patricia Hewitt", "said", "The gap is still too wide")]),
    # a name inside a relative clause is not the speaker's apposition
    ("Xander Wise draws comics.\n\n“It is hard work,” says the self-taught resident, who sold 40 copies of his "
     "comic Forgotten Grunt: The Undead Soldier.",
     [("direct", "Xander Wise", "says", "It is hard work")]),
    # "obtained by The Globe": the newspaper has the memo, it did not write it
    ("According to the memo obtained by The Globe, the fund “believed in the long-term value of these publications.”",
     [("partial", "the memo", "", "believed in the long-term value")]),
]


@pytest.mark.model
@pytest.mark.parametrize("text, expected", MODEL_CASES)
def test_model_cases(nlp, text, expected):
    doc = nlp(text)
    _assert_quotes(extract_quotes(doc, _mentions(doc), doc_id="t"), expected)


def _assert_quotes(qs, expected):
    """*expected*: (kind, speaker, cue, a fragment of the quote text) per quote, in order."""
    assert [(q.kind, q.speaker, q.cue) for q in qs] == [e[:3] for e in expected]
    for q, e in zip(qs, expected):
        assert e[3] in q.text


@pytest.mark.model
def test_extraction_stays_linear_on_a_long_document(nlp):
    """Doc.text is rebuilt on every access; a per-quote access made this quadratic once."""
    import time

    para = '"We will win this fight," Jane Smith said. She added that the "new era" had begun.\n\n'
    small, big = nlp(para * 50), nlp(para * 400)
    t0 = time.perf_counter()
    extract_quotes(small, [], doc_id="t")
    t1 = time.perf_counter()
    qs = extract_quotes(big, [], doc_id="t")
    t2 = time.perf_counter()
    assert len(qs) == 800
    assert (t2 - t1) < 20 * max(t1 - t0, 0.01)  # 8x the text, well under 20x the time


ENTITY_CASES = [
    # (text, [(kind, speaker, cue, text fragment)]) with the real analysis.entities mentions
    # "the agency" / "the company": the one organisation named just before
    ("The U.S. State Department called for the release of the two Canadians on Friday.\n\n"
     "“We share Canada’s commitment to the rule of law,” the agency said in a statement.",
     [("direct", "U.S. State Department", "said", "We share Canada")]),
    # an organisation introduced with the noun: "security firm Cisco Talos" -> "the security firm"
    ("Security firm Cisco Talos studied the emails.\n\n“The claims are completely false,” the security firm wrote in its statement.",
     [("direct", "Cisco Talos", "wrote", "The claims are completely false")]),
    # "Mrs Howard" beside "Mr Howard" and "Michael Howard" is another person
    ("Tory leader Michael Howard spoke on Monday. Mr Howard was cheered.\n\n“I am proud of the campaign,” Mrs Howard said.",
     [("direct", "Mrs Howard", "said", "I am proud of the campaign")]),
]


@pytest.mark.model
@pytest.mark.parametrize("text, expected", ENTITY_CASES)
def test_model_cases_with_entity_mentions(nlp, text, expected):
    from analysis.paragraphs import paragraph_spans
    from analysis.entities import extract_mentions

    doc = nlp(text)
    _assert_quotes(extract_quotes(doc, extract_mentions(doc, "t", paragraphs=paragraph_spans(text)), doc_id="t"),
                   expected)

"""Spans: the model's entity spans with their edges repaired, before any label is judged.

Name spans are split where names never run on (line breaks, commas, brackets, " - ", "v",
"at": "Lithuania - Danius Gleveckas", "Yorkshire at Headingley"), and lose a leading "the",
a trailing possessive, numbers at their edges ("Surrey 429-7") and lower-case words at their
edges ("Interfax news agency", "spokesperson Lu Kang"). PERSON spans stop at a possessive
("Justin Trudeau's Liberals"), take in initials and a neighbouring capitalised word the model
left out ("K. Curran", "Waqar Younis") and hyphenated endings ("Moon Jae-in"); other names take
in a capitalised hyphenated ending ("SNC-Lavalin"), and a group name the model cut short takes
its first word back ("Liberal Democrat", `group_names`). Untagged "J. Ratcliffe" becomes a PERSON.
"""

from __future__ import annotations

import re

from .. import lexicon
from .context import ArticleContext
from .group_names import extend_group_names
from .names import FAC_HEADS, ORG_HEADS, PLACE_HEADS, ROLE_NOUNS, TITLES, name_key, normalise_name
from .records import NAME_LABELS, Ent
from .relatives import untagged_relatives

# Punctuation that never occurs inside one name.
_BREAKS = frozenset({",", "(", ")", "[", "]", ";", "|", "/"})
_DASHES = frozenset({"-", "–", "—", "--"})
_APOSTROPHE_S = frozenset({"'s", "’s", "'", "’"})
_VERSUS = lexicon.words("versus_words")
_PARTICLES = lexicon.words("name_particles")
# Labels whose names may begin or end with a number ("1997 Fed Cup", "Windows 95").
_NUMBERED_LABELS = frozenset({"EVENT", "WORK_OF_ART", "PRODUCT", "LAW"})
_NAME_HEADS = ORG_HEADS | FAC_HEADS | PLACE_HEADS

INITIAL = re.compile(r"^(?:[A-Z]\.){1,3}$")
ONE_INITIAL = re.compile(r"^[A-Z]\.$")
_GLUED_NUMBER = re.compile(r"(?<=[^\W\d_])[,;:]\d+$")


def initial_ents(article: ArticleContext) -> list[Ent]:
    """`doc.ents` with their spans repaired (see the module's docstring); blank ones dropped."""
    doc = article.doc
    spans = _model_spans(doc)
    covered = bytearray(len(doc))
    for start, end, _ in spans:
        covered[start:end] = b"\x01" * (end - start)
    _extend_spans(doc, spans, covered, article.places)
    extend_group_names(doc, spans, covered)
    spans.extend(initialled_names(article, covered))
    spans.extend(untagged_relatives(doc, covered))
    return _to_ents(article, join_adjacent_people(doc, spans))


def _model_spans(doc) -> list[list]:
    """[start, end, label] of the model's entities, split and trimmed."""
    spans: list[list] = []
    for span in doc.ents:
        label = span.label_
        pieces = split_name(doc, span.start, span.end) if label in NAME_LABELS else [(span.start, span.end)]
        for start, end in pieces:
            start, end = trim(doc, start, end, label)
            if start < end:
                spans.append([start, end, label])
    return spans


def _extend_spans(doc, spans: list[list], covered: bytearray, places) -> None:
    """Person names take in initials and neighbours, other names their hyphenated rest."""
    for sp in spans:
        if sp[2] == "PERSON" and name_key(doc[sp[0] : sp[1]].text) not in places:
            sp[0], sp[1] = extend_person(doc, sp[0], sp[1], covered)
        elif sp[2] in NAME_LABELS and sp[2] != "PERSON":
            sp[1] = extend_hyphenated(doc, sp[1], covered)


def _to_ents(article: ArticleContext, spans: list[list]) -> list[Ent]:
    text, starts, orth = article.text, article.columns.starts, article.columns.strings("ORTH")
    out = []
    for start, end, label in spans:
        sc, ec = starts[start], starts[end - 1] + len(orth[end - 1])
        span_text = text[sc:ec]
        glued = _GLUED_NUMBER.search(span_text) if label == "PERSON" else None
        if glued:  # "Khaled Belkacemi,60": an age glued to the name
            ec -= len(glued.group())
            span_text = text[sc:ec]
        if span_text.strip():
            out.append(Ent(start, end, label, sc, ec, span_text, normalise_name(span_text, label)))
    return out


# --- splitting -------------------------------------------------------------------------------


def split_name(doc, start: int, end: int) -> list[tuple[int, int]]:
    """Token ranges of a name span, cut where two names were run together."""
    loud = all(not t.is_alpha or t.is_upper for t in doc[start:end])
    pieces, begin = [], start
    for i in range(start, end):
        if not _is_cut(doc, i, start, end, loud):
            continue
        tok = doc[i]
        ends_line = "\n" in tok.whitespace_ and not tok.is_space and tok.text not in _BREAKS
        pieces.append((begin, i + 1 if ends_line else i))  # a token that ends its line is kept
        begin = i + 1
    pieces.append((begin, end))
    return [(a, b) for a, b in pieces if a < b]


def _is_cut(doc, i: int, start: int, end: int, loud: bool) -> bool:
    """Whether token *i* of the name span ``start:end`` separates two names."""
    tok = doc[i]
    return (
        tok.text in _BREAKS
        or (tok.is_space and "\n" in tok.text)
        or "\n" in tok.whitespace_
        or (tok.text in _DASHES and i > start and bool(doc[i - 1].whitespace_) and bool(tok.whitespace_))
        or (tok.lower_ in _VERSUS and (tok.is_lower or loud) and start < i < end - 1)
    )


# --- trimming: steps applied in order, each (doc, start, end, label) -> (start, end) ----------


def _strip_spaces(doc, start: int, end: int, label: str) -> tuple[int, int]:
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    return start, end


def _drop_leading_the(doc, start: int, end: int, label: str) -> tuple[int, int]:
    if label in NAME_LABELS and end - start > 1 and doc[start].lower_ == "the":
        start += 1
    return start, end


def _cut_person_at_possessive(doc, start: int, end: int, label: str) -> tuple[int, int]:
    """"Justin Trudeau 's Liberals" -> "Justin Trudeau"."""
    if label == "PERSON":
        for i in range(start + 1, end - 1):
            if doc[i].lower_ in _APOSTROPHE_S:
                return start, i
    return start, end


def _drop_trailing_possessive(doc, start: int, end: int, label: str) -> tuple[int, int]:
    if end - start > 1 and doc[end - 1].lower_ in _APOSTROPHE_S:
        end -= 1
    return start, end


def _drop_edge_numbers(doc, start: int, end: int, label: str) -> tuple[int, int]:
    """"Surrey 429-7" -> "Surrey" (not for labels whose names hold numbers)."""
    if label in NAME_LABELS and label not in _NUMBERED_LABELS:
        while end - start > 1 and (_is_number(doc[end - 1]) or doc[end - 1].text in _DASHES):
            end -= 1
        while end - start > 1 and (_is_number(doc[start]) or doc[start].text in _DASHES):
            start += 1
    return start, end


def _drop_edge_lower_words(doc, start: int, end: int, label: str) -> tuple[int, int]:
    """"Interfax news agency" -> "Interfax"; a particle may begin a name ("de Gaulle")."""
    if label in NAME_LABELS and label not in _NUMBERED_LABELS:
        while end - start > 1 and _is_lower_word(doc[end - 1]):
            end -= 1
        while end - start > 1 and _is_lower_word(doc[start]) and doc[start].lower_ not in _PARTICLES:
            start += 1
    return start, end


# Tags of a first word that is no name word ("Telling Jeb Bush", "Across Wales", "Certainly ...").
_NON_NAME_TAGS = frozenset({"IN", "VBG", "VB", "VBD", "VBZ", "VBP", "RB", "UH", "NN", "NNS", "NNPS", "DT", "CC", "TO", "WRB", "WP"})
_DESCRIPTORS = lexicon.words("person_descriptors") - TITLES  # titles stay: canonical names drop them
COMPASS = lexicon.words("compass_words")


def _drop_leading_non_name(doc, start: int, end: int, label: str) -> tuple[int, int]:
    """"Telling Jeb Bush" -> "Jeb Bush", "Actress Amandla Stenberg" -> "Amandla Stenberg": a
    PERSON span loses a first word that is no name word (by its tag, or a noun describing a
    person), so long as two name words remain ("Will Smith" keeps "Will": a modal's tag)."""
    while label == "PERSON" and end - start >= 2 and doc[start + 1].lower_ not in COMPASS:  # "Leeds North West"
        tok = doc[start]
        by_tag = tok.tag_ in _NON_NAME_TAGS and tok.lower_ not in _PARTICLES
        if not (by_tag or (tok.lower_ in _DESCRIPTORS and end - start >= 3)):
            break
        if end - start == 2 and not (by_tag and tok.tag_ not in {"NN", "NNS", "NNPS"}):
            break  # "Hope Hicks": one name word would be left; only a verb or a preposition goes
        start += 1
    return start, end


def _strip_trailing_dashes(doc, start: int, end: int, label: str) -> tuple[int, int]:
    while end > start and (doc[end - 1].is_space or doc[end - 1].text in _DASHES):
        end -= 1
    return start, end


TRIM_STEPS = (
    _strip_spaces,
    _drop_leading_the,
    _cut_person_at_possessive,
    _drop_trailing_possessive,
    _drop_edge_numbers,
    _drop_edge_lower_words,
    _drop_leading_non_name,
    _strip_trailing_dashes,
)


def trim(doc, start: int, end: int, label: str) -> tuple[int, int]:
    """Drop spaces, "the", possessives, edge numbers and edge lower-case words (`TRIM_STEPS`)."""
    for step in TRIM_STEPS:
        start, end = step(doc, start, end, label)
    return start, end


def _is_number(tok) -> bool:
    """"429-7", "1996-08-31": digits and no letters."""
    return any(c.isdigit() for c in tok.text) and not any(c.isalpha() for c in tok.text)


def _is_lower_word(tok) -> bool:
    return tok.is_alpha and tok.is_lower


# --- extending -------------------------------------------------------------------------------


def _free_name_word(doc, i: int, covered: bytearray) -> bool:
    """Whether token *i* is an untagged capitalised word (or initials) that may be a name word."""
    tok = doc[i]
    return (
        not covered[i]
        and tok.tag_ not in {"NNPS", "NNS"}
        and tok.lower_ not in _NAME_HEADS
        and ((tok.is_title and tok.is_alpha) or INITIAL.match(tok.text) is not None)
        and tok.lower_.rstrip(".") not in TITLES
        and tok.lower_ not in ROLE_NOUNS
        and not tok.is_stop
    )


def extend_person(doc, start: int, end: int, covered: bytearray) -> tuple[int, int]:
    """Take in initials and one capitalised word on each side that the model left out."""
    # A lone word ("Younis", "Mikael") may lack a neighbour; initials join any name.
    lone = " " not in doc[start:end].text or all(INITIAL.match(t.text) for t in doc[start:end])  # "Vasquez-Lund" too
    if start > 0 and doc[start - 1].whitespace_ == " " and _free_name_word(doc, start - 1, covered):
        left = doc[start - 1]
        if INITIAL.match(left.text) or (lone and not left.is_sent_start and left.tag_ == "NNP"):
            start -= 1
    if lone and end < len(doc) and _takes_right_neighbour(doc, end, covered):
        end += 1
    # "Moon Jae" + "-in": a hyphenated name the tokenizer split
    return start, extend_hyphenated(doc, end, covered, capitalised=False)


def _takes_right_neighbour(doc, end: int, covered: bytearray) -> bool:
    return (
        doc[end - 1].whitespace_ == " "
        and _free_name_word(doc, end, covered)
        and not doc[end].is_sent_start
        and doc[end].tag_ in {"NNP", ""}
    )


def extend_hyphenated(doc, end: int, covered: bytearray, *, capitalised: bool = True) -> int:
    """"SNC" + "-Lavalin", "Moon Jae" + "-in": the hyphenated rest of a name the model or the
    tokenizer left out (with *capitalised*, only a part that starts with a capital)."""
    while (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
        and doc[end + 1].is_alpha
        and (not capitalised or doc[end + 1].text[:1].isupper())
        and not covered[end + 1]
    ):
        end += 2
    return end


def initialled_names(article: ArticleContext, covered: bytearray) -> list[list]:
    """Untagged "J. Ratcliffe": an initial and a capitalised word name a person."""
    doc = article.doc
    out = []
    texts = article.columns.strings("ORTH")
    for i in range(len(doc) - 1):
        if not ONE_INITIAL.match(texts[i]):
            continue  # (checked first: it rules out nearly every token without a Token object)
        if _is_initialled_name(doc, texts, i, covered):
            out.append([i, i + 2, "PERSON"])
            covered[i : i + 2] = b"\x01\x01"
    return out


def _is_initialled_name(doc, texts: list[str], i: int, covered: bytearray) -> bool:
    tok, nxt = doc[i], doc[i + 1]
    return (
        not covered[i]
        and not covered[i + 1]
        and tok.whitespace_ == " "
        and nxt.is_title
        and nxt.is_alpha
        and not nxt.is_stop
        and nxt.lower_ not in TITLES
        and (i == 0 or not ONE_INITIAL.match(texts[i - 1]))
    )


def join_adjacent_people(doc, spans: list[list]) -> list[list]:
    """One PERSON (or NORP) from two the model split on one line ("Natalia" "Karimova", "Iraqi" "Kurds")."""
    spans = sorted(spans, key=lambda sp: sp[0])
    out: list[list] = []
    for sp in spans:
        if out and _joins(doc, out[-1], sp):
            out[-1][1] = max(out[-1][1], sp[1])
        elif out and sp[0] < out[-1][1]:
            continue  # an extension ran into the next span: keep the first
        else:
            out.append(sp)
    return out


def _joins(doc, prev: list, sp: list) -> bool:
    return (
        sp[2] == prev[2]
        and sp[2] in {"PERSON", "NORP"}
        and sp[0] == prev[1]
        and doc[sp[0] - 1].whitespace_ == " "
        and sp[1] - prev[0] <= 3
        and not any(t.lower_.rstrip(".") in TITLES or t.is_upper for t in doc[prev[0] : sp[1]])
    )

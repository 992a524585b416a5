"""People introduced by first name only, as someone's relative: "his father, Bill",
"Musk's brother, Kimbal", "her daughter Lucy".

A one-word capitalised name in apposition to a kin noun (`analysis/data/kin_nouns.txt`) names
a person, whatever the model tagged it (the small model reads "Kimbal" as ORG, "Darrin" as
GPE) and even when it has no other sign of a person (no "said", no honorific).
"""

from __future__ import annotations

from .. import lexicon

KIN_NOUNS = lexicon.words("kin_nouns")


def is_kin_apposition(doc, start: int, end: int) -> bool:
    """Whether tokens ``start:end`` are one capitalised word in apposition to a kin noun."""
    if end - start != 1 or not doc.has_annotation("DEP"):
        return False
    tok = doc[start]
    return (
        tok.is_alpha
        and tok.is_title
        and tok.dep_ in {"appos", "npadvmod"}
        and tok.head.i < tok.i
        and tok.head.lower_ in KIN_NOUNS
        and tok.i - tok.head.i <= 2  # "father, Bill" or "daughter Lucy": right after the noun
    )


def untagged_relatives(doc, covered: bytearray) -> list[list]:
    """[start, end, "PERSON"] of untagged first names in apposition to a kin noun."""
    if not doc.has_annotation("DEP"):
        return []
    out = []
    for tok in doc:
        if not covered[tok.i] and tok.tag_ == "NNP" and is_kin_apposition(doc, tok.i, tok.i + 1):
            out.append([tok.i, tok.i + 1, "PERSON"])
            covered[tok.i] = 1
    return out

"""Docs built by hand for the rule tests: a blank tokenizer, entities (and a few dependency
labels) placed where a test says, so rules are tested without a statistical model."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

NLP_BLANK = spacy.blank("en")


def tagged(text: str, ents: list[tuple[str, str]], *, deps: dict[str, str] | None = None) -> Doc:
    """Doc of `text` (blank tokenizer) with `ents` = [(phrase, label)] found left to right.

    `deps` gives a dependency label to the first token of a phrase (the head is
    the token itself), for the rules that read the parse.
    """
    doc = NLP_BLANK.make_doc(text)
    spans, pos = [], 0
    for phrase, label in ents:
        i = text.index(phrase, pos)
        span = doc.char_span(i, i + len(phrase), label=label)
        assert span is not None, phrase
        spans.append(span)
        pos = i + len(phrase)
    doc.ents = spans
    if deps is not None:
        words = [t.text for t in doc]
        dep_labels = ["dep"] * len(words)
        for phrase, dep in deps.items():
            dep_labels[words.index(phrase.split(" ")[0])] = dep
        iob = [t.ent_iob_ + ("-" + t.ent_type_ if t.ent_type_ else "") for t in doc]
        spaces = [bool(t.whitespace_) for t in doc]
        doc = Doc(doc.vocab, words=words, spaces=spaces, deps=dep_labels, heads=list(range(len(words))), ents=iob)
    return doc

"""Reporting cues beyond "said that" (issue 11, cue part): infinitive requests ("warned X not to
..."), labelling ("called X a ..."), accusations, colon-introduced quotations and noun cues, each
attributed to the cue's subject. Table-driven (text, expected) cases on real parses with the
pinned model; the sentences are our own."""
from __future__ import annotations

import pytest

from analysis.quotes import extract_quotes
from test_quotes import _assert_quotes, _mentions

pytestmark = pytest.mark.model

CASES = [
    # (text, [(kind, speaker, cue, text fragment)])
    # --- an infinitival complement is the report of a warning
    ("Police chief Ann Lee warned residents not to travel during the storm.",
     [("indirect", "Ann Lee", "warned", "not to travel during the storm")]),
    ("Ann Lee warned that the storm would be severe.",
     [("indirect", "Ann Lee", "warned", "the storm would be severe")]),
    # ... but a warned hearer is not the speaker, and an unnamed warner is nobody
    ("Residents were warned to stay indoors.", []),
    # a promise or a vow to act is not a quote (ggt-dev does not annotate them)
    ("Senator Mary Jones vowed to block the bill next week.", []),
    # --- labelling: the object and its label are the subject's words
    ("Mary Jones called the plan a disaster for working families.",
     [("indirect", "Mary Jones", "called", "the plan a disaster for working families")]),
    ("Tom Baker is a coach who Mary Jones calls a tireless worker and a good friend.",
     [("indirect", "Mary Jones", "calls", "a tireless worker and a good friend")]),
    # ... a quoted label stays the quoted words
    ("Mary Jones called the ruling “a victory for common sense” and left.",
     [("partial", "Mary Jones", "called", "“a victory for common sense”")]),
    # ... not a phone call, nor the writer's "what they call"
    ("Tom Baker called his brother on Friday.", []),
    ("The workers left over what they call poor treatment by managers.", []),
    # --- a request: "called on X to ..."
    ("Mary Jones called on the council to reverse its decision.",
     [("indirect", "Mary Jones", "called", "the council to reverse its decision")]),
    # an accusation is not a quote (ggt-dev does not annotate them)
    ("Mary Jones accused the council of wasting public money.", []),
    # --- a colon introducing a quotation: the clause before it names the speaker
    ('Lee, the surgeon at the city clinic, is more blunt: "With this new rule, I think we will find '
     'things that are horrifying."',
     [("direct", "Lee", "", "With this new rule")]),
    ("Tom Baker posted a photo of the flood with this: “The water is still rising.”",
     [("direct", "Tom Baker", "posted", "The water is still rising")]),
    # ... also when the clause ends the paragraph before the quotation
    ('Tom Baker spoke to the crowd.\n\nJane Smith added:\n\n"We will rebuild every house."',
     [("direct", "Jane Smith", "added", "We will rebuild every house")]),
    # ... not a colon clause without a subject, and not the quotation after it
    ("Her verdict: “It was a waste of time.”", [("direct", "", "", "It was a waste of time")]),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_cue_cases(nlp, text, expected):
    doc = nlp(text)
    _assert_quotes(extract_quotes(doc, _mentions(doc), doc_id="t"), expected)

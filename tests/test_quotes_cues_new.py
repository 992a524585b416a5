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
]


@pytest.mark.parametrize("text, expected", CASES)
def test_cue_cases(nlp, text, expected):
    doc = nlp(text)
    _assert_quotes(extract_quotes(doc, _mentions(doc), doc_id="t"), expected)

"""Quote detection and speaker attribution over a parsed article.

`extract_quotes(doc, mentions, doc_id=...)` finds three kinds of quotes:

- ``direct``: words inside quotation marks, set off as speech ("...," Li said.); `text` keeps
  the quotation marks. A quotation left open at a paragraph's end runs to that end; the next
  paragraph's opening mark continues it (each paragraph is its own quote).
- ``partial``: reported speech that contains a quoted fragment (He added that ties have
  "already entered a new era"); `text` is the reported clause. A quoted word attributed by a
  labelling verb (called it "false") is partial too, with `text` the quoted word.
- ``indirect``: reported speech without quotation marks (Li said China was willing ...;
  ..., according to a readout; The drugs, he says, are ...); `text` is the reported clause.

Each quote's speaker is chosen by an ordered list of sieves (`SIEVES`), and the quote records
which one (`Quote.sieve`) and where the words naming the speaker are (`speaker_start`,
`speaker_end`); a quote whose speaker cannot be found keeps speaker "" -- it is never guessed.
A coordinated subject gives every speaker (`Quote.speakers`); the pieces of one interrupted or
run-on quotation share `Quote.group_id`; a partial quote keeps its quoted words (`Quote.quoted`).
Scare quotes, titles in quotation marks and questions are not quotes. The rules are general:
developed on ggt-dev and polnear-dev and kept only where they help on both, or help one and leave
the other (and each half of ggt-dev) unchanged (benchmarks/accuracy.py, benchmarks/polnear.py).

Where things are:

============================  =============================================================
quotation marks, pairing      `marks` (`quote_segments`, `Segment`)
direct speech vs scare quote  `direct` (`is_setoff`, `looks_like_title`, `find_direct_cue`,
                              `colon_cue` for "Lee was blunt: “...”")
speech verbs, *according to*  `cues` (lexicons, `according_object`, `subject_of`, parentheticals,
                              inverted '"...," said Li'); the verb lists are analysis/data/*.txt
indirect and partial quotes   `reported` (complements, parenthetical cues, *according to*
                              content, `NOT_REPORTS`)
called the plan a disaster    `objects` (reports carried by a verb's object: labelling,
                              "called on X to ...")
called it “false”             `labelled`
who the speaker is            `sieves` (the registry), `antecedents` (pronouns, "the
                              minister", "the company"), `signature` (a quote signed after a
                              dash), `floating` (uncued quotes), `joint` ("X and Y said")
pieces of one quotation       `pieces` (`group_id` of an interrupted or run-on quote; the
                              quoted words of a partial quote)
speaker noun phrases          `phrases`
the per-article context       `context` (`Context`, `Options`)
the public extractor          `extract`
============================  =============================================================
"""
from __future__ import annotations

from .cues import QUOTE_CUE_VERBS, SPEECH_VERBS
from .extract import extract_quotes
from .records import Quote
from .sieves import SIEVES

__all__ = ["Quote", "extract_quotes", "SPEECH_VERBS", "QUOTE_CUE_VERBS", "SIEVES"]

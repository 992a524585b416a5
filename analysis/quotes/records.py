"""The records of the quote stage: `Quote` (one output row) and `Draft` (a quote being built)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True)
class Quote:
    """One quote: its kind, its text span in the article, who said it and which sieve said so."""

    doc_id: str
    quote_id: int
    kind: str  # "direct" | "partial" | "indirect"
    text: str  # == article text[start_char:end_char]
    speaker: str  # canonical name; "" if not findable
    speaker_text: str  # the speaker as written ("he")
    cue: str  # reporting verb as written; "" if none
    start_char: int
    end_char: int
    sieve: str  # the sieve that chose the speaker (analysis.quotes.sieves); "" without a speaker


class Answer(NamedTuple):
    """What a name sieve answers: the speaker's name, as written, and where it was named."""

    speaker: str
    speaker_text: str
    pos: int  # char offset of the mention that names the speaker (later pronouns count from it)


@dataclass
class Draft:
    """A quote while it is being found and attributed."""

    kind: str
    start: int
    end: int
    speaker: str = ""
    speaker_text: str = ""
    cue: str = ""
    speaker_pos: int = -1  # char offset of the speaker mention (for later pronouns)
    para: int = -1
    open_end: bool = False  # a quotation left open at the end of its paragraph
    sieve: str = ""

    def take(self, answer: Answer, sieve: str) -> None:
        """Record *answer* as this quote's speaker, chosen by *sieve*."""
        self.speaker, self.speaker_text, self.speaker_pos = answer.speaker, answer.speaker_text, answer.pos
        self.sieve = sieve if answer.speaker else ""

    def to_quote(self, doc_id: str, quote_id: int, text: str) -> Quote:
        """The output row of this draft, numbered *quote_id*."""
        return Quote(doc_id=doc_id, quote_id=quote_id, kind=self.kind, text=text[self.start : self.end],
                      speaker=self.speaker, speaker_text=self.speaker_text, cue=self.cue,
                      start_char=self.start, end_char=self.end, sieve=self.sieve if self.speaker else "")

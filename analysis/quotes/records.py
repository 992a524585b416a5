"""The records of the quote stage: `Quote` (one output row) and `Draft` (a quote being built)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

NO_SPAN = (-1, -1)
SPEAKERS_SEPARATOR = "; "  # between the names of a joint quote's speakers (`Quote.speakers`)


@dataclass(frozen=True)
class Quote:
    """One quote: its kind, its text span in the article, who said it and which sieve said so.

    The pieces of one quotation interrupted by its cue ('"We will win," she said, "and soon."')
    or run on over paragraphs (a paragraph left open, the next one reopened) are one quote each
    and share `group_id`, the `quote_id` of the first piece; a quote of its own has
    group_id == quote_id.
    """

    doc_id: str
    quote_id: int
    group_id: int  # the quote_id of the first piece of the quotation this quote is part of
    kind: str  # "direct" | "partial" | "indirect"
    text: str  # == article text[start_char:end_char]; a partial quote's reported clause
    quoted: str  # the words inside quotation marks ("" for indirect; a partial's fragments)
    speaker: str  # canonical name; "" if not findable
    speakers: str  # every speaker named, canonical, SPEAKERS_SEPARATOR-joined ("X and Y said")
    speaker_text: str  # the words that name the speaker, as written ("he", "X and Y")
    speaker_start: int  # == offsets of speaker_text in the article; -1 without a speaker
    speaker_end: int
    cue: str  # reporting verb as written; "" if none
    start_char: int
    end_char: int
    sieve: str  # the sieve that chose the speaker (analysis.quotes.sieves); "" without a speaker


class Answer(NamedTuple):
    """What a name sieve answers: the speaker's name, as written, and where it was named."""

    speaker: str
    speaker_text: str
    pos: int  # char offset of the mention that names the speaker (later pronouns count from it)
    also: tuple[str, ...] = ()  # the other speakers of a joint quote ("both leaders said")


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
    continues: bool = False  # reopens the quotation the previous paragraph left open
    sieve: str = ""
    written: tuple[int, int] = NO_SPAN  # char span of speaker_text in the article
    cue_token: int = -1  # token index of the cue
    speakers: tuple[str, ...] = ()  # a joint quote's speakers, when more than one is named
    group: int = -1  # index (in text order) of the draft that begins this one's quotation
    quoted: str = ""

    def take(self, answer: Answer, sieve: str, written: tuple[int, int] = NO_SPAN) -> None:
        """Record *answer* as this quote's speaker, chosen by *sieve*, named at *written*."""
        self.speaker, self.speaker_text, self.speaker_pos = answer.speaker, answer.speaker_text, answer.pos
        self.sieve = sieve if answer.speaker else ""
        self.written = written if answer.speaker_text else NO_SPAN
        self.speakers = (answer.speaker, *answer.also) if answer.speaker and answer.also else ()

    def take_from(self, other: Draft, sieve: str) -> None:
        """Take the speaker of *other* (a neighbouring quote), chosen by *sieve*."""
        self.take(Answer(other.speaker, other.speaker_text, other.speaker_pos), sieve, other.written)
        self.speakers = other.speakers

    def to_quote(self, doc_id: str, quote_id: int, text: str) -> Quote:
        """The output row of this draft, numbered *quote_id*."""
        speaker = self.speaker
        start, end = self.written if speaker or self.speaker_text else NO_SPAN
        return Quote(doc_id=doc_id, quote_id=quote_id, group_id=quote_id if self.group < 0 else self.group,
                     kind=self.kind, text=text[self.start : self.end], quoted=self.quoted, speaker=speaker,
                     speakers=SPEAKERS_SEPARATOR.join(self.speakers or ((speaker,) if speaker else ())),
                     speaker_text=self.speaker_text, speaker_start=start, speaker_end=end, cue=self.cue,
                     start_char=self.start, end_char=self.end, sieve=self.sieve if speaker else "")

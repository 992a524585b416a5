"""The per-article context every rule reads: built once by `extract_quotes`, never changed after.

It holds the text and its paragraphs (`analysis.paragraphs`), the token columns
(`analysis.nlp.DocColumns`), sentences, the quotation segments and which of them are direct
speech, "inside a quote" lookups, the article's mentions with lookups by offset, the
antecedent candidates (`analysis.quotes.antecedents`) and the extractor's options.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from analysis.paragraphs import paragraph_spans

from .cues import SPEECH_VERBS
from .marks import Segment, quote_segments
from .phrases import CHAIN_PRONOUNS, PERSON_LABELS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from analysis.entities import Mention
    from analysis.nlp import DocColumns


@dataclass(frozen=True)
class Options:
    """The extractor's thresholds and sieves (keyword options of `extract_quotes`)."""

    antecedent_sents: int = 12  # how many sentences back a he/she antecedent may be
    subject_antecedent_sents: int = 3  # ... a they/it or "the company" antecedent
    min_part_words: int = 2  # the fewest words an indirect or partial quote has
    title_max_words: int = 8  # the most words of a quoted title ("Star Wars"), not speech
    sieves: tuple = ()  # the speaker sieves that run (sieves.Sieve records), in registry order


class SpanSet:
    """Sorted, non-overlapping char spans with "inside" and "overlaps" lookups."""

    def __init__(self, spans: Sequence[tuple[int, int]]):
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]

    def __contains__(self, char: int) -> bool:
        k = bisect_right(self.starts, char) - 1
        return k >= 0 and self.spans[k][0] <= char < self.spans[k][1]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether [start, end) overlaps one of the (three) spans starting just before *end*."""
        k = bisect_left(self.starts, end)
        return any(a < end and b > start for a, b in self.spans[max(0, k - 3) : k])


class Context:
    """One article, read once, with the lookups the rules share."""

    def __init__(self, doc: Doc, mentions: Sequence[Mention], columns: DocColumns, options: Options):
        from .antecedents import Antecedents
        from .direct import is_setoff
        from .sieves import chains

        self.doc, self.columns, self.options = doc, columns, options
        self.chains = chains(options.sieves)  # the sieves of each stage, in order
        self.text = columns.text
        self.paragraphs = paragraph_spans(self.text)
        self.para_starts = [s for s, _ in self.paragraphs] or [0]
        self.starts = columns.starts
        self._read_sentences()
        self._read_cue_candidates()
        self.segments: list[Segment] = quote_segments(self.text, self.paragraphs)
        for seg in self.segments:
            seg.direct = is_setoff(self, seg)
        # a direct quotation is speech of its own; any quotation (scare quotes too) is no speaker
        self.direct = SpanSet([(s.start, s.end) for s in self.segments if s.direct])
        self.quoted = SpanSet([(s.start, s.end) for s in self.segments])
        self.mentions = sorted(mentions, key=lambda m: (m.start_char, m.end_char))
        self.m_starts = [m.start_char for m in self.mentions]
        self.antecedents = Antecedents(self)

    def _read_sentences(self) -> None:
        doc = self.doc
        has_sents = doc.has_annotation("SENT_START") or doc.has_annotation("DEP")
        self.sentences: list[tuple[int, int]] = (  # token ranges
            self.columns.sentences if has_sents and len(doc) else [(0, len(doc))]
        )
        self.sent_of: list[int] = []
        for k, (a, b) in enumerate(self.sentences):
            self.sent_of.extend([k] * (b - a))

    def _read_cue_candidates(self) -> None:
        self.lowers = lowers = self.columns.strings("LOWER")
        lemmas = self.columns.strings("LEMMA")
        # tokens that may be a speech cue (cues.is_cue checks them fully), "according", he/she;
        # lemmas are lower-cased once per distinct lemma, not once per token
        speech_lemmas = {lem for lem in set(lemmas) if lem.lower() in SPEECH_VERBS}
        self.speech_candidates, self.according, self.he_she = [], [], []
        for i, (w, lem) in enumerate(zip(lowers, lemmas)):
            if lem in speech_lemmas or w in SPEECH_VERBS:
                self.speech_candidates.append(i)
            if w == "according":
                self.according.append(i)
            elif w in CHAIN_PRONOUNS:
                self.he_she.append(i)

    # --- tokens and offsets

    def tokens_in(self, start: int, end: int) -> range:
        """Token indices whose start lies in [start, end)."""
        return range(bisect_left(self.starts, start), bisect_left(self.starts, end))

    def token_at(self, char: int) -> int:
        """The token holding char offset *char*."""
        return max(0, bisect_right(self.starts, char) - 1)

    def sentence_bounds(self, tok: Token) -> tuple[int, int]:
        """First and last token of the sentence holding *tok*."""
        a, b = self.sentences[self.sent_of[tok.i]]
        return a, b - 1

    def para_start(self, char: int) -> int:
        """Start of the paragraph that holds char."""
        return self.para_starts[max(0, bisect_right(self.para_starts, char) - 1)]

    def para_of(self, char: int) -> tuple[int, int]:
        """The (start, end) of the paragraph that holds char."""
        k = max(0, bisect_right(self.para_starts, char) - 1)
        return self.paragraphs[k] if self.paragraphs else (0, len(self.text))

    # --- mentions

    def mention_at(self, start: int, end: int) -> Mention | None:
        """The mention overlapping [start, end), PERSON first."""
        k = bisect_right(self.m_starts, end - 1)
        best = None
        for m in self.mentions[max(0, k - 6) : k]:
            if m.start_char < end and m.end_char > start:
                if best is None or (m.label in PERSON_LABELS and best.label not in PERSON_LABELS):
                    best = m
        return best

    def mention_head(self, m: Mention) -> Token:
        """The syntactic head token of mention *m*."""
        doc = self.doc
        toks = [doc[i] for i in self.tokens_in(m.start_char, m.end_char)] or [doc[self.token_at(m.start_char)]]
        for t in toks:
            if not (m.start_char <= t.head.idx < m.end_char) or t.head is t:
                return t
        return toks[-1]

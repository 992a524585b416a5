"""Quote detection and speaker attribution over a parsed article.

`extract_quotes(doc, mentions, doc_id=...)` finds three kinds of quotes:

- ``direct``: words inside quotation marks, set off as speech ("...," Li said.);
  `text` keeps the quotation marks. A quotation left open at a paragraph's end runs to that
  end; the next paragraph's opening mark continues it (each paragraph is its own quote).
- ``partial``: reported speech that contains a quoted fragment
  (He added that ties have "already entered a new era"); `text` is the reported clause.
  A quoted word attributed by a labelling verb (called it "false") is partial too, with
  `text` the quoted word.
- ``indirect``: reported speech without quotation marks (Li said China was willing ...;
  ..., according to a readout; The drugs, he says, are ...); `text` is the reported clause.

The speaker is the subject of the reporting verb (or the object of "according to"),
expanded to its noun phrase and mapped to the overlapping entity mention's canonical name;
he/she are resolved to a person named earlier (the nearest sentence's subject first, genders
from honorifics and pronoun use) or to an unnamed speaker just before ("a security guard told
Reuters ... he said"), they/it to an earlier plural or organisation subject, "the minister" to
the person introduced with that title (not the prime minister), and "the company" to the
organisation introduced with that noun or, failing that, to the one organisation of the nearest
sentence naming any (never past another named actor). The passive subject of a labelling verb
("described as ...") is not its speaker; a document "obtained by" someone is not theirs; a
quotation ending its sentence with a period takes no cue from the next. A quote without a cue takes the
speaker of the quote just before it in the same or the previous paragraph. A quote whose
speaker cannot be found keeps speaker "" -- it is never guessed.

Scare quotes (hailed a "new era"), titles in quotation marks and questions ("asked whether")
are not quotes. The rules are general: tuned on half of ggt-dev and checked on the other
(benchmarks/accuracy.py --split half1|half2).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:  # the type only; entities.py is not needed at run time
    from spacy.tokens import Doc, Token

    from analysis.entities import Mention

__all__ = ["Quote", "extract_quotes", "SPEECH_VERBS", "QUOTE_CUE_VERBS"]


@dataclass(frozen=True)
class Quote:
    """One quote: its kind, its text span in the article and who said it."""

    doc_id: str
    quote_id: int
    kind: str  # "direct" | "partial" | "indirect"
    text: str  # == article text[start_char:end_char]
    speaker: str  # canonical name; "" if not findable
    speaker_text: str  # the speaker as written ("he")
    cue: str  # reporting verb as written; "" if none
    start_char: int
    end_char: int


# Verbs (lemmas) that report speech: a clausal complement of one of them is reported speech,
# and one of them next to a quotation names its speaker.
SPEECH_VERBS = frozenset(
    """
    say tell add note explain argue claim insist warn write tweet announce state declare
    acknowledge admit suggest ask reply respond continue conclude comment remark observe report
    confirm deny allege assert contend maintain stress emphasize emphasise reiterate repeat
    predict promise pledge vow recall reveal testify caution concede agree complain lament
    boast brag counter retort reason recount propose recommend advise urge demand mention
    inform assure point disclose speculate muse posit accuse concur interject exclaim shout
    yell scream whisper mutter joke quip post blog email text answer order guarantee hint
    imply underline highlight stipulate specify clarify elaborate summarize summarise protest
    plead beg affirm aver attest avow confide divulge grumble groan murmur prophesy decry
    wonder question reckon
    """.split()
)
# Verbs that name the speaker of an adjacent direct quotation but whose clausal
# complement is not, on its own, reported speech.
QUOTE_CUE_VERBS = SPEECH_VERBS | frozenset(
    """
    read laugh smile sigh chuckle grin shrug begin go call describe offer put recall
    exclaim gush rave scoff sneer snap cry sob bark growl hiss thunder enthuse
    """.split()
)
# Nouns that stand for a document someone issued ("her statement said" -> her).
_DOCUMENT_NOUNS = frozenset(
    "statement release post tweet letter email e-mail note memo readout message report blog".split()
)
_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
_PERSONAL_PRONOUNS = frozenset(
    "he she they it i we you him her them us me his its their our my".split()
)
_HONORIFIC_GENDER = {
    "mr": "m", "mr.": "m", "sir": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f",
    "miss": "f", "dame": "f", "madam": "f", "lady": "f", "lord": "m",
}
_OPEN_MARKS = "“„«"
_CLOSE_MARKS = "”»"
_STRAIGHT = '"'
_DOUBLED_SINGLES = frozenset({"’’", "''", "‘‘", "``", "‘’"})
_ALL_MARKS = _OPEN_MARKS + _CLOSE_MARKS + _STRAIGHT
_PARA_RE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
# Characters that are, or begin, a quotation mark (single marks only as doubled pairs: ’’ '' ``)
_MARK_CHARS = re.compile("[" + re.escape(_ALL_MARKS + "’'‘`") + "]")
_SUBJ_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
# Punctuation before an opening mark that sets a quotation off as direct speech.
_SETOFF_CHARS = set(":,.?!;(—–-") | set(_CLOSE_MARKS) | {_STRAIGHT}
_SENT_END_CHARS = ".?!"


@dataclass
class _Seg:
    """A stretch of text between quotation marks (marks included)."""

    start: int
    end: int
    para: int
    closed: bool
    continued: bool  # opens a paragraph that continues an unclosed quotation
    direct: bool = False


@dataclass
class _Draft:
    kind: str
    start: int
    end: int
    speaker: str = ""
    speaker_text: str = ""
    cue: str = ""
    speaker_pos: int = -1  # char offset of the speaker mention (for later pronouns)
    para: int = -1
    open_end: bool = False  # a quotation left open at the end of its paragraph


# ---------------------------------------------------------------------------- paragraphs


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-blank paragraph spans, separated by blank lines."""
    spans, pos = [], 0
    for m in _PARA_RE.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


# ---------------------------------------------------------------------------- quote marks


def _mark_role(text: str, i: int, inside: bool) -> str:
    """'open' or 'close' for the quotation mark at text[i]."""
    ch = text[i]
    if ch in _OPEN_MARKS:
        return "open"
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch in _CLOSE_MARKS:
        # Some texts use ” for both; an unpaired ” before a word opens.
        if not inside and (prev.isspace() or prev in "([—–") and not nxt.isspace():
            return "open"
        return "close"
    # straight quote: decide by the neighbouring characters, then by state
    if prev.isspace() or prev in "([{—–":
        return "open" if not nxt.isspace() else ("close" if inside else "open")
    if nxt.isspace() or nxt in ".,;:!?)]}—–-":
        return "close"
    return "close" if inside else "open"


def _quote_segments(text: str, paras: list[tuple[int, int]]) -> list[_Seg]:
    """Pair quotation marks paragraph by paragraph, carrying unclosed quotes over."""
    segs: list[_Seg] = []
    carried = False
    for p, (ps, pe) in enumerate(paras):
        inside = False
        start = -1
        continued = False
        resume = ps
        for mark in _MARK_CHARS.finditer(text, ps, pe):
            i = mark.start()
            if i < resume:
                continue  # the second mark of a doubled pair
            pair = text[i : i + 2]
            if pair in _DOUBLED_SINGLES:
                # two single marks standing for a double one: ’’ '' ‘‘ ``
                after = text[i + 2] if i + 2 < pe else " "
                if inside and not after.isalnum():
                    segs.append(_Seg(start, i + 2, p, True, continued))
                    inside = False
                elif not inside and (after.isalnum() or after in "…."):
                    inside, start = True, i
                    continued = carried and i == ps
                resume = i + 2
                continue
            if text[i] not in _ALL_MARKS:
                continue
            role = _mark_role(text, i, inside)
            if not inside:
                if role == "open" or text[i] == _STRAIGHT:
                    inside, start = True, i
                    continued = carried and i == ps
            elif role == "close":
                segs.append(_Seg(start, i + 1, p, True, continued))
                inside = False
            else:  # a second opening mark: the first quote was never closed
                segs.append(_Seg(start, _rstrip(text, start, i), p, False, continued))
                start, continued = i, False
        if inside:  # runs to the paragraph's end; the next paragraph may continue it
            segs.append(_Seg(start, pe, p, False, continued))
        carried = inside
    return [s for s in segs if s.end - s.start > 2]


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


# ---------------------------------------------------------------------------- token helpers


class _Index:
    """Char offset <-> token lookups and per-token sentence ids for one Doc."""

    def __init__(self, doc: Doc):
        from analysis.entities import sentence_ranges, token_starts, token_strings

        self.doc = doc
        # whole columns at once: a Token object per access costs more than the rules using it
        self.starts = token_starts(doc)
        self.sent_of: list[int] = []
        has_sents = doc.has_annotation("SENT_START") or doc.has_annotation("DEP")
        self.sents: list[tuple[int, int]] = (  # token ranges
            sentence_ranges(doc) if has_sents and len(doc) else [(0, len(doc))]
        )
        for k, (a, b) in enumerate(self.sents):
            self.sent_of.extend([k] * (b - a))
        self.lowers = lowers = token_strings(doc, "LOWER")
        lemmas = [w.lower() for w in token_strings(doc, "LEMMA")]
        # tokens that may be a speech cue (_is_cue checks them fully), "according", he/she
        self.speech_candidates = [i for i, (w, lem) in enumerate(zip(lowers, lemmas))
                                  if lem in SPEECH_VERBS or w in SPEECH_VERBS]
        self.according = [i for i, w in enumerate(lowers) if w == "according"]
        self.he_she = [i for i, w in enumerate(lowers) if w in ("he", "she")]

    def tokens_in(self, start: int, end: int) -> range:
        """Token indices whose start lies in [start, end)."""
        return range(bisect_left(self.starts, start), bisect_left(self.starts, end))

    def token_at(self, char: int) -> int:
        return max(0, bisect_right(self.starts, char) - 1)


def _tok_end(tok: Token) -> int:
    return tok.idx + len(tok.text)


def _is_cue(tok: Token, lexicon: frozenset[str]) -> bool:
    if tok.pos_ not in ("VERB", "AUX") and tok.tag_ not in ("VBD", "VBZ", "VBP", "VBG", "VBN", "VB"):
        return False
    return tok.lemma_.lower() in lexicon or tok.text.lower() in lexicon


def _according_obj(tok: Token) -> Token | None:
    """The object of "according to X" when tok is "according"."""
    if tok.text.lower() != "according":
        return None
    for c in tok.children:
        if c.text.lower() == "to":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.text.lower() == "to":
        for g in nxt.children:
            if g.dep_ == "pobj":
                return g
        if nxt.i + 1 < len(tok.doc):
            # unparsed: take the first noun after "to"
            for t in tok.doc[nxt.i + 1 : min(len(tok.doc), nxt.i + 8)]:
                if t.pos_ in ("PROPN", "NOUN", "PRON"):
                    return t
    return None


def _subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The verb's subject, climbing conjunctions and participial clauses ("..., saying")."""
    subjects = [c for c in verb.children if c.dep_ in _SUBJ_DEPS and c.text[:1].isalnum()]
    if subjects:
        # several subjects means a mis-split phrase ("co - chairman Liam Fox"): take the nearest
        return min(subjects, key=lambda c: abs(c.i - verb.i))
    for c in verb.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    if depth < 3 and verb.dep_ in ("conj", "xcomp", "advcl", "relcl") and verb.head is not verb:
        if verb.dep_ == "relcl" and verb.head.pos_ in ("PROPN", "NOUN", "PRON"):
            return verb.head
        if verb.tag_ == "VBG" and depth == 0:
            # "He said X had spoken ..., adding: ...": a participle adds to the report it
            # follows, so its subject is that report's speaker, not the reported clause's
            for anc in verb.ancestors:
                if _is_cue(anc, SPEECH_VERBS):
                    return _subject_of(anc, depth + 1)
        return _subject_of(verb.head, depth + 1)
    return None


def _preceding_name(verb: Token, start: int) -> Token | None:
    """A name or pronoun between a quotation's end and its cue ("...," DeBoer said), when the
    parser gave it another role."""
    if start < 0:
        return None
    for t in reversed(verb.doc[: verb.i]):
        if t.idx < start:
            break
        if t.tag_ in ("NNP", "NNPS", "PRP", "NN", "NNS") and t.text[:1].isalnum():
            return t
    return None


def _first_name(verb: Token, para_start: int) -> Token | None:
    """The first noun phrase head between a paragraph's start and the verb."""
    for t in verb.doc[: verb.i]:
        if t.idx < para_start:
            continue
        if t.tag_ in ("NNP", "NNPS", "PRP", "NN", "NNS"):
            while t.dep_ in ("compound", "flat") and para_start <= t.head.idx < verb.idx and t.head.i > t.i:
                t = t.head
            return t
    return None


def _inverted_subject(verb: Token, limit: int) -> Token | None:
    """Speaker after the verb ("..., said Li"), when the parser did not call it a subject."""
    for t in verb.doc[verb.i + 1 : min(limit, verb.i + 8)]:
        if t.pos_ in ("PROPN", "PRON") or (t.pos_ == "NOUN" and t.dep_ not in ("pobj",)):
            # climb a compound / modifier chain to its head noun
            while t.dep_ in ("compound", "flat", "amod", "nmod") and t.i < t.head.i < limit:
                t = t.head
            return t
        # "points out the laid-back Cambridge resident": particles, determiners, modifiers
        if t.dep_ == "pobj" or (t.pos_ not in ("DET", "ADJ", "PUNCT", "ADV", "NUM", "PART")
                                and t.dep_ not in ("amod", "prt", "det", "punct", "compound", "nummod")):
            break
    return None


# ---------------------------------------------------------------------------- speakers


_NP_PREPS = frozenset({"for", "of", "at", "with", "in", "from"})
_NP_KEEP_LEFT = frozenset({"det", "compound", "amod", "poss", "nmod", "nummod", "case", "flat", "quantmod"})


@dataclass(frozen=True)
class _Cand:
    """A possible antecedent: a PERSON (or ORG) named outside quotations."""

    sent: int
    start: int
    entity: str
    label: str
    subject: bool
    title_words: frozenset[str]


# Data that "indicate" or "show" things: not speakers of reported speech.
_DATA_NOUNS = frozenset(
    "record document data figure statistic index guide survey poll study chart table graph number".split()
)
_ORG_NOUNS = frozenset(
    """company firm group agency association organization organisation union department ministry
    government board council commission police force bank corporation business club league
    team party committee authority service office city province state institute institution
    university school hospital court coalition network airline retailer regulator utility
    campaign charity foundation society federation chamber administration army military""".split()
)
_PERSON_LABELS = ("PERSON", "PER")
# How many sentences back an antecedent may be (quotations count as sentences too).
_ANTECEDENT_SENTS = 12
# Title words that mark a mislabelled name as a person's ("Hereditary Chief Na'moks").
_PERSON_TITLES = frozenset(
    """chief minister president premier mayor senator governor commissioner director officer
    sergeant constable judge justice dr. dr mr. mr mrs. mrs ms. ms prof. professor rev. coach
    captain cpl. sgt. gen. col. lt. rep. sen. gov. councillor chairman chairwoman ceo""".split()
)


class _Resolver:
    """Maps speaker tokens to canonical names; resolves pronouns and descriptions ("the
    minister") to earlier mentions named outside quotations."""

    def __init__(self, doc: Doc, ix: _Index, mentions: Sequence[Mention], quoted: list[tuple[int, int]],
                 all_quoted: list[tuple[int, int]] | None = None, *, text: str | None = None):
        self.doc, self.ix = doc, ix
        self.text = doc.text if text is None else text  # Doc.text is rebuilt on every access
        self.para_starts = [a for a, _ in _paragraphs(self.text)] or [0]
        self.mentions = sorted(mentions, key=lambda m: (m.start_char, m.end_char))
        self.m_starts = [m.start_char for m in self.mentions]
        self.gender: dict[str, str] = {}
        q_starts = [s for s, _ in quoted]

        def in_quote(c: int) -> bool:
            k = bisect_right(q_starts, c) - 1
            return k >= 0 and quoted[k][0] <= c < quoted[k][1]

        self.in_quote = in_quote
        marks = sorted(all_quoted or quoted)
        m_starts = [a for a, _ in marks]

        def in_any_quote(c: int) -> bool:
            k = bisect_right(m_starts, c) - 1
            return k >= 0 and marks[k][0] <= c < marks[k][1]

        self.in_any_quote = in_any_quote

        cands: dict[int, _Cand] = {}
        for m in self.mentions:
            if in_quote(m.start_char) or m.label not in _PERSON_LABELS + ("ORG",):
                continue
            tok = ix.token_at(m.start_char)
            head = self._mention_head(m)
            if head.dep_ == "compound" and head.head.pos_ == "NOUN":
                continue  # "the Kinder Morgan pipeline", "the Trump administration": a modifier
            cands[m.start_char] = _Cand(ix.sent_of[tok], m.start_char, m.entity, m.label,
                                        _is_subject(head), _title_words(doc, tok, head))
            g = _honorific_gender(doc, tok)
            if g and m.label in _PERSON_LABELS and m.entity not in self.gender:
                self.gender[m.entity] = g
        # names the model missed or mislabelled, as subjects of speech verbs ("Stubbs said")
        for tok in map(doc.__getitem__, ix.speech_candidates):
            if not _is_cue(tok, SPEECH_VERBS) or in_quote(tok.idx):
                continue
            subj = _subject_of(tok)
            if subj is None and tok.i > 0 and doc[tok.i - 1].tag_ == "NNP":
                subj = doc[tok.i - 1]  # "..., Traeger said" with the name parsed as something else
            if subj is None or in_quote(subj.idx):
                continue
            if subj.tag_ == "NN" and tok.lemma_.lower() in _SAY_VERBS and _is_person_description(subj) \
                    and subj.idx >= self.para_start(tok.idx) \
                    and self.mention_at(*_noun_phrase(subj)) is None:
                # "a private security professional told Reuters": an unnamed speaker; a later
                # "he" is this person, not someone named further back
                start, end = _noun_phrase(subj)
                cands[subj.idx] = _Cand(ix.sent_of[subj.i], subj.idx, _clean_np(self.text[start:end]),
                                        "DESC", True, frozenset())
                continue
            if subj.tag_ not in ("NNP", "NNPS"):
                continue
            m = self.mention_at(subj.idx, _tok_end(subj))
            if m is not None and m.label in _PERSON_LABELS:
                continue
            if m is not None and not (_PERSON_TITLES & set(m.text.lower().split())):
                continue  # an organisation or place that speaks: not a "he"/"she"
            if any(t.dep_ == "appos" and self.mention_at(t.idx, _tok_end(t)) is not None for t in subj.subtree):
                continue  # "Director ..., Kevin Haley, agreed": the named apposition is the candidate
            start, end = _noun_phrase(subj)
            name = m.entity if m is not None else _clean_np(self.text[start:end])
            c0 = m.start_char if m is not None else subj.idx
            cands[c0] = _Cand(ix.sent_of[subj.i], c0, name, "PERSON", True, _title_words(doc, subj.i, subj))
        self.cands = sorted(cands.values(), key=lambda c: c.start)
        self.cand_starts = [c.start for c in self.cands]
        self._learn_gender(in_quote)
        # subject pronouns outside quotations extend the chain of their antecedent, so that
        # "He said the business, along with X, ..." keeps "he" on the earlier person, not X
        for tok in map(doc.__getitem__, ix.he_she):
            low = tok.text.lower()
            if low in ("he", "she") and tok.dep_ in ("nsubj", "nsubjpass") and not in_quote(tok.idx):
                name, _ = self._antecedent(tok, _PRONOUN_GENDER[low], None)
                if name:
                    k = bisect_left(self.cand_starts, tok.idx)
                    self.cands.insert(k, _Cand(ix.sent_of[tok.i], tok.idx, name, "PERSON", True, frozenset()))
                    self.cand_starts.insert(k, tok.idx)

    def _learn_gender(self, in_quote) -> None:
        """Gender of a person from the he/his or she/her that follow a sentence naming only them."""
        votes: dict[str, Counter] = {}
        by_sent: dict[int, set[str]] = {}
        for c in self.cands:
            if c.label in _PERSON_LABELS:
                by_sent.setdefault(c.sent, set()).add(c.entity)
        for sent, names in by_sent.items():
            if len(names) != 1:
                continue
            (name,) = names
            a, _ = self.ix.sents[sent]
            b = self.ix.sents[min(sent + 1, len(self.ix.sents) - 1)][1]
            for i in range(a, b):
                g = _PRONOUN_GENDER.get(self.ix.lowers[i])
                if g and not in_quote(self.ix.starts[i]):
                    votes.setdefault(name, Counter())[g] += 1
        for name, v in votes.items():
            (g, n), *rest = v.most_common()
            if name not in self.gender and (not rest or n >= 2 * rest[0][1]):
                self.gender[name] = g

    def _is_possessor(self, m: Mention, head: Token) -> bool:
        """True for "Norman's lawyers": the name owns the speaker, it is not the speaker."""
        return any(c.dep_ == "poss" and m.start_char <= c.idx < m.end_char for c in head.children)

    def para_start(self, char: int) -> int:
        """Start of the paragraph that holds char."""
        return self.para_starts[max(0, bisect_right(self.para_starts, char) - 1)]

    def _mention_head(self, m: Mention) -> Token:
        toks = [self.doc[i] for i in self.ix.tokens_in(m.start_char, m.end_char)] or [self.doc[self.ix.token_at(m.start_char)]]
        for t in toks:
            if not (m.start_char <= t.head.idx < m.end_char) or t.head is t:
                return t
        return toks[-1]

    def mention_at(self, start: int, end: int) -> Mention | None:
        """The mention overlapping [start, end), PERSON first."""
        k = bisect_right(self.m_starts, end - 1)
        best = None
        for m in self.mentions[max(0, k - 6) : k]:
            if m.start_char < end and m.end_char > start:
                if best is None or (m.label in _PERSON_LABELS and best.label not in _PERSON_LABELS):
                    best = m
        return best

    def resolve(self, head: Token) -> tuple[str, str, int]:
        """(speaker, speaker_text, char offset) for a speaker head token."""
        lower = head.text.lower()
        if lower in _PERSONAL_PRONOUNS and head.pos_ == "PRON":
            if lower in _PRONOUN_GENDER:
                name, pos = self._antecedent(head, _PRONOUN_GENDER[lower], None)
            elif lower in ("they", "it"):
                name, pos = self._subject_antecedent(head, plural=lower == "they")
            else:
                name, pos = "", -1
            return name, head.text, pos
        span_start, span_end = _noun_phrase(head)
        span_start = max(span_start, self.para_start(head.idx))
        text = self.text[span_start:span_end]
        m = self.mention_at(head.idx, _tok_end(head))
        if m is not None and (head.pos_ == "PROPN" or _named(m)):
            return m.entity, text, m.start_char
        # a person named in apposition ("the mayor, Doug McCallum,") or as a compound
        for c in head.children:
            if c.dep_ in ("appos", "compound", "flat"):
                m = self.mention_at(c.idx, _tok_end(c))
                if m is not None and m.label in _PERSON_LABELS + ("ORG",) and _named(m):
                    return m.entity, text, m.start_char
        # "Keeper of the Ruler's Seal, Syed Danial Syed Ahmad, said": a deeper apposition
        for t in head.subtree:
            if t.dep_ == "appos" and t is not head and not _in_clause_below(t, head):
                m = self.mention_at(t.idx, _tok_end(t))
                if m is not None and m.label in _PERSON_LABELS:
                    return m.entity, text, m.start_char
        if head.dep_ == "appos":
            m = self.mention_at(head.head.idx, _tok_end(head.head))
            if m is not None:
                return m.entity, text, m.start_char
        lemma = head.lemma_.lower() or lower
        # "her statement said" -> the statement's author
        if lemma in _DOCUMENT_NOUNS:
            for c in head.children:
                if c.dep_ == "poss":
                    if c.text.lower() in _PRONOUN_GENDER:
                        name, pos = self._antecedent(c, _PRONOUN_GENDER[c.text.lower()], None)
                        if name:
                            return name, text, pos
                    m = self.mention_at(c.idx, _tok_end(c))
                    if m is not None:
                        return m.entity, text, m.start_char
            # "a release from UFCW Local 832", "a statement released by the PMO"
            for t in head.subtree:
                if t.dep_ == "pobj" and t.head.text.lower() in ("from", "by", "of") and t.i > head.i \
                        and (t.head.head.i == head.i or t.head.head.lemma_.lower() in _AUTHOR_VERBS):
                    m = self.mention_at(t.idx, _tok_end(t))
                    if m is not None and m.label in _PERSON_LABELS + ("ORG",):
                        return m.entity, text, m.start_char
            # otherwise the document speaks for the organisation that was last the subject
            name, pos = self._subject_antecedent(head, plural=False)
            if name:
                return name, text, pos
        # any PERSON inside the noun phrase ("a spokesperson for X" names X only if a person)
        m = self.mention_at(span_start, span_end)
        if m is not None and m.label in _PERSON_LABELS and not self._is_possessor(m, head):
            return m.entity, text, m.start_char
        # a definite description: "the minister", "the company"
        if head.pos_ == "NOUN" and _is_definite(head):
            # "the minister" is resolved to a person; "the company" to the organisation named
            # just before, when that is unambiguous
            if lemma not in _ORG_NOUNS and lemma not in _DOCUMENT_NOUNS and head.tag_ != "NNS":
                name, pos = self._antecedent(head, None, "PERSON", title=lemma)
            elif lemma in _ORG_NOUNS and head.tag_ == "NN":
                name, pos = self._org_antecedent(head, lemma)
            else:
                name, pos = "", -1
            if name:
                return name, text, pos
        return _clean_np(text), text, head.idx

    def _org_antecedent(self, tok: Token, noun: str) -> tuple[str, int]:
        """"the company" -> the organisation introduced with that noun ("security firm Cisco
        Talos"), else the one organisation named in the nearest earlier sentence naming any
        (up to three sentences back); "" when two organisations compete."""
        if any(c.pos_ == "PROPN" or c.ent_type_ in ("NORP", "GPE") for c in tok.lefts):
            return "", -1  # "the Canadian government" names itself
        k = bisect_left(self.cand_starts, tok.idx)
        orgs = [c for c in self.cands[:k] if c.label == "ORG"]
        described = {c.entity for c in orgs if self._org_described(c, noun)}
        if len(described) == 1:
            (name,) = described
            c = next(c for c in reversed(orgs) if c.entity == name)
            return c.entity, c.start
        if described:
            return "", -1
        cur = self.ix.sent_of[tok.i]
        for sent in range(cur, max(-1, cur - 4), -1):
            # "Cisco System's Talos unit said": a possessor is not the actor
            here = {c.entity: c for c in orgs if c.sent == sent and not self._possessive_cand(c)}
            if len(here) == 1:
                c = next(iter(here.values()))
                return c.entity, c.start
            if here:
                return "", -1
            a, b = self.ix.sents[sent]
            if any(t.pos_ == "PROPN" and t.i < tok.i and not self.in_quote(t.idx)
                   and (t.dep_ in _SUBJ_DEPS or self._actor_word(t))
                   or t.lemma_.lower() == noun and t.i < tok.i and t.pos_ == "NOUN"
                   for t in self.doc[a:b]):
                return "", -1  # another named actor came in between ("media company GroupM")
        return "", -1

    def _description_subject_between(self, first: int, last: int, before: int) -> bool:
        """Whether sentences first..last have a subject "the <person noun>" before token `before`."""
        for k in range(first, last + 1):
            a, b = self.ix.sents[k]
            for t in self.doc[a:min(b, before)]:
                if t.dep_ in ("nsubj", "nsubjpass") and t.tag_ == "NN" and _is_definite(t) \
                        and _is_person_noun(t) and not self.in_quote(t.idx):
                    return True
        return False

    def _actor_word(self, t: Token) -> bool:
        """A proper noun that may name an actor: not a place, nationality or date."""
        m = self.mention_at(t.idx, _tok_end(t))
        return m is None or m.label not in ("GPE", "LOC", "NORP", "DATE", "TIME", "CARDINAL", "ORDINAL")

    def _possessive_cand(self, c: _Cand) -> bool:
        m = self.mention_at(c.start, c.start + 1)
        return m is not None and self._mention_head(m).dep_ == "poss"

    def _org_described(self, c: _Cand, noun: str) -> bool:
        """Whether the organisation's mention is introduced with the noun: "security firm
        Cisco Talos", "Cisco Talos, a security firm", "the Winnipeg Police Service"."""
        m = self.mention_at(c.start, c.start + 1)
        if m is None:
            return False
        if noun in m.text.lower().split():
            return True
        first = self.ix.token_at(m.start_char)
        j = first - 1
        while j >= 0 and self.doc[j].pos_ in ("NOUN", "ADJ", "PROPN") and self.doc[j].dep_ in ("compound", "amod", "nmod"):
            if (self.doc[j].lemma_.lower() or self.doc[j].lower_) == noun:
                return True
            j -= 1
        head = self._mention_head(m)
        near = [t for t in head.children if t.dep_ == "appos"] + ([head.head] if head.dep_ == "appos" else [])
        return any((t.lemma_.lower() or t.lower_) == noun for t in near)

    def _subject_antecedent(self, tok: Token, *, plural: bool) -> tuple[str, int]:
        """"they" -> the nearest earlier plural subject ("Republican senators", "X and Y");
        "it" -> the nearest earlier organisation subject. Looks back three sentences."""
        cur = self.ix.sent_of[tok.i]
        for k in range(cur, max(-1, cur - 4), -1):
            a, b = self.ix.sents[k]
            subjects = [t for t in self.doc[a:b] if t.dep_ in ("nsubj", "nsubjpass") and t.i < tok.i
                        and not self.in_quote(t.idx)]
            for t in reversed(subjects):
                if t.pos_ == "PRON":
                    continue
                m = self.mention_at(t.idx, _tok_end(t))
                if m is None and not plural:
                    # "Crest maker Procter & Gamble rallied": the name in the subject phrase
                    m = self.mention_at(t.left_edge.idx, _tok_end(t.right_edge))
                conj = any(c.dep_ == "conj" for c in t.children)
                if plural and (t.tag_ in ("NNS", "NNPS") or conj):
                    if m is not None and not conj:
                        return m.entity, m.start_char
                    lo = max(t.left_edge.idx, self.para_start(t.idx))
                    hi = max((_tok_end(c.right_edge) for c in t.children if c.dep_ == "conj"), default=_tok_end(t))
                    if t.right_edge.i - t.left_edge.i < 10:
                        # "Stella's owners Tore Sohlberg and Lehla Abreder": keep the names
                        hi = max(hi, _tok_end(t.right_edge))
                    return _clean_np(self.text[lo:hi]), t.idx
                if not plural and m is not None and m.label == "ORG":
                    return m.entity, m.start_char
            if subjects:
                break  # the nearest sentence with a subject decides
        return "", -1

    def _antecedent(self, tok: Token, gender: str | None, label: str | None, title: str = "") -> tuple[str, int]:
        """Nearest earlier candidate: in the nearest sentence that has one, its subject, else
        its first; a description prefers a person introduced with that title."""
        label = label or "PERSON"
        labels = _PERSON_LABELS if label == "PERSON" else ("ORG",)
        if gender:  # a pronoun may stand for an unnamed speaker ("a witness said ... he said")
            labels = labels + ("DESC",)
        k = bisect_left(self.cand_starts, tok.idx)
        cur = self.ix.sent_of[tok.i]
        if title:
            # a description names the person introduced with that title, however far back;
            # "the minister" is not the prime minister ("prime", "vice" make another office)
            for c in reversed(self.cands[:k]):
                if c.label in labels and title in c.title_words and not (c.title_words & _OFFICE_MODIFIERS):
                    return c.entity, c.start
        pool = []
        for c in reversed(self.cands[:k]):
            if cur - c.sent > _ANTECEDENT_SENTS:
                break
            if c.label not in labels:
                continue
            if gender and self.gender.get(c.entity, gender) != gender:
                continue
            pool.append(c)
        if pool and pool[0].label == "DESC" and self._description_subject_between(pool[0].sent + 1, cur, tok.i):
            # "a spokesperson said ... The mayor spoke ... he said": the later subject is "he"
            pool = [c for c in pool if c.label != "DESC"]
        if not pool:
            return "", -1
        sent = pool[0].sent
        same = [c for c in pool if c.sent == sent]
        best = next((c for c in reversed(same) if c.subject), same[-1])
        if gender:
            self.gender.setdefault(best.entity, gender)
        return best.entity, best.start


# Words that make a title another office: a prime minister is not "the minister".
_OFFICE_MODIFIERS = frozenset({"prime", "vice", "deputy", "assistant", "associate", "lieutenant"})
# Verbs whose "by X" names a document's author ("a statement released by the PMO"), unlike
# "the memo obtained by The Globe".
_AUTHOR_VERBS = frozenset("release issue send post publish sign write distribute put author".split())
# Dependencies that open a clause of its own inside a noun phrase ("the resident, who sold
# his comic The Undead Soldier"): names in it are not the phrase's apposition.
_CLAUSE_DEPS = frozenset({"relcl", "acl", "ccomp", "advcl", "xcomp", "pcomp"})


# The plain reporting verbs: their subject is a speaker (unlike "the threat will continue").
_SAY_VERBS = frozenset("say tell add explain note recall testify insist warn write".split())


def _is_person_description(tok: Token) -> bool:
    """"a private security professional": an indefinite common noun that may be a person
    speaking (not a document, an organisation or data). A definite one ("the minister") is
    resolved as a description instead."""
    return _is_person_noun(tok) and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children)


def _is_person_noun(tok: Token) -> bool:
    """A common noun that may stand for a person: not an organisation, document or data."""
    lemma = tok.lemma_.lower()
    return not (lemma in _ORG_NOUNS or lemma in _DOCUMENT_NOUNS or lemma in _DATA_NOUNS)


def _in_clause_below(tok: Token, top: Token) -> bool:
    """Whether a clause boundary lies between tok and its ancestor top."""
    t = tok
    while t.i != top.i and t.head.i != t.i:
        if t.dep_ in _CLAUSE_DEPS:
            return True
        t = t.head
    return False


def _named(m: Mention) -> bool:
    """A mention that is a name, not a lowercase description the NER took for one."""
    return any(ch.isupper() for ch in m.text)


def _is_definite(tok: Token) -> bool:
    return any(c.dep_ == "det" and c.text.lower() in ("the", "this", "that") for c in tok.children)


def _is_subject(tok: Token) -> bool:
    for _ in range(4):
        if tok.dep_ in _SUBJ_DEPS:
            return True
        if tok.dep_ in ("compound", "flat", "appos") and tok.head is not tok:
            tok = tok.head
            continue
        break
    return tok.dep_ in _SUBJ_DEPS


def _title_words(doc: Doc, first: int, head: Token) -> frozenset[str]:
    """Common nouns that describe a name: its compounds before it, its apposition."""
    words = set()
    for t in doc[max(0, first - 4) : head.i]:
        if t.pos_ in ("NOUN", "PROPN") and t.text[:1].isalpha():
            words.add(t.lemma_.lower() or t.text.lower())
    for c in head.children:
        if c.dep_ == "appos":
            words.add(c.lemma_.lower() or c.text.lower())
    if head.dep_ == "appos":
        words.add(head.head.lemma_.lower() or head.head.text.lower())
    return frozenset(words)


def _honorific_gender(doc: Doc, tok_i: int) -> str | None:
    if tok_i > 0:
        return _HONORIFIC_GENDER.get(doc[tok_i - 1].text.lower())
    return None


def _noun_phrase(head: Token) -> tuple[int, int]:
    """Char span of the speaker's noun phrase: left modifiers, head, a short 'for/of/at' phrase."""
    left = head
    for c in head.lefts:
        if c.dep_ in _NP_KEEP_LEFT:
            left = min(left, c.left_edge, key=lambda t: t.i)
            break
    right_end = _tok_end(head)
    for c in head.rights:
        if c.dep_ in ("compound", "flat"):
            right_end = max(right_end, _tok_end(c.right_edge))
        elif c.dep_ == "prep" and c.text.lower() in _NP_PREPS and len(list(c.subtree)) <= 7:
            right_end = max(right_end, _tok_end(c.right_edge))
            break
        else:
            break
    return left.idx, right_end


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def _clean_np(text: str) -> str:
    """A noun phrase as a one-line name: whitespace collapsed, invisible characters dropped."""
    return " ".join(text.translate(_INVISIBLE).split()).strip(" ,")


# ---------------------------------------------------------------------------- main


def extract_quotes(doc: Doc, mentions: Sequence[Mention], *, doc_id: str) -> list[Quote]:
    """Direct, partial and indirect quotes of one parsed article, with their speakers.

    `doc` is the parse of the article's clean text (offsets equal to the original text);
    `mentions` are the article's entity mentions, whose `entity` gives canonical names.
    Quotes come out in text order, numbered from 0.
    """
    from analysis.entities import doc_text

    text = doc_text(doc)  # Doc.text builds every Token on each access
    if not text.strip():
        return []
    ix = _Index(doc)
    paras = _paragraphs(text)
    para_starts = [s for s, _ in paras]
    segs = _quote_segments(text, paras)
    for seg in segs:
        seg.direct = _is_setoff(doc, ix, text, seg)
    direct_spans = [(s.start, s.end) for s in segs if s.direct]
    res = _Resolver(doc, ix, mentions, direct_spans, [(s.start, s.end) for s in segs], text=text)

    drafts: list[_Draft] = []
    # 1. direct quotes and their cues
    for n, seg in enumerate(segs):
        if not seg.direct:
            continue
        d = _Draft("direct", seg.start, seg.end, para=seg.para, open_end=not seg.closed)
        verb = _find_direct_cue(doc, ix, text, segs, n, paras)
        if verb is not None:
            _attribute(d, verb, res, ix, limit=ix.tokens_in(seg.end, paras[seg.para][1]).stop, start=seg.end)
        drafts.append(d)

    # 2. reported speech: clausal complements of speech verbs, "according to"
    taken = sorted(direct_spans)
    reported = _reported_speech(doc, ix, text, taken, res, paras)
    drafts.extend(reported)
    drafts.extend(_labelled_fragments(doc, ix, text, segs, drafts, res))

    # 3. floating quotes: inherit the speaker of an adjacent quote when it is evident
    drafts.sort(key=lambda d: d.start)
    _attribute_floating(drafts, para_starts)

    out = []
    for k, d in enumerate(drafts):
        out.append(
            Quote(
                doc_id=doc_id,
                quote_id=k,
                kind=d.kind,
                text=text[d.start : d.end],
                speaker=d.speaker,
                speaker_text=d.speaker_text,
                cue=d.cue,
                start_char=d.start,
                end_char=d.end,
            )
        )
    return out


def _is_setoff(doc: Doc, ix: _Index, text: str, seg: _Seg) -> bool:
    """A quotation that stands as speech of its own, not a fragment inside a clause."""
    inner = text[seg.start + 1 : seg.end - (1 if seg.closed else 0)]
    words = inner.split()
    if not words or _looks_like_title(words):
        return False
    i = seg.start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    prev = text[i] if i >= 0 else "\n"
    if prev == "\n" or prev in _SETOFF_CHARS:
        # a capitalised or sentence-like quotation after punctuation is speech; a short
        # lowercase fragment after a comma ("a “new era”, said") is a scare quote
        starts_upper = inner.lstrip(" '‘….")[:1].isupper()
        if prev in ",(" and not starts_upper and len(words) < 4:
            return False
        return True
    # directly after a speech verb: Li said "We will ...", finally said “no mas.”
    tok = doc[ix.token_at(i)]
    if _is_cue(tok, SPEECH_VERBS) or (_is_cue(tok, QUOTE_CUE_VERBS) and inner[:1].isupper()):
        return True
    return False


def _looks_like_title(words: list[str]) -> bool:
    """“The Kid Who Would Be King”, “Star Wars”: a title in quotation marks, not speech."""
    if len(words) > 8 or words[-1][-1:] in ".?!,;:…" or len(words) < 2:
        return False
    small = {"a", "an", "the", "of", "in", "on", "and", "or", "to", "for", "at", "by", "with", "from"}
    return all(w[:1].isupper() or w.lower() in small for w in words) and words[0][:1].isupper()


def _find_direct_cue(doc: Doc, ix: _Index, text: str, segs: list[_Seg], n: int, paras) -> Token | None:
    """The reporting verb (or "according") next to direct quote segs[n], within its paragraph."""
    seg = segs[n]
    ps, pe = paras[seg.para]
    # after the quote: up to the next quotation or the end of the sentence
    nxt = segs[n + 1].start if n + 1 < len(segs) and segs[n + 1].para == seg.para else pe
    # a quotation that ends its sentence with a period ("... is wrong.”) has no cue after it:
    # the next sentence is about something else ("“...” says X" follows a comma, ! or ?)
    ends_sentence = seg.closed and text[seg.start : seg.end - 1].rstrip()[-1:] == "."
    after = ix.tokens_in(seg.end, nxt) if not ends_sentence else range(0)
    for t in after:
        tok = doc[t]
        if tok.text in _SENT_END_CHARS:
            break
        if tok.is_space and "\n" in tok.text:
            break
        if _is_cue(tok, QUOTE_CUE_VERBS) or _according_obj(tok) is not None:
            return tok
    # before the quote: from the previous quotation or sentence end
    prv = segs[n - 1].end if n > 0 and segs[n - 1].para == seg.para else ps
    before = list(ix.tokens_in(prv, seg.start))
    for t in reversed(before):
        tok = doc[t]
        if tok.text in _SENT_END_CHARS:
            break
        if _is_cue(tok, QUOTE_CUE_VERBS) or _according_obj(tok) is not None:
            return tok
    return None


def _attribute(d: _Draft, verb: Token, res: _Resolver, ix: _Index, *, limit: int, start: int = -1,
               content_after: bool = False) -> Token | None:
    """Set the draft's cue and speaker from its reporting verb; returns the speaker's head token."""
    obj = _according_obj(verb)
    if obj is not None:
        head, d.cue = obj, ""
    else:
        d.cue = verb.text
        head = _subject_of(verb)
        if head is None or head.i < verb.i and head.dep_ == "csubj":
            if start < 0 and content_after:
                # "... advocate Josh Matlow told HuffPost the laws ...": the name before the cue
                sent_start = verb.doc[ix.sents[ix.sent_of[verb.i]][0]].idx
                start = max(res.para_start(verb.idx), sent_start)
            head = _preceding_name(verb, start) or _inverted_subject(verb, limit)
    if head is not None and (not head.text[:1].isalnum() or res.in_any_quote(head.idx)):
        head = None  # a stray quotation mark, or a word of the quotation, parsed as the subject
    if head is None:
        return None
    para_start = res.para_start(verb.idx)
    if head.idx < para_start:
        # the parser ran the sentence on from a heading or the previous paragraph
        head = _first_name(verb, para_start)
        if head is None:
            return None
    if head.pos_ == "PRON" and head.text.lower() not in _PERSONAL_PRONOUNS:
        if head.tag_ in ("WP", "WDT", "WP$"):
            # "who said", "which said": the relative pronoun's antecedent
            if head.head.dep_ != "relcl":
                return None
            head = head.head.head
        # else an indefinite speaker: "some in the Muslim community say", "many said"
    d.speaker, d.speaker_text, d.speaker_pos = res.resolve(head)
    return head


# Speech verbs whose infinitival complement is the reported content ("urged police to act").
_XCOMP_VERBS = frozenset({"urge"})
# Verbs whose passive subject is the hearer ("we are told", "residents were warned").
_HEARER_VERBS = frozenset("tell inform advise assure warn ask order urge remind notify".split())
# Verbs that report speech parenthetically ("The drugs, he says, are ...", "..., she said.")
_PARENTHETICAL_VERBS = frozenset(
    """say add note explain argue claim insist warn write state suggest contend maintain admit
    acknowledge concede recall report continue stress emphasize emphasise predict reply respond
    observe remark confirm allege assert tweet tell""".split()
)
# Verbs whose clause complement is a question rather than reported speech.
_QUESTION_VERBS = frozenset("ask answer wonder question specify inquire enquire".split())
_MIN_PART_WORDS = 2


def _reported_speech(doc: Doc, ix: _Index, text: str, taken: list[tuple[int, int]], res: _Resolver,
                     paras: list[tuple[int, int]]) -> list[_Draft]:
    """Indirect and partial quotes: complements of speech verbs, parenthetical cues
    ("..., he says, ..."), and "according to X"."""
    out: list[_Draft] = []
    taken_starts = [s for s, _ in taken]
    para_starts = [s for s, _ in paras]

    def overlaps(s: int, e: int) -> bool:
        k = bisect_left(taken_starts, e)
        return any(a < e and b > s for a, b in taken[max(0, k - 3) : k])

    def inside_quote(c: int) -> bool:
        k = bisect_right(taken_starts, c) - 1
        return k >= 0 and taken[k][0] <= c < taken[k][1]

    def para_of(tok: Token) -> tuple[int, int]:
        k = max(0, bisect_right(para_starts, tok.idx) - 1)
        return paras[k] if paras else (0, len(text))

    def emit(lo: int, hi: int, cue: Token, bounds: tuple[int, int]) -> _Draft | None:
        """A quote over tokens lo..hi, clipped to the cue's paragraph; None if too small or taken."""
        while lo <= hi and doc[lo].idx < bounds[0]:
            lo += 1
        while hi >= lo and doc[hi].idx >= bounds[1]:
            hi -= 1
        if hi < lo:
            return None
        s, e = _content_span(doc, text, lo, hi)
        if e <= s or len(text[s:e].split()) < _MIN_PART_WORDS or overlaps(s, e) or s <= cue.idx < e:
            return None
        d = _Draft("partial" if _has_mark(text, s, e) else "indirect", s, e)
        head = _attribute(d, cue, res, ix, limit=len(doc), content_after=s > cue.idx)
        if head is not None and head.lemma_.lower() in _DATA_NOUNS and d.kind == "indirect":
            return None  # records and surveys "say" things; they are not sources of quotes
        out.append(d)
        return d

    def sentence_bounds(tok: Token) -> tuple[int, int]:
        a, b = ix.sents[ix.sent_of[tok.i]]
        return a, b - 1

    used_sents: set[int] = set()
    for tok in map(doc.__getitem__, ix.speech_candidates):
        if not _is_cue(tok, SPEECH_VERBS) or inside_quote(tok.idx) or tok.lemma_.lower() in _QUESTION_VERBS:
            continue
        if any(c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children):
            continue  # "to confirm ...": an intention, not a report
        if tok.lemma_.lower() in _HEARER_VERBS and any(c.dep_ == "nsubjpass" for c in tok.children) \
                and not any(c.dep_ == "agent" for c in tok.children):
            continue  # "we are told that ...": the subject heard it; the speaker is unknown
        if tok.tag_ == "VB" and tok.i == ix.sents[ix.sent_of[tok.i]][0] and _subject_of(tok) is None:
            continue  # "Note that ...": an imperative addressed to the reader
        bounds = para_of(tok)
        if any(c.dep_ == "ccomp" and bounds[0] <= c.idx < bounds[1] and inside_quote(c.idx) for c in tok.children):
            continue  # the cue of a direct quotation ('"...," he said in remarks broadcast ...')
        own_subject = any(c.dep_ in _SUBJ_DEPS for c in tok.children)
        after_dash = tok.i > 0 and doc[tok.i - 1].text in ("--", "—", "–", "-")
        if (_subject_of(tok) is None or after_dash and not own_subject) and tok.tag_ != "VBG" and not (
                tok.i > 0 and doc[tok.i - 1].tag_ in ("NNP", "NNPS", "NN", "NNS", "PRP")):
            continue  # no one says it: a noun taken for a verb ("-- claims China has denied")
        comps = [c for c in tok.children if c.dep_ == "ccomp" and bounds[0] <= c.idx < bounds[1]]
        if not comps and tok.lemma_.lower() in _XCOMP_VERBS:
            comps = [c for c in tok.children if c.dep_ == "xcomp" and c.i > tok.i]
        if comps:
            right = [c for c in comps if c.i > tok.i]
            comp = right[0] if right else comps[-1]
            lo, hi = comp.left_edge.i, comp.right_edge.i
            if right:
                hi = _extend_to_sentence_end(doc, ix, tok, hi, inside_quote)
                # "said in a statement that X ...": a complementizer after the cue's adjuncts
                # starts the report even when the parser hung it elsewhere
                that = next((t.i for t in doc[tok.i + 1 : lo] if t.text.lower() == "that" and t.dep_ == "mark"), None)
                if that is not None:
                    lo = that
            if emit(lo, hi, tok, bounds):
                used_sents.add(ix.sent_of[tok.i])
            continue
        # a parenthetical cue: "The drugs have limited uses, he says, and are ..."
        subj = _subject_of(tok)
        if subj is None or tok.lemma_.lower() not in _PARENTHETICAL_VERBS:
            continue
        if subj.i > tok.i and subj.dep_ not in _SUBJ_DEPS:
            continue
        lo_phrase = min(subj.left_edge.i, tok.i)
        hi_phrase = max(tok.i, subj.right_edge.i if subj.i > tok.i else tok.i)
        if lo_phrase == 0 or doc[lo_phrase - 1].text not in ",—–":
            continue
        if hi_phrase + 1 < len(doc) and not (doc[hi_phrase + 1].is_punct or doc[hi_phrase + 1].is_space):
            continue  # the cue has an object of its own: not parenthetical
        sa, sb = sentence_bounds(tok)
        left = (sa, lo_phrase - 1)
        right = (hi_phrase + 1, sb)
        spans = [
            _content_span(doc, text, *left) if left[1] >= left[0] else (0, 0),
            _content_span(doc, text, *right) if right[1] >= right[0] else (0, 0),
        ]
        if any(e > s and overlaps(max(s, bounds[0]), min(e, bounds[1])) for s, e in spans):
            continue  # the cue of a direct quotation
        made = [emit(*part, tok, bounds) for part in (left, right) if part[1] >= part[0]]
        if any(made):
            used_sents.add(ix.sent_of[tok.i])
    for tok in map(doc.__getitem__, ix.according):
        obj = _according_obj(tok)
        if obj is None or inside_quote(tok.idx):
            continue
        sent = ix.sent_of[tok.i]
        if sent in used_sents:
            continue
        sa, sb = sentence_bounds(tok)
        phrase_r = max(max(t.i for t in tok.subtree), obj.right_edge.i)
        bounds = para_of(tok)
        for part in ((sa, tok.i - 1), (phrase_r + 1, sb)):
            if part[1] >= part[0]:
                emit(*part, tok, bounds)
        used_sents.add(sent)
    return out


# Verbs that attribute a quoted name for something to their subject: he called it “false”,
# described as “basically kidnapping”, expressed “deep concern”.
_LABEL_VERBS = frozenset("call describe term dub label brand express characterize characterise".split())


def _labelled_fragments(doc: Doc, ix: _Index, text: str, segs: list[_Seg], drafts: list[_Draft],
                        res: _Resolver) -> list[_Draft]:
    """Quoted fragments that a labelling verb attributes to its subject (kind partial)."""
    out = []
    spans = sorted((d.start, d.end) for d in drafts)
    starts = [a for a, _ in spans]
    # the longest draft so far bounds how far back an overlapping draft can start
    longest = max((b - a for a, b in spans), default=0)
    for seg in segs:
        lo = bisect_left(starts, seg.start - longest)
        hi = bisect_left(starts, seg.end)
        if seg.direct or any(b > seg.start for _, b in spans[lo:hi]):
            continue
        inner = [doc[i] for i in ix.tokens_in(seg.start + 1, seg.end - 1) if doc[i].text[:1].isalnum()]
        if not inner:
            continue
        tok = min(inner, key=lambda t: sum(1 for _ in t.ancestors))  # the fragment's head
        for _ in range(3):
            if tok.head is tok:
                break
            tok = tok.head
            if tok.pos_ in ("VERB", "AUX"):
                break
        if tok.lemma_.lower() not in _LABEL_VERBS or seg.start <= tok.idx < seg.end:
            continue
        d = _Draft("partial", seg.start, seg.end, para=seg.para)
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
            # "the arrest, which was described as “kidnapping”": the passive subject is what
            # was labelled; the speaker is the agent ("by X"), else unknown
            d.cue = tok.text
            agent = next((g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
            if agent is not None and not res.in_any_quote(agent.idx):
                d.speaker, d.speaker_text, d.speaker_pos = res.resolve(agent)
        else:
            _attribute(d, tok, res, ix, limit=len(doc))
        out.append(d)
    return out


def _extend_to_sentence_end(doc: Doc, ix: _Index, cue: Token, hi: int, inside_quote) -> int:
    """Reported speech after its cue runs on to the end of the sentence (the parser often
    hangs a conjunct or a second clause on the cue), unless another report begins."""
    end = ix.sents[ix.sent_of[cue.i]][1] - 1
    j = hi
    for t in doc[hi + 1 : end + 1]:
        if t.is_space and "\n" in t.text:
            break
        if inside_quote(t.idx) or _is_cue(t, SPEECH_VERBS) or _according_obj(t) is not None:
            break
        if t.text in ";" or (t.text in ".!?" and t.i < end):
            break
        j = t.i
    # give back a trailing conjunction or comma that led into the next report
    while j > hi and (not doc[j].text[:1].isalnum() or doc[j].dep_ == "cc"):
        j -= 1
    return j


def _content_span(doc: Doc, text: str, lo: int, hi: int) -> tuple[int, int]:
    """Char span of tokens lo..hi, trimmed of edge punctuation outside quotation marks."""
    while lo <= hi and (doc[lo].is_space or (doc[lo].is_punct and doc[lo].text not in _ALL_MARKS + "‘'")):
        lo += 1
    while hi >= lo and (doc[hi].is_space or doc[hi].text in ",;:—–-" or doc[hi].text == "("):
        hi -= 1
    if hi < lo:
        return 0, 0
    s, e = doc[lo].idx, _tok_end(doc[hi])
    # a closing quotation mark right after the span belongs to it
    if e < len(text) and text[e] in _CLOSE_MARKS + _STRAIGHT and _count_marks(text, s, e) % 2 == 1:
        e += 1
    elif e + 1 < len(text) and text[e] in ".,!?" and text[e + 1] in _CLOSE_MARKS + _STRAIGHT and _count_marks(text, s, e) % 2 == 1:
        e += 2
    # drop a final period outside any quotation
    while e > s and text[e - 1] in ".," and _count_marks(text, s, e) % 2 == 0 and text[e - 2 : e - 1] not in _ALL_MARKS:
        e -= 1
    return s, e


def _count_marks(text: str, s: int, e: int) -> int:
    return sum(1 for ch in text[s:e] if ch in _ALL_MARKS)


def _has_mark(text: str, s: int, e: int) -> bool:
    return any(ch in _ALL_MARKS for ch in text[s:e])


def _attribute_floating(drafts: list[_Draft], para_starts: list[int]) -> None:
    """Give an uncued direct quote the speaker of the quote just before it, in the same or the
    previous paragraph; an open quotation the speaker of its continuation."""
    prev: _Draft | None = None
    for d in drafts:
        if d.kind == "direct" and not d.speaker and not d.cue:
            p = d.para
            if prev is not None and prev.speaker:
                pp = bisect_right(para_starts, prev.start) - 1
                if pp == p or pp == p - 1:
                    d.speaker = prev.speaker
                    d.speaker_pos = prev.speaker_pos
        if d.speaker or d.kind == "direct":
            prev = d
    # a quotation left open whose continuation in the next paragraph carries the cue
    nxt: _Draft | None = None
    for d in reversed(drafts):
        if d.kind != "direct":
            continue
        if not d.speaker and not d.cue and d.open_end and nxt is not None and nxt.para == d.para + 1 and nxt.speaker:
            d.speaker, d.speaker_pos = nxt.speaker, nxt.speaker_pos
        nxt = d

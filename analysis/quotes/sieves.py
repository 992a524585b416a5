"""Speaker attribution: an ordered registry of sieves, from the most to the least precise.

A quote's speaker is found in three stages, each an ordered list of sieves (`SIEVES`, name ->
`Sieve`); a sieve is a small function over the article's `Context` that answers or passes
(returns None), and the first answer wins:

1. ``mention`` sieves find the words that name the speaker, from the quote's cue: the object
   of *according to*, the cue's subject, the subject of the verb a gerund cue depends on
   ("responded by saying"), a name just before the cue, the subject after it
   ('"...," said Li'), the agent of a passive labelling verb;
2. ``name`` sieves map those words to a canonical name: a pronoun to its antecedent, an
   acronym to the body named in full before, a mention to its entity, an apposition, a document to its author, "the minister" or "the
   company" to the person or organisation introduced before, else the phrase as written;
3. ``floating`` sieves give a quote without a cue a speaker: the name signing it after a dash
   ('"..." ― Ana Diaz'), else the speaker of its neighbour.

Each quote records the sieve that chose its speaker (`Quote.sieve`): the name sieve when the
speaker was inferred, else (the mention's own name, the phrase as written) the mention sieve.
`extract_quotes(..., sieves=NAMES)` runs only the named sieves, so a rule can be switched off
and measured (benchmarks/accuracy.py prints precision and coverage per sieve).
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable, NamedTuple

from analysis import lexicon

from . import floating, joint, signature
from .cues import according_object, first_name, inverted_subject, passive_agent, preceding_name, subject_of, tok_end
from .phrases import (DOCUMENT_NOUNS, ORG_NOUNS, PERSON_LABELS, PERSONAL_PRONOUNS, PRONOUN_GENDER, clean_np,
                      in_clause_below, is_definite, is_person_word, named, noun_phrase)
from .records import NO_SPAN, Answer, Draft

if TYPE_CHECKING:
    from spacy.tokens import Token

    from analysis.entities import Mention

    from .context import Context

MENTION, NAME, FLOATING = "mention", "name", "floating"
STAGES = (MENTION, NAME, FLOATING)
_PRONOUN_REFERENTS = lexicon.mapping("pronoun_referents")
_DOCUMENT_AUTHOR_VERBS = lexicon.words("document_author_verbs")
_SOURCE_PREPS = lexicon.words("document_source_prepositions")
_RELATIVE_TAGS = ("WP", "WDT", "WP$")
_WHO = ("who", "whom", "whose")
_ACRONYM_SKIP = lexicon.words("acronym_skip_words")


@dataclass(frozen=True)
class Sieve:
    """One rule of speaker attribution."""

    name: str
    stage: str  # "mention" | "name" | "floating"
    run: Callable
    literal: bool = False  # a name sieve taking the words as they are: the mention sieve is credited
    neighbour: str = ""  # floating sieves: the quote they take the speaker of ("previous", "next"; "" none)
    phrase: bool = True  # a name sieve that reads the speaker's noun phrase
    pronouns_only: bool = False  # a name sieve that answers only for a personal pronoun


class CueSite(NamedTuple):
    """A cue and where to look for its speaker."""

    verb: Token
    limit: int  # tokens at or after this index are not searched for an inverted subject
    start: int = -1  # char offset where a speaker before the cue may begin (after a quotation)
    content_after: bool = False  # the reported content follows the cue
    passive_label: bool = False  # a passive labelling verb ("described as ..."): only its agent speaks
    according: Token | None = None  # X of "according to X" when the cue is "according"


NOBODY = object()  # a mention sieve's answer "the speaker is no one findable"


# --- mention sieves: (ctx, site) -> Token | NOBODY | None


def according_to(ctx: Context, site: CueSite):
    """The source of "according to X" is X."""
    return site.according


def passive_label_agent(ctx: Context, site: CueSite):
    """"described as “kidnapping” by X": X; without an agent nobody (the passive subject is
    what was labelled, not who labelled it)."""
    if not site.passive_label:
        return None
    agent = passive_agent(site.verb)
    return agent if agent is not None and agent.idx not in ctx.quoted else NOBODY


def cue_subject(ctx: Context, site: CueSite):
    """The subject of the reporting verb ("Li said"), climbing conjunctions and participles."""
    head = subject_of(site.verb)
    if head is None or head.i < site.verb.i and head.dep_ == "csubj":
        return None
    return head


def gerund_subject(ctx: Context, site: CueSite):
    """"Obama responded by saying ...", "he was scolded for saying ...": a gerund under a
    preposition reports for the subject of the verb the preposition belongs to."""
    verb = site.verb
    if verb.tag_ != "VBG" or verb.dep_ != "pcomp" or verb.head.dep_ != "prep" or verb.head.head.i == verb.head.i:
        return None
    return subject_of(verb.head.head)


def cue_preceding_name(ctx: Context, site: CueSite):
    """A name right before its cue that the parser gave another role ('"...," DeBoer said');
    only next to the cue: a name further back is an object or a preposition's ("sings to
    Clinton before asking", "established a policy urging"), and a gerund has no such subject."""
    start, verb = site.start, site.verb
    if verb.tag_ == "VBG":
        return None
    if start < 0 and site.content_after:
        # "... advocate Josh Matlow told HuffPost the laws ...": the name before the cue
        sent_start = verb.doc[ctx.sentences[ctx.sent_of[verb.i]][0]].idx
        start = max(ctx.para_start(verb.idx), sent_start)
    found = preceding_name(verb, start)
    return found if found is not None and _next_to(found, verb) else None


def _next_to(tok: Token, verb: Token) -> bool:
    """Whether only marks, spaces and adverbs stand between *tok* and *verb*."""
    return all(t.is_punct or t.is_space or t.pos_ == "ADV" for t in tok.doc[tok.i + 1 : verb.i])


def cue_inverted_subject(ctx: Context, site: CueSite):
    """The speaker after the cue ('"...," said Li') when the parser did not call it a subject;
    never after a gerund ("... saying the U.S. had ...": that noun is the report's own subject)."""
    if site.verb.tag_ == "VBG":
        return None
    return inverted_subject(site.verb, site.limit)


# --- name sieves: (ctx, head, phrase) -> Answer | None


class Phrase(NamedTuple):
    """The speaker's noun phrase, clipped to its paragraph."""

    text: str
    start: int
    end: int
    lemma: str


def _personal(head: Token) -> str:
    lower = head.text.lower()
    return lower if lower in PERSONAL_PRONOUNS and head.pos_ == "PRON" else ""


def pronoun_antecedent(ctx: Context, head: Token, phrase: Phrase) -> Answer | None:
    """he/she -> the nearest earlier person of that gender (or unnamed speaker)."""
    low = _personal(head)
    if low not in PRONOUN_GENDER:
        return None
    name, pos = ctx.antecedents.person(head, PRONOUN_GENDER[low], None)
    return Answer(name, head.text, pos)


def subject_antecedent(ctx: Context, head: Token, phrase: Phrase) -> Answer | None:
    """they -> the nearest earlier plural subject; it -> the nearest organisation subject."""
    low = _personal(head)
    if low not in _PRONOUN_REFERENTS:
        return None
    name, pos = ctx.antecedents.subject(head, plural=_PRONOUN_REFERENTS[low] == "plural")
    return Answer(name, head.text, pos)


def unnamed_pronoun(ctx: Context, head: Token, phrase: Phrase) -> Answer | None:
    """I, we, you ...: a pronoun that names nobody the article introduces (no speaker)."""
    low = _personal(head)
    if not low or low in PRONOUN_GENDER or low in _PRONOUN_REFERENTS:
        return None
    return Answer("", head.text, -1)


def acronym_expansion(ctx: Context, head: Token, phrase: Phrase) -> Answer | None:
    """"the PBO said" -> the Parliamentary Budget Officer named in full before."""
    word = head.text.replace(".", "")
    if head.pos_ != "PROPN" or not (2 <= len(word) <= 6 and word.isupper() and word.isalpha()):
        return None
    for m in reversed(ctx.mentions[: bisect_left(ctx.m_starts, head.idx)]):
        if m.label in PERSON_LABELS + ("ORG",) and _initials(m.text) == word:
            return Answer(m.entity, phrase.text, m.start_char)
    return None


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper() and w.lower() not in _ACRONYM_SKIP)


def own_mention(ctx: Context, head: Token, phrase: Phrase) -> Answer | None:
    """The entity mention the speaker's head is part of, when it is a name."""
    m = ctx.mention_at(head.idx, tok_end(head))
    if m is not None and (head.pos_ == "PROPN" or named(m)):
        return Answer(m.entity, phrase.text, m.start_char)
    return None


def apposition(ctx: Context, head: Token, phrase: Phrase) -> Answer | None:
    """A person named beside the description: "the mayor, Doug McCallum,", "Keeper of the
    Ruler's Seal, Syed Danial Syed Ahmad, said", or the name a description is in apposition to."""
    m = _near_apposition(ctx, head) or _deep_apposition(ctx, head)
    if m is None and head.dep_ == "appos":
        m = ctx.mention_at(head.head.idx, tok_end(head.head))
    return Answer(m.entity, phrase.text, m.start_char) if m is not None else None


def _near_apposition(ctx: Context, head: Token) -> Mention | None:
    for c in head.children:
        if c.dep_ in ("appos", "compound", "flat"):
            m = ctx.mention_at(c.idx, tok_end(c))
            if m is not None and m.label in PERSON_LABELS + ("ORG",) and named(m):
                return m
    return None


def _deep_apposition(ctx: Context, head: Token) -> Mention | None:
    for t in head.subtree:
        if t.dep_ == "appos" and t is not head and not in_clause_below(t, head):
            m = ctx.mention_at(t.idx, tok_end(t))
            if m is not None and m.label in PERSON_LABELS:
                return m
    return None


def document_author(ctx: Context, head: Token, phrase: Phrase) -> Answer | None:
    """"her statement said" -> her; "a release from UFCW Local 832" -> the union; else the
    organisation that was last the subject."""
    if phrase.lemma not in DOCUMENT_NOUNS:
        return None
    found = _document_owner(ctx, head) or _document_source(ctx, head)
    if found is None:
        name, pos = ctx.antecedents.subject(head, plural=False)
        found = (name, pos) if name else None
    return Answer(found[0], phrase.text, found[1]) if found else None


def _document_owner(ctx: Context, head: Token) -> tuple[str, int] | None:
    for c in head.children:
        if c.dep_ != "poss":
            continue
        low = c.text.lower()
        if low in PRONOUN_GENDER:
            name, pos = ctx.antecedents.person(c, PRONOUN_GENDER[low], None)
            if name:
                return name, pos
        m = ctx.mention_at(c.idx, tok_end(c))
        if m is not None:
            return m.entity, m.start_char
        low = c.lemma_.lower()
        if low in ORG_NOUNS and is_definite(c):
            # "the union's Friday release": the union introduced before
            name, pos = ctx.antecedents.organisation(c, low)
            if name:
                return name, pos
    return None


def _document_source(ctx: Context, head: Token) -> tuple[str, int] | None:
    """"a statement released by the PMO" (not "the memo obtained by The Globe")."""
    for t in head.subtree:
        if t.dep_ == "pobj" and t.head.text.lower() in _SOURCE_PREPS and t.i > head.i \
                and (t.head.head.i == head.i or t.head.head.lemma_.lower() in _DOCUMENT_AUTHOR_VERBS):
            m = ctx.mention_at(t.idx, tok_end(t))
            if m is not None and m.label in PERSON_LABELS + ("ORG",):
                return m.entity, m.start_char
            if m is None and t.pos_ == "PROPN":
                # "released by the Prime Minister's Office" with no entity found: the name as written
                start, end = noun_phrase(t)
                return clean_np(ctx.text[max(start, ctx.para_start(t.idx)):end]), t.idx
    return None


def person_in_phrase(ctx: Context, head: Token, phrase: Phrase) -> Answer | None:
    """A person named inside the noun phrase ("a spokesperson for X" names X only if a person),
    unless the person owns the speaker ("Norman's lawyers")."""
    m = ctx.mention_at(phrase.start, phrase.end)
    if m is None or m.label not in PERSON_LABELS:
        return None
    if any(c.dep_ == "poss" and m.start_char <= c.idx < m.end_char for c in head.children):
        return None
    return Answer(m.entity, phrase.text, m.start_char)


def _description(head: Token) -> bool:
    return head.pos_ == "NOUN" and is_definite(head)


def title_antecedent(ctx: Context, head: Token, phrase: Phrase) -> Answer | None:
    """"the minister" -> the person introduced with that title (not the prime minister); "the
    official" -> the unnamed "a justice official" who spoke before; else a noun for a person
    ("the affable owner") -> the nearest person before, and any other noun ("the ad", "the
    ruling") stays as written."""
    lemma = phrase.lemma
    if not _description(head) or lemma in ORG_NOUNS or lemma in DOCUMENT_NOUNS or head.tag_ == "NNS":
        return None
    name, pos = ctx.antecedents.titled(head, lemma)
    if not name and (is_person_word(head) or _person_follows(ctx, head)):
        name, pos = ctx.antecedents.person(head, None, "PERSON")
    return Answer(name, phrase.text, pos) if name else None


def _person_follows(ctx: Context, head: Token) -> bool:
    """Whether the rest of the sentence speaks of the description as a person ("says the
    bow-tied maverick, noting that his ...", "the newcomer, who ...")."""
    a, b = ctx.sentences[ctx.sent_of[head.i]]
    return any((t.lower_ in PRONOUN_GENDER or t.lower_ in _WHO) and t.idx not in ctx.quoted
               for t in ctx.doc[head.i + 1 : b])


def organisation_antecedent(ctx: Context, head: Token, phrase: Phrase) -> Answer | None:
    """"the company" -> the organisation introduced with that noun, or the one organisation
    of the nearest sentence naming any."""
    if not _description(head) or phrase.lemma not in ORG_NOUNS or head.tag_ != "NN":
        return None
    name, pos = ctx.antecedents.organisation(head, phrase.lemma)
    return Answer(name, phrase.text, pos) if name else None


def as_written(ctx: Context, head: Token, phrase: Phrase) -> Answer | None:
    """The speaker's noun phrase as written ("a readout", "The company")."""
    return Answer(clean_np(phrase.text), phrase.text, head.idx)


# --- the registry


def _registry(*sieves: Sieve) -> dict[str, Sieve]:
    return {s.name: s for s in sieves}


SIEVES: dict[str, Sieve] = _registry(
    Sieve("according_to", MENTION, according_to),
    Sieve("passive_agent", MENTION, passive_label_agent),
    Sieve("cue_subject", MENTION, cue_subject),
    Sieve("gerund_subject", MENTION, gerund_subject),
    Sieve("preceding_name", MENTION, cue_preceding_name),
    Sieve("inverted_subject", MENTION, cue_inverted_subject),
    Sieve("pronoun_antecedent", NAME, pronoun_antecedent, phrase=False, pronouns_only=True),
    Sieve("subject_antecedent", NAME, subject_antecedent, phrase=False, pronouns_only=True),
    Sieve("unnamed_pronoun", NAME, unnamed_pronoun, phrase=False, pronouns_only=True),
    Sieve("acronym_expansion", NAME, acronym_expansion),
    Sieve("own_mention", NAME, own_mention, literal=True),
    Sieve("apposition", NAME, apposition),
    Sieve("document_author", NAME, document_author),
    Sieve("person_in_phrase", NAME, person_in_phrase),
    Sieve("described_group", NAME, joint.described_group),
    Sieve("title_antecedent", NAME, title_antecedent),
    Sieve("organisation_antecedent", NAME, organisation_antecedent),
    Sieve("as_written", NAME, as_written, literal=True),
    Sieve("dash_signature", FLOATING, signature.dash_signature),
    Sieve("floating_previous", FLOATING, floating.previous_speaker, neighbour="previous"),
    Sieve("floating_continuation", FLOATING, floating.continuation_speaker, neighbour="next"),
)


def select(names: Iterable[str] | None) -> tuple[Sieve, ...]:
    """The registered sieves named in *names* (all when None), in registry order."""
    if names is None:
        return tuple(SIEVES.values())
    wanted = set(names)
    unknown = sorted(wanted - SIEVES.keys())
    if unknown:
        raise ValueError(f"unknown sieve(s) {unknown}; registered: {', '.join(SIEVES)}")
    return tuple(s for s in SIEVES.values() if s.name in wanted)


def chains(sieves: Iterable[Sieve]) -> dict[str, tuple[Sieve, ...]]:
    """The sieves of each stage, in order."""
    sieves = tuple(sieves)
    return {stage: tuple(s for s in sieves if s.stage == stage) for stage in STAGES}


# --- running the sieves


def attribute(ctx: Context, draft: Draft, verb: Token, *, limit: int, start: int = -1,
              content_after: bool = False, passive_label: bool = False) -> Token | None:
    """Set the draft's cue and speaker from its cue *verb* (see `CueSite` for the options);
    returns the speaker's head token. A coordinated subject ("X and Y said") gives every
    speaker it names (`joint`)."""
    according = according_object(verb)
    draft.cue = "" if according is not None else verb.text
    draft.cue_token = verb.i
    found = _find_mention(ctx, CueSite(verb, limit, start, content_after, passive_label, according))
    if found is None:
        return None
    sieve, head, relative = found
    answer, credited, written = resolve(ctx, head, sieve)
    if relative is not None and answer.speaker:
        # "Kim, who said ...": the speaker is named, as written, by the relative pronoun
        answer, written = answer._replace(speaker_text=relative.text), (relative.idx, tok_end(relative))
    draft.take(answer, credited, written)
    if answer.speaker:
        joint.take_joint(ctx, draft, head, lambda t: resolve(ctx, t, sieve)[0].speaker)
        if credited == "subject_antecedent":
            joint.take_coordinated_antecedent(ctx, draft)
    return head


def _find_mention(ctx: Context, site: CueSite) -> tuple[str, Token, Token | None] | None:
    """The first mention sieve's answer: its name, the speaker's head and, when the cue's subject
    is a relative pronoun ("who said"), that pronoun (the head is then its antecedent)."""
    for sieve in ctx.chains[MENTION]:
        head = sieve.run(ctx, site)
        if head is NOBODY:
            return None
        if head is not None:
            if site.passive_label:
                return sieve.name, head, None
            checked = _checked(ctx, site.verb, head)
            relative = head if checked is not None and checked.i != head.i and head.tag_ in _RELATIVE_TAGS else None
            return (sieve.name, checked, relative) if checked is not None else None
    return None


def _checked(ctx: Context, verb: Token, head: Token) -> Token | None:
    """The speaker's head, unless it is a stray mark or a word of a quotation; a head the parser
    took from the previous paragraph is replaced by the paragraph's first name; a relative
    pronoun ("who said") by its antecedent."""
    if not head.text[:1].isalnum() or head.idx in ctx.quoted:
        return None
    para_start = ctx.para_start(verb.idx)
    if head.idx < para_start:
        # the parser ran the sentence on from a heading or the previous paragraph
        head = first_name(verb, para_start)
        if head is None:
            return None
    if head.pos_ == "PRON" and head.text.lower() not in PERSONAL_PRONOUNS and head.tag_ in _RELATIVE_TAGS:
        if head.head.dep_ != "relcl":
            return None
        head = head.head.head
    # else an indefinite speaker: "some in the Muslim community say", "many said"
    return head


def resolve(ctx: Context, head: Token, mention_sieve: str) -> tuple[Answer, str, tuple[int, int]]:
    """The speaker named by *head*, the sieve credited with it, and the char span of the
    words naming the speaker (its noun phrase, or the pronoun)."""
    phrase = None
    pronoun = bool(_personal(head))
    for sieve in ctx.chains[NAME]:
        if sieve.pronouns_only and not pronoun:
            continue  # (the sieve would pass; skipping it only saves the call)
        if phrase is None and sieve.phrase:
            phrase = _phrase(ctx, head)
        answer = sieve.run(ctx, head, phrase)
        if answer is not None:
            return answer, mention_sieve if sieve.literal else sieve.name, _written(ctx, head, phrase, answer)
    return Answer("", "", -1), "", NO_SPAN


def _written(ctx: Context, head: Token, phrase: Phrase | None, answer: Answer) -> tuple[int, int]:
    """Where the words of answer.speaker_text are: the phrase, the head word, or found near it."""
    if phrase is not None and answer.speaker_text == phrase.text:
        return phrase.start, phrase.end
    if answer.speaker_text == head.text:
        return head.idx, tok_end(head)
    at = ctx.text.find(answer.speaker_text, ctx.para_start(head.idx)) if answer.speaker_text else -1
    return (at, at + len(answer.speaker_text)) if at >= 0 else NO_SPAN


def _phrase(ctx: Context, head: Token) -> Phrase:
    span_start, span_end = noun_phrase(head)
    span_start = max(span_start, ctx.para_start(head.idx))
    return Phrase(ctx.text[span_start:span_end], span_start, span_end, head.lemma_.lower() or head.text.lower())


def attribute_floating(ctx: Context, drafts: list[Draft]) -> None:
    """Run the floating sieves over the drafts (in text order), each in its own pass."""
    for sieve in ctx.chains[FLOATING]:
        floating.run_pass(ctx, drafts, sieve.run, sieve.name, sieve.neighbour)

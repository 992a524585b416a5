"""Antecedents: the earlier person or organisation a pronoun or a description stands for.

`Antecedents(ctx)` collects the candidates of one article once: people and organisations named
outside quotations, names the model missed as subjects of speech verbs ("Stubbs said"), unnamed
speakers ("a security guard told Reuters") and subject pronouns that continue a chain. Then:

- `titled`: "the minister" -> the person (or unnamed speaker) introduced with that title;
- `person`: he/she (and "the official") -> the nearest earlier person of that gender;
- `subject`: they/it -> the nearest earlier plural / organisation subject;
- `organisation`: "the company" -> the organisation introduced with that noun, or the one of
  the nearest sentence naming any (never past another named actor).

Genders come from honorifics ("Mrs"), from the he/his or she/her that follow a sentence naming
only one person, and from the pronouns already resolved to a person (so the order in which
quotes are attributed matters, as in reading).
"""
from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .cues import SAY_VERBS, SPEECH_VERBS, is_cue, subject_of, tok_end
from .phrases import (CHAIN_PRONOUNS, OFFICE_MODIFIERS, ORG_NOUNS, PERSON_LABELS, PERSON_TITLE_WORDS, PRONOUN_GENDER,
                      clean_np, honorific_gender, is_definite, is_person_description, is_person_noun,
                      is_subject, noun_phrase, title_words)

if TYPE_CHECKING:
    from spacy.tokens import Token

    from analysis.entities import Mention

    from .context import Context

_NOT_ACTOR_LABELS = ("GPE", "LOC", "NORP", "DATE", "TIME", "CARDINAL", "ORDINAL")
_SUBJECT_DEPS = ("nsubj", "nsubjpass")


def _names_itself(tok: Token) -> bool:
    """"the Canadian government", "the city of Phoenix": a description with a name of its own."""
    if any(c.pos_ == "PROPN" or c.ent_type_ in ("NORP", "GPE") for c in tok.lefts):
        return True
    return any(c.dep_ == "prep" and c.lower_ == "of" and any(g.pos_ == "PROPN" for g in c.children)
               for c in tok.rights)


@dataclass(frozen=True)
class Candidate:
    """A possible antecedent: a PERSON (or ORG, or an unnamed "DESC" speaker) named outside quotations."""

    sent: int
    start: int
    entity: str
    label: str
    subject: bool
    title_words: frozenset[str]


class Antecedents:
    """The antecedent candidates of one article and the lookups over them."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.gender: dict[str, str] = {}
        cands: dict[int, Candidate] = {}
        self._add_mentions(cands)
        self._add_speech_subjects(cands)
        self.cands = sorted(cands.values(), key=lambda c: c.start)
        self.starts = [c.start for c in self.cands]
        self._learn_gender()
        self._chain_pronouns()

    # --- building the candidates

    def _add_mentions(self, cands: dict[int, Candidate]) -> None:
        ctx = self.ctx
        for m in ctx.mentions:
            if m.start_char in ctx.direct or m.label not in PERSON_LABELS + ("ORG",):
                continue
            tok = ctx.token_at(m.start_char)
            head = ctx.mention_head(m)
            if head.dep_ == "compound" and head.head.pos_ == "NOUN":
                continue  # "the Kinder Morgan pipeline", "the Trump administration": a modifier
            cands[m.start_char] = Candidate(ctx.sent_of[tok], m.start_char, m.entity, m.label,
                                            is_subject(head), title_words(ctx.doc, tok, head))
            g = honorific_gender(ctx.lowers, tok)
            if g and m.label in PERSON_LABELS and m.entity not in self.gender:
                self.gender[m.entity] = g

    def _add_speech_subjects(self, cands: dict[int, Candidate]) -> None:
        """Names the model missed or mislabelled, as subjects of speech verbs ("Stubbs said")."""
        ctx = self.ctx
        doc = ctx.doc
        for tok in map(doc.__getitem__, ctx.speech_candidates):
            if not is_cue(tok, SPEECH_VERBS) or tok.idx in ctx.direct:
                continue
            subj = subject_of(tok)
            if subj is None and tok.i > 0 and doc[tok.i - 1].tag_ == "NNP":
                subj = doc[tok.i - 1]  # "..., Traeger said" with the name parsed as something else
            if subj is None or subj.idx in ctx.direct:
                continue
            cand = self._unnamed_speaker(tok, subj)
            if cand is None and subj.tag_ in ("NNP", "NNPS"):
                cand = self._missed_name(subj)
            if cand is not None:
                cands[cand.start] = cand

    def _unnamed_speaker(self, verb: Token, subj: Token) -> Candidate | None:
        """"a private security professional told Reuters": an unnamed speaker; a later "he" is
        this person, not someone named further back."""
        ctx = self.ctx
        if not (subj.tag_ == "NN" and verb.lemma_.lower() in SAY_VERBS and is_person_description(subj)
                and subj.idx >= ctx.para_start(verb.idx) and ctx.mention_at(*noun_phrase(subj)) is None):
            return None
        start, end = noun_phrase(subj)
        # its noun is its title: "a justice official said ... the official said" is this speaker
        noun = frozenset({subj.lemma_.lower() or subj.lower_})
        return Candidate(ctx.sent_of[subj.i], subj.idx, clean_np(ctx.text[start:end]), "DESC", True, noun)

    def _missed_name(self, subj: Token) -> Candidate | None:
        ctx = self.ctx
        m = ctx.mention_at(subj.idx, tok_end(subj))
        if m is not None and m.label in PERSON_LABELS:
            return None
        if m is not None and not (PERSON_TITLE_WORDS & set(m.text.lower().split())):
            return None  # an organisation or place that speaks: not a "he"/"she"
        if any(t.dep_ == "appos" and ctx.mention_at(t.idx, tok_end(t)) is not None for t in subj.subtree):
            return None  # "Director ..., Kevin Haley, agreed": the named apposition is the candidate
        start, end = noun_phrase(subj)
        name = m.entity if m is not None else clean_np(ctx.text[start:end])
        c0 = m.start_char if m is not None else subj.idx
        return Candidate(ctx.sent_of[subj.i], c0, name, "PERSON", True, title_words(ctx.doc, subj.i, subj))

    def _learn_gender(self) -> None:
        """Gender of a person from the he/his or she/her that follow a sentence naming only them."""
        ctx = self.ctx
        sentences, lowers, starts, direct = ctx.sentences, ctx.lowers, ctx.starts, ctx.direct
        votes: dict[str, Counter] = {}
        for sent, name in self._sentences_naming_one_person():
            a, _ = sentences[sent]
            b = sentences[min(sent + 1, len(sentences) - 1)][1]
            for i in range(a, b):
                g = PRONOUN_GENDER.get(lowers[i])
                if g and starts[i] not in direct:
                    votes.setdefault(name, Counter())[g] += 1
        for name, v in votes.items():
            (g, n), *rest = v.most_common()
            if name not in self.gender and (not rest or n >= 2 * rest[0][1]):
                self.gender[name] = g

    def _sentences_naming_one_person(self) -> list[tuple[int, str]]:
        by_sent: dict[int, set[str]] = {}
        for c in self.cands:
            if c.label in PERSON_LABELS:
                by_sent.setdefault(c.sent, set()).add(c.entity)
        return [(sent, next(iter(names))) for sent, names in by_sent.items() if len(names) == 1]

    def _chain_pronouns(self) -> None:
        """Subject pronouns outside quotations extend the chain of their antecedent, so that
        "He said the business, along with X, ..." keeps "he" on the earlier person, not X."""
        ctx = self.ctx
        for tok in map(ctx.doc.__getitem__, ctx.he_she):
            low = tok.text.lower()
            if low in CHAIN_PRONOUNS and tok.dep_ in _SUBJECT_DEPS and tok.idx not in ctx.direct:
                name, _ = self.person(tok, PRONOUN_GENDER[low], None)
                if name:
                    k = bisect_left(self.starts, tok.idx)
                    self.cands.insert(k, Candidate(ctx.sent_of[tok.i], tok.idx, name, "PERSON", True, frozenset()))
                    self.starts.insert(k, tok.idx)

    # --- lookups

    def titled(self, tok: Token, title: str) -> tuple[str, int]:
        """"the minister" -> the nearest earlier person introduced with that title, or the
        unnamed speaker introduced with that noun ("a justice official said")."""
        c = self._titled(bisect_left(self.starts, tok.idx), PERSON_LABELS + ("DESC",), title)
        return (c.entity, c.start) if c is not None else ("", -1)

    def person(self, tok: Token, gender: str | None, label: str | None) -> tuple[str, int]:
        """Nearest earlier candidate: in the nearest sentence that has one, its subject, else
        its first."""
        label = label or "PERSON"
        labels = PERSON_LABELS if label == "PERSON" else ("ORG",)
        if gender:  # a pronoun may stand for an unnamed speaker ("a witness said ... he said")
            labels = labels + ("DESC",)
        k = bisect_left(self.starts, tok.idx)
        pool = self._pool(k, self.ctx.sent_of[tok.i], labels, gender, tok.i)
        if not pool:
            return "", -1
        sent = pool[0].sent
        same = [c for c in pool if c.sent == sent]
        best = next((c for c in reversed(same) if c.subject), same[-1])
        if gender:
            self.gender.setdefault(best.entity, gender)
        return best.entity, best.start

    def _titled(self, k: int, labels: tuple[str, ...], title: str) -> Candidate | None:
        # a description names the person introduced with that title, however far back;
        # "the minister" is not the prime minister ("prime", "vice" make another office)
        for c in reversed(self.cands[:k]):
            if c.label in labels and title in c.title_words and not (c.title_words & OFFICE_MODIFIERS):
                return c
        return None

    def _pool(self, k: int, cur: int, labels: tuple[str, ...], gender: str | None, before: int) -> list[Candidate]:
        """The candidates before index k within reach, nearest first, of a fitting gender."""
        reach = self.ctx.options.antecedent_sents
        pool = []
        for c in reversed(self.cands[:k]):
            if cur - c.sent > reach:
                break
            if c.label not in labels:
                continue
            if gender and self.gender.get(c.entity, gender) != gender:
                continue
            pool.append(c)
        if pool and pool[0].label == "DESC" and self._description_subject_between(pool[0].sent + 1, cur, before):
            # "a spokesperson said ... The mayor spoke ... he said": the later subject is "he"
            pool = [c for c in pool if c.label != "DESC"]
        return pool

    def _description_subject_between(self, first: int, last: int, before: int) -> bool:
        """Whether sentences first..last have a subject "the <person noun>" before token `before`."""
        ctx = self.ctx
        for k in range(first, last + 1):
            a, b = ctx.sentences[k]
            for t in ctx.doc[a:min(b, before)]:
                if t.dep_ in _SUBJECT_DEPS and t.tag_ == "NN" and is_definite(t) \
                        and is_person_noun(t) and t.idx not in ctx.direct:
                    return True
        return False

    def subject(self, tok: Token, *, plural: bool) -> tuple[str, int]:
        """"they" -> the nearest earlier plural subject ("Republican senators", "X and Y");
        "it" -> the nearest earlier organisation subject. Looks back a few sentences."""
        ctx = self.ctx
        cur = ctx.sent_of[tok.i]
        for k in range(cur, max(-1, cur - ctx.options.subject_antecedent_sents - 1), -1):
            a, b = ctx.sentences[k]
            subjects = [t for t in ctx.doc[a:b] if t.dep_ in _SUBJECT_DEPS and t.i < tok.i
                        and t.idx not in ctx.direct]
            for t in reversed(subjects):
                found = self._subject_name(t, plural) if t.pos_ != "PRON" else None
                if found is not None:
                    return found
            if subjects:
                break  # the nearest sentence with a subject decides
        return "", -1

    def _subject_name(self, t: Token, plural: bool) -> tuple[str, int] | None:
        ctx = self.ctx
        m = ctx.mention_at(t.idx, tok_end(t))
        if m is None and not plural:
            # "Crest maker Procter & Gamble rallied": the name in the subject phrase
            m = ctx.mention_at(t.left_edge.idx, tok_end(t.right_edge))
        conj = any(c.dep_ == "conj" for c in t.children)
        if plural and (t.tag_ in ("NNS", "NNPS") or conj):
            if m is not None and not conj:
                return m.entity, m.start_char
            return self._plural_phrase(t), t.idx
        return None if plural else self._organisation_subject(t, m)

    def _organisation_subject(self, t: Token, m: Mention | None) -> tuple[str, int] | None:
        """The organisation subject *t* names (its mention *m*); "The aid group Gatsby said" is
        an organisation, whatever label its name got."""
        if t.lemma_.lower() in ORG_NOUNS:
            named = self._named_in_apposition(t)
            if named is not None:
                return named.entity, named.start_char
            return (m.entity, m.start_char) if m is not None else None
        return (m.entity, m.start_char) if m is not None and m.label == "ORG" else None

    def _named_in_apposition(self, t: Token) -> Mention | None:
        for c in t.children:
            if c.dep_ in ("appos", "compound", "flat") and c.i > t.i:
                m = self.ctx.mention_at(c.idx, tok_end(c))
                if m is not None and m.label not in _NOT_ACTOR_LABELS:
                    return m
        return None

    def _plural_phrase(self, t: Token) -> str:
        ctx = self.ctx
        lo = max(t.left_edge.idx, ctx.para_start(t.idx))
        hi = max((tok_end(c.right_edge) for c in t.children if c.dep_ == "conj"), default=tok_end(t))
        if t.right_edge.i - t.left_edge.i < 10:
            # "Stella's owners Tore Sohlberg and Lehla Abreder": keep the names
            hi = max(hi, tok_end(t.right_edge))
        return clean_np(ctx.text[lo:hi])

    def organisation(self, tok: Token, noun: str) -> tuple[str, int]:
        """"the company" -> the organisation introduced with that noun ("security firm Cisco
        Talos"), else the one organisation named in the nearest earlier sentence naming any
        (a few sentences back); "" when two organisations compete."""
        if _names_itself(tok):
            return "", -1  # "the Canadian government", "the city of Phoenix" name themselves
        k = bisect_left(self.starts, tok.idx)
        orgs = [c for c in self.cands[:k] if c.label == "ORG"]
        described = {c.entity for c in orgs if self._org_described(c, noun)}
        if len(described) == 1:
            (name,) = described
            c = next(c for c in reversed(orgs) if c.entity == name)
            return c.entity, c.start
        if described:
            return "", -1
        return self._nearest_org(tok, noun, orgs)

    def _nearest_org(self, tok: Token, noun: str, orgs: list[Candidate]) -> tuple[str, int]:
        ctx = self.ctx
        cur = ctx.sent_of[tok.i]
        for sent in range(cur, max(-1, cur - ctx.options.subject_antecedent_sents - 1), -1):
            # "Cisco System's Talos unit said": a possessor is not the actor
            here = {c.entity: c for c in orgs if c.sent == sent and not self._possessive(c)}
            if len(here) == 1:
                c = next(iter(here.values()))
                return c.entity, c.start
            if here or self._other_actor(sent, tok, noun):
                return "", -1  # another named actor came in between ("media company GroupM")
        return "", -1

    def _other_actor(self, sent: int, tok: Token, noun: str) -> bool:
        ctx = self.ctx
        a, b = ctx.sentences[sent]
        return any(t.pos_ == "PROPN" and t.i < tok.i and t.idx not in ctx.direct and self._actor_word(t)
                   or t.lemma_.lower() == noun and t.i < tok.i and t.pos_ == "NOUN"
                   for t in ctx.doc[a:b])

    def _actor_word(self, t: Token) -> bool:
        """A proper noun that may name an organisation: not a place, nationality or date, nor
        a person ("Musk was ordered to step down ... the company announced": Tesla still)."""
        m = self.ctx.mention_at(t.idx, tok_end(t))
        return m is None or m.label not in _NOT_ACTOR_LABELS + PERSON_LABELS

    def _possessive(self, c: Candidate) -> bool:
        m = self.ctx.mention_at(c.start, c.start + 1)
        return m is not None and self.ctx.mention_head(m).dep_ == "poss"

    def _org_described(self, c: Candidate, noun: str) -> bool:
        """Whether the organisation's mention is introduced with the noun: "security firm
        Cisco Talos", "Cisco Talos, a security firm", "the Winnipeg Police Service"."""
        m = self.ctx.mention_at(c.start, c.start + 1)
        if m is None:
            return False
        if noun in m.text.lower().split():
            return True
        return self._noun_before(m, noun) or self._noun_in_apposition(m, noun)

    def _noun_before(self, m: Mention, noun: str) -> bool:
        doc = self.ctx.doc
        j = self.ctx.token_at(m.start_char) - 1
        while j >= 0 and doc[j].pos_ in ("NOUN", "ADJ", "PROPN") and doc[j].dep_ in ("compound", "amod", "nmod"):
            if (doc[j].lemma_.lower() or doc[j].lower_) == noun:
                return True
            j -= 1
        return False

    def _noun_in_apposition(self, m: Mention, noun: str) -> bool:
        head = self.ctx.mention_head(m)
        near = [t for t in head.children if t.dep_ == "appos"] + ([head.head] if head.dep_ == "appos" else [])
        return any((t.lemma_.lower() or t.lower_) == noun for t in near)

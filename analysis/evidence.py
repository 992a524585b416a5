"""The evidence behind a ranking row, one click away: the sentences that name an actor, a
speaker's quotes, the sentences naming both actors of a pair, the quotes in which a speaker
names an actor; each as a keyword-in-context snippet with its article's title, outlet and date.

Where the text comes from: the tables keep offsets, not article text (the text stays in the
corpus); ``sentences`` holds each sentence's span. ``article_texts`` (the only I/O here) reads
the texts of the few cited articles through the corpus reader and checks them against the
mentions, so an edited corpus gives no misplaced snippets. Everything else is pure: tables in,
``Entry`` records out. An ``Entry`` renders itself, its article text escaped before the
keywords are wrapped in ``<mark>``.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

import pandas as pd

from analysis.cooccurrence import DEFAULT_ACTOR_LABELS, WINDOW_KEYS

SNIPPET_CHARS = 180  # a snippet longer than this is cut around its first keyword
SPEAKER_REACH = 160  # a speaker named this close to the quote is shown (and marked) with it
Span = tuple[int, int]


# --------------------------------------------------------------------------------------------
# Anchors
# --------------------------------------------------------------------------------------------
def anchor(kind: str, *key: str) -> str:
    """The id of an evidence entry, ``ev-<kind>-<slug>``: ASCII words of the key, plus a short
    digest so that two keys with the same words ("Trump", "TRUMP", two scripts) never collide."""
    words = unicodedata.normalize("NFKD", " ".join(key)).encode("ascii", "ignore").decode().lower()
    slug = "-".join(re.findall(r"[a-z0-9]+", words))[:40].strip("-")
    digest = hashlib.sha1("\x1f".join(key).encode("utf-8", "surrogatepass")).hexdigest()[:6]
    return f"ev-{kind}-{slug + '-' if slug else ''}{digest}"


def actor_anchor(entity: str, label: str) -> str:
    """The entry of an actor of the entities ranking."""
    return anchor("actor", str(entity), str(label))


def speaker_anchor(speaker: str) -> str:
    """The entry of a speaker of the speaker ranking."""
    return anchor("speaker", str(speaker))


def pair_anchor(source: str, target: str) -> str:
    """The entry of a pair of the strongest pairs."""
    return anchor("pair", *sorted((str(source), str(target))))


def about_anchor(speaker: str, actor: str) -> str:
    """The entry of a speaker -> actor link of who speaks about whom."""
    return anchor("about", str(speaker), str(actor))


# Links: a ranking row (a dict, as ``analysis.blocks.table`` passes it) -> the id of its entry
def actor_link(row: Mapping[str, Any]) -> str:
    """The evidence entry of a row of the entities ranking (columns entity, label)."""
    return actor_anchor(row["entity"], row["label"])


def speaker_link(row: Mapping[str, Any]) -> str:
    """The evidence entry of a row of the speaker ranking (column speaker)."""
    return speaker_anchor(row["speaker"])


def pair_link(row: Mapping[str, Any]) -> str:
    """The evidence entry of a row of the strongest pairs (columns source, target)."""
    return pair_anchor(row["source"], row["target"])


def about_link(row: Mapping[str, Any]) -> str:
    """The evidence entry of a row of who speaks about whom (columns speaker, actor)."""
    return about_anchor(row["speaker"], row["actor"])


# --------------------------------------------------------------------------------------------
# Hits: where in which article the evidence is
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Hit:
    """One piece of evidence: the span to show in article ``doc_id`` and the keywords in it."""

    doc_id: str
    start: int
    end: int
    marks: tuple[Span, ...]


def sentence_spans(sentences: pd.DataFrame) -> dict[tuple[str, int], Span]:
    """(doc_id, sent_id) -> the sentence's character span; build it once for many lookups."""
    return {(str(d), int(s)): (int(a), int(b)) for d, s, a, b in
            sentences[["doc_id", "sent_id", "start_char", "end_char"]].itertuples(index=False)}


def _spans(sentences: pd.DataFrame | Mapping[tuple[str, int], Span]) -> Mapping[tuple[str, int], Span]:
    return sentence_spans(sentences) if isinstance(sentences, pd.DataFrame) else sentences


def _spread(hits: list[Hit]) -> list[Hit]:
    """Hits ordered so that the first few come from different articles (first hit of each
    article, in article order, then the second of each ...)."""
    seen: dict[str, int] = {}
    ranked = []
    for hit in hits:
        ranked.append((seen.get(hit.doc_id, 0), hit))
        seen[hit.doc_id] = seen.get(hit.doc_id, 0) + 1
    return [hit for _, hit in sorted(ranked, key=lambda r: (r[0], r[1].doc_id, r[1].start))]


def _unit_hits(rows: pd.DataFrame, key: str | None, spans: Mapping[tuple[str, int], Span]) -> list[Hit]:
    """One hit per window unit (sentence, paragraph or article) of the mention *rows*: the
    sentences from the unit's first to its last mention, every mention marked. One pass over the
    rows in plain Python (a pandas group per unit costs milliseconds each: thousands for an actor
    named thousands of times)."""
    if rows.empty:
        return []
    r = rows.sort_values(["doc_id", "start_char"], kind="stable")
    docs = r["doc_id"].astype(str).tolist()
    units = r[key].astype(int).tolist() if key else [0] * len(r)
    sents, starts, ends = (r[c].astype(int).tolist() for c in ("sent_id", "start_char", "end_char"))
    grouped: dict[tuple[str, int], list[int]] = {}
    for i, unit in enumerate(zip(docs, units)):
        grouped.setdefault(unit, []).append(i)
    hits = []
    for (doc, _), idx in sorted(grouped.items()):
        marks = tuple((starts[i], ends[i]) for i in idx)
        first = spans.get((doc, sents[idx[0]]), marks[0])
        last = spans.get((doc, sents[idx[-1]]), marks[-1])
        hits.append(Hit(doc, min(first[0], marks[0][0]), max(last[1], marks[-1][1]), marks))
    return _spread(hits)


def actor_hits(mentions: pd.DataFrame, sentences: pd.DataFrame | Mapping, entity: str, label: str) -> list[Hit]:
    """The sentences naming actor (*entity*, *label*), one hit per sentence. *sentences*: the
    sentences table, or its ``sentence_spans`` (built once for many actors)."""
    rows = mentions[(mentions["entity"] == entity) & (mentions["label"] == label)]
    return _unit_hits(rows, "sent_id", _spans(sentences))


def _key(window: str) -> str | None:
    """The mention column of one window (None: the whole article)."""
    key = WINDOW_KEYS[window]
    return key if key in ("sent_id", "para_id") else None


def pair_hits(mentions: pd.DataFrame, sentences: pd.DataFrame | Mapping, source: str, target: str,
              window: str = "sentence", labels: Sequence[str] = DEFAULT_ACTOR_LABELS, *,
              narrow: int | None = None) -> list[Hit]:
    """The windows naming both actors (as `analysis.cooccurrence` counts them), one hit per
    window: the sentences from the closest mention of one to the closest mention of the other
    (for the first ``narrow`` hits only, when given: the rest are only counted)."""
    key = _key(window)
    m = mentions[mentions["label"].isin(list(labels)) & mentions["entity"].isin([source, target])]
    both = m.groupby(["doc_id"] + ([key] if key else []))["entity"].transform("nunique") == 2
    m = m[both]
    spans = _spans(sentences)
    hits = _unit_hits(m, key, spans)
    upto = len(hits) if narrow is None else min(narrow, len(hits))
    if upto:
        by_doc = {d: rows for d, rows in m[m["doc_id"].astype(str).isin({h.doc_id for h in hits[:upto]})]
                  .groupby(m["doc_id"].astype(str))}
        hits[:upto] = [_closest(h, by_doc[h.doc_id], source, spans) for h in hits[:upto]]
    return hits


def _closest(hit: Hit, rows: pd.DataFrame, source: str, spans: Mapping[tuple[str, int], Span]) -> Hit:
    """Narrow a unit's hit to the closest (source mention, target mention) within it."""
    inside = rows[(rows["start_char"] >= hit.start) & (rows["end_char"] <= hit.end)]
    a, b = inside[inside["entity"] == source], inside[inside["entity"] != source]
    if a.empty or b.empty:
        return hit
    pairs = [(abs(int(x.start_char) - int(y.start_char)), x, y) for x in a.itertuples() for y in b.itertuples()]
    _, x, y = min(pairs, key=lambda p: p[0])
    lo, hi = sorted((x, y), key=lambda r: int(r.start_char))
    start = spans.get((hit.doc_id, int(lo.sent_id)), (int(lo.start_char), 0))[0]
    end = spans.get((hit.doc_id, int(hi.sent_id)), (0, int(hi.end_char)))[1]
    marks = tuple(mk for mk in hit.marks if start <= mk[0] and mk[1] <= end)
    return Hit(hit.doc_id, min(start, int(lo.start_char)), max(end, int(hi.end_char)), marks)


def _quote_hit(q, marks: Iterable[Span] = ()) -> Hit:
    """A quote's span, with its speaker's words when they stand next to it (marked)."""
    start, end = int(q.start_char), int(q.end_char)
    marks = list(marks)
    s0, s1 = int(q.speaker_start), int(q.speaker_end)
    if 0 <= s0 < s1 and (start - SPEAKER_REACH <= s1 and s0 <= end + SPEAKER_REACH):
        start, end = min(start, s0), max(end, s1)
        marks.append((s0, s1))
    return Hit(str(q.doc_id), start, end, tuple(sorted(set(marks))))


def _speaker_quotes(quotes: pd.DataFrame, speaker: str, exploded: pd.DataFrame | None = None) -> pd.DataFrame:
    from analysis.comparisons import quote_speakers

    q = quote_speakers(quotes) if exploded is None else exploded
    q = q[q["speaker"] == speaker]
    order = {"direct": 0, "partial": 1, "indirect": 2}
    q = q.assign(_kind=q["kind"].map(order).fillna(3)).sort_values(["_kind", "doc_id", "start_char"], kind="stable")
    return q.drop_duplicates(["text"])  # a story syndicated twice: the quote once


def speaker_hits(quotes: pd.DataFrame, speaker: str, *, exploded: pd.DataFrame | None = None) -> list[Hit]:
    """A speaker's quotes (a joint quote counts for each speaker; direct quotes first; the same
    words quoted in two articles once), with the words naming the speaker marked. ``exploded``:
    `analysis.comparisons.quote_speakers` of *quotes*, when made once for many speakers."""
    said = _speaker_quotes(quotes, speaker, exploded)
    return _spread([_quote_hit(q) for q in said.itertuples(index=False)])


def about_hits(quotes: pd.DataFrame, mentions: pd.DataFrame, speaker: str, actor: str,
               labels: Sequence[str] = DEFAULT_ACTOR_LABELS, *, exploded: pd.DataFrame | None = None) -> list[Hit]:
    """The quotes of *speaker* that name *actor* (as `analysis.comparisons.speaks_about` counts
    them), the actor's mentions and the speaker marked (``exploded``: as for `speaker_hits`)."""
    named = mentions[(mentions["entity"] == actor) & mentions["label"].isin(list(labels))]
    said = _speaker_quotes(quotes, speaker, exploded).reset_index(drop=True)
    if said.empty or named.empty:
        return []
    pairs = said[["doc_id", "start_char", "end_char"]].astype({"doc_id": str}).reset_index().merge(
        named[["doc_id", "start_char", "end_char"]].astype({"doc_id": str}), on="doc_id", suffixes=("", "_m"))
    pairs = pairs[(pairs["start_char_m"] >= pairs["start_char"]) & (pairs["end_char_m"] <= pairs["end_char"])]
    marks: dict[int, list[Span]] = {}
    for i, a, b in zip(pairs["index"], pairs["start_char_m"].astype(int), pairs["end_char_m"].astype(int)):
        marks.setdefault(int(i), []).append((a, b))
    rows = list(said.itertuples(index=False))
    return _spread([_quote_hit(rows[i], marks[i]) for i in sorted(marks)])


# --------------------------------------------------------------------------------------------
# Snippets
# --------------------------------------------------------------------------------------------
def _clip(hit: Hit, width: int) -> Span:
    """The part of the hit to show: all of it when short, else ``width`` characters around the
    first keyword (a third before it)."""
    if not hit.marks:
        return hit.start, min(hit.end, hit.start + width)
    if hit.end - hit.start <= width:
        return hit.start, hit.end
    lo = max(hit.start, hit.marks[0][0] - width // 3)
    return lo, min(hit.end, max(lo + width, hit.marks[0][1]))


def snippet_html(text: str, hit: Hit, width: int = SNIPPET_CHARS) -> str:
    """The hit's words from *text* as HTML: every piece escaped, then the keywords wrapped in
    ``<mark>``; white space runs as one space; "…" where the snippet was cut."""
    lo, hi = _clip(hit, width)
    pieces, at = [], lo
    for a, b in sorted(hit.marks):
        a, b = max(a, at), min(b, hi)
        if a >= b:
            continue
        pieces += [(text[at:a], False), (text[a:b], True)]
        at = b
    pieces.append((text[at:hi], False))
    out = "".join(f"<mark>{_flat(p)}</mark>" if marked else _flat(p) for p, marked in pieces if p).strip()
    return ("… " if lo > hit.start else "") + out + (" …" if hi < hit.end else "")


def _flat(text: str) -> str:
    return html.escape(re.sub(r"\s+", " ", text))


# --------------------------------------------------------------------------------------------
# Entries: what the appendix shows
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Item:
    """One snippet (HTML: escaped, keywords marked) and where it comes from (plain text)."""

    snippet: str
    title: str
    outlet: str
    date: str


@dataclass(frozen=True)
class Entry:
    """The evidence of one ranking row: up to ``per_entry`` items, how many more there are and
    which CSV rows hold them all; ``back`` is the id of the ranking's table. A ``compact`` entry
    (a later row of a long ranking) is one line of heading and one of evidence."""

    anchor: str
    heading: str
    items: tuple[Item, ...]
    more: int
    where: str
    back: str = ""
    missing: int = 0  # hits whose article text could not be read
    compact: bool = False

    def _head(self) -> str:
        back = f' <a class="nb-ev-back" href="#{html.escape(self.back)}">back to the table</a>' if self.back else ""
        more = (f' <span class="nb-ev-more">and {self.more:,} more; all in {html.escape(self.where)}</span>'
                if self.more else "")
        return f'<p class="nb-ev-head">{html.escape(self.heading)}{back}{more}</p>'

    def _tail(self) -> str:
        rest = []
        if self.missing:
            rest.append(f"{self.missing:,} not shown: the article text could not be read (corpus moved or edited)")
        if not self.items and not rest:
            rest.append("no sentence found")
        return "".join(f'<p class="nb-ev-more">{html.escape(r)}</p>' for r in rest)

    def to_html(self) -> str:
        items = [f'<span class="nb-ev-text">{it.snippet}</span> <span class="nb-ev-src">'
                 f"{html.escape(' · '.join(x for x in (it.title, it.outlet, it.date) if x))}</span>" for it in self.items]
        if self.compact:  # one paragraph: heading, the evidence, how many more, the way back
            return self._compact_html(items)
        body = f"<ol>{''.join(f'<li>{item}</li>' for item in items)}</ol>" if items else ""
        return f'<div class="nb-ev" id="{html.escape(self.anchor)}">{self._head()}{body}{self._tail()}</div>'

    def _compact_html(self, items: list[str]) -> str:
        more = f' <span class="nb-ev-more">+{self.more:,} in {html.escape(self.where)}</span>' if self.more else ""
        back = f' <a class="nb-ev-back" href="#{html.escape(self.back)}">back</a>' if self.back else ""
        return (f'<div class="nb-ev nb-ev-compact" id="{html.escape(self.anchor)}"><p class="nb-ev-line">'
                f'<span class="nb-ev-head">{html.escape(self.heading)}</span> {" ".join(items)}{more}{back}</p>'
                f"{self._tail()}</div>")

    def _repr_html_(self) -> str:  # JupyterLab shows it as the report does
        return self.to_html()


def article_sources(articles: pd.DataFrame) -> dict[str, tuple[str, str, str]]:
    """doc_id -> (title, outlet, date) from the articles table (empty strings where unknown)."""
    cols = [c for c in ("title", "source", "date") if c in articles]
    a = articles.set_index(articles["doc_id"].astype(str))[cols].astype("object").fillna("").astype(str)
    return {d: tuple(row.get(c, "") for c in ("title", "source", "date")) for d, row in a.iterrows()}


COMPACT_SNIPPET_CHARS = 90  # a compact entry's snippet, and its title, are shorter
COMPACT_TITLE_CHARS = 45


def entry(anchor_id: str, heading: str, hits: Sequence[Hit], texts: Mapping[str, str], sources: Mapping[str, tuple],
          per_entry: int, where: str, back: str = "", *, compact: bool = False) -> Entry:
    """An ``Entry`` of the first ``per_entry`` hits (those whose article text is not in *texts*
    are counted as missing, not shown), and how many more there are. A ``compact`` entry has a
    shorter snippet and title, and names only the CSV file (its group says which rows)."""
    shown = list(hits[:max(per_entry, 0)])
    width, title = (COMPACT_SNIPPET_CHARS, COMPACT_TITLE_CHARS) if compact else (SNIPPET_CHARS, 90)
    items = tuple(Item(snippet_html(texts[h.doc_id], h, width),
                       *_short_source(sources.get(h.doc_id, (h.doc_id, "", "")), title))
                  for h in shown if h.doc_id in texts)
    return Entry(anchor_id, heading, items, more=len(hits) - len(shown), where=where.split(" ")[0] if compact else where,
                 back=back, missing=len(shown) - len(items), compact=compact)


def _short_source(source: tuple, title_chars: int = 90) -> tuple[str, str, str]:
    title, outlet, date = (str(x) for x in source)
    return (title if len(title) <= title_chars else title[:title_chars - 1] + "…"), outlet, date[:10]


def _q(value: str) -> str:
    return '"' + str(value).replace('"', '""') + '"'


def where_actor(entity: str, label: str) -> str:
    """Which rows of data/mentions.csv hold an actor's evidence."""
    return f"data/mentions.csv rows where entity = {_q(entity)} and label = {_q(label)}"


def where_speaker(speaker: str) -> str:
    """Which rows of data/quotes.csv hold a speaker's quotes."""
    return f"data/quotes.csv rows where speakers (or speaker) names {_q(speaker)}"


def where_pair(source: str, target: str, window: str) -> str:
    """Which rows of data/mentions.csv hold a pair's evidence."""
    key = _key(window)
    unit = f"doc_id and {key}" if key else "doc_id"
    return f"data/mentions.csv rows with entity = {_q(source)} and with entity = {_q(target)} sharing {unit}"


def where_about(speaker: str, actor: str) -> str:
    """Which rows hold the quotes of a speaker naming an actor."""
    return (f"data/quotes.csv rows of {_q(speaker)} with a data/mentions.csv row of entity = {_q(actor)} "
            "inside [start_char, end_char)")


# --------------------------------------------------------------------------------------------
# Article texts (the one I/O of this module)
# --------------------------------------------------------------------------------------------
def cited_articles(hits: Iterable[Hit]) -> set[str]:
    """The articles a list of hits cites."""
    return {h.doc_id for h in hits}


def article_texts(corpus: str | None, doc_ids: Iterable[str], mentions: pd.DataFrame,
                  max_chars: int | None = None, language: str | None = "en") -> dict[str, str]:
    """The clean texts of articles *doc_ids*, read through the corpus reader (stops once all
    are found; a file of one article is opened only when it is cited); an article whose text no
    longer matches its mentions (the corpus was edited since the analysis) is left out. ``{}``
    when there is no corpus to read."""
    from analysis import corpus as reader
    from analysis.errors import CorpusError

    wanted = set(map(str, doc_ids))
    if not corpus or not wanted:
        return {}
    options = {"language": language, **({} if max_chars is None else {"max_chars": int(max_chars)})}
    texts: dict[str, str] = {}
    try:
        for article in reader.read_corpus(corpus, doc_ids=wanted, **options):
            if isinstance(article, reader.Article) and article.doc_id in wanted:
                texts[article.doc_id] = article.clean_text
                if len(texts) == len(wanted):
                    break
    except (OSError, CorpusError):  # the corpus moved: the appendix says so, entry by entry
        return {}
    cited = mentions[mentions["doc_id"].isin(list(texts))]
    return {d: t for d, t in texts.items() if _matches_mentions(t, cited[cited["doc_id"] == d])}


def _matches_mentions(text: str, rows: pd.DataFrame) -> bool:
    sample = rows.head(5)
    return all(text[int(a):int(b)] == str(t) for a, b, t in zip(sample["start_char"], sample["end_char"], sample["text"]))

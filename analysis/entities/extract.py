"""`extract_mentions`: one parsed article -> `Mention` records, as a short pipeline of named steps.

1. spans (`spans`): the model's entities, split, trimmed and extended;
2. labels (`labels`, `credits`): evident label errors corrected, non-entities, the article's
   makers and the people of photo captions dropped;
   acronyms (`acronyms`): an acronym the article defines takes its full name and one label;
3. recall (`propagation`): names the article tagged once are tagged where the model missed them;
4. aliases (`aliases`): mentions of one person or thing share one canonical name;
5. records: character offsets, sentence and paragraph numbers, the title a person is given
   ("Mrs."), which tells the corpus stage whom a bare surname names.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING, Sequence

from ..nlp import DocColumns
from ..paragraphs import paragraph_spans
from .acronyms import resolve_acronyms
from .aliases import drop_unsupported_single_names, merge_in_article, separate_honorific_clashes, title_of
from .context import ArticleContext, Options
from .labels import repair_labels
from .places import Places, known_places
from .propagation import propagate
from .records import Ent, Mention
from .spans import initial_ents

if TYPE_CHECKING:
    from spacy.tokens import Doc


def extract_mentions(
    doc: Doc,
    doc_id: str,
    *,
    paragraphs: Sequence[tuple[int, int]] | None = None,
    columns: DocColumns | None = None,
    places: Places | None = None,
    skip_credits: bool = True,
    max_propagated_words: int = 5,
    min_city_for_word: int = 100_000,
    caption_max_words: int = 60,
) -> list[Mention]:
    """Entity mentions of one parsed article (every label kept), label-repaired and alias-merged.

    `paragraphs` are (start, end) character spans (default: `analysis.paragraphs.paragraph_spans`
    of the text); `columns` the article's `analysis.nlp.DocColumns` (built when not given);
    `places` overrides the gazetteer (`known_places`). With `skip_credits`, people named only
    as the makers of the article (photo credits "Name/Agency", bylines, "With files from Name")
    and people named only in photo captions (paragraphs of at most `caption_max_words` words
    with a photo credit) are left out: they are not actors of the news. Names of at most
    `max_propagated_words` tokens are tagged where the model missed them; a one-word PERSON is
    taken for a city of at least `min_city_for_word` inhabitants.
    """
    columns = DocColumns(doc) if columns is None else columns
    article = ArticleContext(
        doc=doc,
        columns=columns,
        text=columns.text,
        paragraphs=paragraph_spans(columns.text) if paragraphs is None else paragraphs,
        places=known_places() if places is None else places,
        options=Options(
            skip_credits=skip_credits,
            max_propagated_words=max_propagated_words,
            min_city_for_word=min_city_for_word,
            caption_max_words=caption_max_words,
        ),
    )
    ents = initial_ents(article)
    ents, dropped = repair_labels(article, ents)
    ents = resolve_acronyms(article, ents, dropped)
    ents = propagate(article, ents, dropped)
    separate_honorific_clashes(doc, ents)
    canonical = merge_in_article(ents)
    ents = drop_unsupported_single_names(article, ents, canonical)
    return _records(article, doc_id, ents, canonical)


def _records(article: ArticleContext, doc_id: str, ents: list[Ent], canonical: dict[tuple[str, str], str]) -> list[Mention]:
    starts = article.columns.starts
    sent_starts = [starts[a] for a, _ in article.columns.sentences] if article.doc.has_annotation("SENT_START") else [0]
    mentions = []
    for e in ents:
        entity = canonical.get((e.name, e.label), e.name)
        if not entity:
            continue
        mentions.append(
            Mention(
                doc_id=doc_id,
                sent_id=max(bisect_right(sent_starts, e.start_char) - 1, 0),
                para_id=max(article.paragraph_of(e.start_char), 0),
                start_char=e.start_char,
                end_char=e.end_char,
                text=e.text,
                label=e.label,
                entity=entity,
                title=title_of(article.doc, e) if e.label == "PERSON" else "",
            )
        )
    return mentions

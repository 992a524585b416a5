"""`extract_quotes`: the quote stage's pipeline of named steps over one article."""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Sequence

from .context import Context, Options
from .direct import direct_quotes
from .labelled import labelled_fragments
from .pieces import join_pieces, mark_quoted
from .records import Quote
from .reported import reported_speech
from .sieves import attribute_floating, select

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from analysis.entities import Mention
    from analysis.nlp import DocColumns

_DEFAULTS = Options()


def extract_quotes(
    doc: Doc,
    mentions: Sequence[Mention],
    *,
    doc_id: str,
    columns: DocColumns | None = None,
    antecedent_sents: int = _DEFAULTS.antecedent_sents,
    subject_antecedent_sents: int = _DEFAULTS.subject_antecedent_sents,
    min_part_words: int = _DEFAULTS.min_part_words,
    title_max_words: int = _DEFAULTS.title_max_words,
    sieves: Iterable[str] | None = None,
) -> list[Quote]:
    """Direct, partial and indirect quotes of one parsed article, with their speakers.

    `doc` is the parse of the article's clean text (offsets equal to the original text);
    `mentions` are the article's entity mentions, whose `entity` gives canonical names;
    `columns` the article's `DocColumns` when the caller has them already. Options:
    `antecedent_sents` (how many sentences back he/she may find a person),
    `subject_antecedent_sents` (... they/it/"the company" an earlier subject),
    `min_part_words` (the fewest words of an indirect or partial quote), `title_max_words`
    (the most words of a quoted title, which is not speech) and `sieves` (the names of the
    speaker sieves to run, all of `analysis.quotes.SIEVES` by default).
    Quotes come out in text order, numbered from 0.
    """
    if columns is None:
        from analysis.nlp import DocColumns

        columns = DocColumns(doc)
    options = Options(antecedent_sents=antecedent_sents, subject_antecedent_sents=subject_antecedent_sents,
                      min_part_words=min_part_words, title_max_words=title_max_words, sieves=select(sieves))
    if not columns.text.strip():
        return []
    ctx = Context(doc, mentions, columns, options)
    drafts = direct_quotes(ctx)
    drafts.extend(reported_speech(ctx))
    drafts.extend(labelled_fragments(ctx, drafts))
    drafts.sort(key=lambda d: d.start)
    attribute_floating(ctx, drafts)
    join_pieces(ctx, drafts)
    mark_quoted(ctx, drafts)
    return [d.to_quote(doc_id, k, ctx.text) for k, d in enumerate(drafts)]

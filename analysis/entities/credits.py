"""Credits: people named only as the article's makers, or only in photo captions.

Photo credits ("Jacques Boissinot/The Canadian Press", "Photo by Name"), bylines ("By Name",
"Reporting by Name", "Name is a freelance writer"), the reporter of a video ("Tom Vernon has
the latest.") and the people of a photo caption (a short paragraph with a photo credit) are not
actors of the news: `extract_mentions` leaves them out (option ``skip_credits``).
"""

from __future__ import annotations

import re

from .. import lexicon
from .context import ArticleContext
from .records import Ent


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


# "<noun> by" or "With files from" right before the name, or a bare "By" opening its line.
_CREDIT_BEFORE = re.compile(
    rf"(?:\b(?:{_alternation(lexicon.words('credit_nouns'))})\s+by|with files from|^\W*by)\s*:?\s*$",
    re.IGNORECASE,
)
_PHOTO_WORD = re.compile(_alternation(lexicon.words("credit_photo_words")), re.IGNORECASE)
# "Tom Vernon has the latest.": the reporter of a video, whose caption names its people.
_VIDEO_CREDIT_AFTER = re.compile(
    rf"^\s*(?:reports\s*[,.:]|(?:{_alternation(lexicon.phrases('video_credit_phrases'))})\b)", re.IGNORECASE
)
# "Name contributed to this report", "Name is a freelance writer based in Halifax".
_CREDIT_AFTER = re.compile(
    rf"^\s*(?:contributed\b|(?:is|was) an? [\w\s,-]{{0,40}}?\b(?:{_alternation(lexicon.words('journalist_nouns'))})\b)",
    re.IGNORECASE,
)
# Marks of a photo credit inside a paragraph (agency credits are written so, case and all).
_PHOTO_CREDIT = re.compile(rf"\b(?:{_alternation(lexicon.phrases('photo_credit_marks'))})\b|\(Photo: ")


def credit_kind(article: ArticleContext, e: Ent) -> str:
    """How a person is named as a maker of the article: "photo" credit, "byline", or ""."""
    text = article.text
    before = text[max(0, e.start_char - 40) : e.start_char]
    after = text[e.end_char : e.end_char + 80]
    line_before = before.rsplit("\n", 1)[-1]
    if after.lstrip(" ")[:1] == "/" or line_before.rstrip(" ")[-1:] == "/":
        return "photo"  # "Jacques Boissinot/The Canadian Press", "REUTERS/Name"
    credit = _CREDIT_BEFORE.search(line_before)
    if credit:
        return "photo" if _PHOTO_WORD.search(credit.group()) else "byline"
    if _VIDEO_CREDIT_AFTER.match(after):
        return "photo"
    if _CREDIT_AFTER.match(after):
        return "byline"
    return "byline" if _byline_paragraph(article, e) else ""


def _byline_paragraph(article: ArticleContext, e: Ent) -> bool:
    """A paragraph that is only "Name" or "Name, Outlet"."""
    i = article.paragraph_of(e.start_char)
    if i < 0:
        return False
    text = article.text
    p_start, p_end = article.paragraphs[i]
    rest = text[e.end_char : p_end].strip()
    if text[p_start : e.start_char].strip() or not (not rest or (rest[:1] == "," and len(rest.split()) <= 5)):
        return False
    return not rest or rest.rstrip(".")[-1:].isalpha()


def caption_paragraphs(article: ArticleContext, credited: set[int]) -> set[int]:
    """Indices of short paragraphs with a photo credit (`credited` or by pattern): captions."""
    out = set()
    for i, (start, end) in enumerate(article.paragraphs):
        para = article.text[start:end]
        if len(para.split()) <= article.options.caption_max_words and (i in credited or _PHOTO_CREDIT.search(para)):
            out.add(i)
    return out


def drop_caption_people(article: ArticleContext, kept: list[Ent], dropped: list[Ent], photo_credits: list[Ent]) -> list[Ent]:
    """*kept* without the people named in a photo caption (they go to *dropped*).

    People pictured are not actors of the story; those who matter are named in the body too.
    """
    credited = {article.paragraph_of(e.start_char) for e in photo_credits}
    captions = caption_paragraphs(article, credited)
    if not captions:
        return kept
    in_caption = {id(e) for e in kept if e.label == "PERSON" and article.paragraph_of(e.start_char) in captions}
    dropped.extend(e for e in kept if id(e) in in_caption)
    return [e for e in kept if id(e) not in in_caption]

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


_SOCIAL = _alternation(lexicon.phrases("social_networks"))
# Names joined in one credit: "By Jane Doe and John Roe" credits John Roe too (capitalised
# words only, whatever the case-blind pattern around it).
_CO_NAMES = r"(?-i:(?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,3}\s*(?:,|&|\band\b)\s*)*)"
# "<noun> by", "<noun> courtesy of", "With files from" right before the name (after other
# names of the same credit), or "By", "Courtesy of", "Email", "Contact" opening its line.
_CREDIT_BEFORE = re.compile(
    rf"(?:\b(?:{_alternation(lexicon.words('credit_nouns'))})\s+(?:by|courtesy(?:\s+of)?)|with files from|"
    rf"^\W*(?:by|courtesy(?:\s+of)?|e-?mail|contact)\b)\s*:?\s*{_CO_NAMES}$",
    re.IGNORECASE,
)
_LINE_WINDOW = 120  # characters of the line before a name that the credit patterns read
# "(Fred Lum for The Globe and Mail)": a photographer credited in brackets.
_FOR_OUTLET_AFTER = re.compile(r"^\s*(?:for|/)\s+[A-Z][^()\n]{0,50}\)")
# "Jane Doe · CBC News · Posted ...", "Jane Doe | Reuters": a byline line with separators.
_BYLINE_SEPARATORS = frozenset("·|•")
# "Name writes about city politics", "Name, the Star's strategist, writes exclusively for ...".
_WRITES_AFTER = re.compile(
    r"^(?:,[^.\n]{0,80},)?\s+writes\s+(?:exclusively\s+|regularly\s+|often\s+|frequently\s+)?(?:about|for|on)\b"
)
_JOURNALIST_NOUNS = lexicon.words("journalist_nouns")
_FOLLOW_BEFORE = re.compile(r"^\W*follow\s*$", re.IGNORECASE)
_FOLLOW_AFTER = re.compile(rf"^\s*(?:on\s+(?:{_SOCIAL})\b|\(?@)", re.IGNORECASE)
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


def _around(article: ArticleContext, e: Ent) -> tuple[str, str]:
    """The line before the name (at most `_LINE_WINDOW` characters) and the text after it."""
    text = article.text
    before = text[max(0, e.start_char - _LINE_WINDOW) : e.start_char]
    line_before = before.rsplit("\n", 1)[-1]
    if "\n" not in before and e.start_char > _LINE_WINDOW:
        line_before = "… " + line_before  # the line starts further back: "^By" cannot match
    return line_before, text[e.end_char : e.end_char + 80]


def _slash_credit(line_before: str, after: str, e: Ent) -> str:
    # "Jacques Boissinot/The Canadian Press", "REUTERS/Name"
    return "photo" if after.lstrip(" ")[:1] == "/" or line_before.rstrip(" ")[-1:] == "/" else ""


def _credit_before(line_before: str, after: str, e: Ent) -> str:
    # "Photo by", "By", "With files from" ...; the second search: "Email Jane Doe" as one span
    credit = _CREDIT_BEFORE.search(line_before) or _CREDIT_BEFORE.search(line_before + e.text.split(" ")[0])
    if not credit:
        return ""
    return "photo" if _PHOTO_WORD.search(credit.group()) or "courtesy" in credit.group().lower() else "byline"


def _credit_after(line_before: str, after: str, e: Ent) -> str:
    # "Tom Vernon has the latest.", "(Fred Lum for The Globe and Mail)", "Name contributed ...",
    # "Follow Pam Kay on Twitter @pamkay" (a reporter's line)
    if _VIDEO_CREDIT_AFTER.match(after) or (line_before.rstrip().endswith("(") and _FOR_OUTLET_AFTER.match(after)):
        return "photo"
    follow = _FOLLOW_BEFORE.match(line_before) or e.text.lower().startswith("follow ")
    if follow and _FOLLOW_AFTER.match(after):
        return "byline"
    if _CREDIT_AFTER.match(after) or (not line_before.strip() and _WRITES_AFTER.match(after)):
        return "byline"
    return ""


# The credit patterns around a name, in order: each answers "photo", "byline" or "".
CREDIT_PATTERNS = (_slash_credit, _credit_before, _credit_after)


def credit_kind(article: ArticleContext, e: Ent) -> str:
    """How a person is named as a maker of the article: "photo" credit, "byline", or ""."""
    line_before, after = _around(article, e)
    for pattern in CREDIT_PATTERNS:
        kind = pattern(line_before, after, e)
        if kind:
            return kind
    return "byline" if _byline_paragraph(article, e) or _byline_line(article, e) else ""


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


def _byline_line(article: ArticleContext, e: Ent) -> bool:
    """A line that is "Name · Outlet · ...", "Name Staff Reporter", or "Name" above a short line
    of capitalised words ("Jane Doe" / "CBC News") at the top of the article or its paragraph."""
    text = article.text
    line_start = text.rfind("\n", 0, e.start_char) + 1
    line_end = text.find("\n", e.end_char)
    line_end = len(text) if line_end < 0 else line_end
    if text[line_start : e.start_char].strip(" \t"):
        return False
    rest = text[e.end_char : line_end].strip()
    if rest[:1] in _BYLINE_SEPARATORS:
        return True
    words = rest.split()
    if words and len(words) <= 3 and words[-1].lower().rstrip(".") in _JOURNALIST_NOUNS:
        return True  # "Jane Doe Staff Reporter"
    return not rest and _title_line(text, line_end)


def _title_line(text: str, line_end: int) -> bool:
    """Whether the line after *line_end* is a short line of capitalised words ("CBC News")."""
    if text[line_end : line_end + 1] != "\n" or text[line_end + 1 : line_end + 2] == "\n":
        return False
    nxt_end = text.find("\n", line_end + 1)
    nxt = text[line_end + 1 : len(text) if nxt_end < 0 else nxt_end].strip()
    words = nxt.split()
    return 0 < len(words) <= 4 and all(w[:1].isupper() for w in words) and not any(c in nxt for c in ".,:;!?\"“”")


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

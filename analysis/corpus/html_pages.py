"""HTML pages -> article text, via trafilatura; the page title without the site's name."""

from __future__ import annotations

import re

from .dates import iso_date
from .records import Draft, Problem

_TITLE_SEPARATOR = re.compile(r"\s+[|\-–—:·•]\s+")
_SEPARATOR_CHARS = " |-–—:·•"
_MAX_SITE_NAME_WORDS = 6


def html_draft(html: str, where: str, *, min_words: int = 1) -> Draft | Problem:
    """The article body and metadata of one HTML page (or why there is none)."""
    import trafilatura

    # favor_precision and tables kept: best F1 on the html-dev benchmark (benchmarks/html_extraction.py).
    doc = trafilatura.bare_extraction(
        html,
        include_comments=False,
        include_tables=True,
        include_images=False,
        favor_precision=True,
        with_metadata=True,
    )
    body = (getattr(doc, "text", None) or "") if doc is not None else ""
    paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
    if sum(len(p.split()) for p in paragraphs) < min_words:
        return Problem(where, "no article text found in the HTML page")
    source = (doc.sitename or "").strip()
    return Draft(
        where, "\n\n".join(paragraphs),
        title=strip_site_name((doc.title or "").strip(), source), date=iso_date(doc.date or ""),
        source=source, url=(doc.url or "").strip(),
    )


def strip_site_name(title: str, site: str) -> str:
    """'Best tech gadgets of 2019 | ZDNet' -> 'Best tech gadgets of 2019' (when ZDNet is the site)."""
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) < 2 or not site:
        return title
    site_key = _key(site)

    def is_site(part: str) -> bool:
        key = _key(part)
        return bool(key) and len(part.split()) <= _MAX_SITE_NAME_WORDS and (key in site_key or site_key in key)

    if is_site(parts[-1]):
        return title[: title.rfind(parts[-1])].rstrip(_SEPARATOR_CHARS)
    if is_site(parts[0]):
        return title[len(parts[0]):].lstrip(_SEPARATOR_CHARS)
    return title


def _key(name: str) -> str:
    return re.sub(r"\W+", "", name.lower())

"""Article records held as dicts (JSON, JSONL, CSV rows): which field is the text, the title, the date ...

Field names are data (`analysis/data/record_fields.txt`), matched case-insensitively, first
non-blank wins. A record whose text holds HTML tags goes through the HTML extractor.
"""

from __future__ import annotations

import re
from pathlib import Path

from analysis import lexicon

from .dates import iso_date
from .decode import normalise_newlines
from .html_pages import html_draft
from .records import Draft, Problem

FIELDS: dict[str, tuple[str, ...]] = {
    name: tuple(aliases.split()) for name, aliases in lexicon.mapping("record_fields").items()
}
"""Article field -> record field names, by preference."""

_HTML_TAG = re.compile(r"</?(?:p|div|br|span|a|article|section)\b[^>]*>", re.IGNORECASE)


def field(record: dict[str, object], name: str) -> str:
    """The first non-blank field named like `name` (case-insensitive); text is returned unstripped."""
    lowered = {str(k).lower(): v for k, v in record.items()}
    for key in FIELDS[name]:
        value = lowered.get(key)
        if value is None or isinstance(value, (dict, list)):
            continue
        value = str(value)
        if value.strip():
            return value if name == "text" else value.strip()
    return ""


def record_draft(record: object, path: Path, n: int) -> Draft | Problem:
    """The draft of record number `n` of a multi-record file (or why it cannot be read)."""
    if not isinstance(record, dict):
        return Problem(f"{path}#{n}", f"record {n} is a {type(record).__name__}, not an object", n=n)
    key = field(record, "id")
    where = f"{path}#{key or n}"
    raw_text = field(record, "text")
    if not raw_text:
        fields = ", ".join(str(k) for k in record) or "none"
        return Problem(
            where, f"record has no text (looked for fields {', '.join(FIELDS['text'][:5])}); its fields: {fields}",
            key=key, n=n,
        )
    text = normalise_newlines(raw_text)
    if _HTML_TAG.search(text):
        draft = html_draft(text, where)
        if isinstance(draft, Problem):
            return Problem(where, draft.reason, key=key, n=n)
        text = draft.text
    return Draft(
        where, text,
        title=field(record, "title"), date=iso_date(field(record, "date")),
        source=field(record, "source"), url=field(record, "url"), key=key, n=n,
    )

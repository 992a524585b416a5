"""Article records held as dicts (JSON, JSONL, CSV rows): which field is the text, the title, the date ...

Field names are data (`analysis/data/record_fields.txt`), matched case-insensitively, first
non-blank wins. A record whose text holds block-level HTML goes through the HTML extractor; a
stray tag in plain text is dropped, its words kept.
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

# A record's text is an HTML page when it has block-level markup; a plain text with stray tags left
# from its page ('... <a href="...">the report</a> ...', an embed placeholder '<tweet id="...">') is
# still text: the tags go, their words stay.
_BLOCK_TAG = re.compile(r"</?(?:p|div|br|article|section|li|ul|ol|h[1-6]|table|tr|td|blockquote)\b[^>]*>",
                        re.IGNORECASE)
_STRAY_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>")


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
    if _BLOCK_TAG.search(text):
        draft = html_draft(text, where)
        if isinstance(draft, Problem):
            return Problem(where, draft.reason, key=key, n=n)
        text = draft.text
    elif _STRAY_TAG.search(text):
        text = _STRAY_TAG.sub("", text)
    return Draft(
        where, text,
        title=field(record, "title"), date=iso_date(field(record, "date")),
        source=field(record, "source"), url=field(record, "url"), key=key, n=n,
    )

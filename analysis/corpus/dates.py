"""Dates as metadata carries them ("2019-03-04T10:00", "March 4, 2019", RFC 2822) -> ISO dates."""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime

_ISO_PREFIX = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DATE_FORMATS = ("%Y/%m/%d", "%d/%m/%Y", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y%m%d")


def iso_date(value: str) -> str:
    """ISO date (YYYY-MM-DD) of a date string, or "" when it can't be read."""
    value = value.strip()
    if not value:
        return ""
    match = _ISO_PREFIX.match(value)
    if match:
        return match.group(0)
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            pass
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return ""

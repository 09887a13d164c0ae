"""Date strings as pages write them, turned into aware UTC datetimes."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from dateutil import parser as dateutil_parser

# The site's newsroom clock: a value without a time zone is US Eastern (docs/design/decisions.md 8).
SITE_TIMEZONE = ZoneInfo("America/New_York")

# "Updated Oct 28, 2023", "Published: ..." : labels around the visible date.
_LABEL = re.compile(
    r"^\s*(?:last\s+)?(?:updated|published|modified|posted)(?:\s+on)?\s*:?\s*",
    re.IGNORECASE,
)
# A time of day somewhere in the string ("12:00", "T12", "3pm").
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}|T\d{2}|\d\s*[ap]\.?m\b", re.IGNORECASE)
# Relative teaser dates ("6h", "3 days ago") are not instants.
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_NO_DEFAULT = datetime(2000, 1, 1)
_RELATIVE = re.compile(
    r"^\s*\d+\s*(?:[smhdw]|mins?|hours?|days?|weeks?)\b(?:\s+ago)?\s*$", re.IGNORECASE
)


def parse_datetime(raw: str | None) -> datetime | None:
    """An aware UTC datetime, or None when `raw` is not an absolute date.

    A date-only value means midnight America/New_York; a time without an offset is
    read as America/New_York too.
    """
    if not raw or not raw.strip() or _RELATIVE.match(raw):
        return None
    text = _LABEL.sub("", raw.strip())
    try:
        value = datetime.fromisoformat(text)  # C-fast; most pages write ISO 8601
    except ValueError:
        try:
            value = dateutil_parser.isoparse(text)
        except (ValueError, OverflowError):
            value = _parse_loose(text)
    if value is None:
        return None
    if value.tzinfo is None:
        if not _HAS_TIME.search(text):
            value = value.replace(hour=0, minute=0, second=0, microsecond=0)
        value = value.replace(tzinfo=SITE_TIMEZONE)
    try:
        return value.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def _parse_loose(text: str) -> datetime | None:
    # MM/DD/YYYY (the post-context blob) parses month first, as US sites write it.
    # Without a four-digit year dateutil borrows today's: that is a clock, not data.
    if not _YEAR.search(text):
        return None
    try:
        return dateutil_parser.parse(text, dayfirst=False, default=_NO_DEFAULT)
    except (
        ValueError,
        OverflowError,
        TypeError,
    ):  # dateutil raises assorted types on hostile input: not a date
        return None

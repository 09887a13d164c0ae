"""Date filters as analysts type them: `2023`, `2023-11`, `2023-11-03`, an ISO instant,
`today`, `yesterday`, `last 30 days` (also weeks, months, years).

Each text names a period; `--since` takes its start and `--until` its (exclusive) end,
so `--since 2023-11 --until 2023-11` means all of November. Calendar dates are read in
UTC, like every datetime in the archive. The clock is a parameter (`now`): parsing is
pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from dateutil.relativedelta import relativedelta

from newsarchive.query.errors import BadDate

DATE_FORMS_HINT = (
    "use 2023, 2023-11, 2023-11-03, 2023-11-03T12:00:00+00:00, today, yesterday "
    "or 'last 30 days' (days, weeks, months, years)"
)

RANGE_HINT = "dates run from year 1 to 9999 (periods must end by 9999-12-31)"

_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_LAST = re.compile(
    r"^(?:last|past)\s+(?:(\d{1,12})\s+)?(day|week|month|year)s?$", re.IGNORECASE
)
_UNIT_DELTA = {
    "day": lambda n: relativedelta(days=n),
    "week": lambda n: relativedelta(weeks=n),
    "month": lambda n: relativedelta(months=n),
    "year": lambda n: relativedelta(years=n),
}


@dataclass(frozen=True)
class Period:
    """A half-open interval [start, end) of aware UTC datetimes."""

    start: datetime
    end: datetime


def parse_period(text: str, *, now: datetime) -> Period:
    """The period a date filter names; raises `BadDate` with the accepted forms, or
    saying the range when the period reaches outside years 1 to 9999."""
    cleaned = " ".join(text.strip().split())
    try:
        period = _parse(cleaned, now.astimezone(UTC))
    except OverflowError:  # `last 3000000 days`, or the end of 9999-12-31
        raise BadDate(
            f"the date {_shown(text)} is out of range: {RANGE_HINT}"
        ) from None
    except (
        ValueError
    ) as error:  # e.g. month 13: the regex matched, the calendar did not
        if "out of range" in str(error) and "month" not in str(error):
            raise BadDate(
                f"the date {_shown(text)} is out of range: {RANGE_HINT}"
            ) from None
        period = None
    if period is None:
        raise BadDate(f"cannot read the date {_shown(text)}: {DATE_FORMS_HINT}")
    return period


def _shown(text: str) -> str:
    """The user's text as an error quotes it: repr, cut short when it is very long."""
    return repr(text) if len(text) <= 60 else repr(text[:57] + "...")


def since_instant(text: str | None, *, now: datetime) -> datetime | None:
    """Start of the period `--since` names (None passes through)."""
    return None if text is None else parse_period(text, now=now).start


def until_instant(text: str | None, *, now: datetime) -> datetime | None:
    """Exclusive end of the period `--until` names (None passes through)."""
    return None if text is None else parse_period(text, now=now).end


def _parse(text: str, now: datetime) -> Period | None:
    if match := _YEAR.match(text):
        start = datetime(int(match[1]), 1, 1, tzinfo=UTC)
        return Period(start, start + relativedelta(years=1))
    if match := _MONTH.match(text):
        start = datetime(int(match[1]), int(match[2]), 1, tzinfo=UTC)
        return Period(start, start + relativedelta(months=1))
    if match := _DAY.match(text):
        start = datetime(int(match[1]), int(match[2]), int(match[3]), tzinfo=UTC)
        return Period(start, start + timedelta(days=1))
    if match := _LAST.match(text):
        count = int(match[1] or 1)
        return Period(now - _UNIT_DELTA[match[2].lower()](count), now)
    lowered = text.lower()
    if lowered in {"today", "yesterday"}:
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        if lowered == "yesterday":
            return Period(midnight - timedelta(days=1), midnight)
        return Period(midnight, midnight + timedelta(days=1))
    if "T" in text or " " in text:
        instant = datetime.fromisoformat(text)
        if instant.tzinfo is None:  # a bare instant is read in UTC, like the archive
            instant = instant.replace(tzinfo=UTC)
        instant = instant.astimezone(UTC)
        return Period(instant, instant)
    return None

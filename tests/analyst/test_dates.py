from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsarchive.query.dates import parse_period, since_instant, until_instant
from newsarchive.query.errors import BadDate

NOW = datetime(2024, 3, 15, 10, 30, tzinfo=UTC)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2023", utc(2023, 1, 1), utc(2024, 1, 1)),
        ("2023-11", utc(2023, 11, 1), utc(2023, 12, 1)),
        ("2023-12", utc(2023, 12, 1), utc(2024, 1, 1)),
        ("2023-11-03", utc(2023, 11, 3), utc(2023, 11, 4)),
        ("2023-2-28", utc(2023, 2, 28), utc(2023, 3, 1)),
        ("last 30 days", utc(2024, 2, 14, 10, 30), NOW),
        ("  Last   2 weeks ", utc(2024, 3, 1, 10, 30), NOW),
        ("past month", utc(2024, 2, 15, 10, 30), NOW),
        ("last 1 year", utc(2023, 3, 15, 10, 30), NOW),
        ("today", utc(2024, 3, 15), utc(2024, 3, 16)),
        ("yesterday", utc(2024, 3, 14), utc(2024, 3, 15)),
        ("2023-10-27T12:00:00-04:00", utc(2023, 10, 27, 16), utc(2023, 10, 27, 16)),
        ("2023-10-27T16:00:00Z", utc(2023, 10, 27, 16), utc(2023, 10, 27, 16)),
    ],
)
def test_periods(text: str, start: datetime, end: datetime) -> None:
    period = parse_period(text, now=NOW)
    assert (period.start, period.end) == (start, end)
    assert period.start.tzinfo is not None


def test_since_takes_start_and_until_takes_exclusive_end() -> None:
    assert since_instant("2023-11", now=NOW) == utc(2023, 11, 1)
    assert until_instant("2023-11", now=NOW) == utc(2023, 12, 1)
    assert since_instant(None, now=NOW) is None
    assert until_instant(None, now=NOW) is None


@pytest.mark.parametrize(
    "text",
    ["", "nov 2023", "2023-13", "2023-02-30", "last thirty days", "last 3 fortnights"],
)
def test_bad_dates_say_which_forms_work(text: str) -> None:
    with pytest.raises(BadDate, match="2023-11-03.*last 30 days"):
        parse_period(text, now=NOW)

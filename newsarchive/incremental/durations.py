"""Durations as users write them on the command line: `30d`, `12h`, `2w`, `90m`, `45s`."""

from __future__ import annotations

import re
from datetime import timedelta

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
LONGEST = timedelta(days=100 * 366)
"""Longer than any archive's life: a longer duration is surely a typo."""
DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$", re.IGNORECASE)


class BadDuration(ValueError):
    """Not a duration such as `30d`."""


def parse_duration(text: str) -> timedelta:
    """`"30d"` -> 30 days. Units: s, m, h, d, w; a bare `0` means no time at all."""
    if text.strip() == "0":
        return timedelta(0)
    match = DURATION.match(text)
    if match is None:
        raise BadDuration(
            f"{text!r} is not a duration: write a number and a unit (s, m, h, d, w), e.g. 30d"
        )
    seconds = float(match.group(1)) * UNITS[match.group(2).lower()]
    if seconds > LONGEST.total_seconds():
        raise BadDuration(f"{text.strip()!r} is longer than 100 years")
    return timedelta(seconds=seconds)


def format_duration(value: timedelta) -> str:
    """The shortest exact form: 30 days -> `30d`, 90 minutes -> `90m`."""
    seconds = int(value.total_seconds())
    for unit in ("w", "d", "h", "m"):
        if seconds and seconds % UNITS[unit] == 0:
            return f"{seconds // UNITS[unit]}{unit}"
    return f"{seconds}s"

"""Publication instants: index order is publication order, spread from 2019 into 2026.

A few articles have fixed dates (the seed and the articles it links to). They are pinned to the
index where their date falls, and every other index is interpolated between those anchors with
a little jitter, so any article's date is computed alone, in O(1).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

EASTERN = ZoneInfo("America/New_York")
START = int(datetime(2019, 1, 7, 14, 0, tzinfo=UTC).timestamp())
END = int(datetime(2026, 3, 27, 21, 0, tzinfo=UTC).timestamp())
OLD_POST_BEFORE = int(datetime(2023, 1, 1, tzinfo=EASTERN).timestamp())
"""Articles published before 2023 (US Eastern) are "old posts": legacy URL, credit variant B."""


def pin_indexes(fixed_times: list[int], count: int) -> list[int]:
    """Indexes for articles with fixed times (sorted ascending), distinct, in range, near the
    position their time has in the span."""
    span = END - START
    wanted = [round((t - START) / span * (count - 1)) for t in fixed_times]
    pinned: list[int] = []
    for position, index in enumerate(wanted):
        low = pinned[-1] + 1 if pinned else 0
        high = count - (len(wanted) - position)
        pinned.append(min(max(index, low), high))
    return pinned


class Timeline:
    """Maps an article index to its publication instant (epoch seconds, UTC)."""

    def __init__(self, count: int, seed: int, anchors: dict[int, int]) -> None:
        self.count = count
        self.seed = seed
        points = sorted(anchors.items())
        self.indexes = [-1] + [i for i, _ in points] + [count]
        self.times = [START] + [t for _, t in points] + [END]

    def published(self, index: int) -> int:
        from bisect import bisect_right

        slot = bisect_right(self.indexes, index) - 1
        left_index, left_time = self.indexes[slot], self.times[slot]
        if left_index == index:
            return left_time
        right_index, right_time = self.indexes[slot + 1], self.times[slot + 1]
        step = (right_time - left_time) / (right_index - left_index)
        # A cheap deterministic hash, not a Random: this runs for every article at start-up.
        jitter = ((index * 2654435761 + self.seed * 40503) % 10007) / 10007 * 0.8 - 0.4
        return int(left_time + (index - left_index + jitter) * step)


def to_datetime(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, tz=UTC)


def format_instant(value: datetime, offset: str) -> str:
    """The instant as a page writes it: `Z`, a fixed `+HH:MM` offset, or a zone's local time."""
    if offset == "Z":
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if offset[0] in "+-":
        hours, minutes = int(offset[1:3]), int(offset[4:6])
        delta = timedelta(hours=hours, minutes=minutes) * (
            1 if offset[0] == "+" else -1
        )
        return value.astimezone(timezone(delta)).isoformat()
    return value.astimezone(ZoneInfo(offset)).isoformat()


def display_date(value: datetime) -> str:
    """`Oct 27, 2023`: the visible `.social-date__text` (US Eastern day)."""
    local = value.astimezone(EASTERN)
    return f"{local:%b} {local.day}, {local.year}"


def eastern_midnight(value: datetime) -> datetime:
    """Decision 8: a date-only value means midnight America/New_York."""
    local = value.astimezone(EASTERN)
    return datetime(local.year, local.month, local.day, tzinfo=EASTERN).astimezone(UTC)

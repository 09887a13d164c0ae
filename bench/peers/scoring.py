"""Compare mapped fields against the replica's ground truth, field by field.

Rules (they are printed in the report's footnotes, keep the two in step):
- text fields (title, section, top image credit) and body exact match: equal after
  squeezing every whitespace run to one space and trimming; no case folding, no
  Unicode normalisation.
- authors: the multisets of names (whitespace squeezed) must be equal; order is
  ignored, duplicates count. "no authors" and an empty list are the same.
- date: an aware datetime matches when it equals `published_at` to the minute, in UTC.
  A naive datetime (offset dropped by the tool) matches when it equals, to the minute,
  the UTC time or the wall-clock time in the offset of the page's own `published_raw`.
  A date-only value matches the publication date in America/New_York (docs/design/decisions.md 8) or
  in the raw value's own offset.
- body F1: bag-of-words F1 of lower-cased `\\w+` tokens of the tool's text against
  `body_text`.
- teasers: the ordered list of (url, headline) pairs must be equal.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.parser import isoparse
from dateutil.parser import parse as parse_loose

NEW_YORK = ZoneInfo("America/New_York")
FIELDS = (
    "title",
    "authors",
    "published",
    "section",
    "body",
    "top_image_credit",
    "teasers",
)
_WHITESPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def squeeze(text: str | None) -> str | None:
    return None if text is None else _WHITESPACE.sub(" ", text).strip()


def fields_from_article(article: dict[str, Any]) -> dict[str, Any]:
    """Benchmark fields from an Article JSON dict (the truth; newsarchive's output)."""
    top_image = article.get("top_image") or {}
    published_at = article.get("published_at")
    return {
        "title": article.get("title"),
        "authors": [author["name"] for author in article.get("authors") or []],
        "published": {"value": published_at, "kind": "datetime"}
        if published_at
        else None,
        "published_raw": article.get("published_raw"),
        "section": article.get("section"),
        "body": article.get("body_text"),
        "top_image_credit": top_image.get("credit"),
        "teasers": [
            [t["url"], t.get("headline")] for t in article.get("teasers") or []
        ],
    }


def field_matches(name: str, got: Any, truth: dict[str, Any]) -> bool:
    expected = truth[name]
    if name == "authors":
        return _name_bag(got) == _name_bag(expected)
    if name == "published":
        return date_matches(got, expected, truth.get("published_raw"))
    if name == "teasers":
        return [list(pair) for pair in got or []] == [
            list(pair) for pair in expected or []
        ]
    return (squeeze(got) or None) == (squeeze(expected) or None)


def _name_bag(names: list[str] | None) -> Counter[str]:
    return Counter(squeeze(name) for name in names or [])


def date_matches(
    got: dict[str, str] | None, expected: dict[str, str] | None, raw: str | None
) -> bool:
    if expected is None or got is None:
        return expected is None and got is None
    truth_utc = isoparse(expected["value"]).astimezone(UTC)
    raw_local = _raw_wall_clock(raw)
    if got["kind"] == "date":
        wanted = {truth_utc.astimezone(NEW_YORK).date().isoformat()}
        if raw_local is not None:
            wanted.add(raw_local.date().isoformat())
        return got["value"][:10] in wanted
    try:
        value = isoparse(got["value"])
    except ValueError:
        return False
    if value.tzinfo is not None:
        return _minute(value.astimezone(UTC)) == _minute(truth_utc)
    candidates = {_minute(truth_utc)}
    if raw_local is not None:
        candidates.add(_minute(raw_local))
    return _minute(value) in candidates


def _raw_wall_clock(raw: str | None) -> datetime | None:
    """The published_raw value as written on the page (its own offset kept)."""
    if not raw:
        return None
    try:
        return parse_loose(raw)
    except (ValueError, OverflowError):
        return None


def _minute(value: datetime) -> tuple[int, ...]:
    return (value.year, value.month, value.day, value.hour, value.minute)


def body_f1(got: str | None, expected: str | None) -> float:
    got_tokens = Counter(_WORD.findall((got or "").lower()))
    expected_tokens = Counter(_WORD.findall((expected or "").lower()))
    if not got_tokens and not expected_tokens:
        return 1.0
    overlap = sum((got_tokens & expected_tokens).values())
    if overlap == 0:
        return 0.0
    precision = overlap / sum(got_tokens.values())
    recall = overlap / sum(expected_tokens.values())
    return 2 * precision * recall / (precision + recall)


def body_line_diff(
    got: str | None, expected: str | None
) -> tuple[list[str], list[str]]:
    """Lines (paragraphs) the tool added to the body, and body lines it lost."""
    got_lines = _lines(got)
    expected_lines = _lines(expected)
    extra = [line for line in got_lines if line not in expected_lines]
    missing = [line for line in expected_lines if line not in got_lines]
    return extra, missing


def _lines(text: str | None) -> set[str]:
    squeezed = (squeeze(line) for line in (text or "").splitlines())
    return {line for line in squeezed if line}


def line_start(line: str, words: int = 3) -> str:
    """The first words of a line: what repeated boilerplate lines have in common."""
    return " ".join(line.split()[:words])


def has_value(value: Any) -> bool:
    return value not in (None, "", [], {})

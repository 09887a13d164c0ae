"""Article counts by a period (month, week, year) or a category (section, author, tag,
site), with totals and shares; and the period x section series the chart draws.

Periods are UTC calendar periods of `published_at` (weeks are ISO weeks, `2024-W05`).
A time series has a row for every period between its first and last, zero when nothing
was published (and reaches out to `--since`/`--until` within the archive's span), so
gaps show. Shares are fractions of the matching articles; an article with two authors
(or tags) counts for each, so those shares can add up to more than 1.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from newsarchive.query.database import Connection, fetch_all, fetch_one, fetch_value
from newsarchive.query.dialect import day_of, month_of
from newsarchive.query.filters import (
    NO_FILTERS,
    ArticleFilters,
    SqlConditions,
    filter_conditions,
)

TIME_DIMENSIONS = ("month", "week", "year")
CATEGORY_DIMENSIONS = ("section", "author", "tag", "site")
STATS_DIMENSIONS = TIME_DIMENSIONS + CATEGORY_DIMENSIONS
UNDATED = "(undated)"
NO_SECTION = "(no section)"

# category -> (the key expression, the joins it needs, what identifies one key)
CATEGORY_SQL = {
    "section": (f"coalesce(a.section, '{NO_SECTION}')", "", None),
    "site": ("a.site", "", None),
    "author": (
        "au.name",
        (
            " JOIN article_authors aa ON aa.article_id = a.id "
            "JOIN authors au ON au.id = aa.author_id"
        ),
        "au.id",
    ),
    "tag": (
        "t.name",
        " JOIN article_tags at ON at.article_id = a.id JOIN tags t ON t.id = at.tag_id",
        "t.id",
    ),
}


@dataclass(kw_only=True)
class CountTable:
    """What `stats` prints: one row per period or category, and the totals."""

    by: str
    rows: list[dict[str, Any]]
    """`{by: key, "articles": n, "share": fraction}`; with `sites`, per-site counts
    under `"by_site"` too."""
    total: int
    """Articles matching the filters (undated ones included)."""
    undated: int = 0
    sites: list[str] = field(default_factory=list)
    """The sites counted apart, when the matching articles come from more than one."""
    first_published: str | None = None
    last_published: str | None = None
    """The UTC days of the matching articles' first and last publication."""
    omitted_keys: int = 0
    """Categories left out by `limit` (the smallest)."""
    omitted_articles: int | None = None
    """Articles in the omitted categories (single-valued categories only)."""


def article_counts(
    connection: Connection,
    by: str,
    *,
    filters: ArticleFilters = NO_FILTERS,
    limit: int | None = None,
) -> CountTable:
    """Article counts per `by` (one of STATS_DIMENSIONS); `limit` keeps the biggest
    categories (time series are always whole)."""
    if by not in STATS_DIMENSIONS:
        raise ValueError(f"unknown stats dimension {by!r}; one of {STATS_DIMENSIONS}")
    conditions = filter_conditions(connection, filters)
    span = fetch_one(
        connection,
        f"SELECT count(*) AS total, min({day_of('a.published_at')}) AS first, "
        f"max({day_of('a.published_at')}) AS last FROM articles a{conditions.where()}",
        conditions.params,
    )
    table = CountTable(
        by=by,
        rows=[],
        total=span["total"],
        first_published=span["first"],
        last_published=span["last"],
    )
    if by in TIME_DIMENSIONS:
        _count_periods(connection, table, conditions, filters)
    else:
        _count_categories(connection, table, conditions, limit)
    for row in table.rows:
        row["share"] = round(row["articles"] / table.total, 4) if table.total else 0.0
    return table


def _count_periods(
    connection: Connection,
    table: CountTable,
    conditions: SqlConditions,
    filters: ArticleFilters,
) -> None:
    unit = table.by
    key = day_of("a.published_at") if unit == "week" else month_of("a.published_at")
    counted = fetch_all(
        connection,
        f"SELECT {key} AS day, a.site AS site, count(*) AS articles "
        f"FROM articles a{conditions.where()} GROUP BY {key}, a.site",
        conditions.params,
    )
    sites = sorted({row["site"] for row in counted})
    table.sites = sites if len(sites) > 1 else []
    per_period: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in counted:
        if row["day"] is None:
            table.undated += row["articles"]
        else:
            per_period[period_key(unit, row["day"])][row["site"]] += row["articles"]
    for period in period_range(unit, _series_span(connection, per_period, filters)):
        by_site = per_period.get(period, {})
        row: dict[str, Any] = {unit: period, "articles": sum(by_site.values())}
        if table.sites:
            row["by_site"] = {site: by_site.get(site, 0) for site in table.sites}
        table.rows.append(row)
    if table.undated:
        table.rows.append({unit: UNDATED, "articles": table.undated})


def _series_span(
    connection: Connection,
    per_period: dict[str, Any],
    filters: ArticleFilters,
) -> tuple[str, str] | None:
    """The first and last day the series covers: the data's, stretched to --since and
    --until as far as the archive reaches (so `--since 1900` adds no empty century)."""
    if not per_period:
        return None
    keys = sorted(per_period)
    first, last = _period_start(keys[0]), _period_start(keys[-1])
    if filters.since is None and filters.until is None:
        return first, last
    bounds = fetch_one(
        connection,
        f"SELECT min({day_of('published_at')}) AS first, "
        f"max({day_of('published_at')}) AS last FROM articles",
    )
    if filters.since is not None:
        first = min(first, max(f"{filters.since:%Y-%m-%d}", bounds["first"]))
    if filters.until is not None:
        wanted_last = f"{filters.until - timedelta(seconds=1):%Y-%m-%d}"
        last = max(last, min(wanted_last, bounds["last"]))
    return first, last


def _count_categories(
    connection: Connection,
    table: CountTable,
    conditions: SqlConditions,
    limit: int | None,
) -> None:
    key, joins, identity = CATEGORY_SQL[table.by]
    group = f"{identity}, {key}" if identity else key
    counted = "count(DISTINCT a.id)" if identity else "count(*)"
    rows = fetch_all(
        connection,
        f"SELECT {key} AS {table.by}, {counted} AS articles FROM articles a{joins}"
        f"{conditions.where()} GROUP BY {group} ORDER BY articles DESC, {key}",
        conditions.params,
    )
    if limit is not None and len(rows) > limit:
        rest = rows[limit:]
        table.omitted_keys = len(rest)
        if identity is None:  # one value per article: the rest add up
            table.omitted_articles = sum(row["articles"] for row in rest)
        rows = rows[:limit]
    table.rows = rows


def period_key(unit: str, day: str) -> str:
    """The period (`2024-03`, `2024-W05`, `2024`) of a `YYYY-MM-DD` (or `YYYY-MM`) day."""
    if unit == "year":
        return day[:4]
    if unit == "month":
        return day[:7]
    iso = date.fromisoformat(day).isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def _period_start(period: str) -> str:
    """The first day (`YYYY-MM-DD`) of a period key."""
    if "-W" in period:
        year, week = period.split("-W")
        return date.fromisocalendar(int(year), int(week), 1).isoformat()
    return (period + "-01-01")[:10] if len(period) == 4 else period + "-01"


def period_range(unit: str, span: tuple[str, str] | None) -> Iterator[str]:
    """Every period key from the one holding span[0] to the one holding span[1]."""
    if span is None:
        return
    first, last = (date.fromisoformat(day) for day in span)
    last_key = period_key(unit, last.isoformat())
    current = first
    while True:
        key = period_key(unit, current.isoformat())
        yield key
        if key == last_key:
            return
        current = _next_period_start(unit, current)


def _next_period_start(unit: str, day: date) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday()) + timedelta(days=7)
    if unit == "month":
        return date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return date(day.year + 1, 1, 1)


@dataclass(kw_only=True)
class SectionSeries:
    """Articles per period for the biggest sections (the rest summed), for a chart."""

    unit: str
    periods: list[str]
    totals: list[int]
    sections: dict[str, list[int]]
    """Section label -> counts per period, biggest first; OTHER_SECTIONS last."""


OTHER_SECTIONS = "All other sections"


def section_series(
    connection: Connection,
    unit: str,
    *,
    filters: ArticleFilters = NO_FILTERS,
    top: int = 7,
) -> SectionSeries:
    """Counts per `unit` period of the `top` biggest sections, the rest as one."""
    conditions = filter_conditions(connection, filters)
    key = day_of("a.published_at") if unit == "week" else month_of("a.published_at")
    dated = conditions.conditions + ["a.published_at IS NOT NULL"]
    rows = fetch_all(
        connection,
        f"SELECT {key} AS day, coalesce(a.section, '{NO_SECTION}') AS section, "
        f"count(*) AS articles FROM articles a "
        f"WHERE {' AND '.join(f'({c})' for c in dated)} GROUP BY {key}, a.section",
        conditions.params,
    )
    per_section: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        per_section[row["section"]][period_key(unit, row["day"])] += row["articles"]
    totals_by_period: dict[str, int] = defaultdict(int)
    for counts in per_section.values():
        for period, count in counts.items():
            totals_by_period[period] += count
    span = _series_span(connection, totals_by_period, filters)
    periods = list(period_range(unit, span))
    ranked = sorted(per_section, key=lambda s: (-sum(per_section[s].values()), s))
    shown = ranked if len(ranked) <= top + 1 else ranked[:top]
    sections = {s: [per_section[s].get(p, 0) for p in periods] for s in shown}
    rest = [s for s in ranked if s not in sections]
    if rest:
        sections[OTHER_SECTIONS] = [
            sum(per_section[s].get(p, 0) for s in rest) for p in periods
        ]
    return SectionSeries(
        unit=unit,
        periods=periods,
        totals=[totals_by_period.get(p, 0) for p in periods],
        sections=sections,
    )


def archive_article_count(connection: Connection) -> int:
    return fetch_value(connection, "SELECT count(*) FROM articles") or 0

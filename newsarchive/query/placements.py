"""Front-page history read back: what a front page showed at an instant, and where an
article was placed over time (the `placements` table, docs/schema.md).

A row is an interval between the first and the last run that saw the placement; the
recording that first no longer saw it closed it (`closed_at`). Between two runs the page
is taken to show what the earlier run saw, so a row shows at instant T when it was first
seen by T and not closed by T.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from newsarchive.query.database import Connection, fetch_all, fetch_value
from newsarchive.query.dialect import instant_param, instant_value, table_names
from newsarchive.query.errors import NotFound, QueryError
from newsarchive.query.export_formats import Column
from newsarchive.query.filters import NO_FILTERS, ArticleFilters, filter_conditions
from newsarchive.query.stats import CountTable

TABLE = "placements"
HOME_PAGE = "/"
_ARTICLE_ID = (
    "coalesce(p.article_id, (SELECT u.article_id FROM article_urls u"
    " WHERE u.site = p.site AND u.url_key = p.article_url_key LIMIT 1))"
)


class NoPlacements(QueryError):
    """The archive predates front-page history (no `placements` table)."""


@dataclass(frozen=True, kw_only=True)
class Shown:
    position: int
    block: str
    article_id: int | None
    url: str
    headline: str | None
    since: datetime
    hours: float
    """How long it had been there (in this block and position) at the instant asked."""


@dataclass(frozen=True, kw_only=True)
class PlacementSpan:
    page: str
    block: str
    best_position: int
    first_seen: datetime
    last_seen: datetime
    hours: float
    """Sum of its intervals' lengths (first to last sighting) on this page and block."""


def check_table(connection: Connection) -> None:
    if TABLE not in table_names(connection):
        raise NoPlacements(
            "this archive predates front-page history: run `newsarchive db upgrade` "
            "(or any crawl) on it first"
        )


def pages(connection: Connection) -> list[str]:
    check_table(connection)
    rows = fetch_all(connection, f"SELECT DISTINCT page FROM {TABLE} ORDER BY page")
    return [row["page"] for row in rows]


def front_page_at(
    connection: Connection,
    page: str,
    at: datetime | None = None,
    *,
    site: str | None = None,
) -> list[Shown]:
    """What `page` showed at `at` (None: at its latest recording), in page order."""
    check_table(connection)
    params: dict = {"page": page}
    site_filter = ""
    if site is not None:
        params["site"], site_filter = site, "AND p.site = :site"
    latest = fetch_value(
        connection,
        f"SELECT max(last_seen) FROM {TABLE} p WHERE p.page = :page {site_filter}",
        params,
    )
    if latest is None:
        known = ", ".join(pages(connection)[:12]) or "none yet: crawl first"
        raise NotFound(
            f"the archive has no recording of the front page {page} (recorded: {known})"
        )
    if at is None:
        at = instant_value(latest)
    params["at"] = instant_param(at)
    rows = fetch_all(
        connection,
        f"SELECT p.position, p.block, {_ARTICLE_ID} AS article_id, p.article_url,"
        " p.headline, p.first_seen"
        f" FROM {TABLE} p WHERE p.page = :page {site_filter} AND p.first_seen <= :at"
        " AND (p.closed_at IS NULL OR p.closed_at > :at)"
        " ORDER BY p.position, p.id",
        params,
    )
    return [
        Shown(
            position=row["position"],
            block=row["block"],
            article_id=row["article_id"],
            url=row["article_url"],
            headline=row["headline"],
            since=instant_value(row["first_seen"]),
            hours=_hours(instant_value(row["first_seen"]), at),
        )
        for row in rows
    ]


def article_placements(
    connection: Connection, article_id: int | None, url_keys: list[str]
) -> list[PlacementSpan]:
    """Where an article (by id, or the URL keys of a URL not archived) was placed:
    one span per page and block, home page first."""
    check_table(connection)
    keys = {f"key{i}": key for i, key in enumerate(url_keys)}
    by_key = (
        f"p.article_url_key IN ({', '.join(':' + k for k in keys)})" if keys else "0"
    )
    rows = fetch_all(
        connection,
        f"SELECT p.page, p.block, p.position, p.first_seen, p.last_seen FROM {TABLE} p"
        f" WHERE {_ARTICLE_ID} = :id OR {by_key} ORDER BY p.first_seen, p.id",
        {"id": article_id, **keys},
    )
    spans: dict[tuple[str, str], PlacementSpan] = {}
    for row in rows:
        first, last = instant_value(row["first_seen"]), instant_value(row["last_seen"])
        key = (row["page"], row["block"])
        span = spans.get(key)
        if span is None:
            spans[key] = PlacementSpan(
                page=row["page"], block=row["block"], best_position=row["position"],
                first_seen=first, last_seen=last, hours=_hours(first, last),
            )  # fmt: skip
        else:
            spans[key] = PlacementSpan(
                page=span.page,
                block=span.block,
                best_position=min(span.best_position, row["position"]),
                first_seen=min(span.first_seen, first),
                last_seen=max(span.last_seen, last),
                hours=span.hours + _hours(first, last),
            )
    return sorted(
        spans.values(),
        key=lambda s: (s.page != HOME_PAGE, s.page, s.best_position, s.block),
    )


def home_page_hours(spans: list[PlacementSpan]) -> float:
    return round(sum(s.hours for s in spans if s.page == HOME_PAGE), 2)


def _hours(start: datetime, end: datetime) -> float:
    return round(max(0.0, (end - start).total_seconds()) / 3600, 2)


def frontpage_hours(
    connection: Connection,
    by: str,
    *,
    filters: ArticleFilters = NO_FILTERS,
    limit: int | None = None,
) -> CountTable:
    """Hours on the home page per `by` (section, author, tag or site) of the archived
    articles matching `filters`: per article, the union of its home-page intervals (a
    story in two blocks at once counts once). The counts are in the rows' `articles`
    key, as `article_counts` has them, so the same table and chart code shows them."""
    from newsarchive.query.stats import CATEGORY_SQL

    check_table(connection)
    key, joins, _identity = CATEGORY_SQL[by]
    conditions = filter_conditions(connection, filters)
    where = conditions.where()
    rows = fetch_all(
        connection,
        f"SELECT a.id AS article_id, {key} AS category, p.first_seen, p.last_seen"
        f" FROM {TABLE} p JOIN articles a ON a.id = {_ARTICLE_ID}{joins}"
        f"{where}{' AND' if where else ' WHERE'} p.page = :home_page",
        {**conditions.params, "home_page": HOME_PAGE},
    )
    intervals: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    categories: dict[int, set[str]] = defaultdict(set)
    for row in rows:
        first, last = instant_value(row["first_seen"]), instant_value(row["last_seen"])
        intervals[row["article_id"]].append((first, last))
        categories[row["article_id"]].add(row["category"])
    hours: dict[str, float] = defaultdict(float)
    for article_id, spans in intervals.items():
        total = _union_hours(spans)
        for category in categories[article_id]:
            hours[category] += total
    ranked = sorted(hours.items(), key=lambda item: (-item[1], item[0]))
    table = CountTable(
        by=by, rows=[], total=round(sum(_union_hours(s) for s in intervals.values()), 2)
    )
    if limit is not None and len(ranked) > limit:
        table.omitted_keys = len(ranked) - limit
        ranked = ranked[:limit]
    table.rows = [
        {
            by: category,
            "articles": round(value, 2),
            "share": round(value / table.total, 4) if table.total else 0.0,
        }
        for category, value in ranked
    ]
    return table


def _union_hours(spans: list[tuple[datetime, datetime]]) -> float:
    total = 0.0
    end: datetime | None = None
    for first, last in sorted(spans):
        if end is None or first > end:
            total += (last - first).total_seconds()
            end = last
        elif last > end:
            total += (last - end).total_seconds()
            end = last
    return total / 3600


PLACEMENT_COLUMNS: tuple[Column, ...] = (
    Column("id", "int", "Archive id of the interval"),
    Column("site", "str", "Publication host"),
    Column("page", "str", "Front page path (/ is the home page)"),
    Column("article_id", "int", "Archive id of the article (null until archived)"),
    Column("article_url", "str", "Article URL as the page links it"),
    Column("block", "str", "Stable block name (lead, river, latest, qiosk...)"),
    Column("block_raw", "str", "The class or heading naming the block in the markup"),
    Column("position", "int", "1-based position in reading order on the page"),
    Column("headline", "str", "Headline as the page shows it"),
    Column("image_url", "str", "Image as the page shows it"),
    Column("first_seen", "datetime", "First run that saw it so, UTC"),
    Column("last_seen", "datetime", "Last run that saw it so, UTC"),
    Column("first_run_id", "int", "Id of the first run that saw it so"),
    Column("last_run_id", "int", "Id of the last run that saw it so"),
    Column("closed_at", "datetime", "First recording that no longer showed it, UTC"),
)


def placement_rows(
    connection: Connection, *, site: str | None = None
) -> Iterator[dict[str, Any]]:
    """Every interval (of `site`, if given), by page, then time, then position."""
    check_table(connection)
    cursor = connection.execute(
        f"SELECT p.id, p.site, p.page, {_ARTICLE_ID} AS article_id, p.article_url,"
        " p.block, p.block_raw, p.position, p.headline, p.image_url, p.first_seen,"
        f" p.last_seen, p.first_run_id, p.last_run_id, p.closed_at FROM {TABLE} p"
        f"{' WHERE p.site = :site' if site is not None else ''}"
        " ORDER BY p.site, p.page, p.first_seen, p.position, p.id",
        {"site": site} if site is not None else {},
    )
    for row in cursor:
        record = dict(row)
        for name in ("first_seen", "last_seen", "closed_at"):
            record[name] = instant_value(record[name])
        yield record

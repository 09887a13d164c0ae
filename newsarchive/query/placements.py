"""Front-page history read back: what a front page showed at an instant, and where an
article was placed over time (the `placements` table, docs/schema.md).

A row is an interval between the first and the last run that saw the placement. Between
two runs the page is taken to show what the earlier run saw, so a row shows at instant T
when it was first seen by T and no newer recording of its page (a row first seen after
its own last sighting) had happened by T.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from newsarchive.query.database import Connection, fetch_all, fetch_value
from newsarchive.query.dialect import instant_param, instant_value, table_names
from newsarchive.query.errors import NotFound, QueryError

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
    params: dict = {"page": page, "site": site}
    site_filter = "AND (:site IS NULL OR p.site = :site)"
    if at is None:
        latest = fetch_value(
            connection,
            f"SELECT max(last_seen) FROM {TABLE} p WHERE p.page = :page {site_filter}",
            params,
        )
        if latest is None:
            raise NotFound(f"the archive has no recording of the front page {page}")
        at = instant_value(latest)
    params["at"] = instant_param(at)
    rows = fetch_all(
        connection,
        f"SELECT p.position, p.block, {_ARTICLE_ID} AS article_id, p.article_url,"
        " p.headline, p.first_seen"
        f" FROM {TABLE} p WHERE p.page = :page {site_filter} AND p.first_seen <= :at"
        f" AND NOT EXISTS (SELECT 1 FROM {TABLE} q WHERE q.site = p.site"
        " AND q.page = p.page AND q.first_seen > p.last_seen AND q.first_seen <= :at)"
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

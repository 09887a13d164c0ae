"""What the web reading room (`newsarchive serve`) shows beside the search hits: facet
counts, attention over time, listings, the matching URLs and a stored raw page.

A "selection" is an optional full-text query plus `ArticleFilters`; every function here
counts or lists the articles of one selection. SQLite's own SQL stays in
`newsarchive.query.dialect`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from newsarchive.query.database import Connection, fetch_all, fetch_one, stream_rows
from newsarchive.query.dialect import dialect_of, is_search_query_mistake, month_of
from newsarchive.query.errors import BadSearchQuery
from newsarchive.query.export_rows import PageBodies
from newsarchive.query.filters import NO_FILTERS, ArticleFilters, filter_conditions
from newsarchive.query.search import SYNTAX_HINT, check_query_size

FACET_VALUES = 12


@dataclass(frozen=True)
class Selection:
    """The articles matching `query` (all when None) and `filters`."""

    query: str | None = None
    filters: ArticleFilters = NO_FILTERS


def _where(connection: Connection, selection: Selection) -> tuple[str, dict[str, Any]]:
    conditions = filter_conditions(connection, selection.filters)
    parts = [f"({condition})" for condition in conditions.conditions]
    params = dict(conditions.params)
    if selection.query:
        check_query_size(selection.query)
        dialect = dialect_of(connection)
        parts.append(f"a.id IN ({dialect.full_text_match_sql()})")
        try:
            params |= dialect.full_text_match_params(selection.query)
        except ValueError as error:  # PostgreSQL: translated before it runs
            raise BadSearchQuery(
                f"cannot search for that ({error}): {SYNTAX_HINT}"
            ) from None
    where = f" WHERE {' AND '.join(parts)}" if parts else ""
    return where, params


def _run(
    connection: Connection, sql: str, params: dict[str, Any]
) -> list[dict[str, Any]]:
    try:
        return fetch_all(connection, sql, params)
    except sqlite3.OperationalError as error:
        if is_search_query_mistake(error):
            raise BadSearchQuery(
                f"cannot search for that ({error}): {SYNTAX_HINT}"
            ) from None
        raise


def count_matches(connection: Connection, selection: Selection) -> int:
    where, params = _where(connection, selection)
    rows = _run(connection, f"SELECT count(*) AS n FROM articles a{where}", params)
    return rows[0]["n"]


def facet_counts(
    connection: Connection, selection: Selection, *, values: int = FACET_VALUES
) -> dict[str, list[dict[str, Any]]]:
    """The most frequent sections, authors, tags, sites and months of the selection,
    each `{value, count}`, most frequent first (months newest first)."""
    where, params = _where(connection, selection)
    matches = f"SELECT a.id FROM articles a{where}"
    params = params | {"values": values}
    queries = {
        "section": (
            f"SELECT a.section AS value, count(*) AS count FROM articles a{where}"
            f"{' AND' if where else ' WHERE'} a.section IS NOT NULL "
            "GROUP BY a.section ORDER BY count DESC, value LIMIT :values"
        ),
        "author": (
            "SELECT aa.name AS value, count(DISTINCT aa.article_id) AS count "
            f"FROM article_authors aa WHERE aa.article_id IN ({matches}) "
            "GROUP BY aa.name ORDER BY count DESC, value LIMIT :values"
        ),
        "tag": (
            "SELECT t.name AS value, count(DISTINCT at.article_id) AS count "
            "FROM article_tags at JOIN tags t ON t.id = at.tag_id "
            f"WHERE NOT t.internal AND at.article_id IN ({matches}) "
            "GROUP BY t.name ORDER BY count DESC, value LIMIT :values"
        ),
        "site": (
            f"SELECT a.site AS value, count(*) AS count FROM articles a{where} "
            "GROUP BY a.site ORDER BY count DESC, value LIMIT :values"
        ),
        "month": (
            f"SELECT {month_of('a.published_at')} AS value, count(*) AS count "
            f"FROM articles a{where}{' AND' if where else ' WHERE'} "
            "a.published_at IS NOT NULL GROUP BY value ORDER BY value DESC "
            "LIMIT :values"
        ),
    }
    return {name: _run(connection, sql, params) for name, sql in queries.items()}


def attention_by_month(
    connection: Connection, selection: Selection
) -> list[dict[str, Any]]:
    """Per month from the first to the last month of the whole archive's dated
    articles: `{month, matches, total, share}` (share of that month's articles)."""
    where, params = _where(connection, selection)
    totals = {
        row["month"]: row["n"]
        for row in fetch_all(
            connection,
            f"SELECT {month_of('published_at')} AS month, count(*) AS n "
            "FROM articles WHERE published_at IS NOT NULL GROUP BY month",
        )
    }
    matches = {
        row["month"]: row["n"]
        for row in _run(
            connection,
            f"SELECT {month_of('a.published_at')} AS month, count(*) AS n "
            f"FROM articles a{where}{' AND' if where else ' WHERE'} "
            "a.published_at IS NOT NULL GROUP BY month",
            params,
        )
    }
    if not totals:
        return []
    months = _month_range(min(totals), max(totals))
    return [
        {
            "month": month,
            "matches": matches.get(month, 0),
            "total": totals.get(month, 0),
            "share": matches.get(month, 0) / totals[month]
            if totals.get(month)
            else 0.0,
        }
        for month in months
    ]


def _month_range(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def matching_urls(
    connection: Connection, selection: Selection
) -> Iterator[dict[str, Any]]:
    """id, published_at, title and url of every article of the selection, newest first."""
    where, params = _where(connection, selection)
    yield from stream_rows(
        connection,
        f"SELECT a.id, a.published_at, a.section, a.title, a.url FROM articles a{where} "
        "ORDER BY a.published_at DESC, a.id",
        params,
    )


def failures_for_url(
    connection: Connection, url_keys: list[str]
) -> list[dict[str, Any]]:
    """Failures (open and resolved) recorded for any of the article's URLs."""
    if not url_keys:
        return []
    names = {f"k{index}": key for index, key in enumerate(url_keys)}
    placeholders = ", ".join(f":{name}" for name in names)
    return fetch_all(
        connection,
        f"SELECT * FROM failures WHERE url_key IN ({placeholders}) ORDER BY id DESC",
        names,
    )


def raw_page(connection: Connection, page_id: int) -> dict[str, Any] | None:
    """A stored page: `url`, `fetched_at`, `status` and its `body` bytes as fetched."""
    row = fetch_one(
        connection,
        "SELECT id, url, fetched_at, status, body, body_codec, dictionary_id "
        "FROM pages WHERE id = :id",
        {"id": page_id},
    )
    if row is None:
        return None
    row["body"] = PageBodies(connection).decompress(
        row["body"], row["body_codec"], row["dictionary_id"]
    )
    return row

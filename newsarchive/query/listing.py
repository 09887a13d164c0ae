"""Listing articles by publication date, with the same filters as search."""

from __future__ import annotations

from typing import Any

from newsarchive.query.article_columns import authors_list, decode_list
from newsarchive.query.database import Connection, fetch_all
from newsarchive.query.dialect import instant_value
from newsarchive.query.filters import NO_FILTERS, ArticleFilters, filter_conditions


def list_articles(
    connection: Connection,
    *,
    filters: ArticleFilters = NO_FILTERS,
    limit: int | None = 50,
    oldest_first: bool = False,
) -> list[dict[str, Any]]:
    """Articles matching `filters` by publication date, newest first (undated last);
    `limit` None for all."""
    # SQLite sorts NULLs first ascending and last descending; both directions of
    # (published_at, id) walk ix_articles_published_at.
    direction = "ASC" if oldest_first else "DESC"
    conditions = filter_conditions(connection, filters)
    sql = (
        "SELECT a.id, a.published_at, a.site, a.section, a.title, "
        f"{authors_list('a.id')} AS authors, a.url FROM articles a"
        f"{conditions.where()} ORDER BY a.published_at {direction}, a.id {direction}"
    )
    params = dict(conditions.params)
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    rows = fetch_all(connection, sql, params)
    for row in rows:
        row["authors"] = decode_list(row["authors"])
        row["published_at"] = instant_value(row["published_at"])
    return rows

"""Listing articles, newest first, with the same filters as search."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from newsarchive.models import Article as ArticleRow
from newsarchive.query.article_columns import authors_list, decode_list
from newsarchive.query.filters import NO_FILTERS, ArticleFilters, apply_filters


def list_articles(
    connection: Connection,
    *,
    filters: ArticleFilters = NO_FILTERS,
    limit: int | None = 50,
    oldest_first: bool = False,
) -> list[dict[str, Any]]:
    """Articles matching `filters` by publication date, newest first (undated last)."""
    # SQLite sorts NULLs first ascending and last descending; both directions of
    # (published_at, id) walk ix_articles_published_at.
    if oldest_first:
        order = (ArticleRow.published_at.asc(), ArticleRow.id.asc())
    else:
        order = (ArticleRow.published_at.desc(), ArticleRow.id.desc())
    statement = select(
        ArticleRow.id,
        ArticleRow.published_at,
        ArticleRow.section,
        ArticleRow.title,
        authors_list().label("authors"),
        ArticleRow.url,
    ).order_by(*order)
    statement = apply_filters(statement, filters, connection)
    if limit is not None:
        statement = statement.limit(limit)
    rows = []
    for row in connection.execute(statement).mappings():
        record = dict(row)
        record["authors"] = decode_list(record["authors"])
        rows.append(record)
    return rows

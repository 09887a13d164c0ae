"""Article counts by month, section or author, and the month x section counts the
chart draws. Months are UTC calendar months of `published_at`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, String, func, select

from newsarchive.models import Article as ArticleRow
from newsarchive.models import ArticleAuthor
from newsarchive.query.filters import NO_FILTERS, ArticleFilters, apply_filters

STATS_DIMENSIONS = ("month", "section", "author")


def _month():
    # published_at is ISO text in UTC (UTCDateTime), so its first 7 characters are the
    # UTC month; cheaper than strftime and exact.
    return func.substr(ArticleRow.published_at, 1, 7, type_=String)


def article_counts(
    connection: Connection, by: str, *, filters: ArticleFilters = NO_FILTERS
) -> list[dict[str, Any]]:
    """Article counts per `by` (month, section or author), in reading order."""
    articles = func.count(func.distinct(ArticleRow.id))
    if by == "month":
        key = _month().label("month")
        statement = select(key, articles.label("articles")).group_by(key).order_by(key)
    elif by == "section":
        key = func.coalesce(ArticleRow.section, "(no section)").label("section")
        statement = (
            select(key, articles.label("articles"))
            .group_by(key)
            .order_by(articles.desc(), key)
        )
    elif by == "author":
        key = ArticleAuthor.name.label("author")
        statement = (
            select(key, articles.label("articles"))
            .join(ArticleAuthor, ArticleAuthor.article_id == ArticleRow.id)
            .group_by(key)
            .order_by(articles.desc(), key)
        )
    else:
        raise ValueError(f"unknown stats dimension {by!r}; one of {STATS_DIMENSIONS}")
    statement = apply_filters(statement.select_from(ArticleRow), filters, connection)
    rows = [dict(row) for row in connection.execute(statement).mappings()]
    total = sum(row["articles"] for row in rows) if by != "author" else None
    for row in rows:
        if total:
            row["share"] = f"{100 * row['articles'] / total:.1f}%"
        if by == "month" and row["month"] is None:
            row["month"] = "(undated)"
    return rows


def month_section_counts(
    connection: Connection, *, filters: ArticleFilters = NO_FILTERS
) -> list[tuple[str, str | None, int]]:
    """(month, section, count) for every dated article, for the chart."""
    month = _month().label("month")
    statement = (
        select(month, ArticleRow.section, func.count().label("articles"))
        .select_from(ArticleRow)
        .where(ArticleRow.published_at.is_not(None))
        .group_by(month, ArticleRow.section)
        .order_by(month)
    )
    statement = apply_filters(statement, filters, connection)
    return [
        (row.month, row.section, row.articles) for row in connection.execute(statement)
    ]

"""Authors, sections and tags with their article counts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from newsarchive.models import Article as ArticleRow
from newsarchive.models import ArticleAuthor, ArticleTag, Author, Section, Tag


def author_counts(
    connection: Connection, *, limit: int | None = None
) -> list[dict[str, Any]]:
    """Every author with the number of articles they signed, most prolific first."""
    articles = func.count(ArticleAuthor.article_id)
    statement = (
        select(
            Author.id,
            Author.name,
            articles.label("articles"),
            func.min(ArticleRow.published_at).label("first_published"),
            func.max(ArticleRow.published_at).label("last_published"),
            Author.url,
        )
        .outerjoin(ArticleAuthor, ArticleAuthor.author_id == Author.id)
        .outerjoin(ArticleRow, ArticleRow.id == ArticleAuthor.article_id)
        .group_by(Author.id)
        .order_by(articles.desc(), Author.name)
    )
    return _rows(connection, statement, limit)


def section_counts(
    connection: Connection, *, limit: int | None = None
) -> list[dict[str, Any]]:
    """Every section label seen on articles, with counts, biggest first.

    Grouped by the label the articles carry (a label whose section had no link has no
    `sections` row but is still a section to the reader).
    """
    articles = func.count(ArticleRow.id)
    statement = (
        select(
            ArticleRow.section.label("section"),
            func.max(Section.slug).label("slug"),
            articles.label("articles"),
            func.min(ArticleRow.published_at).label("first_published"),
            func.max(ArticleRow.published_at).label("last_published"),
        )
        .outerjoin(Section, Section.id == ArticleRow.section_id)
        .group_by(ArticleRow.section)
        .order_by(articles.desc(), ArticleRow.section)
    )
    return _rows(connection, statement, limit)


def tag_counts(
    connection: Connection, *, include_internal: bool = True, limit: int | None = None
) -> list[dict[str, Any]]:
    """Every tag with the number of articles carrying it, most used first."""
    articles = func.count(ArticleTag.article_id)
    statement = (
        select(
            Tag.id,
            Tag.name,
            Tag.slug,
            Tag.internal,
            articles.label("articles"),
        )
        .outerjoin(ArticleTag, ArticleTag.tag_id == Tag.id)
        .group_by(Tag.id)
        .order_by(articles.desc(), Tag.name)
    )
    if not include_internal:
        statement = statement.where(Tag.internal.is_(False))
    return _rows(connection, statement, limit)


def _rows(connection: Connection, statement, limit: int | None) -> list[dict[str, Any]]:
    if limit is not None:
        statement = statement.limit(limit)
    return [dict(row) for row in connection.execute(statement).mappings()]

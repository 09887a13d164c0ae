"""Article filters shared by search, list, stats and export: section, author, tag,
dates.

Filter values are resolved against the archive's vocabularies first, so a misspelt
section gets a clear error naming the sections that exist instead of an empty result.
Everything is bound as parameters: no SQL is built from user text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Select, func, or_, select

from newsarchive.models import Article as ArticleRow
from newsarchive.models import ArticleAuthor, ArticleTag, Author, Section, Tag
from newsarchive.query.errors import UnknownValue

# How many existing names an "unknown section" error lists.
SUGGESTIONS = 8


@dataclass(frozen=True, kw_only=True)
class ArticleFilters:
    section: str | None = None
    author: str | None = None
    tag: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    """Exclusive end (see `newsarchive.query.dates`)."""

    def is_empty(self) -> bool:
        return not any((self.section, self.author, self.tag, self.since, self.until))


NO_FILTERS = ArticleFilters()
"""The default: every article (filters are frozen, so one shared instance is safe)."""


def apply_filters(
    statement: Select, filters: ArticleFilters, connection: Connection
) -> Select:
    """`statement` (which selects from `articles`) narrowed by `filters`.

    Raises `UnknownValue` when a section, author or tag is not in the archive.
    """
    if filters.section:
        section_ids, label = _resolve_section(connection, filters.section)
        statement = statement.where(
            or_(
                ArticleRow.section_id.in_(section_ids),
                func.lower(ArticleRow.section) == label.lower(),
            )
        )
    if filters.author:
        author_ids = _resolve_author(connection, filters.author)
        bylines = select(ArticleAuthor.article_id).where(
            ArticleAuthor.author_id.in_(author_ids)
        )
        statement = statement.where(ArticleRow.id.in_(bylines))
    if filters.tag:
        tag_ids = _resolve_tag(connection, filters.tag)
        tagged = select(ArticleTag.article_id).where(ArticleTag.tag_id.in_(tag_ids))
        statement = statement.where(ArticleRow.id.in_(tagged))
    if filters.since is not None:
        statement = statement.where(ArticleRow.published_at >= filters.since)
    if filters.until is not None:
        statement = statement.where(ArticleRow.published_at < filters.until)
    return statement


def _resolve_section(connection: Connection, wanted: str) -> tuple[list[int], str]:
    folded = wanted.strip().lower()
    rows = connection.execute(
        select(Section.id, Section.label).where(
            or_(func.lower(Section.slug) == folded, func.lower(Section.label) == folded)
        )
    ).all()
    if rows:
        return [row.id for row in rows], rows[0].label
    label = connection.execute(
        select(ArticleRow.section)
        .where(func.lower(ArticleRow.section) == folded)
        .limit(1)
    ).scalar()
    if label is not None:  # a label seen on articles whose section had no link
        return [], label
    known = _most_used_sections(connection)
    raise UnknownValue(
        f"no section {wanted!r} in the archive; sections include {', '.join(known)} "
        "(see `newsarchive sections`)"
    )


def _most_used_sections(connection: Connection) -> list[str]:
    rows = connection.execute(
        select(ArticleRow.section)
        .where(ArticleRow.section.is_not(None))
        .group_by(ArticleRow.section)
        .order_by(func.count().desc(), ArticleRow.section)
        .limit(SUGGESTIONS)
    ).scalars()
    return list(rows) or ["(none: the archive has no sections yet)"]


def _resolve_author(connection: Connection, wanted: str) -> list[int]:
    folded = wanted.strip().lower()
    handle_suffix = f"%/author/{folded.strip('/')}/"
    ids = (
        connection.execute(
            select(Author.id).where(
                or_(
                    func.lower(Author.name) == folded,
                    func.lower(Author.url).like(handle_suffix),
                )
            )
        )
        .scalars()
        .all()
    )
    if not ids:
        raise UnknownValue(
            f"no author {wanted!r} in the archive: give a full name or an author "
            "handle as `newsarchive authors` lists them"
        )
    return list(ids)


def _resolve_tag(connection: Connection, wanted: str) -> list[int]:
    folded = wanted.strip().lower()
    ids = (
        connection.execute(
            select(Tag.id).where(
                or_(func.lower(Tag.slug) == folded, func.lower(Tag.name) == folded)
            )
        )
        .scalars()
        .all()
    )
    if not ids:
        raise UnknownValue(
            f"no tag {wanted!r} in the archive: give a tag name or slug as "
            "`newsarchive tags` lists them"
        )
    return list(ids)

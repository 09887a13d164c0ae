"""Authors, sections and tags with their article counts."""

from __future__ import annotations

from typing import Any

from newsarchive.query.database import Connection, fetch_all
from newsarchive.query.dialect import instant_value
from newsarchive.query.filters import resolve_site


def author_counts(
    connection: Connection, *, site: str | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """Every author with the number of articles they signed, most prolific first."""
    sql = (
        "SELECT au.id, au.name, count(aa.article_id) AS articles, "
        "min(a.published_at) AS first_published, max(a.published_at) AS last_published, "
        "au.site, au.url FROM authors au "
        "LEFT JOIN article_authors aa ON aa.author_id = au.id "
        "LEFT JOIN articles a ON a.id = aa.article_id"
        + _site_where(site, "au.site")
        + " GROUP BY au.id, au.name, au.site, au.url ORDER BY articles DESC, au.name"
    )
    return _dated(_rows(connection, sql, site, limit))


def section_counts(
    connection: Connection, *, site: str | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """Every section label seen on articles, with counts, biggest first.

    Grouped by the label the articles carry (a label whose section had no link has no
    `sections` row but is still a section to the reader).
    """
    sql = (
        "SELECT a.section AS section, max(s.slug) AS slug, count(a.id) AS articles, "
        "min(a.published_at) AS first_published, max(a.published_at) AS last_published, "
        "a.site FROM articles a LEFT JOIN sections s ON s.id = a.section_id"
        + _site_where(site, "a.site")
        + " GROUP BY a.site, a.section ORDER BY articles DESC, a.section"
    )
    return _dated(_rows(connection, sql, site, limit))


def tag_counts(
    connection: Connection,
    *,
    include_internal: bool = True,
    site: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Every tag with the number of articles carrying it, most used first."""
    where = _site_where(site, "t.site")
    if not include_internal:
        where += (" AND" if where else " WHERE") + " NOT t.internal"
    sql = (
        "SELECT t.id, t.name, t.slug, t.internal, count(at.article_id) AS articles, "
        "t.site FROM tags t LEFT JOIN article_tags at ON at.tag_id = t.id"
        + where
        + " GROUP BY t.id, t.name, t.slug, t.internal, t.site "
        "ORDER BY articles DESC, t.name"
    )
    rows = _rows(connection, sql, site, limit)
    for row in rows:
        row["internal"] = bool(row["internal"])
    return rows


def _site_where(site: str | None, column: str) -> str:
    return f" WHERE {column} = :site" if site is not None else ""


def _rows(
    connection: Connection, sql: str, site: str | None, limit: int | None
) -> list[dict[str, Any]]:
    params: dict[str, Any] = {}
    if site is not None:
        params["site"] = resolve_site(connection, site)
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    return fetch_all(connection, sql, params)


def _dated(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for row in rows:
        for name in ("first_published", "last_published"):
            row[name] = instant_value(row[name])
    return rows

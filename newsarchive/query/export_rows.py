"""The rows an export writes: one per article, streamed from the archive.

Lists (authors, tags, teaser URLs) come aggregated per row from SQL, dates are aware UTC
datetimes; the result is read with `stream_results` and `yield_per`, so memory stays
flat whatever the archive size.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, inspect, null, select

from newsarchive.models import Article as ArticleRow
from newsarchive.models import Page
from newsarchive.query.article_columns import (
    authors_list,
    decode_list,
    tags_list,
    teaser_urls_list,
)
from newsarchive.query.export_formats import Column
from newsarchive.query.filters import NO_FILTERS, ArticleFilters, apply_filters
from newsarchive.query.warc import RawPage

STREAM_BATCH_ROWS = 1_000

EXPORT_COLUMNS: tuple[Column, ...] = (
    Column("id", "int", "Archive id of the article"),
    Column("site", "str", "Publication host"),
    Column("url", "str", "URL the article was last fetched from"),
    Column("canonical_url", "str", "rel=canonical as the page declares it"),
    Column("title", "str", "Visible headline"),
    Column("seo_title", "str", "SEO headline when it differs from the title"),
    Column("subtitle", "str", "Standfirst"),
    Column("description", "str", "og:description / meta description"),
    Column("section", "str", "Most specific section label"),
    Column("article_type", "str", "Article type label (Analysis, ...)"),
    Column("authors", "list", "Byline names in order"),
    Column("tags", "list", "Tag names in page order (internal ones included)"),
    Column("published_at", "datetime", "Publication time, UTC"),
    Column("modified_at", "datetime", "Last modification time, UTC"),
    Column("word_count", "int", "Words in body_text"),
    Column("body_text", "str", "Body, one paragraph per block, blank-line separated"),
    Column("top_image_url", "str", "Hero image URL"),
    Column("top_image_credit", "str", "Hero image credit, prefix removed"),
    Column("teaser_urls", "list", "Related-article teaser URLs in page order"),
    Column("language", "str", "Page language"),
    Column("content_hash", "str", "sha256 of the article's own fields"),
    Column("first_seen_at", "datetime", "First archived, UTC"),
    Column("last_seen_at", "datetime", "Last seen by a crawl, UTC"),
    Column("gone_at", "datetime", "When its URL started answering 404/410, UTC"),
)

_LIST_COLUMNS = {
    "authors": authors_list,
    "tags": tags_list,
    "teaser_urls": teaser_urls_list,
}
_COMPUTED = {"word_count"}


def export_rows(
    connection: Connection, *, filters: ArticleFilters = NO_FILTERS
) -> Iterator[dict[str, Any]]:
    """Every article matching `filters`, oldest first, as a dict per EXPORT_COLUMNS."""
    # An archive of an older schema revision lacks newer columns: they export as null,
    # so every export has the same columns (and Parquet schema).
    present = {column["name"] for column in inspect(connection).get_columns("articles")}
    selected = []
    for column in EXPORT_COLUMNS:
        if column.name in _LIST_COLUMNS:
            selected.append(_LIST_COLUMNS[column.name]().label(column.name))
        elif column.name in present:
            selected.append(getattr(ArticleRow, column.name))
        elif column.name not in _COMPUTED:
            selected.append(null().label(column.name))
    # (published_at, id) is the order of ix_articles_published_at: no sort of 100,000
    # rows with their bodies (undated articles, if any, come first).
    statement = select(*selected).order_by(ArticleRow.published_at, ArticleRow.id)
    statement = apply_filters(statement, filters, connection)
    result = connection.execution_options(
        stream_results=True, yield_per=STREAM_BATCH_ROWS
    ).execute(statement)
    for row in result.mappings():
        record = dict(row)
        for name in _LIST_COLUMNS:
            record[name] = decode_list(record[name])
        record["word_count"] = (
            len(record["body_text"].split()) if record["body_text"] else 0
        )
        yield record


def raw_pages(
    connection: Connection, *, filters: ArticleFilters = NO_FILTERS
) -> Iterator[RawPage]:
    """Every stored raw page in the order it was stored (failed parses too when no
    filter is given), decompressed one at a time."""
    from sqlalchemy.orm import Session

    from newsarchive.store import PageBodyReader

    page = Page.__table__.c
    statement = select(
        page.url,
        page.requested_url,
        page.status,
        page.headers,
        page.body,
        page.body_codec,
        page.dictionary_id,
        page.fetched_at,
    ).order_by(page.id)  # insertion order is fetch order, and needs no sort
    if not filters.is_empty():
        matching = apply_filters(select(ArticleRow.id), filters, connection)
        statement = statement.where(page.article_id.in_(matching))
    # The reader loads each compression dictionary once, through an ORM session.
    reader = PageBodyReader(Session(bind=connection))
    result = connection.execution_options(stream_results=True, yield_per=200).execute(
        statement
    )
    for row in result:
        yield RawPage(
            url=row.url,
            requested_url=row.requested_url,
            status=row.status,
            headers=dict(row.headers or {}),
            body=reader.body(row),
            fetched_at=row.fetched_at,
        )

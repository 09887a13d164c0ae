"""The rows an export writes: one per article, streamed from the archive; and the raw
pages a WARC export writes.

Lists (authors, tags, teaser URLs) come aggregated per row from SQL, dates as aware UTC
datetimes; rows are fetched a batch at a time, so memory stays flat whatever the archive
size.
"""

from __future__ import annotations

import json
import sys
import zlib
from collections.abc import Iterator
from typing import Any

from newsarchive.query.article_columns import (
    authors_list,
    decode_list,
    tags_list,
    teaser_urls_list,
)
from newsarchive.query.database import Connection, fetch_value, stream_rows
from newsarchive.query.dialect import column_names, instant_value
from newsarchive.query.export_formats import Column
from newsarchive.query.filters import NO_FILTERS, ArticleFilters, filter_conditions
from newsarchive.query.warc import RawPage

if sys.version_info >= (3, 14):
    from compression import zstd
else:
    from backports import zstd

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
_INSTANTS = [column.name for column in EXPORT_COLUMNS if column.kind == "datetime"]


def export_rows(
    connection: Connection, *, filters: ArticleFilters = NO_FILTERS
) -> Iterator[dict[str, Any]]:
    """Every article matching `filters`, oldest first, as a dict per EXPORT_COLUMNS."""
    # An archive of an older schema revision lacks newer columns: they export as null,
    # so every export has the same columns (and Parquet schema).
    present = set(column_names(connection, "articles"))
    selected = []
    for column in EXPORT_COLUMNS:
        if column.name in _LIST_COLUMNS:
            selected.append(f"{_LIST_COLUMNS[column.name]('a.id')} AS {column.name}")
        elif column.name in present:
            selected.append(f"a.{column.name}")
        elif column.name not in _COMPUTED:
            selected.append(f"NULL AS {column.name}")
    conditions = filter_conditions(connection, filters)
    # (published_at, id) is the order of ix_articles_published_at: no sort of 100,000
    # rows with their bodies (undated articles, if any, come first).
    sql = (
        f"SELECT {', '.join(selected)} FROM articles a{conditions.where()} "
        "ORDER BY a.published_at, a.id"
    )
    for record in stream_rows(
        connection, sql, conditions.params, batch_rows=STREAM_BATCH_ROWS
    ):
        for name in _LIST_COLUMNS:
            record[name] = decode_list(record[name])
        for name in _INSTANTS:
            record[name] = instant_value(record[name])
        record["word_count"] = (
            len(record["body_text"].split()) if record["body_text"] else 0
        )
        yield record


def raw_pages(
    connection: Connection, *, filters: ArticleFilters = NO_FILTERS
) -> Iterator[RawPage]:
    """Every stored raw page in the order it was stored (failed parses too when no
    filter is given), decompressed one at a time."""
    sql = (
        "SELECT p.url, p.requested_url, p.status, p.headers, p.body, p.body_codec, "
        "p.dictionary_id, p.fetched_at FROM pages p"
    )
    params: dict[str, Any] = {}
    if not filters.is_empty():
        conditions = filter_conditions(connection, filters)
        sql += (
            f" WHERE p.article_id IN (SELECT a.id FROM articles a{conditions.where()})"
        )
        params.update(conditions.params)
    sql += " ORDER BY p.id"  # insertion order is fetch order, and needs no sort
    bodies = PageBodies(connection)
    for row in stream_rows(connection, sql, params, batch_rows=200):
        yield RawPage(
            url=row["url"],
            requested_url=row["requested_url"],
            status=row["status"],
            headers=json.loads(row["headers"]) if row["headers"] else {},
            body=bodies.decompress(
                row["body"], row["body_codec"], row["dictionary_id"]
            ),
            fetched_at=instant_value(row["fetched_at"]),
        )


class PageBodies:
    """Stored page bodies back as the bytes fetched (docs/schema.md, `pages`): each
    compression dictionary is read once. The store writes them; this reads them
    without the store's ORM session, for the read-only commands."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._dictionaries: dict[int, zstd.ZstdDict] = {}

    def decompress(self, data: bytes, codec: str, dictionary_id: int | None) -> bytes:
        if codec == "identity":
            return data
        if codec == "zlib":
            return zlib.decompress(data)
        if codec == "zstd":
            return zstd.decompress(data)
        if codec == "zstd-dict" and dictionary_id is not None:
            return zstd.decompress(data, zstd_dict=self._dictionary(dictionary_id))
        raise ValueError(f"page body codec {codec!r} cannot be read")

    def _dictionary(self, dictionary_id: int) -> zstd.ZstdDict:
        if dictionary_id not in self._dictionaries:
            content = fetch_value(
                self._connection,
                "SELECT content FROM page_dictionaries WHERE id = :id",
                {"id": dictionary_id},
            )
            self._dictionaries[dictionary_id] = zstd.ZstdDict(
                zstd.decompress(content), is_raw=True
            )
        return self._dictionaries[dictionary_id]

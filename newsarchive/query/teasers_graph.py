"""The related-article graph: which article's page recommends which (from `teasers`).

Nodes are every archived article (`article:<id>`) plus teaser targets the archive does
not hold (`url:<url_key>`); edges run from the recommending article to the target,
with the teaser's position. Streamed from SQL into `graph_formats` writers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from newsarchive.query.database import Connection, stream_rows
from newsarchive.query.dialect import instant_value
from newsarchive.query.filters import NO_FILTERS, ArticleFilters, filter_conditions

# The archived target: the store's link, else any URL the archive knows for it.
_TARGET_ID = (
    "coalesce(t.target_article_id, (SELECT u.article_id FROM article_urls u "
    "WHERE u.url_key = t.url_key LIMIT 1))"
)


def teaser_edges(
    connection: Connection, *, filters: ArticleFilters = NO_FILTERS
) -> Iterator[dict[str, Any]]:
    """One dict per teaser of the articles matching `filters`, in (source, position)
    order."""
    conditions = filter_conditions(connection, filters, alias="source")
    rows = stream_rows(
        connection,
        "SELECT source.id AS source_id, source.url AS source_url, "
        "source.title AS source_title, t.position, "
        f"{_TARGET_ID} AS target_id, t.url AS target_url, "
        "t.url_key AS target_url_key, t.headline, t.section "
        "FROM teasers t JOIN articles source ON source.id = t.article_id"
        f"{conditions.where()} ORDER BY t.article_id, t.position",
        conditions.params,
    )
    for edge in rows:
        edge["target_archived"] = edge["target_id"] is not None
        edge["source_node"] = f"article:{edge['source_id']}"
        target_key = edge.pop("target_url_key")
        edge["target_node"] = (
            f"article:{edge['target_id']}"
            if edge["target_archived"]
            else f"url:{target_key}"
        )
        yield edge


def graph_nodes(
    connection: Connection, *, filters: ArticleFilters = NO_FILTERS
) -> Iterator[dict[str, Any]]:
    """The articles matching `filters`, the archived targets of their teasers that do
    not match, then each target that is not archived (once per URL): every node an
    edge of `teaser_edges` names."""
    chosen = filter_conditions(connection, filters)
    columns = "a.id, a.title, a.url, a.section, a.published_at"
    yield from _article_nodes(
        connection,
        f"SELECT {columns} FROM articles a{chosen.where()} ORDER BY a.id",
        chosen.params,
    )
    sources = filter_conditions(connection, filters, alias="source")
    teasers_of_sources = (
        "FROM teasers t JOIN articles source ON source.id = t.article_id"
        + (f" WHERE {sources.sql()}" if sources.conditions else " WHERE 1 = 1")
    )
    if chosen.conditions:  # targets outside the filter are nodes too
        inside = filter_conditions(connection, filters, alias="inside")
        yield from _article_nodes(
            connection,
            f"SELECT {columns} FROM articles a WHERE a.id IN "
            f"(SELECT {_TARGET_ID} {teasers_of_sources}) AND a.id NOT IN "
            f"(SELECT inside.id FROM articles inside WHERE {inside.sql()}) "
            "ORDER BY a.id",
            {**chosen.params, **sources.params},
        )
    for row in stream_rows(
        connection,
        "SELECT t.url_key, min(t.url) AS url, max(t.headline) AS headline, "
        f"max(t.section) AS section {teasers_of_sources} AND {_TARGET_ID} IS NULL "
        "GROUP BY t.url_key ORDER BY t.url_key",
        sources.params,
    ):
        yield {
            "node_id": f"url:{row['url_key']}",
            "label": row["headline"],
            "url": row["url"],
            "section": row["section"],
            "archived": False,
        }


def _article_nodes(
    connection: Connection, sql: str, params: dict[str, Any]
) -> Iterator[dict[str, Any]]:
    for row in stream_rows(connection, sql, params):
        published = instant_value(row["published_at"])
        yield {
            "node_id": f"article:{row['id']}",
            "label": row["title"],
            "url": row["url"],
            "section": row["section"],
            "published_at": published.isoformat() if published else None,
            "archived": True,
        }

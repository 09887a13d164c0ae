"""The related-article graph: which article's page recommends which (from `teasers`).

Nodes are every archived article (`article:<id>`) plus teaser targets the archive does
not hold (`url:<url_key>`); edges run from the recommending article to the target,
with the teaser's position. Streamed from SQL into `graph_formats` writers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import aliased

from newsarchive.models import Article as ArticleRow
from newsarchive.models import ArticleUrl, Teaser


def _target_id():
    """The archived target: the store's link, else any URL the archive knows for it."""
    known_url = (
        select(ArticleUrl.article_id)
        .where(ArticleUrl.url_key == Teaser.url_key)
        .limit(1)
        .scalar_subquery()
    )
    return func.coalesce(Teaser.target_article_id, known_url)


def teaser_edges(connection: Connection) -> Iterator[dict[str, Any]]:
    """One dict per teaser, in (source, position) order."""
    source = aliased(ArticleRow)
    statement = (
        select(
            source.id.label("source_id"),
            source.url.label("source_url"),
            source.title.label("source_title"),
            Teaser.position,
            _target_id().label("target_id"),
            Teaser.url.label("target_url"),
            Teaser.url_key.label("target_url_key"),
            Teaser.headline,
            Teaser.section,
        )
        .join(source, source.id == Teaser.article_id)
        .order_by(Teaser.article_id, Teaser.position)
    )
    result = connection.execution_options(stream_results=True, yield_per=2_000).execute(
        statement
    )
    for row in result.mappings():
        edge = dict(row)
        edge["target_archived"] = edge["target_id"] is not None
        edge["source_node"] = f"article:{edge['source_id']}"
        edge["target_node"] = (
            f"article:{edge['target_id']}"
            if edge["target_archived"]
            else f"url:{edge.pop('target_url_key')}"
        )
        edge.pop("target_url_key", None)
        yield edge


def graph_nodes(connection: Connection) -> Iterator[dict[str, Any]]:
    """Every archived article, then each teaser target not archived (once per URL)."""
    articles = select(
        ArticleRow.id,
        ArticleRow.title,
        ArticleRow.url,
        ArticleRow.section,
        ArticleRow.published_at,
    ).order_by(ArticleRow.id)
    streaming = connection.execution_options(stream_results=True, yield_per=2_000)
    for row in streaming.execute(articles):
        yield {
            "node_id": f"article:{row.id}",
            "label": row.title,
            "url": row.url,
            "section": row.section,
            "published_at": row.published_at.isoformat() if row.published_at else None,
            "archived": True,
        }
    missing = (
        select(
            Teaser.url_key,
            func.min(Teaser.url).label("url"),
            func.max(Teaser.headline).label("headline"),
            func.max(Teaser.section).label("section"),
        )
        .where(_target_id().is_(None))
        .group_by(Teaser.url_key)
        .order_by(Teaser.url_key)
    )
    for row in streaming.execute(missing):
        yield {
            "node_id": f"url:{row.url_key}",
            "label": row.headline,
            "url": row.url,
            "section": row.section,
            "archived": False,
        }

"""Per-article list columns (authors, tags, teaser URLs) computed in SQL, one row each.

SQLite 3.40 has no ORDER BY inside aggregates, so each list is aggregated over an
ordered subquery; with the (article_id, position) primary keys that is an index walk.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import ScalarSelect, func, select

from newsarchive.models import Article as ArticleRow
from newsarchive.models import ArticleAuthor, ArticleTag, Tag, Teaser


def authors_list() -> ScalarSelect:
    """JSON array of the byline names, in byline order."""
    names = (
        select(ArticleAuthor.name.label("value"))
        .where(ArticleAuthor.article_id == ArticleRow.id)
        .order_by(ArticleAuthor.position)
        .correlate(ArticleRow)
        .subquery()
    )
    return select(func.json_group_array(names.c.value)).scalar_subquery()


def tags_list() -> ScalarSelect:
    """JSON array of the tag names (internal ones included), in page order."""
    names = (
        select(Tag.name.label("value"))
        .join(ArticleTag, ArticleTag.tag_id == Tag.id)
        .where(ArticleTag.article_id == ArticleRow.id)
        .order_by(ArticleTag.position)
        .correlate(ArticleRow)
        .subquery()
    )
    return select(func.json_group_array(names.c.value)).scalar_subquery()


def teaser_urls_list() -> ScalarSelect:
    """JSON array of the teaser target URLs, in page order."""
    urls = (
        select(Teaser.url.label("value"))
        .where(Teaser.article_id == ArticleRow.id)
        .order_by(Teaser.position)
        .correlate(ArticleRow)
        .subquery()
    )
    return select(func.json_group_array(urls.c.value)).scalar_subquery()


def decode_list(value: Any) -> list[Any]:
    """A JSON array column as a Python list (None or empty as [])."""
    if not value:
        return []
    return json.loads(value) if isinstance(value, str) else list(value)

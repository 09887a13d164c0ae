"""Per-article list columns (authors, tags, teaser URLs) as SQL expressions, one JSON
array per article row, and decoding them back into lists."""

from __future__ import annotations

import json
from typing import Any

from newsarchive.query.dialect import json_list


def authors_list(article_id: str) -> str:
    """JSON array of the byline names of article `article_id` (an SQL expression), in
    byline order."""
    return json_list(
        "SELECT name AS value FROM article_authors "
        f"WHERE article_id = {article_id} ORDER BY position"
    )


def tags_list(article_id: str) -> str:
    """JSON array of the tag names (internal ones included), in page order."""
    return json_list(
        "SELECT t.name AS value FROM article_tags at JOIN tags t ON t.id = at.tag_id "
        f"WHERE at.article_id = {article_id} ORDER BY at.position"
    )


def teaser_urls_list(article_id: str) -> str:
    """JSON array of the teaser target URLs, in page order."""
    return json_list(
        f"SELECT url AS value FROM teasers WHERE article_id = {article_id} "
        "ORDER BY position"
    )


def decode_list(value: Any) -> list[Any]:
    """A JSON array column as a Python list (None or empty as [])."""
    if not value:
        return []
    return json.loads(value) if isinstance(value, str) else list(value)

"""`article_versions`: every stored state of an article, with what changed and how.

Version 1 is written when an article is first archived. A later fetch whose content
hash differs (or whose URL moved) adds the next version: the names of the changed fields
and their previous values, so `newsarchive history URL` can show a readable diff and any
earlier state can be rebuilt from the current row backwards. Written by the store in
the article's transaction (`articles`), each with the page it was parsed from.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from newsarchive import items
from newsarchive.models.versions import ArticleVersion
from newsarchive.store.hashing import EXCLUDED_FIELDS
from newsarchive.store.read import load_article
from newsarchive.urls import url_key

MOVE_FIELDS = ("url", "canonical_url")
"""Compared only to tell a move (identity fields, outside the content hash)."""


def snapshot(session: Session, article_id: int) -> dict[str, Any]:
    """The archived article as JSON data (what `previous_values` are taken from)."""
    return items.to_json_dict(load_article(session, article_id))


def changed_fields(previous: dict[str, Any], current: dict[str, Any]) -> list[str]:
    """Content fields that differ (in `Article` field order), then `url` and
    `canonical_url` if the article moved."""
    changed = [
        name
        for name in current
        if name not in EXCLUDED_FIELDS and previous.get(name) != current[name]
    ]
    if previous.get("url") != current.get("url") and _moved(previous, current):
        changed += [
            name for name in MOVE_FIELDS if previous.get(name) != current.get(name)
        ]
    return changed


def _moved(previous: dict[str, Any], current: dict[str, Any]) -> bool:
    def identity(data: dict[str, Any]) -> str:
        return url_key(data.get("canonical_url") or data["url"])

    return identity(previous) != identity(current)


def version_row(
    article_id: int,
    *,
    number: int,
    fetched_at: datetime,
    url: str,
    content_hash: str,
    run_id: int | None,
    page_id: int | None = None,
    previous: dict[str, Any] | None = None,
    current: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The `article_versions` row of the article as now stored (parsed from the page
    `page_id`): version 1 without `previous`, else one with the fields that changed
    since `previous`."""
    fields: list[str] = []
    before: dict[str, Any] = {}
    if previous is not None and current is not None:
        fields = changed_fields(previous, current)
        before = {name: previous.get(name) for name in fields}
    return {
        "article_id": article_id, "version": number, "fetched_at": fetched_at,
        "url": url, "content_hash": content_hash, "changed_fields": fields,
        "previous_values": before, "run_id": run_id, "page_id": page_id,
    }  # fmt: skip


def next_version_number(session: Session, article_id: int) -> int:
    return 1 + session.scalar(
        select(func.coalesce(func.max(ArticleVersion.version), 0)).where(
            ArticleVersion.article_id == article_id
        )
    )


def insert_versions(session: Session, rows: list[dict[str, Any]]) -> None:
    if rows:  # an empty executemany would insert a row of NULLs
        table: Table = ArticleVersion.__table__  # type: ignore[assignment]
        session.execute(insert(table), rows)

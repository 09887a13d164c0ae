"""The full-text index `articles_fts` (FTS5; created by migration 0001).

One SQL statement builds an article's index row from the archive tables, so a single
refresh and a full rebuild can't disagree. Internal tags (`type:analysis`) are platform
metadata, not words of the article: they are left out of the `tags` column.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

_ROW_SELECT = """
SELECT a.id, a.title, a.subtitle, a.body_text,
       (SELECT group_concat(name, ', ') FROM
           (SELECT aa.name FROM article_authors aa
            WHERE aa.article_id = a.id ORDER BY aa.position)),
       (SELECT group_concat(name, ', ') FROM
           (SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id
            WHERE at.article_id = a.id AND NOT t.internal ORDER BY at.position))
FROM articles a
"""
_INSERT = "INSERT INTO articles_fts (rowid, title, subtitle, body, authors, tags) "


def refresh_article(session: Session, article_id: int) -> None:
    """Rewrite one article's index row (after its byline and tags are written)."""
    session.flush()
    session.execute(
        text("DELETE FROM articles_fts WHERE rowid = :id"), {"id": article_id}
    )
    session.execute(
        text(_INSERT + _ROW_SELECT + "WHERE a.id = :id"), {"id": article_id}
    )


def refresh_articles(session: Session, article_ids: Iterable[int]) -> None:
    """Rewrite the index rows of many articles (a batch's, once, before it commits)."""
    ids = sorted(set(article_ids))
    if not ids:
        return
    session.flush()
    statement = bindparam("ids", expanding=True)
    session.execute(
        text("DELETE FROM articles_fts WHERE rowid IN :ids").bindparams(statement),
        {"ids": ids},
    )
    session.execute(
        text(_INSERT + _ROW_SELECT + "WHERE a.id IN :ids").bindparams(statement),
        {"ids": ids},
    )


def rebuild(session: Session) -> None:
    """Rebuild the whole index from the archive tables (after a repair or import)."""
    session.flush()
    session.execute(text("DELETE FROM articles_fts"))
    session.execute(text(_INSERT + _ROW_SELECT))


def search(session: Session, query: str, *, limit: int = 20) -> list[int]:
    """Ids of the articles matching an FTS5 `query`, best match first."""
    rows = session.execute(
        text(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH :query "
            "ORDER BY rank LIMIT :limit"
        ),
        {"query": query, "limit": limit},
    )
    return [row[0] for row in rows]

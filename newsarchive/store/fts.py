"""The full-text index `articles_fts` (FTS5, external content over `articles`;
migration 0003).

The index reads its text from `articles`; triggers (made by migration 0003) keep it in
step with every change of the indexed columns. The byline and the tag names live in
other tables, so the store copies them into `articles.authors_text` and
`articles.tags_text` once an article's byline and tags are written, in the same
transaction. Internal tags (`type:analysis`) are platform metadata, not words of the
article: they are left out of `tags_text`.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from newsarchive.fts_columns import FTS_TABLE, fts_query

_SET_NAMES = """
UPDATE articles SET
    authors_text = (SELECT group_concat(name, ', ') FROM
        (SELECT aa.name FROM article_authors aa
         WHERE aa.article_id = articles.id ORDER BY aa.position)),
    tags_text = (SELECT group_concat(name, ', ') FROM
        (SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id
         WHERE at.article_id = articles.id AND NOT t.internal ORDER BY at.position))
"""


def refresh_article(session: Session, article_id: int) -> None:
    """Copy one article's byline and tag names into its indexed columns."""
    refresh_articles(session, [article_id])


def refresh_articles(session: Session, article_ids: Iterable[int]) -> None:
    """Copy many articles' bylines and tag names into their indexed columns (a batch's,
    once, before it commits)."""
    ids = sorted(set(article_ids))
    if not ids:
        return
    session.flush()
    statement = bindparam("ids", expanding=True)
    session.execute(
        text(_SET_NAMES + "WHERE id IN :ids").bindparams(statement), {"ids": ids}
    )


def rebuild(session: Session) -> None:
    """Rebuild the whole index from the archive tables (after a repair or import)."""
    session.flush()
    session.execute(text(_SET_NAMES))
    session.execute(text(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('rebuild')"))


def search(session: Session, query: str, *, limit: int = 20) -> list[int]:
    """Ids of the articles matching an FTS5 `query`, best match first."""
    rows = session.execute(
        text(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :query "
            "ORDER BY rank LIMIT :limit"
        ),
        {"query": fts_query(query), "limit": limit},
    )
    return [row[0] for row in rows]

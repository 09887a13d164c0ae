"""The full-text index `articles_fts`: on SQLite an external-content FTS5 table over
`articles` (migration 0003), on PostgreSQL a weighted `tsvector` per article with a GIN
index (docs/postgresql.md).

The byline and the tag names live in other tables, so the store copies them into
`articles.authors_text` and `articles.tags_text` once an article's byline and tags are
written, in the same transaction. On SQLite the FTS5 index reads its text from `articles`
and triggers (migration 0003) keep it in step with every change of the indexed columns;
on PostgreSQL the store rewrites the article's `tsvector`. Internal tags (`type:analysis`)
are platform metadata, not words of the article: they are left out of `tags_text`.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from newsarchive.fts_columns import FTS_TABLE, fts_query
from newsarchive.query.tsquery import fts5_to_tsquery

# An article's byline and public tag names, in page order, for `authors_text` and
# `tags_text`.
_SET_NAMES = """
UPDATE articles SET
    authors_text = (SELECT group_concat(name, ', ') FROM
        (SELECT aa.name FROM article_authors aa
         WHERE aa.article_id = articles.id ORDER BY aa.position)),
    tags_text = (SELECT group_concat(name, ', ') FROM
        (SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id
         WHERE at.article_id = articles.id AND NOT t.internal ORDER BY at.position))
"""
_POSTGRES_SET_NAMES = """
UPDATE articles SET
    authors_text = (SELECT string_agg(aa.name, ', ' ORDER BY aa.position)
        FROM article_authors aa WHERE aa.article_id = articles.id),
    tags_text = (SELECT string_agg(t.name, ', ' ORDER BY at.position)
        FROM article_tags at JOIN tags t ON t.id = at.tag_id
        WHERE at.article_id = articles.id AND NOT t.internal)
"""

TEXT_SEARCH_CONFIG = "newsarchive_english"
"""PostgreSQL's text search configuration (migration 0001): English stemming without
diacritics, like FTS5's `porter unicode61 remove_diacritics`."""
# Weight classes (ranked by ts_rank with the weights of newsarchive.query's PostgreSQL
# dialect): title A, byline B, subtitle and tags C, body D.
_POSTGRES_UPSERT = f"""
INSERT INTO articles_fts (rowid, document)
SELECT a.id,
       setweight(to_tsvector('{TEXT_SEARCH_CONFIG}', a.title), 'A')
    || setweight(to_tsvector('{TEXT_SEARCH_CONFIG}', coalesce(
           (SELECT string_agg(aa.name, ', ' ORDER BY aa.position)
            FROM article_authors aa WHERE aa.article_id = a.id), '')), 'B')
    || setweight(to_tsvector('{TEXT_SEARCH_CONFIG}', coalesce(a.subtitle, '')), 'C')
    || setweight(to_tsvector('{TEXT_SEARCH_CONFIG}', coalesce(
           (SELECT string_agg(t.name, ', ' ORDER BY at.position)
            FROM article_tags at JOIN tags t ON t.id = at.tag_id
            WHERE at.article_id = a.id AND NOT t.internal), '')), 'C')
    || setweight(to_tsvector('{TEXT_SEARCH_CONFIG}', a.body_text), 'D')
FROM articles a
"""
_POSTGRES_ON_CONFLICT = (
    " ON CONFLICT (rowid) DO UPDATE SET document = excluded.document"
)


def _on_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def refresh_article(session: Session, article_id: int) -> None:
    """Update one article's index (after its byline and tags are written)."""
    refresh_articles(session, [article_id])


def refresh_articles(session: Session, article_ids: Iterable[int]) -> None:
    """Update the index of many articles (a batch's, once, before it commits)."""
    ids = sorted(set(article_ids))
    if not ids:
        return
    session.flush()
    if _on_postgres(session):
        session.execute(
            text(_POSTGRES_SET_NAMES + "WHERE id = ANY(:ids)"), {"ids": ids}
        )
        session.execute(
            text(_POSTGRES_UPSERT + "WHERE a.id = ANY(:ids)" + _POSTGRES_ON_CONFLICT),
            {"ids": ids},
        )
        return
    # The triggers of migration 0003 reindex the rows whose names change.
    statement = bindparam("ids", expanding=True)
    session.execute(
        text(_SET_NAMES + "WHERE id IN :ids").bindparams(statement), {"ids": ids}
    )


def rebuild(session: Session) -> None:
    """Rebuild the whole index from the archive tables (after a repair or import)."""
    session.flush()
    if _on_postgres(session):
        session.execute(text(_POSTGRES_SET_NAMES))
        session.execute(text("DELETE FROM articles_fts"))
        session.execute(text(_POSTGRES_UPSERT))
        return
    session.execute(text(_SET_NAMES))
    session.execute(text(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('rebuild')"))


def search(session: Session, query: str, *, limit: int = 20) -> list[int]:
    """Ids of the articles matching an FTS5 `query`, best match first (on PostgreSQL,
    the query is translated to a `tsquery`, `newsarchive.query.tsquery`)."""
    if _on_postgres(session):
        rows = session.execute(
            text(
                "SELECT rowid FROM articles_fts, "
                f"to_tsquery('{TEXT_SEARCH_CONFIG}', :query) q "
                "WHERE document @@ q ORDER BY ts_rank(document, q) DESC, rowid "
                "LIMIT :limit"
            ),
            {"query": fts5_to_tsquery(query), "limit": limit},
        )
        return [row[0] for row in rows]
    rows = session.execute(
        text(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH :query "
            "ORDER BY rank LIMIT :limit"
        ),
        {"query": fts_query(query), "limit": limit},
    )
    return [row[0] for row in rows]

"""Full-text search as an external-content FTS5 table over `articles`.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03

`articles_fts` becomes `content="articles"`, so tools that read the schema (Datasette,
sqlite-utils) find the search index of the articles table by themselves, and the index
stops holding a second copy of every body. The byline and tag names it indexes come from
other tables, so `articles` gets two plain text columns holding them (`authors_text`,
`tags_text`, comma-separated, public tags only), which the store keeps up to date in the
same transaction as the byline and tags. Triggers keep the index in step with every
insert, change and delete of those columns, whoever writes. The upgrade fills the new
columns and rebuilds the index. Keep this revision stable: change it in a new one.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = "title, subtitle, body_text, authors_text, tags_text"
TOKENIZER = "porter unicode61 remove_diacritics 2"
_OLD = ", ".join(f"old.{name}" for name in COLUMNS.split(", "))
_NEW = ", ".join(f"new.{name}" for name in COLUMNS.split(", "))
_CHANGED = " OR ".join(f"old.{name} IS NOT new.{name}" for name in COLUMNS.split(", "))
AUTHORS_TEXT = (
    "(SELECT group_concat(name, ', ') FROM (SELECT aa.name FROM article_authors aa "
    "WHERE aa.article_id = articles.id ORDER BY aa.position))"
)
TAGS_TEXT = (
    "(SELECT group_concat(name, ', ') FROM (SELECT t.name FROM article_tags at "
    "JOIN tags t ON t.id = at.tag_id WHERE at.article_id = articles.id "
    "AND NOT t.internal ORDER BY at.position))"
)

POSTGRES_AUTHORS_TEXT = (
    "(SELECT string_agg(aa.name, ', ' ORDER BY aa.position) FROM article_authors aa "
    "WHERE aa.article_id = articles.id)"
)
POSTGRES_TAGS_TEXT = (
    "(SELECT string_agg(t.name, ', ' ORDER BY at.position) FROM article_tags at "
    "JOIN tags t ON t.id = at.tag_id WHERE at.article_id = articles.id "
    "AND NOT t.internal)"
)


def upgrade() -> None:
    op.add_column("articles", sa.Column("authors_text", sa.Text(), nullable=True))
    op.add_column("articles", sa.Column("tags_text", sa.Text(), nullable=True))
    if op.get_bind().dialect.name != "sqlite":
        # PostgreSQL's index is a tsvector table the store writes (migration 0001).
        op.execute(
            f"UPDATE articles SET authors_text = {POSTGRES_AUTHORS_TEXT}, "
            f"tags_text = {POSTGRES_TAGS_TEXT}"
        )
        return
    op.execute(
        f"UPDATE articles SET authors_text = {AUTHORS_TEXT}, tags_text = {TAGS_TEXT}"
    )
    op.execute("DROP TRIGGER IF EXISTS articles_fts_after_delete")
    op.execute("DROP TABLE IF EXISTS articles_fts")
    op.execute(
        f"CREATE VIRTUAL TABLE articles_fts USING fts5({COLUMNS}, "
        f"content=\"articles\", content_rowid=id, tokenize = '{TOKENIZER}')"
    )
    op.execute(
        "CREATE TRIGGER articles_fts_after_insert AFTER INSERT ON articles BEGIN "
        f"INSERT INTO articles_fts (rowid, {COLUMNS}) VALUES (new.id, {_NEW}); END"
    )
    op.execute(
        "CREATE TRIGGER articles_fts_after_delete AFTER DELETE ON articles BEGIN "
        f"INSERT INTO articles_fts (articles_fts, rowid, {COLUMNS}) "
        f"VALUES ('delete', old.id, {_OLD}); END"
    )
    op.execute(
        f"CREATE TRIGGER articles_fts_after_update AFTER UPDATE OF {COLUMNS} "
        f"ON articles WHEN {_CHANGED} BEGIN "
        f"INSERT INTO articles_fts (articles_fts, rowid, {COLUMNS}) "
        f"VALUES ('delete', old.id, {_OLD}); "
        f"INSERT INTO articles_fts (rowid, {COLUMNS}) VALUES (new.id, {_NEW}); END"
    )
    op.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS articles_fts_after_{trigger}")
        op.execute("DROP TABLE IF EXISTS articles_fts")
        op.execute(
            "CREATE VIRTUAL TABLE articles_fts USING fts5("
            f"title, subtitle, body, authors, tags, tokenize = '{TOKENIZER}')"
        )
        op.execute(
            "CREATE TRIGGER articles_fts_after_delete AFTER DELETE ON articles BEGIN "
            "DELETE FROM articles_fts WHERE rowid = old.id; END"
        )
        op.execute(
            "INSERT INTO articles_fts (rowid, title, subtitle, body, authors, tags) "
            "SELECT id, title, subtitle, body_text, authors_text, tags_text FROM articles"
        )
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("tags_text")
        batch.drop_column("authors_text")

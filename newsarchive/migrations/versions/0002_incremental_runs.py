"""Incremental runs: article versions, URL states, gone articles, more run counts.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25

Adds `article_versions` (one row per stored state of an article) and `url_states` (the
sitemap `<lastmod>` and HTTP validators last seen per URL), marks disappeared articles
(`articles.gone_at`, `last_status`) and rotated teasers (`teasers_changed_at`), and gives
`crawl_runs` the counts and mode of incremental runs. Existing articles get version 1 (their
state at the upgrade: the first schema kept no history) and, from their newest page, the
validators for conditional requests. Keep this revision stable: change it in a new one.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from newsarchive.migrations.helpers import (
    fk,
    ints,
    jsons,
    one_of,
    table_with_id,
    texts,
    unique,
    whens,
)

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RUN_COUNTS = ("moved", "teasers_changed", "failures_retried")


def upgrade() -> None:
    for column in (
        sa.Column("gone_at", sa.Text(), nullable=True),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("teasers_changed_at", sa.Text(), nullable=True),
    ):
        op.add_column("articles", column)
    for name in RUN_COUNTS:
        op.add_column(
            "crawl_runs",
            sa.Column(name, sa.Integer(), nullable=False, server_default="0"),
        )
    op.add_column("crawl_runs", sa.Column("mode", sa.Text(), nullable=True))
    _create_article_versions()
    _create_url_states()
    _backfill()


def _create_article_versions() -> None:
    table_with_id(
        "article_versions",
        *ints("article_id", "version"),
        *whens("fetched_at"),
        *texts("url", "content_hash", nullable=False),
        *jsons("changed_fields", "previous_values"),
        *ints("run_id", "page_id", nullable=True),
        fk("article_id", "article_versions", "articles", "CASCADE"),
        fk("run_id", "article_versions", "crawl_runs", "SET NULL"),
        fk("page_id", "article_versions", "pages", "SET NULL"),
        unique("article_versions", "article_id", "version"),
    )
    op.create_index("ix_article_versions_run_id", "article_versions", ["run_id"])


def _create_url_states() -> None:
    table_with_id(
        "url_states",
        *texts("site", "url_key", "url", "kind", nullable=False),
        sa.Column("in_sitemap", sa.Boolean(), nullable=False),
        *texts("sitemap_lastmod", "etag", "last_modified"),
        *ints("last_status", nullable=True),
        *whens("checked_at"),
        *ints("run_id", nullable=True),
        one_of("url_states", "kind", "article", "index"),
        fk("run_id", "url_states", "crawl_runs", "SET NULL"),
        unique("url_states", "site", "url_key"),
    )


def _backfill() -> None:
    # Version 1 is each article as the first schema left it.
    op.execute(
        "INSERT INTO article_versions (article_id, version, fetched_at, url, content_hash,"
        " changed_fields, previous_values, run_id, page_id) "
        "SELECT a.id, 1, a.last_changed_at, a.url, a.content_hash, '[]', '{}',"
        " a.last_run_id, (SELECT max(p.id) FROM pages p WHERE p.article_id = a.id) "
        "FROM articles a"
    )
    op.execute("UPDATE articles SET last_status = 200")
    # Validators of each article's newest page: the next run can ask "changed since?".
    if op.get_bind().dialect.name == "postgresql":
        in_sitemap = "false"
        etag = "coalesce(p.headers->>'Etag', p.headers->>'ETag')"
        last_modified = "p.headers->>'Last-Modified'"
    else:
        in_sitemap = "0"
        etag = "coalesce(json_extract(p.headers, '$.Etag'), json_extract(p.headers, '$.ETag'))"
        last_modified = "json_extract(p.headers, '$.\"Last-Modified\"')"
    op.execute(
        "INSERT INTO url_states (site, url_key, url, kind, in_sitemap, etag,"
        " last_modified, last_status, checked_at, run_id) "
        f"SELECT p.site, p.url_key, p.url, 'article', {in_sitemap}, {etag},"
        f" {last_modified}, p.status, p.fetched_at, p.run_id "
        "FROM pages p WHERE p.id IN (SELECT max(id) FROM pages"
        " WHERE article_id IS NOT NULL AND status = 200 GROUP BY site, url_key)"
    )


def downgrade() -> None:
    op.drop_table("url_states")
    op.drop_table("article_versions")
    with op.batch_alter_table("crawl_runs") as batch:
        for name in (*RUN_COUNTS, "mode"):
            batch.drop_column(name)
    with op.batch_alter_table("articles") as batch:
        for name in ("gone_at", "last_status", "teasers_changed_at"):
            batch.drop_column(name)

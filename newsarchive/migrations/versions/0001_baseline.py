"""Baseline: the whole first archive schema, with the FTS5 index `articles_fts`.

Revision ID: 0001
Revises:
Create Date: 2026-11-25

Keep this revision stable (archives made by it exist): change the schema in a new one.
Datetime columns are TEXT holding ISO 8601 UTC (`newsarchive.models.base.UTCDateTime`).
On PostgreSQL the same tables are made; only the full-text index differs (a `tsvector`
table with a GIN index instead of FTS5, docs/postgresql.md).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

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

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    _create_vocabulary_tables()
    _create_crawl_runs()
    _create_articles()
    _create_article_children()
    _create_pages_and_failures()
    _create_articles_fts()


def _create_vocabulary_tables() -> None:
    table_with_id(
        "authors",
        *texts("site", "author_key", "name", nullable=False),
        *texts("url"),
        unique("authors", "site", "author_key"),
    )
    table_with_id(
        "sections",
        *texts("site", "slug", "label", nullable=False),
        *texts("url"),
        unique("sections", "site", "slug"),
    )
    table_with_id(
        "tags",
        *texts("site", "slug", "name", nullable=False),
        *texts("url"),
        sa.Column("internal", sa.Boolean(), nullable=False),
        unique("tags", "site", "slug"),
    )


def _create_crawl_runs() -> None:
    counts = ints(
        "discovered", "fetched", "not_modified", "new", "changed",
        "unchanged", "gone", "failed", "retried", "skipped",
    )  # fmt: skip
    table_with_id(
        "crawl_runs",
        *texts("site", nullable=False),
        *texts("spider"),
        *whens("started_at"),
        *whens("finished_at", nullable=True),
        *texts("status", nullable=False),
        *texts("close_reason"),
        *ints("exit_code", nullable=True),
        *jsons("settings"),
        *jsons("stats", nullable=True),
        *counts,
        *texts("newsarchive_version", nullable=False),
        *texts("log_file", "db_path"),
        one_of(
            "crawl_runs",
            "status",
            "running",
            "completed",
            "partial",
            "failed",
            "interrupted",
        ),
    )


def _create_articles() -> None:
    table_with_id(
        "articles",
        *texts("site", "url_key", "url", nullable=False),
        *texts("canonical_url"),
        *texts("title", nullable=False),
        *texts("seo_title", "subtitle", "description"),
        *ints("section_id", nullable=True),
        *texts("section", "section_url", "article_type", "published_raw"),
        *whens("published_at", nullable=True),
        *texts("modified_raw"),
        *whens("modified_at", nullable=True),
        *texts("body_text", nullable=False),
        *texts("body_html", nullable=False),
        *texts(
            "top_image_url",
            "top_image_alt",
            "top_image_caption",
            "top_image_credit",
            "top_image_credit_raw",
        ),
        *jsons("next_article", nullable=True),
        *jsons("outlinks", "embeds", "author_bios"),
        *texts("language"),
        *texts("content_hash", nullable=False),
        *whens("first_seen_at", "last_seen_at", "last_changed_at"),
        *ints("first_run_id", "last_run_id", nullable=True),
        fk("first_run_id", "articles", "crawl_runs", "SET NULL"),
        fk("last_run_id", "articles", "crawl_runs", "SET NULL"),
        fk("section_id", "articles", "sections", "SET NULL"),
        unique("articles", "site", "url_key"),
    )
    op.create_index("ix_articles_published_at", "articles", ["published_at"])
    op.create_index("ix_articles_section_id", "articles", ["section_id"])
    op.create_index(
        "ix_articles_site_content_hash", "articles", ["site", "content_hash"]
    )


def _create_article_children() -> None:
    for table, column, target in (
        ("article_authors", "author_id", "authors"),
        ("article_tags", "tag_id", "tags"),
    ):
        extra = texts("name", nullable=False) if table == "article_authors" else []
        op.create_table(
            table,
            *ints("article_id", "position", column),
            *extra,
            fk("article_id", table, "articles", "CASCADE"),
            fk(column, table, target, "CASCADE"),
            sa.PrimaryKeyConstraint("article_id", "position", name=op.f(f"pk_{table}")),
        )
        op.create_index(f"ix_{table}_{column}", table, [column])

    table_with_id(
        "article_urls",
        *texts("site", "url_key", "url", nullable=False),
        *ints("article_id"),
        *texts("kind", nullable=False),
        *whens("first_seen_at", "last_seen_at"),
        one_of("article_urls", "kind", "fetched", "requested", "canonical", "alias"),
        fk("article_id", "article_urls", "articles", "CASCADE"),
        unique("article_urls", "site", "url_key"),
    )
    op.create_index("ix_article_urls_article_id", "article_urls", ["article_id"])

    table_with_id(
        "images",
        *ints("article_id"),
        *texts("kind", nullable=False),
        *ints("position"),
        *texts("url", "alt", "caption", "credit", "credit_raw"),
        one_of("images", "kind", "top", "body"),
        fk("article_id", "images", "articles", "CASCADE"),
        unique("images", "article_id", "kind", "position"),
    )

    table_with_id(
        "teasers",
        *ints("article_id"),
        *ints("position"),
        *texts("url", nullable=False),
        *texts("url_key", nullable=False),
        *texts(
            "headline",
            "section",
            "image_url",
            "image_alt",
            "image_credit",
            "image_credit_raw",
            "excerpt",
        ),
        *ints("target_article_id", nullable=True),
        fk("article_id", "teasers", "articles", "CASCADE"),
        fk("target_article_id", "teasers", "articles", "SET NULL"),
        unique("teasers", "article_id", "position"),
    )
    op.create_index("ix_teasers_target_article_id", "teasers", ["target_article_id"])
    op.create_index("ix_teasers_url_key", "teasers", ["url_key"])


def _create_pages_and_failures() -> None:
    table_with_id(
        "page_dictionaries",
        *texts("site", nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        *ints("content_size"),
        *whens("created_at"),
    )
    table_with_id(
        "pages",
        *texts("site", "url", "url_key", nullable=False),
        *texts("requested_url", nullable=False),
        *ints("status"),
        *jsons("headers"),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        *texts("body_codec", nullable=False),
        *ints("body_size"),
        *texts("body_sha256", nullable=False),
        *ints("dictionary_id", nullable=True),
        *whens("fetched_at"),
        *texts("fingerprint"),
        *ints("article_id", "run_id", nullable=True),
        one_of("pages", "body_codec", "identity", "zlib", "zstd", "zstd-dict"),
        fk("article_id", "pages", "articles", "SET NULL"),
        fk("dictionary_id", "pages", "page_dictionaries", "RESTRICT"),
        fk("run_id", "pages", "crawl_runs", "SET NULL"),
    )
    op.create_index("ix_pages_article_id", "pages", ["article_id"])
    op.create_index("ix_pages_run_id", "pages", ["run_id"])
    op.create_index("ix_pages_site_url_key", "pages", ["site", "url_key"])

    table_with_id(
        "failures",
        *texts("site", "url", "url_key", nullable=False),
        *texts("stage", "reason", nullable=False),
        *texts("detail"),
        *ints("http_status", nullable=True),
        *ints("attempts"),
        *whens("first_seen_at", "last_seen_at"),
        *whens("resolved_at", "ignored_at", nullable=True),
        *ints("run_id", "page_id", nullable=True),
        one_of("failures", "stage", "fetch", "parse", "validate", "store"),
        fk("page_id", "failures", "pages", "SET NULL"),
        fk("run_id", "failures", "crawl_runs", "SET NULL"),
    )
    op.create_index("ix_failures_reason", "failures", ["reason"])
    op.create_index("ix_failures_site_url_key", "failures", ["site", "url_key"])
    # One open failure per (site, url, stage): reruns update it instead of adding rows.
    op.create_index(
        "uq_failures_open_site_url_stage",
        "failures",
        ["site", "url", "stage"],
        unique=True,
        sqlite_where=sa.text("resolved_at IS NULL"),
        postgresql_where=sa.text("resolved_at IS NULL"),
    )


def _create_articles_fts() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _create_postgres_articles_fts()
        return
    # A plain (not external-content) FTS5 table: the authors and tags columns come from
    # other tables, which an external-content table could not read back. The store
    # rewrites an article's row in the same transaction as the article; this trigger
    # keeps deletes in sync whoever deletes.
    op.execute(
        "CREATE VIRTUAL TABLE articles_fts USING fts5("
        "title, subtitle, body, authors, tags, "
        "tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    op.execute(
        "CREATE TRIGGER articles_fts_after_delete AFTER DELETE ON articles BEGIN "
        "DELETE FROM articles_fts WHERE rowid = old.id; END"
    )


POSTGRES_TEXT_SEARCH_CONFIG = "newsarchive_english"


def _create_postgres_articles_fts() -> None:
    # English stemming without diacritics, as FTS5's `porter unicode61 remove_diacritics`.
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    op.execute(
        f"CREATE TEXT SEARCH CONFIGURATION {POSTGRES_TEXT_SEARCH_CONFIG} (COPY = english)"
    )
    op.execute(
        f"ALTER TEXT SEARCH CONFIGURATION {POSTGRES_TEXT_SEARCH_CONFIG} ALTER MAPPING FOR "
        "hword, hword_part, word WITH unaccent, english_stem"
    )
    # One weighted tsvector per article (title A, byline B, subtitle and tags C, body D),
    # written by the store in the article's transaction (authors and tags come from other
    # tables, so a generated column could not hold them); deleting an article deletes its
    # row (the foreign key cascades).
    op.create_table(
        "articles_fts",
        sa.Column("rowid", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("document", postgresql.TSVECTOR(), nullable=False),
        sa.PrimaryKeyConstraint("rowid", name=op.f("pk_articles_fts")),
        sa.ForeignKeyConstraint(
            ["rowid"],
            ["articles.id"],
            name=op.f("fk_articles_fts_rowid_articles"),
            ondelete="CASCADE",
        ),
    )
    op.create_index(
        "ix_articles_fts_document",
        "articles_fts",
        ["document"],
        postgresql_using="gin",
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS articles_fts_after_delete")
    op.execute("DROP TABLE IF EXISTS articles_fts")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {POSTGRES_TEXT_SEARCH_CONFIG}"
        )
    for table in (
        "failures",
        "pages",
        "page_dictionaries",
        "teasers",
        "images",
        "article_urls",
        "article_tags",
        "article_authors",
        "articles",
        "crawl_runs",
        "tags",
        "sections",
        "authors",
    ):
        op.drop_table(table)  # indexes go with their table

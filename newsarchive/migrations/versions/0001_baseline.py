"""Baseline: the whole first archive schema, with the FTS5 index `articles_fts`.

Revision ID: 0001
Revises:
Create Date: 2026-11-25

Keep this revision stable: archives made by it exist. Change the schema in a new revision.
Datetime columns are TEXT holding ISO 8601 UTC (`newsarchive.models.base.UTCDateTime`).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Not a datetime type on purpose: SQLite has none, the models add the UTC conversion.
UTC_TEXT = sa.Text


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), nullable=False)


def _text(name: str, *, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.Text(), nullable=nullable)


def _when(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, UTC_TEXT(), nullable=nullable)


def _int(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def _fk(column: str, table: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete=ondelete,
    )


def upgrade() -> None:
    _create_vocabulary_tables()
    _create_crawl_runs()
    _create_articles()
    _create_article_children()
    _create_pages_and_failures()
    _create_articles_fts()


def _create_vocabulary_tables() -> None:
    op.create_table(
        "authors",
        _id(),
        _text("site", nullable=False),
        _text("author_key", nullable=False),
        _text("name", nullable=False),
        _text("url"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_authors")),
        sa.UniqueConstraint("site", "author_key", name=op.f("uq_authors_site_author_key")),
    )
    op.create_table(
        "sections",
        _id(),
        _text("site", nullable=False),
        _text("slug", nullable=False),
        _text("label", nullable=False),
        _text("url"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sections")),
        sa.UniqueConstraint("site", "slug", name=op.f("uq_sections_site_slug")),
    )
    op.create_table(
        "tags",
        _id(),
        _text("site", nullable=False),
        _text("slug", nullable=False),
        _text("name", nullable=False),
        _text("url"),
        sa.Column("internal", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tags")),
        sa.UniqueConstraint("site", "slug", name=op.f("uq_tags_site_slug")),
    )


def _create_crawl_runs() -> None:
    counts = [
        _int(name)
        for name in (
            "discovered", "fetched", "not_modified", "new", "changed",
            "unchanged", "gone", "failed", "retried", "skipped",
        )
    ]  # fmt: skip
    op.create_table(
        "crawl_runs",
        _id(),
        _text("site", nullable=False),
        _text("spider"),
        _when("started_at"),
        _when("finished_at", nullable=True),
        _text("status", nullable=False),
        _text("close_reason"),
        _int("exit_code", nullable=True),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("stats", sa.JSON(), nullable=True),
        *counts,
        _text("newsarchive_version", nullable=False),
        _text("log_file"),
        _text("db_path"),
        sa.CheckConstraint(
            "status IN ('running', 'completed', 'partial', 'failed', 'interrupted')",
            name=op.f("ck_crawl_runs_status"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crawl_runs")),
    )


def _create_articles() -> None:
    op.create_table(
        "articles",
        _id(),
        _text("site", nullable=False),
        _text("url_key", nullable=False),
        _text("url", nullable=False),
        _text("canonical_url"),
        _text("title", nullable=False),
        _text("seo_title"),
        _text("subtitle"),
        _text("description"),
        _int("section_id", nullable=True),
        _text("section"),
        _text("section_url"),
        _text("article_type"),
        _text("published_raw"),
        _when("published_at", nullable=True),
        _text("modified_raw"),
        _when("modified_at", nullable=True),
        _text("body_text", nullable=False),
        _text("body_html", nullable=False),
        _text("top_image_url"),
        _text("top_image_alt"),
        _text("top_image_caption"),
        _text("top_image_credit"),
        _text("top_image_credit_raw"),
        sa.Column("next_article", sa.JSON(), nullable=True),
        sa.Column("outlinks", sa.JSON(), nullable=False),
        sa.Column("embeds", sa.JSON(), nullable=False),
        sa.Column("author_bios", sa.JSON(), nullable=False),
        _text("language"),
        _text("content_hash", nullable=False),
        _when("first_seen_at"),
        _when("last_seen_at"),
        _when("last_changed_at"),
        _int("first_run_id", nullable=True),
        _int("last_run_id", nullable=True),
        _fk("first_run_id", "articles", "crawl_runs", "SET NULL"),
        _fk("last_run_id", "articles", "crawl_runs", "SET NULL"),
        _fk("section_id", "articles", "sections", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
        sa.UniqueConstraint("site", "url_key", name=op.f("uq_articles_site_url_key")),
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
        extra = [_text("name", nullable=False)] if table == "article_authors" else []
        op.create_table(
            table,
            _int("article_id"),
            _int("position"),
            _int(column),
            *extra,
            _fk("article_id", table, "articles", "CASCADE"),
            _fk(column, table, target, "CASCADE"),
            sa.PrimaryKeyConstraint("article_id", "position", name=op.f(f"pk_{table}")),
        )
        op.create_index(f"ix_{table}_{column}", table, [column])

    op.create_table(
        "article_urls",
        _id(),
        _text("site", nullable=False),
        _text("url_key", nullable=False),
        _text("url", nullable=False),
        _int("article_id"),
        _text("kind", nullable=False),
        _when("first_seen_at"),
        _when("last_seen_at"),
        sa.CheckConstraint(
            "kind IN ('fetched', 'requested', 'canonical', 'alias')",
            name=op.f("ck_article_urls_kind"),
        ),
        _fk("article_id", "article_urls", "articles", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article_urls")),
        sa.UniqueConstraint("site", "url_key", name=op.f("uq_article_urls_site_url_key")),
    )
    op.create_index("ix_article_urls_article_id", "article_urls", ["article_id"])

    op.create_table(
        "images",
        _id(),
        _int("article_id"),
        _text("kind", nullable=False),
        _int("position"),
        _text("url"),
        _text("alt"),
        _text("caption"),
        _text("credit"),
        _text("credit_raw"),
        sa.CheckConstraint("kind IN ('top', 'body')", name=op.f("ck_images_kind")),
        _fk("article_id", "images", "articles", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_images")),
        sa.UniqueConstraint(
            "article_id", "kind", "position", name=op.f("uq_images_article_id_kind_position")
        ),
    )

    op.create_table(
        "teasers",
        _id(),
        _int("article_id"),
        _int("position"),
        _text("url", nullable=False),
        _text("url_key", nullable=False),
        _text("headline"),
        _text("section"),
        _text("image_url"),
        _text("image_alt"),
        _text("image_credit"),
        _text("image_credit_raw"),
        _text("excerpt"),
        _int("target_article_id", nullable=True),
        _fk("article_id", "teasers", "articles", "CASCADE"),
        _fk("target_article_id", "teasers", "articles", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teasers")),
        sa.UniqueConstraint(
            "article_id", "position", name=op.f("uq_teasers_article_id_position")
        ),
    )
    op.create_index("ix_teasers_target_article_id", "teasers", ["target_article_id"])
    op.create_index("ix_teasers_url_key", "teasers", ["url_key"])


def _create_pages_and_failures() -> None:
    op.create_table(
        "page_dictionaries",
        _id(),
        _text("site", nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        _int("content_size"),
        _when("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_page_dictionaries")),
    )
    op.create_table(
        "pages",
        _id(),
        _text("site", nullable=False),
        _text("url", nullable=False),
        _text("url_key", nullable=False),
        _text("requested_url", nullable=False),
        _int("status"),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        _text("body_codec", nullable=False),
        _int("body_size"),
        _text("body_sha256", nullable=False),
        _int("dictionary_id", nullable=True),
        _when("fetched_at"),
        _text("fingerprint"),
        _int("article_id", nullable=True),
        _int("run_id", nullable=True),
        sa.CheckConstraint(
            "body_codec IN ('identity', 'zlib', 'zstd', 'zstd-dict')",
            name=op.f("ck_pages_body_codec"),
        ),
        _fk("article_id", "pages", "articles", "SET NULL"),
        _fk("dictionary_id", "pages", "page_dictionaries", "RESTRICT"),
        _fk("run_id", "pages", "crawl_runs", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pages")),
    )
    op.create_index("ix_pages_article_id", "pages", ["article_id"])
    op.create_index("ix_pages_run_id", "pages", ["run_id"])
    op.create_index("ix_pages_site_url_key", "pages", ["site", "url_key"])

    op.create_table(
        "failures",
        _id(),
        _text("site", nullable=False),
        _text("url", nullable=False),
        _text("url_key", nullable=False),
        _text("stage", nullable=False),
        _text("reason", nullable=False),
        _text("detail"),
        _int("http_status", nullable=True),
        _int("attempts"),
        _when("first_seen_at"),
        _when("last_seen_at"),
        _when("resolved_at", nullable=True),
        _when("ignored_at", nullable=True),
        _int("run_id", nullable=True),
        _int("page_id", nullable=True),
        sa.CheckConstraint(
            "stage IN ('fetch', 'parse', 'validate', 'store')",
            name=op.f("ck_failures_stage"),
        ),
        _fk("page_id", "failures", "pages", "SET NULL"),
        _fk("run_id", "failures", "crawl_runs", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_failures")),
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
    )


def _create_articles_fts() -> None:
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


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS articles_fts_after_delete")
    op.execute("DROP TABLE IF EXISTS articles_fts")
    for table in (
        "failures", "pages", "page_dictionaries", "teasers", "images", "article_urls",
        "article_tags", "article_authors", "articles", "crawl_runs", "tags", "sections",
        "authors",
    ):
        op.drop_table(table)  # indexes go with their table

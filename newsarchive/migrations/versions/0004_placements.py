"""Front-page history: the `placements` table.

Revision ID: 0004
Revises: 0002
Create Date: 2026-12-03

One row per interval during which a front page (the home page, a section's first page)
showed an article at a position of a block under a headline (docs/schema.md). Keep this
revision stable: change it in a new one.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from newsarchive.migrations.helpers import fk, ints, table_with_id, texts, whens

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    table_with_id(
        "placements",
        *texts("site", "page", nullable=False),
        *ints("article_id", nullable=True),
        *texts("article_url", "article_url_key", "block", "block_raw", nullable=False),
        *ints("position"),
        *texts("headline", "image_url"),
        *whens("first_seen", "last_seen"),
        *ints("first_run_id", "last_run_id", nullable=True),
        *whens("closed_at", nullable=True),
        fk("article_id", "placements", "articles", "SET NULL"),
        fk("first_run_id", "placements", "crawl_runs", "SET NULL"),
        fk("last_run_id", "placements", "crawl_runs", "SET NULL"),
    )
    op.create_index(
        "ix_placements_site_page_closed_at", "placements", ["site", "page", "closed_at"]
    )
    op.create_index("ix_placements_article_id", "placements", ["article_id"])
    op.create_index(
        "ix_placements_site_article_url_key",
        "placements",
        ["site", "article_url_key"],
    )


def downgrade() -> None:
    op.drop_table("placements")

"""Shared crawls: the crawl id grouping the workers of one `crawl --redis`.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03

Adds `crawl_runs.crawl_id` (indexed): each worker of a shared crawl keeps its own run
row, and the rows of one crawl carry the same id (docs/scale-out.md). Keep this revision
stable: change it in a new one.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("crawl_runs", sa.Column("crawl_id", sa.Text(), nullable=True))
    op.create_index("ix_crawl_runs_crawl_id", "crawl_runs", ["crawl_id"])


def downgrade() -> None:
    op.drop_index("ix_crawl_runs_crawl_id", table_name="crawl_runs")
    with op.batch_alter_table("crawl_runs") as batch:
        batch.drop_column("crawl_id")

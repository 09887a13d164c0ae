"""Crawl runs and the failures they record."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, text
from sqlalchemy.orm import Mapped, mapped_column

from newsarchive.models.base import Base

RUN_STATUSES = ("running", "completed", "partial", "failed", "interrupted")
FAILURE_STAGES = ("fetch", "parse", "validate", "store")


class CrawlRun(Base):
    """One crawl: when, with which settings, what it counted and how it ended."""

    __tablename__ = "crawl_runs"
    __table_args__ = (
        CheckConstraint(
            "status IN ('running', 'completed', 'partial', 'failed', 'interrupted')",
            name="status",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site: Mapped[str]
    spider: Mapped[str | None]
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    status: Mapped[str]
    close_reason: Mapped[str | None]
    """Scrapy's close reason (`finished`, `shutdown`, `database_error`, ...)."""
    exit_code: Mapped[int | None]
    """Set by the CLI after the crawl (docs/design/decisions.md 22)."""
    settings: Mapped[dict[str, Any]]
    stats: Mapped[dict[str, Any] | None]
    """The crawl's full Scrapy stats at close."""
    discovered: Mapped[int] = mapped_column(default=0)
    fetched: Mapped[int] = mapped_column(default=0)
    not_modified: Mapped[int] = mapped_column(default=0)
    new: Mapped[int] = mapped_column(default=0)
    changed: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)
    gone: Mapped[int] = mapped_column(default=0)
    failed: Mapped[int] = mapped_column(default=0)
    retried: Mapped[int] = mapped_column(default=0)
    skipped: Mapped[int] = mapped_column(default=0)
    moved: Mapped[int] = mapped_column(default=0)
    """Articles found at a new URL (migration 0002, like the three below)."""
    teasers_changed: Mapped[int] = mapped_column(default=0)
    failures_retried: Mapped[int] = mapped_column(default=0)
    """Open failures of earlier runs that this run tried again."""
    mode: Mapped[str | None]
    """`first`, `incremental` or `full` (docs/scheduling.md)."""
    newsarchive_version: Mapped[str]
    log_file: Mapped[str | None]
    db_path: Mapped[str | None]
    crawl_id: Mapped[str | None] = mapped_column(index=True)
    """The shared crawl this run was one worker of (`crawl --redis`, docs/scale-out.md;
    migration 0005); None for a crawl run alone."""

    def __repr__(self) -> str:
        return f"CrawlRun(id={self.id!r}, status={self.status!r})"


class Failure(Base):
    """A URL that could not be archived, at one stage. One open (unresolved) row per
    (site, url, stage): a rerun bumps its `attempts` and `last_seen_at`."""

    __tablename__ = "failures"
    __table_args__ = (
        Index(
            "uq_failures_open_site_url_stage",
            "site",
            "url",
            "stage",
            unique=True,
            sqlite_where=text("resolved_at IS NULL"),
            postgresql_where=text("resolved_at IS NULL"),
        ),
        Index("ix_failures_site_url_key", "site", "url_key"),
        Index("ix_failures_reason", "reason"),
        CheckConstraint(
            "stage IN ('fetch', 'parse', 'validate', 'store')", name="stage"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site: Mapped[str]
    url: Mapped[str]
    url_key: Mapped[str]
    stage: Mapped[str]
    reason: Mapped[str]
    detail: Mapped[str | None]
    http_status: Mapped[int | None]
    attempts: Mapped[int]
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None]
    """Set when the URL is later archived successfully."""
    ignored_at: Mapped[datetime | None]
    """Set when a user gives up on the failure (`newsarchive failures ignore`)."""
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("crawl_runs.id", ondelete="SET NULL")
    )
    """The last run that saw the failure."""
    page_id: Mapped[int | None] = mapped_column(
        ForeignKey("pages.id", ondelete="SET NULL")
    )
    """The raw page of the last attempt, when there was a response (for `reparse`)."""

    def __repr__(self) -> str:
        return f"Failure(id={self.id!r}, {self.stage!r}, {self.reason!r}, {self.url!r})"

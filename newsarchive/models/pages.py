"""Raw fetched pages, compressed, so the archive can be re-extracted offline."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from newsarchive.models.base import Base

PAGE_CODECS = ("identity", "zlib", "zstd", "zstd-dict")


class Page(Base):
    """One fetch of an article page (also one that failed to parse or was a duplicate).

    `body` is compressed with `body_codec`; `zstd-dict` pages need the raw dictionary
    `dictionary_id` (see `newsarchive.store.pages`).
    """

    __tablename__ = "pages"
    __table_args__ = (
        Index("ix_pages_site_url_key", "site", "url_key"),
        Index("ix_pages_article_id", "article_id"),
        Index("ix_pages_run_id", "run_id"),
        CheckConstraint(
            "body_codec IN ('identity', 'zlib', 'zstd', 'zstd-dict')", name="body_codec"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site: Mapped[str]
    url: Mapped[str]
    """Final URL, after redirects."""
    url_key: Mapped[str]
    requested_url: Mapped[str]
    status: Mapped[int]
    headers: Mapped[dict[str, Any]]
    body: Mapped[bytes]
    body_codec: Mapped[str]
    body_size: Mapped[int]
    """Length of the uncompressed body in bytes."""
    body_sha256: Mapped[str]
    """sha256 hex of the uncompressed body (spots an unchanged page cheaply)."""
    dictionary_id: Mapped[int | None] = mapped_column(
        ForeignKey("page_dictionaries.id", ondelete="RESTRICT")
    )
    fetched_at: Mapped[datetime]
    fingerprint: Mapped[str | None]
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL")
    )
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("crawl_runs.id", ondelete="SET NULL")
    )

    def __repr__(self) -> str:
        return f"Page(id={self.id!r}, url={self.url!r}, status={self.status!r})"


class PageDictionary(Base):
    """A zstd raw-content dictionary: the body of one earlier page of the site.

    Pages of a site share a huge inline style and script, so compressing each page
    against an earlier one stores little more than the article itself.
    """

    __tablename__ = "page_dictionaries"

    id: Mapped[int] = mapped_column(primary_key=True)
    site: Mapped[str]
    content: Mapped[bytes]
    """The dictionary bytes, zstd-compressed without a dictionary."""
    content_size: Mapped[int]
    created_at: Mapped[datetime]

    def __repr__(self) -> str:
        return f"PageDictionary(id={self.id!r}, site={self.site!r})"

"""What incremental runs remember (migration 0002): article versions and URL states."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from newsarchive.models.base import Base

URL_STATE_KINDS = ("article", "index")


class ArticleVersion(Base):
    """One stored state of an article: version 1 when first archived, then one row per
    change of its `content_hash` (or of its URL: a move), with what changed."""

    __tablename__ = "article_versions"
    __table_args__ = (
        UniqueConstraint("article_id", "version"),
        Index("ix_article_versions_run_id", "run_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE")
    )
    version: Mapped[int]
    """1, 2, ... per article."""
    fetched_at: Mapped[datetime]
    url: Mapped[str]
    """The URL this version was fetched from (after redirects)."""
    content_hash: Mapped[str]
    changed_fields: Mapped[list[Any]]
    """Names of the `Article` fields that differ from the previous version (plus `url`
    when the article moved); empty for version 1."""
    previous_values: Mapped[dict[str, Any]]
    """Field name -> its value in the previous version (as `to_json_dict` gives it)."""
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("crawl_runs.id", ondelete="SET NULL")
    )
    page_id: Mapped[int | None] = mapped_column(
        ForeignKey("pages.id", ondelete="SET NULL")
    )
    """The raw page this version was parsed from."""

    def __repr__(self) -> str:
        return f"ArticleVersion(article={self.article_id!r}, v{self.version!r})"


class UrlState(Base):
    """What the crawler last learnt about one URL, to decide whether to fetch it again:
    the sitemap's `<lastmod>` and the HTTP validators (`ETag`, `Last-Modified`)."""

    __tablename__ = "url_states"
    __table_args__ = (
        UniqueConstraint("site", "url_key"),
        CheckConstraint("kind IN ('article', 'index')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site: Mapped[str]
    url_key: Mapped[str]
    url: Mapped[str]
    kind: Mapped[str]
    """`article` (written with the article it led to) or `index` (index pages)."""
    in_sitemap: Mapped[bool]
    """A sitemap listed the URL when the article was last stored from it."""
    sitemap_lastmod: Mapped[str | None]
    """The `<lastmod>` text the sitemap gave then (`""`: listed without one)."""
    etag: Mapped[str | None]
    last_modified: Mapped[str | None]
    """The `Last-Modified` header as sent."""
    last_status: Mapped[int | None]
    checked_at: Mapped[datetime]
    """When the URL was last fetched or confirmed unchanged (304)."""
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("crawl_runs.id", ondelete="SET NULL")
    )

    def __repr__(self) -> str:
        return f"UrlState({self.url_key!r}, {self.kind!r})"

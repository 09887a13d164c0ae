"""Articles and the URLs that lead to them."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from newsarchive.models.base import Base

if TYPE_CHECKING:
    from newsarchive.models.bylines import ArticleAuthor
    from newsarchive.models.media import Image
    from newsarchive.models.taxonomy import ArticleTag, Section
    from newsarchive.models.teasers import Teaser

URL_KINDS = ("fetched", "requested", "canonical", "alias")


class Article(Base):
    """One row per article (per site and `url_key`): every field of the parsed item."""

    __tablename__ = "articles"
    __table_args__ = (
        UniqueConstraint("site", "url_key"),
        Index("ix_articles_site_content_hash", "site", "content_hash"),
        Index("ix_articles_published_at", "published_at"),
        Index("ix_articles_section_id", "section_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site: Mapped[str]
    url_key: Mapped[str]
    """`url_key` of the canonical URL (else of the fetched URL): the identity."""
    url: Mapped[str]
    """The URL the article was last stored from (after redirects)."""
    canonical_url: Mapped[str | None]
    title: Mapped[str]
    seo_title: Mapped[str | None]
    subtitle: Mapped[str | None]
    description: Mapped[str | None]
    section_id: Mapped[int | None] = mapped_column(
        ForeignKey("sections.id", ondelete="SET NULL")
    )
    section: Mapped[str | None]
    section_url: Mapped[str | None]
    article_type: Mapped[str | None]
    published_raw: Mapped[str | None]
    published_at: Mapped[datetime | None]
    modified_raw: Mapped[str | None]
    modified_at: Mapped[datetime | None]
    body_text: Mapped[str]
    body_html: Mapped[str]
    top_image_url: Mapped[str | None]
    top_image_alt: Mapped[str | None]
    top_image_caption: Mapped[str | None]
    top_image_credit: Mapped[str | None]
    top_image_credit_raw: Mapped[str | None]
    next_article: Mapped[dict[str, Any] | None]
    outlinks: Mapped[list[Any]]
    embeds: Mapped[list[Any]]
    author_bios: Mapped[list[Any]]
    language: Mapped[str | None]
    content_hash: Mapped[str]
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    last_changed_at: Mapped[datetime]
    """When `content_hash` last changed (first_seen_at until it does)."""
    first_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("crawl_runs.id", ondelete="SET NULL")
    )
    last_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("crawl_runs.id", ondelete="SET NULL")
    )
    gone_at: Mapped[datetime | None]
    """When the article's URL started answering 404/410 (it is kept; migration 0002)."""
    last_status: Mapped[int | None]
    """The HTTP status of the latest fetch or check (200, 304, 404, 410)."""
    teasers_changed_at: Mapped[datetime | None]
    """When the related teasers last rotated (they are not part of `content_hash`)."""
    authors_text: Mapped[str | None]
    """The byline's names, comma-separated: indexed by `articles_fts` (migration 0003;
    the store copies them from `article_authors`)."""
    tags_text: Mapped[str | None]
    """The public tags' names, comma-separated: indexed by `articles_fts`."""

    section_row: Mapped[Section | None] = relationship(back_populates="articles")
    author_links: Mapped[list[ArticleAuthor]] = relationship(
        back_populates="article",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ArticleAuthor.position",
    )
    tag_links: Mapped[list[ArticleTag]] = relationship(
        back_populates="article",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ArticleTag.position",
    )
    images: Mapped[list[Image]] = relationship(
        back_populates="article",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="[Image.kind.desc(), Image.position]",
    )
    teasers: Mapped[list[Teaser]] = relationship(
        back_populates="article",
        cascade="all, delete-orphan",
        passive_deletes=True,
        foreign_keys="Teaser.article_id",
        order_by="Teaser.position",
    )
    teased_by: Mapped[list[Teaser]] = relationship(
        back_populates="target_article",
        foreign_keys="Teaser.target_article_id",
        passive_deletes=True,
    )
    urls: Mapped[list[ArticleUrl]] = relationship(
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"Article(id={self.id!r}, url_key={self.url_key!r})"


class ArticleUrl(Base):
    """Every URL seen for an article (by `url_key`), so a moved article keeps its id."""

    __tablename__ = "article_urls"
    __table_args__ = (
        UniqueConstraint("site", "url_key"),
        Index("ix_article_urls_article_id", "article_id"),
        CheckConstraint(
            "kind IN ('fetched', 'requested', 'canonical', 'alias')", name="kind"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site: Mapped[str]
    url_key: Mapped[str]
    url: Mapped[str]
    """The URL exactly as first seen."""
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE")
    )
    kind: Mapped[str]
    """How the URL was first seen: `fetched` (final URL of a stored page), `requested`
    (redirected to the article), `canonical` (declared), `alias` (a duplicate's URL)."""
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]

    article: Mapped[Article] = relationship(back_populates="urls")

    def __repr__(self) -> str:
        return f"ArticleUrl({self.url_key!r} -> {self.article_id!r}, {self.kind!r})"

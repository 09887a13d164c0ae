"""Sections and tags: per-site vocabularies keyed by the slug of their link."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from newsarchive.models.base import Base

if TYPE_CHECKING:
    from newsarchive.models.articles import Article


class Section(Base):
    """A section ("QiOSK"), keyed by the last path segment of its link (`qiosk`)."""

    __tablename__ = "sections"
    __table_args__ = (UniqueConstraint("site", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site: Mapped[str]
    slug: Mapped[str]
    label: Mapped[str]
    """The label as last shown on an article."""
    url: Mapped[str | None]

    articles: Mapped[list[Article]] = relationship(back_populates="section_row")

    def __repr__(self) -> str:
        return f"Section(id={self.id!r}, slug={self.slug!r})"


class Tag(Base):
    """A tag, keyed by the slug of its `/tag/<slug>/` link; `internal` marks platform
    tags such as `type:analysis`."""

    __tablename__ = "tags"
    __table_args__ = (UniqueConstraint("site", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site: Mapped[str]
    slug: Mapped[str]
    name: Mapped[str]
    url: Mapped[str | None]
    internal: Mapped[bool]

    article_links: Mapped[list[ArticleTag]] = relationship(back_populates="tag")

    def __repr__(self) -> str:
        return f"Tag(id={self.id!r}, slug={self.slug!r})"


class ArticleTag(Base):
    """An article's tags, `position` 0, 1, ... in page order."""

    __tablename__ = "article_tags"
    __table_args__ = (Index("ix_article_tags_tag_id", "tag_id"),)

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(primary_key=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"))

    article: Mapped[Article] = relationship(back_populates="tag_links")
    tag: Mapped[Tag] = relationship(back_populates="article_links")

    def __repr__(self) -> str:
        return f"ArticleTag({self.article_id!r}, {self.position!r}, {self.tag_id!r})"

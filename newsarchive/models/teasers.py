"""Related-article teasers shown at the foot of an article page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from newsarchive.models.base import Base

if TYPE_CHECKING:
    from newsarchive.models.articles import Article


class Teaser(Base):
    """A teaser of article `article_id`, in page order; `target_article_id` is the
    archived article it points to (set once that article is archived)."""

    __tablename__ = "teasers"
    __table_args__ = (
        UniqueConstraint("article_id", "position"),
        Index("ix_teasers_url_key", "url_key"),
        Index("ix_teasers_target_article_id", "target_article_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE")
    )
    position: Mapped[int]
    url: Mapped[str]
    url_key: Mapped[str]
    headline: Mapped[str | None]
    section: Mapped[str | None]
    image_url: Mapped[str | None]
    image_alt: Mapped[str | None]
    image_credit: Mapped[str | None]
    image_credit_raw: Mapped[str | None]
    excerpt: Mapped[str | None]
    target_article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL")
    )

    article: Mapped[Article] = relationship(
        back_populates="teasers", foreign_keys=[article_id]
    )
    target_article: Mapped[Article | None] = relationship(
        back_populates="teased_by", foreign_keys=[target_article_id]
    )

    def __repr__(self) -> str:
        return f"Teaser({self.article_id!r}, {self.position!r}, {self.url_key!r})"

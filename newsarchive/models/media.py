"""Images of an article: the top (hero) image and the in-body images."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from newsarchive.models.base import Base

if TYPE_CHECKING:
    from newsarchive.models.articles import Article


class Image(Base):
    """An image: `kind` `top` (position 0) or `body` (0, 1, ... in page order)."""

    __tablename__ = "images"
    __table_args__ = (
        UniqueConstraint("article_id", "kind", "position"),
        CheckConstraint("kind IN ('top', 'body')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE")
    )
    kind: Mapped[str]
    position: Mapped[int]
    url: Mapped[str | None]
    alt: Mapped[str | None]
    caption: Mapped[str | None]
    credit: Mapped[str | None]
    """The credit itself, without a "Top photo credit:" prefix."""
    credit_raw: Mapped[str | None]

    article: Mapped[Article] = relationship(back_populates="images")

    def __repr__(self) -> str:
        return f"Image({self.article_id!r}, {self.kind!r}, {self.position!r})"

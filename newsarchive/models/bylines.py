"""Authors and the ordered bylines linking them to articles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from newsarchive.models.base import Base

if TYPE_CHECKING:
    from newsarchive.models.articles import Article


class Author(Base):
    """A person in a byline, per site, keyed by the url_key of their author page (or,
    without a page, by their name folded to lower case)."""

    __tablename__ = "authors"
    __table_args__ = (UniqueConstraint("site", "author_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site: Mapped[str]
    author_key: Mapped[str]
    name: Mapped[str]
    """The name as last seen in a byline."""
    url: Mapped[str | None]

    article_links: Mapped[list[ArticleAuthor]] = relationship(back_populates="author")

    def __repr__(self) -> str:
        return f"Author(id={self.id!r}, name={self.name!r})"


class ArticleAuthor(Base):
    """An article's byline: author `position` 0, 1, ... in page order."""

    __tablename__ = "article_authors"
    __table_args__ = (Index("ix_article_authors_author_id", "author_id"),)

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id", ondelete="CASCADE"))
    name: Mapped[str]
    """The name as this article's byline shows it (the author row keeps the latest)."""

    article: Mapped[Article] = relationship(back_populates="author_links")
    author: Mapped[Author] = relationship(back_populates="article_links")

    def __repr__(self) -> str:
        return (
            f"ArticleAuthor({self.article_id!r}, {self.position!r}, {self.author_id!r})"
        )

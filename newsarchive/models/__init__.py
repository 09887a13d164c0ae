"""SQLAlchemy 2 typed models of the SQLite archive (documented in docs/schema.md).

Importing this package registers every table on `Base.metadata`; the Alembic migrations
in `newsarchive/migrations` create them (and the hand-written FTS5 table
`articles_fts`).
"""

from __future__ import annotations

from newsarchive.models.articles import Article, ArticleUrl
from newsarchive.models.base import Base, NaiveDatetimeError, UTCDateTime
from newsarchive.models.bylines import ArticleAuthor, Author
from newsarchive.models.media import Image
from newsarchive.models.pages import Page, PageDictionary
from newsarchive.models.placements import Placement
from newsarchive.models.runs import CrawlRun, Failure
from newsarchive.models.taxonomy import ArticleTag, Section, Tag
from newsarchive.models.teasers import Teaser
from newsarchive.models.versions import ArticleVersion, UrlState

__all__ = [
    "Article",
    "ArticleAuthor",
    "ArticleTag",
    "ArticleUrl",
    "ArticleVersion",
    "Author",
    "Base",
    "CrawlRun",
    "Failure",
    "Image",
    "NaiveDatetimeError",
    "Page",
    "PageDictionary",
    "Placement",
    "Section",
    "Tag",
    "Teaser",
    "UTCDateTime",
    "UrlState",
]

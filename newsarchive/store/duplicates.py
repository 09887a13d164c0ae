"""The canonical-URL and content-hash dedupe layers (Scrapy's dupefilter is the first
layer, the unique constraint on articles(site, url_key) the last)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from newsarchive import items
from newsarchive.models import Article
from newsarchive.store.hashing import content_hash
from newsarchive.store.identity import (
    OWN_URL_KINDS,
    PageKeys,
    article_by_key,
    article_id_for_url,
)


@dataclass(frozen=True, kw_only=True)
class Duplicate:
    layer: str
    """`canonical_url` or `content_hash`: the stats key suffix."""
    article_key: str
    """url_key of the article the page duplicates."""


class DuplicateFinder:
    """Decides whether a parsed page is a copy of an article already stored in this
    crawl (remembered here, since batches may not be written yet) or in the archive."""

    def __init__(self, engine: Engine) -> None:
        self._sessions = sessionmaker(engine)
        self._stored_keys: set[tuple[str, str]] = set()
        self._stored_hashes: dict[tuple[str, str], str] = {}

    def check(
        self, fetch: items.PageFetch, article: items.Article, *, site: str
    ) -> Duplicate | None:
        """The duplicate this page is, or None for a page to store as an article."""
        keys = PageKeys.of(fetch, article)
        digest = content_hash(article)
        if (site, keys.key) in self._stored_keys:
            return Duplicate(layer="canonical_url", article_key=keys.key)
        remembered = self._stored_hashes.get((site, digest))
        if remembered is not None and remembered != keys.key:
            return Duplicate(layer="content_hash", article_key=remembered)
        with self._sessions() as session:
            return _archived_duplicate(session, site=site, keys=keys, digest=digest)

    def remember(
        self, fetch: items.PageFetch, article: items.Article, *, site: str
    ) -> None:
        """Note a page that will be stored as an article in this crawl."""
        keys = PageKeys.of(fetch, article)
        self._stored_keys.add((site, keys.key))
        self._stored_hashes.setdefault((site, content_hash(article)), keys.key)


def _archived_duplicate(
    session: Session, *, site: str, keys: PageKeys, digest: str
) -> Duplicate | None:
    existing = article_by_key(session, site, keys.key)
    if existing is not None:
        # The article itself, fetched again from one of its own URLs: an update.
        own = article_id_for_url(session, site, keys.fetched, kinds=OWN_URL_KINDS)
        if own == existing.id:
            return None
        return Duplicate(layer="canonical_url", article_key=keys.key)
    if keys.redirected and article_id_for_url(
        session, site, keys.requested, kinds=OWN_URL_KINDS
    ):
        return None  # an archived article that moved: the store updates it
    same_content = session.scalars(
        select(Article.url_key)
        .where(Article.site == site, Article.content_hash == digest)
        .order_by(Article.id)
        .limit(1)
    ).first()
    if same_content is not None:
        return Duplicate(layer="content_hash", article_key=same_content)
    return None

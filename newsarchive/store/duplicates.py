"""The canonical-URL and content-hash dedupe layers (Scrapy's dupefilter is the first
layer, the unique constraint on articles(site, url_key) the last)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from hashlib import blake2b

from sqlalchemy import Engine, Select, bindparam, select
from sqlalchemy.orm import Session, sessionmaker

from newsarchive import items
from newsarchive.models import Article
from newsarchive.store.hashing import content_hash
from newsarchive.store.identity import (
    OWN_URL_KINDS,
    PageKeys,
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

    def __init__(self, engine: Engine, *, sole_writer: bool = False) -> None:
        """`sole_writer`: every article written to the archive while this finder is
        used goes through `remember` (a crawl holding the run lock). Then, if the
        archive had no article to begin with (a first run), the archive can't hold a
        duplicate that memory doesn't, and `check` skips its queries."""
        self._sessions = sessionmaker(engine)
        self._memory_is_enough = sole_writer and _archive_is_empty(engine)
        # One entry per article stored this crawl, so kept compact: digests of
        # (site, url_key) and of (site, content hash); the value is the url_key.
        self._stored_keys: set[bytes] = set()
        self._stored_hashes: dict[bytes, str] = {}
        # The digest `check` computed, for `remember` of the same article right after.
        self._last_hash: tuple[items.Article, str] | None = None

    def check(
        self, fetch: items.PageFetch, article: items.Article, *, site: str
    ) -> Duplicate | None:
        """The duplicate this page is, or None for a page to store as an article."""
        keys = PageKeys.of(fetch, article)
        digest = content_hash(article)
        self._last_hash = (article, digest)
        if _digest(site, keys.key) in self._stored_keys:
            return Duplicate(layer="canonical_url", article_key=keys.key)
        remembered = self._stored_hashes.get(_digest(site, digest))
        if remembered is not None and remembered != keys.key:
            return Duplicate(layer="content_hash", article_key=remembered)
        if self._memory_is_enough:
            return None
        with self._sessions() as session:
            return _archived_duplicate(session, site=site, keys=keys, digest=digest)

    def remember(
        self, fetch: items.PageFetch, article: items.Article, *, site: str
    ) -> None:
        """Note a page that will be stored as an article in this crawl."""
        keys = PageKeys.of(fetch, article)
        last, self._last_hash = self._last_hash, None
        if last is not None and last[0] is article:
            digest = last[1]
        else:
            digest = content_hash(article)
        self._stored_keys.add(_digest(site, keys.key))
        self._stored_hashes.setdefault(_digest(site, digest), keys.key)


def _archive_is_empty(engine: Engine) -> bool:
    with engine.connect() as connection:
        return connection.scalar(select(Article.id).limit(1)) is None


def _digest(site: str, value: str) -> bytes:
    return blake2b(f"{site}\n{value}".encode(), digest_size=16).digest()


def _archived_duplicate(
    session: Session, *, site: str, keys: PageKeys, digest: str
) -> Duplicate | None:
    parameters = {"b_site": site, "b_key": keys.key, "b_hash": digest}
    existing_id = session.scalars(_article_id_by_key(), parameters).first()
    if existing_id is not None:
        # The article itself, fetched again from one of its own URLs: an update.
        own = article_id_for_url(session, site, keys.fetched, kinds=OWN_URL_KINDS)
        if own == existing_id:
            return None
        return Duplicate(layer="canonical_url", article_key=keys.key)
    if keys.redirected and article_id_for_url(
        session, site, keys.requested, kinds=OWN_URL_KINDS
    ):
        return None  # an archived article that moved: the store updates it
    same_content = session.scalars(_key_by_content_hash(), parameters).first()
    if same_content is not None:
        return Duplicate(layer="content_hash", article_key=same_content)
    return None


# Every parsed page is checked: the statements are built once, with bound parameters,
# and read only the columns needed (not the whole article row).
@functools.cache
def _article_id_by_key() -> Select:
    return select(Article.id).where(
        Article.site == bindparam("b_site"), Article.url_key == bindparam("b_key")
    )


@functools.cache
def _key_by_content_hash() -> Select:
    return (
        select(Article.url_key)
        .where(
            Article.site == bindparam("b_site"),
            Article.content_hash == bindparam("b_hash"),
        )
        .order_by(Article.id)
        .limit(1)
    )

"""A batch's new articles, written together: one statement per table, not per article.

On a first crawl nearly every page is a new article: a key no archived article has, at
URLs that are neither mapped nor have a `url_states` row (the batch looks these up once,
`BatchIndex`). Written one by one (`write_fetch`) each costs ~14 statements and three
ORM flushes; `NewArticles` collects consecutive ones and writes them with one
executemany per table, Core-level, without the unit of work. The rows are those
`write_fetch` writes, in the batch's order (so with the same ids); `ArchiveWriter`
writes the collected ones before any other page of the batch, which goes through
`write_fetch`.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Insert, Table, Update, bindparam, insert, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from newsarchive import items

# Modules, not names: they import the store too (circular at import time).
from newsarchive.incremental import states as url_states
from newsarchive.models import (
    Article,
    ArticleAuthor,
    ArticleTag,
    ArticleUrl,
    Image,
    Page,
    Teaser,
)
from newsarchive.models.versions import ArticleVersion, UrlState
from newsarchive.store.article_rows import child_rows, new_article_values, teaser_rows
from newsarchive.store.batch_index import BatchIndex
from newsarchive.store.compression import PageCompressor
from newsarchive.store.failures import resolve_failures
from newsarchive.store.fetches import write_fetch
from newsarchive.store.hashing import content_hash
from newsarchive.store.identity import PageKeys, page_urls
from newsarchive.store.pages import page_values

# What `WriteResult.stat_keys` gives an inserted article with its page.
INSERTED_STATS = ("newsarchive/store/inserted", "newsarchive/store/pages")


@dataclass(frozen=True)
class _NewArticle:
    fetch: items.PageFetch
    article: items.Article
    site: str
    keys: PageKeys
    digest: str

    @property
    def own_keys(self) -> tuple[str, str, str]:
        return self.keys.fetched, self.keys.requested, self.keys.key


class NewArticles:
    """Consecutive new articles of one batch, waiting to be written together."""

    def __init__(self, *, compressor: PageCompressor, run_id: int | None) -> None:
        self._compressor = compressor
        self._run_id = run_id
        self._pending: list[_NewArticle] = []
        # The keys and URLs of the pending articles: a second page among them with any
        # of them is no new article any more (it updates or aliases a pending one).
        self._pending_keys: set[tuple[str, str]] = set()

    def add(
        self,
        fetch: items.PageFetch,
        *,
        site: str,
        duplicate_of: str | None,
        batch: BatchIndex,
    ) -> bool:
        """Collect the fetch if it is a new article at new URLs; False: it is not (write
        the collected ones, then this one with `write_fetch`)."""
        article = fetch.article
        if article is None or duplicate_of is not None or fetch.status <= 0:
            return False
        site = article.site or site
        keys = PageKeys.of(fetch, article)
        own_keys = (keys.fetched, keys.requested, keys.key)
        # Unknown keys only: a known article key is an update or a move, a mapped URL
        # may be a move's old URL or need repointing, a URL state is updated in place.
        if batch.may_be_archived(site, keys.key) or any(
            batch.may_be_mapped(site, key)
            or batch.may_have_state(site, key)
            or (site, key) in self._pending_keys
            for key in own_keys
        ):
            return False
        new = _NewArticle(fetch, article, site, keys, content_hash(article))
        self._pending.append(new)
        self._pending_keys.update((site, key) for key in new.own_keys)
        return True

    def write(self, session: Session, batch: BatchIndex) -> Counter[str]:
        """Write the collected articles in the batch's transaction; the stats to
        increment."""
        pending, self._pending = self._pending, []
        self._pending_keys.clear()
        counts: Counter[str] = Counter()
        if not pending:
            return counts
        ids = self._insert_articles(session, pending)
        rows = _Rows()
        for new in pending:
            article_id = ids.get((new.site, new.keys.key))
            if article_id is None:
                # Refused by the unique constraint (the key was archived unseen): the
                # rows before it go first, then `store_article` maps it as a
                # `constraint` to the archived article, as it would alone.
                rows.write(session)
                result = write_fetch(
                    session, new.fetch, site=new.site, run_id=self._run_id,
                    compressor=self._compressor, batch=batch,
                )  # fmt: skip
                counts.update(result.stat_keys())
                continue
            self._add_rows(session, rows, new, article_id, batch)
            counts.update(INSERTED_STATS)
        rows.write(session)
        return counts

    def _insert_articles(
        self, session: Session, pending: list[_NewArticle]
    ) -> dict[tuple[str, str], int]:
        """Insert the articles' rows; the id of each by (site, url_key). One the unique
        constraint refuses has none (ON CONFLICT DO NOTHING returns no row for it)."""
        values = [
            new_article_values(
                new.article,
                site=new.site,
                key=new.keys.key,
                digest=new.digest,
                seen_at=new.fetch.fetched_at,
                run_id=self._run_id,
            )
            | {"last_status": new.fetch.status}
            for new in pending
        ]
        # SQLite numbers the rows in the order of the VALUES (as one insert each would);
        # the RETURNING order is not promised, hence the ids by key.
        returned = session.execute(_article_insert(), values)
        return {(site, key): article_id for article_id, site, key in returned}

    def _add_rows(
        self,
        session: Session,
        rows: _Rows,
        new: _NewArticle,
        article_id: int,
        batch: BatchIndex,
    ) -> None:
        """The article's other rows, in the order `write_fetch` makes them (vocabulary
        rows and page dictionaries are created here, as there)."""
        fetch, article, site = new.fetch, new.article, new.site
        children = child_rows(session, article_id, article, site=site)
        if children.section_id is not None:
            rows.sections.append({"b_id": article_id, "b_section": children.section_id})
        rows.bylines += children.bylines
        rows.tags += children.tags
        rows.images += children.images
        rows.urls += [
            {"site": site, "url_key": key, "url": url, "article_id": article_id,
             "kind": kind, "first_seen_at": fetch.fetched_at,
             "last_seen_at": fetch.fetched_at}
            for key, url, kind in page_urls(fetch, article)
        ]  # fmt: skip
        # Version 1, as `incremental.versions.add_version` writes it; its `page_id` is
        # the page's, known once the pages are in (`_Rows.write`).
        rows.versions.append(
            {"article_id": article_id, "version": 1, "fetched_at": fetch.fetched_at,
             "url": article.url, "content_hash": new.digest,
             "changed_fields": [], "previous_values": {}, "run_id": self._run_id,
             "page_id": None}
        )  # fmt: skip
        rows.teasers += teaser_rows(article_id, article.teasers)
        page = page_values(
            session, fetch, site=site, article_id=article_id, run_id=self._run_id,
            compressor=self._compressor,
        )  # fmt: skip
        if page is not None:  # always: `add` takes only fetches with a response
            rows.pages.append(page)
        states = url_states.new_article_state_rows(
            fetch, site=site, run_id=self._run_id
        )
        rows.states += states
        if batch.may_resolve(site, new.own_keys):
            resolve_failures(
                session, site=site, url_keys=new.own_keys, at=fetch.fetched_at
            )
        batch.article_key_written(site, new.keys.key)
        batch.urls_written(site, new.own_keys)
        for state in states:
            batch.state_written(site, state["url_key"])
        batch.fts_ids.add(article_id)
        batch.teaser_ids[site].add(article_id)


@dataclass
class _Rows:
    """Rows collected for one executemany per table."""

    sections: list[dict[str, Any]] = field(default_factory=list)
    bylines: list[dict[str, Any]] = field(default_factory=list)
    tags: list[dict[str, Any]] = field(default_factory=list)
    images: list[dict[str, Any]] = field(default_factory=list)
    urls: list[dict[str, Any]] = field(default_factory=list)
    versions: list[dict[str, Any]] = field(default_factory=list)
    teasers: list[dict[str, Any]] = field(default_factory=list)
    pages: list[dict[str, Any]] = field(default_factory=list)
    states: list[dict[str, Any]] = field(default_factory=list)

    def write(self, session: Session) -> None:
        """Write and forget the collected rows."""
        if self.sections:
            session.execute(_section_update(), self.sections)
        if self.pages:  # first: each version names its article's page (one each)
            returned = session.execute(_page_insert(), self.pages)
            page_ids = {article_id: page_id for page_id, article_id in returned}
            for version in self.versions:
                version["page_id"] = page_ids.get(version["article_id"])
            self.pages.clear()
        tables = (
            (ArticleAuthor, self.bylines), (ArticleTag, self.tags),
            (Image, self.images),
            (ArticleUrl, self.urls), (ArticleVersion, self.versions),
            (Teaser, self.teasers), (UrlState, self.states),
        )  # fmt: skip
        for model, rows in tables:
            if rows:  # an empty executemany would insert a row of NULLs
                session.execute(_table_insert(model.__table__), rows)
                rows.clear()
        self.sections.clear()


@functools.cache
def _article_insert() -> Insert:
    """As `articles._insert_statement`, for many rows at once (insertmanyvalues) and
    returning ids only: nothing needs the rows as ORM objects."""
    table = _table(Article)
    return (
        sqlite_insert(table)
        .on_conflict_do_nothing(index_elements=["site", "url_key"])
        .returning(table.c.id, table.c.site, table.c.url_key)
    )


@functools.cache
def _page_insert() -> Insert:
    table = _table(Page)
    return insert(table).returning(table.c.id, table.c.article_id)


@functools.cache
def _section_update() -> Update:
    # The section id comes from the vocabulary after the row is in (as `store_article`
    # sets it): a row the unique constraint refuses looks up no vocabulary.
    table = _table(Article)
    return (
        update(table)
        .where(table.c.id == bindparam("b_id"))
        .values(section_id=bindparam("b_section"))
    )


@functools.cache
def _table_insert(table: Table) -> Insert:
    return insert(table)


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table

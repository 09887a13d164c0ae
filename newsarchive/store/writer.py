"""Batched writes: fetches queue up and are written together in one transaction.

Each fetch lands one way: an article page is stored as its article
(`articles.insert_articles` for new ones, collected so that consecutive new articles go
in together, one statement per table; `articles.store_article` for archived ones); a
duplicate's page and URLs are mapped to the article it copies; a failed fetch is a
`failures` row, or a gone mark at an archived article's URL. Every page with an HTTP
response is kept (`pages`), and what the next run needs to know of its URLs is recorded
in the same transaction (`url_states`).
"""

from __future__ import annotations

import logging
import random
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from newsarchive import items
from newsarchive.models import Article
from newsarchive.store.articles import (
    NewArticle,
    StoredArticle,
    find_archived,
    finish_articles,
    gone_article,
    insert_articles,
    mark_gone,
    update_archived,
)
from newsarchive.store.batch_index import BatchIndex
from newsarchive.store.failures import failure_reason, record_failure, resolve_failures
from newsarchive.store.identity import (
    PageKeys,
    PageUrls,
    article_by_key,
    article_id_for_url,
    map_urls,
)
from newsarchive.store.pages import PageCompressor, insert_pages, page_values
from newsarchive.store.url_states import record_failed_state, record_stored_states
from newsarchive.store.vocabulary import Vocabulary, use_vocabulary
from newsarchive.urls import url_key

logger = logging.getLogger(__name__)

# The crawl stats of each outcome.
OUTCOME_STATS = {
    "inserted": ["newsarchive/store/inserted"],
    "updated": ["newsarchive/store/updated"],
    "moved": ["newsarchive/store/moved"],
    "gone": ["newsarchive/gone"],
    "still_gone": [],
    "unchanged": ["newsarchive/store/unchanged"],
    "constraint": ["newsarchive/dedupe/constraint"],
    "duplicate": [],
}


@dataclass(frozen=True)
class QueuedFetch:
    """A fetch waiting for its batch (picklable: batches may go to a writer process)."""

    fetch: items.PageFetch
    site: str
    duplicate_of: str | None


class ArchiveWriter:
    """Queues fetches and writes each batch in one transaction (`flush`).

    A database error rolls the whole batch back and propagates: the caller decides to
    stop (the crawl does). The batch is not retried.
    """

    def __init__(self, engine: Engine) -> None:
        self._sessions = sessionmaker(engine)
        self._queue: list[QueuedFetch] = []
        self._compressor = PageCompressor()
        # One for the whole crawl: its batches are the archive's only writer meanwhile.
        self._vocabulary = Vocabulary(whole_tables=True)

    @property
    def pending(self) -> int:
        return len(self._queue)

    def add(
        self, fetch: items.PageFetch, *, site: str, duplicate_of: str | None = None
    ) -> None:
        """Queue a fetch; `duplicate_of` is the url_key of the article it duplicates."""
        self._queue.append(QueuedFetch(fetch, site, duplicate_of))

    def flush(self, *, run_id: int | None) -> Counter[str]:
        """Write every queued fetch in one transaction; the stats to increment."""
        return self.write(self.take(), run_id=run_id)

    def take(self) -> list[QueuedFetch]:
        """Empty the queue: the batch to `write`."""
        batch, self._queue = self._queue, []
        return batch

    def write(self, batch: list[QueuedFetch], *, run_id: int | None) -> Counter[str]:
        """Write `batch` in one transaction; the stats to increment. A transaction that
        PostgreSQL aborts to break a deadlock with another worker's (or a serialization
        failure) is written again, as its documentation advises, up to
        `TRANSIENT_ATTEMPTS` times; any other database error is raised at once."""
        if not batch:
            return Counter()
        for attempt in range(1, TRANSIENT_ATTEMPTS + 1):
            try:
                counts = self._write_once(batch, run_id=run_id)
            except Exception as error:
                self._compressor.forget()
                self._vocabulary.forget()
                if attempt < TRANSIENT_ATTEMPTS and _transient(error):
                    logger.warning(
                        "The batch of %d pages met a %s; writing it again (%d of %d)",
                        len(batch),
                        type(error.orig).__name__,
                        attempt + 1,
                        TRANSIENT_ATTEMPTS,
                    )
                    time.sleep(random.uniform(0.05, 0.25) * attempt)
                    continue
                logger.error(
                    "Database error: the batch of %d pages was rolled back", len(batch)
                )
                raise
            logger.debug("Wrote a batch of %d pages: %s", len(batch), dict(counts))
            return counts
        raise AssertionError("unreachable")  # the last attempt returns or raises

    def _write_once(
        self, batch: list[QueuedFetch], *, run_id: int | None
    ) -> Counter[str]:
        with self._sessions.begin() as session:
            use_vocabulary(session, self._vocabulary)
            index = BatchIndex()
            index.look_up(
                session,
                page_keys=_page_keys(batch),
                article_keys=_article_keys(batch),
            )
            transaction = _BatchWrite(
                session, index, compressor=self._compressor, run_id=run_id
            )
            for queued in batch:
                transaction.write(queued)
            return transaction.finish()


TRANSIENT_ATTEMPTS = 3
# PostgreSQL's SQLSTATEs for a transaction aborted by a deadlock with another one, or by
# a serialization failure: both are meant to be retried by the client.
TRANSIENT_SQLSTATES = frozenset({"40P01", "40001"})


def _transient(error: Exception) -> bool:
    return (
        isinstance(error, DBAPIError)
        and getattr(error.orig, "sqlstate", None) in TRANSIENT_SQLSTATES
    )


class _BatchWrite:
    """One batch's writes, in its transaction, in the order of its fetches (new
    articles are collected until a page that is not one, or that shares a URL with one,
    comes)."""

    def __init__(
        self,
        session: Session,
        index: BatchIndex,
        *,
        compressor: PageCompressor,
        run_id: int | None,
    ) -> None:
        self.session = session
        self.index = index
        self.compressor = compressor
        self.run_id = run_id
        self.counts: Counter[str] = Counter()
        self.new: list[NewArticle] = []
        self.new_keys: set[tuple[str, str]] = set()
        """(site, url_key) of every URL of the collected new articles."""

    def write(self, queued: QueuedFetch) -> None:
        fetch, site = queued.fetch, queued.site
        article = fetch.article
        if article is None:
            self.write_new()
            self.write_failed(fetch, site)
            return
        site = article.site or site
        target = None
        if queued.duplicate_of is not None:
            self.write_new()
            target = self.duplicate_target(site, queued.duplicate_of)
        if target is not None:
            self.write_duplicate(fetch, site, target)
            return
        new = NewArticle(fetch, article, site, page=self.page(fetch, site))
        if any((site, key) in self.new_keys for key in new.own_keys):
            self.write_new()  # it updates or aliases one of them: they go first
        row = find_archived(self.session, site, new.keys, self.index)
        if row is None:
            self.new.append(new)
            self.new_keys.update((site, key) for key in new.own_keys)
            return
        self.write_new()
        stored = update_archived(
            self.session, row, new, run_id=self.run_id, index=self.index
        )
        self.stored([new], [stored])

    def write_new(self) -> None:
        """Write the collected new articles."""
        new, self.new = self.new, []
        self.new_keys.clear()
        if new:
            stored = insert_articles(
                self.session, new, run_id=self.run_id, index=self.index
            )
            self.stored(new, stored)

    def stored(self, new: list[NewArticle], stored: list[StoredArticle]) -> None:
        """What follows from storing article pages: their URL states, failures they
        resolve, stats."""
        record_stored_states(
            self.session,
            [(one.fetch, one.site) for one in new],
            run_id=self.run_id,
            index=self.index,
        )
        for one, result in zip(new, stored, strict=True):
            self.resolve(one.fetch, one.site, one.own_keys)
            self.counts.update(OUTCOME_STATS[result.outcome])
            if result.page_id is not None:
                self.counts["newsarchive/store/pages"] += 1
            if result.moved and result.outcome == "updated":
                self.counts["newsarchive/store/moved"] += 1
            if result.teasers_changed:
                self.counts["newsarchive/store/teasers_changed"] += 1

    def write_duplicate(
        self, fetch: items.PageFetch, site: str, target: Article
    ) -> None:
        """A copy of an archived article: its page is kept and its URLs mapped to the
        article as aliases."""
        urls = PageUrls(
            site=site, fetch=fetch, parsed=fetch.article, article_id=target.id,
            article_key=target.url_key, alias=True,
        )  # fmt: skip
        map_urls(self.session, [urls], index=self.index)
        self.insert_page(fetch, site, article_id=target.id)
        record_stored_states(
            self.session, [(fetch, site)], run_id=self.run_id, index=self.index
        )
        keys = PageKeys.of(fetch, fetch.article)
        self.resolve(fetch, site, (keys.fetched, keys.requested, keys.key))

    def write_failed(self, fetch: items.PageFetch, site: str) -> None:
        """A fetch without an article: a gone mark at an archived article's URL, else a
        failure (with its page, if there was a response)."""
        gone = gone_article(self.session, fetch, site=site)
        if gone is not None:  # an archived article disappeared: marked, never deleted
            newly = mark_gone(self.session, gone, fetch, site=site, run_id=self.run_id)
            self.counts.update(OUTCOME_STATS["gone" if newly else "still_gone"])
        else:
            page_id = self.insert_page(fetch, site, article_id=None)
            record_failure(
                self.session, fetch, site=site, run_id=self.run_id, page_id=page_id
            )
            self.index.failure_recorded(site, url_key(fetch.url))
            self.counts[f"newsarchive/failures/{failure_reason(fetch)}"] += 1
        record_failed_state(self.session, fetch, site=site, index=self.index)

    def duplicate_target(self, site: str, key: str) -> Article | None:
        target = article_by_key(self.session, site, key)
        if target is None:
            article_id = article_id_for_url(self.session, site, key)
            if article_id is not None:
                target = self.session.get(Article, article_id)
        if target is None:
            logger.warning(
                "Duplicate of %s, but no archived article has that URL: "
                "storing it as an article",
                key,
            )
        return target

    def page(self, fetch: items.PageFetch, site: str) -> dict[str, Any] | None:
        """The fetch's `pages` row, its article id to be set (None: no response)."""
        return page_values(
            self.session, fetch, site=site, article_id=None, run_id=self.run_id,
            compressor=self.compressor,
        )  # fmt: skip

    def insert_page(
        self, fetch: items.PageFetch, site: str, *, article_id: int | None
    ) -> int | None:
        page = self.page(fetch, site)
        if page is None:
            return None
        page_id = insert_pages(self.session, [page | {"article_id": article_id}])[
            article_id
        ]
        self.counts["newsarchive/store/pages"] += 1
        return page_id

    def resolve(self, fetch: items.PageFetch, site: str, keys: tuple[str, ...]) -> None:
        """Close the open failures of an archived page's URLs."""
        if self.index.may_resolve(site, keys):
            resolve_failures(
                self.session, site=site, url_keys=keys, at=fetch.fetched_at
            )

    def finish(self) -> Counter[str]:
        self.write_new()
        finish_articles(self.session, self.index)
        return self.counts


def _page_keys(batch: list[QueuedFetch]) -> Iterator[tuple[str, str]]:
    """(site, url_key) of every URL of a batch's fetches."""
    for queued in batch:
        article = queued.fetch.article
        site = (article.site if article is not None else None) or queued.site
        keys = PageKeys.of(queued.fetch, article)
        for key in (keys.fetched, keys.requested, keys.key):
            yield site, key


def _article_keys(batch: list[QueuedFetch]) -> Iterator[tuple[str, str]]:
    """(site, url_key) of the articles a batch's fetches name."""
    for queued in batch:
        article = queued.fetch.article
        if article is not None:
            yield article.site or queued.site, PageKeys.of(queued.fetch, article).key

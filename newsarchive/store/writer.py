"""Batched writes: fetches queue up and are written together in one transaction."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from newsarchive import items
from newsarchive.store.batch_index import BatchIndex
from newsarchive.store.compression import PageCompressor
from newsarchive.store.fetches import write_fetch
from newsarchive.store.identity import PageKeys
from newsarchive.store.new_articles import NewArticles
from newsarchive.store.vocabulary import Vocabulary, use_vocabulary

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class QueuedFetch:
    """A fetch waiting for its batch (picklable: batches may go to a writer process)."""

    fetch: items.PageFetch
    site: str
    duplicate_of: str | None


class ArchiveWriter:
    """Queues fetches and writes each batch in one transaction (`flush`): new articles
    together (`new_articles`), any other page one by one (`write_fetch`).

    A database error rolls the whole batch back and propagates: the caller decides to
    stop (the crawl does). The batch is not retried.
    """

    def __init__(self, engine: Engine) -> None:
        self._sessions = sessionmaker(engine)
        self._queue: list[QueuedFetch] = []
        self._compressor = PageCompressor()
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
        """Empty the queue: the batch to `write` (here, or in a writer process)."""
        batch, self._queue = self._queue, []
        return batch

    def write(self, batch: list[QueuedFetch], *, run_id: int | None) -> Counter[str]:
        """Write `batch` in one transaction; the stats to increment."""
        counts: Counter[str] = Counter()
        if not batch:
            return counts
        try:
            with self._sessions.begin() as session:
                use_vocabulary(session, self._vocabulary)
                index = BatchIndex()
                index.find_open_failures(session, _page_keys(batch))
                index.find_url_states(session, _page_keys(batch))
                index.find_mapped_urls(session, _page_keys(batch))
                index.find_archived_keys(session, _article_keys(batch))
                new_articles = NewArticles(compressor=self._compressor, run_id=run_id)
                for queued in batch:
                    if new_articles.add(
                        queued.fetch, site=queued.site,
                        duplicate_of=queued.duplicate_of, batch=index,
                    ):  # fmt: skip
                        continue  # written with the new articles next to it
                    # Any other page: the new articles before it first (the batch's
                    # order is the order of the rows, and of their ids).
                    counts.update(new_articles.write(session, index))
                    result = write_fetch(
                        session,
                        queued.fetch,
                        site=queued.site,
                        run_id=run_id,
                        compressor=self._compressor,
                        duplicate_of=queued.duplicate_of,
                        batch=index,
                    )
                    counts.update(result.stat_keys())
                counts.update(new_articles.write(session, index))
                index.finish(session)
        except Exception:
            self._compressor.forget()
            self._vocabulary.forget()
            logger.error(
                "Database error: the batch of %d pages was rolled back", len(batch)
            )
            raise
        logger.debug("Wrote a batch of %d pages: %s", len(batch), dict(counts))
        return counts


def _page_keys(batch: list[QueuedFetch]) -> Iterator[tuple[str, str]]:
    """(site, url_key) of every URL a batch's fetches may resolve failures of."""
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

"""Batched writes: fetches queue up and are written together in one transaction."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from newsarchive import items
from newsarchive.store.compression import PageCompressor
from newsarchive.store.fetches import write_fetch

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Queued:
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
        self._queue: list[_Queued] = []
        self._compressor = PageCompressor()

    @property
    def pending(self) -> int:
        return len(self._queue)

    def add(
        self, fetch: items.PageFetch, *, site: str, duplicate_of: str | None = None
    ) -> None:
        """Queue a fetch; `duplicate_of` is the url_key of the article it duplicates."""
        self._queue.append(_Queued(fetch, site, duplicate_of))

    def flush(self, *, run_id: int | None) -> Counter[str]:
        """Write every queued fetch in one transaction; the stats to increment."""
        batch, self._queue = self._queue, []
        counts: Counter[str] = Counter()
        if not batch:
            return counts
        try:
            with self._sessions.begin() as session:
                for queued in batch:
                    result = write_fetch(
                        session,
                        queued.fetch,
                        site=queued.site,
                        run_id=run_id,
                        compressor=self._compressor,
                        duplicate_of=queued.duplicate_of,
                    )
                    counts.update(result.stat_keys())
        except Exception:
            self._compressor.forget()
            logger.error(
                "Database error: the batch of %d pages was rolled back", len(batch)
            )
            raise
        logger.debug("Wrote a batch of %d pages: %s", len(batch), dict(counts))
        return counts

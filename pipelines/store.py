"""StorePipeline: writes pages into the archive in batched transactions, in the crawl
process (`NEWSARCHIVE_STORE_BATCH_SIZE` pages a transaction).

A database error stops the crawl loudly: it is logged, recorded in the stats
(`newsarchive/store/database_error`, which marks the run `failed`), the spider is closed
with reason `database_error`, and the error is re-raised.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from itemadapter import ItemAdapter

from newsarchive.items import PageFetch
from newsarchive.store import CrawlArchive, acquire_archive, release_archive
from newsarchive.store.crawl_archive import (
    BUSY_TIMEOUT_SECONDS,
    DEFAULT_STORE_BATCH_SIZE,
    busy_timeout_setting,
    db_path_setting,
    site_setting,
)
from newsarchive.store.runs import DATABASE_ERROR_STAT, describe_error
from pipelines.stop_crawl import crawl_stopper

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


class StorePipeline:
    def __init__(
        self,
        stats: StatsCollector,
        *,
        db_path: Path,
        busy_timeout: float = BUSY_TIMEOUT_SECONDS,
        default_site: str,
        batch_size: int,
        stop_crawl: Callable[[str], None],
    ) -> None:
        if batch_size < 1:
            raise ValueError(
                f"NEWSARCHIVE_STORE_BATCH_SIZE must be 1 or more, not {batch_size}"
            )
        self.stats = stats
        self.db_path = db_path
        self.busy_timeout = busy_timeout
        self.default_site = default_site
        self.batch_size = batch_size
        self.stop_crawl = stop_crawl
        self.archive: CrawlArchive | None = None
        self.stopped = False
        self.reactor_stopped = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        return cls(
            crawler.stats,
            db_path=db_path_setting(settings),
            busy_timeout=busy_timeout_setting(settings),
            default_site=site_setting(settings),
            batch_size=settings.getint(
                "NEWSARCHIVE_STORE_BATCH_SIZE", DEFAULT_STORE_BATCH_SIZE
            ),
            stop_crawl=crawl_stopper(crawler),
        )

    def open_spider(self) -> None:
        self.archive = acquire_archive(self.db_path, busy_timeout=self.busy_timeout)

    async def close_spider(self) -> None:
        # async, so that an error here can't keep the other pipelines from closing.
        self.finish()

    def finish(self, *, reactor_stopped: bool = False) -> None:
        """Write what is queued and give the archive back. Also called, with no reactor
        running, after a forced stop (`newsarchive.crawl.forced_stop`)."""
        if self.archive is None:
            return
        self.reactor_stopped = reactor_stopped
        try:
            if not self.stopped:
                self._flush()
        finally:
            if self.archive is not None:
                release_archive(self.archive)
                self.archive = None

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageFetch):
            return item
        if self.stopped or self.archive is None:
            # The crawl is closing (after a database error): in-flight pages are lost,
            # counted (they are fetched again by the next run).
            if not self.stats.get_value("newsarchive/store/not_written"):
                logger.warning(
                    "Pages fetched from now on are not archived: the archive is closed"
                )
            self.stats.inc_value("newsarchive/store/not_written")
            return item
        article = ItemAdapter(item).get("article")
        site = (article.site if article is not None else None) or self.default_site
        self.archive.writer.add(item, site=site)
        if self.archive.writer.pending >= self.batch_size:
            self._flush()
        return item

    def _flush(self) -> None:
        """Write the queued pages in one transaction and count its stats; a database
        error stops the crawl."""
        assert self.archive is not None
        writer = self.archive.writer
        batch = writer.take()
        run_id = self.stats.get_value("newsarchive/run_id")
        try:
            counts = writer.write(batch, run_id=run_id)
        except Exception as exc:
            pending = len(batch)
            if self.archive is not None:  # queued meanwhile (dedupe's aliases)
                pending += self.archive.writer.pending
                self.archive.writer.take()
            self.stopped = True
            self.stats.set_value(DATABASE_ERROR_STAT, describe_error(exc))
            self.stats.inc_value("newsarchive/store/not_written", pending)
            logger.critical(
                "Database error writing %d pages to %s, stopping the crawl: %s",
                pending,
                self.db_path,
                describe_error(exc),
            )
            if not self.reactor_stopped:  # else there is no crawl left to stop
                self.stop_crawl("database_error")
            raise
        for key, count in counts.items():
            self.stats.inc_value(key, count)

"""NotModifiedPipeline: records the revisits a server answered with 304 Not Modified.

`NotModified` items are written in batches (`NEWSARCHIVE_STORE_BATCH_SIZE`) in their own
transactions: each only confirms an article the archive already holds, so they need no
ordering with the store's batches. Other items pass through. Stat:
`newsarchive/not_modified`. A database error is logged and raised (never swallowed).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from newsarchive.items import NotModified
from newsarchive.store import (
    BUSY_TIMEOUT_SECONDS,
    DEFAULT_STORE_BATCH_SIZE,
    CrawlArchive,
    acquire_archive,
    busy_timeout_setting,
    db_path_setting,
    record_not_modified_pages,
    release_archive,
    site_setting,
)

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


class NotModifiedPipeline:
    def __init__(
        self,
        stats: StatsCollector,
        *,
        db_path: Path,
        site: str,
        batch_size: int,
        busy_timeout: float = BUSY_TIMEOUT_SECONDS,
    ) -> None:
        self.stats = stats
        self.db_path = db_path
        self.busy_timeout = busy_timeout
        self.site = site
        self.batch_size = max(1, batch_size)
        self.archive: CrawlArchive | None = None
        self.pending: list[NotModified] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        return cls(
            crawler.stats,
            db_path=db_path_setting(settings),
            busy_timeout=busy_timeout_setting(settings),
            site=site_setting(settings),
            batch_size=settings.getint(
                "NEWSARCHIVE_STORE_BATCH_SIZE", DEFAULT_STORE_BATCH_SIZE
            ),
        )

    def open_spider(self) -> None:
        self.archive = acquire_archive(self.db_path, busy_timeout=self.busy_timeout)

    def close_spider(self) -> None:
        try:
            self._flush()
        finally:
            if self.archive is not None:
                release_archive(self.archive)
                self.archive = None

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, NotModified):
            return item
        self.stats.inc_value("newsarchive/not_modified")
        self.pending.append(item)
        if len(self.pending) >= self.batch_size:
            self._flush()
        return item

    def _flush(self) -> None:
        batch, self.pending = self.pending, []
        if not batch or self.archive is None:
            return
        run_id = self.stats.get_value("newsarchive/run_id")
        try:
            record_not_modified_pages(
                self.archive.engine, batch, site=self.site, run_id=run_id
            )
        except Exception:
            logger.error("Database error recording %d not-modified pages", len(batch))
            raise

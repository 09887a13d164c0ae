"""PlacementsPipeline: records what each front page showed (`FrontPageSeen` items), one
page per transaction, as intervals (newsarchive/store/placements.py).

Ordered before the store pipeline, so that its `close_spider` runs after the store's (Scrapy
closes pipelines in reverse order): then the run's last articles are archived, and the
placements that name them are linked. Stats: `newsarchive/placements/pages`,
`.../opened`, `.../extended`. A database error is logged and raised (never swallowed).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from newsarchive.items import FrontPageSeen
from newsarchive.store import (
    BUSY_TIMEOUT_SECONDS,
    CrawlArchive,
    acquire_archive,
    busy_timeout_setting,
    db_path_setting,
    link_all_placements,
    record_placements,
    release_archive,
    site_setting,
)

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)
STATS = "newsarchive/placements"


class PlacementsPipeline:
    def __init__(
        self,
        stats: StatsCollector,
        *,
        db_path: Path,
        site: str,
        busy_timeout: float = BUSY_TIMEOUT_SECONDS,
    ) -> None:
        self.stats = stats
        self.db_path = db_path
        self.site = site
        self.busy_timeout = busy_timeout
        self.archive: CrawlArchive | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        return cls(
            crawler.stats,
            db_path=db_path_setting(settings),
            site=site_setting(settings),
            busy_timeout=busy_timeout_setting(settings),
        )

    def open_spider(self) -> None:
        # Whichever part of the crawl opens the archive first sets its busy timeout:
        # each passes the setting, so none depends on the order they open in.
        self.archive = acquire_archive(self.db_path, busy_timeout=self.busy_timeout)

    def close_spider(self) -> None:
        try:
            if self.archive is not None:
                linked = link_all_placements(self.archive.engine, self.site)
                self.stats.inc_value(f"{STATS}/linked", linked)
        except Exception:
            logger.error("Database error linking placements to their articles")
            raise
        finally:
            if self.archive is not None:
                release_archive(self.archive)
                self.archive = None

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, FrontPageSeen) or self.archive is None:
            return item
        try:
            written = record_placements(
                self.archive.engine,
                site=self.site,
                page_url=item.url,
                placements=item.placements,
                seen_at=item.seen_at,
                run_id=self.stats.get_value("newsarchive/run_id"),
            )
        except Exception:
            logger.error("Database error recording the placements of %s", item.url)
            raise
        self.stats.inc_value(f"{STATS}/pages")
        self.stats.inc_value(f"{STATS}/opened", written.opened)
        self.stats.inc_value(f"{STATS}/extended", written.extended)
        return item

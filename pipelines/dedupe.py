"""DedupePipeline: pages that are copies of an archived article are kept as aliases.

Layers: Scrapy's request-fingerprint dupefilter (counted as
`newsarchive/dedupe/fingerprint` at close), then canonical URL and
content hash here, and the unique constraint on articles(site, url_key) in the store.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from newsarchive.advisory_lock import held_by_this_process
from newsarchive.items import PageFetch
from newsarchive.store import (
    BUSY_TIMEOUT_SECONDS,
    DATABASE_ERROR_STAT,
    CrawlArchive,
    DuplicateFinder,
    acquire_archive,
    busy_timeout_setting,
    db_path_setting,
    describe_error,
    release_archive,
    site_setting,
)
from pipelines.stop_crawl import crawl_stopper

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


class DedupePipeline:
    def __init__(
        self,
        stats: StatsCollector,
        *,
        db_path: Path,
        busy_timeout: float = BUSY_TIMEOUT_SECONDS,
        default_site: str,
        stop_crawl: Callable[[str], None],
    ) -> None:
        self.stats = stats
        self.db_path = db_path
        self.busy_timeout = busy_timeout
        self.default_site = default_site
        self.stop_crawl = stop_crawl
        self.archive: CrawlArchive | None = None
        self.finder: DuplicateFinder | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(
            crawler.stats,
            db_path=db_path_setting(crawler.settings),
            busy_timeout=busy_timeout_setting(crawler.settings),
            default_site=site_setting(crawler.settings),
            stop_crawl=crawl_stopper(crawler),
        )

    def open_spider(self) -> None:
        self.archive = acquire_archive(self.db_path, busy_timeout=self.busy_timeout)
        # Under the run lock (`newsarchive crawl` takes it before the crawl, a plain
        # `scrapy crawl` with the archive above) every article written to the archive
        # passes through here.
        self.finder = DuplicateFinder(
            self.archive.engine, sole_writer=held_by_this_process(self.db_path)
        )

    def close_spider(self) -> None:
        # The first layer is Scrapy's dupefilter; its count joins the others' here.
        fingerprint = self.stats.get_value("dupefilter/filtered", 0)
        # Repeats the spider dropped before the dupefilter (spiders/responsiblestatecraft.py).
        fingerprint += self.stats.get_value("newsarchive/links/repeated", 0)
        self.stats.set_value("newsarchive/dedupe/fingerprint", fingerprint)
        if self.archive is not None:
            release_archive(self.archive)
            self.archive = None

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageFetch):
            return item
        adapter = ItemAdapter(item)
        article = adapter.get("article")
        if article is None or self.archive is None or self.finder is None:
            # Not an article, or the spider is already closed (items still in flight
            # when a crawl stops): the store counts what it can't write.
            return item
        site = article.site or self.default_site
        try:
            duplicate = self.finder.check(item, article, site=site)
        except Exception as exc:
            self.stats.set_value(DATABASE_ERROR_STAT, describe_error(exc))
            logger.critical("Database error in dedupe, stopping the crawl: %s", exc)
            self.stop_crawl("database_error")
            raise
        if duplicate is None:
            self.finder.remember(item, article, site=site)
            return item
        self.stats.inc_value(f"newsarchive/dedupe/{duplicate.layer}")
        self.archive.writer.add(item, site=site, duplicate_of=duplicate.article_key)
        # Recorded first (raw page kept, URL mapped as an alias when the batch is
        # written); dropped so that later pipelines and feeds don't see it twice.
        raise DropItem(
            f"Duplicate ({duplicate.layer}) of {duplicate.article_key}: "
            f"{adapter['url']} kept as an alias",
            log_level="DEBUG",
        )

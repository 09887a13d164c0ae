"""RunRecordExtension: one `crawl_runs` row per crawl, opened and completed with it.

Enable with
`EXTENSIONS = {"newsarchive.extensions.run_record.RunRecordExtension": 500}`.
The run id is published as the stat `newsarchive/run_id` (pipelines tag pages and
failures with it; the CLI uses it to record the exit code).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

import scrapy
from scrapy import signals
from sqlalchemy.exc import SQLAlchemyError

from newsarchive.store import (
    BUSY_TIMEOUT_SECONDS,
    DATABASE_ERROR_STAT,
    CrawlArchive,
    acquire_archive,
    busy_timeout_setting,
    db_path_setting,
    describe_error,
    finish_run,
    release_archive,
    site_setting,
    start_run,
)
from pipelines.stop_crawl import crawl_stopper

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

# Scrapy settings worth knowing when reading a run's results, besides all NEWSARCHIVE_*.
RECORDED_SCRAPY_SETTINGS = (
    "BOT_NAME", "USER_AGENT", "ROBOTSTXT_OBEY", "CONCURRENT_REQUESTS",
    "CONCURRENT_REQUESTS_PER_DOMAIN", "DOWNLOAD_DELAY", "DOWNLOAD_TIMEOUT",
    "AUTOTHROTTLE_ENABLED", "AUTOTHROTTLE_TARGET_CONCURRENCY", "RETRY_ENABLED",
    "RETRY_TIMES", "HTTPCACHE_ENABLED", "JOBDIR", "LOG_LEVEL", "LOG_FILE",
    "CLOSESPIDER_TIMEOUT", "CLOSESPIDER_ITEMCOUNT", "CLOSESPIDER_PAGECOUNT",
    "CLOSESPIDER_ERRORCOUNT",
)  # fmt: skip


def settings_snapshot(settings: BaseSettings) -> dict[str, Any]:
    """The settings recorded with a run: every NEWSARCHIVE_* and a few Scrapy ones."""
    names = sorted(name for name in settings if name.startswith("NEWSARCHIVE_"))
    snapshot = {name: _jsonable(settings.get(name)) for name in names}
    for name in RECORDED_SCRAPY_SETTINGS:
        snapshot[name] = _jsonable(settings.get(name))
    snapshot["scrapy_version"] = scrapy.__version__
    return snapshot


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict) or hasattr(value, "copy_to_dict"):
        return {str(k): _jsonable(v) for k, v in dict(value).items()}
    return str(value)


class RunRecordExtension:
    def __init__(
        self,
        stats: StatsCollector,
        *,
        stop_crawl: Callable[[str], None] = lambda reason: None,
        db_path: Path,
        busy_timeout: float = BUSY_TIMEOUT_SECONDS,
        site: str,
        settings: dict[str, Any],
        log_file: str | None,
    ) -> None:
        self.stats = stats
        self.stop_crawl = stop_crawl
        self.db_path = db_path
        self.busy_timeout = busy_timeout
        self.site = site
        self.settings = settings
        self.log_file = log_file
        self.archive: CrawlArchive | None = None
        self.run_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        extension = cls(
            crawler.stats,
            stop_crawl=crawl_stopper(crawler),
            db_path=db_path_setting(crawler.settings),
            busy_timeout=busy_timeout_setting(crawler.settings),
            site=site_setting(crawler.settings),
            settings=settings_snapshot(crawler.settings),
            log_file=crawler.settings.get("LOG_FILE"),
        )
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        self.archive = acquire_archive(self.db_path, busy_timeout=self.busy_timeout)
        try:
            self.run_id = start_run(
                self.archive.engine,
                site=self.site,
                spider=spider.name,
                started_at=datetime.now(UTC),
                settings=self.settings,
                db_path=self.db_path,
                log_file=self.log_file,
                crawl_id=self.settings.get("NEWSARCHIVE_CRAWL_ID") or None,
            )
        except SQLAlchemyError as error:
            # No run to record pages under: the crawl stops before fetching.
            self.stats.set_value(DATABASE_ERROR_STAT, describe_error(error))
            self.stop_crawl("database_error")
            raise
        self.stats.set_value("newsarchive/run_id", self.run_id)
        logger.info("Crawl run %d started, archive %s", self.run_id, self.db_path)

    def spider_closed(self, reason: str) -> None:
        if self.archive is None or self.run_id is None:
            return
        try:
            status = finish_run(
                self.archive.engine,
                self.run_id,
                finished_at=datetime.now(UTC),
                close_reason=reason,
                stats=self.stats.get_stats(),
            )
            logger.info("Crawl run %d %s (%s)", self.run_id, status, reason)
        finally:
            release_archive(self.archive)
            self.archive = None

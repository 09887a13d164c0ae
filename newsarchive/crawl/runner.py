"""Running one crawl in this process, from any directory (cron), and reading its outcome.

The settings are built from the `newsarchive.settings` module and the spider is loaded
by name from its `SPIDER_MODULES` (Scrapy's spider loader), so neither `scrapy.cfg` nor
the current directory matter.
A process runs one crawl: the Twisted reactor cannot be restarted (tests and benchmarks
call the CLI in a subprocess).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapy.settings import Settings

from newsarchive.archive_url import shown_location
from newsarchive.crawl.counts import CrawlCounts, counts_from_stats
from newsarchive.crawl.early_signals import (
    EarlySignals,
    early_signals,
    ignore_late_signals,
)
from newsarchive.crawl.exit_codes import ExitCode, Verdict, verdict_for
from newsarchive.crawl.logs import configure_crawl_logging, quiet_scrapy_loggers
from newsarchive.crawl.queue_folders import queue_folder
from newsarchive.sites import DEFAULT_SITE

logger = logging.getLogger(__name__)

SETTINGS_MODULE = "newsarchive.settings"
SPIDER_NAME = "responsiblestatecraft"


@dataclass(kw_only=True)
class CrawlOptions:
    start_url: str
    db_path: Path | str
    site: str = DEFAULT_SITE
    """The name of the site profile (`newsarchive.sites`) the crawl reads."""
    site_file: Path | None = None
    """A profile of the user's own (TOML): then `site` is its name."""
    max_articles: int = 0
    log_file: Path | None = None
    contact: str | None = None
    max_failure_rate: float = 0.05
    progress: str = "off"
    """`live` (rich display), `log` (periodic log lines) or `off`."""
    settings: dict[str, Any] = field(default_factory=dict)
    """Extra Scrapy settings (highest priority): tests and benchmarks tune through these."""
    full: bool = False
    """Re-check every archived article (docs/scheduling.md); else an incremental run."""
    recheck_after: str | None = None
    """Also fetch again articles not seen for this long (`30d`); None: never by age."""
    front_pages: bool = False
    """Fetch only the front pages (conditional GETs), record their placements and
    archive the articles they show that the archive lacks."""
    redis_url: str | None = None
    """Be one worker of a shared crawl whose queue is in this Redis (docs/scale-out.md)."""


@dataclass(kw_only=True)
class CrawlOutcome:
    stats: dict[str, Any]
    finish_reason: str | None
    wall_seconds: float
    db_path: Path | str
    start_url: str
    verdict: Verdict

    @property
    def counts(self) -> CrawlCounts:
        return counts_from_stats(self.stats)

    @property
    def pages_per_second(self) -> float:
        fetched = self.counts.fetched
        return fetched / self.wall_seconds if self.wall_seconds > 0 else 0.0


def build_settings(options: CrawlOptions) -> Settings:
    """`newsarchive.settings`, then the options at command-line priority."""
    settings = Settings()
    settings.setmodule(SETTINGS_MODULE, priority="project")
    values: dict[str, Any] = {
        "NEWSARCHIVE_START_URL": options.start_url,
        "NEWSARCHIVE_DB": str(options.db_path),
        "NEWSARCHIVE_SITE": options.site,
        "NEWSARCHIVE_SITE_FILE": str(options.site_file) if options.site_file else "",
        "NEWSARCHIVE_MAX_ARTICLES": options.max_articles,
        "NEWSARCHIVE_PROGRESS": options.progress,
        "LOG_INSTALL_ROOT_HANDLER": False,
        # The summary table replaces Scrapy's end-of-crawl stats dump on the console;
        # the log file still gets it (at INFO) when one is configured.
        "STATS_DUMP": options.log_file is not None,
    }
    if options.full:
        values["NEWSARCHIVE_FULL"] = True
    if options.front_pages:
        values["NEWSARCHIVE_FRONT_PAGES"] = True
    if options.recheck_after:
        values["NEWSARCHIVE_RECHECK_AFTER"] = options.recheck_after
    if options.contact:
        values["NEWSARCHIVE_CONTACT"] = options.contact
    if options.log_file is not None:
        values["LOG_FILE"] = str(options.log_file)
    settings.setdict(values, priority="cmdline")
    settings.setdict(options.settings, priority="cmdline")
    return settings


def run_crawl(options: CrawlOptions) -> CrawlOutcome:
    """Crawl `options.start_url` into `options.db_path`, holding the archive's lock for
    the whole run (`ArchiveLocked` at once if another run holds it); the archive is
    upgraded (with a backup) and runs killed earlier are closed first."""
    from newsarchive.advisory_lock import archive_lock
    from newsarchive.store import busy_timeout_setting, open_for_run

    if options.redis_url:
        return _run_worker(options)
    with early_signals() as signals:
        settings = build_settings(options)
        # The queue folder before the archive is opened: a full temporary folder is
        # named as such, before SQLite (which keeps its own temporary files there)
        # blames the archive.
        with (
            archive_lock(options.db_path, what="crawl"),
            _request_queue_on_disk(settings),
        ):
            open_for_run(options.db_path, busy_timeout=busy_timeout_setting(settings))
            try:
                return _run_process(options, settings, signals)
            finally:
                ignore_late_signals()


def _run_worker(options: CrawlOptions) -> CrawlOutcome:
    """One worker of the shared crawl in `options.redis_url`. The archive's lock is
    shared among workers; the first readies the archive (upgrade, runs left by killed
    processes) while it holds it alone. Its requests wait in Redis, not on disk."""
    from newsarchive.advisory_lock import worker_lock
    from newsarchive.archive_url import is_postgres_url
    from newsarchive.crawl.shared_crawl import NotSharable, join_crawl
    from newsarchive.store import open_for_run

    if not is_postgres_url(options.db_path):
        raise NotSharable(
            "--redis needs a PostgreSQL archive (--db postgresql://...): a SQLite "
            "archive has one writer (docs/scale-out.md)"
        )
    with (
        early_signals() as signals,
        worker_lock(str(options.db_path), ready=open_for_run),
    ):
        crawl = join_crawl(options.redis_url or "", options.db_path, options.start_url)
        options.settings = {**options.settings, **crawl.settings()}
        try:
            return _run_process(options, build_settings(options), signals)
        finally:
            ignore_late_signals()


@contextmanager
def _request_queue_on_disk(settings: Settings) -> Iterator[None]:
    """Pending requests wait on disk (Scrapy's disk queues in a temporary JOBDIR), not
    in memory: the sitemaps list every article at once, and a site of 100,000 articles
    would hold ~200 MB of queued requests. A JOBDIR the user gives is left alone (a
    resumable job, Scrapy's way); NEWSARCHIVE_DISK_QUEUE=False keeps them in memory."""
    if settings.get("JOBDIR") or not settings.getbool("NEWSARCHIVE_DISK_QUEUE", True):
        yield
        return
    with queue_folder() as path:
        settings.set("JOBDIR", str(path), priority="cmdline")
        yield


def _run_process(
    options: CrawlOptions, settings: Settings, signals: EarlySignals
) -> CrawlOutcome:
    """Crawl `options.start_url` into `options.db_path`; blocks until the crawl ends."""
    # Imported here: loading Scrapy's crawler machinery installs a reactor.
    from scrapy.crawler import AsyncCrawlerProcess

    from newsarchive.crawl.forced_stop import close_after_forced_stop, spider_closed
    from newsarchive.store import busy_timeout_setting

    file_handler = configure_crawl_logging(
        log_file=options.log_file, progress=options.progress
    )
    process = AsyncCrawlerProcess(settings)
    quiet_scrapy_loggers()  # the process just reset Scrapy's loggers to DEBUG
    logger.info(
        "Crawling %s into %s", options.start_url, shown_location(options.db_path)
    )
    crawler = process.create_crawler(SPIDER_NAME)
    task = process.crawl(crawler)
    started = time.monotonic()
    from twisted.internet import reactor  # the one the process installed

    signals.reactor_starting(reactor)
    try:
        process.start()
    finally:
        if file_handler is not None:
            logging.getLogger().removeHandler(file_handler)
            file_handler.close()
    # A crawl that could not start (a broken component, a database error at open) must
    # fail loudly, not look like an empty crawl.
    if task.done() and not task.cancelled() and task.exception() is not None:
        raise task.exception()
    if not spider_closed(crawler):  # a second signal stopped the reactor at once
        close_after_forced_stop(crawler)
    wall_seconds = time.monotonic() - started
    stats = dict(crawler.stats.get_stats())
    finish_reason = stats.get("finish_reason")
    verdict = verdict_for(
        stats, finish_reason, max_failure_rate=options.max_failure_rate
    )
    run_id = stats.get("newsarchive/run_id")
    if run_id is not None:
        verdict = close_run_record(
            options.db_path,
            int(run_id),
            verdict,
            stats=stats,
            busy_timeout=busy_timeout_setting(settings),
        )
    return CrawlOutcome(
        stats=stats,
        finish_reason=finish_reason,
        wall_seconds=wall_seconds,
        db_path=options.db_path,
        start_url=options.start_url,
        verdict=verdict,
    )


def close_run_record(
    db_path: Path | str,
    run_id: int,
    verdict: Verdict,
    *,
    stats: dict[str, Any],
    busy_timeout: float,
) -> Verdict:
    """Give the run's `crawl_runs` row the verdict's status and exit code (and its
    counts, if the crawl could not close it). The verdict, or, when the row cannot be
    written (the archive stayed locked, the disk is full), a failed one saying so."""
    from sqlalchemy.exc import SQLAlchemyError

    from newsarchive.store import close_run, describe_error, open_engine

    engine = open_engine(db_path, busy_timeout=busy_timeout)
    try:
        close_run(
            engine,
            run_id,
            status=verdict.status,
            exit_code=int(verdict.code),
            stats=stats,
        )
    except SQLAlchemyError as error:
        logger.error("Run %d could not be closed: %s", run_id, describe_error(error))
        return Verdict(
            code=ExitCode.FAILURES_ABOVE_THRESHOLD,
            status="failed",
            message=f"Failed: the run record could not be written "
            f"({describe_error(error)}); the next run will close it as interrupted.",
        )
    finally:
        engine.dispose()
    return verdict

"""IncrementalSpiderMiddleware: what a run fetches, given what the archive already holds.

The spider discovers as always; this middleware sits on its output and applies the
`RevisitPlanner`: requests for archived articles without a sign of change are dropped,
revisits carry the stored validators (`ConditionalRequestMiddleware` sends them), and
incremental runs read only the first page of the main listings. It adds requests of its
own: open failures to retry and age-policy rechecks when the run starts, and, once the
sitemaps have all been read (the first `spider_idle`), the archived articles they no
longer list. It remembers index pages' validators for the next run.

Settings: `NEWSARCHIVE_DB`, `NEWSARCHIVE_SITE` or `NEWSARCHIVE_SITE_FILE` (the site
profile, whose URL rules say what kind of page a request is), `NEWSARCHIVE_FULL` (bool),
`NEWSARCHIVE_RECHECK_AFTER` (a duration such as `30d`; empty: never by age),
`NEWSARCHIVE_FRONT_PAGES` (bool: a front-pages run adds none of its own requests).
Stats (`newsarchive/incremental/...`): `mode`, `fetch/<reason>`, `skipped/<reason>`,
`unchanged_articles`, `vanished`, `conditional`; `newsarchive/failures_retried`.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider

from newsarchive.incremental.durations import parse_duration
from newsarchive.incremental.planner import Plan, RevisitPlanner
from newsarchive.sites import SiteProfile, UrlKind, profile_from_settings
from newsarchive.store import (
    BUSY_TIMEOUT_SECONDS,
    DATABASE_ERROR_STAT,
    CrawlArchive,
    IndexState,
    acquire_archive,
    busy_timeout_setting,
    db_path_setting,
    load_memory,
    record_run_states,
    release_archive,
)
from newsarchive.urls import url_key

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

STATS = "newsarchive/incremental"
UNCHANGED_STAT = f"{STATS}/unchanged_articles"
"""Distinct archived articles found unchanged by their sitemap `<lastmod>` alone."""
ARTICLE_KINDS = (UrlKind.ARTICLE, UrlKind.LEGACY_ARTICLE)


class IncrementalSpiderMiddleware:
    def __init__(
        self,
        stats: StatsCollector,
        *,
        db_path: Path,
        busy_timeout: float = BUSY_TIMEOUT_SECONDS,
        site: SiteProfile,
        full: bool,
        recheck_after: timedelta | None,
        schedule: Callable[[Request], None],
        front_pages: bool = False,
    ) -> None:
        self.stats = stats
        self.db_path = db_path
        self.busy_timeout = busy_timeout
        self.site = site
        self.full = full
        self.recheck_after = recheck_after
        self.schedule = schedule
        self.front_pages = front_pages
        """`crawl --front-pages`: no retries, rechecks or vanished articles this run."""
        self.archive: CrawlArchive | None = None
        self.planner: RevisitPlanner | None = None
        self.spider: Spider | None = None
        self.sitemaps_requested: set[str] = set()
        self.sitemaps_read: set[str] = set()
        self.index_states: dict[str, IndexState] = {}
        self.idle_seen = False
        self.lead = True
        """False in a worker of a shared crawl that does not lead it."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        recheck = settings.get("NEWSARCHIVE_RECHECK_AFTER") or None
        middleware = cls(
            crawler.stats,
            db_path=db_path_setting(settings),
            busy_timeout=busy_timeout_setting(settings),
            site=profile_from_settings(settings),
            full=settings.getbool("NEWSARCHIVE_FULL"),
            recheck_after=parse_duration(recheck) if recheck else None,
            schedule=lambda request: crawler.engine.crawl(request),
            front_pages=settings.getbool("NEWSARCHIVE_FRONT_PAGES"),
        )
        middleware.lead = settings.getbool("NEWSARCHIVE_CRAWL_LEAD", True)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    # --- signals ----------------------------------------------------------------------

    def spider_opened(self, spider: Spider) -> None:
        self.spider = spider
        self.archive = acquire_archive(self.db_path, busy_timeout=self.busy_timeout)
        memory = load_memory(
            self.archive.engine,
            self.site.name,
            now=datetime.now(UTC),
            recheck_after=self.recheck_after,
            full=self.full,
        )
        self.planner = RevisitPlanner(memory, site=self.site, full=self.full)
        self.stats.set_value(f"{STATS}/mode", self.planner.mode)
        logger.info(
            "Run mode %s: %d archived URLs, %d open failures to retry, %d rechecks",
            self.planner.mode,
            len(memory.known),
            len(memory.retry_urls),
            len(memory.recheck_urls),
        )

    def spider_idle(self) -> None:
        """The first idle ends the sitemap phase: look for articles that left them."""
        if self.idle_seen or self.planner is None or self.front_pages:
            return
        self.idle_seen = True
        if not self.lead:
            return  # a shared crawl's lead looks for them (docs/scale-out.md)
        unread = self.sitemaps_requested - self.sitemaps_read
        if not self.sitemaps_read or unread:
            logger.warning(
                "Not looking for vanished articles: %d of %d sitemaps could not be read",
                len(unread),
                len(self.sitemaps_requested),
            )
            return
        requests = [r for r in self._requests(self.planner.vanished()) if r is not None]
        if not requests:
            return
        self.stats.set_value(f"{STATS}/vanished", len(requests))
        logger.info(
            "%d archived articles left the sitemaps: checking them", len(requests)
        )
        for request in requests:
            # Not filtered: the redirect of a moved article must reach its new URL even
            # when the sitemaps led there already this run.
            self.schedule(request.replace(dont_filter=True))
        raise DontCloseSpider

    def spider_closed(self) -> None:
        """After the store's last batch: remember what this run learnt on the side."""
        try:
            if self.archive is not None and not self.stats.get_value(
                DATABASE_ERROR_STAT
            ):
                record_run_states(
                    self.archive.engine,
                    site=self.site.name,
                    run_id=self.stats.get_value("newsarchive/run_id"),
                    index_states=self.index_states.values(),
                    listed=self.planner.listed if self.planner is not None else {},
                )
        finally:
            if self.archive is not None:
                release_archive(self.archive)
                self.archive = None

    # --- spider middleware ------------------------------------------------------------

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for item in start:
            yield item
        if self.planner is None or self.front_pages:
            return
        plans = self.planner.start()
        retries = sum(1 for _, plan in plans if plan.reason == "retry")
        if retries:
            self.stats.inc_value("newsarchive/failures_retried", retries)
        for request in self._requests(plans):
            if request is not None:
                yield request

    def process_spider_input(self, response: Response) -> None:
        kind = self.site.classify(
            response.request.url if response.request else response.url
        )
        if kind is UrlKind.SITEMAP and response.status == 200:
            self.sitemaps_read.add(url_key(response.request.url))
        elif kind is UrlKind.INDEX and response.status == 200:
            self._remember_index(response)

    def process_spider_output(
        self, response: Response | None, result: Iterable[Any]
    ) -> Iterable[Any]:
        for item in result:
            if not isinstance(item, Request) or (item := self._plan(item)) is not None:
                yield item

    async def process_spider_output_async(
        self, response: Response | None, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        async for item in result:
            if not isinstance(item, Request) or (item := self._plan(item)) is not None:
                yield item

    # --- helpers ----------------------------------------------------------------------

    def _plan(self, request: Request) -> Request | None:
        if self.planner is None:
            return request
        kind = self.site.classify(request.url)
        if kind is UrlKind.SITEMAP:
            self.sitemaps_requested.add(url_key(request.url))
            return request
        if kind in ARTICLE_KINDS:
            plan = self.planner.article(
                request.url,
                source=request.meta.get("newsarchive_source", ""),
                lastmod=request.meta.get("sitemap_lastmod"),
            )
        elif kind is UrlKind.INDEX:
            plan = self.planner.index(request.url)
        else:
            return request
        if not plan.fetch:
            self.stats.inc_value(f"{STATS}/skipped/{plan.reason}")
            self.stats.set_value(UNCHANGED_STAT, len(self.planner.unchanged))
            return None
        self.stats.inc_value(f"{STATS}/fetch/{plan.reason}")
        logger.debug("Fetching %s (%s)", request.url, plan.reason)
        _annotate(request, plan)
        return request

    def _requests(self, plans: list[tuple[str, Plan]]) -> Iterable[Request | None]:
        make = getattr(self.spider, "revisit_request", None)
        if make is None:
            logger.error("The spider has no revisit_request(): cannot revisit URLs")
            return
        for url, plan in plans:
            request = make(url, source=plan.reason)
            if request is not None:
                self.stats.inc_value(f"{STATS}/fetch/{plan.reason}")
                _annotate(request, plan)
            yield request

    def _remember_index(self, response: Response) -> None:
        url = response.request.url if response.request else response.url
        if self.planner is None or not self.planner.revisited_index(url):
            # A deep page (tags, authors, ?page=N) is never fetched conditionally: keeping
            # its validators would cost memory and a url_states row for each of
            # thousands of pages (tens of MB at the end of a 100,000-article crawl).
            return
        headers = response.headers
        etag = headers.get(b"ETag")
        modified = headers.get(b"Last-Modified")
        if etag is None and modified is None:
            return
        self.index_states[url_key(url)] = IndexState(
            url=url,
            etag=etag.decode("latin-1") if etag else None,
            last_modified=modified.decode("latin-1") if modified else None,
            checked_at=datetime.now(UTC),
        )


def _annotate(request: Request, plan: Plan) -> None:
    request.meta["newsarchive_revisit"] = plan.reason
    if plan.validators:
        request.meta["newsarchive_validators"] = {
            "etag": plan.validators.etag,
            "last_modified": plan.validators.last_modified,
        }

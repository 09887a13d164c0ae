"""The responsiblestatecraft.org spider: finds article pages and yields them, fetched.

It only crawls. Discovery goes robots.txt -> sitemap index -> sitemaps and the RSS feed
first, then (once those are exhausted) the start URL and the index pages (home, sections,
regions, authors, tags) with their `?page=N` pagination; article pages add their teasers,
next-article link and in-body links. Every article page becomes a `PageFetch`: parsed, or
carrying why it could not be parsed or fetched, so the pipelines store every page.
Non-article pages are counted and followed as index pages. The callbacks await the page
parsers (`self.parsers`), which run here or, with `NEWSARCHIVE_PARSE_PROCESS`, in a worker
process (`newsarchive.crawl.parse_process`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

from scrapy import Request, Spider, signals
from scrapy.exceptions import CloseSpider, DontCloseSpider, UsageError
from scrapy.http import Response

from newsarchive.crawl.parse_process import InProcessParsers, ParseProcess
from newsarchive.crawl.politeness import politeness_settings
from newsarchive.extraction.errors import NotAnArticle, ParseError
from newsarchive.items import FrontPageSeen, NotModified, PageFetch
from newsarchive.sites import (
    ProfileError,
    SiteProfile,
    UnknownSite,
    profile_from_settings,
)
from newsarchive.urls import host_of
from spiders import discovery
from spiders.discovery import UrlKind
from spiders.discovery_failures import PROBE, DiscoveryFailures
from spiders.link_requests import FINGERPRINT_META, PRIORITY, LinkRequests
from spiders.page_fetch import fetched_page, not_modified
from spiders.seen_urls import KnownScheduledLinks, SeenUrls
from spiders.start_and_errors import StartAndErrors

STATS = "newsarchive"
NOT_MODIFIED = 304  # answers a conditional revisit (newsarchive.incremental)
# Named like Scrapy's CloseSpider extension reasons: a run stopped by a limit is partial.
MAX_ARTICLES_REASON = "closespider_max_articles"


class ResponsiblestatecraftSpider(
    LinkRequests, StartAndErrors, DiscoveryFailures, Spider
):
    name = "responsiblestatecraft"

    @classmethod
    def from_crawler(
        cls, crawler, *args: Any, **kwargs: Any
    ) -> ResponsiblestatecraftSpider:
        settings = crawler.settings
        try:
            site = profile_from_settings(settings)  # NEWSARCHIVE_SITE(_FILE)
        except (ProfileError, UnknownSite) as error:
            raise UsageError(str(error)) from None
        start_url = (
            kwargs.pop("start_url", None)
            or settings.get("NEWSARCHIVE_START_URL")
            or site.start_url
        )
        max_articles = kwargs.pop("max_articles", None)
        if max_articles is None:
            max_articles = settings.getint("NEWSARCHIVE_MAX_ARTICLES")
        if not settings.frozen:
            # Settings are still open here; command-line values keep their higher priority.
            contact = settings.get("NEWSARCHIVE_CONTACT") or None
            for key, value in politeness_settings(start_url, contact).items():
                settings.set(key, value, priority="spider")
            # A profile from a file names the site the pipelines store articles under.
            settings.set("NEWSARCHIVE_SITE", site.name, priority="spider")
        spider = super().from_crawler(
            crawler,
            *args,
            start_url=start_url,
            site=site,
            max_articles=int(max_articles),
            **kwargs,
        )
        spider.front_pages_only = settings.getbool("NEWSARCHIVE_FRONT_PAGES")
        if settings.getbool("NEWSARCHIVE_PARSE_PROCESS"):
            spider.parsers = ParseProcess()
        crawler.signals.connect(spider.parsers.close, signal=signals.spider_closed)
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        crawler.signals.connect(
            spider.on_request_scheduled, signal=signals.request_scheduled
        )
        return spider

    def __init__(
        self,
        *,
        start_url: str,
        site: SiteProfile,
        max_articles: int = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if not host_of(start_url) or not discovery.same_site(start_url, start_url):
            raise UsageError(f"start URL must be an http(s) URL, got {start_url!r}")
        self.start_url = start_url
        self.site = site
        self.max_articles = max_articles
        self.allowed_domains = [host_of(start_url)]
        self._articles_yielded = 0
        # Per-URL memory, kept compact (digests): flat on a site of 100,000 articles.
        self._article_keys = SeenUrls()
        self._legacy_keys = SeenUrls()
        self._index_phase_started = False
        self._scheduled = SeenUrls()
        self._known_scheduled = KnownScheduledLinks()
        # Where pages are parsed: here, or in a worker process (NEWSARCHIVE_PARSE_PROCESS).
        self.parsers: InProcessParsers = InProcessParsers()
        # `crawl --front-pages`: only the front pages and the articles they show.
        self.front_pages_only = False

    # --- entry points ------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Request]:
        # Two phases. First robots.txt -> sitemaps and the main feed: the site's own list
        # of its articles, each with its <lastmod>. Then, when that is done (spider_idle),
        # the start URL and the index pages, for what the sitemaps missed. So an article
        # is first requested from its sitemap entry, and a copy that only index pages
        # link to is met after its original.
        if self.front_pages_only:  # no sitemaps, no feeds: on_idle starts at once
            for path in self.site.front_pages:
                request = self._request(
                    self.site.url(path, self.start_url), source="start"
                )
                if request is not None:
                    yield request
            return
        yield Request(
            urljoin(self.start_url, "/robots.txt"),
            callback=self.parse_robots,
            errback=self.on_discovery_error,
            priority=PRIORITY[UrlKind.SITEMAP],
        )
        feed = self._request(
            self.site.url(self.site.main_feed, self.start_url), source="feed"
        )
        if feed is not None:
            feed.meta[PROBE] = True
            yield feed

    def on_idle(self) -> None:
        """spider_idle: the sitemap phase is over; crawl from the start URL."""
        if self._index_phase_started:
            return
        self._index_phase_started = True
        if not self.settings.getbool("NEWSARCHIVE_CRAWL_LEAD", True):
            return  # a shared crawl's lead starts its index phase (docs/scale-out.md)
        start = self._request(self.start_url, source="start")
        if start is None:
            return
        start.meta["newsarchive_start"] = True
        start.dont_filter = True  # even if a sitemap listed it already
        self.crawler.engine.crawl(start)
        raise DontCloseSpider

    def parse_robots(self, response: Response) -> Iterator[Request]:
        sitemaps = discovery.sitemaps_in_robots(response.body, response.url)
        guessed = not sitemaps
        if guessed:  # no Sitemap: line; try the platform's standard place
            sitemaps = [self.site.url(self.site.sitemap_index, response.url)]
        for url in sitemaps:
            if (request := self._request(url, source="robots")) is not None:
                request.meta[PROBE] = guessed
                yield request

    def parse_sitemap(self, response: Response) -> Iterator[Request | PageFetch]:
        root, entries = discovery.parse_sitemap(response.body, response.url)
        self.crawler.stats.inc_value(f"{STATS}/sitemaps/{root or 'unreadable'}")
        yield from self._malformed(response, "malformed_sitemap", discovery.sitemap_xml)
        for entry in entries:
            request = self._request(entry.loc, source="sitemap", lastmod=entry.lastmod)
            if request is not None:
                yield request

    def parse_feed(self, response: Response) -> Iterator[Request | PageFetch]:
        self.crawler.stats.inc_value(f"{STATS}/feeds")
        yield from self._malformed(response, "malformed_feed")
        for link in discovery.feed_links(response.body, response.url):
            if (request := self._request(link, source="feed")) is not None:
                yield request

    async def parse_index(
        self, response: Response
    ) -> AsyncIterator[Request | FrontPageSeen]:
        self._note_start(response)
        front_page = self.site.is_front_page(response.url)
        if response.status == NOT_MODIFIED:  # unchanged since the last run: nothing new
            if front_page:  # it still shows what it showed
                yield FrontPageSeen(url=response.url, seen_at=datetime.now(UTC))
            return
        try:
            page = await self.parsers.index(response, site=self.site)
        except ParseError as err:
            self.crawler.stats.inc_value(f"{STATS}/index_errors/{err.reason}")
            self.logger.warning("Index page %s not readable: %s", response.url, err)
            return
        self.crawler.stats.inc_value(f"{STATS}/index_pages/{page.kind}")
        if front_page:
            yield FrontPageSeen(
                url=response.url, seen_at=datetime.now(UTC), placements=page.placements
            )
        if self.front_pages_only:
            fronts = [u for u in page.index_urls if self.site.is_front_page(u)]
            for request in self._requests(
                [*page.article_urls, *fronts], source="index"
            ):
                yield request
            return
        links = [*page.article_urls, *page.index_urls]
        if page.next_page_url:  # rel=next, else the load-more trigger
            links.append(page.next_page_url)
        links.extend(page.feed_urls)
        for request in self._requests(links, source="index"):
            yield request

    async def parse_article(
        self, response: Response
    ) -> AsyncIterator[PageFetch | NotModified | Request]:
        self._note_start(response)
        if response.status == NOT_MODIFIED:  # a revisit: the archived copy is current
            self.crawler.stats.inc_value(f"{STATS}/article_pages")
            yield not_modified(response)
            return
        try:
            article = await self.parsers.article(response, site=self.site)
        except NotAnArticle:
            self.crawler.stats.inc_value(f"{STATS}/skipped/not_article")
            async for request in self.parse_index(response):
                yield request
            return
        except ParseError as err:
            self.crawler.stats.inc_value(f"{STATS}/article_pages")
            yield self._page_fetch(
                response,
                failure_stage="parse",
                failure_reason=err.reason,
                failure_detail=str(err),
            )
            return
        if self.max_articles and self._articles_yielded >= self.max_articles:
            self.crawler.stats.inc_value(f"{STATS}/skipped/max_articles")
            return
        self.crawler.stats.inc_value(f"{STATS}/article_pages")
        self._articles_yielded += 1
        yield self._page_fetch(response, article=article)
        if self.max_articles and self._articles_yielded >= self.max_articles:
            raise CloseSpider(MAX_ARTICLES_REASON)
        if self.front_pages_only:
            return
        links = discovery.links_of_article(article)
        for request in self._requests(links, source="article"):
            yield request

    # --- helpers -------------------------------------------------------------------------

    def _page_fetch(self, response: Response, **outcome: Any) -> PageFetch:
        return fetched_page(
            response, fingerprint=self._fingerprint(response.request), **outcome
        )

    def _fingerprint(self, request: Request) -> str:
        stashed = request.meta.get(FINGERPRINT_META)
        if stashed is not None and stashed[0] == request.url:
            return stashed[1]
        return self.crawler.request_fingerprinter.fingerprint(request).hex()

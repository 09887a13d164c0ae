"""The responsiblestatecraft.org spider: finds article pages and yields them, fetched.

It only crawls. Discovery goes robots.txt -> sitemap index -> sitemaps and the RSS feed
first, then (once those are exhausted) the start URL and the index pages (home, sections,
regions, authors, tags) with their `?page=N` pagination; article pages add their teasers,
next-article link and in-body links. Every article page becomes a `PageFetch`: parsed, or
carrying why it could not be parsed or fetched, so the pipelines store every page.
Non-article pages are counted and followed as index pages. Scrapy's dupefilter drops
what was requested already; the URL rules are in `spiders.discovery`, the records the
spider yields in `spiders.page_fetch`.

The module reads top to bottom: building the spider, the two start phases, the
callbacks for each kind of page, turning links into requests, and the errbacks.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

from scrapy import Request, Spider, signals
from scrapy.exceptions import CloseSpider, DontCloseSpider, UsageError
from scrapy.http import Response
from twisted.python.failure import Failure

from newsarchive.digests import DigestSet
from newsarchive.extraction import parse_article, parse_index
from newsarchive.extraction.errors import NotAnArticle, ParseError
from newsarchive.items import FrontPageSeen, NotModified, PageFetch
from newsarchive.politeness import politeness_settings
from newsarchive.sites import (
    ProfileError,
    SiteProfile,
    UnknownSite,
    profile_from_settings,
)
from newsarchive.urls import host_of, url_key
from spiders import discovery
from spiders.discovery import UrlKind
from spiders.page_fetch import (
    describe,
    failed_fetch,
    fetched_page,
    not_modified,
    xml_problem_of,
)

STATS = "newsarchive"
REPEATED_LINKS_STAT = f"{STATS}/links/repeated"
"""Links to a URL already scheduled in this run, dropped by the spider (counted in the
summary with the dupefilter's, as the "fingerprint" layer)."""
NOT_MODIFIED = 304  # answers a conditional revisit (newsarchive.incremental)
# Named like Scrapy's CloseSpider extension reasons: a run stopped by a limit is partial.
MAX_ARTICLES_REASON = "closespider_max_articles"
# Higher runs first: sitemaps before articles (their <lastmod> rides on the request),
# articles before index pages (a --max-articles run archives early).
PRIORITY = {
    UrlKind.SITEMAP: 30,
    UrlKind.FEED: 20,
    UrlKind.ARTICLE: 10,
    UrlKind.LEGACY_ARTICLE: 10,
    UrlKind.INDEX: 0,
}
# Request meta keys.
START = "newsarchive_start"
"""The start URL's request: when it fails, nothing else can be crawled."""
PROBE = "newsarchive_probe"
"""A URL the crawler guessed (the usual feed and sitemap places): not recorded if missing."""
# A broken discovery page of these kinds is recorded in `failures` (a later run retries it).
RECORDED_DISCOVERY_KINDS = frozenset({UrlKind.SITEMAP, UrlKind.FEED, UrlKind.INDEX})


class ResponsiblestatecraftSpider(Spider):
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
        self.articles_yielded = 0
        self.index_phase_started = False
        # url_keys as 16-byte digests (newsarchive/digests.py): flat memory on a site of
        # 100,000 articles. Distinct article URLs found, for the summary's count:
        self.article_keys = DigestSet()
        # Legacy dated URLs requested: they bypass the dupefilter (see `link_request`).
        self.legacy_keys = DigestSet()
        # URLs that already reached Scrapy's scheduler in this run (`request_scheduled`).
        # Every page repeats the site's navigation, sections and sidebar (~23 links a
        # page on the replica), and each repeat built a Request that went through the
        # spider middlewares and the scheduler only for the dupefilter to drop it: about
        # 0.25 ms of CPU a repeat, which made the crawl cost 1.2x the CPU per page of the
        # code before it (docs/benchmarks.md, "Crawl CPU per page"). Such repeats are
        # dropped here and counted with the dupefilter's (REPEATED_LINKS_STAT). Only
        # what was scheduled is remembered: a link the incremental middleware held back
        # may still be asked for later (a recheck), and sitemap entries always go on to
        # the incremental planner, which keeps each one's <lastmod>. Scrapy's dupefilter
        # still decides every URL that reaches it, and is the only filter across workers.
        self.requested_keys = DigestSet()
        # `crawl --front-pages`: only the front pages and the articles they show.
        self.front_pages_only = False

    # --- the two start phases ------------------------------------------------------------

    async def start(self) -> AsyncIterator[Request]:
        # First robots.txt -> sitemaps and the main feed: the site's own list of its
        # articles, each with its <lastmod>. Then, when that is done (spider_idle), the
        # start URL and the index pages, for what the sitemaps missed. So an article is
        # first requested from its sitemap entry, and a copy that only index pages link
        # to is met after its original.
        if self.front_pages_only:  # no sitemaps, no feeds: on_idle starts at once
            for path in self.site.front_pages:
                request = self.link_request(
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
        feed = self.link_request(
            self.site.url(self.site.main_feed, self.start_url), source="feed"
        )
        if feed is not None:
            feed.meta[PROBE] = True
            yield feed

    def on_idle(self) -> None:
        """spider_idle: the sitemap phase is over; crawl from the start URL."""
        if self.index_phase_started:
            return
        self.index_phase_started = True
        if not self.settings.getbool("NEWSARCHIVE_CRAWL_LEAD", True):
            return  # a shared crawl's lead starts its index phase (docs/scale-out.md)
        start = self.link_request(self.start_url, source="start")
        if start is None:
            return
        start.meta[START] = True
        start.dont_filter = True  # even if a sitemap listed it already
        self.crawler.engine.crawl(start)
        raise DontCloseSpider

    # --- callbacks, one per kind of page ---------------------------------------------------

    def parse_robots(self, response: Response) -> Iterator[Request]:
        sitemaps = discovery.sitemaps_in_robots(response.body, response.url)
        guessed = not sitemaps
        if guessed:  # no Sitemap: line; try the platform's standard place
            sitemaps = [self.site.url(self.site.sitemap_index, response.url)]
        for url in sitemaps:
            if (request := self.link_request(url, source="robots")) is not None:
                request.meta[PROBE] = guessed
                yield request

    def parse_sitemap(self, response: Response) -> Iterator[Request | PageFetch]:
        root, entries = discovery.parse_sitemap(response.body, response.url)
        self.crawler.stats.inc_value(f"{STATS}/sitemaps/{root or 'unreadable'}")
        yield from self.malformed(response, "malformed_sitemap", discovery.sitemap_xml)
        for entry in entries:
            request = self.link_request(
                entry.loc, source="sitemap", lastmod=entry.lastmod
            )
            if request is not None:
                yield request

    def parse_feed(self, response: Response) -> Iterator[Request | PageFetch]:
        self.crawler.stats.inc_value(f"{STATS}/feeds")
        yield from self.malformed(response, "malformed_feed")
        links = discovery.feed_links(response.body, response.url)
        yield from self.link_requests(links, source="feed")

    def parse_index(self, response: Response) -> Iterator[Request | FrontPageSeen]:
        self.note_start(response)
        front_page = self.site.is_front_page(response.url)
        if response.status == NOT_MODIFIED:  # unchanged since the last run: nothing new
            if front_page:  # it still shows what it showed
                yield FrontPageSeen(url=response.url, seen_at=datetime.now(UTC))
            return
        try:
            page = parse_index(response, site=self.site)
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
            yield from self.link_requests([*page.article_urls, *fronts], source="index")
            return
        links = [*page.article_urls, *page.index_urls]
        if page.next_page_url:  # rel=next, else the load-more trigger
            links.append(page.next_page_url)
        links.extend(page.feed_urls)
        yield from self.link_requests(links, source="index")

    def parse_article(
        self, response: Response
    ) -> Iterator[PageFetch | NotModified | Request]:
        self.note_start(response)
        stats = self.crawler.stats
        if response.status == NOT_MODIFIED:  # a revisit: the archived copy is current
            stats.inc_value(f"{STATS}/article_pages")
            yield not_modified(response)
            return
        try:
            article = parse_article(response, site=self.site)
        except NotAnArticle:
            stats.inc_value(f"{STATS}/skipped/not_article")
            yield from self.parse_index(response)
            return
        except ParseError as err:
            stats.inc_value(f"{STATS}/article_pages")
            yield self.page_fetch(
                response,
                failure_stage="parse",
                failure_reason=err.reason,
                failure_detail=str(err),
            )
            return
        if self.max_articles and self.articles_yielded >= self.max_articles:
            stats.inc_value(f"{STATS}/skipped/max_articles")
            return
        stats.inc_value(f"{STATS}/article_pages")
        self.articles_yielded += 1
        yield self.page_fetch(response, article=article)
        if self.max_articles and self.articles_yielded >= self.max_articles:
            raise CloseSpider(MAX_ARTICLES_REASON)
        if self.front_pages_only:
            return
        links = discovery.links_of_article(article)
        yield from self.link_requests(links, source="article")

    # --- links into requests -----------------------------------------------------------------

    def revisit_request(self, url: str, *, source: str) -> Request | None:
        """A request for a URL the archive remembers (failure retries, rechecks): the
        incremental middleware (newsarchive/incremental/middleware.py) calls this."""
        return self.link_request(url, source=source)

    def link_requests(self, links: Iterable[str], *, source: str) -> Iterator[Request]:
        for link in links:
            if (request := self.link_request(link, source=source)) is not None:
                yield request

    def link_request(
        self, url: str, *, source: str, lastmod: str | None = None
    ) -> Request | None:
        """A request for `url` in its scheduling form (so Scrapy's dupefilter sees one
        URL per page), or None when it is not crawled."""
        plan = discovery.plan_link(url, self.start_url, self.site)
        if plan is None:
            self.crawler.stats.inc_value(f"{STATS}/offsite_links")
            return None
        kind, scheduled = plan
        if kind is UrlKind.OTHER:
            return None
        if (
            source != "sitemap"
            and kind is not UrlKind.LEGACY_ARTICLE
            and scheduled in self.requested_keys
        ):
            if kind is UrlKind.ARTICLE:
                self.count_article_link(url, scheduled, source, kind)
            self.crawler.stats.inc_value(REPEATED_LINKS_STAT)
            return None
        meta: dict[str, Any] = {"newsarchive_source": source}
        if lastmod:
            meta["sitemap_lastmod"] = lastmod
        callback: Callable[..., Any] = self.parse_index
        errback: Callable[..., Any] = self.on_discovery_error
        dont_filter = False
        if kind in (UrlKind.ARTICLE, UrlKind.LEGACY_ARTICLE):
            self.count_article_link(url, scheduled, source, kind)
            callback, errback = self.parse_article, self.on_article_error
        if kind is UrlKind.LEGACY_ARTICLE:
            # The 301 target inherits dont_filter, so the page is fetched again even when
            # its slug URL was seen and the pipelines map the legacy URL to the article.
            # Each legacy URL itself is still fetched once.
            key = url_key(scheduled)
            if key in self.legacy_keys:
                return None
            self.legacy_keys.add(key)
            dont_filter = True
        elif kind is UrlKind.SITEMAP:
            callback = self.parse_sitemap
        elif kind is UrlKind.FEED:
            callback = self.parse_feed
        return Request(
            scheduled,
            callback=callback,
            errback=errback,
            meta=meta,
            priority=PRIORITY[kind],
            dont_filter=dont_filter,
        )

    def on_request_scheduled(self, request: Request) -> None:
        if not request.dont_filter:
            self.requested_keys.add(request.url)

    def count_article_link(
        self, url: str, scheduled: str, source: str, kind: UrlKind
    ) -> None:
        stats = self.crawler.stats
        stats.inc_value(f"{STATS}/discovered/links/{source}")
        if url != scheduled:
            stats.inc_value(f"{STATS}/discovered/url_variants")
        if kind is not UrlKind.ARTICLE or not self.site.is_article_url(scheduled):
            return  # a legacy URL is another name of an article; static pages aren't ones
        key = url_key(scheduled)
        if key not in self.article_keys:
            self.article_keys.add(key)
            stats.inc_value(f"{STATS}/discovered/articles")

    # --- errbacks and failure records ----------------------------------------------------------

    def on_article_error(self, failure: Failure) -> Iterator[PageFetch]:
        request = failure.request
        problem = describe(failure)
        self.note_start_failure(request, problem.detail)
        if problem.ignored:
            self.crawler.stats.inc_value(f"{STATS}/skipped/ignored")
            return
        self.crawler.stats.inc_value(f"{STATS}/article_pages")
        yield failed_fetch(request, problem, fingerprint=self.fingerprint(request))

    def on_discovery_error(self, failure: Failure) -> list[PageFetch]:
        """A sitemap, feed or listing that failed to fetch is recorded like an article
        page; a URL the crawler only guessed is not, nor is robots.txt (optional)."""
        request = failure.request
        problem = describe(failure)
        self.note_start_failure(request, problem.detail)
        if problem.ignored:
            return []
        self.crawler.stats.inc_value(f"{STATS}/discovery_errors/{problem.reason}")
        self.logger.warning("Could not fetch %s: %s", request.url, problem.detail)
        recorded = (
            discovery.classify(request.url, self.site) in RECORDED_DISCOVERY_KINDS
        )
        if not recorded or request.meta.get(PROBE):
            return []
        return [failed_fetch(request, problem, fingerprint=self.fingerprint(request))]

    def malformed(
        self, response: Response, reason: str, xml_of: Callable[[bytes], bytes] = bytes
    ) -> Iterator[PageFetch]:
        """A `parse` failure (`malformed_sitemap`, `malformed_feed`) for a file that is
        not well-formed XML; what it still lists is crawled all the same."""
        problem = xml_problem_of(response, xml_of)
        if problem is not None:
            self.crawler.stats.inc_value(f"{STATS}/discovery_errors/{reason}")
            self.logger.warning("%s is malformed: %s", response.url, problem)
            yield self.page_fetch(
                response,
                failure_stage="parse",
                failure_reason=reason,
                failure_detail=problem,
            )

    def note_start(self, response: Response) -> None:
        if response.meta.get(START):
            self.crawler.stats.set_value(f"{STATS}/start_url/status", response.status)

    def note_start_failure(self, request: Request, detail: str) -> None:
        # Nothing else can be crawled when the start URL itself fails: exit code 5.
        if request.meta.get(START):
            self.crawler.stats.set_value(f"{STATS}/start_url/error", detail)
            self.logger.error(
                "Start URL %s could not be fetched: %s", request.url, detail
            )
            raise CloseSpider("site_unreachable")

    def page_fetch(self, response: Response, **outcome: Any) -> PageFetch:
        return fetched_page(
            response, fingerprint=self.fingerprint(response.request), **outcome
        )

    def fingerprint(self, request: Request) -> str:
        return self.crawler.request_fingerprinter.fingerprint(request).hex()

"""How the spider turns a link into a request (or decides not to): the URL rules of
`spiders.discovery`, what is already scheduled, and the discovery counts.

A mixin so that the spider module keeps to its callbacks. Needs `self.crawler`,
`self.start_url`, the callbacks and errbacks, and the per-URL sets the spider makes
(`_article_keys`, `_legacy_keys`, `_scheduled`, `_known_scheduled`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from scrapy import Request

from newsarchive.urls import url_key
from spiders import discovery
from spiders.discovery import UrlKind
from spiders.seen_urls import KnownLink

STATS = "newsarchive"
# Higher runs first: sitemaps before articles (their <lastmod> rides on the request),
# articles before index pages (a --max-articles run archives early).
PRIORITY = {
    UrlKind.SITEMAP: 30,
    UrlKind.FEED: 20,
    UrlKind.ARTICLE: 10,
    UrlKind.LEGACY_ARTICLE: 10,
    UrlKind.INDEX: 0,
}
# Links met on pages: nearly all of them were scheduled already (see seen_urls.py).
# Sitemap entries always go on: the incremental planner records each one's <lastmod>.
LINK_SOURCES = frozenset({"index", "article"})
ALREADY_SCHEDULED_STAT = f"{STATS}/discovered/already_scheduled"
# (URL, hex fingerprint) of a scheduled request; a redirect's request has another URL.
FINGERPRINT_META = "newsarchive_fingerprint"


class LinkRequests:
    def revisit_request(self, url: str, *, source: str) -> Request | None:
        """A request for a URL the archive remembers (failure retries, rechecks)."""
        return self._request(url, source=source)

    def _requests(self, links: Iterable[str], *, source: str) -> Iterator[Request]:
        for link in links:
            if (request := self._request(link, source=source)) is not None:
                yield request

    def _request(
        self, url: str, *, source: str, lastmod: str | None = None
    ) -> Request | None:
        """A request for `url` in its scheduling form, or None when it is not crawled."""
        if source in LINK_SOURCES and (known := self._known_scheduled.get(url)):
            self._count_known_link(known, source)
            return None
        plan = discovery.plan_link(url, self.start_url, self.site)
        if plan is None:
            self.crawler.stats.inc_value(f"{STATS}/offsite_links")
            return None
        kind, scheduled = plan
        if kind is UrlKind.OTHER:
            return None
        meta: dict[str, Any] = {"newsarchive_source": source}
        if lastmod:
            meta["sitemap_lastmod"] = lastmod
        callback, errback, dont_filter = (
            self.parse_index,
            self.on_discovery_error,
            False,
        )
        if kind in (UrlKind.ARTICLE, UrlKind.LEGACY_ARTICLE):
            self._count_article_link(url, scheduled, source, kind)
            callback, errback = self.parse_article, self.on_article_error
        if kind is UrlKind.LEGACY_ARTICLE:
            # The 301 target inherits dont_filter, so the page is fetched again even when
            # its slug URL was seen and the pipelines map the legacy URL to the article.
            # Each legacy URL itself is still fetched once.
            key = url_key(scheduled)
            if key in self._legacy_keys:
                return None
            self._legacy_keys.add(key)
            dont_filter = True
        elif kind is UrlKind.SITEMAP:
            callback = self.parse_sitemap
        elif kind is UrlKind.FEED:
            callback = self.parse_feed
        if source in LINK_SOURCES and not dont_filter and scheduled in self._scheduled:
            # What the dupefilter would drop, dropped before it costs a Request (the
            # count joins the dupefilter's in newsarchive/dedupe/fingerprint).
            self.crawler.stats.inc_value(ALREADY_SCHEDULED_STAT)
            self._known_scheduled.remember(
                url, scheduled, article=kind is UrlKind.ARTICLE
            )
            return None
        return Request(
            scheduled,
            callback=callback,
            errback=errback,
            meta=meta,
            priority=PRIORITY[kind],
            dont_filter=dont_filter,
        )

    def on_request_scheduled(self, request: Request) -> None:
        """request_scheduled: remember what the dupefilter remembers (the URLs of
        filtered requests that reached the scheduler, from whatever source)."""
        if not request.dont_filter:
            self._scheduled.add(request.url)
        # The request's fingerprint, computed now while Scrapy still holds it (the
        # dupefilter is about to compute it: this puts it in the fingerprinter's cache),
        # for the PageFetch of its response: a request back from the disk queue is a new
        # object, whose fingerprint would be computed again.
        fingerprint = self.crawler.request_fingerprinter.fingerprint(request)
        request.meta[FINGERPRINT_META] = (request.url, fingerprint.hex())

    def _count_known_link(self, known: KnownLink, source: str) -> None:
        """The counts `_request` makes for a link already scheduled, without planning
        it again (index pages repeat their navigation, ~25 such links a page)."""
        stats = self.crawler.stats
        if known.article:
            stats.inc_value(f"{STATS}/discovered/links/{source}")
            if known.variant:
                stats.inc_value(f"{STATS}/discovered/url_variants")
        stats.inc_value(ALREADY_SCHEDULED_STAT)

    def _count_article_link(
        self, url: str, scheduled: str, source: str, kind: UrlKind
    ) -> None:
        stats = self.crawler.stats
        stats.inc_value(f"{STATS}/discovered/links/{source}")
        if url != scheduled:
            stats.inc_value(f"{STATS}/discovered/url_variants")
        if kind is not UrlKind.ARTICLE or not self.site.is_article_url(scheduled):
            return  # a legacy URL is another name of an article; static pages aren't ones
        key = url_key(scheduled)
        if key not in self._article_keys:
            self._article_keys.add(key)
            stats.inc_value(f"{STATS}/discovered/articles")

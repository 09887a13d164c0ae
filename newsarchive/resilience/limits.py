"""Limits that protect the machine and the archive: redirects and decompressed size.

- `RedirectGuardMiddleware` (downloader, priority 610: it sees a 3xx before Scrapy's
  `RedirectMiddleware` at 600) refuses a redirect that leaves the site
  (`offsite_redirect`), comes back to a URL of its own chain (`redirect_loop`: Scrapy's
  dupefilter would otherwise drop the looping request without a word), or makes the
  chain longer than `NEWSARCHIVE_MAX_REDIRECTS` (`too_many_redirects`).
- `BoundedDecompressionMiddleware` replaces Scrapy's `HttpCompressionMiddleware` (590):
  a body that inflates past `DOWNLOAD_MAXSIZE` (a gzip bomb) is refused as `too_large`
  instead of being ignored silently.

Download size itself is Scrapy's `DOWNLOAD_MAXSIZE`; depth is `DEPTH_LIMIT`; total
pages `CLOSESPIDER_PAGECOUNT` (all in `newsarchive.settings`).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Self
from urllib.parse import urljoin

from scrapy import signals
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import IgnoreRequest
from w3lib.url import canonicalize_url, safe_url_string

from newsarchive.resilience.failures import FetchRefused
from newsarchive.urls import host_of

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
REDIRECT_REFUSALS = frozenset(
    {"offsite_redirect", "redirect_loop", "too_many_redirects"}
)
"""Reasons recorded against the URL first asked for (not the hop that was refused)."""
DEFAULT_MAX_REDIRECTS = 5


def redirect_target(request: Request, response: Response) -> str | None:
    """The absolute URL a 3xx response sends the request to (None: not a redirect)."""
    location = response.headers.get(b"Location")
    if response.status not in REDIRECT_STATUSES or not location:
        return None
    return urljoin(request.url, safe_url_string(location))


def on_site(url: str, site_hosts: list[str]) -> bool:
    """On one of the site's hosts, or a subdomain of one (`www.` and case ignored)."""
    if not site_hosts:
        return True
    host = host_of(url)
    return any(host == site or host.endswith("." + site) for site in site_hosts)


class RedirectGuardMiddleware:
    def __init__(self, stats: StatsCollector, *, max_redirects: int) -> None:
        self.stats = stats
        self.max_redirects = max_redirects
        self.site_hosts: list[str] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        guard = cls(
            crawler.stats,
            max_redirects=crawler.settings.getint(
                "NEWSARCHIVE_MAX_REDIRECTS", DEFAULT_MAX_REDIRECTS
            ),
        )
        crawler.signals.connect(guard.spider_opened, signal=signals.spider_opened)
        return guard

    def spider_opened(self, spider: Spider) -> None:
        domains = getattr(spider, "allowed_domains", None) or []
        self.site_hosts = [host_of(f"http://{domain}/") for domain in domains]

    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get("dont_redirect"):
            return response
        target = redirect_target(request, response)
        if target is None:
            return response
        chain = [*request.meta.get("redirect_urls", []), request.url]
        shown = " -> ".join([*chain, target])
        if not on_site(target, self.site_hosts):
            self._refuse(
                "offsite_redirect", f"redirected off the site: {shown}", response
            )
        seen = {canonicalize_url(url) for url in chain}
        if canonicalize_url(target) in seen:
            self._refuse("redirect_loop", f"redirect loop: {shown}", response)
        if len(chain) > self.max_redirects:
            self._refuse(
                "too_many_redirects",
                f"more than {self.max_redirects} redirects (NEWSARCHIVE_MAX_REDIRECTS): "
                f"{shown}",
                response,
            )
        return response

    def _refuse(self, reason: str, detail: str, response: Response) -> None:
        self.stats.inc_value(f"newsarchive/limits/{reason}")
        logger.info("Refused %s: %s", response.url, detail)
        raise FetchRefused(reason, detail, response=response)


class BoundedDecompressionMiddleware(HttpCompressionMiddleware):
    """Scrapy's decompression, with an over-size body refused as `too_large`."""

    def process_response(
        self, request: Request, response: Response
    ) -> Request | Response:
        try:
            return super().process_response(request, response)
        except FetchRefused:
            raise
        except IgnoreRequest as error:
            # The only IgnoreRequest decompression raises: the inflated body passed
            # DOWNLOAD_MAXSIZE (a decompression bomb). The compressed bytes are not
            # kept: they are not a page anyone could read.
            self.stats.inc_value("newsarchive/limits/too_large")
            raise FetchRefused(
                "too_large", f"{error} (a decompression bomb?)", status=response.status
            ) from error

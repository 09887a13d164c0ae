"""robots.txt fetched once per crawl, for both of its readers.

Two parts of a crawl read robots.txt: Scrapy's `RobotsTxtMiddleware` (may a URL be
fetched?) and the spider (its `Sitemap:` lines start discovery). Each used to download
it, so every crawl asked the site for the file twice. This middleware keeps the response
Scrapy's fetch got and answers the spider's own request for the same URL with it.

When Scrapy's fetch failed (no response at all), the spider's request goes to the site
as before, so the spider still sees the failure and records it. The handed-over response
passes the downloader middlewares' `process_response` like any other, so Scrapy's
`downloader/response_count` counts it (one more than the site served); the site's own
count is in `robotstxt/request_count` and `newsarchive/robots/reused`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.utils.httpobj import urlparse_cached

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.http import Response

REUSED_STAT = "newsarchive/robots/reused"
REUSED_FLAG = "robots.txt reused"


class SharedRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware; its robots.txt response also answers the
    spider's request for that file (one download per host and crawl)."""

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self._fetched: dict[str, Response] = {}

    async def process_request(self, request: Request) -> Response | None:
        # The parent waits until robots.txt for this host is fetched and parsed.
        await super().process_request(request)
        parts = urlparse_cached(request)
        if parts.path != "/robots.txt" or parts.query:
            return None
        fetched = self._fetched.pop(parts.netloc, None)  # handed over once, then freed
        if (
            fetched is None
            or request.url != f"{parts.scheme}://{parts.netloc}/robots.txt"
        ):
            return None
        self._stats.inc_value(REUSED_STAT)
        return fetched.replace(request=request, flags=[*fetched.flags, REUSED_FLAG])

    async def _parse_robots(
        self, response: Response, netloc: str, request: Request
    ) -> None:
        self._fetched[netloc] = response
        await super()._parse_robots(response, netloc, request)

"""The spider's handling of broken discovery pages (sitemaps, feeds, listings).

A discovery page that fails to fetch, or a sitemap or feed that is not well-formed XML,
becomes a `PageFetch` failure like an article page's, so it lands in `failures` (and a
later run retries it); what a broken file still lists is crawled all the same. A URL the
crawler only guessed (the usual feed and sitemap places) is not recorded when missing,
nor is robots.txt (it is optional). Mixed into the spider, whose `_fingerprint`,
`_page_fetch` and `_note_start_failure` it uses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from scrapy.http import Response
from twisted.python.failure import Failure

from newsarchive.items import PageFetch
from spiders import discovery
from spiders.discovery import UrlKind
from spiders.fetch_failures import describe
from spiders.page_fetch import failed_fetch, xml_problem_of

STATS = "newsarchive"
RECORDED_DISCOVERY_KINDS = frozenset({UrlKind.SITEMAP, UrlKind.FEED, UrlKind.INDEX})
PROBE = "newsarchive_probe"
"""Request meta: a URL the crawler guessed (the usual feed and sitemap places)."""


class DiscoveryFailures:
    def on_discovery_error(self, failure: Failure) -> list[PageFetch]:
        request = failure.request
        problem = describe(failure)
        self._note_start_failure(request, problem.detail)
        if problem.ignored:
            return []
        self.crawler.stats.inc_value(f"{STATS}/discovery_errors/{problem.reason}")
        self.logger.warning("Could not fetch %s: %s", request.url, problem.detail)
        recorded = (
            discovery.classify(request.url, self.site) in RECORDED_DISCOVERY_KINDS
        )
        if not recorded or request.meta.get(PROBE):
            return []
        return [failed_fetch(request, problem, fingerprint=self._fingerprint(request))]

    def _malformed(
        self, response: Response, reason: str, xml_of: Callable[[bytes], bytes] = bytes
    ) -> Iterator[PageFetch]:
        """A `parse` failure (`malformed_sitemap`, `malformed_feed`) for a file that is
        not well-formed XML."""
        problem = xml_problem_of(response, xml_of)
        if problem is not None:
            self.crawler.stats.inc_value(f"{STATS}/discovery_errors/{reason}")
            self.logger.warning("%s is malformed: %s", response.url, problem)
            yield self._page_fetch(
                response,
                failure_stage="parse",
                failure_reason=reason,
                failure_detail=problem,
            )

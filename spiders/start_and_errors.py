"""The spider's errback for article pages, and how a failing start URL ends the run.

A mixin so that the spider module keeps to crawling decisions; the reasons themselves
come from `spiders.fetch_failures`.
"""

from __future__ import annotations

from collections.abc import Iterator

from scrapy import Request
from scrapy.exceptions import CloseSpider
from scrapy.http import Response
from twisted.python.failure import Failure

from newsarchive.items import PageFetch
from spiders.fetch_failures import describe
from spiders.page_fetch import failed_fetch

STATS = "newsarchive"


class StartAndErrors:
    """Needs `self.crawler`, `self.logger` and `self._fingerprint(request)`."""

    def on_article_error(self, failure: Failure) -> Iterator[PageFetch]:
        request = failure.request
        problem = describe(failure)
        self._note_start_failure(request, problem.detail)
        if problem.ignored:
            self.crawler.stats.inc_value(f"{STATS}/skipped/ignored")
            return
        self.crawler.stats.inc_value(f"{STATS}/article_pages")
        yield failed_fetch(request, problem, fingerprint=self._fingerprint(request))

    def _note_start(self, response: Response) -> None:
        if response.meta.get("newsarchive_start"):
            self.crawler.stats.set_value(f"{STATS}/start_url/status", response.status)

    def _note_start_failure(self, request: Request, detail: str) -> None:
        # Nothing else can be crawled when the start URL itself fails: exit code 5.
        if request.meta.get("newsarchive_start"):
            self.crawler.stats.set_value(f"{STATS}/start_url/error", detail)
            self.logger.error(
                "Start URL %s could not be fetched: %s", request.url, detail
            )
            raise CloseSpider("site_unreachable")

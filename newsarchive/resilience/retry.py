"""Retrying transient faults with backoff, honouring Retry-After.

`BackoffRetryMiddleware` replaces Scrapy's `RetryMiddleware` (same settings: `RETRY_TIMES`,
`RETRY_HTTP_CODES`, `RETRY_EXCEPTIONS`, same `retry/*` stats) and adds:

- a wait before each retry: the server's `Retry-After` (seconds or an HTTP date) when it
  sends one, capped by `NEWSARCHIVE_RETRY_AFTER_MAX`; else exponential backoff from
  `NEWSARCHIVE_RETRY_BACKOFF_BASE` seconds, doubling per attempt, capped by
  `NEWSARCHIVE_RETRY_BACKOFF_MAX`, with jitter so retries of many pages spread out;
- truncated HTML (a complete response whose page has no `</html>`) is retried like a
  dropped connection, and refused as `truncated` when the retries are used up, so a
  half page is never parsed into a half article.

When retries run out an HTTP error response goes on (the spider's errback records it
with its status); an exception goes on as it is. Each retry's wait is counted in
`newsarchive/retry/wait_seconds`.
"""

from __future__ import annotations

import logging
import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Self

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import task

from newsarchive.resilience.failures import FetchRefused
from newsarchive.resilience.truncation import looks_truncated

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

DEFAULT_RETRY_AFTER_MAX = 60.0
DEFAULT_BACKOFF_BASE = 1.0
DEFAULT_BACKOFF_MAX = 30.0
TRUNCATED = "truncated"


def retry_after_seconds(
    value: str | bytes | None, now: datetime | None = None
) -> float | None:
    """Seconds a `Retry-After` header asks for (None when absent or unreadable)."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def backoff_seconds(
    retry_number: int, *, base: float, cap: float, jitter: float
) -> float:
    """The wait before retry number `retry_number` (1 = first retry): `base` doubled per
    earlier retry, capped, times `jitter` (a factor in [0.5, 1])."""
    if base <= 0:
        return 0.0
    return min(cap, base * 2 ** max(0, retry_number - 1)) * jitter


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(
        self,
        settings: BaseSettings,
        *,
        retry_after_max: float = DEFAULT_RETRY_AFTER_MAX,
        backoff_base: float = DEFAULT_BACKOFF_BASE,
        backoff_max: float = DEFAULT_BACKOFF_MAX,
    ) -> None:
        super().__init__(settings)
        self.retry_after_max = retry_after_max
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        middleware = cls(
            settings,
            retry_after_max=settings.getfloat(
                "NEWSARCHIVE_RETRY_AFTER_MAX", DEFAULT_RETRY_AFTER_MAX
            ),
            backoff_base=settings.getfloat(
                "NEWSARCHIVE_RETRY_BACKOFF_BASE", DEFAULT_BACKOFF_BASE
            ),
            backoff_max=settings.getfloat(
                "NEWSARCHIVE_RETRY_BACKOFF_MAX", DEFAULT_BACKOFF_MAX
            ),
        )
        middleware.crawler = crawler
        return middleware

    async def process_response(
        self, request: Request, response: Response
    ) -> Request | Response:
        if request.meta.get("dont_retry", False):
            return response
        if response.status in self.retry_http_codes:
            retry = self._retry(request, f"http_{response.status}")
            if retry is None:
                return response
            await self._wait(request, response.headers.get(b"Retry-After"))
            return retry
        if response.status == 200 and looks_truncated(
            response.body, _content_type(response)
        ):
            retry = self._retry(request, TRUNCATED)
            if retry is None:
                raise FetchRefused(
                    TRUNCATED,
                    f"the page ended before </html> ({len(response.body)} bytes) "
                    f"on every one of {_attempts(request)} attempts",
                    response=response,
                )
            await self._wait(request, None)
            return retry
        return response

    async def process_exception(
        self, request: Request, exception: Exception
    ) -> Request | Response | None:
        if not isinstance(exception, self.exceptions_to_retry) or request.meta.get(
            "dont_retry", False
        ):
            return None
        retry = self._retry(request, exception)
        if retry is not None:
            await self._wait(request, None)
        return retry

    async def _wait(self, request: Request, retry_after: bytes | None) -> None:
        asked = retry_after_seconds(retry_after)
        if asked is not None:
            seconds = min(asked, self.retry_after_max)
        else:
            seconds = backoff_seconds(
                request.meta.get("retry_times", 0) + 1,
                base=self.backoff_base,
                cap=self.backoff_max,
                jitter=random.uniform(0.5, 1.0),
            )
        if seconds <= 0:
            return
        stats = self.crawler.stats
        stats.inc_value("newsarchive/retry/waits")
        stats.inc_value("newsarchive/retry/wait_seconds", round(seconds, 3))
        logger.debug("Waiting %.2f s before retrying %s", seconds, request.url)
        await self._sleep(seconds)

    async def _sleep(self, seconds: float) -> None:
        # Through the reactor: works whichever reactor runs the crawl. While it waits,
        # the request holds no download slot, only its place among active requests.
        from twisted.internet import reactor

        await maybe_deferred_to_future(task.deferLater(reactor, seconds, lambda: None))


def _attempts(request: Request) -> int:
    return request.meta.get("retry_times", 0) + 1


def _content_type(response: Response) -> str:
    value = response.headers.get(b"Content-Type") or b""
    return value.decode("latin-1")

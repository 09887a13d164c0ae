"""BackoffRetryMiddleware: which responses are retried, how long it waits, what is refused."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from scrapy import Spider
from scrapy.exceptions import DownloadTimeoutError
from scrapy.http import HtmlResponse, Request, Response
from scrapy.utils.test import get_crawler

from newsarchive.resilience.failures import FetchRefused
from newsarchive.resilience.retry import (
    BackoffRetryMiddleware,
    backoff_seconds,
    retry_after_seconds,
)

PAGE = b"<!DOCTYPE html><html><head></head><body><p>text</p></body></html>"


def test_retry_after_in_seconds_or_as_a_date() -> None:
    now = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds(b" 5 ") == 5.0
    later = format_datetime(now + timedelta(seconds=90), usegmt=True)
    assert retry_after_seconds(later, now=now) == 90.0
    earlier = format_datetime(now - timedelta(seconds=90), usegmt=True)
    assert retry_after_seconds(earlier, now=now) == 0.0
    for unreadable in (None, "", "soon", "-3"):
        assert retry_after_seconds(unreadable) is None


def test_backoff_doubles_up_to_the_cap() -> None:
    waits = [backoff_seconds(n, base=1.0, cap=5.0, jitter=1.0) for n in (1, 2, 3, 4)]
    assert waits == [1.0, 2.0, 4.0, 5.0]
    assert backoff_seconds(3, base=1.0, cap=60, jitter=0.5) == 2.0
    assert backoff_seconds(1, base=0.0, cap=5.0, jitter=1.0) == 0.0


class Waits(BackoffRetryMiddleware):
    """The middleware with its wait recorded instead of slept."""

    waited: list[float]

    async def _sleep(self, seconds: float) -> None:
        self.waited.append(seconds)


def middleware(**settings) -> Waits:
    values = {
        "RETRY_TIMES": 2,
        "NEWSARCHIVE_RETRY_AFTER_MAX": 10.0,
        "NEWSARCHIVE_RETRY_BACKOFF_BASE": 1.0,
        "NEWSARCHIVE_RETRY_BACKOFF_MAX": 30.0,
    }
    values.update(settings)  # fmt: skip
    crawler = get_crawler(Spider, values)
    crawler.spider = crawler._create_spider("test")
    mw = Waits.from_crawler(crawler)
    mw.waited = []
    return mw


def run(coroutine):
    return asyncio.run(coroutine)


def response(
    status: int, body: bytes = PAGE, headers=None, url="http://site.example/a/"
):
    return HtmlResponse(url=url, status=status, body=body, request=Request(url),
                        headers={"Content-Type": "text/html; charset=utf-8", **(headers or {})})  # fmt: skip


def test_503_retried_after_the_capped_retry_after() -> None:
    mw = middleware()
    request = Request("http://site.example/a/")
    retried = run(
        mw.process_response(request, response(503, headers={"Retry-After": "3"}))
    )
    assert isinstance(retried, Request) and retried.meta["retry_times"] == 1
    assert retried.dont_filter
    again = run(
        mw.process_response(retried, response(429, headers={"Retry-After": "600"}))
    )
    assert isinstance(again, Request) and again.meta["retry_times"] == 2
    assert mw.waited == [3.0, 10.0]
    given_up = response(503)
    assert run(mw.process_response(again, given_up)) is given_up
    stats = mw.crawler.stats
    assert stats.get_value("retry/count") == 2
    assert stats.get_value("retry/max_reached") == 1
    assert stats.get_value("newsarchive/retry/waits") == 2


def test_exceptions_back_off_exponentially() -> None:
    mw = middleware(NEWSARCHIVE_RETRY_BACKOFF_BASE=2.0)
    request = Request("http://site.example/a/")
    first = run(mw.process_exception(request, DownloadTimeoutError("slow")))
    second = run(mw.process_exception(first, DownloadTimeoutError("slow")))
    assert run(mw.process_exception(second, DownloadTimeoutError("slow"))) is None
    assert 1.0 <= mw.waited[0] <= 2.0 and 2.0 <= mw.waited[1] <= 4.0


def test_permanent_statuses_and_unknown_errors_are_not_retried() -> None:
    mw = middleware()
    request = Request("http://site.example/a/")
    for status in (404, 410, 403):
        page = response(status)
        assert run(mw.process_response(request, page)) is page
    assert run(mw.process_exception(request, ValueError("bug"))) is None
    assert mw.waited == []


def test_truncated_page_retried_then_refused_with_its_body() -> None:
    mw = middleware(RETRY_TIMES=1, NEWSARCHIVE_RETRY_BACKOFF_BASE=0.0)
    cut = PAGE[:40]
    request = Request("http://site.example/a/")
    retried = run(mw.process_response(request, response(200, cut)))
    assert isinstance(retried, Request)
    with pytest.raises(FetchRefused) as refused:
        run(mw.process_response(retried, response(200, cut)))
    assert refused.value.reason == "truncated"
    assert refused.value.response.body == cut and refused.value.status == 200
    assert "2 attempts" in refused.value.detail


def test_whole_pages_fragments_and_dont_retry_pass() -> None:
    mw = middleware()
    request = Request("http://site.example/a/")
    for page in (response(200), response(200, b'<div class="widget">fragment</div>'),
                 Response("http://site.example/feed.rss", body=b"<rss")):  # fmt: skip
        assert run(mw.process_response(request, page)) is page
    quiet = Request("http://site.example/a/", meta={"dont_retry": True})
    page = response(503)
    assert run(mw.process_response(quiet, page)) is page

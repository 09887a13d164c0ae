"""Redirect guard, bounded decompression, charset fallback: refused with a reason."""

from __future__ import annotations

import pytest
from scrapy import Spider
from scrapy.exceptions import DownloadCancelledError
from scrapy.http import HtmlResponse, Request, Response, TextResponse
from scrapy.utils.test import get_crawler

from newsarchive.replica import fault_content
from newsarchive.resilience.charset import FALLBACK_HEADER, CharsetFallbackMiddleware
from newsarchive.resilience.failures import FetchRefused, attempts_of, refusal_of
from newsarchive.resilience.limits import (
    BoundedDecompressionMiddleware,
    RedirectGuardMiddleware,
    on_site,
)

SITE = "http://127.0.0.1:8765"


def crawler(**settings):
    crawler = get_crawler(Spider, settings)
    crawler.spider = crawler._create_spider("test", allowed_domains=["127.0.0.1"])
    return crawler


def guard(max_redirects: int = 3) -> RedirectGuardMiddleware:
    scrapy_crawler = crawler(NEWSARCHIVE_MAX_REDIRECTS=max_redirects)
    mw = RedirectGuardMiddleware.from_crawler(scrapy_crawler)
    mw.spider_opened(scrapy_crawler.spider)
    return mw


def redirect(request: Request, location: str, status: int = 302) -> Response:
    return Response(
        request.url, status=status, headers={"Location": location}, request=request
    )


def hop(request: Request, url: str) -> Request:
    """The request RedirectMiddleware would make for the next hop."""
    chain = [*request.meta.get("redirect_urls", []), request.url]
    return Request(url, meta={"redirect_urls": chain})


def test_on_site() -> None:
    assert on_site("http://WWW.127.0.0.1:1/x", ["127.0.0.1"])
    assert on_site("https://news.example.org/x", ["example.org"])
    assert not on_site("http://offsite.invalid/x", ["127.0.0.1"])
    assert on_site("http://anything/", [])


def test_redirects_on_the_site_pass() -> None:
    mw = guard()
    request = Request(f"{SITE}/2020/01/02/old-slug")
    response = redirect(request, "/old-slug/", 301)
    assert mw.process_response(request, response) is response
    page = HtmlResponse(f"{SITE}/a/", body=b"<html></html>")
    assert mw.process_response(request, page) is page


def test_offsite_redirect_refused() -> None:
    mw = guard()
    request = Request(f"{SITE}/a/")
    with pytest.raises(FetchRefused) as refused:
        mw.process_response(
            request, redirect(request, "http://offsite.invalid/a/", 301)
        )
    assert refused.value.reason == "offsite_redirect"
    assert "offsite.invalid" in refused.value.detail and refused.value.status == 301


def test_redirect_loop_refused_before_the_dupefilter_drops_it() -> None:
    mw = guard(max_redirects=10)
    request = Request(f"{SITE}/a/")
    for url in (f"{SITE}/a/?hop=1", f"{SITE}/a/?hop=2"):
        mw.process_response(request, redirect(request, url))
        request = hop(request, url)
    with pytest.raises(FetchRefused) as refused:
        mw.process_response(request, redirect(request, "/a/"))
    assert refused.value.reason == "redirect_loop"
    assert refused.value.detail.endswith(f"{SITE}/a/?hop=2 -> {SITE}/a/")


def test_too_many_redirects_refused() -> None:
    mw = guard(max_redirects=2)
    request = Request(f"{SITE}/a/")
    for n in range(1, 4):
        response = redirect(request, f"/a{n}/")
        if n <= 2:
            assert mw.process_response(request, response) is response
            request = hop(request, f"{SITE}/a{n}/")
    with pytest.raises(FetchRefused) as refused:
        mw.process_response(request, redirect(request, "/a9/"))
    assert refused.value.reason == "too_many_redirects"
    assert mw.stats.get_value("newsarchive/limits/too_many_redirects") == 1


def test_gzip_bomb_refused_as_too_large() -> None:
    mw = BoundedDecompressionMiddleware.from_crawler(
        crawler(DOWNLOAD_MAXSIZE=1024 * 1024)
    )
    request = Request(f"{SITE}/a/")
    bomb = HtmlResponse(f"{SITE}/a/", body=fault_content.gzip_bomb(4), request=request,
                        headers={"Content-Encoding": "gzip", "Content-Type": "text/html"})  # fmt: skip
    with pytest.raises(FetchRefused) as refused:
        mw.process_response(request, bomb)
    assert refused.value.reason == "too_large" and refused.value.status == 200
    assert refused.value.response is None
    plain = HtmlResponse(f"{SITE}/a/", body=b"<html></html>", request=request)
    assert mw.process_response(request, plain) is plain


def test_refusals_and_cancelled_downloads_get_their_reason() -> None:
    refused = FetchRefused("redirect_loop", "loop", status=302)
    assert refusal_of(refused).reason == "redirect_loop"
    cancelled = DownloadCancelledError(
        "Cancelling download of http://x/: expected response size (3000000) larger than "
        "download max size (2000000)."
    )
    assert refusal_of(cancelled).reason == "too_large"
    assert refusal_of(ValueError("no")) is None
    assert attempts_of(Request("http://x/", meta={"retry_times": 2})) == 3
    assert attempts_of(Request("http://x/")) == 1


def test_charset_fallback_keeps_the_bytes_and_corrects_the_header() -> None:
    mw = CharsetFallbackMiddleware.from_crawler(crawler())
    page = "<html><head><meta charset='utf-8'></head><body><p>Beijing’s “talks”</p></body></html>"
    raw = page.encode("cp1252")
    request = Request(f"{SITE}/a/")
    response = HtmlResponse(f"{SITE}/a/", body=raw, request=request,
                            headers={"Content-Type": "text/html; charset=utf-8"})  # fmt: skip
    fixed = mw.process_response(request, response)
    assert fixed.body == raw and isinstance(fixed, TextResponse)
    assert "Beijing’s “talks”" in fixed.text
    assert fixed.headers[b"Content-Type"] == b"text/html; charset=windows-1252"
    assert fixed.headers[FALLBACK_HEADER] == b"declared utf-8"
    healthy = HtmlResponse(f"{SITE}/b/", body=page.encode(), request=request,
                           headers={"Content-Type": "text/html; charset=utf-8"})  # fmt: skip
    assert mw.process_response(request, healthy) is healthy
    assert mw.stats.get_value("newsarchive/charset_fallback") == 1

"""Meta-refresh redirects are followed as Scrapy follows them; pages without one are
passed on without being decoded."""

from __future__ import annotations

from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newsarchive.crawl.meta_refresh import CheapMetaRefreshMiddleware

URL = "https://responsiblestatecraft.org/old-story/"
REFRESH = b'<html><head><meta http-equiv="Refresh" content="0; url=/new-story/"></head></html>'


def middleware() -> CheapMetaRefreshMiddleware:
    return CheapMetaRefreshMiddleware.from_crawler(get_crawler())


def respond(body: bytes, encoding: str = "utf-8") -> tuple[Request, HtmlResponse]:
    request = Request(URL)
    return request, HtmlResponse(URL, body=body, encoding=encoding, request=request)


def test_a_meta_refresh_is_followed() -> None:
    request, response = respond(REFRESH)
    redirected = middleware().process_response(request, response)
    assert isinstance(redirected, Request)
    assert redirected.url == "https://responsiblestatecraft.org/new-story/"


def test_a_meta_refresh_in_another_encoding_is_followed() -> None:
    request, response = respond(REFRESH.decode().encode("utf-16"), encoding="utf-16")
    redirected = middleware().process_response(request, response)
    assert isinstance(redirected, Request)


def test_a_page_without_one_is_passed_on_undecoded() -> None:
    body = (
        b"<html><head><title>Story</title></head><body>"
        + b"x" * 100_000
        + b"</body></html>"
    )
    request, response = respond(body)
    assert middleware().process_response(request, response) is response
    assert response._cached_ubody is None  # Scrapy's text was never built


def test_the_word_elsewhere_sends_the_page_through_scrapys_check() -> None:
    request, response = respond(b"<html><body><p>Refresh the page</p></body></html>")
    assert middleware().process_response(request, response) is response

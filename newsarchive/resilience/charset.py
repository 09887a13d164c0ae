"""Charset fallback: an HTML page whose bytes are not the UTF-8 it claims (or that
names no charset at all) is read as Windows-1252, the usual culprit.

Without it the parser decodes such a page as UTF-8 with replacement characters and
archives "Beijing�s" for "Beijing’s". The body is kept byte for byte (the raw page in
the archive stays what the server sent); only the response's `Content-Type` is
corrected, so the parser, `reparse` and anyone reading `pages.headers` decode it right.
The header `X-Newsarchive-Charset-Fallback` records what was declared.
"""

from __future__ import annotations

import codecs
import logging
from typing import TYPE_CHECKING, Self

from scrapy.http import HtmlResponse, TextResponse
from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
)

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

FALLBACK_ENCODING = "cp1252"
FALLBACK_HEADER = b"X-Newsarchive-Charset-Fallback"
_UTF8_NAMES = frozenset({"utf-8"})


def declared_encoding(body: bytes, content_type: str) -> str | None:
    """The charset a page declares (BOM, then header, then `<meta>`), normalised."""
    name = (
        read_bom(body)[0]
        or http_content_type_encoding(content_type or None)
        or html_body_declared_encoding(body)
    )
    if name is None:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name


def needs_fallback(body: bytes, content_type: str) -> str | None:
    """What the page declared ("none" when nothing) if it is HTML that claims UTF-8 or
    nothing and is not valid UTF-8; else None (the page is read as it says)."""
    if "html" not in content_type.lower():
        return None
    declared = declared_encoding(body, content_type)
    if declared is not None and declared not in _UTF8_NAMES:
        return None
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return declared or "none"
    return None


class CharsetFallbackMiddleware:
    """Downloader middleware (priority 570: after decompression at 590)."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.stats)

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status != 200 or not isinstance(response, TextResponse):
            return response
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
        declared = needs_fallback(response.body, content_type)
        if declared is None:
            return response
        self.stats.inc_value("newsarchive/charset_fallback")
        logger.info(
            "%s is not valid UTF-8 (declared: %s): read as %s",
            response.url,
            declared,
            FALLBACK_ENCODING,
        )
        headers = response.headers.copy()
        headers[b"Content-Type"] = b"text/html; charset=windows-1252"
        headers[FALLBACK_HEADER] = f"declared {declared}".encode()
        return response.replace(
            cls=HtmlResponse, headers=headers, encoding=FALLBACK_ENCODING
        )

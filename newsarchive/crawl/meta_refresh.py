"""Scrapy's meta-refresh redirects, without decoding every page to look for one."""

from __future__ import annotations

import re
from typing import Any

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse

from newsarchive.extraction.document import is_utf8

# Scrapy looks in the first 4,096 characters of the page's text; in UTF-8 those are at
# most 4 bytes each.
_SEARCHED_BYTES = 4 * 4096
_REFRESH = re.compile(rb"refresh", re.IGNORECASE)


class CheapMetaRefreshMiddleware(MetaRefreshMiddleware):
    """`MetaRefreshMiddleware` that first checks the page's bytes for "refresh".

    Scrapy's decodes every HTML response to text to search its head for
    `<meta http-equiv="refresh">`: ~2.5% of a fast crawl's CPU (bench/profile_crawl.py),
    paid by every article page, none of which has one. A UTF-8 page without the word in
    its first bytes can't have the tag in its first characters, so it is passed on as it
    is; any other page (the word is there, or another encoding) goes through Scrapy's
    check unchanged.
    """

    def process_response(self, request: Any, response: Any, spider: Any = None) -> Any:
        if (
            isinstance(response, HtmlResponse)
            and is_utf8(response.encoding)
            and not _REFRESH.search(response.body, 0, _SEARCHED_BYTES)
        ):
            return response
        return super().process_response(request, response)

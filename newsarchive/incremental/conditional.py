"""ConditionalRequestMiddleware: revisits ask the server "changed since?" (RFC 9110).

A request the revisit planner annotated with stored validators gets `If-None-Match`
(the stored `ETag`) and `If-Modified-Since` (the stored `Last-Modified`), and a 304 Not
Modified answer is let through to the spider (Scrapy treats non-2xx as errors otherwise),
which records it as "checked, unchanged" without a body to parse.

Enable with `DOWNLOADER_MIDDLEWARES = {"newsarchive.incremental.conditional.
ConditionalRequestMiddleware": 580}`. Stat: `newsarchive/incremental/conditional`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

NOT_MODIFIED = 304


class ConditionalRequestMiddleware:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.stats)

    def process_request(self, request: Request) -> None:
        validators = request.meta.get("newsarchive_validators")
        if not validators:
            return
        if validators.get("etag"):
            request.headers.setdefault(b"If-None-Match", validators["etag"])
        if validators.get("last_modified"):
            request.headers.setdefault(
                b"If-Modified-Since", validators["last_modified"]
            )
        allowed = list(request.meta.get("handle_httpstatus_list", ()))
        if NOT_MODIFIED not in allowed:
            request.meta["handle_httpstatus_list"] = [*allowed, NOT_MODIFIED]
        self.stats.inc_value("newsarchive/incremental/conditional")
        return

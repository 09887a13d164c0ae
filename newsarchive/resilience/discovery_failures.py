"""Resolving the failures of discovery pages (sitemaps, feeds, listings) once they read.

An article's failure is resolved by the store when the article is archived. A broken
sitemap or a listing that failed has no article to archive: this extension notes the
discovery pages that came back whole (a 200, and for sitemaps and feeds well-formed
XML) and, when the spider closes, marks their open failures resolved. Otherwise a later
run would retry them forever after the site fixed them.

Enable with `EXTENSIONS = {"newsarchive.resilience.discovery_failures.
DiscoveryFailureResolver": 520}`. Stat: `newsarchive/failures_resolved/discovery`.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Self

from scrapy import signals
from sqlalchemy.orm import Session

from newsarchive.resilience.failures import sitemap_xml, xml_problem
from newsarchive.sites import SiteProfile, UrlKind, profile_from_settings
from newsarchive.store import (
    BUSY_TIMEOUT_SECONDS,
    acquire_archive,
    busy_timeout_setting,
    db_path_setting,
    release_archive,
    resolve_failures,
)
from newsarchive.urls import url_key

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


class DiscoveryFailureResolver:
    def __init__(
        self,
        stats: StatsCollector,
        *,
        db_path: Path,
        site: SiteProfile,
        busy_timeout: float = BUSY_TIMEOUT_SECONDS,
    ) -> None:
        self.stats = stats
        self.db_path = db_path
        self.busy_timeout = busy_timeout
        self.site = site
        self.read_whole: set[str] = set()
        """url_keys of discovery pages read whole this run."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        extension = cls(
            crawler.stats,
            db_path=db_path_setting(crawler.settings),
            busy_timeout=busy_timeout_setting(crawler.settings),
            site=profile_from_settings(crawler.settings),
        )
        crawler.signals.connect(extension.response_received, signals.response_received)
        crawler.signals.connect(extension.spider_closed, signals.spider_closed)
        return extension

    def response_received(self, response: Response, request: Request) -> None:
        if response.status != 200:
            return
        kind = self.site.classify(request.url)
        if (
            kind is UrlKind.SITEMAP
            and xml_problem(sitemap_xml(response.body)) is None
            or kind is UrlKind.FEED
            and xml_problem(response.body) is None
            or kind is UrlKind.INDEX
        ):
            self.read_whole.add(url_key(request.url))

    def spider_closed(self) -> None:
        if not self.read_whole:
            return
        archive = acquire_archive(self.db_path, busy_timeout=self.busy_timeout)
        try:
            with Session(archive.engine) as session, session.begin():
                resolved = resolve_failures(
                    session, site=self.site.name, url_keys=self.read_whole,
                    at=datetime.now(UTC),
                )  # fmt: skip
        finally:
            release_archive(archive)
        if resolved:
            self.stats.set_value("newsarchive/failures_resolved/discovery", resolved)
            logger.info(
                "%d failures of discovery pages resolved (read whole)", resolved
            )

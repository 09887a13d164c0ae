"""Ask a running crawl to stop: used when a database error makes going on pointless."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from scrapy.utils.defer import deferred_from_coro

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


def crawl_stopper(crawler: Crawler) -> Callable[[str], None]:
    """A function closing the crawler's spider with a reason (no-op if not running)."""

    def stop(reason: str) -> None:
        engine = crawler.engine
        if engine is None or engine.spider is None:
            logger.debug("No running spider to close (%s)", reason)
            return
        # Scheduled, not awaited: the engine waits for in-flight items to finish.
        deferred_from_coro(engine.close_spider_async(reason=reason))

    return stop

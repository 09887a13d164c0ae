"""After a forced stop: write what the crawl held, and close its run record.

Scrapy's stock shutdown: the first SIGINT/SIGTERM closes the spider gracefully (in-flight
requests finish, the pipelines write their last batch, the run record is closed); a
second one stops the reactor at once, so the spider never closes. Then this runs, in the
crawl process with no reactor (every step is synchronous): the store writes its queued
pages, the not-modified and incremental records are written, and the run is closed as
`interrupted`. Signals arriving meanwhile are ignored (Scrapy's handlers stay
installed), so any number of them ends the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from newsarchive.crawl.progress import ProgressExtension
from newsarchive.extensions.run_record import RunRecordExtension
from newsarchive.incremental.middleware import IncrementalSpiderMiddleware
from newsarchive.store import describe_error
from pipelines.not_modified import NotModifiedPipeline
from pipelines.store import StorePipeline

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

FORCED_STOP_STAT = "newsarchive/forced_stop"
SHUTDOWN = "shutdown"
"""Scrapy's close reason for a stop by signal: the run is `interrupted`."""


def spider_closed(crawler: Crawler) -> bool:
    """Whether the spider finished closing (Scrapy's core stats set the finish reason
    last thing; a forced stop leaves it unset)."""
    return crawler.stats.get_value("finish_reason") is not None


def close_after_forced_stop(crawler: Crawler) -> None:
    """Write what the stopped crawl held and close its run as interrupted."""
    crawler.stats.set_value(FORCED_STOP_STAT, True)
    steps: list[tuple[str, Callable[[], Any]]] = []
    store = _component(crawler.get_item_pipeline, StorePipeline)
    if store is not None:
        steps.append(("the last batch", lambda: store.finish(reactor_stopped=True)))
    not_modified = _component(crawler.get_item_pipeline, NotModifiedPipeline)
    if not_modified is not None:
        steps.append(("the not-modified pages", not_modified.close_spider))
    incremental = _component(crawler.get_spider_middleware, IncrementalSpiderMiddleware)
    if incremental is not None:
        steps.append(("what the run learnt of its URLs", incremental.spider_closed))
    record = _component(crawler.get_extension, RunRecordExtension)
    if record is not None:
        steps.append(("the run record", lambda: record.spider_closed(SHUTDOWN)))
    progress = _component(crawler.get_extension, ProgressExtension)
    if progress is not None:
        steps.append(("the progress display", progress.spider_closed))
    crawler.stats.set_value("finish_reason", SHUTDOWN)
    for what, step in steps:
        try:
            step()
        except Exception as error:  # noqa: BLE001 - each step is tried; all are reported
            # A database error is in the stats already (the store records it), so the
            # run is reported failed; this line says which step it stopped.
            logger.error("After the forced stop, %s: %s", what, describe_error(error))
    logger.warning("Stopped at once by a second signal; the run is closed interrupted")


def _component(get: Callable[[type], Any], cls: type) -> Any:
    try:
        return get(cls)
    except RuntimeError:  # stopped before the engine (or its components) existed
        return None

"""Hand freed heap memory back to the operating system during a long crawl.

A crawl parses and stores hundreds of thousands of pages; glibc's allocator keeps the
memory Python and libxml2 free in the middle of its heap, so the process's RSS creeps
up with the crawl's length, not with what it holds. Every
`NEWSARCHIVE_MEMORY_TRIM_INTERVAL` seconds (0: never) this calls glibc's
`malloc_trim(0)`, which returns those free pages (a few milliseconds, on the reactor
thread). Where the C library has no `malloc_trim` (macOS, musl), it is not enabled.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
from collections.abc import Callable
from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call

logger = logging.getLogger(__name__)

DEFAULT_INTERVAL_SECONDS = 10.0


def find_malloc_trim() -> Callable[[int], int] | None:
    """glibc's `malloc_trim`, or None where the C library has none."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        return ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):
        return None


class MemoryTrimExtension:
    def __init__(self, *, interval: float, trim: Callable[[int], int]) -> None:
        self.interval = interval
        self.trim = trim
        self.task = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        interval = crawler.settings.getfloat(
            "NEWSARCHIVE_MEMORY_TRIM_INTERVAL", DEFAULT_INTERVAL_SECONDS
        )
        trim = find_malloc_trim()
        if interval <= 0 or trim is None:
            raise NotConfigured
        extension = cls(interval=interval, trim=trim)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self) -> None:
        self.task = create_looping_call(self.release)
        self.task.start(self.interval, now=False)

    def spider_closed(self) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()

    def release(self) -> None:
        self.trim(0)

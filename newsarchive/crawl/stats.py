"""The crawl's stats collector: Scrapy's, without the per-access deprecation shim."""

from __future__ import annotations

from scrapy.statscollectors import MemoryStatsCollector


class PlainStatsCollector(MemoryStatsCollector):
    """`MemoryStatsCollector` with plain attribute access.

    Scrapy 2.19's `StatsCollector.__getattribute__` looks every attribute up twice
    (first as `_cached_<name>`, a failed lookup that raises AttributeError) and wraps the
    stats methods in a check for the deprecated `spider` argument. A crawl increments
    stats ~100 times a page, so that was ~2% of the crawl process's CPU
    (bench/profile_crawl.py). Nothing here passes `spider`; the methods still accept it.
    """

    __getattribute__ = object.__getattribute__

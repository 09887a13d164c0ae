"""Live crawl progress: a rich display on a terminal, periodic log lines otherwise.

Enabled by `NEWSARCHIVE_PROGRESS` ("live" or "log"); the CLI picks "live" when stdout is a
TTY and "log" when it is not (cron). Everything runs on the reactor thread: a looping call
re-renders, so stats are never read from another thread.
"""

from __future__ import annotations

import logging
import time

from rich.console import Console
from rich.live import Live
from rich.text import Text
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call

from newsarchive.crawl.counts import CrawlCounts, counts_from_stats

logger = logging.getLogger(__name__)

# Log lines are sparser than screen refreshes: a cron log should stay readable.
LOG_INTERVAL_SECONDS = 30.0


class ProgressExtension:
    def __init__(self, *, stats, mode: str, interval: float) -> None:
        self.stats = stats
        self.mode = mode
        self.interval = interval
        self.started = time.monotonic()
        self.live: Live | None = None
        self.task = None

    @classmethod
    def from_crawler(cls, crawler) -> ProgressExtension:
        mode = crawler.settings.get("NEWSARCHIVE_PROGRESS", "off")
        if mode not in ("live", "log"):
            raise NotConfigured
        interval = crawler.settings.getfloat("NEWSARCHIVE_PROGRESS_INTERVAL")
        extension = cls(
            stats=crawler.stats,
            mode=mode,
            interval=interval
            if mode == "live"
            else max(interval, LOG_INTERVAL_SECONDS),
        )
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self) -> None:
        self.started = time.monotonic()
        if self.mode == "live":
            self.live = Live(
                self.render(), console=Console(), auto_refresh=False, transient=True
            )
            self.live.start()
        self.task = create_looping_call(self.tick)
        self.task.start(self.interval, now=False)

    def spider_closed(self) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
        if self.live is not None:
            self.live.stop()
            self.live = None
        else:
            self.tick()  # a last line, so even a short cron run logs its totals

    def tick(self) -> None:
        if self.live is not None:
            self.live.update(self.render(), refresh=True)
        else:
            counts = counts_from_stats(self.stats.get_stats())
            logger.info(
                "Progress: %d pages fetched (%.1f/s), %d article pages, %d articles "
                "stored, %d failures, %d article URLs discovered",
                counts.fetched,
                self.rate(counts),
                counts.article_pages,
                counts.stored,
                counts.failed,
                counts.discovered,
            )

    def rate(self, counts: CrawlCounts) -> float:
        elapsed = time.monotonic() - self.started
        return counts.fetched / elapsed if elapsed > 0 else 0.0

    def render(self) -> Text:
        counts = counts_from_stats(self.stats.get_stats())
        return Text.from_markup(
            f"[bold]{counts.fetched}[/] pages ([bold]{self.rate(counts):.1f}[/]/s) · "
            f"{counts.article_pages} article pages · "
            f"[bold green]{counts.stored}[/] stored · "
            f"[bold red]{counts.failed}[/] failures · "
            f"{counts.discovered} article URLs"
        )

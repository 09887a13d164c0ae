"""Live crawl progress: a rich progress bar on a terminal, periodic log lines otherwise.

Enabled by `NEWSARCHIVE_PROGRESS` ("live" or "log"); the CLI picks "live" when stdout is a
TTY and "log" when it is not (cron). The bar measures the article URLs dealt with
(fetched, or found unchanged by their sitemap `<lastmod>`) against those discovered so
far, so its total grows while the sitemaps are read. Everything runs on the reactor
thread: a looping call updates and redraws (rich's own refresh thread is off), so stats
are never read from another thread.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable

from rich.console import Console, RenderableType
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call

from newsarchive.crawl.counts import CrawlCounts, counts_from_stats

logger = logging.getLogger(__name__)

# Log lines are sparser than screen refreshes: a cron log should stay readable.
LOG_INTERVAL_SECONDS = 30.0
UNCHANGED_STAT = "newsarchive/incremental/unchanged_articles"


class CrawlProgress(Progress):
    """The bar line, then a line of counts (rich's documented way: `get_renderables`)."""

    detail: Text = Text("")

    def get_renderables(self) -> Iterable[RenderableType]:
        yield self.make_tasks_table(self.tasks)
        yield self.detail


def progress_bar(console: Console) -> CrawlProgress:
    """Bar, percent, done/discovered, pages/s, elapsed, ETA; the counts below."""
    # Short labels: the line fits an 80-column terminal with room for the bar.
    return CrawlProgress(
        BarColumn(bar_width=None),
        TaskProgressColumn(),
        MofNCompleteColumn(),
        TextColumn("URLs · {task.fields[rate]} ·"),
        TimeElapsedColumn(),
        TextColumn("elapsed, ETA"),
        TimeRemainingColumn(),
        console=console,
        auto_refresh=False,
        transient=True,
        expand=True,
    )


class ProgressExtension:
    def __init__(self, *, stats, mode: str, interval: float) -> None:
        self.stats = stats
        self.mode = mode
        self.interval = interval
        self.started = time.monotonic()
        self.bar: CrawlProgress | None = None
        self.bar_task: TaskID | None = None
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
            self.bar = progress_bar(Console())
            self.bar_task = self.bar.add_task("crawl", total=None, rate="0.0 pages/s")
            self.bar.start()
        self.task = create_looping_call(self.tick)
        self.task.start(self.interval, now=False)

    def spider_closed(self) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
        if self.bar is not None:
            self.bar.stop()
            self.bar = None
        elif self.mode == "log":
            self.tick()  # a last line, so even a short cron run logs its totals

    def tick(self) -> None:
        counts = counts_from_stats(self.stats.get_stats())
        if self.bar is not None and self.bar_task is not None:
            done, total = self.done_and_total(counts)
            self.bar.update(
                self.bar_task,
                completed=done,
                total=total or None,
                rate=f"{self.rate(counts):.1f} pages/s",
            )
            self.bar.detail = self.render()
            self.bar.refresh()
            return
        done, total = self.done_and_total(counts)
        share = f" ({done / total:.0%})" if total else ""
        logger.info(
            "Progress: %d of %d article URLs%s, %d pages fetched (%.1f/s), %d "
            "articles stored, %d failures, %s elapsed",
            done,
            total,
            share,
            counts.fetched,
            self.rate(counts),
            counts.stored,
            counts.failed,
            _clock(time.monotonic() - self.started),
        )

    def done_and_total(self, counts: CrawlCounts) -> tuple[int, int]:
        """Article URLs dealt with (fetched, or unchanged by `<lastmod>`) and found."""
        unchanged = int(self.stats.get_stats().get(UNCHANGED_STAT, 0))
        done = counts.article_pages + unchanged
        return done, max(counts.discovered, done)

    def rate(self, counts: CrawlCounts) -> float:
        elapsed = time.monotonic() - self.started
        return counts.fetched / elapsed if elapsed > 0 else 0.0

    def render(self) -> Text:
        """The counts under the bar (and the gist of a log line)."""
        counts = counts_from_stats(self.stats.get_stats())
        return Text.from_markup(
            f"{counts.fetched} pages fetched · "
            f"[bold green]{counts.stored}[/] stored "
            f"({counts.new} new, {counts.updated} updated) · "
            f"[bold red]{counts.failed}[/] failures"
        )


def _clock(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}"

"""The stale-parser alarm: when extraction breaks on many pages, say so and stop.

A site redesign breaks the parser on every page at once. Rather than fetch the whole
site into `failures`, `StaleParserExtension` watches the article pages that were fetched
(parsed, or failed at the `parse` / `validate` stage; fetch failures say nothing about
the parser) and trips when more than `NEWSARCHIVE_STALE_PARSER_RATIO` (default 0.5) of
the last `NEWSARCHIVE_STALE_PARSER_WINDOW` (default 50) failed. Then it:

- sets the stat `newsarchive/stale_parser` to a sentence saying why (it lands in the run
  record's `stats`, and the CLI exits with code 6, docs/design/decisions.md 22);
- logs it as an error;
- closes the spider with reason `parser_stale` (unless `NEWSARCHIVE_STALE_PARSER_STOP`
  is false). Pages already fetched stay archived raw, so `reparse` recovers them once
  the parser is fixed.

A ratio of 1 or more, or a window of 0, turns the alarm off.
"""

from __future__ import annotations

import logging
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self

from itemadapter import ItemAdapter
from scrapy import signals

from newsarchive.items import PageFetch

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

STALE_STAT = "newsarchive/stale_parser"
STALE_REASON = "parser_stale"
"""The spider's close reason when the alarm stops a crawl."""
EXTRACTION_STAGES = frozenset({"parse", "validate"})
NOT_ARTICLES = frozenset({"malformed_sitemap", "malformed_feed"})
"""Parse failures of discovery files: they say nothing about the article parser."""
DEFAULT_RATIO = 0.5
DEFAULT_WINDOW = 50


@dataclass(frozen=True, kw_only=True)
class StaleVerdict:
    broken: int
    window: int
    ratio: float
    reasons: dict[str, int]

    def sentence(self) -> str:
        shown = ", ".join(f"{reason} {count}" for reason, count in self.reasons.items())
        return (
            f"parser stale: {self.broken} of the last {self.window} article pages failed "
            f"extraction ({shown}), more than {self.ratio:.0%} "
            "(NEWSARCHIVE_STALE_PARSER_RATIO); has the site's markup changed?"
        )


class StaleParserMonitor:
    """The sliding window over extraction outcomes (pure: no Scrapy)."""

    def __init__(self, *, window: int, ratio: float) -> None:
        self.window = window
        self.ratio = ratio
        self._outcomes: deque[str | None] = deque(maxlen=max(window, 1))

    @property
    def enabled(self) -> bool:
        return self.window > 0 and self.ratio < 1

    def record(self, failure_reason: str | None) -> StaleVerdict | None:
        """Add one page (None: extracted fine); a verdict once the full window has
        more broken pages than the ratio allows."""
        if not self.enabled:
            return None
        self._outcomes.append(failure_reason)
        if len(self._outcomes) < self.window:
            return None
        reasons = Counter(reason for reason in self._outcomes if reason is not None)
        broken = sum(reasons.values())
        if broken <= self.ratio * self.window:
            return None
        return StaleVerdict(
            broken=broken, window=self.window, ratio=self.ratio,
            reasons=dict(reasons.most_common()),
        )  # fmt: skip


def extraction_outcome(item: Any) -> tuple[bool, str | None]:
    """(counts, failure reason) of an item: only fetched article pages count."""
    if not isinstance(item, PageFetch):
        return False, None
    adapter = ItemAdapter(item)
    if adapter.get("article") is not None:
        return True, None
    reason = adapter.get("failure_reason") or "unknown"
    if adapter.get("failure_stage") in EXTRACTION_STAGES and reason not in NOT_ARTICLES:
        return True, reason
    return False, None


class StaleParserExtension:
    def __init__(
        self,
        stats: StatsCollector,
        *,
        monitor: StaleParserMonitor,
        stop: bool,
        stop_crawl: Callable[[str], None],
    ) -> None:
        self.stats = stats
        self.monitor = monitor
        self.stop = stop
        self.stop_crawl = stop_crawl
        self.tripped = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        from pipelines.stop_crawl import crawl_stopper

        settings = crawler.settings
        extension = cls(
            crawler.stats,
            monitor=StaleParserMonitor(
                window=settings.getint(
                    "NEWSARCHIVE_STALE_PARSER_WINDOW", DEFAULT_WINDOW
                ),
                ratio=settings.getfloat(
                    "NEWSARCHIVE_STALE_PARSER_RATIO", DEFAULT_RATIO
                ),
            ),
            stop=settings.getbool("NEWSARCHIVE_STALE_PARSER_STOP", True),
            stop_crawl=crawl_stopper(crawler),
        )
        crawler.signals.connect(extension.item_done, signal=signals.item_scraped)
        crawler.signals.connect(extension.item_done, signal=signals.item_dropped)
        return extension

    def item_done(self, item: Any) -> None:
        counts, reason = extraction_outcome(item)
        if not counts or self.tripped:
            return
        verdict = self.monitor.record(reason)
        if verdict is None:
            return
        self.tripped = True
        sentence = verdict.sentence()
        self.stats.set_value(STALE_STAT, sentence)
        logger.error("%s", sentence)
        if self.stop:
            self.stop_crawl(STALE_REASON)

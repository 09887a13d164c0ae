"""The stale-parser alarm: trips on a window of broken pages, once, and stops the crawl."""

from __future__ import annotations

from datetime import UTC, datetime

from scrapy import Spider
from scrapy.utils.test import get_crawler

from newsarchive.items import Article, PageFetch
from newsarchive.resilience.stale_parser import (
    STALE_REASON,
    STALE_STAT,
    StaleParserExtension,
    StaleParserMonitor,
    extraction_outcome,
)

NOW = datetime(2024, 1, 1, tzinfo=UTC)


def fetch(stage: str | None = None, reason: str | None = None) -> PageFetch:
    article = None if stage else Article(url="http://x/a/", title="A", body_text="b")
    return PageFetch(url="http://x/a/", requested_url="http://x/a/", status=200,
                     fetched_at=NOW, article=article, failure_stage=stage,
                     failure_reason=reason)  # fmt: skip


def test_monitor_needs_a_full_window_and_more_than_the_ratio() -> None:
    monitor = StaleParserMonitor(window=10, ratio=0.5)
    assert all(monitor.record("missing_body") is None for _ in range(9))
    verdict = monitor.record(None)
    assert verdict is not None and verdict.broken == 9
    assert (
        "9 of the last 10" in verdict.sentence()
        and "missing_body 9" in verdict.sentence()
    )


def test_half_broken_is_not_stale() -> None:
    monitor = StaleParserMonitor(window=10, ratio=0.5)
    outcomes = [None, "missing_title"] * 20
    assert all(monitor.record(outcome) is None for outcome in outcomes)


def test_a_healthy_run_recovers_the_window() -> None:
    monitor = StaleParserMonitor(window=4, ratio=0.5)
    for outcome in (None, None, None, "missing_body", "missing_body", None, None):
        assert monitor.record(outcome) is None


def test_disabled() -> None:
    for monitor in (StaleParserMonitor(window=0, ratio=0.5),
                    StaleParserMonitor(window=5, ratio=1.0)):  # fmt: skip
        assert not monitor.enabled
        assert all(monitor.record("missing_body") is None for _ in range(20))


def test_only_fetched_article_pages_count() -> None:
    assert extraction_outcome(fetch()) == (True, None)
    assert extraction_outcome(fetch("parse", "missing_body")) == (True, "missing_body")
    assert extraction_outcome(fetch("validate", "missing_published_at"))[0]
    assert extraction_outcome(fetch("fetch", "http_503")) == (False, None)
    assert extraction_outcome({"not": "a page"}) == (False, None)


def test_extension_trips_once_records_why_and_stops_the_crawl() -> None:
    crawler = get_crawler(Spider, {"NEWSARCHIVE_STALE_PARSER_WINDOW": 5,
                                   "NEWSARCHIVE_STALE_PARSER_RATIO": 0.5})  # fmt: skip
    extension = StaleParserExtension.from_crawler(crawler)
    stops: list[str] = []
    extension.stop_crawl = stops.append
    for _ in range(3):
        extension.item_done(fetch("fetch", "timeout"))  # fetch failures don't count
    for _ in range(10):
        extension.item_done(fetch("parse", "missing_body"))
    assert stops == [STALE_REASON]
    assert "5 of the last 5" in crawler.stats.get_value(STALE_STAT)


def test_extension_can_alarm_without_stopping() -> None:
    crawler = get_crawler(Spider, {"NEWSARCHIVE_STALE_PARSER_WINDOW": 3,
                                   "NEWSARCHIVE_STALE_PARSER_STOP": False})  # fmt: skip
    extension = StaleParserExtension.from_crawler(crawler)
    stops: list[str] = []
    extension.stop_crawl = stops.append
    for _ in range(3):
        extension.item_done(fetch("parse", "missing_title"))
    assert stops == [] and crawler.stats.get_value(STALE_STAT)

"""The live progress line, the cron log line and the summary table, from stats alone."""

from __future__ import annotations

import logging
from pathlib import Path

from rich.console import Console

from newsarchive.crawl.counts import counts_from_stats
from newsarchive.crawl.exit_codes import verdict_for
from newsarchive.crawl.progress import ProgressExtension
from newsarchive.crawl.runner import CrawlOutcome
from newsarchive.crawl.summary import summary_table

STATS = {
    "response_received_count": 120,
    "dupefilter/filtered": 40,
    "newsarchive/discovered/articles": 90,
    "newsarchive/article_pages": 80,
    "newsarchive/store/inserted": 70,
    "newsarchive/store/updated": 5,
    "newsarchive/store/unchanged": 2,
    "newsarchive/dedupe/canonical_url": 3,
    "newsarchive/dedupe/content_hash": 1,
    "newsarchive/skipped/not_article": 4,
    "newsarchive/failures/missing_title": 1,
    "newsarchive/failures/http_404": 2,
    "newsarchive/start_url/status": 200,
    "log_count/ERROR": 2,
}


class FakeStats:
    def get_stats(self) -> dict:
        return STATS


def test_counts_from_stats() -> None:
    counts = counts_from_stats(STATS)
    assert (counts.stored, counts.failed, counts.discovered) == (77, 3, 90)
    assert counts.duplicates == {
        "canonical_url": 3,
        "content_hash": 1,
        "fingerprint": 40,
    }
    assert counts.skipped == {"not_article": 4}


def test_progress_line_and_log_line(caplog) -> None:
    extension = ProgressExtension(stats=FakeStats(), mode="log", interval=30)
    text = extension.render().plain
    assert "120 pages" in text and "77 stored" in text and "3 failures" in text
    with caplog.at_level(logging.INFO, logger="newsarchive.crawl.progress"):
        extension.tick()
    assert "120 pages fetched" in caplog.text and "77 articles stored" in caplog.text


def test_summary_table_lists_every_count() -> None:
    outcome = CrawlOutcome(
        stats=STATS, finish_reason="finished", wall_seconds=12.0,
        db_path=Path("data/archive.sqlite"), start_url="https://responsiblestatecraft.org/",
        verdict=verdict_for(STATS, "finished", max_failure_rate=0.05),
    )  # fmt: skip
    console = Console(width=200, record=True)
    console.print(summary_table(outcome))
    text = console.export_text()
    # "10.0" is the rate of the outcome's given 120 pages in 12.0 s: nothing is timed.
    for expected in ("article URLs discovered", "90", "articles new", "70",
                     "canonical_url 3", "content_hash 1", "fingerprint 40",
                     "not_article 4", "http_404 2", "missing_title 1", "10.0",
                     str(Path("data/archive.sqlite").resolve()), "see --log-file"):  # fmt: skip
        assert expected in text


def test_the_live_bar_counts_urls_dealt_with_against_those_discovered() -> None:
    from rich.console import Console as RichConsole

    from newsarchive.crawl.progress import progress_bar

    class RerunStats:
        def get_stats(self) -> dict:
            return {**STATS, "newsarchive/incremental/unchanged_articles": 5}

    extension = ProgressExtension(stats=RerunStats(), mode="live", interval=0.5)
    console = RichConsole(width=80, record=True)
    extension.bar = progress_bar(console)
    extension.bar_task = extension.bar.add_task("crawl", total=None, rate="")
    extension.tick()
    console.print(extension.bar.get_renderable())
    text = console.export_text()
    # 80 article pages fetched + 5 unchanged by <lastmod>, of 90 discovered.
    assert "85/90" in text and "94%" in text and "pages/s" in text
    assert "ETA" in text and "elapsed" in text and "77 stored" in text
    assert max(len(line) for line in text.splitlines()) <= 80

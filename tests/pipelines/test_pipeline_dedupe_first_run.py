"""Dedupe trusts its memory on a first run because the crawl holds the run lock: taken
by `newsarchive crawl` before the crawl, or by the crawl's first use of the archive under a
plain `scrapy crawl` (no other writer can be storing articles meanwhile)."""

from __future__ import annotations

from pathlib import Path

from newsarchive.runlock import ArchiveLock, lock_holder
from pipelines.dedupe import DedupePipeline


def opened(make_crawler) -> DedupePipeline:
    pipeline = DedupePipeline.from_crawler(make_crawler())
    pipeline.open_spider()
    return pipeline


def test_under_the_cli_run_lock_an_empty_archive_is_not_queried(
    make_crawler, db_path: Path
) -> None:
    with ArchiveLock(db_path):
        pipeline = opened(make_crawler)
        assert pipeline.finder is not None and pipeline.finder._memory_is_enough
        pipeline.close_spider()
        assert lock_holder(db_path) is not None  # still the CLI's, until it lets go


def test_scrapy_crawl_takes_the_run_lock_itself_and_lets_it_go(
    make_crawler, db_path: Path
) -> None:
    assert lock_holder(db_path) is None
    pipeline = opened(make_crawler)
    assert (lock_holder(db_path) or {}).get("what") == "scrapy crawl"
    assert pipeline.finder is not None and pipeline.finder._memory_is_enough
    pipeline.close_spider()
    assert lock_holder(db_path) is None

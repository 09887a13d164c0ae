"""Dedupe trusts its memory on a first run only under the run lock (a plain `scrapy
crawl` does not take it: another writer could be storing articles meanwhile)."""

from __future__ import annotations

from pathlib import Path

from newsarchive.runlock import ArchiveLock
from pipelines.dedupe import DedupePipeline


def opened(make_crawler) -> DedupePipeline:
    pipeline = DedupePipeline.from_crawler(make_crawler())
    pipeline.open_spider()
    return pipeline


def test_under_the_run_lock_an_empty_archive_is_not_queried(
    make_crawler, db_path: Path
) -> None:
    with ArchiveLock(db_path):
        pipeline = opened(make_crawler)
        assert pipeline.finder is not None and pipeline.finder._memory_is_enough
        pipeline.close_spider()


def test_without_the_run_lock_the_archive_is_always_asked(make_crawler) -> None:
    pipeline = opened(make_crawler)
    assert pipeline.finder is not None and not pipeline.finder._memory_is_enough
    pipeline.close_spider()

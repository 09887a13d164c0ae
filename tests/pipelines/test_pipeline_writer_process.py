"""Batches written by a writer process: same archive, same stats, errors still stop the
crawl loudly (only later: when the batch's result comes back)."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from pipeline_samples import article_at, fetch_of
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from test_pipeline_database_error import refuse_pages

from newsarchive.models import Article, Page
from newsarchive.store import open_engine
from newsarchive.store.runs import run_status
from newsarchive.store.writer import QueuedFetch
from newsarchive.store.writer_process import WriterProcess
from pipelines.store import StorePipeline


def store_pipeline(make_crawler, closed: list[str], batch_size: int) -> StorePipeline:
    crawler = make_crawler(NEWSARCHIVE_STORE_PROCESS=True,
                           NEWSARCHIVE_STORE_BATCH_SIZE=batch_size)  # fmt: skip
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.stop_crawl = closed.append
    pipeline.open_spider()
    return pipeline


def counts(db_path: Path) -> tuple[int, int]:
    engine = open_engine(db_path)
    try:
        with engine.connect() as connection:
            articles = connection.scalar(select(func.count()).select_from(Article))
            pages = connection.scalar(select(func.count()).select_from(Page))
    finally:
        engine.dispose()
    return articles or 0, pages or 0


def test_the_setting_turns_the_writer_process_on(make_crawler) -> None:
    crawler = make_crawler(NEWSARCHIVE_STORE_PROCESS=True)
    assert StorePipeline.from_crawler(crawler).use_writer_process
    assert not StorePipeline.from_crawler(make_crawler()).use_writer_process


def test_batches_are_written_by_the_writer_process(make_crawler, db_path: Path) -> None:
    closed: list[str] = []
    pipeline = store_pipeline(make_crawler, closed, batch_size=2)
    assert pipeline.writer_process is not None
    for number in range(5):
        pipeline.process_item(
            fetch_of(article_at(f"story-{number}", title=f"T{number}"))
        )
    asyncio.run(pipeline.close_spider())
    stats = pipeline.stats.get_stats()
    assert stats["newsarchive/store/inserted"] == 5
    assert stats["newsarchive/store/pages"] == 5
    assert stats["newsarchive/store/writer_wait_seconds"] >= 0
    assert counts(db_path) == (5, 5)
    assert closed == []
    assert pipeline.writer_process is None and pipeline.archive is None


def test_an_error_in_the_writer_process_stops_the_crawl(
    make_crawler, db_path: Path, caplog
) -> None:
    refuse_pages(db_path)
    closed: list[str] = []
    pipeline = store_pipeline(make_crawler, closed, batch_size=1)
    with caplog.at_level(logging.INFO):
        pipeline.process_item(fetch_of(article_at("first")))
        pipeline.process_item(fetch_of(article_at("second", title="Second")))
        with pytest.raises(IntegrityError, match="disk on fire"):
            asyncio.run(pipeline.close_spider())
    assert closed == ["database_error"]
    stats = pipeline.stats.get_stats()
    assert stats["newsarchive/store/database_error"].startswith("IntegrityError")
    assert stats["newsarchive/store/not_written"] == 2  # the failed batch and the next
    assert run_status("finished", stats) == "failed"
    assert "stopping the crawl" in caplog.text
    # The writer's own log line reached the crawl's log.
    assert "the batch of 1 pages was rolled back" in caplog.text
    assert counts(db_path) == (0, 0)
    assert pipeline.archive is None


def test_the_writer_refuses_batches_after_a_failed_one(db_path: Path) -> None:
    refuse_pages(db_path)
    writer = WriterProcess(db_path, max_in_flight=4)
    try:
        batch = [QueuedFetch(fetch_of(article_at("one")), "responsiblestatecraft.org",
                             None)]  # fmt: skip
        writer.submit(batch, run_id=None)
        writer.submit(batch, run_id=None)
        assert writer.unwritten == 2
        with pytest.raises(IntegrityError):
            writer.drain()
        assert writer.unwritten == 2  # the failed batch stays counted, and the next
        writer._in_flight.popleft()
        with pytest.raises(RuntimeError, match="an earlier batch failed"):
            writer.drain()
    finally:
        writer.close()


def test_max_in_flight_must_be_positive(db_path: Path) -> None:
    with pytest.raises(ValueError, match="1 or more"):
        WriterProcess(db_path, max_in_flight=0)

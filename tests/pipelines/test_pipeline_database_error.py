"""A database error stops the crawl loudly: logged, counted, spider closed, raised."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from pipeline_samples import article_at, fetch_of
from sqlalchemy.exc import IntegrityError

from newsarchive.store import open_engine
from newsarchive.store.runs import run_status
from pipelines.store import StorePipeline


def refuse_pages(db_path: Path, message: str = "disk on fire") -> None:
    engine = open_engine(db_path)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(
                "CREATE TRIGGER refuse_pages BEFORE INSERT ON pages "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            )
    finally:
        engine.dispose()


def store_pipeline(
    make_crawler, closed: list[str], batch_size: int = 1
) -> StorePipeline:
    crawler = make_crawler()
    pipeline = StorePipeline(
        crawler.stats,
        db_path=Path(crawler.settings["NEWSARCHIVE_DB"]),
        default_site="responsiblestatecraft.org",
        batch_size=batch_size,
        stop_crawl=closed.append,
    )
    pipeline.open_spider()
    return pipeline


def test_an_error_in_a_batch_is_not_swallowed(
    make_crawler, db_path: Path, caplog
) -> None:
    refuse_pages(db_path)
    closed: list[str] = []
    pipeline = store_pipeline(make_crawler, closed)
    with (
        caplog.at_level(logging.CRITICAL),
        pytest.raises(IntegrityError, match="disk on fire"),
    ):
        pipeline.process_item(fetch_of(article_at()))
    assert closed == ["database_error"]
    assert "stopping the crawl" in caplog.text
    stats = pipeline.stats.get_stats()
    assert stats["newsarchive/store/database_error"].startswith("IntegrityError")
    assert stats["newsarchive/store/not_written"] == 1
    assert run_status("finished", stats) == "failed"
    # Pages still in flight while the spider closes are counted, not written.
    pipeline.process_item(fetch_of(article_at("later", title="Later")))
    assert pipeline.stats.get_value("newsarchive/store/not_written") == 2
    asyncio.run(pipeline.close_spider())


def test_an_error_in_the_last_flush_is_raised_from_close(
    make_crawler, db_path: Path
) -> None:
    closed: list[str] = []
    pipeline = store_pipeline(make_crawler, closed, batch_size=100)
    pipeline.process_item(fetch_of(article_at()))
    refuse_pages(db_path)
    with pytest.raises(IntegrityError, match="disk on fire"):
        asyncio.run(pipeline.close_spider())
    assert closed == ["database_error"]
    assert pipeline.archive is None  # released even so

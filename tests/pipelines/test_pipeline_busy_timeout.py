"""Every part of the crawl that opens the archive passes NEWSARCHIVE_BUSY_TIMEOUT, so
the archive waits as long whichever part opens it first."""

from __future__ import annotations

import pytest
from scrapy.utils.test import get_crawler

from newsarchive.store import release_archive
from pipelines.dedupe import DedupePipeline
from pipelines.not_modified import NotModifiedPipeline
from pipelines.placements import PlacementsPipeline
from pipelines.store import StorePipeline


@pytest.mark.parametrize(
    "pipeline",
    [StorePipeline, DedupePipeline, NotModifiedPipeline, PlacementsPipeline],
    ids=lambda cls: cls.__name__,
)
def test_the_archive_waits_as_long_as_the_setting_says(tmp_path, pipeline) -> None:
    crawler = get_crawler(
        settings_dict={
            "NEWSARCHIVE_DB": str(tmp_path / "archive.sqlite"),
            "NEWSARCHIVE_BUSY_TIMEOUT": 7.5,
        }
    )
    opened = pipeline.from_crawler(crawler)
    opened.open_spider()
    try:
        with opened.archive.engine.connect() as connection:
            wait_ms = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
        assert wait_ms == 7500
    finally:
        release_archive(opened.archive)

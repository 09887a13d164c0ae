"""Fixtures for the pipeline tests: a Crawler with its stats, and a migrated archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler

from newsarchive.store import upgrade


@pytest.fixture(scope="session")
def migrated_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "archive.sqlite"
    upgrade(path)
    return path


@pytest.fixture
def db_path(tmp_path: Path, migrated_archive: Path) -> Path:
    path = tmp_path / "archive.sqlite"
    path.write_bytes(migrated_archive.read_bytes())
    return path


@pytest.fixture
def make_crawler(db_path: Path):
    """`make_crawler(**settings)`: an unstarted Crawler on the test archive."""

    def make(**settings: Any) -> Crawler:
        crawler = get_crawler(
            settings_dict={"NEWSARCHIVE_DB": str(db_path), **settings}
        )
        crawler.stats.open_spider()
        return crawler

    return make

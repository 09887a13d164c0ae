"""Shared test helpers."""

from __future__ import annotations

from pathlib import Path

from scrapy.http import HtmlResponse, Request


def file_response(path: str | Path, url: str) -> HtmlResponse:
    """A Scrapy `HtmlResponse` for a saved page, as if it had been fetched from `url`."""
    body = Path(path).read_bytes()
    return HtmlResponse(
        url=url,
        body=body,
        encoding="utf-8",
        headers={"Content-Type": "text/html; charset=utf-8"},
        request=Request(url),
    )


# =========================================================================================
# Crawled archive (crawl engineer's section; the helpers above belong to others).
#
# One real crawl per test session: a replica of a few hundred small articles is served
# in a subprocess and `newsarchive crawl` archives it in another subprocess (the Twisted
# reactor cannot restart in-process). Under pytest-xdist the first worker to ask crawls,
# the others wait on a file lock and reuse the result. Treat the archive as read-only:
# copy it (`crawled_archive.copy_to(tmp_path)`) before changing it.
# =========================================================================================

import json as _json
import os as _os
import shutil as _shutil
import subprocess as _subprocess
import sys as _sys
from dataclasses import dataclass as _dataclass
from typing import Any as _Any

import pytest as _pytest

CRAWLED_ARCHIVE_ARTICLES = 300
CRAWLED_ARCHIVE_SEED = 1
CRAWLED_ARCHIVE_PAGE_KB = 20
CRAWL_TIMEOUT_SECONDS = 300


@_dataclass(frozen=True, kw_only=True)
class CrawledArchive:
    db_path: Path
    base_url: str
    """The replica's base URL during the crawl (no trailing slash; the replica is gone)."""
    articles: int
    seed: int
    page_kb: int
    exit_code: int
    stats: dict[str, _Any]
    """Scrapy's final stats of the crawl (`--stats-json`)."""
    output: str
    """The crawl command's stdout and stderr."""

    def corpus(self):
        """The replica's generator for this crawl (ground truth, rendered pages)."""
        from newsarchive.replica import Corpus

        return Corpus(articles=self.articles, seed=self.seed, base_url=self.base_url,
                      page_kb=self.page_kb)  # fmt: skip

    def copy_to(self, directory: Path) -> Path:
        """A private copy of the archive (for tests that write to it)."""
        target = Path(directory) / self.db_path.name
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{self.db_path}{suffix}")
            if source.exists():
                _shutil.copyfile(source, f"{target}{suffix}")
        return target


def _crawl_replica_into(directory: Path) -> dict[str, _Any]:
    from newsarchive.replica import start_replica_process

    directory.mkdir(parents=True, exist_ok=True)
    db_path, stats_path = directory / "archive.sqlite", directory / "stats.json"
    with start_replica_process(
        articles=CRAWLED_ARCHIVE_ARTICLES, seed=CRAWLED_ARCHIVE_SEED,
        page_kb=CRAWLED_ARCHIVE_PAGE_KB, port=0,
    ) as replica:  # fmt: skip
        completed = _subprocess.run(
            [_sys.executable, "-m", "newsarchive", "crawl", "--db", str(db_path),
             "--start-url", replica.base_url + "/", "--stats-json", str(stats_path),
             "--log-file", str(directory / "crawl.log")],
            cwd=directory, capture_output=True, text=True, timeout=CRAWL_TIMEOUT_SECONDS,
            env=dict(_os.environ, NEWSARCHIVE_DB=""), check=False)  # fmt: skip
    stats = _json.loads(stats_path.read_text())["stats"] if stats_path.exists() else {}
    record = {
        "db_path": str(db_path),
        "base_url": replica.base_url,
        "exit_code": completed.returncode,
        "stats": stats,
        "output": completed.stdout + completed.stderr,
    }
    (directory / "crawled.json").write_text(_json.dumps(record))
    return record


@_pytest.fixture(scope="session")
def crawled_archive(tmp_path_factory: _pytest.TempPathFactory) -> CrawledArchive:
    """A replica crawled into a temporary archive, once per test session."""
    from filelock import FileLock

    root = tmp_path_factory.getbasetemp()
    if _os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # shared by all workers of this session
    directory = root / "crawled-archive"
    with FileLock(str(root / "crawled-archive.lock")):
        marker = directory / "crawled.json"
        if marker.exists():
            record = _json.loads(marker.read_text())
        else:
            record = _crawl_replica_into(directory)
    return CrawledArchive(
        db_path=Path(record["db_path"]),
        base_url=record["base_url"],
        articles=CRAWLED_ARCHIVE_ARTICLES,
        seed=CRAWLED_ARCHIVE_SEED,
        page_kb=CRAWLED_ARCHIVE_PAGE_KB,
        exit_code=record["exit_code"],
        stats=record["stats"],
        output=record["output"],
    )


# =========================================================================================
# Hostile-input ledger (analyst's section): tests/hostile/ records each case; the counts
# are printed at the end of the run. Here because xdist's controller loads this file only.
# =========================================================================================


def pytest_sessionstart(session: _pytest.Session) -> None:
    from tests.hostile.ledger import clear_ledger

    clear_ledger(session.config)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    from tests.hostile.ledger import summary_line

    line = summary_line(config)
    if line is not None:
        terminalreporter.write_line(line)


# =========================================================================================
# Real PostgreSQL (and Redis) servers: `.ci/run` exports their URLs; without them the
# servers are started here (tests/servers.py). A test asking for a server when none can
# start is skipped with the reason.
# =========================================================================================


@_pytest.fixture(scope="session")
def postgres_server_url():
    """The URL of a PostgreSQL server's maintenance database (`postgres`)."""
    from tests.servers import ServerUnavailable, postgres_url

    try:
        manager = postgres_url()
        url = manager.__enter__()
    except ServerUnavailable as error:
        _pytest.skip(f"PostgreSQL unavailable: {error}")
    yield url
    manager.__exit__(None, None, None)


@_pytest.fixture(scope="session")
def redis_server_url():
    from tests.servers import ServerUnavailable, redis_url

    try:
        manager = redis_url()
        url = manager.__enter__()
    except ServerUnavailable as error:
        _pytest.skip(f"Redis unavailable: {error}")
    yield url
    manager.__exit__(None, None, None)


@_pytest.fixture(scope="session")
def postgres_archive_template(postgres_server_url: str) -> str:
    """A database made by the migrations once per session; tests get copies of it
    (CREATE DATABASE ... TEMPLATE is much faster than migrating)."""
    from newsarchive.store import upgrade
    from tests.servers import create_database

    url = create_database(postgres_server_url, prefix="template")
    upgrade(url)
    return url


@_pytest.fixture
def postgres_archive(postgres_server_url: str, postgres_archive_template: str):
    """A fresh, migrated, empty PostgreSQL archive for one test (dropped after)."""
    from tests.servers import copy_database, drop_database

    url = copy_database(postgres_server_url, postgres_archive_template)
    yield url
    drop_database(url)


@_pytest.fixture
def empty_postgres_database(postgres_server_url: str):
    """A fresh database with no tables (for commands that create an archive)."""
    from tests.servers import create_database, drop_database

    url = create_database(postgres_server_url)
    yield url
    drop_database(url)
